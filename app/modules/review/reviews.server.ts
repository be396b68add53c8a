// Reviewer assignment, conflict-of-interest declarations and blind scoring. A reviewer never
// receives other reviewers' scores before submitting their own; weighted totals are computed
// here, on the server.
import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import { notFound } from "~/lib/not-found.server";
import { pageWindow } from "~/lib/paging";
import { recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser, forbidden } from "~/lib/auth.server";
import { db, readTransaction, schema, type Transaction } from "~/lib/db.server";
import { CaseTransitionRefused, loadCaseState, moveCase } from "~/modules/cases/case-transitions.server";
import { placeNames } from "~/modules/locations/locations.server";
import { kvedSectionOf } from "~/modules/intake/kved";
import { addDays, kyivToday } from "~/lib/kyiv-date";
import { attachmentsOf } from "./plans.server";
import { programmeRubric, storeReviewResult, versionRubric } from "./review-result";
import { compareReviews, flagDisagreement, plainScores, planScore, weightedTotal } from "./scoring";

// With every assigned (not recused) review in, and at least the programme's minimum, the plan
// goes to the committee, and what its reviews came to is stored for it (review-result.ts). Asked
// after each score and each recusal: a recusal can be the last thing the plan was waiting for.
function sendToCommitteeWhenReviewsIn(tx: Transaction, actor: CurrentUser, caseId: number) {
  const { state, programme, version } = loadCaseState(tx, caseId);
  if (state.stage === "review" && state.reviewsIn >= state.reviewsRequired && state.reviewsIn >= programme.minReviewers) {
    moveCase(tx, actor, caseId, { type: "all_reviews_in" });
    storeReviewResult(tx, version!.id);
  }
}

// Who wrote the plan: everyone who saved or submitted it. They are not offered as its reviewers.
function planAuthors(caseId: number) {
  const rows = db
    .selectDistinct({ userId: schema.auditLog.userId })
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.caseId, caseId), eq(schema.auditLog.entityType, "business_plan"), inArray(schema.auditLog.action, ["update", "submit"])))
    .all();
  return new Set(rows.flatMap((row) => (row.userId === null ? [] : [row.userId])));
}

// Reviewers and officers who may be offered for a plan: not its authors, and not admins (they
// run the system, not the programme's reviews).
export function eligibleReviewers(caseId: number) {
  const authors = planAuthors(caseId);
  return db
    .select({ id: schema.users.id, name: schema.users.name, role: schema.users.role })
    .from(schema.users)
    .where(and(eq(schema.users.active, true), inArray(schema.users.role, ["reviewer", "officer"])))
    .orderBy(asc(schema.users.name))
    .all()
    .filter((user) => !authors.has(user.id));
}

function assignmentsOf(tx: Transaction, planVersionId: number) {
  return tx
    .select({
      id: schema.reviewAssignments.id,
      reviewerId: schema.reviewAssignments.reviewerId,
      reviewerName: schema.users.name,
      status: schema.reviewAssignments.status,
      conflictOfInterest: schema.reviewAssignments.conflictOfInterest,
      conflictNote: schema.reviewAssignments.conflictNote,
      scores: schema.reviewAssignments.scores,
      weightedTotalHundredths: schema.reviewAssignments.weightedTotalHundredths,
      submittedAt: schema.reviewAssignments.submittedAt,
    })
    .from(schema.reviewAssignments)
    .innerJoin(schema.users, eq(schema.users.id, schema.reviewAssignments.reviewerId))
    .where(eq(schema.reviewAssignments.planVersionId, planVersionId))
    .orderBy(asc(schema.reviewAssignments.id))
    .all();
}

// The officer's view of a plan's review: every assignment, the plan score and disagreement.
export function reviewSummary(caseId: number) {
  return readTransaction((tx) => {
    const { version, programme } = loadCaseState(tx, caseId);
    if (!version) return null;
    const rubric = versionRubric(version, programme);
    const assignments = assignmentsOf(tx, version.id);
    const submitted = assignments.filter((assignment) => assignment.status === "submitted" && assignment.scores);
    const reviews = submitted.map((assignment) => ({
      reviewerId: assignment.reviewerId,
      scores: plainScores(assignment.scores!),
    }));
    // Every active reviewer has scored, and at least the programme's minimum: only then are the
    // scores and comments shown side by side (nobody is still scoring blind).
    const allIn =
      submitted.length >= programme.minReviewers && assignments.every((assignment) => assignment.status !== "assigned");
    return {
      rubric,
      minReviewers: programme.minReviewers,
      planVersion: version.number,
      assignments,
      score: reviews.length ? planScore(rubric, reviews) : null,
      disagreement: reviews.length >= 2 ? flagDisagreement(rubric, reviews) : null,
      comparison: allIn
        ? compareReviews(
            rubric,
            submitted.map((assignment) => ({ reviewerId: assignment.reviewerId, reviewerName: assignment.reviewerName, scores: assignment.scores! })),
          )
        : null,
    };
  });
}

// `caseVersion` is the case's version the panel was read at: an assignment made on a page that
// predates another change of the case (another officer's assignment, a withdrawal) is refused.
export function assignReviewers(actor: CurrentUser, caseId: number, caseVersion: number, reviewerIds: number[]) {
  db.transaction((tx) => {
    const ref = { id: caseId, version: caseVersion };
    const { version, programme, state } = loadCaseState(tx, ref);
    if (!version) throw new CaseTransitionRefused("review_before_plan");
    const reviewers = tx.select().from(schema.users).where(inArray(schema.users.id, reviewerIds)).all();
    if (reviewers.length !== reviewerIds.length || reviewers.some((reviewer) => !reviewer.active || !can(reviewer, "scorePlans"))) {
      throw new CaseTransitionRefused("not_a_reviewer");
    }
    const existing = assignmentsOf(tx, version.id);
    if (reviewerIds.some((id) => existing.some((assignment) => assignment.reviewerId === id))) throw new CaseTransitionRefused("already_assigned");
    const activeAfter = existing.filter((assignment) => assignment.status !== "recused").length + reviewerIds.length;
    moveCase(tx, actor, ref, { type: "assign_reviewers", count: activeAfter, minReviewers: programme.minReviewers }, { reviewerIds, planVersion: version.number });
    tx.insert(schema.reviewAssignments)
      .values(reviewerIds.map((reviewerId) => ({ planVersionId: version.id, caseId, reviewerId, assignedByUserId: actor.id, dueOn: addDays(kyivToday(), programme.reviewDays) })))
      .run();
    if (version.rubric === null) {
      tx.update(schema.businessPlanVersions).set({ rubric: programmeRubric(programme) }).where(eq(schema.businessPlanVersions.id, version.id)).run();
    }
    recordAudit(tx, { userId: actor.id, action: "assign", entityType: "review", entityId: version.id, caseId, after: { reviewerIds, activeReviewers: activeAfter, stage: state.stage } });
  });
}

function ownAssignment(tx: Transaction, reviewer: CurrentUser, assignmentId: number) {
  const assignment = tx.select().from(schema.reviewAssignments).where(eq(schema.reviewAssignments.id, assignmentId)).get();
  if (!assignment) notFound();
  // Only the assigned reviewer may declare or score: not even an admin scores for someone else.
  if (assignment.reviewerId !== reviewer.id) forbidden();
  return assignment;
}

export function declareConflict(reviewer: CurrentUser, assignmentId: number, conflict: boolean, note?: string) {
  db.transaction((tx) => {
    const assignment = ownAssignment(tx, reviewer, assignmentId);
    if (assignment.conflictOfInterest !== null) throw new CaseTransitionRefused("already_declared");
    tx.update(schema.reviewAssignments)
      .set({
        conflictOfInterest: conflict,
        conflictNote: note ?? null,
        declaredAt: new Date().toISOString(),
        status: conflict ? "recused" : "assigned",
        updatedAt: new Date().toISOString(),
      })
      .where(eq(schema.reviewAssignments.id, assignmentId))
      .run();
    recordAudit(tx, {
      userId: reviewer.id,
      action: "declare_conflict",
      entityType: "review",
      entityId: assignmentId,
      caseId: assignment.caseId,
      before: { conflictOfInterest: null, status: assignment.status },
      after: { conflictOfInterest: conflict, note: note ?? null, status: conflict ? "recused" : "assigned" },
    });
    if (conflict) sendToCommitteeWhenReviewsIn(tx, reviewer, assignment.caseId);
  });
}

export class ScoresInvalidError extends Error {
  constructor(public fieldErrors: Record<string, string[]>) {
    super("scores invalid");
  }
}

export function submitScores(reviewer: CurrentUser, assignmentId: number, entries: Record<string, { score: number; comment: string }>) {
  return db.transaction((tx) => {
    const assignment = ownAssignment(tx, reviewer, assignmentId);
    if (assignment.conflictOfInterest !== false) throw new CaseTransitionRefused(assignment.conflictOfInterest ? "recused" : "declare_first");
    if (assignment.status === "submitted") throw new CaseTransitionRefused("already_scored");
    const { programme, version } = loadCaseState(tx, assignment.caseId);
    if (!version || version.id !== assignment.planVersionId) throw new CaseTransitionRefused("plan_revised");
    const rubric = versionRubric(version, programme);
    const fieldErrors: Record<string, string[]> = {};
    for (const criterion of rubric.criteria) {
      const entry = entries[criterion.key];
      if (!entry || !Number.isInteger(entry.score) || entry.score < rubric.scaleMin || entry.score > rubric.scaleMax) {
        fieldErrors[`${criterion.key}.score`] = ["errors.scoreOutOfScale"];
      }
      if (!entry?.comment?.trim()) fieldErrors[`${criterion.key}.comment`] = ["errors.commentRequired"];
    }
    if (Object.keys(fieldErrors).length) throw new ScoresInvalidError(fieldErrors);
    const scores = Object.fromEntries(rubric.criteria.map((criterion) => [criterion.key, { score: entries[criterion.key].score, comment: entries[criterion.key].comment.trim() }]));
    const total = weightedTotal(rubric, plainScores(scores));
    // The state machine counts reviews from the stored assignments, so it is asked first.
    moveCase(tx, reviewer, assignment.caseId, { type: "record_review" }, { assignmentId });
    tx.update(schema.reviewAssignments)
      .set({ scores, weightedTotalHundredths: Math.round(total * 100), status: "submitted", submittedAt: new Date().toISOString(), updatedAt: new Date().toISOString() })
      .where(eq(schema.reviewAssignments.id, assignmentId))
      .run();
    recordAudit(tx, { userId: reviewer.id, action: "score", entityType: "review", entityId: assignmentId, caseId: assignment.caseId, after: { scores, weightedTotal: total } });
    sendToCommitteeWhenReviewsIn(tx, reviewer, assignment.caseId);
    return total;
  });
}

// A reviewer's queue: plans assigned to them still waiting for a declaration or a score.
// A reviewer reads a plan and its files once they have declared no conflict of interest; before
// the declaration, or after a recusal, they do not.
export function isDeclaredReviewer(reviewerId: number, caseId: number) {
  const assignment = db
    .select({ id: schema.reviewAssignments.id })
    .from(schema.reviewAssignments)
    .where(and(eq(schema.reviewAssignments.caseId, caseId), eq(schema.reviewAssignments.reviewerId, reviewerId), eq(schema.reviewAssignments.conflictOfInterest, false)))
    .get();
  return assignment !== undefined;
}

// A reviewer's plans to score, soonest due first, with what tells one plan from another without
// opening it (the business, its sector and oblast), a page at a time: with a large call for
// proposals one reviewer can hold hundreds of plans (the home shows the first few).
export function reviewerQueue(reviewerId: number, { page = 1, size = reviewQueuePageSize }: { page?: number; size?: number } = {}) {
  // Only plans still under review: a withdrawn or merged case leaves the queue.
  const waiting = and(
    eq(schema.reviewAssignments.reviewerId, reviewerId),
    eq(schema.reviewAssignments.status, "assigned"),
    eq(schema.cases.stage, "review"),
    eq(schema.cases.status, "open"),
  );
  const total =
    db
      .select({ n: count() })
      .from(schema.reviewAssignments)
      .innerJoin(schema.cases, eq(schema.cases.id, schema.reviewAssignments.caseId))
      .where(waiting)
      .get()?.n ?? 0;
  const window = pageWindow(total, page, size);
  const rows = db
    .select({
      assignmentId: schema.reviewAssignments.id,
      caseId: schema.reviewAssignments.caseId,
      caseCode: schema.cases.caseCode,
      conflictOfInterest: schema.reviewAssignments.conflictOfInterest,
      assignedAt: schema.reviewAssignments.createdAt,
      dueOn: schema.reviewAssignments.dueOn,
      planVersion: schema.businessPlanVersions.number,
      businessName: schema.businesses.name,
      kvedCode: schema.businesses.kvedCode,
      oblastPcode: schema.cases.oblastPcode,
    })
    .from(schema.reviewAssignments)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.reviewAssignments.caseId))
    .innerJoin(schema.businessPlanVersions, eq(schema.businessPlanVersions.id, schema.reviewAssignments.planVersionId))
    .leftJoin(schema.businesses, eq(schema.businesses.caseId, schema.cases.id))
    .where(waiting)
    .orderBy(sql`${schema.reviewAssignments.dueOn} is null`, asc(schema.reviewAssignments.dueOn), asc(schema.reviewAssignments.id))
    .limit(window.limit)
    .offset(window.offset)
    .all();
  const places = placeNames(rows.map((row) => row.oblastPcode));
  const items = rows.map(({ kvedCode, oblastPcode, ...row }) => ({
    ...row,
    sector: kvedCode ? kvedSectionOf(kvedCode) : null,
    oblast: oblastPcode ? (places[oblastPcode] ?? null) : null,
  }));
  return { total, page: window.page, pageCount: window.pageCount, items };
}

export const reviewQueuePageSize = 50;

// What one reviewer may see of an assignment: the plan, their own scores, and others' scores
// only once their own are submitted (blind scoring).
export function assignmentForReviewer(reviewer: CurrentUser, assignmentId: number) {
  return readTransaction((tx) => {
    const assignment = ownAssignment(tx, reviewer, assignmentId);
    const { programme, caseRow } = loadCaseState(tx, assignment.caseId);
    const version = tx.select().from(schema.businessPlanVersions).where(eq(schema.businessPlanVersions.id, assignment.planVersionId)).get()!;
    const lines = tx.select().from(schema.budgetLines).where(eq(schema.budgetLines.planVersionId, version.id)).orderBy(asc(schema.budgetLines.position)).all();
    const business = tx.select().from(schema.businesses).where(eq(schema.businesses.caseId, assignment.caseId)).get();
    const person = tx.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
    const places = placeNames([caseRow.oblastPcode, caseRow.hromadaPcode]);
    const others =
      assignment.status === "submitted"
        ? tx
            .select({ reviewerName: schema.users.name, scores: schema.reviewAssignments.scores, weightedTotalHundredths: schema.reviewAssignments.weightedTotalHundredths })
            .from(schema.reviewAssignments)
            .innerJoin(schema.users, eq(schema.users.id, schema.reviewAssignments.reviewerId))
            .where(and(eq(schema.reviewAssignments.planVersionId, assignment.planVersionId), ne(schema.reviewAssignments.id, assignmentId), eq(schema.reviewAssignments.status, "submitted")))
            .all()
        : null;
    return {
      assignment: {
        id: assignment.id,
        caseId: assignment.caseId,
        status: assignment.status,
        conflictOfInterest: assignment.conflictOfInterest,
        scores: assignment.scores,
        weightedTotalHundredths: assignment.weightedTotalHundredths,
      },
      caseCode: caseRow.caseCode,
      currency: programme.currency,
      rubric: versionRubric(version, programme),
      kvedCode: business?.kvedCode ?? null,
      // Who the plan is from, so the reviewer can tell whether they have a conflict of interest.
      applicant: {
        name: [person.surname, person.firstName, person.patronymic].filter(Boolean).join(" "),
        businessName: business?.name ?? null,
        hromada: caseRow.hromadaPcode ? (places[caseRow.hromadaPcode] ?? null) : null,
        oblast: caseRow.oblastPcode ? (places[caseRow.oblastPcode] ?? null) : null,
      },
      version,
      lines,
      otherReviews: others,
      // The plan's files, like the plan, only once the reviewer has declared no conflict.
      attachments: assignment.conflictOfInterest === false ? attachmentsOf(tx, assignment.caseId) : [],
    };
  });
}
