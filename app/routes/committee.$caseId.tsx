import { getCollectionProps, getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { committeeDecisionKinds } from "../../db/enums";
import { ErrorList, FormErrorSummary, PageHeader, RequiredFieldsNote, TextareaField, TextField } from "~/components/forms";
import { ReviewComparison } from "~/components/review-comparison";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { TableScroll } from "~/components/table-scroll";
import { useValidatedForm } from "~/components/use-validated-form";
import { can, requireCase } from "~/lib/auth.server";
import { currencyLabel, formatDate, formatMoney, formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { minorToInput, parseMoneyInput } from "~/lib/money";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { refusalKey, withReviewErrorKeys } from "~/locales/review";
import { findProgramme } from "~/modules/admin/programmes.server";
import { loadCaseFile } from "~/modules/cases/case-file.server";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { approvedTotal, decideCase, decisionsOf, rankOrderCheck, reopenDecision } from "~/modules/review/committee.server";
import { approvalSplit } from "~/modules/review/committee-rules";
import { loadPlan } from "~/modules/review/plans.server";
import { reviewSummary } from "~/modules/review/reviews.server";
import { committeeActionSchema } from "~/modules/review/page-schemas";
import { committeeActionSchema as committeeFormSchema } from "~/modules/review/committee-schema";

// Refusals about the amount or a reason are shown next to that field; the rest above the form.
const refusalField: Record<string, "amountMinor" | "reason" | "rankOrderReason"> = {
  amount_required: "amountMinor",
  invalid_amount: "amountMinor",
  above_ceiling: "amountMinor",
  beyond_envelope: "amountMinor",
  reason_required: "reason",
  rank_reason_required: "rankOrderReason",
};

// The fields of the decision form, re-posted unchanged by its confirmation step.
const decisionFields = ["decision", "inKindMinor", "cashMinor", "conditions", "conditionsEn", "reason", "reasonEn", "rankOrderReason", "committeeDate", "members"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "decideGrants" });
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
  const beforeCommittee = file.case.stage === "committee" && (file.case.status === "open" || file.case.status === "waitlisted");
  // The plan's own split between modalities, else what was asked at registration.
  const requested = file.business?.requestedAmountMinor ?? null;
  const split = totals
    ? { inKindMinor: totals.inKindMinor, cashMinor: totals.cashMinor }
    : requested !== null && file.business?.requestedModality
      ? { inKindMinor: file.business.requestedModality === "in_kind" ? requested : 0, cashMinor: file.business.requestedModality === "cash" ? requested : 0 }
      : null;
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
    requestedMinor: totals?.requestedMinor ?? requested,
    requestedSplit: split,
    score: blind ? null : (summary?.score ?? null),
    flagged: blind ? false : (summary?.disagreement?.flagged ?? false),
    comparison: blind ? null : (summary?.comparison ?? null),
    disagreementThreshold: summary?.rubric.disagreementThreshold ?? null,
    rankOrder: beforeCommittee ? rankOrderCheck(programme.id, caseId) : null,
    decisions: decisions.map((decision) => ({
      id: decision.id,
      decision: decision.decision,
      committeeDate: decision.committeeDate,
      ...(approvalSplit(decision) ?? { amountMinor: decision.amountMinor, inKindMinor: null, cashMinor: null }),
      conditions: decision.conditions,
      conditionsEn: decision.conditionsEn,
      reason: decision.reason,
      reasonEn: decision.reasonEn,
      rankOrderReason: decision.rankOrderReason,
      members: decision.members,
      reopenedAt: decision.reopenedAt,
      reopenReason: decision.reopenReason,
    })),
    hasLetter: Boolean(latest && !latest.reopenedAt),
    // Only admins reopen decisions (the state machine enforces it); others never see the form.
    mayReopen: Boolean(standing) && can(user, "reopenDecisions"),
    defaults: {
      intent: "decide",
      inKindMinor: split ? minorToInput(split.inKindMinor) : "",
      cashMinor: split ? minorToInput(split.cashMinor) : "",
      committeeDate: kyivToday(),
      members: latest ? latest.members.join(", ") : "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "decideGrants" });
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: committeeActionSchema });
  if (submission.status !== "success") return Response.json(withReviewErrorKeys(submission.reply()), { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "reopen") {
      // The state machine refuses anyone but an admin ("reopen_admin_only").
      reopenDecision(user, caseId, value.version, value.reason);
      return redirect(`/committee/${caseId}?reopened=1`);
    }
    const { intent: _intent, version, confirmed, ...decision } = value;
    // A decision cannot be undone by the committee: the first press checks it (every rule a
    // real decision runs, nothing stored) and shows it back; only the confirmation stores it.
    decideCase(user, caseId, version, decision, { enforceRankOrder: true, dryRun: confirmed !== "yes" });
    if (confirmed !== "yes") {
      const split = decision.decision === "approved" ? approvalSplit(decision) : null;
      const fields = Object.fromEntries(decisionFields.map((name) => [name, String(form.get(name) ?? "")]));
      return {
        ...submission.reply(),
        confirm: {
          fields: { ...fields, version: String(version) },
          decision: decision.decision,
          split,
          conditions: decision.conditions ?? null,
          conditionsEn: decision.conditionsEn ?? null,
          reason: decision.reason ?? null,
          reasonEn: decision.reasonEn ?? null,
          rankOrderReason: decision.rankOrderReason ?? null,
          committeeDate: decision.committeeDate,
          members: decision.members,
        },
      };
    }
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

type DecisionFormFields = {
  intent: string;
  decision: string;
  inKindMinor: string;
  cashMinor: string;
  amountMinor: string;
  conditions: string;
  conditionsEn: string;
  reason: string;
  reasonEn: string;
  rankOrderReason: string;
  committeeDate: string;
  members: string;
};

export const shouldRevalidate = revalidateAfterConflict;

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = ReturnType<typeof useActionData<typeof action>>;
type Confirmation = Extract<NonNullable<ActionData>, { confirm: unknown }>["confirm"];

export default function CommitteeDecisionPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const intent = lastResult?.initialValue?.intent;
  const stale = lastResult && "stale" in lastResult ? lastResult.stale : undefined;
  const confirm = lastResult && "confirm" in lastResult ? lastResult.confirm : undefined;
  const [reopenForm, reopenFields] = useValidatedForm<{ intent: string; reason: string }>({
    id: `reopen-${data.case.id}`,
    schema: committeeFormSchema,
    messagePrefix: "review.",
    lastResult: intent === "reopen" ? lastResult : undefined,
  });
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

      <section className="panel" aria-label={t("review.decision.factsHeading")}>
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
            <dd>
              {data.requestedMinor !== null ? money(data.requestedMinor) : "—"}
              {data.requestedSplit ? (
                <span className="note"> {t("review.decision.splitNote", { inKind: money(data.requestedSplit.inKindMinor), cash: money(data.requestedSplit.cashMinor) })}</span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{t("review.decision.ceiling")}</dt>
            <dd>{money(data.programme.ceilingMinor)}</dd>
          </div>
          <div>
            <dt>{t("review.decision.available")}</dt>
            <dd>{money(data.availableMinor)}</dd>
          </div>
          {data.rankOrder?.rank ? (
            <div>
              <dt>{t("review.decision.rank")}</dt>
              <dd>{data.rankOrder.rank}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      {data.comparison && data.disagreementThreshold ? <ReviewComparison comparison={data.comparison} threshold={data.disagreementThreshold} /> : null}

      {beforeCommittee ? (
        <section className="panel" aria-labelledby="decision-heading">
          <h2 id="decision-heading">{t("review.decision.formHeading")}</h2>
          {confirm ? (
            <>
              <ConfirmDecision confirm={confirm} />
              <details className="decision-change">
                <summary>{t("review.decision.change")}</summary>
                <DecisionForm data={data} lastResult={lastResult} />
              </details>
            </>
          ) : (
            <DecisionForm data={data} lastResult={lastResult} />
          )}
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
          <TableScroll label={t("review.decision.historyTable")}>
            <table className="table responsive-table">
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
                    <td data-label={t("review.decision.date")}>{formatDate(decision.committeeDate, locale)}</td>
                    <td data-label={t("review.decision.decision")}>
                      {t(`review.decided.${decision.decision}`)}
                      {decision.reopenedAt ? (
                        <p className="note">{t("review.decision.reopenedOn", { date: formatDate(decision.reopenedAt, locale), reason: decision.reopenReason ?? "" })}</p>
                      ) : null}
                    </td>
                    <td className="numeric" data-label={t("review.decision.amountColumn")}>
                      {decision.amountMinor !== null ? money(decision.amountMinor) : "—"}
                      {decision.inKindMinor !== null && decision.cashMinor !== null && decision.amountMinor !== null ? (
                        <span className="note"> {t("review.decision.splitNote", { inKind: money(decision.inKindMinor), cash: money(decision.cashMinor) })}</span>
                      ) : null}
                    </td>
                    <td data-label={t("review.decision.reasonColumn")}>
                      {[decision.reason, decision.conditions].filter(Boolean).join(" · ") || "—"}
                      {decision.rankOrderReason ? <p className="note">{t("review.decision.rankOrderReasonShown", { reason: decision.rankOrderReason })}</p> : null}
                    </td>
                    <td data-label={t("review.decision.members")}>{decision.members.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      {data.mayReopen ? (
        <section className="panel danger-zone" aria-labelledby="reopen-heading">
          <h2 id="reopen-heading">{t("review.decision.reopenHeading")}</h2>
          <p className="field-hint">{t("review.decision.reopenHint")}</p>
          <Form method="post" {...getFormProps(reopenForm)} className="stack narrow">
            {stale !== undefined && intent === "reopen" ? <StaleRecordNotice id={reopenForm.errorId} change={stale} /> : null}
            <FormErrorSummary form={reopenForm} formErrors={stale === undefined || intent !== "reopen"} />
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="version" value={data.case.version} />
            <TextareaField label={t("review.decision.reopenReason")} field={reopenFields.reason} required />
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

// The decision as it will be stored, with a button that stores it: the same fields posted again
// with "confirmed", so the step works without JavaScript.
function ConfirmDecision({ confirm }: { confirm: Confirmation }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { programme } = useLoaderData<typeof loader>();
  const money = (minor: number) => formatMoney(minor, programme.currency, locale);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [confirm]);
  const facts: Array<[string, string]> = [
    [t("review.decision.decision"), t(`review.decided.${confirm.decision}`)],
    ...(confirm.split
      ? ([
          [t("review.decision.amountTotal"), money(confirm.split.amountMinor)],
          [t("review.decision.inKind"), money(confirm.split.inKindMinor)],
          [t("review.decision.cash"), money(confirm.split.cashMinor)],
        ] as Array<[string, string]>)
      : []),
    ...(confirm.conditions ? ([[t("review.decision.conditionsUk"), confirm.conditions]] as Array<[string, string]>) : []),
    ...(confirm.conditionsEn ? ([[t("review.decision.conditionsEn"), confirm.conditionsEn]] as Array<[string, string]>) : []),
    ...(confirm.reason ? ([[t("review.decision.reason"), confirm.reason]] as Array<[string, string]>) : []),
    ...(confirm.reasonEn ? ([[t("review.decision.reasonEn"), confirm.reasonEn]] as Array<[string, string]>) : []),
    ...(confirm.rankOrderReason ? ([[t("review.decision.rankOrderReason"), confirm.rankOrderReason]] as Array<[string, string]>) : []),
    [t("review.decision.committeeDate"), formatDate(confirm.committeeDate, locale)],
    [t("review.decision.members"), confirm.members.join(", ")],
  ];
  return (
    <div className="confirm-step" role="group" aria-labelledby="confirm-heading">
      <h3 id="confirm-heading" tabIndex={-1} ref={heading}>
        {t("review.decision.confirmHeading")}
      </h3>
      <p>{t("review.decision.confirmLead")}</p>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd className="prose">{value}</dd>
          </div>
        ))}
      </dl>
      <Form method="post" className="form-actions">
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="confirmed" value="yes" />
        {Object.entries(confirm.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={String(value)} />
        ))}
        <button type="submit" className="button-primary">
          {t("review.decision.confirm")}
        </button>
      </Form>
    </div>
  );
}

function DecisionForm({ data, lastResult }: { data: PageData; lastResult: ActionData }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const intent = lastResult?.initialValue?.intent;
  const stale = lastResult && "stale" in lastResult ? lastResult.stale : undefined;
  const [form, fields] = useValidatedForm<DecisionFormFields>({
    id: `decide-${data.case.id}`,
    schema: committeeFormSchema,
    messagePrefix: "review.",
    lastResult: intent === "reopen" || (lastResult && "confirm" in lastResult) ? undefined : lastResult,
    defaultValue: lastResult && "confirm" in lastResult ? lastResult.confirm.fields : data.defaults,
  });
  const money = (minor: number) => formatMoney(minor, data.programme.currency, locale);
  // The approved total as the committee types the split (a small sum in the browser; the
  // server adds it up again).
  const inKind = parseMoneyInput(String(fields.inKindMinor.value ?? "") || "0");
  const cash = parseMoneyInput(String(fields.cashMinor.value ?? "") || "0");
  const total = inKind !== null && cash !== null ? inKind + cash : null;
  const rankOrder = data.rankOrder;
  const pending = rankOrder?.pendingAbove ?? [];
  const waitlisted = rankOrder?.waitlistedAbove ?? [];
  return (
    <Form method="post" {...getFormProps(form)} className="stack narrow">
      {stale !== undefined && intent === "decide" ? <StaleRecordNotice id={form.errorId} change={stale} /> : null}
      <FormErrorSummary form={form} formErrors={stale === undefined || intent !== "decide"} />
      <RequiredFieldsNote />
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="version" value={data.case.version} />
      <fieldset className="field" aria-describedby={fields.decision.errorId}>
        <legend className="required-label">{t("review.decision.decision")}</legend>
        {getCollectionProps(fields.decision, { type: "radio", options: [...committeeDecisionKinds] }).map((props) => (
          <label key={props.key} className="choice">
            <input {...props} key={props.key} />
            {t(`review.decisions.${props.value}`)}
          </label>
        ))}
        <ErrorList id={fields.decision.errorId} errors={fields.decision.errors} />
      </fieldset>
      <fieldset className="field split-fieldset" aria-describedby={`${fields.amountMinor.id}-total ${fields.amountMinor.errorId}`}>
        <legend>{t("review.decision.amountLegend")}</legend>
        <p className="field-hint">{t("review.decision.amountHint", { ceiling: money(data.programme.ceilingMinor), available: money(Math.max(data.availableMinor, 0)) })}</p>
        <div className="grid-2">
          <TextField label={t("review.decision.inKindField", { currency: currencyLabel(data.programme.currency, locale) })} field={fields.inKindMinor} inputMode="decimal" />
          <TextField label={t("review.decision.cashField", { currency: currencyLabel(data.programme.currency, locale) })} field={fields.cashMinor} inputMode="decimal" />
        </div>
        <p id={`${fields.amountMinor.id}-total`} className="split-total" aria-live="polite">
          {t("review.decision.amountTotal")}: <strong>{total !== null ? money(total) : "—"}</strong>
        </p>
        <ErrorList id={fields.amountMinor.errorId} errors={fields.amountMinor.errors} />
      </fieldset>
      <TextareaField label={t("review.decision.conditionsUk")} field={fields.conditions} hint={t("review.decision.conditionsHint")} />
      <TextareaField label={t("review.decision.conditionsEn")} field={fields.conditionsEn} hint={t("review.decision.conditionsEnHint")} />
      <TextareaField label={t("review.decision.reason")} field={fields.reason} hint={t("review.decision.reasonHint")} />
      <TextareaField label={t("review.decision.reasonEn")} field={fields.reasonEn} hint={t("review.decision.reasonEnHint")} />
      {pending.length > 0 || waitlisted.length > 0 ? (
        <div className="notice rank-order-notice">
          {pending.length > 0 ? <p>{t("review.decision.pendingAbove", { rank: rankOrder?.rank, cases: pending.map((plan) => `${plan.rank}. ${plan.caseCode}`).join(", ") })}</p> : null}
          {waitlisted.length > 0 ? <p>{t("review.decision.waitlistedAbove", { cases: waitlisted.map((plan) => `${plan.rank}. ${plan.caseCode}`).join(", ") })}</p> : null}
          <TextareaField
            label={t("review.decision.rankOrderReason")}
            field={fields.rankOrderReason}
            hint={pending.length > 0 ? t("review.decision.rankOrderReasonHint") : t("review.decision.rankOrderReasonApprovalHint")}
            rows={2}
          />
        </div>
      ) : null}
      <TextField label={t("review.decision.committeeDate")} field={fields.committeeDate} type="date" required />
      <TextareaField label={t("review.decision.members")} field={fields.members} hint={t("review.decision.membersHint")} rows={2} required />
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {t("review.decision.check")}
        </button>
      </div>
      <p className="field-hint">{t("review.decision.checkHint")}</p>
    </Form>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "review.committee.title");
  return data ? [{ title: `${data.case.caseCode} · ${base[0].title}` }] : base;
};
