import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/lib/audit.server";
import { can, requireUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { writeCsv, writeXlsx } from "~/lib/spreadsheet.server";
import { parseCaseListFilter } from "~/modules/cases/case-list-filter";
import { casesForExport, type VisibleCaseRow } from "~/modules/cases/case-list.server";

// The filtered case list as CSV or XLSX, with only the columns the user's role may see (§8):
// evaluators get pseudonymous codes and age bands; nobody gets the specific protected category.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "listCases" });
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const filter = parseCaseListFilter(url.searchParams);
  const t = translator(await getLocale(request, user));
  const rows = casesForExport(user, filter);
  const today = new Date().toISOString().slice(0, 10);
  const withIdentifiers = can(user, "seeIdentifiers");

  type Column = [string, (row: VisibleCaseRow) => string | number | null];
  const identifierColumns: Column[] = [
    [t("cases.form.surname"), (row) => row.identifiers?.surname ?? null],
    [t("cases.form.firstName"), (row) => row.identifiers?.firstName ?? null],
    [t("cases.form.patronymic"), (row) => row.identifiers?.patronymic ?? null],
    [t("cases.form.phone"), (row) => row.identifiers?.phone ?? null],
  ];
  const columns: Column[] = [
    [t("cases.caseCode"), (row) => row.caseCode],
    [t("cases.programme"), (row) => row.programmeCode],
    ...(withIdentifiers ? identifierColumns : []),
    [t("cases.sex"), (row) => t(`cases.sexes.${row.sex}`)],
    [t("cases.ageBand"), (row) => row.ageBand],
    [t("cases.oblastPcode"), (row) => row.oblastPcode],
    [t("cases.hromadaPcode"), (row) => row.hromadaPcode],
    [t("cases.displacementStatus"), (row) => (row.displacementStatus ? t(`cases.displacement.${row.displacementStatus}`) : null)],
    [t("cases.stage"), (row) => t(`stages.${row.stage}`)],
    [t("cases.status"), (row) => t(`statuses.${row.status}`)],
    [t("cases.eligibility"), (row) => t(`cases.eligibilityStatus.${row.eligibility}`)],
    [t("cases.vulnerabilityScore"), (row) => row.vulnerabilityScore],
    [t("cases.protectionFlag"), (row) => (row.protectionFlag ? t("cases.yes") : t("cases.no"))],
    [t("cases.partner"), (row) => row.partnerName],
    [t("cases.applicationDate"), (row) => row.applicationDate],
  ];
  db.transaction((tx) =>
    recordAudit(tx, {
      userId: user.id,
      action: "export",
      entityType: "case",
      entityId: "list",
      after: { format, filter, rows: rows.length },
    }),
  );
  const headers = columns.map(([header]) => header);
  const body = rows.map((row) => columns.map(([, value]) => value(row)));
  const fileName = `cases-${today}.${format}`;
  if (format === "xlsx") {
    return new Response(Buffer.from(await writeXlsx(t("cases.title"), headers, body)), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  }
  return new Response(writeCsv(headers, body), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
