// The case list as a file, with the columns of the reader's allowlist (case-views.ts, §8):
// staff and mentors get the filtered rows; evaluators get the release, coarsened so that no row
// singles out fewer than k people, with a note saying what was coarsened. Exporting writes an
// audit entry, so it is only ever done by a POST.
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { casesForExport } from "./case-list.server";
import type { CaseListFilter } from "./case-list-filter";
import { caseAudience, releaseExportColumns, staffExportColumns } from "./case-views";
import { releaseForExport } from "./evaluator-release.server";

type Translate = (key: string, options?: Record<string, unknown>) => string;

export type CaseExportTable = {
  headers: string[];
  rows: Array<Array<string | number | null>>;
  /** What the reader must know about the rows (coarsening, rows left out); empty for staff. */
  notes: string[];
};

export function caseExportTable(user: CurrentUser, filter: CaseListFilter, format: "csv" | "xlsx", t: Translate): CaseExportTable {
  const audience = caseAudience(user.role);
  if (!audience) throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  let table: CaseExportTable;
  let audited: Record<string, unknown>;
  if (audience === "pseudonymised") {
    const release = releaseForExport(user, filter);
    const columns = releaseExportColumns(t);
    table = {
      headers: columns.map((column) => column.header),
      rows: release.rows.map((row) => columns.map((column) => column.value(row))),
      notes: [
        t("cases.release.notes.threshold", { k: release.k }),
        t("cases.release.notes.levels", {
          hromada: release.levels.hromada,
          raion: release.levels.raion,
          oblast: release.levels.oblast,
          suppressed: release.levels.suppressed,
        }),
        t("cases.release.notes.withheld", { count: release.withheld }),
        t("cases.release.notes.months"),
      ],
    };
    audited = { rows: release.rows.length, withheld: release.withheld, k: release.k, levels: release.levels };
  } else {
    const rows = casesForExport(user, filter);
    const columns = staffExportColumns(t, audience);
    table = { headers: columns.map((column) => column.header), rows: rows.map((row) => columns.map((column) => column.value(row))), notes: [] };
    audited = { rows: rows.length };
  }
  db.transaction((tx) =>
    recordAudit(tx, { userId: user.id, action: "export", entityType: "case", entityId: "list", after: { format, filter, ...audited } }),
  );
  return table;
}
