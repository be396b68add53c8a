// Business-plan scoring (domain.md §1, "review & committee"): several reviewers score a plan
// blind on a weighted rubric, disagreements are flagged for the committee, and the committee
// sees the plans ranked by their mean score.
import { z } from "zod";
import { reviewMessages } from "~/locales/review";

/** A text a programme writes in both languages of the app. */
export type BilingualText = { uk: string; en: string };

export type RubricCriterion = {
  key: string;
  /** Percent of the total; the weights of a rubric are integers summing to 100. */
  weight: number;
  /** What the criterion is called; without it the default criteria keep their built-in names. */
  label?: BilingualText;
  /** What the reviewer should look at when scoring the criterion. */
  guidance?: BilingualText;
};

/** What one score of the scale means, e.g. 4 = "good". */
export type ScoreMeaning = { score: number } & BilingualText;

export type Rubric = {
  criteria: RubricCriterion[];
  /** Integer scale each criterion is scored on, e.g. 1–5. */
  scaleMin: number;
  scaleMax: number;
  /** At most one per score of the scale; a 1–5 scale without them shows the built-in meanings. */
  scoreMeanings?: ScoreMeaning[];
  /** A plan whose mean weighted total (0–100) reaches this is recommended for a grant. */
  recommendationThreshold: number;
  disagreementThreshold: {
    /** Largest tolerated gap between reviewers on one criterion, in scale points. */
    criterion: number;
    /** Largest tolerated gap between reviewers' weighted totals, in points on 0–100. */
    total: number;
  };
};

export type CriterionScores = Record<string, number>;

/** A review's scores without their comments, as the rules take them. */
export function plainScores(scores: Record<string, { score: number }>): CriterionScores {
  return Object.fromEntries(Object.entries(scores).map(([key, value]) => [key, value.score]));
}

export type PlanReview = { reviewerId: number; scores: CriterionScores };

type DefaultCriterionKey = keyof typeof reviewMessages.uk.criteria;

// The default criteria carry the built-in names and guidance (app/locales/review.ts), so a
// programme that saves the default rubric keeps them even if the built-in texts change later.
function defaultCriterion(key: DefaultCriterionKey, weight: number): RubricCriterion {
  const text = (dictionary: "criteria" | "criteriaGuidance") => ({
    uk: reviewMessages.uk[dictionary][key],
    en: reviewMessages.en[dictionary][key],
  });
  return { key, weight, label: text("criteria"), guidance: text("criteriaGuidance") };
}

export const defaultRubric: Rubric = {
  criteria: [
    defaultCriterion("business_viability", 20),
    defaultCriterion("market_understanding", 15),
    defaultCriterion("owner_skills_experience", 15),
    defaultCriterion("budget_realism", 15),
    defaultCriterion("job_creation", 15),
    defaultCriterion("co_contribution", 10),
    defaultCriterion("social_impact_vulnerability", 10),
  ],
  scaleMin: 1,
  scaleMax: 5,
  scoreMeanings: (["1", "2", "3", "4", "5"] as const).map((score) => ({
    score: Number(score),
    uk: reviewMessages.uk.scale[score],
    en: reviewMessages.en.scale[score],
  })),
  recommendationThreshold: 60,
  disagreementThreshold: { criterion: 2, total: 20 },
};

// Lengths of the texts a programme writes: a name fits a table cell, guidance a short paragraph.
export const rubricTextLimits = { label: 80, guidance: 600, meaning: 120 } as const;

const bilingualText = (max: number) => z.object({ uk: z.string().trim().max(max), en: z.string().trim().max(max) });

const criterionSchema = z.object({
  key: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]*$/,
      "Use lower-case letters, digits and underscores, e.g. job_creation",
    ),
  weight: z.number().int().positive(),
  label: bilingualText(rubricTextLimits.label).optional(),
  guidance: bilingualText(rubricTextLimits.guidance).optional(),
});

const scoreMeaningSchema = z.object({
  score: z.number().int(),
  uk: z.string().trim().max(rubricTextLimits.meaning),
  en: z.string().trim().max(rubricTextLimits.meaning),
});

/**
 * Validates a rubric an admin enters: weights sum to 100, keys are unique, min < max, and each
 * score meaning is for a score on the scale, once. Rubrics stored before criteria had labels
 * and scores had meanings still pass: those fields are optional. Each rule's issue names the
 * rule in `params.rule`, so the editor can show its own message for it.
 */
export const rubricSchema: z.ZodType<Rubric> = z
  .object({
    criteria: z.array(criterionSchema).min(1),
    scaleMin: z.number().int(),
    scaleMax: z.number().int(),
    scoreMeanings: z.array(scoreMeaningSchema).optional(),
    recommendationThreshold: z.number().min(0).max(100),
    disagreementThreshold: z.object({
      criterion: z.number().min(0),
      total: z.number().min(0).max(100),
    }),
  })
  .superRefine((rubric, ctx) => {
    const weightSum = rubric.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    if (weightSum !== 100) {
      ctx.addIssue({
        code: "custom",
        path: ["criteria"],
        message: `The weights must add up to 100 (they add up to ${weightSum})`,
        params: { rule: "weightSum" },
      });
    }
    const seen = new Set<string>();
    rubric.criteria.forEach((criterion, index) => {
      if (seen.has(criterion.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["criteria", index, "key"],
          message: `The criterion "${criterion.key}" appears twice`,
          params: { rule: "duplicateKey" },
        });
      }
      seen.add(criterion.key);
    });
    if (rubric.scaleMin >= rubric.scaleMax) {
      ctx.addIssue({
        code: "custom",
        path: ["scaleMax"],
        message: "The top of the scale must be above the bottom",
        params: { rule: "scaleOrder" },
      });
    }
    const scoresWithMeaning = new Set<number>();
    rubric.scoreMeanings?.forEach((meaning, index) => {
      const path = ["scoreMeanings", index, "score"];
      if (meaning.score < rubric.scaleMin || meaning.score > rubric.scaleMax) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `A meaning is given for ${meaning.score}, outside the scale ${rubric.scaleMin}–${rubric.scaleMax}`,
          params: { rule: "meaningOutsideScale" },
        });
      } else if (scoresWithMeaning.has(meaning.score)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `The score ${meaning.score} has two meanings`,
          params: { rule: "meaningDuplicate" },
        });
      }
      scoresWithMeaning.add(meaning.score);
    });
  });

/**
 * A reviewer's weighted total on 0–100: Σ weight × (score − min) / (max − min), rounded to
 * 2 decimals.
 */
export function weightedTotal(rubric: Rubric, scores: CriterionScores): number {
  return weightedTotalHundredths(rubric, scores) / 100;
}

/**
 * The weighted total in hundredths of a point, as an exact integer. Scores and weights are
 * integers, so Σ weight × (score − min) is an exact integer; dividing once, with integer
 * round-half-up, avoids the float noise of summing fractions (0.1 + 0.2 ≠ 0.3) that could tip
 * a plan to the wrong side of the recommendation threshold.
 */
function weightedTotalHundredths(rubric: Rubric, scores: CriterionScores): number {
  assertScale(rubric);
  for (const key of Object.keys(scores)) {
    if (!rubric.criteria.some((criterion) => criterion.key === key)) {
      throw new Error(`Score given for "${key}", which is not a criterion of this rubric`);
    }
  }
  let weightedPoints = 0;
  for (const criterion of rubric.criteria) {
    const score = scores[criterion.key];
    if (score === undefined) throw new Error(`No score for the criterion "${criterion.key}"`);
    if (!Number.isInteger(score) || score < rubric.scaleMin || score > rubric.scaleMax) {
      throw new Error(
        `The score for "${criterion.key}" must be a whole number ` +
          `from ${rubric.scaleMin} to ${rubric.scaleMax} (got ${score})`,
      );
    }
    weightedPoints += criterion.weight * (score - rubric.scaleMin);
  }
  return divideRoundingHalfUp(weightedPoints * 100, rubric.scaleMax - rubric.scaleMin);
}

function assertScale(rubric: Rubric): void {
  if (!Number.isInteger(rubric.scaleMin) || !Number.isInteger(rubric.scaleMax)) {
    throw new Error("The rubric's scale must run between whole numbers");
  }
  if (rubric.scaleMin >= rubric.scaleMax) {
    throw new Error("The rubric's scale must have its top above its bottom");
  }
}

/** Rounds numerator / denominator to the nearest integer, halves up (both non-negative). */
function divideRoundingHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export type Disagreement = {
  flagged: boolean;
  /** Criteria on which reviewers are further apart than the rubric tolerates. */
  criteria: string[];
  /** Highest minus lowest weighted total, 0–100, 2 decimals. */
  totalSpread: number;
};

/**
 * Flags a plan whose reviewers disagree: on any criterion the highest and lowest score are
 * more than `disagreementThreshold.criterion` apart, or their weighted totals more than
 * `disagreementThreshold.total` apart. The committee looks at flagged plans first.
 */
export function flagDisagreement(rubric: Rubric, reviews: PlanReview[]): Disagreement {
  // Computing the totals first also checks every review is complete and on the scale.
  const totalsHundredths = reviews.map((review) => weightedTotalHundredths(rubric, review.scores));
  const criteria = rubric.criteria
    .map((criterion) => criterion.key)
    .filter((key) => {
      const scores = reviews.map((review) => review.scores[key]);
      return spread(scores) > rubric.disagreementThreshold.criterion;
    });
  const totalSpreadHundredths = spread(totalsHundredths);
  const totalTooFarApart =
    totalSpreadHundredths > Math.round(rubric.disagreementThreshold.total * 100);
  return {
    flagged: criteria.length > 0 || totalTooFarApart,
    criteria,
    totalSpread: totalSpreadHundredths / 100,
  };
}

function spread(values: number[]): number {
  if (values.length === 0) return 0;
  return Math.max(...values) - Math.min(...values);
}

export type PlanScore = {
  /** Mean of the reviewers' weighted totals, 0–100, 2 decimals. */
  planScore: number;
  recommended: boolean;
  reviewCount: number;
};

/**
 * The plan's score is the mean of its reviewers' weighted totals. The recommendation compares
 * the rounded mean, the number the committee sees, with the threshold.
 */
export function planScore(rubric: Rubric, reviews: PlanReview[]): PlanScore {
  if (reviews.length === 0) throw new Error("A plan cannot be scored before any review is in");
  const sumHundredths = reviews.reduce(
    (sum, review) => sum + weightedTotalHundredths(rubric, review.scores),
    0,
  );
  const meanHundredths = divideRoundingHalfUp(sumHundredths, reviews.length);
  return {
    planScore: meanHundredths / 100,
    recommended: meanHundredths >= Math.round(rubric.recommendationThreshold * 100),
    reviewCount: reviews.length,
  };
}

export type CommitteeCandidate = {
  planScore: number;
  vulnerabilityScore: number;
  caseCode: string;
};

/**
 * Orders plans for the committee: plan score descending; on a tie, the more vulnerable
 * applicant first (vulnerable groups get priority, domain.md §1); then case code, so that
 * every plan gets its own rank and the order never depends on how the rows arrived.
 */
export function rankForCommittee<T extends CommitteeCandidate>(
  rows: T[],
): Array<T & { rank: number }> {
  return [...rows]
    .sort(
      (a, b) =>
        b.planScore - a.planScore ||
        b.vulnerabilityScore - a.vulnerabilityScore ||
        compareCodePoints(a.caseCode, b.caseCode),
    )
    .map((row, index) => ({ ...row, rank: index + 1 }));
}

// Plain code-point order: unlike localeCompare it is the same on every server and browser.
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** A submitted review as the comparison shows it: the reviewer, and a score and comment per criterion. */
export type SubmittedReview = {
  reviewerId: number;
  reviewerName: string;
  scores: Record<string, { score: number; comment: string }>;
};

export type ReviewComparison = {
  reviewers: Array<{ reviewerId: number; reviewerName: string; weightedTotal: number }>;
  criteria: Array<{
    key: string;
    weight: number;
    label?: BilingualText;
    /** One entry per reviewer, in the order of `reviewers`. */
    entries: Array<{ reviewerId: number; score: number; comment: string }>;
    /** Highest minus lowest score, in scale points. */
    spread: number;
    /** The spread is beyond the rubric's criterion threshold (what flags the plan). */
    disagrees: boolean;
  }>;
  totalSpread: number;
  totalDisagrees: boolean;
};

/**
 * Every reviewer's scores and comments side by side, criterion by criterion, with the criteria
 * (and the total) on which they disagree beyond the rubric's thresholds marked, by the same rule
 * as `flagDisagreement`. Shown only once every review of the plan is in (blind scoring).
 */
export function compareReviews(rubric: Rubric, reviews: SubmittedReview[]): ReviewComparison {
  const plain = reviews.map((review) => ({
    reviewerId: review.reviewerId,
    scores: plainScores(review.scores),
  }));
  const disagreement = flagDisagreement(rubric, plain);
  return {
    reviewers: reviews.map((review, index) => ({
      reviewerId: review.reviewerId,
      reviewerName: review.reviewerName,
      weightedTotal: weightedTotal(rubric, plain[index].scores),
    })),
    criteria: rubric.criteria.map((criterion) => {
      const entries = reviews.map((review) => ({
        reviewerId: review.reviewerId,
        score: review.scores[criterion.key].score,
        comment: review.scores[criterion.key].comment,
      }));
      return {
        key: criterion.key,
        weight: criterion.weight,
        ...(criterion.label ? { label: criterion.label } : {}),
        entries,
        spread: spread(entries.map((entry) => entry.score)),
        disagrees: disagreement.criteria.includes(criterion.key),
      };
    }),
    totalSpread: disagreement.totalSpread,
    totalDisagrees: Math.round(disagreement.totalSpread * 100) > Math.round(rubric.disagreementThreshold.total * 100),
  };
}
