// A case's follow-up (domain.md §10): the planned visits with their state (computed from dates in
// Kyiv time), reschedule or skip with a reason, the visits made, and the case's mentor. Plain
// forms that work without JavaScript.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/page-header";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireCase } from "~/lib/auth.server";
import { formatDate, formatMoney } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { followUpErrorKey } from "~/locales/followup";

import { FollowUpRefused } from "~/modules/followup/followup-errors";
import { assignMentor } from "~/modules/followup/mentors.server";
import { rescheduleVisit, skipVisit } from "~/modules/followup/planning.server";
import { caseVisits } from "~/modules/followup/queues.server";
import { plannedVisitActionSchema } from "~/modules/followup/schema";
import followupStyles from "~/styles/followup.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: followupStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "logVisits" });
  const visits = caseVisits(user, caseId);
  if (!visits) throw new Response("Forbidden", { status: 403 });
  return visits;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "logVisits" });
  const submission = parseWithZod(await readForm(request), { schema: plannedVisitActionSchema });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), saved: false }, { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "reschedule") rescheduleVisit(user, value.plannedVisitId, value);
    else if (value.intent === "skip") skipVisit(user, value.plannedVisitId, value);
    else assignMentor(user, [{ caseId, version: value.caseVersion }], value.mentorId ?? null);
  } catch (error) {
    if (error instanceof StaleRecordError) return Response.json({ result: submission.reply({ formErrors: ["errors.staleRecord"] }), saved: false, stale: error.change }, { status: 409 });
    if (!(error instanceof FollowUpRefused)) throw error;
    if (error.code === "forbidden") throw new Response("Forbidden", { status: 403 });
    const key = followUpErrorKey(error.code);
    return Response.json({ result: submission.reply(error.field ? { fieldErrors: { [error.field]: [key] } } : { formErrors: [key] }), saved: false }, { status: 409 });
  }
  return { result: submission.reply({ resetForm: true }), saved: true };
}

export const shouldRevalidate = revalidateAfterConflict;

export default function CaseVisitsPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const posted = actionData?.result.initialValue as Record<string, string> | undefined;
  const errors = (actionData?.result.error ?? {}) as Record<string, string[] | null>;
  // The errors belong to the form that was posted (its planned visit and intent).
  const errorsFor = (intent: string, plannedVisitId: number | null, field: string) =>
    posted?.intent === intent && (plannedVisitId === null || posted?.plannedVisitId === String(plannedVisitId)) ? (errors[field] ?? []) : [];
  const skipReasonText = (reason: string) => (reason.startsWith("business_closed:") ? t("followup.caseSection.businessClosed") : reason);
  return (
    <>
      <PageHeader title={t("followup.plan.title", { name: data.case.caseCode })}>
        <p className="lead">
          <Link to={`/cases/${data.case.id}`}>{data.case.caseCode}</Link>
          {data.agreement ? ` · ${t("followup.form.grant", { number: data.agreement.number, date: formatDate(data.agreement.timeOriginOn, locale) })}` : ""}
        </p>
      </PageHeader>
      {actionData?.saved ? (
        <p role="status" className="notice notice-success">
          {t("followup.plan.saved")}
        </p>
      ) : null}
      {actionData && "stale" in actionData ? <StaleRecordNotice change={actionData.stale ?? null} /> : null}
      {errors[""]?.length && !(actionData && "stale" in actionData) ? (
        <div role="alert" className="form-errors">
          {errors[""].map((message) => (
            <p key={message} className="field-error">
              {t(message)}
            </p>
          ))}
        </div>
      ) : null}

      <section className="panel" aria-labelledby="visit-plan">
        <h2 id="visit-plan">{t("followup.caseSection.plan")}</h2>
        {!data.agreement?.timeOriginOn ? (
          <p className="empty">{t("followup.caseSection.noGrant")}</p>
        ) : (
          <ul className="visit-list">
            {data.plan.map((visit) => (
              <li key={visit.id} className={`visit-card visit-card-${visit.state}`}>
                <h3>
                  {t("followup.stage", { months: visit.monthsAfterOrigin })} <span className={`badge badge-state-${visit.state}`}>{t(`followup.states.${visit.state}`)}</span>
                  {visit.required ? "" : ` (${t("followup.optional")})`}
                </h3>
                <p className="visit-meta">
                  {t("followup.dueOn", { date: formatDate(visit.dueDate, locale) })} · {t("followup.window", { from: formatDate(visit.windowStart, locale), to: formatDate(visit.windowEnd, locale) })}
                </p>
                {visit.rescheduledReason ? <p className="visit-meta">{t("followup.caseSection.rescheduled", { reason: visit.rescheduledReason })}</p> : null}
                {visit.skippedReason ? <p className="visit-meta">{t("followup.caseSection.skippedBecause", { reason: skipReasonText(visit.skippedReason) })}</p> : null}
                {visit.visitId ? (
                  <p>
                    <Link to={`/visits/${visit.visitId}`}>{t("followup.caseSection.visitLink", { date: formatDate(visit.visitDate, locale) })}</Link>
                  </p>
                ) : visit.skippedReason ? null : (
                  <div className="visit-actions">
                    <Link className="button-primary tap-target" to={`/cases/${data.case.id}/visits/new?planned=${visit.id}`}>
                      {t("followup.plan.record")}
                    </Link>
                    <details className="plan-actions" open={errorsFor("reschedule", visit.id, "newDueDate").length + errorsFor("reschedule", visit.id, "reason").length > 0 || undefined}>
                      <summary>{t("followup.plan.reschedule")}</summary>
                      <Form method="post" className="stack">
                        <input type="hidden" name="intent" value="reschedule" />
                        <input type="hidden" name="plannedVisitId" value={visit.id} />
                        <input type="hidden" name="version" value={visit.version} />
                        <div className="field">
                          <label htmlFor={`due-${visit.id}`}>{t("followup.plan.newDueDate")}</label>
                          <input id={`due-${visit.id}`} name="newDueDate" type="date" defaultValue={visit.dueDate} />
                          {errorsFor("reschedule", visit.id, "newDueDate").map((message) => (
                            <p key={message} className="field-error">
                              {t(message)}
                            </p>
                          ))}
                        </div>
                        <div className="field">
                          <label htmlFor={`reason-${visit.id}`}>{t("followup.plan.reason")}</label>
                          <input id={`reason-${visit.id}`} name="reason" />
                          {errorsFor("reschedule", visit.id, "reason").map((message) => (
                            <p key={message} className="field-error">
                              {t(message)}
                            </p>
                          ))}
                        </div>
                        <button type="submit" className="button-secondary">
                          {t("followup.plan.reschedule")}
                        </button>
                      </Form>
                    </details>
                    <details className="plan-actions" open={errorsFor("skip", visit.id, "reason").length > 0 || undefined}>
                      <summary>{t("followup.plan.skip")}</summary>
                      <Form method="post" className="stack">
                        <input type="hidden" name="intent" value="skip" />
                        <input type="hidden" name="plannedVisitId" value={visit.id} />
                        <input type="hidden" name="version" value={visit.version} />
                        <div className="field">
                          <label htmlFor={`skip-${visit.id}`}>{t("followup.plan.skipReason")}</label>
                          <input id={`skip-${visit.id}`} name="reason" />
                          {errorsFor("skip", visit.id, "reason").map((message) => (
                            <p key={message} className="field-error">
                              {t(message)}
                            </p>
                          ))}
                        </div>
                        <button type="submit" className="button-secondary">
                          {t("followup.plan.skip")}
                        </button>
                      </Form>
                    </details>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {data.may.record ? (
          <p>
            <Link to={`/cases/${data.case.id}/visits/new`}>{t("followup.caseSection.recordUnplanned")}</Link>
          </p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="visits-made">
        <h2 id="visits-made">{t("followup.caseSection.made")}</h2>
        {data.visits.length === 0 ? (
          <p className="empty">{t("followup.caseSection.none")}</p>
        ) : (
          <ul className="plain-list">
            {data.visits.map((visit) => (
              <li key={visit.id}>
                <Link to={`/visits/${visit.id}`}>{t("followup.caseSection.visitLink", { date: formatDate(visit.visitDate, locale) })}</Link> · {t(`followup.modes.${visit.mode}`)} ·{" "}
                {t(`followup.operating.${visit.operatingStatus}`)}
                {visit.monthlyRevenueMinor !== null ? ` · ${formatMoney(visit.monthlyRevenueMinor, "UAH", locale)}` : ""}
                {visit.visitorName ? ` · ${visit.visitorName}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.may.assign ? (
        <section className="panel" aria-labelledby="case-mentor">
          <h2 id="case-mentor">{t("followup.plan.assign")}</h2>
          <Form method="post" className="stack narrow">
            <input type="hidden" name="intent" value="assign" />
            <input type="hidden" name="caseVersion" value={data.case.version} />
            <div className="field">
              <label htmlFor="mentorId">{t("followup.plan.mentor")}</label>
              <select id="mentorId" name="mentorId" defaultValue={data.case.mentorId ?? ""}>
                <option value="">{t("followup.plan.noMentor")}</option>
                {data.mentors.map((mentor) => (
                  <option key={mentor.id} value={mentor.id}>
                    {mentor.name}
                  </option>
                ))}
              </select>
              {errorsFor("assign", null, "mentorId").map((message) => (
                <p key={message} className="field-error">
                  {t(message)}
                </p>
              ))}
            </div>
            <button type="submit" className="button-secondary">
              {t("followup.plan.assign")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "followup.title");
