// A reference model of one cash grant built only from the grants module's pure rules (tranche
// state machine, ledger checks), for the property tests: the unit test runs random commands
// through it alone; the integration test runs the same commands through the server and the model
// in lockstep and compares. No database here.
import fc from "fast-check";
import type { AgreementStatus, Role, TrancheState } from "../../db/enums";
import { agreementBalance, checkDisbursement, checkReversal, type LedgerEntryFacts } from "~/modules/grants/ledger";
import { decide, mayVerifyRequirement, type TrancheEvent } from "~/modules/grants/tranche-state";

export type ModelActor = { id: number; role: Role };

export type ModelTranche = {
  amountMinor: number;
  state: TrancheState;
  requestedByUserId: number | null;
  approvedByUserId: number | null;
  /** Tranche 1 has no requirement; each later one has one, verified or not. */
  hasRequirement: boolean;
  requirementVerified: boolean;
};

export type ModelPayment = { id: number; trancheIndex: number; status: "paid" | "failed"; retryOfPaymentId: number | null };

export type GrantModel = {
  agreementStatus: AgreementStatus;
  agreedMinor: number;
  mentorId: number;
  tranches: ModelTranche[];
  payments: ModelPayment[];
  entries: LedgerEntryFacts[];
  nextId: number;
};

export type GrantCommand =
  | { type: "verify"; tranche: number; actor: number }
  | { type: "request" | "approve" | "pay" | "fail" | "cancel" | "decline"; tranche: number; actor: number }
  | { type: "return"; pick: number; sharePercent: number; actor: number }
  | { type: "withdraw"; actor: number };

export type Outcome = { ok: true } | { ok: false; code: string } | { ok: "skipped" };

export function newGrantModel(trancheAmounts: number[], mentorId: number): GrantModel {
  const agreedMinor = trancheAmounts.reduce((sum, amount) => sum + amount, 0);
  return {
    agreementStatus: "signed",
    agreedMinor,
    mentorId,
    tranches: trancheAmounts.map((amountMinor, index) => ({
      amountMinor,
      state: "planned",
      requestedByUserId: null,
      approvedByUserId: null,
      hasRequirement: index > 0,
      requirementVerified: false,
    })),
    payments: [],
    entries: [{ id: 1, kind: "commitment", amountMinor: agreedMinor, lineAmountMinor: agreedMinor, modality: null, reversesEntryId: null }],
    nextId: 2,
  };
}

/**
 * Random commands on a grant of `trancheCount` tranches. The first `moneyActorCount` actors are
 * officers or admins and act four times in five, so that long paths (request, approve, pay,
 * fail, retry, pay again) come up often; the others try everything too.
 */
export function commandArbitrary(trancheCount: number, actorCount: number, moneyActorCount: number): fc.Arbitrary<GrantCommand> {
  const tranche = fc.integer({ min: 0, max: trancheCount - 1 });
  const actor = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: moneyActorCount - 1 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: actorCount - 1 }) },
  );
  // Withdrawal and cancellation end the story, so they come rarely.
  const onTranche = (type: "verify" | "request" | "approve" | "pay" | "fail" | "decline" | "cancel") => fc.record({ type: fc.constant(type), tranche, actor });
  return fc.oneof(
    { weight: 3, arbitrary: onTranche("verify") },
    { weight: 5, arbitrary: onTranche("request") },
    { weight: 5, arbitrary: onTranche("approve") },
    { weight: 5, arbitrary: onTranche("pay") },
    { weight: 2, arbitrary: onTranche("fail") },
    { weight: 1, arbitrary: onTranche("decline") },
    { weight: 1, arbitrary: onTranche("cancel") },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("return" as const), pick: fc.nat(), sharePercent: fc.integer({ min: 1, max: 120 }), actor }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("withdraw" as const), actor }) },
  );
}

const handles = (role: Role) => role === "admin" || role === "officer";
const refuse = (code: string): Outcome => ({ ok: false, code });

/** The amount a return command gives back: a share of what is left of the chosen disbursement. */
export function returnAmount(model: GrantModel, command: Extract<GrantCommand, { type: "return" }>) {
  const disbursements = model.entries.filter((entry) => entry.kind === "disbursement");
  if (disbursements.length === 0) return null;
  const original = disbursements[command.pick % disbursements.length];
  const left = model.entries.filter((entry) => entry.reversesEntryId === original.id).reduce((sum, entry) => sum + entry.amountMinor, original.amountMinor);
  return { original, amountMinor: Math.max(1, Math.floor((left * command.sharePercent) / 100)) };
}

/** Applies one command to the model in place, as the server would, and says how it went. */
export function applyCommand(model: GrantModel, command: GrantCommand, actors: ModelActor[]): Outcome {
  const actor = actors[command.actor];
  switch (command.type) {
    case "verify": {
      const tranche = model.tranches[command.tranche];
      if (!tranche.hasRequirement) return { ok: "skipped" };
      const refusal = mayVerifyRequirement(actor, model.mentorId);
      if (refusal) return refuse(refusal);
      if (tranche.requirementVerified) return refuse("already_verified");
      if (model.agreementStatus !== "signed") return refuse("wrong_agreement_status");
      if (tranche.state !== "planned") return refuse("wrong_tranche_state");
      tranche.requirementVerified = true;
      return { ok: true };
    }
    case "return": {
      const chosen = returnAmount(model, command);
      if (!chosen) return { ok: "skipped" };
      if (!handles(actor.role)) return refuse("forbidden");
      const check = checkReversal(chosen.original, model.entries, chosen.amountMinor);
      if (!check.ok) return refuse(check.code);
      model.entries.push(entry(model, "return", -chosen.amountMinor, "cash", chosen.original.id));
      model.entries.push(entry(model, "release", -chosen.amountMinor, null, null));
      return { ok: true };
    }
    case "withdraw": {
      if (!handles(actor.role)) return refuse("forbidden");
      if (model.agreementStatus !== "signed" && model.agreementStatus !== "completed") return refuse("wrong_agreement_status");
      for (const tranche of model.tranches) {
        if (tranche.state === "paid" || tranche.state === "cancelled") continue;
        tranche.state = "cancelled";
      }
      const left = agreementBalance(model.entries).leftToPayMinor;
      if (left > 0) model.entries.push(entry(model, "release", -left, null, null));
      model.agreementStatus = "withdrawn";
      return { ok: true };
    }
    default:
      return moveTranche(model, command, actor);
  }
}

function moveTranche(model: GrantModel, command: Extract<GrantCommand, { tranche: number }>, actor: ModelActor): Outcome {
  const index = command.tranche;
  const tranche = model.tranches[index];
  const event: TrancheEvent =
    command.type === "fail" || command.type === "decline" || command.type === "cancel"
      ? { type: command.type, reason: "model" }
      : { type: command.type as "request" | "approve" | "pay" };
  const decision = decide(
    {
      state: tranche.state,
      requestedByUserId: tranche.requestedByUserId,
      approvedByUserId: tranche.approvedByUserId,
      agreementStatus: model.agreementStatus,
      requirementsMet: !tranche.hasRequirement || tranche.requirementVerified,
      earlierTranchesSettled: model.tranches.slice(0, index).every((earlier) => earlier.state === "paid" || earlier.state === "cancelled"),
    },
    event,
    actor,
  );
  if (!decision.ok) return refuse(decision.error);
  if (command.type === "pay" || command.type === "fail") {
    const retried = tranche.state === "failed" ? [...model.payments].reverse().find((payment) => payment.trancheIndex === index) : undefined;
    if (command.type === "pay") {
      const check = checkDisbursement(agreementBalance(model.entries), { inKindMinor: 0, cashMinor: model.agreedMinor }, "cash", tranche.amountMinor);
      if (!check.ok) return refuse(check.code);
    }
    const payment: ModelPayment = { id: model.nextId++, trancheIndex: index, status: command.type === "pay" ? "paid" : "failed", retryOfPaymentId: retried?.id ?? null };
    model.payments.push(payment);
    if (command.type === "pay") model.entries.push(entry(model, "disbursement", tranche.amountMinor, "cash", null));
  }
  Object.assign(tranche, decision.changes);
  if (agreementBalance(model.entries).disbursedGrossMinor === model.agreedMinor && model.agreementStatus === "signed") model.agreementStatus = "completed";
  return { ok: true };
}

function entry(model: GrantModel, kind: LedgerEntryFacts["kind"], amountMinor: number, modality: LedgerEntryFacts["modality"], reversesEntryId: number | null): LedgerEntryFacts {
  return { id: model.nextId++, kind, amountMinor, lineAmountMinor: amountMinor, modality, reversesEntryId };
}

/** The invariants of §9 on one state; returns what is broken (empty when all hold). */
export function brokenInvariants(model: GrantModel): string[] {
  const broken: string[] = [];
  const balance = agreementBalance(model.entries);
  if (balance.disbursedGrossMinor > model.agreedMinor) broken.push("paid more than agreed");
  if (balance.paidNetMinor < 0 || balance.paidNetMinor > model.agreedMinor) broken.push("net paid outside 0..agreed");
  model.tranches.forEach((tranche, index) => {
    const paid = model.payments.filter((payment) => payment.trancheIndex === index && payment.status === "paid").length;
    if (paid > 1) broken.push(`tranche ${index} paid twice`);
    if ((tranche.state === "paid") !== (paid === 1)) broken.push(`tranche ${index} state ${tranche.state} with ${paid} paid payments`);
    if (tranche.approvedByUserId !== null && tranche.approvedByUserId === tranche.requestedByUserId) broken.push(`tranche ${index} approved by its requester`);
  });
  for (const payment of model.payments.filter((p) => p.retryOfPaymentId !== null)) {
    const retried = model.payments.find((p) => p.id === payment.retryOfPaymentId);
    if (!retried || retried.status !== "failed" || retried.trancheIndex !== payment.trancheIndex) broken.push(`payment ${payment.id} retries a payment that did not fail`);
  }
  return broken;
}
