import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import { planWritable } from "~/modules/cases/case-state";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { grantModalities } from "../../db/enums";
import { ErrorList, FileField, FormErrorSummary, FormErrors, PageHeader, TextareaField, TextField } from "~/components/forms";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { TableScroll } from "~/components/table-scroll";
import { useFocusAddedRow } from "~/components/use-focus-added-row";
import { useValidatedForm } from "~/components/use-validated-form";
import { can, forbidden, type CurrentUser, requireCase } from "~/lib/auth.server";
import { notFound } from "~/lib/not-found.server";
import { currencyLabel, formatDate, formatDateTime, formatMoney, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { minorToInput } from "~/lib/money";
import { bodyMediaType, readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict, type RecordChange } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { maxAttachmentBytes } from "~/lib/upload-limits";
import { readUploadForm, uploadedFile, UploadRefused } from "~/lib/uploads.server";
import { loadCaseFile } from "~/modules/cases/case-file.server";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { lineTotalMinor, typedBudgetTotals, typedLineTotalMinor, type BudgetTotals as BudgetTotalsData } from "~/modules/review/budget";
import { decisionsOf } from "~/modules/review/committee.server";
import {
  addAttachment,
  AttachmentRefused,
  loadPlan,
  savePlan,
  submissionProblems,
  submitPlan,
} from "~/modules/review/plans.server";
// Used by the loader and action only; the form checks itself in the browser with plan-schema.ts.
import { planFormLimits, planSchema, planSections, planSubmitConfirmSchema } from "~/modules/review/schema";
import { planSchema as planFormSchema } from "~/modules/review/plan-schema";

// The plan is free text full of identifiers, written by the applicant with a mentor: only the
// people who write it open this page (officers, admins, the case's mentors). Evaluators never
// see it; reviewers read the versions assigned to them on their own page (domain.md §8).
async function requirePlanWriter(request: Request, params: LoaderFunctionArgs["params"]) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "listCases" });
  if (!can(user, "writePlans")) forbidden();
  return { user, caseId };
}


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requirePlanWriter(request, params);
  const versionParam = new URL(request.url).searchParams.get("version");
  const requestedVersion = versionParam === null ? undefined : Number(versionParam);
  const loaded = loadPlan(caseId, requestedVersion);
  if (requestedVersion !== undefined && loaded?.version.number !== requestedVersion) {
    notFound();
  }
  const file = loadCaseFile(user, caseId);
  // The rule savePlan enforces, asked beforehand so the page shows a form or a read-only plan.
  const open = planWritable(file.case, loaded?.plan.status);
  const person = "surname" in file.person ? `${file.person.surname} ${file.person.firstName}` : "";
  return {
    caseFile: { id: file.case.id, caseCode: file.case.caseCode, stage: file.case.stage, person },
    programme: { currency: file.programme.currency, ceilingMinor: file.programme.ceilingMinor },
    // The co-contribution given at registration starts a new plan's figure.
    registeredCoContributionMinor: file.business?.coContributionMinor ?? null,
    plan: loaded ? { status: loaded.plan.status, version: loaded.plan.version, isCurrent: loaded.isCurrent } : null,
    shown: loaded?.version ?? null,
    versions: loaded?.versions ?? [],
    lines: loaded?.lines ?? [],
    totals: loaded?.totals ?? null,
    attachments: loaded?.attachments ?? [],
    decisions: decisionsOf(caseId).map((decision) => ({
      id: decision.id,
      decision: decision.decision,
      committeeDate: decision.committeeDate,
      amountMinor: decision.amountMinor,
      modality: decision.modality,
      conditions: decision.conditions,
      reason: decision.reason,
      reopenedAt: decision.reopenedAt,
      reopenReason: decision.reopenReason,
    })),
    // The form shows the current version only; files may be attached while the plan is open.
    writable: open && (loaded?.isCurrent ?? true),
    mayAttach: open,
    attachmentLimitMegabytes: maxAttachmentBytes / 1024 / 1024,
    sections: planSections,
  };
}

type Problem = { code: string; sections?: string[] };
type PlanActionData = {
  plan: SubmissionResult<string[]> | null;
  upload: SubmissionResult<string[]> | null;
  outcome: "saved" | "confirm" | "submitted" | "uploaded" | null;
  /** A saved plan ready to submit: what the confirmation step shows, and the version it sends. */
  confirm: { planVersion: number; number: number; requestedMinor: number; inKindMinor: number; cashMinor: number; coContributionMinor: number } | null;
  problems: Problem[];
  uploadedName: string | null;
  /** Set when someone else saved the plan after this page was read (409): what they did. */
  stale: RecordChange | null;
};

function actionData(values: Partial<PlanActionData>): PlanActionData {
  return { plan: null, upload: null, outcome: null, confirm: null, problems: [], uploadedName: null, stale: null, ...values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, caseId } = await requirePlanWriter(request, params);
  // Two forms: the plan (intent save | submit) and the attachment upload, told apart by encoding.
  if (bodyMediaType(request) === "multipart/form-data") return attach(user, caseId, request);
  const form = await readForm(request, planFormLimits);
  if (form.get("intent") === "confirm-submit") return confirmSubmission(user, caseId, form);
  const submission = parseWithZod(form, { schema: planSchema });
  if (submission.status !== "success") {
    // Adding or removing a budget line without JavaScript comes back here too (no status).
    return Response.json(actionData({ plan: submission.reply() }), { status: submission.status === "error" ? 400 : 200 });
  }
  try {
    savePlan(user, caseId, submission.value);
  } catch (error) {
    if (error instanceof StaleRecordError) {
      return Response.json(actionData({ plan: submission.reply({ formErrors: ["errors.staleRecord"] }), stale: error.change }), { status: 409 });
    }
    if (error instanceof CaseTransitionRefused) {
      return Response.json(actionData({ plan: submission.reply({ formErrors: ["plans.errors.notEditable"] }) }), { status: 409 });
    }
    throw error;
  }
  // The draft is stored either way: the form starts again from what was saved (new version).
  const saved = submission.reply({ resetForm: true });
  if (submission.value.intent === "save") return actionData({ plan: saved, outcome: "saved" });
  const problems = describeProblems(caseId, submissionProblems(caseId));
  // Submitting cannot be undone: a complete plan is saved and shown back for confirmation.
  if (problems.length === 0) return actionData({ plan: saved, outcome: "confirm", confirm: confirmationOf(caseId) });
  // Saved but not submitted: a 200, since the stored draft changed and the page must reload it.
  return actionData({ plan: saved, outcome: "saved", problems });
}

function confirmationOf(caseId: number): PlanActionData["confirm"] {
  const loaded = loadPlan(caseId)!;
  const { requestedMinor, inKindMinor, cashMinor, coContributionMinor } = loaded.totals;
  return { planVersion: loaded.plan.version, number: loaded.version.number, requestedMinor, inKindMinor, cashMinor, coContributionMinor };
}

// The confirmation step: the saved plan, at the version it showed, goes to review.
function confirmSubmission(user: CurrentUser, caseId: number, form: FormData) {
  const submission = parseWithZod(form, { schema: planSubmitConfirmSchema });
  if (submission.status !== "success") return Response.json(actionData({ plan: submission.reply() }), { status: 400 });
  const problems = describeProblems(caseId, submissionProblems(caseId));
  if (problems.length) return actionData({ outcome: "saved", problems });
  try {
    submitPlan(user, caseId, { planVersion: submission.value.version });
  } catch (error) {
    if (error instanceof StaleRecordError) {
      return Response.json(actionData({ plan: submission.reply({ formErrors: ["errors.staleRecord"] }), stale: error.change }), { status: 409 });
    }
    if (!(error instanceof CaseTransitionRefused)) throw error;
    return Response.json(actionData({ plan: submission.reply({ formErrors: ["plans.errors.notEditable"] }) }), { status: 409 });
  }
  return actionData({ outcome: "submitted" });
}

function describeProblems(caseId: number, codes: string[]): Problem[] {
  const shown = loadPlan(caseId)?.version;
  return codes.map((code) =>
    code === "section_missing" ? { code, sections: planSections.filter((section) => !shown?.[section].trim()) } : { code },
  );
}

async function attach(user: CurrentUser, caseId: number, request: Request) {
  const refused = (code: string, status = 400) =>
    Response.json(actionData({ upload: { status: "error", error: { file: [`plans.attachments.errors.${code}`] } } }), { status });
  const notEditable = () => Response.json(actionData({ upload: { status: "error", error: { "": ["plans.errors.notEditable"] } } }), { status: 409 });
  // Asked before reading the upload, so a closed plan does not take the file first.
  if (!planWritable(loadCaseFile(user, caseId).case, loadPlan(caseId)?.plan.status)) return notEditable();
  let formData: FormData;
  try {
    formData = await readUploadForm(request, maxAttachmentBytes);
  } catch (error) {
    if (error instanceof UploadRefused) return refused(error.reason === "too_large" ? "too_large" : "notMultipart", error.status);
    throw error;
  }
  const file = formData.get("file");
  if (!(file instanceof File)) return refused("empty");
  try {
    const attachment = addAttachment(user, caseId, await uploadedFile(file));
    return actionData({ upload: { status: "success", initialValue: null }, outcome: "uploaded", uploadedName: attachment.fileName });
  } catch (error) {
    if (error instanceof AttachmentRefused) return refused(error.code, error.code === "too_large" ? 413 : 400);
    if (error instanceof CaseTransitionRefused) return notEditable();
    throw error;
  }
}

export const shouldRevalidate = revalidateAfterConflict;

export default function BusinessPlanPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { caseFile, plan, shown, writable } = data;
  // Forms keep the scroll position (adding a budget line should not jump to the top): after a
  // save or a submission, the outcome is brought into view and read out instead.
  const messages = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result?.outcome === "saved" || result?.outcome === "submitted" || result?.outcome === "confirm") messages.current?.focus();
  }, [result]);
  const olderVersion = plan !== null && !plan.isCurrent;
  const readOnlyReason = writable || olderVersion
    ? null
    : plan?.status === "submitted" || plan?.status === "decided"
      ? t(`plans.readOnly.${plan.status}`)
      : t("plans.readOnly.caseStage");
  return (
    <>
      <PageHeader
        title={t("plans.title")}
        actions={
          <Link to={`/cases/${caseFile.id}`} className="button-secondary">
            {t("plans.backToCase")}
          </Link>
        }
      >
        <p className="lead">
          {t("plans.caseLine", { caseCode: caseFile.caseCode, name: caseFile.person, stage: t(`stages.${caseFile.stage}`) })}
          {plan ? (
            <>
              {" · "}
              <span className={`badge plan-status-${plan.status}`}>
                <span className="visually-hidden">{t("plans.planStatus")}: </span>
                {t(`plans.statuses.${plan.status}`)}
              </span>
            </>
          ) : null}
        </p>
      </PageHeader>

      {/* The committee's request matters while the version is being reworked, not once it is resubmitted. */}
      {shown?.revisionRequest && !shown.submittedAt ? (
        <section className="panel panel-warning plan-revision" aria-labelledby="revision-heading">
          <h2 id="revision-heading">{t("plans.revision.title")}</h2>
          <p>{t("plans.revision.intro")}</p>
          <blockquote className="plan-text">{shown.revisionRequest}</blockquote>
        </section>
      ) : null}

      <div ref={messages} tabIndex={-1} className="plan-messages">
        {result?.outcome === "submitted" ? (
          <p role="status" className="notice notice-success">
            {t("plans.notices.submitted")}
          </p>
        ) : result?.outcome === "saved" && result.problems.length === 0 ? (
          <p role="status" className="notice notice-success">
            {t("plans.notices.saved")}
          </p>
        ) : null}
        {result?.problems.length ? <SubmissionProblems problems={result.problems} /> : null}
        {result?.outcome === "confirm" && result.confirm && writable ? <ConfirmSubmission confirm={result.confirm} /> : null}
      </div>

      {olderVersion && shown ? (
        <p className="notice">
          {t("plans.readOnly.olderVersion", { number: shown.number })} <Link to={`/cases/${caseFile.id}/plan`}>{t("plans.readOnly.showCurrent")}</Link>
        </p>
      ) : null}
      {readOnlyReason ? <p className="notice">{readOnlyReason}</p> : null}

      {/* A new stored version starts the form afresh: Remix hands over the action's reply
          before the reloaded plan, so resetting on the reply alone would keep the old values. */}
      {!writable && result?.stale ? <StaleRecordNotice change={result.stale} /> : null}
      {writable ? <PlanForm key={plan?.version ?? 0} /> : shown ? <PlanReadOnly /> : null}

      <Versions />
      <Attachments />
      <Decisions />
    </>
  );
}

// The plan is saved; one more press sends it (a plain form, so it works without JavaScript).
function ConfirmSubmission({ confirm }: { confirm: NonNullable<PlanActionData["confirm"]> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { programme } = useLoaderData<typeof loader>();
  const money = (minor: number) => formatMoney(minor, programme.currency, locale);
  return (
    <section className="notice confirm-step" aria-labelledby="confirm-submit-heading">
      <h2 id="confirm-submit-heading">{t("plans.confirm.title")}</h2>
      <p>{t("plans.confirm.lead", { version: confirm.number })}</p>
      <p>
        {t("plans.confirm.requested", {
          requested: money(confirm.requestedMinor),
          inKind: money(confirm.inKindMinor),
          cash: money(confirm.cashMinor),
          coContribution: money(confirm.coContributionMinor),
        })}
      </p>
      <Form method="post" preventScrollReset className="form-actions">
        <input type="hidden" name="intent" value="confirm-submit" />
        <input type="hidden" name="version" value={confirm.planVersion} />
        <button type="submit" className="button-primary">
          {t("plans.confirm.confirm")}
        </button>
      </Form>
      <p className="field-hint">{t("plans.confirm.keepEditing")}</p>
    </section>
  );
}

function SubmissionProblems({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="form-errors plan-problems">
      <p>
        <strong>{t("plans.notices.savedNotSubmitted")}</strong>
      </p>
      <ul>
        {problems.map((problem) => (
          <li key={problem.code}>
            {t(`plans.problems.${problem.code}`, {
              defaultValue: t("plans.problems.other"),
              sections: problem.sections?.map((section) => t(`plans.sections.${section}`)).join(", "),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Versions() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { versions, shown, caseFile } = useLoaderData<typeof loader>();
  if (versions.length < 2) return null;
  return (
    <section className="panel" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t("plans.versions.title")}</h2>
      <ul className="plain-list">
        {versions.map((version, index) => {
          const label = t("plans.versions.version", { number: version.number });
          return (
            <li key={version.number}>
              {version.number === shown?.number ? (
                <strong aria-current="page">{label}</strong>
              ) : (
                <Link to={index === 0 ? `/cases/${caseFile.id}/plan` : `/cases/${caseFile.id}/plan?version=${version.number}`}>{label}</Link>
              )}
              {" · "}
              {version.submittedAt ? t("plans.versions.submittedOn", { date: formatDateTime(version.submittedAt, locale) }) : t("plans.versions.notSubmitted")}
              {index === 0 ? ` · ${t("plans.versions.current")}` : ""}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Decisions() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { decisions, programme } = useLoaderData<typeof loader>();
  return (
    <section className="panel" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">{t("plans.decisions.title")}</h2>
      {decisions.length === 0 ? (
        <p className="empty">{t("plans.decisions.empty")}</p>
      ) : (
        <ul className="plain-list plan-decisions">
          {decisions.map((decision) => (
            <li key={decision.id} className={decision.reopenedAt ? "muted-row" : undefined}>
              <p>
                <strong>{t(`plans.decisions.kinds.${decision.decision === "approved" && decision.conditions ? "approvedWithConditions" : decision.decision}`)}</strong>
                {" · "}
                {t("plans.decisions.date")}: {formatDate(decision.committeeDate, locale)}
                {decision.amountMinor !== null ? (
                  <>
                    {" · "}
                    {t("plans.decisions.amount")}: {formatMoney(decision.amountMinor, programme.currency, locale)}
                    {decision.modality ? ` (${t(`plans.modalities.${decision.modality}`)})` : ""}
                  </>
                ) : null}
              </p>
              {decision.conditions ? (
                <p className="plan-text">
                  {t("plans.decisions.conditions")}: {decision.conditions}
                </p>
              ) : null}
              {decision.reason ? (
                <p className="plan-text">
                  {t("plans.decisions.reason")}: {decision.reason}
                </p>
              ) : null}
              {decision.reopenedAt ? (
                <p>{t("plans.decisions.reopened", { date: formatDate(decision.reopenedAt, locale), reason: decision.reopenReason ?? "" })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

// What the form holds: text as typed, money as "5000.50" (parsed on the server).
type PlanFormValue = {
  summary: string;
  products: string;
  market: string;
  competitors: string;
  experience: string;
  premises: string;
  risks: string;
  expectedJobsFullTime: string;
  expectedJobsPartTime: string;
  expectedMonthlyRevenueMinor: string;
  coContributionMinor: string;
  budget: Array<{ item: string; quantity: string; unitCostMinor: string; modality: string; supplierQuote: string }>;
};

// The current version as an editable form, checked in the browser with the schema the server
// uses; adding and removing budget lines are submit buttons, so they work without JavaScript.
function PlanForm() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formEncType !== "multipart/form-data";
  const { shown, programme } = data;
  const [form, fields] = useValidatedForm<PlanFormValue>({
    id: "business-plan",
    schema: planFormSchema,
    lastResult: result?.plan,
    defaultValue: {
      summary: shown?.summary ?? "",
      products: shown?.products ?? "",
      market: shown?.market ?? "",
      competitors: shown?.competitors ?? "",
      experience: shown?.experience ?? "",
      premises: shown?.premises ?? "",
      risks: shown?.risks ?? "",
      expectedJobsFullTime: String(shown?.expectedJobsFullTime ?? 0),
      expectedJobsPartTime: String(shown?.expectedJobsPartTime ?? 0),
      expectedMonthlyRevenueMinor: shown?.expectedMonthlyRevenueMinor != null ? minorToInput(shown.expectedMonthlyRevenueMinor) : "",
      coContributionMinor: shown
        ? shown.coContributionMinor
          ? minorToInput(shown.coContributionMinor)
          : ""
        : data.registeredCoContributionMinor !== null
          ? minorToInput(data.registeredCoContributionMinor)
          : "",
      budget: data.lines.map((line) => ({
        item: line.item,
        quantity: String(line.quantity),
        unitCostMinor: minorToInput(line.unitCostMinor),
        modality: line.modality,
        supplierQuote: line.supplierQuote ?? "",
      })),
    },
  });
  const lines = fields.budget.getFieldList();
  useFocusAddedRow(lines.length, lines.at(-1)?.getFieldset().item.id);
  const currency = programme.currency;
  // Totals as the user types (Conform keeps each field's current value): no round trip.
  const typedLines = lines.map((line) => {
    const cells = line.getFieldset();
    return { quantity: cells.quantity.value as string | undefined, unitCostMinor: cells.unitCostMinor.value as string | undefined, modality: cells.modality.value as string | undefined };
  });
  const typedTotals = typedBudgetTotals(typedLines, fields.coContributionMinor.value as string | undefined);
  const budgetErrors = fields.budget.errors?.map((error) => (error === "errors.tooManyLines" ? "plans.errors.tooManyLines" : error));
  return (
    <Form method="post" preventScrollReset {...getFormProps(form)} className="stack business-plan-form">
      {/* Enter in a field saves the draft, not the first "Remove" button of the budget. */}
      <button type="submit" name="intent" value="save" className="plan-default-submit" tabIndex={-1} aria-hidden="true">
        {t("plans.actions.save")}
      </button>
      {/* The plan's version as loaded, not as last submitted: after a refused save the page
          reloads and the user's text, kept in the form, is saved over what they now see. */}
      <input type="hidden" name="version" value={data.plan?.version ?? 0} />
      {/* Stale versions and refusals are said next to the buttons below. */}
      <FormErrorSummary form={form} formErrors={false} />
      {!data.plan ? <p className="field-hint">{t("plans.noPlanYet")}</p> : null}

      <fieldset className="form-section">
        <legend>{t("plans.sectionsLegend")}</legend>
        {data.sections.map((section) => (
          <TextareaField key={section} label={t(`plans.sections.${section}`)} hint={t(`plans.sectionHints.${section}`)} field={fields[section]} rows={4} />
        ))}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("plans.expectationsLegend")}</legend>
        <div className="grid-4">
          <TextField label={t("plans.fields.expectedJobsFullTime")} field={fields.expectedJobsFullTime} inputMode="numeric" hint={t("plans.fields.jobsHint")} />
          <TextField label={t("plans.fields.expectedJobsPartTime")} field={fields.expectedJobsPartTime} inputMode="numeric" />
          <TextField
            label={t("plans.fields.expectedMonthlyRevenue", { currency: currencyLabel(currency, locale) })}
            field={fields.expectedMonthlyRevenueMinor}
            inputMode="decimal"
            hint={t("plans.fields.moneyHint")}
          />
          <TextField
            label={t("plans.fields.coContribution", { currency: currencyLabel(currency, locale) })}
            field={fields.coContributionMinor}
            inputMode="decimal"
            hint={data.registeredCoContributionMinor !== null ? t("plans.fields.coContributionRegistered", { amount: formatMoney(data.registeredCoContributionMinor, currency, locale) }) : undefined}
          />
        </div>
      </fieldset>

      <fieldset className="form-section" aria-describedby="budget-intro">
        <legend>{t("plans.budget.title")}</legend>
        <p id="budget-intro" className="field-hint">
          {t("plans.budget.intro")}
        </p>
        <ErrorList id={fields.budget.errorId} errors={budgetErrors} />
        {lines.length === 0 ? (
          <p className="empty">{t("plans.budget.empty")}</p>
        ) : (
          <TableScroll label={t("plans.budget.title")}>
            <table className="table budget-table responsive-table">
              <thead>
                <tr>
                  <th scope="col" className="numeric">{t("plans.budget.lineNumber")}</th>
                  <th scope="col">{t("plans.budget.item")}</th>
                  <th scope="col">{t("plans.budget.quantity")}</th>
                  <th scope="col">{t("plans.budget.unitCost", { currency: currencyLabel(currency, locale) })}</th>
                  <th scope="col">{t("plans.budget.modality")}</th>
                  <th scope="col">{t("plans.budget.supplierQuote")}</th>
                  <th scope="col" className="numeric">
                    {t("plans.budget.lineTotal")}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t("plans.budget.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line, index) => {
                  const cells = line.getFieldset();
                  const number = index + 1;
                  return (
                    <tr key={line.key}>
                      <td className="numeric budget-line-number" data-label={t("plans.budget.lineNumber")}>
                        {number}
                      </td>
                      <td className="budget-item" data-label={t("plans.budget.item")}>
                        <BudgetCell field={cells.item} label={t("plans.budget.itemOfLine", { line: number })} />
                      </td>
                      <td className="budget-quantity" data-label={t("plans.budget.quantity")}>
                        <BudgetCell field={cells.quantity} label={t("plans.budget.quantityOfLine", { line: number })} inputMode="numeric" />
                      </td>
                      <td className="budget-cost" data-label={t("plans.budget.unitCost", { currency: currencyLabel(currency, locale) })}>
                        <BudgetCell field={cells.unitCostMinor} label={t("plans.budget.unitCostOfLine", { line: number })} inputMode="decimal" />
                      </td>
                      <td className="budget-modality" data-label={t("plans.budget.modality")}>
                        <ModalityCell field={cells.modality} label={t("plans.budget.modalityOfLine", { line: number })} />
                      </td>
                      <td className="budget-quote" data-label={t("plans.budget.supplierQuote")}>
                        <BudgetCell field={cells.supplierQuote} label={t("plans.budget.supplierQuoteOfLine", { line: number })} />
                      </td>
                      <td className="numeric nowrap budget-line-total" data-label={t("plans.budget.lineTotal")}>
                        <output aria-label={t("plans.budget.lineTotalOfLine", { line: number })}>
                          {(() => {
                            const total = typedLineTotalMinor(typedLines[index].quantity, typedLines[index].unitCostMinor);
                            return total === null ? "—" : formatMoney(total, currency, locale);
                          })()}
                        </output>
                      </td>
                      <td className="budget-remove">
                        <button
                          {...form.remove.getButtonProps({ name: fields.budget.name, index })}
                          className="button-link"
                          aria-label={t("plans.budget.removeLineLabel", { line: number })}
                        >
                          {t("plans.budget.removeLine")}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
        <div>
          <button
            {...form.insert.getButtonProps({ name: fields.budget.name, defaultValue: { quantity: "1", modality: "in_kind" } })}
            className="button-secondary"
          >
            {t("plans.budget.addLine")}
          </button>
        </div>
        <BudgetTotals totals={typedTotals} note={t("plans.totals.live")} live />
      </fieldset>

      {/* A stale version or a plan closed meanwhile: said next to the buttons just pressed. */}
      {result?.stale ? <StaleRecordNotice id={form.errorId} change={result.stale} /> : <FormErrors id={form.errorId} errors={form.errors} />}
      <div className="form-actions">
        <button type="submit" name="intent" value="save" className="button-secondary" disabled={busy}>
          {busy && navigation.formData?.get("intent") === "save" ? t("plans.actions.working") : t("plans.actions.save")}
        </button>
        <button type="submit" name="intent" value="submit" className="button-primary" disabled={busy} aria-describedby="submit-hint">
          {t("plans.actions.submit")}
        </button>
      </div>
      <p id="submit-hint" className="field-hint">
        {t("plans.actions.submitHint")}
      </p>
    </Form>
  );
}

function BudgetCell({ field, label, inputMode }: { field: AnyField; label: string; inputMode?: "numeric" | "decimal" }) {
  const props = getInputProps(field, { type: "text" });
  return (
    <div className="field">
      <input {...props} key={props.key} aria-label={label} inputMode={inputMode} autoComplete="off" />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

function ModalityCell({ field, label }: { field: AnyField; label: string }) {
  const { t } = useTranslation();
  const props = getSelectProps(field);
  return (
    <div className="field">
      <select {...props} key={props.key} aria-label={label}>
        <option value="">{t("forms.choose")}</option>
        {grantModalities.map((modality) => (
          <option key={modality} value={modality}>
            {t(`plans.modalities.${modality}`)}
          </option>
        ))}
      </select>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

// Totals beside the programme's ceiling (§5): of the stored version in the read-only plan, of
// what is typed in the editor (announced politely as they change).
function BudgetTotals({ totals, note, live = false }: { totals: (BudgetTotalsData & { incompleteLines?: number }) | null; note?: string; live?: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { programme } = useLoaderData<typeof loader>();
  if (!totals) return null;
  const money = (minor: number) => formatMoney(minor, programme.currency, locale);
  const aboveCeiling = totals.requestedMinor > programme.ceilingMinor;
  return (
    <section className="plan-totals" aria-labelledby="totals-heading">
      <h3 id="totals-heading">{t("plans.totals.title")}</h3>
      {note ? <p className="field-hint">{note}</p> : null}
      {totals.incompleteLines ? <p className="field-hint">{t("plans.totals.incompleteLines", { count: totals.incompleteLines })}</p> : null}
      <dl className="stats" aria-live={live ? "polite" : undefined}>
        <div>
          <dt>{t("plans.totals.inKind")}</dt>
          <dd>{money(totals.inKindMinor)}</dd>
        </div>
        <div>
          <dt>{t("plans.totals.cash")}</dt>
          <dd>{money(totals.cashMinor)}</dd>
        </div>
        <div className={aboveCeiling ? "plan-total-over" : undefined}>
          <dt>{t("plans.totals.requested")}</dt>
          <dd>{money(totals.requestedMinor)}</dd>
          <dd className="plan-ceiling">{t("plans.totals.ceiling", { ceiling: money(programme.ceilingMinor) })}</dd>
        </div>
        <div>
          <dt>{t("plans.totals.coContribution")}</dt>
          <dd>{money(totals.coContributionMinor)}</dd>
        </div>
        <div>
          <dt>{t("plans.totals.coContributionShare")}</dt>
          <dd>{t("plans.totals.share", { percent: formatNumber(totals.coContributionShare * 100, locale, 1) })}</dd>
        </div>
        <div>
          <dt>{t("plans.totals.total")}</dt>
          <dd>{money(totals.totalMinor)}</dd>
        </div>
      </dl>
      {aboveCeiling ? (
        <p role={live ? "status" : "alert"} className="notice notice-danger">
          {t("plans.totals.aboveCeiling", { ceiling: money(programme.ceilingMinor), excess: money(totals.requestedMinor - programme.ceilingMinor) })}
        </p>
      ) : null}
    </section>
  );
}

function PlanReadOnly() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { shown, lines, programme, sections, totals } = useLoaderData<typeof loader>();
  if (!shown) return null;
  const money = (minor: number) => formatMoney(minor, programme.currency, locale);
  return (
    <article className="panel plan-read-only" aria-labelledby="plan-version-heading">
      <h2 id="plan-version-heading">{t("plans.versions.version", { number: shown.number })}</h2>
      {sections.map((section) => (
        <section key={section}>
          <h3>{t(`plans.sections.${section}`)}</h3>
          {shown[section].trim() ? <p className="plan-text">{shown[section]}</p> : <p className="empty">{t("plans.facts.empty")}</p>}
        </section>
      ))}
      <dl className="facts">
        <div>
          <dt>{t("plans.facts.expectedJobs")}</dt>
          <dd>{t("plans.facts.jobs", { fullTime: shown.expectedJobsFullTime, partTime: shown.expectedJobsPartTime })}</dd>
        </div>
        <div>
          <dt>{t("plans.facts.expectedMonthlyRevenue")}</dt>
          <dd>{shown.expectedMonthlyRevenueMinor !== null ? money(shown.expectedMonthlyRevenueMinor) : "—"}</dd>
        </div>
        <div>
          <dt>{t("plans.facts.coContribution")}</dt>
          <dd>{money(shown.coContributionMinor)}</dd>
        </div>
      </dl>
      <h3>{t("plans.budget.title")}</h3>
      {lines.length === 0 ? (
        <p className="empty">{t("plans.budget.empty")}</p>
      ) : (
        <TableScroll label={t("plans.budget.title")}>
          <table className="table responsive-table">
            <thead>
              <tr>
                <th scope="col" className="numeric">{t("plans.budget.lineNumber")}</th>
                <th scope="col">{t("plans.budget.item")}</th>
                <th scope="col" className="numeric">{t("plans.budget.quantity")}</th>
                <th scope="col" className="numeric">{t("plans.budget.unitCost", { currency: currencyLabel(programme.currency, locale) })}</th>
                <th scope="col">{t("plans.budget.modality")}</th>
                <th scope="col">{t("plans.budget.supplierQuote")}</th>
                <th scope="col" className="numeric">{t("plans.budget.lineTotal")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line, index) => (
                <tr key={line.id}>
                  <td className="numeric" data-label={t("plans.budget.lineNumber")}>
                    {index + 1}
                  </td>
                  <td data-label={t("plans.budget.item")}>{line.item}</td>
                  <td className="numeric" data-label={t("plans.budget.quantity")}>
                    {formatNumber(line.quantity, locale)}
                  </td>
                  <td className="numeric" data-label={t("plans.budget.unitCost", { currency: currencyLabel(programme.currency, locale) })}>
                    {money(line.unitCostMinor)}
                  </td>
                  <td data-label={t("plans.budget.modality")}>{t(`plans.modalities.${line.modality}`)}</td>
                  <td data-label={t("plans.budget.supplierQuote")}>{line.supplierQuote ?? "—"}</td>
                  <td className="numeric" data-label={t("plans.budget.lineTotal")}>
                    {money(lineTotalMinor(line))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <BudgetTotals totals={totals} />
    </article>
  );
}

function Attachments() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  const [form, fields] = useForm({ id: "attachment-upload", lastResult: result?.upload });
  return (
    <section className="panel" aria-labelledby="attachments-heading" id="attachments">
      <h2 id="attachments-heading">{t("plans.attachments.title")}</h2>
      {data.attachments.length === 0 ? (
        <p className="empty">{t("plans.attachments.empty")}</p>
      ) : (
        <TableScroll label={t("plans.attachments.title")}>
          <table className="table responsive-table">
            <thead>
              <tr>
                <th scope="col">{t("plans.attachments.name")}</th>
                <th scope="col" className="numeric">{t("plans.attachments.size")}</th>
                <th scope="col">{t("plans.attachments.uploadedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {data.attachments.map((attachment) => (
                <tr key={attachment.id}>
                  <td data-label={t("plans.attachments.name")}>
                    {/* A resource route: a plain link, so the browser downloads the file. */}
                    <a href={`/cases/${data.caseFile.id}/attachments/${attachment.id}`} aria-label={t("plans.attachments.download", { name: attachment.fileName })}>
                      {attachment.fileName}
                    </a>
                  </td>
                  <td className="numeric" data-label={t("plans.attachments.size")}>
                    {t("plans.attachments.kilobytes", { size: formatNumber(Math.max(1, Math.round(attachment.sizeBytes / 1024)), locale) })}
                  </td>
                  <td data-label={t("plans.attachments.uploadedAt")}>{formatDateTime(attachment.createdAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {result?.outcome === "uploaded" ? (
        <p role="status" className="notice notice-success">
          {t("plans.attachments.uploaded", { name: result.uploadedName })}
        </p>
      ) : null}
      {data.mayAttach ? (
        <Form method="post" encType="multipart/form-data" preventScrollReset {...getFormProps(form)} className="stack narrow plan-upload">
          <FormErrors id={form.errorId} errors={form.errors} />
          <FileField
            label={t("plans.attachments.file")}
            hint={t("plans.attachments.intro", { limit: data.attachmentLimitMegabytes })}
            field={fields.file}
            accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
            maxBytes={maxAttachmentBytes}
            tooLargeError="plans.attachments.errors.too_large"
          />
          <div className="form-actions">
            <button type="submit" className="button-secondary" disabled={uploading}>
              {uploading ? t("plans.attachments.uploading") : t("plans.attachments.upload")}
            </button>
          </div>
        </Form>
      ) : (
        <p className="field-hint">{t("plans.attachments.closed")}</p>
      )}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "plans.title");
  return data ? [{ title: `${data.caseFile.caseCode} · ${base[0].title}` }] : base;
};
