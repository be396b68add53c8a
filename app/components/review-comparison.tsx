import { useTranslation } from "react-i18next";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { criterionLabel } from "~/modules/review/rubric-text";
import type { ReviewComparison as Comparison } from "~/modules/review/scoring";
import { TableScroll } from "./table-scroll";

// Every reviewer's score and comment per criterion side by side, shown to officers and the
// committee once all reviews of the plan are in. Rows where the reviewers are further apart
// than the rubric allows are marked in words as well as colour.
export function ReviewComparison({ comparison, threshold, headingLevel = 2 }: { comparison: Comparison; threshold: { criterion: number; total: number }; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const points = (value: number) => formatNumber(value, locale, 2);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const disagreements = comparison.criteria.filter((criterion) => criterion.disagrees).length;
  // On a phone each criterion is a card; a reviewer's cell is labelled with their name.
  const reviewerNames = new Map(comparison.reviewers.map((reviewer) => [reviewer.reviewerId, reviewer.reviewerName]));
  return (
    <section className="panel" aria-labelledby="comparison-heading">
      <Heading id="comparison-heading">{t("review.comparison.title")}</Heading>
      <p className="field-hint">
        {t("review.comparison.intro", { criterion: formatNumber(threshold.criterion, locale), total: points(threshold.total) })}{" "}
        {disagreements > 0 ? t("review.comparison.disagreements", { count: disagreements }) : t("review.comparison.noDisagreements")}
      </p>
      <TableScroll label={t("review.comparison.tableLabel")}>
        <table className="table comparison-table responsive-table">
          <thead>
            <tr>
              <th scope="col">{t("review.comparison.criterion")}</th>
              {comparison.reviewers.map((reviewer) => (
                <th key={reviewer.reviewerId} scope="col">
                  {reviewer.reviewerName}
                </th>
              ))}
              <th scope="col" className="numeric">
                {t("review.comparison.spread")}
              </th>
            </tr>
          </thead>
          <tbody>
            {comparison.criteria.map((criterion) => (
              <tr key={criterion.key} className={criterion.disagrees ? "comparison-disagree" : undefined}>
                <th scope="row">
                  {criterionLabel(criterion, locale)}
                  <span className="note"> {t("review.comparison.weight", { weight: criterion.weight })}</span>
                </th>
                {criterion.entries.map((entry) => (
                  <td key={entry.reviewerId} data-label={reviewerNames.get(entry.reviewerId)}>
                    <strong className="comparison-score">{entry.score}</strong>
                    <p className="note prose">{entry.comment}</p>
                  </td>
                ))}
                <td className="numeric" data-label={t("review.comparison.spread")}>
                  {formatNumber(criterion.spread, locale)}
                  {criterion.disagrees ? (
                    <>
                      {" "}
                      <span className="badge badge-warning">{t("review.comparison.disagree")}</span>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className={comparison.totalDisagrees ? "comparison-disagree" : undefined}>
              <th scope="row">{t("review.comparison.weightedTotal")}</th>
              {comparison.reviewers.map((reviewer) => (
                <td key={reviewer.reviewerId} data-label={reviewer.reviewerName}>
                  <strong>{points(reviewer.weightedTotal)}</strong>
                </td>
              ))}
              <td className="numeric" data-label={t("review.comparison.spread")}>
                {points(comparison.totalSpread)}
                {comparison.totalDisagrees ? (
                  <>
                    {" "}
                    <span className="badge badge-warning">{t("review.comparison.disagree")}</span>
                  </>
                ) : null}
              </td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
    </section>
  );
}
