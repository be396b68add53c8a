// The follow-up schedule editor (admins, domain.md §10): per programme, a common schedule and
// optionally one per modality. Each save is a new version for grants whose time origin falls on
// or after its date; visits already planned never change.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/page-header";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser } from "~/lib/auth.server";
import { formatDate } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { listProgrammes } from "~/modules/admin/programmes.server";
import { FollowUpRefused } from "~/modules/followup/followup-errors";
import type { FollowUpStage, ScheduleIssue } from "~/modules/followup/schedule";
import { programmeSchedules, saveSchedule } from "~/modules/followup/schedules.server";
import { scheduleFormLimits, scheduleFormSchema } from "~/modules/followup/schema";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "manageProgrammes" });
  const programmes = listProgrammes(user).map((programme) => ({ id: programme.id, code: programme.code, name: programme.name, nameUk: programme.nameUk }));
  const chosen = Number(new URL(request.url).searchParams.get("programme"));
  const programmeId = programmes.some((programme) => programme.id === chosen) ? chosen : programmes[0]?.id;
  return { programmes, schedules: programmeId ? programmeSchedules(programmeId) : null };
}

type Message = { key: string; values?: Record<string, string | number> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "manageProgrammes" });
  const submission = parseWithZod(await readForm(request, scheduleFormLimits), { schema: scheduleFormSchema });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), messages: [] as Message[], saved: false }, { status: 400 });
  const { modality, programmeId, ...input } = submission.value;
  try {
    saveSchedule(user, programmeId, modality, input);
  } catch (error) {
    if (error instanceof StaleRecordError) return Response.json({ result: submission.reply(), messages: [], saved: false, stale: error.change }, { status: 409 });
    if (!(error instanceof FollowUpRefused)) throw error;
    const issues = (error.details.issues ?? []) as ScheduleIssue[];
    const messages: Message[] = issues.length
      ? issues.map((issue) => ({ key: `followup.errors.schedule.${issue.code}`, values: { stage: issue.stage ?? "", previousStage: "previousStage" in issue ? issue.previousStage : "" } }))
      : [{ key: `followup.errors.${error.code}`, values: error.details as Record<string, string> }];
    return Response.json({ result: submission.reply(), messages, saved: false }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), messages: [] as Message[], saved: true };
}

export const shouldRevalidate = revalidateAfterConflict;

const stageRows = 6;

export default function SchedulesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { programmes, schedules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const postedModality = (actionData?.result.initialValue as Record<string, unknown> | undefined)?.modality;
  const describe = (stages: FollowUpStage[]) =>
    stages
      .map((stage) => t("followup.schedules.stageList", { months: stage.monthsAfterOrigin, before: stage.windowDaysBefore, after: stage.windowDaysAfter, optional: stage.required ? "" : t("followup.schedules.optionalMark") }))
      .join("; ");
  const programmeName = schedules ? (locale === "uk" ? schedules.programme.nameUk : schedules.programme.name) : "";
  return (
    <>
      <PageHeader title={t("followup.schedules.title", { programme: programmeName })}>
        <p className="lead">{t("followup.schedules.intro")}</p>
      </PageHeader>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="programme">{t("followup.schedules.programme")}</label>
          <select id="programme" name="programme" defaultValue={schedules?.programme.id}>
            {programmes.map((programme) => (
              <option key={programme.id} value={programme.id}>
                {programme.code} · {locale === "uk" ? programme.nameUk : programme.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-actions">
          <button type="submit" className="button-secondary">
            {t("followup.officer.apply")}
          </button>
        </div>
      </Form>
      {actionData?.saved ? (
        <p role="status" className="notice notice-success">
          {t("followup.schedules.saved")}
        </p>
      ) : null}
      {schedules
        ? schedules.perModality.map(({ modality, latest, inForceToday, history }) => {
            const stages = (latest?.stages ?? schedules.defaultStages) as FollowUpStage[];
            const mine = postedModality === modality;
            return (
              <section key={modality} className="panel" aria-labelledby={`schedule-${modality}`}>
                <h2 id={`schedule-${modality}`}>{t(`followup.schedules.modalities.${modality}`)}</h2>
                {modality !== "all" ? <p className="field-hint">{t("followup.schedules.modalityHint")}</p> : null}
                <p>
                  {inForceToday
                    ? `${t("followup.schedules.inForce", { version: inForceToday.version, date: formatDate(inForceToday.effectiveFrom, locale) })}: ${describe(inForceToday.stages as FollowUpStage[])}`
                    : modality === "all"
                      ? t("followup.schedules.noneSaved", { months: schedules.programme.followUpOffsetsMonths.join(", ") })
                      : null}
                </p>
                {latest && latest.id !== inForceToday?.id ? <p>{`${t("followup.schedules.latest", { version: latest.version, date: formatDate(latest.effectiveFrom, locale) })}: ${describe(latest.stages as FollowUpStage[])}`}</p> : null}
                {mine && actionData && "stale" in actionData ? <StaleRecordNotice change={actionData.stale ?? null} /> : null}
                {mine && actionData?.messages.length ? (
                  <div role="alert" className="form-errors">
                    {(actionData.messages as Message[]).map((message) => (
                      <p key={message.key + JSON.stringify(message.values)} className="field-error">
                        {t(message.key, message.values)}
                      </p>
                    ))}
                  </div>
                ) : null}
                <Form method="post" className="stack">
                  <input type="hidden" name="programmeId" value={schedules.programme.id} />
                  <input type="hidden" name="modality" value={modality} />
                  <input type="hidden" name="version" value={latest?.version ?? 0} />
                  <div className="table-scroll">
                    <table className="table">
                      <thead>
                        <tr>
                          <th scope="col">{t("followup.schedules.months")}</th>
                          <th scope="col">{t("followup.schedules.before")}</th>
                          <th scope="col">{t("followup.schedules.after")}</th>
                          <th scope="col">{t("followup.schedules.required")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {Array.from({ length: Math.max(stageRows, stages.length + 2) }, (_, index) => {
                          const stage = stages[index];
                          const name = (field: string) => `stages[${index}].${field}`;
                          return (
                            <tr key={index}>
                              <td>
                                <input aria-label={`${t("followup.schedules.months")} ${index + 1}`} name={name("monthsAfterOrigin")} inputMode="numeric" size={4} defaultValue={stage?.monthsAfterOrigin ?? ""} />
                              </td>
                              <td>
                                <input aria-label={`${t("followup.schedules.before")} ${index + 1}`} name={name("windowDaysBefore")} inputMode="numeric" size={4} defaultValue={stage?.windowDaysBefore ?? ""} />
                              </td>
                              <td>
                                <input aria-label={`${t("followup.schedules.after")} ${index + 1}`} name={name("windowDaysAfter")} inputMode="numeric" size={4} defaultValue={stage?.windowDaysAfter ?? ""} />
                              </td>
                              <td>
                                <input type="checkbox" aria-label={`${t("followup.schedules.required")} ${index + 1}`} name={name("required")} defaultChecked={stage ? stage.required : false} />
                              </td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                  <div className="field narrow">
                    <label htmlFor={`effective-${modality}`}>{t("followup.schedules.effectiveFrom")}</label>
                    <p className="field-hint">{t("followup.schedules.effectiveFromHint", { date: formatDate(schedules.firstOrigin, locale) })}</p>
                    <input id={`effective-${modality}`} name="effectiveFrom" type="date" defaultValue={schedules.firstOrigin} min={schedules.firstOrigin} />
                  </div>
                  <div className="form-actions">
                    <button type="submit" className="button-primary">
                      {t("followup.schedules.save")}
                    </button>
                  </div>
                </Form>
                {history.length > 1 ? (
                  <details>
                    <summary>{t("followup.schedules.history")}</summary>
                    <ul className="plain-list">
                      {history.map((version) => (
                        <li key={version.id}>
                          v{version.version} · {formatDate(version.effectiveFrom, locale)}: {describe(version.stages as FollowUpStage[])}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </section>
            );
          })
        : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "followup.title");
