import { describe, expect, it } from "vitest";
import { kyivToday } from "~/lib/kyiv-date";
import { closureDateOf, validateVisitRecord, type VisitContext, type VisitRecordInput } from "~/modules/followup/visit-rules";

const context: VisitContext = {
  today: "2025-06-30",
  timeOrigin: "2025-01-31",
  handedOverItemIds: ["SN-OVEN-1", "SN-MIXER-7"],
  verifiableTrancheIds: [],
  lastSeenOpenOn: "2025-03-01",
  currentHromadaPcode: "UA1202001",
};

const operatingVisit: VisitRecordInput = {
  visitDate: "2025-06-30",
  operatingStatus: "operating",
  closureDate: null,
  closureReason: null,
  closureConfirmed: false,
  rosterChanges: [{ kind: "changed", workerId: "w1", fields: { hoursPerWeek: 30 } }],
  monthlyRevenueMinor: 4_500_000,
  monthlyNetIncomeMinor: -120_000,
  equipment: [
    { itemId: "SN-OVEN-1", status: "in_use" },
    { itemId: "SN-MIXER-7", status: "broken" },
  ],
  residence: "same_hromada",
  newHromadaPcode: null,
  verifiesTrancheId: null,
};

const closedVisit: VisitRecordInput = {
  ...operatingVisit,
  operatingStatus: "closed",
  closureDate: "2025-05-15",
  closureReason: "no_customers",
  closureConfirmed: true,
  monthlyRevenueMinor: 0,
  monthlyNetIncomeMinor: 0,
  equipment: [
    { itemId: "SN-OVEN-1", status: "sold" },
    { itemId: "SN-MIXER-7", status: "idle" },
  ],
};

const unreachableVisit: VisitRecordInput = {
  ...operatingVisit,
  operatingStatus: "unreachable",
  rosterChanges: [],
  monthlyRevenueMinor: null,
  monthlyNetIncomeMinor: null,
  equipment: [],
  residence: "unknown",
};

describe("validateVisitRecord", () => {
  it("accepts complete records of an operating, a closed and an unreachable business", () => {
    expect(validateVisitRecord(operatingVisit, context)).toEqual([]);
    expect(validateVisitRecord(closedVisit, context)).toEqual([]);
    expect(validateVisitRecord(unreachableVisit, context)).toEqual([]);
    expect(validateVisitRecord({ ...operatingVisit, operatingStatus: "suspended" }, context)).toEqual([]);
  });

  describe("dates: not in the future (Kyiv), not before the time origin", () => {
    it.each([
      ["2025-01-30", [{ field: "visitDate", code: "before_time_origin" }]],
      ["2025-01-31", []],
      ["2025-06-30", []],
      ["2025-07-01", [{ field: "visitDate", code: "date_in_future" }]],
      ["2025-06-31", [{ field: "visitDate", code: "invalid_date" }]],
    ] as const)("a visit dated %s", (visitDate, issues) => {
      expect(validateVisitRecord({ ...operatingVisit, visitDate }, context)).toEqual(issues);
    });

    it("takes today in Kyiv: a visit dated 1 July is accepted from Kyiv midnight, 21:00 UTC in summer", () => {
      const visit = { ...operatingVisit, visitDate: "2025-07-01" };
      expect(validateVisitRecord(visit, { ...context, today: kyivToday(new Date("2025-06-30T20:59:59Z")) })).toEqual([
        { field: "visitDate", code: "date_in_future" },
      ]);
      expect(validateVisitRecord(visit, { ...context, today: kyivToday(new Date("2025-06-30T21:00:00Z")) })).toEqual([]);
    });
  });

  describe("closure", () => {
    it("needs a confirmation and a reason", () => {
      expect(validateVisitRecord({ ...closedVisit, closureConfirmed: false, closureReason: "  " }, context)).toEqual([
        { field: "closureConfirmed", code: "closure_not_confirmed" },
        { field: "closureReason", code: "closure_reason_required" },
      ]);
    });

    it("takes a closure date on or before the visit, not before the origin nor before the business was last seen open", () => {
      const check = (closureDate: string) => validateVisitRecord({ ...closedVisit, closureDate }, context);
      expect(check("2025-06-30")).toEqual([]);
      expect(check("2025-03-01")).toEqual([]);
      expect(check("2025-02-28")).toEqual([{ field: "closureDate", code: "closure_before_last_seen_open" }]);
      expect(check("2025-01-30")).toEqual([{ field: "closureDate", code: "before_time_origin" }]);
      expect(validateVisitRecord({ ...closedVisit, visitDate: "2025-06-20", closureDate: "2025-06-21" }, context)).toEqual([
        { field: "closureDate", code: "closure_after_visit" },
      ]);
      expect(check("2025-07-01")).toEqual([{ field: "closureDate", code: "date_in_future" }]);
    });

    it("defaults the closure date to the visit date", () => {
      expect(validateVisitRecord({ ...closedVisit, closureDate: null }, context)).toEqual([]);
      expect(closureDateOf({ ...closedVisit, closureDate: null })).toBe("2025-06-30");
      expect(closureDateOf(closedVisit)).toBe("2025-05-15");
      expect(closureDateOf(operatingVisit)).toBeNull();
    });

    it("refuses a closure date or reason on a business that is not closed", () => {
      expect(validateVisitRecord({ ...operatingVisit, closureDate: "2025-05-15" }, context)).toEqual([
        { field: "closureDate", code: "closure_without_closed_status" },
      ]);
      expect(validateVisitRecord({ ...operatingVisit, operatingStatus: "suspended", closureReason: "war" }, context)).toEqual([
        { field: "closureReason", code: "closure_without_closed_status" },
      ]);
    });
  });

  it("records no roster, income, equipment or tranche change when nobody could be reached", () => {
    expect(
      validateVisitRecord(
        {
          ...unreachableVisit,
          rosterChanges: operatingVisit.rosterChanges,
          monthlyRevenueMinor: 0,
          monthlyNetIncomeMinor: 0,
          equipment: operatingVisit.equipment,
          verifiesTrancheId: "t2",
        },
        context,
      ),
    ).toEqual([
      { field: "rosterChanges", code: "unreachable_records_nothing" },
      { field: "monthlyRevenueMinor", code: "unreachable_records_nothing" },
      { field: "monthlyNetIncomeMinor", code: "unreachable_records_nothing" },
      { field: "equipment", code: "unreachable_records_nothing" },
      { field: "verifiesTrancheId", code: "unreachable_records_nothing" },
    ]);
    // What neighbours say about where the owner lives is still recorded.
    expect(validateVisitRecord({ ...unreachableVisit, residence: "abroad" }, context)).toEqual([]);
  });

  it("checks income: whole kopiykas, revenue not negative, net income (a loss allowed) not above revenue", () => {
    const check = (monthlyRevenueMinor: number | null, monthlyNetIncomeMinor: number | null) =>
      validateVisitRecord({ ...operatingVisit, monthlyRevenueMinor, monthlyNetIncomeMinor }, context);
    expect(check(null, null)).toEqual([]);
    expect(check(100_000, 100_000)).toEqual([]);
    expect(check(100_000, 100_001)).toEqual([{ field: "monthlyNetIncomeMinor", code: "net_income_above_revenue" }]);
    expect(check(-1, null)).toEqual([{ field: "monthlyRevenueMinor", code: "revenue_negative" }]);
    expect(check(10.5, 1.5)).toEqual([
      { field: "monthlyRevenueMinor", code: "not_whole_amount" },
      { field: "monthlyNetIncomeMinor", code: "not_whole_amount" },
    ]);
  });

  it("needs one status from the list for each item handed over", () => {
    expect(
      validateVisitRecord(
        {
          ...operatingVisit,
          equipment: [
            { itemId: "SN-OVEN-1", status: "in_use" },
            { itemId: "SN-OVEN-1", status: "idle" },
            { itemId: "SN-FRIDGE-9", status: "stolen" },
          ],
        },
        context,
      ),
    ).toEqual([
      { field: "equipment", code: "equipment_duplicate_item", itemId: "SN-OVEN-1" },
      { field: "equipment", code: "equipment_unknown_item", itemId: "SN-FRIDGE-9" },
      { field: "equipment", code: "equipment_status_missing", itemId: "SN-MIXER-7" },
    ]);
    const withBadStatus = {
      ...operatingVisit,
      equipment: [operatingVisit.equipment[0], { itemId: "SN-MIXER-7", status: "repaired" }],
    } as unknown as VisitRecordInput;
    expect(validateVisitRecord(withBadStatus, context)).toEqual([{ field: "equipment", code: "equipment_status_invalid", itemId: "SN-MIXER-7" }]);
    for (const status of ["in_use", "idle", "sold", "broken", "stolen", "lost"] as const) {
      const equipment = [
        { itemId: "SN-OVEN-1", status },
        { itemId: "SN-MIXER-7", status },
      ];
      expect(validateVisitRecord({ ...operatingVisit, equipment }, context)).toEqual([]);
    }
    // A cash grant hands nothing over: no statuses to give.
    expect(validateVisitRecord({ ...operatingVisit, equipment: [] }, { ...context, handedOverItemIds: [] })).toEqual([]);
  });

  it("needs the new hromada's P-code when the owner moved within Ukraine, and only then", () => {
    const moved = (newHromadaPcode: string | null) =>
      validateVisitRecord({ ...operatingVisit, residence: "moved_within_ukraine", newHromadaPcode }, context);
    expect(moved("UA4606001")).toEqual([]);
    expect(moved(null)).toEqual([{ field: "newHromadaPcode", code: "hromada_required" }]);
    expect(moved("  ")).toEqual([{ field: "newHromadaPcode", code: "hromada_required" }]);
    expect(moved("UA4606")).toEqual([{ field: "newHromadaPcode", code: "hromada_invalid" }]);
    expect(moved("UA1202001")).toEqual([{ field: "newHromadaPcode", code: "hromada_unchanged" }]);
    expect(validateVisitRecord({ ...operatingVisit, residence: "abroad", newHromadaPcode: "UA4606001" }, context)).toEqual([
      { field: "newHromadaPcode", code: "hromada_without_move" },
    ]);
  });

  it("verifies only a tranche requirement waiting for a visit", () => {
    const cashContext = { ...context, handedOverItemIds: [], verifiableTrancheIds: ["t2"] };
    const cashVisit = { ...operatingVisit, equipment: [] };
    expect(validateVisitRecord({ ...cashVisit, verifiesTrancheId: "t2" }, cashContext)).toEqual([]);
    expect(validateVisitRecord({ ...cashVisit, verifiesTrancheId: "t3" }, cashContext)).toEqual([
      { field: "verifiesTrancheId", code: "tranche_not_verifiable" },
    ]);
  });
});
