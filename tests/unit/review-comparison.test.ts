import { describe, expect, it } from "vitest";
import { compareReviews, defaultRubric, type Rubric, type SubmittedReview } from "~/modules/review/scoring";

const rubric: Rubric = {
  criteria: [
    { key: "viability", weight: 60 },
    { key: "market", weight: 40 },
  ],
  scaleMin: 1,
  scaleMax: 5,
  recommendationThreshold: 60,
  disagreementThreshold: { criterion: 2, total: 20 },
};

const review = (reviewerId: number, viability: number, market: number): SubmittedReview => ({
  reviewerId,
  reviewerName: `Reviewer ${reviewerId}`,
  scores: { viability: { score: viability, comment: `V${reviewerId}` }, market: { score: market, comment: `M${reviewerId}` } },
});

describe("compareReviews", () => {
  it("lists every reviewer's score and comment per criterion, marking gaps beyond the criterion threshold", () => {
    // Viability 5 vs 2 (3 apart, beyond 2); market 3 vs 1 (2 apart, within).
    const comparison = compareReviews(rubric, [review(1, 5, 3), review(2, 2, 1)]);
    expect(comparison).toEqual({
      reviewers: [
        { reviewerId: 1, reviewerName: "Reviewer 1", weightedTotal: 80 },
        { reviewerId: 2, reviewerName: "Reviewer 2", weightedTotal: 15 },
      ],
      criteria: [
        { key: "viability", weight: 60, entries: [{ reviewerId: 1, score: 5, comment: "V1" }, { reviewerId: 2, score: 2, comment: "V2" }], spread: 3, disagrees: true },
        { key: "market", weight: 40, entries: [{ reviewerId: 1, score: 3, comment: "M1" }, { reviewerId: 2, score: 1, comment: "M2" }], spread: 2, disagrees: false },
      ],
      totalSpread: 65,
      totalDisagrees: true,
    });
  });

  it("marks the totals when only they are too far apart, and nothing when reviewers agree", () => {
    // 2 apart on each criterion (within), but totals 100 vs 50: 50 apart, beyond 20.
    const totalsOnly = compareReviews(rubric, [review(1, 5, 5), review(2, 3, 3)]);
    expect(totalsOnly.criteria.map((criterion) => criterion.disagrees)).toEqual([false, false]);
    expect(totalsOnly.totalDisagrees).toBe(true);
    const agreeing = compareReviews(rubric, [review(1, 4, 4), review(2, 4, 3), review(3, 4, 4)]);
    expect(agreeing.criteria.map((criterion) => criterion.spread)).toEqual([0, 1]);
    expect(agreeing.totalDisagrees).toBe(false);
    expect(agreeing.reviewers).toHaveLength(3);
  });

  it("carries the criteria's names for the page", () => {
    const scores = Object.fromEntries(defaultRubric.criteria.map((criterion) => [criterion.key, { score: 3, comment: "ok" }]));
    const comparison = compareReviews(defaultRubric, [{ reviewerId: 1, reviewerName: "A", scores }, { reviewerId: 2, reviewerName: "B", scores }]);
    expect(comparison.criteria[0].label).toEqual({ uk: "Життєздатність бізнесу", en: "Business viability" });
  });
});
