import { describe, expect, it } from "vitest";
import { agreementModality, agreementNumber, checkAgreementTerms, checkTranchePlan, normaliseTranchePlan, withinPeriod } from "~/modules/grants/agreement-rules";

describe("agreement number", () => {
  it("is the programme code, the year and a four-digit sequence", () => {
    expect(agreementNumber("EEP", 2026, 1)).toBe("EEP-2026-0001");
    expect(agreementNumber("EEP", 2026, 143)).toBe("EEP-2026-0143");
    expect(agreementNumber("LIV-PLUS", 2027, 12345)).toBe("LIV-PLUS-2027-12345");
  });
});

describe("modality", () => {
  it("in kind, cash or mixed from the split", () => {
    expect(agreementModality({ inKindMinor: 100, cashMinor: 0 })).toBe("in_kind");
    expect(agreementModality({ inKindMinor: 0, cashMinor: 100 })).toBe("cash");
    expect(agreementModality({ inKindMinor: 50, cashMinor: 50 })).toBe("mixed");
  });
});

describe("agreement terms", () => {
  const limits = { approvedMinor: 150_000_00, ceilingMinor: 200_000_00, amountInProgrammeCurrencyMinor: 150_000_00 };
  it("accepts an amount split exactly, within the approval and the ceiling", () => {
    expect(checkAgreementTerms({ amountMinor: 150_000_00, inKindMinor: 100_000_00, cashMinor: 50_000_00 }, limits)).toEqual([]);
  });
  it("refuses a split that does not add up, saying by how much", () => {
    expect(checkAgreementTerms({ amountMinor: 150_000_00, inKindMinor: 100_000_00, cashMinor: 49_999_99 }, limits)).toEqual([
      { code: "split_mismatch", field: "cashMinor", details: { differenceMinor: 1 } },
    ]);
  });
  it("compares with the approved amount and the ceiling in the programme's currency", () => {
    const terms = { amountMinor: 4_000_00, inKindMinor: 4_000_00, cashMinor: 0 };
    expect(checkAgreementTerms(terms, { ...limits, amountInProgrammeCurrencyMinor: 150_000_01 })).toEqual([
      { code: "above_approved", field: "amountMinor", details: { limitMinor: 150_000_00 } },
    ]);
    expect(checkAgreementTerms(terms, { approvedMinor: 300_000_00, ceilingMinor: 200_000_00, amountInProgrammeCurrencyMinor: 200_000_01 })).toEqual([
      { code: "above_ceiling", field: "amountMinor", details: { limitMinor: 200_000_00 } },
    ]);
  });
  it("refuses zero, negative or fractional amounts", () => {
    expect(checkAgreementTerms({ amountMinor: 0, inKindMinor: 0, cashMinor: 0 }, limits)).toEqual([{ code: "invalid_amount", field: "amountMinor" }]);
    expect(checkAgreementTerms({ amountMinor: 100, inKindMinor: 150, cashMinor: -50 }, limits)).toEqual([{ code: "invalid_amount", field: "amountMinor" }]);
    expect(checkAgreementTerms({ amountMinor: 100.5, inKindMinor: 100.5, cashMinor: 0 }, limits)).toEqual([{ code: "invalid_amount", field: "amountMinor" }]);
  });
});

describe("tranche plan", () => {
  const t = (amountMinor: number, plannedOn: string, requirements: string[] = []) => ({ amountMinor, plannedOn, requirements });
  it("pays the cash part exactly on increasing dates", () => {
    expect(checkTranchePlan(60_000_00, [t(30_000_00, "2026-03-01"), t(30_000_00, "2026-06-01", ["Receipts for tranche 1"])])).toEqual([]);
  });
  it("refuses a sum that differs from the cash part", () => {
    expect(checkTranchePlan(60_000_00, [t(30_000_00, "2026-03-01"), t(29_999_99, "2026-06-01")])).toEqual([
      { code: "plan_sum_mismatch", field: "tranches", details: { planMinor: 59_999_99, cashMinor: 60_000_00 } },
    ]);
  });
  it("refuses dates that do not increase", () => {
    expect(checkTranchePlan(60_000_00, [t(30_000_00, "2026-03-01"), t(30_000_00, "2026-03-01")])).toEqual([
      { code: "plan_dates_not_increasing", field: "tranches[1].plannedOn" },
    ]);
  });
  it("needs tranches for a cash part and none without one", () => {
    expect(checkTranchePlan(10_00, [])).toEqual([{ code: "plan_missing", field: "tranches" }]);
    expect(checkTranchePlan(0, [t(10_00, "2026-01-01")])).toEqual([{ code: "plan_without_cash", field: "tranches" }]);
    expect(checkTranchePlan(0, [])).toEqual([]);
  });
  it("refuses a zero tranche", () => {
    expect(checkTranchePlan(10_00, [t(0, "2026-01-01"), t(10_00, "2026-02-01")])).toEqual([{ code: "invalid_amount", field: "tranches[0].amountMinor" }]);
  });
  it("numbers tranches and drops blank requirement lines", () => {
    expect(normaliseTranchePlan([t(10_00, "2026-01-01", [" Receipts ", "", "  "]), t(5_00, "2026-02-01")])).toEqual([
      { sequence: 1, amountMinor: 10_00, plannedOn: "2026-01-01", requirements: ["Receipts"] },
      { sequence: 2, amountMinor: 5_00, plannedOn: "2026-02-01", requirements: [] },
    ]);
  });
});

describe("funding period", () => {
  it("includes both ends", () => {
    const period = { periodStart: "2026-01-01", periodEnd: "2027-06-30" };
    expect(withinPeriod("2026-01-01", period)).toBe(true);
    expect(withinPeriod("2027-06-30", period)).toBe(true);
    expect(withinPeriod("2025-12-31", period)).toBe(false);
    expect(withinPeriod("2027-07-01", period)).toBe(false);
  });
});
