import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { verifyPassword } from "~/lib/password.server";
import { env } from "~/lib/env.server";
import { purgeEndedSessions, sessionCookie, startSession } from "~/lib/session.server";
import * as home from "~/routes/_index";
import * as accountPassword from "~/routes/account.password";
import * as userEdit from "~/routes/admin.users.$userId";
import * as logout from "~/routes/logout";
import {
  auditCount,
  callRoute,
  cookieFrom,
  countRows,
  createTestOrganisations,
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
let leaver: TestUser;
let changer: TestUser;
let newcomer: TestUser;
let deactivated: TestUser;
let lapsed: TestUser;

beforeAll(async () => {
  organisations = createTestOrganisations();
  const { agency, partnerA } = organisations;
  [admin, leaver, changer, newcomer, deactivated, lapsed] = await Promise.all([
    createTestUser("admin", { organisationId: agency.id, email: "admin@sessions.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "leaver@sessions.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "changer@sessions.test" }),
    createTestUser("evaluator", { organisationId: agency.id, email: "newcomer@sessions.test", mustChangePassword: true }),
    createTestUser("mentor", { organisationId: partnerA.id, email: "deactivated@sessions.test" }),
    createTestUser("reviewer", { organisationId: agency.id, email: "lapsed@sessions.test" }),
  ]);
});

function sessionsOf(userId: number) {
  return countRows(schema.sessions, eq(schema.sessions.userId, userId));
}

async function homeStatus(cookie: string) {
  const response = await callRoute(home.loader, request("/", { cookie }));
  return { status: response.status, location: response.headers.get("Location") };
}

const signedOut = { status: 302, location: "/login?redirectTo=%2F" };

describe("logout", () => {
  it("deletes the session row, clears the cookie, and the old cookie no longer authenticates", async () => {
    const cookie = await sessionCookieFor(leaver.id);
    const otherDevice = await sessionCookieFor(leaver.id);
    expect(await homeStatus(cookie)).toEqual({ status: 200, location: null });
    expect(sessionsOf(leaver.id)).toBe(2);
    const logoutAudit = and(eq(schema.auditLog.action, "logout"), eq(schema.auditLog.userId, leaver.id));
    expect(auditCount(logoutAudit)).toBe(0);

    const response = await callRoute(logout.action, request("/logout", { method: "POST", cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.get("Set-Cookie")).toMatch(/^lt_session=;.*Max-Age=0/i);
    expect(sessionsOf(leaver.id)).toBe(1);
    expect(auditCount(logoutAudit)).toBe(1);

    // Replaying the old cookie (e.g. a copy kept by an attacker) gets nowhere.
    expect(await homeStatus(cookie)).toEqual(signedOut);
    // Logging out on one device leaves the other one signed in.
    expect((await homeStatus(otherDevice)).status).toBe(200);
  });

  it("is harmless without a session", async () => {
    const response = await callRoute(logout.action, request("/logout", { method: "POST" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
  });
});

describe("session expiry", () => {
  it("an expired session no longer authenticates", async () => {
    const cookie = await sessionCookieFor(lapsed.id);
    expect((await homeStatus(cookie)).status).toBe(200);
    const stored = db.select().from(schema.sessions).where(eq(schema.sessions.userId, lapsed.id)).get()!;
    // Stored as a hash of the cookie's token, never the token itself.
    const token = (await sessionCookie.parse(cookie)) as string;
    expect(stored.id).not.toBe(token);
    expect(stored.id).toBe(createHash("sha256").update(token).digest("hex"));
    db.update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(schema.sessions.userId, lapsed.id))
      .run();
    expect(await homeStatus(cookie)).toEqual(signedOut);
  });
});

describe("session lifetimes", () => {
  const hourMs = 3_600_000;

  function sessionRow(cookie: Promise<string> | string) {
    return Promise.resolve(cookie).then(async (value) => {
      const token = (await sessionCookie.parse(value)) as string;
      const id = createHash("sha256").update(token).digest("hex");
      return {
        id,
        get: () => db.select().from(schema.sessions).where(eq(schema.sessions.id, id)).get(),
        set: (values: Partial<typeof schema.sessions.$inferInsert>) =>
          db.update(schema.sessions).set(values).where(eq(schema.sessions.id, id)).run(),
      };
    });
  }

  it("defaults: 8 hours idle, 24 hours in all; the cookie lives no longer than the session", async () => {
    expect(env.sessionIdleHours).toBe(8);
    expect(env.sessionMaxHours).toBe(24);
    const response = await startSession(lapsed.id, "/");
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=86400;/);
    const row = (await sessionRow(cookieFrom(response, "lt_session")!)).get()!;
    expect(Date.parse(row.expiresAt) - Date.parse(row.lastSeenAt)).toBe(24 * hourMs);
    expect(Math.abs(Date.parse(row.lastSeenAt) - Date.now())).toBeLessThan(5_000);
  });

  it("a session unused for 8 hours has ended: the user logs in again and comes back to the page", async () => {
    const cookie = await sessionCookieFor(lapsed.id);
    const session = await sessionRow(cookie);
    session.set({ lastSeenAt: new Date(Date.now() - 8 * hourMs + 60_000).toISOString() });
    expect((await homeStatus(cookie)).status).toBe(200);
    session.set({ lastSeenAt: new Date(Date.now() - 8 * hourMs - 1_000).toISOString() });
    const response = await callRoute(home.loader, request("/?tab=mine", { cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2F%3Ftab%3Dmine");
    // The ended session is gone, so the cookie never works again.
    expect(session.get()).toBeUndefined();
  });

  it("a session in constant use still ends 24 hours after sign-in", async () => {
    const cookie = await sessionCookieFor(lapsed.id);
    const session = await sessionRow(cookie);
    session.set({ expiresAt: new Date(Date.now() - 1_000).toISOString(), lastSeenAt: new Date().toISOString() });
    expect(await homeStatus(cookie)).toEqual(signedOut);
    expect(session.get()).toBeUndefined();
  });

  it("a request refreshes lastSeenAt only when it is more than 5 minutes old", async () => {
    const cookie = await sessionCookieFor(lapsed.id);
    const session = await sessionRow(cookie);
    const fourMinutesAgo = new Date(Date.now() - 4 * 60_000).toISOString();
    session.set({ lastSeenAt: fourMinutesAgo });
    expect((await homeStatus(cookie)).status).toBe(200);
    expect(session.get()!.lastSeenAt).toBe(fourMinutesAgo);

    session.set({ lastSeenAt: new Date(Date.now() - 6 * 60_000).toISOString() });
    expect((await homeStatus(cookie)).status).toBe(200);
    expect(Math.abs(Date.parse(session.get()!.lastSeenAt) - Date.now())).toBeLessThan(5_000);
  });

  it("the daily purge deletes idle and expired sessions and keeps live ones", async () => {
    const idle = await sessionRow(sessionCookieFor(lapsed.id));
    const expired = await sessionRow(sessionCookieFor(lapsed.id));
    const live = await sessionRow(sessionCookieFor(lapsed.id));
    idle.set({ lastSeenAt: new Date(Date.now() - 9 * hourMs).toISOString() });
    expired.set({ expiresAt: new Date(Date.now() - 1_000).toISOString() });
    purgeEndedSessions();
    expect(idle.get()).toBeUndefined();
    expect(expired.get()).toBeUndefined();
    expect(live.get()).toBeDefined();
  });
});

describe("password change", () => {
  const newPassword = "a brand new passphrase 42";

  function change(cookie: string, form: Record<string, string>) {
    return callRoute(accountPassword.action, request("/account/password", { cookie, form }));
  }

  function storedHash(userId: number) {
    return db.select({ hash: schema.users.passwordHash }).from(schema.users).where(eq(schema.users.id, userId)).get()!.hash;
  }

  it("refuses a wrong current password with 400 errors.wrongPassword and changes nothing", async () => {
    const cookie = await sessionCookieFor(changer.id);
    const hashBefore = storedHash(changer.id);
    const sessionsBefore = sessionsOf(changer.id);
    const response = await change(cookie, { currentPassword: "not my password", newPassword, confirmPassword: newPassword });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const reply = await readJson<Reply>(response);
    expect(fieldErrors(reply, "currentPassword")).toEqual(["errors.wrongPassword"]);
    expect(JSON.stringify(reply)).not.toContain(newPassword);
    expect(storedHash(changer.id)).toBe(hashBefore);
    expect(sessionsOf(changer.id)).toBe(sessionsBefore);
  });

  it("refuses a confirmation that differs with errors.passwordsDiffer", async () => {
    const cookie = await sessionCookieFor(changer.id);
    const hashBefore = storedHash(changer.id);
    const response = await change(cookie, {
      currentPassword: changer.password,
      newPassword,
      confirmPassword: `${newPassword}!`,
    });
    expect(response.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(response), "confirmPassword")).toEqual(["errors.passwordsDiffer"]);
    expect(storedHash(changer.id)).toBe(hashBefore);
  });

  it("refuses a new password shorter than 12 characters", async () => {
    const cookie = await sessionCookieFor(changer.id);
    const response = await change(cookie, { currentPassword: changer.password, newPassword: "short", confirmPassword: "short" });
    expect(response.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(response), "newPassword")).toEqual(["errors.passwordTooShort"]);
  });

  it("on success ends every earlier session of the user and starts a fresh one", async () => {
    const laptop = await sessionCookieFor(changer.id);
    const phone = await sessionCookieFor(changer.id);
    expect((await homeStatus(phone)).status).toBe(200);
    const auditBefore = auditCount(and(eq(schema.auditLog.action, "password_change"), eq(schema.auditLog.userId, changer.id)));

    const response = await change(laptop, { currentPassword: changer.password, newPassword, confirmPassword: newPassword });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    const fresh = cookieFrom(response, "lt_session");
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(laptop);

    expect(sessionsOf(changer.id)).toBe(1);
    expect(await homeStatus(phone)).toEqual(signedOut);
    expect(await homeStatus(laptop)).toEqual(signedOut);
    expect((await homeStatus(fresh!)).status).toBe(200);

    expect(await verifyPassword(storedHash(changer.id), newPassword)).toBe(true);
    expect(auditCount(and(eq(schema.auditLog.action, "password_change"), eq(schema.auditLog.userId, changer.id)))).toBe(
      auditBefore + 1,
    );
  });

  it("a user who must change their password is held on the password page until they do", async () => {
    const cookie = await sessionCookieFor(newcomer.id);
    expect(await homeStatus(cookie)).toEqual({ status: 302, location: "/account/password" });
    const page = await callRoute(accountPassword.loader, request("/account/password", { cookie }));
    expect(page.status).toBe(200);
    expect(await readJson<{ mustChange: boolean }>(page)).toEqual({ mustChange: true });

    const response = await change(cookie, { currentPassword: newcomer.password, newPassword, confirmPassword: newPassword });
    expect(response.status).toBe(302);
    const fresh = cookieFrom(response, "lt_session")!;
    expect((await homeStatus(fresh)).status).toBe(200);
    const row = db.select().from(schema.users).where(eq(schema.users.id, newcomer.id)).get()!;
    expect(row.mustChangePassword).toBe(false);
  });

  it("sends an anonymous visitor to the login page", async () => {
    const response = await callRoute(accountPassword.loader, request("/account/password"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Fpassword");
  });
});

describe("deactivation by an admin", () => {
  function updateForm(user: TestUser, fields: Record<string, string> = {}) {
    const current = db.select().from(schema.users).where(eq(schema.users.id, user.id)).get()!;
    return {
      intent: "update",
      name: current.name,
      role: current.role,
      organisationId: String(current.organisationId),
      version: String(current.version),
      ...(current.active ? { active: "on" } : {}),
      ...fields,
    };
  }

  it("ends the user's sessions at once", async () => {
    const adminCookie = await sessionCookieFor(admin.id);
    const victim = await sessionCookieFor(deactivated.id);
    expect((await homeStatus(victim)).status).toBe(200);
    const { active: _active, ...form } = updateForm(deactivated);

    const response = await callRoute(
      userEdit.action,
      request(`/admin/users/${deactivated.id}`, { cookie: adminCookie, form }),
      { userId: String(deactivated.id) },
    );
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ saved: true });
    const row = db.select().from(schema.users).where(eq(schema.users.id, deactivated.id)).get()!;
    expect(row.active).toBe(false);
    expect(sessionsOf(deactivated.id)).toBe(0);
    expect(await homeStatus(victim)).toEqual(signedOut);
  });

  it("an admin cannot deactivate themselves", async () => {
    const adminCookie = await sessionCookieFor(admin.id);
    const { active: _active, ...form } = updateForm(admin);
    const response = await callRoute(userEdit.action, request(`/admin/users/${admin.id}`, { cookie: adminCookie, form }), {
      userId: String(admin.id),
    });
    expect(response.status).toBe(400);
    const data = await readJson<{ result: Reply }>(response);
    expect(formErrors(data.result)).toEqual(["errors.cannotDemoteSelf"]);
    const row = db.select().from(schema.users).where(eq(schema.users.id, admin.id)).get()!;
    expect(row.active).toBe(true);
    expect(row.version).toBe(admin.version);
    expect((await homeStatus(adminCookie)).status).toBe(200);
  });

  it("an admin cannot take away their own admin role", async () => {
    const adminCookie = await sessionCookieFor(admin.id);
    const response = await callRoute(
      userEdit.action,
      request(`/admin/users/${admin.id}`, { cookie: adminCookie, form: updateForm(admin, { role: "officer" }) }),
      { userId: String(admin.id) },
    );
    expect(response.status).toBe(400);
    expect(formErrors((await readJson<{ result: Reply }>(response)).result)).toEqual(["errors.cannotDemoteSelf"]);
    expect(db.select().from(schema.users).where(eq(schema.users.id, admin.id)).get()!.role).toBe("admin");
  });
});
