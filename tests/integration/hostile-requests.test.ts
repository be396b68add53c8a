// Requests no page would send, against real actions: huge list indices, bodies that are not forms,
// broken or oversized bodies, hostile values and odd file names. Each gets a 4xx in milliseconds
// and stores nothing; none reaches Conform or the page renderer (issue 8 §3).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "~/lib/db.server";
import * as rubricEditor from "~/routes/admin.programmes.$programmeId_.rubric";
import * as locationsPage from "~/routes/admin.locations";
import * as planPage from "~/routes/cases.$caseId_.plan";
import * as newCase from "~/routes/cases.new";
import * as committeePage from "~/routes/committee.$caseId";
import * as importList from "~/routes/imports._index";
import * as loginPage from "~/routes/login";
import { applicantForm } from "../helpers/applicants";
import {
  callRoute,
  countRows,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  fieldErrors,
  insertTestCase,
  readJson,
  request,
  sessionCookieFor,
  type Reply,
} from "../helpers/foundation";

const cookieOf = { officer: "", admin: "" };
let programmeId = 0;
let caseId = 0;
let uploadDir = "";

beforeAll(async () => {
  uploadDir = mkdtempSync(join(tmpdir(), "hostile-uploads-"));
  process.env.UPLOAD_DIR = uploadDir;
  const { agency, partnerA } = createTestOrganisations();
  programmeId = createTestProgramme({ code: "HOSTILE-1" }).id;
  caseId = insertTestCase({ programmeId, partnerOrganisationId: partnerA.id, stage: "business_plan" }).case.id;
  const [officer, admin] = await Promise.all([
    createTestUser("officer", { organisationId: agency.id }),
    createTestUser("admin", { organisationId: agency.id }),
  ]);
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.admin = await sessionCookieFor(admin.id);
});

afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

function post(path: string, body: BodyInit, headers: Record<string, string>, cookie = cookieOf.officer): Request {
  const request = new Request(new URL(path, "http://localhost"), { method: "POST", body, headers: { Cookie: cookie, ...headers } });
  if (!("Content-Type" in headers)) request.headers.delete("Content-Type");
  return request;
}

const urlencoded = { "Content-Type": "application/x-www-form-urlencoded" };

type Refusal = { error: string; message: string };

describe("a list index far beyond the form's list", () => {
  it("is refused on the plan page with 400 before any budget line is built", async () => {
    const started = performance.now();
    const response = await callRoute(
      planPage.action,
      post(`/cases/${caseId}/plan`, "intent=save&version=0&budget%5B100000%5D.item=x", urlencoded),
      { caseId: String(caseId) },
    );
    const milliseconds = performance.now() - started;
    expect(response.status).toBe(400);
    const body = await response.text();
    // The refusal, not a form reply echoing 100,001 budget rows.
    expect(JSON.parse(body)).toEqual({ error: "index_too_large", message: "A list in the form has more than 100 entries." });
    expect(body.length).toBeLessThan(200);
    expect(countRows(schema.businessPlans)).toBe(0);
    // A sanity bound only (it takes a few milliseconds); the unbounded reply took minutes.
    expect(milliseconds).toBeLessThan(1000);
  });

  it("is refused on the plan page through Conform's update intent too", async () => {
    const intent = encodeURIComponent(JSON.stringify({ type: "update", payload: { name: "budget", index: 100000, value: { item: "x" } } }));
    const response = await callRoute(planPage.action, post(`/cases/${caseId}/plan`, `intent=save&version=0&__intent__=${intent}`, urlencoded), {
      caseId: String(caseId),
    });
    expect(response.status).toBe(400);
    expect(await readJson<Refusal>(response)).toMatchObject({ error: "index_too_large" });
  });

  it("is refused in the rubric editor's criteria", async () => {
    const response = await callRoute(
      rubricEditor.action,
      post(`/admin/programmes/${programmeId}/rubric`, "version=1&criteria%5B100000%5D.key=x", urlencoded, cookieOf.admin),
      { programmeId: String(programmeId) },
    );
    expect(response.status).toBe(400);
    expect(await readJson<Refusal>(response)).toMatchObject({ error: "index_too_large" });
  });

  it("within the list's limit reaches the schema, which caps the list with a message next to it", async () => {
    const lines = Array.from({ length: 101 }, (_, index) =>
      [`budget[${index}].item=Item`, `budget[${index}].quantity=1`, `budget[${index}].unitCostMinor=10`, `budget[${index}].modality=cash`].join("&"),
    ).join("&");
    const response = await callRoute(planPage.action, post(`/cases/${caseId}/plan`, `intent=save&version=0&${lines}`.replaceAll("[", "%5B").replaceAll("]", "%5D"), urlencoded), {
      caseId: String(caseId),
    });
    // budget[100] is the 101st line: over the index limit of a 100-line budget.
    expect(response.status).toBe(400);
    expect(await readJson<Refusal>(response)).toMatchObject({ error: "index_too_large" });
  });
});

describe("a body that is not a form", () => {
  const bodies: Array<[string, string, Record<string, string>]> = [
    ["JSON", JSON.stringify({ intent: "save", version: 0 }), { "Content-Type": "application/json" }],
    ["plain text", "intent=save&version=0", { "Content-Type": "text/plain;charset=UTF-8" }],
    ["no content type", "intent=save&version=0", {}],
  ];

  it.each(bodies)("%s answers 415 on the plan page, the applicant form, the committee and the login", async (_what, body, headers) => {
    const responses = await Promise.all([
      callRoute(planPage.action, post(`/cases/${caseId}/plan`, body, headers), { caseId: String(caseId) }),
      callRoute(newCase.action, post("/cases/new", body, headers)),
      callRoute(committeePage.action, post(`/committee/${caseId}`, body, headers), { caseId: String(caseId) }),
      callRoute(loginPage.action, post("/login", body, headers, "")),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(415);
      expect(await readJson<Refusal>(response)).toEqual({
        error: "not_a_form",
        message: "Send the form as application/x-www-form-urlencoded or multipart/form-data.",
      });
    }
  });

  it("answers 415 on the upload pages, next to the file field", async () => {
    const response = await callRoute(importList.action, post("/imports", JSON.stringify({ file: "x" }), { "Content-Type": "application/json" }));
    expect(response.status).toBe(415);
    expect(fieldErrors((await readJson<{ result: Reply }>(response)).result, "file")).toEqual(["imports.errors.notMultipart"]);
  });
});

describe("a broken or oversized body", () => {
  const cutShort = '--abc\r\nContent-Disposition: form-data; name="surname"\r\n\r\nКоваленко';

  it("answers 400 when multipart is cut short, on a form page and an upload page", async () => {
    const form = await callRoute(newCase.action, post("/cases/new", cutShort, { "Content-Type": "multipart/form-data; boundary=abc" }));
    expect(form.status).toBe(400);
    expect(await readJson<Refusal>(form)).toMatchObject({ error: "malformed" });
    const upload = await callRoute(importList.action, post("/imports", cutShort, { "Content-Type": "multipart/form-data; boundary=abc" }));
    expect(upload.status).toBe(400);
    expect(fieldErrors((await readJson<{ result: Reply }>(upload)).result, "file")).toEqual(["imports.errors.notMultipart"]);
  });

  it("answers 413 for a form body past its limit, counted without trusting Content-Length", async () => {
    const before = countRows(schema.persons);
    const huge = `surname=${"%D0%AF".repeat(20_000)}`;
    const response = await callRoute(newCase.action, post("/cases/new", huge, urlencoded));
    expect(response.status).toBe(413);
    expect(await readJson<Refusal>(response)).toEqual({ error: "too_large", message: "The form is larger than 65536 bytes." });
    expect(countRows(schema.persons)).toBe(before);
  });

  it("answers 413 for an upload over its limit, next to the file field", async () => {
    const form = new FormData();
    form.append("file", new File([new Uint8Array(20 * 1024 * 1024 + 1).fill(65)], "huge.csv"));
    const response = await callRoute(importList.action, new Request("http://localhost/imports", { method: "POST", body: form, headers: { Cookie: cookieOf.officer } }));
    expect(response.status).toBe(413);
    expect(fieldErrors((await readJson<{ result: Reply }>(response)).result, "file")).toEqual(["imports.errors.fileTooLarge"]);
  });
});

describe("hostile values in a well-formed applicant form", () => {
  it.each([
    ["a NUL in the surname", { surname: "Коваль\u0000енко" }, "surname", "errors.invisibleCharacters"],
    ["a right-to-left override in the first name", { firstName: "\u202eяіраМ" }, "firstName", "errors.invisibleCharacters"],
    ["a hexadecimal household size", { householdSize: "0x10" }, "householdSize", "errors.wholeNumber"],
    ["a household size in exponent form", { householdSize: "1e1" }, "householdSize", "errors.wholeNumber"],
    ["the year 1", { birthDate: "0001-01-01" }, "birthDate", "errors.birthDateRange"],
    ["30 February", { birthDate: "1990-02-30", rnokpp: "3282006565" }, "birthDate", "errors.date"],
    ["an application in 1970", { applicationDate: "1970-01-01" }, "applicationDate", "errors.dateRange"],
  ])("refuses %s next to the field and registers nobody", async (_what, overrides, field, message) => {
    const before = countRows(schema.persons);
    const response = await callRoute(newCase.action, request("/cases/new", { cookie: cookieOf.officer, form: applicantForm(programmeId, overrides) }));
    expect(response.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(response), field)).toEqual([message]);
    expect(countRows(schema.persons)).toBe(before);
  });
});

describe("an uploaded file's name", () => {
  // What a browser sends for a file named  kobo "final"; v2.csv  (quotes become %22).
  const multipart = (name: string, content: string) =>
    `--abc\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--abc--\r\n`;

  it("with quotes and a semicolon is stored and shown under a safe name", async () => {
    const csv = '"_uuid","applicant/surname"\r\n"a1","Коваленко"\r\n';
    const response = await callRoute(
      importList.action,
      post("/imports", multipart("kobo %22final%22; v2.csv", csv), { "Content-Type": "multipart/form-data; boundary=abc" }),
    );
    expect(response.status).toBe(302);
    const metaFile = readdirSync(uploadDir).find((name) => name.endsWith(".json"))!;
    expect(JSON.parse(readFileSync(join(uploadDir, metaFile), "utf8")).fileName).toBe("kobo _final__ v2.csv");
  });

  it("with a raw quote (no browser sends one) is refused with 400, not a 500", async () => {
    const response = await callRoute(
      locationsPage.action,
      post("/admin/locations", multipart('cod"ab.csv', "Admin3 Pcode\r\nUA0502003\r\n"), { "Content-Type": "multipart/form-data; boundary=abc" }, cookieOf.admin),
    );
    expect(response.status).toBe(400);
    expect(fieldErrors((await readJson<{ result: Reply }>(response)).result, "file")).toEqual(["locations.errors.fileRequired"]);
  });
});
