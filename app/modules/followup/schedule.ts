// Follow-up schedules and the state of each planned visit (domain.md §10). Pure: dates in,
// dates out. States are computed from Kyiv calendar dates every time they are shown and never
// stored, so a due date cannot drift and cannot fail to move (the DHIS2 / SORMAS complaints).
import { addDays, addMonths, compareIsoDates, daysBetween, isIsoDate, type IsoDate } from "~/lib/kyiv-date";

export const defaultWindowDays = 15;
export const maxStageMonths = 120;
export const maxWindowDays = 92;

/** One follow-up stage: a visit `monthsAfterOrigin` after the grant's time origin. */
export type FollowUpStage = {
  monthsAfterOrigin: number;
  /** Days before / after the due date in which the visit is on time (default 15 each). */
  windowDaysBefore: number;
  windowDaysAfter: number;
  required: boolean;
};

/**
 * A version of a programme's schedule. `modality` null is the programme's common schedule; a
 * modality's own schedule ("cash", "in_kind") takes precedence for grants of that modality.
 * It applies to grants whose time origin is on or after `effectiveFrom`.
 */
export type ScheduleVersion = {
  modality: string | null;
  effectiveFrom: IsoDate;
  stages: FollowUpStage[];
};

/** A visit as planned: the stage is identified by its months from the time origin. */
export type PlannedVisit = {
  monthsAfterOrigin: number;
  dueDate: IsoDate;
  windowStart: IsoDate;
  windowEnd: IsoDate;
  required: boolean;
};

/** What happened to a planned visit: the date of the recorded visit, or a skip with its reason. */
export type VisitOutcome = {
  visitDate?: IsoDate | null;
  skipReason?: string | null;
};

export const visitStates = ["upcoming", "due", "overdue", "missed", "completed", "late", "skipped"] as const;
export type VisitState = (typeof visitStates)[number];

export type ScheduleIssue =
  | { stage: number; code: "months_invalid" | "months_not_increasing" | "window_invalid" | "window_before_origin" }
  | { stage: number; code: "windows_overlap"; previousStage: number }
  | { stage: null; code: "no_stages" };

/** Checks a schedule's stages: whole months 1–120 in increasing order, windows that never overlap. */
export function validateStages(stages: FollowUpStage[]): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  if (stages.length === 0) return [{ stage: null, code: "no_stages" }];
  stages.forEach((stage, index) => {
    const months = stage.monthsAfterOrigin;
    if (!Number.isInteger(months) || months < 1 || months > maxStageMonths) {
      issues.push({ stage: months, code: "months_invalid" });
      return;
    }
    const windowValid = [stage.windowDaysBefore, stage.windowDaysAfter].every(
      (days) => Number.isInteger(days) && days >= 0 && days <= maxWindowDays,
    );
    if (!windowValid) {
      issues.push({ stage: months, code: "window_invalid" });
      return;
    }
    // A visit can never be dated before the time origin, so neither may its window open before it.
    if (stage.windowDaysBefore > shortestSpanDays(0, months)) issues.push({ stage: months, code: "window_before_origin" });
    const previous = stages[index - 1];
    if (!previous || !Number.isInteger(previous.monthsAfterOrigin)) return;
    if (months <= previous.monthsAfterOrigin) {
      issues.push({ stage: months, code: "months_not_increasing" });
    } else if (previous.windowDaysAfter + stage.windowDaysBefore >= shortestSpanDays(previous.monthsAfterOrigin, months)) {
      // Overlapping windows would make one visit "due" for two stages at once.
      issues.push({ stage: months, code: "windows_overlap", previousStage: previous.monthsAfterOrigin });
    }
  });
  return issues;
}

/**
 * The fewest days between origin + `fromMonths` and origin + `toMonths` over every origin. Four
 * consecutive years hold every pattern of month lengths (a leap year and three common ones).
 */
function shortestSpanDays(fromMonths: number, toMonths: number): number {
  const key = `${fromMonths}:${toMonths}`;
  let shortest = shortestSpans.get(key);
  if (shortest === undefined) {
    shortest = Number.POSITIVE_INFINITY;
    for (let origin = "2024-01-01"; origin < "2028-01-01"; origin = addDays(origin, 1)) {
      shortest = Math.min(shortest, daysBetween(addMonths(origin, fromMonths), addMonths(origin, toMonths)));
    }
    shortestSpans.set(key, shortest);
  }
  return shortest;
}

const shortestSpans = new Map<string, number>();

/**
 * The schedule version in force for a grant: the latest version effective on its time origin,
 * the modality's own schedule first, else the programme's common one. A change therefore reaches
 * only grants whose time origin comes after it; visits already planned are never re-planned by
 * a schedule change (not even when their origin is corrected: see `replanFromCorrectedOrigin`).
 * Null when no version was in force on that date.
 */
export function scheduleInForce<T extends ScheduleVersion>(versions: T[], timeOrigin: IsoDate, modality: string): T | null {
  const latestOf = (candidates: T[]) =>
    candidates
      .filter((version) => compareIsoDates(version.effectiveFrom, timeOrigin) <= 0)
      .reduce<T | null>((latest, version) => (latest && compareIsoDates(latest.effectiveFrom, version.effectiveFrom) >= 0 ? latest : version), null);
  return latestOf(versions.filter((version) => version.modality === modality)) ?? latestOf(versions.filter((version) => version.modality === null));
}

/**
 * The first time origin a schedule change saved on `changedOn` (Kyiv date) applies to: the next
 * day. A grant whose time origin is the day of the change, or earlier, keeps the old schedule.
 */
export function firstOriginForChange(changedOn: IsoDate): IsoDate {
  return addDays(changedOn, 1);
}

/** True when an admin may give a new version this `effectiveFrom`: never back-dated (§10). */
export function isAllowedEffectiveFrom(effectiveFrom: IsoDate, changedOn: IsoDate): boolean {
  return compareIsoDates(effectiveFrom, firstOriginForChange(changedOn)) >= 0;
}

/**
 * The planned visits of a grant: each stage's due date counted from the time origin itself (not
 * from the previous visit), so month-end clamping never accumulates: origin 31 Jan gives
 * 28/29 Feb, 30 Apr, 31 Jul and 31 Jan.
 */
export function planVisits(timeOrigin: IsoDate, stages: FollowUpStage[]): PlannedVisit[] {
  if (!isIsoDate(timeOrigin)) throw new RangeError(`The time origin must be a YYYY-MM-DD date, got "${timeOrigin}"`);
  const issues = validateStages(stages);
  if (issues.length) throw new RangeError(`The schedule is not valid: ${issues.map((issue) => issue.code).join(", ")}`);
  return stages.map((stage) => {
    const dueDate = addMonths(timeOrigin, stage.monthsAfterOrigin);
    return {
      monthsAfterOrigin: stage.monthsAfterOrigin,
      dueDate,
      windowStart: addDays(dueDate, -stage.windowDaysBefore),
      windowEnd: addDays(dueDate, stage.windowDaysAfter),
      required: stage.required,
    };
  });
}

/**
 * A planned visit's state on a Kyiv calendar date (domain.md §10). Window edges are inclusive:
 * - recorded: `completed` if the visit date lies in [windowStart, windowEnd], else `late`
 *   (a visit made before its window opened is outside it too, and §10 calls that late);
 * - skipped with a reason (and no visit recorded): `skipped`;
 * - otherwise `upcoming` before windowStart, `due` from windowStart to the due date itself,
 *   `overdue` from the day after the due date to windowEnd, `missed` from the day after windowEnd.
 * A recorded visit wins over a skip. Optional stages are missed too; queues may leave them out.
 */
export function visitState(visit: Pick<PlannedVisit, "dueDate" | "windowStart" | "windowEnd"> & VisitOutcome, today: IsoDate): VisitState {
  if (visit.visitDate) {
    const inWindow = compareIsoDates(visit.visitDate, visit.windowStart) >= 0 && compareIsoDates(visit.visitDate, visit.windowEnd) <= 0;
    return inWindow ? "completed" : "late";
  }
  if (visit.skipReason?.trim()) return "skipped";
  if (compareIsoDates(today, visit.windowStart) < 0) return "upcoming";
  if (compareIsoDates(today, visit.dueDate) <= 0) return "due";
  if (compareIsoDates(today, visit.windowEnd) <= 0) return "overdue";
  return "missed";
}

type Window = Pick<PlannedVisit, "dueDate" | "windowStart" | "windowEnd">;

/** Moves a window to a new due date, keeping its width on either side. */
function shiftWindow(window: Window, dueDate: IsoDate): Window {
  return {
    dueDate,
    windowStart: addDays(dueDate, -daysBetween(window.windowStart, window.dueDate)),
    windowEnd: addDays(dueDate, daysBetween(window.dueDate, window.windowEnd)),
  };
}

export type RescheduleResult =
  | ({ ok: true } & Window)
  | { ok: false; reason: "reason_required" | "invalid_date" | "before_time_origin" | "unchanged" | "already_made" | "skipped" };

/**
 * A due date changes only by an explicit reschedule with a reason (§10). The window keeps its
 * width around the new due date. A visit already made, or skipped, is not rescheduled.
 */
export function reschedule(
  visit: Window & VisitOutcome,
  change: { newDueDate: IsoDate; reason: string; timeOrigin: IsoDate },
): RescheduleResult {
  if (!change.reason.trim()) return { ok: false, reason: "reason_required" };
  if (!isIsoDate(change.newDueDate)) return { ok: false, reason: "invalid_date" };
  if (visit.visitDate) return { ok: false, reason: "already_made" };
  if (visit.skipReason?.trim()) return { ok: false, reason: "skipped" };
  if (compareIsoDates(change.newDueDate, change.timeOrigin) <= 0) return { ok: false, reason: "before_time_origin" };
  if (change.newDueDate === visit.dueDate) return { ok: false, reason: "unchanged" };
  return { ok: true, ...shiftWindow(visit, change.newDueDate) };
}

export type ReplanChange = {
  monthsAfterOrigin: number;
  before: Window;
  after: Window;
  /** The visit had been rescheduled: the correction replaces that date (say so in the audit). */
  replacesReschedule: boolean;
};

export type Replan = {
  changes: ReplanChange[];
  /** Stages whose recorded visit is dated before the corrected origin: the correction must be refused or the visit corrected first. */
  visitsBeforeOrigin: number[];
};

/**
 * A corrected time origin re-plans the visits not yet made (§10): each keeps its stage and its
 * window widths and gets the due date counted from the new origin. Visits already made keep
 * their plan (their state, completed or late, does not change behind the mentor's back). Skipped
 * visits are re-dated too and stay skipped. The schedule version is not looked up again.
 */
export function replanFromCorrectedOrigin(
  plan: Array<PlannedVisit & VisitOutcome & { rescheduled?: boolean }>,
  correctedOrigin: IsoDate,
): Replan {
  if (!isIsoDate(correctedOrigin)) throw new RangeError(`The time origin must be a YYYY-MM-DD date, got "${correctedOrigin}"`);
  const changes: ReplanChange[] = [];
  const visitsBeforeOrigin: number[] = [];
  for (const visit of plan) {
    if (visit.visitDate) {
      if (compareIsoDates(visit.visitDate, correctedOrigin) < 0) visitsBeforeOrigin.push(visit.monthsAfterOrigin);
      continue;
    }
    const after = shiftWindow(visit, addMonths(correctedOrigin, visit.monthsAfterOrigin));
    const before = { dueDate: visit.dueDate, windowStart: visit.windowStart, windowEnd: visit.windowEnd };
    if (after.dueDate === before.dueDate && after.windowStart === before.windowStart && after.windowEnd === before.windowEnd) continue;
    changes.push({ monthsAfterOrigin: visit.monthsAfterOrigin, before, after, replacesReschedule: Boolean(visit.rescheduled) });
  }
  return { changes, visitsBeforeOrigin };
}
