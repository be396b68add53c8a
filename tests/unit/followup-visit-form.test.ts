// The visit form's roster update turned into roster changes, problems placed next to their
// lines, worker ids that are never reused, and default stages from a programme's months.
import { describe, expect, it } from "vitest";
import type { RosterWorker } from "~/modules/followup/roster";
import { applyRosterChanges } from "~/modules/followup/roster";
import { validateStages } from "~/modules/followup/schedule";
import { nextWorkerIds, rosterChangesFromForm, rosterIssuesToProblems, stagesFromOffsets, type RosterLine } from "~/modules/followup/visit-form";

const worker = (workerId: string, fields: Partial<RosterWorker> = {}): RosterWorker => ({
  workerId,
  role: "employee",
  paid: true,
  hoursPerWeek: 40,
  sex: "female",
  displacementStatus: "idp",
  startDate: null,
  endDate: null,
  monthsPerYear: null,
  source: "recorded",
  ...fields,
});

const line = (workerId: string, fields: Partial<RosterLine> = {}): RosterLine => ({ workerId, left: false, endDate: null, role: "employee", paid: true, hoursPerWeek: 40, monthsPerYear: null, ...fields });

describe("rosterChangesFromForm", () => {
  const previous = [worker("W1", { role: "owner", paid: false, hoursPerWeek: 50 }), worker("W2"), worker("W3", { role: null, paid: true, hoursPerWeek: null, source: "migrated_from_counts" }), worker("W4", { endDate: "2026-03-01" })];

  it("turns each line into left / changed / nothing, and new lines into joined workers with fresh ids", () => {
    const { changes, problems, joinedIds } = rosterChangesFromForm(
      previous,
      [line("W1", { role: "owner", paid: false, hoursPerWeek: 50 }), line("W2", { left: true, endDate: "2026-05-31" }), line("W3", { role: "employee", hoursPerWeek: 20 })],
      [{ role: "employee", paid: true, hoursPerWeek: 30, sex: "male", displacementStatus: null, startDate: "2026-05-01", monthsPerYear: 6, workerId: "W99" }],
    );
    expect(problems).toEqual([]);
    expect(joinedIds).toEqual(["W5"]);
    expect(changes).toEqual([
      { kind: "left", workerId: "W2", endDate: "2026-05-31" },
      { kind: "changed", workerId: "W3", fields: { role: "employee", hoursPerWeek: 20 } },
      { kind: "joined", worker: { role: "employee", paid: true, hoursPerWeek: 30, sex: "male", displacementStatus: null, startDate: "2026-05-01", monthsPerYear: 6, workerId: "W5" } },
    ]);
    // The changes keep every rule of the roster: W4 left earlier and stays on it.
    const applied = applyRosterChanges(previous, changes, "2026-06-05");
    expect(applied.issues).toEqual([]);
    expect(applied.workers.map((row) => [row.workerId, row.endDate])).toEqual([["W1", null], ["W2", "2026-05-31"], ["W3", null], ["W4", "2026-03-01"], ["W5", null]]);
  });

  it("asks for the last day of a worker marked as left, and refuses a line for someone not on the roster", () => {
    const { changes, problems } = rosterChangesFromForm(previous, [line("W2", { left: true }), line("W7")], []);
    expect(changes).toEqual([]);
    expect(problems).toEqual([
      { field: "w[0].endDate", code: "end_date_required" },
      { field: "w[1]", code: "unknown_worker" },
    ]);
  });

  it("places the roster's issues next to the lines the mentor typed", () => {
    const { changes, joinedIds } = rosterChangesFromForm(
      previous,
      [line("W1", { role: "owner", paid: false, hoursPerWeek: 200 }), line("W2", { left: true, endDate: "2026-07-01" })],
      [{ role: "owner", paid: false, hoursPerWeek: 40, sex: "female", displacementStatus: null, startDate: "2026-06-10", monthsPerYear: null }],
    );
    const { issues } = applyRosterChanges(previous, changes, "2026-06-05");
    const lines = [line("W1"), line("W2")];
    expect(rosterIssuesToProblems(issues, lines, joinedIds)).toEqual([
      { field: "w[0].hoursPerWeek", code: "hours_out_of_range" },
      { field: "w[1].endDate", code: "end_after_record_date" },
      { field: "n[0].role", code: "more_than_one_owner" },
      { field: "n[0].startDate", code: "start_after_record_date" },
    ]);
    expect(rosterIssuesToProblems([{ workerId: null, code: "no_owner" }], lines, joinedIds)).toEqual([{ field: "roster", code: "no_owner" }]);
  });
});

describe("nextWorkerIds", () => {
  it("continues after the highest id ever used, whatever the order or other ids", () => {
    expect(nextWorkerIds([], 2)).toEqual(["W1", "W2"]);
    expect(nextWorkerIds(["W2", "W10", "W3", "X1"], 1)).toEqual(["W11"]);
  });
});

describe("stagesFromOffsets", () => {
  it("gives each month a required stage with ±15 days", () => {
    expect(stagesFromOffsets([12, 3, 6, 6])).toEqual([3, 6, 12].map((monthsAfterOrigin) => ({ monthsAfterOrigin, windowDaysBefore: 15, windowDaysAfter: 15, required: true })));
  });

  it("narrows the windows where stages are a month apart, so they never overlap", () => {
    const stages = stagesFromOffsets([1, 2, 3]);
    // One to two months can be 28 days (February): windows of 13 days each side leave a day between.
    expect(stages.map((stage) => stage.windowDaysBefore)).toEqual([13, 13, 13]);
    expect(validateStages(stages)).toEqual([]);
    expect(stagesFromOffsets([])).toEqual([]);
  });
});
