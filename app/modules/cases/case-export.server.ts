// The case list as a file, with the columns of the reader's allowlist (case-views.ts, §8):
// staff and mentors get the filtered rows; evaluators get the release, coarsened so that no row
// singles out fewer than k people, with a note saying what was coarsened. Exporting writes an
// audit entry, so it is only ever done by a POST.
//
// The rows are not read here but while the file is written (spreadsheet.server.ts csvStream,
// xlsxStream), from a read snapshot of their own: an export of 100,000 cases holds one chunk of
// rows at a time, and what it counts for its notes and audit entry is what it writes.
import { labelsOnce, type Translate } from "~/lib/labels";
import { recordAudit } from "~/lib/audit.server";
import { forbidden } from "~/lib/auth.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { openReadSnapshot } from "~/lib/read-snapshot.server";
import { xlsxMaxDataRows, type ExportCell } from "~/lib/spreadsheet.server";
import { withExtraAnswers } from "~/modules/intake/completeness.server";
import { caseExportRows } from "./case-list.server";
import type { CaseListFilter } from "./case-list-filter";
import { caseAudience, releaseExportColumns, staffExportColumns, type ExportColumn } from "./case-views";
import { releaseExport } from "./evaluator-release.server";

export type CaseExport = {
  headers: string[];
  /** The file's rows, read from the snapshot as they are taken. */
  rows: Iterator<ExportCell[]>;
  /** What the reader must know about the rows (coarsening, rows left out, a cut). */
  notes: string[];
  /** Rows the file will hold, and rows the filter matched (more when the file is cut). */
  fileRows: number;
  /** Ends the read snapshot; the file writer calls it when done, abandoned or failed. */
  close(): void;
};

/**
 * Opens the export of the filtered list in the reader's language. `maxRows` (default: an Excel
 * sheet's limit for XLSX, none for CSV) cuts the file, and a note in the file says so.
 */
export function openCaseExport(
  user: CurrentUser,
  filter: CaseListFilter,
  format: "csv" | "xlsx",
  translate: Translate,
  locale: Locale,
  options: { maxRows?: number } = {},
): CaseExport {
  const t = labelsOnce(translate);
  const audience = caseAudience(user.role);
  if (!audience) forbidden();
  const maxRows = options.maxRows ?? (format === "xlsx" ? xlsxMaxDataRows : Number.POSITIVE_INFINITY);
  const snapshot = openReadSnapshot();
  try {
    let headers: string[];
    let cells: Iterator<ExportCell[]>;
    let total: number;
    let notes: string[] = [];
    let audited: Record<string, unknown>;
    if (audience === "pseudonymised") {
      const release = releaseExport(snapshot, user, filter);
      const columns = releaseExportColumns(t);
      headers = columns.map((column) => column.header);
      cells = cellsOf(release.rows, columns, maxRows);
      total = release.total;
      notes = [
        t("cases.release.notes.threshold", { k: release.k }),
        t("cases.release.notes.levels", {
          hromada: release.levels.hromada,
          raion: release.levels.raion,
          oblast: release.levels.oblast,
          suppressed: release.levels.suppressed,
        }),
        t("cases.release.notes.withheld", { count: release.withheld }),
        t("cases.release.notes.months"),
      ];
      audited = { withheld: release.withheld, k: release.k, levels: release.levels };
    } else {
      const found = caseExportRows(snapshot, user, filter);
      // A partner form's answers without a field of ours go out with the case (never to evaluators).
      const columns = [...staffExportColumns(t, audience, locale), { header: t("cases.export.extraAnswers"), value: (row: { extraAnswers: string }) => row.extraAnswers || null }];
      headers = columns.map((column) => column.header);
      cells = cellsOf(withExtraAnswers(found.rows), columns, maxRows);
      total = found.total;
      audited = {};
    }
    const fileRows = Math.min(total, maxRows);
    // A file cut at a limit says so: the reader must not take it for the whole list.
    if (fileRows < total) notes.push(t("cases.exportCutNote", { limit: formatNumber(fileRows, locale), total: formatNumber(total, locale) }));
    db.transaction((tx) =>
      recordAudit(tx, {
        userId: user.id,
        action: "export",
        entityType: "case",
        entityId: "list",
        after: { format, filter, rows: fileRows, ...(fileRows < total ? { matched: total } : {}), ...audited },
      }),
    );
    return { headers, rows: cells, notes, fileRows, close: () => snapshot.close() };
  } catch (error) {
    snapshot.close();
    throw error;
  }
}

// Each row as the file's cells, at most `maxRows` of them.
function* cellsOf<Row>(rows: Iterator<Row>, columns: Array<ExportColumn<Row>>, maxRows: number): Generator<ExportCell[], void, undefined> {
  let written = 0;
  for (let next = rows.next(); !next.done && written < maxRows; next = rows.next(), written += 1) {
    const row = next.value;
    yield columns.map((column) => column.value(row));
  }
}
