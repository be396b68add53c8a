import { getCollectionProps, getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { committeeDecisionKinds, grantModalities } from "../../db/enums";
import { ErrorList, FormErrors, PageHeader, SelectField, TextareaField, TextField } from "~/components/forms";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { minorToInput } from "~/lib/money";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { refusalKey, withReviewErrorKeys } from "~/locales/review";
import { findProgramme } from "~/modules/admin/programmes.server";
import { loadCaseFile, requireCase } from "~/modules/cases/case-file.server";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { approvedTotal, decideCase, decisionsOf, reopenDecision } from "~/modules/review/committee.server";
import { loadPlan } from "~/modules/review/plans.server";
import { reviewSummary } from "~/modules/review/reviews.server";
import { committeeActionSchema } from "~/modules/review/page-schemas";


// Refusals about the amount or the reason are shown next to that field; the rest above the form.
const refusalField: Record<string, "amountMinor" | "reason"> = {
  amount_required: "amountMinor",
  invalid_amount: "amountMinor",
  above_ceiling: "amountMinor",
  beyond_envelope: "amountMinor",
  reason_required: "reason",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "decideGrants" });
  const caseId = requireCase(user, params.caseId);
  const file = loadCaseFile(user, caseId);
  const programme = findProgramme(file.programme.id)!;
  const plan = loadPlan(caseId);
  const summary = reviewSummary(caseId);
  const decisions = decisionsOf(caseId);
  const latest = decisions[0];
  const standing = latest && !latest.reopenedAt && latest.decision !== "revise" ? latest : null;
  const approved = approvedTotal(programme.id);
  // An officer still to score this plan sees no one else's scores here either (blind scoring).
  const blind = summary?.assignments.some((assignment) => assignment.reviewerId === user.id && assignment.status === "assigned") ?? false;
  const totals = plan?.totals;
  return {
    case: {
      id: file.case.id,
      caseCode: file.case.caseCode,
      stage: file.case.stage,
      status: file.case.status,
      applicant: "surname" in file.person ? `${file.person.surname} ${file.person.firstName} ${file.person.patronymic ?? ""}`.trim() : null,
      // Posted back by both forms: a decision on a page older than the case is refused.
      version: file.case.version,
    },
    programme: { id: programme.id, code: programme.code, currency: programme.currency, ceilingMinor: programme.grantCeilingMinor },
    availableMinor: programme.budgetEnvelopeMinor - approved,
    requestedMinor: totals?.requestedMinor ?? file.business?.requestedAmountMinor ?? null,
    score: blind ? null : (summary?.score ?? null),
    flagged: blind ? false : (summary?.disagreement?.flagged ?? false),
    decisions: decisions.map((decision) => ({
      id: decision.id,
      decision: decision.decision,
      committeeDate: decision.committeeDate,
      amountMinor: decision.amountMinor,
      modality: decision.modality,
      conditions: decision.conditions,
      reason: decision.reason,
      members: decision.members,
      reopenedAt: decision.reopenedAt,
      reopenReason: decision.reopenReason,
    })),
    hasLetter: Boolean(latest && !latest.reopenedAt),
    // Only admins reopen decisions (the state machine enforces it); others never see the form.
    mayReopen: Boolean(standing) && user.role === "admin",
    defaults: {
      intent: "decide",
      amountMinor: totals ? minorToInput(totals.requestedMinor) : file.business?.requestedAmountMinor ? minorToInput(file.business.requestedAmountMinor) : "",
      modality: totals && totals.requestedMinor > 0 ? (totals.cashMinor > totals.inKindMinor ? "cash" : "in_kind") : (file.business?.requestedModality ?? ""),
      committeeDate: kyivToday(),
      members: latest ? latest.members.join(", ") : "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "decideGrants" });
  const caseId = requireCase(user, params.caseId);
  const submission = parseWithZod(await readForm(request), { schema: committeeActionSchema });
  if (submission.status !== "success") return Response.json(withReviewErrorKeys(submission.reply()), { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "reopen") {
      // The state machine refuses anyone but an admin ("reopen_admin_only").
      reopenDecision(user, caseId, value.version, value.reason);
      return redirect(`/committee/${caseId}?reopened=1`);
    }
    const { intent: _intent, version, ...decision } = value;
    decideCase(user, caseId, version, decision);
  } catch (error) {
    // A colleague decided (or changed the case) after this page was read: say what, keep the form.
    if (error instanceof StaleRecordError) {
      return Response.json({ ...submission.reply({ formErrors: ["errors.staleRecord"] }), stale: error.change }, { status: 409 });
    }
    if (!(error instanceof CaseTransitionRefused)) throw error;
    const message = refusalKey(error.code);
    const field = value.intent === "decide" ? refusalField[error.code] : undefined;
    return Response.json(submission.reply(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }), { status: 409 });
  }
  const programmeId = loadCaseFile(user, caseId).programme.id;
  // Back to the ranking, where the committee takes the next plan; the list confirms this one.
  return redirect(`/committee?programme=${programmeId}&decided=${caseId}`);
}

type DecisionFields = {
  intent: string;
  decision: string;
  amountMinor: string;
  modality: string;
  conditions: string;
  reason: string;
  committeeDate: string;
  members: string;
};

export const shouldRevalidate = revalidateAfterConflict;

export default function CommitteeDecisionPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const intent = lastResult?.initialValue?.intent;
  const stale = lastResult && "stale" in lastResult ? lastResult.stale : undefined;
  const [form, fields] = useForm<DecisionFields>({ id: `decide-${data.case.id}`, lastResult: intent === "reopen" ? undefined : lastResult, defaultValue: data.defaults });
  const [reopenForm, reopenFields] = useForm<{ intent: string; reason: string }>({ id: `reopen-${data.case.id}`, lastResult: intent === "reopen" ? lastResult : undefined });
  const money = (minor: number) => formatMoney(minor, data.programme.currency, locale);
  const beforeCommittee = data.case.stage === "committee" && (data.case.status === "open" || data.case.status === "waitlisted");
  return (
    <>
      <PageHeader title={t("review.decision.title", { caseCode: data.case.caseCode })}>
        <p className="lead">
          {data.case.applicant ? `${data.case.applicant} · ` : ""}
          {data.programme.code} · {t(`stages.${data.case.stage}`)}
          {data.case.status !== "open" ? ` · ${t(`statuses.${data.case.status}`)}` : ""}
        </p>
      </PageHeader>
      <p className="link-row">
        <Link to={`/committee?programme=${data.programme.id}`}>{t("review.decision.backToCommittee")}</Link>
        <Link to={`/cases/${data.case.id}/review`}>{t("review.panel.title")}</Link>
        <Link to={`/cases/${data.case.id}/plan`}>{t("review.panel.openPlan")}</Link>
        {data.hasLetter ? <Link to={`/cases/${data.case.id}/decision-letter`}>{t("review.decision.letter")}</Link> : null}
      </p>

      {stale !== undefined && intent === "reopen" && !data.mayReopen ? <StaleRecordNotice change={stale} /> : null}
      {searchParams.get("reopened") ? (
        <p role="status" className="notice notice-success">
          {t("review.decision.reopened")}
        </p>
      ) : null}

      <section className="panel" aria-label={t("review.decision.formHeading")}>
        <dl className="facts">
          <div>
            <dt>{t("review.decision.planScore")}</dt>
            <dd>
              {data.score ? formatNumber(data.score.planScore, locale, 2) : "—"}
              {data.score?.recommended ? " " : null}
              {data.score?.recommended ? <span className="badge badge-success">{t("review.committee.recommended")}</span> : null}
              {data.flagged ? " " : null}
              {data.flagged ? <span className="badge badge-warning">{t("review.committee.flagged")}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{t("review.decision.requested")}</dt>
            <dd>{data.requestedMinor !== null ? money(data.requestedMinor) : "—"}</dd>
          </div>
          <div>
            <dt>{t("review.decision.ceiling")}</dt>
            <dd>{money(data.programme.ceilingMinor)}</dd>
          </div>
          <div>
            <dt>{t("review.decision.available")}</dt>
            <dd>{money(data.availableMinor)}</dd>
          </div>
        </dl>
      </section>

      {beforeCommittee ? (
        <section className="panel" aria-labelledby="decision-heading">
          <h2 id="decision-heading">{t("review.decision.formHeading")}</h2>
          <Form method="post" {...getFormProps(form)} className="stack narrow">
            {stale !== undefined && intent === "decide" ? <StaleRecordNotice id={form.errorId} change={stale} /> : <FormErrors id={form.errorId} errors={form.errors} />}
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="version" value={data.case.version} />
            <fieldset className="field" aria-describedby={fields.decision.errorId}>
              <legend>{t("review.decision.decision")}</legend>
              {getCollectionProps(fields.decision, { type: "radio", options: [...committeeDecisionKinds] }).map((props) => (
                <label key={props.key} className="choice">
                  <input {...props} key={props.key} />
                  {t(`review.decisions.${props.value}`)}
                </label>
              ))}
              <ErrorList id={fields.decision.errorId} errors={fields.decision.errors} />
            </fieldset>
            <TextField
              label={t("review.decision.amount", { currency: data.programme.currency })}
              field={fields.amountMinor}
              inputMode="decimal"
              hint={t("review.decision.amountHint", { ceiling: money(data.programme.ceilingMinor), available: money(Math.max(data.availableMinor, 0)) })}
            />
            <SelectField
              label={t("review.decision.modality")}
              field={fields.modality}
              placeholder={t("forms.choose")}
              options={grantModalities.map((modality) => ({ value: modality, label: t(`cases.modalities.${modality}`) }))}
            />
            <TextareaField label={t("review.decision.conditions")} field={fields.conditions} hint={t("review.decision.conditionsHint")} />
            <TextareaField label={t("review.decision.reason")} field={fields.reason} hint={t("review.decision.reasonHint")} />
            <TextField label={t("review.decision.committeeDate")} field={fields.committeeDate} type="date" />
            <TextareaField label={t("review.decision.members")} field={fields.members} hint={t("review.decision.membersHint")} rows={2} />
            <div className="form-actions">
              <button type="submit" className="button-primary">
                {t("review.decision.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <>
          {/* The colleague's decision took the case past the committee: say so above the notice. */}
          {stale !== undefined && intent === "decide" ? <StaleRecordNotice change={stale} /> : null}
          <p className="notice">{t("review.decision.notBefore", { stage: t(`stages.${data.case.stage}`) })}</p>
        </>
      )}

      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">{t("review.decision.history")}</h2>
        {data.decisions.length === 0 ? (
          <p className="empty">{t("review.decision.noHistory")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("review.decision.date")}</th>
                  <th scope="col">{t("review.decision.decision")}</th>
                  <th scope="col" className="numeric">
                    {t("review.decision.amountColumn")}
                  </th>
                  <th scope="col">{t("review.decision.reasonColumn")}</th>
                  <th scope="col">{t("review.decision.members")}</th>
                </tr>
              </thead>
              <tbody>
                {data.decisions.map((decision) => (
                  <tr key={decision.id} className={decision.reopenedAt ? "muted-row" : undefined}>
                    <td>{formatDate(decision.committeeDate, locale)}</td>
                    <td>
                      {t(`review.decided.${decision.decision}`)}
                      {decision.reopenedAt ? (
                        <p className="note">{t("review.decision.reopenedOn", { date: formatDate(decision.reopenedAt, locale), reason: decision.reopenReason ?? "" })}</p>
                      ) : null}
                    </td>
                    <td className="numeric">
                      {decision.amountMinor !== null ? money(decision.amountMinor) : "—"}
                      {decision.modality ? <span className="note"> {t(`cases.modalities.${decision.modality}`)}</span> : null}
                    </td>
                    <td>{[decision.reason, decision.conditions].filter(Boolean).join(" · ") || "—"}</td>
                    <td>{decision.members.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {data.mayReopen ? (
        <section className="panel danger-zone" aria-labelledby="reopen-heading">
          <h2 id="reopen-heading">{t("review.decision.reopenHeading")}</h2>
          <p className="field-hint">{t("review.decision.reopenHint")}</p>
          <Form method="post" {...getFormProps(reopenForm)} className="stack narrow">
            {stale !== undefined && intent === "reopen" ? (
              <StaleRecordNotice id={reopenForm.errorId} change={stale} />
            ) : (
              <FormErrors id={reopenForm.errorId} errors={reopenForm.errors} />
            )}
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="version" value={data.case.version} />
            <TextareaField label={t("review.decision.reopenReason")} field={reopenFields.reason} />
            <div className="form-actions">
              <button type="submit" className="button-secondary">
                {t("review.decision.reopen")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "review.committee.title");
  return data ? [{ title: `${data.case.caseCode} · ${base[0].title}` }] : base;
};
