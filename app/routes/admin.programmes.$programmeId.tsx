import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { ProgrammeForm } from "~/components/programme-form";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { pageTitle } from "~/lib/meta";
import { minorToInput } from "~/lib/money";
import { readForm } from "~/lib/request-body.server";
import { StaleRecordError } from "~/modules/accounts/accounts.server";
import { findProgramme, ProgrammeCodeTakenError, updateProgramme } from "~/modules/admin/programmes.server";
import { letterSettingKeys, programmeUpdateSchema } from "~/modules/admin/schema";


function programmeFrom(params: { programmeId?: string }) {
  const programme = findProgramme(idParam(params.programmeId));
  if (!programme) notFound();
  return programme;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageProgrammes" });
  const programme = programmeFrom(params);
  // The decision letter's settings as the form shows them (read here: the key list is zod's).
  const letterDefaults: Record<string, string | undefined> = {
    ...Object.fromEntries(letterSettingKeys.map((key) => [key, programme[key] ?? undefined])),
    agreementCallDays: String(programme.agreementCallDays),
  };
  return { programme, letterDefaults };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageProgrammes" });
  const programme = programmeFrom(params);
  const submission = parseWithZod(await readForm(request), { schema: programmeUpdateSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    updateProgramme(actor, programme.id, submission.value);
  } catch (error) {
    if (error instanceof StaleRecordError) {
      return Response.json(submission.reply({ formErrors: ["errors.staleRecord"] }), { status: 409 });
    }
    if (error instanceof ProgrammeCodeTakenError) {
      return Response.json(submission.reply({ fieldErrors: { code: ["errors.programmeCodeTaken"] } }), { status: 400 });
    }
    throw error;
  }
  return redirect("/admin/programmes");
}

export default function EditProgrammePage() {
  const { t, i18n } = useTranslation();
  const { programme, letterDefaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="narrow">
      <PageHeader
        title={i18n.language === "uk" ? programme.nameUk : programme.name}
        actions={
          <Link to={`/admin/programmes/${programme.id}/rubric`} className="button-secondary">
            {t("review.rubric.link")}
          </Link>
        }
      />
      <ProgrammeForm
        id={`programme-${programme.id}-${programme.version}`}
        lastResult={lastResult}
        defaults={{
          code: programme.code,
          name: programme.name,
          nameUk: programme.nameUk,
          donor: programme.donor,
          currency: programme.currency,
          grantCeilingMinor: minorToInput(programme.grantCeilingMinor),
          budgetEnvelopeMinor: minorToInput(programme.budgetEnvelopeMinor),
          followUpOffsetsMonths: programme.followUpOffsetsMonths.join(", "),
          minReviewers: String(programme.minReviewers),
          reviewDays: String(programme.reviewDays),
          smallCellThreshold: String(programme.smallCellThreshold),
          startDate: programme.startDate,
          endDate: programme.endDate ?? undefined,
          trainingRequired: programme.trainingRequired ? "on" : undefined,
          active: programme.active ? "on" : undefined,
          ...letterDefaults,
          version: String(programme.version),
        }}
        submitLabel={t("forms.save")}
      />
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "programmes.title");
