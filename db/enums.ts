// The fixed vocabularies of the model, in a module without database code so that pages can
// import them without bundling drizzle into the browser.
export const roles = ["admin", "officer", "reviewer", "mentor", "evaluator"] as const;
export type Role = (typeof roles)[number];

export const organisationKinds = ["agency", "partner"] as const;

export const caseStages = [
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
] as const;
export type CaseStage = (typeof caseStages)[number];

export const caseStatuses = [
  "open",
  "ineligible",
  "withdrawn",
  "rejected",
  "waitlisted",
  "merged",
  "completed",
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const sexes = ["female", "male"] as const;
export const referralSources = ["partner_ngo", "hotline_527", "employment_centre", "local_authority", "self", "other"] as const;
// The specific protection category is special-category data (domain.md §8): only some roles see it.
export const protectedCategories = ["trafficking_survivor", "gbv_survivor", "other_protection"] as const;
export const eligibilityStatuses = ["pending", "eligible", "ineligible", "overridden"] as const;
export const businessKinds = ["startup", "existing"] as const;
export const legalForms = ["fop_1", "fop_2", "fop_3", "fop_4", "private_enterprise", "llc", "farming_enterprise", "family_farm", "not_registered"] as const;
export const grantModalities = ["in_kind", "cash"] as const;
export const consentPurposes = ["registration", "screening", "grant", "follow_up", "referral_to_partner"] as const;
export const displacementContexts = ["application", "grant", "follow_up", "update"] as const;
export const duplicateStatuses = ["pending", "merged", "dismissed"] as const;
export const displacementStatuses = ["idp", "host", "returnee", "other"] as const;
export type DisplacementStatus = (typeof displacementStatuses)[number];

export const planStatuses = ["draft", "submitted", "revision_requested", "decided"] as const;
export const reviewStatuses = ["assigned", "recused", "submitted"] as const;
export const committeeDecisionKinds = ["approved", "revise", "waitlisted", "rejected"] as const;
