// Writing the append-only grant ledger (domain.md §9). Every entry is converted with the rate of
// its date into the budget line's currency (the funding source's) and the programme's reporting
// currency, and checked here first (clear messages) and again by the database triggers of
// migration 0008 (last line). All functions run inside the caller's transaction.
import { asc, eq } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import type { LedgerEntryKind } from "../../../db/enums";
import { convertLike, type Conversion } from "./exchange-rate";
import { convertOn } from "./exchange-rates.server";
import { GrantRefused } from "./grant-errors";
import { agreementBalance, checkDisbursement, checkReversal, type GrantModality } from "./ledger";
import { setTimeOrigin, type GrantAgreement } from "./time-origin.server";

export type LedgerEntry = typeof schema.grantLedgerEntries.$inferSelect;

type AgreementContext = {
  agreement: GrantAgreement;
  lineCurrency: LedgerEntry["lineCurrency"];
  reportingCurrency: LedgerEntry["reportingCurrency"];
};

export function loadAgreementContext(tx: Transaction | typeof db, agreementId: number): AgreementContext {
  const row = tx
    .select({ agreement: schema.grantAgreements, lineCurrency: schema.fundingSources.currency, reportingCurrency: schema.programmes.currency })
    .from(schema.grantAgreements)
    .innerJoin(schema.fundingSources, eq(schema.fundingSources.id, schema.grantAgreements.fundingSourceId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.grantAgreements.programmeId))
    .where(eq(schema.grantAgreements.id, agreementId))
    .get();
  if (!row) throw new GrantRefused("not_found");
  return row;
}

export function entriesOf(tx: Transaction | typeof db, agreementId: number): LedgerEntry[] {
  return tx.select().from(schema.grantLedgerEntries).where(eq(schema.grantLedgerEntries.agreementId, agreementId)).orderBy(asc(schema.grantLedgerEntries.id)).all();
}

export function agreementBalanceOf(tx: Transaction | typeof db, agreementId: number) {
  return agreementBalance(entriesOf(tx, agreementId));
}

type EntryFields = {
  kind: LedgerEntryKind;
  amountMinor: number;
  effectiveOn: string;
  modality?: GrantModality | null;
  line: Conversion;
  reporting: Conversion;
  paymentId?: number | null;
  actId?: number | null;
  reversesEntryId?: number | null;
  note?: string | null;
};

function insertEntry(tx: Transaction, actor: CurrentUser, context: AgreementContext, fields: EntryFields): LedgerEntry {
  const { agreement } = context;
  const entry = tx
    .insert(schema.grantLedgerEntries)
    .values({
      kind: fields.kind,
      agreementId: agreement.id,
      budgetLineId: agreement.budgetLineId,
      modality: fields.modality ?? null,
      effectiveOn: fields.effectiveOn,
      amountMinor: fields.amountMinor,
      currency: agreement.currency,
      lineCurrency: fields.line.currency,
      lineAmountMinor: fields.line.amountMinor,
      lineRateId: fields.line.rateId,
      lineRateMicros: fields.line.rateMicros,
      lineRateInverted: fields.line.inverted,
      reportingCurrency: fields.reporting.currency,
      reportingAmountMinor: fields.reporting.amountMinor,
      reportingRateId: fields.reporting.rateId,
      reportingRateMicros: fields.reporting.rateMicros,
      reportingRateInverted: fields.reporting.inverted,
      paymentId: fields.paymentId ?? null,
      actId: fields.actId ?? null,
      reversesEntryId: fields.reversesEntryId ?? null,
      note: fields.note ?? null,
      recordedByUserId: actor.id,
    })
    .returning()
    .get();
  const action = ({ commitment: "commit", release: "release", disbursement: "disburse", return: "return", correction: "update" } as const)[fields.kind];
  recordAudit(tx, { userId: actor.id, action, entityType: "ledger_entry", entityId: entry.id, caseId: agreement.caseId, after: entry });
  return entry;
}

/** Converts an amount of the agreement's currency with the rates of `on` (line and reporting). */
function conversionsOn(tx: Transaction, context: AgreementContext, amountMinor: number, on: string) {
  const from = context.agreement.currency;
  return {
    line: convertOn(tx, amountMinor, from, context.lineCurrency, on),
    reporting: convertOn(tx, amountMinor, from, context.reportingCurrency, on),
  };
}

/** The commitment of a signed agreement (agreements.server.ts checks the line's balance first). */
export function recordCommitment(tx: Transaction, actor: CurrentUser, agreementId: number, signedOn: string, conversions: { line: Conversion; reporting: Conversion }) {
  const context = loadAgreementContext(tx, agreementId);
  return insertEntry(tx, actor, context, { kind: "commitment", amountMinor: context.agreement.amountMinor, effectiveOn: signedOn, ...conversions });
}

export type DisbursementInput = {
  agreementId: number;
  modality: GrantModality;
  /** In the agreement's currency. */
  amountMinor: number;
  /** The day the beneficiary received it: the bank transfer's date or the act's handover date. */
  effectiveOn: string;
  paymentId?: number | null;
  actId?: number | null;
  note?: string | null;
};

/**
 * Money or goods reaching the beneficiary, disbursed against the agreement's budget line: within
 * the agreement's part for that modality and what it has left to pay (§9), with the rates of the
 * day. Sets the time origin if this is the earliest receipt, and completes the agreement once all
 * of it is disbursed. Used by cash payments and by the in-kind act of acceptance and transfer.
 */
export function recordDisbursement(tx: Transaction, actor: CurrentUser, input: DisbursementInput): LedgerEntry {
  if (!can(actor, "handleGrantMoney")) throw new GrantRefused("forbidden");
  if ((input.paymentId ?? null) === null && (input.actId ?? null) === null) throw new RangeError("A disbursement comes from a payment or an act");
  const context = loadAgreementContext(tx, input.agreementId);
  const { agreement } = context;
  if (agreement.status !== "signed") throw new GrantRefused("wrong_agreement_status", { status: agreement.status });
  const check = checkDisbursement(agreementBalanceOf(tx, agreement.id), agreement, input.modality, input.amountMinor);
  if (!check.ok) throw new GrantRefused(check.code, { leftMinor: check.leftMinor, currency: agreement.currency }, "amountMinor");
  const entry = insertEntry(tx, actor, context, {
    kind: "disbursement",
    amountMinor: input.amountMinor,
    effectiveOn: input.effectiveOn,
    modality: input.modality,
    ...conversionsOn(tx, context, input.amountMinor, input.effectiveOn),
    paymentId: input.paymentId,
    actId: input.actId,
    note: input.note,
  });
  setTimeOrigin(tx, actor, agreement.id, input.effectiveOn, input.modality === "cash" ? "first_cash_tranche" : "in_kind_handover");
  completeIfFullyDisbursed(tx, actor, agreement.id);
  return entry;
}

/**
 * Gives back part of the agreement's commitment to its budget line (money that will not be paid:
 * a withdrawal, a return, an in-kind purchase that cost less), converted exactly as the
 * commitment was so that a full release leaves the line as it was before.
 */
export function releaseCommitment(tx: Transaction, actor: CurrentUser, agreementId: number, amountMinor: number, reason: string, on: string): LedgerEntry | null {
  if (!can(actor, "handleGrantMoney")) throw new GrantRefused("forbidden");
  if (amountMinor === 0) return null;
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new GrantRefused("invalid_amount");
  const context = loadAgreementContext(tx, agreementId);
  const entries = entriesOf(tx, agreementId);
  const commitment = entries.find((entry) => entry.kind === "commitment");
  if (!commitment) throw new GrantRefused("wrong_agreement_status");
  const balance = agreementBalance(entries);
  if (amountMinor > balance.leftToPayMinor) throw new GrantRefused("beyond_agreement", { leftMinor: balance.leftToPayMinor, currency: context.agreement.currency });
  const like = (currency: LedgerEntry["currency"], rateId: number | null, rateMicros: number | null, inverted: boolean) =>
    convertLike(-amountMinor, { currency, rateId, rateMicros, inverted });
  return insertEntry(tx, actor, context, {
    kind: "release",
    amountMinor: -amountMinor,
    effectiveOn: on,
    line: like(commitment.lineCurrency, commitment.lineRateId, commitment.lineRateMicros, commitment.lineRateInverted),
    reporting: like(commitment.reportingCurrency, commitment.reportingRateId, commitment.reportingRateMicros, commitment.reportingRateInverted),
    note: reason,
  });
}

/** A signed agreement whose whole amount has been disbursed is completed. */
export function completeIfFullyDisbursed(tx: Transaction, actor: CurrentUser, agreementId: number) {
  const agreement = tx.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, agreementId)).get()!;
  if (agreement.status !== "signed") return false;
  if (agreementBalanceOf(tx, agreementId).disbursedGrossMinor < agreement.amountMinor) return false;
  tx.update(schema.grantAgreements)
    .set({ status: "completed", version: agreement.version + 1, updatedAt: new Date().toISOString() })
    .where(eq(schema.grantAgreements.id, agreementId))
    .run();
  recordAudit(tx, { userId: actor.id, action: "transition", entityType: "grant_agreement", entityId: agreementId, caseId: agreement.caseId, before: { status: "signed" }, after: { status: "completed" } });
  return true;
}

export type ReversalInput = {
  kind: "return" | "correction";
  /** The positive amount given back or corrected down, in the agreement's currency. */
  amountMinor: number;
  /** The day the money came back (its rate converts the entry). */
  effectiveOn: string;
  note: string;
};

/**
 * A return (the beneficiary gives money back) or a correction reverses part or all of a
 * disbursement as a new entry; the disbursement itself never changes (§9). The amount given back
 * is also released from the commitment: it will not be paid again.
 */
export function recordReversal(actor: CurrentUser, disbursementId: number, input: ReversalInput) {
  if (!can(actor, "handleGrantMoney")) throw new GrantRefused("forbidden");
  if (input.note.trim() === "") throw new GrantRefused("reason_required", {}, "note");
  return db.transaction((tx) => {
    const original = tx.select().from(schema.grantLedgerEntries).where(eq(schema.grantLedgerEntries.id, disbursementId)).get();
    if (!original) throw new GrantRefused("not_found");
    const entries = entriesOf(tx, original.agreementId);
    const check = checkReversal(original, entries, input.amountMinor);
    if (!check.ok) throw new GrantRefused(check.code, { leftMinor: check.leftMinor, currency: original.currency }, "amountMinor");
    const context = loadAgreementContext(tx, original.agreementId);
    const reversal = insertEntry(tx, actor, context, {
      kind: input.kind,
      amountMinor: -input.amountMinor,
      effectiveOn: input.effectiveOn,
      modality: original.modality,
      ...conversionsOn(tx, context, -input.amountMinor, input.effectiveOn),
      reversesEntryId: original.id,
      paymentId: original.paymentId,
      actId: original.actId,
      note: input.note,
    });
    releaseCommitment(tx, actor, original.agreementId, input.amountMinor, `${input.kind} of entry ${original.id}`, input.effectiveOn);
    return reversal;
  });
}

