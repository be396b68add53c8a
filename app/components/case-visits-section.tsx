// The case page's follow-up section (domain.md §10): the case's mentor, its planned visits with
// their state (computed from dates), the visits made, and a link to plan or record them.
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { caseVisitsSummary } from "~/modules/followup/queues.server";

export function CaseVisitsSection({ visits }: { visits: NonNullable<SerializeFrom<typeof caseVisitsSummary>> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (!visits.timeOriginOn) {
    return (
      <section className="panel" aria-labelledby="visits-heading">
        <h2 id="visits-heading">{t("followup.caseSection.title")}</h2>
        <p className="empty">{t("followup.caseSection.noGrant")}</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="visits-heading">
      <h2 id="visits-heading">{t("followup.caseSection.title")}</h2>
      <div className="grid-2">
        <table className="table">
          <caption>{t("followup.caseSection.plan")}</caption>
          <tbody>
            {visits.plan.map((visit) => (
              <tr key={visit.id}>
                <th scope="row">{t("followup.stage", { months: visit.monthsAfterOrigin })}</th>
                <td>
                  <span className={`badge badge-state-${visit.state}`}>{t(`followup.states.${visit.state}`)}</span> {formatDate(visit.visitDate ?? visit.dueDate, locale)}
                  {visit.visitId ? (
                    <>
                      {" · "}
                      <Link to={`/visits/${visit.visitId}`}>{t("followup.caseSection.visitLink", { date: formatDate(visit.visitDate, locale) })}</Link>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <h3>{t("followup.caseSection.made")}</h3>
          {visits.visits.length ? (
            <ul className="plain-list">
              {visits.visits.map((visit) => (
                <li key={visit.id}>
                  <Link to={`/visits/${visit.id}`}>{t("followup.caseSection.visitLink", { date: formatDate(visit.visitDate, locale) })}</Link> · {t(`followup.operating.${visit.operatingStatus}`)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty">{t("followup.caseSection.none")}</p>
          )}
        </div>
      </div>
      <p>
        <Link to={`/cases/${visits.caseId}/visits`}>{t("followup.caseSection.open")}</Link>
      </p>
    </section>
  );
}
