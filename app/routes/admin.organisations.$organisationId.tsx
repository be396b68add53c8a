import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { OrganisationForm } from "~/components/organisation-form";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { StaleRecordError } from "~/modules/accounts/accounts.server";
import { findOrganisation, OrganisationNameTakenError, updateOrganisation } from "~/modules/admin/organisations.server";
import { organisationUpdateSchema } from "~/modules/admin/schema";
import { listOblasts } from "~/modules/locations/locations.server";


function organisationFrom(params: { organisationId?: string }) {
  const organisation = findOrganisation(idParam(params.organisationId));
  if (!organisation) notFound();
  return organisation;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageUsers" });
  return { organisation: organisationFrom(params), oblasts: listOblasts() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageUsers" });
  const organisation = organisationFrom(params);
  const submission = parseWithZod(await readForm(request), { schema: organisationUpdateSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    updateOrganisation(actor, organisation.id, submission.value);
  } catch (error) {
    if (error instanceof OrganisationNameTakenError) {
      return Response.json(submission.reply({ fieldErrors: { name: ["errors.organisationNameTaken"] } }), { status: 400 });
    }
    if (!(error instanceof StaleRecordError)) throw error;
    return Response.json(submission.reply({ formErrors: ["errors.staleRecord"] }), { status: 409 });
  }
  return redirect("/admin/organisations");
}

export default function EditOrganisationPage() {
  const { t, i18n } = useTranslation();
  const { organisation, oblasts } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="narrow">
      <PageHeader title={i18n.language === "uk" ? organisation.nameUk : organisation.name} />
      <OrganisationForm
        id={`organisation-${organisation.id}-${organisation.version}`}
        lastResult={lastResult}
        defaults={organisation}
        oblasts={oblasts}
        submitLabel={t("forms.save")}
      />
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organisations.title");
