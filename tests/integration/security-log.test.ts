import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { handleDataRequest } from "~/entry.server";
import { db, schema, sqlite } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { runHousekeeping } from "~/lib/housekeeping.server";
import { contentSecurityPolicy, documentHeaders } from "~/lib/security-headers.server";
import { purgeSecurityLog, recordRefusedRequest, recordSecurityEvent } from "~/lib/security-log.server";
import { loader as securityLoader } from "~/routes/admin.security";
import {
  callRoute,
  createTestOrganisations,
  createTestUser,
  readJson,
  request,
  sessionCookieFor,
  type TestUser,
} from "../helpers/foundation";

let admin: TestUser;
let officer: TestUser;

beforeAll(async () => {
  const { agency } = createTestOrganisations();
  [admin, officer] = await Promise.all([
    createTestUser("admin", { organisationId: agency.id, email: "admin@security.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "officer@security.test" }),
  ]);
});

const dayMs = 86_400_000;

function insertEntry(event: string, at: Date, path = "/somewhere") {
  return db
    .insert(schema.securityLog)
    .values({ at: at.toISOString(), event, method: "POST", path, address: "192.0.2.1" })
    .returning()
    .get();
}

function entry(id: number) {
  return db.select().from(schema.securityLog).where(eq(schema.securityLog.id, id)).get();
}

describe("security log table", () => {
  it("refuses updates, and deletes of entries younger than 30 days", () => {
    const recent = insertEntry("forbidden", new Date(Date.now() - 29 * dayMs));
    expect(() => sqlite.prepare("UPDATE security_log SET detail = 'x' WHERE id = ?").run(recent.id)).toThrow(
      "security_log is append-only",
    );
    expect(() => sqlite.prepare("DELETE FROM security_log WHERE id = ?").run(recent.id)).toThrow(
      "security_log keeps entries for at least 30 days",
    );
    expect(entry(recent.id)).toEqual(recent);
    const old = insertEntry("forbidden", new Date(Date.now() - 31 * dayMs));
    sqlite.prepare("DELETE FROM security_log WHERE id = ?").run(old.id);
    expect(entry(old.id)).toBeUndefined();
  });

  it("the purge removes entries past the retention (180 days by default) and keeps the rest", () => {
    expect(env.securityLogRetentionDays).toBe(180);
    const expired = insertEntry("login_failed", new Date(Date.now() - 181 * dayMs));
    const kept = insertEntry("login_failed", new Date(Date.now() - 179 * dayMs));
    expect(purgeSecurityLog()).toBe(1);
    expect(entry(expired.id)).toBeUndefined();
    expect(entry(kept.id)).toEqual(kept);
    // The daily housekeeping runs the same purge.
    const another = insertEntry("login_failed", new Date(Date.now() - 200 * dayMs));
    expect(runHousekeeping()).toMatchObject({ securityLogPurged: 1 });
    expect(entry(another.id)).toBeUndefined();
  });

  it("a refused request names the signed-in user, the path without its query, and the detail", async () => {
    const cookie = await sessionCookieFor(officer.id);
    await recordRefusedRequest(request("/cases?q=Шевченко", { cookie }), { event: "forbidden", address: "203.0.113.4" });
    await recordRefusedRequest(request("/login", { form: { a: "b" } }), {
      event: "cross_origin",
      address: "203.0.113.5",
      detail: "https://evil.example",
    });
    const [anonymous, signedIn] = db.select().from(schema.securityLog).orderBy(schema.securityLog.id).all().slice(-2).reverse();
    expect(signedIn).toMatchObject({ event: "forbidden", userId: officer.id, address: "203.0.113.4", method: "GET", path: "/cases", detail: null });
    expect(anonymous).toMatchObject({
      event: "cross_origin",
      userId: null,
      address: "203.0.113.5",
      method: "POST",
      path: "/login",
      detail: "https://evil.example",
    });
  });

  it("cuts over-long paths and details", () => {
    recordSecurityEvent({ event: "body_too_large", address: "192.0.2.9", method: "POST", path: `/${"p".repeat(5000)}`, detail: "d".repeat(5000) });
    const last = db.select().from(schema.securityLog).orderBy(schema.securityLog.id).all().at(-1)!;
    expect(last.path).toHaveLength(300);
    expect(last.detail).toHaveLength(200);
  });
});

describe("/admin/security", () => {
  type Page = { entries: Array<{ id: number; event: string; path: string; userName: string | null }>; nextBefore: number | null; retentionDays: number };

  async function page(query: string, user: TestUser = admin) {
    const cookie = await sessionCookieFor(user.id);
    return callRoute(securityLoader, request(`/admin/security${query}`, { cookie }));
  }

  it("is for admins only: an officer gets 403", async () => {
    expect((await page("", officer)).status).toBe(403);
  });

  it("filters by event and by date, newest first, 50 to a page", async () => {
    const day = new Date("2026-03-10T12:00:00Z");
    const ids = Array.from({ length: 55 }, (_, index) => insertEntry("unsupported_media_type", day, `/p${index}`).id);
    insertEntry("cross_origin", day, "/other-event");
    insertEntry("unsupported_media_type", new Date("2026-03-11T00:00:00Z"), "/next-day");

    const first = await readJson<Page>(await page("?event=unsupported_media_type&from=2026-03-10&to=2026-03-10"));
    expect(first.retentionDays).toBe(180);
    expect(first.entries).toHaveLength(50);
    expect(first.entries.map((row) => row.id)).toEqual(ids.slice(5).reverse());
    expect(new Set(first.entries.map((row) => row.event))).toEqual(new Set(["unsupported_media_type"]));
    expect(first.nextBefore).toBe(ids[5]);

    const second = await readJson<Page>(
      await page(`?event=unsupported_media_type&from=2026-03-10&to=2026-03-10&before=${first.nextBefore}`),
    );
    expect(second.entries.map((row) => row.id)).toEqual(ids.slice(0, 5).reverse());
    expect(second.nextBefore).toBeNull();

    const otherEvent = await readJson<Page>(await page("?event=cross_origin&from=2026-03-10&to=2026-03-10"));
    expect(otherEvent.entries.map((row) => row.path)).toEqual(["/other-event"]);
    const nextDay = await readJson<Page>(await page("?from=2026-03-11&to=2026-03-11"));
    expect(nextDay.entries.map((row) => row.path)).toEqual(["/next-day"]);
  });

  it("ignores an unknown event rather than failing", async () => {
    const response = await page("?event=drop_tables&from=2026-03-11&to=2026-03-11");
    expect(response.status).toBe(200);
    expect((await readJson<Page>(response)).entries.map((row) => row.path)).toEqual(["/next-day"]);
  });
});

describe("response headers", () => {
  it(".data responses are never stored and never sniffed; HSTS only over HTTPS", async () => {
    const response = await handleDataRequest(new Response("[]", { headers: { "Content-Type": "text/x-script" } }), {
      request: request("/cases.data"),
      params: {},
      context: {},
    });
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    // Tests run without NODE_ENV=production, so cookies are not Secure and there is no HSTS.
    expect(env.secureCookies).toBe(false);
    expect(response.headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("pages carry the CSP with their nonce, framing and feature limits, and HSTS when served over HTTPS", () => {
    expect(contentSecurityPolicy("abc123")).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc123'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'",
    );
    expect(documentHeaders({ nonce: "abc123", https: true })).toEqual({
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "Strict-Transport-Security": "max-age=31536000",
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": contentSecurityPolicy("abc123"),
      "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      "X-Frame-Options": "DENY",
    });
    expect(documentHeaders({ nonce: "n", https: false })).not.toHaveProperty("Strict-Transport-Security");
  });
});
