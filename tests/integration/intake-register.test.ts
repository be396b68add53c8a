// Registering applicants through the cases.new route: what is stored, how identity numbers are
// kept (domain.md §2, §8), validation, definite and possible duplicates, and who may register.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, sqlite } from "~/lib/db.server";
import * as casesNew from "~/routes/cases.new";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import { applicantForm, type ApplicantForm } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  countRows,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  fieldErrors,
  readJson,
  request,
  sessionCookieFor,
  type Reply,
  type TestUser,
} from "../helpers/foundation";

let programme: ReturnType<typeof createTestProgramme>;
let officer: TestUser;
const cookieOf: Record<"officer" | "mentor" | "evaluator" | "reviewer", string> = { officer: "", mentor: "", evaluator: "", reviewer: "" };

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  programme = createTestProgramme({ code: "INTAKE-1" });
  const [createdOfficer, mentor, evaluator, reviewer] = await Promise.all([
    createTestUser("officer", { organisationId: agency.id }),
    createTestUser("mentor", { organisationId: partnerA.id }),
    createTestUser("evaluator", { organisationId: agency.id }),
    createTestUser("reviewer", { organisationId: agency.id }),
  ]);
  officer = createdOfficer;
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.mentor = await sessionCookieFor(mentor.id);
  cookieOf.evaluator = await sessionCookieFor(evaluator.id);
  cookieOf.reviewer = await sessionCookieFor(reviewer.id);
});

function register(form: ApplicantForm, cookie = cookieOf.officer) {
  return callRoute(casesNew.action, request("/cases/new", { form, cookie }));
}

// The case id from a "/cases/:id?registered=1" redirect.
function registeredCaseId(response: Response): number {
  expect(response.status).toBe(302);
  const location = response.headers.get("Location") ?? "";
  const match = /^\/cases\/(\d+)\?registered=1$/.exec(location);
  expect(match, `unexpected redirect ${location}`).not.toBeNull();
  return Number(match![1]);
}

async function registerOk(form: ApplicantForm) {
  const caseId = registeredCaseId(await register(form));
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  return { caseId, personId: caseRow.personId };
}

function storedCounts() {
  return {
    persons: countRows(schema.persons),
    cases: countRows(schema.cases),
    consents: countRows(schema.consents),
    displacementRecords: countRows(schema.displacementRecords),
    businesses: countRows(schema.businesses),
    matchKeys: countRows(schema.personMatchKeys),
    possibleDuplicates: countRows(schema.possibleDuplicates),
    audit: countRows(schema.auditLog),
  };
}

function pairsOf(personId: number) {
  return db.select().from(schema.possibleDuplicates).where(eq(schema.possibleDuplicates.personId, personId)).all();
}

describe("a valid registration", () => {
  it("stores the person, case, consent, displacement record, business and match keys, and redirects to the case", async () => {
    const before = storedCounts();
    const form = applicantForm(programme.id, { surname: "Ткаченко", firstName: "Ганна", birthDate: "1987-09-21", phone: "067 555 12 34" });
    const response = await register(form);
    const caseId = registeredCaseId(response);

    const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
    expect(caseRow).toMatchObject({
      programmeId: programme.id,
      stage: "application",
      status: "open",
      eligibility: "pending",
      displacementStatus: "idp",
      oblastPcode: "UA12",
      householdSize: 3,
      children: 1,
      monthlyHouseholdIncomeMinor: 1_800_000,
      responsibleOfficerId: officer.id,
    });
    expect(caseRow.caseCode).toMatch(/^LT-[A-Z0-9]{7}$/);

    const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
    expect(person).toMatchObject({ surname: "Ткаченко", firstName: "Ганна", sex: "female", birthDate: "1987-09-21", phone: "+380675551234" });

    const consents = db.select().from(schema.consents).where(eq(schema.consents.personId, person.id)).all();
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({ givenOn: "2025-02-03", takenBy: "Test Officer" });
    expect(consents[0].purposes).toEqual(["registration", "screening"]);

    const displacement = db.select().from(schema.displacementRecords).where(eq(schema.displacementRecords.personId, person.id)).all();
    expect(displacement).toHaveLength(1);
    expect(displacement[0]).toMatchObject({
      caseId,
      context: "application",
      status: "idp",
      idpCertificateNumber: form.idpCertificateNumber,
      idpCertificateDate: "2023-04-10",
      currentOblastPcode: "UA12",
      originOblastPcode: "UA14",
      recordedByUserId: officer.id,
    });

    const business = db.select().from(schema.businesses).where(eq(schema.businesses.caseId, caseId)).get()!;
    expect(business).toMatchObject({
      kind: "startup",
      kvedCode: "14.13",
      legalForm: "not_registered",
      requestedModality: "in_kind",
      requestedAmountMinor: 15_000_000,
      coContributionMinor: 1_500_000,
      currency: "UAH",
    });

    expect(countRows(schema.personMatchKeys, eq(schema.personMatchKeys.personId, person.id))).toBeGreaterThan(0);

    const after = storedCounts();
    expect(after.persons - before.persons).toBe(1);
    expect(after.cases - before.cases).toBe(1);
    expect(after.consents - before.consents).toBe(1);
    expect(after.displacementRecords - before.displacementRecords).toBe(1);
    expect(after.businesses - before.businesses).toBe(1);
    expect(
      auditCount(and(eq(schema.auditLog.action, "create"), eq(schema.auditLog.entityType, "case"), eq(schema.auditLog.entityId, String(caseId)), eq(schema.auditLog.caseId, caseId))),
    ).toBe(1);
  });

  it("never stores the RNOKPP in clear: only a keyed hash and a sealed copy", async () => {
    const form = applicantForm(programme.id, { surname: "Мельник", firstName: "Остап", sex: "male", birthDate: "2000-01-01", rnokpp: "3652504575" });
    const { personId } = await registerOk(form);

    const row = sqlite.prepare("select * from persons where id = ?").get(personId) as Record<string, unknown>;
    for (const [column, value] of Object.entries(row)) {
      expect(value, `persons.${column}`).not.toBe("3652504575");
      expect(String(value), `persons.${column}`).not.toContain("3652504575");
    }
    expect(row.rnokpp_hash).toEqual(expect.any(String));
    expect(row.rnokpp_sealed).toEqual(expect.any(String));
    expect(row.rnokpp_sealed).not.toBe(row.rnokpp_hash);

    // Nor anywhere else in the database (audit log, match keys, case rows…).
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as Array<{ name: string }>;
    expect(tables.length).toBeGreaterThan(5);
    for (const { name } of tables) {
      const dump = JSON.stringify(sqlite.prepare(`select * from "${name}"`).all());
      expect(dump, `table ${name}`).not.toContain("3652504575");
    }
  });
});

describe("validation", () => {
  it("refuses a wrong RNOKPP check digit, echoes the other fields back and stores nothing", async () => {
    const before = storedCounts();
    const form = applicantForm(programme.id, { surname: "Литвиненко", firstName: "Богдан", sex: "male", birthDate: "2000-01-01", rnokpp: "3652504576" });
    const response = await register(form);
    expect(response.status).toBe(400);
    const reply = await readJson<Reply>(response);
    expect(fieldErrors(reply, "rnokpp")).toEqual(["errors.rnokppCheckDigit"]);
    expect(reply.initialValue).toMatchObject({ surname: "Литвиненко", firstName: "Богдан", birthDate: "2000-01-01", kvedCode: "14.13", rnokpp: "3652504576" });
    expect(storedCounts()).toEqual(before);
  });

  it.each([
    ["no RNOKPP and no passport", { noRnokpp: "on", rnokpp: undefined, passportNumber: undefined }, "passportNumber", "errors.passportRequired"],
    ["an IDP without a certificate number", { idpCertificateNumber: undefined }, "idpCertificateNumber", "errors.idpCertificateRequired"],
    ["an IDP without a certificate date", { idpCertificateDate: undefined }, "idpCertificateDate", "errors.idpCertificateRequired"],
    ["an unknown KVED class", { kvedCode: "99.99" }, "kvedCode", "errors.kved"],
    ["consent without the registration purpose", { consentPurposes: ["screening", "grant"] }, "consentPurposes", "errors.consentRegistration"],
    ["as many children as household members", { householdSize: "3", children: "3" }, "children", "errors.moreThanHousehold"],
  ] as const)("refuses %s with its own message and stores nothing", async (_label, overrides, field, message) => {
    const before = storedCounts();
    const response = await register(applicantForm(programme.id, { surname: "Гнатюк", firstName: "Віра", ...overrides }));
    expect(response.status).toBe(400);
    const reply = await readJson<Reply>(response);
    expect(fieldErrors(reply, field)).toContain(message);
    expect(storedCounts()).toEqual(before);
  });

  it("accepts a person with no RNOKPP when a passport is given", async () => {
    const { personId } = await registerOk(applicantForm(programme.id, { surname: "Ярошенко", firstName: "Устим", noRnokpp: "on", rnokpp: undefined, passportNumber: "ЕМ 654321" }));
    const person = db.select().from(schema.persons).where(eq(schema.persons.id, personId)).get()!;
    expect(person.rnokppHash).toBeNull();
    expect(person.passportHash).toEqual(expect.any(String));
    expect(person.passportSealed).not.toContain("654321");
  });
});

describe("definite duplicates", () => {
  it("sends the same RNOKPP, even under another name, to the existing case and creates nothing", async () => {
    const rnokpp = makeRnokpp("1976-06-02", "male", 777);
    const first = await registerOk(applicantForm(programme.id, { surname: "Кравчук", firstName: "Леонід", sex: "male", birthDate: "1976-06-02", rnokpp }));
    const before = storedCounts();
    const response = await register(applicantForm(programme.id, { surname: "Петренко", firstName: "Іван", sex: "male", birthDate: "1976-06-02", rnokpp }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/cases/${first.caseId}?duplicateOf=rnokpp`);
    const after = storedCounts();
    expect(after.persons).toBe(before.persons);
    expect(after.cases).toBe(before.cases);
    expect(after.consents).toBe(before.consents);
    expect(after.businesses).toBe(before.businesses);
    expect(db.select().from(schema.persons).where(eq(schema.persons.id, first.personId)).get()!.surname).toBe("Кравчук");
  });

  it("does the same for a passport number when there is no RNOKPP", async () => {
    const first = await registerOk(applicantForm(programme.id, { surname: "Зайченко", firstName: "Ніна", noRnokpp: "on", rnokpp: undefined, passportNumber: "ВК123456" }));
    const before = storedCounts();
    const response = await register(
      applicantForm(programme.id, { surname: "Zaichenko", firstName: "Nina", birthDate: "1970-01-01", noRnokpp: "on", rnokpp: undefined, passportNumber: "вк 123456" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/cases/${first.caseId}?duplicateOf=passport`);
    const after = storedCounts();
    expect(after.persons).toBe(before.persons);
    expect(after.cases).toBe(before.cases);
  });
});

describe("possible duplicates", () => {
  let olena: { caseId: number; personId: number };

  beforeAll(async () => {
    olena = await registerOk(
      applicantForm(programme.id, { surname: "Шевченко", firstName: "Олена", latinName: undefined, birthDate: "1985-03-07", phone: "+380 50 765 43 21" }),
    );
  });

  it("registers a Latin spelling with day and month swapped, and queues the pair by name and birth date", async () => {
    const response = await register(
      applicantForm(programme.id, {
        surname: "Shevchenko",
        firstName: "Olena",
        latinName: undefined,
        birthDate: "1985-07-03",
        noRnokpp: "on",
        rnokpp: undefined,
        passportNumber: "FE123987",
        phone: "+380931112200",
      }),
    );
    const caseId = registeredCaseId(response);
    const personId = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!.personId;
    expect(personId).not.toBe(olena.personId);
    const pairs = pairsOf(personId);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ matchedPersonId: olena.personId, status: "pending", reasons: ["name_and_birth_date"] });
  });

  it("queues the Russian form of the name with the same phone by name and phone", async () => {
    const { personId } = await registerOk(
      applicantForm(programme.id, { surname: "Шевченко", firstName: "Елена", latinName: undefined, birthDate: "1991-11-20", phone: "0507654321" }),
    );
    const pairs = pairsOf(personId);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ matchedPersonId: olena.personId, status: "pending", reasons: ["name_and_phone"] });
  });

  it("does not pair a clearly different person with the same birth date", async () => {
    const before = countRows(schema.possibleDuplicates);
    const { personId } = await registerOk(
      applicantForm(programme.id, { surname: "Shevchuk", firstName: "Olha", latinName: undefined, birthDate: "1985-03-07", phone: "+380661234000" }),
    );
    expect(pairsOf(personId)).toEqual([]);
    expect(countRows(schema.possibleDuplicates)).toBe(before);
  });
});

describe("who may register", () => {
  it.each(["mentor", "evaluator", "reviewer"] as const)("a %s gets 403 from the page and the action, and nothing is stored", async (role) => {
    const loaderResponse = await callRoute(casesNew.loader, request("/cases/new", { cookie: cookieOf[role] }));
    expect(loaderResponse.status).toBe(403);
    const before = storedCounts();
    const actionResponse = await register(applicantForm(programme.id, { surname: "Сидоренко", firstName: "Олег", sex: "male" }), cookieOf[role]);
    expect(actionResponse.status).toBe(403);
    expect(storedCounts()).toEqual(before);
  });

  it("an officer gets the page", async () => {
    const response = await callRoute(casesNew.loader, request("/cases/new", { cookie: cookieOf.officer }));
    expect(response.status).toBe(200);
    const data = await readJson<{ choices: { programmes: Array<{ id: number }> } }>(response);
    expect(data.choices.programmes.map((choice) => choice.id)).toContain(programme.id);
  });
});
