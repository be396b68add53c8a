// Correcting a follow-up visit (domain.md §10): its author or an officer, from the version they
// read; the earlier values stay in the audit log.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/page-header";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { VisitForm } from "~/components/visit-form";
import { requireUser } from "~/lib/auth.server";
import { formatDate } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { pageTitle } from "~/lib/meta";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { FollowUpRefused, VisitRejected } from "~/modules/followup/followup-errors";
import { readVisitSubmission, refusalResponse, refusedReply, rejectedReply } from "~/modules/followup/visit-submission.server";
import { caseIdOfVisit, correctVisit, visitForm } from "~/modules/followup/visits.server";
import followupStyles from "~/styles/followup.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: followupStyles }];

function caseOfVisit(visitIdParam: string | undefined) {
  const visitId = Number(visitIdParam);
  const caseId = Number.isInteger(visitId) ? caseIdOfVisit(visitId) : undefined;
  if (caseId === undefined) throw new Response("Not found", { status: 404 });
  return { visitId, caseId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "logVisits" });
  const { visitId, caseId } = caseOfVisit(params.visitId);
  try {
    return visitForm(user, caseId, { visitId });
  } catch (error) {
    if (error instanceof FollowUpRefused) throw refusalResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "logVisits" });
  const { visitId } = caseOfVisit(params.visitId);
  const parsed = await readVisitSubmission(request, await getLocale(request, user));
  if (parsed.kind === "reply") return Response.json(parsed.reply, { status: parsed.status });
  try {
    correctVisit(user, visitId, { ...parsed.input, version: parsed.input.version ?? 0 }, parsed.photos);
    return redirect(`/visits/${visitId}`);
  } catch (error) {
    if (error instanceof VisitRejected) return Response.json(rejectedReply(parsed, error.problems), { status: 400 });
    if (error instanceof StaleRecordError) return Response.json({ ...rejectedReply(parsed, []), stale: error.change }, { status: 409 });
    if (error instanceof FollowUpRefused) {
      if (error.code === "forbidden" || error.code === "not_author") throw refusalResponse(error);
      return Response.json(refusedReply(parsed, error), { status: 409 });
    }
    throw error;
  }
}

export const shouldRevalidate = revalidateAfterConflict;

export default function CorrectVisitPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("followup.form.editTitle", { date: formatDate(data.stored?.visitDate, locale) })}>
        <p className="lead">
          <Link to={`/cases/${data.case.id}`}>{data.case.caseCode}</Link> · {data.business?.name || data.person.name} ·{" "}
          <Link to={`/visits/${data.stored?.id}`}>{t("followup.caseSection.visitLink", { date: formatDate(data.stored?.visitDate, locale) })}</Link>
        </p>
      </PageHeader>
      {reply && "stale" in reply ? <StaleRecordNotice change={reply.stale ?? null} /> : null}
      <VisitForm data={data} reply={reply && "result" in reply ? reply : undefined} mode="edit" />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "followup.title");
