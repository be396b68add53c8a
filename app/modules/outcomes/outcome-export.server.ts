// The outcomes files (issue 11 §3): every table of the page as XLSX or CSV, always with
// small-cell suppression whoever asks (files travel to donors), and the case-level file. Each
// download writes an audit entry in the reader's name, so exports are POSTs.
import { recordAudit } from "~/lib/audit.server";
import { notFound } from "~/lib/not-found.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { translator, type Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { writeCsv, writeXlsx, writeXlsxSheets, type ExportCell } from "~/lib/spreadsheet.server";
import { caseOutcomeRows } from "./case-outcomes.server";
import { outcomeFilterParams, parseOutcomeQuery, type OutcomeFilter } from "./outcome-filter";
import { exportCell, outcomeTables } from "./outcome-tables";
import { outcomeDashboard, outcomeOptions, outcomeThreshold } from "./outcomes.server";

export type OutcomeFile = { fileName: string; contentType: string; body: Uint8Array | string };

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const csvType = "text/csv; charset=utf-8";

function describeFilter(filter: OutcomeFilter): string {
  const params = outcomeFilterParams(filter);
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
}

// A CSV holds one table: several follow one another, each under its title, an empty line between.
function csvOf(tables: { title: string; headers: string[]; rows: ExportCell[][] }[], notes: string[]): string {
  if (tables.length === 1 && notes.length === 0) return writeCsv(tables[0].headers, tables[0].rows);
  const [first, ...rest] = tables;
  const rows: ExportCell[][] = [...first.rows];
  for (const table of rest) rows.push([], [table.title], table.headers, ...table.rows);
  if (notes.length) rows.push([], ...notes.map((note) => [`# ${note}`]));
  return writeCsv(first.headers, rows);
}

function caseFile(user: CurrentUser, filter: OutcomeFilter, format: "csv" | "xlsx", locale: Locale): Promise<OutcomeFile> | OutcomeFile {
  const t = translator(locale);
  const file = caseOutcomeRows(filter);
  const columns = (key: string) => t(`outcomes.exports.columns.${key}`);
  const stageColumns = ["baseline", ...file.stages];
  const headers = [
    columns("caseCode"),
    columns("programme"),
    columns("placeLevel"),
    columns("placePcode"),
    columns("sex"),
    columns("ageBand"),
    columns("displacement"),
    columns("modality"),
    columns("kind"),
    columns("originMonth"),
    columns("days"),
    columns("event"),
    columns("status"),
    ...stageColumns.flatMap((stage) => [`jobs_fte_${stage}`, `revenue_${stage}`, `net_income_${stage}`]),
  ];
  const money = (minor: number | null) => (minor === null ? null : minor / 100);
  const rows: ExportCell[][] = file.rows.map((row) => [
    row.caseCode,
    row.programmeCode,
    row.placeLevel,
    row.placePcode,
    row.sex,
    row.ageBand,
    row.displacementStatus,
    row.modality,
    row.businessKind,
    row.timeOriginMonth,
    row.days,
    row.event,
    row.status,
    ...stageColumns.flatMap((stage) => {
      const figures = row.stages[stage];
      return [figures.jobsFte === null ? null : Number(figures.jobsFte.toFixed(4)), money(figures.revenueMinor), money(figures.netIncomeMinor)];
    }),
  ]);
  const notes = [
    t("outcomes.exports.caseNotes.threshold", { k: file.k }),
    t("outcomes.exports.caseNotes.levels", { ...file.levels, withheld: file.withheld }),
    t("outcomes.exports.caseNotes.survival"),
    t("outcomes.exports.caseNotes.jobs"),
    t("outcomes.exports.filter", { filter: describeFilter(file.filter) || "—" }),
    t("outcomes.exports.generated", { date: kyivToday() }),
  ];
  db.transaction((tx) =>
    recordAudit(tx, { userId: user.id, action: "export", entityType: "outcomes", entityId: "cases", after: { format, filter: file.filter, rows: rows.length, withheld: file.withheld, k: file.k } }),
  );
  const fileName = `outcomes-cases-${kyivToday()}.${format}`;
  // The CSV is for R and Stata: one header row and the rows, nothing else (the notes are in the XLSX).
  if (format === "csv") return { fileName, contentType: csvType, body: writeCsv(headers, rows) };
  return writeXlsx("cases", headers, rows, { title: t("outcomes.exports.notesTitle"), lines: notes }).then((body) => ({ fileName, contentType: xlsxType, body }));
}

/** The file a form asked for: `table` is a table id, "all" or "cases"; `format` csv or xlsx. */
export async function outcomeFile(user: CurrentUser, form: URLSearchParams, locale: Locale): Promise<OutcomeFile> {
  const { filter, compare } = parseOutcomeQuery(form);
  const format = form.get("format") === "xlsx" ? "xlsx" : "csv";
  const wanted = form.get("table") ?? "all";
  if (wanted === "cases") return caseFile(user, filter, format, locale);
  const t = translator(locale);
  const threshold = outcomeThreshold(filter.programmeId);
  // Files are always published figures, whoever downloads them.
  const dashboard = outcomeDashboard(filter, compare, { suppressed: true, threshold });
  const all = outcomeTables(dashboard, t, outcomeOptions(), locale);
  const chosen = wanted === "all" ? all : all.filter((table) => table.id === wanted);
  if (chosen.length === 0) notFound();
  const tables = chosen.map((table) => ({ title: table.title, headers: table.headers, rows: table.rows.map((row) => row.map((value) => exportCell(value, t))) }));
  const notes = [t("outcomes.exports.threshold", { k: threshold }), t("outcomes.exports.filter", { filter: describeFilter(filter) || "—" }), t("outcomes.exports.generated", { date: kyivToday() })];
  db.transaction((tx) =>
    recordAudit(tx, { userId: user.id, action: "export", entityType: "outcomes", entityId: wanted, after: { format, filter, compare, tables: chosen.map((table) => table.id), k: threshold } }),
  );
  const fileName = `outcomes-${wanted}-${kyivToday()}.${format}`;
  if (format === "csv") return { fileName, contentType: csvType, body: csvOf(tables, notes) };
  const body = await writeXlsxSheets(
    tables.map((table, index) => ({ name: `${index + 1}. ${table.title}`, headers: table.headers, rows: table.rows })),
    { title: t("outcomes.exports.notesTitle"), lines: notes },
  );
  return { fileName, contentType: xlsxType, body };
}
