// Formatting fixes of issue 13: money that never breaks inside an amount, currency words in the
// reader's language, Kyiv wall-clock times for export cells, readable audit values, the staff
// export's columns, and the training register's search.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { currencyLabel, formatMoney, kyivDateTime } from "~/lib/format";
import { translator } from "~/lib/i18n";
import { writeCsv, writeXlsx } from "~/lib/spreadsheet.server";
import { auditChangeRows, auditReferencedIds, auditValueText } from "~/modules/admin/audit-changes";
import { staffExportColumns, staffExportRow, type CaseExportSource } from "~/modules/cases/case-views";
import { traineeMatches, type RegisterTrainee } from "~/modules/review/training-register";

const nbsp = "\u00a0";

describe("money tiles", () => {
  it.each([
    [1_971_650_000, "en", `UAH${nbsp}19,716,500`],
    [1_971_650_050, "en", `UAH${nbsp}19,716,500.50`],
    [1_971_650_050, "uk", `19${nbsp}716${nbsp}500,50${nbsp}грн`],
  ] as const)("%d (%s) is one unbreakable unit: %s", (minor, locale, text) => {
    const formatted = formatMoney(minor, "UAH", locale);
    expect(formatted).toBe(text);
    // No ordinary space or other break opportunity a browser could wrap at inside the amount.
    expect(formatted).not.toMatch(/[ \u200b\u2009-]/);
  });

  it("names the currency in the reader's language for labels", () => {
    expect(currencyLabel("UAH", "uk")).toBe("грн");
    expect(currencyLabel("UAH", "en")).toBe("UAH");
    expect(currencyLabel("EUR", "uk")).toBe("євро");
    expect(currencyLabel("PLN", "uk")).toBe("PLN");
  });
});

describe("kyivDateTime (export cells)", () => {
  it.each([
    ["2026-01-15T21:30:00.000Z", "2026-01-15T23:30"],
    ["2026-01-15T22:30:00.000Z", "2026-01-16T00:30"],
    ["2026-07-01T21:05:00.000Z", "2026-07-02T00:05"],
    ["2026-03-29T00:59:00.000Z", "2026-03-29T02:59"],
    ["2026-03-29T01:00:00.000Z", "2026-03-29T04:00"],
  ])("%s is %s in Kyiv", (instant, wallClock) => {
    expect(kyivDateTime(instant)).toBe(wallClock);
  });

  it("gives null for text that is not an instant", () => {
    expect(kyivDateTime("yesterday")).toBeNull();
  });
});

describe("export cells", () => {
  it("CSV writes a date cell as its ISO text", () => {
    expect(writeCsv(["Дата", "Коли"], [[{ date: "2026-03-01" }, { date: "2026-03-01T09:05" }]])).toBe("\uFEFFДата,Коли\r\n2026-03-01,2026-03-01 09:05\r\n");
  });

  it("XLSX writes date cells with a date format, text stays text, and the header row has an autofilter", async () => {
    const bytes = await writeXlsx("Cases", ["Code", "Applied", "When", "Amount"], [["LT-AAA2345", { date: "2026-03-01" }, { date: "2026-03-01T09:05" }, 1234.5], ["LT-BBB2345", { date: "not a date" }, null, null]]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet("Cases")!;
    expect(sheet.autoFilter).toBe("A1:D1");
    expect(sheet.getCell("B2").value).toEqual(new Date("2026-03-01T00:00:00Z"));
    expect(sheet.getCell("B2").numFmt).toBe("yyyy-mm-dd");
    expect(sheet.getCell("C2").value).toEqual(new Date("2026-03-01T09:05:00Z"));
    expect(sheet.getCell("C2").numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(sheet.getCell("D2").value).toBe(1234.5);
    expect(sheet.getCell("B3").value).toBe("not a date");
  });
});

describe("audit values", () => {
  const t = translator("uk");
  const references = { cases: { 12: "LT-AAA2345", 13: "LT-BBB2345" }, users: { 4: "Оксана Коваль" }, programmes: { 2: "EEP-2026" } };
  const context = { t, locale: "uk" as const, currency: "EUR", references };

  it("spells out money in the entry's currency, ids as codes and names, lists and records", () => {
    expect(auditValueText("grantCeilingMinor", 700_000, context)).toBe(`7${nbsp}000${nbsp}євро`);
    expect(auditValueText("caseIds", [12, 13, 99], context)).toBe("LT-AAA2345, LT-BBB2345, #99");
    expect(auditValueText("reviewerIds", [4], context)).toBe("Оксана Коваль");
    expect(auditValueText("programmeId", 2, context)).toBe("EEP-2026");
    expect(auditValueText("followUpOffsetsMonths", [3, 6, 12], context)).toBe("3, 6, 12");
    expect(auditValueText("budget", [{ item: "Швейна машина", quantity: 1, unitCostMinor: 450_000 }], context)).toBe(`Позиція: Швейна машина, Кількість: 1, Ціна за одиницю: 4${nbsp}500${nbsp}євро`);
    expect(auditValueText("note", "", context)).toBeNull();
    expect(auditValueText("sizeBytes", 1536, context)).toBe(`1${nbsp}536`);
  });

  it("a snapshot's own currency wins over the programme's", () => {
    const rows = auditChangeRows({ before: null, after: { totalMinor: 500_000, currency: "USD" }, currency: "UAH" }, references, t, "uk");
    expect(rows.find((row) => row.field === "totalMinor")?.after).toBe(`5${nbsp}000${nbsp}дол. США`);
  });

  it("leaves out bookkeeping fields and unchanged ones; an unknown field is spelled out", () => {
    const rows = auditChangeRows({ before: { id: 1, version: 1, title: "A", heldOn: "2026-03-01" }, after: { id: 1, version: 2, title: "A", heldOn: "2026-03-02", shinyNewThing: 5 } }, references, t, "uk");
    expect(rows).toEqual([
      { field: "heldOn", label: "Дата заняття", before: "1 бер. 2026", after: "2 бер. 2026" },
      { field: "shinyNewThing", label: "Shiny new thing", before: null, after: "5" },
    ]);
  });

  it("collects the ids to name, however deep", () => {
    expect(auditReferencedIds([{ caseIds: [1, 2], marked: [3] }, { scores: { a: { score: 3 } }, decidedByUserId: 7, programmeId: 9 }, null])).toEqual({ cases: [1, 2, 3], users: [7], programmes: [9] });
  });
});

describe("the staff export's columns", () => {
  const source: CaseExportSource = {
    id: 1,
    caseCode: "LT-AAA2345",
    programmeCode: "EEP-2026",
    stage: "committee",
    status: "open",
    eligibility: "eligible",
    vulnerabilityScore: 12,
    applicationDate: "2026-02-03",
    oblastPcode: "UA12",
    hromadaPcode: "UA1202001",
    displacementStatus: "idp",
    protectionFlag: false,
    partnerName: "NGO Dnipro Hope",
    partnerNameUk: "ГО «Дніпровська надія»",
    mentorName: "Ірина Ментор",
    surname: "Бондар",
    firstName: "Оксана",
    patronymic: null,
    sex: "female",
    birthDate: "1990-05-14",
    phone: "+380671112233",
    ageBand: "35-49",
    oblastName: { nameUk: "Дніпропетровська", nameEn: "Dnipropetrovska" },
    raionName: { nameUk: "Дніпровський", nameEn: "Dniprovskyi" },
    hromadaName: { nameUk: "Дніпровська", nameEn: "Dniprovska" },
    businessName: "Ательє «Голка»",
    kvedCode: "14.13",
    requestedAmountMinor: 15_000_050,
    currency: "UAH",
    planScoreHundredths: 7_350,
    decision: "approved",
    approvedAmountMinor: 12_000_000,
  };
  const row = staffExportRow(source);

  it("staff get place names beside P-codes in the export's language, amounts in hryvnias, the outcome, mentor and partner", () => {
    const columns = staffExportColumns(translator("en"), "staff", "en");
    const cells = Object.fromEntries(columns.map((column) => [column.header, column.value(row)]));
    expect(cells).toMatchObject({
      Oblast: "Dnipropetrovska",
      "Oblast P-code": "UA12",
      Raion: "Dniprovskyi",
      "Raion P-code": "UA1202",
      Hromada: "Dniprovska",
      "Hromada P-code": "UA1202001",
      Business: "Ательє «Голка»",
      KVED: "14.13",
      "Requested amount": 150_000.5,
      "Plan score": 73.5,
      "Committee decision": "Approved",
      "Approved amount": 120_000,
      Currency: "UAH",
      Mentor: "Ірина Ментор",
      "Partner NGO": "NGO Dnipro Hope",
      "Application date": { date: "2026-02-03" },
    });
    const uk = staffExportColumns(translator("uk"), "staff", "uk");
    expect(uk.find((column) => column.header === "Область")?.value(row)).toBe("Дніпропетровська");
    expect(uk.find((column) => column.header === "Партнерська ГО")?.value(row)).toBe("ГО «Дніпровська надія»");
  });

  it("mentors' exports keep the place names and dates but none of the staff-only columns", () => {
    const headers = staffExportColumns(translator("en"), "partner", "en").map((column) => column.header);
    expect(headers).toContain("Raion");
    expect(headers).toContain("Application date");
    for (const staffOnly of ["Business", "KVED", "Requested amount", "Plan score", "Committee decision", "Approved amount", "Mentor", "Partner NGO"]) {
      expect(headers).not.toContain(staffOnly);
    }
  });
});

describe("training register search", () => {
  const trainees: RegisterTrainee[] = [
    { caseCode: "LT-7HWV8PZ", surname: "Бондар", firstName: "Оксана", attendedThisSession: true, completedOn: null },
    { caseCode: "LT-Q2R3S4T", surname: "Коваль", firstName: "Мар'яна", attendedThisSession: false, completedOn: "2026-03-02" },
    { caseCode: "LT-ABCD234", surname: "Оксаненко", firstName: "Петро", attendedThisSession: false, completedOn: null },
  ];
  const found = (query: string, view?: Parameters<typeof traineeMatches>[2]) => trainees.filter((trainee) => traineeMatches(trainee, query, view)).map((trainee) => trainee.surname);

  it("finds by first name or surname, in either script, any order", () => {
    expect(found("Оксана")).toEqual(["Бондар"]);
    expect(found("oksana")).toEqual(["Бондар"]);
    expect(found("Oksan")).toEqual(["Бондар", "Оксаненко"]);
    expect(found("Mariana")).toEqual(["Коваль"]);
    expect(found("Mariana Koval")).toEqual(["Коваль"]);
    expect(found("Бондар Оксана")).toEqual(["Бондар"]);
    expect(found("Бондар Мар'яна")).toEqual([]);
    expect(found("  ")).toEqual(["Бондар", "Коваль", "Оксаненко"]);
  });

  it("finds by case code, with or without LT-", () => {
    expect(found("LT-7HW")).toEqual(["Бондар"]);
    expect(found("7hwv")).toEqual(["Бондар"]);
    expect(found("q2r3")).toEqual(["Коваль"]);
  });

  it("filters by where people stand", () => {
    expect(found("", "completed")).toEqual(["Коваль"]);
    expect(found("", "inTraining")).toEqual(["Бондар", "Оксаненко"]);
    expect(found("", "marked")).toEqual(["Бондар"]);
    expect(found("", "unmarked")).toEqual(["Коваль", "Оксаненко"]);
    expect(found("Oksan", "unmarked")).toEqual(["Оксаненко"]);
  });
});
