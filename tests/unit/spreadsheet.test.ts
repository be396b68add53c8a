import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  readSpreadsheet,
  SpreadsheetError,
  writeCsv,
  writeXlsx,
  type SpreadsheetErrorCode,
} from "~/lib/spreadsheet.server";
import { decodeRnokpp } from "~/modules/intake/rnokpp";
import { buildKoboXlsx, koboApplicants, koboCsv, koboHeaders } from "../fixtures/build-fixtures";

const encoder = new TextEncoder();

function csvFile(text: string, name = "upload.csv") {
  return { name, bytes: encoder.encode(text) };
}

/** An XLSX upload whose first sheet is filled by `fill`. */
async function xlsxFile(fill: (sheet: ExcelJS.Worksheet) => void, sheetName = "Sheet1") {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet(sheetName));
  return { name: "upload.xlsx", bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

function fixtureFile(name: string) {
  return {
    name,
    bytes: new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url))),
  };
}

async function expectSpreadsheetError(
  reading: Promise<unknown>,
  code: SpreadsheetErrorCode,
  message: RegExp,
) {
  const error = await reading.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SpreadsheetError);
  expect((error as SpreadsheetError).code).toBe(code);
  expect((error as SpreadsheetError).message).toMatch(message);
}

describe("readSpreadsheet: Kobo export fixtures", () => {
  it("reads the XLSX and the CSV export to the same rows", async () => {
    const fromXlsx = await readSpreadsheet({ name: "kobo.xlsx", bytes: await buildKoboXlsx() });
    const fromCsv = await readSpreadsheet(csvFile(koboCsv(), "kobo.csv"));
    for (const workbook of [fromXlsx, fromCsv]) {
      expect(workbook.sheets).toHaveLength(1);
      expect(workbook.sheets[0].headers).toEqual(koboHeaders);
      expect(workbook.sheets[0].rows).toEqual(koboApplicants);
      expect(workbook.sheets[0].rowNumbers).toEqual([2, 3, 4, 5, 6, 7]);
    }
    expect(fromXlsx.sheets[0].name).toBe("Livelihoods application");
    expect(fromCsv.sheets[0].name).toBe("kobo");
  });

  it("turns date cells, numbers and a number-typed RNOKPP into the texts Kobo writes", async () => {
    const { sheets } = await readSpreadsheet({ name: "kobo.xlsx", bytes: await buildKoboXlsx() });
    const melnyk = sheets[0].rows[3];
    expect(melnyk["applicant/birth_date"]).toBe("2000-01-01");
    expect(melnyk["_submission_time"]).toBe("2024-03-06T14:21:50");
    expect(melnyk["applicant/rnokpp"]).toBe("3652504575");
    expect(melnyk["business/amount"]).toBe("60000");
    expect(sheets[0].rows[5]["applicant/patronymic"]).toBe("");
    expect(sheets[0].rows[1]["business/kved"]).toBe("45.20");
  });

  it("matches the committed fixture files (rerun build-fixtures.ts if this fails)", async () => {
    const committedXlsx = await readSpreadsheet(fixtureFile("kobo-applicants.xlsx"));
    const committedCsv = await readSpreadsheet(fixtureFile("kobo-applicants.csv"));
    expect(committedXlsx.sheets[0].rows).toEqual(koboApplicants);
    expect(committedCsv.sheets[0].rows).toEqual(koboApplicants);
  });

  it("has exactly one applicant with a wrong RNOKPP check digit", () => {
    const failures = koboApplicants
      .map((applicant) => ({ applicant, decoded: decodeRnokpp(applicant["applicant/rnokpp"]) }))
      .filter(({ decoded }) => !decoded.ok);
    expect(failures.map(({ applicant }) => applicant["applicant/surname"])).toEqual(["Кравчук"]);
    expect(failures[0].decoded).toEqual({ ok: false, reason: "check_digit" });
  });
});

describe("readSpreadsheet: CSV text", () => {
  it.each([
    ["comma", ","],
    ["semicolon", ";"],
    ["tab", "\t"],
  ])("detects a %s delimiter from the header line", async (_name, delimiter) => {
    const text =
      ["oblast", "amount", "note"].join(delimiter) +
      "\n" +
      ["UA63", "1500", "a, b; c"].map((cell) => `"${cell}"`).join(delimiter) +
      "\n";
    const { sheets } = await readSpreadsheet(csvFile(text));
    expect(sheets[0].headers).toEqual(["oblast", "amount", "note"]);
    expect(sheets[0].rows).toEqual([{ oblast: "UA63", amount: "1500", note: "a, b; c" }]);
  });

  it("ignores delimiters inside quoted headers", async () => {
    const text = '"surname; name",birth_date\n"Коваленко; Олена",1985-05-12\n';
    const { sheets } = await readSpreadsheet(csvFile(text));
    expect(sheets[0].headers).toEqual(["surname; name", "birth_date"]);
  });

  it("drops the UTF-8 byte-order mark that Excel writes", async () => {
    const { sheets } = await readSpreadsheet(csvFile("\uFEFFпризвище;ім'я\r\nМельник;Юрій\r\n"));
    expect(sheets[0].headers).toEqual(["призвище", "ім'я"]);
    expect(sheets[0].rows[0]).toEqual({ призвище: "Мельник", "ім'я": "Юрій" });
  });

  it("takes the first non-empty row as header, skips empty rows and trims cells", async () => {
    const text = "\n;;\nsurname;sex\n  Шевченко ;male\n;\n\nБондаренко; female\n";
    const { sheets } = await readSpreadsheet(csvFile(text));
    expect(sheets[0].headers).toEqual(["surname", "sex"]);
    expect(sheets[0].rows).toEqual([
      { surname: "Шевченко", sex: "male" },
      { surname: "Бондаренко", sex: "female" },
    ]);
    expect(sheets[0].rowNumbers).toEqual([4, 7]);
  });

  it("names blank and repeated headers and fills short rows with empty strings", async () => {
    const text = "name,,name\nОлена,x,Олена\nАндрій\nТетяна,,,extra\n";
    const { sheets } = await readSpreadsheet(csvFile(text));
    expect(sheets[0].headers).toEqual(["name", "Column B", "name (2)", "Column D"]);
    expect(sheets[0].rows[1]).toEqual({
      name: "Андрій",
      "Column B": "",
      "name (2)": "",
      "Column D": "",
    });
    expect(sheets[0].rows[2]["Column D"]).toBe("extra");
  });

  it("keeps CSV text as written: no date or number conversion", async () => {
    const { sheets } = await readSpreadsheet(csvFile("amount,date\n030.50,12.05.1985\n"));
    expect(sheets[0].rows[0]).toEqual({ amount: "030.50", date: "12.05.1985" });
  });
});

describe("readSpreadsheet: XLSX cells", () => {
  it("writes dates as YYYY-MM-DD and date-times as full ISO without a zone", async () => {
    const file = await xlsxFile((sheet) => {
      sheet.addRow(["date", "date_time", "typed_serial", "time"]);
      const row = sheet.addRow([
        new Date("1985-05-12T00:00:00Z"),
        new Date("2024-03-05T10:15:00Z"),
        45000,
        new Date("1899-12-30T08:30:00Z"),
      ]);
      // A date typed in Ukrainian format is a number with a date format in the file.
      row.getCell(3).numFmt = "dd.mm.yyyy";
      row.getCell(4).numFmt = "hh:mm";
    });
    const { sheets } = await readSpreadsheet(file);
    expect(sheets[0].rows[0]).toEqual({
      date: "1985-05-12",
      date_time: "2024-03-05T10:15:00",
      typed_serial: "2023-03-15",
      time: "08:30:00",
    });
  });

  it("rounds away the sub-second noise of a date-time serial", async () => {
    const file = await xlsxFile((sheet) => {
      sheet.addRow(["submitted"]);
      sheet.addRow([new Date("2024-03-05T10:14:59.9996Z")]);
    });
    const { sheets } = await readSpreadsheet(file);
    expect(sheets[0].rows[0].submitted).toBe("2024-03-05T10:15:00");
  });

  it("writes numbers without float noise", async () => {
    const file = await xlsxFile((sheet) => {
      sheet.addRow(["a", "b", "c", "d", "e", "f"]);
      sheet.addRow([0.1 + 0.2, 30.499999999999996, 3652504575, -12.25, 120000, 0]);
    });
    const { sheets } = await readSpreadsheet(file);
    expect(sheets[0].rows[0]).toEqual({
      a: "0.3",
      b: "30.5",
      c: "3652504575",
      d: "-12.25",
      e: "120000",
      f: "0",
    });
  });

  it("gives formula results, flattened rich text, link text, booleans and errors", async () => {
    const file = await xlsxFile((sheet) => {
      sheet.addRow(["total", "label", "site", "consent", "ratio", "name"]);
      sheet.addRow([
        { formula: "B5*2", result: 48500 },
        { richText: [{ text: "Вінниць", font: { bold: true } }, { text: "ка " }] },
        { text: "Kobo", hyperlink: "https://kf.kobotoolbox.org" },
        true,
        { formula: "1/0", result: { error: "#DIV/0!" } },
        "  Олена  ",
      ]);
    });
    const { sheets } = await readSpreadsheet(file);
    expect(sheets[0].rows[0]).toEqual({
      total: "48500",
      label: "Вінницька",
      site: "Kobo",
      consent: "TRUE",
      ratio: "#DIV/0!",
      name: "Олена",
    });
  });

  it("skips empty rows, finds a header below blank rows and reports real row numbers", async () => {
    const file = await xlsxFile((sheet) => {
      sheet.getCell("A3").value = "pcode";
      sheet.getCell("B3").value = "name";
      sheet.getCell("A4").value = "UA05";
      sheet.getCell("B4").value = "Вінницька";
      sheet.getCell("A5").value = "   "; // only spaces: empty
      sheet.getCell("A7").value = "UA63";
    });
    const { sheets } = await readSpreadsheet(file);
    expect(sheets[0].headers).toEqual(["pcode", "name"]);
    expect(sheets[0].rows).toEqual([
      { pcode: "UA05", name: "Вінницька" },
      { pcode: "UA63", name: "" },
    ]);
    expect(sheets[0].rowNumbers).toEqual([4, 7]);
  });

  it("reads every sheet in workbook order and leaves out blank ones", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Admin 1").addRows([["Admin1 Pcode"], ["UA05"]]);
    workbook.addWorksheet("Notes");
    workbook.addWorksheet("Admin 2").addRows([["Admin2 Pcode"], ["UA0502"]]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { sheets } = await readSpreadsheet({ name: "cod.xlsx", bytes });
    expect(sheets.map((sheet) => sheet.name)).toEqual(["Admin 1", "Admin 2"]);
  });
});

describe("readSpreadsheet: files it cannot use", () => {
  it("refuses an empty file", async () => {
    await expectSpreadsheetError(readSpreadsheet(csvFile("")), "empty", /empty/);
    await expectSpreadsheetError(readSpreadsheet(csvFile(" \r\n ;; \n")), "empty", /no data/);
  });

  it("refuses a file with headers but no data rows", async () => {
    await expectSpreadsheetError(readSpreadsheet(csvFile("a;b\n\n")), "empty", /no data rows/);
    const file = await xlsxFile((sheet) => sheet.addRow(["Admin1 Pcode", "Oblast"]));
    await expectSpreadsheetError(readSpreadsheet(file), "empty", /no data rows/);
  });

  it("calls random binary data malformed", async () => {
    const bytes = new Uint8Array(2048).map((_, index) => (index * 7919 + 13) % 256);
    await expectSpreadsheetError(
      readSpreadsheet({ name: "photo.jpg", bytes }),
      "malformed",
      /neither an \.xlsx workbook nor CSV/,
    );
  });

  it("calls a corrupt or truncated zip malformed", async () => {
    const valid = await buildKoboXlsx();
    const garbage = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(500).fill(7)]);
    const truncated = valid.subarray(0, Math.floor(valid.length / 2));
    // Flip bytes of the compressed shared strings; the ZIP directory stays intact. (exceljs's
    // streaming reader never settles on such a file, which is why the reader uses load.)
    const damaged = Uint8Array.from(valid);
    const sharedStrings = new TextDecoder("latin1").decode(valid).indexOf("xl/sharedStrings.xml");
    for (let index = sharedStrings + 30; index < sharedStrings + 70; index++)
      damaged[index] ^= 0xff;
    for (const bytes of [garbage, truncated, damaged]) {
      await expectSpreadsheetError(
        readSpreadsheet({ name: "kobo.xlsx", bytes }),
        "malformed",
        /damaged/,
      );
    }
  });

  it("refuses a ZIP archive that is not a workbook", async () => {
    const valid = await buildKoboXlsx();
    // Renaming the workbook part in the archive makes it look like another Office format.
    const renamed = new TextDecoder("latin1")
      .decode(valid)
      .replaceAll("xl/workbook.xml", "xl/document.xml");
    const bytes = Uint8Array.from(renamed, (character) => character.charCodeAt(0));
    await expectSpreadsheetError(
      readSpreadsheet({ name: "form.ods", bytes }),
      "unsupported",
      /not an Excel/,
    );
  });

  it("refuses a workbook whose ZIP directory declares more than 100 MB unpacked", async () => {
    const bytes = Uint8Array.from(await buildKoboXlsx());
    const view = new DataView(bytes.buffer);
    // Central directory headers (signature PK\x01\x02) hold the unpacked size at offset 24.
    for (let offset = 0; offset + 46 <= bytes.length; offset++) {
      if (view.getUint32(offset, true) === 0x02014b50)
        view.setUint32(offset + 24, 60 * 2 ** 20, true);
    }
    await expectSpreadsheetError(
      readSpreadsheet({ name: "bomb.xlsx", bytes }),
      "too_many_rows",
      /too large to read \(\d+ MB unpacked, the limit is 100 MB\)/,
    );
  });

  it("points legacy .xls, UTF-16 and Windows-1251 files to a format it reads", async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    await expectSpreadsheetError(
      readSpreadsheet({ name: "old.xls", bytes: xls }),
      "unsupported",
      /\.xls/,
    );
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x3b, 0x00, 0x62, 0x00]);
    await expectSpreadsheetError(
      readSpreadsheet({ name: "u.txt", bytes: utf16 }),
      "unsupported",
      /UTF-16/,
    );
    // "Прізвище;Ім'я" in Windows-1251, as older Excel saves "CSV (comma delimited)".
    const cp1251 = new Uint8Array([
      0xcf, 0xf0, 0xb3, 0xe7, 0xe2, 0xe8, 0xf9, 0xe5, 0x3b, 0xb2, 0xec, 0x27, 0xff, 0x0a,
    ]);
    await expectSpreadsheetError(
      readSpreadsheet({ name: "w.csv", bytes: cp1251 }),
      "unsupported",
      /CSV UTF-8/,
    );
  });

  it("calls CSV with an unclosed quote malformed", async () => {
    await expectSpreadsheetError(
      readSpreadsheet(csvFile('surname,note\nМельник,"never closed\n')),
      "malformed",
      /not valid CSV/,
    );
  });

  it("refuses more data rows than maxRows, in CSV and XLSX", async () => {
    const text = "pcode\nUA05\nUA07\n\nUA12\nUA14\n";
    await expect(readSpreadsheet(csvFile(text), { maxRows: 4 })).resolves.toBeDefined();
    await expectSpreadsheetError(
      readSpreadsheet(csvFile(text), { maxRows: 3 }),
      "too_many_rows",
      /more than 3 data rows/,
    );
    const file = await xlsxFile(
      (sheet) => sheet.addRows([["pcode"], ["UA05"], ["UA07"], ["UA12"]]),
      "Admin 1",
    );
    await expect(readSpreadsheet(file, { maxRows: 3 })).resolves.toBeDefined();
    await expectSpreadsheetError(
      readSpreadsheet(file, { maxRows: 2 }),
      "too_many_rows",
      /"Admin 1"/,
    );
  });
});

describe("writeCsv", () => {
  it("starts with a UTF-8 byte-order mark and uses CRLF line ends", () => {
    const csv = writeCsv(["призвище", "сума"], [["Мельник", 60000]]);
    expect(csv).toBe("\uFEFFпризвище,сума\r\nМельник,60000\r\n");
  });

  it("neutralises cells that Excel would run as formulas, but not plain numbers", () => {
    const csv = writeCsv(
      ["value"],
      [
        ['=HYPERLINK("http://evil.example","click")'],
        ["+SUM(A1:A2)"],
        ["-2+3"],
        ["@cmd"],
        ["+380501234567"],
        ["-12.5"],
        [-7],
        [null],
        ["Київ, Поділ"],
      ],
    );
    expect(csv.slice(1).split("\r\n")).toEqual([
      "value",
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
      "'+SUM(A1:A2)",
      "'-2+3",
      "'@cmd",
      "+380501234567",
      "-12.5",
      "-7",
      "",
      '"Київ, Поділ"',
      "",
    ]);
  });

  it("is read back by readSpreadsheet", async () => {
    const csv = writeCsv(
      ["surname", "amount"],
      [
        ["Коваленко", 120000.5],
        ["=1+1", null],
      ],
    );
    const { sheets } = await readSpreadsheet(csvFile(csv));
    expect(sheets[0].rows).toEqual([
      { surname: "Коваленко", amount: "120000.5" },
      { surname: "'=1+1", amount: "" },
    ]);
  });
});

describe("writeXlsx", () => {
  it("writes a sheet that reads back to the same texts, with formulas kept as text", async () => {
    const bytes = await writeXlsx(
      "Applicants: 2024/03",
      ["surname", "amount", "note"],
      [
        ["Коваленко", 120000, "=1+1"],
        ["Шевченко", 30.5, null],
      ],
    );
    const { sheets } = await readSpreadsheet({ name: "export.xlsx", bytes });
    expect(sheets[0].name).toBe("Applicants  2024 03");
    expect(sheets[0].rows).toEqual([
      { surname: "Коваленко", amount: "120000", note: "=1+1" },
      { surname: "Шевченко", amount: "30.5", note: "" },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell("C2").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("B2").type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(1).font?.bold).toBe(true);
  });
});
