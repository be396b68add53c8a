// The committee: a ranked list per programme beside the budget envelope, and decisions that the
// case state machine checks (required reviews in, ceiling, funds available).
import { and, desc, eq, ne, sum } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { CaseTransitionRefused, latestDecision, loadCaseState, moveCase } from "~/modules/cases/case-transitions.server";
import { startRevision } from "./plans.server";
import type { DecisionInput } from "./schema";

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

// `caseVersion` is the case's version the decision form was read at: a decision taken on a page
// that predates a colleague's decision (or any other change) is refused, never stored over it.
export function decideCase(actor: CurrentUser, caseId: number, caseVersion: number, input: DecisionInput) {
  return db.transaction((tx) => {
    const ref = { id: caseId, version: caseVersion };
    const { programme, version, state } = loadCaseState(tx, ref);
    if (!version) throw new CaseTransitionRefused("decision_before_reviews");
    if (state.reviewsIn < programme.minReviewers) throw new CaseTransitionRefused("decision_before_reviews");
    const approvedSoFar = approvedTotal(programme.id, tx);
    moveCase(
      tx,
      actor,
      ref,
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

