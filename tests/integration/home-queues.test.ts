// The home page's queues (issue 13: "home queues list case codes only"): the officer's queues
// carry each case's applicant, business and oblast, read in one query for all of them; the
// mentor's home carries none of the officer's data.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import * as home from "~/routes/_index";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, insertTestCase, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";

let officer: TestUser;
let mentor: TestUser;
let screened: { caseId: number; otherCaseId: number };

beforeAll(async () => {
  const organisations = createTestOrganisations();
  officer = await createTestUser("officer", { organisationId: organisations.agency.id });
  mentor = await createTestUser("mentor", { organisationId: organisations.partnerA.id });
  const programmeId = createTestProgramme({ code: "HOME" }).id;
  const waiting = insertTestCase({ programmeId, stage: "application", status: "open", surname: "Коваленко", firstName: "Оксана" });
  db.update(schema.cases).set({ oblastPcode: "UA12" }).where(eq(schema.cases.id, waiting.case.id)).run();
  db.insert(schema.businesses).values({ caseId: waiting.case.id, kind: "startup", name: "Пекарня «Колосок»" }).run();
  // No business recorded yet, no oblast: the summary says what is known.
  const bare = insertTestCase({ programmeId, stage: "application", status: "open", surname: "Мельник", firstName: "Ігор" });
  screened = { caseId: waiting.case.id, otherCaseId: bare.case.id };
});

async function homeOf(user: TestUser) {
  const response = await callRoute(home.loader, request("/", { cookie: await sessionCookieFor(user.id) }));
  return readJson<{ home: Record<string, unknown> & { role: string } }>(response);
}

describe("the officer's home queues", () => {
  it("name each queued case's applicant, business and oblast", async () => {
    const { home: officerHome } = await homeOf(officer);
    const summaries = officerHome.caseSummaries as Record<string, unknown>;
    expect(summaries[screened.caseId]).toEqual({ surname: "Коваленко", firstName: "Оксана", businessName: "Пекарня «Колосок»", oblastPcode: "UA12" });
    expect(summaries[screened.otherCaseId]).toEqual({ surname: "Мельник", firstName: "Ігор", businessName: null, oblastPcode: null });
    expect(Object.keys(summaries).sort()).toEqual([String(screened.caseId), String(screened.otherCaseId)].sort());
    const oblasts = officerHome.oblasts as Array<{ pcode: string; nameUk: string }>;
    expect([oblasts.length, oblasts.find((oblast) => oblast.pcode === "UA12")?.nameUk]).toEqual([27, "Дніпропетровська"]);
  });

  it("are not sent to a mentor", async () => {
    const { home: mentorHome } = await homeOf(mentor);
    expect(Object.keys(mentorHome).sort()).toEqual(["followUp", "myCases", "plansToRevise", "requirementsToVerify", "role"]);
  });
});
