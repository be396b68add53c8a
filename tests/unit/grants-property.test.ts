// Property (domain.md §9): no sequence of requests, approvals, payments, failures, retries,
// returns and withdrawals, by anyone, pays more than agreed, pays a tranche twice, lets a
// requester approve their own tranche, or changes a paid tranche or a ledger entry. Run against
// the pure rules; tests/integration/grants-property.test.ts runs the same against the database.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCommand, brokenInvariants, commandArbitrary, newGrantModel, type ModelActor } from "../helpers/grants-model";

const actors: ModelActor[] = [
  { id: 1, role: "officer" },
  { id: 2, role: "officer" },
  { id: 3, role: "admin" },
  { id: 4, role: "mentor" },
  { id: 5, role: "mentor" },
  { id: 6, role: "evaluator" },
  { id: 7, role: "reviewer" },
];
const mentorId = 4;

const trancheAmounts = fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 3 });

describe("the money of a cash grant, whatever is done to it", () => {
  it("never pays more than agreed, never twice, never on the requester's own approval, never changes what is paid", () => {
    fc.assert(
      fc.property(
        trancheAmounts.chain((amounts) => fc.tuple(fc.constant(amounts), fc.array(commandArbitrary(amounts.length, actors.length, 3), { minLength: 10, maxLength: 80 }))),
        ([amounts, commands]) => {
          const model = newGrantModel(amounts, mentorId);
          for (const command of commands) {
            const entriesBefore = structuredClone(model.entries);
            const paidBefore = model.tranches.map((tranche) => (tranche.state === "paid" ? structuredClone(tranche) : null));
            const paymentsBefore = structuredClone(model.payments);
            const outcome = applyCommand(model, command, actors);
            expect(brokenInvariants(model)).toEqual([]);
            // Append-only: what was written stays as it was.
            expect(model.entries.slice(0, entriesBefore.length)).toEqual(entriesBefore);
            expect(model.payments.slice(0, paymentsBefore.length)).toEqual(paymentsBefore);
            paidBefore.forEach((snapshot, index) => {
              if (snapshot) expect(model.tranches[index]).toEqual(snapshot);
            });
            // Mentors, reviewers and evaluators never move money.
            const role = actors[command.actor].role;
            if (role !== "officer" && role !== "admin" && command.type !== "verify" && outcome.ok !== "skipped") {
              expect(outcome).toEqual({ ok: false, code: "forbidden" });
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a full run pays exactly the agreed amount when nobody withdraws or returns", () => {
    const model = newGrantModel([30_000_00, 50_000_00], mentorId);
    const steps = [
      { type: "request", tranche: 0, actor: 0 },
      { type: "approve", tranche: 0, actor: 0 },
      { type: "approve", tranche: 0, actor: 1 },
      { type: "fail", tranche: 0, actor: 0 },
      { type: "pay", tranche: 0, actor: 0 },
      { type: "pay", tranche: 0, actor: 0 },
      { type: "request", tranche: 1, actor: 0 },
      { type: "verify", tranche: 1, actor: 4 },
      { type: "verify", tranche: 1, actor: 3 },
      { type: "request", tranche: 1, actor: 2 },
      { type: "approve", tranche: 1, actor: 2 },
      { type: "approve", tranche: 1, actor: 0 },
      { type: "pay", tranche: 1, actor: 1 },
    ] as const;
    const outcomes = steps.map((step) => applyCommand(model, step, actors));
    expect(outcomes).toEqual([
      { ok: true },
      { ok: false, code: "approver_is_requester" },
      { ok: true },
      { ok: true },
      { ok: true },
      { ok: false, code: "already_paid" },
      { ok: false, code: "requirements_not_met" },
      { ok: false, code: "not_case_mentor" },
      { ok: true },
      { ok: true },
      { ok: false, code: "approver_is_requester" },
      { ok: true },
      { ok: true },
    ]);
    expect(model.agreementStatus).toBe("completed");
    expect(model.payments.map(({ trancheIndex, status, retryOfPaymentId }) => ({ trancheIndex, status, retryOfPaymentId }))).toEqual([
      { trancheIndex: 0, status: "failed", retryOfPaymentId: null },
      { trancheIndex: 0, status: "paid", retryOfPaymentId: model.payments[0].id },
      { trancheIndex: 1, status: "paid", retryOfPaymentId: null },
    ]);
  });
});
