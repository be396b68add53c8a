import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSpreadsheet, type Workbook, type WorkbookSheet } from "~/lib/spreadsheet.server";
import { parseCodAb, type AdminUnit } from "~/modules/locations/cod-ab";
import {
  buildCodAbXlsx,
  codAbAdmin3Csv,
  codAbBadRow,
  codAbSheets,
} from "../fixtures/build-fixtures";

function fixtureFile(name: string) {
  return {
    name,
    bytes: new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url))),
  };
}

/** A sheet as readSpreadsheet returns it, header on row 1. */
function sheet(name: string, headers: string[], rows: string[][]): WorkbookSheet {
  return {
    name,
    headers,
    rows: rows.map((cells) =>
      Object.fromEntries(headers.map((header, i) => [header, cells[i] ?? ""])),
    ),
    rowNumbers: rows.map((_, index) => index + 2),
  };
}

const admin1Headers = ["Oblast", "Oblast UKR", "Admin1 Pcode", "LAT", "LON"];
const admin2Headers = ["Raion", "Raion UKR", "Admin2 Pcode", "Admin1 Pcode"];
const admin3Headers = ["Hromada", "Hromada UKR", "Admin3 Pcode", "Admin2 Pcode", "Admin1 Pcode"];
const admin4Headers = ["Settlement EN", "Settlement UKR", "Admin4 Pcode", "Admin3 Pcode"];

const vinnytska = ["Vinnytska", "Вінницька", "UA05", "48.9204127", "28.68555719"];
const vinnytskyi = ["Vinnytskyi", "Вінницький", "UA0502", "UA05"];
const ahronomichna = ["Ahronomichna", "Агрономічна", "UA0502001", "UA0502", "UA05"];

/** A valid Admin 1–3 workbook (one unit each) with extra rows appended to one level. */
function workbookWith(extra: {
  admin1?: string[][];
  admin2?: string[][];
  admin3?: string[][];
}): Workbook {
  return {
    sheets: [
      sheet("Admin 1", admin1Headers, [vinnytska, ...(extra.admin1 ?? [])]),
      sheet("Admin 2", admin2Headers, [vinnytskyi, ...(extra.admin2 ?? [])]),
      sheet("Admin 3", admin3Headers, [ahronomichna, ...(extra.admin3 ?? [])]),
    ],
  };
}

function countByLevel(units: AdminUnit[]) {
  return [1, 2, 3, 4].map((level) => units.filter((unit) => unit.level === level).length);
}

describe("parseCodAb on the COD-AB fixture (same layout as the 2026 OCHA table)", () => {
  it("keeps every good row of all four levels and reports the bad P-code row", async () => {
    const workbook = await readSpreadsheet({ name: "cod-ab.xlsx", bytes: await buildCodAbXlsx() });
    const { units, problems } = parseCodAb(workbook);
    expect(countByLevel(units)).toEqual([3, 4, 5, 4]);
    expect(problems).toEqual([
      {
        sheet: codAbBadRow.sheet,
        row: codAbBadRow.row,
        reason: expect.stringContaining(`"${codAbBadRow.pcode}" is not a hromada P-code`),
      },
    ]);
    const goodRows =
      codAbSheets.reduce((total, fixtureSheet) => total + fixtureSheet.rows.length, 0) - 1;
    expect(units).toHaveLength(goodRows);
  });

  it("reads names, parents and centroids as published", async () => {
    const { units } = parseCodAb(await readSpreadsheet(fixtureFile("cod-ab-small.xlsx")));
    const byPcode = new Map(units.map((unit) => [unit.pcode, unit]));
    expect(byPcode.get("UA05")).toEqual({
      pcode: "UA05",
      level: 1,
      nameEn: "Vinnytska",
      nameUk: "Вінницька",
      parentPcode: null,
      lat: 48.9204127,
      lon: 28.68555719,
    });
    expect(byPcode.get("UA0502")).toMatchObject({
      level: 2,
      nameEn: "Vinnytskyi",
      nameUk: "Вінницький",
      parentPcode: "UA05",
    });
    expect(byPcode.get("UA0502003")).toMatchObject({
      level: 3,
      nameEn: "Vinnytska",
      nameUk: "Вінницька",
      parentPcode: "UA0502",
      lat: 49.2386676849363,
    });
    expect(byPcode.get("UA0502003001")).toMatchObject({
      level: 4,
      nameUk: "Вінниця",
      parentPcode: "UA0502003",
    });
    // Kyiv is an oblast-level city whose only raion and hromada are Kyiv itself.
    expect(byPcode.get("UA8000000")?.parentPcode).toBe("UA8000");
    for (const unit of units) {
      if (unit.parentPcode) expect(unit.pcode.startsWith(unit.parentPcode)).toBe(true);
    }
    expect(units.map((unit) => unit.level)).toEqual([...units.map((unit) => unit.level)].sort());
  });

  it("reads the Admin 3 CSV: hromadas found by their columns, missing levels reported", async () => {
    const fromFile = await readSpreadsheet(fixtureFile("cod-ab-small.csv"));
    const fromBuilder = await readSpreadsheet({
      name: "cod-ab-small.csv",
      bytes: new TextEncoder().encode(codAbAdmin3Csv()),
    });
    expect(fromFile).toEqual(fromBuilder);
    const { units, problems } = parseCodAb(fromFile);
    expect(countByLevel(units)).toEqual([0, 0, 5, 0]);
    expect(problems).toEqual([
      { sheet: "Admin 1", row: 0, reason: 'sheet "Admin 1" (oblasts) not found' },
      { sheet: "Admin 2", row: 0, reason: 'sheet "Admin 2" (raions) not found' },
      { sheet: "cod-ab-small", row: 5, reason: expect.stringContaining("UA054001") },
    ]);
  });
});

describe("parseCodAb: sheets and columns", () => {
  it("accepts a workbook with only Admin 1–3", () => {
    const { units, problems } = parseCodAb(workbookWith({}));
    expect(problems).toEqual([]);
    expect(units.map((unit) => unit.pcode)).toEqual(["UA05", "UA0502", "UA0502001"]);
  });

  it.each([
    ["ADM1", "adm2", "ADM_3"],
    [" admin 1 ", "Admin_2", "ukr_admin3"],
    ["ukr_adm1_2026", "UKR ADM2", "Admin3"],
  ])("finds sheets named %j, %j, %j", (name1, name2, name3) => {
    const workbook = workbookWith({});
    workbook.sheets = workbook.sheets.map((level, index) => ({
      ...level,
      name: [name1, name2, name3][index],
    }));
    const { units, problems } = parseCodAb(workbook);
    expect(problems).toEqual([]);
    expect(countByLevel(units)).toEqual([1, 1, 1, 0]);
  });

  it("matches headers without regard to case, spaces or underscores, and HDX names", () => {
    const workbook: Workbook = {
      sheets: [
        sheet("adm1", ["ADM1_EN", "ADM1_UA", "ADM1_PCODE"], [["Vinnytska", "Вінницька", "UA05"]]),
        sheet("adm2", ["raion", "RAION_UKR", "admin2pcode", "ADMIN1 PCODE"], [vinnytskyi]),
        sheet(
          "adm3",
          ["HROMADA", "hromada ukr", "admin3_pcode", "admin2_pcode"],
          [ahronomichna.slice(0, 4)],
        ),
      ],
    };
    const { units, problems } = parseCodAb(workbook);
    expect(problems).toEqual([]);
    expect(units.map((unit) => [unit.pcode, unit.nameUk])).toEqual([
      ["UA05", "Вінницька"],
      ["UA0502", "Вінницький"],
      ["UA0502001", "Агрономічна"],
    ]);
  });

  it("reports missing sheets and missing columns for the sheet as a whole", () => {
    const workbook: Workbook = {
      sheets: [
        sheet("Admin 1", admin1Headers, [vinnytska]),
        sheet(
          "Admin 3",
          ["Hromada", "Admin3 Pcode", "Admin1 Pcode"],
          [["Ahronomichna", "UA0502001", "UA05"]],
        ),
        sheet("Notes", ["text"], [["Source: OCHA"]]),
      ],
    };
    const { units, problems } = parseCodAb(workbook);
    expect(units.map((unit) => unit.pcode)).toEqual(["UA05"]);
    expect(problems).toEqual([
      { sheet: "Admin 2", row: 0, reason: 'sheet "Admin 2" (raions) not found' },
      { sheet: "Admin 3", row: 0, reason: 'missing columns "Hromada UKR", "Admin2 Pcode"' },
    ]);
  });

  it("ignores a second sheet for a level that is already taken", () => {
    const workbook = workbookWith({});
    workbook.sheets.push(sheet("ADM1 old", admin1Headers, [vinnytska]));
    const { problems } = parseCodAb(workbook);
    expect(problems).toEqual([
      { sheet: "ADM1 old", row: 0, reason: 'sheet ignored: "Admin 1" already holds level 1' },
    ]);
  });
});

describe("parseCodAb: row checks (bad rows reported, the others kept)", () => {
  it.each([
    ["too short", "UA050", "is not a raion P-code"],
    ["too long", "UA050211", "is not a raion P-code"],
    ["letters", "UA05O2", "is not a raion P-code"],
    ["another country", "MD0502", "is not a raion P-code"],
    ["empty", "", "missing P-code"],
  ])("rejects a P-code that is %s", (_case, pcode, reason) => {
    const { units, problems } = parseCodAb(
      workbookWith({ admin2: [["Haisynskyi", "Гайсинський", pcode, "UA05"]] }),
    );
    expect(problems).toEqual([
      { sheet: "Admin 2", row: 3, reason: expect.stringContaining(reason) },
    ]);
    expect(countByLevel(units)).toEqual([1, 1, 1, 0]);
  });

  it("rejects a unit whose parent P-code is not a prefix of its own", () => {
    const { units, problems } = parseCodAb(
      workbookWith({ admin2: [["Haisynskyi", "Гайсинський", "UA0504", "UA07"]] }),
    );
    expect(problems).toEqual([
      {
        sheet: "Admin 2",
        row: 3,
        reason: 'oblast P-code UA07 (column "Admin1 Pcode") is not a prefix of UA0504',
      },
    ]);
    expect(units.map((unit) => unit.pcode)).toEqual(["UA05", "UA0502", "UA0502001"]);
  });

  it("checks the grandparent column too, and a parent column of the wrong level", () => {
    const { problems } = parseCodAb(
      workbookWith({
        admin3: [
          ["Vinnytska", "Вінницька", "UA0502003", "UA0502", "UA06"],
          ["Voronovytska", "Вороновицька", "UA0502005", "UA05", "UA05"],
        ],
      }),
    );
    expect(problems).toEqual([
      {
        sheet: "Admin 3",
        row: 3,
        reason: 'oblast P-code UA06 (column "Admin1 Pcode") is not a prefix of UA0502003',
      },
      { sheet: "Admin 3", row: 4, reason: '"UA05" in column "Admin2 Pcode" is not a raion P-code' },
    ]);
  });

  it("rejects a unit whose parent is not in the sheet above, and the children of a rejected parent", () => {
    const workbook = workbookWith({
      admin2: [["Haisynskyi", "Гайсинський", "UA0504", "UA07"]],
      admin3: [
        ["Bershadska", "Бершадська", "UA0504001", "UA0504", "UA05"],
        ["Tulchynska", "Тульчинська", "UA0508001", "UA0508", "UA05"],
      ],
    });
    const { problems } = parseCodAb(workbook);
    expect(problems.map(({ sheet, row, reason }) => [sheet, row, reason])).toEqual([
      ["Admin 2", 3, expect.stringContaining("is not a prefix")],
      ["Admin 3", 3, 'parent raion UA0504 is missing from sheet "Admin 2" (or was rejected there)'],
      ["Admin 3", 4, 'parent raion UA0508 is missing from sheet "Admin 2" (or was rejected there)'],
    ]);
  });

  it("rejects a repeated P-code and keeps the first", () => {
    const { units, problems } = parseCodAb(
      workbookWith({ admin1: [["Vinnytsia oblast", "Вінницька область", "UA05", "", ""]] }),
    );
    expect(problems).toEqual([
      { sheet: "Admin 1", row: 3, reason: "duplicate P-code UA05 (first on row 2)" },
    ]);
    expect(units.find((unit) => unit.pcode === "UA05")?.nameEn).toBe("Vinnytska");
  });

  it("rejects a row without an English or Ukrainian name", () => {
    const { problems } = parseCodAb(
      workbookWith({
        admin2: [
          ["", "Гайсинський", "UA0504", "UA05"],
          ["Zhmerynskyi", "", "UA0506", "UA05"],
        ],
      }),
    );
    expect(problems).toEqual([
      { sheet: "Admin 2", row: 3, reason: 'missing English name in column "Raion"' },
      { sheet: "Admin 2", row: 4, reason: 'missing Ukrainian name in column "Raion UKR"' },
    ]);
  });

  it("tidies P-codes typed by hand and reports the file's own row numbers", () => {
    const workbook = workbookWith({ admin2: [["Haisynskyi", "Гайсинський", " ua0504 ", "ua05"]] });
    workbook.sheets[1].rowNumbers = [10, 12];
    workbook.sheets[1].rows.push({
      Raion: "Bad",
      "Raion UKR": "Поганий",
      "Admin2 Pcode": "UA05X4",
      "Admin1 Pcode": "UA05",
    });
    workbook.sheets[1].rowNumbers.push(15);
    const { units, problems } = parseCodAb(workbook);
    expect(units.find((unit) => unit.pcode === "UA0504")?.parentPcode).toBe("UA05");
    expect(problems).toEqual([
      { sheet: "Admin 2", row: 15, reason: expect.stringContaining('"UA05X4"') },
    ]);
  });

  it("skips an HXL hashtag row under the header", () => {
    const workbook = workbookWith({});
    workbook.sheets[0] = sheet("Admin 1", admin1Headers, [
      ["#adm1+name", "#adm1+name+i_uk", "#adm1+code", "#geo+lat", "#geo+lon"],
      vinnytska,
    ]);
    const { units, problems } = parseCodAb(workbook);
    expect(problems).toEqual([]);
    expect(countByLevel(units)).toEqual([1, 1, 1, 0]);
  });

  it("reads coordinates with a decimal comma and leaves bad ones empty", () => {
    const workbook = workbookWith({
      admin1: [
        ["Kharkivska", "Харківська", "UA63", "49,61499032", "36,50491022"],
        ["Kyiv", "Київ", "UA80", "n/a", "530.5"],
      ],
    });
    const { units } = parseCodAb(workbook);
    expect(units.find((unit) => unit.pcode === "UA63")).toMatchObject({
      lat: 49.61499032,
      lon: 36.50491022,
    });
    expect(units.find((unit) => unit.pcode === "UA80")).toMatchObject({ lat: null, lon: null });
  });

  it("reads settlements when Admin 4 is present, with their hromada as parent", () => {
    const workbook = workbookWith({});
    workbook.sheets.push(
      sheet("Admin 4", admin4Headers, [
        ["Ahronomichne", "Агрономічне", "UA0502001001", "UA0502001"],
        ["Bokhonyky", "Бохоники", "UA0502001002", "UA0502001"],
        ["Andriivka", "Андріївка", "UA0102001001", "UA0102001"],
      ]),
    );
    const { units, problems } = parseCodAb(workbook);
    expect(
      units.filter((unit) => unit.level === 4).map((unit) => [unit.pcode, unit.parentPcode]),
    ).toEqual([
      ["UA0502001001", "UA0502001"],
      ["UA0502001002", "UA0502001"],
    ]);
    // The 2026 table lists such Sevastopol-area settlements under hromadas its Admin 3 lacks.
    expect(problems).toEqual([
      {
        sheet: "Admin 4",
        row: 4,
        reason: 'parent hromada UA0102001 is missing from sheet "Admin 3" (or was rejected there)',
      },
    ]);
  });
});
