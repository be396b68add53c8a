// Registering applicants: one transaction writes the person, their case, consent, displacement
// record, business and blocking keys, after the definite- and possible-duplicate checks (§2).
import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { notFound } from "~/lib/not-found.server";
import type { BaselineWorkers } from "../../../db/schema";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { identityHash, sealIdentity } from "~/lib/identity.server";
import { kyivToday } from "~/lib/kyiv-date";
import { StaleRecordError } from "~/lib/stale-record.server";
import { newCaseCode } from "~/modules/cases/case-code.server";
import { syncBaselineRosterFromCounts } from "~/modules/followup/roster.server";
import { assertCaseVersion, lastCaseChange } from "~/modules/cases/case-transitions.server";
import { missingLaterFields } from "./completeness";
import { kvedVersion } from "./kved";
import { dedupBlockingKeys, isPossibleDuplicate, nameSkeleton, type PersonForMatching } from "./name-matching";
import { decodeRnokpp } from "./rnokpp";
import type { ApplicantInput, RegistrationInput } from "./schema";
import { hasDisability, wgDomains, type WgAnswers } from "./washington-group";

export type RegistrationResult =
  | {
      kind: "created";
      caseId: number;
      caseCode: string;
      personId: number;
      partnerOrganisationId: number | null;
      possibleDuplicates: number;
      possibleDuplicatePersonIds: number[];
    }
  | { kind: "definite_duplicate"; personId: number; caseId: number | null; matchedOn: "rnokpp" | "passport" }
  | { kind: "already_imported"; caseId: number };

function identityOf(input: Pick<RegistrationInput, "noRnokpp" | "rnokpp" | "passportNumber">) {
  if (!input.noRnokpp && input.rnokpp) return { kind: "rnokpp" as const, hash: identityHash("rnokpp", input.rnokpp), value: input.rnokpp.trim() };
  if (input.passportNumber) return { kind: "passport" as const, hash: identityHash("passport", input.passportNumber), value: input.passportNumber.trim() };
  return null;
}

// Exact RNOKPP or passport match through the keyed hash: a definite duplicate (§2).
export function findDefiniteDuplicate(tx: Transaction, input: Pick<RegistrationInput, "noRnokpp" | "rnokpp" | "passportNumber" | "programmeId">) {
  const identity = identityOf(input);
  if (!identity) return null;
  const lookups = (registrationLookups ??= compileRegistrationLookups());
  const person = (identity.kind === "rnokpp" ? lookups.personByRnokpp : lookups.personByPassport).get({ hash: identity.hash });
  if (!person) return null;
  const existingCase =
    tx
      .select({ id: schema.cases.id })
      .from(schema.cases)
      .where(and(eq(schema.cases.personId, person.id), eq(schema.cases.programmeId, input.programmeId)))
      .get() ??
    tx.select({ id: schema.cases.id }).from(schema.cases).where(eq(schema.cases.personId, person.id)).get();
  return { personId: person.id, caseId: existingCase?.id ?? null, matchedOn: identity.kind };
}

/**
 * The person as deduplication compares them (domain.md §2): without a birth date of their own,
 * the one their RNOKPP encodes, so a returning applicant whose new form asked only an age is
 * still found by name and birth date.
 */
export function personForMatching(person: PersonForMatching & { rnokpp?: string | null; noRnokpp?: boolean }): PersonForMatching {
  let birthDate = person.birthDate ?? null;
  if (!birthDate && person.rnokpp && !person.noRnokpp) {
    const decoded = decodeRnokpp(person.rnokpp);
    if (decoded.ok) birthDate = decoded.birthDate;
  }
  return { surname: person.surname, firstName: person.firstName, latinName: person.latinName, phone: person.phone, birthDate };
}

// Possible duplicates: candidates share a blocking key (an index lookup), then the
// transliteration-aware matcher decides. Dismissed pairs are not asked again.
export function findPossibleDuplicates(tx: Transaction, person: PersonForMatching & { rnokpp?: string | null; noRnokpp?: boolean }, exceptPersonId?: number) {
  const candidate = personForMatching(person);
  const keys = dedupBlockingKeys(candidate);
  if (keys.length === 0) return [];
  // One indexed lookup per key (at most five), on a statement compiled once.
  const lookups = (registrationLookups ??= compileRegistrationLookups());
  const candidateIds = [...new Set(keys.flatMap((key) => lookups.peopleByMatchKey.all({ key }).map((row) => row.personId)))].filter((id) => id !== exceptPersonId);
  if (candidateIds.length === 0) return [];
  const people = tx
    .select({
      id: schema.persons.id,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      latinName: schema.persons.latinName,
      birthDate: schema.persons.birthDate,
      phone: schema.persons.phone,
    })
    .from(schema.persons)
    .where(and(inArray(schema.persons.id, candidateIds), isNull(schema.persons.mergedIntoPersonId)))
    .all();
  return people.flatMap((person) => {
    const { match, reasons } = isPossibleDuplicate(candidate, person);
    return match ? [{ personId: person.id, reasons }] : [];
  });
}

export function writeMatchKeys(tx: Transaction, personId: number, person: PersonForMatching & { rnokpp?: string | null; noRnokpp?: boolean }, options: { newPerson?: boolean } = {}) {
  // A person just created has no keys yet.
  if (!options.newPerson) tx.delete(schema.personMatchKeys).where(eq(schema.personMatchKeys.personId, personId)).run();
  const lookups = (registrationLookups ??= compileRegistrationLookups());
  for (const key of dedupBlockingKeys(personForMatching(person))) lookups.insertMatchKey.run({ key, personId });
}

// The lookups of deduplication (domain.md §2), compiled once: every registration and every row
// of an import runs them.
function compileRegistrationLookups() {
  const person = (column: typeof schema.persons.rnokppHash | typeof schema.persons.passportHash) =>
    db.select({ id: schema.persons.id }).from(schema.persons).where(and(eq(column, sql.placeholder("hash")), isNull(schema.persons.mergedIntoPersonId))).prepare();
  return {
    personByRnokpp: person(schema.persons.rnokppHash),
    personByPassport: person(schema.persons.passportHash),
    peopleByMatchKey: db.selectDistinct({ personId: schema.personMatchKeys.personId }).from(schema.personMatchKeys).where(eq(schema.personMatchKeys.key, sql.placeholder("key"))).prepare(),
    insertMatchKey: db.insert(schema.personMatchKeys).values({ key: sql.placeholder("key"), personId: sql.placeholder("personId") }).prepare(),
  };
}
let registrationLookups: ReturnType<typeof compileRegistrationLookups> | undefined;

function washingtonGroupAnswers(input: RegistrationInput): WgAnswers {
  const answers: WgAnswers = {};
  for (const domain of wgDomains) {
    const answer = input[`wg_${domain}`];
    if (answer) answers[domain] = answer;
  }
  return answers;
}

function baselineWorkers(input: RegistrationInput): BaselineWorkers | null {
  if (input.businessKind !== "existing") return null;
  return {
    paidFullTime: { female: input.baselinePaidFullTimeFemale ?? 0, male: input.baselinePaidFullTimeMale ?? 0 },
    paidPartTime: { female: input.baselinePaidPartTimeFemale ?? 0, male: input.baselinePaidPartTimeMale ?? 0 },
    unpaidFullTime: { female: input.baselineUnpaidFullTimeFemale ?? 0, male: input.baselineUnpaidFullTimeMale ?? 0 },
    unpaidPartTime: { female: input.baselineUnpaidPartTimeFemale ?? 0, male: input.baselineUnpaidPartTimeMale ?? 0 },
  };
}

/**
 * Where an imported birth date or sex came from when the form did not ask it (domain.md §2): the
 * RNOKPP, or, for the birth date, only an approximate year from the age stated at interview.
 * Null for values given in the form (and for every correction an officer saves).
 */
export type DerivedPersonFacts = {
  birthDateSource: "rnokpp" | "age" | null;
  approximateBirthYear: number | null;
  sexSource: "rnokpp" | null;
};

const statedFacts: DerivedPersonFacts = { birthDateSource: null, approximateBirthYear: null, sexSource: null };

export function personValues(input: RegistrationInput, derived: DerivedPersonFacts = statedFacts) {
  const identity = identityOf(input);
  const washingtonGroup = washingtonGroupAnswers(input);
  return {
    surname: input.surname,
    firstName: input.firstName,
    patronymic: input.patronymic || null,
    latinName: input.latinName || null,
    sex: input.sex ?? null,
    birthDate: input.birthDate ?? null,
    ...derived,
    rnokppHash: identity?.kind === "rnokpp" ? identity.hash : null,
    rnokppSealed: identity?.kind === "rnokpp" ? sealIdentity(identity.value) : null,
    passportHash: identity?.kind === "passport" ? identity.hash : null,
    passportSealed: identity?.kind === "passport" ? sealIdentity(identity.value) : null,
    phone: input.phone ?? null,
    surnameSkeleton: nameSkeleton(input.surname),
    firstNameSkeleton: nameSkeleton(input.firstName),
    washingtonGroup,
    disability: hasDisability(washingtonGroup),
  };
}

/** An application's missing later fields (completeness.ts) as stored: null when complete. */
function missingFieldsOf(input: RegistrationInput): string[] | null {
  const missing = missingLaterFields(input);
  return missing.length ? missing : null;
}

export function caseValues(input: RegistrationInput, actor: Pick<CurrentUser, "role">) {
  return {
    applicationDate: input.applicationDate,
    referralSource: input.referralSource ?? null,
    displacementStatus: input.displacementStatus ?? null,
    oblastPcode: input.currentOblastPcode ?? null,
    hromadaPcode: input.currentHromadaPcode ?? null,
    householdSize: input.householdSize ?? null,
    children: input.children ?? null,
    olderMembers: input.olderMembers ?? null,
    membersWithDisability: input.membersWithDisability ?? null,
    monthlyHouseholdIncomeMinor: input.monthlyHouseholdIncomeMinor ?? null,
    femaleHeaded: input.femaleHeaded,
    singleParent: input.singleParent,
    veteranOrFamily: input.veteranOrFamily,
    // A specific protected category requires the generic flag; only allowed roles may set it.
    protectionFlag: input.protectionFlag || Boolean(input.protectedCategory),
    ...(actor.role === "admin" || actor.role === "officer" ? { protectedCategory: input.protectedCategory ?? null } : {}),
    partnerOrganisationId: input.partnerOrganisationId ?? null,
    mentorId: input.mentorId ?? null,
    missingFields: missingFieldsOf(input),
  };
}

export function businessValues(input: RegistrationInput, currency: "UAH" | "EUR" | "USD") {
  return {
    kind: input.businessKind ?? null,
    name: input.businessName || null,
    legalForm: input.legalForm ?? (input.businessKind === "startup" ? "not_registered" : null),
    kvedCode: input.kvedCode ?? null,
    kvedVersion: input.kvedCode ? kvedVersion : null,
    registrationDate: input.businessKind === "existing" ? (input.registrationDate ?? null) : null,
    baselineWorkers: baselineWorkers(input),
    baselineMonthlyRevenueMinor: input.businessKind === "existing" ? (input.baselineMonthlyRevenueMinor ?? null) : null,
    baselineMonthlyNetIncomeMinor: input.businessKind === "existing" ? (input.baselineMonthlyNetIncomeMinor ?? null) : null,
    requestedModality: input.requestedModality ?? null,
    requestedAmountMinor: input.requestedAmountMinor ?? null,
    currency,
    coContributionMinor: input.coContributionMinor ?? null,
  };
}

export function displacementValues(input: RegistrationInput) {
  return {
    status: input.displacementStatus ?? null,
    idpCertificateNumber: input.displacementStatus === "idp" ? (input.idpCertificateNumber ?? null) : null,
    idpCertificateDate: input.displacementStatus === "idp" ? (input.idpCertificateDate ?? null) : null,
    currentOblastPcode: input.currentOblastPcode ?? null,
    currentHromadaPcode: input.currentHromadaPcode ?? null,
    originOblastPcode: input.originOblastPcode ?? null,
    originHromadaPcode: input.originHromadaPcode ?? null,
  };
}

export class UnknownReferenceError extends Error {
  constructor(public field: "programmeId" | "mentorId" | "partnerOrganisationId" | "currentHromadaPcode" | "originHromadaPcode") {
    super(field);
  }
}

// References the form cannot check by itself: the programme, the mentor's organisation, places.
/**
 * Lookups of reference records (programme, partner, mentor, places) kept for the length of one
 * import: its rows name the same few again and again.
 */
export type ReferenceMemo = Map<string, unknown>;

function remembered<T>(memo: ReferenceMemo | undefined, key: string, read: () => T): T {
  if (!memo) return read();
  if (!memo.has(key)) memo.set(key, read());
  return memo.get(key) as T;
}

function assertReferences(tx: Transaction, input: RegistrationInput, memo?: ReferenceMemo) {
  const programme = remembered(memo, `programme:${input.programmeId}`, () => tx.select().from(schema.programmes).where(eq(schema.programmes.id, input.programmeId)).get());
  if (!programme) throw new UnknownReferenceError("programmeId");
  if (input.partnerOrganisationId) {
    const partnerId = input.partnerOrganisationId;
    const partner = remembered(memo, `partner:${partnerId}`, () => tx.select().from(schema.organisations).where(eq(schema.organisations.id, partnerId)).get());
    if (!partner || partner.kind !== "partner") throw new UnknownReferenceError("partnerOrganisationId");
  }
  if (input.mentorId) {
    const mentorId = input.mentorId;
    const mentor = remembered(memo, `mentor:${mentorId}`, () => tx.select().from(schema.users).where(eq(schema.users.id, mentorId)).get());
    if (!mentor || mentor.role !== "mentor" || !mentor.active || (input.partnerOrganisationId && mentor.organisationId !== input.partnerOrganisationId)) {
      throw new UnknownReferenceError("mentorId");
    }
  }
  for (const field of ["currentHromadaPcode", "originHromadaPcode"] as const) {
    const pcode = input[field];
    if (pcode && !remembered(memo, `place:${pcode}`, () => tx.select({ pcode: schema.adminUnits.pcode }).from(schema.adminUnits).where(eq(schema.adminUnits.pcode, pcode)).get())) {
      throw new UnknownReferenceError(field);
    }
  }
  return programme;
}

// Mentors follow the case's partner organisation; without one, the oblast decides it.
function partnerForOblast(tx: Transaction, oblastPcode: string | undefined) {
  if (!oblastPcode) return null;
  // The first partner by id when several cover the oblast, as the import's mapping page shows.
  const row = tx
    .select({ id: schema.organisations.id })
    .from(schema.organisationOblasts)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.organisationOblasts.organisationId))
    .where(and(eq(schema.organisationOblasts.oblastPcode, oblastPcode), eq(schema.organisations.kind, "partner"), eq(schema.organisations.active, true)))
    .orderBy(schema.organisations.id)
    .get();
  return row?.id ?? null;
}

/** An extra answer of a partner's form, kept with the case (schema.caseExtraAnswers). */
export type ExtraAnswer = { question: string; label: string; value: string; freeText: boolean };

export type RegistrationOptions = {
  /** The Kobo submission's _uuid: a second import of it creates nothing. */
  sourceUuid?: string;
  /** Birth date and sex not given in the form but decoded or estimated (imports). */
  derived?: DerivedPersonFacts;
  /** Fields the imported form never asked. */
  notCollected?: string[];
  extraAnswers?: ExtraAnswer[];
  /**
   * Give the case to the partner NGO that covers its oblast when none is chosen (hand
   * registration does; an import does only when the officer chose it on the mapping page).
   */
  assignPartnerByOblast?: boolean;
  /** Reference lookups remembered across the rows of one import (ReferenceMemo). */
  references?: ReferenceMemo;
};

// The writes every registration makes, compiled once with placeholders (values go through each
// column's own encoding): an import makes them for each of 10,000 rows, and building and
// compiling each statement anew was most of its time. They run on the one connection, so inside
// the caller's transaction.
const personColumns = [
  "surname", "firstName", "patronymic", "latinName", "sex", "birthDate", "birthDateSource", "approximateBirthYear", "sexSource",
  "rnokppHash", "rnokppSealed", "passportHash", "passportSealed", "phone", "surnameSkeleton", "firstNameSkeleton", "washingtonGroup", "disability",
] as const satisfies ReadonlyArray<keyof ReturnType<typeof personValues>>; // prettier-ignore
const caseColumns = [
  "applicationDate", "referralSource", "displacementStatus", "oblastPcode", "hromadaPcode", "householdSize", "children", "olderMembers",
  "membersWithDisability", "monthlyHouseholdIncomeMinor", "femaleHeaded", "singleParent", "veteranOrFamily", "protectionFlag",
  "protectedCategory", "partnerOrganisationId", "mentorId", "missingFields", "notCollectedFields", "caseCode", "personId", "programmeId",
  "stage", "responsibleOfficerId", "sourceUuid",
] as const; // prettier-ignore
const displacementColumns = [
  "status", "idpCertificateNumber", "idpCertificateDate", "currentOblastPcode", "currentHromadaPcode", "originOblastPcode", "originHromadaPcode",
  "personId", "caseId", "context", "recordedOn", "recordedByUserId",
] as const; // prettier-ignore
const businessColumns = [
  "kind", "name", "legalForm", "kvedCode", "kvedVersion", "registrationDate", "baselineWorkers", "baselineMonthlyRevenueMinor",
  "baselineMonthlyNetIncomeMinor", "requestedModality", "requestedAmountMinor", "currency", "coContributionMinor", "caseId",
] as const; // prettier-ignore

// JSON columns take their text as given: a column's encoder would store a null as the text "null".
const jsonColumns = new Set(["washingtonGroup", "missingFields", "notCollectedFields", "purposes", "baselineWorkers"]);
const placeholders = <Key extends string>(keys: readonly Key[]) =>
  Object.fromEntries(keys.map((key) => [key, jsonColumns.has(key) ? sql`${sql.placeholder(key)}` : sql.placeholder(key)])) as unknown as Record<Key, ReturnType<typeof sql.placeholder>>;
const asJson = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

function compileRegistrationWrites() {
  return {
    caseOfSubmission: db.select({ id: schema.cases.id }).from(schema.cases).where(eq(schema.cases.sourceUuid, sql.placeholder("sourceUuid"))).prepare(),
    insertPerson: db.insert(schema.persons).values(placeholders(personColumns)).returning({ id: schema.persons.id }).prepare(),
    insertCase: db
      .insert(schema.cases)
      .values(placeholders(caseColumns))
      .returning({ id: schema.cases.id, caseCode: schema.cases.caseCode, stage: schema.cases.stage, programmeId: schema.cases.programmeId, partnerOrganisationId: schema.cases.partnerOrganisationId, sourceUuid: schema.cases.sourceUuid, missingFields: schema.cases.missingFields, notCollectedFields: schema.cases.notCollectedFields })
      .prepare(),
    insertConsent: db.insert(schema.consents).values(placeholders(["personId", "givenOn", "takenBy", "purposes"] as const)).prepare(),
    insertDisplacement: db.insert(schema.displacementRecords).values(placeholders(displacementColumns)).prepare(),
    insertBusiness: db.insert(schema.businesses).values(placeholders(businessColumns)).returning({ id: schema.businesses.id, baselineWorkers: schema.businesses.baselineWorkers }).prepare(),
    insertExtraAnswer: db.insert(schema.caseExtraAnswers).values(placeholders(["caseId", "question", "label", "value", "freeText", "position"] as const)).prepare(),
  };
}
let registrationWrites: ReturnType<typeof compileRegistrationWrites> | undefined;

export function registerApplicantIn(
  tx: Transaction,
  actor: CurrentUser,
  input: RegistrationInput,
  options: RegistrationOptions = {},
): RegistrationResult {
  const writes = (registrationWrites ??= compileRegistrationWrites());
  if (options.sourceUuid) {
    const imported = writes.caseOfSubmission.get({ sourceUuid: options.sourceUuid });
    if (imported) return { kind: "already_imported", caseId: imported.id };
  }
  const programme = assertReferences(tx, input, options.references);
  const definite = findDefiniteDuplicate(tx, input);
  if (definite) return { kind: "definite_duplicate", ...definite };

  const values = personValues(input, options.derived);
  const person = writes.insertPerson.get({ ...values, washingtonGroup: asJson(values.washingtonGroup) })!;
  writeMatchKeys(tx, person.id, input, { newPerson: true });
  const byOblast = options.assignPartnerByOblast ?? true;
  const caseFields = caseValues(input, actor);
  const caseRow = writes.insertCase.get({
    // A new case gets no specific protection category from a role that may not set one (null).
    protectedCategory: null,
    ...caseFields,
    missingFields: asJson(caseFields.missingFields),
    notCollectedFields: asJson(options.notCollected?.length ? options.notCollected : null),
    partnerOrganisationId: input.partnerOrganisationId ?? (byOblast ? partnerForOblast(tx, input.currentOblastPcode) : null),
    caseCode: newCaseCode(),
    personId: person.id,
    programmeId: programme.id,
    stage: "application",
    responsibleOfficerId: actor.role === "officer" ? actor.id : null,
    sourceUuid: options.sourceUuid ?? null,
  })!;
  writes.insertConsent.run({ personId: person.id, givenOn: input.consentGivenOn, takenBy: input.consentTakenBy, purposes: asJson(input.consentPurposes) });
  writes.insertDisplacement.run({ ...displacementValues(input), personId: person.id, caseId: caseRow.id, context: "application", recordedOn: input.applicationDate, recordedByUserId: actor.id });
  const businessFields = businessValues(input, programme.currency);
  const business = writes.insertBusiness.get({ ...businessFields, baselineWorkers: asJson(businessFields.baselineWorkers), caseId: caseRow.id })!;
  // The baseline roster (domain.md §7) is kept as rows, one per counted worker.
  if (business.baselineWorkers) syncBaselineRosterFromCounts(tx, business.id);
  options.extraAnswers?.forEach((answer, position) => writes.insertExtraAnswer.run({ ...answer, caseId: caseRow.id, position }));

  const duplicates = findPossibleDuplicates(tx, input, person.id);
  for (const duplicate of duplicates) {
    tx.insert(schema.possibleDuplicates)
      .values({ personId: person.id, matchedPersonId: duplicate.personId, reasons: duplicate.reasons })
      .onConflictDoNothing()
      .run();
  }
  recordAudit(tx, {
    userId: actor.id,
    action: options.sourceUuid ? "import" : "create",
    entityType: "case",
    entityId: caseRow.id,
    caseId: caseRow.id,
    after: {
      caseCode: caseRow.caseCode,
      stage: caseRow.stage,
      programmeId: caseRow.programmeId,
      personId: person.id,
      businessId: business.id,
      sourceUuid: caseRow.sourceUuid,
      possibleDuplicates: duplicates.map((duplicate) => duplicate.personId),
      ...(caseRow.missingFields ? { missingFields: caseRow.missingFields } : {}),
      ...(caseRow.notCollectedFields ? { notCollectedFields: caseRow.notCollectedFields } : {}),
      ...(options.extraAnswers?.length ? { extraAnswers: options.extraAnswers.length } : {}),
      ...(options.derived?.birthDateSource ? { birthDateSource: options.derived.birthDateSource } : {}),
      ...(options.derived?.sexSource ? { sexSource: options.derived.sexSource } : {}),
    },
  });
  const possibleDuplicatePersonIds = duplicates.map((duplicate) => duplicate.personId);
  return {
    kind: "created",
    caseId: caseRow.id,
    caseCode: caseRow.caseCode,
    personId: person.id,
    partnerOrganisationId: caseRow.partnerOrganisationId,
    possibleDuplicates: duplicates.length,
    possibleDuplicatePersonIds,
  };
}

export function registerApplicant(actor: CurrentUser, input: RegistrationInput, options: RegistrationOptions = {}) {
  return db.transaction((tx) => registerApplicantIn(tx, actor, input, options));
}

// Other people's open duplicate questions about this person, either side of the pair.
export function pendingDuplicatesOf(personId: number) {
  return db
    .select()
    .from(schema.possibleDuplicates)
    .where(
      and(
        eq(schema.possibleDuplicates.status, "pending"),
        or(eq(schema.possibleDuplicates.personId, personId), eq(schema.possibleDuplicates.matchedPersonId, personId)),
      ),
    )
    .all();
}

export function otherCasesOfPerson(personId: number, exceptCaseId: number) {
  return db
    .select({ id: schema.cases.id, caseCode: schema.cases.caseCode, programmeId: schema.cases.programmeId, status: schema.cases.status })
    .from(schema.cases)
    .where(and(eq(schema.cases.personId, personId), ne(schema.cases.id, exceptCaseId)))
    .all();
}

export class IdentityTakenError extends Error {}
// A merged record is kept for its history only; corrections go to the survivor.
export class MergedRecordError extends Error {}

// Corrections to an applicant. A change of displacement status or location adds a new record
// to the history instead of overwriting it; new possible duplicates go to the review queue.
export function updateApplicant(actor: CurrentUser, caseId: number, version: number, input: ApplicantInput) {
  return db.transaction((tx) => {
    const before = tx.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get();
    if (!before) notFound();
    // Someone changed the case since the form was read (StaleRecordError, saying what).
    assertCaseVersion(tx, before, { id: caseId, version });
    const programme = assertReferences(tx, { ...input, programmeId: before.programmeId });
    const personBefore = tx.select().from(schema.persons).where(eq(schema.persons.id, before.personId)).get()!;
    if (personBefore.mergedIntoPersonId !== null || before.status === "merged") throw new MergedRecordError();
    const definite = findDefiniteDuplicate(tx, { ...input, programmeId: before.programmeId });
    if (definite && definite.personId !== personBefore.id) throw new IdentityTakenError();

    const values = personValues(input);
    tx.update(schema.persons)
      .set({ ...values, version: personBefore.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(schema.persons.id, personBefore.id))
      .run();
    writeMatchKeys(tx, personBefore.id, input);
    // A correction is made on the full form: nothing is left "not collected" by a partner's form.
    const caseAfter = tx
      .update(schema.cases)
      .set({ ...caseValues(input, actor), notCollectedFields: null, version: before.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.cases.id, caseId), eq(schema.cases.version, version)))
      .returning()
      .get();
    if (!caseAfter) throw new StaleRecordError(lastCaseChange(tx, caseId));
    const businessAfter = tx
      .update(schema.businesses)
      .set({ ...businessValues(input, programme.currency), updatedAt: new Date().toISOString() })
      .where(eq(schema.businesses.caseId, caseId))
      .returning({ id: schema.businesses.id })
      .get();
    if (businessAfter) syncBaselineRosterFromCounts(tx, businessAfter.id);

    const latest = tx
      .select()
      .from(schema.displacementRecords)
      .where(eq(schema.displacementRecords.personId, personBefore.id))
      .orderBy(schema.displacementRecords.id)
      .all()
      .at(-1);
    const displacement = displacementValues(input);
    const displacementChanged =
      !latest || (Object.keys(displacement) as Array<keyof typeof displacement>).some((key) => latest[key] !== displacement[key]);
    if (displacementChanged) {
      tx.insert(schema.displacementRecords)
        .values({ ...displacement, personId: personBefore.id, caseId, context: "update", recordedOn: kyivToday(), recordedByUserId: actor.id })
        .run();
    }

    const known = new Set(
      tx
        .select()
        .from(schema.possibleDuplicates)
        .where(or(eq(schema.possibleDuplicates.personId, personBefore.id), eq(schema.possibleDuplicates.matchedPersonId, personBefore.id)))
        .all()
        .map((pair) => (pair.personId === personBefore.id ? pair.matchedPersonId : pair.personId)),
    );
    // A pair already asked about, either way round, is not asked again.
    const fresh = findPossibleDuplicates(tx, input, personBefore.id).filter((duplicate) => !known.has(duplicate.personId));
    for (const duplicate of fresh) {
      tx.insert(schema.possibleDuplicates).values({ personId: personBefore.id, matchedPersonId: duplicate.personId, reasons: duplicate.reasons }).run();
    }
    const { rnokppHash: _a, rnokppSealed: _b, passportHash: _c, passportSealed: _d, ...auditedPerson } = values;
    const { rnokppHash: _e, rnokppSealed: _f, passportHash: _g, passportSealed: _h, ...auditedPersonBefore } = personBefore;
    recordAudit(tx, {
      userId: actor.id,
      action: "update",
      entityType: "case",
      entityId: caseId,
      caseId,
      ...diffOf({ ...auditedPersonBefore, ...before }, { ...auditedPerson, ...caseAfter }),
    });
    return { possibleDuplicates: fresh.length, identityChanged: values.rnokppHash !== personBefore.rnokppHash || values.passportHash !== personBefore.passportHash };
  });
}

function diffOf(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (["updatedAt", "version", "createdAt"].includes(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changedBefore[key] = before[key];
      changedAfter[key] = after[key];
    }
  }
  return { before: changedBefore, after: changedAfter };
}
