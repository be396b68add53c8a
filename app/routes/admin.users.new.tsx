import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { roles } from "../../db/enums";
import { FormErrorSummary, PageHeader, RequiredFieldsNote, SelectField, TextField } from "~/components/forms";
import { useValidatedForm } from "~/components/use-validated-form";
import { OneTimePasswordNotice } from "~/components/one-time-password";
import { requireUser } from "~/lib/auth.server";
import { pageTitle } from "~/lib/meta";
import { generateOneTimePassword } from "~/lib/one-time-password.server";
import { readForm } from "~/lib/request-body.server";
import { AccountChangeRefused, createUser, EmailTakenError } from "~/modules/accounts/accounts.server";
import { listOrganisations } from "~/modules/admin/organisations.server";
import { userCreateSchema } from "~/modules/admin/schema";
import { userCreateSchema as userFormSchema } from "~/modules/admin/form-schemas";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageUsers" });
  return { organisations: listOrganisations().filter((organisation) => organisation.active) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageUsers" });
  const submission = parseWithZod(await readForm(request), { schema: userCreateSchema });
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply(), created: null }, { status: 400 });
  }
  const oneTimePassword = generateOneTimePassword();
  try {
    const user = await createUser(actor, { ...submission.value, password: oneTimePassword });
    return { result: submission.reply({ resetForm: true }), created: { id: user.id, email: user.email, oneTimePassword } };
  } catch (error) {
    if (error instanceof AccountChangeRefused) {
      return Response.json({ result: submission.reply({ fieldErrors: { organisationId: ["errors.mentorNeedsPartner"] } }), created: null }, { status: 400 });
    }
    if (!(error instanceof EmailTakenError)) throw error;
    return Response.json(
      { result: submission.reply({ fieldErrors: { email: ["errors.emailTaken"] } }), created: null },
      { status: 400 },
    );
  }
}

export default function NewUserPage() {
  const { t, i18n } = useTranslation();
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useValidatedForm({ id: "new-user", schema: userFormSchema, lastResult: actionData?.result });
  return (
    <section className="narrow">
      <PageHeader title={t("users.new")} />
      {actionData?.created ? (
        <OneTimePasswordNotice email={actionData.created.email} password={actionData.created.oneTimePassword} />
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary form={form} />
        <RequiredFieldsNote />
        <TextField label={t("users.name")} field={fields.name} autoComplete="off" />
        <TextField label={t("users.email")} field={fields.email} type="email" autoComplete="off" />
        <SelectField
          label={t("users.role")}
          field={fields.role}
          placeholder={t("forms.choose")}
          options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
        />
        <SelectField
          label={t("users.organisation")}
          field={fields.organisationId}
          placeholder={t("forms.choose")}
          options={organisations.map((organisation) => ({
            value: organisation.id,
            label: i18n.language === "uk" ? organisation.nameUk : organisation.name,
          }))}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t("users.create")}
          </button>
          <Link to="/admin/users">{t("forms.backToList")}</Link>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.new");
