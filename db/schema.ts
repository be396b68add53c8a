// The data model for the whole programme lifecycle (domain.md §1): organisations and users,
// programmes, persons and their cases, reference places, and the append-only audit log.
// Money is integer minor units with a currency; dates are ISO "YYYY-MM-DD" text; instants are
// UTC ISO strings.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import {
  roles,
  organisationKinds,
  caseStages,
  caseStatuses,
  sexes,
  referralSources,
  protectedCategories,
  eligibilityStatuses,
  businessKinds,
  legalForms,
  grantModalities,
  consentPurposes,
  displacementContexts,
  duplicateStatuses,
  displacementStatuses,
  planStatuses,
  reviewStatuses,
  committeeDecisionKinds,
} from "./enums";

export * from "./enums";

const timestamps = {
  createdAt: text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
};

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    nameUk: text("name_uk").notNull(),
    kind: text("kind", { enum: organisationKinds }).notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("organisations_name_unique").on(t.name)],
);

// The oblasts a partner organisation works in (area-based planning is at oblast level, §3).
export const organisationOblasts = sqliteTable(
  "organisation_oblasts",
  {
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    oblastPcode: text("oblast_pcode")
      .notNull()
      .references(() => adminUnits.pcode),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.oblastPcode] })],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    // A one-time password set by an admin must be replaced at first login.
    mustChangePassword: integer("must_change_password", { mode: "boolean" })
      .notNull()
      .default(false),
    role: text("role", { enum: roles }).notNull(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    locale: text("locale", { enum: ["uk", "en"] }).notNull().default("uk"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    // Login looks users up by e-mail, stored lower-cased.
    uniqueIndex("users_email_unique").on(t.email),
    // Mentor pickers list the mentors of one organisation.
    index("users_organisation_role_idx").on(t.organisationId, t.role),
  ],
);

// Server-side session records: deleting the row ends the session at once (logout, password
// change, deactivation). The cookie carries only the random id.
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: text("expires_at").notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

// Failed login attempts, for rate limiting per account and per client address.
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: text("at").notNull(),
  },
  // The limiter counts one key's failures inside a time window.
  (t) => [index("login_failures_key_at_idx").on(t.key, t.at)],
);

// OCHA COD-AB administrative units, all levels in one table (§3): store P-codes, not names.
export const adminUnits = sqliteTable(
  "admin_units",
  {
    pcode: text("pcode").primaryKey(),
    level: integer("level").notNull(),
    nameEn: text("name_en").notNull(),
    nameUk: text("name_uk").notNull(),
    parentPcode: text("parent_pcode"),
    lat: integer("lat_e6"),
    lon: integer("lon_e6"),
    ...timestamps,
  },
  (t) => [
    // Cascading pickers list the children of one unit.
    index("admin_units_parent_idx").on(t.parentPcode, t.level),
    check("admin_units_level_check", sql`${t.level} between 1 and 4`),
  ],
);

export const programmes = sqliteTable(
  "programmes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    nameUk: text("name_uk").notNull(),
    donor: text("donor").notNull(),
    currency: text("currency", { enum: ["UAH", "EUR", "USD"] }).notNull(),
    grantCeilingMinor: integer("grant_ceiling_minor").notNull(),
    // Funds available for grants (the committee's budget envelope).
    budgetEnvelopeMinor: integer("budget_envelope_minor").notNull(),
    // Months after the grant's time origin at which mentors visit, e.g. [3,6,12] (§7).
    followUpOffsetsMonths: text("follow_up_offsets_months", { mode: "json" })
      .$type<number[]>()
      .notNull(),
    minReviewers: integer("min_reviewers").notNull().default(2),
    trainingRequired: integer("training_required", { mode: "boolean" }).notNull().default(true),
    // Published tables show counts below this as "<n" (§8).
    smallCellThreshold: integer("small_cell_threshold").notNull().default(5),
    eligibilityRules: text("eligibility_rules", { mode: "json" }).$type<unknown>(),
    vulnerabilityCriteria: text("vulnerability_criteria", { mode: "json" }).$type<unknown>(),
    // Review rubric: weighted criteria, scale, recommendation and disagreement thresholds (§5 of the issue).
    rubric: text("rubric", { mode: "json" }).$type<unknown>(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("programmes_code_unique").on(t.code)],
);

// A programme may be paid for by several donors' funding sources.
export const fundingSources = sqliteTable("funding_sources", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  programmeId: integer("programme_id")
    .notNull()
    .references(() => programmes.id),
  name: text("name").notNull(),
  ...timestamps,
});

export const persons = sqliteTable(
  "persons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    surname: text("surname").notNull(),
    firstName: text("first_name").notNull(),
    patronymic: text("patronymic"),
    // As printed in the passport; stored as given, never recomputed (§2).
    latinName: text("latin_name"),
    sex: text("sex", { enum: sexes }).notNull(),
    birthDate: text("birth_date").notNull(),
    // Identity numbers: a keyed hash for matching and an encrypted copy for roles that may see it.
    rnokppHash: text("rnokpp_hash"),
    rnokppSealed: text("rnokpp_sealed"),
    passportHash: text("passport_hash"),
    passportSealed: text("passport_sealed"),
    phone: text("phone"),
    // Transliteration-aware keys (domain.md §2) so a name typed in either script finds the person.
    surnameSkeleton: text("surname_skeleton").notNull().default(""),
    firstNameSkeleton: text("first_name_skeleton").notNull().default(""),
    // Washington Group Short Set answers; the disability flag is derived from them (§6).
    washingtonGroup: text("washington_group", { mode: "json" }).$type<Record<string, string>>(),
    disability: integer("disability", { mode: "boolean" }).notNull().default(false),
    // Merged duplicates point at the surviving record; their history stays.
    mergedIntoPersonId: integer("merged_into_person_id"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    // Definite-duplicate checks look up the keyed hashes.
    uniqueIndex("persons_rnokpp_hash_unique")
      .on(t.rnokppHash)
      .where(sql`${t.rnokppHash} is not null and ${t.mergedIntoPersonId} is null`),
    uniqueIndex("persons_passport_hash_unique")
      .on(t.passportHash)
      .where(sql`${t.passportHash} is not null and ${t.mergedIntoPersonId} is null`),
    index("persons_phone_idx").on(t.phone),
    // Name search: a skeleton prefix range on the surname, then the first name.
    index("persons_name_skeleton_idx").on(t.surnameSkeleton, t.firstNameSkeleton),
  ],
);

export const cases = sqliteTable(
  "cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Pseudonymous code shown to evaluators instead of names (§8).
    caseCode: text("case_code").notNull(),
    personId: integer("person_id")
      .notNull()
      .references(() => persons.id),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    stage: text("stage", { enum: caseStages }).notNull().default("application"),
    status: text("status", { enum: caseStatuses }).notNull().default("open"),
    responsibleOfficerId: integer("responsible_officer_id").references(() => users.id),
    partnerOrganisationId: integer("partner_organisation_id").references(() => organisations.id),
    mentorId: integer("mentor_id").references(() => users.id),
    // Current location, copied from the person's latest record so lists filter without joins.
    oblastPcode: text("oblast_pcode").references(() => adminUnits.pcode),
    hromadaPcode: text("hromada_pcode").references(() => adminUnits.pcode),
    applicationDate: text("application_date").notNull(),
    referralSource: text("referral_source", { enum: referralSources }),
    // Copied from the latest displacement record for filtering (the history stays there).
    displacementStatus: text("displacement_status", { enum: displacementStatuses }),
    householdSize: integer("household_size"),
    children: integer("children"),
    olderMembers: integer("older_members"),
    membersWithDisability: integer("members_with_disability"),
    monthlyHouseholdIncomeMinor: integer("monthly_household_income_minor"),
    femaleHeaded: integer("female_headed", { mode: "boolean" }).notNull().default(false),
    singleParent: integer("single_parent", { mode: "boolean" }).notNull().default(false),
    veteranOrFamily: integer("veteran_or_family", { mode: "boolean" }).notNull().default(false),
    protectionFlag: integer("protection_flag", { mode: "boolean" }).notNull().default(false),
    protectedCategory: text("protected_category", { enum: protectedCategories }),
    eligibility: text("eligibility", { enum: eligibilityStatuses }).notNull().default("pending"),
    vulnerabilityScore: integer("vulnerability_score"),
    trainingCompletedOn: text("training_completed_on"),
    // The standing committee decision (the records themselves are in committee_decisions).
    decision: text("decision", { enum: ["approved", "waitlisted", "rejected"] }),
    approvedAmountMinor: integer("approved_amount_minor"),
    // The KoboToolbox submission's _uuid: importing the same file twice creates nothing new.
    sourceUuid: text("source_uuid"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("cases_case_code_unique").on(t.caseCode),
    uniqueIndex("cases_source_uuid_unique").on(t.sourceUuid).where(sql`${t.sourceUuid} is not null`),
    // Ranking applicants by vulnerability within a programme.
    index("cases_programme_score_idx").on(t.programmeId, t.vulnerabilityScore),
    // The case list's default order; carrying the status lets it skip merged cases without
    // reading each row, so a deep page stays an index-only scan.
    index("cases_application_date_idx").on(t.applicationDate, t.id, t.status),
    index("cases_hromada_idx").on(t.hromadaPcode, t.id),
    // One case per person per programme (§1).
    uniqueIndex("cases_person_programme_unique").on(t.personId, t.programmeId),
    // The case list filters by programme and stage and pages by id.
    index("cases_programme_stage_idx").on(t.programmeId, t.stage, t.status, t.id),
    // Mentor and partner scoping (a mentor sees their own and their organisation's cases).
    index("cases_mentor_idx").on(t.mentorId, t.id),
    index("cases_partner_idx").on(t.partnerOrganisationId, t.id),
    index("cases_oblast_idx").on(t.oblastPcode, t.id),
  ],
);

// Append-only (update and delete are refused by triggers in the migration). Every change writes
// one entry inside its own transaction; views of protected fields are logged too (§8).
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    userId: integer("user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    // The case a change belongs to, so the case timeline is one indexed read.
    caseId: integer("case_id"),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.id),
    index("audit_log_case_idx").on(t.caseId, t.id),
    index("audit_log_user_idx").on(t.userId, t.id),
  ],
);

export const businesses = sqliteTable(
  "businesses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    kind: text("kind", { enum: businessKinds }).notNull(),
    name: text("name"),
    legalForm: text("legal_form", { enum: legalForms }),
    // KVED class with the classification's version (NACE 2.1-UA arrives in 2027, §4).
    kvedCode: text("kved_code"),
    kvedVersion: text("kved_version"),
    registrationDate: text("registration_date"),
    // Baseline workforce of an existing business: counts by paid/unpaid, full/part time and sex.
    baselineWorkers: text("baseline_workers", { mode: "json" }).$type<BaselineWorkers>(),
    baselineMonthlyRevenueMinor: integer("baseline_monthly_revenue_minor"),
    baselineMonthlyNetIncomeMinor: integer("baseline_monthly_net_income_minor"),
    requestedModality: text("requested_modality", { enum: grantModalities }),
    requestedAmountMinor: integer("requested_amount_minor"),
    currency: text("currency", { enum: ["UAH", "EUR", "USD"] }).notNull().default("UAH"),
    coContributionMinor: integer("co_contribution_minor"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("businesses_case_unique").on(t.caseId)],
);

export type BaselineWorkers = {
  paidFullTime: { female: number; male: number };
  paidPartTime: { female: number; male: number };
  unpaidFullTime: { female: number; male: number };
  unpaidPartTime: { female: number; male: number };
};

// Consent comes before any data beyond screening is kept (§8).
export const consents = sqliteTable(
  "consents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => persons.id),
    givenOn: text("given_on").notNull(),
    takenBy: text("taken_by").notNull(),
    purposes: text("purposes", { mode: "json" }).$type<Array<(typeof consentPurposes)[number]>>().notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("consents_person_idx").on(t.personId)],
);

// Displacement status is a history, never overwritten: at application, at grant, at each visit (§2).
export const displacementRecords = sqliteTable(
  "displacement_records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => persons.id),
    caseId: integer("case_id").references(() => cases.id),
    context: text("context", { enum: displacementContexts }).notNull(),
    recordedOn: text("recorded_on").notNull(),
    status: text("status", { enum: displacementStatuses }).notNull(),
    idpCertificateNumber: text("idp_certificate_number"),
    idpCertificateDate: text("idp_certificate_date"),
    currentOblastPcode: text("current_oblast_pcode").references(() => adminUnits.pcode),
    currentHromadaPcode: text("current_hromada_pcode").references(() => adminUnits.pcode),
    originOblastPcode: text("origin_oblast_pcode").references(() => adminUnits.pcode),
    originHromadaPcode: text("origin_hromada_pcode").references(() => adminUnits.pcode),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("displacement_records_person_idx").on(t.personId, t.id)],
);

export const screenings = sqliteTable(
  "screenings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    screenedOn: text("screened_on").notNull(),
    screenedByUserId: integer("screened_by_user_id").references(() => users.id),
    eligible: integer("eligible", { mode: "boolean" }).notNull(),
    ruleResults: text("rule_results", { mode: "json" }).$type<unknown>().notNull(),
    vulnerabilityScore: integer("vulnerability_score").notNull(),
    vulnerabilityBreakdown: text("vulnerability_breakdown", { mode: "json" }).$type<unknown>().notNull(),
    // An officer may override the result with a recorded reason.
    overrideReason: text("override_reason"),
    overriddenByUserId: integer("overridden_by_user_id").references(() => users.id),
    overriddenAt: text("overridden_at"),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("screenings_case_idx").on(t.caseId, t.id)],
);

// Blocking keys for possible-duplicate checks: looked up by key, never a scan (§2).
export const personMatchKeys = sqliteTable(
  "person_match_keys",
  {
    key: text("key").notNull(),
    personId: integer("person_id")
      .notNull()
      .references(() => persons.id),
  },
  (t) => [primaryKey({ columns: [t.key, t.personId] }), index("person_match_keys_person_idx").on(t.personId)],
);

export const possibleDuplicates = sqliteTable(
  "possible_duplicates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => persons.id),
    matchedPersonId: integer("matched_person_id")
      .notNull()
      .references(() => persons.id),
    reasons: text("reasons", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status", { enum: duplicateStatuses }).notNull().default("pending"),
    decidedByUserId: integer("decided_by_user_id").references(() => users.id),
    decidedAt: text("decided_at"),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    // A pair is asked about once; a dismissal is remembered.
    uniqueIndex("possible_duplicates_pair_unique").on(t.personId, t.matchedPersonId),
    index("possible_duplicates_status_idx").on(t.status, t.id),
  ],
);

// Column and choice mappings of a partner's Kobo form, saved once and reused.
export const importMappings = sqliteTable(
  "import_mappings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    formKey: text("form_key").notNull(),
    name: text("name").notNull(),
    mapping: text("mapping", { mode: "json" }).$type<unknown>().notNull(),
    updatedByUserId: integer("updated_by_user_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("import_mappings_form_key_unique").on(t.formKey)],
);

export const imports = sqliteTable(
  "imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["kobo", "locations"] }).notNull(),
    fileName: text("file_name").notNull(),
    status: text("status", { enum: ["running", "finished", "failed"] }).notNull(),
    totalRows: integer("total_rows").notNull().default(0),
    processedRows: integer("processed_rows").notNull().default(0),
    summary: text("summary", { mode: "json" }).$type<unknown>(),
    // Rejected rows with their reasons, offered back as a downloadable file.
    rejectedRows: text("rejected_rows", { mode: "json" }).$type<unknown>(),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    ...timestamps,
  },
);

// Business-skills training (§1): sessions per programme and attendance per case.
export const trainingSessions = sqliteTable(
  "training_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    title: text("title").notNull(),
    heldOn: text("held_on").notNull(),
    place: text("place"),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [index("training_sessions_programme_idx").on(t.programmeId, t.heldOn)],
);

export const trainingAttendance = sqliteTable(
  "training_attendance",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => trainingSessions.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.caseId] }), index("training_attendance_case_idx").on(t.caseId)],
);


// One business plan per case; every submission round is a version, earlier ones stay readable.
export const businessPlans = sqliteTable(
  "business_plans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    currentVersion: integer("current_version").notNull().default(1),
    status: text("status", { enum: planStatuses }).notNull().default("draft"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("business_plans_case_unique").on(t.caseId), index("business_plans_status_idx").on(t.status)],
);

export const businessPlanVersions = sqliteTable(
  "business_plan_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => businessPlans.id),
    number: integer("number").notNull(),
    summary: text("summary").notNull().default(""),
    products: text("products").notNull().default(""),
    market: text("market").notNull().default(""),
    competitors: text("competitors").notNull().default(""),
    experience: text("experience").notNull().default(""),
    premises: text("premises").notNull().default(""),
    risks: text("risks").notNull().default(""),
    expectedJobsFullTime: integer("expected_jobs_full_time").notNull().default(0),
    expectedJobsPartTime: integer("expected_jobs_part_time").notNull().default(0),
    expectedMonthlyRevenueMinor: integer("expected_monthly_revenue_minor"),
    coContributionMinor: integer("co_contribution_minor").notNull().default(0),
    // Why the committee asked for this revision (shown to the mentor writing it).
    revisionRequest: text("revision_request"),
    // The programme's rubric as it stood when reviewers were first assigned to this version:
    // every review of the version is scored and compared against it, even if the rubric is
    // edited later.
    rubric: text("rubric", { mode: "json" }).$type<unknown>(),
    submittedAt: text("submitted_at"),
    submittedByUserId: integer("submitted_by_user_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("business_plan_versions_number_unique").on(t.planId, t.number)],
);

export const budgetLines = sqliteTable(
  "budget_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planVersionId: integer("plan_version_id")
      .notNull()
      .references(() => businessPlanVersions.id),
    position: integer("position").notNull(),
    item: text("item").notNull(),
    quantity: integer("quantity").notNull(),
    unitCostMinor: integer("unit_cost_minor").notNull(),
    modality: text("modality", { enum: grantModalities }).notNull(),
    supplierQuote: text("supplier_quote"),
  },
  (t) => [index("budget_lines_version_idx").on(t.planVersionId, t.position)],
);

// Files stored outside the web root, served only to users who may see the case.
export const attachments = sqliteTable(
  "attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    planVersionId: integer("plan_version_id").references(() => businessPlanVersions.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type", { enum: ["application/pdf", "image/jpeg", "image/png"] }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedByUserId: integer("uploaded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("attachments_case_idx").on(t.caseId, t.id)],
);


// A reviewer's assignment to one plan version: conflict declaration first, then blind scores.
export const reviewAssignments = sqliteTable(
  "review_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planVersionId: integer("plan_version_id")
      .notNull()
      .references(() => businessPlanVersions.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    reviewerId: integer("reviewer_id")
      .notNull()
      .references(() => users.id),
    assignedByUserId: integer("assigned_by_user_id").references(() => users.id),
    status: text("status", { enum: reviewStatuses }).notNull().default("assigned"),
    // null until declared; true recuses the reviewer.
    conflictOfInterest: integer("conflict_of_interest", { mode: "boolean" }),
    conflictNote: text("conflict_note"),
    declaredAt: text("declared_at"),
    scores: text("scores", { mode: "json" }).$type<Record<string, { score: number; comment: string }>>(),
    // Weighted total on 0–100 in hundredths, computed on the server.
    weightedTotalHundredths: integer("weighted_total_hundredths"),
    submittedAt: text("submitted_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("review_assignments_unique").on(t.planVersionId, t.reviewerId),
    // A reviewer's queue: their assignments still to score.
    index("review_assignments_reviewer_idx").on(t.reviewerId, t.status),
    index("review_assignments_case_idx").on(t.caseId),
  ],
);


export const committeeDecisions = sqliteTable(
  "committee_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    planVersionId: integer("plan_version_id")
      .notNull()
      .references(() => businessPlanVersions.id),
    decision: text("decision", { enum: committeeDecisionKinds }).notNull(),
    amountMinor: integer("amount_minor"),
    modality: text("modality", { enum: grantModalities }),
    conditions: text("conditions"),
    reason: text("reason"),
    committeeDate: text("committee_date").notNull(),
    members: text("members", { mode: "json" }).$type<string[]>().notNull(),
    decidedByUserId: integer("decided_by_user_id").references(() => users.id),
    // Reopening is an admin action with a reason; the decision record stays.
    reopenedAt: text("reopened_at"),
    reopenedByUserId: integer("reopened_by_user_id").references(() => users.id),
    reopenReason: text("reopen_reason"),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("committee_decisions_case_idx").on(t.caseId, t.id)],
);
