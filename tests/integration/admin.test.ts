import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/lib/audit.server";
import { db, schema } from "~/lib/db.server";
import { verifyPassword } from "~/lib/password.server";
import * as audit from "~/routes/admin.audit";
import * as organisationEdit from "~/routes/admin.organisations.$organisationId";
import * as organisationNew from "~/routes/admin.organisations.new";
import * as programmeEdit from "~/routes/admin.programmes.$programmeId";
import * as programmeNew from "~/routes/admin.programmes.new";
import * as userEdit from "~/routes/admin.users.$userId";
import * as userList from "~/routes/admin.users._index";
import * as userNew from "~/routes/admin.users.new";
import * as login from "~/routes/login";
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

let organisations: ReturnType<typeof createTestOrganisations>;
let admin: TestUser;
let officer: TestUser;
let adminCookie: string;

beforeAll(async () => {
  organisations = createTestOrganisations();
  [admin, officer] = await Promise.all([
    createTestUser("admin", { organisationId: organisations.agency.id, email: "admin@admin.test", name: "Admin Adminenko" }),
    createTestUser("officer", { organisationId: organisations.agency.id, email: "officer@admin.test", name: "Olena Officer" }),
  ]);
  adminCookie = await sessionCookieFor(admin.id);
});

function post(path: string, form: Record<string, string | string[]>, params: Record<string, string> = {}) {
  return { req: request(path, { cookie: adminCookie, form }), params };
}

function userRow(id: number) {
  return db.select().from(schema.users).where(eq(schema.users.id, id)).get();
}

function lastAudit(entityType: string, entityId: number, action: string) {
  return db
    .select()
    .from(schema.auditLog)
    .where(
      and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, String(entityId)), eq(schema.auditLog.action, action)),
    )
    .orderBy(desc(schema.auditLog.id))
    .get();
}

type CreatedUser = { result: Reply; created: { id: number; email: string; oneTimePassword: string } | null };

describe("creating users", () => {
  async function createViaAction(form: Record<string, string>) {
    const { req } = post("/admin/users/new", form);
    return callRoute(userNew.action, req);
  }

  it("stores the user with a one-time password that must be changed, shown only in the creation reply", async () => {
    const response = await createViaAction({
      name: "  Mykola Mentor ",
      email: "Mykola.Mentor@Admin.Test",
      role: "mentor",
      organisationId: String(organisations.partnerA.id),
    });
    expect(response.status).toBe(200);
    const { created } = await readJson<CreatedUser>(response);
    expect(created).not.toBeNull();
    expect(created!.email).toBe("mykola.mentor@admin.test");
    expect(created!.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    const stored = userRow(created!.id)!;
    expect(stored).toMatchObject({
      email: "mykola.mentor@admin.test",
      name: "Mykola Mentor",
      role: "mentor",
      organisationId: organisations.partnerA.id,
      mustChangePassword: true,
      active: true,
    });
    expect(stored.passwordHash).not.toContain(created!.oneTimePassword);
    expect(await verifyPassword(stored.passwordHash, created!.oneTimePassword)).toBe(true);

    const entry = lastAudit("user", created!.id, "create")!;
    expect(entry.userId).toBe(admin.id);
    expect(entry.after).toMatchObject({ email: "mykola.mentor@admin.test", role: "mentor" });
    expect(entry.after).not.toHaveProperty("passwordHash");
    expect(JSON.stringify(entry)).not.toMatch(/\$argon2|password_hash/);
    expect(JSON.stringify(entry)).not.toContain(created!.oneTimePassword);

    // Not shown again: the edit page and the list carry neither the password nor its hash.
    for (const page of [
      await callRoute(userEdit.loader, request(`/admin/users/${created!.id}`, { cookie: adminCookie }), { userId: String(created!.id) }),
      await callRoute(userList.loader, request("/admin/users", { cookie: adminCookie })),
    ]) {
      expect(page.status).toBe(200);
      const body = await page.text();
      expect(body).toContain("mykola.mentor@admin.test");
      expect(body).not.toContain(created!.oneTimePassword);
      expect(body).not.toMatch(/passwordHash|\$argon2/);
    }

    // The person signs in with it and is sent straight to change it.
    const signIn = await callRoute(
      login.action,
      request("/login", { form: { email: created!.email, password: created!.oneTimePassword } }),
    );
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("Location")).toBe("/account/password");
  });

  it("refuses an e-mail already taken (in any letter case) and stores nothing", async () => {
    const users = countRows(schema.users);
    const audits = auditCount();
    const response = await createViaAction({
      name: "Second Officer",
      email: "OFFICER@admin.test",
      role: "officer",
      organisationId: String(organisations.agency.id),
    });
    expect(response.status).toBe(400);
    const data = await readJson<CreatedUser>(response);
    expect(data.created).toBeNull();
    expect(fieldErrors(data.result, "email")).toEqual(["errors.emailTaken"]);
    expect(countRows(schema.users)).toBe(users);
    expect(auditCount()).toBe(audits);
  });

  it("refuses a mentor in the agency and stores nothing", async () => {
    const users = countRows(schema.users);
    const audits = auditCount();
    const response = await createViaAction({
      name: "Agency Mentor",
      email: "agency.mentor@admin.test",
      role: "mentor",
      organisationId: String(organisations.agency.id),
    });
    expect(response.status).toBe(400);
    const data = await readJson<CreatedUser>(response);
    expect(fieldErrors(data.result, "organisationId")).toEqual(["errors.mentorNeedsPartner"]);
    expect(data.created).toBeNull();
    expect(countRows(schema.users)).toBe(users);
    expect(countRows(schema.users, eq(schema.users.email, "agency.mentor@admin.test"))).toBe(0);
    expect(auditCount()).toBe(audits);
  });

  it("validates the form: unknown role and malformed e-mail", async () => {
    const response = await createViaAction({
      name: "Bad",
      email: "not-an-email",
      role: "superuser",
      organisationId: String(organisations.agency.id),
    });
    expect(response.status).toBe(400);
    const { result } = await readJson<CreatedUser>(response);
    expect(fieldErrors(result, "email")).toEqual(["errors.email"]);
    expect(fieldErrors(result, "role")).toEqual(["errors.required"]);
  });
});

describe("updating users", () => {
  it("saves a change, bumps the version, audits only what changed and ends the user's sessions", async () => {
    await sessionCookieFor(officer.id);
    const before = userRow(officer.id)!;
    const response = await callRoute(
      userEdit.action,
      request(`/admin/users/${officer.id}`, {
        cookie: adminCookie,
        form: {
          intent: "update",
          name: "Olena Reviewer",
          role: "reviewer",
          organisationId: String(organisations.agency.id),
          active: "on",
          version: String(before.version),
        },
      }),
      { userId: String(officer.id) },
    );
    expect(response.status).toBe(200);
    const after = userRow(officer.id)!;
    expect(after).toMatchObject({ name: "Olena Reviewer", role: "reviewer", version: before.version + 1 });
    const entry = lastAudit("user", officer.id, "update")!;
    expect(entry.before).toEqual({ name: "Olena Officer", role: "officer" });
    expect(entry.after).toEqual({ name: "Olena Reviewer", role: "reviewer" });
    // A new role takes effect at once: the old session carried the old permissions.
    expect(countRows(schema.sessions, eq(schema.sessions.userId, officer.id))).toBe(0);
  });

  it("refuses a stale version with 409 errors.staleRecord and changes nothing", async () => {
    const before = userRow(officer.id)!;
    const audits = auditCount();
    const response = await callRoute(
      userEdit.action,
      request(`/admin/users/${officer.id}`, {
        cookie: adminCookie,
        form: {
          intent: "update",
          name: "Overwritten",
          role: "evaluator",
          organisationId: String(organisations.agency.id),
          active: "on",
          version: String(before.version - 1),
        },
      }),
      { userId: String(officer.id) },
    );
    expect(response.status).toBe(409);
    expect(formErrors((await readJson<{ result: Reply }>(response)).result)).toEqual(["errors.staleRecord"]);
    expect(userRow(officer.id)).toEqual(before);
    expect(auditCount()).toBe(audits);
  });

  it("refuses to move a user to a mentor role in the agency", async () => {
    const before = userRow(officer.id)!;
    const response = await callRoute(
      userEdit.action,
      request(`/admin/users/${officer.id}`, {
        cookie: adminCookie,
        form: {
          intent: "update",
          name: before.name,
          role: "mentor",
          organisationId: String(organisations.agency.id),
          active: "on",
          version: String(before.version),
        },
      }),
      { userId: String(officer.id) },
    );
    expect(response.status).toBe(400);
    expect(fieldErrors((await readJson<{ result: Reply }>(response)).result, "organisationId")).toEqual(["errors.mentorNeedsPartner"]);
    expect(userRow(officer.id)).toEqual(before);
  });

  it("answers 404 for a user that does not exist", async () => {
    const response = await callRoute(userEdit.loader, request("/admin/users/999999", { cookie: adminCookie }), { userId: "999999" });
    expect(response.status).toBe(404);
  });

  it("resets a password: a new one-time password, sessions ended, audit entry", async () => {
    const target = await createTestUser("evaluator", { organisationId: organisations.agency.id, email: "reset@admin.test" });
    await sessionCookieFor(target.id);
    const response = await callRoute(
      userEdit.action,
      request(`/admin/users/${target.id}`, { cookie: adminCookie, form: { intent: "reset-password" } }),
      { userId: String(target.id) },
    );
    expect(response.status).toBe(200);
    const { reset } = await readJson<{ reset: { email: string; oneTimePassword: string } }>(response);
    expect(reset.email).toBe("reset@admin.test");
    const stored = userRow(target.id)!;
    expect(stored.mustChangePassword).toBe(true);
    expect(await verifyPassword(stored.passwordHash, reset.oneTimePassword)).toBe(true);
    expect(await verifyPassword(stored.passwordHash, target.password)).toBe(false);
    expect(countRows(schema.sessions, eq(schema.sessions.userId, target.id))).toBe(0);
    expect(lastAudit("user", target.id, "password_reset")?.userId).toBe(admin.id);
  });
});

describe("organisations", () => {
  function oblastsOf(organisationId: number) {
    return db
      .select({ pcode: schema.organisationOblasts.oblastPcode })
      .from(schema.organisationOblasts)
      .where(eq(schema.organisationOblasts.organisationId, organisationId))
      .all()
      .map((row) => row.pcode)
      .sort();
  }

  function findByName(name: string) {
    return db.select().from(schema.organisations).where(eq(schema.organisations.name, name)).get();
  }

  it("creates an organisation with the oblasts ticked, then replaces them on update with an audited diff", async () => {
    const { req } = post("/admin/organisations/new", {
      name: "Kharkiv Relief",
      nameUk: "Харківська допомога",
      kind: "partner",
      active: "on",
      oblastPcodes: ["UA63", "UA59"],
    });
    const created = await callRoute(organisationNew.action, req);
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe("/admin/organisations");
    const organisation = findByName("Kharkiv Relief")!;
    expect(organisation).toMatchObject({ nameUk: "Харківська допомога", kind: "partner", active: true, version: 1 });
    expect(oblastsOf(organisation.id)).toEqual(["UA59", "UA63"]);
    expect(lastAudit("organisation", organisation.id, "create")?.after).toMatchObject({
      name: "Kharkiv Relief",
      oblastPcodes: ["UA63", "UA59"],
    });

    const update = post(
      `/admin/organisations/${organisation.id}`,
      {
        name: "Kharkiv Relief",
        nameUk: "Харківська допомога",
        kind: "partner",
        active: "on",
        oblastPcodes: ["UA63", "UA14"],
        version: "1",
      },
      { organisationId: String(organisation.id) },
    );
    const updated = await callRoute(organisationEdit.action, update.req, update.params);
    expect(updated.status).toBe(302);
    expect(oblastsOf(organisation.id)).toEqual(["UA14", "UA63"]);
    expect(findByName("Kharkiv Relief")!.version).toBe(2);
    const entry = lastAudit("organisation", organisation.id, "update")!;
    expect(entry.userId).toBe(admin.id);
    expect(entry.before).toEqual({ oblastPcodes: ["UA59", "UA63"] });
    expect(entry.after).toEqual({ oblastPcodes: ["UA63", "UA14"] });
  });

  it("accepts a single ticked oblast and none at all", async () => {
    const one = post("/admin/organisations/new", { name: "Lviv One", nameUk: "Львів", kind: "partner", active: "on", oblastPcodes: "UA46" });
    expect((await callRoute(organisationNew.action, one.req)).status).toBe(302);
    expect(oblastsOf(findByName("Lviv One")!.id)).toEqual(["UA46"]);
    const none = post("/admin/organisations/new", { name: "Nowhere", nameUk: "Ніде", kind: "partner" });
    expect((await callRoute(organisationNew.action, none.req)).status).toBe(302);
    expect(findByName("Nowhere")!.active).toBe(false);
    expect(oblastsOf(findByName("Nowhere")!.id)).toEqual([]);
  });

  it("refuses a malformed oblast code", async () => {
    const before = countRows(schema.organisations);
    const { req } = post("/admin/organisations/new", { name: "Bad Codes", nameUk: "Погані", kind: "partner", oblastPcodes: ["UA63", "Kharkiv"] });
    const response = await callRoute(organisationNew.action, req);
    expect(response.status).toBe(400);
    expect(countRows(schema.organisations)).toBe(before);
  });

  it("refuses a second organisation with the same name, next to the field", async () => {
    const before = countRows(schema.organisations);
    const { req } = post("/admin/organisations/new", { name: "Lviv One", nameUk: "Інша", kind: "partner", active: "on" });
    const response = await callRoute(organisationNew.action, req);
    expect(response.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(response), "name")).toEqual(["errors.organisationNameTaken"]);
    expect(countRows(schema.organisations)).toBe(before);
  });

  it("refuses a stale version with 409 and keeps the oblasts", async () => {
    const organisation = organisations.partnerB;
    const before = oblastsOf(organisation.id);
    const update = post(
      `/admin/organisations/${organisation.id}`,
      { name: "Renamed B", nameUk: "Б", kind: "partner", active: "on", oblastPcodes: ["UA05"], version: "0" },
      { organisationId: String(organisation.id) },
    );
    const response = await callRoute(organisationEdit.action, update.req, update.params);
    expect(response.status).toBe(409);
    expect(formErrors(await readJson<Reply>(response))).toEqual(["errors.staleRecord"]);
    expect(oblastsOf(organisation.id)).toEqual(before);
    expect(db.select().from(schema.organisations).where(eq(schema.organisations.id, organisation.id)).get()!.name).toBe(organisation.name);
  });
});

describe("programmes", () => {
  const form = {
    code: "eep-2024",
    name: "Economic Empowerment 2024",
    nameUk: "Економічне розширення можливостей 2024",
    donor: "EU",
    currency: "UAH",
    grantCeilingMinor: "200 000,50",
    budgetEnvelopeMinor: "10 000 000",
    followUpOffsetsMonths: "3, 6, 12",
    minReviewers: "2",
    trainingRequired: "on",
    smallCellThreshold: "5",
    startDate: "2024-02-01",
    endDate: "2025-12-31",
    active: "on",
  };

  function byCode(code: string) {
    return db.select().from(schema.programmes).where(eq(schema.programmes.code, code)).get();
  }

  async function createViaAction(fields: Record<string, string>) {
    const { req } = post("/admin/programmes/new", fields);
    return callRoute(programmeNew.action, req);
  }

  it("creates a programme: money parsed to minor units, offsets to a list, code upper-cased", async () => {
    const response = await createViaAction(form);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/programmes");
    const programme = byCode("EEP-2024")!;
    expect(programme).toMatchObject({
      grantCeilingMinor: 20_000_050,
      budgetEnvelopeMinor: 1_000_000_000,
      followUpOffsetsMonths: [3, 6, 12],
      currency: "UAH",
      minReviewers: 2,
      trainingRequired: true,
      startDate: "2024-02-01",
      endDate: "2025-12-31",
      version: 1,
    });
    expect(lastAudit("programme", programme.id, "create")).toMatchObject({
      userId: admin.id,
      after: { code: "EEP-2024", grantCeilingMinor: 20_000_050, followUpOffsetsMonths: [3, 6, 12] },
    });
  });

  it.each([
    ["offsets out of order", { code: "BAD-1", followUpOffsetsMonths: "6, 3" }, "followUpOffsetsMonths", "errors.followUpOffsets"],
    ["offsets not numbers", { code: "BAD-2", followUpOffsetsMonths: "three" }, "followUpOffsetsMonths", "errors.followUpOffsets"],
    ["envelope below ceiling", { code: "BAD-3", budgetEnvelopeMinor: "199 999" }, "budgetEnvelopeMinor", "errors.envelopeBelowCeiling"],
    ["unreadable money", { code: "BAD-4", grantCeilingMinor: "lots" }, "grantCeilingMinor", "errors.money"],
    ["end before start", { code: "BAD-5", endDate: "2023-12-31" }, "endDate", "errors.endBeforeStart"],
  ])("refuses %s", async (_label, overrides, field, message) => {
    const before = countRows(schema.programmes);
    const response = await createViaAction({ ...form, ...overrides });
    expect(response.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(response), field)).toEqual([message]);
    expect(countRows(schema.programmes)).toBe(before);
  });

  it("refuses a programme code already in use and stores nothing", async () => {
    createTestProgramme({ code: "TAKEN-1" });
    const before = countRows(schema.programmes);
    const audits = auditCount();
    const response = await createViaAction({ ...form, code: "taken-1" });
    expect(response.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(response), "code")).toEqual(["errors.programmeCodeTaken"]);
    expect(countRows(schema.programmes)).toBe(before);
    expect(auditCount()).toBe(audits);
  });

  it("updates a programme with its version, and refuses a stale one or another programme's code", async () => {
    const programme = createTestProgramme({ code: "UPD-1" });
    createTestProgramme({ code: "UPD-2" });
    const edit = (fields: Record<string, string>) =>
      callRoute(
        programmeEdit.action,
        request(`/admin/programmes/${programme.id}`, { cookie: adminCookie, form: { ...form, code: "UPD-1", ...fields } }),
        { programmeId: String(programme.id) },
      );

    const saved = await edit({ version: "1", grantCeilingMinor: "150000", followUpOffsetsMonths: "6 12 24" });
    expect(saved.status).toBe(302);
    expect(byCode("UPD-1")).toMatchObject({ version: 2, grantCeilingMinor: 15_000_000, followUpOffsetsMonths: [6, 12, 24] });
    const entry = lastAudit("programme", programme.id, "update")!;
    expect(entry.after).toMatchObject({ grantCeilingMinor: 15_000_000, followUpOffsetsMonths: [6, 12, 24] });
    expect(entry.before).toMatchObject({ grantCeilingMinor: 20_000_000, followUpOffsetsMonths: [3, 6, 12] });

    const stale = await edit({ version: "1", grantCeilingMinor: "1" });
    expect(stale.status).toBe(409);
    expect(formErrors(await readJson<Reply>(stale))).toEqual(["errors.staleRecord"]);

    const clash = await edit({ version: "2", code: "UPD-2" });
    expect(clash.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(clash), "code")).toEqual(["errors.programmeCodeTaken"]);
    expect(byCode("UPD-1")).toMatchObject({ version: 2, grantCeilingMinor: 15_000_000 });
  });
});

describe("audit log browser", () => {
  type AuditPage = {
    entries: { id: number; action: string; entityType: string; entityId: string; userName: string | null }[];
    nextBefore: number | null;
    users: { id: number; name: string }[];
  };

  async function browse(query: string) {
    const response = await callRoute(audit.loader, request(`/admin/audit${query}`, { cookie: adminCookie }));
    expect(response.status).toBe(200);
    return readJson<AuditPage>(response);
  }

  it("filters by action, entity type and user", async () => {
    const creates = await browse("?action=create&entityType=organisation");
    expect(creates.entries.length).toBe(
      auditCount(and(eq(schema.auditLog.action, "create"), eq(schema.auditLog.entityType, "organisation"))),
    );
    expect(creates.entries.length).toBeGreaterThanOrEqual(3);
    for (const entry of creates.entries) expect(entry).toMatchObject({ action: "create", entityType: "organisation" });

    const byAdmin = await browse(`?userId=${admin.id}`);
    expect(byAdmin.entries.length).toBeGreaterThan(0);
    expect(byAdmin.entries.length).toBe(Math.min(50, auditCount(eq(schema.auditLog.userId, admin.id))));
    for (const entry of byAdmin.entries) expect(entry.userName).toBe(admin.name);

    const ids = byAdmin.entries.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(byAdmin.users.map((user) => user.name)).toContain(admin.name);
    expect(JSON.stringify(byAdmin.users)).not.toMatch(/passwordHash|\$argon2/);
  });

  it("ignores malformed filter values instead of failing", async () => {
    const page = await browse("?userId=abc&before=-3&from=yesterday");
    expect(page.entries.length).toBe(Math.min(50, auditCount()));
  });

  it("pages newest first with `before`, without gaps or repeats", async () => {
    const total = 60;
    db.transaction((tx) => {
      for (let index = 0; index < total; index += 1) {
        recordAudit(tx, { userId: officer.id, action: "export", entityType: "import", entityId: index });
      }
    });
    const first = await browse("?action=export&entityType=import");
    expect(first.entries).toHaveLength(50);
    expect(first.nextBefore).toBe(first.entries[49].id);
    expect(first.entries[0].entityId).toBe(String(total - 1));

    const second = await browse(`?action=export&entityType=import&before=${first.nextBefore}`);
    expect(second.entries).toHaveLength(total - 50);
    expect(second.nextBefore).toBeNull();
    expect(second.entries.every((entry) => entry.id < first.nextBefore!)).toBe(true);

    const seen = [...first.entries, ...second.entries].map((entry) => Number(entry.entityId));
    expect(seen).toEqual(Array.from({ length: total }, (_, index) => total - 1 - index));
  });
});
