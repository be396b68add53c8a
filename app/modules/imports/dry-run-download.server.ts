/**
 * The report of a dry run as a file, before anything is imported: every row of the upload with
 * the applicant's name, what the import would do with it, what it lacks, its flags and reasons.
 * It names people, so it is the uploader's only (uploads.server.ts), a POST, and audited as an
 * export; it goes with the upload (deleted once the import starts or after a day).
 */
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { translator, type Locale } from "~/lib/i18n";
import { writeCsv } from "~/lib/spreadsheet.server";
import type { ReportRow } from "./kobo-import.server";
import { rowReasons } from "./reasons";
import { readDryRunReport } from "./uploads.server";

type StoredReport = { fileName: string; rows: ReportRow[] };

function isStoredReport(value: unknown): value is StoredReport {
  return typeof value === "object" && value !== null && Array.isArray((value as StoredReport).rows);
}

/** The CSV of the upload's latest dry run, or null when there is none for this user. */
export function dryRunReportFile(actor: CurrentUser, uploadId: string, locale: Locale) {
  const stored = readDryRunReport(actor, uploadId);
  if (!isStoredReport(stored)) return null;
  const t = translator(locale);
  const resembles = (items: string[]) => items.map((item) => (item.startsWith("#") ? t("imports.report.fileRow", { row: item.slice(1) }) : item)).join("; ");
  const csv = writeCsv(
    [t("imports.report.row"), "_uuid", t("imports.report.name"), t("imports.report.outcome"), t("imports.report.missing"), t("imports.report.warnings"), t("imports.report.reasons"), t("imports.report.resembles")],
    stored.rows.map((row) => [
      row.row,
      row.uuid ?? "",
      row.name,
      t(`imports.outcomes.${row.outcome}`),
      row.missing.map((field) => t(`imports.fields.${field}`)).join("; "),
      rowReasons(t, row.warnings).join("; "),
      rowReasons(t, row.errors).join("; "),
      resembles(row.resembles),
    ]),
  );
  db.transaction((tx) =>
    recordAudit(tx, { userId: actor.id, action: "export", entityType: "import", entityId: `upload:${uploadId}`, after: { report: "dry_run", rows: stored.rows.length } }),
  );
  return { fileName: t("imports.report.dryRunFileName", { name: stored.fileName.replace(/\.[^.]*$/, "").replace(/[^\p{L}\p{N}_-]+/gu, "-") }), csv };
}
