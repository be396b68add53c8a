// The home page's queues (issue 13: "home queues list case codes only"): the officer's queues
// carry each case's applicant, business and oblast, read in one query for all of them; the
// mentor's home carries none of the officer's data.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import * as home from "~/routes/_index";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, insertTestCase, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";

let officer: TestUser;
let admin: TestUser;
let mentor: TestUser;
let screened: { caseId: number; otherCaseId: number };
let elsewhere: { applicant: number; atCommittee: number };

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

  // A programme the officer does not work on: its cases are none of their queues' business.
  admin = await createTestUser("admin", { organisationId: organisations.agency.id });
  const otherProgrammeId = createTestProgramme({ code: "ELSEWHERE" }).id;
  db.delete(schema.programmeMembers).where(eq(schema.programmeMembers.programmeId, otherProgrammeId)).run();
  elsewhere = {
    applicant: insertTestCase({ programmeId: otherProgrammeId, stage: "application", status: "open", surname: "Чужа", firstName: "Анна" }).case.id,
    atCommittee: insertTestCase({ programmeId: otherProgrammeId, stage: "committee", status: "open", surname: "Чужий", firstName: "Петро" }).case.id,
  };
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

  it("hold only the cases of the officer's programmes; an admin's hold every programme's", async () => {
    type Queue = { total: number; items: Array<{ id?: number; caseId?: number }> };
    const queued = (queue: Queue) => queue.items.map((item) => item.id ?? item.caseId);
    const queuesOf = async (user: TestUser) => {
      const { home: page } = await homeOf(user);
      const reviewQueues = page.reviewQueues as { readyForCommittee: Queue };
      return { screening: queued(page.screening as Queue), readyForCommittee: queued(reviewQueues.readyForCommittee), summaries: Object.keys(page.caseSummaries as object) };
    };
    const officerQueues = await queuesOf(officer);
    expect(officerQueues.screening).toEqual([screened.caseId, screened.otherCaseId]);
    expect(officerQueues.readyForCommittee).toEqual([]);
    expect(officerQueues.summaries).not.toContain(String(elsewhere.applicant));
    const adminQueues = await queuesOf(admin);
    expect(adminQueues.screening).toEqual([screened.caseId, screened.otherCaseId, elsewhere.applicant]);
    expect(adminQueues.readyForCommittee).toEqual([elsewhere.atCommittee]);
  });

  it("are not sent to a mentor", async () => {
    const { home: mentorHome } = await homeOf(mentor);
    expect(Object.keys(mentorHome).sort()).toEqual(["followUp", "myCases", "plansToRevise", "requirementsToVerify", "role"]);
  });
});
