// Property (domain.md §9) through the database layer: random sequences of requests, approvals,
// payments, failures, retries, returns and withdrawals by officers, admins, mentors, reviewers
// and evaluators, run through the server commands and the pure reference model in lockstep. The
// server must accept and refuse exactly what the model does, and the stored rows must never pay
// more than agreed, pay a tranche twice, let a requester approve their own tranche, or change a
// paid tranche, a payment or a ledger entry.
import { eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { withdrawAfterGrant } from "~/modules/grants/agreements.server";
import { GrantRefused } from "~/modules/grants/grant-errors";
import { recordReversal } from "~/modules/grants/ledger.server";
import { approveTranche, cancelTranche, declineTranche, recordPayment, requestTranche, verifyRequirement } from "~/modules/grants/tranches.server";
import { createTestOrganisations, createTestProgramme, createTestUser, type TestUser } from "../helpers/foundation";
import { applyCommand, commandArbitrary, newGrantModel, returnAmount, type GrantCommand, type GrantModel, type Outcome } from "../helpers/grants-model";
import { approvedCase, createTestFundingSource, currentAgreementVersion, ledgerRows, requirementRows, signedAgreement, trancheRows, trancheVersion } from "../helpers/grants";

let programme: ReturnType<typeof createTestProgramme>;
let lineId: number;
let sourceId: number;
let actors: TestUser[];
let mentor: TestUser;

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  programme = createTestProgramme({ code: "PROP", currency: "UAH", grantCeilingMinor: 1_000_000_00 });
  const officerA = await createTestUser("officer", { organisationId: agency.id });
  const officerB = await createTestUser("officer", { organisationId: agency.id });
  const admin = await createTestUser("admin", { organisationId: agency.id });
  mentor = await createTestUser("mentor", { organisationId: partnerA.id });
  const otherMentor = await createTestUser("mentor", { organisationId: partnerA.id });
  const evaluator = await createTestUser("evaluator", { organisationId: agency.id });
  const reviewer = await createTestUser("reviewer", { organisationId: agency.id });
  // The money roles first, as commandArbitrary expects.
  actors = [officerA, officerB, admin, mentor, otherMentor, evaluator, reviewer];
  const { source, lines } = createTestFundingSource(admin, [programme.id], { totalMinor: 100_000_000_00, budgetLines: [{ code: "P", name: "Property grants", amountMinor: 100_000_000_00 }] });
  sourceId = source.id;
  lineId = lines[0].id;
});

type Grant = { agreementId: number; trancheIds: number[] };

function newGrant(amounts: number[]): Grant {
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  const kase = approvedCase({ programmeId: programme.id, approvedMinor: total, mentorId: mentor.id });
  const agreement = signedAgreement(
    actors[0],
    kase.caseId,
    { currency: "UAH", amountMinor: total, inKindMinor: 0, cashMinor: total, fundingSourceId: sourceId, budgetLineId: lineId },
    amounts.map((amountMinor, index) => ({ amountMinor, plannedOn: `2026-0${index + 3}-10`, requirements: index === 0 ? [] : ["Receipts of the tranche before, verified at a visit"] })),
  );
  return { agreementId: agreement.id, trancheIds: trancheRows(agreement.id).map((tranche) => tranche.id) };
}

function outcomeOf(action: () => unknown): Outcome {
  try {
    action();
    return { ok: true };
  } catch (error) {
    if (error instanceof GrantRefused) return { ok: false, code: error.code };
    throw error;
  }
}

// The same command through the server, with the versions the page would have just read.
function runOnServer(grant: Grant, model: GrantModel, command: GrantCommand): Outcome {
  const actor: CurrentUser = actors[command.actor];
  const reason = "Property run";
  switch (command.type) {
    case "verify": {
      const [requirement] = requirementRows(grant.trancheIds[command.tranche]);
      if (!requirement) return { ok: "skipped" };
      return outcomeOf(() => verifyRequirement(actor, requirement.id, { version: requirement.version, evidenceNote: reason }));
    }
    case "return": {
      const chosen = returnAmount(model, command);
      if (!chosen) return { ok: "skipped" };
      const disbursements = ledgerRows(grant.agreementId).filter((entry) => entry.kind === "disbursement");
      const original = disbursements[command.pick % disbursements.length];
      return outcomeOf(() => recordReversal(actor, original.id, { kind: "return", amountMinor: chosen.amountMinor, effectiveOn: "2026-09-01", note: reason }));
    }
    case "withdraw":
      return outcomeOf(() => withdrawAfterGrant(actor, grant.agreementId, { version: currentAgreementVersion(grant.agreementId), withdrawnOn: "2026-09-02", reason }));
    default: {
      const trancheId = grant.trancheIds[command.tranche];
      const version = { version: trancheVersion(trancheId) };
      const payment = { paidOn: "2026-03-12", payerAccount: "UA21 3223 1300 0002 6007 2335 6600 1" };
      const calls = {
        request: () => requestTranche(actor, trancheId, version),
        approve: () => approveTranche(actor, trancheId, version),
        decline: () => declineTranche(actor, trancheId, { ...version, reason }),
        cancel: () => cancelTranche(actor, trancheId, { ...version, reason }),
        pay: () => recordPayment(actor, trancheId, { ...version, ...payment, outcome: "paid", bankReference: `PB-${trancheId}-${Date.now()}` }),
        fail: () => recordPayment(actor, trancheId, { ...version, ...payment, outcome: "failed", failureReason: "Returned by the bank" }),
      };
      return outcomeOf(calls[command.type]);
    }
  }
}

function storedState(grant: Grant) {
  const agreement = db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, grant.agreementId)).get()!;
  const tranches = trancheRows(grant.agreementId);
  const payments = db.select().from(schema.grantPayments).where(inArray(schema.grantPayments.trancheId, grant.trancheIds)).orderBy(schema.grantPayments.id).all();
  const ledger = ledgerRows(grant.agreementId);
  return { agreement, tranches, payments, ledger };
}

// The invariants of §9 on what is stored.
function brokenStored(state: ReturnType<typeof storedState>): string[] {
  const broken: string[] = [];
  const sum = (kinds: string[]) => state.ledger.filter((entry) => kinds.includes(entry.kind)).reduce((total, entry) => total + entry.amountMinor, 0);
  if (sum(["disbursement"]) > state.agreement.amountMinor) broken.push("disbursed more than agreed");
  const net = sum(["disbursement", "return", "correction"]);
  if (net < 0 || net > state.agreement.amountMinor) broken.push("net paid outside 0..agreed");
  for (const tranche of state.tranches) {
    const paid = state.payments.filter((payment) => payment.trancheId === tranche.id && payment.status === "paid").length;
    if (paid > 1) broken.push(`tranche ${tranche.sequence} paid twice`);
    if ((tranche.state === "paid") !== (paid === 1)) broken.push(`tranche ${tranche.sequence} is ${tranche.state} with ${paid} paid payments`);
    if (tranche.approvedByUserId !== null && tranche.approvedByUserId === tranche.requestedByUserId) broken.push(`tranche ${tranche.sequence} approved by its requester`);
  }
  for (const payment of state.payments.filter((row) => row.retryOfPaymentId !== null)) {
    const retried = state.payments.find((row) => row.id === payment.retryOfPaymentId);
    if (retried?.status !== "failed" || retried.trancheId !== payment.trancheId) broken.push(`payment ${payment.id} retries a payment that did not fail`);
  }
  return broken;
}

describe("the money of a cash grant through the database, whatever is done to it", () => {
  it("the server refuses exactly what the rules refuse, and what is stored keeps every invariant", () => {
    const amounts = fc.array(fc.integer({ min: 1, max: 50_000_00 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        amounts.chain((trancheAmounts) => fc.tuple(fc.constant(trancheAmounts), fc.array(commandArbitrary(trancheAmounts.length, 7, 3), { minLength: 10, maxLength: 40 }))),
        ([trancheAmounts, commands]) => {
          const grant = newGrant(trancheAmounts);
          const model = newGrantModel(trancheAmounts, mentor.id);
          const modelActors = actors.map((actor) => ({ id: actor.id, role: actor.role }));
          for (const command of commands) {
            const before = storedState(grant);
            const onServer = runOnServer(grant, model, command);
            const inModel = applyCommand(model, command, modelActors);
            expect({ command, outcome: onServer }).toEqual({ command, outcome: inModel });

            const after = storedState(grant);
            expect(brokenStored(after)).toEqual([]);
            expect(after.tranches.map((tranche) => tranche.state)).toEqual(model.tranches.map((tranche) => tranche.state));
            expect(after.agreement.status).toBe(model.agreementStatus);
            expect(after.payments.map((payment) => payment.status)).toEqual(model.payments.map((payment) => payment.status));
            // Append-only: every row stored before is still exactly as it was.
            expect(after.ledger.slice(0, before.ledger.length)).toEqual(before.ledger);
            expect(after.payments.slice(0, before.payments.length)).toEqual(before.payments);
            for (const paid of before.tranches.filter((tranche) => tranche.state === "paid")) {
              expect(after.tranches.find((tranche) => tranche.id === paid.id)).toEqual(paid);
            }
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 60_000);
});
