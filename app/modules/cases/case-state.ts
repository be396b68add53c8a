// The case state machine (domain.md §1): one case follows a beneficiary from referral to
// closure. The server runs every change of stage or status through `transition`, so a rule
// (no review before eligibility, no decision before the reviews, no grant above the ceiling…)
// holds however the request was made. Illegal steps return an error code and no new state.
import type { CaseStage, CaseStatus, Role } from "../../../db/enums";
import { checkAgainstCeiling, checkAvailableFunds, isMinorAmount } from "../review/budget";

/** The stages in programme order (the same list as `caseStages` in db/schema.ts). */
export const caseStageOrder = [
  "referral",
  "application",
  "screening",
  "training",
  "business_plan",
  "review",
  "committee",
  "grant_agreement",
  "disbursement",
  "follow_up",
  "closed",
] as const satisfies readonly CaseStage[];

export function isAtOrAfter(stage: CaseStage, reference: CaseStage): boolean {
  return caseStageOrder.indexOf(stage) >= caseStageOrder.indexOf(reference);
}

/** Screening passed: eligible, or overridden by an officer with a reason (§1). */
export function passedEligibility(eligibility: "pending" | "eligible" | "ineligible" | "overridden"): boolean {
  return eligibility === "eligible" || eligibility === "overridden";
}

type PlanStatus = "draft" | "submitted" | "revision_requested" | "decided";

/**
 * A business plan is written while the case is eligible, open and at training or plan stage, and
 * the plan is a draft or sent back for revision (or does not exist yet).
 */
export function planWritable(caseRow: { eligibility: "pending" | "eligible" | "ineligible" | "overridden"; status: CaseStatus; stage: CaseStage }, planStatus: PlanStatus | undefined): boolean {
  return (
    passedEligibility(caseRow.eligibility) &&
    caseRow.status === "open" &&
    (caseRow.stage === "training" || caseRow.stage === "business_plan") &&
    (planStatus === undefined || planStatus === "draft" || planStatus === "revision_requested")
  );
}

/**
 * What the committee can decide (§1). "Approved with conditions" is an approval whose
 * conditions go into the grant agreement.
 */
export type CommitteeDecision = "approved" | "revise" | "waitlisted" | "rejected";

/** A decision that stands on the case; "revise" does not stand, it sends the plan back. */
export type StandingDecision = Exclude<CommitteeDecision, "revise">;

export type CaseState = {
  stage: CaseStage;
  status: CaseStatus;
  eligibilityPassed: boolean;
  trainingCompleted: boolean;
  planSubmitted: boolean;
  reviewsRequired: number;
  reviewsIn: number;
  decision: StandingDecision | null;
  /** The amount the committee approved, in minor units; null unless approved. */
  approvedAmountMinor: number | null;
};

export type ProgrammeSettings = { trainingRequired: boolean };

export type CaseEvent =
  | { type: "register" }
  | { type: "submit_application" }
  | { type: "screen"; eligible: boolean }
  | { type: "override_eligibility"; reason: string }
  | { type: "complete_training" }
  | { type: "submit_plan" }
  | { type: "assign_reviewers"; count: number; minReviewers: number }
  | { type: "record_review" }
  | { type: "all_reviews_in" }
  | {
      type: "decide";
      decision: CommitteeDecision;
      amountMinor?: number;
      ceilingMinor?: number;
      /** What is left in the budget envelope before this approval. */
      availableMinor?: number;
      reason?: string;
    }
  | { type: "reopen_decision"; byRole: Role; reason: string }
  | { type: "sign_agreement" }
  | { type: "disburse_first" }
  | { type: "close" }
  | { type: "withdraw"; reason: string }
  | { type: "merge_into"; caseId: number };

export type CaseEventType = CaseEvent["type"];

export type CaseTransitionError =
  | "case_not_open" // ineligible, withdrawn, rejected, merged or completed
  | "wrong_stage"
  | "case_not_ineligible" // only a screened-out case can have its eligibility overridden
  | "reason_required"
  | "training_not_completed"
  | "review_before_eligibility"
  | "review_before_plan"
  | "too_few_reviewers"
  | "review_not_assigned" // more reviews recorded than reviewers assigned
  | "reviews_missing"
  | "decision_before_reviews"
  | "amount_required"
  | "invalid_amount"
  | "above_ceiling"
  | "beyond_envelope"
  | "reopen_admin_only"
  | "no_decision_to_reopen"
  | "decision_locked" // the agreement is signed: money may have moved
  | "merge_after_grant"
  | "invalid_case_id";

export type CaseTransitionResult =
  | { ok: true; state: CaseState }
  | { ok: false; error: CaseTransitionError };

/** A new case: from a partner's referral, or straight to an application at intake. */
export function newCaseState(stage: "referral" | "application" = "referral"): CaseState {
  return {
    stage,
    status: "open",
    eligibilityPassed: false,
    trainingCompleted: false,
    planSubmitted: false,
    reviewsRequired: 0,
    reviewsIn: 0,
    decision: null,
    approvedAmountMinor: null,
  };
}

/** Open and waitlisted cases move on; the other statuses end the case's progress. */
export function isActiveStatus(status: CaseStatus): boolean {
  return status === "open" || status === "waitlisted";
}

/**
 * Applies one event to a case (stage rules: domain.md §1). Returns the new state, or an error
 * code and no state; the state passed in is never modified.
 */
export function transition(
  state: CaseState,
  event: CaseEvent,
  settings: ProgrammeSettings,
): CaseTransitionResult {
  // Reopening a decision and overriding a screening are the only ways back to an open case.
  const reopensClosedCase =
    event.type === "reopen_decision" || event.type === "override_eligibility";
  if (!reopensClosedCase && !isActiveStatus(state.status)) return refuse("case_not_open");

  switch (event.type) {
    case "register":
      return moveFrom(state, "referral", { stage: "application" });
    case "submit_application":
      return moveFrom(state, "application", { stage: "screening" });
    case "screen":
      return screen(state, event.eligible, settings);
    case "override_eligibility":
      return overrideEligibility(state, event.reason, settings);
    case "complete_training":
      return moveFrom(state, "training", { stage: "business_plan", trainingCompleted: true });
    case "submit_plan":
      return submitPlan(state, settings);
    case "assign_reviewers":
      return assignReviewers(state, event.count, event.minReviewers);
    case "record_review":
      return recordReview(state);
    case "all_reviews_in":
      return sendToCommittee(state);
    case "decide":
      return decide(state, event);
    case "reopen_decision":
      return reopenDecision(state, event.byRole, event.reason);
    case "sign_agreement":
      return moveFrom(state, "grant_agreement", { stage: "disbursement" });
    case "disburse_first":
      // Later tranches are released during follow-up, after a mentor verifies use (§1).
      return moveFrom(state, "disbursement", { stage: "follow_up" });
    case "close":
      return moveFrom(state, "follow_up", { stage: "closed", status: "completed" });
    case "withdraw":
      return isBlank(event.reason)
        ? refuse("reason_required")
        : accept(state, { status: "withdrawn" });
    case "merge_into":
      return mergeInto(state, event.caseId);
  }
}

/**
 * The event types the case accepts now, for the buttons a page shows. Checks that depend on
 * the event's own data (the user's role, a reason, an amount) are left to `transition`.
 */
export function allowedEvents(state: CaseState, settings: ProgrammeSettings): CaseEventType[] {
  return representativeEvents(state)
    .filter((event) => transition(state, event, settings).ok)
    .map((event) => event.type);
}

// One event of each type with data that passes the data-dependent checks, so that
// `allowedEvents` asks `transition` itself and the two can never disagree.
function representativeEvents(state: CaseState): CaseEvent[] {
  const reason = "representative";
  return [
    { type: "register" },
    { type: "submit_application" },
    { type: "screen", eligible: true },
    { type: "override_eligibility", reason },
    { type: "complete_training" },
    { type: "submit_plan" },
    { type: "assign_reviewers", count: Math.max(1, state.reviewsIn), minReviewers: 1 },
    { type: "record_review" },
    { type: "all_reviews_in" },
    { type: "decide", decision: "revise" },
    { type: "reopen_decision", byRole: "admin", reason },
    { type: "sign_agreement" },
    { type: "disburse_first" },
    { type: "close" },
    { type: "withdraw", reason },
    { type: "merge_into", caseId: 1 },
  ];
}

function screen(
  state: CaseState,
  eligible: boolean,
  settings: ProgrammeSettings,
): CaseTransitionResult {
  if (state.stage !== "screening") return refuse("wrong_stage");
  if (!eligible) return accept(state, { status: "ineligible" });
  return accept(state, { eligibilityPassed: true, stage: stageAfterScreening(settings) });
}

function overrideEligibility(
  state: CaseState,
  reason: string,
  settings: ProgrammeSettings,
): CaseTransitionResult {
  if (state.status !== "ineligible") return refuse("case_not_ineligible");
  if (isBlank(reason)) return refuse("reason_required");
  return accept(state, {
    status: "open",
    eligibilityPassed: true,
    stage: stageAfterScreening(settings),
  });
}

function stageAfterScreening(settings: ProgrammeSettings): CaseStage {
  return settings.trainingRequired ? "training" : "business_plan";
}

function submitPlan(state: CaseState, settings: ProgrammeSettings): CaseTransitionResult {
  // A submitted plan goes to review, which needs eligibility first.
  if (!state.eligibilityPassed) return refuse("review_before_eligibility");
  if (state.stage !== "training" && state.stage !== "business_plan") return refuse("wrong_stage");
  if (settings.trainingRequired && !state.trainingCompleted)
    return refuse("training_not_completed");
  return accept(state, { stage: "review", planSubmitted: true, reviewsRequired: 0, reviewsIn: 0 });
}

/** Review needs a passed screening and a submitted plan, whatever stage the case claims. */
function checkReviewable(state: CaseState): CaseTransitionError | null {
  if (!state.eligibilityPassed) return "review_before_eligibility";
  if (!state.planSubmitted) return "review_before_plan";
  if (state.stage !== "review") return "wrong_stage";
  return null;
}

function assignReviewers(
  state: CaseState,
  count: number,
  minReviewers: number,
): CaseTransitionResult {
  const notReviewable = checkReviewable(state);
  if (notReviewable) return refuse(notReviewable);
  // At least one reviewer and the programme's minimum; reviews already in cannot be undone.
  const fewestAllowed = Math.max(1, minReviewers, state.reviewsIn);
  if (!Number.isSafeInteger(count) || !(count >= fewestAllowed)) return refuse("too_few_reviewers");
  return accept(state, { reviewsRequired: count });
}

function recordReview(state: CaseState): CaseTransitionResult {
  const notReviewable = checkReviewable(state);
  if (notReviewable) return refuse(notReviewable);
  if (state.reviewsIn >= state.reviewsRequired) return refuse("review_not_assigned");
  return accept(state, { reviewsIn: state.reviewsIn + 1 });
}

function reviewsComplete(state: CaseState): boolean {
  return state.reviewsRequired > 0 && state.reviewsIn >= state.reviewsRequired;
}

function sendToCommittee(state: CaseState): CaseTransitionResult {
  const notReviewable = checkReviewable(state);
  if (notReviewable) return refuse(notReviewable);
  if (!reviewsComplete(state)) return refuse("reviews_missing");
  return accept(state, { stage: "committee" });
}

type DecideEvent = Extract<CaseEvent, { type: "decide" }>;

function decide(state: CaseState, event: DecideEvent): CaseTransitionResult {
  if (!state.eligibilityPassed || !state.planSubmitted || !reviewsComplete(state)) {
    return refuse("decision_before_reviews");
  }
  if (state.stage !== "committee") return refuse("wrong_stage");
  switch (event.decision) {
    case "approved":
      return approve(state, event);
    case "revise":
      // The applicant reworks the plan, which then gets a fresh round of reviews.
      return accept(state, {
        stage: "business_plan",
        status: "open",
        planSubmitted: false,
        reviewsRequired: 0,
        reviewsIn: 0,
        decision: null,
        approvedAmountMinor: null,
      });
    case "waitlisted":
      // Stays before the committee, to be approved if funds free up.
      return accept(state, { status: "waitlisted", decision: "waitlisted" });
    case "rejected":
      if (isBlank(event.reason)) return refuse("reason_required");
      return accept(state, { status: "rejected", decision: "rejected" });
  }
}

function approve(state: CaseState, event: DecideEvent): CaseTransitionResult {
  const { amountMinor, ceilingMinor, availableMinor } = event;
  if (amountMinor === undefined || ceilingMinor === undefined || availableMinor === undefined) {
    return refuse("amount_required");
  }
  const amountsValid =
    isMinorAmount(amountMinor) &&
    amountMinor > 0 &&
    isMinorAmount(ceilingMinor) &&
    Number.isSafeInteger(availableMinor);
  if (!amountsValid) return refuse("invalid_amount");
  // The programme's ceiling and the funds left in its envelope (§5).
  const withinCeiling = checkAgainstCeiling(amountMinor, ceilingMinor);
  if (!withinCeiling.ok) return refuse(withinCeiling.reason);
  const withinFunds = checkAvailableFunds(amountMinor, availableMinor);
  if (!withinFunds.ok) return refuse(withinFunds.reason);
  return accept(state, {
    stage: "grant_agreement",
    status: "open",
    decision: "approved",
    approvedAmountMinor: amountMinor,
  });
}

/** Only an admin may reopen a decision, and must say why (the reason goes to the audit log). */
function reopenDecision(state: CaseState, byRole: Role, reason: string): CaseTransitionResult {
  if (byRole !== "admin") return refuse("reopen_admin_only");
  if (isBlank(reason)) return refuse("reason_required");
  if (!isActiveStatus(state.status) && state.status !== "rejected") return refuse("case_not_open");
  if (state.decision === null) return refuse("no_decision_to_reopen");
  if (isAtOrAfter(state.stage, "disbursement")) return refuse("decision_locked");
  return accept(state, {
    stage: "committee",
    status: "open",
    decision: null,
    approvedAmountMinor: null,
  });
}

function mergeInto(state: CaseState, caseId: number): CaseTransitionResult {
  if (!Number.isSafeInteger(caseId) || caseId < 1) return refuse("invalid_case_id");
  // An approved case carries its own grant and money history; reopen the decision first.
  if (isAtOrAfter(state.stage, "grant_agreement")) return refuse("merge_after_grant");
  return accept(state, { status: "merged" });
}

function moveFrom(
  state: CaseState,
  expectedStage: CaseStage,
  changes: Partial<CaseState>,
): CaseTransitionResult {
  return state.stage === expectedStage ? accept(state, changes) : refuse("wrong_stage");
}

function accept(state: CaseState, changes: Partial<CaseState>): CaseTransitionResult {
  return { ok: true, state: { ...state, ...changes } };
}

function refuse(error: CaseTransitionError): CaseTransitionResult {
  return { ok: false, error };
}

function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === "";
}
