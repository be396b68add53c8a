import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { requireUser } from "~/lib/auth.server";
import { formatDate } from "~/lib/format";
import { kyivToday } from "~/lib/kyiv-date";
import { placeName } from "~/lib/places";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requestedPage } from "~/lib/paging";
import { reviewerQueue } from "~/modules/review/reviews.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "scorePlans" });
  return { queue: reviewerQueue(user.id, { page: requestedPage(new URL(request.url)) }), today: kyivToday() };
}

function ReviewQueueTable({ queue, today }: { queue: ReturnType<typeof reviewerQueue>["items"]; today: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (queue.length === 0) return <p className="empty">{t("review.queue.empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("review.caseCode")}</th>
            <th scope="col">{t("review.queue.business")}</th>
            <th scope="col">{t("review.queue.sector")}</th>
            <th scope="col">{t("review.queue.oblast")}</th>
            <th scope="col">{t("review.queue.dueOn")}</th>
            <th scope="col">{t("review.queue.planVersion")}</th>
            <th scope="col">{t("review.queue.nextStep")}</th>
          </tr>
        </thead>
        <tbody>
          {queue.map((item) => (
            <tr key={item.assignmentId}>
              <td>
                <Link to={`/reviews/${item.assignmentId}`}>{item.caseCode}</Link>
              </td>
              <td>{item.businessName ?? "—"}</td>
              <td>{item.sector ? `${item.sector.code} · ${locale === "uk" ? item.sector.nameUk : item.sector.nameEn}` : "—"}</td>
              <td>{item.oblast ? placeName(item.oblast, locale) : "—"}</td>
              <td>
                {item.dueOn ? formatDate(item.dueOn, locale) : "—"}
                {item.dueOn && item.dueOn < today ? <span className="badge badge-danger"> {t("review.queue.overdue")}</span> : null}
                <span className="field-hint"> ({t("review.queue.assignedOn")} {formatDate(item.assignedAt, locale)})</span>
              </td>
              <td>{item.planVersion}</td>
              <td>{item.conflictOfInterest === null ? t("review.queue.declare") : t("review.queue.score")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ReviewQueuePage() {
  const { t } = useTranslation();
  const { queue, today } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("review.queue.title")}>
        <p className="lead">{t("review.queue.intro")}</p>
      </PageHeader>
      <section className="panel" aria-label={t("review.queue.title")}>
        <ReviewQueueTable queue={queue.items} today={today} />
        <Pagination page={queue.page} pageCount={queue.pageCount} label={t("review.queue.pages")} />
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review.queue.title");
