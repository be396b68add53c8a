// Everything the case page shows, cut to what the user's role may see (§8) by the allowlists of
// case-views.ts. Identity numbers and the specific protected category are only revealed on
// request (a POST), and each reveal is audited.
import { and, asc, desc, eq, or } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser, forbidden } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { unsealIdentity } from "~/lib/identity.server";
import { kyivToday } from "~/lib/kyiv-date";
import { placeNames } from "~/modules/locations/locations.server";
import { ageBandOn } from "~/modules/intake/age";
import { applicantFields } from "~/modules/imports/kobo-mapping";
import { applicantFormValues } from "~/modules/intake/form-values.server";
import { kvedSectionOf } from "~/modules/intake/kved";
import { checkRnokppAgainstPerson } from "~/modules/intake/rnokpp";
import { caseAudience, pseudonymisedCaseFile, staffCaseFile, type CaseFileSource } from "./case-views";
import { releasedQuasiIdentifiersOf } from "./evaluator-release.server";

export function findCaseAssignment(caseId: number) {
  return db
    .select({ id: schema.cases.id, mentorId: schema.cases.mentorId, partnerOrganisationId: schema.cases.partnerOrganisationId, programmeId: schema.cases.programmeId })
    .from(schema.cases)
    .where(eq(schema.cases.id, caseId))
    .get();
}

export function isMergedCase(caseId: number) {
  return db.select({ status: schema.cases.status }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()?.status === "merged";
}

/** The case page's data for staff and mentors (plan, review and committee pages use it too). */
export function loadCaseFile(user: CurrentUser, caseId: number) {
  const view = loadCaseView(user, caseId);
  if (view.audience === "pseudonymised") forbidden();
  return view;
}

/** The case page's data, cut to the reader's allowlist (case-views.ts). */
export function loadCaseView(user: CurrentUser, caseId: number) {
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  const business = db.select().from(schema.businesses).where(eq(schema.businesses.caseId, caseId)).get() ?? null;
  const displacementHistory = db
    .select()
    .from(schema.displacementRecords)
    .where(eq(schema.displacementRecords.personId, person.id))
    .orderBy(desc(schema.displacementRecords.id))
    .all();
  const screenings = db.select().from(schema.screenings).where(eq(schema.screenings.caseId, caseId)).orderBy(desc(schema.screenings.id)).all();
  const consents = db.select().from(schema.consents).where(eq(schema.consents.personId, person.id)).orderBy(asc(schema.consents.id)).all();
  const partner = caseRow.partnerOrganisationId
    ? db.select().from(schema.organisations).where(eq(schema.organisations.id, caseRow.partnerOrganisationId)).get()
    : undefined;
  const mentor = caseRow.mentorId ? db.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, caseRow.mentorId)).get() : undefined;
  const timeline = db
    .select({
      id: schema.auditLog.id,
      at: schema.auditLog.at,
      action: schema.auditLog.action,
      entityType: schema.auditLog.entityType,
      userName: schema.users.name,
      after: schema.auditLog.after,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .where(eq(schema.auditLog.caseId, caseId))
    .orderBy(desc(schema.auditLog.id))
    .limit(200)
    .all();
  const today = kyivToday();
  const audience = caseAudience(user.role);
  // Reviewers never reach a case page (requireCase refuses them); evaluators read the release.
  if (audience === null) forbidden();
  const released = audience === "pseudonymised" ? releasedQuasiIdentifiersOf(caseId, today) : null;
  const source: CaseFileSource = {
    case: caseRow,
    person,
    // Unknown without a birth date (an import may have none): never a guessed band.
    ageBand: ageBandOn(person.birthDate, today),
    programme,
    business,
    kvedSection: business?.kvedCode ? (kvedSectionOf(business.kvedCode)?.code ?? null) : null,
    partner: partner ?? null,
    mentorName: mentor?.name ?? null,
    mergedInto: person.mergedIntoPersonId === null ? null : survivorCase(person.mergedIntoPersonId, caseRow.programmeId),
    displacementHistory,
    screenings,
    consents,
    // The timeline shows what happened and the recorded reason, never the audit snapshots: they
    // may hold protected fields or a reviewer's score (blind scoring).
    timeline: timeline.map(({ after, ...entry }) => ({ ...entry, note: recordedReason(after) })),
    possibleDuplicates: audience === "staff" && can(user, "reviewDuplicates") ? pendingDuplicatesWithCases(person.id) : [],
    placeNames: placeNames([
      caseRow.oblastPcode,
      caseRow.hromadaPcode,
      released?.placePcode,
      ...displacementHistory.flatMap((record) => [record.currentOblastPcode, record.currentHromadaPcode, record.originOblastPcode, record.originHromadaPcode]),
    ]),
  };
  if (audience === "pseudonymised") return pseudonymisedCaseFile(source, released!);
  return staffCaseFile(source, audience, {
    seeProtectedCategory: can(user, "seeProtectedCategory"),
    reviewDuplicates: can(user, "reviewDuplicates"),
  });
}

// The case that carries on a merged person's history in the same programme.
function survivorCase(survivorPersonId: number, programmeId: number) {
  return (
    db
      .select({ id: schema.cases.id, caseCode: schema.cases.caseCode })
      .from(schema.cases)
      .where(and(eq(schema.cases.personId, survivorPersonId), eq(schema.cases.programmeId, programmeId)))
      .get() ?? null
  );
}

function recordedReason(after: unknown): string | null {
  if (!after || typeof after !== "object" || !("reason" in after)) return null;
  const reason = (after as { reason: unknown }).reason;
  return typeof reason === "string" ? reason : null;
}

function pendingDuplicatesWithCases(personId: number) {
  const pairs = db
    .select()
    .from(schema.possibleDuplicates)
    .where(
      and(
        eq(schema.possibleDuplicates.status, "pending"),
        or(eq(schema.possibleDuplicates.personId, personId), eq(schema.possibleDuplicates.matchedPersonId, personId)),
      ),
    )
    .all();
  return pairs.map((pair) => {
    const otherPersonId = pair.personId === personId ? pair.matchedPersonId : pair.personId;
    const otherCase = db
      .select({ id: schema.cases.id, caseCode: schema.cases.caseCode })
      .from(schema.cases)
      .where(eq(schema.cases.personId, otherPersonId))
      .get();
    return { id: pair.id, reasons: pair.reasons, otherCase: otherCase ?? null };
  });
}

// Reveals identity numbers and the specific protected category to roles allowed them, and
// records the view in the audit log (§8).
export function revealProtectedFields(user: CurrentUser, caseId: number) {
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
  const rnokpp = can(user, "seeIdentityNumbers") && person.rnokppSealed ? unsealIdentity(person.rnokppSealed) : null;
  const passport = can(user, "seeIdentityNumbers") && person.passportSealed ? unsealIdentity(person.passportSealed) : null;
  const protectedCategory = can(user, "seeProtectedCategory") ? caseRow.protectedCategory : null;
  db.transaction((tx) =>
    recordAudit(tx, {
      userId: user.id,
      action: "view_protected",
      entityType: "person",
      entityId: person.id,
      caseId,
      after: { fields: [rnokpp && "rnokpp", passport && "passport", protectedCategory && "protectedCategory"].filter(Boolean) },
    }),
  );
  return {
    rnokpp,
    passport,
    protectedCategory,
    // A birth date or sex that disagrees with the RNOKPP is only a warning (§2).
    rnokppWarnings: rnokpp ? checkRnokppAgainstPerson(rnokpp, { birthDate: person.birthDate, sex: person.sex }).warnings : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Corrections: the applicant form keeps identity numbers and the specific protection category on
// the server until the officer asks to see them (an audited POST, never a GET: §8).

/** The fields of the applicant form that stay on the server until revealed. */
export const protectedFormFields = ["noRnokpp", "rnokpp", "passportNumber", "protectedCategory"] as const;

/** The applicant form's values for a correction, picked without the protected fields. */
export function maskedApplicantForm(caseId: number) {
  const form = applicantFormValues(caseId);
  // Every field of the applicant form (the list the Kobo mapping uses too) but the protected ones.
  const shown = applicantFields.filter((field) => !(protectedFormFields as readonly string[]).includes(field));
  const values: Record<string, string | string[] | undefined> = Object.fromEntries(shown.map((field) => [field, form.values[field]]));
  return {
    // Posted back as is: the save keeps the stored numbers and category (withStoredIdentity).
    values: { ...values, keepIdentity: "on" },
    version: form.version,
    caseCode: form.caseCode,
    personId: form.personId,
    stored: {
      identity: form.values.rnokpp ? ("rnokpp" as const) : form.values.passportNumber ? ("passport" as const) : null,
      protectedCategory: form.values.protectedCategory !== undefined,
    },
  };
}

/** The protected fields for the edit form, revealed to an officer and audited as a view. */
export function revealForCorrection(user: CurrentUser, caseId: number) {
  const form = applicantFormValues(caseId);
  const revealed = {
    noRnokpp: can(user, "seeIdentityNumbers") ? (form.values.noRnokpp ?? null) : null,
    rnokpp: can(user, "seeIdentityNumbers") ? (form.values.rnokpp ?? null) : null,
    passportNumber: can(user, "seeIdentityNumbers") ? (form.values.passportNumber ?? null) : null,
    protectedCategory: can(user, "seeProtectedCategory") ? (form.values.protectedCategory ?? null) : null,
  };
  const fields = (["rnokpp", "passportNumber", "protectedCategory"] as const).filter((field) => revealed[field] !== null);
  db.transaction((tx) =>
    recordAudit(tx, { userId: user.id, action: "view_protected", entityType: "person", entityId: form.personId, caseId, after: { fields, purpose: "edit" } }),
  );
  return revealed;
}

/**
 * A correction posted without revealing (keepIdentity=on) carries no identity number or
 * protection category: the stored ones are put back before the form is checked, so saving never
 * erases them. The reply to such a post must hide these fields (they were never shown).
 */
export function withStoredIdentity(caseId: number, form: FormData): { form: FormData; kept: boolean } {
  if (form.get("keepIdentity") !== "on") return { form, kept: false };
  const stored = applicantFormValues(caseId).values;
  const merged = new FormData();
  for (const [name, value] of form) {
    if (name !== "keepIdentity" && !(protectedFormFields as readonly string[]).includes(name)) merged.append(name, value);
  }
  for (const field of protectedFormFields) {
    const value = stored[field];
    if (typeof value === "string") merged.set(field, value);
  }
  return { form: merged, kept: true };
}
