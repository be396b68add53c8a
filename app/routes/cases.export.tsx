import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { translator } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { getLocale } from "~/lib/locale.server";
import { readForm } from "~/lib/request-body.server";
import { csvStream, xlsxStream } from "~/lib/spreadsheet.server";
import { openCaseExport } from "~/modules/cases/case-export.server";
import { parseCaseListFilter } from "~/modules/cases/case-list-filter";

// An export writes an audit entry in the reader's name, so it is a POST (the list's export
// buttons post the current filters); a GET, say a link on another site, only leads to the list.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "listCases" });
  const query = new URL(request.url).searchParams;
  query.delete("format");
  return redirect(`/cases${query.size ? `?${query}` : ""}`);
}

// The filtered case list as CSV or XLSX, with only the columns of the reader's allowlist (§8).
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "listCases" });
  const form = await readForm(request);
  const format = form.get("format") === "xlsx" ? "xlsx" : "csv";
  const fields = [...form].flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : []));
  const filter = parseCaseListFilter(new URLSearchParams(fields));
  const locale = await getLocale(request, user);
  const t = translator(locale);
  const caseExport = openCaseExport(user, filter, format, t, locale);
  const table = {
    headers: caseExport.headers,
    rows: caseExport.rows,
    // CSV: after an empty line, as lines starting with "#"; XLSX: a "Notes" sheet.
    notes: caseExport.notes.length ? { title: t("cases.release.notesTitle"), lines: caseExport.notes } : undefined,
    onClose: caseExport.close,
  };
  // Streamed as it is read, without a Content-Length: the browser shows the download growing.
  const fileName = `cases-${kyivToday()}.${format}`;
  const headers = { "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (format === "xlsx") {
    return new Response(xlsxStream(t("cases.title"), table), {
      headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
  }
  return new Response(csvStream(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
}
