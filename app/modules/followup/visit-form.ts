// What the visit form posts, turned into the rules' terms (domain.md §7, §10). The form shows the
// roster as an update: one line per worker already on it (still working, left on a date, hours
// changed) and blank lines for workers who joined. Pure: the visit page and the server share it.
import type { DisplacementStatus } from "../../../db/enums";
import type { IsoDate } from "~/lib/kyiv-date";
import type { RosterChange, RosterIssue, RosterWorker, WorkerRole } from "./roster";
import { defaultWindowDays, validateStages, type FollowUpStage } from "./schedule";
import type { VisitProblem } from "./followup-errors";

/** A worker already on the roster, as the form left them. */
export type RosterLine = {
  workerId: string;
  left: boolean;
  endDate: IsoDate | null;
  role: WorkerRole | null;
  paid: boolean | null;
  hoursPerWeek: number | null;
  monthsPerYear: number | null;
};

/** A worker who joined since the last record (a correction posts back the id they were given). */
export type NewWorkerLine = {
  workerId?: string | null;
  role: WorkerRole;
  paid: boolean;
  hoursPerWeek: number;
  sex: "female" | "male";
  displacementStatus: DisplacementStatus | null;
  startDate: IsoDate;
  monthsPerYear: number | null;
};

/** Field names of the roster lines, as the form names them: `w[0].hoursPerWeek`, `n[1].startDate`. */
export const rosterFieldOf = {
  existing: (index: number, field: keyof RosterLine | "row") => (field === "row" ? `w[${index}]` : `w[${index}].${field}`),
  joined: (index: number, field: keyof NewWorkerLine | "row") => (field === "row" ? `n[${index}]` : `n[${index}].${field}`),
};

/** The next free worker id of a business: W1, W2… (ids are never reused, even after a departure). */
export function nextWorkerIds(taken: string[], count: number): string[] {
  const highest = taken.reduce((max, id) => {
    const match = /^W(\d+)$/.exec(id);
    return match ? Math.max(max, Number(match[1])) : max;
  }, 0);
  return Array.from({ length: count }, (_, index) => `W${highest + index + 1}`);
}

/**
 * The roster changes a visit form describes, against the roster recorded before the visit.
 * A line marked left needs its last day; a field changes only when its value differs.
 */
export function rosterChangesFromForm(
  previous: RosterWorker[],
  existing: RosterLine[],
  joined: NewWorkerLine[],
): { changes: RosterChange[]; problems: VisitProblem[]; joinedIds: string[] } {
  const changes: RosterChange[] = [];
  const problems: VisitProblem[] = [];
  existing.forEach((line, index) => {
    const before = previous.find((worker) => worker.workerId === line.workerId);
    if (!before) {
      problems.push({ field: rosterFieldOf.existing(index, "row"), code: "unknown_worker" });
      return;
    }
    if (before.endDate !== null) return; // left at an earlier record: the line is shown, not changed
    const fields: Extract<RosterChange, { kind: "changed" }>["fields"] = {};
    if (line.role !== before.role && line.role !== null) fields.role = line.role;
    if (line.paid !== before.paid && line.paid !== null) fields.paid = line.paid;
    if (line.hoursPerWeek !== before.hoursPerWeek && line.hoursPerWeek !== null) fields.hoursPerWeek = line.hoursPerWeek;
    if (line.monthsPerYear !== before.monthsPerYear) fields.monthsPerYear = line.monthsPerYear;
    if (Object.keys(fields).length) changes.push({ kind: "changed", workerId: line.workerId, fields });
    if (line.left) {
      if (!line.endDate) problems.push({ field: rosterFieldOf.existing(index, "endDate"), code: "end_date_required" });
      else changes.push({ kind: "left", workerId: line.workerId, endDate: line.endDate });
    }
  });
  const joinedIds = nextWorkerIds(
    previous.map((worker) => worker.workerId),
    joined.length,
  );
  joined.forEach(({ workerId: _posted, ...line }, index) => {
    changes.push({ kind: "joined", worker: { ...line, workerId: joinedIds[index] } });
  });
  return { changes, problems, joinedIds };
}

const rosterIssueField: Record<string, keyof RosterLine | keyof NewWorkerLine | "row"> = {
  duplicate_worker_id: "row",
  more_than_one_owner: "role",
  hours_out_of_range: "hoursPerWeek",
  months_per_year_out_of_range: "monthsPerYear",
  invalid_date: "startDate",
  end_before_start: "endDate",
  start_after_record_date: "startDate",
  end_after_record_date: "endDate",
  unknown_worker: "row",
  already_left: "endDate",
};

/** Each roster issue next to the line and field it is about; "no owner" belongs to the roster. */
export function rosterIssuesToProblems(issues: RosterIssue[], existing: RosterLine[], joinedIds: string[]): VisitProblem[] {
  return issues.map((issue) => {
    if (issue.workerId === null) return { field: "roster", code: issue.code };
    const field = rosterIssueField[issue.code] ?? "row";
    const joinedIndex = joinedIds.indexOf(issue.workerId);
    if (joinedIndex >= 0) {
      return { field: rosterFieldOf.joined(joinedIndex, field === "endDate" ? "startDate" : (field as keyof NewWorkerLine | "row")), code: issue.code };
    }
    const existingIndex = existing.findIndex((line) => line.workerId === issue.workerId);
    if (existingIndex >= 0) {
      // An existing worker's start date is not on the form: the issue belongs to their line.
      const lineField = field === "startDate" ? "row" : (field as keyof RosterLine | "row");
      return { field: rosterFieldOf.existing(existingIndex, lineField), code: issue.code };
    }
    return { field: "roster", code: issue.code };
  });
}

/**
 * The stages of a programme that has no saved schedule yet: its follow-up months (set when the
 * programme was created), each required, with the default window of ±15 days narrowed where two
 * stages are too close for it (1 and 2 months) so that windows never overlap.
 */
export function stagesFromOffsets(offsetsMonths: number[]): FollowUpStage[] {
  const months = [...new Set(offsetsMonths)].filter((month) => Number.isInteger(month) && month >= 1).sort((a, b) => a - b);
  for (let window = defaultWindowDays; window >= 0; window -= 1) {
    const stages = months.map((monthsAfterOrigin) => ({ monthsAfterOrigin, windowDaysBefore: window, windowDaysAfter: window, required: true }));
    if (validateStages(stages).length === 0) return stages;
  }
  return [];
}
