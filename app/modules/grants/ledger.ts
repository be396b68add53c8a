// The grant ledger's arithmetic (domain.md §9): balances are sums of append-only entries, never
// stored totals. Amounts are signed minor units: commitments and disbursements positive, releases
// and returns negative, corrections either way. An agreement's amounts are in its own currency;
// a budget line's in its funding source's currency (each entry carries both).
import type { grantModalities, LedgerEntryKind } from "../../../db/enums";

export type GrantModality = (typeof grantModalities)[number];

export type LedgerEntryFacts = {
  id: number;
  kind: LedgerEntryKind;
  amountMinor: number;
  lineAmountMinor: number;
  modality: GrantModality | null;
  reversesEntryId: number | null;
};

const commitmentKinds: readonly LedgerEntryKind[] = ["commitment", "release"];
const paymentKinds: readonly LedgerEntryKind[] = ["disbursement", "return", "correction"];

export type AgreementBalance = {
  /** Commitments net of releases. */
  committedMinor: number;
  /** Everything that reached the beneficiary, before returns and corrections. */
  disbursedGrossMinor: number;
  disbursedInKindMinor: number;
  disbursedCashMinor: number;
  /** Disbursements net of returns and corrections: the money the beneficiary keeps. */
  paidNetMinor: number;
  /** What may still be disbursed: the commitment not yet paid or released. */
  leftToPayMinor: number;
};

/** The balance of one agreement, in its currency, from its entries. */
export function agreementBalance(entries: readonly Pick<LedgerEntryFacts, "kind" | "amountMinor" | "modality">[]): AgreementBalance {
  let committedMinor = 0;
  let paidNetMinor = 0;
  let disbursedInKindMinor = 0;
  let disbursedCashMinor = 0;
  for (const entry of entries) {
    if (commitmentKinds.includes(entry.kind)) committedMinor += entry.amountMinor;
    if (paymentKinds.includes(entry.kind)) paidNetMinor += entry.amountMinor;
    if (entry.kind === "disbursement") {
      if (entry.modality === "in_kind") disbursedInKindMinor += entry.amountMinor;
      else disbursedCashMinor += entry.amountMinor;
    }
  }
  return {
    committedMinor,
    disbursedGrossMinor: disbursedInKindMinor + disbursedCashMinor,
    disbursedInKindMinor,
    disbursedCashMinor,
    paidNetMinor,
    leftToPayMinor: committedMinor - paidNetMinor,
  };
}

export type BudgetLineBalance = {
  amountMinor: number;
  /** Commitments net of releases (signed agreements). */
  committedMinor: number;
  /** Disbursements net of returns and corrections (paid or handed over). */
  disbursedMinor: number;
  /** What new agreements may still commit: the line's amount less what is committed. */
  leftMinor: number;
};

/** The balance of one budget line, in its funding source's currency. */
export function budgetLineBalance(lineAmountMinor: number, entries: readonly Pick<LedgerEntryFacts, "kind" | "lineAmountMinor">[]): BudgetLineBalance {
  let committedMinor = 0;
  let disbursedMinor = 0;
  for (const entry of entries) {
    if (commitmentKinds.includes(entry.kind)) committedMinor += entry.lineAmountMinor;
    if (paymentKinds.includes(entry.kind)) disbursedMinor += entry.lineAmountMinor;
  }
  return { amountMinor: lineAmountMinor, committedMinor, disbursedMinor, leftMinor: lineAmountMinor - committedMinor };
}

export type LedgerCheck = { ok: true } | { ok: false; code: "beyond_budget_line" | "beyond_agreement" | "reversal_beyond_entry" | "not_a_disbursement" | "invalid_amount"; leftMinor: number };

/** A commitment never exceeds what the budget line has left (§9). */
export function checkCommitment(line: BudgetLineBalance, commitmentLineMinor: number): LedgerCheck {
  if (!Number.isSafeInteger(commitmentLineMinor) || commitmentLineMinor <= 0) return { ok: false, code: "invalid_amount", leftMinor: line.leftMinor };
  return commitmentLineMinor <= line.leftMinor ? { ok: true } : { ok: false, code: "beyond_budget_line", leftMinor: line.leftMinor };
}

/**
 * A disbursement stays within what the agreement has left to pay and within its part (in kind or
 * cash) of the agreement: the sum of payments never exceeds the agreement (§9). Returns do not
 * make room for new payments: the part is checked on gross disbursements.
 */
export function checkDisbursement(
  balance: AgreementBalance,
  parts: { inKindMinor: number; cashMinor: number },
  modality: GrantModality,
  amountMinor: number,
): LedgerCheck {
  const partLeft = modality === "in_kind" ? parts.inKindMinor - balance.disbursedInKindMinor : parts.cashMinor - balance.disbursedCashMinor;
  const leftMinor = Math.min(partLeft, balance.leftToPayMinor);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) return { ok: false, code: "invalid_amount", leftMinor };
  return amountMinor <= leftMinor ? { ok: true } : { ok: false, code: "beyond_agreement", leftMinor };
}

/** What is left of a disbursement after the returns and corrections that reverse it. */
export function reversibleMinor(disbursement: LedgerEntryFacts, entries: readonly LedgerEntryFacts[]): number {
  return entries
    .filter((entry) => entry.reversesEntryId === disbursement.id)
    .reduce((left, reversal) => left + reversal.amountMinor, disbursement.amountMinor);
}

/**
 * A return (or a downward correction) is a new entry reversing part or all of a disbursement;
 * nothing is edited after it is paid (§9). `amountMinor` is the positive amount given back.
 */
export function checkReversal(disbursement: LedgerEntryFacts, entries: readonly LedgerEntryFacts[], amountMinor: number): LedgerCheck {
  const leftMinor = disbursement.kind === "disbursement" ? reversibleMinor(disbursement, entries) : 0;
  if (disbursement.kind !== "disbursement") return { ok: false, code: "not_a_disbursement", leftMinor };
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) return { ok: false, code: "invalid_amount", leftMinor };
  return amountMinor <= leftMinor ? { ok: true } : { ok: false, code: "reversal_beyond_entry", leftMinor };
}
