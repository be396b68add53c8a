import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/request-body.server";
import { startSession } from "~/lib/session.server";
import { passwordSchema } from "~/modules/accounts/schema";
import { changePassword } from "~/modules/accounts/accounts.server";


export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  return { mustChange: user.mustChangePassword };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  const submission = parseWithZod(await readForm(request), { schema: passwordSchema });
  const hidden = { hideFields: ["currentPassword", "newPassword", "confirmPassword"] };
  if (submission.status !== "success") {
    return Response.json(submission.reply(hidden), { status: 400 });
  }
  const result = await changePassword(user, submission.value.currentPassword, submission.value.newPassword);
  if (!result.ok) {
    return Response.json(
      submission.reply({ ...hidden, fieldErrors: { currentPassword: ["errors.wrongPassword"] } }),
      { status: 400 },
    );
  }
  // Every old session has ended; this browser continues in a fresh one.
  return startSession(user.id, "/");
}

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { mustChange } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ lastResult });
  return (
    <section className="narrow">
      <h1>{t("password.title")}</h1>
      {mustChange ? <p className="notice">{t("password.mustChange")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField label={t("password.current")} field={fields.currentPassword} type="password" autoComplete="current-password" />
        <TextField label={t("password.new")} field={fields.newPassword} type="password" autoComplete="new-password" hint={t("password.rule")} />
        <TextField label={t("password.confirm")} field={fields.confirmPassword} type="password" autoComplete="new-password" />
        <button type="submit" className="button-primary">
          {t("password.submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Livelihoods Tracker" }];
