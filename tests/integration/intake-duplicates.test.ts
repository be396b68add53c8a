// The possible-duplicate queue (domain.md §2): who sees it, dismissing (never asked again) and
// merging (cases, consents and displacement history move to the surviving record).
import { and, eq, or } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { MergedRecordError, registerApplicant, updateApplicant } from "~/modules/intake/intake.server";
import * as casePage from "~/routes/cases.$caseId";
import * as editPageRoute from "~/routes/cases.$caseId_.edit";
import * as caseList from "~/routes/cases._index";
import * as duplicatePage from "~/routes/duplicates.$duplicateId";
import * as duplicateQueue from "~/routes/duplicates._index";
import { applicantInput, type ApplicantOverrides } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  countRows,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  readJson,
  request,
  sessionCookieFor,
  type TestUser,
} from "../helpers/foundation";

let programmeOne: ReturnType<typeof createTestProgramme>;
let programmeTwo: ReturnType<typeof createTestProgramme>;
let officer: TestUser;
const cookieOf = { officer: "", mentor: "", evaluator: "" };

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  programmeOne = createTestProgramme({ code: "DUP-1" });
  programmeTwo = createTestProgramme({ code: "DUP-2" });
  const [createdOfficer, mentor, evaluator] = await Promise.all([
    createTestUser("officer", { organisationId: agency.id }),
    createTestUser("mentor", { organisationId: partnerA.id }),
    createTestUser("evaluator", { organisationId: agency.id }),
  ]);
  officer = createdOfficer;
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.mentor = await sessionCookieFor(mentor.id);
  cookieOf.evaluator = await sessionCookieFor(evaluator.id);
});

function registerCase(programmeId: number, overrides: ApplicantOverrides) {
  const result = registerApplicant(officer, applicantInput(programmeId, { latinName: undefined, ...overrides }));
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  return result;
}

function pairBetween(newerPersonId: number, existingPersonId: number) {
  const pairs = db
    .select()
    .from(schema.possibleDuplicates)
    .where(and(eq(schema.possibleDuplicates.personId, newerPersonId), eq(schema.possibleDuplicates.matchedPersonId, existingPersonId)))
    .all();
  expect(pairs).toHaveLength(1);
  return pairs[0];
}

function pairsAbout(personA: number, personB: number) {
  return db
    .select()
    .from(schema.possibleDuplicates)
    .where(
      or(
        and(eq(schema.possibleDuplicates.personId, personA), eq(schema.possibleDuplicates.matchedPersonId, personB)),
        and(eq(schema.possibleDuplicates.personId, personB), eq(schema.possibleDuplicates.matchedPersonId, personA)),
      ),
    )
    .all();
}

function decide(pairId: number, intent: "merge" | "dismiss", cookie = cookieOf.officer) {
  return callRoute(duplicatePage.action, request(`/duplicates/${pairId}`, { form: { intent }, cookie }), { duplicateId: String(pairId) });
}

function pairRow(pairId: number) {
  return db.select().from(schema.possibleDuplicates).where(eq(schema.possibleDuplicates.id, pairId)).get()!;
}

function caseOf(caseId: number) {
  return db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
}

// Three pairs: one to dismiss, one to merge across programmes, one to merge within a programme.
let olena: ReturnType<typeof registerCase>;
let olenaLatin: ReturnType<typeof registerCase>;
let mariia: ReturnType<typeof registerCase>;
let mariiaLatin: ReturnType<typeof registerCase>;
let yurii: ReturnType<typeof registerCase>;
let yuriiAgain: ReturnType<typeof registerCase>;

beforeAll(() => {
  olena = registerCase(programmeOne.id, { surname: "Шевченко", firstName: "Олена", birthDate: "1985-03-07" });
  olenaLatin = registerCase(programmeOne.id, {
    surname: "Shevchenko",
    firstName: "Olena",
    birthDate: "1985-07-03",
    noRnokpp: "on",
    rnokpp: undefined,
    passportNumber: "FE111222",
  });
  mariia = registerCase(programmeOne.id, { surname: "Коваленко", firstName: "Марія", birthDate: "1990-05-14", displacementStatus: "host" });
  mariiaLatin = registerCase(programmeTwo.id, {
    surname: "Kovalenko",
    firstName: "Mariya",
    birthDate: "1990-05-14",
    noRnokpp: "on",
    rnokpp: undefined,
    passportNumber: "FE333444",
  });
  yurii = registerCase(programmeOne.id, { surname: "Гончаренко", firstName: "Юрій", sex: "male", birthDate: "1972-12-01" });
  yuriiAgain = registerCase(programmeOne.id, {
    surname: "Goncharenko",
    firstName: "Yuriy",
    sex: "male",
    birthDate: "1972-12-01",
    noRnokpp: "on",
    rnokpp: undefined,
    passportNumber: "FE555666",
  });
});

describe("the queue", () => {
  it("lists the pending pairs for an officer", async () => {
    const response = await callRoute(duplicateQueue.loader, request("/duplicates", { cookie: cookieOf.officer }));
    expect(response.status).toBe(200);
    const data = await readJson<{ total: number; pairs: Array<{ id: number; newer: { id: number }; existing: { id: number } }> }>(response);
    expect(data.total).toBe(3);
    expect(data.pairs.map((pair) => [pair.newer.id, pair.existing.id])).toEqual([
      [olenaLatin.personId, olena.personId],
      [mariiaLatin.personId, mariia.personId],
      [yuriiAgain.personId, yurii.personId],
    ]);
  });

  it.each(["mentor", "evaluator"] as const)("is refused to a %s (403), and so are the pair page and decisions", async (role) => {
    const pair = pairBetween(olenaLatin.personId, olena.personId);
    expect((await callRoute(duplicateQueue.loader, request("/duplicates", { cookie: cookieOf[role] }))).status).toBe(403);
    expect((await callRoute(duplicatePage.loader, request(`/duplicates/${pair.id}`, { cookie: cookieOf[role] }), { duplicateId: String(pair.id) })).status).toBe(403);
    expect((await decide(pair.id, "dismiss", cookieOf[role])).status).toBe(403);
    expect(pairRow(pair.id).status).toBe("pending");
  });
});

describe("dismissing", () => {
  it("marks the pair dismissed, audits it, and editing the newer person does not ask again", async () => {
    const pair = pairBetween(olenaLatin.personId, olena.personId);
    const response = await decide(pair.id, "dismiss");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/duplicates");
    expect(pairRow(pair.id)).toMatchObject({ status: "dismissed", decidedByUserId: officer.id });
    expect(
      auditCount(and(eq(schema.auditLog.action, "dismiss_duplicate"), eq(schema.auditLog.entityType, "duplicate"), eq(schema.auditLog.entityId, String(pair.id)))),
    ).toBe(1);

    // A correction that still matches (now also by phone) must not reopen the question.
    const olenaPhone = db.select().from(schema.persons).where(eq(schema.persons.id, olena.personId)).get()!.phone!;
    const newerCase = caseOf(olenaLatin.caseId);
    const result = updateApplicant(
      officer,
      olenaLatin.caseId,
      newerCase.version,
      applicantInput(programmeOne.id, {
        surname: "Shevchenko",
        firstName: "Olena",
        latinName: undefined,
        birthDate: "1985-03-07",
        phone: olenaPhone,
        noRnokpp: "on",
        rnokpp: undefined,
        passportNumber: "FE111222",
      }),
    );
    expect(result.possibleDuplicates).toBe(0);
    const pairs = pairsAbout(olena.personId, olenaLatin.personId);
    expect(pairs).toHaveLength(1);
    expect(pairs[0].status).toBe("dismissed");
  });

  it("refuses to decide a dismissed pair again (409)", async () => {
    const pair = pairBetween(olenaLatin.personId, olena.personId);
    for (const intent of ["dismiss", "merge"] as const) {
      const response = await decide(pair.id, intent);
      expect(response.status).toBe(409);
      expect(await readJson(response)).toEqual({ formErrors: ["errors.duplicateDecided"] });
    }
    expect(pairRow(pair.id).status).toBe("dismissed");
    expect(db.select().from(schema.persons).where(eq(schema.persons.id, olenaLatin.personId)).get()!.mergedIntoPersonId).toBeNull();
  });
});

describe("merging", () => {
  it("moves the newer person's case to the survivor when the survivor has none in that programme", async () => {
    const pair = pairBetween(mariiaLatin.personId, mariia.personId);
    const response = await decide(pair.id, "merge");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/cases/${mariia.caseId}`);

    expect(pairRow(pair.id)).toMatchObject({ status: "merged", decidedByUserId: officer.id });
    const merged = db.select().from(schema.persons).where(eq(schema.persons.id, mariiaLatin.personId)).get()!;
    expect(merged.mergedIntoPersonId).toBe(mariia.personId);
    expect(caseOf(mariiaLatin.caseId)).toMatchObject({ personId: mariia.personId, status: "open", programmeId: programmeTwo.id });
    expect(caseOf(mariia.caseId).personId).toBe(mariia.personId);

    // Consents and the displacement history now belong to the survivor; nothing is lost.
    expect(countRows(schema.consents, eq(schema.consents.personId, mariiaLatin.personId))).toBe(0);
    expect(countRows(schema.consents, eq(schema.consents.personId, mariia.personId))).toBe(2);
    expect(countRows(schema.displacementRecords, eq(schema.displacementRecords.personId, mariiaLatin.personId))).toBe(0);
    const history = db.select().from(schema.displacementRecords).where(eq(schema.displacementRecords.personId, mariia.personId)).all();
    expect(history.map((record) => record.status).sort()).toEqual(["host", "idp"]);
    // The merged record no longer matches anyone.
    expect(countRows(schema.personMatchKeys, eq(schema.personMatchKeys.personId, mariiaLatin.personId))).toBe(0);
    expect(countRows(schema.personMatchKeys, eq(schema.personMatchKeys.personId, mariia.personId))).toBeGreaterThan(0);

    expect(auditCount(and(eq(schema.auditLog.action, "merge"), eq(schema.auditLog.entityType, "person"), eq(schema.auditLog.entityId, String(mariiaLatin.personId))))).toBe(1);
    expect(auditCount(and(eq(schema.auditLog.action, "merge"), eq(schema.auditLog.entityType, "case"), eq(schema.auditLog.caseId, mariiaLatin.caseId)))).toBe(1);
  });

  it("marks the newer case merged when the survivor already has a case in that programme", async () => {
    const pair = pairBetween(yuriiAgain.personId, yurii.personId);
    const response = await decide(pair.id, "merge");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/cases/${yurii.caseId}`);
    expect(caseOf(yuriiAgain.caseId)).toMatchObject({ status: "merged", personId: yuriiAgain.personId });
    expect(caseOf(yurii.caseId)).toMatchObject({ status: "open", personId: yurii.personId });
    expect(db.select().from(schema.persons).where(eq(schema.persons.id, yuriiAgain.personId)).get()!.mergedIntoPersonId).toBe(yurii.personId);
    expect(countRows(schema.consents, eq(schema.consents.personId, yurii.personId))).toBe(2);
    expect(countRows(schema.personMatchKeys, eq(schema.personMatchKeys.personId, yuriiAgain.personId))).toBe(0);
    expect(auditCount(and(eq(schema.auditLog.action, "merge"), eq(schema.auditLog.entityType, "case"), eq(schema.auditLog.caseId, yuriiAgain.caseId)))).toBe(1);
  });

  it("keeps the merged case read-only: out of the default list, pointing to the survivor, not correctable", async () => {
    const list = await readJson<{ list: { rows: Array<{ id: number }> } }>(await callRoute(caseList.loader, request("/cases?q=Goncharenko", { cookie: cookieOf.officer })));
    expect(list.list.rows.map((row) => row.id)).not.toContain(yuriiAgain.caseId);
    const onRequest = await readJson<{ list: { rows: Array<{ id: number }> } }>(
      await callRoute(caseList.loader, request("/cases?status=merged", { cookie: cookieOf.officer })),
    );
    expect(onRequest.list.rows.map((row) => row.id)).toContain(yuriiAgain.caseId);

    const page = await readJson<{ file: { case: { mergedInto: { id: number } | null } } }>(
      await callRoute(casePage.loader, request(`/cases/${yuriiAgain.caseId}`, { cookie: cookieOf.officer }), { caseId: String(yuriiAgain.caseId) }),
    );
    expect(page.file.case.mergedInto?.id).toBe(yurii.caseId);

    const editPage = await callRoute(editPageRoute.loader, request(`/cases/${yuriiAgain.caseId}/edit`, { cookie: cookieOf.officer }), { caseId: String(yuriiAgain.caseId) });
    expect(editPage.status).toBe(302);
    const before = caseOf(yuriiAgain.caseId);
    expect(() => updateApplicant(officer, yuriiAgain.caseId, before.version, applicantInput(programmeOne.id, { surname: "Гончаренко", noRnokpp: "on", rnokpp: undefined, passportNumber: "FE555666" }))).toThrow(MergedRecordError);
    expect(caseOf(yuriiAgain.caseId)).toEqual(before);
  });

  it("refuses to merge the same pair twice (409) and changes nothing", async () => {
    const pair = pairBetween(mariiaLatin.personId, mariia.personId);
    const casesBefore = [caseOf(mariia.caseId), caseOf(mariiaLatin.caseId)];
    const auditsBefore = countRows(schema.auditLog);
    const response = await decide(pair.id, "merge");
    expect(response.status).toBe(409);
    expect(await readJson(response)).toEqual({ formErrors: ["errors.duplicateDecided"] });
    expect([caseOf(mariia.caseId), caseOf(mariiaLatin.caseId)]).toEqual(casesBefore);
    expect(countRows(schema.auditLog)).toBe(auditsBefore);
  });

  it("leaves the queue empty once every pair is decided", async () => {
    const data = await readJson<{ total: number; pairs: unknown[] }>(await callRoute(duplicateQueue.loader, request("/duplicates", { cookie: cookieOf.officer })));
    expect(data).toEqual({ total: 0, pairs: [] });
  });
});

// Three records of one person: B and C both match A, and C also matches B.
describe("a merge and the other open questions about the merged record", () => {
  let first: ReturnType<typeof registerCase>;
  let second: ReturnType<typeof registerCase>;
  let third: ReturnType<typeof registerCase>;
  let programmeThree: ReturnType<typeof createTestProgramme>;

  beforeAll(() => {
    programmeThree = createTestProgramme({ code: "DUP-3" });
    first = registerCase(programmeOne.id, { surname: "Гнатюк", firstName: "Ірина", birthDate: "1977-04-09" });
    second = registerCase(programmeTwo.id, { surname: "Hnatiuk", firstName: "Iryna", birthDate: "1977-04-09", noRnokpp: "on", rnokpp: undefined, passportNumber: "FE777888" });
    third = registerCase(programmeThree.id, { surname: "Gnatyuk", firstName: "Irina", birthDate: "1977-09-04", noRnokpp: "on", rnokpp: undefined, passportNumber: "FE999000" });
  });

  it("leaves no pending question about a record that has been merged away", async () => {
    expect(pairsAbout(third.personId, second.personId)).toHaveLength(1);
    const pair = pairBetween(second.personId, first.personId);
    expect((await decide(pair.id, "merge")).status).toBe(302);

    const data = await readJson<{ pairs: Array<{ id: number; newer: { id: number }; existing: { id: number } }> }>(
      await callRoute(duplicateQueue.loader, request("/duplicates", { cookie: cookieOf.officer })),
    );
    // Otherwise merging "third into second" would hang a case on a merged person.
    const aboutMerged = data.pairs.filter((queued) => queued.newer.id === second.personId || queued.existing.id === second.personId);
    expect(aboutMerged).toEqual([]);
    // The question "is third the same person as first?" is still asked.
    expect(data.pairs.some((queued) => queued.newer.id === third.personId && queued.existing.id === first.personId)).toBe(true);
  });
});
