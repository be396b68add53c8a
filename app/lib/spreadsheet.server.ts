/**
 * The one way to read and write tabular files: XLSX workbooks and CSV text uploaded by admins
 * (the OCHA COD-AB boundaries table) and officers (KoboToolbox exports), and the exports we give
 * back. Every cell comes out as a trimmed string; domain modules decide what the strings mean.
 */
import { PassThrough, Readable } from "node:stream";
import { crc32, inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyCsv } from "csv-stringify/sync";

export type WorkbookSheet = {
  name: string;
  headers: string[];
  rows: Array<Record<string, string>>;
  /** The 1-based row number in the file of each entry of `rows`, for messages such as "row 57". */
  rowNumbers?: number[];
};

export type Workbook = { sheets: WorkbookSheet[] };

export type SpreadsheetErrorCode = "empty" | "malformed" | "too_many_rows" | "unsupported";

export class SpreadsheetError extends Error {
  constructor(readonly code: SpreadsheetErrorCode, message: string) {
    super(message);
    this.name = "SpreadsheetError";
  }
}

export type SpreadsheetFile = { name: string; bytes: Uint8Array };

// The national settlement sheet (COD-AB "Admin 4", 29,705 rows) must fit; Kobo exports are smaller.
const defaultMaxRows = 50_000;
// The full COD-AB workbook expands to 25 MB of XML; four times that is refused, because the XLSX
// reader holds the whole expanded workbook in memory. Counted on the bytes actually inflated.
const maxExpandedBytes = 100 * 2 ** 20;
// A workbook has a few dozen parts; thousands of tiny entries are a way to waste work.
const maxZipEntries = 10_000;

/**
 * Reads an uploaded XLSX or CSV file. The format is recognised by content, not by file name.
 * The header row is the first non-empty row; fully empty rows are skipped; `maxRows` limits the
 * data rows of each sheet. Throws SpreadsheetError for files that cannot be used.
 */
export async function readSpreadsheet(
  file: SpreadsheetFile,
  options: { maxRows?: number } = {},
): Promise<Workbook> {
  const maxRows = options.maxRows ?? defaultMaxRows;
  if (file.bytes.length === 0) {
    throw new SpreadsheetError("empty", `${file.name} is empty.`);
  }
  const workbook = startsWith(file.bytes, zipMagic)
    ? await readXlsx(file, maxRows)
    : readCsv(file, maxRows);
  if (workbook.sheets.length === 0) {
    throw new SpreadsheetError("empty", `${file.name} contains no data.`);
  }
  if (workbook.sheets.every((sheet) => sheet.rows.length === 0)) {
    throw new SpreadsheetError("empty", `${file.name} has column headers but no data rows.`);
  }
  return workbook;
}

// ---------------------------------------------------------------------------------------------
// Format recognition

const zipMagic = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04"
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls and password-protected workbooks
const utf16LittleEndianBom = [0xff, 0xfe];
const utf16BigEndianBom = [0xfe, 0xff];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

// Control bytes never occur in CSV text in any encoding, but are frequent in binary files.
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  return sample.some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b));
}

// ---------------------------------------------------------------------------------------------
// XLSX

async function readXlsx(file: SpreadsheetFile, maxRows: number): Promise<Workbook> {
  const archive = unpackXlsx(file);
  const excel = new ExcelJS.Workbook();
  try {
    // xlsx.load, not the streaming WorkbookReader: streaming was faster on the full COD-AB
    // table (about 1.0 s against 1.5 s) but never settles on a corrupt deflate stream, and it
    // yields sheets in ZIP order (the published file stores "Admin 4" before "Admin 3").
    await excel.xlsx.load(archive.buffer);
  } catch (error) {
    throw new SpreadsheetError(
      "malformed",
      `${file.name} is damaged or not a valid Excel workbook (${errorText(error)}).`,
    );
  }
  const sheets: WorkbookSheet[] = [];
  for (const worksheet of excel.worksheets) {
    const collector = new SheetCollector(worksheet.name, file.name, maxRows);
    worksheet.eachRow((row, rowNumber) => collector.add(rowNumber, excelRowCells(row)));
    const sheet = collector.finish();
    if (sheet) sheets.push(sheet);
  }
  return { sheets };
}

/**
 * The workbook's parts, inflated here and packed again without compression, for ExcelJS to read.
 * The sizes a ZIP declares can lie (a 210 KB file declaring small sizes once unpacked to 200 MB
 * before being refused), so each entry is inflated with the bytes counted as they come out, and
 * inflation stops at the limit. ExcelJS then reads exactly the bytes that were counted.
 */
function unpackXlsx(file: SpreadsheetFile): Uint8Array<ArrayBuffer> {
  const damaged = (detail: string) =>
    new SpreadsheetError("malformed", `${file.name} is damaged (${detail}). Save the workbook again as .xlsx.`);
  const limitMegabytes = maxExpandedBytes / 2 ** 20;
  const tooLarge = (declaredBytes?: number) =>
    new SpreadsheetError(
      "too_many_rows",
      `${file.name} is too large to read (${declaredBytes ? Math.round(declaredBytes / 2 ** 20) : `more than ${limitMegabytes}`} MB ` +
        `unpacked, the limit is ${limitMegabytes} MB). Split it into smaller files.`,
    );
  const entries = listZipEntries(file.bytes);
  if (!entries) throw damaged("its ZIP directory cannot be read");
  if (!entries.some((entry) => entry.name === "xl/workbook.xml")) {
    throw new SpreadsheetError(
      "unsupported",
      `${file.name} is a ZIP archive but not an Excel .xlsx workbook (for example .ods or .docx). ` +
        "Save it as .xlsx or CSV.",
    );
  }
  // Declared sizes may refuse a file early, never admit one.
  const declaredBytes = entries.reduce((total, entry) => total + entry.declaredSize, 0);
  if (declaredBytes > maxExpandedBytes) throw tooLarge(declaredBytes);
  const parts: StoredPart[] = [];
  let inflatedBytes = 0;
  for (const entry of entries) {
    if (entry.name.endsWith("/")) continue;
    const data = inflateEntry(file.bytes, entry, maxExpandedBytes - inflatedBytes, damaged, tooLarge);
    inflatedBytes += data.byteLength;
    if (inflatedBytes > maxExpandedBytes) throw tooLarge();
    parts.push({ nameBytes: entry.nameBytes, utf8Name: entry.utf8Name, data });
  }
  return storedZip(parts);
}

type ZipEntry = {
  name: string;
  nameBytes: Uint8Array;
  utf8Name: boolean;
  encrypted: boolean;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
};

/** The ZIP central directory (PKWARE APPNOTE 4.3.12/4.3.16), or null if it is unreadable. */
function listZipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(view);
  if (end < 0) return null;
  const entryCount = view.getUint16(end + 10, true);
  // 0xFFFF entries or offsets means ZIP64, which no workbook of our sizes needs.
  if (entryCount === 0xffff || entryCount > maxZipEntries) return null;
  let offset = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < entryCount; index++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== 0x02014b50) return null;
    const flags = view.getUint16(offset + 8, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const nameBytes = bytes.slice(offset + 46, offset + 46 + nameLength);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(nameBytes),
      nameBytes,
      utf8Name: (flags & 0x0800) !== 0,
      encrypted: (flags & 0x0001) !== 0,
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      declaredSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    };
    if ([entry.compressedSize, entry.declaredSize, entry.localHeaderOffset].includes(0xffffffff)) return null;
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes at the very end of the file.
  const earliest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= earliest; offset--) {
    if (view.getUint32(offset, true) === 0x06054b50) return offset;
  }
  return -1;
}

/** One entry's content, at most `budget` bytes of it: zlib stops inflating past maxOutputLength. */
function inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  budget: number,
  damaged: (detail: string) => SpreadsheetError,
  tooLarge: () => SpreadsheetError,
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localHeaderOffset;
  if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== 0x04034b50) throw damaged(`no local header for ${entry.name}`);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const compressed = bytes.subarray(start, start + entry.compressedSize);
  if (compressed.byteLength !== entry.compressedSize) throw damaged(`${entry.name} is cut short`);
  if (entry.encrypted) throw new SpreadsheetError("unsupported", "The workbook is password-protected. Remove the password and save it as .xlsx.");
  if (entry.method === 0) {
    if (compressed.byteLength > budget) throw tooLarge();
    return compressed;
  }
  if (entry.method !== 8) throw damaged(`${entry.name} uses an unknown compression method`);
  try {
    return inflateRawSync(compressed, { maxOutputLength: Math.max(1, budget) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
    throw damaged(`${entry.name}: ${errorText(error)}`);
  }
}

type StoredPart = { nameBytes: Uint8Array; utf8Name: boolean; data: Uint8Array };

/** A ZIP of the parts without compression (method 0): PKWARE APPNOTE 4.3.7, 4.3.12 and 4.3.16. */
function storedZip(parts: StoredPart[]): Uint8Array<ArrayBuffer> {
  const chunks: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const part of parts) {
    const flags = part.utf8Name ? 0x0800 : 0;
    const checksum = crc32(part.data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, flags, true);
    local.setUint16(12, 0x21, true); // 1980-01-01, the earliest ZIP date
    local.setUint32(14, checksum, true);
    local.setUint32(18, part.data.byteLength, true);
    local.setUint32(22, part.data.byteLength, true);
    local.setUint16(26, part.nameBytes.byteLength, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint16(8, flags, true);
    central.setUint16(14, 0x21, true);
    central.setUint32(16, checksum, true);
    central.setUint32(20, part.data.byteLength, true);
    central.setUint32(24, part.data.byteLength, true);
    central.setUint16(28, part.nameBytes.byteLength, true);
    central.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), part.nameBytes, part.data);
    directory.push(new Uint8Array(central.buffer), part.nameBytes);
    offset += 30 + part.nameBytes.byteLength + part.data.byteLength;
  }
  const directorySize = directory.reduce((total, chunk) => total + chunk.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, parts.length, true);
  end.setUint16(10, parts.length, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, offset, true);
  const archive = new Uint8Array(offset + directorySize + 22);
  let position = 0;
  for (const chunk of [...chunks, ...directory, new Uint8Array(end.buffer)]) {
    archive.set(chunk, position);
    position += chunk.byteLength;
  }
  return archive;
}

function excelRowCells(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  row.eachCell((cell, columnNumber) => {
    cells[columnNumber - 1] = excelCellText(cell.value);
  });
  return Array.from(cells, (text) => text ?? "");
}

/** One cell as text: formulas give their result, rich text is flattened, dates become ISO. */
function excelCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return excelDateText(value);
  if ("richText" in value) return value.richText.map(({ text }) => text).join("").trim();
  if ("formula" in value || "sharedFormula" in value) return excelCellText(value.result ?? null);
  // A hyperlink's text is itself rich text when the link is formatted.
  if ("hyperlink" in value) return excelCellText(value.text);
  if ("error" in value) return value.error;
  return "";
}

/** Shortest decimal form without binary float noise: 30.499999999999996 → "30.5". */
function numberText(value: number): string {
  if (!Number.isFinite(value)) return "";
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/**
 * Excel stores wall-clock date-times without a zone, and exceljs reads them as UTC: the UTC
 * fields are the ones the user typed. A date gives YYYY-MM-DD, a date-time YYYY-MM-DDTHH:MM:SS.
 */
function excelDateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  // Serial day fractions carry sub-second noise (10:14:59.9997); round to the second.
  const iso = new Date(Math.round(date.getTime() / 1000) * 1000).toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  if (day === "1899-12-30") return time; // a time-only cell: serial 0 is 1899-12-30
  return time === "00:00:00" ? day : `${day}T${time}`;
}

// ---------------------------------------------------------------------------------------------
// CSV

function readCsv(file: SpreadsheetFile, maxRows: number): Workbook {
  const text = decodeCsvText(file);
  const headerLine = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== "");
  if (headerLine === undefined) throw new SpreadsheetError("empty", `${file.name} is empty.`);
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter: detectDelimiter(headerLine),
      relax_column_count: true,
      // A stray quote inside an unquoted field (ТОВ "Світанок") is kept as text.
      relax_quotes: true,
    });
  } catch (error) {
    throw new SpreadsheetError("malformed", `${file.name} is not valid CSV: ${errorText(error)}`);
  }
  const collector = new SheetCollector(sheetNameFromFileName(file.name), file.name, maxRows);
  // Each CSV record is one row when the file is opened in Excel, so its index is the row number.
  records.forEach((record, index) => {
    const cells = record.map((cell) => cell.trim());
    collector.add(index + 1, cells);
  });
  const sheet = collector.finish();
  return { sheets: sheet ? [sheet] : [] };
}

function decodeCsvText(file: SpreadsheetFile): string {
  const { bytes, name } = file;
  if (startsWith(bytes, oleMagic)) {
    throw new SpreadsheetError(
      "unsupported",
      `${name} is a legacy .xls or a password-protected workbook. ` +
        "Remove the password and save it as .xlsx.",
    );
  }
  if (startsWith(bytes, utf16LittleEndianBom) || startsWith(bytes, utf16BigEndianBom)) {
    throw new SpreadsheetError(
      "unsupported",
      `${name} is UTF-16 text ("Unicode Text"). Save it as "CSV UTF-8" or .xlsx.`,
    );
  }
  if (looksBinary(bytes)) {
    throw new SpreadsheetError("malformed", `${name} is neither an .xlsx workbook nor CSV text.`);
  }
  try {
    // The decoder drops a UTF-8 byte-order mark, which Excel writes at the start of "CSV UTF-8".
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SpreadsheetError(
      "unsupported",
      `${name} is not UTF-8 text (probably Windows-1251). ` +
        'In Excel choose "Save as" → "CSV UTF-8", or upload .xlsx.',
    );
  }
}

const candidateDelimiters = [",", ";", "\t"] as const;

/** The delimiter seen most often outside quotes in the header line; comma when none is seen. */
function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(candidateDelimiters.map((delimiter) => [delimiter, 0]));
  let insideQuotes = false;
  for (const character of headerLine) {
    if (character === '"') insideQuotes = !insideQuotes;
    else if (!insideQuotes && counts.has(character)) {
      counts.set(character, (counts.get(character) ?? 0) + 1);
    }
  }
  let best = ",";
  for (const delimiter of candidateDelimiters) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

function sheetNameFromFileName(fileName: string): string {
  const baseName = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  return baseName.trim() || "Sheet1";
}

// ---------------------------------------------------------------------------------------------
// Rows → sheet (shared by both formats)

/** Collects the rows of one sheet: header detection, empty-row skipping and the row limit. */
class SheetCollector {
  private headerCells: string[] | null = null;
  private readonly dataRows: string[][] = [];
  private readonly rowNumbers: number[] = [];

  constructor(
    private readonly sheetName: string,
    private readonly fileName: string,
    private readonly maxRows: number,
  ) {}

  add(rowNumber: number, cells: string[]): void {
    if (cells.every((cell) => cell === "")) return;
    if (!this.headerCells) {
      this.headerCells = cells;
      return;
    }
    if (this.dataRows.length >= this.maxRows) {
      throw new SpreadsheetError(
        "too_many_rows",
        `Sheet "${this.sheetName}" of ${this.fileName} has more than ` +
          `${this.maxRows.toLocaleString("en")} data rows. Split it into smaller files.`,
      );
    }
    this.dataRows.push(cells);
    this.rowNumbers.push(rowNumber);
  }

  /** The sheet, or null when it holds nothing at all (such as an unused "Sheet2"). */
  finish(): WorkbookSheet | null {
    if (!this.headerCells) return null;
    const width = this.dataRows.reduce(
      (widest, cells) => Math.max(widest, filledWidth(cells)),
      filledWidth(this.headerCells),
    );
    const headers = headerNames(this.headerCells, width);
    const rows = this.dataRows.map((cells) =>
      Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ""])),
    );
    return { name: this.sheetName, headers, rows, rowNumbers: this.rowNumbers };
  }
}

function filledWidth(cells: string[]): number {
  let width = cells.length;
  while (width > 0 && cells[width - 1] === "") width--;
  return width;
}

/**
 * Rows are keyed by header, so every column needs a distinct name: a blank header becomes
 * "Column F" (its letter in Excel) and a repeated one gets " (2)", " (3)"…
 */
function headerNames(headerCells: string[], width: number): string[] {
  const seen = new Map<string, number>();
  return Array.from({ length: width }, (_, index) => {
    const base = (headerCells[index] ?? "").replace(/\s+/g, " ") || `Column ${columnLetter(index)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

function columnLetter(index: number): string {
  let letters = "";
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * A calendar date (`YYYY-MM-DD`) or a wall-clock date and time (`YYYY-MM-DDTHH:MM`): a real date
 * cell in XLSX (sortable, filterable), the same ISO text in CSV.
 */
export type ExportDate = { date: string };
export type ExportCell = string | number | null | ExportDate;

function isExportDate(value: ExportCell): value is ExportDate {
  return typeof value === "object" && value !== null;
}

function cellText(value: ExportCell): string {
  return isExportDate(value) ? value.date.replace("T", " ") : String(value ?? "");
}

/** Excel keeps no time zone: the wall-clock fields are written as UTC, as exceljs reads them. */
function excelDate(value: ExportDate): { value: Date; numFmt: string } | null {
  const dateTime = value.date.length > 10;
  const date = new Date(`${value.date.slice(0, 16)}${dateTime ? ":00" : "T00:00:00"}Z`);
  return Number.isNaN(date.getTime()) ? null : { value: date, numFmt: dateTime ? "yyyy-mm-dd hh:mm" : "yyyy-mm-dd" };
}

/**
 * XLSX export: one sheet with a bold, frozen header row and an autofilter on it, dates as date
 * cells, and optional notes on a second sheet.
 */
export async function writeXlsx(
  sheetName: string,
  headers: string[],
  rows: ExportCell[][],
  notes?: { title: string; lines: string[] },
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(excelSheetName(sheetName), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.addRow(headers).font = { bold: true };
  if (headers.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  // Strings are written as text cells, never as formulas, so "=…" cannot run in an XLSX export.
  for (const row of rows) {
    const added = sheet.addRow(row.map((value) => (isExportDate(value) ? value.date : value)));
    row.forEach((value, index) => {
      const date = isExportDate(value) ? excelDate(value) : null;
      if (!date) return;
      const cell = added.getCell(index + 1);
      cell.value = date.value;
      cell.numFmt = date.numFmt;
    });
  }
  headers.forEach((header, index) => {
    const longest = rows.reduce(
      (widest, row) => Math.max(widest, cellText(row[index] ?? null).length),
      header.length,
    );
    sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, longest + 2));
  });
  if (notes) {
    const notesSheet = workbook.addWorksheet(excelSheetName(notes.title));
    for (const line of notes.lines) notesSheet.addRow([line]);
    notesSheet.getColumn(1).width = 100;
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * XLSX export of several tables (the outcomes page's tables): one sheet each, like writeXlsx's,
 * then the notes sheet. Sheet names must be unique within 31 characters: callers number them.
 */
export async function writeXlsxSheets(
  sheets: Array<{ name: string; headers: string[]; rows: ExportCell[][] }>,
  notes?: { title: string; lines: string[] },
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, headers, rows } of sheets) {
    const sheet = workbook.addWorksheet(excelSheetName(name), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow(headers).font = { bold: true };
    for (const row of rows) sheet.addRow(row.map((value) => (isExportDate(value) ? value.date : value)));
    headers.forEach((header, index) => {
      const longest = rows.reduce((widest, row) => Math.max(widest, cellText(row[index] ?? null).length), header.length);
      sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, longest + 2));
    });
  }
  if (notes) {
    const notesSheet = workbook.addWorksheet(excelSheetName(notes.title));
    for (const line of notes.lines) notesSheet.addRow([line]);
    notesSheet.getColumn(1).width = 100;
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// Excel refuses sheet names longer than 31 characters or containing : \ / ? * [ ].
function excelSheetName(name: string): string {
  const allowed = name.replace(/[:\\/?*[\]]/g, " ").trim();
  return allowed.slice(0, 31) || "Sheet1";
}

/**
 * CSV export, comma-separated with CRLF line ends. It starts with a UTF-8 byte-order mark so
 * that Excel shows Cyrillic correctly, and text that Excel would run as a formula is prefixed
 * with a quote (OWASP "CSV injection").
 */
export function writeCsv(headers: string[], rows: ExportCell[][]): string {
  const records = [headers, ...rows].map((row) => row.map(csvCellText));
  return "\uFEFF" + stringifyCsv(records, { record_delimiter: "windows" });
}

const formulaTrigger = /^[=+\-@\t\r]/;
// Signed numbers such as -12.5 or a phone number +380501234567 are data, not formulas.
const plainNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function csvCellText(value: ExportCell): string {
  if (value === null) return "";
  if (typeof value === "number") return numberText(value);
  if (isExportDate(value)) return cellText(value);
  return formulaTrigger.test(value) && !plainNumber.test(value) ? `'${value}` : value;
}

// ---------------------------------------------------------------------------------------------
// Streamed writing: exports of any length in flat memory

/** A table whose rows are read as the file is written (from a read snapshot), never all held. */
export type StreamedTable = {
  headers: string[];
  rows: Iterator<ExportCell[]>;
  /** After the rows: CSV lines starting with "#" after an empty line; an XLSX "Notes" sheet. */
  notes?: { title: string; lines: string[] };
  /** Called once when the file is complete, abandoned by the client, or failed. */
  onClose?: () => void;
};

/** The most rows an XLSX sheet holds below its header row (Excel's limit is 1,048,576 rows). */
export const xlsxMaxDataRows = 1_048_575;

// Rows converted per turn of the event loop: other requests are served between two chunks.
const streamChunkRows = 500;

function takeRows(rows: Iterator<ExportCell[]>, count: number): ExportCell[][] {
  const chunk: ExportCell[][] = [];
  while (chunk.length < count) {
    const next = rows.next();
    if (next.done) break;
    chunk.push(next.value);
  }
  return chunk;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function closeOnce(onClose: (() => void) | undefined) {
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    onClose?.();
  };
}

/**
 * The CSV of writeCsv, produced a chunk of rows at a time as the client reads it: the next rows
 * are read only when the previous ones have been taken (the stream's pull), so a slow download
 * holds no more than a chunk in memory.
 */
export function csvStream({ headers, rows, notes, onClose }: StreamedTable): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const csv = (records: ExportCell[][]) => encoder.encode(stringifyCsv(records.map((row) => row.map(csvCellText)), { record_delimiter: "windows" }));
  const close = closeOnce(onClose);
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(concatBytes(encoder.encode("\uFEFF"), csv([headers])));
      },
      async pull(controller) {
        await nextTurn();
        if (cancelled) return;
        try {
          const chunk = takeRows(rows, streamChunkRows);
          if (chunk.length) controller.enqueue(csv(chunk));
          if (chunk.length === streamChunkRows) return;
          if (notes?.lines.length) controller.enqueue(csv([[], ...notes.lines.map((line) => [`# ${line}`])]));
          close();
          controller.close();
        } catch (error) {
          close();
          controller.error(error);
        }
      },
      cancel() {
        cancelled = true;
        close();
      },
    },
    { highWaterMark: 1 },
  );
}

function concatBytes(first: Uint8Array, second: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(first.byteLength + second.byteLength);
  bytes.set(first, 0);
  bytes.set(second, first.byteLength);
  return bytes;
}

// Uncompressed sheet bytes allowed to wait for the zip's deflate before more rows are made.
const maxZipBacklogBytes = 1024 * 1024;

type StreamState = { length?: number };
type ZipInput = { _writableState?: StreamState; _readableState?: StreamState };

/**
 * The bytes exceljs's sheet stream has handed to the zip that the zip has not compressed yet.
 * That stream never reports itself full (its write() always returns true), so the backlog is
 * read from the zip's input stream: without this pause a fast producer and a slower deflate
 * held a whole 100,000-row sheet, uncompressed (150 MB), in memory.
 */
function zipBacklog(sheet: ExcelJS.Worksheet): number {
  const sheetStream = (sheet as unknown as { stream?: { pipes?: ZipInput[]; buffers?: unknown[] } }).stream;
  const queued = (sheetStream?.buffers?.length ?? 0) * 65_536;
  return (sheetStream?.pipes ?? []).reduce((total, pipe) => total + (pipe._writableState?.length ?? 0) + (pipe._readableState?.length ?? 0), queued);
}

/**
 * The workbook of writeXlsx through exceljs's streaming writer: each chunk of rows is committed
 * (written out and forgotten) and the next is read only once the zipped bytes have been taken
 * by the client. Column widths are decided from the header and the first chunk, since they are
 * written before the first row.
 */
export function xlsxStream(sheetName: string, { headers, rows, notes, onClose }: StreamedTable): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const close = closeOnce(onClose);
  let abandoned = false;
  output.once("close", () => {
    abandoned = !output.writableFinished;
    close();
  });
  // Resolves when the zip and the client have taken what was written (or the client has gone).
  const drained = async (sheet: ExcelJS.Worksheet) => {
    await nextTurn();
    while (!output.destroyed && (output.writableNeedDrain || zipBacklog(sheet) > maxZipBacklogBytes)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(excelSheetName(sheetName), { views: [{ state: "frozen", ySplit: 1 }] });
    let chunk = takeRows(rows, streamChunkRows);
    headers.forEach((header, index) => {
      const longest = chunk.reduce((widest, row) => Math.max(widest, cellText(row[index] ?? null).length), header.length);
      sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, longest + 2));
    });
    if (headers.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
    const headerRow = sheet.addRow(headers);
    headerRow.font = { bold: true };
    headerRow.commit();
    while (chunk.length) {
      // Strings are written as text cells, never as formulas, as in writeXlsx.
      for (const row of chunk) {
        const added = sheet.addRow(row.map((value) => (isExportDate(value) ? value.date : value)));
        row.forEach((value, index) => {
          const date = isExportDate(value) ? excelDate(value) : null;
          if (!date) return;
          const cell = added.getCell(index + 1);
          cell.value = date.value;
          cell.numFmt = date.numFmt;
        });
        added.commit();
      }
      await drained(sheet);
      if (abandoned) return;
      chunk = chunk.length === streamChunkRows ? takeRows(rows, streamChunkRows) : [];
    }
    sheet.commit();
    if (notes) {
      const notesSheet = workbook.addWorksheet(excelSheetName(notes.title));
      notesSheet.getColumn(1).width = 100;
      for (const line of notes.lines) notesSheet.addRow([line]).commit();
      notesSheet.commit();
    }
    await workbook.commit();
  };
  write().then(close, (error: unknown) => {
    close();
    output.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}
