// Every change of a case's stage or status after intake goes through here: the case's state is
// read from the database, the pure state machine decides, and the result is stored with its
// audit entry in the caller's transaction. An illegal step throws and changes nothing.
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { notFound } from "~/lib/not-found.server";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { kyivToday } from "~/lib/kyiv-date";
import { schema, type db, type Transaction } from "~/lib/db.server";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import { passedEligibility, transition, type CaseEvent, type CaseState, type CaseTransitionError } from "./case-state";

export class CaseTransitionRefused extends Error {
  constructor(public code: CaseTransitionError | string) {
    super(code);
  }
}

/**
 * A case as a form read it: its id and the version the page showed. A plain id is for steps that
 * follow from another write in the same transaction (all reviews in, a seed), where no person
 * read the case beforehand.
 */
export type CaseRef = number | { id: number; version: number };

const caseIdOf = (ref: CaseRef) => (typeof ref === "number" ? ref : ref.id);

/** What changed a case last, for the refusal of a form read before it. */
export function lastCaseChange(tx: Transaction | typeof db, caseId: number) {
  return lastAuditedChange(tx, "case", "case", caseId);
}

// Refuses a form read at an older version of the case, before any rule is checked: the user
// hears what changed rather than a rule the change now breaks (StaleRecordError).
export function assertCaseVersion(tx: Transaction, caseRow: { id: number; version: number }, ref: CaseRef) {
  if (typeof ref !== "number") assertVersion(caseRow.version, ref.version, () => lastCaseChange(tx, caseRow.id));
}

export function loadCaseState(tx: Transaction, ref: CaseRef) {
  const caseId = caseIdOf(ref);
  const caseRow = tx.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get();
  if (!caseRow) notFound();
  assertCaseVersion(tx, caseRow, ref);
  const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  const plan = tx.select().from(schema.businessPlans).where(eq(schema.businessPlans.caseId, caseId)).get();
  const version = plan
    ? tx
        .select()
        .from(schema.businessPlanVersions)
        .where(and(eq(schema.businessPlanVersions.planId, plan.id), eq(schema.businessPlanVersions.number, plan.currentVersion)))
        .get()
    : undefined;
  const reviews = version
    ? tx
        .select({ status: schema.reviewAssignments.status, n: count() })
        .from(schema.reviewAssignments)
        .where(and(eq(schema.reviewAssignments.planVersionId, version.id), inArray(schema.reviewAssignments.status, ["assigned", "submitted"])))
        .groupBy(schema.reviewAssignments.status)
        .all()
    : [];
  const assigned = reviews.reduce((sum, row) => sum + row.n, 0);
  const state: CaseState = {
    stage: caseRow.stage,
    status: caseRow.status,
    eligibilityPassed: passedEligibility(caseRow.eligibility),
    trainingCompleted: caseRow.trainingCompletedOn !== null,
    planSubmitted: version?.submittedAt != null && plan?.status !== "draft" && plan?.status !== "revision_requested",
    reviewsRequired: assigned,
    reviewsIn: reviews.find((row) => row.status === "submitted")?.n ?? 0,
    decision: caseRow.decision,
    approvedAmountMinor: caseRow.approvedAmountMinor,
  };
  return { caseRow, programme, plan, version, state };
}

export function moveCase(tx: Transaction, actor: CurrentUser, ref: CaseRef, event: CaseEvent, note?: Record<string, unknown>) {
  const caseId = caseIdOf(ref);
  const { caseRow, programme, state } = loadCaseState(tx, ref);
  const result = transition(state, event, programme);
  if (!result.ok) throw new CaseTransitionRefused(result.error);
  const next = result.state;
  const changes = {
    stage: next.stage,
    status: next.status,
    decision: next.decision,
    approvedAmountMinor: next.approvedAmountMinor,
    ...(event.type === "complete_training" ? { trainingCompletedOn: kyivToday() } : {}),
  };
  const stored = tx
    .update(schema.cases)
    .set({ ...changes, version: caseRow.version + 1, updatedAt: new Date().toISOString() })
    .where(and(eq(schema.cases.id, caseId), eq(schema.cases.version, caseRow.version)))
    .run();
  assertCompareAndSet(stored, () => lastCaseChange(tx, caseId));
  recordAudit(tx, {
    userId: actor.id,
    action: "transition",
    entityType: "case",
    entityId: caseId,
    caseId,
    before: { stage: caseRow.stage, status: caseRow.status, decision: caseRow.decision },
    after: { event: event.type, stage: next.stage, status: next.status, decision: next.decision, ...note },
  });
  return next;
}

export function latestDecision(tx: Transaction | typeof db, caseId: number) {
  return tx
    .select()
    .from(schema.committeeDecisions)
    .where(eq(schema.committeeDecisions.caseId, caseId))
    .orderBy(desc(schema.committeeDecisions.id))
    .get();
}
