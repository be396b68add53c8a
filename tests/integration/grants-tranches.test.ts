// Cash tranches against the migrated database (domain.md §9): requirements verified by the
// case's mentor, request and approval by two different people, payments paid, failed and
// retried, returns as reversing entries, the time origin, two tabs racing for one tranche, and
// the database guards that hold even when rows are written directly.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, sqlite } from "~/lib/db.server";
import { StaleRecordError } from "~/lib/stale-record.server";
import { agreementFile } from "~/modules/grants/agreements.server";
import { fundingSourceOverview } from "~/modules/grants/funding.server";
import { GrantRefused } from "~/modules/grants/grant-errors";
import { recordReversal } from "~/modules/grants/ledger.server";
import { approveTranche, cancelTranche, declineTranche, recordPayment, requestTranche, verifyRequirement } from "~/modules/grants/tranches.server";
import { auditCount, countRows, createTestOrganisations, createTestProgramme, createTestUser, type TestUser } from "../helpers/foundation";
import { approvedCase, createTestFundingSource, enterRate, ledgerRows, requirementRows, signedAgreement, trancheRows, trancheVersion } from "../helpers/grants";

let programme: ReturnType<typeof createTestProgramme>;
const user = {} as Record<"admin" | "officer" | "officerB" | "mentor" | "otherMentor" | "evaluator" | "reviewer", TestUser>;
let partnerId: number;

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  partnerId = partnerA.id;
  programme = createTestProgramme({ code: "CASH", currency: "EUR", grantCeilingMinor: 7_000_00 });
  user.admin = await createTestUser("admin", { organisationId: agency.id });
  user.officer = await createTestUser("officer", { organisationId: agency.id });
  user.officerB = await createTestUser("officer", { organisationId: agency.id });
  user.mentor = await createTestUser("mentor", { organisationId: partnerA.id });
  user.otherMentor = await createTestUser("mentor", { organisationId: partnerA.id });
  user.evaluator = await createTestUser("evaluator", { organisationId: agency.id });
  user.reviewer = await createTestUser("reviewer", { organisationId: agency.id });
  // A hryvnia grant, a euro programme (its reporting currency) and a USD donor.
  for (const [date, eur, usd] of [
    ["2026-03-02", 45_000_000, 41_000_000],
    ["2026-03-12", 45_500_000, 41_200_000],
    ["2026-06-15", 46_000_000, 41_500_000],
    ["2026-06-20", 46_100_000, 41_600_000],
  ] as const) {
    enterRate(user.officer, date, "EUR", "UAH", eur);
    enterRate(user.officer, date, "USD", "UAH", usd);
  }
});

function refusal(action: () => unknown): { code: string; details: Record<string, unknown>; field: string | null } {
  try {
    action();
  } catch (error) {
    if (error instanceof GrantRefused) return { code: error.code, details: error.details, field: error.field };
    throw error;
  }
  throw new Error("expected a refusal");
}

const payer = "UA21 3223 1300 0002 6007 2335 6600 1";

// A signed cash grant of 180,000 UAH in two tranches, the second released by the mentor's
// verification of the first tranche's receipts; charged to a USD donor's line.
function cashGrant() {
  const { source, lines } = createTestFundingSource(user.admin, [programme.id], { currency: "USD", totalMinor: 1_000_000_00, budgetLines: [{ code: "C", name: "Cash grants", amountMinor: 500_000_00 }] });
  const kase = approvedCase({ programmeId: programme.id, approvedMinor: 5_000_00, mentorId: user.mentor.id, partnerOrganisationId: partnerId });
  const agreement = signedAgreement(
    user.officer,
    kase.caseId,
    { currency: "UAH", amountMinor: 180_000_00, inKindMinor: 0, cashMinor: 180_000_00, fundingSourceId: source.id, budgetLineId: lines[0].id },
    [
      { amountMinor: 80_000_00, plannedOn: "2026-03-10", requirements: [] },
      { amountMinor: 100_000_00, plannedOn: "2026-06-10", requirements: ["Receipts for tranche 1 verified at a mentor visit", "Photos of the equipment bought"] },
    ],
  );
  const [first, second] = trancheRows(agreement.id);
  return { source, line: lines[0], caseId: kase.caseId, agreement, first, second };
}

const v = (trancheId: number) => ({ version: trancheVersion(trancheId) });

function pay(trancheId: number, paidOn = "2026-03-12", bankReference = `PB-${trancheId}`) {
  return recordPayment(user.officer, trancheId, { ...v(trancheId), outcome: "paid", paidOn, payerAccount: payer, bankReference });
}

function approveFirst(grant: ReturnType<typeof cashGrant>) {
  requestTranche(user.officer, grant.first.id, v(grant.first.id));
  approveTranche(user.officerB, grant.first.id, v(grant.first.id));
}

describe("requesting and approving a tranche", () => {
  it("the requester never approves; another officer does", () => {
    const grant = cashGrant();
    expect(requestTranche(user.officer, grant.first.id, v(grant.first.id))).toBe("requested");
    expect(refusal(() => approveTranche(user.officer, grant.first.id, v(grant.first.id)))).toMatchObject({ code: "approver_is_requester" });
    expect(approveTranche(user.officerB, grant.first.id, v(grant.first.id))).toBe("approved");
    expect(trancheRows(grant.agreement.id)[0]).toMatchObject({ state: "approved", requestedByUserId: user.officer.id, approvedByUserId: user.officerB.id });
    expect(auditCount(and(eq(schema.auditLog.entityType, "tranche"), eq(schema.auditLog.entityId, String(grant.first.id))))).toBe(2);
  });

  it("mentors, reviewers and evaluators may not request, approve, pay or cancel", () => {
    const grant = cashGrant();
    for (const actor of [user.mentor, user.reviewer, user.evaluator]) {
      expect(refusal(() => requestTranche(actor, grant.first.id, v(grant.first.id))).code).toBe("forbidden");
      expect(refusal(() => cancelTranche(actor, grant.first.id, { ...v(grant.first.id), reason: "x" })).code).toBe("forbidden");
    }
    approveFirst(grant);
    for (const actor of [user.mentor, user.reviewer, user.evaluator]) {
      expect(refusal(() => recordPayment(actor, grant.first.id, { ...v(grant.first.id), outcome: "paid", paidOn: "2026-03-12", payerAccount: payer, bankReference: "X" })).code).toBe("forbidden");
    }
    expect(countRows(schema.grantPayments, eq(schema.grantPayments.trancheId, grant.first.id))).toBe(0);
  });

  it("tranche 2 waits for tranche 1 to be paid and for its requirements to be verified", () => {
    const grant = cashGrant();
    expect(refusal(() => requestTranche(user.officer, grant.second.id, v(grant.second.id))).code).toBe("earlier_tranche_unpaid");
    approveFirst(grant);
    pay(grant.first.id);
    expect(refusal(() => requestTranche(user.officer, grant.second.id, v(grant.second.id))).code).toBe("requirements_not_met");
    const [receipts, photos] = requirementRows(grant.second.id);
    verifyRequirement(user.mentor, receipts.id, { version: receipts.version, evidenceNote: "12 receipts, 78,900 UAH, checked at the visit of 14 June", visitId: 41 });
    expect(refusal(() => requestTranche(user.officer, grant.second.id, v(grant.second.id))).code).toBe("requirements_not_met");
    verifyRequirement(user.officer, photos.id, { version: photos.version, evidenceNote: "Photos in the case file" });
    expect(requestTranche(user.officerB, grant.second.id, v(grant.second.id))).toBe("requested");
    expect(requirementRows(grant.second.id).map(({ verifiedByUserId, visitId }) => ({ verifiedByUserId, visitId }))).toEqual([
      { verifiedByUserId: user.mentor.id, visitId: 41 },
      { verifiedByUserId: user.officer.id, visitId: null },
    ]);
  });

  it("a decline sends the request back with its reason; a cancel ends the tranche", () => {
    const grant = cashGrant();
    requestTranche(user.officer, grant.first.id, v(grant.first.id));
    expect(refusal(() => declineTranche(user.officerB, grant.first.id, { ...v(grant.first.id), reason: "" })).code).toBe("reason_required");
    expect(declineTranche(user.officerB, grant.first.id, { ...v(grant.first.id), reason: "Bank details missing" })).toBe("planned");
    expect(trancheRows(grant.agreement.id)[0]).toMatchObject({ state: "planned", requestedByUserId: null, requestedAt: null });
    // After a decline the same officer may request again, and now the other one may approve.
    requestTranche(user.officerB, grant.first.id, v(grant.first.id));
    expect(approveTranche(user.officer, grant.first.id, v(grant.first.id))).toBe("approved");
    expect(cancelTranche(user.officer, grant.first.id, { ...v(grant.first.id), reason: "Business closed" })).toBe("cancelled");
    expect(refusal(() => pay(grant.first.id)).code).toBe("wrong_tranche_state");
  });
});

describe("verifying requirements", () => {
  it("only the case's own mentor or an officer verifies, with evidence, once", () => {
    const grant = cashGrant();
    const [receipts] = requirementRows(grant.second.id);
    const input = { version: receipts.version, evidenceNote: "Receipts seen" };
    expect(refusal(() => verifyRequirement(user.otherMentor, receipts.id, input)).code).toBe("not_case_mentor");
    expect(refusal(() => verifyRequirement(user.evaluator, receipts.id, input)).code).toBe("forbidden");
    expect(refusal(() => verifyRequirement(user.reviewer, receipts.id, input)).code).toBe("forbidden");
    expect(refusal(() => verifyRequirement(user.mentor, receipts.id, { ...input, evidenceNote: "  " })).code).toBe("reason_required");
    verifyRequirement(user.mentor, receipts.id, input);
    expect(() => verifyRequirement(user.officer, receipts.id, input)).toThrow(StaleRecordError);
    expect(refusal(() => verifyRequirement(user.officer, receipts.id, { ...input, version: receipts.version + 1 })).code).toBe("already_verified");
    expect(auditCount(and(eq(schema.auditLog.action, "verify"), eq(schema.auditLog.entityId, String(receipts.id))))).toBe(1);
  });
});

describe("payments", () => {
  it("a paid tranche disburses against the line with the rates of its date and sets the time origin", () => {
    const grant = cashGrant();
    approveFirst(grant);
    const payment = pay(grant.first.id, "2026-03-12", "PB-0001");
    expect(payment).toMatchObject({ status: "paid", amountMinor: 80_000_00, currency: "UAH", bankReference: "PB-0001", paidOn: "2026-03-12", payerAccount: payer, retryOfPaymentId: null });
    const disbursement = ledgerRows(grant.agreement.id).find((entry) => entry.kind === "disbursement")!;
    // 80,000 UAH / 41.2 = 1,941.747… USD → 1,941.75; / 45.5 = 1,758.241… EUR → 1,758.24
    expect(disbursement).toMatchObject({
      modality: "cash",
      amountMinor: 80_000_00,
      currency: "UAH",
      effectiveOn: "2026-03-12",
      lineCurrency: "USD",
      lineAmountMinor: 1_941_75,
      lineRateMicros: 41_200_000,
      lineRateInverted: true,
      reportingCurrency: "EUR",
      reportingAmountMinor: 1_758_24,
      reportingRateMicros: 45_500_000,
      reportingRateInverted: true,
      paymentId: payment.id,
    });
    const agreement = agreementFile(grant.caseId)!.agreement;
    expect(agreement).toMatchObject({ timeOriginOn: "2026-03-12", timeOriginReason: "first_cash_tranche", status: "signed" });
    expect(db.select().from(schema.cases).where(eq(schema.cases.id, grant.caseId)).get()!.stage).toBe("follow_up");
    expect(auditCount(and(eq(schema.auditLog.action, "time_origin"), eq(schema.auditLog.caseId, grant.caseId)))).toBe(1);
    // Commitment 180,000 UAH at 41.0 = 4,390.24 USD; paid 1,941.75 USD.
    expect(fundingSourceOverview(grant.source.id)!.lines[0]).toMatchObject({ committedMinor: 4_390_24, disbursedMinor: 1_941_75, leftMinor: 500_000_00 - 4_390_24 });
  });

  it("a tranche is paid at most once: a second payment is refused, even from a fresh page", () => {
    const grant = cashGrant();
    approveFirst(grant);
    const staleVersion = trancheVersion(grant.first.id);
    pay(grant.first.id);
    expect(() => recordPayment(user.officer, grant.first.id, { version: staleVersion, outcome: "paid", paidOn: "2026-03-12", payerAccount: payer, bankReference: "PB-again" })).toThrow(StaleRecordError);
    expect(refusal(() => pay(grant.first.id, "2026-03-12", "PB-again")).code).toBe("already_paid");
    expect(countRows(schema.grantPayments, eq(schema.grantPayments.trancheId, grant.first.id))).toBe(1);
    expect(ledgerRows(grant.agreement.id).filter((entry) => entry.kind === "disbursement")).toHaveLength(1);
  });

  it("a failed payment is retried as a new payment pointing to it; the time origin is the paid date", () => {
    const grant = cashGrant();
    approveFirst(grant);
    const failed = recordPayment(user.officer, grant.first.id, { ...v(grant.first.id), outcome: "failed", paidOn: "2026-03-02", payerAccount: payer, failureReason: "Beneficiary account closed" });
    expect(failed).toMatchObject({ status: "failed", bankReference: null, failureReason: "Beneficiary account closed", retryOfPaymentId: null });
    expect(trancheRows(grant.agreement.id)[0].state).toBe("failed");
    expect(ledgerRows(grant.agreement.id).map((entry) => entry.kind)).toEqual(["commitment"]);
    expect(agreementFile(grant.caseId)!.agreement.timeOriginOn).toBeNull();
    const failedAgain = recordPayment(user.officer, grant.first.id, { ...v(grant.first.id), outcome: "failed", paidOn: "2026-03-12", payerAccount: payer, failureReason: "Name mismatch" });
    expect(failedAgain.retryOfPaymentId).toBe(failed.id);
    const retry = pay(grant.first.id, "2026-06-15", "PB-retry");
    expect(retry).toMatchObject({ status: "paid", retryOfPaymentId: failedAgain.id });
    expect(trancheRows(grant.agreement.id)[0].state).toBe("paid");
    expect(agreementFile(grant.caseId)!.agreement.timeOriginOn).toBe("2026-06-15");
  });

  it("refuses a payment whose date has no rate, naming the pair and the date, and stores nothing", () => {
    const grant = cashGrant();
    approveFirst(grant);
    const version = trancheVersion(grant.first.id);
    expect(refusal(() => pay(grant.first.id, "2026-03-13"))).toEqual({ code: "rate_missing", details: { baseCurrency: "USD", quoteCurrency: "UAH", on: "2026-03-13" }, field: null });
    expect(countRows(schema.grantPayments, eq(schema.grantPayments.trancheId, grant.first.id))).toBe(0);
    expect(trancheRows(grant.agreement.id)[0]).toMatchObject({ state: "approved", version });
  });

  it("refuses a payment without a bank reference or payer account", () => {
    const grant = cashGrant();
    approveFirst(grant);
    expect(refusal(() => recordPayment(user.officer, grant.first.id, { ...v(grant.first.id), outcome: "paid", paidOn: "2026-03-12", payerAccount: payer, bankReference: " " })).field).toBe("bankReference");
    expect(refusal(() => recordPayment(user.officer, grant.first.id, { ...v(grant.first.id), outcome: "failed", paidOn: "2026-03-12", payerAccount: "", failureReason: "x" })).field).toBe("payerAccount");
  });

  it("paying every tranche completes the agreement", () => {
    const grant = cashGrant();
    approveFirst(grant);
    pay(grant.first.id);
    for (const requirement of requirementRows(grant.second.id)) verifyRequirement(user.mentor, requirement.id, { version: requirement.version, evidenceNote: "Seen" });
    requestTranche(user.officerB, grant.second.id, v(grant.second.id));
    approveTranche(user.officer, grant.second.id, v(grant.second.id));
    pay(grant.second.id, "2026-06-20");
    const file = agreementFile(grant.caseId)!;
    expect(file.agreement).toMatchObject({ status: "completed", timeOriginOn: "2026-03-12" });
    expect(file.balance).toEqual({ committedMinor: 180_000_00, disbursedGrossMinor: 180_000_00, disbursedInKindMinor: 0, disbursedCashMinor: 180_000_00, paidNetMinor: 180_000_00, leftToPayMinor: 0 });
  });
});

describe("returns are reversing entries", () => {
  it("records a return against a disbursement and releases it; the paid entry never changes", () => {
    const grant = cashGrant();
    approveFirst(grant);
    const payment = pay(grant.first.id);
    const disbursement = ledgerRows(grant.agreement.id).find((entry) => entry.paymentId === payment.id)!;
    for (const actor of [user.mentor, user.evaluator]) {
      expect(refusal(() => recordReversal(actor, disbursement.id, { kind: "return", amountMinor: 1_000_00, effectiveOn: "2026-06-15", note: "Unused" })).code).toBe("forbidden");
    }
    expect(refusal(() => recordReversal(user.officer, disbursement.id, { kind: "return", amountMinor: 80_000_01, effectiveOn: "2026-06-15", note: "Too much" }))).toMatchObject({
      code: "reversal_beyond_entry",
      details: { leftMinor: 80_000_00, currency: "UAH" },
    });
    const returned = recordReversal(user.officer, disbursement.id, { kind: "return", amountMinor: 10_000_00, effectiveOn: "2026-06-15", note: "Unused funds returned" });
    // 10,000 UAH / 41.5 = 240.963… USD → −240.96 on the line.
    expect(returned).toMatchObject({ kind: "return", amountMinor: -10_000_00, lineAmountMinor: -240_96, reversesEntryId: disbursement.id, paymentId: payment.id, note: "Unused funds returned" });
    const kinds = ledgerRows(grant.agreement.id).map(({ kind, amountMinor }) => ({ kind, amountMinor }));
    expect(kinds).toEqual([
      { kind: "commitment", amountMinor: 180_000_00 },
      { kind: "disbursement", amountMinor: 80_000_00 },
      { kind: "return", amountMinor: -10_000_00 },
      { kind: "release", amountMinor: -10_000_00 },
    ]);
    expect(ledgerRows(grant.agreement.id).find((entry) => entry.id === disbursement.id)).toEqual(disbursement);
    expect(agreementFile(grant.caseId)!.balance).toMatchObject({ paidNetMinor: 70_000_00, committedMinor: 170_000_00, leftToPayMinor: 100_000_00 });
    expect(refusal(() => recordReversal(user.officer, returned.id, { kind: "return", amountMinor: 1, effectiveOn: "2026-06-15", note: "x" })).code).toBe("not_a_disbursement");
  });
});

describe("two tabs requesting the same tranche", () => {
  it("one wins; the other, read at the same version, is refused and nothing is written twice", () => {
    const grant = cashGrant();
    const readInTabA = trancheVersion(grant.first.id);
    const readInTabB = trancheVersion(grant.first.id);
    expect(requestTranche(user.officer, grant.first.id, { version: readInTabA })).toBe("requested");
    let change: unknown = null;
    try {
      requestTranche(user.officerB, grant.first.id, { version: readInTabB });
    } catch (error) {
      expect(error).toBeInstanceOf(StaleRecordError);
      change = (error as StaleRecordError).change;
    }
    expect(change).toMatchObject({ record: "tranche", action: "request" });
    expect(trancheRows(grant.agreement.id)[0]).toMatchObject({ state: "requested", requestedByUserId: user.officer.id, version: readInTabA + 1 });
    expect(auditCount(and(eq(schema.auditLog.action, "request"), eq(schema.auditLog.entityId, String(grant.first.id))))).toBe(1);
  });
});

describe("database guards", () => {
  it("the ledger and the payments are append-only; a paid tranche never changes", () => {
    const grant = cashGrant();
    approveFirst(grant);
    const payment = pay(grant.first.id);
    const [commitment] = ledgerRows(grant.agreement.id);
    expect(() => sqlite.prepare("update grant_ledger_entries set amount_minor = 1 where id = ?").run(commitment.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare("delete from grant_ledger_entries where id = ?").run(commitment.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare("update grant_payments set bank_reference = 'X' where id = ?").run(payment.id)).toThrow(/never changed/);
    expect(() => sqlite.prepare("delete from grant_payments where id = ?").run(payment.id)).toThrow(/never deleted/);
    expect(() => sqlite.prepare("update grant_tranches set state = 'cancelled' where id = ?").run(grant.first.id)).toThrow(/paid tranche never changes/);
    expect(() => sqlite.prepare("delete from grant_tranches where id = ?").run(grant.first.id)).toThrow(/paid tranche is never deleted|plan of a signed agreement is fixed/);
  });

  it("refuses a second payment of a tranche, a retry of a payment that did not fail, and a payment of an unapproved tranche", () => {
    const grant = cashGrant();
    approveFirst(grant);
    const payment = pay(grant.first.id);
    const insert = sqlite.prepare("insert into grant_payments (tranche_id, amount_minor, currency, status, bank_reference, paid_on, payer_account, retry_of_payment_id) values (?, ?, 'UAH', ?, 'B', '2026-03-12', 'A', ?)");
    expect(() => insert.run(grant.first.id, 80_000_00, "paid", null)).toThrow();
    expect(() => insert.run(grant.first.id, 80_000_00, "paid", payment.id)).toThrow();
    expect(() => insert.run(grant.second.id, 100_000_00, "paid", null)).toThrow(/not approved/);
    expect(countRows(schema.grantPayments, eq(schema.grantPayments.trancheId, grant.first.id))).toBe(1);
  });

  it("refuses approver = requester, a paid tranche without a payment, and a payment for another amount", () => {
    const grant = cashGrant();
    expect(() => sqlite.prepare("update grant_tranches set state = 'approved', requested_by_user_id = ?, approved_by_user_id = ? where id = ?").run(user.officer.id, user.officer.id, grant.first.id)).toThrow(/CHECK constraint failed: grant_tranches_four_eyes_check/);
    expect(() => sqlite.prepare("update grant_tranches set state = 'paid', requested_by_user_id = ?, approved_by_user_id = ? where id = ?").run(user.officer.id, user.officerB.id, grant.first.id)).toThrow(/paid only with a paid payment/);
    approveFirst(grant);
    expect(() => sqlite.prepare("insert into grant_payments (tranche_id, amount_minor, currency, status, bank_reference, paid_on, payer_account) values (?, 1, 'UAH', 'paid', 'B', '2026-03-12', 'A')").run(grant.first.id)).toThrow(/tranche's amount/);
  });

  it("refuses ledger entries past the budget line or the agreement, written directly", () => {
    const grant = cashGrant();
    const entry = (kind: string, amount: number, lineAmount: number) =>
      sqlite
        .prepare("insert into grant_ledger_entries (kind, agreement_id, budget_line_id, effective_on, amount_minor, currency, line_currency, line_amount_minor, reporting_currency, reporting_amount_minor, payment_id, act_id, reverses_entry_id) values (?, ?, ?, '2026-03-12', ?, 'UAH', 'USD', ?, 'EUR', 0, NULL, ?, ?)")
        .run(kind, grant.agreement.id, grant.line.id, amount, lineAmount, kind === "disbursement" ? 999_001 : null, kind === "return" ? ledgerRows(grant.agreement.id)[0].id : null);
    expect(() => entry("commitment", 1, 500_000_00)).toThrow(/beyond what the budget line has left/);
    expect(() => entry("disbursement", 180_000_01, 1)).toThrow(/paid beyond the agreement/);
    expect(() => entry("return", -1, -1)).toThrow(/returned more than was paid/);
    expect(() => entry("release", -180_000_01, -1)).toThrow(/release beyond/);
    expect(ledgerRows(grant.agreement.id)).toHaveLength(1);
  });
});
