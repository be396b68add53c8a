import { describe, expect, it } from "vitest";
import {
  defaultRubric,
  flagDisagreement,
  planScore,
  rankForCommittee,
  rubricSchema,
  weightedTotal,
  type CriterionScores,
  type Rubric,
} from "~/modules/review/scoring";
import { reviewResult } from "~/modules/review/review-result";

/** Every default criterion at `score`, with some criteria changed. */
function scoresAt(score: number, changes: CriterionScores = {}): CriterionScores {
  const scores: CriterionScores = {};
  for (const criterion of defaultRubric.criteria) scores[criterion.key] = score;
  return { ...scores, ...changes };
}

describe("weightedTotal", () => {
  it("maps the bottom and top of the scale to 0 and 100", () => {
    expect(weightedTotal(defaultRubric, scoresAt(1))).toBe(0);
    expect(weightedTotal(defaultRubric, scoresAt(5))).toBe(100);
    expect(weightedTotal(defaultRubric, scoresAt(3))).toBe(50);
  });

  it("weights each criterion: a worked example on the default rubric", () => {
    // 20×3 + 15×2 + 15×4 + 15×1 + 15×3 + 10×2 + 10×4 = 270 weighted points over a span of 4.
    const scores = {
      business_viability: 4,
      market_understanding: 3,
      owner_skills_experience: 5,
      budget_realism: 2,
      job_creation: 4,
      co_contribution: 3,
      social_impact_vulnerability: 5,
    };
    expect(weightedTotal(defaultRubric, scores)).toBe(67.5);
  });

  it("rounds to 2 decimals", () => {
    const rubric: Rubric = {
      ...defaultRubric,
      criteria: [
        { key: "business_viability", weight: 50 },
        { key: "job_creation", weight: 50 },
      ],
      scaleMin: 0,
      scaleMax: 3,
    };
    expect(weightedTotal(rubric, { business_viability: 1, job_creation: 0 })).toBe(16.67);
    expect(weightedTotal(rubric, { business_viability: 2, job_creation: 0 })).toBe(33.33);
  });

  it("rounds an exact half up, where summing float fractions would round it down", () => {
    // 99 × 13 / 40 = 32.175 exactly; 1×0/40 + 99×13/40 in floats is 32.17499…
    const rubric: Rubric = {
      ...defaultRubric,
      criteria: [
        { key: "business_viability", weight: 1 },
        { key: "job_creation", weight: 99 },
      ],
      scaleMin: 0,
      scaleMax: 40,
    };
    expect(weightedTotal(rubric, { business_viability: 0, job_creation: 13 })).toBe(32.18);
    expect(weightedTotal(rubric, { business_viability: 2, job_creation: 23 })).toBe(56.98);
  });

  it("refuses a missing criterion, naming it", () => {
    const scores = scoresAt(3);
    delete scores.job_creation;
    expect(() => weightedTotal(defaultRubric, scores)).toThrow(
      /No score for the criterion "job_creation"/,
    );
  });

  it("refuses scores off the scale or between its points", () => {
    expect(() => weightedTotal(defaultRubric, scoresAt(3, { budget_realism: 0 }))).toThrow(
      /"budget_realism" must be a whole number from 1 to 5/,
    );
    expect(() => weightedTotal(defaultRubric, scoresAt(3, { budget_realism: 6 }))).toThrow(
      /from 1 to 5/,
    );
    expect(() => weightedTotal(defaultRubric, scoresAt(3, { budget_realism: 2.5 }))).toThrow(
      /from 1 to 5/,
    );
    expect(() => weightedTotal(defaultRubric, scoresAt(3, { budget_realism: Number.NaN }))).toThrow(
      /from 1 to 5/,
    );
  });

  it("refuses a score for a criterion the rubric does not have", () => {
    expect(() => weightedTotal(defaultRubric, scoresAt(3, { charisma: 5 }))).toThrow(
      /"charisma", which is not a criterion/,
    );
  });
});

describe("flagDisagreement", () => {
  const review = (reviewerId: number, scores: CriterionScores) => ({ reviewerId, scores });

  it("does not flag reviewers within the thresholds", () => {
    // A gap of exactly 2 points on a criterion and exactly 20 on the total is tolerated.
    const result = flagDisagreement(defaultRubric, [
      review(1, scoresAt(3)),
      review(
        2,
        scoresAt(3, { business_viability: 5, co_contribution: 5, social_impact_vulnerability: 5 }),
      ),
    ]);
    expect(result).toEqual({ flagged: false, criteria: [], totalSpread: 20 });
  });

  it("flags a criterion on which reviewers are more than 2 points apart", () => {
    const result = flagDisagreement(defaultRubric, [
      review(1, scoresAt(3, { business_viability: 1 })), // 40
      review(2, scoresAt(3, { business_viability: 4 })), // 55
    ]);
    expect(result).toEqual({ flagged: true, criteria: ["business_viability"], totalSpread: 15 });
  });

  it("flags totals more than 20 points apart even when no criterion is", () => {
    const result = flagDisagreement(defaultRubric, [
      review(1, scoresAt(3)), // 50
      review(
        2,
        scoresAt(3, {
          business_viability: 5,
          co_contribution: 5,
          social_impact_vulnerability: 5,
          market_understanding: 4,
        }),
      ), // 73.75
    ]);
    expect(result).toEqual({ flagged: true, criteria: [], totalSpread: 23.75 });
  });

  it("measures the spread between the highest and lowest of several reviewers", () => {
    const result = flagDisagreement(defaultRubric, [
      review(1, scoresAt(3)),
      review(2, scoresAt(2)),
      review(3, scoresAt(4, { job_creation: 5 })),
    ]);
    // Totals 50, 25, 78.75; job_creation ranges from 2 to 5.
    expect(result).toEqual({ flagged: true, criteria: ["job_creation"], totalSpread: 53.75 });
  });

  it("cannot flag a single review", () => {
    expect(flagDisagreement(defaultRubric, [review(1, scoresAt(1))])).toEqual({
      flagged: false,
      criteria: [],
      totalSpread: 0,
    });
  });

  it("refuses an incomplete review", () => {
    const incomplete = scoresAt(3);
    delete incomplete.co_contribution;
    expect(() =>
      flagDisagreement(defaultRubric, [review(1, scoresAt(3)), review(2, incomplete)]),
    ).toThrow(/co_contribution/);
  });
});

describe("planScore", () => {
  const review = (reviewerId: number, scores: CriterionScores) => ({ reviewerId, scores });

  it("averages the reviewers' weighted totals", () => {
    const result = planScore(defaultRubric, [
      review(
        1,
        scoresAt(3, {
          business_viability: 5,
          budget_realism: 4,
          job_creation: 4,
          co_contribution: 5,
        }),
      ), // 50+10+3.75+3.75+5 = 72.5
      review(2, scoresAt(3)), // 50
    ]);
    expect(result).toEqual({ planScore: 61.25, recommended: true, reviewCount: 2 });
  });

  it("recommends a plan whose score equals the threshold, not one just below", () => {
    const atThreshold = planScore(defaultRubric, [
      review(1, scoresAt(3, { business_viability: 5, co_contribution: 5 })), // 65
      review(2, scoresAt(3, { business_viability: 4 })), // 55
    ]);
    expect(atThreshold).toEqual({ planScore: 60, recommended: true, reviewCount: 2 });
    const justBelow = planScore(defaultRubric, [
      review(1, scoresAt(3, { business_viability: 5, co_contribution: 5 })), // 65
      review(2, scoresAt(3, { job_creation: 4 })), // 53.75
    ]);
    // The mean, 59.375, rounds half up to 59.38: still below 60.
    expect(justBelow).toEqual({ planScore: 59.38, recommended: false, reviewCount: 2 });
  });

  it("rounds the mean to 2 decimals", () => {
    const result = planScore(defaultRubric, [
      review(1, scoresAt(3)), // 50
      review(2, scoresAt(3)), // 50
      review(3, scoresAt(3, { business_viability: 4 })), // 55
    ]);
    expect(result.planScore).toBe(51.67);
  });

  it("refuses to score a plan with no reviews", () => {
    expect(() => planScore(defaultRubric, [])).toThrow(/before any review/);
  });
});

describe("reviewResult (stored on the version when the plan goes to the committee)", () => {
  const review = (reviewerId: number, scores: CriterionScores) => ({ reviewerId, scores });

  it("keeps the plan score in hundredths, exactly as planScore rounds it", () => {
    const result = reviewResult(defaultRubric, [
      review(1, scoresAt(3, { business_viability: 5, co_contribution: 5 })), // 65
      review(2, scoresAt(3, { job_creation: 4 })), // 53.75
    ]);
    expect(result).toEqual({ reviewCount: 2, planScoreHundredths: 5938, recommended: false, reviewersDisagree: false });
  });

  it("flags reviewers further apart than the rubric tolerates", () => {
    // 5 everywhere (100) against 2 everywhere (25): 3 points apart on every criterion.
    expect(reviewResult(defaultRubric, [review(1, scoresAt(5)), review(2, scoresAt(2))])).toEqual({
      reviewCount: 2,
      planScoreHundredths: 6250,
      recommended: true,
      reviewersDisagree: true,
    });
  });

  it("never flags a single review", () => {
    expect(reviewResult(defaultRubric, [review(1, scoresAt(1))])).toEqual({ reviewCount: 1, planScoreHundredths: 0, recommended: false, reviewersDisagree: false });
  });
});

describe("rankForCommittee", () => {
  const rows = [
    { caseCode: "C-003", planScore: 70, vulnerabilityScore: 3, applicant: "a" },
    { caseCode: "C-009", planScore: 70, vulnerabilityScore: 5, applicant: "b" },
    { caseCode: "C-010", planScore: 80.5, vulnerabilityScore: 0, applicant: "c" },
    { caseCode: "C-002", planScore: 70, vulnerabilityScore: 5, applicant: "d" },
    { caseCode: "C-001", planScore: 69.99, vulnerabilityScore: 9, applicant: "e" },
  ];

  it("ranks by score, then vulnerability, then case code, with distinct ranks", () => {
    const ranked = rankForCommittee(rows);
    expect(ranked.map((row) => [row.rank, row.caseCode])).toEqual([
      [1, "C-010"],
      [2, "C-002"],
      [3, "C-009"],
      [4, "C-003"],
      [5, "C-001"],
    ]);
  });

  it("keeps each row's other fields and leaves the input order alone", () => {
    const before = rows.map((row) => row.caseCode);
    const ranked = rankForCommittee(rows);
    expect(ranked[0]).toEqual({
      caseCode: "C-010",
      planScore: 80.5,
      vulnerabilityScore: 0,
      applicant: "c",
      rank: 1,
    });
    expect(rows.map((row) => row.caseCode)).toEqual(before);
  });

  it("gives the same order whatever order the rows arrive in", () => {
    const ranked = rankForCommittee([...rows].reverse());
    expect(ranked.map((row) => row.caseCode)).toEqual([
      "C-010",
      "C-002",
      "C-009",
      "C-003",
      "C-001",
    ]);
  });

  it("ranks an empty list as empty", () => {
    expect(rankForCommittee([])).toEqual([]);
  });
});

describe("rubricSchema", () => {
  it("accepts the default rubric, whose weights sum to 100", () => {
    expect(rubricSchema.parse(defaultRubric)).toEqual(defaultRubric);
    expect(defaultRubric.criteria.reduce((sum, criterion) => sum + criterion.weight, 0)).toBe(100);
  });

  it("refuses weights that do not sum to 100", () => {
    const rubric = {
      ...defaultRubric,
      criteria: [...defaultRubric.criteria.slice(1), { key: "extra", weight: 19 }],
    };
    const result = rubricSchema.safeParse(rubric);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(
      "The weights must add up to 100 (they add up to 99)",
    );
  });

  it("refuses a criterion listed twice", () => {
    const rubric = {
      ...defaultRubric,
      criteria: [
        { key: "job_creation", weight: 50 },
        { key: "job_creation", weight: 50 },
      ],
    };
    const result = rubricSchema.safeParse(rubric);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["criteria", 1, "key"] });
  });

  it("refuses a scale whose bottom is not below its top", () => {
    const result = rubricSchema.safeParse({ ...defaultRubric, scaleMin: 5, scaleMax: 5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["scaleMax"] });
  });

  it("refuses fractional weights and thresholds off 0–100", () => {
    const fractional = {
      ...defaultRubric,
      criteria: [
        { key: "a", weight: 50.5 },
        { key: "b", weight: 49.5 },
      ],
    };
    expect(rubricSchema.safeParse(fractional).success).toBe(false);
    expect(rubricSchema.safeParse({ ...defaultRubric, recommendationThreshold: 101 }).success).toBe(
      false,
    );
  });

  it("gives the default criteria both names and guidance, and the 1–5 scale its meanings", () => {
    for (const criterion of defaultRubric.criteria) {
      expect(criterion.label?.uk, criterion.key).toBeTruthy();
      expect(criterion.label?.en, criterion.key).toBeTruthy();
      expect(criterion.guidance?.uk, criterion.key).toBeTruthy();
      expect(criterion.guidance?.en, criterion.key).toBeTruthy();
    }
    expect(defaultRubric.criteria[0].label).toEqual({ uk: "Життєздатність бізнесу", en: "Business viability" });
    expect(defaultRubric.scoreMeanings?.map((meaning) => meaning.score)).toEqual([1, 2, 3, 4, 5]);
    expect(defaultRubric.scoreMeanings?.[3]).toEqual({ score: 4, uk: "добре", en: "good" });
  });

  it("still accepts a rubric stored before criteria had names and scores had meanings", () => {
    const stored: unknown = JSON.parse(
      JSON.stringify({
        criteria: [
          { key: "business_viability", weight: 60 },
          { key: "job_creation", weight: 40 },
        ],
        scaleMin: 1,
        scaleMax: 5,
        recommendationThreshold: 60,
        disagreementThreshold: { criterion: 2, total: 20 },
      }),
    );
    const result = rubricSchema.safeParse(stored);
    expect(result.success).toBe(true);
    expect(result.data?.criteria[0]).toEqual({ key: "business_viability", weight: 60 });
    expect(result.data?.scoreMeanings).toBeUndefined();
  });

  it("accepts names, guidance and meanings on a scale other than 1–5", () => {
    const rubric: Rubric = {
      ...defaultRubric,
      criteria: [
        { key: "tourism_potential", weight: 100, label: { uk: "Туристичний потенціал", en: "Tourism potential" }, guidance: { uk: "Чи приїдуть гості?", en: "Will visitors come?" } },
      ],
      scaleMin: 0,
      scaleMax: 3,
      scoreMeanings: [
        { score: 0, uk: "немає", en: "none" },
        { score: 3, uk: "сильний", en: "strong" },
      ],
    };
    expect(rubricSchema.parse(rubric)).toEqual(rubric);
  });

  it("refuses a meaning for a score outside the scale, naming the rule", () => {
    const result = rubricSchema.safeParse({
      ...defaultRubric,
      scoreMeanings: [
        { score: 5, uk: "відмінно", en: "excellent" },
        { score: 6, uk: "понад усе", en: "beyond" },
        { score: 0, uk: "нуль", en: "zero" },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.code === "custom" ? issue.params?.rule : null])).toEqual([
      [["scoreMeanings", 1, "score"], "meaningOutsideScale"],
      [["scoreMeanings", 2, "score"], "meaningOutsideScale"],
    ]);
  });

  it("refuses two meanings for one score, and a fractional score", () => {
    const twice = rubricSchema.safeParse({
      ...defaultRubric,
      scoreMeanings: [
        { score: 2, uk: "слабко", en: "weak" },
        { score: 2, uk: "так собі", en: "so-so" },
      ],
    });
    expect(twice.error?.issues).toMatchObject([{ path: ["scoreMeanings", 1, "score"], params: { rule: "meaningDuplicate" } }]);
    const fractional = rubricSchema.safeParse({ ...defaultRubric, scoreMeanings: [{ score: 2.5, uk: "так", en: "yes" }] });
    expect(fractional.success).toBe(false);
  });

  it("refuses names and meanings too long, and a name that is not a text per language", () => {
    const longName = "я".repeat(81);
    const named = (label: unknown) => ({ ...defaultRubric, criteria: [{ key: "job_creation", weight: 100, label }] });
    expect(rubricSchema.safeParse(named({ uk: longName, en: "Jobs" })).success).toBe(false);
    expect(rubricSchema.safeParse(named("Jobs")).success).toBe(false);
    expect(rubricSchema.safeParse(named({ uk: "Робочі місця", en: "" })).success).toBe(true);
    expect(rubricSchema.safeParse({ ...defaultRubric, scoreMeanings: [{ score: 1, uk: "я".repeat(121), en: "" }] }).success).toBe(false);
  });

  it("names the rule of each of its older checks too", () => {
    const result = rubricSchema.safeParse({
      ...defaultRubric,
      criteria: [
        { key: "a", weight: 50 },
        { key: "a", weight: 40 },
      ],
      scaleMin: 5,
      scaleMax: 1,
      scoreMeanings: undefined,
    });
    expect(result.error?.issues.map((issue) => (issue.code === "custom" ? issue.params?.rule : null))).toEqual(["weightSum", "duplicateKey", "scaleOrder"]);
  });
});
