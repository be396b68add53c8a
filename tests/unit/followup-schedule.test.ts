import { describe, expect, it } from "vitest";
import { kyivToday } from "~/lib/kyiv-date";
import {
  firstOriginForChange,
  isAllowedEffectiveFrom,
  planVisits,
  replanFromCorrectedOrigin,
  reschedule,
  scheduleInForce,
  validateStages,
  visitState,
  type FollowUpStage,
  type PlannedVisit,
} from "~/modules/followup/schedule";

const stage = (monthsAfterOrigin: number, required = true, before = 15, after = 15): FollowUpStage => ({
  monthsAfterOrigin,
  windowDaysBefore: before,
  windowDaysAfter: after,
  required,
});
const cashStages = [stage(1), stage(3), stage(6), stage(12)];
const inKindStages = [stage(3), stage(6), stage(12, false)];

describe("planVisits", () => {
  it("plans cash 1/3/6/12 from a 31 January origin, clamping to month ends without carrying the clamp", () => {
    expect(planVisits("2025-01-31", cashStages)).toEqual([
      { monthsAfterOrigin: 1, dueDate: "2025-02-28", windowStart: "2025-02-13", windowEnd: "2025-03-15", required: true },
      { monthsAfterOrigin: 3, dueDate: "2025-04-30", windowStart: "2025-04-15", windowEnd: "2025-05-15", required: true },
      { monthsAfterOrigin: 6, dueDate: "2025-07-31", windowStart: "2025-07-16", windowEnd: "2025-08-15", required: true },
      { monthsAfterOrigin: 12, dueDate: "2026-01-31", windowStart: "2026-01-16", windowEnd: "2026-02-15", required: true },
    ]);
  });

  it("plans in kind 3/6/12 from 30 August into a leap February", () => {
    expect(planVisits("2027-08-30", inKindStages)).toEqual([
      { monthsAfterOrigin: 3, dueDate: "2027-11-30", windowStart: "2027-11-15", windowEnd: "2027-12-15", required: true },
      { monthsAfterOrigin: 6, dueDate: "2028-02-29", windowStart: "2028-02-14", windowEnd: "2028-03-15", required: true },
      { monthsAfterOrigin: 12, dueDate: "2028-08-30", windowStart: "2028-08-15", windowEnd: "2028-09-14", required: false },
    ]);
    expect(planVisits("2025-08-30", [stage(6)])[0].dueDate).toBe("2026-02-28");
  });

  it("plans from a leap day: 29 Feb 2028 + 12 months is 28 Feb 2029", () => {
    expect(planVisits("2028-02-29", cashStages).map((visit) => [visit.dueDate, visit.windowStart, visit.windowEnd])).toEqual([
      ["2028-03-29", "2028-03-14", "2028-04-13"],
      ["2028-05-29", "2028-05-14", "2028-06-13"],
      ["2028-08-29", "2028-08-14", "2028-09-13"],
      ["2029-02-28", "2029-02-13", "2029-03-15"],
    ]);
  });

  it("keeps asymmetric windows and refuses an invalid schedule or origin", () => {
    expect(planVisits("2025-03-10", [stage(2, true, 0, 30)])).toEqual([
      { monthsAfterOrigin: 2, dueDate: "2025-05-10", windowStart: "2025-05-10", windowEnd: "2025-06-09", required: true },
    ]);
    expect(() => planVisits("2025-03-10", [stage(1), stage(2)])).toThrow(/windows_overlap/);
    expect(() => planVisits("2025-02-30", cashStages)).toThrow(RangeError);
  });
});

describe("validateStages", () => {
  it("accepts the usual schedules", () => {
    expect(validateStages(cashStages)).toEqual([]);
    expect(validateStages(inKindStages)).toEqual([]);
  });

  it("names each problem with its stage", () => {
    expect(validateStages([])).toEqual([{ stage: null, code: "no_stages" }]);
    expect(validateStages([stage(0), stage(1.5), stage(121)])).toEqual([
      { stage: 0, code: "months_invalid" },
      { stage: 1.5, code: "months_invalid" },
      { stage: 121, code: "months_invalid" },
    ]);
    expect(validateStages([stage(3), stage(3)])).toEqual([{ stage: 3, code: "months_not_increasing" }]);
    expect(validateStages([stage(6), stage(3)])).toEqual([{ stage: 3, code: "months_not_increasing" }]);
    expect(validateStages([stage(3, true, -1, 15), stage(6, true, 15, 93)])).toEqual([
      { stage: 3, code: "window_invalid" },
      { stage: 6, code: "window_invalid" },
    ]);
  });

  it("refuses windows that overlap for some origin (1 and 2 months apart can be only 28 days)", () => {
    expect(validateStages([stage(1), stage(2)])).toEqual([{ stage: 2, code: "windows_overlap", previousStage: 1 }]);
    expect(validateStages([stage(1, true, 13, 13), stage(2, true, 14, 14)])).toEqual([]);
    expect(validateStages([stage(1, true, 13, 14), stage(2, true, 14, 14)])).toEqual([{ stage: 2, code: "windows_overlap", previousStage: 1 }]);
  });

  it("refuses a window opening before the time origin (1 month can be 28 days)", () => {
    expect(validateStages([stage(1, true, 28, 15)])).toEqual([]);
    expect(validateStages([stage(1, true, 29, 15)])).toEqual([{ stage: 1, code: "window_before_origin" }]);
  });
});

describe("visitState (domain.md §10, window edges inclusive)", () => {
  // Due 29 Feb 2028, window 14 Feb – 15 Mar.
  const [leapVisit] = planVisits("2027-08-30", [stage(6)]);

  it.each([
    ["2028-02-13", "upcoming"],
    ["2028-02-14", "due"],
    ["2028-02-29", "due"],
    ["2028-03-01", "overdue"],
    ["2028-03-15", "overdue"],
    ["2028-03-16", "missed"],
    ["2029-01-01", "missed"],
  ] as const)("on %s a visit not made is %s", (today, state) => {
    expect(visitState(leapVisit, today)).toBe(state);
  });

  it("marks a recorded visit completed inside its window and late outside it, whatever today is", () => {
    expect(visitState({ ...leapVisit, visitDate: "2028-02-14" }, "2028-02-14")).toBe("completed");
    expect(visitState({ ...leapVisit, visitDate: "2028-03-15" }, "2030-01-01")).toBe("completed");
    expect(visitState({ ...leapVisit, visitDate: "2028-03-16" }, "2028-03-16")).toBe("late");
    expect(visitState({ ...leapVisit, visitDate: "2028-02-13" }, "2028-02-13")).toBe("late");
  });

  it("marks a skip with a reason skipped; a recorded visit wins over a skip; a blank reason is no skip", () => {
    expect(visitState({ ...leapVisit, skipReason: "Owner in hospital" }, "2028-03-20")).toBe("skipped");
    expect(visitState({ ...leapVisit, skipReason: "Owner in hospital", visitDate: "2028-03-01" }, "2028-03-20")).toBe("completed");
    expect(visitState({ ...leapVisit, skipReason: "   " }, "2028-03-20")).toBe("missed");
  });

  it("turns at Kyiv midnight, not UTC midnight (winter, UTC+2)", () => {
    expect(visitState(leapVisit, kyivToday(new Date("2028-02-13T21:59:59Z")))).toBe("upcoming");
    expect(visitState(leapVisit, kyivToday(new Date("2028-02-13T22:00:00Z")))).toBe("due");
    expect(visitState(leapVisit, kyivToday(new Date("2028-03-15T21:59:59Z")))).toBe("overdue");
    expect(visitState(leapVisit, kyivToday(new Date("2028-03-15T22:00:00Z")))).toBe("missed");
  });

  it("turns at Kyiv midnight in summer (UTC+3)", () => {
    const [, , julyVisit] = planVisits("2025-01-31", cashStages);
    expect(visitState(julyVisit, kyivToday(new Date("2025-07-31T20:59:59Z")))).toBe("due");
    expect(visitState(julyVisit, kyivToday(new Date("2025-07-31T21:00:00Z")))).toBe("overdue");
    expect(visitState(julyVisit, kyivToday(new Date("2025-08-15T20:59:59Z")))).toBe("overdue");
    expect(visitState(julyVisit, kyivToday(new Date("2025-08-15T21:00:00Z")))).toBe("missed");
  });

  it("works for a window with no days before the due date", () => {
    const [visit] = planVisits("2025-03-10", [stage(2, true, 0, 30)]);
    expect(visitState(visit, "2025-05-09")).toBe("upcoming");
    expect(visitState(visit, "2025-05-10")).toBe("due");
    expect(visitState(visit, "2025-05-11")).toBe("overdue");
  });
});

describe("scheduleInForce (a change reaches only grants whose time origin comes after it)", () => {
  const commonV1 = { id: "common-1", modality: null, effectiveFrom: "2024-01-01", stages: cashStages };
  const commonV2 = { id: "common-2", modality: null, effectiveFrom: "2025-06-01", stages: inKindStages };
  const cashV1 = { id: "cash-1", modality: "cash", effectiveFrom: "2025-03-01", stages: [stage(1, true, 10, 10), stage(6)] };
  const versions = [commonV2, cashV1, commonV1];

  it.each([
    ["2023-12-31", "in_kind", null],
    ["2024-01-01", "in_kind", "common-1"],
    ["2025-05-31", "in_kind", "common-1"],
    ["2025-06-01", "in_kind", "common-2"],
    ["2025-02-28", "cash", "common-1"],
    ["2025-03-01", "cash", "cash-1"],
    ["2025-07-01", "cash", "cash-1"],
  ] as const)("a grant with time origin %s (%s) gets %s", (origin, modality, expected) => {
    expect(scheduleInForce(versions, origin, modality)?.id ?? null).toBe(expected);
  });

  it("takes the latest of several versions whatever their order", () => {
    const cashV2 = { ...cashV1, id: "cash-2", effectiveFrom: "2025-09-01" };
    expect(scheduleInForce([cashV2, cashV1], "2025-09-01", "cash")?.id).toBe("cash-2");
    expect(scheduleInForce([cashV1, cashV2], "2025-08-31", "cash")?.id).toBe("cash-1");
  });

  it("dates a change saved today from tomorrow, never back", () => {
    expect(firstOriginForChange("2025-05-31")).toBe("2025-06-01");
    expect(firstOriginForChange("2028-02-28")).toBe("2028-02-29");
    expect(isAllowedEffectiveFrom("2025-05-31", "2025-05-31")).toBe(false);
    expect(isAllowedEffectiveFrom("2025-06-01", "2025-05-31")).toBe(true);
    expect(isAllowedEffectiveFrom("2025-09-01", "2025-05-31")).toBe(true);
  });
});

describe("reschedule", () => {
  const origin = "2025-01-31";
  const [, aprilVisit] = planVisits(origin, cashStages);

  it("moves the due date with a reason and keeps the window's width", () => {
    expect(reschedule(aprilVisit, { newDueDate: "2025-05-20", reason: "Owner away until 20 May", timeOrigin: origin })).toEqual({
      ok: true,
      dueDate: "2025-05-20",
      windowStart: "2025-05-05",
      windowEnd: "2025-06-04",
    });
    const [asymmetric] = planVisits("2025-03-10", [stage(2, true, 0, 30)]);
    expect(reschedule(asymmetric, { newDueDate: "2025-05-31", reason: "Road closed", timeOrigin: "2025-03-10" })).toEqual({
      ok: true,
      dueDate: "2025-05-31",
      windowStart: "2025-05-31",
      windowEnd: "2025-06-30",
    });
  });

  it("turns a visit that would be missed back into a due one only through the reschedule", () => {
    expect(visitState(aprilVisit, "2025-05-16")).toBe("missed");
    const moved = reschedule(aprilVisit, { newDueDate: "2025-05-20", reason: "Owner away", timeOrigin: origin });
    if (!moved.ok) throw new Error("expected the reschedule to be accepted");
    expect(visitState({ ...aprilVisit, ...moved }, "2025-05-16")).toBe("due");
  });

  it("refuses without a reason, a bad date, a date not after the origin, no change, a visit made or skipped", () => {
    const change = { newDueDate: "2025-05-20", reason: "Owner away", timeOrigin: origin };
    expect(reschedule(aprilVisit, { ...change, reason: "  " })).toEqual({ ok: false, reason: "reason_required" });
    expect(reschedule(aprilVisit, { ...change, newDueDate: "2025-02-30" })).toEqual({ ok: false, reason: "invalid_date" });
    expect(reschedule(aprilVisit, { ...change, newDueDate: origin })).toEqual({ ok: false, reason: "before_time_origin" });
    expect(reschedule(aprilVisit, { ...change, newDueDate: "2025-04-30" })).toEqual({ ok: false, reason: "unchanged" });
    expect(reschedule({ ...aprilVisit, visitDate: "2025-04-20" }, change)).toEqual({ ok: false, reason: "already_made" });
    expect(reschedule({ ...aprilVisit, skipReason: "Closed for season" }, change)).toEqual({ ok: false, reason: "skipped" });
  });
});

describe("replanFromCorrectedOrigin", () => {
  const [first, second, third, fourth] = planVisits("2025-01-31", cashStages);
  const plan: Array<PlannedVisit & { visitDate?: string; skipReason?: string; rescheduled?: boolean }> = [
    { ...first, visitDate: "2025-03-02" },
    { ...second, dueDate: "2025-05-20", windowStart: "2025-05-05", windowEnd: "2025-06-04", rescheduled: true },
    { ...third, skipReason: "Owner abroad for treatment" },
    fourth,
  ];

  it("re-plans only the visits not yet made, from the corrected origin", () => {
    expect(replanFromCorrectedOrigin(plan, "2025-02-10")).toEqual({
      changes: [
        {
          monthsAfterOrigin: 3,
          before: { dueDate: "2025-05-20", windowStart: "2025-05-05", windowEnd: "2025-06-04" },
          after: { dueDate: "2025-05-10", windowStart: "2025-04-25", windowEnd: "2025-05-25" },
          replacesReschedule: true,
        },
        {
          monthsAfterOrigin: 6,
          before: { dueDate: "2025-07-31", windowStart: "2025-07-16", windowEnd: "2025-08-15" },
          after: { dueDate: "2025-08-10", windowStart: "2025-07-26", windowEnd: "2025-08-25" },
          replacesReschedule: false,
        },
        {
          monthsAfterOrigin: 12,
          before: { dueDate: "2026-01-31", windowStart: "2026-01-16", windowEnd: "2026-02-15" },
          after: { dueDate: "2026-02-10", windowStart: "2026-01-26", windowEnd: "2026-02-25" },
          replacesReschedule: false,
        },
      ],
      visitsBeforeOrigin: [],
    });
  });

  it("reports a recorded visit dated before the corrected origin", () => {
    expect(replanFromCorrectedOrigin(plan, "2025-03-05").visitsBeforeOrigin).toEqual([1]);
  });

  it("changes nothing when the origin is the same", () => {
    const untouched = planVisits("2025-01-31", cashStages);
    expect(replanFromCorrectedOrigin(untouched, "2025-01-31")).toEqual({ changes: [], visitsBeforeOrigin: [] });
  });
});
