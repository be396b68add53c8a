// Screening, overriding and revealing protected fields through the case page (cases.$caseId),
// and what the page gives mentors and evaluators (domain.md §1, §8).
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { registerApplicant, updateApplicant } from "~/modules/intake/intake.server";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import * as casePage from "~/routes/cases.$caseId";
import { applicantForm, applicantInput, dateYearsAgo, parseApplicantForm, todayIso, type ApplicantOverrides } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  countRows,
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

type CaseActionReply = { result: Reply; revealed: { rnokpp: string | null; passport: string | null; protectedCategory: string | null } | null };

let withTraining: ReturnType<typeof createTestProgramme>;
let withoutTraining: ReturnType<typeof createTestProgramme>;
let partnerA: ReturnType<typeof createTestOrganisations>["partnerA"];
let officer: TestUser;
let mentor: TestUser;
const cookieOf = { officer: "", mentor: "", evaluator: "" };

beforeAll(async () => {
  const organisations = createTestOrganisations();
  partnerA = organisations.partnerA;
  withTraining = createTestProgramme({ code: "SCREEN-T", trainingRequired: true });
  withoutTraining = createTestProgramme({ code: "SCREEN-P", trainingRequired: false });
  const [createdOfficer, createdMentor, evaluator] = await Promise.all([
    createTestUser("officer", { organisationId: organisations.agency.id }),
    createTestUser("mentor", { organisationId: partnerA.id }),
    createTestUser("evaluator", { organisationId: organisations.agency.id }),
  ]);
  officer = createdOfficer;
  mentor = createdMentor;
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.mentor = await sessionCookieFor(mentor.id);
  cookieOf.evaluator = await sessionCookieFor(evaluator.id);
});

function registerCase(programmeId: number, overrides: ApplicantOverrides = {}) {
  const result = registerApplicant(officer, applicantInput(programmeId, overrides));
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  return result.caseId;
}

function caseRow(caseId: number) {
  return db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
}

function screeningsOf(caseId: number) {
  return db.select().from(schema.screenings).where(eq(schema.screenings.caseId, caseId)).orderBy(desc(schema.screenings.id)).all();
}

// A form of the case page opened just now: it carries the case's current version.
function postCaseAction(caseId: number, form: Record<string, string>, cookie = cookieOf.officer) {
  const version = String(caseRow(caseId).version);
  return callRoute(casePage.action, request(`/cases/${caseId}`, { form: { version, ...form }, cookie }), { caseId: String(caseId) });
}

function loadCasePage(caseId: number, cookie: string) {
  return callRoute(casePage.loader, request(`/cases/${caseId}`, { cookie }), { caseId: String(caseId) });
}

type RuleResult = { rule: string; passed: boolean; detail: Record<string, unknown> };
type BreakdownLine = { criterion: string; points: number; applies: boolean };

const allRules = ["age", "displacement_status", "oblast", "sector", "one_per_programme", "earlier_grant"];

describe("screening (intent=screen)", () => {
  it("moves an eligible adult IDP on to training, with the score and every rule result stored", async () => {
    // IDP (10) + female-headed household (10); income per member above the threshold.
    const caseId = registerCase(withTraining.id, { femaleHeaded: "on", birthDate: "1988-08-08" });
    const auditBefore = auditCount(and(eq(schema.auditLog.action, "screen"), eq(schema.auditLog.caseId, caseId)));
    const response = await postCaseAction(caseId, { intent: "screen" });
    expect(response.status).toBe(200);

    const after = caseRow(caseId);
    expect(after).toMatchObject({ stage: "training", status: "open", eligibility: "eligible", version: 2 });
    const [screening] = screeningsOf(caseId);
    expect(screening).toMatchObject({ eligible: true, screenedOn: todayIso(), screenedByUserId: officer.id });
    const rules = screening.ruleResults as RuleResult[];
    expect(rules.map((result) => result.rule).sort()).toEqual([...allRules].sort());
    expect(rules.every((result) => result.passed)).toBe(true);
    const breakdown = screening.vulnerabilityBreakdown as BreakdownLine[];
    const sum = breakdown.reduce((total, line) => total + line.points, 0);
    expect(screening.vulnerabilityScore).toBe(sum);
    expect(after.vulnerabilityScore).toBe(sum);
    expect(sum).toBe(20);
    expect(breakdown.filter((line) => line.applies).map((line) => line.criterion).sort()).toEqual(["femaleHeaded", "idp"]);
    expect(auditCount(and(eq(schema.auditLog.action, "screen"), eq(schema.auditLog.caseId, caseId)))).toBe(auditBefore + 1);
  });

  it("moves an eligible case straight to the business plan when the programme has no training", async () => {
    const caseId = registerCase(withoutTraining.id);
    const response = await postCaseAction(caseId, { intent: "screen" });
    expect(response.status).toBe(200);
    expect(caseRow(caseId)).toMatchObject({ stage: "business_plan", status: "open", eligibility: "eligible" });
  });

  it("screens out an applicant aged 17 on the screening date: the age rule fails", async () => {
    const birthDate = dateYearsAgo(17, 100);
    const today = todayIso();
    const caseId = registerCase(withTraining.id, {
      birthDate,
      rnokpp: makeRnokpp(birthDate, "female", 41),
      applicationDate: today,
      consentGivenOn: today,
    });
    const response = await postCaseAction(caseId, { intent: "screen" });
    expect(response.status).toBe(200);
    expect(caseRow(caseId)).toMatchObject({ stage: "screening", status: "ineligible", eligibility: "ineligible" });
    const rules = screeningsOf(caseId)[0].ruleResults as RuleResult[];
    const age = rules.find((result) => result.rule === "age")!;
    expect(age.passed).toBe(false);
    expect(age.detail.age).toBe(17);
    expect(rules.filter((result) => !result.passed).map((result) => result.rule)).toEqual(["age"]);
  });

  it("screens out an excluded sector (11.05, beer): the sector rule fails", async () => {
    const caseId = registerCase(withTraining.id, { kvedCode: "11.05" });
    await postCaseAction(caseId, { intent: "screen" });
    expect(caseRow(caseId)).toMatchObject({ status: "ineligible", eligibility: "ineligible" });
    const rules = screeningsOf(caseId)[0].ruleResults as RuleResult[];
    expect(rules.filter((result) => !result.passed).map((result) => result.rule)).toEqual(["sector"]);
  });
});

describe("override (intent=override)", () => {
  let caseId: number;
  const reason = "Brewery closed; applicant now plans a bakery (10.71), confirmed by phone.";

  beforeAll(async () => {
    caseId = registerCase(withTraining.id, { kvedCode: "11.05" });
    await postCaseAction(caseId, { intent: "screen" });
  });

  it("refuses a reason shorter than 10 characters and changes nothing", async () => {
    const before = caseRow(caseId);
    const response = await postCaseAction(caseId, { intent: "override", reason: "too short" });
    expect(response.status).toBe(400);
    const body = await readJson<CaseActionReply>(response);
    expect(fieldErrors(body.result, "reason")).toEqual(["errors.reasonTooShort"]);
    expect(caseRow(caseId)).toEqual(before);
    expect(screeningsOf(caseId)[0].overrideReason).toBeNull();
  });

  it("admits the applicant with a recorded reason, on the screening and in the audit log", async () => {
    const response = await postCaseAction(caseId, { intent: "override", reason });
    expect(response.status).toBe(200);
    expect(caseRow(caseId)).toMatchObject({ eligibility: "overridden", status: "open", stage: "training" });
    const [screening] = screeningsOf(caseId);
    expect(screening).toMatchObject({ overrideReason: reason, overriddenByUserId: officer.id, eligible: false });
    const audit = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "override"), eq(schema.auditLog.caseId, caseId)))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0].userId).toBe(officer.id);
    expect(audit[0].after).toMatchObject({ reason, eligibility: "overridden" });
  });

  it("refuses a second override with 409", async () => {
    const before = caseRow(caseId);
    const response = await postCaseAction(caseId, { intent: "override", reason: "Another long enough reason here." });
    expect(response.status).toBe(409);
    const body = await readJson<CaseActionReply>(response);
    expect(formErrors(body.result)).toEqual(["errors.screening.nothing_to_override"]);
    expect(caseRow(caseId)).toEqual(before);
    expect(screeningsOf(caseId)[0].overrideReason).toBe(reason);
  });
});

describe("mentors and evaluators on the case page", () => {
  const surname = "Бондаренко";
  const firstName = "Дарина";
  const birthDate = "1979-11-23";
  const phone = "+380631239876";
  const rnokpp = makeRnokpp(birthDate, "female", 1234);
  let caseId: number;

  beforeAll(() => {
    caseId = registerCase(withTraining.id, {
      surname,
      firstName,
      patronymic: undefined,
      birthDate,
      phone,
      rnokpp,
      protectionFlag: "on",
      protectedCategory: "gbv_survivor",
      partnerOrganisationId: String(partnerA.id),
      mentorId: String(mentor.id),
      businessName: "Пекарня",
    });
  });

  it("a mentor cannot screen a case assigned to them: 403 and nothing changes", async () => {
    const before = caseRow(caseId);
    const response = await postCaseAction(caseId, { intent: "screen" }, cookieOf.mentor);
    expect(response.status).toBe(403);
    expect(caseRow(caseId)).toEqual(before);
    expect(countRows(schema.screenings, eq(schema.screenings.caseId, caseId))).toBe(0);
  });

  it("an officer's reveal returns the RNOKPP and the protected category, and is audited", async () => {
    const viewsBefore = auditCount(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.caseId, caseId)));
    const response = await postCaseAction(caseId, { intent: "reveal" });
    expect(response.status).toBe(200);
    const body = await readJson<CaseActionReply>(response);
    expect(body.revealed).toMatchObject({ rnokpp, protectedCategory: "gbv_survivor" });
    const views = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.caseId, caseId)))
      .all();
    expect(views).toHaveLength(viewsBefore + 1);
    expect(views.at(-1)!.userId).toBe(officer.id);
    expect(JSON.stringify(views.at(-1))).not.toContain(rnokpp);
  });

  it("a mentor's reveal is refused with 403 and not audited", async () => {
    const viewsBefore = auditCount(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.caseId, caseId)));
    const response = await postCaseAction(caseId, { intent: "reveal" }, cookieOf.mentor);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(rnokpp);
    expect(auditCount(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.caseId, caseId)))).toBe(viewsBefore);
  });

  describe("after screening and a correction of the protected category", () => {
    beforeAll(async () => {
      await postCaseAction(caseId, { intent: "screen" });
      // The officer corrects the category: the change is in the case's history.
      const current = caseRow(caseId);
      const form = applicantForm(withTraining.id, {
        surname,
        firstName,
        patronymic: undefined,
        birthDate,
        phone,
        rnokpp,
        protectionFlag: "on",
        protectedCategory: "trafficking_survivor",
        partnerOrganisationId: String(partnerA.id),
        mentorId: String(mentor.id),
        businessName: "Пекарня",
      });
      updateApplicant(officer, caseId, current.version, parseApplicantForm(form));
      expect(caseRow(caseId).protectedCategory).toBe("trafficking_survivor");
    });

    it("the mentor's page has names but no RNOKPP, sealed value or protected category", async () => {
      const sealed = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow(caseId).personId)).get()!.rnokppSealed!;
      const response = await loadCasePage(caseId, cookieOf.mentor);
      expect(response.status).toBe(200);
      const json = await response.text();
      expect(json).toContain(surname);
      expect(json).not.toContain(rnokpp);
      expect(json).not.toContain(sealed);
      expect(json).not.toContain("gbv_survivor");
      expect(json).not.toContain("trafficking_survivor");
    });

    it("the evaluator's page has no RNOKPP, protected category, surname, first name, phone or exact birth date", async () => {
      const sealed = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow(caseId).personId)).get()!.rnokppSealed!;
      const response = await loadCasePage(caseId, cookieOf.evaluator);
      expect(response.status).toBe(200);
      const json = await response.text();
      expect(json).toContain(caseRow(caseId).caseCode);
      for (const secret of [rnokpp, sealed, "gbv_survivor", "trafficking_survivor", surname, firstName, phone, "631239876", birthDate]) {
        expect(json, secret).not.toContain(secret);
      }
    });

    it("the officer's page still shows the person (so the checks above can fail)", async () => {
      const json = await (await loadCasePage(caseId, cookieOf.officer)).text();
      expect(json).toContain(surname);
      expect(json).toContain(birthDate);
      expect(json).toContain(phone);
    });
  });
});
