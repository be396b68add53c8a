// A business plan's budget and the money limits a grant must respect. Amounts are integer minor
// units (kopiykas, cents) and never floating point (domain.md §5); every sum is checked to stay
// a safe integer, so a huge input fails loudly instead of losing kopiykas.
import { parseMoneyInput } from "~/lib/money";

export type GrantModality = "in_kind" | "cash";

export type BudgetLine = {
  item: string;
  /** Whole units, at least 1. */
  quantity: number;
  unitCostMinor: number;
  /** In kind: the agency procures and hands over the equipment; cash: a bank transfer (§1). */
  modality: GrantModality;
  supplierQuote?: string | null;
};

export type BudgetTotals = {
  inKindMinor: number;
  cashMinor: number;
  /** What the applicant asks the programme for: in kind + cash. */
  requestedMinor: number;
  coContributionMinor: number;
  /** The whole project: requested + the applicant's own co-contribution. */
  totalMinor: number;
  /** Co-contribution as a share (0–1) of the whole project; 10–20% is common (§5). */
  coContributionShare: number;
};

export function budgetTotals(lines: BudgetLine[], coContributionMinor: number): BudgetTotals {
  assertMinor(coContributionMinor, "The co-contribution");
  let inKindMinor = 0;
  let cashMinor = 0;
  for (const line of lines) {
    const lineMinor = lineTotalMinor(line);
    if (line.modality === "in_kind") inKindMinor = addMinor(inKindMinor, lineMinor);
    else cashMinor = addMinor(cashMinor, lineMinor);
  }
  const requestedMinor = addMinor(inKindMinor, cashMinor);
  const totalMinor = addMinor(requestedMinor, coContributionMinor);
  return {
    inKindMinor,
    cashMinor,
    requestedMinor,
    coContributionMinor,
    totalMinor,
    coContributionShare: totalMinor === 0 ? 0 : coContributionMinor / totalMinor,
  };
}

export function lineTotalMinor(line: BudgetLine): number {
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
    throw new RangeError(`The quantity of "${line.item}" must be a whole number of at least 1`);
  }
  assertMinor(line.unitCostMinor, `The unit cost of "${line.item}"`);
  const lineMinor = line.quantity * line.unitCostMinor;
  if (!Number.isSafeInteger(lineMinor)) {
    throw new RangeError(`The cost of "${line.item}" is too large to add up exactly`);
  }
  return lineMinor;
}

export type MoneyLimitCheck =
  | { ok: true }
  | { ok: false; reason: "above_ceiling" | "beyond_envelope"; limitMinor: number };

/** A grant may equal the programme's ceiling but not exceed it by a single kopiyka (§5). */
export function checkAgainstCeiling(requestedMinor: number, ceilingMinor: number): MoneyLimitCheck {
  assertMinor(requestedMinor, "The amount");
  assertMinor(ceilingMinor, "The ceiling");
  return requestedMinor <= ceilingMinor
    ? { ok: true }
    : { ok: false, reason: "above_ceiling", limitMinor: ceilingMinor };
}

/**
 * The committee cannot approve more than is left in the programme's budget envelope: the
 * envelope minus what earlier approvals have already committed.
 */
export function checkEnvelope(input: {
  envelopeMinor: number;
  approvedMinor: number;
  amountMinor: number;
}): MoneyLimitCheck {
  assertMinor(input.envelopeMinor, "The budget envelope");
  assertMinor(input.approvedMinor, "The amount already approved");
  return checkAvailableFunds(input.amountMinor, input.envelopeMinor - input.approvedMinor);
}

/**
 * The same check when the caller already knows what is left. An envelope that earlier
 * approvals overdrew leaves nothing: the limit reported is then 0, never negative.
 */
export function checkAvailableFunds(amountMinor: number, availableMinor: number): MoneyLimitCheck {
  assertMinor(amountMinor, "The amount");
  if (!Number.isSafeInteger(availableMinor)) {
    throw new RangeError("The funds available must be a whole number of minor units");
  }
  return amountMinor <= availableMinor
    ? { ok: true }
    : { ok: false, reason: "beyond_envelope", limitMinor: Math.max(availableMinor, 0) };
}

/** True for an amount this module can add exactly: a whole, non-negative number of minor units. */
export function isMinorAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function assertMinor(value: number, what: string): void {
  if (!isMinorAmount(value)) {
    throw new RangeError(
      `${what} must be a whole, non-negative number of minor units (got ${value})`,
    );
  }
}

function addMinor(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError("The budget is too large to add up exactly");
  return sum;
}

/**
 * A line's total as typed in the plan editor, before the form is saved: null while the quantity
 * is not a whole number of at least 1 or the price is not an amount (the server parses again).
 */
export function typedLineTotalMinor(quantity: string | undefined, unitCost: string | undefined): number | null {
  const count = /^\s*\d{1,6}\s*$/.test(quantity ?? "") ? Number(quantity) : 0;
  const price = unitCost?.trim() ? parseMoneyInput(unitCost) : null;
  if (count < 1 || price === null) return null;
  const total = count * price;
  return Number.isSafeInteger(total) ? total : null;
}

/** The editor's running totals: every complete line added up, and how many lines were left out. */
export function typedBudgetTotals(lines: Array<{ quantity?: string; unitCostMinor?: string; modality?: string }>, coContribution: string | undefined): BudgetTotals & { incompleteLines: number } {
  const complete: BudgetLine[] = [];
  for (const line of lines) {
    const total = typedLineTotalMinor(line.quantity, line.unitCostMinor);
    if (total !== null && (line.modality === "in_kind" || line.modality === "cash")) complete.push({ item: "", quantity: 1, unitCostMinor: total, modality: line.modality });
  }
  const own = coContribution?.trim() ? parseMoneyInput(coContribution) : 0;
  try {
    return { ...budgetTotals(complete, own ?? 0), incompleteLines: lines.length - complete.length };
  } catch {
    // Sums too large to add exactly: nothing sensible to show until the figures are corrected.
    return { ...budgetTotals([], 0), incompleteLines: lines.length };
  }
}
