import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { assertProgrammeAccess, requireUser, type CurrentUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { formatDate, formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { pageOf, requestedPage } from "~/lib/paging";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { refusalKey } from "~/locales/review";
import { findProgramme } from "~/modules/admin/programmes.server";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { attendanceFormLimits, trainingRegisterSchema } from "~/modules/review/page-schemas";
import { isRegisterView, registerViews, traineeMatches, type RegisterView } from "~/modules/review/training-register";
import { countAttendeesBeyondRegister, findTrainingSession, saveTrainingRegister, trainees } from "~/modules/review/training.server";

function sessionFrom(user: CurrentUser, params: { sessionId?: string }) {
  const session = findTrainingSession(idParam(params.sessionId));
  if (!session) notFound();
  assertProgrammeAccess(user, session.programmeId);
  return session;
}

// A large call for proposals puts thousands on the register (14,000 at 100,000 cases: an 11 MB
// page, and more ticks than one save takes). It is shown a page at a time; the search and the
// filter in the address run on the server too, so they find anyone on the register.
const registerPageSize = 500;
const searchMaxLength = 100;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "screenApplicants" });
  const session = sessionFrom(user, params);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, searchMaxLength);
  const show = url.searchParams.get("show");
  const view = isRegisterView(show) ? show : "all";
  const register = trainees(session.programmeId, session.id);
  // A register that fits on one page is sent whole, whatever the address says: the page filters
  // it as one types.
  const listed = register.length > registerPageSize ? register.filter((trainee) => traineeMatches(trainee, query, view)) : register;
  const { items, ...page } = pageOf(listed, requestedPage(url), registerPageSize);
  return {
    session,
    programmeCode: findProgramme(session.programmeId)?.code ?? "",
    trainees: items,
    register: { size: register.length, matching: page.total, page: page.page, pageCount: page.pageCount },
    movedOn: countAttendeesBeyondRegister(session.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "screenApplicants" });
  const session = sessionFrom(user, params);
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
  const { session, programmeCode, trainees, register, movedOn } = useLoaderData<typeof loader>();
  // The whole register is on the page: the search filters it as one types, nothing is sent.
  // Otherwise Enter sends the search to the server, which looks through the whole register.
  const wholeRegister = register.size <= registerPageSize;
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: `register-${session.id}`, lastResult: actionData?.result });
  const stale = actionData && "stale" in actionData ? actionData.stale : undefined;
  // After a refused save, the ticks this user changed stay as they were left.
  const kept: Record<string, boolean> = actionData && "kept" in actionData ? actionData.kept : {};
  // The search filters as one types; it starts from the URL, so it also works without scripts
  // (a GET of the same page) and a filtered register can be bookmarked.
  const [searchParams] = useSearchParams();
  const [query, setQuery] = useState(searchParams.get("q") ?? "");
  const [view, setView] = useState<RegisterView>(() => {
    const show = searchParams.get("show");
    return isRegisterView(show) ? show : "all";
  });
  const shown = new Set(trainees.filter((trainee) => traineeMatches(trainee, query, view)).map((trainee) => trainee.caseId));
  function remember(next: { q?: string; show?: RegisterView }) {
    // Kept in the address without a navigation: unsaved ticks must survive a search.
    const url = new URL(window.location.href);
    for (const [name, value] of Object.entries(next)) {
      if (value && value !== "all") url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    }
    window.history.replaceState(window.history.state, "", url);
  }
  // Completed trainees have no tick to post, so the editable rows are numbered on their own.
  let markIndex = 0;
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

      <section className="panel" aria-labelledby="register-heading">
        <h2 id="register-heading">{t("review.training.register")}</h2>
        <p className="field-hint">{t("review.training.registerHint")}</p>
        {movedOn > 0 ? <p>{t("review.training.movedOn", { count: movedOn })}</p> : null}
        {register.size === 0 ? (
          <p className="empty">{t("review.training.noTrainees")}</p>
        ) : (
          <>
            {wholeRegister ? null : (
              <p className="field-hint">
                {t("review.training.pagedHint", { size: formatNumber(register.size, locale), pageSize: formatNumber(registerPageSize, locale) })}
              </p>
            )}
            <form
              method="get"
              className="register-search"
              role="search"
              onSubmit={(event) => {
                if (wholeRegister) event.preventDefault();
              }}
            >
              <div className="field">
                <label htmlFor="register-q">{t("review.training.search")}</label>
                <input
                  id="register-q"
                  name="q"
                  type="search"
                  value={query}
                  autoComplete="off"
                  aria-describedby="register-q-hint register-count"
                  onChange={(event) => {
                    setQuery(event.target.value);
                    remember({ q: event.target.value.trim() });
                  }}
                />
                <p id="register-q-hint" className="field-hint">
                  {t("review.training.searchHint")}
                </p>
              </div>
              <div className="field">
                <label htmlFor="register-show">{t("review.training.show")}</label>
                <select
                  id="register-show"
                  name="show"
                  value={view}
                  onChange={(event) => {
                    const next = isRegisterView(event.target.value) ? event.target.value : "all";
                    setView(next);
                    remember({ show: next });
                    // A paged register is filtered whole by the server.
                    if (!wholeRegister) event.target.form?.requestSubmit();
                  }}
                >
                  {registerViews.map((option) => (
                    <option key={option} value={option}>
                      {t(`review.training.views.${option}`)}
                    </option>
                  ))}
                </select>
              </div>
              <noscript>
                <button type="submit" className="button-secondary">
                  {t("review.training.apply")}
                </button>
              </noscript>
            </form>
            <p id="register-count" className="register-count" aria-live="polite">
              {shown.size === 0 ? t("review.training.noneShown") : t("review.training.shownCount", { shown: formatNumber(shown.size, locale), total: formatNumber(wholeRegister ? register.size : register.matching, locale) })}
            </p>
            <div className="table-scroll">
              <table className="table register-table responsive-table">
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
                    const index = trainee.completedOn ? -1 : markIndex++;
                    // Hidden rows keep their inputs in the form: a search never drops a tick.
                    return (
                      <tr key={trainee.caseId} hidden={!shown.has(trainee.caseId)} className={trainee.completedOn ? "register-done" : undefined}>
                        <td data-label={t("review.training.attended")}>
                          {trainee.completedOn ? (
                            <input
                              type="checkbox"
                              id={`attended-${trainee.caseId}`}
                              checked={trainee.attendedThisSession}
                              disabled
                              readOnly
                              aria-label={t("review.training.attendedDone", { name })}
                              className="register-checkbox"
                            />
                          ) : (
                            <>
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
                            </>
                          )}
                        </td>
                        <td data-label={t("review.caseCode")}>
                          <Link to={`/cases/${trainee.caseId}`}>{trainee.caseCode}</Link>
                        </td>
                        <td data-label={t("review.applicant")}>
                          <label htmlFor={`attended-${trainee.caseId}`}>{name}</label>
                        </td>
                        <td data-label={t("review.training.sessionsAttended")} className="numeric">
                          {formatNumber(trainee.sessionsAttended, locale)}
                        </td>
                        <td data-label={t("review.training.completion")}>
                          {trainee.completedOn ? (
                            <>
                              <span className="badge badge-success">{t("review.training.completedOn", { date: formatDate(trainee.completedOn, locale) })}</span>
                              {actionData?.completed === trainee.caseCode ? (
                                <p role="status" className="register-completed-now">
                                  {t("review.training.completedNow")}
                                </p>
                              ) : null}
                            </>
                          ) : (
                            <Form method="post" className="inline-form" preventScrollReset>
                              <input type="hidden" name="intent" value="complete" />
                              <input type="hidden" name="caseId" value={trainee.caseId} />
                              <input type="hidden" name="version" value={trainee.caseVersion} />
                              <button type="submit" className="button-secondary button-small" aria-describedby={refusal ? `refusal-${trainee.caseId}` : undefined}>
                                {t("review.training.markCompleted")}
                              </button>
                            </Form>
                          )}
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
            <Pagination page={register.page} pageCount={register.pageCount} label={t("review.training.pages")} />
            {/* The save button, its confirmation and its errors stay together at the foot of the screen. */}
            <Form method="post" {...getFormProps(form)} id={form.id} className="form-actions register-actions" preventScrollReset>
              <input type="hidden" name="intent" value="attendance" />
              <button type="submit" className="button-primary">
                {t("review.training.saveRegister")}
              </button>
              {actionData?.saved ? (
                <p role="status" className="notice notice-success register-saved">
                  {t("review.training.registerSaved")}
                </p>
              ) : null}
              {stale !== undefined && !actionData?.refusal ? <StaleRecordNotice id={form.errorId} change={stale} /> : <FormErrors id={form.errorId} errors={form.errors} />}
            </Form>
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
