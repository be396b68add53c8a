// Officers see and act on the cases of their programmes only (domain.md §1): the access rule
// (auth.server.ts), the list scope, the programme pickers, and the admin page that sets an
// officer's programmes.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { assertCaseAccess } from "~/lib/auth.server";
import { idParam } from "~/lib/not-found.server";
import { db, schema } from "~/lib/db.server";
import * as userEdit from "~/routes/admin.users.$userId";
import * as casePage from "~/routes/cases.$caseId";
import * as caseList from "~/routes/cases._index";
import * as committee from "~/routes/committee._index";
import * as trainingSession from "~/routes/training.$sessionId";
import {
  auditCount,
  callRoute,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  insertTestCase,
  readJson,
  request,
  sessionCookieFor,
  type TestUser,
} from "../helpers/foundation";

let admin: TestUser;
let officer: TestUser;
let officerCookie: string;
let adminCookie: string;
let mine: ReturnType<typeof createTestProgramme>;
let theirs: ReturnType<typeof createTestProgramme>;
let myCaseId: number;
let theirCaseId: number;
let theirSessionId: number;

function leave(programmeId: number, userId: number) {
  db.delete(schema.programmeMembers).where(and(eq(schema.programmeMembers.programmeId, programmeId), eq(schema.programmeMembers.userId, userId))).run();
}

beforeAll(async () => {
  const { agency } = createTestOrganisations("programme-access");
  admin = await createTestUser("admin", { organisationId: agency.id });
  officer = await createTestUser("officer", { organisationId: agency.id });
  mine = createTestProgramme({ code: "MINE-1" });
  theirs = createTestProgramme({ code: "THEIRS-1" });
  // The test helpers make every officer a member of every programme: this one leaves "theirs".
  leave(theirs.id, officer.id);
  myCaseId = insertTestCase({ programmeId: mine.id, surname: "Мойсеєнко" }).case.id;
  theirCaseId = insertTestCase({ programmeId: theirs.id, surname: "Чужинська" }).case.id;
  theirSessionId = db.insert(schema.trainingSessions).values({ programmeId: theirs.id, title: "Основи", heldOn: "2026-05-01" }).returning().get().id;
  officerCookie = await sessionCookieFor(officer.id);
  adminCookie = await sessionCookieFor(admin.id);
});

describe("an officer outside a programme", () => {
  it("opens the cases of their own programme and gets 403 on another programme's case", async () => {
    expect((await callRoute(casePage.loader, request(`/cases/${myCaseId}`, { cookie: officerCookie }), { caseId: String(myCaseId) })).status).toBe(200);
    expect((await callRoute(casePage.loader, request(`/cases/${theirCaseId}`, { cookie: officerCookie }), { caseId: String(theirCaseId) })).status).toBe(403);
    expect((await callRoute(casePage.loader, request(`/cases/${theirCaseId}`, { cookie: adminCookie }), { caseId: String(theirCaseId) })).status).toBe(200);
  });

  it("does not list the other programme's cases, even when asked for that programme", async () => {
    const { list } = await readJson<{ list: { rows: Array<{ id: number }>; total: number } }>(await callRoute(caseList.loader, request(`/cases?programme=${theirs.id}`, { cookie: officerCookie })));
    expect(list.rows.map((row) => row.id)).not.toContain(theirCaseId);
    expect(list.total).toBe(0);
    const { list: own } = await readJson<{ list: { rows: Array<{ id: number }> } }>(await callRoute(caseList.loader, request(`/cases?programme=${mine.id}`, { cookie: officerCookie })));
    expect(own.rows.map((row) => row.id)).toContain(myCaseId);
  });

  it("is offered only their programmes at the committee, and refused another's training session", async () => {
    const board = await readJson<{ programmes: Array<{ code: string }> }>(await callRoute(committee.loader, request("/committee", { cookie: officerCookie })));
    expect(board.programmes.map((programme) => programme.code)).toContain("MINE-1");
    expect(board.programmes.map((programme) => programme.code)).not.toContain("THEIRS-1");
    const session = await callRoute(trainingSession.loader, request(`/training/${theirSessionId}`, { cookie: officerCookie }), { sessionId: String(theirSessionId) });
    expect(session.status).toBe(403);
  });
});

describe("the case and record identifiers in URLs", () => {
  it("answer 404 for anything but a positive whole number, and for a case that does not exist", () => {
    for (const bad of ["0", "-1", "1e3", "0x10", "12abc", "", "99999999999999999999"]) {
      expect(() => idParam(bad), bad).toThrow(Response);
    }
    expect(idParam("42")).toBe(42);
    let status = 0;
    try {
      assertCaseAccess(officer, "987654");
    } catch (thrown) {
      status = (thrown as Response).status;
    }
    expect(status).toBe(404);
  });
});

describe("an admin sets an officer's programmes", () => {
  it("saves them with the user, audited, and the officer's access follows at once", async () => {
    const user = db.select().from(schema.users).where(eq(schema.users.id, officer.id)).get()!;
    const before = auditCount(eq(schema.auditLog.entityType, "user"));
    const response = await callRoute(
      userEdit.action,
      request(`/admin/users/${officer.id}`, {
        cookie: adminCookie,
        form: {
          intent: "update",
          name: user.name,
          role: "officer",
          organisationId: String(user.organisationId),
          active: "on",
          version: String(user.version),
          programmeIds: [String(mine.id), String(theirs.id)],
        },
      }),
      { userId: String(officer.id) },
    );
    expect(response.status).toBe(200);
    expect(auditCount(eq(schema.auditLog.entityType, "user"))).toBe(before + 1);
    const entry = db.select().from(schema.auditLog).where(eq(schema.auditLog.entityType, "user")).orderBy(schema.auditLog.id).all().at(-1)!;
    expect(entry.after).toMatchObject({ programmeIds: [mine.id, theirs.id].sort((a, b) => a - b) });
    expect((await callRoute(casePage.loader, request(`/cases/${theirCaseId}`, { cookie: officerCookie }), { caseId: String(theirCaseId) })).status).toBe(200);

    const page = await readJson<{ programmeIds: number[] }>(await callRoute(userEdit.loader, request(`/admin/users/${officer.id}`, { cookie: adminCookie }), { userId: String(officer.id) }));
    expect(page.programmeIds).toEqual([mine.id, theirs.id].sort((a, b) => a - b));
  });
});
