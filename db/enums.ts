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
// "fop_unknown": a sole proprietor whose tax group the form did not ask.
export const legalForms = ["fop_1", "fop_2", "fop_3", "fop_4", "fop_unknown", "private_enterprise", "llc", "farming_enterprise", "family_farm", "not_registered"] as const;
export const grantModalities = ["in_kind", "cash"] as const;
export const consentPurposes = ["registration", "screening", "grant", "follow_up", "referral_to_partner"] as const;
export const displacementContexts = ["application", "grant", "follow_up", "update"] as const;
export const duplicateStatuses = ["pending", "merged", "dismissed"] as const;
export const displacementStatuses = ["idp", "host", "returnee", "other"] as const;
export type DisplacementStatus = (typeof displacementStatuses)[number];

export const planStatuses = ["draft", "submitted", "revision_requested", "decided"] as const;
export const reviewStatuses = ["assigned", "recused", "submitted"] as const;
export const committeeDecisionKinds = ["approved", "revise", "waitlisted", "rejected"] as const;

// Grants and money (domain.md §9).
export const currencies = ["UAH", "EUR", "USD"] as const;
export type Currency = (typeof currencies)[number];
// "withdrawn": the beneficiary left after signing; unpaid money is released, the grant stays in
// the outcome cohort once it has a time origin.
export const agreementStatuses = ["draft", "signed", "completed", "withdrawn", "cancelled"] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];
export const trancheStates = ["planned", "requested", "approved", "paid", "failed", "cancelled"] as const;
export type TrancheState = (typeof trancheStates)[number];
export const paymentStatuses = ["paid", "failed"] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
// Ledger entry kinds: commitment (agreement signed), release (an unused commitment given back),
// disbursement (paid or handed over), return (money given back), correction (a reversing fix).
export const ledgerEntryKinds = ["commitment", "release", "disbursement", "return", "correction"] as const;
export type LedgerEntryKind = (typeof ledgerEntryKinds)[number];

// In-kind procurement and the act of acceptance and transfer (domain.md §9).
export const supplierKinds = ["legal_entity", "sole_trader"] as const;
export type SupplierKind = (typeof supplierKinds)[number];
export const purchaseStates = ["draft", "quoting", "ordered", "delivered", "closed", "cancelled"] as const;
export type PurchaseState = (typeof purchaseStates)[number];
export const deliveryLineStatuses = ["accepted", "short", "defective"] as const;
export const handoverActStates = ["prepared", "signed", "cancelled"] as const;
export type HandoverActState = (typeof handoverActStates)[number];
// Units of measure on the act (Law 996-XIV art. 9: what is transferred, in units of measure).
export const measureUnits = ["piece", "set", "pair", "kg", "metre", "square_metre", "litre", "pack"] as const;
export type MeasureUnit = (typeof measureUnits)[number];
export const equipmentConditions = ["working", "damaged", "broken", "incomplete"] as const;

// Follow-up visits (domain.md §7, §10). Suspended is not closure; "unreachable" records nothing.
export const visitModes = ["in_person", "phone"] as const;
export const operatingStatuses = ["operating", "suspended", "closed", "unreachable"] as const;
export const equipmentStatuses = ["in_use", "idle", "sold", "broken", "stolen", "lost"] as const;
export const residenceStatuses = ["same_hromada", "moved_within_ukraine", "abroad", "unknown"] as const;
export const workerRoles = ["owner", "family_member", "employee"] as const;
// "migrated_from_counts": baseline rows made from the old paid/unpaid × full/part-time counts.
export const rosterSources = ["recorded", "migrated_from_counts"] as const;
// Where a roster snapshot was recorded: the application's baseline, or a visit.
export const rosterSnapshotKinds = ["baseline", "visit"] as const;
// The problems a visit notes and the mentoring it gives, as lists (plus protected free-text notes).
export const visitProblems = [
  "power_outages",
  "few_customers",
  "rising_costs",
  "supplies",
  "equipment_fault",
  "staff_shortage",
  "premises",
  "security_situation",
  "finance_access",
  "permits_and_tax",
  "health_or_family",
  "other",
] as const;
export const mentoringTopics = [
  "bookkeeping",
  "marketing_and_sales",
  "pricing",
  "tax_and_registration",
  "digital_tools",
  "hiring",
  "equipment_use",
  "finance_access",
  "business_planning",
  "referral_to_services",
  "other",
] as const;
