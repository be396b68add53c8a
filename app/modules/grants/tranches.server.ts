// Cash tranches released on verified milestones (domain.md §9): a mentor (or an officer)
// verifies the requirements, an officer requests the tranche, another approves it, and the
// payment is recorded as paid (which disburses it against the budget line) or failed (retried as
// a new payment that points to the failed one). Each command is one transaction: the pure state
// machine decides, the tranche is written by compare-and-set on its version, and the audit entry
// goes with it.
import { and, desc, eq, lt } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import { GrantRefused } from "./grant-errors";
import { recordDisbursement } from "./ledger.server";
import { decide, mayVerifyRequirement, type TrancheEvent, type TrancheFacts } from "./tranche-state";

export type Tranche = typeof schema.grantTranches.$inferSelect;
export type Payment = typeof schema.grantPayments.$inferSelect;

function loadTranche(tx: Transaction, trancheId: number) {
  const row = tx
    .select({ tranche: schema.grantTranches, agreement: schema.grantAgreements })
    .from(schema.grantTranches)
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, schema.grantTranches.agreementId))
    .where(eq(schema.grantTranches.id, trancheId))
    .get();
  if (!row) throw new GrantRefused("not_found");
  return row;
}

/** What the state machine needs to know about a tranche, read in the command's transaction. */
export function trancheFacts(tx: Transaction | typeof db, tranche: Tranche, agreementStatus: TrancheFacts["agreementStatus"]): TrancheFacts {
  const requirements = tx.select().from(schema.grantTrancheRequirements).where(eq(schema.grantTrancheRequirements.trancheId, tranche.id)).all();
  const earlier = tx
    .select({ state: schema.grantTranches.state })
    .from(schema.grantTranches)
    .where(and(eq(schema.grantTranches.agreementId, tranche.agreementId), lt(schema.grantTranches.sequence, tranche.sequence)))
    .all();
  return {
    state: tranche.state,
    requestedByUserId: tranche.requestedByUserId,
    approvedByUserId: tranche.approvedByUserId,
    agreementStatus,
    requirementsMet: requirements.every((requirement) => requirement.verifiedAt !== null),
    earlierTranchesSettled: earlier.every((row) => row.state === "paid" || row.state === "cancelled"),
  };
}

const auditActionOf = { request: "request", approve: "approve", decline: "decline", pay: "pay", fail: "payment_failed", cancel: "cancel" } as const;

// Runs one event through the state machine and stores the tranche by compare-and-set.
function moveTranche(tx: Transaction, actor: CurrentUser, trancheId: number, version: number, event: TrancheEvent, note: Record<string, unknown> = {}) {
  const { tranche, agreement } = loadTranche(tx, trancheId);
  assertVersion(tranche.version, version, () => lastAuditedChange(tx, "tranche", "tranche", trancheId));
  const decision = decide(trancheFacts(tx, tranche, agreement.status), event, actor);
  if (!decision.ok) throw new GrantRefused(decision.error, { state: tranche.state });
  const now = new Date().toISOString();
  const { changes } = decision;
  const result = tx
    .update(schema.grantTranches)
    .set({
      ...changes,
      requestedAt: changes.requestedByUserId === null ? null : event.type === "request" ? now : tranche.requestedAt,
      approvedAt: changes.approvedByUserId === null ? null : event.type === "approve" ? now : tranche.approvedAt,
      cancelledReason: event.type === "cancel" ? event.reason : tranche.cancelledReason,
      version: version + 1,
      updatedAt: now,
    })
    .where(and(eq(schema.grantTranches.id, trancheId), eq(schema.grantTranches.version, version)))
    .run();
  assertCompareAndSet(result, () => lastAuditedChange(tx, "tranche", "tranche", trancheId));
  recordAudit(tx, {
    userId: actor.id,
    action: auditActionOf[event.type],
    entityType: "tranche",
    entityId: trancheId,
    caseId: agreement.caseId,
    before: { state: tranche.state },
    after: { state: changes.state, ...("reason" in event ? { reason: event.reason } : {}), ...note },
  });
  return { tranche, agreement, state: changes.state };
}

/**
 * The case's mentor (or an officer) verifies a requirement with its evidence: receipts, photos,
 * the visit that saw them. Once every requirement of a tranche is verified it may be requested.
 */
export function verifyRequirement(actor: CurrentUser, requirementId: number, input: { version: number; evidenceNote: string; visitId?: number | null }) {
  if (input.evidenceNote.trim() === "") throw new GrantRefused("reason_required", {}, "evidenceNote");
  return db.transaction((tx) => {
    const row = tx
      .select({ requirement: schema.grantTrancheRequirements, tranche: schema.grantTranches, agreement: schema.grantAgreements, mentorId: schema.cases.mentorId })
      .from(schema.grantTrancheRequirements)
      .innerJoin(schema.grantTranches, eq(schema.grantTranches.id, schema.grantTrancheRequirements.trancheId))
      .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, schema.grantTranches.agreementId))
      .innerJoin(schema.cases, eq(schema.cases.id, schema.grantAgreements.caseId))
      .where(eq(schema.grantTrancheRequirements.id, requirementId))
      .get();
    if (!row) throw new GrantRefused("not_found");
    const refusal = mayVerifyRequirement(actor, row.mentorId);
    if (refusal) throw new GrantRefused(refusal);
    const { requirement, tranche, agreement } = row;
    assertVersion(requirement.version, input.version, () => lastAuditedChange(tx, "tranche_requirement", "tranche_requirement", requirementId));
    if (requirement.verifiedAt !== null) throw new GrantRefused("already_verified");
    if (agreement.status !== "signed") throw new GrantRefused("wrong_agreement_status", { status: agreement.status });
    if (tranche.state !== "planned") throw new GrantRefused("wrong_tranche_state", { state: tranche.state });
    const result = tx
      .update(schema.grantTrancheRequirements)
      .set({ verifiedByUserId: actor.id, verifiedAt: new Date().toISOString(), evidenceNote: input.evidenceNote, visitId: input.visitId ?? null, version: input.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.grantTrancheRequirements.id, requirementId), eq(schema.grantTrancheRequirements.version, input.version)))
      .run();
    assertCompareAndSet(result, () => lastAuditedChange(tx, "tranche_requirement", "tranche_requirement", requirementId));
    recordAudit(tx, {
      userId: actor.id,
      action: "verify",
      entityType: "tranche_requirement",
      entityId: requirementId,
      caseId: agreement.caseId,
      after: { trancheId: tranche.id, text: requirement.text, evidenceNote: input.evidenceNote, visitId: input.visitId ?? null },
    });
  });
}

export function requestTranche(actor: CurrentUser, trancheId: number, input: { version: number }) {
  return db.transaction((tx) => moveTranche(tx, actor, trancheId, input.version, { type: "request" }).state);
}

/** Approved by someone other than the requester (§9); the database refuses it too. */
export function approveTranche(actor: CurrentUser, trancheId: number, input: { version: number }) {
  return db.transaction((tx) => moveTranche(tx, actor, trancheId, input.version, { type: "approve" }).state);
}

export function declineTranche(actor: CurrentUser, trancheId: number, input: { version: number; reason: string }) {
  return db.transaction((tx) => moveTranche(tx, actor, trancheId, input.version, { type: "decline", reason: input.reason }).state);
}

export function cancelTranche(actor: CurrentUser, trancheId: number, input: { version: number; reason: string }) {
  return db.transaction((tx) => moveTranche(tx, actor, trancheId, input.version, { type: "cancel", reason: input.reason }).state);
}

export type PaymentInput =
  | { version: number; outcome: "paid"; paidOn: string; payerAccount: string; bankReference: string }
  | { version: number; outcome: "failed"; paidOn: string; payerAccount: string; failureReason: string };

/**
 * Records the bank transfer of an approved tranche, for the tranche's amount. Paid: the payment
 * is disbursed against the budget line with the rates of its date, and the first paid tranche
 * sets the grant's time origin. Failed: the tranche waits for a retry. On a failed tranche the
 * new payment is the retry of its latest failed one. Nothing of a payment is ever edited.
 */
export function recordPayment(actor: CurrentUser, trancheId: number, input: PaymentInput) {
  const event: TrancheEvent = input.outcome === "paid" ? { type: "pay" } : { type: "fail", reason: input.failureReason };
  if (input.outcome === "paid" && input.bankReference.trim() === "") throw new GrantRefused("field_required", {}, "bankReference");
  if (input.payerAccount.trim() === "") throw new GrantRefused("field_required", {}, "payerAccount");
  return db.transaction((tx) => {
    const { tranche: before, agreement: agreementBefore } = loadTranche(tx, trancheId);
    // Asked before the payment is written, so a refusal is the machine's, not a trigger's.
    assertVersion(before.version, input.version, () => lastAuditedChange(tx, "tranche", "tranche", trancheId));
    const allowed = decide(trancheFacts(tx, before, agreementBefore.status), event, actor);
    if (!allowed.ok) throw new GrantRefused(allowed.error, { state: before.state });
    const retried = before.state === "failed" ? latestPayment(tx, trancheId) : undefined;
    const payment = tx
      .insert(schema.grantPayments)
      .values({
        trancheId,
        amountMinor: before.amountMinor,
        currency: agreementBefore.currency,
        status: input.outcome,
        bankReference: input.outcome === "paid" ? input.bankReference : null,
        paidOn: input.paidOn,
        payerAccount: input.payerAccount,
        failureReason: input.outcome === "failed" ? input.failureReason : null,
        retryOfPaymentId: retried?.id ?? null,
        recordedByUserId: actor.id,
      })
      .returning()
      .get();
    // The tranche is marked after the payment exists: the database refuses a paid tranche without one.
    const { agreement } = moveTranche(tx, actor, trancheId, input.version, event, { paymentId: payment.id, retryOfPaymentId: payment.retryOfPaymentId });
    recordAudit(tx, { userId: actor.id, action: "create", entityType: "payment", entityId: payment.id, caseId: agreement.caseId, after: payment });
    if (input.outcome === "paid") {
      recordDisbursement(tx, actor, { agreementId: agreement.id, modality: "cash", amountMinor: payment.amountMinor, effectiveOn: input.paidOn, paymentId: payment.id });
    }
    return payment;
  });
}

function latestPayment(tx: Transaction, trancheId: number) {
  return tx.select().from(schema.grantPayments).where(eq(schema.grantPayments.trancheId, trancheId)).orderBy(desc(schema.grantPayments.id)).get();
}

