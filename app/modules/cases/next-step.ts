// What happens next on a case (issue 13: the case page is the hub of a case). One pure rule over
// the facts of the case, so the case page, and any queue that wants it, say the same thing.
// A step names who acts (a permission) and where; the page offers the link only to those who
// hold the permission and tells everyone else who will act.
import type { CaseStage, CaseStatus, TrancheState } from "../../../db/enums";
import type { Permission } from "~/lib/auth.server";
import type { VisitState } from "~/modules/followup/schedule";

export type NextStepFacts = {
  caseId: number;
  stage: CaseStage;
  status: CaseStatus;
  eligibility: "pending" | "eligible" | "ineligible" | "overridden";
  /** Fields the application still lacks before screening (incomplete partner-form rows). */
  missingBeforeScreening: number;
  trainingRequired: boolean;
  trainingCompleted: boolean;
  plan: "none" | "draft" | "submitted" | "revision_requested" | "decided";
  reviews: { required: number; assigned: number; submitted: number };
  agreement: null | {
    status: "draft" | "signed" | "completed" | "withdrawn" | "cancelled";
    inKind: boolean;
    /** The in-kind part's act of acceptance and transfer: none yet, prepared, or signed. */
    act: "none" | "prepared" | "signed";
    /** The first cash tranche not paid nor cancelled, in plan order. */
    openTranche: null | { sequence: number; state: TrancheState; requirementsMet: boolean; failedPayment: boolean };
  };
  /** The next planned visit not made nor skipped (follow-up stage). */
  nextVisit: null | { plannedVisitId: number; dueDate: string; state: VisitState };
};

export type NextStepKind =
  | "completeApplication"
  | "screen"
  | "reviewEligibility"
  | "completeTraining"
  | "writePlan"
  | "revisePlan"
  | "assignReviewers"
  | "awaitReviews"
  | "decide"
  | "awaitFunds"
  | "prepareAgreement"
  | "signAgreement"
  | "buyEquipment"
  | "signAct"
  | "verifyRequirements"
  | "requestTranche"
  | "approveTranche"
  | "recordPayment"
  | "visit"
  | "followUpComplete"
  | "closed";

export type NextStep = {
  kind: NextStepKind;
  /** Who acts; null when nobody has to (the case is closed or waits on the calendar). */
  permission: Permission | null;
  href: string | null;
  values: Record<string, string | number>;
};

export function nextStepOf(facts: NextStepFacts): NextStep | null {
  const base = `/cases/${facts.caseId}`;
  const step = (kind: NextStepKind, permission: Permission | null, href: string | null, values: NextStep["values"] = {}): NextStep => ({ kind, permission, href, values });
  if (facts.status === "merged") return null;
  if (facts.status === "withdrawn" || facts.status === "rejected" || facts.status === "completed") return step("closed", null, null, { status: facts.status });
  if (facts.status === "ineligible") return step("reviewEligibility", "screenApplicants", `${base}#screening-heading`);
  if (facts.status === "waitlisted") return step("awaitFunds", "decideGrants", `/committee/${facts.caseId}`);

  switch (facts.stage) {
    case "referral":
    case "application":
    case "screening":
      if (facts.missingBeforeScreening > 0) return step("completeApplication", "registerApplicants", `${base}/edit`, { count: facts.missingBeforeScreening });
      return step("screen", "screenApplicants", `${base}#screening-heading`);
    case "training":
      // The plan may be drafted meanwhile; it cannot be submitted before the training ends.
      if (facts.trainingRequired && !facts.trainingCompleted) return step("completeTraining", "screenApplicants", "/training");
      return step("writePlan", "writePlans", `${base}/plan`);
    case "business_plan":
      if (facts.plan === "revision_requested") return step("revisePlan", "writePlans", `${base}/plan`);
      return step("writePlan", "writePlans", `${base}/plan`);
    case "review":
      if (facts.reviews.assigned < facts.reviews.required) {
        return step("assignReviewers", "decideGrants", `${base}/review`, { assigned: facts.reviews.assigned, required: facts.reviews.required });
      }
      return step("awaitReviews", "decideGrants", `${base}/review`, { submitted: facts.reviews.submitted, assigned: facts.reviews.assigned });
    case "committee":
      return step("decide", "decideGrants", `/committee/${facts.caseId}`);
    case "grant_agreement":
    case "disbursement":
      return grantStep(facts, `${base}/agreement`) ?? followUpStep(facts, base);
    case "follow_up":
    case "closed":
      return followUpStep(facts, base);
  }
}

function grantStep({ agreement }: NextStepFacts, href: string): NextStep | null {
  if (!agreement || agreement.status === "cancelled") return { kind: "prepareAgreement", permission: "handleGrantMoney", href, values: {} };
  if (agreement.status === "draft") return { kind: "signAgreement", permission: "handleGrantMoney", href, values: {} };
  if (agreement.status !== "signed") return null;
  if (agreement.inKind && agreement.act !== "signed") {
    return agreement.act === "prepared"
      ? { kind: "signAct", permission: "procureInKind", href, values: {} }
      : { kind: "buyEquipment", permission: "procureInKind", href: "/grants/purchases", values: {} };
  }
  const tranche = agreement.openTranche;
  if (!tranche) return null;
  const values = { sequence: tranche.sequence };
  switch (tranche.state) {
    case "planned":
      return tranche.requirementsMet
        ? { kind: "requestTranche", permission: "handleGrantMoney", href, values }
        : { kind: "verifyRequirements", permission: "readAgreements", href, values };
    case "requested":
      return { kind: "approveTranche", permission: "handleGrantMoney", href, values };
    case "approved":
    case "failed":
      return { kind: "recordPayment", permission: "handleGrantMoney", href, values: { ...values, retry: tranche.failedPayment ? 1 : 0 } };
    default:
      return null;
  }
}

function followUpStep({ nextVisit }: NextStepFacts, base: string): NextStep {
  if (!nextVisit) return { kind: "followUpComplete", permission: null, href: `${base}/visits`, values: {} };
  return {
    kind: "visit",
    permission: "logVisits",
    href: `${base}/visits/new?planned=${nextVisit.plannedVisitId}`,
    values: { dueDate: nextVisit.dueDate, state: nextVisit.state },
  };
}
