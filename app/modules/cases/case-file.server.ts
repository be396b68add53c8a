// Everything the case page shows, cut to what the user's role may see (§8). Identity numbers
// and the specific protected category are only revealed on request, and each reveal is audited.
import { and, asc, desc, eq, or } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { can, requireCaseAccess, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { unsealIdentity } from "~/lib/identity.server";
import { placeNames } from "~/modules/locations/locations.server";
import { ageBand, ageOn } from "~/modules/intake/age";
import { checkRnokppAgainstPerson } from "~/modules/intake/rnokpp";

export function findCaseAssignment(caseId: number) {
  return db
    .select({ id: schema.cases.id, mentorId: schema.cases.mentorId, partnerOrganisationId: schema.cases.partnerOrganisationId })
    .from(schema.cases)
    .where(eq(schema.cases.id, caseId))
    .get();
}

export function requireCase(user: CurrentUser, caseIdParam: string | undefined) {
  const caseId = Number(caseIdParam);
  const assignment = Number.isInteger(caseId) ? findCaseAssignment(caseId) : undefined;
  requireCaseAccess(user, assignment);
  return caseId;
}

export function isMergedCase(caseId: number) {
  return db.select({ status: schema.cases.status }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()?.status === "merged";
}

export function loadCaseFile(user: CurrentUser, caseId: number) {
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
  const seesIdentifiers = can(user, "seeIdentifiers");
  const today = new Date().toISOString().slice(0, 10);
  return {
    case: {
      id: caseRow.id,
      caseCode: caseRow.caseCode,
      stage: caseRow.stage,
      status: caseRow.status,
      eligibility: caseRow.eligibility,
      vulnerabilityScore: caseRow.vulnerabilityScore,
      applicationDate: caseRow.applicationDate,
      referralSource: caseRow.referralSource,
      displacementStatus: caseRow.displacementStatus,
      oblastPcode: caseRow.oblastPcode,
      hromadaPcode: caseRow.hromadaPcode,
      household: {
        size: caseRow.householdSize,
        children: caseRow.children,
        olderMembers: caseRow.olderMembers,
        membersWithDisability: caseRow.membersWithDisability,
        monthlyIncomeMinor: seesIdentifiers ? caseRow.monthlyHouseholdIncomeMinor : null,
      },
      vulnerability: {
        femaleHeaded: caseRow.femaleHeaded,
        singleParent: caseRow.singleParent,
        veteranOrFamily: caseRow.veteranOrFamily,
        protectionFlag: caseRow.protectionFlag,
        hasProtectedCategory: can(user, "seeProtectedCategory") && caseRow.protectedCategory !== null,
      },
      partnerName: partner ? { name: partner.name, nameUk: partner.nameUk } : null,
      mentorName: mentor?.name ?? null,
      version: caseRow.version,
      mergedInto: person.mergedIntoPersonId === null ? null : survivorCase(person.mergedIntoPersonId, caseRow.programmeId),
    },
    programme: { id: programme.id, code: programme.code, currency: programme.currency, ceilingMinor: programme.grantCeilingMinor },
    // Evaluators see the pseudonymous code, sex and age band only (§8).
    person: seesIdentifiers
      ? {
          surname: person.surname,
          firstName: person.firstName,
          patronymic: person.patronymic,
          latinName: person.latinName,
          sex: person.sex,
          birthDate: person.birthDate,
          ageBand: ageBand(ageOn(person.birthDate, today)),
          phone: person.phone,
          disability: person.disability,
          washingtonGroup: person.washingtonGroup,
          hasRnokpp: person.rnokppSealed !== null,
          hasPassport: person.passportSealed !== null,
        }
      : { sex: person.sex, ageBand: ageBand(ageOn(person.birthDate, today)), disability: person.disability },
    business,
    displacementHistory: displacementHistory.map((record) => ({
      ...record,
      idpCertificateNumber: seesIdentifiers ? record.idpCertificateNumber : null,
    })),
    screenings,
    consents: seesIdentifiers ? consents : [],
    places: placeNames([
      caseRow.oblastPcode,
      caseRow.hromadaPcode,
      ...displacementHistory.flatMap((record) => [record.currentOblastPcode, record.currentHromadaPcode, record.originOblastPcode, record.originHromadaPcode]),
    ]),
    possibleDuplicates: can(user, "reviewDuplicates") ? pendingDuplicatesWithCases(person.id) : [],
    // The timeline shows what happened and the recorded reason, never the audit snapshots: they
    // may hold protected fields or a reviewer's score (blind scoring). Reasons are free-text
    // notes, so evaluators do not get them (§8).
    timeline: timeline.map(({ after, ...entry }) => ({ ...entry, note: seesIdentifiers ? recordedReason(after) : null })),
  };
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
