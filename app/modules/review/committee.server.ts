// The committee: a ranked list per programme beside the budget envelope, and decisions that the
// case state machine checks (required reviews in, ceiling, funds available).
import { and, asc, desc, eq, inArray, ne, sum } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { CaseTransitionRefused, latestDecision, loadCaseState, moveCase } from "~/modules/cases/case-transitions.server";
import { budgetTotals } from "./budget";
import { startRevision } from "./plans.server";
import { programmeRubric, reviewSummary, versionRubric } from "./reviews.server";
import type { DecisionInput } from "./schema";
import { flagDisagreement, planScore, rankForCommittee } from "./scoring";

// Funds already committed: approved amounts of cases whose approval stands. A case withdrawn
// after approval releases its amount back to the envelope.
export function approvedTotal(programmeId: number, tx: Transaction | typeof db = db) {
  const row = tx
    .select({ total: sum(schema.cases.approvedAmountMinor) })
    .from(schema.cases)
    .where(and(eq(schema.cases.programmeId, programmeId), eq(schema.cases.decision, "approved"), ne(schema.cases.status, "withdrawn")))
    .get();
  return Number(row?.total ?? 0);
}

export function committeeBoard(programmeId: number) {
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
  if (!programme) return null;
  const programmeWide = programmeRubric(programme);
  const candidates = db
    .select({
      caseId: schema.cases.id,
      caseCode: schema.cases.caseCode,
      status: schema.cases.status,
      vulnerabilityScore: schema.cases.vulnerabilityScore,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      planId: schema.businessPlans.id,
      currentVersion: schema.businessPlans.currentVersion,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .innerJoin(schema.businessPlans, eq(schema.businessPlans.caseId, schema.cases.id))
    .where(and(eq(schema.cases.programmeId, programmeId), eq(schema.cases.stage, "committee"), inArray(schema.cases.status, ["open", "waitlisted"])))
    .all();
  const rows = candidates.map((candidate) => {
    const version = db
      .select()
      .from(schema.businessPlanVersions)
      .where(and(eq(schema.businessPlanVersions.planId, candidate.planId), eq(schema.businessPlanVersions.number, candidate.currentVersion)))
      .get()!;
    const lines = db.select().from(schema.budgetLines).where(eq(schema.budgetLines.planVersionId, version.id)).all();
    const reviews = db
      .select({ reviewerId: schema.reviewAssignments.reviewerId, scores: schema.reviewAssignments.scores })
      .from(schema.reviewAssignments)
      .where(and(eq(schema.reviewAssignments.planVersionId, version.id), eq(schema.reviewAssignments.status, "submitted")))
      .all()
      .map((review) => ({ reviewerId: review.reviewerId, scores: Object.fromEntries(Object.entries(review.scores ?? {}).map(([key, value]) => [key, value.score])) }));
    const rubric = versionRubric(version, programme);
    const score = reviews.length ? planScore(rubric, reviews) : null;
    return {
      ...candidate,
      planScore: score?.planScore ?? 0,
      recommended: score?.recommended ?? false,
      reviewCount: reviews.length,
      vulnerabilityScore: candidate.vulnerabilityScore ?? 0,
      flagged: reviews.length >= 2 ? flagDisagreement(rubric, reviews).flagged : false,
      requestedMinor: budgetTotals(lines, version.coContributionMinor).requestedMinor,
    };
  });
  const approved = approvedTotal(programmeId);
  return {
    programme: { id: programme.id, code: programme.code, currency: programme.currency, ceilingMinor: programme.grantCeilingMinor, envelopeMinor: programme.budgetEnvelopeMinor },
    recommendationThreshold: programmeWide.recommendationThreshold,
    envelope: {
      totalMinor: programme.budgetEnvelopeMinor,
      approvedMinor: approved,
      availableMinor: programme.budgetEnvelopeMinor - approved,
      requestedMinor: rows.reduce((total, row) => total + row.requestedMinor, 0),
    },
    ranked: rankForCommittee(rows),
  };
}

export function decideCase(actor: CurrentUser, caseId: number, input: DecisionInput) {
  return db.transaction((tx) => {
    const { programme, version, state } = loadCaseState(tx, caseId);
    if (!version) throw new CaseTransitionRefused("decision_before_reviews");
    if (state.reviewsIn < programme.minReviewers) throw new CaseTransitionRefused("decision_before_reviews");
    const approvedSoFar = approvedTotal(programme.id, tx);
    moveCase(
      tx,
      actor,
      caseId,
      {
        type: "decide",
        decision: input.decision,
        amountMinor: input.amountMinor,
        ceilingMinor: programme.grantCeilingMinor,
        availableMinor: programme.budgetEnvelopeMinor - approvedSoFar,
        reason: input.reason,
      },
      { planVersion: version.number },
    );
    const decision = tx
      .insert(schema.committeeDecisions)
      .values({
        caseId,
        planVersionId: version.id,
        decision: input.decision,
        amountMinor: input.decision === "approved" ? (input.amountMinor ?? null) : null,
        modality: input.decision === "approved" ? (input.modality ?? null) : null,
        conditions: input.conditions ?? null,
        reason: input.reason ?? null,
        committeeDate: input.committeeDate,
        members: input.members,
        decidedByUserId: actor.id,
      })
      .returning()
      .get();
    if (input.decision === "revise") {
      startRevision(tx, caseId, input.reason ?? "");
    } else {
      tx.update(schema.businessPlans).set({ status: "decided", updatedAt: new Date().toISOString() }).where(eq(schema.businessPlans.caseId, caseId)).run();
    }
    recordAudit(tx, { userId: actor.id, action: "decide", entityType: "decision", entityId: decision.id, caseId, after: decision });
    return decision;
  });
}

// Reopening a decision is an admin action with a reason (the state machine refuses others).
export function reopenDecision(actor: CurrentUser, caseId: number, reason: string) {
  db.transaction((tx) => {
    const decision = latestDecision(tx, caseId);
    if (!decision || decision.reopenedAt) throw new CaseTransitionRefused("no_decision_to_reopen");
    moveCase(tx, actor, caseId, { type: "reopen_decision", byRole: actor.role, reason }, { decisionId: decision.id });
    tx.update(schema.committeeDecisions)
      .set({ reopenedAt: new Date().toISOString(), reopenedByUserId: actor.id, reopenReason: reason })
      .where(eq(schema.committeeDecisions.id, decision.id))
      .run();
    tx.update(schema.businessPlans).set({ status: "submitted", updatedAt: new Date().toISOString() }).where(eq(schema.businessPlans.caseId, caseId)).run();
    recordAudit(tx, { userId: actor.id, action: "reopen", entityType: "decision", entityId: decision.id, caseId, after: { reason } });
  });
}

export function decisionsOf(caseId: number) {
  return db
    .select()
    .from(schema.committeeDecisions)
    .where(eq(schema.committeeDecisions.caseId, caseId))
    .orderBy(desc(schema.committeeDecisions.id))
    .all();
}

// The decision that stands: the latest one, unless it was reopened. An earlier decision never
// stands again (a waitlisting superseded by an approval stays superseded when the approval is
// reopened).
function standingDecision(caseId: number) {
  const latest = latestDecision(db, caseId);
  return latest && latest.reopenedAt === null ? latest : null;
}

// What the committee list confirms after a decision: the case and its standing decision.
export function standingDecisionSummary(caseId: number) {
  const decision = standingDecision(caseId);
  if (!decision) return null;
  const { caseCode } = db.select({ caseCode: schema.cases.caseCode }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  return { caseId, caseCode, decision: decision.decision };
}

// The data of a printable decision letter: the standing decision of a case.
export function decisionLetter(caseId: number) {
  const decision = standingDecision(caseId);
  if (!decision) return null;
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  return {
    decision,
    caseCode: caseRow.caseCode,
    person: { surname: person.surname, firstName: person.firstName, patronymic: person.patronymic },
    programme: { code: programme.code, name: programme.name, nameUk: programme.nameUk, currency: programme.currency, donor: programme.donor },
  };
}

// Officer home: plans waiting for reviewers, flagged disagreements, plans ready for committee.
export function officerReviewQueues() {
  const inReview = db
    .select({ caseId: schema.cases.id, caseCode: schema.cases.caseCode, programmeId: schema.cases.programmeId })
    .from(schema.cases)
    .where(and(eq(schema.cases.stage, "review"), eq(schema.cases.status, "open")))
    .orderBy(asc(schema.cases.id))
    .all();
  const waitingForReviewers = inReview.filter(({ caseId }) =>
    db.transaction((tx) => {
      const { state, programme } = loadCaseState(tx, caseId);
      return state.reviewsRequired < programme.minReviewers;
    }),
  );
  const atCommittee = db
    .select({ caseId: schema.cases.id, caseCode: schema.cases.caseCode, programmeId: schema.cases.programmeId })
    .from(schema.cases)
    .where(and(eq(schema.cases.stage, "committee"), inArray(schema.cases.status, ["open", "waitlisted"])))
    .orderBy(asc(schema.cases.id))
    .all();
  // Disagreement is listed once every review is in: earlier, an officer who is also one of the
  // plan's reviewers would learn how the others scored before scoring (blind scoring).
  const flagged = atCommittee.filter(({ caseId }) => reviewSummary(caseId)?.disagreement?.flagged ?? false);
  return { waitingForReviewers, flagged, readyForCommittee: atCommittee };
}
