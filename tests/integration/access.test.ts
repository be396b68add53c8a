import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { roles, type Role } from "../../db/schema";
import { canAccessCase, caseScope } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import * as home from "~/routes/_index";
import * as audit from "~/routes/admin.audit";
import * as organisationEdit from "~/routes/admin.organisations.$organisationId";
import * as organisationList from "~/routes/admin.organisations._index";
import * as organisationNew from "~/routes/admin.organisations.new";
import * as programmeEdit from "~/routes/admin.programmes.$programmeId";
import * as programmeList from "~/routes/admin.programmes._index";
import * as programmeNew from "~/routes/admin.programmes.new";
import * as userEdit from "~/routes/admin.users.$userId";
import * as userList from "~/routes/admin.users._index";
import * as userNew from "~/routes/admin.users.new";
import {
  auditCount,
  callRoute,
  countRows,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  insertTestCase,
  readJson,
  request,
  sessionCookieFor,
  type TestUser,
} from "../helpers/foundation";

type Organisations = ReturnType<typeof createTestOrganisations>;
type Programme = ReturnType<typeof createTestProgramme>;

let organisations: Organisations;
let programme: Programme;
const users = {} as Record<Role, TestUser>;
const cookieOf = {} as Record<Role, string>;
let otherMentor: TestUser;
let otherMentorCookie: string;

beforeAll(async () => {
  organisations = createTestOrganisations();
  programme = createTestProgramme({ code: "ACCESS-1" });
  const { agency, partnerA, partnerB } = organisations;
  const organisationFor = (role: Role) => (role === "mentor" ? partnerA.id : agency.id);
  const created = await Promise.all([
    ...roles.map((role) => createTestUser(role, { organisationId: organisationFor(role), email: `${role}@access.test` })),
    createTestUser("mentor", { organisationId: partnerB.id, email: "mentor-b@access.test" }),
  ]);
  roles.forEach((role, index) => {
    users[role] = created[index];
  });
  otherMentor = created[roles.length];
  for (const role of roles) cookieOf[role] = await sessionCookieFor(users[role].id);
  otherMentorCookie = await sessionCookieFor(otherMentor.id);
});

const nonAdmins = roles.filter((role) => role !== "admin");

describe("anonymous visitors", () => {
  it.each([
    ["/", home.loader, "/login?redirectTo=%2F"],
    ["/admin/users", userList.loader, "/login?redirectTo=%2Fadmin%2Fusers"],
    ["/admin/audit?action=login", audit.loader, "/login?redirectTo=%2Fadmin%2Faudit%3Faction%3Dlogin"],
  ])("are sent from %s to the login page with a way back", async (path, loader, location) => {
    const response = await callRoute(loader, request(path));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(location);
  });

  it("cannot use an admin action either", async () => {
    const before = countRows(schema.organisations);
    const response = await callRoute(
      organisationNew.action,
      request("/admin/organisations/new", { form: { name: "Anon NGO", nameUk: "Анонім", kind: "partner" } }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect(countRows(schema.organisations)).toBe(before);
  });
});

describe("admin pages by role", () => {
  const adminLoaders = [
    ["admin.users._index", "/admin/users", userList.loader],
    ["admin.users.new", "/admin/users/new", userNew.loader],
    ["admin.organisations._index", "/admin/organisations", organisationList.loader],
    ["admin.organisations.new", "/admin/organisations/new", organisationNew.loader],
    ["admin.programmes._index", "/admin/programmes", programmeList.loader],
    ["admin.programmes.new", "/admin/programmes/new", programmeNew.loader],
    ["admin.audit", "/admin/audit", audit.loader],
  ] as const;

  it.each(adminLoaders)("%s: an admin gets 200", async (_name, path, loader) => {
    const response = await callRoute(loader, request(path, { cookie: cookieOf.admin }));
    expect(response.status).toBe(200);
  });

  it("admin.users._index lists the users for an admin", async () => {
    const data = await readJson<{ users: { email: string }[] }>(
      await callRoute(userList.loader, request("/admin/users", { cookie: cookieOf.admin })),
    );
    expect(data.users.map((user) => user.email)).toEqual(expect.arrayContaining(roles.map((role) => `${role}@access.test`)));
    expect(JSON.stringify(data)).not.toMatch(/passwordHash|\$argon2/);
  });

  const cases = nonAdmins.flatMap((role) => adminLoaders.map(([name, path, loader]) => [role, name, path, loader] as const));

  it.each(cases)("a %s gets 403 from %s, with no data in the body", async (role, _name, path, loader) => {
    const response = await callRoute(loader, request(path, { cookie: cookieOf[role] }));
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(body).not.toContain("@access.test");
    expect(body).not.toContain("Test Agency");
    expect(body.length).toBeLessThan(40);
  });

  it.each(nonAdmins)("a %s gets 403 from the edit pages of a user, organisation and programme", async (role) => {
    const cookie = cookieOf[role];
    const attempts = [
      callRoute(userEdit.loader, request(`/admin/users/${users.admin.id}`, { cookie }), { userId: String(users.admin.id) }),
      callRoute(organisationEdit.loader, request(`/admin/organisations/${organisations.agency.id}`, { cookie }), {
        organisationId: String(organisations.agency.id),
      }),
      callRoute(programmeEdit.loader, request(`/admin/programmes/${programme.id}`, { cookie }), {
        programmeId: String(programme.id),
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain("@access.test");
    }
  });
});

describe("admin actions refuse non-admins", () => {
  function snapshot() {
    return {
      users: countRows(schema.users),
      organisations: countRows(schema.organisations),
      programmes: countRows(schema.programmes),
      audit: auditCount(),
      admin: db.select().from(schema.users).where(eq(schema.users.id, users.admin.id)).get(),
      agency: db.select().from(schema.organisations).where(eq(schema.organisations.id, organisations.agency.id)).get(),
      programme: db.select().from(schema.programmes).where(eq(schema.programmes.id, programme.id)).get(),
    };
  }

  const programmeForm = {
    code: "HACK-1",
    name: "Hack",
    nameUk: "Хак",
    donor: "Nobody",
    currency: "UAH",
    grantCeilingMinor: "1000",
    budgetEnvelopeMinor: "100000",
    followUpOffsetsMonths: "3, 6",
    minReviewers: "2",
    smallCellThreshold: "5",
    startDate: "2024-01-01",
    active: "on",
  };

  it.each(nonAdmins)("a %s cannot create or change users, organisations or programmes", async (role) => {
    const cookie = cookieOf[role];
    const before = snapshot();
    const attempts: Promise<Response>[] = [
      callRoute(
        userNew.action,
        request("/admin/users/new", {
          cookie,
          form: { name: "Intruder", email: `intruder-${role}@access.test`, role: "admin", organisationId: String(organisations.agency.id) },
        }),
      ),
      callRoute(
        userEdit.action,
        request(`/admin/users/${users.admin.id}`, {
          cookie,
          form: { intent: "update", name: "Demoted", role: "evaluator", organisationId: String(organisations.agency.id), version: "1" },
        }),
        { userId: String(users.admin.id) },
      ),
      callRoute(
        userEdit.action,
        request(`/admin/users/${users.admin.id}`, { cookie, form: { intent: "reset-password" } }),
        { userId: String(users.admin.id) },
      ),
      callRoute(
        organisationNew.action,
        request("/admin/organisations/new", { cookie, form: { name: `Rogue ${role}`, nameUk: "Рог", kind: "partner", active: "on" } }),
      ),
      callRoute(
        organisationEdit.action,
        request(`/admin/organisations/${organisations.agency.id}`, {
          cookie,
          form: { name: "Renamed", nameUk: "Перейменована", kind: "agency", active: "on", version: "1" },
        }),
        { organisationId: String(organisations.agency.id) },
      ),
      callRoute(programmeNew.action, request("/admin/programmes/new", { cookie, form: programmeForm })),
      callRoute(
        programmeEdit.action,
        request(`/admin/programmes/${programme.id}`, { cookie, form: { ...programmeForm, code: "ACCESS-1", version: "1" } }),
        { programmeId: String(programme.id) },
      ),
    ];
    const responses = await Promise.all(attempts);
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 403));
    expect(snapshot()).toEqual(before);
  });
});

describe("case access for mentors", () => {
  // mentor (partner A) · otherMentor (partner B)
  let fixtures: ReturnType<typeof insertTestCase>[];
  let scoped: {
    ownInOtherOrganisation: ReturnType<typeof insertTestCase>;
    ownOrganisationUnassigned: ReturnType<typeof insertTestCase>;
    ownOrganisationOtherMentor: ReturnType<typeof insertTestCase>;
    ownOrganisationCompleted: ReturnType<typeof insertTestCase>;
    otherOrganisation: ReturnType<typeof insertTestCase>;
    unassigned: ReturnType<typeof insertTestCase>;
  };

  beforeAll(() => {
    const { partnerA, partnerB } = organisations;
    const mentor = users.mentor;
    scoped = {
      ownInOtherOrganisation: insertTestCase({ programmeId: programme.id, mentorId: mentor.id, partnerOrganisationId: partnerB.id, surname: "Assigned" }),
      ownOrganisationUnassigned: insertTestCase({ programmeId: programme.id, partnerOrganisationId: partnerA.id, surname: "Organisation" }),
      ownOrganisationOtherMentor: insertTestCase({
        programmeId: programme.id,
        mentorId: otherMentor.id,
        partnerOrganisationId: partnerA.id,
        surname: "Colleague",
        status: "waitlisted",
      }),
      ownOrganisationCompleted: insertTestCase({
        programmeId: programme.id,
        partnerOrganisationId: partnerA.id,
        surname: "Finished",
        stage: "closed",
        status: "completed",
      }),
      otherOrganisation: insertTestCase({ programmeId: programme.id, mentorId: otherMentor.id, partnerOrganisationId: partnerB.id, surname: "Foreign" }),
      unassigned: insertTestCase({ programmeId: programme.id, surname: "Nobody" }),
    };
    fixtures = Object.values(scoped);
  });

  it("canAccessCase: a mentor reaches their own cases and their organisation's, nothing else", () => {
    const mentor = users.mentor;
    expect(canAccessCase(mentor, scoped.ownInOtherOrganisation.case)).toBe(true);
    expect(canAccessCase(mentor, scoped.ownOrganisationUnassigned.case)).toBe(true);
    expect(canAccessCase(mentor, scoped.ownOrganisationOtherMentor.case)).toBe(true);
    expect(canAccessCase(mentor, scoped.ownOrganisationCompleted.case)).toBe(true);
    expect(canAccessCase(mentor, scoped.otherOrganisation.case)).toBe(false);
    expect(canAccessCase(mentor, scoped.unassigned.case)).toBe(false);
    // The other mentor sees partner B's cases and their own, not partner A's unassigned one.
    expect(canAccessCase(otherMentor, scoped.ownOrganisationUnassigned.case)).toBe(false);
    expect(canAccessCase(otherMentor, scoped.ownOrganisationOtherMentor.case)).toBe(true);
    expect(canAccessCase(otherMentor, scoped.ownInOtherOrganisation.case)).toBe(true);
  });

  it("canAccessCase: agency roles see every case, reviewers none", () => {
    for (const { case: kase } of fixtures) {
      expect(canAccessCase(users.admin, kase)).toBe(true);
      expect(canAccessCase(users.officer, kase)).toBe(true);
      expect(canAccessCase(users.evaluator, kase)).toBe(true);
      expect(canAccessCase(users.reviewer, kase)).toBe(false);
    }
  });

  it.each([...roles, "other mentor" as const])("caseScope(%s) selects exactly the cases canAccessCase allows", (who) => {
    const user = who === "other mentor" ? otherMentor : users[who];
    const inScope = db
      .select({ id: schema.cases.id })
      .from(schema.cases)
      .where(caseScope(user))
      .all()
      .map((row) => row.id)
      .sort((a, b) => a - b);
    const allowed = db
      .select()
      .from(schema.cases)
      .all()
      .filter((kase) => canAccessCase(user, kase))
      .map((kase) => kase.id)
      .sort((a, b) => a - b);
    expect(inScope).toEqual(allowed);
    if (user.role === "mentor") expect(inScope.length).toBeLessThan(fixtures.length);
  });

  it("the mentor's home lists only their open in-scope cases, and its total matches", async () => {
    const response = await callRoute(home.loader, request("/", { cookie: cookieOf.mentor }));
    expect(response.status).toBe(200);
    const data = await readJson<{
      home: { role: string; myCases: { total: number; items: { id: number; surname: string; mine: number }[] } };
    }>(response);
    expect(data.home.role).toBe("mentor");
    const { total, items } = data.home.myCases;
    const expected = [scoped.ownInOtherOrganisation, scoped.ownOrganisationUnassigned, scoped.ownOrganisationOtherMentor];
    expect(items.map((item) => item.id).sort((a, b) => a - b)).toEqual(expected.map((row) => row.case.id).sort((a, b) => a - b));
    expect(total).toBe(expected.length);
    const body = JSON.stringify(data);
    expect(body).not.toContain("Foreign");
    expect(body).not.toContain("Nobody");
    expect(items.find((item) => item.id === scoped.ownInOtherOrganisation.case.id)?.mine).toBeTruthy();
    expect(items.find((item) => item.id === scoped.ownOrganisationUnassigned.case.id)?.mine).toBeFalsy();
  });

  it("the other mentor's home shows partner B's and their own cases only", async () => {
    const response = await callRoute(home.loader, request("/", { cookie: otherMentorCookie }));
    const data = await readJson<{ home: { myCases: { total: number; items: { id: number }[] } } }>(response);
    const expected = [scoped.ownInOtherOrganisation, scoped.ownOrganisationOtherMentor, scoped.otherOrganisation];
    expect(data.home.myCases.items.map((item) => item.id).sort((a, b) => a - b)).toEqual(
      expected.map((row) => row.case.id).sort((a, b) => a - b),
    );
    expect(data.home.myCases.total).toBe(expected.length);
  });

  it("an evaluator's home carries counts by stage and no names", async () => {
    const response = await callRoute(home.loader, request("/", { cookie: cookieOf.evaluator }));
    expect(response.status).toBe(200);
    const data = await readJson<{ home: { role: string; byStage: { stage: string; n: number }[] } }>(response);
    expect(data.home.role).toBe("evaluator");
    expect(data.home.byStage.reduce((sum, row) => sum + row.n, 0)).toBe(countRows(schema.cases));
    const body = JSON.stringify(data.home);
    for (const { person } of fixtures) expect(body).not.toContain(person.surname);
  });
});
