// The cash tranche state machine (domain.md §9): planned → requested → approved → paid, or
// failed (retried as a new payment) / cancelled. The rules that keep money safe, learned by
// UNICEF HOPE, CiviCRM Funding and 121: the approver is never the requester; a tranche is paid at
// most once; nothing changes after it is paid. Pure: the server reads the facts, asks `decide`,
// and stores the result; an illegal step returns an error code and no new state.
import type { AgreementStatus, Role, TrancheState } from "../../../db/enums";
import type { GrantErrorCode } from "./grant-errors";

export type TrancheActor = { id: number; role: Role };

export type TrancheFacts = {
  state: TrancheState;
  requestedByUserId: number | null;
  approvedByUserId: number | null;
  agreementStatus: AgreementStatus;
  /** Every requirement of the tranche verified (true when it has none). */
  requirementsMet: boolean;
  /** Every earlier tranche of the agreement paid or cancelled: tranches are paid in order. */
  earlierTranchesSettled: boolean;
};

export type TrancheEvent =
  | { type: "request" }
  | { type: "approve" }
  /** The approver sends a request back; it may be requested again. */
  | { type: "decline"; reason: string }
  /** A payment recorded as paid; from `failed` it is the retry of the failed payment. */
  | { type: "pay" }
  /** A payment the bank refused or returned at once; from `failed` it is a failed retry. */
  | { type: "fail"; reason: string }
  | { type: "cancel"; reason: string };

export type TrancheEventType = TrancheEvent["type"];

export type TrancheChanges = {
  state: TrancheState;
  requestedByUserId: number | null;
  approvedByUserId: number | null;
};

export type TrancheDecision = { ok: true; changes: TrancheChanges } | { ok: false; error: GrantErrorCode };

/** Who may move money: officers and admins. Mentors verify requirements only; evaluators nothing. */
export function handlesMoney(role: Role): boolean {
  return role === "admin" || role === "officer";
}

/**
 * A requirement is verified by the case's mentor or by an officer (§9): a mentor's verification
 * is what releases the next tranche.
 */
export function mayVerifyRequirement(actor: TrancheActor, caseMentorId: number | null): GrantErrorCode | null {
  if (handlesMoney(actor.role)) return null;
  if (actor.role !== "mentor") return "forbidden";
  return caseMentorId === actor.id ? null : "not_case_mentor";
}

export function decide(facts: TrancheFacts, event: TrancheEvent, actor: TrancheActor): TrancheDecision {
  if (!handlesMoney(actor.role)) return refuse("forbidden");
  // Nothing changes after it is paid: a return or correction is a ledger entry (§9).
  if (facts.state === "paid") return refuse("already_paid");
  const keep = { requestedByUserId: facts.requestedByUserId, approvedByUserId: facts.approvedByUserId };
  switch (event.type) {
    case "request":
      if (facts.state !== "planned") return refuse("wrong_tranche_state");
      if (facts.agreementStatus !== "signed") return refuse("wrong_agreement_status");
      if (!facts.earlierTranchesSettled) return refuse("earlier_tranche_unpaid");
      if (!facts.requirementsMet) return refuse("requirements_not_met");
      return accept({ state: "requested", requestedByUserId: actor.id, approvedByUserId: null });
    case "approve":
      if (facts.state !== "requested") return refuse("wrong_tranche_state");
      if (facts.agreementStatus !== "signed") return refuse("wrong_agreement_status");
      if (facts.requestedByUserId === actor.id) return refuse("approver_is_requester");
      return accept({ ...keep, state: "approved", approvedByUserId: actor.id });
    case "decline":
      if (facts.state !== "requested") return refuse("wrong_tranche_state");
      if (isBlank(event.reason)) return refuse("reason_required");
      return accept({ state: "planned", requestedByUserId: null, approvedByUserId: null });
    case "pay":
    case "fail":
      if (facts.state !== "approved" && facts.state !== "failed") return refuse("wrong_tranche_state");
      if (facts.agreementStatus !== "signed") return refuse("wrong_agreement_status");
      if (event.type === "fail" && isBlank(event.reason)) return refuse("reason_required");
      return accept({ ...keep, state: event.type === "pay" ? "paid" : "failed" });
    case "cancel":
      if (facts.state === "cancelled") return refuse("wrong_tranche_state");
      if (isBlank(event.reason)) return refuse("reason_required");
      return accept({ ...keep, state: "cancelled" });
  }
}

/** The events a tranche accepts now from this actor, for the buttons a page shows. */
export function allowedTrancheEvents(facts: TrancheFacts, actor: TrancheActor): TrancheEventType[] {
  const reason = "representative";
  const events: TrancheEvent[] = [
    { type: "request" },
    { type: "approve" },
    { type: "decline", reason },
    { type: "pay" },
    { type: "fail", reason },
    { type: "cancel", reason },
  ];
  return events.filter((event) => decide(facts, event, actor).ok).map((event) => event.type);
}

function accept(changes: TrancheChanges): TrancheDecision {
  return { ok: true, changes };
}

function refuse(error: GrantErrorCode): TrancheDecision {
  return { ok: false, error };
}

function isBlank(text: string): boolean {
  return text.trim() === "";
}
