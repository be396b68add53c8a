// One-off step of `npm run db:migrate` (after the SQL migrations): the baseline workforce used to
// be stored as counts (`businesses.baseline_workers`: paid/unpaid × full/part time × sex), which
// can give neither paid FTE nor follow a worker across visits (domain.md §7). Each business with
// counts and no baseline roster yet gets one roster row per counted worker, made by
// `baselineRosterFromCounts` (paid and sex kept, full time = 40 h, everything else unknown,
// marked "migrated_from_counts" for the mentor to confirm at the time origin). Running it again
// changes nothing: businesses that already have baseline rows are skipped.
import type Database from "better-sqlite3";
import type { BaselineWorkers } from "./schema";
import { baselineRosterFromCounts } from "../app/modules/followup/roster";

/** The stable worker id of a business's n-th worker (0-based): W1, W2… */
export function rosterWorkerId(index: number): string {
  return `W${index + 1}`;
}

export function backfillBaselineRosters(sqlite: Database.Database): number {
  const pending = sqlite
    .prepare(
      `select b.id, b.case_id as caseId, b.baseline_workers as counts, c.application_date as applicationDate
       from businesses b join cases c on c.id = b.case_id
       where b.baseline_workers is not null
         and not exists (select 1 from worker_roster_rows r where r.business_id = b.id and r.snapshot_kind = 'baseline')`,
    )
    .all() as Array<{ id: number; caseId: number; counts: string; applicationDate: string }>;
  const insert = sqlite.prepare(
    `insert into worker_roster_rows
       (business_id, case_id, snapshot_kind, visit_id, recorded_on, worker_id, role, paid, hours_per_week, sex,
        displacement_status, start_date, end_date, months_per_year, source)
     values (?, ?, 'baseline', null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let rows = 0;
  sqlite.transaction(() => {
    for (const business of pending) {
      const workers = baselineRosterFromCounts(JSON.parse(business.counts) as BaselineWorkers, rosterWorkerId);
      for (const worker of workers) {
        insert.run(
          business.id,
          business.caseId,
          business.applicationDate,
          worker.workerId,
          worker.role,
          worker.paid === null ? null : worker.paid ? 1 : 0,
          worker.hoursPerWeek,
          worker.sex,
          worker.displacementStatus,
          worker.startDate,
          worker.endDate,
          worker.monthsPerYear,
          worker.source,
        );
        rows += 1;
      }
    }
  })();
  return rows;
}
