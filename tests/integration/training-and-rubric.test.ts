// The training register and the rubric editor through their actions: each save is one
// transaction with its audit entry (domain.md §8), refusals store nothing, and only the roles
// allowed may post. The wider review flow is in review-flow.test.ts.
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { createTrainingSession } from "~/modules/review/training.server";
import * as rubricEditor from "~/routes/admin.programmes.$programmeId_.rubric";
import * as trainingSession from "~/routes/training.$sessionId";
import {
  auditCount,
  callRoute,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  fieldErrors,
  insertTestCase,
  readJson,
  request,
  sessionCookieFor,
  type Reply,
  type TestUser,
} from "../helpers/foundation";
import { completionForm, registerForm, type RegisterPage } from "../helpers/training-register";

type Programme = ReturnType<typeof createTestProgramme>;
type RouteFunction = Parameters<typeof callRoute>[0];

const roles = ["admin", "officer", "reviewer", "mentor", "evaluator"] as const;
const user = {} as Record<(typeof roles)[number], TestUser>;
const cookie = {} as Record<(typeof roles)[number], string>;

function post(fn: RouteFunction, path: string, form: Record<string, string | string[]>, as: string, params: Record<string, string>) {
  return callRoute(fn, request(path, { form, cookie: as }), params);
}

function caseRow(caseId: number) {
  return db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
}

function programmeRow(programmeId: number) {
  return db.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get()!;
}

function latestAudit(entityType: "training" | "case" | "programme", entityId: number) {
  return db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, String(entityId))))
    .orderBy(desc(schema.auditLog.id))
    .get();
}

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  const created = await Promise.all(roles.map((role) => createTestUser(role, { organisationId: role === "mentor" ? partnerA.id : agency.id })));
  roles.forEach((role, index) => {
    user[role] = created[index];
  });
  for (const role of roles) cookie[role] = await sessionCookieFor(user[role].id);
});

describe("training register", () => {
  let programme: Programme;
  let sessionId: number;
  let attending: number;
  let alsoAttending: number;
  let neverAttending: number;
  let otherProgrammeCase: number;
  let notYetInTraining: number;
  let path: string;
  let params: Record<string, string>;

  // Ticked marks only: an unticked mark keeps its row (and its version).
  const attendees = () =>
    db
      .select({ caseId: schema.trainingAttendance.caseId })
      .from(schema.trainingAttendance)
      .where(and(eq(schema.trainingAttendance.sessionId, sessionId), eq(schema.trainingAttendance.attended, true)))
      .all()
      .map((row) => row.caseId)
      .sort((a, b) => a - b);
  const register = (form: Record<string, string | string[]>, as = cookie.officer) => post(trainingSession.action, path, form, as, params);
  const page = async () => readJson<RegisterPage>(await callRoute(trainingSession.loader, request(path, { cookie: cookie.officer }), params));

  beforeAll(() => {
    programme = createTestProgramme({ trainingRequired: true });
    const other = createTestProgramme({ trainingRequired: true });
    [attending, alsoAttending, neverAttending] = [1, 2, 3].map(() => insertTestCase({ programmeId: programme.id, stage: "training" }).case.id);
    otherProgrammeCase = insertTestCase({ programmeId: other.id, stage: "training" }).case.id;
    notYetInTraining = insertTestCase({ programmeId: programme.id, stage: "application" }).case.id;
    sessionId = createTrainingSession(user.officer, { programmeId: programme.id, title: "Bookkeeping", heldOn: "2026-09-15" }).id;
    path = `/training/${sessionId}`;
    params = { sessionId: String(sessionId) };
  });

  it("records the ticked trainees on the register, leaves out cases not on it, and audits the change", async () => {
    const audits = auditCount(eq(schema.auditLog.action, "attend"));
    // Rows forged for cases not on the register (another programme, not yet in training) are ignored.
    const shown = await page();
    const form = registerForm(shown, { [attending]: true });
    const forged = (index: number, caseId: number) => ({
      [`marks[${index}].caseId`]: String(caseId),
      [`marks[${index}].version`]: "0",
      [`marks[${index}].wasAttended`]: "false",
      [`marks[${index}].attended`]: "on",
    });
    const rows = shown.trainees.length;
    const response = await register({ ...form, ...forged(rows, otherProgrammeCase), ...forged(rows + 1, notYetInTraining) });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ saved: true, completed: null, refusal: null });
    expect(attendees()).toEqual([attending]);
    expect(auditCount(eq(schema.auditLog.action, "attend"))).toBe(audits + 1);
    expect(latestAudit("training", sessionId)).toMatchObject({
      userId: user.officer.id,
      action: "attend",
      before: { caseIds: [] },
      after: { caseIds: [attending], marked: [attending], unmarked: [] },
    });

    expect((await register(registerForm(await page(), { [alsoAttending]: true }))).status).toBe(200);
    expect(attendees()).toEqual([attending, alsoAttending].sort((a, b) => a - b));
    expect(latestAudit("training", sessionId)).toMatchObject({ before: { caseIds: [attending] } });
  });

  it("completes an attendee's training: the case moves on to the business plan, audited as a transition", async () => {
    const response = await register(completionForm(await page(), attending));
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ completed: caseRow(attending).caseCode, saved: false, refusal: null });
    expect(caseRow(attending)).toMatchObject({ stage: "business_plan", trainingCompletedOn: expect.any(String) });
    expect(latestAudit("case", attending)).toMatchObject({
      userId: user.officer.id,
      action: "transition",
      caseId: attending,
      before: { stage: "training" },
      after: { event: "complete_training", stage: "business_plan", sessionsAttended: 1 },
    });
  });

  it("keeps the attendance of a trainee who has completed when the register is saved without their tick", async () => {
    const shown = await page();
    // Still listed, as completed (read-only), rather than silently gone from the register.
    expect(shown.trainees.find((trainee) => trainee.caseId === attending)).toMatchObject({ completedOn: caseRow(attending).trainingCompletedOn, attendedThisSession: true });
    expect((await register(registerForm(shown))).status).toBe(200);
    expect(attendees()).toEqual([attending, alsoAttending].sort((a, b) => a - b));
  });

  it("unticks a trainee: the mark stays with the next version, no longer counted as attendance", async () => {
    expect((await register(registerForm(await page(), { [alsoAttending]: false }))).status).toBe(200);
    expect(attendees()).toEqual([attending]);
    const mark = db.select().from(schema.trainingAttendance).where(and(eq(schema.trainingAttendance.sessionId, sessionId), eq(schema.trainingAttendance.caseId, alsoAttending))).get();
    expect(mark).toMatchObject({ attended: false, version: 2, recordedByUserId: user.officer.id });
    expect(latestAudit("training", sessionId)).toMatchObject({ before: { caseIds: [attending, alsoAttending].sort((a, b) => a - b) }, after: { caseIds: [attending], marked: [], unmarked: [alsoAttending] } });
    expect((await register(registerForm(await page(), { [alsoAttending]: true }))).status).toBe(200);
    expect(attendees()).toEqual([attending, alsoAttending].sort((a, b) => a - b));
  });

  it("refuses completion without attendance with 409, and changes and audits nothing", async () => {
    const audits = auditCount();
    const response = await register(completionForm(await page(), neverAttending));
    expect(response.status).toBe(409);
    expect(await readJson(response)).toMatchObject({ refusal: { caseId: neverAttending, message: "review.refusals.no_attendance" }, completed: null });
    expect(caseRow(neverAttending)).toMatchObject({ stage: "training", trainingCompletedOn: null });
    expect(auditCount()).toBe(audits);
  });

  it("returns 400 for a completion without a case, and stores nothing", async () => {
    const audits = auditCount();
    const response = await register({ intent: "complete" });
    expect(response.status).toBe(400);
    const body = await readJson<{ result: Reply }>(response);
    expect(fieldErrors(body.result, "caseId").length).toBeGreaterThan(0);
    expect(auditCount()).toBe(audits);
  });

  it("returns 404 for a session that does not exist", async () => {
    const response = await post(trainingSession.action, "/training/999999", { intent: "attendance" }, cookie.officer, { sessionId: "999999" });
    expect(response.status).toBe(404);
  });

  it("refuses reviewers, mentors and evaluators with 403, for attendance and completion alike", async () => {
    const audits = auditCount();
    const before = attendees();
    const shown = await page();
    for (const role of ["reviewer", "mentor", "evaluator"] as const) {
      expect((await register(registerForm(shown, { [neverAttending]: true }), cookie[role])).status, `${role} saving attendance`).toBe(403);
      expect((await register(completionForm(shown, alsoAttending), cookie[role])).status, `${role} completing`).toBe(403);
      const page = await callRoute(trainingSession.loader, request(path, { cookie: cookie[role] }), params);
      expect(page.status, `${role} opening the register`).toBe(403);
    }
    expect(attendees()).toEqual(before);
    expect(caseRow(alsoAttending).stage).toBe("training");
    expect(auditCount()).toBe(audits);
  });
});

describe("rubric editor", () => {
  let programme: Programme;
  let path: string;
  let params: Record<string, string>;

  const rubricForm = (weights: number[]) => ({
    version: String(programmeRow(programme.id).version),
    ...Object.fromEntries(weights.flatMap((weight, index) => [[`criteria[${index}].key`, `criterion_${index}`], [`criteria[${index}].weight`, String(weight)]])),
    scaleMin: "1",
    scaleMax: "5",
    recommendationThreshold: "65",
    "disagreementThreshold.criterion": "2",
    "disagreementThreshold.total": "15",
  });
  const save = (form: Record<string, string>, as = cookie.admin) => post(rubricEditor.action, path, form, as, params);
  const programmeAudits = () => auditCount(and(eq(schema.auditLog.entityType, "programme"), eq(schema.auditLog.entityId, String(programme.id))));

  // Asserts a refused save left the programme and the audit log as they were.
  async function expectRefused(form: Record<string, string>, expected: Record<string, string[]>) {
    const before = programmeRow(programme.id);
    const audits = programmeAudits();
    const response = await save(form);
    expect(response.status).toBe(400);
    const reply = await readJson<Reply>(response);
    for (const [field, errors] of Object.entries(expected)) expect(fieldErrors(reply, field), field).toEqual(errors);
    expect(programmeRow(programme.id)).toMatchObject({ rubric: before.rubric, version: before.version });
    expect(programmeAudits()).toBe(audits);
  }

  beforeAll(() => {
    programme = createTestProgramme();
    path = `/admin/programmes/${programme.id}/rubric`;
    params = { programmeId: String(programme.id) };
  });

  it("refuses weights that do not add up to 100, and stores nothing", async () => {
    await expectRefused(rubricForm([50, 40]), { criteria: ["review.rubric.errors.weightSum"] });
    expect(programmeRow(programme.id).rubric).toBeNull();
  });

  it("refuses a duplicate key and a scale upside down, and stores nothing", async () => {
    await expectRefused(
      { ...rubricForm([50, 50]), "criteria[1].key": "criterion_0", scaleMin: "5", scaleMax: "1" },
      { "criteria[1].key": ["review.rubric.errors.duplicateKey"], scaleMax: ["review.rubric.errors.scaleOrder"] },
    );
  });

  it("refuses a malformed key and a rubric without criteria, and stores nothing", async () => {
    await expectRefused({ ...rubricForm([60, 40]), "criteria[0].key": "Job creation" }, { "criteria[0].key": ["review.rubric.errors.keyFormat"] });
    await expectRefused(rubricForm([]), { criteria: ["review.rubric.errors.noCriteria"] });
  });

  it("saves a valid rubric with an audit entry holding the rubric before and after", async () => {
    const version = programmeRow(programme.id).version;
    const audits = programmeAudits();
    const response = await save(rubricForm([60, 40]));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${path}?saved=1`);
    const rubric = {
      criteria: [
        { key: "criterion_0", weight: 60 },
        { key: "criterion_1", weight: 40 },
      ],
      scaleMin: 1,
      scaleMax: 5,
      recommendationThreshold: 65,
      disagreementThreshold: { criterion: 2, total: 15 },
    };
    expect(programmeRow(programme.id)).toMatchObject({ rubric, version: version + 1 });
    expect(programmeAudits()).toBe(audits + 1);
    expect(latestAudit("programme", programme.id)).toMatchObject({ userId: user.admin.id, action: "update", before: { rubric: null }, after: { rubric } });

    expect((await save(rubricForm([70, 30]))).status).toBe(302);
    expect(latestAudit("programme", programme.id)).toMatchObject({ before: { rubric }, after: { rubric: { criteria: [{ weight: 70 }, { weight: 30 }] } } });
  });

  // The editor's table posts a row per score of the scale; `meanings[score]` fills one in.
  const meaningRows = (scaleMin: number, scaleMax: number, meanings: Record<number, [string, string]>) =>
    Object.fromEntries(
      Array.from({ length: scaleMax - scaleMin + 1 }, (_, row) => scaleMin + row).flatMap((score, row) => [
        [`scoreMeanings[${row}].score`, String(score)],
        [`scoreMeanings[${row}].uk`, meanings[score]?.[0] ?? ""],
        [`scoreMeanings[${row}].en`, meanings[score]?.[1] ?? ""],
      ]),
    );

  it("saves names, guidance and score meanings, drops empty meaning rows, and opens them again as saved", async () => {
    const version = programmeRow(programme.id).version;
    const form = {
      ...rubricForm([60, 40]),
      "criteria[0].label.uk": "Туристичний потенціал",
      "criteria[0].label.en": "Tourism potential",
      "criteria[0].guidance.uk": "Чи приїдуть гості в громаду?",
      "criteria[0].guidance.en": "Will visitors come to the hromada?",
      // A name in Ukrainian only is kept as given; the reader's page falls back across languages.
      "criteria[1].label.uk": "  Робочі місця  ",
      "criteria[1].label.en": "",
      scaleMin: "0",
      scaleMax: "3",
      ...meaningRows(0, 3, { 0: ["немає", "none"], 2: ["", "some"], 3: ["сильний", "strong"] }),
    };
    const response = await save(form);
    expect(response.status).toBe(302);
    const rubric = {
      criteria: [
        {
          key: "criterion_0",
          weight: 60,
          label: { uk: "Туристичний потенціал", en: "Tourism potential" },
          guidance: { uk: "Чи приїдуть гості в громаду?", en: "Will visitors come to the hromada?" },
        },
        { key: "criterion_1", weight: 40, label: { uk: "Робочі місця", en: "" } },
      ],
      scaleMin: 0,
      scaleMax: 3,
      scoreMeanings: [
        { score: 0, uk: "немає", en: "none" },
        { score: 2, uk: "", en: "some" },
        { score: 3, uk: "сильний", en: "strong" },
      ],
      recommendationThreshold: 65,
      disagreementThreshold: { criterion: 2, total: 15 },
    };
    expect(programmeRow(programme.id)).toMatchObject({ rubric, version: version + 1 });
    expect(programmeRow(programme.id).rubric).toEqual(rubric);
    expect(latestAudit("programme", programme.id)).toMatchObject({ action: "update", after: { rubric } });

    const page = await readJson(await callRoute(rubricEditor.loader, request(path, { cookie: cookie.admin }), params));
    expect(page).toMatchObject({ usingDefault: false, rubric });
  });

  it("refuses a meaning for a score outside the scale, next to its row, and stores nothing", async () => {
    const before = programmeRow(programme.id);
    // Rows for 1–5 as the page drew them, with the scale then narrowed to 1–3: the rows for 4
    // (empty) and 5 (with text) are posted too.
    await expectRefused(
      { ...rubricForm([50, 50]), scaleMax: "3", ...meaningRows(1, 5, { 1: ["слабко", "weak"], 5: ["відмінно", "excellent"] }) },
      { "scoreMeanings[4].score": ["review.rubric.errors.meaningOutsideScale"], "scoreMeanings[3].score": [] },
    );
    expect(programmeRow(programme.id).rubric).toEqual(before.rubric);
  });

  it("refuses two meanings for one score and a name too long, and stores nothing", async () => {
    await expectRefused(
      {
        ...rubricForm([50, 50]),
        "criteria[1].label.en": "x".repeat(81),
        "scoreMeanings[0].score": "2",
        "scoreMeanings[0].uk": "слабко",
        "scoreMeanings[1].score": "3",
        "scoreMeanings[2].score": "2",
        "scoreMeanings[2].en": "weak",
      },
      { "criteria[1].label.en": ["errors.tooLong"] },
    );
    await expectRefused(
      { ...rubricForm([50, 50]), "scoreMeanings[0].score": "2", "scoreMeanings[0].uk": "слабко", "scoreMeanings[1].score": "3", "scoreMeanings[2].score": "2", "scoreMeanings[2].en": "weak" },
      { "scoreMeanings[2].score": ["review.rubric.errors.meaningDuplicate"], "scoreMeanings[0].score": [] },
    );
  });

  it("refuses every role but admin with 403, and stores nothing", async () => {
    const before = programmeRow(programme.id);
    const audits = programmeAudits();
    for (const role of ["officer", "reviewer", "mentor", "evaluator"] as const) {
      expect((await save(rubricForm([50, 50]), cookie[role])).status, `${role} saving`).toBe(403);
      expect((await callRoute(rubricEditor.loader, request(path, { cookie: cookie[role] }), params)).status, `${role} opening`).toBe(403);
    }
    expect(programmeRow(programme.id)).toMatchObject({ rubric: before.rubric, version: before.version });
    expect(programmeAudits()).toBe(audits);
  });
});
