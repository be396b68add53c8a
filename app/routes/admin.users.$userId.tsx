import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { roles } from "../../db/enums";
import { CheckboxField, ErrorList, FormErrorSummary, PageHeader, RequiredFieldsNote, SelectField, TextField } from "~/components/forms";
import { useValidatedForm } from "~/components/use-validated-form";
import { OneTimePasswordNotice } from "~/components/one-time-password";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { pageTitle } from "~/lib/meta";
import { generateOneTimePassword } from "~/lib/one-time-password.server";
import { readForm } from "~/lib/request-body.server";
import {
  findUser,
  programmeIdsOf,
  resetPassword,
  AccountChangeRefused,
  StaleRecordError,
  updateUser,
} from "~/modules/accounts/accounts.server";
import { listOrganisations } from "~/modules/admin/organisations.server";
import { listProgrammes } from "~/modules/admin/programmes.server";
import { userUpdateSchema } from "~/modules/admin/schema";
import { userUpdateSchema as userFormSchema } from "~/modules/admin/form-schemas";

function userIdFrom(params: { userId?: string }) {
  const id = idParam(params.userId);
  const user = findUser(id);
  if (!user) notFound();
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageUsers" });
  const user = userIdFrom(params);
  return {
    user,
    organisations: listOrganisations(),
    programmes: listProgrammes().map(({ id, code, name, nameUk }) => ({ id, code, name, nameUk })),
    programmeIds: programmeIdsOf(user.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageUsers" });
  const user = userIdFrom(params);
  const submission = parseWithZod(await readForm(request), { schema: userUpdateSchema });
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply(), reset: null }, { status: 400 });
  }
  if (submission.value.intent === "reset-password") {
    const oneTimePassword = generateOneTimePassword();
    await resetPassword(actor, user.id, oneTimePassword);
    return { result: submission.reply(), reset: { email: user.email, oneTimePassword } };
  }
  const input = submission.value;
  try {
    updateUser(actor, user.id, input);
  } catch (error) {
    if (error instanceof AccountChangeRefused) {
      const reply =
        error.code === "cannot_demote_self"
          ? submission.reply({ formErrors: ["errors.cannotDemoteSelf"] })
          : submission.reply({ fieldErrors: { organisationId: ["errors.mentorNeedsPartner"] } });
      return Response.json({ result: reply, reset: null }, { status: 400 });
    }
    if (!(error instanceof StaleRecordError)) throw error;
    return Response.json({ result: submission.reply({ formErrors: ["errors.staleRecord"] }), reset: null }, { status: 409 });
  }
  return { result: submission.reply(), reset: null, saved: true };
}

export default function EditUserPage() {
  const { t, i18n } = useTranslation();
  const { user, organisations, programmes, programmeIds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useValidatedForm({
    id: `user-${user.id}-${user.version}`,
    schema: userFormSchema,
    lastResult: actionData?.result,
    defaultValue: {
      name: user.name,
      role: user.role,
      organisationId: String(user.organisationId),
      active: user.active ? "on" : undefined,
      coordinator: user.coordinator ? "on" : undefined,
      programmeIds: programmeIds.map(String),
      version: String(user.version),
    },
  });
  return (
    <section className="narrow">
      <PageHeader title={user.name}>
        <p className="lead">{user.email}</p>
      </PageHeader>
      {actionData && "saved" in actionData ? (
        <p role="status" className="notice notice-success">
          {t("forms.saved")}
        </p>
      ) : null}
      {actionData?.reset ? <OneTimePasswordNotice email={actionData.reset.email} password={actionData.reset.oneTimePassword} /> : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary form={form} />
        <RequiredFieldsNote />
        <input type="hidden" name="intent" value="update" />
        <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} />
        <TextField label={t("users.name")} field={fields.name} autoComplete="off" required />
        <SelectField
          label={t("users.role")}
          field={fields.role}
          options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          required
        />
        <SelectField
          label={t("users.organisation")}
          field={fields.organisationId}
          required
          options={organisations.map((organisation) => ({
            value: organisation.id,
            label: i18n.language === "uk" ? organisation.nameUk : organisation.name,
          }))}
        />
        <fieldset className="field">
          <legend>{t("users.programmes")}</legend>
          <p className="hint">{t("users.programmesHint")}</p>
          <div className="checkbox-grid">
            {programmes.map((programme) => (
              <label key={programme.id} className="checkbox-option">
                <input
                  type="checkbox"
                  name={fields.programmeIds.name}
                  value={programme.id}
                  defaultChecked={(fields.programmeIds.initialValue ?? programmeIds.map(String)).includes(String(programme.id))}
                />
                {programme.code} · {i18n.language === "uk" ? programme.nameUk : programme.name}
              </label>
            ))}
          </div>
          <ErrorList id={fields.programmeIds.errorId} errors={fields.programmeIds.errors} />
        </fieldset>
        <CheckboxField label={t("users.activeAccount")} field={fields.active} />
        <CheckboxField label={t("users.coordinator")} field={fields.coordinator} />
        <p className="field-hint">{t("users.coordinatorHint")}</p>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t("forms.save")}
          </button>
          <Link to="/admin/users">{t("forms.backToList")}</Link>
        </div>
      </Form>
      <Form method="post" className="stack danger-zone">
        <h2>{t("users.resetPassword")}</h2>
        <p>{t("users.resetPasswordHint")}</p>
        <button type="submit" name="intent" value="reset-password" className="button-secondary">
          {t("users.resetPassword")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.title");
