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
export const displacementStatuses = ["idp", "host", "returnee", "other"] as const;
export type DisplacementStatus = (typeof displacementStatuses)[number];

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
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("cases_case_code_unique").on(t.caseCode),
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
