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
let raced: TestUser;
let owner: TestUser;
let colleague: TestUser;
let shared: TestUser;

beforeAll(async () => {
  const { agency } = createTestOrganisations();
  [officer, newcomer, deactivated, limited, redirected, raced, owner, colleague, shared] = await Promise.all([
    createTestUser("officer", { organisationId: agency.id, email: "officer@login.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "newcomer@login.test", mustChangePassword: true }),
    createTestUser("officer", { organisationId: agency.id, email: "gone@login.test", active: false }),
    createTestUser("officer", { organisationId: agency.id, email: "limited@login.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "redirected@login.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "raced@login.test" }),
    createTestUser("admin", { organisationId: agency.id, email: "owner@login.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "colleague@login.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "shared@login.test" }),
  ]);
});

function login(form: Record<string, string>, options: { address?: string; cookie?: string } = {}) {
  return callRoute(loginAction, request("/login", { form, cookie: options.cookie }), {}, {
    clientAddress: options.address ?? "198.51.100.1",
  });
}

function securityEvents(userId: number, event: string) {
  return db
    .select()
    .from(schema.securityLog)
    .where(and(eq(schema.securityLog.userId, userId), eq(schema.securityLog.event, event)))
    .all();
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

  it.each(["//evil.example", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/.//evil.example"])(
    "ignores the off-site redirectTo %j",
    async (target) => {
      const response = await login({ email: redirected.email, password: redirected.password, redirectTo: target });
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/");
    },
  );

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

describe("login limits", () => {
  it("25 parallel wrong passwords: exactly 5 are checked, 20 are refused unchecked", async () => {
    const attempts = Array.from({ length: 25 }, (_, index) =>
      login({ email: raced.email, password: `wrong ${index}` }, { address: `192.0.2.${index + 1}` }),
    );
    const statuses = (await Promise.all(attempts)).map((response) => response.status);
    expect(statuses.filter((status) => status === 400)).toHaveLength(loginLimits.perAccount);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25 - loginLimits.perAccount);
    expect(failuresFor(raced.email)).toBe(5);
    expect(securityEvents(raced.id, "login_failed")).toHaveLength(5);
    const locked = securityEvents(raced.id, "login_locked");
    expect(locked).toHaveLength(20);
    expect(locked[0]).toMatchObject({ method: "POST", path: "/login", detail: "raced@login.test (account limit)" });
  });

  it("records each failed login with the account, the address and the e-mail tried", async () => {
    const response = await login({ email: colleague.email, password: "not it" }, { address: "203.0.113.99" });
    expect(response.status).toBe(400);
    const [entry] = securityEvents(colleague.id, "login_failed");
    expect(entry).toMatchObject({ userId: colleague.id, address: "203.0.113.99", method: "POST", path: "/login", detail: colleague.email });
    // The one failure does not keep the right password out.
    expect((await login({ email: colleague.email, password: colleague.password }, { address: "203.0.113.99" })).status).toBe(302);
  });

  it("a login sets the long-lived known-device cookie", async () => {
    const response = await login({ email: colleague.email, password: colleague.password });
    expect(response.status).toBe(302);
    expect(cookieFrom(response, "lt_device")).toMatch(/^lt_device=.+/);
    expect(response.headers.getSetCookie().find((cookie) => cookie.startsWith("lt_device="))).toMatch(
      /Max-Age=31536000;.*HttpOnly/i,
    );
  });

  it("limits each client address to 30 failures, whatever accounts they name", async () => {
    const address = "203.0.113.30";
    for (let attempt = 1; attempt <= loginLimits.perAddress; attempt += 1) {
      const response = await login({ email: `guess-${attempt}@login.test`, password: "guess" }, { address });
      expect(response.status).toBe(400);
    }
    // The next attempt from that address is refused unchecked, even for a real account and password…
    const refused = await login({ email: shared.email, password: shared.password }, { address });
    expect(refused.status).toBe(429);
    expect(securityEvents(shared.id, "login_locked").at(-1)).toMatchObject({
      address,
      detail: "shared@login.test (address limit)",
    });
    // …while the same account signs in from anywhere else.
    expect((await login({ email: shared.email, password: shared.password }, { address: "203.0.113.31" })).status).toBe(302);
  });

  it("an account locked by strangers still opens with the right password on a device it used before", async () => {
    const earlier = await login({ email: owner.email, password: owner.password }, { address: "198.51.100.20" });
    const ownDevice = cookieFrom(earlier, "lt_device")!;
    const otherAccountsDevice = cookieFrom(await login({ email: colleague.email, password: colleague.password }), "lt_device")!;

    for (let attempt = 1; attempt <= loginLimits.perAccount; attempt += 1) {
      const response = await login({ email: owner.email, password: `attacker ${attempt}` }, { address: `192.0.2.${100 + attempt}` });
      expect(response.status).toBe(400);
    }
    // A new device, even with the right password, waits out the window…
    expect((await login({ email: owner.email, password: owner.password }, { address: "198.51.100.21" })).status).toBe(429);
    // …and so does a device that only ever signed in another account.
    const elsewhere = await login({ email: owner.email, password: owner.password }, { cookie: otherAccountsDevice });
    expect(elsewhere.status).toBe(429);
    // The owner's own device gets in, and remembers both accounts it has now signed in.
    const mine = await login({ email: owner.email, password: owner.password }, { cookie: ownDevice, address: "198.51.100.20" });
    expect(mine.status).toBe(302);
    expect(cookieFrom(mine, "lt_session")).not.toBeNull();
    // The strangers' failures still count: signing in on a known device does not clear them.
    expect(failuresFor(owner.email)).toBe(loginLimits.perAccount);
  });

  it("a known device has its own limit: 5 wrong passwords there, then it waits too", async () => {
    const first = await login({ email: newcomer.email, password: newcomer.password });
    expect(first.status).toBe(302);
    const device = cookieFrom(first, "lt_device")!;
    for (let attempt = 1; attempt <= loginLimits.perKnownDevice; attempt += 1) {
      expect((await login({ email: newcomer.email, password: `typo ${attempt}` }, { cookie: device })).status).toBe(400);
    }
    expect((await login({ email: newcomer.email, password: newcomer.password }, { cookie: device })).status).toBe(429);
    // Failures on the known device were not counted against the account from other devices.
    expect(failuresFor(newcomer.email)).toBe(0);
    expect((await login({ email: newcomer.email, password: newcomer.password })).status).toBe(302);
  });

  it("a forged known-device cookie is ignored", async () => {
    const forged = `lt_device=${Buffer.from(JSON.stringify({ id: "a".repeat(24), userIds: [raced.id] })).toString("base64")}`;
    expect((await login({ email: raced.email, password: raced.password }, { cookie: forged })).status).toBe(429);
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
