// The case page as evaluators read it (domain.md §8): the pseudonymous code, the case's
// quasi-identifiers as published in the evaluators' release (or withheld), amounts, scores,
// eligibility rule by rule, and months instead of dates. Built only from the pseudonymised view
// of case-views.ts, so it cannot show what that view does not carry.
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { formatMoney } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { placeName } from "~/lib/places";
import type { PseudonymisedCaseFile } from "~/modules/cases/case-views";
import { kvedSections } from "~/modules/intake/kved";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children ?? "—"}</dd>
    </div>
  );
}

export function PseudonymisedCasePage({ file }: { file: PseudonymisedCaseFile }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { case: caseFile, programme, released, business, screenings } = file;
  const latest = screenings[0];
  const section = business?.kvedSection ? kvedSections.find((candidate) => candidate.code === business.kvedSection) : undefined;
  const money = (minor: number | null | undefined) => (minor === null || minor === undefined ? null : formatMoney(minor, business?.currency ?? programme.currency, locale));
  const place = released.placePcode ? `${placeName(file.places[released.placePcode], locale) || released.placePcode} (${released.placePcode})` : null;
  return (
    <>
      <PageHeader title={caseFile.caseCode}>
        <p className="lead">
          {programme.code} · {t(`stages.${caseFile.stage}`)}
          {caseFile.status !== "open" ? ` · ${t(`statuses.${caseFile.status}`)}` : ""}
        </p>
      </PageHeader>

      <div className="grid-2">
        <section className="panel" aria-labelledby="release-heading">
          <h2 id="release-heading">{t("cases.page.person")}</h2>
          {released.withheld ? (
            <p className="notice">{t("cases.release.withheld")}</p>
          ) : (
            <dl className="facts">
              <Fact label={t("cases.release.placeLevel")}>{released.placeLevel ? t(`cases.release.levels.${released.placeLevel}`) : null}</Fact>
              <Fact label={t("cases.release.place")}>{place}</Fact>
              <Fact label={t("cases.sex")}>{released.sex ? t(`cases.sexes.${released.sex}`) : null}</Fact>
              <Fact label={t("cases.ageBand")}>{released.ageBand}</Fact>
              <Fact label={t("cases.displacementStatus")}>{released.displacementStatus ? t(`cases.displacement.${released.displacementStatus}`) : null}</Fact>
            </dl>
          )}
          <p className="field-hint">{t("cases.release.hint")}</p>
        </section>

        <section className="panel" aria-labelledby="business-heading">
          <h2 id="business-heading">{t("cases.page.business")}</h2>
          {business ? (
            <dl className="facts">
              <Fact label={t("cases.form.businessKind")}>{t(`cases.businessKinds.${business.kind}`)}</Fact>
              <Fact label={t("cases.release.kvedSection")}>{section ? `${section.code} ${locale === "uk" ? section.nameUk : section.nameEn}` : null}</Fact>
              <Fact label={t("cases.form.requestedModality")}>{business.requestedModality ? t(`cases.modalities.${business.requestedModality}`) : null}</Fact>
              <Fact label={t("cases.form.requestedAmount")}>{money(business.requestedAmountMinor)}</Fact>
              <Fact label={t("cases.form.coContribution")}>{money(business.coContributionMinor)}</Fact>
              <Fact label={t("cases.form.baselineRevenue")}>{money(business.baselineMonthlyRevenueMinor)}</Fact>
              <Fact label={t("cases.form.baselineNetIncome")}>{money(business.baselineMonthlyNetIncomeMinor)}</Fact>
            </dl>
          ) : (
            <p className="empty">{t("cases.page.noBusiness")}</p>
          )}
        </section>
      </div>

      <section className="panel" aria-labelledby="screening-heading">
        <h2 id="screening-heading">{t("cases.page.screening")}</h2>
        {latest ? (
          <>
            <p>
              <span className={`badge badge-eligibility-${caseFile.eligibility}`}>{t(`cases.eligibilityStatus.${caseFile.eligibility}`)}</span>{" "}
              {t("cases.release.screenedIn", { month: latest.month })} · {t("cases.vulnerabilityScore")}: <strong>{latest.vulnerabilityScore}</strong>
            </p>
            <table className="table">
              <caption>{t("cases.page.rules")}</caption>
              <tbody>
                {latest.ruleResults.map((result) => (
                  <tr key={result.rule}>
                    <th scope="row">{t(`cases.rules.${result.rule}`)}</th>
                    <td>
                      {result.passed ? <span className="badge badge-success">{t("cases.page.passed")}</span> : <span className="badge badge-danger">{t("cases.page.failed")}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="empty">{t("cases.page.notScreened")}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("cases.page.timeline")}</h2>
        <p className="lead">{t("cases.release.applicationIn", { month: caseFile.applicationMonth })}</p>
        <ol className="timeline">
          {file.timeline.map((entry, index) => (
            <li key={index}>
              {entry.month} · {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
