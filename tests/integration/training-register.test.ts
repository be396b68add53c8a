// The training register in daily use (issue 13): a long register is searched by name in either
// script or by case code, and marking someone's training completed shows them as completed
// instead of silently taking them off the list.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { traineeMatches, type RegisterTrainee } from "~/modules/review/training-register";
import { createTrainingSession } from "~/modules/review/training.server";
import * as trainingSession from "~/routes/training.$sessionId";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, insertTestCase, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";
import { completionForm, registerForm } from "../helpers/training-register";

type Trainee = RegisterTrainee & { caseId: number; caseVersion: number; markVersion: number; sessionsAttended: number };
type Page = { trainees: Trainee[]; register: { size: number; matching: number; page: number; pageCount: number }; movedOn: number };

let officer: TestUser;
let cookie: string;
let sessionId: number;
let laterSessionId: number;
const caseOf: Record<string, number> = {};

const people = [
  ["Бондар", "Оксана"],
  ["Мельник", "Оксана"],
  ["Коваль", "Мар'яна"],
  ["Дорошенко", "Вікторія"],
  ["Оксаненко", "Петро"],
  ["Шевчук", "Ірина"],
] as const;

beforeAll(async () => {
  const { agency } = createTestOrganisations("register");
  officer = await createTestUser("officer", { organisationId: agency.id });
  cookie = await sessionCookieFor(officer.id);
  const programme = createTestProgramme({ code: "REG-1", trainingRequired: true });
  for (const [surname, firstName] of people) caseOf[surname + firstName] = insertTestCase({ programmeId: programme.id, stage: "training", surname, firstName }).case.id;
  sessionId = createTrainingSession(officer, { programmeId: programme.id, title: "Облік і податки", heldOn: "2026-09-15" }).id;
  laterSessionId = createTrainingSession(officer, { programmeId: programme.id, title: "Маркетинг", heldOn: "2026-09-22" }).id;
});

const path = (id: number) => `/training/${id}`;

async function page(id = sessionId) {
  const response = await callRoute(trainingSession.loader, request(path(id), { cookie }), { sessionId: String(id) });
  expect(response.status).toBe(200);
  return readJson<Page>(response);
}

function post(form: Record<string, string>, id = sessionId) {
  return callRoute(trainingSession.action, request(path(id), { form, cookie }), { sessionId: String(id) });
}

const shown = (trainees: Trainee[], query: string, view?: Parameters<typeof traineeMatches>[2]) =>
  trainees
    .filter((trainee) => traineeMatches(trainee, query, view))
    .map((trainee) => `${trainee.surname} ${trainee.firstName}`)
    .sort();

describe("searching the register", () => {
  it("finds trainees by first name alone, in either script", async () => {
    const { trainees } = await page();
    expect(trainees).toHaveLength(people.length);
    expect(shown(trainees, "Оксана")).toEqual(["Бондар Оксана", "Мельник Оксана"]);
    expect(shown(trainees, "Oksana")).toEqual(["Бондар Оксана", "Мельник Оксана"]);
    expect(shown(trainees, "Mariana")).toEqual(["Коваль Мар'яна"]);
    expect(shown(trainees, "Viktoriia Doroshenko")).toEqual(["Дорошенко Вікторія"]);
    expect(shown(trainees, "шевчук")).toEqual(["Шевчук Ірина"]);
  });

  it("finds a trainee by case code", async () => {
    const { trainees } = await page();
    const iryna = trainees.find((trainee) => trainee.caseId === caseOf["ШевчукІрина"])!;
    expect(shown(trainees, iryna.caseCode.toLowerCase())).toEqual(["Шевчук Ірина"]);
  });

  it("fits on one page: sent whole whatever the address says, for the page to filter as one types", async () => {
    const small = await callRoute(trainingSession.loader, request(`${path(sessionId)}?q=Oksana&show=completed`, { cookie }), { sessionId: String(sessionId) });
    const { trainees, register } = await readJson<Page>(small);
    expect(trainees).toHaveLength(people.length);
    expect(register).toEqual({ size: people.length, matching: people.length, page: 1, pageCount: 1 });
  });
});

describe("a register longer than a page", () => {
  let bigSessionId: number;
  beforeAll(() => {
    const programme = createTestProgramme({ code: "REG-BIG", trainingRequired: true });
    // 501 trainees: Авраменко 000 … 499, then one Яковенко, last in the register's order.
    for (let index = 0; index < 500; index++) insertTestCase({ programmeId: programme.id, stage: "training", surname: "Авраменко", firstName: `Учасник${String(index).padStart(3, "0")}` });
    insertTestCase({ programmeId: programme.id, stage: "training", surname: "Яковенко", firstName: "Олег" });
    bigSessionId = createTrainingSession(officer, { programmeId: programme.id, title: "Великий потік", heldOn: "2026-09-16" }).id;
  });

  const bigPage = async (query = "") => {
    const response = await callRoute(trainingSession.loader, request(`${path(bigSessionId)}${query}`, { cookie }), { sessionId: String(bigSessionId) });
    return readJson<Page>(response);
  };

  it("is shown 500 to a page, with the register's size", async () => {
    const first = await bigPage();
    expect(first.trainees).toHaveLength(500);
    expect(first.register).toEqual({ size: 501, matching: 501, page: 1, pageCount: 2 });
    expect(first.trainees.some((trainee) => trainee.surname === "Яковенко")).toBe(false);
    const second = await bigPage("?page=2");
    expect(second.trainees.map((trainee) => trainee.surname)).toEqual(["Яковенко"]);
  });

  it("is searched and filtered whole by the server, by the register's own rule", async () => {
    const found = await bigPage(`?q=${encodeURIComponent("Oleh")}`);
    expect(found.trainees.map((trainee) => `${trainee.surname} ${trainee.firstName}`)).toEqual(["Яковенко Олег"]);
    expect(found.register).toEqual({ size: 501, matching: 1, page: 1, pageCount: 1 });
    expect((await bigPage("?show=completed")).register.matching).toBe(0);
    // A search longer than any name is cut, not refused.
    expect((await bigPage(`?q=${"я".repeat(5_000)}`)).register.matching).toBe(0);
  });

  it("saves the ticks of the page shown, leaving the other pages' marks as they were", async () => {
    const second = await bigPage("?page=2");
    const [yakovenko] = second.trainees;
    const response = await post(registerForm(second, { [yakovenko.caseId]: true }), bigSessionId);
    expect(response.status).toBe(200);
    const after = await bigPage();
    expect(after.trainees.filter((trainee) => trainee.attendedThisSession)).toEqual([]);
    expect((await bigPage("?page=2")).trainees[0]).toMatchObject({ caseId: yakovenko.caseId, attendedThisSession: true, markVersion: 1 });
  });
});

describe("completing training", () => {
  it("keeps the person on the register, shown as completed, with their attendance", async () => {
    const oksana = caseOf["БондарОксана"];
    expect((await post(registerForm(await page(), { [oksana]: true, [caseOf["КовальМар'яна"]]: true }))).status).toBe(200);
    const completed = await post(completionForm(await page(), oksana));
    expect(completed.status).toBe(200);
    const after = await page();
    expect(after.trainees).toHaveLength(people.length);
    const row = after.trainees.find((trainee) => trainee.caseId === oksana)!;
    const stored = db.select().from(schema.cases).where(eq(schema.cases.id, oksana)).get()!;
    expect(stored).toMatchObject({ stage: "business_plan" });
    expect(row).toMatchObject({ completedOn: stored.trainingCompletedOn, attendedThisSession: true, sessionsAttended: 1 });
    expect(shown(after.trainees, "", "completed")).toEqual(["Бондар Оксана"]);
    expect(shown(after.trainees, "", "inTraining")).toHaveLength(people.length - 1);
    expect(after.movedOn).toBe(0);
  });

  it("saving the register afterwards changes nobody's completed attendance", async () => {
    const before = await page();
    expect((await post(registerForm(before, { [caseOf["МельникОксана"]]: true }))).status).toBe(200);
    const marks = db
      .select({ caseId: schema.trainingAttendance.caseId })
      .from(schema.trainingAttendance)
      .where(and(eq(schema.trainingAttendance.sessionId, sessionId), eq(schema.trainingAttendance.attended, true)))
      .all()
      .map((mark) => mark.caseId)
      .sort((a, b) => a - b);
    expect(marks).toEqual([caseOf["БондарОксана"], caseOf["МельникОксана"], caseOf["КовальМар'яна"]].sort((a, b) => a - b));
  });

  it("a completed trainee shows on the registers of the sessions they attended, not on others", async () => {
    expect((await page(laterSessionId)).trainees.map((trainee) => trainee.caseId)).not.toContain(caseOf["БондарОксана"]);
  });

  it("an attendee who left without completing is counted apart, not listed", async () => {
    db.update(schema.cases).set({ status: "withdrawn" }).where(eq(schema.cases.id, caseOf["КовальМар'яна"])).run();
    const after = await page();
    expect(after.trainees.map((trainee) => trainee.caseId)).not.toContain(caseOf["КовальМар'яна"]);
    expect(after.movedOn).toBe(1);
  });
});
