import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FundingSourceForm, type FundingSourceResult } from "~/components/funding-source-form";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { parseWithZod } from "~/lib/forms.server";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { listProgrammes } from "~/modules/admin/programmes.server";
import { grantRefusalResponse } from "~/modules/grants/grant-replies.server";
import { fundingFormLimits, fundingSourceSchema } from "~/modules/grants/grant-schemas";
import { createFundingSource } from "~/modules/grants/funding.server";

const formFields = ["name", "donor", "reference", "currency", "totalMinor", "periodStart", "periodEnd", "programmeIds", "budgetLines"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageFunding" });
  return { programmes: listProgrammes().map((programme) => ({ id: programme.id, code: programme.code, name: programme.name, nameUk: programme.nameUk })), today: kyivToday() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageFunding" });
  const submission = parseWithZod(await readForm(request, fundingFormLimits), { schema: fundingSourceSchema });
  // Adding or removing a line without JavaScript comes back here too (no status).
  if (submission.status !== "success") return Response.json(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  try {
    const source = createFundingSource(actor, submission.value);
    return redirect(`/admin/funding/${source.id}`);
  } catch (error) {
    const response = grantRefusalResponse(submission, error, formFields);
    if (response) return response;
    throw error;
  }
}

export default function NewFundingSourcePage() {
  const { t, i18n } = useTranslation();
  const { programmes, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as FundingSourceResult | undefined;
  return (
    <section className="narrow">
      <PageHeader title={t("grants.funding.new")} />
      <FundingSourceForm
        id="new-funding-source"
        lastResult={lastResult}
        programmes={programmes.map((programme) => ({ id: programme.id, label: `${programme.code} · ${i18n.language === "uk" ? programme.nameUk : programme.name}` }))}
        defaults={{ name: "", donor: "", reference: "", currency: "EUR", totalMinor: "", periodStart: today, periodEnd: "", programmeIds: [], budgetLines: [{ code: "", name: "", amountMinor: "" }] }}
        submitLabel={t("grants.funding.create")}
      />
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "grants.funding.new");
