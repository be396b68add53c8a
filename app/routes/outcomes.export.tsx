import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { getLocale } from "~/lib/locale.server";
import { readForm } from "~/lib/request-body.server";
import { outcomeFile } from "~/modules/outcomes/outcome-export.server";

// A download writes an audit entry, so it is a POST; a GET only leads back to the page.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "readOutcomes" });
  const query = new URL(request.url).searchParams;
  query.delete("format");
  query.delete("table");
  return redirect(`/outcomes${query.size ? `?${query}` : ""}`);
}

// The page's tables (always suppressed) or the case-level file, as CSV or XLSX.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "readOutcomes" });
  const form = await readForm(request);
  const fields = [...form].flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : []));
  const file = await outcomeFile(user, new URLSearchParams(fields), await getLocale(request, user));
  return new Response(typeof file.body === "string" ? file.body : Buffer.from(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
