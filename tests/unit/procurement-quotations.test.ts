// The quotation rule of in-kind procurement (domain.md §9).
import { describe, expect, it } from "vitest";
import {
  checkSupplierChoice,
  defaultQuotationRule,
  quotationTotal,
  type QuotationForChoice,
} from "~/modules/grants/procurement-quotations";

const rule = { minQuotations: 3, thresholdMinor: 5_000_000 };
const quote = (supplierId: number, totalMinor: number, chosen = false, complete = true): QuotationForChoice => ({
  supplierId,
  totalMinor,
  complete,
  chosen,
});

describe("quotationTotal", () => {
  const items = [
    { purchaseItemId: 1, quantity: 2 },
    { purchaseItemId: 2, quantity: 1 },
  ];

  it("adds unit price × quantity over every item", () => {
    expect(quotationTotal(items, new Map([[1, 1_250_050], [2, 99]]))).toEqual({ totalMinor: 2_500_199, complete: true, missingItemIds: [] });
  });

  it("is incomplete when an item has no price", () => {
    expect(quotationTotal(items, new Map([[1, 100]]))).toEqual({ totalMinor: 200, complete: false, missingItemIds: [2] });
  });

  it("refuses fractional or negative prices", () => {
    expect(() => quotationTotal(items, new Map([[1, 1.5], [2, 1]]))).toThrow(RangeError);
    expect(() => quotationTotal(items, new Map([[1, -1], [2, 1]]))).toThrow(RangeError);
  });
});

describe("checkSupplierChoice", () => {
  it("defaults to three quotations above UAH 50,000", () => {
    expect(defaultQuotationRule).toEqual({ minQuotations: 3, thresholdMinor: 5_000_000 });
  });

  it("accepts three distinct suppliers above the threshold with the cheapest chosen", () => {
    const result = checkSupplierChoice({
      rule,
      estimatedTotalMinor: 6_000_000,
      quotations: [quote(1, 6_100_000), quote(2, 5_900_000, true), quote(3, 6_300_000)],
      reason: null,
    });
    expect(result).toEqual({ ok: true, purchaseValueMinor: 6_000_000, quotationsRequired: 3, cheapest: true });
  });

  it("refuses two quotations above the threshold", () => {
    const result = checkSupplierChoice({
      rule,
      estimatedTotalMinor: 5_000_001,
      quotations: [quote(1, 5_100_000, true), quote(2, 5_200_000)],
      reason: null,
    });
    expect(result).toEqual({ ok: false, problems: [{ code: "too_few_quotations", required: 3, received: 2, thresholdMinor: 5_000_000 }] });
  });

  it("needs one quotation at the threshold exactly (the rule is 'above')", () => {
    const result = checkSupplierChoice({ rule, estimatedTotalMinor: 5_000_000, quotations: [quote(1, 5_000_000, true)], reason: "" });
    expect(result).toEqual({ ok: true, purchaseValueMinor: 5_000_000, quotationsRequired: 1, cheapest: true });
  });

  it("measures the purchase by the chosen quotation when it exceeds a low estimate", () => {
    const result = checkSupplierChoice({ rule, estimatedTotalMinor: 1_000_000, quotations: [quote(1, 5_000_100, true)], reason: null });
    expect(result).toEqual({ ok: false, problems: [{ code: "too_few_quotations", required: 3, received: 1, thresholdMinor: 5_000_000 }] });
  });

  it("counts distinct suppliers, not quotations, and only complete ones", () => {
    const result = checkSupplierChoice({
      rule,
      estimatedTotalMinor: 9_000_000,
      quotations: [quote(1, 9_000_000, true), quote(1, 9_100_000), quote(2, 9_200_000), quote(3, 8_000_000, false, false)],
      reason: null,
    });
    expect(result).toEqual({ ok: false, problems: [{ code: "too_few_quotations", required: 3, received: 2, thresholdMinor: 5_000_000 }] });
  });

  it("asks for a reason when the chosen supplier is not the cheapest", () => {
    const quotations = [quote(1, 6_000_000), quote(2, 6_500_000, true), quote(3, 7_000_000)];
    expect(checkSupplierChoice({ rule, estimatedTotalMinor: 6_000_000, quotations, reason: "   " })).toEqual({
      ok: false,
      problems: [{ code: "reason_required", cheapestSupplierId: 1, cheapestTotalMinor: 6_000_000 }],
    });
    expect(checkSupplierChoice({ rule, estimatedTotalMinor: 6_000_000, quotations, reason: "Delivers to Kramatorsk within a week" })).toEqual({
      ok: true,
      purchaseValueMinor: 6_500_000,
      quotationsRequired: 3,
      cheapest: false,
    });
  });

  it("asks for a reason below the threshold too when a cheaper quotation is on file", () => {
    const result = checkSupplierChoice({ rule, estimatedTotalMinor: 100_000, quotations: [quote(1, 90_000), quote(2, 100_000, true)], reason: undefined });
    expect(result).toEqual({ ok: false, problems: [{ code: "reason_required", cheapestSupplierId: 1, cheapestTotalMinor: 90_000 }] });
  });

  it("owes no reason for a tie with the lowest price", () => {
    const result = checkSupplierChoice({ rule, estimatedTotalMinor: 6_000_000, quotations: [quote(1, 6_000_000), quote(2, 6_000_000, true), quote(3, 6_000_001)], reason: null });
    expect(result).toEqual({ ok: true, purchaseValueMinor: 6_000_000, quotationsRequired: 3, cheapest: true });
  });

  it("needs exactly one complete chosen quotation", () => {
    expect(checkSupplierChoice({ rule, estimatedTotalMinor: 100, quotations: [quote(1, 100)], reason: null })).toEqual({
      ok: false,
      problems: [{ code: "no_supplier_chosen" }],
    });
    expect(checkSupplierChoice({ rule, estimatedTotalMinor: 100, quotations: [quote(1, 100, true), quote(2, 100, true)], reason: null })).toEqual({
      ok: false,
      problems: [{ code: "several_suppliers_chosen" }],
    });
    expect(checkSupplierChoice({ rule, estimatedTotalMinor: 100, quotations: [quote(1, 100, true, false)], reason: null })).toEqual({
      ok: false,
      problems: [{ code: "chosen_quotation_incomplete" }, { code: "too_few_quotations", required: 1, received: 0, thresholdMinor: 5_000_000 }],
    });
  });

  it("follows a programme's own rule", () => {
    const strict = { minQuotations: 2, thresholdMinor: 0 };
    expect(checkSupplierChoice({ rule: strict, estimatedTotalMinor: 1, quotations: [quote(1, 1, true)], reason: null })).toEqual({
      ok: false,
      problems: [{ code: "too_few_quotations", required: 2, received: 1, thresholdMinor: 0 }],
    });
  });
});
