import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { ProgrammeForm } from "~/components/programme-form";
import { requireUser } from "~/lib/auth.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { createProgramme, ProgrammeCodeTakenError } from "~/modules/admin/programmes.server";
import { programmeSchema } from "~/modules/admin/schema";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageProgrammes" });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageProgrammes" });
  const submission = parseWithZod(await readForm(request), { schema: programmeSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    createProgramme(actor, submission.value);
  } catch (error) {
    if (!(error instanceof ProgrammeCodeTakenError)) throw error;
    return Response.json(submission.reply({ fieldErrors: { code: ["errors.programmeCodeTaken"] } }), { status: 400 });
  }
  return redirect("/admin/programmes");
}

export default function NewProgrammePage() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="narrow">
      <PageHeader title={t("programmes.new")} />
      <ProgrammeForm
        id="new-programme"
        lastResult={lastResult}
        defaults={{ currency: "UAH", followUpOffsetsMonths: "3, 6, 12", minReviewers: "2", reviewDays: "10", smallCellThreshold: "5", trainingRequired: "on", active: "on" }}
        submitLabel={t("programmes.create")}
      />
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "programmes.new");
