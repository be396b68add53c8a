import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { OrganisationForm } from "~/components/organisation-form";
import { requireUser } from "~/lib/auth.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { createOrganisation, OrganisationNameTakenError } from "~/modules/admin/organisations.server";
import { organisationSchema } from "~/modules/admin/schema";
import { listOblasts } from "~/modules/locations/locations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageUsers" });
  return { oblasts: listOblasts() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageUsers" });
  const submission = parseWithZod(await readForm(request), { schema: organisationSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    createOrganisation(actor, submission.value);
  } catch (error) {
    if (!(error instanceof OrganisationNameTakenError)) throw error;
    return Response.json(submission.reply({ fieldErrors: { name: ["errors.organisationNameTaken"] } }), { status: 400 });
  }
  return redirect("/admin/organisations");
}

export default function NewOrganisationPage() {
  const { t } = useTranslation();
  const { oblasts } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="narrow">
      <PageHeader title={t("organisations.new")} />
      <OrganisationForm
        id="new-organisation"
        lastResult={lastResult}
        defaults={{ name: "", nameUk: "", kind: "partner", active: true, oblastPcodes: [] }}
        oblasts={oblasts}
        submitLabel={t("organisations.create")}
      />
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organisations.new");
