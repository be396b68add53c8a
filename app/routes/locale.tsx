import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getUser } from "~/lib/auth.server";
import { isLocale } from "~/lib/i18n";
import { localeCookie } from "~/lib/locale.server";
import { readForm } from "~/lib/request-body.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { setUserLocale } from "~/modules/accounts/accounts.server";

export async function loader() {
  return redirect("/");
}

// Switching language is remembered in a cookie and, for a signed-in user, on their account.
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const locale = form.get("locale");
  if (!isLocale(locale)) throw new Response("Unknown language", { status: 400 });
  const user = await getUser(request);
  if (user) setUserLocale(user.id, locale);
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}
