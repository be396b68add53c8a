// A partner NGO's coordinator (a mentor with the coordinator flag) reads the follow-up page for
// their organisation's mentors and cases only, and cannot assign mentors (issue 10). Other
// mentors do not reach the page at all.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { updateUser } from "~/modules/accounts/accounts.server";
import * as root from "~/root";
import * as followUpPage from "~/routes/follow-up._index";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";
import { inKindGrant, type FundedCase } from "../helpers/followup";
import { createTestFundingSource } from "../helpers/grants";

let admin: TestUser;
let officer: TestUser;
let coordinator: TestUser;
let mentorA: TestUser;
let mentorB: TestUser;
let partnerA: number;
let partnerB: number;
const grants: { a: FundedCase[]; b: FundedCase[] } = { a: [], b: [] };

type Overview = {
  overview: { caseload: Array<{ mentorId: number | null; cases: number }>; partners: Array<{ id: number }>; mentors: Array<{ id: number }> };
  assignable: unknown[];
  mayAssign: boolean;
};

beforeAll(async () => {
  const organisations = createTestOrganisations();
  partnerA = organisations.partnerA.id;
  partnerB = organisations.partnerB.id;
  admin = await createTestUser("admin", { organisationId: organisations.agency.id });
  officer = await createTestUser("officer", { organisationId: organisations.agency.id });
  coordinator = await createTestUser("mentor", { organisationId: partnerA });
  mentorA = await createTestUser("mentor", { organisationId: partnerA });
  mentorB = await createTestUser("mentor", { organisationId: partnerB });
  db.update(schema.users).set({ coordinator: true }).where(eq(schema.users.id, coordinator.id)).run();
  const programmeId = createTestProgramme({ code: "COORD", followUpOffsetsMonths: [3, 6, 12] }).id;
  const funding = createTestFundingSource(admin, [programmeId]);
  const grant = (mentorId: number, partnerOrganisationId: number) =>
    inKindGrant({ admin, officer }, { programmeId, inKindLineId: funding.lines[0].id, fundingSourceId: funding.source.id, mentorId, partnerOrganisationId, handedOverOn: "2026-05-04", machines: 1 });
  grants.a.push(grant(mentorA.id, partnerA), grant(mentorA.id, partnerA));
  grants.b.push(grant(mentorB.id, partnerB));
});

async function followUpAs(user: TestUser, query = "") {
  return callRoute(followUpPage.loader, request(`/follow-up${query}`, { cookie: await sessionCookieFor(user.id) }));
}

describe("a partner NGO's coordinator", () => {
  it("reads the follow-up of their own organisation: its cases, its mentors, no assignment", async () => {
    const response = await followUpAs(coordinator, `?assignPartner=${partnerA}`);
    expect(response.status).toBe(200);
    const page = await readJson<Overview>(response);
    expect(page.overview.caseload).toEqual([{ mentorId: mentorA.id, cases: 2 }]);
    expect(page.overview.partners.map((partner) => partner.id)).toEqual([partnerA]);
    expect(page.overview.mentors.map((mentor) => mentor.id).sort()).toEqual([coordinator.id, mentorA.id].sort());
    expect(page.mayAssign).toBe(false);
    expect(page.assignable).toEqual([]);
  });

  it("cannot assign mentors: the page's action is for officers", async () => {
    const [first] = grants.a;
    const version = db.select({ version: schema.cases.version }).from(schema.cases).where(eq(schema.cases.id, first.caseId)).get()!.version;
    const response = await callRoute(
      followUpPage.action,
      request("/follow-up", { cookie: await sessionCookieFor(coordinator.id), form: { intent: "assign", mentorId: String(coordinator.id), cases: `${first.caseId}:${version}` } }),
    );
    expect(response.status).toBe(403);
    expect(db.select({ mentorId: schema.cases.mentorId }).from(schema.cases).where(eq(schema.cases.id, first.caseId)).get()!.mentorId).toBe(mentorA.id);
  });

  it("sees the page in the navigation; other mentors neither see it nor reach it", async () => {
    const rootOf = async (user: TestUser) => readJson<{ user: Record<string, unknown> }>(await callRoute(root.loader, request("/", { cookie: await sessionCookieFor(user.id) })));
    expect((await rootOf(coordinator)).user.coordinator).toBe(true);
    expect(Object.keys((await rootOf(mentorA)).user).sort()).toEqual(["email", "id", "name", "role"]);
    expect((await followUpAs(mentorA)).status).toBe(403);
    expect((await followUpAs(mentorB)).status).toBe(403);
  });

  it("is a mentor's flag only: an admin setting it on an officer stores nothing", async () => {
    const user = db.select().from(schema.users).where(eq(schema.users.id, officer.id)).get()!;
    updateUser(admin, officer.id, { name: user.name, role: "officer", organisationId: user.organisationId, active: true, coordinator: true, version: user.version });
    expect(db.select({ coordinator: schema.users.coordinator }).from(schema.users).where(eq(schema.users.id, officer.id)).get()!.coordinator).toBe(false);
  });
});
