/**
 * The rows a Kobo import did not store, kept so the person who imported the file can fix and
 * re-import them (domain.md §8: identity numbers and special-category data never leave their
 * place):
 * - the cells of identity columns (RNOKPP, passport) and of the protection-category column are
 *   stored sealed with IDENTITY_KEY, like a person's own numbers, never as plain text;
 * - the report (a CSV) is for the uploader and admins only, a POST, and audited as an export;
 * - the rows are deleted after REJECTED_ROWS_RETENTION_DAYS (default 30) by the server's
 *   housekeeping and after each import; the import's counts stay.
 */
import { and, eq, inArray, isNotNull, lt, ne } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { forbidden, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { translator, type Locale } from "~/lib/i18n";
import { sealIdentity, unsealIdentity } from "~/lib/identity.server";
import { writeCsv } from "~/lib/spreadsheet.server";
import { suggestMapping, type ApplicantField, type KoboMapping } from "./kobo-mapping";
import { rowReasons, type RowError } from "./reasons";

/** Our fields whose file columns are stored sealed in rejected rows. */
export const sealedFields = ["rnokpp", "passportNumber", "protectedCategory"] as const satisfies readonly ApplicantField[];

/**
 * The file's columns to seal: those the mapping uses for the sealed fields, and those the
 * auto-mapper would (an RNOKPP column left unmapped still holds RNOKPPs).
 */
export function sealedColumnsOf(mapping: KoboMapping, headers: readonly string[]): string[] {
  const suggested = suggestMapping(headers);
  const columns = sealedFields.flatMap((field) => [mapping.columns[field], suggested.columns[field]]);
  return [...new Set(columns.filter((column): column is string => Boolean(column)))];
}

/** The row's cells split into plain ones and sealed ones (only non-empty cells are sealed). */
export function sealRejectedCells(cells: Record<string, string>, sealedColumns: readonly string[]) {
  const sealedSet = new Set(sealedColumns);
  const plain: Record<string, string> = {};
  const sealed: Record<string, string> = {};
  for (const [column, value] of Object.entries(cells)) {
    if (!sealedSet.has(column)) plain[column] = value;
    else if (value !== "") sealed[column] = sealIdentity(value);
  }
  return { cells: plain, sealed };
}

/** A choice the file gave for a sealed field is not repeated in the reasons either. */
export function sealedReason(error: RowError): RowError {
  if (!(sealedFields as readonly string[]).includes(error.field) || !error.params) return error;
  return { ...error, params: Object.fromEntries(Object.keys(error.params).map((key) => [key, "•••"])) };
}

type StoredRejectedRow = {
  row: number;
  uuid: string | null;
  kind: "invalid" | "duplicate";
  errors: RowError[];
  cells: Record<string, string>;
  sealed?: Record<string, string>;
};
type StoredRejectedRows = { headers: string[]; rows: StoredRejectedRow[] };

/** The uploader and admins may download the rows: nobody else needs the people in them. */
export function mayReadRejectedRows(actor: CurrentUser, record: { createdByUserId: number | null }): boolean {
  return actor.role === "admin" || (record.createdByUserId !== null && record.createdByUserId === actor.id);
}

/**
 * The rows an import did not store, as CSV in the reader's language: the file's own columns
 * (sealed ones opened for this reader), then the row number and the reasons. Null when there is
 * no such import; a thrown 403 for anyone but the uploader and admins. Audited as an export.
 */
export function rejectedRowsReport(actor: CurrentUser, importId: number, locale: Locale) {
  const record = db
    .select({ id: schema.imports.id, createdByUserId: schema.imports.createdByUserId, rejectedRows: schema.imports.rejectedRows })
    .from(schema.imports)
    .where(and(eq(schema.imports.id, importId), eq(schema.imports.kind, "kobo")))
    .get();
  if (!record) return null;
  if (!mayReadRejectedRows(actor, record)) forbidden();
  const t = translator(locale);
  const { headers, rows } = (record.rejectedRows ?? { headers: [], rows: [] }) as StoredRejectedRows;
  const cell = (rejected: StoredRejectedRow, header: string) => {
    const sealed = rejected.sealed?.[header];
    return sealed ? unsealIdentity(sealed) : (rejected.cells[header] ?? "");
  };
  const csv = writeCsv(
    [...headers, t("imports.report.row"), t("imports.report.reasons")],
    rows.map((rejected) => [...headers.map((header) => cell(rejected, header)), rejected.row, rowReasons(t, rejected.errors).join("; ")]),
  );
  db.transaction((tx) =>
    recordAudit(tx, { userId: actor.id, action: "export", entityType: "import", entityId: importId, after: { report: "rows_not_stored", rows: rows.length } }),
  );
  return { fileName: t("imports.report.fileName", { id: importId }), csv };
}

const dayMs = 86_400_000;

/**
 * Deletes the rejected rows of imports older than the retention period (the import's record and
 * counts stay), each deletion audited. Runs from the server's housekeeping and after an import,
 * never from a page view. Returns how many imports lost their rows.
 */
export function purgeExpiredRejectedRows(now = new Date(), retentionDays = env.rejectedRowsRetentionDays): number {
  const cutoff = new Date(now.getTime() - retentionDays * dayMs).toISOString();
  return db.transaction((tx) => {
    const expired = tx
      .select({ id: schema.imports.id })
      .from(schema.imports)
      .where(and(isNotNull(schema.imports.rejectedRows), lt(schema.imports.createdAt, cutoff), ne(schema.imports.status, "running")))
      .all()
      .map((row) => row.id);
    if (expired.length === 0) return 0;
    tx.update(schema.imports).set({ rejectedRows: null, updatedAt: now.toISOString() }).where(inArray(schema.imports.id, expired)).run();
    for (const id of expired) {
      recordAudit(tx, { userId: null, action: "delete", entityType: "import", entityId: id, after: { rejectedRows: "purged", retentionDays } });
    }
    return expired.length;
  });
}
