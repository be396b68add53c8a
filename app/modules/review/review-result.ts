// What a plan version's reviews came to: how many, the plan score, whether it is recommended and
// whether its reviewers disagree (scoring.ts). Worked out once, in the change that sends the plan
// to the committee, and kept on the version (db/schema.ts): by then every review of the version
// is in, a submitted review never changes and the version's rubric is fixed, so the stored result
// cannot go out of date. The committee's board and the officers' queues read it instead of every
// review's scores (8,000 plans at the committee: 16,000 reviews parsed per page).
//
// No database of its own: the app passes its transaction, `npm run db:migrate` and the seeds a
// connection of theirs (db/review-results.ts).
import { and, eq } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../../db/schema";
import { defaultRubric, flagDisagreement, plainScores, planScore, rubricSchema, type PlanReview, type Rubric } from "./scoring";

// The app's transaction, or the connection of a migration or a seed.
type Connection = Pick<BetterSQLite3Database<typeof schema>, "select" | "update">;

export function programmeRubric(programme: { rubric: unknown }): Rubric {
  const parsed = rubricSchema.safeParse(programme.rubric);
  return parsed.success ? parsed.data : defaultRubric;
}

// The rubric a plan version is scored against: the one kept when its review began, so editing
// the programme's rubric never rescores (or breaks) a review under way.
export function versionRubric(version: { rubric: unknown }, programme: { rubric: unknown }): Rubric {
  const parsed = rubricSchema.safeParse(version.rubric);
  return parsed.success ? parsed.data : programmeRubric(programme);
}

export type ReviewResult = { reviewCount: number; planScoreHundredths: number; recommended: boolean; reviewersDisagree: boolean };

/** The result of a plan's submitted reviews (at least one), by the rules of scoring.ts. */
export function reviewResult(rubric: Rubric, reviews: PlanReview[]): ReviewResult {
  const score = planScore(rubric, reviews);
  return {
    reviewCount: reviews.length,
    planScoreHundredths: Math.round(score.planScore * 100),
    recommended: score.recommended,
    // One review cannot disagree with itself.
    reviewersDisagree: reviews.length >= 2 && flagDisagreement(rubric, reviews).flagged,
  };
}

/** Works out and stores the result of a plan version whose reviews are all in. */
export function storeReviewResult(connection: Connection, planVersionId: number): ReviewResult {
  const { version, programme } = connection
    .select({ version: { rubric: schema.businessPlanVersions.rubric }, programme: { rubric: schema.programmes.rubric } })
    .from(schema.businessPlanVersions)
    .innerJoin(schema.businessPlans, eq(schema.businessPlans.id, schema.businessPlanVersions.planId))
    .innerJoin(schema.cases, eq(schema.cases.id, schema.businessPlans.caseId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cases.programmeId))
    .where(eq(schema.businessPlanVersions.id, planVersionId))
    .get()!;
  const reviews = connection
    .select({ reviewerId: schema.reviewAssignments.reviewerId, scores: schema.reviewAssignments.scores })
    .from(schema.reviewAssignments)
    .where(and(eq(schema.reviewAssignments.planVersionId, planVersionId), eq(schema.reviewAssignments.status, "submitted")))
    .all()
    .map((row): PlanReview => ({ reviewerId: row.reviewerId, scores: plainScores(row.scores ?? {}) }));
  const result = reviewResult(versionRubric(version, programme), reviews);
  connection.update(schema.businessPlanVersions).set(result).where(eq(schema.businessPlanVersions.id, planVersionId)).run();
  return result;
}
