import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { translator } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { getLocale } from "~/lib/locale.server";
import { readForm } from "~/lib/request-body.server";
import { csvStream, xlsxStream } from "~/lib/spreadsheet.server";
import { parseGrantsRegisterFilter } from "~/modules/grants/grants-register-filter";
import { grantsRegisterExport } from "~/modules/grants/grants-register.server";

// An export writes an audit entry in the reader's name, so it is a POST; a GET leads to the register.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "listGrants" });
  const query = new URL(request.url).searchParams;
  query.delete("format");
  return redirect(`/grants${query.size ? `?${query}` : ""}`);
}

// The filtered register as CSV or XLSX, streamed as the client reads it.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "listGrants" });
  const form = await readForm(request);
  const format = form.get("format") === "xlsx" ? "xlsx" : "csv";
  const fields = [...form].flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : []));
  const filter = parseGrantsRegisterFilter(new URLSearchParams(fields));
  const locale = await getLocale(request, user);
  const t = translator(locale);
  const table = grantsRegisterExport(user, filter, format, t, locale);
  const headers = { "Content-Disposition": `attachment; filename="grants-${kyivToday()}.${format}"`, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (format === "xlsx") {
    return new Response(xlsxStream(t("grants.register.title"), table), { headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
  }
  return new Response(csvStream(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
}
