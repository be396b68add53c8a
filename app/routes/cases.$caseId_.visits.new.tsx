// Recording a follow-up visit (domain.md §10) from a phone: a planned visit (?planned=id) or an
// unplanned one. The form works without JavaScript; a second submit of the same form (same
// idempotency key) lands on the visit the first one stored.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/page-header";
import { VisitForm } from "~/components/visit-form";
import { requireCase } from "~/lib/auth.server";
import { formatDate } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { pageTitle } from "~/lib/meta";

import { FollowUpRefused, VisitRejected } from "~/modules/followup/followup-errors";
import { readVisitSubmission, refusalResponse, refusedReply, rejectedReply } from "~/modules/followup/visit-submission.server";
import { recordVisit, visitForm } from "~/modules/followup/visits.server";
import followupStyles from "~/styles/followup.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: followupStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "logVisits" });
  const planned = Number(new URL(request.url).searchParams.get("planned"));
  try {
    return visitForm(user, caseId, { plannedVisitId: Number.isInteger(planned) && planned > 0 ? planned : null });
  } catch (error) {
    if (!(error instanceof FollowUpRefused)) throw error;
    // The visit was recorded meanwhile (a second tab, a colleague): show it.
    if (error.code === "visit_already_recorded" && typeof error.details.visitId === "number") throw redirect(`/visits/${error.details.visitId}`);
    throw refusalResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "logVisits" });
  const parsed = await readVisitSubmission(request, await getLocale(request, user));
  if (parsed.kind === "reply") return Response.json(parsed.reply, { status: parsed.status });
  try {
    const { visit } = recordVisit(user, caseId, parsed.input, parsed.photos);
    return redirect(`/visits/${visit.id}?recorded=1`);
  } catch (error) {
    if (error instanceof VisitRejected) return Response.json(rejectedReply(parsed, error.problems), { status: 400 });
    if (error instanceof FollowUpRefused) {
      if (error.code === "visit_already_recorded" && typeof error.details.visitId === "number") return redirect(`/visits/${error.details.visitId}`);
      if (error.code === "forbidden") throw refusalResponse(error);
      return Response.json(refusedReply(parsed, error), { status: 409 });
    }
    throw error;
  }
}

export default function NewVisitPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const title = data.business?.name || data.person.name;
  return (
    <>
      <PageHeader title={t("followup.form.newTitle", { name: title })}>
        <p className="lead">
          <Link to={`/cases/${data.case.id}`}>{data.case.caseCode}</Link> · {data.person.name}
          {data.person.phone ? (
            <>
              {" · "}
              <a className="tap-target" href={`tel:${data.person.phone}`}>
                {data.person.phone}
              </a>
            </>
          ) : null}
        </p>
        <p className="lead">
          {data.planned
            ? `${t("followup.stage", { months: data.planned.monthsAfterOrigin })} · ${t(`followup.states.${data.planned.state}`)} · ${t("followup.window", { from: formatDate(data.planned.windowStart, locale), to: formatDate(data.planned.windowEnd, locale) })}`
            : t("followup.unplanned")}
        </p>
        <p className="lead">{t("followup.form.grant", { number: data.agreement.number, date: formatDate(data.agreement.timeOriginOn, locale) })}</p>
      </PageHeader>
      <VisitForm data={data} reply={reply && "result" in reply ? reply : undefined} mode="new" />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "followup.title");
