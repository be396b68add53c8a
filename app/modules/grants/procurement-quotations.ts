// Choosing a supplier for an in-kind purchase (domain.md §9): above the programme's threshold a
// purchase needs quotations from at least the programme's number of distinct suppliers, and a
// supplier that is not the cheapest is chosen only with a written reason. Amounts are integer
// minor units in the purchase's currency (hryvnias: the agency buys in Ukraine).

export type QuotationRule = {
  /** Distinct suppliers that must have quoted when the purchase is above the threshold. */
  minQuotations: number;
  /** A purchase worth more than this (not equal to it) needs `minQuotations` quotations. */
  thresholdMinor: number;
};

// Three quotations is the humanitarian standard (§9). UAH 50,000 (about EUR 1,100 in 2025)
// keeps small purchases such as a sewing machine to one quotation while every
// equipment set a micro-grant buys is compared: the programme's settings override it.
export const defaultQuotationRule: QuotationRule = { minQuotations: 3, thresholdMinor: 5_000_000 };

export type PricedItem = { purchaseItemId: number; quantity: number };

/** A quotation's total for the purchase; complete only if it prices every item of the purchase. */
export function quotationTotal(
  items: PricedItem[],
  unitPrices: ReadonlyMap<number, number>,
): { totalMinor: number; complete: boolean; missingItemIds: number[] } {
  let totalMinor = 0;
  const missingItemIds: number[] = [];
  for (const item of items) {
    const unitPrice = unitPrices.get(item.purchaseItemId);
    if (unitPrice === undefined) {
      missingItemIds.push(item.purchaseItemId);
      continue;
    }
    if (!Number.isSafeInteger(unitPrice) || unitPrice < 0) throw new RangeError(`Unit price ${unitPrice} is not whole minor units`);
    totalMinor += unitPrice * item.quantity;
    if (!Number.isSafeInteger(totalMinor)) throw new RangeError("The quotation is too large to add up exactly");
  }
  return { totalMinor, complete: missingItemIds.length === 0, missingItemIds };
}

export type QuotationForChoice = {
  supplierId: number;
  totalMinor: number;
  /** Prices every item of the purchase; an incomplete quotation cannot be compared. */
  complete: boolean;
  chosen: boolean;
};

export type SupplierChoiceProblem =
  | { code: "no_supplier_chosen" }
  | { code: "several_suppliers_chosen" }
  | { code: "chosen_quotation_incomplete" }
  | { code: "too_few_quotations"; required: number; received: number; thresholdMinor: number }
  | { code: "reason_required"; cheapestSupplierId: number; cheapestTotalMinor: number };

export type SupplierChoiceCheck =
  | { ok: true; purchaseValueMinor: number; quotationsRequired: number; cheapest: boolean }
  | { ok: false; problems: SupplierChoiceProblem[] };

/**
 * The quotation rule (domain.md §9). The purchase's value is the larger of its estimate and the
 * chosen quotation, so an estimate kept low cannot avoid the comparison.
 */
export function checkSupplierChoice(input: {
  rule: QuotationRule;
  estimatedTotalMinor: number;
  quotations: QuotationForChoice[];
  reason: string | null | undefined;
}): SupplierChoiceCheck {
  const { rule, quotations } = input;
  const problems: SupplierChoiceProblem[] = [];
  const chosen = quotations.filter((quotation) => quotation.chosen);
  if (chosen.length === 0) problems.push({ code: "no_supplier_chosen" });
  if (chosen.length > 1) problems.push({ code: "several_suppliers_chosen" });
  const choice = chosen.length === 1 ? chosen[0] : null;
  if (choice && !choice.complete) problems.push({ code: "chosen_quotation_incomplete" });

  const purchaseValueMinor = Math.max(input.estimatedTotalMinor, choice?.totalMinor ?? 0);
  const quotationsRequired = purchaseValueMinor > rule.thresholdMinor ? rule.minQuotations : 1;
  const comparable = quotations.filter((quotation) => quotation.complete);
  const suppliers = new Set(comparable.map((quotation) => quotation.supplierId));
  if (suppliers.size < quotationsRequired) {
    problems.push({ code: "too_few_quotations", required: quotationsRequired, received: suppliers.size, thresholdMinor: rule.thresholdMinor });
  }

  let cheapest = true;
  if (choice && choice.complete && comparable.length > 0) {
    const lowest = comparable.reduce((best, quotation) => (quotation.totalMinor < best.totalMinor ? quotation : best));
    // A tie with the lowest price is the cheapest: no reason is owed.
    cheapest = choice.totalMinor <= lowest.totalMinor;
    if (!cheapest && !input.reason?.trim()) {
      problems.push({ code: "reason_required", cheapestSupplierId: lowest.supplierId, cheapestTotalMinor: lowest.totalMinor });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, purchaseValueMinor, quotationsRequired, cheapest };
}
