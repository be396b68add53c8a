import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AuditRecord } from "~/components/audit-change";
import { MentorRequirementQueue, OfficerGrantQueues } from "~/components/grant-queues";
import { MentorVisits } from "~/components/mentor-visits";
import { OutcomeChanges } from "~/components/outcome-changes";
import { PageHeader } from "~/components/page-header";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatDateTime, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { placeName } from "~/lib/places";
import { homeFor } from "~/modules/home/home.server";
import { listOblasts } from "~/modules/locations/locations.server";
import followupStyles from "~/styles/followup.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: followupStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { name: user.name, role: user.role }, home: homeFor(user), oblasts: listOblasts() };
}

// A short list of cases waiting for one step, each linking to where the step is taken.
function CaseQueue({
  id,
  title,
  empty,
  items,
  total = items.length,
  footer,
}: {
  id: string;
  title: string;
  empty: string;
  items: Array<{ key: number; label: string; to: string }>;
  total?: number;
  footer?: ReactNode;
}) {
  const { i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="count">{formatNumber(total, i18n.language as Locale)}</span>
      </h2>
      {items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="plain-list">
          {items.map((item) => (
            <li key={item.key}>
              <Link to={item.to}>{item.label}</Link>
            </li>
          ))}
        </ul>
      )}
      {footer}
    </section>
  );
}

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { user, home, oblasts } = useLoaderData<typeof loader>();
  const oblastByPcode = new Map(oblasts.map((oblast) => [oblast.pcode, oblast]));
  return (
    <>
      <PageHeader title={t("home.greeting", { name: user.name })}>
        <p className="lead">{t(`home.intro.${user.role}`)}</p>
      </PageHeader>

      {home.role === "admin" ? (
        <div className="grid-2">
          <section className="panel" aria-labelledby="users-by-role">
            <h2 id="users-by-role">{t("home.usersByRole")}</h2>
            <dl className="stats">
              {home.usersByRole.map((row) => (
                <div key={row.role}>
                  <dt>{t(`roles.${row.role}`)}</dt>
                  <dd>{formatNumber(row.n, locale)}</dd>
                </div>
              ))}
            </dl>
            <p>
              <Link to="/admin/users">{t("home.manageUsers")}</Link>
            </p>
          </section>
          <section className="panel" aria-labelledby="recent-changes">
            <h2 id="recent-changes">{t("home.recentChanges")}</h2>
            {home.recentChanges.length === 0 ? (
              <p className="empty">{t("home.noChanges")}</p>
            ) : (
              <ul className="plain-list">
                {home.recentChanges.map((entry) => (
                  <li key={entry.id}>
                    <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time> · {entry.userName ?? t("audit.system")} ·{" "}
                    {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })} · <AuditRecord entry={entry} />
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/admin/audit">{t("home.openAudit")}</Link>
            </p>
          </section>
        </div>
      ) : null}

      {home.role === "officer" || home.role === "admin" ? (
        <section className="panel" aria-labelledby="duplicates-to-review">
          <h2 id="duplicates-to-review">
            {t("home.duplicatesToReview")} <span className="count">{formatNumber(home.pendingDuplicates, locale)}</span>
          </h2>
          {home.pendingDuplicates === 0 ? (
            <p className="empty">{t("home.noDuplicates")}</p>
          ) : (
            <p>
              <Link to="/duplicates">{t("home.openDuplicates")}</Link>
            </p>
          )}
        </section>
      ) : null}

      {home.role === "officer" || home.role === "admin" ? (
        <section className="panel" aria-labelledby="awaiting-screening">
          <h2 id="awaiting-screening">
            {t("home.awaitingScreening")} <span className="count">{formatNumber(home.screening.total, locale)}</span>
          </h2>
          {home.screening.items.length === 0 ? (
            <p className="empty">{t("home.noneAwaitingScreening")}</p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("cases.caseCode")}</th>
                    <th scope="col">{t("cases.applicant")}</th>
                    <th scope="col">{t("cases.oblast")}</th>
                    <th scope="col">{t("cases.applicationDate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {home.screening.items.map((item) => (
                    <tr key={item.id}>
                      <td>
                        <Link to={`/cases/${item.id}`}>{item.caseCode}</Link>
                      </td>
                      <td>
                        {item.surname} {item.firstName}
                      </td>
                      <td>{item.oblastPcode ? placeName(oblastByPcode.get(item.oblastPcode), locale) : ""}</td>
                      <td>{formatDate(item.applicationDate, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}

      {home.role === "officer" || home.role === "admin" ? (
        <section className="panel" aria-labelledby="incomplete-applications">
          <h2 id="incomplete-applications">
            {t("home.incompleteApplications")} <span className="count">{formatNumber(home.incomplete.total, locale)}</span>
          </h2>
          {home.incomplete.items.length === 0 ? (
            <p className="empty">{t("home.noIncomplete")}</p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("cases.caseCode")}</th>
                    <th scope="col">{t("cases.applicant")}</th>
                    <th scope="col">{t("home.missing")}</th>
                    <th scope="col">{t("cases.applicationDate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {home.incomplete.items.map((item) => (
                    <tr key={item.id}>
                      <td>
                        <Link to={`/cases/${item.id}`}>{item.caseCode}</Link>
                      </td>
                      <td>
                        {item.surname} {item.firstName}
                      </td>
                      <td>{item.missing.map((field) => t(`imports.fields.${field}`)).join(", ")}</td>
                      <td>{formatDate(item.applicationDate, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}

      {home.role === "officer" || home.role === "admin" ? (
        <div className="grid-3 review-queues">
          <CaseQueue
            id="waiting-for-reviewers"
            title={t("review.home.waitingForReviewers")}
            empty={t("review.home.noneWaiting")}
            total={home.reviewQueues.waitingForReviewers.total}
            items={home.reviewQueues.waitingForReviewers.items.map((item) => ({ key: item.caseId, label: item.caseCode, to: `/cases/${item.caseId}/review` }))}
          />
          <CaseQueue
            id="flagged-disagreements"
            title={t("review.home.flagged")}
            empty={t("review.home.noneFlagged")}
            total={home.reviewQueues.flagged.total}
            items={home.reviewQueues.flagged.items.map((item) => ({ key: item.caseId, label: item.caseCode, to: `/cases/${item.caseId}/review` }))}
          />
          <CaseQueue
            id="ready-for-committee"
            title={t("review.home.ready")}
            empty={t("review.home.noneReady")}
            total={home.reviewQueues.readyForCommittee.total}
            items={home.reviewQueues.readyForCommittee.items.map((item) => ({ key: item.caseId, label: item.caseCode, to: `/committee/${item.caseId}` }))}
            footer={
              home.reviewQueues.readyForCommittee.total ? (
                <p>
                  <Link to="/committee">{t("review.home.openCommittee")}</Link>
                </p>
              ) : null
            }
          />
        </div>
      ) : null}

      {home.role === "officer" || home.role === "admin" ? <OfficerGrantQueues queues={home.grants} /> : null}

      {home.role === "mentor" ? <MentorVisits followUp={home.followUp} /> : null}

      {home.role === "mentor" ? <MentorRequirementQueue queue={home.requirementsToVerify} /> : null}

      {home.role === "mentor" ? (
        <CaseQueue
          id="plans-to-revise"
          title={t("review.home.plansToRevise")}
          empty={t("review.home.noneToRevise")}
          items={home.plansToRevise.map((item) => ({ key: item.id, label: `${item.caseCode} · ${item.surname} ${item.firstName}`, to: `/cases/${item.id}/plan` }))}
        />
      ) : null}

      {home.role === "mentor" ? (
        <section className="panel" aria-labelledby="my-cases">
          <h2 id="my-cases">
            {t("home.myCases")} <span className="count">{formatNumber(home.myCases.total, locale)}</span>
          </h2>
          {home.myCases.items.length === 0 ? (
            <p className="empty">{t("home.noCasesAssigned")}</p>
          ) : (
            <ul className="card-list">
              {home.myCases.items.map((item) => (
                <li key={item.id}>
                  <Link to={`/cases/${item.id}`}>
                    <strong>
                      {item.surname} {item.firstName}
                    </strong>
                    <span>
                      {item.caseCode} · {t(`stages.${item.stage}`)}
                      {item.mine ? ` · ${t("home.assignedToMe")}` : ""}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {home.role === "evaluator" ? <OutcomeChanges outcomes={home.outcomes} /> : null}

      {home.role === "evaluator" ? (
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
      ) : null}

      {/* Reviewers always see their queue; officers when they sit on a plan's panel. */}
      {"reviewQueue" in home && (home.role === "reviewer" || home.reviewQueue.length > 0) ? (
        <section className="panel" aria-labelledby="to-score">
          <h2 id="to-score">
            {t("home.plansToScore")} <span className="count">{formatNumber(home.reviewQueue.length, locale)}</span>
          </h2>
          {home.reviewQueue.length === 0 ? (
            <p className="empty">{t("home.noPlansToScore")}</p>
          ) : (
            <ul className="card-list">
              {home.reviewQueue.map((item) => (
                <li key={item.assignmentId}>
                  <Link to={`/reviews/${item.assignmentId}`}>
                    <strong>{item.caseCode}</strong>
                    <span>
                      {t("review.queue.planVersion")} {item.planVersion} · {formatDate(item.assignedAt, locale)} ·{" "}
                      {item.conflictOfInterest === null ? t("review.queue.declare") : t("review.queue.score")}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.home");
