import { describe, expect, it } from "vitest";
import { nextStepOf, type NextStepFacts } from "~/modules/cases/next-step";

const facts = (change: Partial<NextStepFacts> = {}): NextStepFacts => ({
  caseId: 7,
  stage: "application",
  status: "open",
  eligibility: "pending",
  missingBeforeScreening: 0,
  trainingRequired: true,
  trainingCompleted: false,
  plan: "none",
  reviews: { required: 2, assigned: 0, submitted: 0 },
  agreement: null,
  nextVisit: null,
  ...change,
});

const signed = (change: Partial<NonNullable<NextStepFacts["agreement"]>> = {}): NextStepFacts["agreement"] => ({
  status: "signed",
  inKind: false,
  act: "none",
  openTranche: null,
  ...change,
});

describe("the next step on a case", () => {
  it("asks for the missing application data before screening, then for screening", () => {
    expect(nextStepOf(facts({ missingBeforeScreening: 3 }))).toEqual({ kind: "completeApplication", permission: "registerApplicants", href: "/cases/7/edit", values: { count: 3 } });
    expect(nextStepOf(facts())).toEqual({ kind: "screen", permission: "screenApplicants", href: "/cases/7#screening-heading", values: {} });
    expect(nextStepOf(facts({ stage: "screening", status: "ineligible", eligibility: "ineligible" }))?.kind).toBe("reviewEligibility");
  });

  it("sends a required training first; without it, or after it, the plan", () => {
    expect(nextStepOf(facts({ stage: "training" }))).toMatchObject({ kind: "completeTraining", href: "/training", permission: "screenApplicants" });
    expect(nextStepOf(facts({ stage: "training", trainingRequired: false }))).toMatchObject({ kind: "writePlan", href: "/cases/7/plan", permission: "writePlans" });
    expect(nextStepOf(facts({ stage: "business_plan", trainingCompleted: true, plan: "draft" }))?.kind).toBe("writePlan");
    expect(nextStepOf(facts({ stage: "business_plan", plan: "revision_requested" }))?.kind).toBe("revisePlan");
  });

  it("counts reviewers against the programme's minimum, then reviews in", () => {
    expect(nextStepOf(facts({ stage: "review", reviews: { required: 2, assigned: 1, submitted: 0 } }))).toEqual({
      kind: "assignReviewers",
      permission: "decideGrants",
      href: "/cases/7/review",
      values: { assigned: 1, required: 2 },
    });
    expect(nextStepOf(facts({ stage: "review", reviews: { required: 2, assigned: 3, submitted: 1 } }))).toMatchObject({ kind: "awaitReviews", values: { submitted: 1, assigned: 3 } });
    expect(nextStepOf(facts({ stage: "committee" }))).toMatchObject({ kind: "decide", href: "/committee/7" });
    expect(nextStepOf(facts({ stage: "committee", status: "waitlisted" }))).toMatchObject({ kind: "awaitFunds", href: "/committee/7" });
  });

  it("walks the grant: agreement, signature, equipment and act, tranches", () => {
    const grant = (agreement: NextStepFacts["agreement"]) => nextStepOf(facts({ stage: "grant_agreement", agreement }));
    expect(grant(null)).toMatchObject({ kind: "prepareAgreement", href: "/cases/7/agreement" });
    expect(grant(signed({ status: "cancelled" }))?.kind).toBe("prepareAgreement");
    expect(grant(signed({ status: "draft" }))?.kind).toBe("signAgreement");
    expect(grant(signed({ inKind: true }))).toMatchObject({ kind: "buyEquipment", href: "/grants/purchases", permission: "procureInKind" });
    expect(grant(signed({ inKind: true, act: "prepared" }))?.kind).toBe("signAct");
    const tranche = (state: "planned" | "requested" | "approved" | "failed", requirementsMet = true, failedPayment = false) =>
      grant(signed({ inKind: true, act: "signed", openTranche: { sequence: 2, state, requirementsMet, failedPayment } }));
    expect(tranche("planned", false)).toMatchObject({ kind: "verifyRequirements", permission: "readAgreements", values: { sequence: 2 } });
    expect(tranche("planned")).toMatchObject({ kind: "requestTranche", permission: "handleGrantMoney" });
    expect(tranche("requested")?.kind).toBe("approveTranche");
    expect(tranche("approved")).toMatchObject({ kind: "recordPayment", values: { sequence: 2, retry: 0 } });
    expect(tranche("failed", true, true)).toMatchObject({ kind: "recordPayment", values: { sequence: 2, retry: 1 } });
  });

  it("after the grant, leads to the next visit, and says when visits are done", () => {
    const visit = { plannedVisitId: 41, dueDate: "2026-12-01", state: "overdue" as const };
    expect(nextStepOf(facts({ stage: "follow_up", agreement: signed({ act: "signed" }), nextVisit: visit }))).toEqual({
      kind: "visit",
      permission: "logVisits",
      href: "/cases/7/visits/new?planned=41",
      values: { dueDate: "2026-12-01", state: "overdue" },
    });
    // A signed cash grant with every tranche paid is in follow-up even while its stage says disbursement.
    expect(nextStepOf(facts({ stage: "disbursement", agreement: signed(), nextVisit: visit }))?.kind).toBe("visit");
    expect(nextStepOf(facts({ stage: "follow_up", agreement: signed() }))).toMatchObject({ kind: "followUpComplete", permission: null });
  });

  it("has nothing to do on a closed or merged case", () => {
    expect(nextStepOf(facts({ status: "withdrawn" }))).toEqual({ kind: "closed", permission: null, href: null, values: { status: "withdrawn" } });
    expect(nextStepOf(facts({ stage: "committee", status: "rejected" }))?.kind).toBe("closed");
    expect(nextStepOf(facts({ status: "merged" }))).toBeNull();
  });
});
