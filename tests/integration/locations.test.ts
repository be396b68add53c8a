import { parseWithZod } from "@conform-to/zod/v4";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { demoPlaces, seedDemoPlaces } from "../../db/demo-places";
import { db, schema } from "~/lib/db.server";
import { findPlace, placeChain } from "~/modules/locations/locations.server";
import { codAbUploadSchema } from "~/modules/locations/schema";
import * as adminLocations from "~/routes/admin.locations";
import * as places from "~/routes/places";
import { buildCodAbXlsx, codAbAdmin3Csv, codAbBadRow, codAbSheets } from "../fixtures/build-fixtures";
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
} from "../helpers/foundation";

type LevelCounts = { added: number; updated: number; unchanged: number };
type ImportReply = {
  result: { status?: string; error?: Record<string, string[] | null> };
  imported: (LevelCounts & { byLevel: Record<string, LevelCounts> }) | null;
  problems: Array<{ sheet: string; row: number; reason: string; message?: { key: string } }>;
  problemCount: number;
};
type Overview = {
  unitsByLevel: Record<string, number>;
  lastImport: { at: string; userName: string | null; summary: { fileName: string; unchanged: number } } | null;
};
type PlacesReply = { places: Array<{ pcode: string; nameUk: string; nameEn: string; level: number }> };

let adminCookie: string;
let officerCookie: string;
let adminName: string;
let programmeId: number;

beforeAll(async () => {
  const { agency } = createTestOrganisations();
  programmeId = createTestProgramme({ code: "LOC-1" }).id;
  const [admin, officer] = await Promise.all([
    createTestUser("admin", { organisationId: agency.id, email: "admin@locations.test" }),
    createTestUser("officer", { organisationId: agency.id, email: "officer@locations.test" }),
  ]);
  adminName = admin.name;
  adminCookie = await sessionCookieFor(admin.id);
  officerCookie = await sessionCookieFor(officer.id);
});

// ---------------------------------------------------------------------------------------------
// Helpers

type Sheet = (typeof codAbSheets)[number];

/** The fixture's sheets with changes: rows replaced per sheet name. */
function sheetsWith(changes: Record<string, Sheet["rows"]>): Sheet[] {
  return codAbSheets.map((sheet) => ({ ...sheet, rows: changes[sheet.name] ?? sheet.rows }));
}

async function workbookBytes(sheets: Sheet[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    worksheet.addRow(sheet.headers);
    for (const row of sheet.rows) worksheet.addRow(row);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function xlsxFile(bytes: Uint8Array, name = "cod-ab.xlsx") {
  return new File([new Uint8Array(bytes)], name, { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
}

function uploadRequest(cookie: string, file: File | null, options: { includeSettlements?: boolean } = {}) {
  const form = new FormData();
  if (file) form.append("file", file);
  if (options.includeSettlements) form.append("includeSettlements", "on");
  return new Request("http://localhost/admin/locations", { method: "POST", headers: { Cookie: cookie }, body: form });
}

async function importFile(file: File, options: { includeSettlements?: boolean } = {}) {
  const response = await callRoute(adminLocations.action, uploadRequest(adminCookie, file, options));
  return { status: response.status, reply: await readJson<ImportReply>(response) };
}

async function overview(): Promise<Overview> {
  const response = await callRoute(adminLocations.loader, request("/admin/locations", { cookie: adminCookie }));
  expect(response.status).toBe(200);
  return readJson<Overview>(response);
}

const importAudit = and(eq(schema.auditLog.entityType, "admin_unit"), eq(schema.auditLog.action, "import"));

function storedUnits() {
  return db.select().from(schema.adminUnits).orderBy(schema.adminUnits.pcode).all();
}

async function getPlaces(query: string, cookie: string | null = adminCookie) {
  return callRoute(places.loader, request(`/places?${query}`, { cookie: cookie ?? undefined }));
}

// ---------------------------------------------------------------------------------------------
// The admin import, in order: each test builds on what the previous ones stored.

describe("importing the COD-AB table at /admin/locations", () => {
  it("stores the units of a workbook, reports the bad row and shows the counts", async () => {
    const before = await overview();
    expect(before.unitsByLevel).toEqual({ "1": 27, "2": 0, "3": 0, "4": 0 });
    expect(before.lastImport).toBeNull();

    const { status, reply } = await importFile(xlsxFile(await buildCodAbXlsx()), { includeSettlements: true });

    expect(status).toBe(200);
    expect(reply.result.error).toBeUndefined();
    // The shipped oblasts gain their centroids; the rest is new.
    expect(reply.imported?.byLevel).toEqual({
      "1": { added: 0, updated: 3, unchanged: 0 },
      "2": { added: 4, updated: 0, unchanged: 0 },
      "3": { added: 5, updated: 0, unchanged: 0 },
      "4": { added: 4, updated: 0, unchanged: 0 },
    });
    expect(reply.problems).toEqual([
      expect.objectContaining({ sheet: codAbBadRow.sheet, row: codAbBadRow.row, reason: expect.stringContaining(codAbBadRow.pcode) }),
    ]);
    expect(findPlace("UA0502003")).toEqual({
      pcode: "UA0502003",
      level: 3,
      nameEn: "Vinnytska",
      nameUk: "Вінницька",
      parentPcode: "UA0502",
      lat: 49238668,
      lon: 28558455,
    });
    expect(findPlace("UA054001")).toBeUndefined();
    expect(findPlace("UA0502003001")?.parentPcode).toBe("UA0502003");
    expect(auditCount(importAudit)).toBe(1);

    const after = await overview();
    expect(after.unitsByLevel).toEqual({ "1": 27, "2": 4, "3": 5, "4": 4 });
    expect(after.lastImport).toMatchObject({ userName: adminName, summary: { fileName: "cod-ab.xlsx" } });
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = storedUnits();

    const { status, reply } = await importFile(xlsxFile(await buildCodAbXlsx()), { includeSettlements: true });

    expect(status).toBe(200);
    expect(reply.imported).toMatchObject({ added: 0, updated: 0, unchanged: 3 + 4 + 5 + 4 });
    // No duplicates, and not even updated_at moved.
    expect(storedUnits()).toEqual(before);
    expect(auditCount(importAudit)).toBe(2);
  });

  it("renames a hromada from a later file, and its cases still load; nothing is deleted", async () => {
    const { case: kase } = insertTestCase({ programmeId });
    db.update(schema.cases).set({ oblastPcode: "UA05", hromadaPcode: "UA0502003" }).where(eq(schema.cases.id, kase.id)).run();
    const admin3 = codAbSheets[2].rows
      // Voronovytska is left out of this file: it must stay loaded.
      .filter((row) => row[4] !== "UA0502005")
      .map((row) => (row[4] === "UA0502003" ? row.map((cell) => (cell === "Вінницька" ? "Вінницька міська" : cell === "Vinnytska" ? "Vinnytska miska" : cell)) : row));
    const unchangedSince = findPlaceRow("UA0502001").updatedAt;

    const { status, reply } = await importFile(xlsxFile(await workbookBytes(sheetsWith({ "Admin 3": admin3 }))), {
      includeSettlements: true,
    });

    expect(status).toBe(200);
    expect(reply.imported?.byLevel["3"]).toEqual({ added: 0, updated: 1, unchanged: 3 });
    expect(reply.imported?.updated).toBe(1);
    expect(findPlace("UA0502003")).toMatchObject({ nameEn: "Vinnytska miska", nameUk: "Вінницька міська" });
    expect(findPlaceRow("UA0502001").updatedAt).toBe(unchangedSince);
    expect(findPlace("UA0502005")?.nameEn).toBe("Voronovytska");

    const stored = db
      .select({ id: schema.cases.id, hromadaNameUk: schema.adminUnits.nameUk })
      .from(schema.cases)
      .innerJoin(schema.adminUnits, eq(schema.adminUnits.pcode, schema.cases.hromadaPcode))
      .where(eq(schema.cases.id, kase.id))
      .get();
    expect(stored).toEqual({ id: kase.id, hromadaNameUk: "Вінницька міська" });
    expect(placeChain("UA0502003").map((place) => place.nameUk)).toEqual(["Вінницька", "Вінницький", "Вінницька міська"]);
  });

  it("stores the good rows of a CSV and lists each bad one with its reason", async () => {
    const csv = codAbAdmin3Csv()
      // Row 8: a hromada of raion UA0506, which no file has loaded.
      .concat("x1,Vinnytska-Zhmerynskyi-Barska,Barska,Барська,UA0506001,UA0506,UA05,49.0261174530401,27.623861068115\r\n")
      // Row 9: no English name.
      .concat("x2,Kyiv-Kyiv-Nowhere,,Ніде,UA8000001,UA8000,UA80,,\r\n")
      // Row 10: a new hromada of a loaded raion.
      .concat("x3,Vinnytska-Vinnytskyi-Luka-Meleshkivska,Luka-Meleshkivska,Лука-Мелешківська,UA0502015,UA0502,UA05,49.1445743717428,28.491205378394\r\n");
    const countBefore = countRows(schema.adminUnits);

    const { status, reply } = await importFile(new File([csv], "ukr_admin3.csv", { type: "text/csv" }));

    expect(status).toBe(200);
    // The CSV has the original names, so the renamed hromada is renamed back.
    expect(reply.imported?.byLevel["3"]).toEqual({ added: 1, updated: 1, unchanged: 4 });
    expect(findPlace("UA0502003")?.nameEn).toBe("Vinnytska");
    expect(findPlace("UA0502015")?.nameUk).toBe("Лука-Мелешківська");
    expect(countRows(schema.adminUnits)).toBe(countBefore + 1);
    const rowProblems = reply.problems.filter((problem) => problem.row > 0);
    expect(rowProblems).toEqual([
      { sheet: "ukr_admin3", row: 5, reason: expect.stringContaining("UA054001") },
      { sheet: "ukr_admin3", row: 9, reason: expect.stringContaining("English name") },
      expect.objectContaining({ sheet: "ukr_admin3", row: 8, message: expect.objectContaining({ key: "locations.parentNotLoaded" }) }),
    ]);
    expect(reply.problemCount).toBe(reply.problems.length);
    expect(findPlace("UA0506001")).toBeUndefined();
    expect(findPlace("UA8000001")).toBeUndefined();
  });

  it("skips the settlements sheet unless asked to include it", async () => {
    const admin4 = [
      ...codAbSheets[3].rows,
      ["cnew", "Vinnytska-Vinnytskyi-Vinnytska-Desna", "Desna", "Десна", "UA0502003002", "UA0502003", "UA0502", "UA05", 49.28641516, 28.5390175],
    ];
    const bytes = await workbookBytes(sheetsWith({ "Admin 4": admin4 }));

    const without = await importFile(xlsxFile(bytes));
    expect(without.status).toBe(200);
    expect(without.reply.imported?.byLevel["4"]).toEqual({ added: 0, updated: 0, unchanged: 0 });
    expect(findPlace("UA0502003002")).toBeUndefined();

    const withSettlements = await importFile(xlsxFile(bytes), { includeSettlements: true });
    expect(withSettlements.reply.imported?.byLevel["4"]).toEqual({ added: 1, updated: 0, unchanged: 4 });
    expect(findPlace("UA0502003002")?.nameUk).toBe("Десна");
  });
});

function findPlaceRow(pcode: string) {
  const row = db.select().from(schema.adminUnits).where(eq(schema.adminUnits.pcode, pcode)).get();
  if (!row) throw new Error(`${pcode} is not stored`);
  return row;
}

describe("refused uploads", () => {
  it("answers 403 to an officer, from the loader and the action, and stores nothing", async () => {
    const units = countRows(schema.adminUnits);
    const audits = auditCount();

    const page = await callRoute(adminLocations.loader, request("/admin/locations", { cookie: officerCookie }));
    const upload = await callRoute(
      adminLocations.action,
      uploadRequest(officerCookie, xlsxFile(await buildCodAbXlsx()), { includeSettlements: true }),
    );

    expect(page.status).toBe(403);
    expect(upload.status).toBe(403);
    expect(countRows(schema.adminUnits)).toBe(units);
    expect(auditCount()).toBe(audits);
  });

  it.each([
    ["an oversized file", () => new File([new Uint8Array(25 * 1024 * 1024 + 1)], "huge.xlsx"), "locations.errors.fileTooLarge"],
    ["binary garbage", () => new File([new Uint8Array(4096).map((_, i) => (i * 7) % 256)], "garbage.xlsx"), "locations.errors.fileMalformed"],
    ["a damaged workbook", () => new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], "broken.xlsx"), "locations.errors.fileMalformed"],
    ["an empty file", () => new File([], "empty.csv"), "locations.errors.fileEmpty"],
    ["a CSV with only headers", () => new File(["Hromada,Hromada UKR,Admin3 Pcode\r\n"], "headers.csv"), "locations.errors.fileEmpty"],
    ["a legacy .xls workbook", () => new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])], "old.xls"), "locations.errors.fileUnsupported"],
    ["a table that is not COD-AB", () => new File(["name,amount\r\nOlena,5\r\n"], "other.csv"), "locations.errors.noUnits"],
  ])("refuses %s with a 4xx and a translated error next to the file field", async (_label, makeFile, errorKey) => {
    const units = countRows(schema.adminUnits);
    const audits = auditCount();

    const { status, reply } = await importFile(makeFile());

    expect(status).toBe(errorKey === "locations.errors.fileTooLarge" ? 413 : 400);
    expect(reply.result.error?.file).toEqual([errorKey]);
    expect(reply.imported).toBeNull();
    expect(countRows(schema.adminUnits)).toBe(units);
    expect(auditCount()).toBe(audits);
  });

  it("asks for a file when the file input was left empty, in the browser as on the server", () => {
    // The browser's FormData holds a nameless, empty File for an untouched file input.
    const formData = new FormData();
    formData.append("file", new File([], ""));

    const submission = parseWithZod(formData, { schema: codAbUploadSchema });

    expect(submission.status).toBe("error");
    expect(submission.reply().error?.file).toEqual(["locations.errors.fileRequired"]);
  });

  it("refuses a form without a file, and a body declared larger than the limit unread", async () => {
    const missing = await callRoute(adminLocations.action, uploadRequest(adminCookie, null));
    expect(missing.status).toBe(400);
    expect((await readJson<ImportReply>(missing)).result.error?.file).toEqual(["locations.errors.fileRequired"]);
    // What a browser sends for a file input left empty.
    const leftEmpty = await callRoute(adminLocations.action, uploadRequest(adminCookie, new File([], "")));
    expect(leftEmpty.status).toBe(400);
    expect((await readJson<ImportReply>(leftEmpty)).result.error?.file).toEqual(["locations.errors.fileRequired"]);

    const declared = new Request("http://localhost/admin/locations", {
      method: "POST",
      headers: { Cookie: adminCookie, "Content-Length": String(200 * 1024 * 1024), "Content-Type": "multipart/form-data; boundary=x" },
      body: "--x--",
    });
    const tooLarge = await callRoute(adminLocations.action, declared);
    expect(tooLarge.status).toBe(413);
    expect((await readJson<ImportReply>(tooLarge)).result.error?.file).toEqual(["locations.errors.fileTooLarge"]);
  });
});

// ---------------------------------------------------------------------------------------------
// The resource route behind the pickers (uses the units imported above).

describe("/places", () => {
  it("lists the children of a unit with both names, ordered by the reader's language", async () => {
    const response = await getPlaces("parent=UA05&lang=uk");

    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, max-age=300");
    expect(await readJson<PlacesReply>(response)).toEqual({
      places: [
        { pcode: "UA0502", nameUk: "Вінницький", nameEn: "Vinnytskyi", level: 2 },
        { pcode: "UA0504", nameUk: "Гайсинський", nameEn: "Haisynskyi", level: 2 },
      ],
    });
    const hromadas = await readJson<PlacesReply>(await getPlaces("parent=UA0502&lang=en", officerCookie));
    expect(hromadas.places.map((place) => place.nameEn)).toEqual([
      "Ahronomichna",
      "Luka-Meleshkivska",
      "Vinnytska",
      "Voronovytska",
    ]);
  });

  it("searches names in both languages, case-insensitively, prefix matches first", async () => {
    const ukrainian = await readJson<PlacesReply>(await getPlaces(`q=${encodeURIComponent("вінниць")}&level=3`));
    expect(ukrainian.places.map((place) => place.pcode)).toEqual(["UA0502003"]);

    const english = await readJson<PlacesReply>(await getPlaces("q=VORONOV&level=3"));
    expect(english.places).toEqual([{ pcode: "UA0502005", nameUk: "Вороновицька", nameEn: "Voronovytska", level: 3 }]);

    // Names starting with the query, then names with a word starting with it, then the rest.
    const byWord = await readJson<PlacesReply>(await getPlaces("q=m&level=3&lang=en"));
    expect(byWord.places.map((place) => place.nameEn)).toEqual(["Luka-Meleshkivska", "Ahronomichna"]);
    const prefixFirst = await readJson<PlacesReply>(await getPlaces("q=v&level=3&lang=uk"));
    expect(prefixFirst.places.map((place) => place.nameUk)).toEqual([
      "Вінницька",
      "Вороновицька",
      "Безлюдівська",
      "Київ",
      "Лука-Мелешківська",
    ]);
    const byPcode = await readJson<PlacesReply>(await getPlaces("q=ua0502&level=3"));
    expect(byPcode.places.map((place) => place.pcode).sort()).toEqual(["UA0502001", "UA0502003", "UA0502005", "UA0502015"]);
    const limited = await readJson<PlacesReply>(await getPlaces("q=v&level=3&limit=2"));
    expect(limited.places).toHaveLength(2);

    const settlements = await readJson<PlacesReply>(await getPlaces(`q=${encodeURIComponent("вінниця")}&level=4&within=UA05`));
    expect(settlements.places.map((place) => place.pcode)).toEqual(["UA0502003001"]);
  });

  it("refuses a settlement search without an area, and malformed queries", async () => {
    expect((await getPlaces(`q=${encodeURIComponent("вінниця")}&level=4`)).status).toBe(400);
    expect((await getPlaces("parent=Vinnytsia")).status).toBe(400);
    expect((await getPlaces("")).status).toBe(400);
  });

  it("sends anonymous visitors to the login page", async () => {
    const response = await getPlaces("parent=UA05", null);

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/places?parent=UA05")}`);
  });
});

describe("demo places", () => {
  it("seeds real raions and hromadas under the shipped oblasts, keeping places already loaded", () => {
    const importedName = findPlace("UA0502003")?.nameUk;
    const raions = new Set(demoPlaces.filter((place) => place.level === 2).map((place) => place.pcode));
    for (const hromada of demoPlaces.filter((place) => place.level === 3)) expect(raions).toContain(hromada.parentPcode);

    db.transaction((tx) => seedDemoPlaces(tx));
    const afterFirst = countRows(schema.adminUnits);
    db.transaction((tx) => seedDemoPlaces(tx));

    expect(countRows(schema.adminUnits)).toBe(afterFirst);
    expect(findPlace("UA3208015")).toMatchObject({ nameUk: "Ірпінська", nameEn: "Irpinska", parentPcode: "UA3208" });
    expect(placeChain("UA1414005").map((place) => place.nameEn)).toEqual(["Donetska", "Mariupolskyi", "Mariupolska"]);
    expect(findPlace("UA0502003")?.nameUk).toBe(importedName);
  });
});
