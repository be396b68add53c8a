// The committee: a ranked list per programme beside the budget envelope, and decisions that the
// case state machine checks (required reviews in, ceiling, funds available).
import { and, count, desc, eq, like } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { kyivToday } from "~/lib/kyiv-date";
import { CaseTransitionRefused, latestDecision, loadCaseState, moveCase } from "~/modules/cases/case-transitions.server";
import { approvedTotal, committeeBoard } from "./committee-board.server";
import { approvalSplit, isOutOfRankOrder, rankOrderOf } from "./committee-rules";
import { letterNumber, letterReference } from "./decision-letter";
import { startRevision } from "./plans.server";
import type { DecisionInput } from "./schema";

export { approvedTotal };

// Where a decision stands in the committee's ranking (the board as it is now).
export function rankOrderCheck(programmeId: number, caseId: number, reader: Transaction | typeof db = db) {
  return rankOrderOf(committeeBoard(programmeId, reader)?.ranked ?? [], caseId);
}

// The letter's outgoing number: the programme's next in the year of issue.
function nextLetterNumber(tx: Transaction, programme: { id: number; code: string }, issuedOn: string) {
  const year = issuedOn.slice(0, 4);
  const issued = tx
    .select({ n: count() })
    .from(schema.committeeDecisions)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.committeeDecisions.caseId))
    .where(and(eq(schema.cases.programmeId, programme.id), like(schema.committeeDecisions.issuedOn, `${year}-%`)))
    .get();
  return letterNumber(programme.code, year, (issued?.n ?? 0) + 1);
}

// `caseVersion` is the case's version the decision form was read at: a decision taken on a page
// that predates a colleague's decision (or any other change) is refused, never stored over it.
// Thrown at the end of a dry run, so that its transaction rolls back.
class DryRunDone extends Error {}

// With `enforceRankOrder` (the committee's page), a decision out of rank order is refused
// without a reason (committee-rules.ts); imports and the demo seed decide without the ranking.
// A `dryRun` makes every check a real decision makes (the confirmation step) and stores nothing.
export function decideCase(actor: CurrentUser, caseId: number, caseVersion: number, input: DecisionInput, options: { enforceRankOrder?: boolean; dryRun?: boolean } = {}) {
  try {
    return recordDecision(actor, caseId, caseVersion, input, options);
  } catch (error) {
    if (error instanceof DryRunDone) return null;
    throw error;
  }
}

function recordDecision(actor: CurrentUser, caseId: number, caseVersion: number, input: DecisionInput, options: { enforceRankOrder?: boolean; dryRun?: boolean }) {
  return db.transaction((tx) => {
    const ref = { id: caseId, version: caseVersion };
    const { programme, version, state } = loadCaseState(tx, ref);
    if (!version) throw new CaseTransitionRefused("decision_before_reviews");
    if (state.reviewsIn < programme.minReviewers) throw new CaseTransitionRefused("decision_before_reviews");
    const rankOrderReason = input.rankOrderReason?.trim() || null;
    // The ranking is read only when it matters: the committee's page, or a reason to keep.
    const rankOrder = options.enforceRankOrder || rankOrderReason ? rankOrderCheck(programme.id, caseId, tx) : null;
    const outOfOrder = rankOrder !== null && isOutOfRankOrder(rankOrder, input.decision);
    if (options.enforceRankOrder && outOfOrder && !rankOrderReason) throw new CaseTransitionRefused("rank_reason_required");
    const approvedSoFar = approvedTotal(programme.id, tx);
    const split = input.decision === "approved" ? approvalSplit(input) : null;
    if (input.decision === "approved" && !split && (input.inKindMinor != null || input.cashMinor != null)) throw new CaseTransitionRefused("invalid_amount");
    moveCase(
      tx,
      actor,
      ref,
      {
        type: "decide",
        decision: input.decision,
        amountMinor: split?.amountMinor ?? input.amountMinor,
        ceilingMinor: programme.grantCeilingMinor,
        availableMinor: programme.budgetEnvelopeMinor - approvedSoFar,
        reason: input.reason,
      },
      { planVersion: version.number },
    );
    const issuedOn = kyivToday();
    const decision = tx
      .insert(schema.committeeDecisions)
      .values({
        caseId,
        planVersionId: version.id,
        decision: input.decision,
        amountMinor: split?.amountMinor ?? null,
        inKindMinor: split?.inKindMinor ?? null,
        cashMinor: split?.cashMinor ?? null,
        modality: split?.modality ?? null,
        conditions: input.conditions ?? null,
        conditionsEn: input.conditionsEn ?? null,
        reason: input.reason ?? null,
        reasonEn: input.reasonEn ?? null,
        // Kept only when the decision did depart from the ranking.
        rankOrderReason: outOfOrder ? rankOrderReason : null,
        letterNumber: nextLetterNumber(tx, programme, issuedOn),
        issuedOn,
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
    recordAudit(tx, {
      userId: actor.id,
      action: "decide",
      entityType: "decision",
      entityId: decision.id,
      caseId,
      after: { ...decision, ...(rankOrder && outOfOrder ? { rank: rankOrder.rank, passedOver: [...rankOrder.pendingAbove, ...rankOrder.waitlistedAbove].map((plan) => plan.caseCode) } : {}) },
    });
    if (options.dryRun) throw new DryRunDone();
    return decision;
  });
}

// Reopening a decision is an admin action with a reason (the state machine refuses others).
export function reopenDecision(actor: CurrentUser, caseId: number, caseVersion: number, reason: string) {
  db.transaction((tx) => {
    const ref = { id: caseId, version: caseVersion };
    loadCaseState(tx, ref); // a stale page is refused before "nothing to reopen"
    const decision = latestDecision(tx, caseId);
    if (!decision || decision.reopenedAt) throw new CaseTransitionRefused("no_decision_to_reopen");
    moveCase(tx, actor, ref, { type: "reopen_decision", byRole: actor.role, reason }, { decisionId: decision.id });
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

// The data of a printable decision letter: the standing decision of a case, the programme's
// letterhead and contacts, the person to address, who will call, and the items of an in-kind
// grant (the in-kind lines of the plan version decided on).
export function decisionLetter(caseId: number) {
  const decision = standingDecision(caseId);
  if (!decision) return null;
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  const nameOf = (userId: number | null) => (userId ? (db.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, userId)).get()?.name ?? null) : null);
  const items = db
    .select({ item: schema.budgetLines.item, quantity: schema.budgetLines.quantity })
    .from(schema.budgetLines)
    .where(and(eq(schema.budgetLines.planVersionId, decision.planVersionId), eq(schema.budgetLines.modality, "in_kind")))
    .orderBy(schema.budgetLines.position)
    .all();
  return {
    decision,
    reference: letterReference(programme.code, decision),
    issuedOn: decision.issuedOn ?? decision.createdAt.slice(0, 10),
    person: { surname: person.surname, firstName: person.firstName, patronymic: person.patronymic, latinName: person.latinName, sex: person.sex },
    // The case's officer calls about the agreement; the mentor helps with a revision.
    officerName: nameOf(caseRow.responsibleOfficerId) ?? nameOf(decision.decidedByUserId),
    mentorName: nameOf(caseRow.mentorId),
    items,
    programme,
  };
}
