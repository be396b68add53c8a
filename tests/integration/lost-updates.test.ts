// No lost updates (issue 8 §5, style.md "Data"): every form that changes a record posts the
// version it was read at. For each form, two people open the page (two copies, read before either
// saves), both save, and the second is refused with 409: the answer says what changed, who and
// when, and keeps what was typed; the stored rows are the first save's and only the first save
// has an audit entry. Attendance is saved per trainee, so ticks of different people both stay.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { findImport, findMapping, formKey } from "~/modules/imports/kobo-import.server";
import { suggestMapping } from "~/modules/imports/kobo-mapping";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import { savePlan, submitPlan } from "~/modules/review/plans.server";
import { assignReviewers, declareConflict, submitScores } from "~/modules/review/reviews.server";
import type { PlanInput } from "~/modules/review/schema";
import { defaultRubric } from "~/modules/review/scoring";
import { createTrainingSession } from "~/modules/review/training.server";
import * as casePage from "~/routes/cases.$caseId";
import * as reviewPanel from "~/routes/cases.$caseId_.review";
import * as committeePage from "~/routes/committee.$caseId";
import * as importList from "~/routes/imports._index";
import * as mappingPage from "~/routes/imports.uploads.$uploadId";
import * as trainingSession from "~/routes/training.$sessionId";
import { koboFullCsv, koboFullHeaders } from "../fixtures/kobo-full-form";
import { applicantInput } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  formErrors,
  readJson,
  request,
  sessionCookieFor,
  type Reply,
  type TestUser,
} from "../helpers/foundation";
import { completionForm, registerForm, type RegisterPage } from "../helpers/training-register";

type Programme = ReturnType<typeof createTestProgramme>;
type RouteFunction = Parameters<typeof callRoute>[0];
type StaleChange = { record: string; action: string | null; at: string | null; by: string | null; [detail: string]: unknown };

const people = {
  officerA: { role: "officer", name: "Olena Kovalenko" },
  officerB: { role: "officer", name: "Petro Shevchenko" },
  adminA: { role: "admin", name: "Iryna Savchuk" },
  adminB: { role: "admin", name: "Taras Hnatiuk" },
  reviewer1: { role: "reviewer", name: "Ihor Melnyk" },
  reviewer2: { role: "reviewer", name: "Halyna Bondar" },
} as const;
type Person = keyof typeof people;
const user = {} as Record<Person, TestUser>;
const cookie = {} as Record<Person, string>;

let programme: Programme;
let trainingProgramme: Programme;
const isoInstant = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
// Posted from the decision's confirmation step, with a reason in case other plans rank above.
const committee = { committeeDate: "2026-11-20", members: "Olena Kovalenko, Petro Shevchenko", confirmed: "yes", rankOrderReason: "Decided in the order these tests need." };

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "lost-updates-uploads-"));
  const { agency } = createTestOrganisations();
  programme = createTestProgramme({ code: "RACE-1", trainingRequired: false, minReviewers: 1, grantCeilingMinor: 20_000_000, budgetEnvelopeMinor: 100_000_000 });
  trainingProgramme = createTestProgramme({ code: "RACE-T", trainingRequired: true });
  for (const [key, person] of Object.entries(people) as Array<[Person, (typeof people)[Person]]>) {
    user[key] = await createTestUser(person.role, { organisationId: agency.id, name: person.name });
    cookie[key] = await sessionCookieFor(user[key].id);
  }
});

afterAll(() => rmSync(process.env.UPLOAD_DIR as string, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Reading pages and posting forms the way a browser does

async function open<T>(loader: RouteFunction, path: string, as: string, params: Record<string, string>): Promise<T> {
  const response = await callRoute(loader, request(path, { cookie: as }), params);
  expect(response.status, `GET ${path}`).toBe(200);
  return readJson<T>(response);
}

function post(action: RouteFunction, path: string, form: Record<string, string | string[]>, as: string, params: Record<string, string>) {
  return callRoute(action, request(path, { form, cookie: as }), params);
}

type Refusal = { stale: StaleChange | null };

// The 409 of a lost race: the generic message for the form, the change for the sentence.
async function expectStale(response: Response, reply: (body: Record<string, unknown>) => Reply) {
  expect(response.status).toBe(409);
  const body = await readJson<Record<string, unknown> & Refusal>(response);
  expect(formErrors(reply(body))).toEqual(["errors.staleRecord"]);
  return body;
}

const caseRow = (caseId: number) => db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
const caseAudits = (caseId: number, action: string) => auditCount(and(eq(schema.auditLog.caseId, caseId), eq(schema.auditLog.action, action)));

let applicants = 0;
function registerCase(programmeId: number, overrides: Record<string, string> = {}) {
  applicants += 1;
  const result = registerApplicant(
    user.officerA,
    applicantInput(programmeId, { surname: `Гонитва${applicants}`, birthDate: `198${applicants % 10}-04-1${applicants % 10}`, ...overrides }),
  );
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  return result.caseId;
}

function planInput(version: number): PlanInput {
  return {
    intent: "save",
    version,
    summary: "A bakery in the hromada centre.",
    products: "Bread and pastries.",
    market: "The nearest bakery is 12 km away.",
    competitors: "A supermarket's bread shelf.",
    experience: "Ten years as a baker.",
    premises: "A rented kitchen of 30 m².",
    risks: "Flour prices.",
    expectedJobsFullTime: 1,
    expectedJobsPartTime: 0,
    expectedMonthlyRevenueMinor: 4_000_000,
    coContributionMinor: 500_000,
    budget: [{ item: "Oven", quantity: 1, unitCostMinor: 9_000_000, modality: "in_kind", supplierQuote: undefined }],
  };
}

// Screened, with a submitted plan: the case waits for reviewers.
function caseInReview() {
  const caseId = registerCase(programme.id);
  screenCase(user.officerA, caseId, caseRow(caseId).version);
  savePlan(user.officerA, caseId, planInput(0));
  submitPlan(user.officerA, caseId);
  return caseId;
}

// Reviewed by one reviewer: the case is before the committee.
function caseAtCommittee() {
  const caseId = caseInReview();
  assignReviewers(user.officerA, caseId, caseRow(caseId).version, [user.reviewer1.id]);
  const assignment = db.select().from(schema.reviewAssignments).where(eq(schema.reviewAssignments.caseId, caseId)).get()!;
  declareConflict(user.reviewer1, assignment.id, false);
  submitScores(user.reviewer1, assignment.id, Object.fromEntries(defaultRubric.criteria.map(({ key }) => [key, { score: 4, comment: "Well argued." }])));
  expect(caseRow(caseId).stage).toBe("committee");
  return caseId;
}

// ---------------------------------------------------------------------------------------------

describe("committee decision", () => {
  type CommitteePage = { case: { version: number } };
  const page = (caseId: number, as: string) => open<CommitteePage>(committeePage.loader, `/committee/${caseId}`, as, { caseId: String(caseId) });
  const decide = (caseId: number, version: number, form: Record<string, string>, as: string) =>
    post(committeePage.action, `/committee/${caseId}`, { intent: "decide", version: String(version), ...committee, ...form }, as, { caseId: String(caseId) });
  const decisions = (caseId: number) =>
    db
      .select({ decision: schema.committeeDecisions.decision, decidedByUserId: schema.committeeDecisions.decidedByUserId, amountMinor: schema.committeeDecisions.amountMinor })
      .from(schema.committeeDecisions)
      .where(eq(schema.committeeDecisions.caseId, caseId))
      .orderBy(asc(schema.committeeDecisions.id))
      .all();

  it("refuses an approval from a page read before a colleague waitlisted the case, and says so", async () => {
    const caseId = caseAtCommittee();
    const copyA = await page(caseId, cookie.officerA);
    const copyB = await page(caseId, cookie.officerB);
    expect(copyB.case.version).toBe(copyA.case.version);

    expect((await decide(caseId, copyA.case.version, { decision: "waitlisted" }, cookie.officerA)).status).toBe(302);
    const stored = caseRow(caseId);
    const body = await expectStale(
      await decide(caseId, copyB.case.version, { decision: "approved", amountMinor: "100000", modality: "in_kind", conditions: "Buy the oven first.", conditionsEn: "Buy the oven first." }, cookie.officerB),
      (reply) => reply as Reply,
    );
    expect(body.stale).toEqual({
      record: "case",
      action: "transition",
      event: "decide",
      decision: "waitlisted",
      stage: "committee",
      status: "waitlisted",
      by: user.officerA.name,
      at: isoInstant,
    });
    // What officer B typed comes back, so the form keeps it.
    expect((body as unknown as Reply).initialValue).toMatchObject({ decision: "approved", amountMinor: "100000", conditions: "Buy the oven first." });
    // Nothing of officer B's decision is stored.
    expect(caseRow(caseId)).toEqual(stored);
    expect(caseRow(caseId)).toMatchObject({ status: "waitlisted", decision: "waitlisted", approvedAmountMinor: null });
    expect(decisions(caseId)).toEqual([{ decision: "waitlisted", decidedByUserId: user.officerA.id, amountMinor: null }]);
    expect(caseAudits(caseId, "decide")).toBe(1);

    // Having seen the waitlisting (a fresh page), officer B may still approve from the waitlist.
    const fresh = await page(caseId, cookie.officerB);
    expect(fresh.case.version).toBe(stored.version);
    expect((await decide(caseId, fresh.case.version, { decision: "approved", amountMinor: "100000", modality: "in_kind" }, cookie.officerB)).status).toBe(302);
    expect(decisions(caseId).map((row) => row.decision)).toEqual(["waitlisted", "approved"]);
  });

  it("refuses a second reopening from a page read before the first", async () => {
    const caseId = caseAtCommittee();
    expect((await decide(caseId, caseRow(caseId).version, { decision: "approved", amountMinor: "100000", modality: "cash" }, cookie.officerA)).status).toBe(302);
    const copyA = await page(caseId, cookie.adminA);
    const copyB = await page(caseId, cookie.adminB);
    const reopen = (version: number, reason: string, as: string) =>
      post(committeePage.action, `/committee/${caseId}`, { intent: "reopen", version: String(version), reason }, as, { caseId: String(caseId) });

    expect((await reopen(copyA.case.version, "The supplier's invoice changed the amount.", cookie.adminA)).status).toBe(302);
    const stored = caseRow(caseId);
    const body = await expectStale(await reopen(copyB.case.version, "The applicant moved to Lviv oblast.", cookie.adminB), (reply) => reply as Reply);
    expect(body.stale).toMatchObject({ record: "case", action: "transition", event: "reopen_decision", stage: "committee", status: "open", by: user.adminA.name, at: isoInstant });
    expect(caseRow(caseId)).toEqual(stored);
    const reopened = db.select().from(schema.committeeDecisions).where(eq(schema.committeeDecisions.caseId, caseId)).get()!;
    expect(reopened).toMatchObject({ reopenedByUserId: user.adminA.id, reopenReason: "The supplier's invoice changed the amount." });
    expect(caseAudits(caseId, "reopen")).toBe(1);
  });
});

describe("the case page: screening, override, withdrawal", () => {
  type CasePage = { file: { case: { version: number } } };
  const page = async (caseId: number, as: string) => (await open<CasePage>(casePage.loader, `/cases/${caseId}`, as, { caseId: String(caseId) })).file.case.version;
  const act = (caseId: number, version: number, form: Record<string, string>, as: string) =>
    post(casePage.action, `/cases/${caseId}`, { version: String(version), ...form }, as, { caseId: String(caseId) });
  const screenings = (caseId: number) => db.select().from(schema.screenings).where(eq(schema.screenings.caseId, caseId)).orderBy(asc(schema.screenings.id)).all();
  type CaseReply = { result: Reply };

  it("stores one screening when two officers screen from the same page", async () => {
    const caseId = registerCase(programme.id);
    const versionA = await page(caseId, cookie.officerA);
    const versionB = await page(caseId, cookie.officerB);
    expect((await act(caseId, versionA, { intent: "screen" }, cookie.officerA)).status).toBe(200);
    const stored = { case: caseRow(caseId), screenings: screenings(caseId) };
    const body = await expectStale(await act(caseId, versionB, { intent: "screen" }, cookie.officerB), (reply) => (reply as CaseReply).result);
    expect(body.stale).toEqual({ record: "case", action: "screen", stage: "business_plan", status: "open", eligibility: "eligible", by: user.officerA.name, at: isoInstant });
    expect({ case: caseRow(caseId), screenings: screenings(caseId) }).toEqual(stored);
    expect(stored.screenings.map((row) => row.screenedByUserId)).toEqual([user.officerA.id]);
    expect(caseAudits(caseId, "screen")).toBe(1);
  });

  it("keeps the first override's reason and refuses the second", async () => {
    // Beer (11.05) is on the sector exclusion list: screened out.
    const caseId = registerCase(programme.id, { kvedCode: "11.05" });
    screenCase(user.officerA, caseId, caseRow(caseId).version);
    expect(caseRow(caseId).status).toBe("ineligible");
    const versionA = await page(caseId, cookie.officerA);
    const versionB = await page(caseId, cookie.officerB);
    const reasonA = "Sells repairs, not beer: the sector code was wrong.";
    const reasonB = "The committee admitted the family on protection grounds.";
    expect((await act(caseId, versionA, { intent: "override", reason: reasonA }, cookie.officerA)).status).toBe(200);
    const stored = { case: caseRow(caseId), screenings: screenings(caseId) };
    const body = await expectStale(await act(caseId, versionB, { intent: "override", reason: reasonB }, cookie.officerB), (reply) => (reply as CaseReply).result);
    expect(body.stale).toMatchObject({ record: "case", action: "override", eligibility: "overridden", by: user.officerA.name, at: isoInstant });
    expect((body as unknown as CaseReply).result.initialValue).toMatchObject({ reason: reasonB });
    expect({ case: caseRow(caseId), screenings: screenings(caseId) }).toEqual(stored);
    expect(stored.screenings.at(-1)).toMatchObject({ overrideReason: reasonA, overriddenByUserId: user.officerA.id });
    expect(caseAudits(caseId, "override")).toBe(1);
  });

  it("keeps the first withdrawal's reason and refuses the second", async () => {
    const caseId = registerCase(programme.id);
    const versionA = await page(caseId, cookie.officerA);
    const versionB = await page(caseId, cookie.officerB);
    expect((await act(caseId, versionA, { intent: "withdraw", withdrawReason: "Found a job in Kyiv and left." }, cookie.officerA)).status).toBe(200);
    const stored = caseRow(caseId);
    const body = await expectStale(await act(caseId, versionB, { intent: "withdraw", withdrawReason: "Moved abroad with the family." }, cookie.officerB), (reply) => (reply as CaseReply).result);
    expect(body.stale).toMatchObject({ record: "case", action: "transition", event: "withdraw", status: "withdrawn", by: user.officerA.name });
    expect(caseRow(caseId)).toEqual(stored);
    const withdrawals = db
      .select({ after: schema.auditLog.after, userId: schema.auditLog.userId })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.caseId, caseId), eq(schema.auditLog.action, "transition")))
      .all();
    expect(withdrawals).toEqual([{ userId: user.officerA.id, after: expect.objectContaining({ event: "withdraw", reason: "Found a job in Kyiv and left." }) }]);
  });

  it("refuses a withdrawal from a page read before the screening, naming the screening", async () => {
    const caseId = registerCase(programme.id);
    const versionB = await page(caseId, cookie.officerB);
    expect((await act(caseId, await page(caseId, cookie.officerA), { intent: "screen" }, cookie.officerA)).status).toBe(200);
    const body = await expectStale(await act(caseId, versionB, { intent: "withdraw", withdrawReason: "Not interested any more." }, cookie.officerB), (reply) => (reply as CaseReply).result);
    expect(body.stale).toMatchObject({ action: "screen", by: user.officerA.name });
    expect(caseRow(caseId).status).toBe("open");
  });

  it("refuses a form without a version (a page older than the forms) with 400, changing nothing", async () => {
    const caseId = registerCase(programme.id);
    const response = await post(casePage.action, `/cases/${caseId}`, { intent: "screen" }, cookie.officerA, { caseId: String(caseId) });
    expect(response.status).toBe(400);
    expect(caseRow(caseId)).toMatchObject({ stage: "application", version: 1 });
  });
});

describe("reviewer assignment", () => {
  type PanelPage = { case: { version: number } };
  const page = (caseId: number, as: string) => open<PanelPage>(reviewPanel.loader, `/cases/${caseId}/review`, as, { caseId: String(caseId) });
  const assign = (caseId: number, version: number, reviewerIds: number[], as: string) =>
    post(reviewPanel.action, `/cases/${caseId}/review`, { version: String(version), reviewerIds: reviewerIds.map(String) }, as, { caseId: String(caseId) });

  it("keeps the first officer's reviewers and refuses the second officer's stale assignment", async () => {
    const caseId = caseInReview();
    const copyA = await page(caseId, cookie.officerA);
    const copyB = await page(caseId, cookie.officerB);
    expect((await assign(caseId, copyA.case.version, [user.reviewer1.id], cookie.officerA)).status).toBe(200);
    const body = await expectStale(await assign(caseId, copyB.case.version, [user.reviewer2.id], cookie.officerB), (reply) => (reply as { result: Reply }).result);
    expect(body.stale).toMatchObject({ record: "case", action: "transition", event: "assign_reviewers", stage: "review", by: user.officerA.name });
    const assigned = db.select({ reviewerId: schema.reviewAssignments.reviewerId }).from(schema.reviewAssignments).where(eq(schema.reviewAssignments.caseId, caseId)).all();
    expect(assigned).toEqual([{ reviewerId: user.reviewer1.id }]);
    expect(caseAudits(caseId, "assign")).toBe(1);
  });
});

describe("training register", () => {
  let sessionId: number;
  let trainees: number[];
  const path = () => `/training/${sessionId}`;
  const page = (as: string) => open<RegisterPage>(trainingSession.loader, path(), as, { sessionId: String(sessionId) });
  const save = (form: Record<string, string>, as: string) => post(trainingSession.action, path(), form, as, { sessionId: String(sessionId) });
  const marks = () =>
    db
      .select({ caseId: schema.trainingAttendance.caseId, attended: schema.trainingAttendance.attended, version: schema.trainingAttendance.version, by: schema.trainingAttendance.recordedByUserId })
      .from(schema.trainingAttendance)
      .where(eq(schema.trainingAttendance.sessionId, sessionId))
      .orderBy(asc(schema.trainingAttendance.caseId))
      .all();
  const attendAudits = () => auditCount(and(eq(schema.auditLog.action, "attend"), eq(schema.auditLog.entityId, String(sessionId))));
  const nameOf = (caseId: number) => {
    const person = db.select().from(schema.persons).innerJoin(schema.cases, eq(schema.cases.personId, schema.persons.id)).where(eq(schema.cases.id, caseId)).get()!.persons;
    return `${person.surname} ${person.firstName}`;
  };

  beforeAll(() => {
    trainees = [1, 2, 3, 4].map(() => {
      const caseId = registerCase(trainingProgramme.id);
      screenCase(user.officerA, caseId, caseRow(caseId).version);
      return caseId;
    });
    sessionId = createTrainingSession(user.officerA, { programmeId: trainingProgramme.id, title: "Bookkeeping", heldOn: "2026-09-15" }).id;
  });

  it("keeps both officers' ticks when they tick different trainees on copies read at once", async () => {
    const [first, second] = trainees;
    const copyA = await page(cookie.officerA);
    const copyB = await page(cookie.officerB);
    expect((await save(registerForm(copyA, { [first]: true }), cookie.officerA)).status).toBe(200);
    // Officer B's copy still shows the first trainee unticked; B did not touch that box.
    const response = await save(registerForm(copyB, { [second]: true }), cookie.officerB);
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ saved: true });
    expect(marks()).toEqual([
      { caseId: first, attended: true, version: 1, by: user.officerA.id },
      { caseId: second, attended: true, version: 1, by: user.officerB.id },
    ]);
    expect(attendAudits()).toBe(2);
  });

  it("accepts the same tick made twice: nothing is lost and only the first writes", async () => {
    const third = trainees[2];
    const copyA = await page(cookie.officerA);
    const copyB = await page(cookie.officerB);
    const audits = attendAudits();
    expect((await save(registerForm(copyA, { [third]: true }), cookie.officerA)).status).toBe(200);
    expect((await save(registerForm(copyB, { [third]: true }), cookie.officerB)).status).toBe(200);
    expect(marks().find((mark) => mark.caseId === third)).toEqual({ caseId: third, attended: true, version: 1, by: user.officerA.id });
    expect(attendAudits()).toBe(audits + 1);
  });

  it("refuses a tick on a trainee whose mark someone changed since the page was read, and stores none of that save", async () => {
    const [first, , , fourth] = trainees;
    // Officer B opens the register: the fourth trainee has never been marked, the first is ticked.
    const copyB = await page(cookie.officerB);
    // Meanwhile officer A ticks the fourth trainee, then (on a fresh page) unticks them again.
    expect((await save(registerForm(await page(cookie.officerA), { [fourth]: true }), cookie.officerA)).status).toBe(200);
    expect((await save(registerForm(await page(cookie.officerA), { [fourth]: false }), cookie.officerA)).status).toBe(200);
    const stored = marks();
    expect(stored.find((mark) => mark.caseId === fourth)).toEqual({ caseId: fourth, attended: false, version: 2, by: user.officerA.id });
    const audits = attendAudits();
    // Officer B ticks the fourth trainee (A's latest word was "absent") and unticks the first.
    const body = await expectStale(await save(registerForm(copyB, { [fourth]: true, [first]: false }), cookie.officerB), (reply) => (reply as { result: Reply }).result);
    expect(body.stale).toEqual({ record: "attendance", action: "attend", subjects: [nameOf(fourth)], by: user.officerA.name, at: isoInstant });
    // B's changed ticks come back so that the reloaded register still shows them.
    expect(body).toMatchObject({ kept: { [first]: false, [fourth]: true }, saved: false });
    // The whole save is refused: the first trainee's untick is not stored either.
    expect(marks()).toEqual(stored);
    expect(attendAudits()).toBe(audits);
  });

  it("refuses a completion from a row read before someone else completed the trainee", async () => {
    const second = trainees[1];
    const copyA = await page(cookie.officerA);
    const copyB = await page(cookie.officerB);
    expect((await save(completionForm(copyA, second), cookie.officerA)).status).toBe(200);
    const stored = caseRow(second);
    const response = await save(completionForm(copyB, second), cookie.officerB);
    expect(response.status).toBe(409);
    const body = await readJson<{ refusal: { caseId: number; message: string }; stale: StaleChange }>(response);
    expect(body.refusal).toEqual({ caseId: second, message: "errors.staleRecord" });
    expect(body.stale).toMatchObject({ record: "case", action: "transition", event: "complete_training", stage: "business_plan", by: user.officerA.name });
    expect(caseRow(second)).toEqual(stored);
    expect(caseAudits(second, "transition")).toBe(1);
  });
});

describe("Kobo mapping", () => {
  type MappingPage = { mappingVersion: number };

  async function uploadFile(as: string) {
    const body = new FormData();
    body.append("file", new File([koboFullCsv()], "partner.csv", { type: "text/csv" }));
    const response = await callRoute(importList.action, new Request("http://localhost/imports", { method: "POST", body, headers: { Cookie: as } }));
    expect(response.status).toBe(302);
    return response.headers.get("Location")!.split("/").pop()!;
  }

  function mappingForm(version: number, name: string): Record<string, string | string[]> {
    const mapping = suggestMapping(koboFullHeaders);
    mapping.constants.programmeId = String(programme.id);
    const form: Record<string, string | string[]> = { intent: "import", version: String(version), mappingName: name };
    for (const [field, column] of Object.entries(mapping.columns)) form[`columns.${field}`] = column ?? "";
    for (const [field, value] of Object.entries(mapping.constants)) form[`constants.${field}`] = field === "consentPurposes" ? (value ?? "").split(" ") : (value ?? "");
    Object.entries({ idp: "idp", long_res: "host", ret: "returnee" }).forEach(([from, to], index) => {
      form[`choices.displacementStatus[${index}].from`] = from;
      form[`choices.displacementStatus[${index}].to`] = to;
    });
    return form;
  }

  async function waitForImports() {
    for (let attempt = 0; attempt < 2000; attempt++) {
      const running = db.select({ id: schema.imports.id }).from(schema.imports).where(eq(schema.imports.status, "running")).all();
      if (running.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error("an import did not finish");
  }

  it("refuses to overwrite a colleague's mapping of the same form saved after the page was read", async () => {
    const uploadA = await uploadFile(cookie.officerA);
    const uploadB = await uploadFile(cookie.officerB);
    const copyA = await open<MappingPage>(mappingPage.loader, `/imports/uploads/${uploadA}`, cookie.officerA, { uploadId: uploadA });
    const copyB = await open<MappingPage>(mappingPage.loader, `/imports/uploads/${uploadB}`, cookie.officerB, { uploadId: uploadB });
    expect(copyA.mappingVersion).toBe(0);
    expect(copyB.mappingVersion).toBe(0);
    const importsBefore = db.select({ n: sql<number>`count(*)` }).from(schema.imports).get()!.n;

    const importA = await post(mappingPage.action, `/imports/uploads/${uploadA}`, mappingForm(copyA.mappingVersion, "Partner form (Olena)"), cookie.officerA, { uploadId: uploadA });
    expect(importA.status).toBe(302);
    await waitForImports();
    const saved = db.select().from(schema.importMappings).where(eq(schema.importMappings.formKey, formKey(koboFullHeaders))).get()!;
    const mappingAudits = () => auditCount(and(eq(schema.auditLog.entityType, "import"), eq(schema.auditLog.entityId, `mapping:${saved.id}`)));
    const audits = mappingAudits();

    const importB = await post(mappingPage.action, `/imports/uploads/${uploadB}`, mappingForm(copyB.mappingVersion, "Partner form (Petro)"), cookie.officerB, { uploadId: uploadB });
    const body = await expectStale(importB, (reply) => (reply as { result: Reply }).result);
    expect(body.stale).toEqual({ record: "import_mapping", action: "update", subjects: ["Partner form (Olena)"], by: user.officerA.name, at: isoInstant });
    expect((body as unknown as { result: Reply }).result.initialValue).toMatchObject({ mappingName: "Partner form (Petro)" });
    expect(db.select().from(schema.importMappings).where(eq(schema.importMappings.id, saved.id)).get()).toEqual(saved);
    expect(mappingAudits()).toBe(audits);
    // Only officer A's import ran; officer B's upload waits for a mapping made on a fresh page.
    expect(db.select({ n: sql<number>`count(*)` }).from(schema.imports).get()!.n).toBe(importsBefore + 1);

    const fresh = await open<MappingPage>(mappingPage.loader, `/imports/uploads/${uploadB}`, cookie.officerB, { uploadId: uploadB });
    expect(fresh.mappingVersion).toBe(saved.version);
    expect(findMapping(formKey(koboFullHeaders))).toMatchObject({ name: "Partner form (Olena)", version: saved.version });
    const latest = db.select().from(schema.imports).orderBy(desc(schema.imports.id)).get();
    expect(findImport(latest!.id)?.createdByUserId).toBe(user.officerA.id);
  });
});
