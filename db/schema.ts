// The data model for the whole programme lifecycle (domain.md §1): organisations and users,
// programmes, persons and their cases, reference places, and the append-only audit log.
// Money is integer minor units with a currency; dates are ISO "YYYY-MM-DD" text; instants are
// UTC ISO strings.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  type AnySQLiteColumn,
  integer,
  primaryKey,
  real,
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
  currencies,
  agreementStatuses,
  trancheStates,
  paymentStatuses,
  ledgerEntryKinds,
  supplierKinds,
  purchaseStates,
  deliveryLineStatuses,
  handoverActStates,
  measureUnits,
  equipmentConditions,
  visitModes,
  operatingStatuses,
  equipmentStatuses,
  residenceStatuses,
  workerRoles,
  rosterSources,
  rosterSnapshotKinds,
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
    // A partner NGO's coordinator: a mentor who also reads the follow-up of every mentor of their
    // organisation (issue 10). Meaningless for other roles.
    coordinator: integer("coordinator", { mode: "boolean" }).notNull().default(false),
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
    // The absolute end of the session (SESSION_MAX_HOURS after sign-in).
    expiresAt: text("expires_at").notNull(),
    // Refreshed at most every few minutes; SESSION_IDLE_HOURS after it the session has ended.
    // Sessions from before this column start at the epoch, so they end at the first request.
    lastSeenAt: text("last_seen_at").notNull().default("1970-01-01T00:00:00.000Z"),
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
    // Days a reviewer has to score a plan; each assignment keeps the due date it was given.
    reviewDays: integer("review_days").notNull().default(10),
    trainingRequired: integer("training_required", { mode: "boolean" }).notNull().default(true),
    // Published tables show counts below this as "<n" (§8).
    smallCellThreshold: integer("small_cell_threshold").notNull().default(5),
    eligibilityRules: text("eligibility_rules", { mode: "json" }).$type<unknown>(),
    vulnerabilityCriteria: text("vulnerability_criteria", { mode: "json" }).$type<unknown>(),
    // Review rubric: weighted criteria, scale, recommendation and disagreement thresholds (§5 of the issue).
    rubric: text("rubric", { mode: "json" }).$type<unknown>(),
    // The decision letter's letterhead, contacts, complaints channel and signatory, in Ukrainian
    // and English (the letter goes out in either); empty until an admin sets them.
    donorUk: text("donor_uk"),
    agencyNameUk: text("agency_name_uk"),
    agencyName: text("agency_name"),
    agencyAddressUk: text("agency_address_uk"),
    agencyAddress: text("agency_address"),
    agencyPhone: text("agency_phone"),
    agencyEmail: text("agency_email"),
    complaintsChannelUk: text("complaints_channel_uk"),
    complaintsChannel: text("complaints_channel"),
    signatoryNameUk: text("signatory_name_uk"),
    signatoryName: text("signatory_name"),
    signatoryPositionUk: text("signatory_position_uk"),
    signatoryPosition: text("signatory_position"),
    // Days after the letter within which an officer calls an approved applicant about the agreement.
    agreementCallDays: integer("agreement_call_days").notNull().default(10),
    startDate: text("start_date").notNull(),
    endDate: text("end_date"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("programmes_code_unique").on(t.code)],
);

// The officers who work on a programme: an officer sees and acts on the cases of their
// programmes only (domain.md §1). Admins and evaluators are not scoped by programme.
export const programmeMembers = sqliteTable(
  "programme_members",
  {
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  // Access checks look up one user's programmes.
  (t) => [primaryKey({ columns: [t.programmeId, t.userId] }), index("programme_members_user_idx").on(t.userId, t.programmeId)],
);

// A donor grant the programmes draw on (domain.md §9); its budget lines are what agreements are
// committed and disbursed against.
export const fundingSources = sqliteTable(
  "funding_sources",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    donor: text("donor").notNull(),
    // The donor's grant or contract reference.
    reference: text("reference").notNull(),
    currency: text("currency", { enum: currencies }).notNull(),
    totalMinor: integer("total_minor").notNull(),
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    check("funding_sources_total_check", sql`${t.totalMinor} >= 0`),
    check("funding_sources_period_check", sql`${t.periodStart} <= ${t.periodEnd}`),
  ],
);

// A programme may be paid for by several donors' funding sources, and a source may fund several
// programmes.
export const programmeFundingSources = sqliteTable(
  "programme_funding_sources",
  {
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    fundingSourceId: integer("funding_source_id")
      .notNull()
      .references(() => fundingSources.id),
  },
  // The agreement form lists the sources of one programme.
  (t) => [primaryKey({ columns: [t.programmeId, t.fundingSourceId] }), index("programme_funding_sources_source_idx").on(t.fundingSourceId)],
);

export const persons = sqliteTable(
  "persons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    surname: text("surname").notNull(),
    firstName: text("first_name").notNull(),
    patronymic: text("patronymic"),
    // As printed in the passport; stored as given, never recomputed (§2).
    latinName: text("latin_name"),
    // Null when not known: a partner's form may not ask (imports never invent one).
    sex: text("sex", { enum: sexes }),
    birthDate: text("birth_date"),
    // Where an imported birth date or sex came from when the form did not ask it: decoded from the
    // RNOKPP (domain.md §2), or only a birth year from the age stated at interview (approximate).
    birthDateSource: text("birth_date_source", { enum: ["rnokpp", "age"] }),
    approximateBirthYear: integer("approximate_birth_year"),
    sexSource: text("sex_source", { enum: ["rnokpp"] }),
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
    // A first name typed alone ("Оксана", "Viktoriia") is a prefix range on the first name.
    index("persons_first_name_skeleton_idx").on(t.firstNameSkeleton, t.surnameSkeleton),
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
    // An incomplete application (imported from a partner's form): the fields still needed before
    // screening or a plan, and the fields that form never asked ("not collected"). Null when none.
    missingFields: text("missing_fields", { mode: "json" }).$type<string[]>(),
    notCollectedFields: text("not_collected_fields", { mode: "json" }).$type<string[]>(),
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
    // A mentor's home: their cases and their organisation's still open, the latest changed first;
    // the committee's envelope: the approved amounts that stand. Partial, so that only queries
    // that say the same condition in the same words (home.server.ts, committee-board.server.ts)
    // can use them: as plain indexes they tempted the planner away from the case list's own.
    index("cases_open_mentor_idx").on(t.mentorId, t.updatedAt).where(sql`${t.status} in ('open', 'waitlisted')`),
    index("cases_open_partner_idx").on(t.partnerOrganisationId, t.updatedAt).where(sql`${t.status} in ('open', 'waitlisted')`),
    index("cases_approved_idx").on(t.programmeId, t.approvedAmountMinor).where(sql`${t.decision} = 'approved' and ${t.status} <> 'withdrawn'`),
    index("cases_oblast_idx").on(t.oblastPcode, t.id),
    // The officers' queue of incomplete applications, oldest first.
    index("cases_incomplete_idx").on(t.applicationDate, t.id).where(sql`${t.missingFields} is not null`),
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

// Refused and suspicious requests (failed and locked-out logins, 403s, blocked cross-origin,
// oversized or non-form posts), for admins at /admin/security. Append-only like the audit log:
// triggers refuse updates, and deletes of entries younger than 30 days (the retention purge
// removes only older ones).
export const securityLog = sqliteTable(
  "security_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    event: text("event").notNull(),
    userId: integer("user_id").references(() => users.id),
    address: text("address"),
    method: text("method").notNull(),
    path: text("path").notNull(),
    // What was refused: the e-mail tried, the foreign origin, the body size or content type.
    detail: text("detail"),
  },
  (t) => [
    // The admin page filters by event, newest first; the purge and date filters read by time.
    index("security_log_event_idx").on(t.event, t.id),
    index("security_log_at_idx").on(t.at),
  ],
);

export const businesses = sqliteTable(
  "businesses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    // Null when an imported form did not say whether the business exists yet.
    kind: text("kind", { enum: businessKinds }),
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

// Answers of a partner's Kobo form that have no field of their own (e-mail, the enterprise's
// EDRPOU, activities, barriers…), kept with the application under the form's labels. Free-text
// answers are never shown to evaluators (domain.md §8).
export const caseExtraAnswers = sqliteTable(
  "case_extra_answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    // The form's question (its column in the export) and the label the officer gave it.
    question: text("question").notNull(),
    label: text("label").notNull(),
    value: text("value").notNull(),
    freeText: integer("free_text", { mode: "boolean" }).notNull().default(false),
    position: integer("position").notNull().default(0),
    createdAt: timestamps.createdAt,
  },
  // The case page and the export read one case's answers in form order.
  (t) => [index("case_extra_answers_case_idx").on(t.caseId, t.position)],
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
    // Null when an imported form did not ask it.
    status: text("status", { enum: displacementStatuses }),
    idpCertificateNumber: text("idp_certificate_number"),
    idpCertificateDate: text("idp_certificate_date"),
    currentOblastPcode: text("current_oblast_pcode").references(() => adminUnits.pcode),
    currentHromadaPcode: text("current_hromada_pcode").references(() => adminUnits.pcode),
    originOblastPcode: text("origin_oblast_pcode").references(() => adminUnits.pcode),
    originHromadaPcode: text("origin_hromada_pcode").references(() => adminUnits.pcode),
    // A follow-up visit found the owner living abroad: no current place in Ukraine (§7 re-migration).
    abroad: integer("abroad", { mode: "boolean" }).notNull().default(false),
    // The visit that found the owner had moved (context follow_up): a correction of the visit
    // updates this entry, never adds a second one.
    visitId: integer("visit_id").references((): AnySQLiteColumn => followUpVisits.id),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index("displacement_records_person_idx").on(t.personId, t.id),
    uniqueIndex("displacement_records_visit_unique").on(t.visitId).where(sql`${t.visitId} is not null`),
    // Outcomes read each case's status at application (its first record in that context) from
    // the index alone.
    index("displacement_records_case_idx").on(t.caseId, t.context, t.id, t.status),
  ],
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
    version: integer("version").notNull().default(1),
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
    // A mark per trainee and session, saved on its own: unticking keeps the row (attended false)
    // so its version goes on, and two people ticking different trainees never overwrite each other.
    attended: integer("attended", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    // Who changed the mark last, and when (null until it is first changed after being recorded).
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id),
    updatedAt: text("updated_at"),
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
    // What its reviews came to, written in the change that sends the plan to the committee
    // (review-result.ts): by then every review of the version is in, submitted reviews never
    // change and the rubric above is fixed, so nothing can make it out of date. Null before.
    reviewCount: integer("review_count"),
    planScoreHundredths: integer("plan_score_hundredths"),
    recommended: integer("recommended", { mode: "boolean" }),
    reviewersDisagree: integer("reviewers_disagree", { mode: "boolean" }),
    submittedAt: text("submitted_at"),
    submittedByUserId: integer("submitted_by_user_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("business_plan_versions_number_unique").on(t.planId, t.number),
    // The officer's disagreements queue starts from the few flagged versions (review-result.ts).
    index("business_plan_versions_disagree_idx").on(t.planId).where(sql`reviewers_disagree = 1`),
  ],
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
    // The Kyiv date by which the score is due: the assignment's date plus the programme's
    // review days at that time (a later change of the setting does not move it).
    dueOn: text("due_on"),
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
    // Active reviewers of a version, counted from the index alone (the officer's "waiting for reviewers").
    index("review_assignments_version_status_idx").on(t.planVersionId, t.status),
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
    // An approval's split between modalities (they add up to the amount); `modality` is set when
    // the whole amount is in one of them.
    inKindMinor: integer("in_kind_minor"),
    cashMinor: integer("cash_minor"),
    modality: text("modality", { enum: grantModalities }),
    // Conditions bind the beneficiary and go out in both letters, so they are kept in both languages.
    conditions: text("conditions"),
    conditionsEn: text("conditions_en"),
    reason: text("reason"),
    reasonEn: text("reason_en"),
    // Why the committee decided this plan before (or over) plans ranked above it.
    rankOrderReason: text("rank_order_reason"),
    // The decision letter's outgoing reference ("<programme>/<year>/<sequence>") and date of issue.
    letterNumber: text("letter_number"),
    issuedOn: text("issued_on"),
    committeeDate: text("committee_date").notNull(),
    members: text("members", { mode: "json" }).$type<string[]>().notNull(),
    decidedByUserId: integer("decided_by_user_id").references(() => users.id),
    // Reopening is an admin action with a reason; the decision record stays.
    reopenedAt: text("reopened_at"),
    reopenedByUserId: integer("reopened_by_user_id").references(() => users.id),
    reopenReason: text("reopen_reason"),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index("committee_decisions_case_idx").on(t.caseId, t.id),
    uniqueIndex("committee_decisions_letter_number_unique").on(t.letterNumber).where(sql`${t.letterNumber} is not null`),
    check(
      "committee_decisions_split_check",
      sql`(${t.inKindMinor} is null and ${t.cashMinor} is null) or (${t.inKindMinor} >= 0 and ${t.cashMinor} >= 0 and ${t.inKindMinor} + ${t.cashMinor} = ${t.amountMinor})`,
    ),
  ],
);

// ---------------------------------------------------------------------------------------------
// Grants and money (domain.md §9). Balances are sums of ledger entries, never stored totals.
// Triggers in the migration "grants_ledger_guards" refuse what must never happen (see there).

// A budget line of a funding source (code, name, amount in the source's currency).
export const fundingBudgetLines = sqliteTable(
  "funding_budget_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    fundingSourceId: integer("funding_source_id")
      .notNull()
      .references(() => fundingSources.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("funding_budget_lines_code_unique").on(t.fundingSourceId, t.code),
    check("funding_budget_lines_amount_check", sql`${t.amountMinor} >= 0`),
  ],
);

// Rates entered by people, never fetched or assumed (§9): 1 unit of the base currency is
// rateMicros / 1,000,000 units of the quote currency (an exact integer, never a float).
export const exchangeRates = sqliteTable(
  "exchange_rates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ratedOn: text("rated_on").notNull(),
    baseCurrency: text("base_currency", { enum: currencies }).notNull(),
    quoteCurrency: text("quote_currency", { enum: currencies }).notNull(),
    rateMicros: integer("rate_micros").notNull(),
    // Where the rate comes from, e.g. "NBU" (the official rate of the National Bank of Ukraine).
    source: text("source").notNull(),
    enteredByUserId: integer("entered_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    // A money movement looks up the rate of its date for one pair.
    uniqueIndex("exchange_rates_pair_date_unique").on(t.ratedOn, t.baseCurrency, t.quoteCurrency),
    check("exchange_rates_rate_check", sql`${t.rateMicros} > 0`),
    check("exchange_rates_pair_check", sql`${t.baseCurrency} <> ${t.quoteCurrency}`),
  ],
);

// The grant agreement, made from the standing committee approval (§9).
export const grantAgreements = sqliteTable(
  "grant_agreements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => committeeDecisions.id),
    // "<programme code>-<year>-<sequence>", e.g. EEP-2026-0001; the sequence restarts each year.
    number: text("number").notNull(),
    year: integer("year").notNull(),
    sequence: integer("sequence").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency", { enum: currencies }).notNull(),
    inKindMinor: integer("in_kind_minor").notNull(),
    cashMinor: integer("cash_minor").notNull(),
    fundingSourceId: integer("funding_source_id")
      .notNull()
      .references(() => fundingSources.id),
    budgetLineId: integer("budget_line_id")
      .notNull()
      .references(() => fundingBudgetLines.id),
    conditions: text("conditions"),
    status: text("status", { enum: agreementStatuses }).notNull().default("draft"),
    signedOn: text("signed_on"),
    signedByUserId: integer("signed_by_user_id").references(() => users.id),
    // The date the beneficiary received the grant (§7): the in-kind handover or the first paid
    // tranche. Follow-up visits are counted from it.
    timeOriginOn: text("time_origin_on"),
    timeOriginReason: text("time_origin_reason"),
    withdrawnOn: text("withdrawn_on"),
    closingReason: text("closing_reason"),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    // The signed paper's scan (PDF, JPEG or PNG), stored under UPLOAD_DIR and served only to
    // those who may see the case; one per agreement, never replaced once stored.
    scanFileName: text("scan_file_name"),
    scanContentType: text("scan_content_type", { enum: ["application/pdf", "image/jpeg", "image/png"] }),
    scanSizeBytes: integer("scan_size_bytes"),
    scanSha256: text("scan_sha256"),
    scanStorageKey: text("scan_storage_key"),
    scanUploadedAt: text("scan_uploaded_at"),
    scanUploadedByUserId: integer("scan_uploaded_by_user_id").references(() => users.id),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("grant_agreements_number_unique").on(t.number),
    uniqueIndex("grant_agreements_sequence_unique").on(t.programmeId, t.year, t.sequence),
    // One live agreement per case; a cancelled draft leaves room for a new one.
    uniqueIndex("grant_agreements_case_unique").on(t.caseId).where(sql`${t.status} <> 'cancelled'`),
    // Officer queues and the grants register filter by state.
    index("grant_agreements_status_idx").on(t.status, t.id),
    index("grant_agreements_budget_line_idx").on(t.budgetLineId),
    // The grants register pages by id within a programme or a funding source.
    index("grant_agreements_programme_idx").on(t.programmeId, t.id),
    index("grant_agreements_source_idx").on(t.fundingSourceId, t.id),
    // The register's partner and oblast filters start from the cases and reach their agreement.
    index("grant_agreements_case_idx").on(t.caseId, t.status),
    check("grant_agreements_amount_check", sql`${t.amountMinor} > 0`),
    check(
      "grant_agreements_split_check",
      sql`${t.inKindMinor} >= 0 and ${t.cashMinor} >= 0 and ${t.inKindMinor} + ${t.cashMinor} = ${t.amountMinor}`,
    ),
    check("grant_agreements_signed_check", sql`${t.status} in ('draft', 'cancelled') or (${t.signedOn} is not null and ${t.signedByUserId} is not null)`),
  ],
);

// A cash tranche: planned → requested → approved → paid, or failed / cancelled (§9).
export const grantTranches = sqliteTable(
  "grant_tranches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    agreementId: integer("agreement_id")
      .notNull()
      .references(() => grantAgreements.id),
    sequence: integer("sequence").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    plannedOn: text("planned_on").notNull(),
    state: text("state", { enum: trancheStates }).notNull().default("planned"),
    requestedByUserId: integer("requested_by_user_id").references(() => users.id),
    requestedAt: text("requested_at"),
    approvedByUserId: integer("approved_by_user_id").references(() => users.id),
    approvedAt: text("approved_at"),
    cancelledReason: text("cancelled_reason"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("grant_tranches_sequence_unique").on(t.agreementId, t.sequence),
    // Queues: tranches waiting for a request, an approval or a retry.
    index("grant_tranches_state_idx").on(t.state, t.agreementId),
    // "Is an earlier tranche still open?" for each planned one, answered from the index alone.
    index("grant_tranches_earlier_idx").on(t.agreementId, t.sequence, t.state),
    check("grant_tranches_amount_check", sql`${t.amountMinor} > 0`),
    // The approver is never the requester (§9).
    check(
      "grant_tranches_four_eyes_check",
      sql`${t.approvedByUserId} is null or ${t.requestedByUserId} is null or ${t.approvedByUserId} <> ${t.requestedByUserId}`,
    ),
    check(
      "grant_tranches_approved_check",
      sql`${t.state} not in ('approved', 'paid', 'failed') or (${t.requestedByUserId} is not null and ${t.approvedByUserId} is not null)`,
    ),
  ],
);

// What must be verified before a tranche may be requested, e.g. "receipts for tranche 1 verified
// at a mentor visit"; verified by the case's mentor or an officer, with evidence.
export const grantTrancheRequirements = sqliteTable(
  "grant_tranche_requirements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    trancheId: integer("tranche_id")
      .notNull()
      .references(() => grantTranches.id),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    verifiedByUserId: integer("verified_by_user_id").references(() => users.id),
    verifiedAt: text("verified_at"),
    evidenceNote: text("evidence_note"),
    // The follow-up visit that verified it (follow_up_visits.id, declared by the follow-up stage).
    visitId: integer("visit_id"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("grant_tranche_requirements_position_unique").on(t.trancheId, t.position),
    // "Is a requirement still unverified?" for each planned tranche: only those are indexed.
    index("grant_tranche_requirements_unverified_idx").on(t.trancheId).where(sql`verified_at is null`),
    check("grant_tranche_requirements_verified_check", sql`(${t.verifiedByUserId} is null) = (${t.verifiedAt} is null)`),
  ],
);

// One bank transfer of a tranche. Never updated or deleted (triggers): a failure is a failed
// payment, its retry a new payment that points to it.
export const grantPayments = sqliteTable(
  "grant_payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    trancheId: integer("tranche_id")
      .notNull()
      .references(() => grantTranches.id),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency", { enum: currencies }).notNull(),
    status: text("status", { enum: paymentStatuses }).notNull(),
    bankReference: text("bank_reference"),
    // The transfer's date (for a failed payment, the day it was attempted).
    paidOn: text("paid_on").notNull(),
    // The agency's account the money was sent from, as used for this transfer.
    payerAccount: text("payer_account").notNull(),
    failureReason: text("failure_reason"),
    retryOfPaymentId: integer("retry_of_payment_id").references((): AnySQLiteColumn => grantPayments.id),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    // A tranche is paid at most once: only failed payments may stand beside another one (§9).
    uniqueIndex("grant_payments_one_per_tranche").on(t.trancheId).where(sql`${t.status} <> 'failed'`),
    // A failed payment is retried once; a failed retry is retried in turn.
    uniqueIndex("grant_payments_retry_unique").on(t.retryOfPaymentId).where(sql`${t.retryOfPaymentId} is not null`),
    // A tranche's payments, failed ones included (the partial index above cannot serve that).
    index("grant_payments_tranche_idx").on(t.trancheId),
    check("grant_payments_amount_check", sql`${t.amountMinor} > 0`),
    check("grant_payments_paid_check", sql`${t.status} <> 'paid' or ${t.bankReference} is not null`),
    check("grant_payments_failed_check", sql`${t.status} <> 'failed' or ${t.failureReason} is not null`),
  ],
);

// The append-only ledger (§9): every commitment, release, disbursement, return and correction.
// Amounts are signed, in the agreement's currency, and converted with the rate of their date to
// the budget line's currency (balances per line) and the programme's reporting currency.
export const grantLedgerEntries = sqliteTable(
  "grant_ledger_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ledgerEntryKinds }).notNull(),
    agreementId: integer("agreement_id")
      .notNull()
      .references(() => grantAgreements.id),
    budgetLineId: integer("budget_line_id")
      .notNull()
      .references(() => fundingBudgetLines.id),
    // Which part of the grant moved; null for commitments and releases of the whole agreement.
    modality: text("modality", { enum: grantModalities }),
    effectiveOn: text("effective_on").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency", { enum: currencies }).notNull(),
    lineCurrency: text("line_currency", { enum: currencies }).notNull(),
    lineAmountMinor: integer("line_amount_minor").notNull(),
    // The rate used (null when the currencies are the same); "inverted" means the stored rate's
    // quote currency was converted back to its base currency.
    lineRateId: integer("line_rate_id").references(() => exchangeRates.id),
    lineRateMicros: integer("line_rate_micros"),
    lineRateInverted: integer("line_rate_inverted", { mode: "boolean" }).notNull().default(false),
    reportingCurrency: text("reporting_currency", { enum: currencies }).notNull(),
    reportingAmountMinor: integer("reporting_amount_minor").notNull(),
    reportingRateId: integer("reporting_rate_id").references(() => exchangeRates.id),
    reportingRateMicros: integer("reporting_rate_micros"),
    reportingRateInverted: integer("reporting_rate_inverted", { mode: "boolean" }).notNull().default(false),
    paymentId: integer("payment_id").references(() => grantPayments.id),
    // The in-kind act of acceptance and transfer (declared by the procurement part of grants).
    actId: integer("act_id"),
    reversesEntryId: integer("reverses_entry_id").references((): AnySQLiteColumn => grantLedgerEntries.id),
    note: text("note"),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    // Balances per agreement and per budget line are sums over these (and the triggers' checks);
    // outcomes sum each grant's disbursed amount in the reporting currency from the index alone.
    index("grant_ledger_entries_agreement_idx").on(t.agreementId, t.kind, t.reportingAmountMinor),
    index("grant_ledger_entries_line_idx").on(t.budgetLineId, t.kind),
    // A payment or an act is disbursed once.
    uniqueIndex("grant_ledger_entries_payment_unique").on(t.paymentId).where(sql`${t.kind} = 'disbursement' and ${t.paymentId} is not null`),
    uniqueIndex("grant_ledger_entries_act_unique").on(t.actId).where(sql`${t.kind} = 'disbursement' and ${t.actId} is not null`),
    index("grant_ledger_entries_reverses_idx").on(t.reversesEntryId),
    check(
      "grant_ledger_entries_sign_check",
      sql`(${t.kind} in ('commitment', 'disbursement') and ${t.amountMinor} > 0) or (${t.kind} in ('release', 'return') and ${t.amountMinor} < 0) or (${t.kind} = 'correction' and ${t.amountMinor} <> 0)`,
    ),
    check("grant_ledger_entries_reverses_check", sql`${t.kind} not in ('return', 'correction') or ${t.reversesEntryId} is not null`),
    check("grant_ledger_entries_disbursement_check", sql`${t.kind} <> 'disbursement' or ${t.paymentId} is not null or ${t.actId} is not null`),
  ],
);

// ---------------------------------------------------------------------------------------------
// In-kind procurement ending in the act of acceptance and transfer (domain.md §9). Purchases,
// quotations and acts are in hryvnias: the agency buys from Ukrainian suppliers; the ledger
// converts the act's total to the agreement's currency with the rate of the handover date.

// Per programme: the quotation rule and the issuing agency's details printed on acts.
export const procurementSettings = sqliteTable(
  "procurement_settings",
  {
    programmeId: integer("programme_id")
      .primaryKey()
      .references(() => programmes.id),
    minQuotations: integer("min_quotations").notNull().default(3),
    quotationThresholdMinor: integer("quotation_threshold_minor").notNull().default(5_000_000),
    issuerNameUk: text("issuer_name_uk").notNull(),
    issuerNameEn: text("issuer_name_en").notNull(),
    issuerEdrpou: text("issuer_edrpou").notNull(),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    check("procurement_settings_quotations_check", sql`${t.minQuotations} between 1 and 10 and ${t.quotationThresholdMinor} >= 0`),
    check("procurement_settings_edrpou_check", sql`length(${t.issuerEdrpou}) = 8 and ${t.issuerEdrpou} not glob '*[^0-9]*'`),
  ],
);

// A legal entity (EDRPOU, public) or a sole trader, whose RNOKPP is identity-grade (§2): kept
// as a keyed hash (one supplier per number) and an encrypted copy, like persons' numbers.
export const suppliers = sqliteTable(
  "suppliers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    kind: text("kind", { enum: supplierKinds }).notNull(),
    edrpou: text("edrpou"),
    rnokppHash: text("rnokpp_hash"),
    rnokppSealed: text("rnokpp_sealed"),
    contactPerson: text("contact_person"),
    phone: text("phone"),
    email: text("email"),
    address: text("address"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("suppliers_edrpou_unique").on(t.edrpou).where(sql`${t.edrpou} is not null`),
    uniqueIndex("suppliers_rnokpp_hash_unique").on(t.rnokppHash).where(sql`${t.rnokppHash} is not null`),
    check(
      "suppliers_code_check",
      sql`(${t.kind} = 'legal_entity' and ${t.edrpou} is not null and ${t.rnokppHash} is null) or (${t.kind} = 'sole_trader' and ${t.edrpou} is null and ${t.rnokppHash} is not null and ${t.rnokppSealed} is not null)`,
    ),
  ],
);

export const supplierOblasts = sqliteTable(
  "supplier_oblasts",
  {
    supplierId: integer("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "cascade" }),
    oblastPcode: text("oblast_pcode")
      .notNull()
      .references(() => adminUnits.pcode),
  },
  // Quotation forms offer the suppliers serving the grantee's oblast.
  (t) => [primaryKey({ columns: [t.supplierId, t.oblastPcode] }), index("supplier_oblasts_oblast_idx").on(t.oblastPcode)],
);

// A purchase for one or several grantees: draft → quoting → ordered → delivered → closed, or
// cancelled. The purchase order is the chosen quotation plus its number and date.
export const purchases = sqliteTable(
  "purchases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    // "PUR-<programme code>-<year>-<sequence>"; the sequence restarts each year.
    number: text("number").notNull(),
    year: integer("year").notNull(),
    sequence: integer("sequence").notNull(),
    description: text("description").notNull(),
    state: text("state", { enum: purchaseStates }).notNull().default("draft"),
    currency: text("currency", { enum: currencies }).notNull().default("UAH"),
    chosenQuotationId: integer("chosen_quotation_id").references((): AnySQLiteColumn => quotations.id),
    choiceReason: text("choice_reason"),
    orderNumber: text("order_number"),
    orderedOn: text("ordered_on"),
    orderedByUserId: integer("ordered_by_user_id").references(() => users.id),
    cancelledReason: text("cancelled_reason"),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("purchases_number_unique").on(t.number),
    uniqueIndex("purchases_sequence_unique").on(t.programmeId, t.year, t.sequence),
    uniqueIndex("purchases_order_number_unique").on(t.orderNumber).where(sql`${t.orderNumber} is not null`),
    // Officer queues: purchases to place, deliveries to check.
    index("purchases_state_idx").on(t.state, t.id),
    check("purchases_currency_check", sql`${t.currency} = 'UAH'`),
    check(
      "purchases_order_check",
      sql`${t.state} not in ('ordered', 'delivered', 'closed') or (${t.chosenQuotationId} is not null and ${t.orderNumber} is not null and ${t.orderedOn} is not null)`,
    ),
    check("purchases_cancelled_check", sql`${t.state} <> 'cancelled' or ${t.cancelledReason} is not null`),
  ],
);

// What a purchase buys, each line for one grantee's agreement, from their approved plan's
// in-kind budget line.
export const purchaseItems = sqliteTable(
  "purchase_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purchaseId: integer("purchase_id")
      .notNull()
      .references(() => purchases.id),
    position: integer("position").notNull(),
    agreementId: integer("agreement_id")
      .notNull()
      .references(() => grantAgreements.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    planBudgetLineId: integer("plan_budget_line_id")
      .notNull()
      .references(() => budgetLines.id),
    name: text("name").notNull(),
    model: text("model"),
    unit: text("unit", { enum: measureUnits }).notNull(),
    quantity: integer("quantity").notNull(),
    estimatedUnitPriceMinor: integer("estimated_unit_price_minor").notNull(),
    serialised: integer("serialised", { mode: "boolean" }).notNull(),
  },
  (t) => [
    uniqueIndex("purchase_items_position_unique").on(t.purchaseId, t.position),
    // Acts gather the accepted goods of one agreement; plan lines are not bought twice.
    index("purchase_items_agreement_idx").on(t.agreementId),
    index("purchase_items_plan_line_idx").on(t.planBudgetLineId),
    check("purchase_items_quantity_check", sql`${t.quantity} > 0 and ${t.estimatedUnitPriceMinor} >= 0`),
  ],
);

// One supplier's quotation for a purchase, priced per item.
export const quotations = sqliteTable(
  "quotations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purchaseId: integer("purchase_id")
      .notNull()
      .references(() => purchases.id),
    supplierId: integer("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    receivedOn: text("received_on").notNull(),
    // The supplier's own number for the offer.
    reference: text("reference"),
    note: text("note"),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  // Quotations count per distinct supplier: one each per purchase.
  (t) => [uniqueIndex("quotations_supplier_unique").on(t.purchaseId, t.supplierId)],
);

export const quotationPrices = sqliteTable(
  "quotation_prices",
  {
    quotationId: integer("quotation_id")
      .notNull()
      .references(() => quotations.id),
    purchaseItemId: integer("purchase_item_id")
      .notNull()
      .references(() => purchaseItems.id),
    unitPriceMinor: integer("unit_price_minor").notNull(),
  },
  (t) => [primaryKey({ columns: [t.quotationId, t.purchaseItemId] }), check("quotation_prices_price_check", sql`${t.unitPriceMinor} >= 0`)],
);

// A delivery checked against the order; accepted units become equipment items.
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purchaseId: integer("purchase_id")
      .notNull()
      .references(() => purchases.id),
    deliveredOn: text("delivered_on").notNull(),
    // The supplier's waybill (видаткова накладна).
    waybillNumber: text("waybill_number"),
    note: text("note"),
    checkedByUserId: integer("checked_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("deliveries_purchase_idx").on(t.purchaseId)],
);

export const deliveryLines = sqliteTable(
  "delivery_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => deliveries.id),
    purchaseItemId: integer("purchase_item_id")
      .notNull()
      .references(() => purchaseItems.id),
    quantityReceived: integer("quantity_received").notNull(),
    quantityAccepted: integer("quantity_accepted").notNull(),
    quantityDefective: integer("quantity_defective").notNull(),
    status: text("status", { enum: deliveryLineStatuses }).notNull(),
    defectiveSerialNumbers: text("defective_serial_numbers", { mode: "json" }).$type<string[]>().notNull(),
    defectNote: text("defect_note"),
  },
  (t) => [
    uniqueIndex("delivery_lines_item_unique").on(t.deliveryId, t.purchaseItemId),
    index("delivery_lines_purchase_item_idx").on(t.purchaseItemId),
    check(
      "delivery_lines_quantities_check",
      sql`${t.quantityAccepted} >= 0 and ${t.quantityDefective} >= 0 and ${t.quantityAccepted} + ${t.quantityDefective} <= ${t.quantityReceived}`,
    ),
  ],
);

// The act of acceptance and transfer for one grantee (§9). The issuer, the representative and
// the beneficiary are copied in when it is prepared, so a signed act never changes with later
// edits elsewhere. The beneficiary's ID document is identity-grade (§8): kept encrypted.
export const handoverActs = sqliteTable(
  "handover_acts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    agreementId: integer("agreement_id")
      .notNull()
      .references(() => grantAgreements.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    // "ACT-<programme code>-<year>-<sequence>"; the sequence restarts each year.
    number: text("number").notNull(),
    year: integer("year").notNull(),
    sequence: integer("sequence").notNull(),
    state: text("state", { enum: handoverActStates }).notNull().default("prepared"),
    // The date on the act; once signed it is the handover date, the grant's time origin (§9).
    actDate: text("act_date").notNull(),
    place: text("place").notNull(),
    currency: text("currency", { enum: currencies }).notNull().default("UAH"),
    issuerNameUk: text("issuer_name_uk").notNull(),
    issuerNameEn: text("issuer_name_en").notNull(),
    issuerEdrpou: text("issuer_edrpou").notNull(),
    agencyRepresentativePosition: text("agency_representative_position").notNull(),
    agencyRepresentativeName: text("agency_representative_name").notNull(),
    beneficiaryName: text("beneficiary_name").notNull(),
    beneficiaryIdDocumentSealed: text("beneficiary_id_document_sealed").notNull(),
    preparedByUserId: integer("prepared_by_user_id").references(() => users.id),
    signedAt: text("signed_at"),
    signedByUserId: integer("signed_by_user_id").references(() => users.id),
    cancelledReason: text("cancelled_reason"),
    // The signed paper's scan or photo, stored under UPLOAD_DIR like other attachments but
    // never listed among the plan's files: it carries the ID document.
    scanFileName: text("scan_file_name"),
    scanContentType: text("scan_content_type", { enum: ["application/pdf", "image/jpeg", "image/png"] }),
    scanSizeBytes: integer("scan_size_bytes"),
    scanSha256: text("scan_sha256"),
    scanStorageKey: text("scan_storage_key"),
    scanUploadedAt: text("scan_uploaded_at"),
    scanUploadedByUserId: integer("scan_uploaded_by_user_id").references(() => users.id),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("handover_acts_number_unique").on(t.number),
    uniqueIndex("handover_acts_sequence_unique").on(t.programmeId, t.year, t.sequence),
    index("handover_acts_agreement_idx").on(t.agreementId),
    // Officer queue: acts to sign.
    index("handover_acts_state_idx").on(t.state, t.id),
    check("handover_acts_currency_check", sql`${t.currency} = 'UAH'`),
    check("handover_acts_signed_check", sql`${t.state} <> 'signed' or (${t.signedAt} is not null and ${t.signedByUserId} is not null)`),
    check("handover_acts_cancelled_check", sql`${t.state} <> 'cancelled' or ${t.cancelledReason} is not null`),
  ],
);

// Goods accepted at delivery, one row per serialised unit (quantity 1, its serial number) or per
// delivered line of other goods. They go onto an act, and follow-up visits report on each.
export const equipmentItems = sqliteTable(
  "equipment_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purchaseItemId: integer("purchase_item_id")
      .notNull()
      .references(() => purchaseItems.id),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => deliveries.id),
    agreementId: integer("agreement_id")
      .notNull()
      .references(() => grantAgreements.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    name: text("name").notNull(),
    model: text("model"),
    unit: text("unit", { enum: measureUnits }).notNull(),
    quantity: integer("quantity").notNull(),
    serialNumber: text("serial_number"),
    // The serial number compared without spaces and case: a unit is delivered once.
    serialKey: text("serial_key"),
    inventoryNumber: text("inventory_number"),
    // The chosen quotation's unit price.
    unitPriceMinor: integer("unit_price_minor").notNull(),
    actId: integer("act_id").references(() => handoverActs.id),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("equipment_items_serial_unique").on(t.serialKey).where(sql`${t.serialKey} is not null`),
    // The case page lists a grant's equipment; an act lists its rows.
    index("equipment_items_agreement_idx").on(t.agreementId, t.id),
    index("equipment_items_act_idx").on(t.actId),
    index("equipment_items_case_idx").on(t.caseId),
    check("equipment_items_quantity_check", sql`${t.quantity} > 0 and ${t.unitPriceMinor} >= 0`),
    check("equipment_items_serial_check", sql`(${t.serialNumber} is null) = (${t.serialKey} is null) and (${t.serialNumber} is null or ${t.quantity} = 1)`),
  ],
);

// Equipment taken back after a withdrawal (§9), recorded against the item and its serial number.
export const equipmentRecoveries = sqliteTable(
  "equipment_recoveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    equipmentItemId: integer("equipment_item_id")
      .notNull()
      .references(() => equipmentItems.id),
    recoveredOn: text("recovered_on").notNull(),
    reason: text("reason").notNull(),
    condition: text("condition", { enum: equipmentConditions }).notNull(),
    // Who physically took it back (an officer, a mentor, a partner's staff member).
    recoveredBy: text("recovered_by").notNull(),
    note: text("note"),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex("equipment_recoveries_item_unique").on(t.equipmentItemId)],
);

// ---------------------------------------------------------------------------------------------
// Follow-up visits (domain.md §7, §10). A visit's state (upcoming, due, overdue, missed,
// completed, late, skipped) is computed from these dates in Kyiv time, never stored.

// A programme's follow-up schedule: each save is a new version, effective for grants whose time
// origin falls on or after `effectiveFrom`; visits already planned keep the version they used.
export const followUpSchedules = sqliteTable(
  "follow_up_schedules",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    // "all": the programme's common schedule; a modality's own one takes precedence for it.
    modality: text("modality", { enum: ["all", ...grantModalities] }).notNull(),
    // 1, 2, 3… per programme and modality: the editor posts the one it showed (compare-and-set).
    version: integer("version").notNull(),
    effectiveFrom: text("effective_from").notNull(),
    stages: text("stages", { mode: "json" })
      .$type<Array<{ monthsAfterOrigin: number; windowDaysBefore: number; windowDaysAfter: number; required: boolean }>>()
      .notNull(),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex("follow_up_schedules_version_unique").on(t.programmeId, t.modality, t.version)],
);

// One planned visit of a grant per stage, created when the grant gets its time origin. Its dates
// change only by a reschedule with a reason, or a corrected time origin (both audited).
export const plannedVisits = sqliteTable(
  "planned_visits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    agreementId: integer("agreement_id")
      .notNull()
      .references(() => grantAgreements.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    // Null when the programme had no saved schedule and its follow-up months were used.
    scheduleId: integer("schedule_id").references(() => followUpSchedules.id),
    monthsAfterOrigin: integer("months_after_origin").notNull(),
    dueDate: text("due_date").notNull(),
    windowStart: text("window_start").notNull(),
    windowEnd: text("window_end").notNull(),
    required: integer("required", { mode: "boolean" }).notNull(),
    rescheduledReason: text("rescheduled_reason"),
    rescheduledByUserId: integer("rescheduled_by_user_id").references(() => users.id),
    rescheduledAt: text("rescheduled_at"),
    skippedReason: text("skipped_reason"),
    skippedByUserId: integer("skipped_by_user_id").references(() => users.id),
    skippedAt: text("skipped_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("planned_visits_stage_unique").on(t.agreementId, t.monthsAfterOrigin),
    // The case page and the mentor's queue read a case's visits in date order.
    index("planned_visits_case_idx").on(t.caseId, t.dueDate),
    // The officer's overdue and missed counts scan by window.
    index("planned_visits_window_idx").on(t.windowEnd, t.windowStart),
    check("planned_visits_window_check", sql`${t.windowStart} <= ${t.dueDate} and ${t.dueDate} <= ${t.windowEnd}`),
  ],
);

// What a visit (or call) found (§10). Notes are protected free text: never shown to evaluators.
export const followUpVisits = sqliteTable(
  "follow_up_visits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Null for a visit made outside the schedule.
    plannedVisitId: integer("planned_visit_id").references(() => plannedVisits.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    agreementId: integer("agreement_id")
      .notNull()
      .references(() => grantAgreements.id),
    visitDate: text("visit_date").notNull(),
    mode: text("mode", { enum: visitModes }).notNull(),
    visitorUserId: integer("visitor_user_id")
      .notNull()
      .references(() => users.id),
    operatingStatus: text("operating_status", { enum: operatingStatuses }).notNull(),
    closureDate: text("closure_date"),
    closureReason: text("closure_reason"),
    monthlyRevenueMinor: integer("monthly_revenue_minor"),
    monthlyNetIncomeMinor: integer("monthly_net_income_minor"),
    residence: text("residence", { enum: residenceStatuses }).notNull(),
    newHromadaPcode: text("new_hromada_pcode").references(() => adminUnits.pcode),
    problems: text("problems", { mode: "json" }).$type<string[]>().notNull(),
    mentoringGiven: text("mentoring_given", { mode: "json" }).$type<string[]>().notNull(),
    notes: text("notes"),
    // The tranche requirement this visit verified (cash grants).
    trancheRequirementId: integer("tranche_requirement_id").references(() => grantTrancheRequirements.id),
    // Generated when the form was opened: a second submit of the same form stores nothing new.
    idempotencyKey: text("idempotency_key").notNull(),
    version: integer("version").notNull().default(1),
    createdByUserId: integer("created_by_user_id")
      .notNull()
      .references(() => users.id),
    updatedByUserId: integer("updated_by_user_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("follow_up_visits_idempotency_unique").on(t.idempotencyKey),
    // A planned visit is made once.
    uniqueIndex("follow_up_visits_planned_unique").on(t.plannedVisitId).where(sql`${t.plannedVisitId} is not null`),
    index("follow_up_visits_case_idx").on(t.caseId, t.visitDate),
    // Visits completed per month (officer's follow-up page).
    index("follow_up_visits_date_idx").on(t.visitDate),
    // Outcomes read each grant's visits and find its latest reached one (survival, jobs, income,
    // re-migration): every column they read is in the index, so 300,000 visits are read without
    // touching the table (app/modules/outcomes/business-outcomes.server.ts).
    index("follow_up_visits_agreement_idx").on(
      t.agreementId,
      t.visitDate,
      t.id,
      t.operatingStatus,
      t.closureDate,
      t.residence,
      t.newHromadaPcode,
      t.plannedVisitId,
      t.monthlyRevenueMinor,
      t.monthlyNetIncomeMinor,
    ),
    check("follow_up_visits_closure_check", sql`${t.operatingStatus} = 'closed' or (${t.closureDate} is null and ${t.closureReason} is null)`),
  ],
);

// The worker roster (§7), one row per worker per snapshot: the baseline recorded at application
// and the roster as each visit left it. A worker keeps the same workerId in every snapshot, so
// they are counted once; a departure is an end date, never a removed row.
export const workerRosterRows = sqliteTable(
  "worker_roster_rows",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    businessId: integer("business_id")
      .notNull()
      .references(() => businesses.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    snapshotKind: text("snapshot_kind", { enum: rosterSnapshotKinds }).notNull(),
    // The visit that recorded this snapshot; null for the baseline.
    visitId: integer("visit_id").references(() => followUpVisits.id),
    recordedOn: text("recorded_on").notNull(),
    workerId: text("worker_id").notNull(),
    role: text("role", { enum: workerRoles }),
    paid: integer("paid", { mode: "boolean" }),
    hoursPerWeek: real("hours_per_week"),
    sex: text("sex", { enum: sexes }),
    displacementStatus: text("displacement_status", { enum: displacementStatuses }),
    startDate: text("start_date"),
    endDate: text("end_date"),
    // A seasonal worker's months of work a year (1–12); null: all year.
    monthsPerYear: integer("months_per_year"),
    source: text("source", { enum: rosterSources }).notNull().default("recorded"),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex("worker_roster_rows_visit_unique").on(t.visitId, t.workerId).where(sql`${t.visitId} is not null`),
    uniqueIndex("worker_roster_rows_baseline_unique").on(t.businessId, t.workerId).where(sql`${t.snapshotKind} = 'baseline'`),
    // A business's roster history, in order (visit form, outcomes).
    index("worker_roster_rows_case_idx").on(t.caseId, t.recordedOn),
    // Outcomes count the jobs of each business's baseline roster and of the roster its latest
    // reached visit left, from these indexes alone (business-outcomes.server.ts).
    index("worker_roster_rows_visit_jobs_idx")
      .on(t.visitId, t.recordedOn, t.role, t.paid, t.hoursPerWeek, t.sex, t.displacementStatus, t.startDate, t.endDate, t.monthsPerYear)
      .where(sql`${t.visitId} is not null`),
    index("worker_roster_rows_baseline_jobs_idx")
      .on(t.businessId, t.recordedOn, t.role, t.paid, t.hoursPerWeek, t.sex, t.displacementStatus, t.startDate, t.endDate, t.monthsPerYear)
      .where(sql`${t.snapshotKind} = 'baseline'`),
    check("worker_roster_rows_snapshot_check", sql`(${t.snapshotKind} = 'visit') = (${t.visitId} is not null)`),
  ],
);

// Each item handed over (by its serial number), as a visit found it (§10).
export const visitEquipmentStatuses = sqliteTable(
  "visit_equipment_statuses",
  {
    visitId: integer("visit_id")
      .notNull()
      .references(() => followUpVisits.id),
    equipmentItemId: integer("equipment_item_id")
      .notNull()
      .references(() => equipmentItems.id),
    status: text("status", { enum: equipmentStatuses }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.equipmentItemId] }), index("visit_equipment_statuses_item_idx").on(t.equipmentItemId)],
);

// Photos taken at a visit: JPEG or PNG recognised by content, reduced on the server, stored under
// UPLOAD_DIR and served only to those who may read the visit.
export const visitPhotos = sqliteTable(
  "visit_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    visitId: integer("visit_id")
      .notNull()
      .references(() => followUpVisits.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type", { enum: ["image/jpeg", "image/png"] }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    width: integer("width"),
    height: integer("height"),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedByUserId: integer("uploaded_by_user_id").references(() => users.id),
    createdAt: timestamps.createdAt,
    // A deleted photo keeps its row (the visit's audit entries name it); its file is removed.
    deletedAt: text("deleted_at"),
    deletedByUserId: integer("deleted_by_user_id").references(() => users.id),
  },
  (t) => [index("visit_photos_visit_idx").on(t.visitId)],
);
