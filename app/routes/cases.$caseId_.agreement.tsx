import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FileField, FormErrors, PageHeader, SelectField, TextareaField, TextField } from "~/components/forms";
import { GrantRefusalNotice, type GrantRefusalData } from "~/components/grant-refusal";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { useFocusAddedRow } from "~/components/use-focus-added-row";
import { can, forbidden, requireCase, type CurrentUser } from "~/lib/auth.server";
import { notFound } from "~/lib/not-found.server";
import { currencyLabel, formatDate, formatMoney } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { minorToInput } from "~/lib/money";
import { bodyMediaType, readForm } from "~/lib/request-body.server";
import { maxAttachmentBytes } from "~/lib/upload-limits";
import { readUploadForm, uploadedFile, UploadRefused } from "~/lib/uploads.server";
import { revalidateAfterConflict, type RecordChange } from "~/lib/stale-record";
import { agreementPage, pageTargets } from "~/modules/grants/agreement-page.server";
import { attachAgreementScan } from "~/modules/grants/agreement-print.server";
import { cancelDraftAgreement, createAgreement, setTranchePlan, signAgreement, updateDraftAgreement, withdrawAfterGrant } from "~/modules/grants/agreements.server";
import { formatRate } from "~/modules/grants/exchange-rate";
import { grantRefusalResponse } from "~/modules/grants/grant-replies.server";
import { agreementFormLimits, agreementPageSchema, type AgreementPageForm } from "~/modules/grants/grant-schemas";
import { recordReversal } from "~/modules/grants/ledger.server";
import { approveTranche, cancelTranche, declineTranche, recordPayment, requestTranche, verifyRequirement } from "~/modules/grants/tranches.server";


// Officers and admins work the agreement; the case's mentors see it and verify requirements.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "readAgreements" });
  return { ...agreementPage(user, caseId), today: kyivToday() };
}

// Fields each command may name in a refusal, so the message lands next to them.
const formFields = ["amountMinor", "cashMinor", "inKindMinor", "fundingSourceId", "budgetLineId", "tranches", "signedOn", "idpCertificateNumber", "idpCertificateDate", "reason", "evidenceNote", "bankReference", "payerAccount", "note"];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "readAgreements" });
  if (bodyMediaType(request) === "multipart/form-data") return uploadScan(user, caseId, request);
  const submission = parseWithZod(await readForm(request, agreementFormLimits), { schema: agreementPageSchema });
  // Adding or removing a tranche row without JavaScript comes back here too (no status).
  if (submission.status !== "success") return Response.json(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  const value = submission.value;
  // Mentors only verify requirements; money is moved by officers.
  if (value.intent !== "verify" && !can(user, "handleGrantMoney")) forbidden();
  try {
    runIntent(user, caseId, value);
  } catch (error) {
    const response = grantRefusalResponse(submission, error, formFields);
    if (response) return response;
    throw error;
  }
  return { ...submission.reply({ resetForm: true }), done: value.intent };
}

// The signed copy's scan (PDF, JPEG or PNG), attached by an officer once the agreement is signed.
async function uploadScan(user: CurrentUser, caseId: number, request: Request) {
  if (!can(user, "handleGrantMoney")) forbidden();
  const refused = (key: string, status: number) => Response.json({ status: "error", initialValue: { intent: "scan" }, error: { file: [key] } }, { status });
  let form: FormData;
  try {
    form = await readUploadForm(request, maxAttachmentBytes);
  } catch (error) {
    if (error instanceof UploadRefused) return refused(`grants.document.uploadErrors.${error.reason}`, error.status);
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return refused("grants.errors.scan_empty", 400);
  const submission = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => ({ status: "error" as const, initialValue: { intent: "scan" }, error: { "": options?.formErrors ?? null, ...options?.fieldErrors } }) };
  try {
    attachAgreementScan(user, caseId, await uploadedFile(file));
  } catch (error) {
    const response = grantRefusalResponse(submission, error, ["file"]);
    if (response) return response;
    throw error;
  }
  return { status: "success", initialValue: { intent: "scan" }, done: "scan" };
}

function runIntent(user: CurrentUser, caseId: number, value: AgreementPageForm) {
  const targets = pageTargets(caseId);
  const notHere = () => {
    notFound();
  };
  const agreementId = () => targets.agreementId ?? notHere();
  const tranche = (id: number) => (targets.hasTranche(id) ? id : notHere());
  switch (value.intent) {
    case "create": {
      const { intent: _intent, ...terms } = value;
      return createAgreement(user, caseId, terms);
    }
    case "update": {
      const { intent: _intent, ...terms } = value;
      return updateDraftAgreement(user, agreementId(), { ...terms, conditions: terms.conditions ?? null });
    }
    case "cancel":
      return cancelDraftAgreement(user, agreementId(), value);
    case "plan":
      return setTranchePlan(user, agreementId(), value);
    case "sign":
      return signAgreement(user, agreementId(), {
        version: value.version,
        signedOn: value.signedOn,
        displacement: { status: value.displacementStatus, idpCertificateNumber: value.idpCertificateNumber ?? null, idpCertificateDate: value.idpCertificateDate ?? null },
      });
    case "verify":
      if (!targets.hasRequirement(value.requirementId)) notHere();
      return verifyRequirement(user, value.requirementId, value);
    case "request":
      return requestTranche(user, tranche(value.trancheId), value);
    case "approve":
      return approveTranche(user, tranche(value.trancheId), value);
    case "decline":
      return declineTranche(user, tranche(value.trancheId), value);
    case "cancelTranche":
      return cancelTranche(user, tranche(value.trancheId), value);
    case "pay":
      return recordPayment(
        user,
        tranche(value.trancheId),
        value.outcome === "paid"
          ? { version: value.version, outcome: "paid", paidOn: value.paidOn, payerAccount: value.payerAccount, bankReference: value.bankReference ?? "" }
          : { version: value.version, outcome: "failed", paidOn: value.paidOn, payerAccount: value.payerAccount, failureReason: value.failureReason ?? "" },
      );
    case "return":
      if (!targets.hasEntry(value.entryId)) notHere();
      return recordReversal(user, value.entryId, { kind: "return", amountMinor: value.amountMinor, effectiveOn: value.effectiveOn, note: value.note });
    case "withdraw":
      return withdrawAfterGrant(user, agreementId(), value);
  }
}

export const shouldRevalidate = revalidateAfterConflict;

type PageResult = SubmissionResult<string[]> & { done?: string; refusal?: GrantRefusalData; stale?: RecordChange | null };
type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AgreementPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as PageResult | undefined;
  const intent = (result?.initialValue as { intent?: string } | undefined)?.intent;
  const agreement = data.file?.agreement;
  const money = (minor: number, currency: string = agreement?.currency ?? data.programme.currency) => formatMoney(minor, currency, locale);
  const failed = result && result.status === "error";

  return (
    <>
      <PageHeader
        title={agreement ? t("grants.agreement.titleNumbered", { number: agreement.number }) : t("grants.agreement.title")}
        actions={<Link to={`/cases/${data.case.id}`}>{t("grants.agreement.backToCase")}</Link>}
      >
        <p className="lead">
          {data.case.caseCode} · {data.case.name}
          {agreement ? ` · ${t(`grants.agreement.statuses.${agreement.status}`)}` : ""}
        </p>
      </PageHeader>

      {result?.done ? (
        <p role="status" className="notice notice-success">
          {t(`grants.agreement.done.${result.done}`)}
        </p>
      ) : null}
      {failed ? (
        <div id="agreement-refusal">
          {result.stale !== undefined ? <StaleRecordNotice change={result.stale ?? null} /> : <GrantRefusalNotice refusal={result.refusal} />}
          {intent && !["create", "update", "plan", "sign"].includes(intent) ? <FormErrors errors={Object.values(result.error ?? {}).flat().filter((error): error is string => typeof error === "string")} /> : null}
        </div>
      ) : null}

      {data.approval ? <p>{t("grants.agreement.approved", { amount: money(data.approval.amountMinor, data.programme.currency) })}</p> : null}
      {!data.file && !data.mayCreate ? <p className="empty">{data.approval ? t("grants.agreement.none") : t("grants.agreement.noApproval")}</p> : null}
      {data.mayCreate && data.approval ? <TermsForm data={data} result={intent === "create" ? result : undefined} /> : null}
      {agreement ? <AgreementFacts data={data} /> : null}
      {agreement ? <AgreementPaper data={data} result={intent === "scan" ? result : undefined} /> : null}
      {agreement?.status === "draft" && data.handlesMoney ? (
        <>
          <TermsForm data={data} result={intent === "update" ? result : undefined} />
          <PlanForm data={data} result={intent === "plan" ? result : undefined} />
          <SignForm data={data} result={intent === "sign" ? result : undefined} />
          <ReasonForm intent="cancel" version={agreement.version} label={t("grants.agreement.cancelDraft")} />
        </>
      ) : null}
      {agreement && agreement.status !== "draft" ? <Tranches data={data} /> : null}
      {agreement && agreement.status !== "draft" ? <Ledger data={data} /> : null}
      {agreement && (agreement.status === "signed" || agreement.status === "completed") && data.handlesMoney ? (
        <section className="panel">
          <h2>{t("grants.agreement.withdrawTitle")}</h2>
          <p className="field-hint">{t("grants.agreement.withdrawHint")}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="version" value={agreement.version} />
            <PlainField id="withdrawnOn" name="withdrawnOn" label={t("grants.agreement.withdrawnOn")} type="date" defaultValue={data.today} />
            <PlainField id="withdraw-reason" name="reason" label={t("grants.agreement.reason")} />
            <button type="submit" className="button-secondary">
              {t("grants.agreement.withdraw")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

function AgreementFacts({ data }: { data: PageData }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const agreement = data.file!.agreement;
  const balance = data.file!.balance;
  const money = (minor: number) => formatMoney(minor, agreement.currency, locale);
  const facts: Array<[string, string]> = [
    [t("grants.agreement.amount"), money(agreement.amountMinor)],
    [t("grants.agreement.inKind"), money(agreement.inKindMinor)],
    [t("grants.agreement.cash"), money(agreement.cashMinor)],
    [t("grants.agreement.conditions"), agreement.conditions ?? "—"],
    [t("grants.agreement.signedOn"), agreement.signedOn ? formatDate(agreement.signedOn, locale) : "—"],
    [t("grants.agreement.signedBy"), agreement.signedByName ?? "—"],
    [t("grants.agreement.timeOrigin"), agreement.timeOriginOn ? formatDate(agreement.timeOriginOn, locale) : t("grants.agreement.timeOriginNone")],
    [t("grants.agreement.committed"), money(balance.committedMinor)],
    [t("grants.agreement.paidNet"), money(balance.paidNetMinor)],
    [t("grants.agreement.leftToPay"), money(balance.leftToPayMinor)],
  ];
  return (
    <section className="panel">
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

// The agreement on paper: printable in Ukrainian or English (or as a PDF), and the signed copy.
function AgreementPaper({ data, result }: { data: PageData; result?: PageResult }) {
  const { t } = useTranslation();
  const agreement = data.file!.agreement;
  const [form, fields] = useForm({ id: `scan-${agreement.id}`, lastResult: result, shouldValidate: "onSubmit" });
  const caseId = data.case.id;
  return (
    <section className="panel" aria-labelledby="agreement-paper">
      <h2 id="agreement-paper">{t("grants.document.paperTitle")}</h2>
      <p className="link-row">
        <Link to={`/cases/${caseId}/agreement/print?lang=uk`}>{t("grants.document.printUk")}</Link>
        <Link to={`/cases/${caseId}/agreement/print?lang=en`}>{t("grants.document.printEn")}</Link>
        <a href={`/cases/${caseId}/agreement/pdf?lang=uk`} download>
          {t("grants.document.pdfUk")}
        </a>
        <a href={`/cases/${caseId}/agreement/pdf?lang=en`} download>
          {t("grants.document.pdfEn")}
        </a>
      </p>
      {agreement.status !== "draft" ? <h3>{t("grants.document.scanTitle")}</h3> : null}
      {agreement.scanFileName ? (
        data.seesScan ? (
          <p>
            <a href={`/cases/${caseId}/agreement/scan`}>{t("grants.document.scanOpen", { name: agreement.scanFileName })}</a>
          </p>
        ) : (
          <p>{t("grants.document.scanStored", { name: agreement.scanFileName })}</p>
        )
      ) : agreement.status !== "draft" && data.handlesMoney ? (
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack narrow">
          <FormErrors id={form.errorId} errors={form.errors} />
          <FileField
            label={t("grants.document.scanFile")}
            hint={t("grants.document.scanHint")}
            field={fields.file}
            accept="application/pdf,image/jpeg,image/png"
            maxBytes={maxAttachmentBytes}
            tooLargeError="grants.errors.scan_too_large"
          />
          <div className="form-actions">
            <button type="submit" className="button-secondary">
              {t("grants.document.scanUpload")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

function TermsForm({ data, result }: { data: PageData; result?: PageResult }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const agreement = data.file?.agreement;
  const [form, fields] = useForm({
    id: agreement ? `terms-${agreement.id}-${agreement.version}` : "new-agreement",
    lastResult: result,
    shouldValidate: "onSubmit",
    defaultValue: agreement
      ? {
          version: String(agreement.version),
          currency: agreement.currency,
          amountMinor: minorToInput(agreement.amountMinor),
          inKindMinor: minorToInput(agreement.inKindMinor),
          cashMinor: minorToInput(agreement.cashMinor),
          fundingSourceId: String(agreement.fundingSourceId),
          budgetLineId: String(agreement.budgetLineId),
          conditions: agreement.conditions ?? "",
        }
      : {
          currency: data.programme.currency,
          amountMinor: data.approval ? minorToInput(data.approval.amountMinor) : "",
          // The committee's split between modalities, as approved.
          inKindMinor: data.approval?.split ? minorToInput(data.approval.split.inKindMinor) : "0",
          cashMinor: data.approval?.split ? minorToInput(data.approval.split.cashMinor) : "0",
          fundingSourceId: data.funding[0] ? String(data.funding[0].source.id) : "",
          budgetLineId: "",
          conditions: data.approval?.conditions ?? "",
        },
  });
  const lineOptions = data.funding.flatMap(({ source, lines }) =>
    lines.map((line) => ({ value: line.id, label: `${source.name}: ${t("grants.agreement.lineOption", { code: line.code, name: line.name, left: formatMoney(line.leftMinor, source.currency, locale) })}` })),
  );
  return (
    <section className="panel">
      <h2>{agreement ? t("grants.agreement.update") : t("grants.agreement.createTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value={agreement ? "update" : "create"} />
        {agreement ? <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} /> : null}
        <div className="grid-2">
          <SelectField label={t("grants.agreement.currency")} field={fields.currency} options={["UAH", "EUR", "USD"].map((currency) => ({ value: currency, label: currency }))} />
          <TextField label={t("grants.agreement.amount")} field={fields.amountMinor} inputMode="decimal" />
        </div>
        <div className="grid-2">
          <TextField label={t("grants.agreement.inKind")} field={fields.inKindMinor} inputMode="decimal" hint={t("grants.agreement.splitHint")} />
          <TextField label={t("grants.agreement.cash")} field={fields.cashMinor} inputMode="decimal" />
        </div>
        <SelectField
          label={t("grants.agreement.fundingSource")}
          field={fields.fundingSourceId}
          options={data.funding.map(({ source }) => ({ value: source.id, label: `${source.name} (${source.currency})` }))}
          placeholder={t("forms.choose")}
        />
        <SelectField label={t("grants.agreement.budgetLine")} field={fields.budgetLineId} options={lineOptions} placeholder={t("forms.choose")} />
        <TextareaField label={t("grants.agreement.conditions")} field={fields.conditions} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {agreement ? t("grants.agreement.update") : t("grants.agreement.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function PlanForm({ data, result }: { data: PageData; result?: PageResult }) {
  const { t } = useTranslation();
  const agreement = data.file!.agreement;
  const [form, fields] = useForm({
    id: `plan-${agreement.id}-${agreement.version}`,
    lastResult: result,
    shouldValidate: "onSubmit",
    defaultValue: {
      version: String(agreement.version),
      tranches: data.file!.tranches.map((tranche) => ({
        amountMinor: minorToInput(tranche.amountMinor),
        plannedOn: tranche.plannedOn,
        requirements: tranche.requirements.map((requirement) => requirement.text).join("\n"),
      })),
    },
  });
  const rows = fields.tranches.getFieldList();
  useFocusAddedRow(rows.length, rows.at(-1)?.getFieldset().amountMinor.id);
  return (
    <section className="panel">
      <h2>{t("grants.agreement.planTitle")}</h2>
      <p className="field-hint">{t("grants.agreement.planHint")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="plan" />
        <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} />
        <ErrorList id={fields.tranches.errorId} errors={fields.tranches.errors} />
        {rows.map((row, index) => {
          const cells = row.getFieldset();
          return (
            <fieldset key={row.key} className="form-section">
              <legend>{t("grants.agreement.tranche", { n: index + 1 })}</legend>
              <div className="grid-2">
                <TextField label={t("grants.agreement.trancheAmount")} field={cells.amountMinor} inputMode="decimal" />
                <TextField label={t("grants.agreement.plannedOn")} field={cells.plannedOn} type="date" />
              </div>
              <div className="field">
                <label htmlFor={cells.requirements.id}>{t("grants.agreement.requirements")}</label>
                <textarea {...getTextareaProps(cells.requirements)} key={cells.requirements.key} rows={2} />
                <ErrorList id={cells.requirements.errorId} errors={cells.requirements.errors} />
              </div>
              <button {...form.remove.getButtonProps({ name: fields.tranches.name, index })} className="button-link">
                {t("grants.agreement.removeTranche")}
              </button>
            </fieldset>
          );
        })}
        <button {...form.insert.getButtonProps({ name: fields.tranches.name, defaultValue: { amountMinor: "", plannedOn: "", requirements: "" } })} className="button-secondary">
          {t("grants.agreement.addTranche")}
        </button>
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t("grants.agreement.savePlan")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function SignForm({ data, result }: { data: PageData; result?: PageResult }) {
  const { t } = useTranslation();
  const agreement = data.file!.agreement;
  const [form, fields] = useForm({
    id: `sign-${agreement.id}-${agreement.version}`,
    lastResult: result,
    shouldValidate: "onSubmit",
    defaultValue: {
      version: String(agreement.version),
      signedOn: data.today,
      displacementStatus: data.displacement?.status ?? "",
      idpCertificateNumber: data.displacement?.idpCertificateNumber ?? "",
      idpCertificateDate: data.displacement?.idpCertificateDate ?? "",
    },
  });
  return (
    <section className="panel">
      <h2>{t("grants.agreement.signTitle")}</h2>
      <p className="field-hint">{t("grants.agreement.signHint")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="sign" />
        <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} />
        <TextField label={t("grants.agreement.signedOn")} field={fields.signedOn} type="date" />
        <SelectField
          label={t("grants.agreement.displacementStatus")}
          field={fields.displacementStatus}
          options={["idp", "host", "returnee", "other"].map((status) => ({ value: status, label: t(`cases.displacement.${status}`) }))}
          placeholder={t("forms.choose")}
        />
        <div className="grid-2">
          <TextField label={t("grants.agreement.idpCertificateNumber")} field={fields.idpCertificateNumber} />
          <TextField label={t("grants.agreement.idpCertificateDate")} field={fields.idpCertificateDate} type="date" />
        </div>
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t("grants.agreement.sign")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function Tranches({ data }: { data: PageData }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const agreement = data.file!.agreement;
  const money = (minor: number) => formatMoney(minor, agreement.currency, locale);
  if (data.file!.tranches.length === 0) return null;
  return (
    <section className="panel">
      <h2>{t("grants.agreement.tranchesTitle")}</h2>
      {data.file!.tranches.map((tranche) => (
        <article key={tranche.id} className="stack">
          <h3>
            {t("grants.agreement.tranche", { n: tranche.sequence })} · {money(tranche.amountMinor)} · {formatDate(tranche.plannedOn, locale)} ·{" "}
            {t(`grants.agreement.trancheStates.${tranche.state}`)}
          </h3>
          {tranche.requestedByName ? <p>{t("grants.agreement.requestedBy", { name: tranche.requestedByName })}</p> : null}
          {tranche.approvedByName ? <p>{t("grants.agreement.approvedBy", { name: tranche.approvedByName })}</p> : null}
          {tranche.requirements.length ? (
            <ul>
              {tranche.requirements.map((requirement) => (
                <li key={requirement.id}>
                  <strong>{requirement.text}</strong>{" "}
                  {requirement.verifiedAt
                    ? t("grants.agreement.verified", { name: requirement.verifiedByName ?? "", date: formatDate(requirement.verifiedAt.slice(0, 10), locale), evidence: requirement.evidenceNote ?? "" })
                    : t("grants.agreement.notVerified")}
                  {requirement.mayVerify ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="verify" />
                      <input type="hidden" name="requirementId" value={requirement.id} />
                      <input type="hidden" name="version" value={requirement.version} />
                      <PlainField id={`evidence-${requirement.id}`} name="evidenceNote" label={t("grants.agreement.evidenceNote")} />
                      <button type="submit" className="button-secondary">
                        {t("grants.agreement.verify")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {tranche.payments.length ? (
            <ul aria-label={t("grants.agreement.paymentsTitle")}>
              {tranche.payments.map((payment) => (
                <li key={payment.id}>
                  {t(`grants.agreement.outcomes.${payment.status}`)} · {formatDate(payment.paidOn, locale)} · {payment.bankReference ?? payment.failureReason}
                  {payment.retryOfPaymentId ? ` · ${t("grants.agreement.retryOf", { id: payment.retryOfPaymentId })}` : ""}
                </li>
              ))}
            </ul>
          ) : null}
          <TrancheActions tranche={tranche} today={data.today} />
        </article>
      ))}
    </section>
  );
}

function TrancheActions({ tranche, today }: { tranche: PageData["file"] extends infer F ? (F extends { tranches: Array<infer T> } ? T : never) : never; today: string }) {
  const { t } = useTranslation();
  const simple = (intent: "request" | "approve", label: string) => (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="trancheId" value={tranche.id} />
      <input type="hidden" name="version" value={tranche.version} />
      <button type="submit" className="button-primary">
        {label}
      </button>
    </Form>
  );
  const withReason = (intent: "decline" | "cancelTranche", label: string) => (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="trancheId" value={tranche.id} />
      <input type="hidden" name="version" value={tranche.version} />
      <PlainField id={`${intent}-reason-${tranche.id}`} name="reason" label={t("grants.agreement.reason")} />
      <button type="submit" className="button-secondary">
        {label}
      </button>
    </Form>
  );
  const allowed = new Set(tranche.allowed);
  return (
    <div className="stack">
      {allowed.has("request") ? simple("request", t("grants.agreement.request")) : null}
      {allowed.has("approve") ? simple("approve", t("grants.agreement.approve")) : null}
      {allowed.has("decline") ? withReason("decline", t("grants.agreement.decline")) : null}
      {allowed.has("pay") ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="pay" />
          <input type="hidden" name="trancheId" value={tranche.id} />
          <input type="hidden" name="version" value={tranche.version} />
          <div className="field">
            <label htmlFor={`outcome-${tranche.id}`}>{t("grants.agreement.outcome")}</label>
            <select id={`outcome-${tranche.id}`} name="outcome" defaultValue="paid">
              <option value="paid">{t("grants.agreement.outcomes.paid")}</option>
              <option value="failed">{t("grants.agreement.outcomes.failed")}</option>
            </select>
          </div>
          <PlainField name="paidOn" label={t("grants.agreement.paidOn")} type="date" defaultValue={today} id={`paidOn-${tranche.id}`} />
          <PlainField name="payerAccount" label={t("grants.agreement.payerAccount")} id={`payerAccount-${tranche.id}`} />
          <PlainField name="bankReference" label={t("grants.agreement.bankReference")} id={`bankReference-${tranche.id}`} required={false} />
          <PlainField name="failureReason" label={t("grants.agreement.failureReason")} id={`failureReason-${tranche.id}`} required={false} />
          <button type="submit" className="button-primary">
            {t("grants.agreement.recordPayment")}
          </button>
        </Form>
      ) : null}
      {allowed.has("cancel") ? withReason("cancelTranche", t("grants.agreement.cancelTranche")) : null}
    </div>
  );
}

function Ledger({ data }: { data: PageData }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const agreement = data.file!.agreement;
  const ledger = data.file!.ledger;
  return (
    <section className="panel">
      <h2>{t("grants.agreement.ledgerTitle")}</h2>
      {ledger.length === 0 ? (
        <p className="empty">{t("grants.agreement.ledgerEmpty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("grants.agreement.date")}</th>
                <th scope="col">{t("grants.agreement.kind")}</th>
                <th scope="col" className="numeric">{t("grants.agreement.amountColumn", { currency: currencyLabel(agreement.currency, locale) })}</th>
                <th scope="col" className="numeric">{t("grants.agreement.lineAmountColumn")}</th>
                <th scope="col" className="numeric">{t("grants.agreement.reportingColumn")}</th>
                <th scope="col">{t("grants.agreement.rate")}</th>
                <th scope="col">{t("grants.agreement.note")}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDate(entry.effectiveOn, locale)}</td>
                  <td>{t(`grants.agreement.ledgerKinds.${entry.kind}`)}</td>
                  <td className="numeric">{formatMoney(entry.amountMinor, entry.currency, locale)}</td>
                  <td className="numeric">{formatMoney(entry.lineAmountMinor, entry.lineCurrency, locale)}</td>
                  <td className="numeric">{formatMoney(entry.reportingAmountMinor, entry.reportingCurrency, locale)}</td>
                  <td>{entry.lineRateMicros !== null ? formatRate(entry.lineRateMicros) : "—"}</td>
                  <td>{entry.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.handlesMoney && ledger.some((entry) => entry.kind === "disbursement") ? (
        <Form method="post" className="stack">
          <h3>{t("grants.agreement.returnTitle")}</h3>
          <input type="hidden" name="intent" value="return" />
          <div className="field">
            <label htmlFor="return-entry">{t("grants.agreement.returnOf")}</label>
            <select id="return-entry" name="entryId">
              {ledger
                .filter((entry) => entry.kind === "disbursement")
                .map((entry) => (
                  <option key={entry.id} value={entry.id}>
                    {formatDate(entry.effectiveOn, locale)} · {formatMoney(entry.amountMinor, entry.currency, locale)}
                  </option>
                ))}
            </select>
          </div>
          <PlainField id="return-amount" name="amountMinor" label={t("grants.agreement.returnAmount")} />
          <PlainField id="return-date" name="effectiveOn" label={t("grants.agreement.returnDate")} type="date" defaultValue={data.today} />
          <PlainField id="return-note" name="note" label={t("grants.agreement.note")} />
          <button type="submit" className="button-secondary">
            {t("grants.agreement.returnSubmit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function ReasonForm({ intent, version, label }: { intent: "cancel"; version: number; label: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="version" value={version} />
        <PlainField name="reason" label={t("grants.agreement.reason")} id={`${intent}-reason`} />
        <button type="submit" className="button-secondary">
          {label}
        </button>
      </Form>
    </section>
  );
}

// A labelled input for the small forms of one row (a tranche, a requirement): their errors are
// said in the notice at the top of the page.
function PlainField({ name, label, type = "text", defaultValue, id, required = true }: { name: string; label: string; type?: "text" | "date"; defaultValue?: string; id: string; required?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type={type} defaultValue={defaultValue} required={required} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "grants.agreement.title");
