import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader } from "~/components/forms";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { refusalKey } from "~/locales/review";
import { findProgramme } from "~/modules/admin/programmes.server";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { attendanceFormLimits, trainingRegisterSchema } from "~/modules/review/page-schemas";
import { countAttendeesBeyondRegister, findTrainingSession, saveTrainingRegister, trainees } from "~/modules/review/training.server";

function sessionFrom(params: { sessionId?: string }) {
  const session = findTrainingSession(Number(params.sessionId));
  if (!session) throw new Response("Not found", { status: 404 });
  return session;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "screenApplicants" });
  const session = sessionFrom(params);
  return {
    session,
    programmeCode: findProgramme(session.programmeId)?.code ?? "",
    trainees: trainees(session.programmeId, session.id),
    movedOn: countAttendeesBeyondRegister(session.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "screenApplicants" });
  const session = sessionFrom(params);
  const submission = parseWithZod(await readForm(request, attendanceFormLimits), { schema: trainingRegisterSchema });
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply(), refusal: null, completed: null, saved: false }, { status: 400 });
  }
  const value = submission.value;
  try {
    const saved = saveTrainingRegister(user, session.id, value);
    return saved.intent === "attendance"
      ? { result: submission.reply(), refusal: null, completed: null, saved: true }
      : { result: submission.reply(), refusal: null, completed: saved.caseCode, saved: false };
  } catch (error) {
    if (error instanceof StaleRecordError) {
      // Someone changed the same trainees' marks (or the case) since the page was read. The ticks
      // this user changed are sent back, so the reloaded register still shows them.
      const kept = value.intent === "attendance" ? Object.fromEntries(value.marks.filter((mark) => mark.attended !== mark.wasAttended).map((mark) => [mark.caseId, mark.attended])) : {};
      const refusal = value.intent === "complete" ? { caseId: value.caseId, message: "errors.staleRecord" } : null;
      const result = submission.reply(value.intent === "attendance" ? { formErrors: ["errors.staleRecord"] } : {});
      return Response.json({ result, refusal, completed: null, saved: false, stale: error.change, kept }, { status: 409 });
    }
    if (!(error instanceof CaseTransitionRefused) || submission.value.intent !== "complete") throw error;
    const refusal = { caseId: submission.value.caseId, message: refusalKey(error.code) };
    return Response.json({ result: submission.reply(), refusal, completed: null, saved: false }, { status: 409 });
  }
}

export const shouldRevalidate = revalidateAfterConflict;

export default function TrainingSessionPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { session, programmeCode, trainees, movedOn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: `register-${session.id}`, lastResult: actionData?.result });
  const stale = actionData && "stale" in actionData ? actionData.stale : undefined;
  // After a refused save, the ticks this user changed stay as they were left.
  const kept: Record<string, boolean> = actionData && "kept" in actionData ? actionData.kept : {};
  return (
    <>
      <PageHeader title={session.title}>
        <p className="lead">
          {formatDate(session.heldOn, locale)}
          {session.place ? ` · ${session.place}` : ""} · {programmeCode}
        </p>
      </PageHeader>
      <p>
        <Link to={`/training?programme=${session.programmeId}`}>{t("review.training.allSessions")}</Link>
      </p>

      {actionData?.saved ? (
        <p role="status" className="notice notice-success">
          {t("review.training.registerSaved")}
        </p>
      ) : null}
      {actionData?.completed ? (
        <p role="status" className="notice notice-success">
          {t("review.training.completed", { caseCode: actionData.completed })}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="register-heading">
        <h2 id="register-heading">{t("review.training.register")}</h2>
        <p className="field-hint">{t("review.training.registerHint")}</p>
        {movedOn > 0 ? <p>{t("review.training.movedOn", { count: movedOn })}</p> : null}
        {trainees.length === 0 ? (
          <p className="empty">{t("review.training.noTrainees")}</p>
        ) : (
          <>
            {/* The register form's checkboxes sit in the table; the completion buttons post their own forms. */}
            <Form method="post" {...getFormProps(form)} id={form.id}>
              <input type="hidden" name="intent" value="attendance" />
              {stale !== undefined && !actionData?.refusal ? <StaleRecordNotice id={form.errorId} change={stale} /> : <FormErrors id={form.errorId} errors={form.errors} />}
            </Form>
            <div className="table-scroll">
              <table className="table register-table">
                <thead>
                  <tr>
                    <th scope="col">{t("review.training.attended")}</th>
                    <th scope="col">{t("review.caseCode")}</th>
                    <th scope="col">{t("review.applicant")}</th>
                    <th scope="col" className="numeric">
                      {t("review.training.sessionsAttended")}
                    </th>
                    <th scope="col">{t("review.training.completion")}</th>
                  </tr>
                </thead>
                <tbody>
                  {trainees.map((trainee, index) => {
                    const name = `${trainee.surname} ${trainee.firstName}`;
                    const refusal = actionData?.refusal?.caseId === trainee.caseId ? actionData.refusal.message : null;
                    return (
                      <tr key={trainee.caseId}>
                        <td>
                          {/* The mark as read (its version and tick) goes with the tick as left: only changes are saved. */}
                          <input type="hidden" form={form.id} name={`marks[${index}].caseId`} value={trainee.caseId} />
                          <input type="hidden" form={form.id} name={`marks[${index}].version`} value={trainee.markVersion} />
                          <input type="hidden" form={form.id} name={`marks[${index}].wasAttended`} value={String(trainee.attendedThisSession)} />
                          <input
                            type="checkbox"
                            form={form.id}
                            name={`marks[${index}].attended`}
                            value="on"
                            id={`attended-${trainee.caseId}`}
                            defaultChecked={kept[trainee.caseId] ?? trainee.attendedThisSession}
                            aria-label={t("review.training.attendedName", { name })}
                            className="register-checkbox"
                          />
                        </td>
                        <td>
                          <Link to={`/cases/${trainee.caseId}`}>{trainee.caseCode}</Link>
                        </td>
                        <td>
                          <label htmlFor={`attended-${trainee.caseId}`}>{name}</label>
                        </td>
                        <td className="numeric">{formatNumber(trainee.sessionsAttended, locale)}</td>
                        <td>
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="complete" />
                            <input type="hidden" name="caseId" value={trainee.caseId} />
                            <input type="hidden" name="version" value={trainee.caseVersion} />
                            <button type="submit" className="button-secondary button-small" aria-describedby={refusal ? `refusal-${trainee.caseId}` : undefined}>
                              {t("review.training.markCompleted")}
                            </button>
                          </Form>
                          {refusal && stale !== undefined ? <StaleRecordNotice id={`refusal-${trainee.caseId}`} change={stale} /> : null}
                          {refusal && stale === undefined ? (
                            <p id={`refusal-${trainee.caseId}`} role="alert" className="field-error">
                              {t(refusal)}
                            </p>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="form-actions register-actions">
              <button type="submit" form={form.id} className="button-primary">
                {t("review.training.saveRegister")}
              </button>
            </div>
          </>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "review.training.title");
  return data ? [{ title: `${data.session.title} · ${base[0].title}` }] : base;
};
