import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getUser } from "~/lib/auth.server";
import { endSession } from "~/lib/session.server";
import { recordLogout } from "~/modules/accounts/accounts.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (user) recordLogout(user);
  return endSession(request);
}
