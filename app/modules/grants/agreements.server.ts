// Grant agreements (domain.md §9): made from the standing committee approval, within the approved
// amount and the programme's ceiling, charged to a funding source's budget line, with a tranche
// plan for the cash part. Signing re-checks the IDP status (§2), commits the amount against the
// budget line and moves the case to disbursement. Each command is one transaction with its audit.
import { and, asc, desc, eq, inArray, max, ne } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { kyivToday } from "~/lib/kyiv-date";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import { latestDecision, moveCase } from "~/modules/cases/case-transitions.server";
import type { Currency, DisplacementStatus } from "../../../db/enums";
import { agreementNumber, checkAgreementTerms, checkTranchePlan, normaliseTranchePlan, withinPeriod, type PlannedTranche } from "./agreement-rules";
import { convertOn } from "./exchange-rates.server";
import { budgetLineBalanceOf } from "./funding.server";
import { GrantRefused } from "./grant-errors";
import { agreementBalance, checkCommitment } from "./ledger";
import { entriesOf, recordCommitment, releaseCommitment } from "./ledger.server";
import { decide } from "./tranche-state";
import type { GrantAgreement } from "./time-origin.server";

export type AgreementInput = {
  currency: Currency;
  amountMinor: number;
  inKindMinor: number;
  cashMinor: number;
  fundingSourceId: number;
  budgetLineId: number;
  /** The committee's conditions when left out. */
  conditions?: string | null;
};

export type DisplacementConfirmation = {
  status: DisplacementStatus;
  idpCertificateNumber?: string | null;
  idpCertificateDate?: string | null;
};

function requireMoneyRole(actor: CurrentUser) {
  if (!can(actor, "handleGrantMoney")) throw new GrantRefused("forbidden");
}

function staleAgreement(tx: Transaction, agreementId: number) {
  return () => lastAuditedChange(tx, "grant_agreement", "grant_agreement", agreementId);
}

function loadAgreement(tx: Transaction, agreementId: number): GrantAgreement {
  const agreement = tx.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, agreementId)).get();
  if (!agreement) throw new GrantRefused("not_found");
  return agreement;
}

// The approval the agreement is made from: the case's standing decision, approved, with the case
// waiting at the agreement stage.
function standingApproval(tx: Transaction, caseId: number) {
  const caseRow = tx.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get();
  if (!caseRow) throw new GrantRefused("not_found");
  const decision = latestDecision(tx, caseId);
  const approved =
    caseRow.status === "open" &&
    caseRow.stage === "grant_agreement" &&
    caseRow.decision === "approved" &&
    caseRow.approvedAmountMinor !== null &&
    decision !== undefined &&
    decision.reopenedAt === null &&
    decision.decision === "approved";
  if (!approved) throw new GrantRefused("no_standing_approval");
  const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  return { caseRow, decision, programme, approvedMinor: caseRow.approvedAmountMinor! };
}

// The source must fund the case's programme and the line must be the source's.
function checkFunding(tx: Transaction, programmeId: number, fundingSourceId: number, budgetLineId: number) {
  const link = tx
    .select({ source: schema.fundingSources })
    .from(schema.programmeFundingSources)
    .innerJoin(schema.fundingSources, eq(schema.fundingSources.id, schema.programmeFundingSources.fundingSourceId))
    .where(and(eq(schema.programmeFundingSources.programmeId, programmeId), eq(schema.programmeFundingSources.fundingSourceId, fundingSourceId)))
    .get();
  if (!link) throw new GrantRefused("source_not_for_programme", {}, "fundingSourceId");
  const line = tx.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.id, budgetLineId)).get();
  if (!line || line.fundingSourceId !== fundingSourceId) throw new GrantRefused("line_not_in_source", {}, "budgetLineId");
  return { source: link.source, line };
}

// Within the approved amount and the ceiling, compared in the programme's currency with the rate
// of `on` when the agreement is in another currency (§5).
function checkTerms(tx: Transaction, input: AgreementInput, limits: { approvedMinor: number; programme: typeof schema.programmes.$inferSelect }, on: string) {
  const shape = checkAgreementTerms(input, { approvedMinor: Number.MAX_SAFE_INTEGER, ceilingMinor: Number.MAX_SAFE_INTEGER, amountInProgrammeCurrencyMinor: 0 });
  if (shape.length) throw new GrantRefused(shape[0].code, shape[0].details ?? {}, shape[0].field);
  const inProgrammeCurrency = convertOn(tx, input.amountMinor, input.currency, limits.programme.currency, on).amountMinor;
  const problems = checkAgreementTerms(input, {
    approvedMinor: limits.approvedMinor,
    ceilingMinor: limits.programme.grantCeilingMinor,
    amountInProgrammeCurrencyMinor: inProgrammeCurrency,
  });
  if (problems.length) {
    throw new GrantRefused(problems[0].code, { ...problems[0].details, currency: limits.programme.currency, amountInProgrammeCurrencyMinor: inProgrammeCurrency }, problems[0].field);
  }
}

/** A draft agreement from the case's standing approval; numbered in the programme's yearly sequence. */
export function createAgreement(actor: CurrentUser, caseId: number, input: AgreementInput, on: string = kyivToday()) {
  requireMoneyRole(actor);
  return db.transaction((tx) => {
    const { caseRow, decision, programme, approvedMinor } = standingApproval(tx, caseId);
    const live = tx
      .select({ id: schema.grantAgreements.id })
      .from(schema.grantAgreements)
      .where(and(eq(schema.grantAgreements.caseId, caseId), ne(schema.grantAgreements.status, "cancelled")))
      .get();
    if (live) throw new GrantRefused("agreement_exists", { agreementId: live.id });
    checkFunding(tx, programme.id, input.fundingSourceId, input.budgetLineId);
    checkTerms(tx, input, { approvedMinor, programme }, on);

    const year = Number(on.slice(0, 4));
    const last = tx
      .select({ sequence: max(schema.grantAgreements.sequence) })
      .from(schema.grantAgreements)
      .where(and(eq(schema.grantAgreements.programmeId, programme.id), eq(schema.grantAgreements.year, year)))
      .get();
    const sequence = (last?.sequence ?? 0) + 1;
    const agreement = tx
      .insert(schema.grantAgreements)
      .values({
        programmeId: programme.id,
        caseId,
        decisionId: decision.id,
        number: agreementNumber(programme.code, year, sequence),
        year,
        sequence,
        currency: input.currency,
        amountMinor: input.amountMinor,
        inKindMinor: input.inKindMinor,
        cashMinor: input.cashMinor,
        fundingSourceId: input.fundingSourceId,
        budgetLineId: input.budgetLineId,
        conditions: input.conditions === undefined ? decision.conditions : input.conditions,
        createdByUserId: actor.id,
      })
      .returning()
      .get();
    recordAudit(tx, { userId: actor.id, action: "create", entityType: "grant_agreement", entityId: agreement.id, caseId: caseRow.id, after: agreement });
    return agreement;
  });
}

/** Changes the terms of a draft read at `version`. */
export function updateDraftAgreement(actor: CurrentUser, agreementId: number, input: AgreementInput & { version: number }, on: string = kyivToday()) {
  requireMoneyRole(actor);
  return db.transaction((tx) => {
    const before = loadAgreement(tx, agreementId);
    assertVersion(before.version, input.version, staleAgreement(tx, agreementId));
    if (before.status !== "draft") throw new GrantRefused("wrong_agreement_status", { status: before.status });
    const { approvedMinor, programme } = standingApproval(tx, before.caseId);
    checkFunding(tx, programme.id, input.fundingSourceId, input.budgetLineId);
    checkTerms(tx, input, { approvedMinor, programme }, on);
    const { version, ...terms } = input;
    const values = { ...terms, conditions: terms.conditions ?? null };
    const result = tx
      .update(schema.grantAgreements)
      .set({ ...values, version: version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.grantAgreements.id, agreementId), eq(schema.grantAgreements.version, version)))
      .run();
    assertCompareAndSet(result, staleAgreement(tx, agreementId));
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "grant_agreement", entityId: agreementId, caseId: before.caseId, before, after: values });
    return loadAgreement(tx, agreementId);
  });
}

/** A draft that will not be signed (wrong terms, a reopened decision) is cancelled, not deleted. */
export function cancelDraftAgreement(actor: CurrentUser, agreementId: number, input: { version: number; reason: string }) {
  requireMoneyRole(actor);
  if (input.reason.trim() === "") throw new GrantRefused("reason_required", {}, "reason");
  db.transaction((tx) => {
    const before = loadAgreement(tx, agreementId);
    assertVersion(before.version, input.version, staleAgreement(tx, agreementId));
    if (before.status !== "draft") throw new GrantRefused("wrong_agreement_status", { status: before.status });
    const result = tx
      .update(schema.grantAgreements)
      .set({ status: "cancelled", closingReason: input.reason, version: input.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.grantAgreements.id, agreementId), eq(schema.grantAgreements.version, input.version)))
      .run();
    assertCompareAndSet(result, staleAgreement(tx, agreementId));
    recordAudit(tx, { userId: actor.id, action: "cancel", entityType: "grant_agreement", entityId: agreementId, caseId: before.caseId, after: { status: "cancelled", reason: input.reason } });
  });
}

/**
 * The tranche plan of a draft: amounts that add up to the cash part on increasing dates, each
 * with the requirements to verify before it may be requested. Replaces the draft's plan.
 */
export function setTranchePlan(actor: CurrentUser, agreementId: number, input: { version: number; tranches: PlannedTranche[] }) {
  requireMoneyRole(actor);
  return db.transaction((tx) => {
    const agreement = loadAgreement(tx, agreementId);
    assertVersion(agreement.version, input.version, staleAgreement(tx, agreementId));
    if (agreement.status !== "draft") throw new GrantRefused("wrong_agreement_status", { status: agreement.status });
    const problems = checkTranchePlan(agreement.cashMinor, input.tranches);
    if (problems.length) throw new GrantRefused(problems[0].code, problems[0].details ?? {}, problems[0].field);

    const result = tx
      .update(schema.grantAgreements)
      .set({ version: input.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.grantAgreements.id, agreementId), eq(schema.grantAgreements.version, input.version)))
      .run();
    assertCompareAndSet(result, staleAgreement(tx, agreementId));
    const before = tranchesOf(tx, agreementId);
    if (before.length) {
      const ids = before.map((tranche) => tranche.id);
      tx.delete(schema.grantTrancheRequirements).where(inArray(schema.grantTrancheRequirements.trancheId, ids)).run();
      tx.delete(schema.grantTranches).where(inArray(schema.grantTranches.id, ids)).run();
    }
    const plan = normaliseTranchePlan(input.tranches);
    for (const planned of plan) {
      const tranche = tx
        .insert(schema.grantTranches)
        .values({ agreementId, sequence: planned.sequence, amountMinor: planned.amountMinor, plannedOn: planned.plannedOn })
        .returning()
        .get();
      planned.requirements.forEach((text, index) => {
        tx.insert(schema.grantTrancheRequirements).values({ trancheId: tranche.id, position: index + 1, text }).run();
      });
    }
    recordAudit(tx, {
      userId: actor.id,
      action: "update",
      entityType: "grant_agreement",
      entityId: agreementId,
      caseId: agreement.caseId,
      before: { tranches: before.map(({ sequence, amountMinor, plannedOn }) => ({ sequence, amountMinor, plannedOn })) },
      after: { tranches: plan },
    });
    return plan;
  });
}

/**
 * Signs a draft read at `version` (§9): the approval still stands, the terms still hold with the
 * rate of the signing date, the tranche plan pays the cash part, the date is in the funding
 * period, the officer has confirmed the current displacement status (kept in the history as the
 * status at grant, §2), and the budget line has enough left for the commitment.
 */
export function signAgreement(actor: CurrentUser, agreementId: number, input: { version: number; signedOn: string; displacement: DisplacementConfirmation }) {
  requireMoneyRole(actor);
  return db.transaction((tx) => {
    const agreement = loadAgreement(tx, agreementId);
    assertVersion(agreement.version, input.version, staleAgreement(tx, agreementId));
    if (agreement.status !== "draft") throw new GrantRefused("wrong_agreement_status", { status: agreement.status });
    const { caseRow, decision, programme, approvedMinor } = standingApproval(tx, agreement.caseId);
    if (decision.id !== agreement.decisionId) throw new GrantRefused("no_standing_approval");
    const { source, line } = checkFunding(tx, programme.id, agreement.fundingSourceId, agreement.budgetLineId);
    checkTerms(tx, agreement, { approvedMinor, programme }, input.signedOn);
    const plan = tranchesOf(tx, agreementId).map((tranche) => ({ amountMinor: tranche.amountMinor, plannedOn: tranche.plannedOn, requirements: [] }));
    const planProblems = checkTranchePlan(agreement.cashMinor, plan);
    if (planProblems.length) throw new GrantRefused(planProblems[0].code, planProblems[0].details ?? {}, "tranches");
    if (!withinPeriod(input.signedOn, source)) {
      throw new GrantRefused("outside_funding_period", { periodStart: source.periodStart, periodEnd: source.periodEnd }, "signedOn");
    }
    const { displacement } = input;
    if (displacement.status === "idp" && (!displacement.idpCertificateNumber || !displacement.idpCertificateDate)) {
      throw new GrantRefused("idp_certificate_required", {}, displacement.idpCertificateNumber ? "idpCertificateDate" : "idpCertificateNumber");
    }

    // The commitment, in the line's currency with the rate of the signing date (§9).
    const commitmentLine = convertOn(tx, agreement.amountMinor, agreement.currency, source.currency, input.signedOn);
    const reporting = convertOn(tx, agreement.amountMinor, agreement.currency, programme.currency, input.signedOn);
    const { balance } = budgetLineBalanceOf(tx, line.id);
    const fits = checkCommitment(balance, commitmentLine.amountMinor);
    if (!fits.ok) {
      throw new GrantRefused(fits.code, { leftMinor: fits.leftMinor, currency: source.currency, lineCode: line.code, neededMinor: commitmentLine.amountMinor }, "budgetLineId");
    }

    const result = tx
      .update(schema.grantAgreements)
      .set({ status: "signed", signedOn: input.signedOn, signedByUserId: actor.id, version: input.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.grantAgreements.id, agreementId), eq(schema.grantAgreements.version, input.version)))
      .run();
    assertCompareAndSet(result, staleAgreement(tx, agreementId));
    recordCommitment(tx, actor, agreementId, input.signedOn, { line: commitmentLine, reporting });

    // The displacement history keeps the status at grant; the case carries the latest for lists.
    const latest = tx
      .select()
      .from(schema.displacementRecords)
      .where(eq(schema.displacementRecords.personId, caseRow.personId))
      .orderBy(desc(schema.displacementRecords.id))
      .get();
    const record = tx
      .insert(schema.displacementRecords)
      .values({
        personId: caseRow.personId,
        caseId: caseRow.id,
        context: "grant",
        recordedOn: input.signedOn,
        status: displacement.status,
        idpCertificateNumber: displacement.status === "idp" ? (displacement.idpCertificateNumber ?? null) : null,
        idpCertificateDate: displacement.status === "idp" ? (displacement.idpCertificateDate ?? null) : null,
        currentOblastPcode: latest?.currentOblastPcode ?? null,
        currentHromadaPcode: latest?.currentHromadaPcode ?? null,
        originOblastPcode: latest?.originOblastPcode ?? null,
        originHromadaPcode: latest?.originHromadaPcode ?? null,
        recordedByUserId: actor.id,
      })
      .returning()
      .get();
    if (caseRow.displacementStatus !== displacement.status) {
      tx.update(schema.cases)
        .set({ displacementStatus: displacement.status, version: caseRow.version + 1, updatedAt: new Date().toISOString() })
        .where(eq(schema.cases.id, caseRow.id))
        .run();
    }
    moveCase(tx, actor, caseRow.id, { type: "sign_agreement" }, { agreementId, number: agreement.number });
    recordAudit(tx, {
      userId: actor.id,
      action: "sign",
      entityType: "grant_agreement",
      entityId: agreementId,
      caseId: caseRow.id,
      before: { status: "draft", displacementStatus: caseRow.displacementStatus },
      after: { status: "signed", signedOn: input.signedOn, displacementRecordId: record.id, displacementStatus: displacement.status },
    });
    return loadAgreement(tx, agreementId);
  });
}

/**
 * Withdrawal after the grant (§9: the business never started, the beneficiary left): the tranches
 * not yet paid are cancelled, what was committed and not paid goes back to the budget line, and
 * the case is withdrawn. Equipment recovery is recorded by the in-kind part. A grant that has a
 * time origin stays in the outcome cohort: the cohort is every agreement with a time origin,
 * whatever its status.
 */
export function withdrawAfterGrant(actor: CurrentUser, agreementId: number, input: { version: number; withdrawnOn: string; reason: string }) {
  requireMoneyRole(actor);
  if (input.reason.trim() === "") throw new GrantRefused("reason_required", {}, "reason");
  return db.transaction((tx) => {
    const agreement = loadAgreement(tx, agreementId);
    assertVersion(agreement.version, input.version, staleAgreement(tx, agreementId));
    if (agreement.status !== "signed" && agreement.status !== "completed") throw new GrantRefused("wrong_agreement_status", { status: agreement.status });

    const cancelled: number[] = [];
    for (const tranche of tranchesOf(tx, agreementId)) {
      if (tranche.state === "paid" || tranche.state === "cancelled") continue;
      const facts = { state: tranche.state, requestedByUserId: tranche.requestedByUserId, approvedByUserId: tranche.approvedByUserId, agreementStatus: agreement.status, requirementsMet: true, earlierTranchesSettled: true };
      const decision = decide(facts, { type: "cancel", reason: input.reason }, actor);
      if (!decision.ok) throw new GrantRefused(decision.error);
      tx.update(schema.grantTranches)
        .set({ state: "cancelled", cancelledReason: input.reason, version: tranche.version + 1, updatedAt: new Date().toISOString() })
        .where(eq(schema.grantTranches.id, tranche.id))
        .run();
      recordAudit(tx, { userId: actor.id, action: "cancel", entityType: "tranche", entityId: tranche.id, caseId: agreement.caseId, before: { state: tranche.state }, after: { state: "cancelled", reason: input.reason } });
      cancelled.push(tranche.id);
    }
    const balance = agreementBalance(entriesOf(tx, agreementId));
    const released = releaseCommitment(tx, actor, agreementId, balance.leftToPayMinor, `withdrawal: ${input.reason}`, input.withdrawnOn);

    const result = tx
      .update(schema.grantAgreements)
      .set({ status: "withdrawn", withdrawnOn: input.withdrawnOn, closingReason: input.reason, version: input.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.grantAgreements.id, agreementId), eq(schema.grantAgreements.version, input.version)))
      .run();
    assertCompareAndSet(result, staleAgreement(tx, agreementId));
    const caseRow = tx.select({ status: schema.cases.status }).from(schema.cases).where(eq(schema.cases.id, agreement.caseId)).get()!;
    if (caseRow.status === "open" || caseRow.status === "waitlisted") {
      moveCase(tx, actor, agreement.caseId, { type: "withdraw", reason: input.reason }, { reason: input.reason, agreementId });
    }
    recordAudit(tx, {
      userId: actor.id,
      action: "withdraw",
      entityType: "grant_agreement",
      entityId: agreementId,
      caseId: agreement.caseId,
      before: { status: agreement.status },
      after: { status: "withdrawn", withdrawnOn: input.withdrawnOn, reason: input.reason, cancelledTranches: cancelled, releasedMinor: released ? -released.amountMinor : 0 },
    });
    return loadAgreement(tx, agreementId);
  });
}

export function tranchesOf(tx: Transaction | typeof db, agreementId: number) {
  return tx.select().from(schema.grantTranches).where(eq(schema.grantTranches.agreementId, agreementId)).orderBy(asc(schema.grantTranches.sequence)).all();
}

/**
 * Everything the case page shows of the grant: the live agreement (or the latest cancelled
 * draft), its tranches with requirements and payments, the ledger and the balance.
 */
export function agreementFile(caseId: number) {
  const agreement = db
    .select()
    .from(schema.grantAgreements)
    .where(eq(schema.grantAgreements.caseId, caseId))
    .orderBy(desc(schema.grantAgreements.id))
    .get();
  if (!agreement) return null;
  const tranches = tranchesOf(db, agreement.id);
  const trancheIds = tranches.map((tranche) => tranche.id);
  const requirements = trancheIds.length
    ? db.select().from(schema.grantTrancheRequirements).where(inArray(schema.grantTrancheRequirements.trancheId, trancheIds)).orderBy(asc(schema.grantTrancheRequirements.position)).all()
    : [];
  const payments = trancheIds.length
    ? db.select().from(schema.grantPayments).where(inArray(schema.grantPayments.trancheId, trancheIds)).orderBy(asc(schema.grantPayments.id)).all()
    : [];
  const ledger = entriesOf(db, agreement.id);
  return {
    agreement,
    tranches: tranches.map((tranche) => ({
      ...tranche,
      requirements: requirements.filter((requirement) => requirement.trancheId === tranche.id),
      payments: payments.filter((payment) => payment.trancheId === tranche.id),
    })),
    ledger,
    balance: agreementBalance(ledger),
  };
}
