import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { localeCookie } from "~/lib/locale.server";
import { loader as rootLoader } from "~/root";
import { action as localeAction, loader as localeLoader } from "~/routes/locale";
import {
  callRoute,
  cookieFrom,
  cookies,
  createTestOrganisations,
  createTestUser,
  readJson,
  request,
  sessionCookieFor,
  type TestUser,
} from "../helpers/foundation";

let officer: TestUser;
let englishSpeaker: TestUser;

beforeAll(async () => {
  const { agency } = createTestOrganisations();
  [officer, englishSpeaker] = await Promise.all([
    createTestUser("officer", { organisationId: agency.id, email: "officer@locale.test" }),
    createTestUser("evaluator", { organisationId: agency.id, email: "english@locale.test" }),
  ]);
  db.update(schema.users).set({ locale: "en" }).where(eq(schema.users.id, englishSpeaker.id)).run();
});

function savedLocale(userId: number) {
  return db.select({ locale: schema.users.locale }).from(schema.users).where(eq(schema.users.id, userId)).get()!.locale;
}

async function rootLocale(cookie?: string) {
  const response = await callRoute(rootLoader, request("/", { cookie }));
  expect(response.status).toBe(200);
  return (await readJson<{ locale: string }>(response)).locale;
}

describe("root loader language", () => {
  it("is Ukrainian by default", async () => {
    expect(await rootLocale()).toBe("uk");
  });

  it("follows a signed-in user's saved choice when there is no cookie", async () => {
    expect(await rootLocale(await sessionCookieFor(englishSpeaker.id))).toBe("en");
  });

  it("ignores a cookie holding an unknown language", async () => {
    const french = (await localeCookie.serialize("fr")).split(";")[0];
    expect(await localeCookie.parse(french)).toBe("fr");
    expect(await rootLocale(french)).toBe("uk");
    expect(await rootLocale(cookies(await sessionCookieFor(englishSpeaker.id), french))).toBe("en");
  });
});

describe("locale action", () => {
  it("sets the lt_locale cookie for an anonymous visitor, which the root loader then follows", async () => {
    const response = await callRoute(localeAction, request("/locale", { form: { locale: "en", redirectTo: "/login?x=1" } }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?x=1");
    const cookie = cookieFrom(response, "lt_locale");
    expect(cookie).not.toBeNull();
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=31536000/);
    expect(await rootLocale(cookie!)).toBe("en");
  });

  it("saves the signed-in user's choice on their account", async () => {
    const session = await sessionCookieFor(officer.id);
    expect(savedLocale(officer.id)).toBe("uk");
    const response = await callRoute(localeAction, request("/locale", { cookie: session, form: { locale: "en" } }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(savedLocale(officer.id)).toBe("en");
    // On another device with no language cookie, the saved choice applies.
    expect(await rootLocale(await sessionCookieFor(officer.id))).toBe("en");

    const back = await callRoute(localeAction, request("/locale", { cookie: session, form: { locale: "uk" } }));
    expect(savedLocale(officer.id)).toBe("uk");
    expect(await rootLocale(cookies(session, cookieFrom(back, "lt_locale")))).toBe("uk");
  });

  it("the cookie's explicit choice wins over the saved one", async () => {
    const session = await sessionCookieFor(englishSpeaker.id);
    const chosen = await callRoute(localeAction, request("/locale", { form: { locale: "uk" } }));
    expect(await rootLocale(cookies(session, cookieFrom(chosen, "lt_locale")))).toBe("uk");
  });

  it("refuses an unknown locale with 400 and changes nothing", async () => {
    const session = await sessionCookieFor(englishSpeaker.id);
    for (const form of [{ locale: "fr" }, { locale: "" }, {} as Record<string, string>]) {
      const response = await callRoute(localeAction, request("/locale", { cookie: session, form }));
      expect(response.status).toBe(400);
      expect(response.headers.get("Set-Cookie")).toBeNull();
    }
    expect(savedLocale(englishSpeaker.id)).toBe("en");
  });

  it.each(["//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)"])(
    "does not redirect off-site to %j",
    async (redirectTo) => {
      const response = await callRoute(localeAction, request("/locale", { form: { locale: "en", redirectTo } }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/");
    },
  );

  it("GET /locale just goes home", async () => {
    const response = await callRoute(localeLoader, request("/locale"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
  });
});
