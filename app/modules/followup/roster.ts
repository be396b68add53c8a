// The worker roster of a business across visits, and the FTE counts built on it (domain.md §7).
// A worker is one row with a stable id from the baseline to the last visit: a visit updates the
// roster (someone left, someone joined, hours changed) instead of counting again, so nobody is
// counted twice. Rows are never removed: a departure is an end date. This module is the single
// source of FTE for outcomes (app/modules/outcomes) as well as for the visit pages.
import type { BaselineWorkers } from "../../../db/schema";
import { workerRoles, type DisplacementStatus } from "../../../db/enums";
import { compareIsoDates, isIsoDate, type IsoDate } from "~/lib/kyiv-date";

export { workerRoles };
export type WorkerRole = (typeof workerRoles)[number];

/** Normal working time is 40 hours a week (Labour Code of Ukraine art. 50; IndiKit FTE). */
export const fullTimeHoursPerWeek = 40;
export const maxHoursPerWeek = 168;

export type RosterWorker = {
  /** Stable across visits: the same person keeps the same id. */
  workerId: string;
  /** Null only on rows migrated from the old counts, which did not say. */
  role: WorkerRole | null;
  paid: boolean | null;
  hoursPerWeek: number | null;
  sex: "female" | "male" | null;
  displacementStatus: DisplacementStatus | null;
  /** Null: already working when the record began, date not known. */
  startDate: IsoDate | null;
  /** The last day worked (inclusive); null while still working. */
  endDate: IsoDate | null;
  /** A seasonal worker's months of work a year (1–12); null: all year. */
  monthsPerYear: number | null;
  /** "migrated_from_counts": made from the baseline counts; the unknown fields are null. */
  source: "recorded" | "migrated_from_counts";
};

/** The roster as recorded on a date (the baseline, the time origin, a visit). */
export type RosterSnapshot = { recordedOn: IsoDate; workers: RosterWorker[] };

export type NewWorker = Omit<RosterWorker, "endDate" | "source"> & { startDate: IsoDate };

/** What a visit changes in the roster. */
export type RosterChange =
  | { kind: "joined"; worker: NewWorker }
  | { kind: "left"; workerId: string; endDate: IsoDate }
  | {
      kind: "changed";
      workerId: string;
      fields: Partial<Pick<RosterWorker, "role" | "paid" | "hoursPerWeek" | "sex" | "displacementStatus" | "monthsPerYear" | "startDate">>;
    };

export type RosterIssueCode =
  | "duplicate_worker_id"
  | "more_than_one_owner"
  | "no_owner"
  | "hours_out_of_range"
  | "months_per_year_out_of_range"
  | "invalid_date"
  | "end_before_start"
  | "start_after_record_date"
  | "end_after_record_date"
  | "unknown_worker"
  | "already_left";

export type RosterIssue = { workerId: string; code: RosterIssueCode } | { workerId: null; code: "no_owner" };

/** FTE of one worker: hours a week / 40, capped at 1 (§7). Null when the hours are not known. */
export function workerFte(hoursPerWeek: number | null): number | null {
  if (hoursPerWeek === null) return null;
  if (!Number.isFinite(hoursPerWeek) || hoursPerWeek < 0) throw new RangeError(`hoursPerWeek must be 0 or more, got ${hoursPerWeek}`);
  return Math.min(hoursPerWeek / fullTimeHoursPerWeek, 1);
}

/** A seasonal worker counts in the months they work: FTE × months / 12 in a yearly figure (§7). */
export function yearlyWorkerFte(worker: Pick<RosterWorker, "hoursPerWeek" | "monthsPerYear">): number | null {
  const fte = workerFte(worker.hoursPerWeek);
  return fte === null ? null : (fte * (worker.monthsPerYear ?? 12)) / 12;
}

/** Working on a date: started on or before it (or start unknown) and not ended before it. */
export function isWorkingOn(worker: Pick<RosterWorker, "startDate" | "endDate">, on: IsoDate): boolean {
  const started = worker.startDate === null || compareIsoDates(worker.startDate, on) <= 0;
  const notEnded = worker.endDate === null || compareIsoDates(worker.endDate, on) >= 0;
  return started && notEnded;
}

type FteCount = { headcount: number; fte: number; yearlyFte: number };

export type Workforce = {
  /** Everyone working on the date: owner, family, employees, paid or not (§7 headcount). */
  headcount: number;
  women: number;
  idps: number;
  /**
   * Jobs (§7): paid workers other than the owner. A row of unknown role (migrated from counts)
   * counts here when paid: owners draw profit, not pay, so a paid worker is not the owner.
   */
  paidJobs: FteCount & {
    women: FteCount;
    idps: FteCount;
    /** Paid workers whose hours are not known: left out of the FTE, which is understated by them. */
    unknownHours: number;
  };
  /** Workers for whom paid or unpaid is not known (counted in headcount only). */
  unknownPaid: number;
  /** Whether the owner works in the business (self-employment, §7); null when no owner row. */
  ownerWorking: boolean | null;
};

/** A business's workforce on a date, from its roster (§7: FTE, headcount, women, IDPs). */
export function workforceOn(workers: RosterWorker[], on: IsoDate): Workforce {
  const emptyCount = (): FteCount => ({ headcount: 0, fte: 0, yearlyFte: 0 });
  const workforce: Workforce = {
    headcount: 0,
    women: 0,
    idps: 0,
    paidJobs: { ...emptyCount(), women: emptyCount(), idps: emptyCount(), unknownHours: 0 },
    unknownPaid: 0,
    ownerWorking: null,
  };
  for (const worker of workers) {
    const working = isWorkingOn(worker, on);
    if (worker.role === "owner") workforce.ownerWorking = (workforce.ownerWorking ?? false) || working;
    if (!working) continue;
    workforce.headcount += 1;
    if (worker.sex === "female") workforce.women += 1;
    if (worker.displacementStatus === "idp") workforce.idps += 1;
    if (worker.paid === null) workforce.unknownPaid += 1;
    if (worker.role === "owner" || worker.paid !== true) continue;
    const fte = workerFte(worker.hoursPerWeek);
    const yearly = yearlyWorkerFte(worker);
    const counts = [workforce.paidJobs, ...(worker.sex === "female" ? [workforce.paidJobs.women] : []), ...(worker.displacementStatus === "idp" ? [workforce.paidJobs.idps] : [])];
    for (const count of counts) {
      count.headcount += 1;
      count.fte += fte ?? 0;
      count.yearlyFte += yearly ?? 0;
    }
    if (fte === null) workforce.paidJobs.unknownHours += 1;
  }
  return workforce;
}

/**
 * Gross new hires (§7): non-owner workers who started after `after` (the baseline or time
 * origin) and on or before `upTo`, whether or not they are still there. Rows with an unknown
 * start date were there from the beginning and are no hires.
 */
export function grossNewHires(workers: RosterWorker[], after: IsoDate, upTo: IsoDate): { headcount: number; paid: number } {
  const hires = workers.filter(
    (worker) =>
      worker.role !== "owner" &&
      worker.startDate !== null &&
      compareIsoDates(worker.startDate, after) > 0 &&
      compareIsoDates(worker.startDate, upTo) <= 0,
  );
  return { headcount: hires.length, paid: hires.filter((worker) => worker.paid === true).length };
}

/**
 * The roster as it stood on a date: the latest snapshot recorded on or before it (the later one
 * of two on the same day), keeping the workers working on that date. What a visit recorded is
 * not rewritten by later visits. Null when nothing was recorded yet ("not yet followed up").
 */
export function rosterAt(history: RosterSnapshot[], on: IsoDate): RosterWorker[] | null {
  let latest: RosterSnapshot | null = null;
  for (const snapshot of history) {
    if (compareIsoDates(snapshot.recordedOn, on) > 0) continue;
    if (!latest || compareIsoDates(snapshot.recordedOn, latest.recordedOn) >= 0) latest = snapshot;
  }
  return latest ? latest.workers.filter((worker) => isWorkingOn(worker, on)) : null;
}

/**
 * Checks a whole roster as recorded on `recordedOn`: unique ids, at most one owner (exactly one
 * unless `requireOwner` is false, as for rows migrated from counts), hours 0–168, months 1–12,
 * real dates, end ≥ start, nothing starting or ending after the day it was recorded.
 */
export function validateRoster(workers: RosterWorker[], recordedOn: IsoDate, options: { requireOwner?: boolean } = {}): RosterIssue[] {
  const issues: RosterIssue[] = [];
  const seen = new Set<string>();
  let owners = 0;
  for (const worker of workers) {
    const add = (code: RosterIssueCode) => issues.push({ workerId: worker.workerId, code });
    if (seen.has(worker.workerId)) add("duplicate_worker_id");
    seen.add(worker.workerId);
    if (worker.role === "owner" && ++owners === 2) add("more_than_one_owner");
    if (worker.hoursPerWeek !== null && !(Number.isFinite(worker.hoursPerWeek) && worker.hoursPerWeek >= 0 && worker.hoursPerWeek <= maxHoursPerWeek)) {
      add("hours_out_of_range");
    }
    if (worker.monthsPerYear !== null && !(Number.isInteger(worker.monthsPerYear) && worker.monthsPerYear >= 1 && worker.monthsPerYear <= 12)) {
      add("months_per_year_out_of_range");
    }
    const { startDate, endDate } = worker;
    if ((startDate !== null && !isIsoDate(startDate)) || (endDate !== null && !isIsoDate(endDate))) {
      add("invalid_date");
      continue;
    }
    if (startDate && endDate && compareIsoDates(endDate, startDate) < 0) add("end_before_start");
    if (startDate && compareIsoDates(startDate, recordedOn) > 0) add("start_after_record_date");
    if (endDate && compareIsoDates(endDate, recordedOn) > 0) add("end_after_record_date");
  }
  if (owners === 0 && (options.requireOwner ?? true)) issues.push({ workerId: null, code: "no_owner" });
  return issues;
}

/**
 * Applies a visit's roster changes to the roster recorded before it, and checks the result.
 * Someone left: their end date. Someone joined: a new row with its own id and start date.
 * Hours (or another field) changed: the same row, updated. A change to a worker who already
 * left, or to an id not on the roster, is refused.
 */
export function applyRosterChanges(
  previous: RosterWorker[],
  changes: RosterChange[],
  visitDate: IsoDate,
  options: { requireOwner?: boolean } = {},
): { workers: RosterWorker[]; issues: RosterIssue[] } {
  const workers = previous.map((worker) => ({ ...worker }));
  const issues: RosterIssue[] = [];
  const endedBefore = new Set(previous.filter((worker) => worker.endDate !== null).map((worker) => worker.workerId));
  for (const change of changes) {
    if (change.kind === "joined") {
      workers.push({ ...change.worker, endDate: null, source: "recorded" });
      continue;
    }
    const worker = workers.find((candidate) => candidate.workerId === change.workerId);
    if (!worker) {
      issues.push({ workerId: change.workerId, code: "unknown_worker" });
      continue;
    }
    if (endedBefore.has(worker.workerId)) {
      issues.push({ workerId: worker.workerId, code: "already_left" });
      continue;
    }
    if (change.kind === "left") worker.endDate = change.endDate;
    else Object.assign(worker, change.fields);
  }
  issues.push(...validateRoster(workers, visitDate, options));
  return { workers, issues };
}

/** Replays a baseline and the visits' changes in date order into the snapshot history. */
export function rosterHistory(
  baseline: RosterSnapshot,
  updates: Array<{ visitDate: IsoDate; changes: RosterChange[] }>,
): RosterSnapshot[] {
  const ordered = [...updates].sort((a, b) => compareIsoDates(a.visitDate, b.visitDate));
  const history: RosterSnapshot[] = [baseline];
  for (const update of ordered) {
    const { workers, issues } = applyRosterChanges(history[history.length - 1].workers, update.changes, update.visitDate, { requireOwner: false });
    if (issues.length) throw new RangeError(`The roster update of ${update.visitDate} is not valid: ${issues.map((issue) => issue.code).join(", ")}`);
    history.push({ recordedOn: update.visitDate, workers });
  }
  return history;
}

const countGroups = [
  ["paidFullTime", true, fullTimeHoursPerWeek],
  ["paidPartTime", true, null],
  ["unpaidFullTime", false, fullTimeHoursPerWeek],
  ["unpaidPartTime", false, null],
] as const;

/**
 * Baseline rows from the old `businesses.baselineWorkers` counts (paid/unpaid × full/part time ×
 * sex). The counts say paid and sex, so those are kept. A full-time worker gets 40 hours: full
 * time is the 40-hour week by definition (FTE 1). Everything the counts do not say stays null
 * (unknown): the hours of part-time workers, the role (the form never said whether the owner
 * was counted), displacement status and start date. Each row is marked "migrated_from_counts"
 * and waits for the mentor to confirm it at the time origin.
 */
export function baselineRosterFromCounts(counts: BaselineWorkers, workerId: (index: number) => string): RosterWorker[] {
  const rows: RosterWorker[] = [];
  for (const [group, paid, hoursPerWeek] of countGroups) {
    for (const sex of ["female", "male"] as const) {
      const count = counts[group]?.[sex] ?? 0;
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`The baseline count ${group}.${sex} must be a whole number, got ${count}`);
      for (let n = 0; n < count; n += 1) {
        rows.push({
          workerId: workerId(rows.length),
          role: null,
          paid,
          hoursPerWeek,
          sex,
          displacementStatus: null,
          startDate: null,
          endDate: null,
          monthsPerYear: null,
          source: "migrated_from_counts",
        });
      }
    }
  }
  return rows;
}
