import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApplicantForm } from "~/components/applicant-form";
import { PageHeader } from "~/components/forms";
import { requireCase } from "~/lib/auth.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { isMergedCase, maskedApplicantForm, protectedFormFields, revealForCorrection, withStoredIdentity } from "~/modules/cases/case-file.server";
import { applicantFormChoices } from "~/modules/intake/form-choices.server";
import { StaleRecordError } from "~/lib/stale-record.server";
import { IdentityTakenError, MergedRecordError, UnknownReferenceError, updateApplicant } from "~/modules/intake/intake.server";
import { applicantEditSchema } from "~/modules/intake/schema";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "registerApplicants" });
  // A merged record is not corrected; its page points to the record that carries on.
  if (isMergedCase(caseId)) return redirect(`/cases/${caseId}`);
  // Identity numbers and the protection category stay hidden: showing them is a POST (audited).
  return { caseId, form: maskedApplicantForm(caseId), choices: applicantFormChoices(user) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "registerApplicants" });
  const posted = await readForm(request);
  if (posted.get("intent") === "reveal") {
    if (isMergedCase(caseId)) return redirect(`/cases/${caseId}`);
    return { revealed: revealForCorrection(user, caseId) };
  }
  const { form, kept } = withStoredIdentity(caseId, posted);
  const submission = parseWithZod(form, { schema: applicantEditSchema });
  // Numbers put back from the record were never shown: the reply must not carry them.
  const reply = (options: Parameters<typeof submission.reply>[0] = {}) => submission.reply({ ...options, hideFields: kept ? [...protectedFormFields] : undefined });
  if (submission.status !== "success") return Response.json(reply(), { status: 400 });
  try {
    updateApplicant(user, caseId, submission.value.version, submission.value);
  } catch (error) {
    if (error instanceof StaleRecordError) return Response.json(reply({ formErrors: ["errors.staleRecord"] }), { status: 409 });
    if (error instanceof MergedRecordError) return Response.json(reply({ formErrors: ["errors.mergedRecord"] }), { status: 409 });
    if (error instanceof IdentityTakenError) return Response.json(reply({ fieldErrors: { rnokpp: ["errors.identityTaken"] } }), { status: 409 });
    if (error instanceof UnknownReferenceError) return Response.json(reply({ fieldErrors: { [error.field]: ["errors.unknownReference"] } }), { status: 400 });
    throw error;
  }
  return redirect(`/cases/${caseId}`);
}

export default function EditApplicantPage() {
  const { t } = useTranslation();
  const { caseId, form, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const revealed = actionData && "revealed" in actionData ? actionData.revealed : null;
  const lastResult = actionData && !("revealed" in actionData) ? actionData : undefined;
  // A refused save of a revealed form comes back with the numbers typed in it: it stays revealed.
  const postedRevealed = Boolean(lastResult?.initialValue && ("rnokpp" in lastResult.initialValue || "passportNumber" in lastResult.initialValue));
  const masked = !revealed && !postedRevealed;
  // Once revealed, the form starts again with the numbers in it (a new id re-mounts it).
  const defaultValue = masked
    ? { ...form.values, version: String(form.version) }
    : {
        ...form.values,
        keepIdentity: undefined,
        ...Object.fromEntries(Object.entries(revealed ?? {}).map(([field, value]) => [field, value ?? undefined])),
        version: String(form.version),
      };
  return (
    <>
      <PageHeader title={t("cases.page.editTitle", { caseCode: form.caseCode })} />
      {!masked ? (
        <p role="status" className="notice">
          {t("cases.editReveal.revealed")}
        </p>
      ) : (
        <Form method="post" className="stack narrow">
          <button type="submit" name="intent" value="reveal" className="button-secondary">
            {t("cases.editReveal.button")}
          </button>
          <p className="field-hint">{t("cases.editReveal.hint")}</p>
        </Form>
      )}
      <ApplicantForm
        id={`case-${caseId}-${form.version}${masked ? "" : "-revealed"}`}
        key={masked ? "masked" : "revealed"}
        lastResult={lastResult}
        choices={choices}
        defaultValue={defaultValue}
        stored={masked ? form.stored : undefined}
        submitLabel={t("forms.save")}
        cancelTo={`/cases/${caseId}`}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cases.title");
