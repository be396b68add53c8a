// The committee's list rules (domain.md §1, "review & committee"): how far the budget envelope
// reaches down the ranking, and when a decision departs from the ranking and must say why.
// Pure: the board is read set-wise in committee-board.server.ts.

export type RankedPlan = {
  caseId: number;
  caseCode: string;
  rank: number;
  /** "open" waits for a decision; "waitlisted" was put on the waiting list. */
  status: string;
  requestedMinor: number;
};

/**
 * Each plan's running total of requested amounts in rank order, and whether it still fits in
 * what is left of the envelope. The envelope runs out before the first plan that does not fit;
 * every plan below it is beyond the envelope too, since the total only grows.
 */
export function withRunningTotals<T extends RankedPlan>(ranked: T[], availableMinor: number) {
  let runningTotalMinor = 0;
  const rows = ranked.map((plan) => {
    runningTotalMinor += plan.requestedMinor;
    return { ...plan, runningTotalMinor, withinEnvelope: runningTotalMinor <= availableMinor };
  });
  const firstBeyond = rows.find((row) => !row.withinEnvelope);
  return { rows, envelopeRunsOutBeforeRank: firstBeyond ? firstBeyond.rank : null };
}

export type RankOrderCheck = {
  /** The plan's place in the ranking; null when it is not on the committee's list. */
  rank: number | null;
  /** Plans ranked above that still wait for a decision. */
  pendingAbove: Array<Pick<RankedPlan, "caseId" | "caseCode" | "rank">>;
  /** Plans ranked above that were waitlisted: approving this one passes them over. */
  waitlistedAbove: Array<Pick<RankedPlan, "caseId" | "caseCode" | "rank">>;
};

export function rankOrderOf(ranked: RankedPlan[], caseId: number): RankOrderCheck {
  const own = ranked.find((plan) => plan.caseId === caseId);
  if (!own) return { rank: null, pendingAbove: [], waitlistedAbove: [] };
  const above = ranked.filter((plan) => plan.rank < own.rank).map(({ caseId, caseCode, rank, status }) => ({ caseId, caseCode, rank, status }));
  const pick = (status: string) => above.filter((plan) => plan.status === status).map(({ caseId, caseCode, rank }) => ({ caseId, caseCode, rank }));
  return { rank: own.rank, pendingAbove: pick("open"), waitlistedAbove: pick("waitlisted") };
}

/**
 * A decision is out of rank order when plans ranked above still wait for theirs, or when it
 * approves a plan while plans ranked above sit on the waiting list. The committee may do
 * either, with a reason that is stored with the decision and written to the audit log.
 */
export function isOutOfRankOrder(check: RankOrderCheck, decision: string): boolean {
  return check.pendingAbove.length > 0 || (decision === "approved" && check.waitlistedAbove.length > 0);
}

export type ApprovalSplit = { amountMinor: number; inKindMinor: number; cashMinor: number; modality: "in_kind" | "cash" | null };

/**
 * An approval's amount split between in kind and cash. Given a split, the amount is its sum
 * (an amount given beside it must agree); given only an amount and one modality, the whole
 * amount is in that modality. `modality` names the one modality of an unmixed approval.
 */
export function approvalSplit(input: { amountMinor?: number | null; inKindMinor?: number | null; cashMinor?: number | null; modality?: "in_kind" | "cash" | null }): ApprovalSplit | null {
  if (input.inKindMinor != null || input.cashMinor != null) {
    const inKindMinor = input.inKindMinor ?? 0;
    const cashMinor = input.cashMinor ?? 0;
    const amountMinor = inKindMinor + cashMinor;
    if (input.amountMinor != null && input.amountMinor !== amountMinor) return null;
    return { amountMinor, inKindMinor, cashMinor, modality: cashMinor === 0 ? "in_kind" : inKindMinor === 0 ? "cash" : null };
  }
  if (input.amountMinor == null || !input.modality) return null;
  return {
    amountMinor: input.amountMinor,
    inKindMinor: input.modality === "in_kind" ? input.amountMinor : 0,
    cashMinor: input.modality === "cash" ? input.amountMinor : 0,
    modality: input.modality,
  };
}
