// One language's dictionary as JSON, for the browser (app/lib/i18n.ts): the URL carries the
// content's hash, so the file is cached until its text changes. Public: the login page needs it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/not-found.server";
import { isLocale } from "~/lib/i18n";
import { dictionaryVersion, serverDictionaries } from "~/lib/i18n-dictionaries.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = /^([a-z]{2})\.json$/.exec(params.file ?? "")?.[1];
  if (!isLocale(locale)) notFound();
  const current = new URL(request.url).searchParams.get("v") === dictionaryVersion(locale);
  return new Response(JSON.stringify(serverDictionaries[locale]), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
