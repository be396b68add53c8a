import { useTranslation } from "react-i18next";
import { formatMoney } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { placeName } from "~/lib/places";

type Detail = Record<string, string | number | null>;
type RuleResult = { rule: string; passed: boolean; detail?: Detail };
type BreakdownLine = { criterion: string; points: number; applies: boolean; possiblePoints: number; basis?: { threshold: number | null; value: number | null } | null };
type Places = Record<string, { pcode: string; nameEn: string; nameUk: string } | undefined>;

// A screening as staff read it: each rule with what it compared (the applicant's value and the
// programme's threshold), and each vulnerability criterion with its points and threshold.
export function ScreeningResults({ ruleResults, breakdown, score, places }: { ruleResults: RuleResult[]; breakdown: BreakdownLine[]; score: number | null; places: Places }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const place = (pcode: string) => (places[pcode] ? `${placeName(places[pcode], locale)} (${pcode})` : pcode);
  const statuses = (list: string) =>
    list
      .split(",")
      .filter(Boolean)
      .map((status) => t(`cases.displacement.${status}`))
      .join(", ");
  const ruleBasis = ({ rule, detail = {} }: RuleResult): string => {
    const d = (key: string) => detail[key];
    if (d("missing")) return t(`cases.page.basis.missing.${String(d("missing"))}`);
    switch (rule) {
      case "age":
        if (d("invalid")) return t("cases.page.basis.ageInvalid");
        return t("cases.page.basis.age", {
          age: d("age"),
          range: d("maxAge") === null || d("maxAge") === undefined ? t("cases.page.basis.ageFrom", { min: d("minAge") }) : t("cases.page.basis.ageRange", { min: d("minAge"), max: d("maxAge") }),
        });
      case "displacement_status":
        return t("cases.page.basis.displacement", { status: t(`cases.displacement.${String(d("displacementStatus"))}`), allowed: statuses(String(d("allowed") ?? "")) });
      case "oblast":
        return t("cases.page.basis.oblast", {
          oblast: place(String(d("oblastPcode"))),
          inScope: d("inScope") === "all" ? t("cases.page.basis.allOblasts") : String(d("inScope") ?? "").split(",").map(place).join(", "),
        });
      case "sector":
        return d("excludedBy") ? t("cases.page.basis.sectorExcluded", { code: d("kvedClass"), entry: d("excludedBy") }) : t("cases.page.basis.sectorAllowed", { code: d("kvedClass") });
      case "one_per_programme":
        return t("cases.page.basis.onePerProgramme", { count: d("otherCasesInThisProgramme") });
      case "earlier_grant":
        return t("cases.page.basis.earlierGrant", { count: d("grantsInOtherProgrammes"), rule: t(d("earlierGrantAllowed") === "yes" ? "cases.page.basis.earlierAllowed" : "cases.page.basis.earlierNotAllowed") });
      default:
        return "";
    }
  };
  const criterionBasis = (line: BreakdownLine): string | null => {
    const basis = line.basis;
    if (!basis || basis.threshold === null) return null;
    switch (line.criterion) {
      case "householdSizeAtLeast":
        return t("cases.page.basis.householdSize", { value: basis.value ?? "—", threshold: basis.threshold });
      case "largeFamily":
        return t("cases.page.basis.children", { value: basis.value ?? "—", threshold: basis.threshold });
      case "olderPerson":
        return basis.value === null ? t("cases.page.basis.ageUnknown", { threshold: basis.threshold }) : t("cases.page.basis.olderAge", { value: basis.value, threshold: basis.threshold });
      case "incomePerMemberBelow":
        return basis.value === null
          ? t("cases.page.basis.incomeUnknown", { threshold: formatMoney(basis.threshold, "UAH", locale) })
          : t("cases.page.basis.income", { value: formatMoney(basis.value, "UAH", locale), threshold: formatMoney(basis.threshold, "UAH", locale) });
      default:
        return null;
    }
  };
  return (
    <div className="grid-2">
      <table className="table screening-table">
        <caption>{t("cases.page.rules")}</caption>
        <tbody>
          {ruleResults.map((result) => (
            <tr key={result.rule}>
              <th scope="row">{t(`cases.rules.${result.rule}`)}</th>
              <td>
                {result.passed ? <span className="badge badge-success">{t("cases.page.passed")}</span> : <span className="badge badge-danger">{t("cases.page.failed")}</span>}
                {result.detail ? <span className="note screening-basis">{ruleBasis(result)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="table screening-table">
        <caption>
          {t("cases.vulnerabilityScore")}: <strong>{score}</strong>
        </caption>
        <tbody>
          {breakdown.map((line) => {
            const basis = criterionBasis(line);
            return (
              <tr key={line.criterion} className={line.applies ? "" : "muted-row"}>
                <th scope="row">
                  {t(`cases.criteria.${line.criterion}`)}
                  {basis ? <span className="note screening-basis">{basis}</span> : null}
                </th>
                <td className="numeric">{t(line.applies ? "cases.page.basis.pointsGiven" : "cases.page.basis.pointsNone", { points: line.points, possible: line.possiblePoints })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
