// Correcting an applicant through cases.$caseId_.edit: the form round trip, optimistic locking,
// displacement history kept (domain.md §2), identity numbers that belong to someone else.
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { identityHash, unsealIdentity } from "~/lib/identity.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import * as editPage from "~/routes/cases.$caseId_.edit";
import { applicantInput, type ApplicantForm, type ApplicantOverrides } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  fieldErrors,
  formErrors,
  readJson,
  request,
  sessionCookieFor,
  type Reply,
  type TestUser,
} from "../helpers/foundation";

type EditLoaderData = {
  caseId: number;
  form: { values: Record<string, string | string[] | null>; version: number; caseCode: string; personId: number; stored: { identity: string | null; protectedCategory: boolean } };
};
type Revealed = { revealed: { noRnokpp: string | null; rnokpp: string | null; passportNumber: string | null; protectedCategory: string | null } };
const protectedFields = ["noRnokpp", "rnokpp", "passportNumber", "protectedCategory"];

let programme: ReturnType<typeof createTestProgramme>;
let officer: TestUser;
let mentor: TestUser;
let partnerA: ReturnType<typeof createTestOrganisations>["partnerA"];
const cookieOf = { officer: "", mentor: "" };

beforeAll(async () => {
  const organisations = createTestOrganisations();
  partnerA = organisations.partnerA;
  programme = createTestProgramme({ code: "EDIT-1" });
  [officer, mentor] = await Promise.all([
    createTestUser("officer", { organisationId: organisations.agency.id }),
    createTestUser("mentor", { organisationId: partnerA.id }),
  ]);
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.mentor = await sessionCookieFor(mentor.id);
});

function registerCase(overrides: ApplicantOverrides) {
  const result = registerApplicant(officer, applicantInput(programme.id, overrides));
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  return result;
}

function caseRow(caseId: number) {
  return db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
}

function personRow(personId: number) {
  return db.select().from(schema.persons).where(eq(schema.persons.id, personId)).get()!;
}

function loadEdit(caseId: number, cookie = cookieOf.officer) {
  return callRoute(editPage.loader, request(`/cases/${caseId}/edit`, { cookie }), { caseId: String(caseId) });
}

function postEdit(caseId: number, form: ApplicantForm, cookie = cookieOf.officer) {
  return callRoute(editPage.action, request(`/cases/${caseId}/edit`, { form, cookie }), { caseId: String(caseId) });
}

function revealEdit(caseId: number, cookie = cookieOf.officer) {
  return callRoute(editPage.action, request(`/cases/${caseId}/edit`, { form: { intent: "reveal" }, cookie }), { caseId: String(caseId) });
}

// The loader's values as the browser would post them back (empty fields left out). A change of
// an identity number or the protection category first reveals them, as the page makes one do.
async function currentForm(caseId: number, changes: ApplicantOverrides = {}): Promise<ApplicantForm> {
  const data = await readJson<EditLoaderData>(await loadEdit(caseId));
  let values = data.form.values as ApplicantOverrides;
  if (protectedFields.some((field) => field in changes)) {
    const { revealed } = await readJson<Revealed>(await revealEdit(caseId));
    values = { ...values, keepIdentity: undefined, ...Object.fromEntries(Object.entries(revealed).map(([field, value]) => [field, value ?? undefined])) };
  }
  const merged: ApplicantOverrides = { ...values, version: String(data.form.version), ...changes };
  const form: ApplicantForm = {};
  for (const [name, value] of Object.entries(merged)) if (value !== undefined && value !== null) form[name] = typeof value === "string" ? value : [...value];
  return form;
}

const rnokppA = makeRnokpp("1983-10-05", "female", 311);
const rnokppB = makeRnokpp("1979-02-17", "male", 312);
let caseA: ReturnType<typeof registerCase>;
let caseB: ReturnType<typeof registerCase>;

beforeAll(() => {
  caseA = registerCase({ surname: "Олійник", firstName: "Світлана", birthDate: "1983-10-05", rnokpp: rnokppA, businessName: "Швейна майстерня" });
  caseB = registerCase({ surname: "Савченко", firstName: "Петро", sex: "male", birthDate: "1979-02-17", rnokpp: rnokppB, displacementStatus: "host" });
});

describe("the edit page", () => {
  it("gives an officer the form values without identity numbers or protection category, and a GET writes nothing", async () => {
    const auditBefore = auditCount();
    const response = await loadEdit(caseA.caseId);
    expect(response.status).toBe(200);
    const text = await response.text();
    const data = JSON.parse(text) as EditLoaderData;
    expect(data.form.values).toMatchObject({
      surname: "Олійник",
      firstName: "Світлана",
      birthDate: "1983-10-05",
      displacementStatus: "idp",
      currentOblastPcode: "UA12",
      businessName: "Швейна майстерня",
      requestedAmountMinor: "150000",
      consentPurposes: ["registration", "screening"],
      keepIdentity: "on",
    });
    for (const field of protectedFields) expect(Object.keys(data.form.values)).not.toContain(field);
    expect(text).not.toContain(rnokppA);
    expect(data.form.stored).toEqual({ identity: "rnokpp", protectedCategory: false });
    expect(data.form.version).toBe(caseRow(caseA.caseId).version);
    // A link to this page on another site can no longer write in the officer's name.
    expect(auditCount()).toBe(auditBefore);
  });

  it("reveals the RNOKPP on a POST, and writes exactly one view of protected fields", async () => {
    const viewsOf = () => auditCount(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.caseId, caseA.caseId)));
    const before = viewsOf();
    const allBefore = auditCount();
    const response = await revealEdit(caseA.caseId);
    expect(response.status).toBe(200);
    expect((await readJson<Revealed>(response)).revealed).toEqual({ noRnokpp: null, rnokpp: rnokppA, passportNumber: null, protectedCategory: null });
    expect(viewsOf()).toBe(before + 1);
    expect(auditCount()).toBe(allBefore + 1);
    const view = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.caseId, caseA.caseId))).all().at(-1)!;
    expect(view).toMatchObject({ userId: officer.id, entityType: "person", entityId: String(caseA.personId), after: { fields: ["rnokpp"], purpose: "edit" } });
  });

  it("saves a correction made without revealing, keeping the stored number and protection category", async () => {
    const kept = registerCase({
      surname: "Мельник",
      firstName: "Ганна",
      birthDate: "1988-03-09",
      rnokpp: makeRnokpp("1988-03-09", "female", 313),
      protectionFlag: "on",
      protectedCategory: "gbv_survivor",
    });
    const before = personRow(kept.personId);
    const form = await currentForm(kept.caseId, { surname: "Мельник-Коваль" });
    expect(form.keepIdentity).toBe("on");
    expect(form.rnokpp).toBeUndefined();
    // A refused save does not echo the numbers it put back from the record.
    const refused = await postEdit(kept.caseId, { ...form, householdSize: "0" });
    expect(refused.status).toBe(400);
    const refusedText = await refused.text();
    expect(refusedText).not.toContain(makeRnokpp("1988-03-09", "female", 313));
    expect(refusedText).not.toContain("gbv_survivor");
    expect((await postEdit(kept.caseId, form)).status).toBe(302);
    const after = personRow(kept.personId);
    expect(after.surname).toBe("Мельник-Коваль");
    expect(after.rnokppHash).toBe(before.rnokppHash);
    // Sealed again with a fresh nonce on every save: the number inside is what must stay.
    expect(unsealIdentity(after.rnokppSealed!)).toBe(makeRnokpp("1988-03-09", "female", 313));
    expect(caseRow(kept.caseId).protectedCategory).toBe("gbv_survivor");
  });

  it("a mentor gets 403 from the page and the action, even on a case of their organisation", async () => {
    const assigned = registerCase({ surname: "Гриценко", firstName: "Ольга", partnerOrganisationId: String(partnerA.id), mentorId: String(mentor.id) });
    const form = await currentForm(assigned.caseId, { surname: "Змінено" });
    const before = caseRow(assigned.caseId);
    const viewsBefore = auditCount(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.userId, mentor.id)));
    expect((await loadEdit(assigned.caseId, cookieOf.mentor)).status).toBe(403);
    expect((await postEdit(assigned.caseId, form, cookieOf.mentor)).status).toBe(403);
    expect(caseRow(assigned.caseId)).toEqual(before);
    expect(personRow(assigned.personId).surname).toBe("Гриценко");
    expect(auditCount(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.userId, mentor.id)))).toBe(viewsBefore);
  });
});

describe("saving corrections", () => {
  it("updates the person, case and business with the right version", async () => {
    const before = caseRow(caseA.caseId);
    const form = await currentForm(caseA.caseId, {
      surname: "Олійник-Кравець",
      phone: "(050) 111-22-33",
      householdSize: "4",
      children: "2",
      businessName: "Ательє на Соборній",
      requestedAmountMinor: "120 000,50",
    });
    const response = await postEdit(caseA.caseId, form);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/cases/${caseA.caseId}`);

    expect(personRow(caseA.personId)).toMatchObject({ surname: "Олійник-Кравець", phone: "+380501112233", rnokppHash: identityHash("rnokpp", rnokppA) });
    expect(caseRow(caseA.caseId)).toMatchObject({ householdSize: 4, children: 2, version: before.version + 1 });
    const business = db.select().from(schema.businesses).where(eq(schema.businesses.caseId, caseA.caseId)).get()!;
    expect(business).toMatchObject({ name: "Ательє на Соборній", requestedAmountMinor: 12_000_050 });
    expect(auditCount(and(eq(schema.auditLog.action, "update"), eq(schema.auditLog.caseId, caseA.caseId)))).toBe(1);
  });

  it("keeps the displacement history: idp → host adds a record", async () => {
    const form = await currentForm(caseA.caseId, { displacementStatus: "host", idpCertificateNumber: undefined, idpCertificateDate: undefined });
    const response = await postEdit(caseA.caseId, form);
    expect(response.status).toBe(302);
    const history = db
      .select()
      .from(schema.displacementRecords)
      .where(eq(schema.displacementRecords.personId, caseA.personId))
      .orderBy(asc(schema.displacementRecords.id))
      .all();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ status: "idp", context: "application" });
    expect(history[0].idpCertificateNumber).not.toBeNull();
    expect(history[1]).toMatchObject({ status: "host", context: "update", idpCertificateNumber: null, recordedByUserId: officer.id });
    expect(caseRow(caseA.caseId).displacementStatus).toBe("host");
  });

  it("refuses a stale version with 409 and changes nothing", async () => {
    const form = await currentForm(caseA.caseId, { surname: "Застаріле" });
    // Someone else saves first.
    expect((await postEdit(caseA.caseId, await currentForm(caseA.caseId, { patronymic: "Петрівна" }))).status).toBe(302);
    const before = { case: caseRow(caseA.caseId), person: personRow(caseA.personId) };
    const response = await postEdit(caseA.caseId, form);
    expect(response.status).toBe(409);
    expect(formErrors(await readJson<Reply>(response))).toEqual(["errors.staleRecord"]);
    expect(caseRow(caseA.caseId)).toEqual(before.case);
    expect(personRow(caseA.personId)).toEqual(before.person);
  });

  it("refuses another person's RNOKPP with 409 on the field and changes nothing", async () => {
    const form = await currentForm(caseA.caseId, { rnokpp: rnokppB, birthDate: "1979-02-17" });
    const before = { case: caseRow(caseA.caseId), person: personRow(caseA.personId), other: personRow(caseB.personId) };
    const response = await postEdit(caseA.caseId, form);
    expect(response.status).toBe(409);
    expect(fieldErrors(await readJson<Reply>(response), "rnokpp")).toEqual(["errors.identityTaken"]);
    expect(caseRow(caseA.caseId)).toEqual(before.case);
    expect(personRow(caseA.personId)).toEqual(before.person);
    expect(personRow(caseA.personId).rnokppHash).toBe(identityHash("rnokpp", rnokppA));
    expect(personRow(caseB.personId)).toEqual(before.other);
  });
});
