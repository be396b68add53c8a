import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/forms";
import { getUser } from "~/lib/auth.server";
import { readForm } from "~/lib/request-body.server";
import { clientAddress } from "~/lib/request.server";
import { startSession } from "~/lib/session.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { loginSchema } from "~/modules/accounts/schema";
import { attemptLogin } from "~/modules/accounts/accounts.server";
import { knownDevice, rememberDevice } from "~/modules/accounts/known-device.server";


export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: loginSchema });
  if (submission.status !== "success") {
    return Response.json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const device = await knownDevice(request);
  const result = await attemptLogin({ ...submission.value, address: clientAddress(context), device });
  if (!result.ok) {
    const message = result.reason === "rate_limited" ? "login.rateLimited" : "login.invalid";
    return Response.json(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "rate_limited" ? 429 : 400,
    });
  }
  const destination = result.user.mustChangePassword
    ? "/account/password"
    : safeRedirect(submission.value.redirectTo);
  return startSession(result.user.id, destination, [await rememberDevice(device, result.user.id)]);
}

export default function LoginPage() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({ lastResult, shouldRevalidate: "onBlur" });
  return (
    <section className="narrow">
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={safeRedirect(searchParams.get("redirectTo"))} />
        <TextField label={t("login.email")} field={fields.email} type="email" autoComplete="username" />
        <TextField label={t("login.password")} field={fields.password} type="password" autoComplete="current-password" />
        <button type="submit" className="button-primary" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Livelihoods Tracker" }];
