// The streamed writers (csvStream, xlsxStream) write the same files as writeCsv and writeXlsx:
// byte for byte for CSV, cell for cell for XLSX, formula guard and dates included.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { csvStream, readSpreadsheet, writeCsv, writeXlsx, xlsxStream, type ExportCell } from "~/lib/spreadsheet.server";

const headers = ["Код справи", "Сума", "Дата", "Примітка"];
function rowsOf(count: number): ExportCell[][] {
  return Array.from({ length: count }, (_, i) => [
    `LT-${String(i).padStart(5, "0")}`,
    i % 3 === 0 ? null : i * 12.5,
    { date: `2026-0${1 + (i % 9)}-1${i % 10}` },
    // Text Excel would run as a formula is written as text, in both writers.
    i % 250 === 0 ? `=HYPERLINK("http://x/${i}")` : `"Лапки", кома; ${i}\nрядок`,
  ]);
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("csvStream", () => {
  it("writes exactly writeCsv's bytes, across many chunks, notes after an empty line", async () => {
    const rows = rowsOf(1_234);
    const notes = ["Перша примітка", "Second note"];
    const streamed = await bytesOf(csvStream({ headers, rows: rows[Symbol.iterator](), notes: { title: "", lines: notes } }));
    const whole = new TextEncoder().encode(writeCsv(headers, [...rows, [], ...notes.map((note) => [`# ${note}`])]));
    expect(streamed.byteLength).toBe(whole.byteLength);
    expect(Buffer.from(streamed).equals(Buffer.from(whole))).toBe(true);
  });

  it("writes the header alone for no rows", async () => {
    const streamed = await bytesOf(csvStream({ headers, rows: [][Symbol.iterator]() }));
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(streamed)).toBe(writeCsv(headers, []));
  });
});

describe("xlsxStream", () => {
  it("writes the cells, sheets, header style and date cells writeXlsx writes", async () => {
    const rows = rowsOf(1_234);
    const notes = { title: "Примітки", lines: ["Перша примітка"] };
    const streamed = await bytesOf(xlsxStream("Справи", { headers, rows: rows[Symbol.iterator](), notes }));
    const whole = await writeXlsx("Справи", headers, rows, notes);
    const [streamedBook, wholeBook] = await Promise.all([readSpreadsheet({ name: "s.xlsx", bytes: streamed }), readSpreadsheet({ name: "w.xlsx", bytes: whole })]);
    expect(streamedBook).toEqual(wholeBook);
    expect(streamedBook.sheets.map((sheet) => [sheet.name, sheet.rows.length])).toEqual([
      ["Справи", 1_234],
      ["Примітки", 0],
    ]);

    const excel = new ExcelJS.Workbook();
    await excel.xlsx.load(streamed.buffer as ArrayBuffer);
    const sheet = excel.getWorksheet("Справи")!;
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const date = sheet.getRow(2).getCell(3);
    expect(date.value).toEqual(new Date("2026-01-10T00:00:00Z"));
    expect(date.numFmt).toBe("yyyy-mm-dd");
    // A formula-looking text stays a string cell, never a formula.
    expect(sheet.getRow(2).getCell(4).value).toBe('=HYPERLINK("http://x/0")');
    expect(sheet.getRow(2).getCell(4).type).toBe(ExcelJS.ValueType.String);
  });
});
