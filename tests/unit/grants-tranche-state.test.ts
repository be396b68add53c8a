import { describe, expect, it } from "vitest";
import type { TrancheState } from "../../db/enums";
import { allowedTrancheEvents, decide, mayVerifyRequirement, type TrancheFacts } from "~/modules/grants/tranche-state";

const officerA = { id: 1, role: "officer" as const };
const officerB = { id: 2, role: "officer" as const };
const admin = { id: 3, role: "admin" as const };
const mentor = { id: 4, role: "mentor" as const };
const evaluator = { id: 5, role: "evaluator" as const };
const reviewer = { id: 6, role: "reviewer" as const };

function facts(state: TrancheState, overrides: Partial<TrancheFacts> = {}): TrancheFacts {
  const requested = state === "planned" || state === "cancelled" ? null : officerA.id;
  const approved = state === "approved" || state === "paid" || state === "failed" ? officerB.id : null;
  return {
    state,
    requestedByUserId: requested,
    approvedByUserId: approved,
    agreementStatus: "signed",
    requirementsMet: true,
    earlierTranchesSettled: true,
    ...overrides,
  };
}

describe("the tranche path planned → requested → approved → paid", () => {
  it("records who requested and who approved", () => {
    expect(decide(facts("planned"), { type: "request" }, officerA)).toEqual({
      ok: true,
      changes: { state: "requested", requestedByUserId: 1, approvedByUserId: null },
    });
    expect(decide(facts("requested"), { type: "approve" }, officerB)).toEqual({
      ok: true,
      changes: { state: "approved", requestedByUserId: 1, approvedByUserId: 2 },
    });
    expect(decide(facts("approved"), { type: "pay" }, officerA)).toEqual({
      ok: true,
      changes: { state: "paid", requestedByUserId: 1, approvedByUserId: 2 },
    });
  });

  it("never lets the requester approve their own request, admin or not", () => {
    expect(decide(facts("requested"), { type: "approve" }, officerA)).toEqual({ ok: false, error: "approver_is_requester" });
    expect(decide(facts("requested", { requestedByUserId: admin.id }), { type: "approve" }, admin)).toEqual({ ok: false, error: "approver_is_requester" });
  });

  it("requests only with every requirement verified and the earlier tranches settled", () => {
    expect(decide(facts("planned", { requirementsMet: false }), { type: "request" }, officerA)).toEqual({ ok: false, error: "requirements_not_met" });
    expect(decide(facts("planned", { earlierTranchesSettled: false }), { type: "request" }, officerA)).toEqual({ ok: false, error: "earlier_tranche_unpaid" });
    expect(decide(facts("planned", { agreementStatus: "draft" }), { type: "request" }, officerA)).toEqual({ ok: false, error: "wrong_agreement_status" });
    expect(decide(facts("planned", { agreementStatus: "withdrawn" }), { type: "request" }, officerA)).toEqual({ ok: false, error: "wrong_agreement_status" });
  });

  it("refuses a second request of the same tranche", () => {
    expect(decide(facts("requested"), { type: "request" }, officerB)).toEqual({ ok: false, error: "wrong_tranche_state" });
  });

  it("pays only an approved tranche", () => {
    for (const state of ["planned", "requested", "cancelled"] as const) {
      expect(decide(facts(state), { type: "pay" }, officerA)).toEqual({ ok: false, error: "wrong_tranche_state" });
    }
  });
});

describe("failure and retry", () => {
  it("a failed payment leaves the tranche failed; its retry may pay it or fail again", () => {
    expect(decide(facts("approved"), { type: "fail", reason: "Account closed" }, officerA)).toMatchObject({ ok: true, changes: { state: "failed" } });
    expect(decide(facts("failed"), { type: "pay" }, officerA)).toMatchObject({ ok: true, changes: { state: "paid", approvedByUserId: 2 } });
    expect(decide(facts("failed"), { type: "fail", reason: "Again" }, officerA)).toMatchObject({ ok: true, changes: { state: "failed" } });
  });

  it("a failure needs its reason", () => {
    expect(decide(facts("approved"), { type: "fail", reason: "  " }, officerA)).toEqual({ ok: false, error: "reason_required" });
  });
});

describe("nothing changes after it is paid", () => {
  it("refuses every event on a paid tranche", () => {
    for (const event of [
      { type: "request" },
      { type: "approve" },
      { type: "decline", reason: "x" },
      { type: "pay" },
      { type: "fail", reason: "x" },
      { type: "cancel", reason: "x" },
    ] as const) {
      expect(decide(facts("paid"), event, officerA)).toEqual({ ok: false, error: "already_paid" });
    }
    expect(allowedTrancheEvents(facts("paid"), officerA)).toEqual([]);
  });
});

describe("decline and cancel", () => {
  it("a declined request goes back to planned, clearing who requested", () => {
    expect(decide(facts("requested"), { type: "decline", reason: "Receipts unreadable" }, officerB)).toEqual({
      ok: true,
      changes: { state: "planned", requestedByUserId: null, approvedByUserId: null },
    });
  });

  it("cancels any unpaid tranche with a reason, once", () => {
    for (const state of ["planned", "requested", "approved", "failed"] as const) {
      expect(decide(facts(state), { type: "cancel", reason: "Withdrawn" }, officerA)).toMatchObject({ ok: true, changes: { state: "cancelled" } });
    }
    expect(decide(facts("cancelled"), { type: "cancel", reason: "Again" }, officerA)).toEqual({ ok: false, error: "wrong_tranche_state" });
    expect(decide(facts("planned"), { type: "cancel", reason: "" }, officerA)).toEqual({ ok: false, error: "reason_required" });
  });
});

describe("who may touch money", () => {
  it("mentors, reviewers and evaluators may not move a tranche", () => {
    for (const actor of [mentor, evaluator, reviewer]) {
      expect(decide(facts("planned"), { type: "request" }, actor)).toEqual({ ok: false, error: "forbidden" });
      expect(allowedTrancheEvents(facts("approved"), actor)).toEqual([]);
    }
  });

  it("offers the buttons the machine accepts", () => {
    expect(allowedTrancheEvents(facts("planned"), officerA)).toEqual(["request", "cancel"]);
    expect(allowedTrancheEvents(facts("requested"), officerA)).toEqual(["decline", "cancel"]);
    expect(allowedTrancheEvents(facts("requested"), officerB)).toEqual(["approve", "decline", "cancel"]);
    expect(allowedTrancheEvents(facts("approved"), officerA)).toEqual(["pay", "fail", "cancel"]);
  });

  it("requirements are verified by the case's own mentor or an officer", () => {
    expect(mayVerifyRequirement(mentor, mentor.id)).toBeNull();
    expect(mayVerifyRequirement(mentor, 99)).toBe("not_case_mentor");
    expect(mayVerifyRequirement(mentor, null)).toBe("not_case_mentor");
    expect(mayVerifyRequirement(officerA, 99)).toBeNull();
    expect(mayVerifyRequirement(admin, null)).toBeNull();
    expect(mayVerifyRequirement(evaluator, evaluator.id)).toBe("forbidden");
    expect(mayVerifyRequirement(reviewer, reviewer.id)).toBe("forbidden");
  });
});
