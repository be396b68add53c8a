import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApplicantForm } from "~/components/applicant-form";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { applicantFormChoices } from "~/modules/intake/form-choices.server";
import { registerApplicant, UnknownReferenceError } from "~/modules/intake/intake.server";
import { applicantSchema } from "~/modules/intake/schema";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "registerApplicants" });
  return { choices: applicantFormChoices(user), today: kyivToday(), officerName: user.name };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "registerApplicants" });
  const submission = parseWithZod(await readForm(request), { schema: applicantSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    const result = registerApplicant(user, submission.value);
    if (result.kind === "created") return redirect(`/cases/${result.caseId}?registered=1`);
    // A definite duplicate (same RNOKPP or passport): nothing is created; open the existing record.
    if (result.kind === "definite_duplicate" && result.caseId) {
      return redirect(`/cases/${result.caseId}?duplicateOf=${result.matchedOn}`);
    }
    return Response.json(submission.reply({ formErrors: ["errors.definiteDuplicate"] }), { status: 409 });
  } catch (error) {
    if (!(error instanceof UnknownReferenceError)) throw error;
    return Response.json(submission.reply({ fieldErrors: { [error.field]: ["errors.unknownReference"] } }), { status: 400 });
  }
}

export default function RegisterApplicantPage() {
  const { t } = useTranslation();
  const { choices, today, officerName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("cases.register")}>
        <p className="lead">{t("cases.form.intro")}</p>
      </PageHeader>
      <ApplicantForm
        id="register-applicant"
        lastResult={lastResult}
        choices={choices}
        defaultValue={{
          programmeId: choices.programmes.length === 1 ? String(choices.programmes[0].id) : undefined,
          applicationDate: today,
          consentGivenOn: today,
          consentTakenBy: officerName,
          consentPurposes: ["registration", "screening"],
          businessKind: "startup",
          householdSize: "1",
          children: "0",
          olderMembers: "0",
          membersWithDisability: "0",
        }}
        submitLabel={t("cases.form.submitRegister")}
        cancelTo="/cases"
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cases.register");
