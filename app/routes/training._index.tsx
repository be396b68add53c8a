import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader, TextField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { assertProgrammeAccess, requireUser } from "~/lib/auth.server";
import { formatDate, formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { requestedPage } from "~/lib/paging";
import { readForm } from "~/lib/request-body.server";
import { listProgrammes } from "~/modules/admin/programmes.server";
import { trainingSessionSchema } from "~/modules/review/schema";
import { createTrainingSession, listTrainingSessions, traineeCount } from "~/modules/review/training.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "screenApplicants" });
  const programmes = listProgrammes(user);
  const wanted = Number(new URL(request.url).searchParams.get("programme"));
  // Default: the newest active programme (the one whose applicants are being trained now).
  const newestActive = programmes.filter((candidate) => candidate.active).sort((a, b) => b.startDate.localeCompare(a.startDate))[0];
  const programme = programmes.find((candidate) => candidate.id === wanted) ?? newestActive ?? programmes[0];
  return {
    programmes: programmes.map(({ id, code, name, nameUk, active }) => ({ id, code, name, nameUk, active })),
    programme: programme ? { id: programme.id, code: programme.code, trainingRequired: programme.trainingRequired } : null,
    sessions: programme ? listTrainingSessions(programme.id, { page: requestedPage(new URL(request.url)) }) : null,
    traineeCount: programme ? traineeCount(programme.id) : 0,
    today: kyivToday(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "screenApplicants" });
  const submission = parseWithZod(await readForm(request), { schema: trainingSessionSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  assertProgrammeAccess(user, submission.value.programmeId);
  const session = createTrainingSession(user, submission.value);
  return redirect(`/training/${session.id}`);
}

export default function TrainingPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { programmes, programme, sessions, traineeCount, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<{ intent: string; programmeId: string; title: string; heldOn: string; place: string }>({
    id: `training-session-${programme?.id ?? 0}`,
    lastResult,
    defaultValue: { intent: "create", programmeId: programme ? String(programme.id) : "", heldOn: today },
  });
  return (
    <>
      <PageHeader title={t("review.training.title")}>
        <p className="lead">{t("review.training.intro")}</p>
      </PageHeader>

      {programmes.length === 0 || !programme ? (
        <p className="empty">{t("review.noProgrammes")}</p>
      ) : (
        <>
          <Form method="get" className="picker-form no-print">
            <div className="field">
              <label htmlFor="programme-picker">{t("review.programme")}</label>
              <select id="programme-picker" name="programme" defaultValue={programme.id}>
                {programmes.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.code} · {locale === "uk" ? option.nameUk : option.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button-secondary">
              {t("review.show")}
            </button>
          </Form>

          {!programme.trainingRequired ? <p className="notice">{t("review.training.optional")}</p> : null}
          <p>{t("review.training.traineesWaiting", { count: traineeCount })}</p>

          <section className="panel" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t("review.training.sessions")}</h2>
            {!sessions || sessions.total === 0 ? (
              <p className="empty">{t("review.training.noSessions")}</p>
            ) : (
              <div className="table-scroll">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("review.training.heldOn")}</th>
                      <th scope="col">{t("review.training.sessionTitle")}</th>
                      <th scope="col">{t("review.training.place")}</th>
                      <th scope="col" className="numeric">
                        {t("review.training.attendees")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {sessions.items.map((session) => (
                      <tr key={session.id}>
                        <td>{formatDate(session.heldOn, locale)}</td>
                        <td>
                          <Link to={`/training/${session.id}`}>{session.title}</Link>
                        </td>
                        <td>{session.place ?? "—"}</td>
                        <td className="numeric">{formatNumber(session.attendees, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {sessions ? <Pagination page={sessions.page} pageCount={sessions.pageCount} label={t("review.training.sessionPages")} /> : null}
          </section>

          <section className="panel narrow" aria-labelledby="new-session-heading">
            <h2 id="new-session-heading">{t("review.training.newSession")}</h2>
            <Form method="post" {...getFormProps(form)} className="stack">
              <FormErrors id={form.errorId} errors={form.errors} />
              <input {...getInputProps(fields.intent, { type: "hidden" })} key={fields.intent.key} />
              <input {...getInputProps(fields.programmeId, { type: "hidden" })} key={fields.programmeId.key} />
              <TextField label={t("review.training.sessionTitle")} field={fields.title} />
              <TextField label={t("review.training.heldOn")} field={fields.heldOn} type="date" />
              <TextField label={t("review.training.place")} field={fields.place} />
              <div className="form-actions">
                <button type="submit" className="button-primary">
                  {t("review.training.create")}
                </button>
              </div>
            </Form>
          </section>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review.training.title");
