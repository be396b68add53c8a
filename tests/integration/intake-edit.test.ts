// Correcting an applicant through cases.$caseId_.edit: the form round trip, optimistic locking,
// displacement history kept (domain.md §2), identity numbers that belong to someone else.
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { identityHash } from "~/lib/identity.server";
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

type EditLoaderData = { caseId: number; form: { values: Record<string, string | string[] | null>; version: number; caseCode: string; personId: number } };

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

// The loader's values as the browser would post them back (empty fields left out).
async function currentForm(caseId: number, changes: ApplicantOverrides = {}): Promise<ApplicantForm> {
  const data = await readJson<EditLoaderData>(await loadEdit(caseId));
  const merged: ApplicantOverrides = { ...(data.form.values as ApplicantOverrides), version: String(data.form.version), ...changes };
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
  it("gives an officer the form values, RNOKPP included, and audits the view", async () => {
    const viewsBefore = auditCount(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.caseId, caseA.caseId)));
    const response = await loadEdit(caseA.caseId);
    expect(response.status).toBe(200);
    const data = await readJson<EditLoaderData>(response);
    expect(data.form.values).toMatchObject({
      surname: "Олійник",
      firstName: "Світлана",
      birthDate: "1983-10-05",
      rnokpp: rnokppA,
      displacementStatus: "idp",
      currentOblastPcode: "UA12",
      businessName: "Швейна майстерня",
      requestedAmountMinor: "150000",
      consentPurposes: ["registration", "screening"],
    });
    expect(data.form.version).toBe(caseRow(caseA.caseId).version);
    const views = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.caseId, caseA.caseId)))
      .all();
    expect(views).toHaveLength(viewsBefore + 1);
    expect(views.at(-1)).toMatchObject({ userId: officer.id, entityType: "person", entityId: String(caseA.personId) });
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
