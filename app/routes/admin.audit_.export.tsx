import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { translator } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { getLocale } from "~/lib/locale.server";
import { readForm } from "~/lib/request-body.server";
import { writeCsv, writeXlsx } from "~/lib/spreadsheet.server";
import { auditExportTable } from "~/modules/admin/audit-log.server";
import { auditFilterSchema } from "~/modules/admin/schema";

// The export is recorded in the log, so it is a POST; a GET only leads back to the log.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "readAudit" });
  const query = new URL(request.url).searchParams;
  query.delete("format");
  return redirect(`/admin/audit${query.size ? `?${query}` : ""}`);
}

// The filtered audit log as CSV or XLSX, in the reader's language; the notes say if it was cut.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "readAudit" });
  const form = await readForm(request);
  const format = form.get("format") === "xlsx" ? "xlsx" : "csv";
  const fields = [...form].flatMap(([name, value]) => (typeof value === "string" && value !== "" ? [[name, value] as [string, string]] : []));
  const filter = auditFilterSchema.parse(Object.fromEntries(fields));
  const locale = await getLocale(request, user);
  const t = translator(locale);
  const table = auditExportTable(user, filter, format, t, locale);
  const fileName = `audit-log-${kyivToday()}.${format}`;
  const headers = { "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (format === "xlsx") {
    const bytes = await writeXlsx(t("auditLog.export.sheet"), table.headers, table.rows, { title: t("auditLog.export.notesTitle"), lines: table.notes });
    return new Response(Buffer.from(bytes), { headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
  }
  // As in the case export: the notes follow the table, after an empty line, starting with "#".
  const rows = [...table.rows, [], ...table.notes.map((note) => [`# ${note}`])];
  return new Response(writeCsv(table.headers, rows), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
}
