import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { refusalKey } from "~/locales/review";
import { findProgramme } from "~/modules/admin/programmes.server";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { trainingRegisterSchema } from "~/modules/review/page-schemas";
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
  const submission = parseWithZod(await request.formData(), { schema: trainingRegisterSchema });
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply(), refusal: null, completed: null, saved: false }, { status: 400 });
  }
  try {
    const saved = saveTrainingRegister(user, session.id, submission.value);
    return saved.intent === "attendance"
      ? { result: submission.reply(), refusal: null, completed: null, saved: true }
      : { result: submission.reply(), refusal: null, completed: saved.caseCode, saved: false };
  } catch (error) {
    if (!(error instanceof CaseTransitionRefused) || submission.value.intent !== "complete") throw error;
    const refusal = { caseId: submission.value.caseId, message: refusalKey(error.code) };
    return Response.json({ result: submission.reply(), refusal, completed: null, saved: false }, { status: 409 });
  }
}

export default function TrainingSessionPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { session, programmeCode, trainees, movedOn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: `register-${session.id}`, lastResult: actionData?.result });
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
              <FormErrors id={form.errorId} errors={form.errors} />
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
                  {trainees.map((trainee) => {
                    const name = `${trainee.surname} ${trainee.firstName}`;
                    const refusal = actionData?.refusal?.caseId === trainee.caseId ? actionData.refusal.message : null;
                    return (
                      <tr key={trainee.caseId}>
                        <td>
                          <input
                            type="checkbox"
                            form={form.id}
                            name="caseIds"
                            value={trainee.caseId}
                            id={`attended-${trainee.caseId}`}
                            defaultChecked={trainee.attendedThisSession}
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
                            <button type="submit" className="button-secondary button-small" aria-describedby={refusal ? `refusal-${trainee.caseId}` : undefined}>
                              {t("review.training.markCompleted")}
                            </button>
                          </Form>
                          {refusal ? (
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
