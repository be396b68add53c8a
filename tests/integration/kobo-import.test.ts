import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import { db, schema } from "~/lib/db.server";
import { readSpreadsheet, type Workbook } from "~/lib/spreadsheet.server";
import {
  dryRun,
  findImport,
  findMapping,
  listImports,
  formKey,
  MappingError,
  runImport,
  saveMapping,
  startImport,
} from "~/modules/imports/kobo-import.server";
import { suggestMapping, type KoboMapping } from "~/modules/imports/kobo-mapping";
import { registerApplicant } from "~/modules/intake/intake.server";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import { runHousekeeping } from "~/lib/housekeeping.server";
import { unsealIdentity } from "~/lib/identity.server";
import { purgeExpiredRejectedRows } from "~/modules/imports/rejected-rows.server";
import * as importPage from "~/routes/imports.$importId";
import * as reportRoute from "~/routes/imports.$importId.report";
import * as importList from "~/routes/imports._index";
import * as mappingPage from "~/routes/imports.uploads.$uploadId";
import { koboApplicants, koboHeaders } from "../fixtures/build-fixtures";
import { koboFullApplicants, koboFullCsv, koboFullHeaders } from "../fixtures/kobo-full-form";
import { applicantInput } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  countRows,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  readJson,
  request,
  sessionCookieFor,
  type Reply,
  type TestUser,
} from "../helpers/foundation";

const fixtureFolder = new URL("../fixtures/", import.meta.url);
const fixtureCsv = readFileSync(new URL("kobo-applicants.csv", fixtureFolder));
const fixtureXlsx = readFileSync(new URL("kobo-applicants.xlsx", fixtureFolder));
const badRnokppRow = 6; // Кравчук: header in row 1, she is the fifth applicant

let programme: ReturnType<typeof createTestProgramme>;
const users = {} as Record<Extract<Role, "admin" | "officer" | "mentor" | "evaluator">, TestUser>;
const cookieOf = {} as Record<keyof typeof users, string>;
let otherOfficer: TestUser;
let otherOfficerCookie: string;

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "kobo-uploads-"));
  const { agency, partnerA } = createTestOrganisations();
  programme = createTestProgramme({ code: "KOBO-1" });
  for (const role of ["admin", "officer", "mentor", "evaluator"] as const) {
    users[role] = await createTestUser(role, { organisationId: role === "mentor" ? partnerA.id : agency.id });
    cookieOf[role] = await sessionCookieFor(users[role].id);
  }
  otherOfficer = await createTestUser("officer", { organisationId: agency.id });
  otherOfficerCookie = await sessionCookieFor(otherOfficer.id);
});

afterAll(() => rmSync(process.env.UPLOAD_DIR as string, { recursive: true, force: true }));

function csvWorkbook(text: string, name = "kobo.csv"): Promise<Workbook> {
  return readSpreadsheet({ name, bytes: new TextEncoder().encode(text) });
}

// The small fixture lacks many of our questions (they stay "not collected") and has only the
// upload time: the officer takes it for the interview's day and says who took consent.
function smallFormMapping(): KoboMapping {
  const mapping = suggestMapping(koboHeaders, koboApplicants);
  mapping.columns.applicationDate = "_submission_time";
  mapping.columns.consentGivenOn = "_submission_time";
  mapping.constants = { ...mapping.constants, programmeId: String(programme.id), consentTakenBy: "Partner caseworker" };
  return mapping;
}

function fullFormMapping(): KoboMapping {
  const mapping = suggestMapping(koboFullHeaders);
  mapping.constants.programmeId = String(programme.id);
  return mapping;
}

function peopleAndCases() {
  return { persons: countRows(schema.persons), cases: countRows(schema.cases), audit: auditCount(), imports: countRows(schema.imports) };
}

function casesFromFile(uuids: string[]) {
  return db.select().from(schema.cases).where(inArray(schema.cases.sourceUuid, uuids)).all();
}

async function waitForImport(importId: number) {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const record = findImport(importId);
    if (record && record.status !== "running") return record;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`import ${importId} did not finish`);
}

describe("dry run", () => {
  it.each([
    ["CSV", "kobo-applicants.csv", fixtureCsv],
    ["XLSX", "kobo-applicants.xlsx", fixtureXlsx],
  ])("on the %s fixture stores nothing and gives every invalid row its reasons", async (_format, name, bytes) => {
    const workbook = await readSpreadsheet({ name, bytes: new Uint8Array(bytes) });
    const before = peopleAndCases();
    const result = await dryRun(users.officer, workbook, smallFormMapping());
    expect(peopleAndCases()).toEqual(before);

    expect(result.total).toBe(6);
    // What this small form never asks (the IDP certificate, the household…) leaves applications
    // incomplete, not refused: only the wrong check digit stops a row.
    expect(result.invalid).toEqual([{ row: badRnokppRow, uuid: koboApplicants[4]._uuid, name: "Кравчук Наталія Василівна", errors: [{ field: "rnokpp", message: "errors.rnokppCheckDigit" }] }]);
    expect(result.wouldCreate).toBe(5);
    expect(result.incomplete).toBe(5);
    expect(result.findings.missing).toEqual(expect.arrayContaining([{ field: "children", rows: 5 }, { field: "idpCertificateNumber", rows: 3 }]));
    expect(result.definiteDuplicates).toEqual([]);
    expect(result.alreadyImported).toBe(0);
  });

  it("on the fuller form finds only the bad RNOKPP, and counts what the import would create", async () => {
    const before = peopleAndCases();
    const result = await dryRun(users.officer, await csvWorkbook(koboFullCsv()), fullFormMapping());
    expect(peopleAndCases()).toEqual(before);
    expect(result).toMatchObject({ total: 6, wouldCreate: 5, incomplete: 0, alreadyImported: 0, definiteDuplicates: [] });
    expect(result.invalid).toEqual([
      { row: badRnokppRow, uuid: koboApplicants[4]._uuid, name: "Кравчук Наталія Василівна", errors: [{ field: "rnokpp", message: "errors.rnokppCheckDigit" }] },
    ]);
  });

  it("reports a value no choice table maps, naming the value", async () => {
    const rows = koboFullApplicants.map((row, index) => (index === 0 ? { ...row, "displacement/status": "refugee_abroad" } : row));
    const result = await dryRun(users.officer, await csvWorkbook(koboFullCsv(rows)), fullFormMapping());
    expect(result.invalid.find((row) => row.row === 2)?.errors).toEqual([
      { field: "displacementStatus", message: "imports.errors.unknownChoice", params: { value: "refugee_abroad" } },
    ]);
  });

  it("refuses a second row of the same person within the file", async () => {
    const twin = { ...koboFullApplicants[0], _uuid: "11111111-2222-4333-8444-555555555555", _index: "7" };
    const result = await dryRun(users.officer, await csvWorkbook(koboFullCsv([...koboFullApplicants, twin])), fullFormMapping());
    expect(result.invalid).toContainEqual({
      row: 8,
      uuid: twin._uuid,
      name: "Коваленко Олена Петрівна",
      errors: [{ field: "rnokpp", message: "imports.errors.duplicateInFile", params: { row: 2 } }],
    });
    expect(result.wouldCreate).toBe(5);
  });

  it("refuses a mapping without the required fields before anything runs", async () => {
    const before = peopleAndCases();
    const workbook = await csvWorkbook(koboFullCsv());
    const incomplete = suggestMapping(koboFullHeaders); // no programme
    await expect(dryRun(users.officer, workbook, incomplete)).rejects.toThrow(MappingError);
    try {
      startImport(users.officer, "kobo.csv", workbook, incomplete);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MappingError);
      expect((error as MappingError).problems).toEqual([{ field: "programmeId", message: "imports.errors.fieldNotMapped" }]);
    }
    const noIdentity = fullFormMapping();
    delete noIdentity.columns.rnokpp;
    delete noIdentity.columns.phone;
    await expect(dryRun(users.officer, workbook, noIdentity)).rejects.toThrow(MappingError);
    expect(peopleAndCases()).toEqual(before);
  });
});

describe("import", () => {
  const uuids = koboFullApplicants.map((row) => row._uuid);
  let firstImportId: number;

  it("stores the valid rows with their Kobo _uuid, reports the bad one and audits the import", async () => {
    const before = peopleAndCases();
    const auditBefore = auditCount(eq(schema.auditLog.action, "import"));
    const outcome = await runImport(users.officer, "partner-form.csv", await csvWorkbook(koboFullCsv()), fullFormMapping(), { chunkSize: 2 });
    firstImportId = outcome.importId;
    expect(outcome).toMatchObject({ status: "finished", summary: { created: 5, duplicates: 0, alreadyImported: 0, invalid: 1, possibleDuplicates: 0 } });

    const stored = casesFromFile(uuids);
    expect(stored.map((row) => row.sourceUuid).sort()).toEqual(uuids.filter((uuid) => uuid !== koboApplicants[4]._uuid).sort());
    expect(stored.every((row) => row.programmeId === programme.id && row.responsibleOfficerId === users.officer.id)).toBe(true);
    expect(countRows(schema.persons)).toBe(before.persons + 5);

    const record = findImport(outcome.importId);
    expect(record).toMatchObject({ status: "finished", totalRows: 6, processedRows: 6, fileName: "partner-form.csv", createdByUserId: users.officer.id });
    expect(record?.rejectedRows.rows).toEqual([
      expect.objectContaining({ row: badRnokppRow, uuid: koboApplicants[4]._uuid, kind: "invalid", errors: [{ field: "rnokpp", message: "errors.rnokppCheckDigit" }] }),
    ]);
    // One entry for the import, one per created case.
    expect(auditCount(eq(schema.auditLog.action, "import"))).toBe(auditBefore + 6);
    expect(auditCount(and(eq(schema.auditLog.entityType, "import"), eq(schema.auditLog.entityId, String(outcome.importId))))).toBe(1);
  });

  it("keeps the identity column of a rejected row sealed, never as plain text", () => {
    const stored = db.select({ rejectedRows: schema.imports.rejectedRows }).from(schema.imports).where(eq(schema.imports.id, firstImportId)).get()!;
    const text = JSON.stringify(stored.rejectedRows);
    expect(text).toContain("Кравчук");
    expect(text).not.toContain("2506937123");
    const [rejected] = findImport(firstImportId)!.rejectedRows.rows;
    expect(Object.keys(rejected.cells)).not.toContain("applicant/rnokpp");
    expect(Object.keys(rejected.sealed ?? {})).toEqual(["applicant/rnokpp"]);
    expect(unsealIdentity(rejected.sealed!["applicant/rnokpp"])).toBe("2506937123");
  });

  const postReport = (importId: number, cookie: string) =>
    callRoute(reportRoute.action, request(`/imports/${importId}/report`, { method: "POST", form: {}, cookie }), { importId: String(importId) });

  it("offers the rejected rows as CSV with their original columns, row and reasons, to the uploader", async () => {
    const response = await postReport(firstImportId, cookieOf.officer);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    expect(response.headers.get("Content-Disposition")).toContain(`kobo-import-${firstImportId}-`);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split(/\r\n/);
    expect(lines).toHaveLength(2);
    // The officer reads Ukrainian (the default locale).
    expect(lines[0]).toBe([...koboFullHeaders, "Рядок", "Причини"].join(","));
    expect(lines[1]).toContain("Кравчук");
    // The uploader's own file: the sealed number is opened for the report.
    expect(lines[1]).toContain("2506937123");
    expect(lines[1]).toContain(koboApplicants[4]._uuid);
    expect(lines[1]).toContain(`,${badRnokppRow},`);
    expect(lines[1]).toContain("РНОКПП: Контрольна цифра РНОКПП не збігається");
    expect(auditCount(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.entityId, String(firstImportId))))).toBe(1);
  });

  it("refuses the report to another officer (403) and gives it to an admin; a GET writes nothing", async () => {
    const before = auditCount();
    const refused = await postReport(firstImportId, otherOfficerCookie);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("Кравчук");
    expect(auditCount()).toBe(before);
    const page = await readJson<{ mayDownloadReport: boolean }>(
      await callRoute(importPage.loader, request(`/imports/${firstImportId}`, { cookie: otherOfficerCookie }), { importId: String(firstImportId) }),
    );
    expect(page.mayDownloadReport).toBe(false);
    const viaGet = await callRoute(reportRoute.loader, request(`/imports/${firstImportId}/report`, { cookie: cookieOf.officer }), { importId: String(firstImportId) });
    expect(viaGet.status).toBe(302);
    expect(viaGet.headers.get("Location")).toBe(`/imports/${firstImportId}`);
    expect(auditCount()).toBe(before);
    const admin = await postReport(firstImportId, cookieOf.admin);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain("Кравчук");
    expect(auditCount()).toBe(before + 1);
  });

  it("deletes rejected rows past their retention (at housekeeping and with the next import), keeping the counts", async () => {
    const outcome = await runImport(users.officer, "old-form.csv", await csvWorkbook(koboFullCsv()), fullFormMapping());
    expect(findImport(outcome.importId)!.rejectedRows.rows).toHaveLength(1);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    db.update(schema.imports).set({ createdAt: daysAgo(29) }).where(eq(schema.imports.id, outcome.importId)).run();
    expect(purgeExpiredRejectedRows()).toBe(0);
    expect(findImport(outcome.importId)!.rejectedRows.rows).toHaveLength(1);

    db.update(schema.imports).set({ createdAt: daysAgo(31) }).where(eq(schema.imports.id, outcome.importId)).run();
    const deletionsBefore = auditCount(and(eq(schema.auditLog.action, "delete"), eq(schema.auditLog.entityId, String(outcome.importId))));
    // Housekeeping runs at start and daily; an import's own start runs the purge too.
    expect(runHousekeeping().rejectedRowsPurged).toBeGreaterThanOrEqual(1);
    const purged = findImport(outcome.importId)!;
    expect(purged.rejectedRows.rows).toEqual([]);
    expect(purged.rejectedRowsPurged).toBe(true);
    expect(purged.summary).toMatchObject({ invalid: 1 });
    expect(auditCount(and(eq(schema.auditLog.action, "delete"), eq(schema.auditLog.entityId, String(outcome.importId))))).toBe(deletionsBefore + 1);
    const page = await readJson<{ record: { rejectedRowsPurged: boolean }; rejectedCount: number }>(
      await callRoute(importPage.loader, request(`/imports/${outcome.importId}`, { cookie: cookieOf.officer }), { importId: String(outcome.importId) }),
    );
    expect(page).toMatchObject({ record: { rejectedRowsPurged: true }, rejectedCount: 0 });

    const another = await runImport(users.officer, "older-form.csv", await csvWorkbook(koboFullCsv()), fullFormMapping());
    db.update(schema.imports).set({ createdAt: daysAgo(40) }).where(eq(schema.imports.id, another.importId)).run();
    await runImport(users.officer, "next-form.csv", await csvWorkbook(koboFullCsv()), fullFormMapping());
    expect(findImport(another.importId)!.rejectedRowsPurged).toBe(true);
  });

  it("creates nothing new when the same file is imported again", async () => {
    const before = peopleAndCases();
    const outcome = await runImport(users.officer, "partner-form.csv", await csvWorkbook(koboFullCsv()), fullFormMapping());
    expect(outcome.summary).toEqual({ created: 0, incomplete: 0, duplicates: 0, alreadyImported: 5, invalid: 1, filtered: 0, possibleDuplicates: 0, flagged: 0 });
    expect(countRows(schema.persons)).toBe(before.persons);
    expect(countRows(schema.cases)).toBe(before.cases);
    expect(casesFromFile(uuids)).toHaveLength(5);
  });

  it("does not create a row whose RNOKPP belongs to a registered person: a definite duplicate", async () => {
    const existing = registerApplicant(users.officer, applicantInput(programme.id, { rnokpp: makeRnokpp("1991-06-01", "female", 42), birthDate: "1991-06-01" }));
    if (existing.kind !== "created") throw new Error("setup failed");
    const existingCase = db.select().from(schema.cases).where(eq(schema.cases.id, existing.caseId)).get();
    const row = {
      ...koboFullApplicants[2],
      "applicant/rnokpp": makeRnokpp("1991-06-01", "female", 42),
      "applicant/surname": "Інша",
      _uuid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
    };
    const workbook = await csvWorkbook(koboFullCsv([row]));

    const preview = await dryRun(users.officer, workbook, fullFormMapping());
    expect(preview).toMatchObject({ wouldCreate: 0, definiteDuplicates: [{ row: 2, uuid: row._uuid, name: "Інша Тетяна Іванівна", existingCaseCode: existingCase?.caseCode }] });

    const before = peopleAndCases();
    const outcome = await runImport(users.officer, "dup.csv", workbook, fullFormMapping());
    expect(outcome.summary).toMatchObject({ created: 0, duplicates: 1 });
    expect(countRows(schema.persons)).toBe(before.persons);
    expect(casesFromFile([row._uuid])).toEqual([]);
    expect(findImport(outcome.importId)?.rejectedRows.rows[0]).toMatchObject({
      kind: "duplicate",
      errors: [{ field: "", message: "imports.errors.definiteDuplicate", params: { caseCode: existingCase?.caseCode } }],
    });
  });

  it("counts a possible duplicate within the file alike in the dry run and the import, across chunks", async () => {
    const twin = (serial: number, uuid: string, phone: string) => ({
      ...koboFullApplicants[2],
      "applicant/surname": "Гончаренко",
      "applicant/first_name": "Софія",
      "applicant/birth_date": "1993-07-09",
      "applicant/rnokpp": makeRnokpp("1993-07-09", "female", serial),
      "applicant/phone": phone,
      _uuid: uuid,
    });
    const rows = [twin(11, "b0000000-0000-4000-8000-000000000001", "+380501110011"), twin(12, "b0000000-0000-4000-8000-000000000002", "+380501110012")];
    const workbook = await csvWorkbook(koboFullCsv(rows));
    for (const chunkSize of [1, 250]) {
      expect(await dryRun(users.officer, workbook, fullFormMapping(), { chunkSize })).toMatchObject({ wouldCreate: 2, possibleDuplicates: 1 });
    }
    const outcome = await runImport(users.officer, "twins.csv", workbook, fullFormMapping(), { chunkSize: 1 });
    expect(outcome.summary).toMatchObject({ created: 2, possibleDuplicates: 1 });
  });

  it("reports a row with an unknown place and stores the others of its chunk", async () => {
    const headers = [...koboFullHeaders, "displacement/hromada"];
    const rows = [0, 1, 2].map((index) => ({
      ...koboFullApplicants[2],
      "applicant/first_name": ["Ольга", "Ганна", "Віра"][index],
      "applicant/rnokpp": makeRnokpp("1992-02-29", "female", 300 + index),
      "applicant/phone": `+38050222000${index}`,
      "displacement/oblast": "UA63",
      // Well-formed, inside the oblast, but not a hromada of the reference table.
      "displacement/hromada": index === 1 ? "UA6399999" : "",
      _uuid: `c0000000-0000-4000-8000-00000000000${index}`,
    }));
    const mapping = suggestMapping(headers);
    mapping.constants.programmeId = String(programme.id);
    expect(mapping.columns.currentHromadaPcode).toBe("displacement/hromada");
    const outcome = await runImport(users.officer, "places.csv", await csvWorkbook(koboFullCsv(rows, headers)), mapping);
    expect(outcome.summary).toMatchObject({ created: 2, invalid: 1 });
    expect(findImport(outcome.importId)?.rejectedRows.rows).toEqual([
      expect.objectContaining({ row: 3, errors: [{ field: "currentHromadaPcode", message: "imports.errors.unknownReference" }] }),
    ]);
    expect(casesFromFile(rows.map((row) => row._uuid)).map((row) => row.sourceUuid).sort()).toEqual([rows[0]._uuid, rows[2]._uuid]);
  });

  it("shows real progress: the import record exists at once and fills chunk by chunk", async () => {
    const rows = koboFullApplicants.map((row, index) => ({
      ...row,
      _uuid: `0000000${index}-1111-4222-8333-444444444444`,
      "applicant/rnokpp": makeRnokpp(row["applicant/birth_date"], row["applicant/sex"] === "male" ? "male" : "female", 700 + index),
    }));
    const { importId, finished } = startImport(users.admin, "progress.csv", await csvWorkbook(koboFullCsv(rows)), fullFormMapping(), { chunkSize: 2 });
    expect(findImport(importId)).toMatchObject({ status: "running", interrupted: false, totalRows: 6, processedRows: 0, summary: null });
    const seen: number[] = [];
    while (findImport(importId)?.status === "running") {
      seen.push(findImport(importId)?.processedRows ?? -1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await finished;
    expect(new Set(seen)).toEqual(new Set([0, 2, 4]));
    expect(findImport(importId)).toMatchObject({ status: "finished", processedRows: 6, summary: { created: 6 } });
  });
});

describe("an import cut short by a restart", () => {
  const runningImport = (fileName: string, silentForMs: number) =>
    db
      .insert(schema.imports)
      .values({
        kind: "kobo",
        fileName,
        status: "running",
        totalRows: 500,
        processedRows: 250,
        createdByUserId: users.officer.id,
        updatedAt: new Date(Date.now() - silentForMs).toISOString(),
      })
      .returning()
      .get();

  it("shows as running while its chunks keep coming, whichever server process runs it", () => {
    // Written a moment ago by a chunk of another process: nothing in this one knows of it.
    const elsewhere = runningImport("another-process.csv", 5_000);
    expect(findImport(elsewhere.id)).toMatchObject({ status: "running", interrupted: false });
    expect(listImports().find((record) => record.id === elsewhere.id)?.status).toBe("running");
  });

  it("shows as interrupted, not as running for ever", async () => {
    // Its last chunk was two minutes ago: the process that ran it is gone.
    const stale = runningImport("cut-short.csv", 120_000);
    expect(findImport(stale.id)).toMatchObject({ status: "running", interrupted: true });
    const page = await readJson<{ record: { interrupted: boolean } }>(
      await callRoute(importPage.loader, request(`/imports/${stale.id}`, { cookie: cookieOf.officer }), { importId: String(stale.id) }),
    );
    expect(page.record.interrupted).toBe(true);
    const list = await readJson<{ imports: Array<{ id: number; status: string }> }>(await callRoute(importList.loader, request("/imports", { cookie: cookieOf.officer })));
    expect(list.imports.find((record) => record.id === stale.id)?.status).toBe("failed");
  });
});

describe("saved mappings", () => {
  it("are saved per form and found again by the form's key, whatever the column order", () => {
    const mapping = fullFormMapping();
    mapping.choices = { displacementStatus: { long_res: "host", idp: "idp" } };
    const key = formKey(koboFullHeaders);
    saveMapping(users.officer, key, 0, "Partner NGO form v2", mapping);
    const found = findMapping(formKey([...koboFullHeaders].reverse()));
    expect(found).toMatchObject({ name: "Partner NGO form v2", mapping });

    mapping.constants.consentTakenBy = "Someone else";
    saveMapping(users.admin, key, findMapping(key)!.version, "Partner NGO form v3", mapping);
    expect(findMapping(key)).toMatchObject({ name: "Partner NGO form v3", mapping });
    expect(countRows(schema.importMappings, eq(schema.importMappings.formKey, key))).toBe(1);
    expect(findMapping(formKey(koboHeaders))).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Routes

function uploadRequest(cookie: string, file: File | null, extra: Record<string, string> = {}) {
  const body = new FormData();
  if (file) body.append("file", file);
  for (const [name, value] of Object.entries(extra)) body.append(name, value);
  return new Request("http://localhost/imports", { method: "POST", body, headers: { Cookie: cookie } });
}

// The mapping form as the page posts it, with the saved mapping's version the page shows (the
// route tests all upload the full form).
function mappingForm(mapping: KoboMapping, intent: "dryRun" | "import", name = "Partner form"): Record<string, string | string[]> {
  const version = String(findMapping(formKey(koboFullHeaders))?.version ?? 0);
  const form: Record<string, string | string[]> = { intent, version, mappingName: name };
  for (const [field, column] of Object.entries(mapping.columns)) form[`columns.${field}`] = column ?? "";
  for (const [field, value] of Object.entries(mapping.constants)) form[`constants.${field}`] = field === "consentPurposes" ? (value ?? "").split(" ") : (value ?? "");
  for (const [field, table] of Object.entries(mapping.choices)) {
    Object.entries(table ?? {}).forEach(([from, to], index) => {
      form[`choices.${field}[${index}].from`] = from;
      form[`choices.${field}[${index}].to`] = to;
    });
  }
  return form;
}

async function upload(cookie: string, csv: string, name = "partner.csv") {
  const response = await callRoute(importList.action, uploadRequest(cookie, new File([csv], name, { type: "text/csv" })));
  expect(response.status).toBe(302);
  const location = response.headers.get("Location") ?? "";
  expect(location).toMatch(/^\/imports\/uploads\/[0-9a-f-]{36}$/);
  return location.split("/").pop() as string;
}

describe("the import pages", () => {
  it("take a file through upload, mapping, dry run and import", async () => {
    const uploadId = await upload(cookieOf.officer, koboFullCsv(koboFullApplicants.map((row) => ({ ...row, _uuid: `route-${row._uuid}`, "applicant/rnokpp": row["applicant/rnokpp"] === "2506937123" ? row["applicant/rnokpp"] : makeRnokpp(row["applicant/birth_date"], row["applicant/sex"] === "male" ? "male" : "female", 900 + Number(row._index)) }))));
    // The upload is kept outside the web root, under its random name.
    expect(readdirSync(process.env.UPLOAD_DIR as string)).toContain(`${uploadId}.bin`);

    const page = await readJson<{ sheet: { headers: string[]; rowCount: number }; initial: KoboMapping; savedName: string | null; valuesByColumn: Record<string, Array<{ value: string }>> }>(
      await callRoute(mappingPage.loader, request(`/imports/uploads/${uploadId}`, { cookie: cookieOf.officer }), { uploadId }),
    );
    expect(page.sheet.rowCount).toBe(6);
    expect(page.sheet.headers).toEqual(koboFullHeaders);
    expect(page.initial.columns.surname).toBe("applicant/surname");
    expect(page.valuesByColumn["displacement/status"].map((entry) => entry.value).sort()).toEqual(["idp", "long_res", "ret"]);
    // Only columns mapped to choice fields: no names, numbers, phones or dates reach the browser.
    expect(Object.keys(page.valuesByColumn).sort()).toEqual(["applicant/sex", "business/business_type", "business/modality", "displacement/oblast", "displacement/status"]);
    const pageText = JSON.stringify(page.valuesByColumn);
    for (const secret of ["Кравчук", "2506937123", "+380665678901", "1968-08-20", "Ірина Савчук"]) expect(pageText).not.toContain(secret);

    const mapping = fullFormMapping();
    mapping.choices = { displacementStatus: { idp: "idp", long_res: "host", ret: "returnee" } };

    // Without a programme the page answers with the field's error, and runs nothing.
    const incomplete = mappingForm({ ...mapping, constants: { ...mapping.constants, programmeId: undefined } }, "dryRun");
    delete incomplete["constants.programmeId"];
    const refused = await callRoute(mappingPage.action, request(`/imports/uploads/${uploadId}`, { cookie: cookieOf.officer, form: incomplete }), { uploadId });
    expect(refused.status).toBe(400);
    expect((await readJson<{ result: Reply }>(refused)).result.error?.["constants.programmeId"]).toEqual(["imports.errors.fieldNotMapped"]);

    const before = peopleAndCases();
    const dry = await callRoute(mappingPage.action, request(`/imports/uploads/${uploadId}`, { cookie: cookieOf.officer, form: mappingForm(mapping, "dryRun") }), { uploadId });
    expect(dry.status).toBe(200);
    const { dryRun: preview, valuesByColumn: dryRunValues } = await readJson<{
      dryRun: { total: number; wouldCreate: number; invalid: Array<{ row: number; errors: unknown[] }> };
      valuesByColumn: Record<string, unknown>;
    }>(dry);
    // The dry run sends the answers of the mapping's choice columns, and nothing else.
    expect(Object.keys(dryRunValues).sort()).toEqual(["applicant/sex", "business/business_type", "business/modality", "displacement/oblast", "displacement/status"]);
    expect(preview).toMatchObject({ total: 6, wouldCreate: 5 });
    expect(preview.invalid).toEqual([{ row: badRnokppRow, uuid: `route-${koboApplicants[4]._uuid}`, name: "Кравчук Наталія Василівна", errors: [{ field: "rnokpp", message: "errors.rnokppCheckDigit" }] }]);
    expect(peopleAndCases()).toEqual(before);

    const started = await callRoute(mappingPage.action, request(`/imports/uploads/${uploadId}`, { cookie: cookieOf.officer, form: mappingForm(mapping, "import") }), { uploadId });
    expect(started.status).toBe(302);
    const importId = Number(started.headers.get("Location")?.match(/^\/imports\/(\d+)$/)?.[1]);
    expect(importId).toBeGreaterThan(0);
    // The upload is gone once its import has started.
    expect(readdirSync(process.env.UPLOAD_DIR as string)).not.toContain(`${uploadId}.bin`);

    const record = await waitForImport(importId);
    expect(record).toMatchObject({ status: "finished", summary: { created: 5, invalid: 1 } });
    const progress = await readJson<{ record: { status: string; processedRows: number; totalRows: number }; rejected: Array<{ row: number; cells?: unknown }>; rejectedCount: number }>(
      await callRoute(importPage.loader, request(`/imports/${importId}`, { cookie: cookieOf.officer }), { importId: String(importId) }),
    );
    expect(progress.record).toMatchObject({ status: "finished", processedRows: 6, totalRows: 6 });
    expect(progress.rejectedCount).toBe(1);
    expect(progress.rejected[0]).toMatchObject({ row: badRnokppRow });
    expect(progress.rejected[0].cells).toBeUndefined();

    const list = await readJson<{ imports: Array<{ id: number; fileName: string; createdByName: string; summary: { created: number } }> }>(
      await callRoute(importList.loader, request("/imports", { cookie: cookieOf.officer })),
    );
    expect(list.imports[0]).toMatchObject({ id: importId, fileName: "partner.csv", createdByName: users.officer.name, summary: { created: 5 } });

    // The mapping was saved: the next upload of this form finds it.
    const again = await upload(cookieOf.officer, koboFullCsv(), "partner-again.csv");
    const pageAgain = await readJson<{ savedName: string | null; initial: KoboMapping }>(
      await callRoute(mappingPage.loader, request(`/imports/uploads/${again}`, { cookie: cookieOf.officer }), { uploadId: again }),
    );
    expect(pageAgain.savedName).toBe("Partner form");
    expect(pageAgain.initial).toEqual(mapping);
  });

  it("keep an upload to the person who uploaded it", async () => {
    const uploadId = await upload(cookieOf.officer, koboFullCsv());
    const response = await callRoute(mappingPage.loader, request(`/imports/uploads/${uploadId}`, { cookie: otherOfficerCookie }), { uploadId });
    expect(response.status).toBe(404);
    const traversal = await callRoute(mappingPage.loader, request("/imports/uploads/x", { cookie: cookieOf.officer }), { uploadId: "../../etc/passwd" });
    expect(traversal.status).toBe(404);
  });

  describe("refuse files that cannot be used, next to the file field", () => {
    const cases: Array<[string, File | null, string]> = [
      ["no file", null, "imports.errors.fileRequired"],
      ["an empty file", new File([], "empty.csv"), "imports.errors.fileEmpty"],
      ["a malformed workbook", new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6])], "broken.xlsx"), "imports.errors.spreadsheet.malformed"],
      ["a binary file", new File([new Uint8Array([0, 1, 2, 3, 0, 0, 7, 8])], "photo.csv"), "imports.errors.spreadsheet.malformed"],
      ["headers without rows", new File(['"_uuid";"applicant/surname"\r\n'], "headers.csv"), "imports.errors.spreadsheet.empty"],
      ["a legacy .xls", new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])], "old.xls"), "imports.errors.spreadsheet.unsupported"],
      ["a file over 20 MB", new File([new Uint8Array(20 * 1024 * 1024 + 1).fill(65)], "huge.csv"), "imports.errors.fileTooLarge"],
    ];

    it.each(cases)("%s", async (_name, file, message) => {
      const before = readdirSync(process.env.UPLOAD_DIR as string).length;
      const response = await callRoute(importList.action, uploadRequest(cookieOf.officer, file));
      expect(response.status).toBe(message === "imports.errors.fileTooLarge" ? 413 : 400);
      const { result } = await readJson<{ result: Reply }>(response);
      expect(result.error?.file).toEqual([message]);
      expect(readdirSync(process.env.UPLOAD_DIR as string)).toHaveLength(before);
    });

    it("a body declared larger than the limit, unread", async () => {
      const response = await callRoute(
        importList.action,
        new Request("http://localhost/imports", {
          method: "POST",
          body: "x",
          headers: { Cookie: cookieOf.officer, "Content-Type": "multipart/form-data; boundary=abc", "Content-Length": String(30 * 1024 * 1024) },
        }),
      );
      expect(response.status).toBe(413);
      expect((await readJson<{ result: Reply }>(response)).result.error?.file).toEqual(["imports.errors.fileTooLarge"]);
    });

    it("a form that is not multipart", async () => {
      const response = await callRoute(importList.action, request("/imports", { cookie: cookieOf.officer, form: { file: "x" } }));
      expect(response.status).toBe(415);
      expect((await readJson<{ result: Reply }>(response)).result.error?.file).toEqual(["imports.errors.notMultipart"]);
    });
  });

  describe("are closed to mentors and evaluators", () => {
    it.each(["mentor", "evaluator"] as const)("a %s gets 403 from every loader and action", async (role) => {
      const cookie = cookieOf[role];
      const uploadId = await upload(cookieOf.officer, koboFullCsv());
      const importId = String(db.select({ id: schema.imports.id }).from(schema.imports).where(isNotNull(schema.imports.id)).get()?.id);
      const before = peopleAndCases();
      const attempts = [
        callRoute(importList.loader, request("/imports", { cookie })),
        callRoute(importList.action, uploadRequest(cookie, new File([koboFullCsv()], "kobo.csv"))),
        callRoute(mappingPage.loader, request(`/imports/uploads/${uploadId}`, { cookie }), { uploadId }),
        callRoute(mappingPage.action, request(`/imports/uploads/${uploadId}`, { cookie, form: mappingForm(fullFormMapping(), "import") }), { uploadId }),
        callRoute(importPage.loader, request(`/imports/${importId}`, { cookie }), { importId }),
        callRoute(reportRoute.loader, request(`/imports/${importId}/report`, { cookie }), { importId }),
        callRoute(reportRoute.action, request(`/imports/${importId}/report`, { method: "POST", form: {}, cookie }), { importId }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(403);
        const body = await response.text();
        expect(body).not.toContain("Кравчук");
        expect(body).not.toContain("applicant/");
      }
      expect(peopleAndCases()).toEqual(before);
    });

    it("an admin may import", async () => {
      const response = await callRoute(importList.loader, request("/imports", { cookie: cookieOf.admin }));
      expect(response.status).toBe(200);
    });
  });
});
