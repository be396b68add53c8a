import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApplicantForm } from "~/components/applicant-form";
import { PageHeader } from "~/components/forms";
import { recordAudit } from "~/lib/audit.server";
import { requireUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { pageTitle } from "~/lib/meta";
import { isMergedCase, requireCase } from "~/modules/cases/case-file.server";
import { applicantFormChoices } from "~/modules/intake/form-choices.server";
import { applicantFormValues } from "~/modules/intake/form-values.server";
import { IdentityTakenError, MergedRecordError, StaleCaseError, UnknownReferenceError, updateApplicant } from "~/modules/intake/intake.server";
import { applicantEditSchema } from "~/modules/intake/schema";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "registerApplicants" });
  const caseId = requireCase(user, params.caseId);
  // A merged record is not corrected; its page points to the record that carries on.
  if (isMergedCase(caseId)) return redirect(`/cases/${caseId}`);
  const form = applicantFormValues(caseId);
  // The form shows the identity number, so opening it is a view of protected fields (§8).
  db.transaction((tx) =>
    recordAudit(tx, { userId: user.id, action: "view_protected", entityType: "person", entityId: form.personId, caseId, after: { fields: ["rnokpp", "passport"], purpose: "edit" } }),
  );
  return { caseId, form, choices: applicantFormChoices(user) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "registerApplicants" });
  const caseId = requireCase(user, params.caseId);
  const submission = parseWithZod(await request.formData(), { schema: applicantEditSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    updateApplicant(user, caseId, submission.value.version, submission.value);
  } catch (error) {
    if (error instanceof StaleCaseError) return Response.json(submission.reply({ formErrors: ["errors.staleRecord"] }), { status: 409 });
    if (error instanceof MergedRecordError) return Response.json(submission.reply({ formErrors: ["errors.mergedRecord"] }), { status: 409 });
    if (error instanceof IdentityTakenError) return Response.json(submission.reply({ fieldErrors: { rnokpp: ["errors.identityTaken"] } }), { status: 409 });
    if (error instanceof UnknownReferenceError) return Response.json(submission.reply({ fieldErrors: { [error.field]: ["errors.unknownReference"] } }), { status: 400 });
    throw error;
  }
  return redirect(`/cases/${caseId}`);
}

export default function EditApplicantPage() {
  const { t } = useTranslation();
  const { caseId, form, choices } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("cases.page.editTitle", { caseCode: form.caseCode })} />
      <ApplicantForm
        id={`case-${caseId}-${form.version}`}
        lastResult={lastResult}
        choices={choices}
        defaultValue={{ ...form.values, version: String(form.version) }}
        submitLabel={t("forms.save")}
        cancelTo={`/cases/${caseId}`}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cases.title");
