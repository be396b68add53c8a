// The rules a grant agreement and its tranche plan follow before they are stored (domain.md §9):
// within the committee's approved amount and the programme's ceiling, split into in kind and
// cash, the cash part paid in tranches that add up to it on increasing dates. Pure.
import type { GrantErrorCode } from "./grant-errors";

export type AgreementTerms = {
  amountMinor: number;
  inKindMinor: number;
  cashMinor: number;
};

export type TermsLimits = {
  /** What the committee approved, in the programme's currency. */
  approvedMinor: number;
  /** The programme's ceiling per grant, in the programme's currency. */
  ceilingMinor: number;
  /** The agreement's amount in the programme's currency (converted with the rate of the day). */
  amountInProgrammeCurrencyMinor: number;
};

export type RuleProblem = { code: GrantErrorCode; field: string; details?: Record<string, number | string> };

/** "EEP-2026-0001": the programme's code, the year, and a sequence that restarts each year. */
export function agreementNumber(programmeCode: string, year: number, sequence: number): string {
  return `${programmeCode}-${year}-${String(sequence).padStart(4, "0")}`;
}

/** In kind, cash, or both ("mixed"): what the follow-up schedule and the register filter by. */
export function agreementModality(terms: Pick<AgreementTerms, "inKindMinor" | "cashMinor">): "in_kind" | "cash" | "mixed" {
  if (terms.inKindMinor > 0 && terms.cashMinor > 0) return "mixed";
  return terms.cashMinor > 0 ? "cash" : "in_kind";
}

/**
 * The agreement's amount is positive, its parts add up to it, and it stays within the approved
 * amount and the ceiling (both compared in the programme's currency, §5).
 */
export function checkAgreementTerms(terms: AgreementTerms, limits: TermsLimits): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const amounts = [terms.amountMinor, terms.inKindMinor, terms.cashMinor];
  if (!amounts.every((amount) => Number.isSafeInteger(amount) && amount >= 0) || terms.amountMinor === 0) {
    return [{ code: "invalid_amount", field: "amountMinor" }];
  }
  if (terms.inKindMinor + terms.cashMinor !== terms.amountMinor) {
    problems.push({ code: "split_mismatch", field: "cashMinor", details: { differenceMinor: terms.amountMinor - terms.inKindMinor - terms.cashMinor } });
  }
  if (limits.amountInProgrammeCurrencyMinor > limits.approvedMinor) {
    problems.push({ code: "above_approved", field: "amountMinor", details: { limitMinor: limits.approvedMinor } });
  }
  if (limits.amountInProgrammeCurrencyMinor > limits.ceilingMinor) {
    problems.push({ code: "above_ceiling", field: "amountMinor", details: { limitMinor: limits.ceilingMinor } });
  }
  return problems;
}

export type PlannedTranche = {
  amountMinor: number;
  plannedOn: string;
  requirements: readonly string[];
};

/**
 * The tranche plan pays the cash part exactly, each tranche a positive amount on a date after the
 * one before; an agreement without a cash part has no tranches.
 */
export function checkTranchePlan(cashMinor: number, tranches: readonly PlannedTranche[]): RuleProblem[] {
  if (cashMinor === 0) return tranches.length === 0 ? [] : [{ code: "plan_without_cash", field: "tranches" }];
  if (tranches.length === 0) return [{ code: "plan_missing", field: "tranches" }];
  const problems: RuleProblem[] = [];
  tranches.forEach((tranche, index) => {
    if (!Number.isSafeInteger(tranche.amountMinor) || tranche.amountMinor <= 0) {
      problems.push({ code: "invalid_amount", field: `tranches[${index}].amountMinor` });
    }
    if (index > 0 && !(tranche.plannedOn > tranches[index - 1].plannedOn)) {
      problems.push({ code: "plan_dates_not_increasing", field: `tranches[${index}].plannedOn` });
    }
  });
  const total = tranches.reduce((sum, tranche) => sum + tranche.amountMinor, 0);
  if (problems.length === 0 && total !== cashMinor) {
    problems.push({ code: "plan_sum_mismatch", field: "tranches", details: { planMinor: total, cashMinor } });
  }
  return problems;
}

/** The plan's rows as stored: tranche n is the nth by date, requirements without blank lines. */
export function normaliseTranchePlan(tranches: readonly PlannedTranche[]) {
  return tranches.map((tranche, index) => ({
    sequence: index + 1,
    amountMinor: tranche.amountMinor,
    plannedOn: tranche.plannedOn,
    requirements: tranche.requirements.map((text) => text.trim()).filter((text) => text !== ""),
  }));
}

/** The funding source's period includes the signing date. */
export function withinPeriod(date: string, period: { periodStart: string; periodEnd: string }): boolean {
  return date >= period.periodStart && date <= period.periodEnd;
}
