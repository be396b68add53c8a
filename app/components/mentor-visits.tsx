// The mentor's follow-up on the home page (domain.md §10), made for a phone: overdue and due
// visits first, then the next ones, each with the business, place, a phone link and what the
// visit must record (a tranche requirement among it); the count of missed visits. The
// requirements themselves are listed beside it (components/home/mentor-home.tsx).
// Plain links and no form library: it works without JavaScript and adds little to the page.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { placeName } from "~/lib/places";
import type { mentorFollowUp } from "~/modules/followup/queues.server";

type FollowUp = ReturnType<typeof mentorFollowUp>;
type VisitItem = FollowUp["now"][number];

function VisitCard({ visit, places }: { visit: VisitItem; places: FollowUp["places"] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { case: caseRow, tasks } = visit;
  const place = [caseRow.hromadaPcode, caseRow.oblastPcode].map((pcode) => (pcode ? placeName(places[pcode], locale) : "")).filter(Boolean).join(", ");
  const title = caseRow.businessName || `${caseRow.surname} ${caseRow.firstName}`;
  return (
    <li className={`visit-card visit-card-${visit.state}`}>
      <h3>
        <Link to={`/cases/${caseRow.id}`}>{title}</Link>
      </h3>
      <p>
        <span className={`badge badge-state-${visit.state}`}>{t(`followup.states.${visit.state}`)}</span> {t("followup.stage", { months: visit.monthsAfterOrigin })}
        {visit.required ? "" : ` (${t("followup.optional")})`}
      </p>
      <p className="visit-meta">
        {caseRow.businessName ? `${caseRow.surname} ${caseRow.firstName} · ` : ""}
        {place || caseRow.caseCode}
      </p>
      <p className="visit-meta">
        {t("followup.dueOn", { date: formatDate(visit.dueDate, locale) })} · {t("followup.window", { from: formatDate(visit.windowStart, locale), to: formatDate(visit.windowEnd, locale) })}
      </p>
      <div>
        {t("followup.home.mustRecord")}
        <ul className="visit-tasks">
          <li>{t("followup.home.tasks.basics")}</li>
          {tasks.unconfirmedRoster ? <li>{t("followup.home.tasks.roster")}</li> : null}
          {tasks.items ? <li>{t("followup.home.tasks.items", { count: tasks.items })}</li> : null}
          {tasks.requirements ? <li>{t("followup.home.tasks.requirements")}</li> : null}
        </ul>
      </div>
      <div className="visit-actions">
        {caseRow.phone ? (
          <a className="tap-target" href={`tel:${caseRow.phone}`}>
            {t("followup.home.call", { phone: caseRow.phone })}
          </a>
        ) : null}
        <Link className="button-primary tap-target" to={`/cases/${caseRow.id}/visits/new?planned=${visit.plannedVisitId}`}>
          {t("followup.home.record")}
        </Link>
      </div>
    </li>
  );
}

export function MentorVisits({ followUp }: { followUp: FollowUp }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="mentor-visits">
      <h2 id="mentor-visits">{t("followup.home.visitsTitle")}</h2>
      <p className={followUp.missed ? "missed-count" : "muted"}>
        {followUp.missed ? t("followup.home.missed", { count: followUp.missed }) : t("followup.home.noMissed")}
      </p>
      <h3 id="visits-now">{t("followup.home.nowTitle")}</h3>
      {followUp.now.length ? (
        <ul className="visit-list" aria-labelledby="visits-now">
          {followUp.now.map((visit) => (
            <VisitCard key={visit.plannedVisitId} visit={visit} places={followUp.places} />
          ))}
        </ul>
      ) : (
        <p className="empty">{t("followup.home.noneNow")}</p>
      )}
      <h3 id="visits-next">{t("followup.home.upcomingTitle")}</h3>
      {followUp.upcoming.length ? (
        <ul className="visit-list" aria-labelledby="visits-next">
          {followUp.upcoming.map((visit) => (
            <VisitCard key={visit.plannedVisitId} visit={visit} places={followUp.places} />
          ))}
        </ul>
      ) : (
        <p className="empty">{t("followup.home.noneUpcoming")}</p>
      )}
      {followUp.upcomingTotal > followUp.upcoming.length ? <p className="muted">{t("followup.home.moreUpcoming", { count: followUp.upcomingTotal - followUp.upcoming.length })}</p> : null}
    </section>
  );
}
