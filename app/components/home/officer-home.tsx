// The officer's home (admins see the same queues under their own panels): possible duplicates,
// applications to screen or complete, the review and committee queues, the grant steps, and the
// officer's own plans to score. Each case is shown with its applicant, business and oblast, not
// by its code alone (issue 13).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OfficerGrantQueues } from "~/components/grant-queues";
import { formatDate, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { placeName } from "~/lib/places";
import { CaseQueue } from "./case-queue";
import type { HomeOf } from "./home-data";
import { ReviewQueue } from "./reviewer-home";

export function OfficerQueues({ home }: { home: HomeOf<"officer" | "admin"> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const oblastByPcode = new Map(home.oblasts.map((oblast) => [oblast.pcode, oblast]));
  const oblastOf = (pcode: string | null) => (pcode ? placeName(oblastByPcode.get(pcode), locale) : "");
  const about = (caseId: number) => {
    const summary = home.caseSummaries[caseId];
    if (!summary) return undefined;
    return [`${summary.surname} ${summary.firstName}`, summary.businessName, oblastOf(summary.oblastPcode)].filter(Boolean).join(" · ");
  };
  const businessOf = (caseId: number) => home.caseSummaries[caseId]?.businessName ?? "";
  const queued = (items: Array<{ caseId: number; caseCode: string }>, to: (caseId: number) => string) =>
    items.map((item) => ({ key: item.caseId, label: item.caseCode, to: to(item.caseId), about: about(item.caseId) }));
  return (
    <>
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
                  <th scope="col">{t("home.business")}</th>
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
                    <td>{businessOf(item.id)}</td>
                    <td>{oblastOf(item.oblastPcode)}</td>
                    <td>{formatDate(item.applicationDate, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

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
                  <th scope="col">{t("home.business")}</th>
                  <th scope="col">{t("cases.oblast")}</th>
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
                    <td>{businessOf(item.id)}</td>
                    <td>{oblastOf(home.caseSummaries[item.id]?.oblastPcode ?? null)}</td>
                    <td>{item.missing.map((field) => t(`imports.fields.${field}`)).join(", ")}</td>
                    <td>{formatDate(item.applicationDate, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="grid-3 review-queues">
        <CaseQueue
          id="waiting-for-reviewers"
          title={t("review.home.waitingForReviewers")}
          empty={t("review.home.noneWaiting")}
          total={home.reviewQueues.waitingForReviewers.total}
          items={queued(home.reviewQueues.waitingForReviewers.items, (caseId) => `/cases/${caseId}/review`)}
        />
        <CaseQueue
          id="flagged-disagreements"
          title={t("review.home.flagged")}
          empty={t("review.home.noneFlagged")}
          total={home.reviewQueues.flagged.total}
          items={queued(home.reviewQueues.flagged.items, (caseId) => `/cases/${caseId}/review`)}
        />
        <CaseQueue
          id="ready-for-committee"
          title={t("review.home.ready")}
          empty={t("review.home.noneReady")}
          total={home.reviewQueues.readyForCommittee.total}
          items={queued(home.reviewQueues.readyForCommittee.items, (caseId) => `/committee/${caseId}`)}
          footer={
            home.reviewQueues.readyForCommittee.total ? (
              <p>
                <Link to="/committee">{t("review.home.openCommittee")}</Link>
              </p>
            ) : null
          }
        />
      </div>

      <OfficerGrantQueues queues={home.grants} about={about} />
    </>
  );
}

export default function OfficerHome({ home }: { home: HomeOf<"officer"> }) {
  return (
    <>
      <OfficerQueues home={home} />
      {/* Officers see their plans to score when they sit on a plan's panel. */}
      {home.reviewQueue.total > 0 ? <ReviewQueue queue={home.reviewQueue} /> : null}
    </>
  );
}
