import { describe, expect, it } from "vitest";
import { approvalSplit, isOutOfRankOrder, rankOrderOf, withRunningTotals, type RankedPlan } from "~/modules/review/committee-rules";

const plan = (rank: number, requestedMinor: number, status = "open"): RankedPlan => ({ caseId: rank * 10, caseCode: `LT-${rank}`, rank, status, requestedMinor });

describe("withRunningTotals", () => {
  it("adds the requested amounts down the ranking and marks where the envelope runs out", () => {
    const { rows, envelopeRunsOutBeforeRank } = withRunningTotals([plan(1, 100), plan(2, 150), plan(3, 50), plan(4, 10)], 250);
    expect(rows.map((row) => [row.rank, row.runningTotalMinor, row.withinEnvelope])).toEqual([
      [1, 100, true],
      [2, 250, true],
      [3, 300, false],
      // A small plan below the line stays beyond it: the total only grows.
      [4, 310, false],
    ]);
    expect(envelopeRunsOutBeforeRank).toBe(3);
  });

  it("draws no line when everything fits, and one above the first plan when nothing is left", () => {
    expect(withRunningTotals([plan(1, 100), plan(2, 100)], 200).envelopeRunsOutBeforeRank).toBeNull();
    expect(withRunningTotals([plan(1, 100)], 0).envelopeRunsOutBeforeRank).toBe(1);
    // An envelope overdrawn by earlier approvals (negative) leaves nothing either.
    expect(withRunningTotals([plan(1, 1)], -500).rows[0].withinEnvelope).toBe(false);
    expect(withRunningTotals([], 100)).toEqual({ rows: [], envelopeRunsOutBeforeRank: null });
  });
});

describe("rank order", () => {
  const board = [plan(1, 100, "waitlisted"), plan(2, 100, "open"), plan(3, 100, "open"), plan(4, 100, "waitlisted")];

  it("names the plans above that wait for a decision and those on the waiting list", () => {
    expect(rankOrderOf(board, 30)).toEqual({ rank: 3, pendingAbove: [{ caseId: 20, caseCode: "LT-2", rank: 2 }], waitlistedAbove: [{ caseId: 10, caseCode: "LT-1", rank: 1 }] });
    expect(rankOrderOf(board, 99)).toEqual({ rank: null, pendingAbove: [], waitlistedAbove: [] });
  });

  it("is out of order when a plan above still waits, or when an approval passes over a waitlisted one", () => {
    // Rank 2: only a waitlisted plan above.
    expect(isOutOfRankOrder(rankOrderOf(board, 20), "approved")).toBe(true);
    expect(isOutOfRankOrder(rankOrderOf(board, 20), "waitlisted")).toBe(false);
    expect(isOutOfRankOrder(rankOrderOf(board, 20), "rejected")).toBe(false);
    // Rank 3: rank 2 still waits, whatever the decision.
    for (const decision of ["approved", "revise", "waitlisted", "rejected"]) expect(isOutOfRankOrder(rankOrderOf(board, 30), decision)).toBe(true);
    // The top of the list, and a plan not on it, are never out of order.
    expect(isOutOfRankOrder(rankOrderOf(board, 10), "approved")).toBe(false);
    expect(isOutOfRankOrder(rankOrderOf(board, 99), "approved")).toBe(false);
  });
});

describe("approvalSplit", () => {
  it("reads a split, naming the one modality of an unmixed approval", () => {
    expect(approvalSplit({ inKindMinor: 13_650_000, cashMinor: 1_200_000 })).toEqual({ amountMinor: 14_850_000, inKindMinor: 13_650_000, cashMinor: 1_200_000, modality: null });
    expect(approvalSplit({ inKindMinor: 500, cashMinor: 0 })).toEqual({ amountMinor: 500, inKindMinor: 500, cashMinor: 0, modality: "in_kind" });
    expect(approvalSplit({ cashMinor: 700 })).toEqual({ amountMinor: 700, inKindMinor: 0, cashMinor: 700, modality: "cash" });
    expect(approvalSplit({ inKindMinor: 300, cashMinor: 200, amountMinor: 500 })?.amountMinor).toBe(500);
  });

  it("refuses an amount that disagrees with its split", () => {
    expect(approvalSplit({ inKindMinor: 300, cashMinor: 200, amountMinor: 600 })).toBeNull();
  });

  it("reads an amount with one modality (decisions recorded before splits) as all in that modality", () => {
    expect(approvalSplit({ amountMinor: 900, modality: "cash" })).toEqual({ amountMinor: 900, inKindMinor: 0, cashMinor: 900, modality: "cash" });
    expect(approvalSplit({ amountMinor: 900, modality: null })).toBeNull();
    expect(approvalSplit({ amountMinor: null, modality: "in_kind" })).toBeNull();
    expect(approvalSplit({})).toBeNull();
  });
});
