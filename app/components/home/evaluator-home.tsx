// The evaluator's home: the headline outcomes and their change, and cases by stage (aggregates
// only: evaluators never see who the people are, domain.md §8).
import { useTranslation } from "react-i18next";
import { OutcomeChanges } from "~/components/outcome-changes";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { HomeOf } from "./home-data";

export default function EvaluatorHome({ home }: { home: HomeOf<"evaluator"> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <>
      <OutcomeChanges outcomes={home.outcomes} />
      <section className="panel" aria-labelledby="by-stage">
        <h2 id="by-stage">{t("home.casesByStage")}</h2>
        {home.byStage.length === 0 ? (
          <p className="empty">{t("home.noCases")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("cases.stage")}</th>
                <th scope="col" className="numeric">
                  {t("home.caseCount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {home.byStage.map((row) => (
                <tr key={row.stage}>
                  <td>{t(`stages.${row.stage}`)}</td>
                  <td className="numeric">{formatNumber(row.n, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
