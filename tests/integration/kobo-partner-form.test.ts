// A partner NGO's own Kobo form (tests/fixtures/partner-eoi.ts), taken through the import as an
// information-management officer would: nothing made up, every problem reported at once,
// incomplete applications listing what they lack, extra answers kept, nothing created twice.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { readSpreadsheet, type Workbook } from "~/lib/spreadsheet.server";
import { dryRun, findImport, MappingError, runImport } from "~/modules/imports/kobo-import.server";
import { suggestMapping, type KoboMapping } from "~/modules/imports/kobo-mapping";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import { parseCodAb } from "~/modules/locations/cod-ab";
import { importAdminUnits } from "~/modules/locations/locations.server";
import * as home from "~/routes/_index";
import * as casePage from "~/routes/cases.$caseId";
import * as caseExport from "~/routes/cases.export";
import * as importList from "~/routes/imports._index";
import * as mappingPage from "~/routes/imports.uploads.$uploadId";
import * as dryRunReport from "~/routes/imports.uploads.$uploadId.report";
import { fileRowOf, partnerEoiCases, partnerEoiCsv, partnerEoiHeaders, partnerEoiRows } from "../fixtures/partner-eoi";
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
  type TestUser,
} from "../helpers/foundation";

const uuidOf = (name: keyof typeof partnerEoiCases) => partnerEoiRows[partnerEoiCases[name]]._uuid;

let programme: ReturnType<typeof createTestProgramme>;
let partnerB: ReturnType<typeof createTestOrganisations>["partnerB"];
let officer: TestUser;
let otherOfficer: TestUser;
let evaluator: TestUser;
const cookie = {} as Record<"officer" | "otherOfficer" | "evaluator", string>;
let returningCaseCode: string;
let returningPersonId: number;

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "kobo-partner-"));
  const organisations = createTestOrganisations(" P");
  partnerB = organisations.partnerB;
  programme = createTestProgramme({ code: "EOI-1" });
  officer = await createTestUser("officer", { organisationId: organisations.agency.id });
  otherOfficer = await createTestUser("officer", { organisationId: organisations.agency.id });
  evaluator = await createTestUser("evaluator", { organisationId: organisations.agency.id });
  cookie.officer = await sessionCookieFor(officer.id);
  cookie.otherOfficer = await sessionCookieFor(otherOfficer.id);
  cookie.evaluator = await sessionCookieFor(evaluator.id);
  // The small COD-AB table: the hromadas the form's place names are matched to.
  const codAb = await readSpreadsheet({ name: "cod-ab-small.xlsx", bytes: new Uint8Array(readFileSync(new URL("../fixtures/cod-ab-small.xlsx", import.meta.url))) });
  importAdminUnits(null, parseCodAb(codAb).units, { fileName: "cod-ab-small.xlsx" });
  // A returning applicant, registered by hand years ago with her passport and an old phone.
  const earlier = registerApplicant(
    officer,
    applicantInput(programme.id, {
      surname: "Марченко",
      firstName: "Наталія",
      patronymic: "Олегівна",
      birthDate: "1983-09-15",
      noRnokpp: "on",
      passportNumber: "КВ123456",
      phone: "+380671234500",
      currentOblastPcode: "UA63",
    }),
  );
  if (earlier.kind !== "created") throw new Error("setup failed");
  returningPersonId = earlier.personId;
  returningCaseCode = db.select({ caseCode: schema.cases.caseCode }).from(schema.cases).where(eq(schema.cases.id, earlier.caseId)).get()!.caseCode;
});

afterAll(() => rmSync(process.env.UPLOAD_DIR as string, { recursive: true, force: true }));

function workbook(text = partnerEoiCsv()): Promise<Workbook> {
  return readSpreadsheet({ name: "partner-eoi.csv", bytes: new TextEncoder().encode(text) });
}

// What the officer settles on the mapping page: the programme, and "other" activities as not collected.
function partnerMapping(): KoboMapping {
  const mapping = suggestMapping(partnerEoiHeaders, partnerEoiRows);
  mapping.constants.programmeId = String(programme.id);
  mapping.activities = { other: ":not_collected" };
  return mapping;
}

const counts = () => ({ persons: countRows(schema.persons), cases: countRows(schema.cases), extras: countRows(schema.caseExtraAnswers), imports: countRows(schema.imports) });

describe("the dry run of a partner's own form", () => {
  it("stores nothing, names each row, groups the reasons and reports every problem of a row at once", async () => {
    const before = counts();
    const mapping = partnerMapping();
    mapping.activities = {};
    const result = await dryRun(officer, await workbook(), mapping);
    expect(counts()).toEqual(before);
    expect(result.total).toBe(24);
    expect(result.filtered).toBe(1);
    // The three "other" activities stop their rows until the form's table says what they are.
    expect(result.findings.reasons.slice(0, 1)).toEqual([
      {
        field: "kvedCode",
        message: "imports.errors.unknownActivity",
        params: { value: "other" },
        rows: 3,
        examples: [fileRowOf("otherA"), fileRowOf("otherB"), fileRowOf("otherC")],
      },
    ]);
    expect(result.invalid.find((row) => row.row === fileRowOf("badNumbers"))).toEqual({
      row: fileRowOf("badNumbers"),
      uuid: uuidOf("badNumbers"),
      name: "Бойко Людмила",
      errors: [
        { field: "phone", message: "errors.phone" },
        { field: "rnokpp", message: "errors.rnokppCheckDigit" },
      ],
    });
    expect(result.invalid.find((row) => row.row === fileRowOf("unreachable"))?.errors).toEqual([{ field: "rnokpp", message: "errors.identityOrContactRequired" }]);
    expect(result.summary).toMatchObject({ created: 17, invalid: 6, filtered: 1 });
  });

  it("flags the applicant aged 15, names both rows of a shared RNOKPP and says which is mistyped", async () => {
    const result = await dryRun(officer, await workbook(), partnerMapping());
    expect(result.flaggedRows).toContainEqual({ row: fileRowOf("minor"), name: "Лисенко Софія Андріївна", caseId: null, caseCode: null, warnings: [{ field: "age", message: "imports.warnings.under18", params: { age: 15 } }] });
    expect(result.findings.warnings).toContainEqual({ field: "age", message: "imports.warnings.under18", params: { age: 15 }, rows: 1, examples: [fileRowOf("minor")] });
    expect(result.sharedIdentities).toEqual([
      {
        kind: "rnokpp",
        rows: [
          { row: fileRowOf("sharedOwner"), name: "Гнатюк Ірина Василівна", fits: true },
          { row: fileRowOf("sharedMistyped"), name: "Павленко Петро Іванович", fits: false },
        ],
        kept: fileRowOf("sharedOwner"),
        probablyMistyped: [fileRowOf("sharedMistyped")],
      },
    ]);
    expect(result.invalid.find((row) => row.row === fileRowOf("sharedMistyped"))?.errors).toEqual([
      { field: "rnokpp", message: "imports.errors.sharedNumberMistyped", params: { rows: `${fileRowOf("sharedOwner")} (Гнатюк Ірина Василівна)` } },
    ]);
    // The returning applicant is found through the birth date her RNOKPP encodes.
    expect(result.resemblingRows).toContainEqual({ row: fileRowOf("returning"), name: "Марченко Наталія Олегівна", caseCode: null, resembles: [returningCaseCode] });
    expect(result.summary).toMatchObject({ created: 20, incomplete: 20, invalid: 3, filtered: 1, flagged: 3, possibleDuplicates: 1 });
    expect(result.findings.missing).toContainEqual({ field: "children", rows: 20 });
    expect(result.findings.notCollected).toEqual(expect.arrayContaining(["birthDate", "children", "femaleHeaded", "requestedModality"]));
    // Nobody is handed to a partner NGO unless the officer chooses it.
    expect(result.findings.partners).toEqual([{ partnerOrganisationId: null, rows: 20 }]);
  });

  it("shows who a partner NGO would get when the officer chooses 'by oblast', and needs a partner when 'one'", async () => {
    const byOblast = { ...partnerMapping(), partnerAssignment: "by_oblast" as const };
    const result = await dryRun(officer, await workbook(), byOblast);
    const kharkiv = partnerEoiRows.filter((row, index) => row["ben_det/ben_det_oblast"] === "kharkivska" && !["noConsent", "badNumbers", "unreachable", "sharedMistyped"].some((name) => partnerEoiCases[name as keyof typeof partnerEoiCases] === index)).length;
    expect(result.findings.partners).toEqual([
      { partnerOrganisationId: partnerB.id, rows: kharkiv },
      { partnerOrganisationId: null, rows: 20 - kharkiv },
    ]);
    await expect(dryRun(officer, await workbook(), { ...partnerMapping(), partnerAssignment: "organisation" })).rejects.toThrow(MappingError);
  });

  it("imports only the rows the filters let through", async () => {
    const mapping = partnerMapping();
    mapping.filters.push({ column: "_validation_status", values: ["approved"] });
    const result = await dryRun(officer, await workbook(), mapping);
    expect(result.summary).toMatchObject({ filtered: 2, created: 19 });
  });
});

describe("the mapping page for a partner's own form", () => {
  async function upload(userCookie: string) {
    const body = new FormData();
    body.append("file", new File([partnerEoiCsv()], "partner-eoi.csv", { type: "text/csv" }));
    const response = await callRoute(importList.action, new Request("http://localhost/imports", { method: "POST", body, headers: { Cookie: userCookie } }));
    expect(response.status).toBe(302);
    return (response.headers.get("Location") ?? "").split("/").pop() as string;
  }

  it("offers questions only, lists the hromada names with their matches, and never sends names or numbers", async () => {
    const uploadId = await upload(cookie.officer);
    const page = await readJson<{
      questionColumns: string[];
      dateColumns: string[];
      initial: KoboMapping;
      valuesByColumn: Record<string, unknown>;
      places: Record<string, { values: Array<{ value: string; rows: number; match: { kind: string; pcode?: string } }>; withheld: number }>;
      activities: Array<{ value: string; suggested: string | null }>;
      extraColumns: Array<{ column: string; label: string; keep: boolean; freeText: boolean }>;
    }>(await callRoute(mappingPage.loader, request(`/imports/uploads/${uploadId}`, { cookie: cookie.officer }), { uploadId }));
    expect(page.questionColumns).not.toContain("ent/barriers/no_phone");
    expect(page.questionColumns).not.toContain("_submission_time");
    expect(page.dateColumns).toEqual(["today", "start", "end", "_submission_time"]);
    expect(page.initial.columns.applicationDate).toBe("today");
    const places = page.places["ben_det/ben_det_hromada"];
    expect(places.values.find((entry) => entry.value === "м. Вінниця")?.match).toEqual({ kind: "matched", pcode: "UA0502003" });
    expect(places.values.find((entry) => entry.value === "Харківська громада")?.match).toEqual({ kind: "none" });
    // The address is not a place name: counted, never sent.
    expect(places.withheld).toBe(1);
    expect(page.activities.find((entry) => entry.value === "other")).toEqual({ value: "other", rows: 3, suggested: null });
    expect(page.activities.find((entry) => entry.value === "sewing_repair")?.suggested).toBe("95.29");
    expect(page.extraColumns.find((extra) => extra.column === "ben_det/ben_det_email")).toEqual({ column: "ben_det/ben_det_email", label: "Email", keep: true, freeText: true });
    const sent = JSON.stringify(page);
    for (const secret of ["Коваленко", "olena.k@example.org", rnokppOfRow("kovalenko"), "вул. Соборна", "Потрібна промислова"]) expect(sent).not.toContain(secret);
  });

  it("gives the dry run's report, with names, to the uploader only, before anything is imported", async () => {
    const uploadId = await upload(cookie.officer);
    const mapping = partnerMapping();
    const form: Record<string, string | string[]> = { intent: "dryRun", version: "0", mappingName: "EOI form", partnerAssignment: "none" };
    for (const [field, column] of Object.entries(mapping.columns)) form[`columns.${field}`] = column ?? "";
    for (const [field, value] of Object.entries(mapping.constants)) form[`constants.${field}`] = field === "consentPurposes" ? (value ?? "").split(" ") : (value ?? "");
    form["activities[0].from"] = "other";
    form["activities[0].to"] = ":not_collected";
    form["filters[0].column"] = "intro/consent";
    form["filters[0].values"] = "yes";
    const before = counts();
    const dry = await callRoute(mappingPage.action, request(`/imports/uploads/${uploadId}`, { cookie: cookie.officer, form }), { uploadId });
    expect(dry.status).toBe(200);
    const { dryRun: preview } = await readJson<{ dryRun: { summary: { created: number; filtered: number }; report?: unknown } }>(dry);
    expect(preview.summary).toMatchObject({ created: 20, filtered: 1 });
    expect(preview.report).toBeUndefined();
    expect(counts()).toEqual(before);

    const auditBefore = auditCount(eq(schema.auditLog.action, "export"));
    const report = await callRoute(dryRunReport.action, request(`/imports/uploads/${uploadId}/report`, { method: "POST", form: {}, cookie: cookie.officer }), { uploadId });
    expect(report.status).toBe(200);
    expect(report.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await report.text()).replace(/^\uFEFF/, "").trim().split(/\r\n/);
    expect(lines[0]).toBe("Рядок,_uuid,Заявник,Що буде,Бракує,Увага,Причини,Схожий на");
    expect(lines).toHaveLength(25);
    const minor = lines.find((line) => line.startsWith(`${fileRowOf("minor")},`));
    expect(minor).toContain("Лисенко Софія Андріївна");
    expect(minor).toContain("Буде створено як неповну заяву");
    expect(minor).toContain("заявнику 15 — менше 18 років.");
    expect(lines.find((line) => line.startsWith(`${fileRowOf("noConsent")},`))).toContain("Пропущено фільтром");
    expect(lines.find((line) => line.startsWith(`${fileRowOf("returning")},`))).toContain(returningCaseCode);
    expect(auditCount(eq(schema.auditLog.action, "export"))).toBe(auditBefore + 1);

    const refused = await callRoute(dryRunReport.action, request(`/imports/uploads/${uploadId}/report`, { method: "POST", form: {}, cookie: cookie.otherOfficer }), { uploadId });
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain("Лисенко");
    const viaGet = await callRoute(dryRunReport.loader, request(`/imports/uploads/${uploadId}/report`, { cookie: cookie.officer }), { uploadId });
    expect(viaGet.status).toBe(302);
    expect(auditCount(eq(schema.auditLog.action, "export"))).toBe(auditBefore + 1);
  });
});

describe("the import of a partner's own form", () => {
  let importId: number;
  const casesOf = (names: Array<keyof typeof partnerEoiCases>) =>
    db
      .select({ caseRow: schema.cases, person: schema.persons, business: schema.businesses })
      .from(schema.cases)
      .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
      .innerJoin(schema.businesses, eq(schema.businesses.caseId, schema.cases.id))
      .where(inArray(schema.cases.sourceUuid, names.map(uuidOf)))
      .all();

  it("registers the rows with what registration needs, with nothing invented", async () => {
    const before = counts();
    const outcome = await runImport(officer, "partner-eoi.csv", await workbook(), partnerMapping(), { chunkSize: 7 });
    importId = outcome.importId;
    expect(outcome.summary).toEqual({ created: 20, incomplete: 20, duplicates: 0, alreadyImported: 0, invalid: 3, filtered: 1, possibleDuplicates: 1, flagged: 3 });
    expect(countRows(schema.persons)).toBe(before.persons + 20);

    const [kovalenko] = casesOf(["kovalenko"]);
    expect(kovalenko.person).toMatchObject({ birthDate: "1986-04-12", birthDateSource: "rnokpp", approximateBirthYear: null, sex: "female", sexSource: null });
    expect(kovalenko.caseRow).toMatchObject({
      applicationDate: "2025-03-10",
      householdSize: 2,
      children: null,
      olderMembers: null,
      membersWithDisability: null,
      monthlyHouseholdIncomeMinor: null,
      hromadaPcode: "UA6312001",
      oblastPcode: "UA63",
      partnerOrganisationId: null,
      missingFields: ["idpCertificateNumber", "idpCertificateDate", "children", "olderMembers", "membersWithDisability", "registrationDate", "requestedModality"],
    });
    expect(kovalenko.caseRow.notCollectedFields).toEqual(expect.arrayContaining(["children", "femaleHeaded", "wg_seeing", "monthlyHouseholdIncomeMinor"]));
    expect(kovalenko.business).toMatchObject({ kind: "existing", legalForm: "fop_unknown", kvedCode: "95.29", requestedModality: null, requestedAmountMinor: 8_000_000 });

    // Absent stays absent: SQL NULL, never a stored "null" text nor a zero.
    const nullText = db.all<{ n: number }>(sql`select count(*) as n from cases c join businesses b on b.case_id = c.id where c.missing_fields = 'null' or c.not_collected_fields = 'null' or b.baseline_workers = 'null'`);
    expect(nullText).toEqual([{ n: 0 }]);
    expect(countRows(schema.cases, and(inArray(schema.cases.sourceUuid, partnerEoiRows.map((row) => row._uuid)), isNull(schema.cases.missingFields)))).toBe(0);
    // Only an approximate birth year from the age, marked as such; never 1900-01-01.
    const [ageOnly] = casesOf(["ageOnly"]);
    expect(ageOnly.person).toMatchObject({ birthDate: null, birthDateSource: "age", approximateBirthYear: 1981, sex: "female" });
    expect(countRows(schema.persons, eq(schema.persons.birthDate, "1900-01-01"))).toBe(0);
    // The 'other' activity: no KVED class, listed as not collected and missing.
    const [otherA] = casesOf(["otherA"]);
    expect(otherA.business.kvedCode).toBeNull();
    expect(otherA.caseRow.missingFields).toContain("kvedCode");

    // Consent was given at the interview, not when the form reached the server six days later.
    const [late] = casesOf(["lateUpload"]);
    const consent = db.select().from(schema.consents).where(eq(schema.consents.personId, late.person.id)).get();
    expect(consent).toMatchObject({ givenOn: "2025-03-10", takenBy: "ngo_enumerator_1", purposes: ["registration"] });

    expect(casesOf(["noConsent", "badNumbers", "unreachable", "sharedMistyped"])).toEqual([]);
    expect(casesOf(["sharedOwner", "minor", "address"])).toHaveLength(3);
    expect(findImport(importId)?.rejectedRows.rows.map((row) => row.row).sort((a, b) => a - b)).toEqual([fileRowOf("sharedMistyped"), fileRowOf("badNumbers"), fileRowOf("unreachable")]);
    // The RNOKPP column of the rows not stored is sealed (the partner's tax_id_num is found by its words).
    const stored = JSON.stringify(db.select({ rejectedRows: schema.imports.rejectedRows }).from(schema.imports).where(eq(schema.imports.id, importId)).get());
    expect(stored).toContain("Бойко");
    expect(stored).not.toContain(partnerEoiRows[partnerEoiCases.badNumbers]["ben_det/tax_id_num"]);
  });

  it("keeps the form's other answers with the application, under their labels", () => {
    const [kovalenko] = casesOf(["kovalenko"]);
    const answers = db.select().from(schema.caseExtraAnswers).where(eq(schema.caseExtraAnswers.caseId, kovalenko.caseRow.id)).orderBy(schema.caseExtraAnswers.position).all();
    expect(answers.map(({ question, label, value, freeText }) => ({ question, label, value, freeText }))).toEqual([
      { question: "ben_det/ben_det_email", label: "Email", value: "olena.k@example.org", freeText: true },
      { question: "ben_det/hh_head", label: "Hh head", value: "no", freeText: false },
      { question: "ben_det/civil_status", label: "Civil status", value: "married", freeText: false },
      { question: "ent/ent_edrpou", label: "Edrpou", value: "30000000", freeText: false },
      { question: "ent/ent_employees", label: "Employees", value: "1_5", freeText: false },
      { question: "ent/activities", label: "Activities", value: "retail online_sales", freeText: false },
      { question: "ent/barriers", label: "Barriers", value: "access_finance equipment", freeText: false },
      { question: "comments/other_comments", label: "Other comments", value: "Потрібна промислова швейна машина", freeText: true },
    ]);
  });

  it("finds the returning applicant with a new phone through the birth date her RNOKPP encodes", () => {
    const [returning] = casesOf(["returning"]);
    const pair = db
      .select()
      .from(schema.possibleDuplicates)
      .where(
        or(
          and(eq(schema.possibleDuplicates.personId, returning.person.id), eq(schema.possibleDuplicates.matchedPersonId, returningPersonId)),
          and(eq(schema.possibleDuplicates.personId, returningPersonId), eq(schema.possibleDuplicates.matchedPersonId, returning.person.id)),
        ),
      )
      .get();
    expect(pair).toMatchObject({ status: "pending", reasons: ["name_and_birth_date"] });
  });

  it("creates nothing when the same file is imported again", async () => {
    const before = counts();
    const again = await runImport(officer, "partner-eoi.csv", await workbook(), partnerMapping());
    expect(again.summary).toEqual({ created: 0, incomplete: 0, duplicates: 0, alreadyImported: 20, invalid: 3, filtered: 1, possibleDuplicates: 0, flagged: 0 });
    expect(counts()).toEqual({ ...before, imports: before.imports + 1 });
  });

  it("lists what is missing on the case page and in the officers' queue, never to evaluators", async () => {
    const [ageOnly] = casesOf(["ageOnly"]);
    const page = await readJson<{ application: { missing: Array<{ field: string; step: string }>; notCollected: string[]; approximateBirthYear: number | null; extraAnswers: Array<{ label: string; value: string }> } }>(
      await callRoute(casePage.loader, request(`/cases/${ageOnly.caseRow.id}`, { cookie: cookie.officer }), { caseId: String(ageOnly.caseRow.id) }),
    );
    expect(page.application.missing).toEqual(expect.arrayContaining([{ field: "birthDate", step: "screening" }, { field: "children", step: "screening" }, { field: "requestedModality", step: "plan" }]));
    expect(page.application.approximateBirthYear).toBe(1981);
    expect(page.application.extraAnswers.map((answer) => answer.label)).toContain("Civil status");

    const evaluatorResponse = await callRoute(casePage.loader, request(`/cases/${ageOnly.caseRow.id}`, { cookie: cookie.evaluator }), { caseId: String(ageOnly.caseRow.id) });
    const evaluatorPage = await evaluatorResponse.text();
    expect(JSON.parse(evaluatorPage)).not.toHaveProperty("application");
    expect(evaluatorPage).not.toContain("Civil status");

    const homePage = await readJson<{ home: { incomplete: { total: number; items: Array<{ caseCode: string; surname: string; missing: string[] }> } } }>(await callRoute(home.loader, request("/", { cookie: cookie.officer })));
    expect(homePage.home.incomplete.total).toBeGreaterThanOrEqual(20);
    expect(homePage.home.incomplete.items.length).toBe(10);
    expect(homePage.home.incomplete.items[0].missing.length).toBeGreaterThan(0);
  });

  it("screens an application without a birth date as 'missing: birth date', inventing no age", () => {
    const [ageOnly] = casesOf(["ageOnly"]);
    const screening = screenCase(officer, ageOnly.caseRow.id, ageOnly.caseRow.version, "2025-04-01");
    expect((screening.ruleResults as Array<{ rule: string; passed: boolean; detail: unknown }>).find((rule) => rule.rule === "age")).toEqual({ rule: "age", passed: false, detail: { missing: "birthDate" } });
  });

  it("exports the extra answers with the case for staff, never in the evaluators' release", async () => {
    const exportText = async (userCookie: string) => {
      const response = await callRoute(caseExport.action, request("/cases/export", { form: { format: "csv", programme: String(programme.id) }, cookie: userCookie }));
      expect(response.status).toBe(200);
      return new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()));
    };
    const staff = await exportText(cookie.officer);
    expect(staff.split("\r\n")[0]).toContain("Інші відповіді форми партнера");
    expect(staff).toContain("Email: olena.k@example.org; Hh head: no; Civil status: married; Edrpou: 30000000");
    const release = await exportText(cookie.evaluator);
    expect(release).not.toContain("olena.k@example.org");
    expect(release).not.toContain("Civil status");
    expect(release).not.toContain("Інші відповіді");
  });

  it("keeps the shared RNOKPP and the flagged rows with the import, names for the uploader only", async () => {
    const record = findImport(importId)!;
    expect(record.rejectedRows.sharedIdentities?.[0]).toMatchObject({ kept: fileRowOf("sharedOwner"), probablyMistyped: [fileRowOf("sharedMistyped")] });
    expect(record.rejectedRows.flagged?.map((row) => row.row).sort((a, b) => a - b)).toEqual([fileRowOf("shevchenko"), fileRowOf("minor"), fileRowOf("address")]);
    expect(record.findings?.reasons).toContainEqual(expect.objectContaining({ field: "rnokpp", message: "errors.rnokppCheckDigit", rows: 1 }));
  });
});

function rnokppOfRow(name: keyof typeof partnerEoiCases): string {
  return partnerEoiRows[partnerEoiCases[name]]["ben_det/tax_id_num"];
}

// Nothing of a partner's form reaches the audit log's free text: the import's entry counts rows.
describe("the audit of a partner form's import", () => {
  it("records counts and the partner choice, not people's answers", () => {
    const entries = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.entityType, "import"), like(schema.auditLog.after, '%"kind":"kobo"%'))).all();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const entry of entries) {
      expect(JSON.stringify(entry.after)).not.toContain("olena.k@example.org");
      expect(entry.after).toMatchObject({ partnerAssignment: "none" });
    }
  });
});
