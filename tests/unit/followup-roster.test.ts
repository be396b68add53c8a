import { describe, expect, it } from "vitest";
import {
  applyRosterChanges,
  baselineRosterFromCounts,
  grossNewHires,
  isWorkingOn,
  rosterAt,
  rosterHistory,
  validateRoster,
  workerFte,
  workforceOn,
  yearlyWorkerFte,
  type RosterWorker,
} from "~/modules/followup/roster";

const worker = (workerId: string, fields: Partial<RosterWorker> = {}): RosterWorker => ({
  workerId,
  role: "employee",
  paid: true,
  hoursPerWeek: 40,
  sex: "female",
  displacementStatus: "host",
  startDate: null,
  endDate: null,
  monthsPerYear: null,
  source: "recorded",
  ...fields,
});

// A bakery run by an IDP woman: her husband helps unpaid, one paid employee part time.
const baseline: RosterWorker[] = [
  worker("owner", { role: "owner", paid: false, hoursPerWeek: 50, displacementStatus: "idp" }),
  worker("husband", { role: "family_member", paid: false, hoursPerWeek: 20, sex: "male", displacementStatus: "idp" }),
  worker("olena", { hoursPerWeek: 20 }),
];

describe("workerFte (hours / 40, capped at 1; §7)", () => {
  it.each([
    [0, 0],
    [10, 0.25],
    [20, 0.5],
    [30, 0.75],
    [40, 1],
    [60, 1],
    [168, 1],
  ])("%i hours a week is %d FTE", (hours, fte) => {
    expect(workerFte(hours)).toBe(fte);
  });

  it("is unknown when the hours are unknown and refuses negative hours", () => {
    expect(workerFte(null)).toBeNull();
    expect(() => workerFte(-1)).toThrow(RangeError);
    expect(() => workerFte(Number.NaN)).toThrow(RangeError);
  });

  it("counts a seasonal worker's FTE × months / 12 in a yearly figure", () => {
    expect(yearlyWorkerFte({ hoursPerWeek: 40, monthsPerYear: 3 })).toBe(0.25);
    expect(yearlyWorkerFte({ hoursPerWeek: 20, monthsPerYear: 6 })).toBe(0.25);
    expect(yearlyWorkerFte({ hoursPerWeek: 20, monthsPerYear: null })).toBe(0.5);
    expect(yearlyWorkerFte({ hoursPerWeek: null, monthsPerYear: 6 })).toBeNull();
  });
});

describe("workforceOn (per business)", () => {
  it("counts paid non-owner FTE as jobs, everyone in headcount, women and IDPs", () => {
    expect(workforceOn(baseline, "2025-03-01")).toEqual({
      headcount: 3,
      women: 2,
      idps: 2,
      paidJobs: {
        headcount: 1,
        fte: 0.5,
        yearlyFte: 0.5,
        women: { headcount: 1, fte: 0.5, yearlyFte: 0.5 },
        idps: { headcount: 0, fte: 0, yearlyFte: 0 },
        unknownHours: 0,
      },
      unknownPaid: 0,
      ownerWorking: true,
    });
  });

  it("leaves out workers who had not started or had left, and caps each worker at 1 FTE", () => {
    const roster = [
      ...baseline,
      worker("ivan", { sex: "male", displacementStatus: "idp", hoursPerWeek: 60, startDate: "2025-05-01" }),
      worker("maria", { hoursPerWeek: 30, monthsPerYear: 4, startDate: "2025-04-01", endDate: "2025-07-31" }),
    ];
    const june = workforceOn(roster, "2025-06-15");
    expect(june.headcount).toBe(5);
    expect(june.paidJobs).toEqual({
      headcount: 3,
      fte: 2.25,
      yearlyFte: 1.75,
      women: { headcount: 2, fte: 1.25, yearlyFte: 0.75 },
      idps: { headcount: 1, fte: 1, yearlyFte: 1 },
      unknownHours: 0,
    });
    // End date is the last day worked: still working on 31 July, gone on 1 August.
    expect(workforceOn(roster, "2025-07-31").paidJobs.fte).toBe(2.25);
    expect(workforceOn(roster, "2025-08-01").paidJobs.fte).toBe(1.5);
    expect(workforceOn(roster, "2025-04-30").paidJobs.fte).toBe(1.25);
  });

  it("reports the owner leaving, unknown hours and unknown paid status without inventing values", () => {
    const roster = [
      worker("owner", { role: "owner", paid: false, endDate: "2025-09-30" }),
      worker("a", { role: null, hoursPerWeek: null, source: "migrated_from_counts" }),
      worker("b", { role: null, paid: null, hoursPerWeek: null, sex: null, source: "migrated_from_counts" }),
    ];
    const workforce = workforceOn(roster, "2025-10-01");
    expect(workforce.ownerWorking).toBe(false);
    expect(workforce.headcount).toBe(2);
    expect(workforce.paidJobs.headcount).toBe(1);
    expect(workforce.paidJobs.fte).toBe(0);
    expect(workforce.paidJobs.unknownHours).toBe(1);
    expect(workforce.unknownPaid).toBe(1);
    expect(workforceOn(roster.slice(1), "2025-10-01").ownerWorking).toBeNull();
  });

  it("treats an empty roster as no workers, not as unknown", () => {
    expect(workforceOn([], "2025-10-01").headcount).toBe(0);
    expect(workforceOn([], "2025-10-01").ownerWorking).toBeNull();
  });
});

describe("roster updates across visits", () => {
  const visit1 = {
    visitDate: "2025-04-10",
    changes: [
      { kind: "joined" as const, worker: { ...worker("ivan", { sex: "male", displacementStatus: "idp", hoursPerWeek: 40 }), startDate: "2025-03-20" } },
      { kind: "changed" as const, workerId: "olena", fields: { hoursPerWeek: 40 } },
    ],
  };
  const visit2 = {
    visitDate: "2025-07-05",
    changes: [
      { kind: "left" as const, workerId: "ivan", endDate: "2025-06-30" },
      { kind: "joined" as const, worker: { ...worker("petro", { sex: "male", hoursPerWeek: 16 }), startDate: "2025-07-01" } },
    ],
  };
  // Given out of order on purpose: the history is replayed by visit date.
  const history = rosterHistory({ recordedOn: "2025-02-01", workers: baseline }, [visit2, visit1]);

  it("keeps one row per worker across visits and never removes a row", () => {
    expect(history.map((snapshot) => snapshot.recordedOn)).toEqual(["2025-02-01", "2025-04-10", "2025-07-05"]);
    expect(history[2].workers.map((row) => row.workerId)).toEqual(["owner", "husband", "olena", "ivan", "petro"]);
    expect(history[2].workers.find((row) => row.workerId === "ivan")?.endDate).toBe("2025-06-30");
    expect(history[1].workers.find((row) => row.workerId === "olena")?.hoursPerWeek).toBe(40);
    expect(baseline.find((row) => row.workerId === "olena")?.hoursPerWeek).toBe(20);
  });

  it("derives the roster and FTE as it stood at each visit date", () => {
    expect(rosterAt(history, "2025-01-31")).toBeNull();
    expect(rosterAt(history, "2025-02-01")?.map((row) => row.workerId)).toEqual(["owner", "husband", "olena"]);
    expect(rosterAt(history, "2025-04-09")?.map((row) => row.workerId)).toEqual(["owner", "husband", "olena"]);
    expect(rosterAt(history, "2025-04-10")?.map((row) => row.workerId)).toEqual(["owner", "husband", "olena", "ivan"]);
    expect(rosterAt(history, "2025-07-05")?.map((row) => row.workerId)).toEqual(["owner", "husband", "olena", "petro"]);
    const fteAt = (date: string) => workforceOn(rosterAt(history, date) ?? [], date).paidJobs.fte;
    expect([fteAt("2025-02-01"), fteAt("2025-04-10"), fteAt("2025-07-05")]).toEqual([0.5, 2, 1.4]);
  });

  it("counts gross new hires once, after the baseline, whether or not they stayed", () => {
    const latest = history[2].workers;
    expect(grossNewHires(latest, "2025-02-01", "2025-07-05")).toEqual({ headcount: 2, paid: 2 });
    expect(grossNewHires(latest, "2025-02-01", "2025-06-30")).toEqual({ headcount: 1, paid: 1 });
    expect(grossNewHires(latest, "2025-03-20", "2025-07-05")).toEqual({ headcount: 1, paid: 1 });
  });

  it("refuses changes to unknown workers or to someone who already left", () => {
    const afterVisit2 = history[2].workers;
    const result = applyRosterChanges(
      afterVisit2,
      [
        { kind: "left", workerId: "ivan", endDate: "2025-08-01" },
        { kind: "changed", workerId: "nobody", fields: { hoursPerWeek: 10 } },
      ],
      "2025-09-01",
    );
    expect(result.issues).toEqual([
      { workerId: "ivan", code: "already_left" },
      { workerId: "nobody", code: "unknown_worker" },
    ]);
    expect(result.workers.find((row) => row.workerId === "ivan")?.endDate).toBe("2025-06-30");
  });

  it("refuses a joiner reusing an id, a second owner, a start or an end after the visit", () => {
    const result = applyRosterChanges(
      baseline,
      [
        { kind: "joined", worker: { ...worker("olena"), startDate: "2025-03-01" } },
        { kind: "joined", worker: { ...worker("son", { role: "owner" }), startDate: "2025-03-01" } },
        { kind: "left", workerId: "husband", endDate: "2025-05-02" },
        { kind: "joined", worker: { ...worker("late"), startDate: "2025-05-02" } },
      ],
      "2025-05-01",
    );
    // In roster order: the existing rows first, then the joiners.
    expect(result.issues).toEqual([
      { workerId: "husband", code: "end_after_record_date" },
      { workerId: "olena", code: "duplicate_worker_id" },
      { workerId: "son", code: "more_than_one_owner" },
      { workerId: "late", code: "start_after_record_date" },
    ]);
  });

  it("throws when a replayed history holds an invalid update", () => {
    expect(() =>
      rosterHistory({ recordedOn: "2025-02-01", workers: baseline }, [
        { visitDate: "2025-04-10", changes: [{ kind: "changed", workerId: "olena", fields: { hoursPerWeek: 200 } }] },
      ]),
    ).toThrow(/hours_out_of_range/);
  });
});

describe("validateRoster", () => {
  it("accepts a valid roster", () => {
    expect(validateRoster(baseline, "2025-02-01")).toEqual([]);
  });

  it("checks hours 0–168, months 1–12, dates, end ≥ start and the owner", () => {
    const roster = [
      worker("a", { hoursPerWeek: 169 }),
      worker("b", { hoursPerWeek: -1 }),
      worker("c", { hoursPerWeek: 168, monthsPerYear: 13 }),
      worker("d", { monthsPerYear: 2.5 }),
      worker("e", { startDate: "2025-03-10", endDate: "2025-03-09" }),
      worker("f", { startDate: "2025-02-30" }),
      worker("g", { hoursPerWeek: 0, startDate: "2025-03-10", endDate: "2025-03-10" }),
    ];
    expect(validateRoster(roster, "2025-04-01")).toEqual([
      { workerId: "a", code: "hours_out_of_range" },
      { workerId: "b", code: "hours_out_of_range" },
      { workerId: "c", code: "months_per_year_out_of_range" },
      { workerId: "d", code: "months_per_year_out_of_range" },
      { workerId: "e", code: "end_before_start" },
      { workerId: "f", code: "invalid_date" },
      { workerId: null, code: "no_owner" },
    ]);
    expect(validateRoster([worker("a")], "2025-04-01", { requireOwner: false })).toEqual([]);
  });
});

describe("isWorkingOn", () => {
  it("includes the start date and the end date", () => {
    const row = { startDate: "2025-03-01", endDate: "2025-03-31" };
    expect([isWorkingOn(row, "2025-02-28"), isWorkingOn(row, "2025-03-01"), isWorkingOn(row, "2025-03-31"), isWorkingOn(row, "2025-04-01")]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(isWorkingOn({ startDate: null, endDate: null }, "1990-01-01")).toBe(true);
  });
});

describe("baselineRosterFromCounts (migrating businesses.baselineWorkers)", () => {
  const counts = {
    paidFullTime: { female: 1, male: 2 },
    paidPartTime: { female: 1, male: 0 },
    unpaidFullTime: { female: 0, male: 0 },
    unpaidPartTime: { female: 0, male: 1 },
  };
  const rows = baselineRosterFromCounts(counts, (index) => `b7-${index + 1}`);

  it("makes one row per counted worker, keeping paid and sex, 40 hours for full time, the rest unknown", () => {
    expect(rows.map((row) => [row.workerId, row.paid, row.sex, row.hoursPerWeek])).toEqual([
      ["b7-1", true, "female", 40],
      ["b7-2", true, "male", 40],
      ["b7-3", true, "male", 40],
      ["b7-4", true, "female", null],
      ["b7-5", false, "male", null],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ role: null, displacementStatus: null, startDate: null, endDate: null, monthsPerYear: null, source: "migrated_from_counts" });
    }
    expect(validateRoster(rows, "2025-01-10", { requireOwner: false })).toEqual([]);
  });

  it("gives a baseline paid FTE of 3 with one part-time worker's hours unknown", () => {
    const workforce = workforceOn(rows, "2025-01-10");
    expect(workforce.headcount).toBe(5);
    expect(workforce.paidJobs.fte).toBe(3);
    expect(workforce.paidJobs.unknownHours).toBe(1);
    expect(workforce.paidJobs.women).toEqual({ headcount: 2, fte: 1, yearlyFte: 1 });
  });

  it("makes no rows from zero counts and refuses a negative or fractional count", () => {
    const zero = { female: 0, male: 0 };
    expect(baselineRosterFromCounts({ paidFullTime: zero, paidPartTime: zero, unpaidFullTime: zero, unpaidPartTime: zero }, String)).toEqual([]);
    expect(() => baselineRosterFromCounts({ ...counts, paidFullTime: { female: -1, male: 0 } }, String)).toThrow(RangeError);
    expect(() => baselineRosterFromCounts({ ...counts, paidFullTime: { female: 1.5, male: 0 } }, String)).toThrow(RangeError);
  });
});
