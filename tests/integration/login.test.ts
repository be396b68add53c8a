import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { loginLimits } from "~/modules/accounts/accounts.server";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
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

let officer: TestUser;
let newcomer: TestUser;
let deactivated: TestUser;
let limited: TestUser;
let redirected: TestUser;

beforeAll(async () => {
  const { agency } = createTestOrganisations();
  [officer, newcomer, deactivated, limited, redirected] = await Promise.all([
    createTestUser("officer", { organisationId: agency.id, email: "officer@login.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "newcomer@login.test", mustChangePassword: true }),
    createTestUser("officer", { organisationId: agency.id, email: "gone@login.test", active: false }),
    createTestUser("officer", { organisationId: agency.id, email: "limited@login.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "redirected@login.test" }),
  ]);
});

function login(form: Record<string, string>) {
  return callRoute(loginAction, request("/login", { form }));
}

function sessionsOf(userId: number) {
  return countRows(schema.sessions, eq(schema.sessions.userId, userId));
}

function failuresFor(email: string) {
  return countRows(schema.loginFailures, eq(schema.loginFailures.key, `account:${email}`));
}

describe("login action", () => {
  it("signs in with the right password: 302 to /, session cookie set and a session row stored", async () => {
    const before = sessionsOf(officer.id);
    const response = await login({ email: officer.email, password: officer.password });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    const cookie = cookieFrom(response, "lt_session");
    expect(cookie).toMatch(/^lt_session=.+/);
    expect(response.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(sessionsOf(officer.id)).toBe(before + 1);
    // The cookie authenticates: the login page now sends the user home.
    const page = await callRoute(loginLoader, request("/login", { cookie: cookie! }));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/");
  });

  it("accepts the e-mail in any case and with surrounding spaces", async () => {
    const response = await login({ email: `  ${officer.email.toUpperCase()} `, password: officer.password });
    expect(response.status).toBe(302);
    expect(cookieFrom(response, "lt_session")).not.toBeNull();
  });

  it("writes a login audit entry for the user", async () => {
    const where = and(eq(schema.auditLog.action, "login"), eq(schema.auditLog.userId, redirected.id));
    const before = auditCount(where);
    const response = await login({ email: redirected.email, password: redirected.password });
    expect(response.status).toBe(302);
    expect(auditCount(where)).toBe(before + 1);
    const entry = db.select().from(schema.auditLog).where(where).all().at(-1)!;
    expect(entry).toMatchObject({ entityType: "user", entityId: String(redirected.id) });
  });

  it("honours a same-site redirectTo", async () => {
    const response = await login({ email: redirected.email, password: redirected.password, redirectTo: "/admin/users?page=2" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/users?page=2");
  });

  it.each(["//evil.example", "https://evil.example/", "/\\evil.example"])("ignores the off-site redirectTo %s", async (target) => {
    const response = await login({ email: redirected.email, password: redirected.password, redirectTo: target });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
  });

  it("refuses a wrong password with 400 login.invalid, no cookie, and a recorded failure", async () => {
    const sessionsBefore = sessionsOf(officer.id);
    const failuresBefore = failuresFor(officer.email);
    const response = await login({ email: officer.email, password: "not the password" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const reply = await readJson<Reply>(response);
    expect(formErrors(reply)).toContain("login.invalid");
    // The password is never echoed back into the form.
    expect(JSON.stringify(reply)).not.toContain("not the password");
    expect(failuresFor(officer.email)).toBe(failuresBefore + 1);
    expect(sessionsOf(officer.id)).toBe(sessionsBefore);
  });

  it("answers an unknown e-mail exactly like a wrong password", async () => {
    const response = await login({ email: "nobody@login.test", password: "whatever it is" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(formErrors(await readJson<Reply>(response))).toEqual(["login.invalid"]);
    expect(failuresFor("nobody@login.test")).toBe(1);
  });

  it("rate-limits an account after 5 failures, even for the right password", async () => {
    expect(loginLimits.perAccount).toBe(5);
    for (let attempt = 1; attempt <= loginLimits.perAccount; attempt += 1) {
      const response = await login({ email: limited.email, password: `wrong ${attempt}` });
      expect(response.status).toBe(400);
    }
    const sessionsBefore = sessionsOf(limited.id);
    const response = await login({ email: limited.email, password: limited.password });
    expect(response.status).toBe(429);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(formErrors(await readJson<Reply>(response))).toEqual(["login.rateLimited"]);
    expect(sessionsOf(limited.id)).toBe(sessionsBefore);
  });

  it("a successful login clears the account's earlier failures", async () => {
    await login({ email: officer.email, password: "wrong again" });
    expect(failuresFor(officer.email)).toBeGreaterThan(0);
    const response = await login({ email: officer.email, password: officer.password });
    expect(response.status).toBe(302);
    expect(failuresFor(officer.email)).toBe(0);
  });

  it("refuses a deactivated user with the right password", async () => {
    const response = await login({ email: deactivated.email, password: deactivated.password });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(formErrors(await readJson<Reply>(response))).toEqual(["login.invalid"]);
    expect(sessionsOf(deactivated.id)).toBe(0);
  });

  it("sends a user who must change their password to /account/password, whatever redirectTo says", async () => {
    const response = await login({ email: newcomer.email, password: newcomer.password, redirectTo: "/admin/users" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account/password");
    expect(cookieFrom(response, "lt_session")).not.toBeNull();
  });

  it("rejects a malformed e-mail with 400 and a field error, without touching the limiter", async () => {
    const failuresBefore = countRows(schema.loginFailures);
    const response = await login({ email: "not-an-email", password: "whatever it is" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const reply = await readJson<Reply>(response);
    expect(fieldErrors(reply, "email")).toContain("errors.email");
    expect(countRows(schema.loginFailures)).toBe(failuresBefore);
  });
});

describe("login loader", () => {
  it("shows the page to an anonymous visitor", async () => {
    const response = await callRoute(loginLoader, request("/login"));
    expect(response.status).toBe(200);
  });

  it("ignores a tampered session cookie", async () => {
    const real = await sessionCookieFor(officer.id);
    const tampered = real.slice(0, -4) + (real.endsWith("AAAA") ? "BBBB" : "AAAA");
    const response = await callRoute(loginLoader, request("/login", { cookie: tampered }));
    expect(response.status).toBe(200);
  });
});
