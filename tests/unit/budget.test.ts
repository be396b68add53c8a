import { describe, expect, it } from "vitest";
import {
  budgetTotals,
  checkAgainstCeiling,
  checkAvailableFunds,
  checkEnvelope,
  lineTotalMinor,
  typedBudgetTotals,
  typedLineTotalMinor,
  type BudgetLine,
} from "~/modules/review/budget";

const sewingMachines: BudgetLine = {
  item: "Industrial sewing machine",
  quantity: 2,
  unitCostMinor: 1_250_000, // UAH 12,500.00
  modality: "in_kind",
  supplierQuote: "Quote 17/2024",
};
const fabric: BudgetLine = {
  item: "Fabric stock",
  quantity: 3,
  unitCostMinor: 100_000,
  modality: "cash",
};

describe("budgetTotals", () => {
  it("splits the request by modality and adds the co-contribution", () => {
    expect(budgetTotals([sewingMachines, fabric], 700_000)).toEqual({
      inKindMinor: 2_500_000,
      cashMinor: 300_000,
      requestedMinor: 2_800_000,
      coContributionMinor: 700_000,
      totalMinor: 3_500_000,
      coContributionShare: 0.2,
    });
  });

  it("adds kopiykas exactly", () => {
    const lines: BudgetLine[] = [
      { item: "Scissors", quantity: 3, unitCostMinor: 10, modality: "cash" },
      { item: "Thread", quantity: 1, unitCostMinor: 20, modality: "cash" },
    ];
    // 0.1 × 3 + 0.2 in floats is 0.5000000000000001; in kopiykas it is 50.
    expect(budgetTotals(lines, 0).cashMinor).toBe(50);
  });

  it("gives an empty budget a zero share rather than dividing by zero", () => {
    expect(budgetTotals([], 0)).toEqual({
      inKindMinor: 0,
      cashMinor: 0,
      requestedMinor: 0,
      coContributionMinor: 0,
      totalMinor: 0,
      coContributionShare: 0,
    });
  });

  it("refuses quantities that are not whole numbers of at least 1", () => {
    expect(() => budgetTotals([{ ...fabric, quantity: 0 }], 0)).toThrow(
      /quantity of "Fabric stock"/,
    );
    expect(() => budgetTotals([{ ...fabric, quantity: 1.5 }], 0)).toThrow(/quantity/);
  });

  it("refuses costs that are negative or fractions of a kopiyka", () => {
    expect(() => budgetTotals([{ ...fabric, unitCostMinor: -1 }], 0)).toThrow(
      /unit cost of "Fabric stock"/,
    );
    expect(() => budgetTotals([{ ...fabric, unitCostMinor: 10.5 }], 0)).toThrow(
      /whole, non-negative/,
    );
    expect(() => budgetTotals([fabric], -100)).toThrow(/co-contribution/);
    expect(() => budgetTotals([fabric], 0.5)).toThrow(/co-contribution/);
  });

  it("refuses amounts too large to add exactly", () => {
    const huge: BudgetLine = { ...fabric, quantity: 2, unitCostMinor: Number.MAX_SAFE_INTEGER };
    expect(() => lineTotalMinor(huge)).toThrow(/too large/);
    const half: BudgetLine = {
      ...fabric,
      quantity: 1,
      unitCostMinor: Math.ceil(Number.MAX_SAFE_INTEGER / 2) + 1,
    };
    expect(() => budgetTotals([half, half], 0)).toThrow(/too large/);
    expect(() => budgetTotals([{ ...half, modality: "in_kind" }, half], 0)).toThrow(/too large/);
    expect(() => budgetTotals([half], Number.MAX_SAFE_INTEGER)).toThrow(/too large/);
  });
});

describe("checkAgainstCeiling", () => {
  const ceilingMinor = 500_000; // EUR 5,000.00, IOM's in-kind ceiling (domain.md §5)

  it("allows an amount equal to the ceiling", () => {
    expect(checkAgainstCeiling(500_000, ceilingMinor)).toEqual({ ok: true });
    expect(checkAgainstCeiling(0, ceilingMinor)).toEqual({ ok: true });
  });

  it("refuses one cent above the ceiling", () => {
    expect(checkAgainstCeiling(500_001, ceilingMinor)).toEqual({
      ok: false,
      reason: "above_ceiling",
      limitMinor: 500_000,
    });
  });

  it("refuses amounts that are not whole minor units", () => {
    expect(() => checkAgainstCeiling(4_999.99, ceilingMinor)).toThrow(/whole, non-negative/);
    expect(() => checkAgainstCeiling(-1, ceilingMinor)).toThrow(/The amount/);
    expect(() => checkAgainstCeiling(Number.NaN, ceilingMinor)).toThrow(/The amount/);
    expect(() => checkAgainstCeiling(Number.MAX_SAFE_INTEGER + 1, ceilingMinor)).toThrow(
      /The amount/,
    );
    expect(() => checkAgainstCeiling(1, Number.POSITIVE_INFINITY)).toThrow(/The ceiling/);
  });
});

describe("checkEnvelope", () => {
  const envelopeMinor = 100_000_000; // UAH 1,000,000.00

  it("allows an amount that uses exactly what is left", () => {
    expect(
      checkEnvelope({ envelopeMinor, approvedMinor: 60_000_000, amountMinor: 40_000_000 }),
    ).toEqual({
      ok: true,
    });
  });

  it("refuses one kopiyka beyond what is left, reporting what is left", () => {
    expect(
      checkEnvelope({ envelopeMinor, approvedMinor: 60_000_000, amountMinor: 40_000_001 }),
    ).toEqual({
      ok: false,
      reason: "beyond_envelope",
      limitMinor: 40_000_000,
    });
  });

  it("reports nothing left when earlier approvals overdrew the envelope", () => {
    expect(checkEnvelope({ envelopeMinor, approvedMinor: 120_000_000, amountMinor: 1 })).toEqual({
      ok: false,
      reason: "beyond_envelope",
      limitMinor: 0,
    });
  });

  it("refuses inputs that are not safe whole minor units", () => {
    expect(() =>
      checkEnvelope({
        envelopeMinor: Number.MAX_SAFE_INTEGER + 1,
        approvedMinor: 0,
        amountMinor: 1,
      }),
    ).toThrow(/budget envelope/);
    expect(() => checkEnvelope({ envelopeMinor, approvedMinor: 0.5, amountMinor: 1 })).toThrow(
      /already approved/,
    );
    expect(() => checkEnvelope({ envelopeMinor, approvedMinor: 0, amountMinor: -5 })).toThrow(
      /The amount/,
    );
  });
});

describe("checkAvailableFunds", () => {
  it("allows the amount left and refuses one kopiyka more", () => {
    expect(checkAvailableFunds(250_000, 250_000)).toEqual({ ok: true });
    expect(checkAvailableFunds(250_001, 250_000)).toEqual({
      ok: false,
      reason: "beyond_envelope",
      limitMinor: 250_000,
    });
  });

  it("refuses anything when nothing is left", () => {
    expect(checkAvailableFunds(1, -10)).toEqual({
      ok: false,
      reason: "beyond_envelope",
      limitMinor: 0,
    });
    expect(checkAvailableFunds(0, 0)).toEqual({ ok: true });
  });
});

describe("totals as typed in the plan editor", () => {
  it("adds up every complete line as the user types, in kind and cash apart", () => {
    expect(typedLineTotalMinor("2", "12 000,50")).toBe(2_400_100);
    const totals = typedBudgetTotals(
      [
        { quantity: "1", unitCostMinor: "136500", modality: "in_kind" },
        { quantity: "3", unitCostMinor: "4000", modality: "cash" },
        // Half-typed lines are left out and counted.
        { quantity: "", unitCostMinor: "500", modality: "cash" },
        { quantity: "2", unitCostMinor: "twelve", modality: "cash" },
        { quantity: "1", unitCostMinor: "100", modality: "" },
      ],
      "15000",
    );
    expect(totals).toEqual({
      inKindMinor: 13_650_000,
      cashMinor: 1_200_000,
      requestedMinor: 14_850_000,
      coContributionMinor: 1_500_000,
      totalMinor: 16_350_000,
      coContributionShare: 1_500_000 / 16_350_000,
      incompleteLines: 3,
    });
  });

  it("reads a quantity only as a whole number of at least 1, and an empty co-contribution as none", () => {
    expect(typedLineTotalMinor("0", "100")).toBeNull();
    expect(typedLineTotalMinor("1.5", "100")).toBeNull();
    expect(typedLineTotalMinor("1e3", "100")).toBeNull();
    expect(typedLineTotalMinor(undefined, "100")).toBeNull();
    expect(typedBudgetTotals([], undefined)).toMatchObject({ requestedMinor: 0, coContributionMinor: 0, incompleteLines: 0 });
    // An unreadable co-contribution counts as none rather than hiding the totals.
    expect(typedBudgetTotals([{ quantity: "1", unitCostMinor: "10", modality: "cash" }], "ten").coContributionMinor).toBe(0);
  });
});
