/**
 * Kobo import benchmark: 10,000 applicants in a partner NGO's own Kobo export, of the shape of
 * tests/fixtures/partner-eoi.ts (prefixed question names, an age but no birth date, free-text
 * hromadas matched to P-codes, activity categories mapped to KVED, select_multiple 0/1 columns,
 * extra answers kept), must import at 1,000 rows/s or more on this machine. A plain script, not a
 * vitest file:
 *
 *   npx tsx tests/bench/kobo-import.bench.ts [rows]
 *
 * It migrates a temporary database, loads the small COD-AB table, writes the rows as CSV and
 * XLSX, reads both, runs a dry run and the import to completion, and prints the figures. `run()`
 * returns them for a bench runner.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { migrateDatabase } from "../../db/migrate";
import { generatedPartnerRows, partnerEoiHeaders } from "../fixtures/partner-eoi";

const targetRowsPerSecond = 1_000;
const targetRows = 10_000;

export type KoboImportBenchFigures = {
  rows: number;
  created: number;
  invalid: number;
  extraAnswers: number;
  seconds: { readCsv: number; readXlsx: number; dryRun: number; import: number; xlsxReadAndImport: number };
  rowsPerSecond: number;
  /** The import's rows per second of this process's own CPU time: the figure other load on a shared machine does not move. */
  rowsPerCpuSecond: number;
  target: string;
  /** The target rate over the import's rate: below 1 meets it. */
  ratioToTarget: number;
};

const headers = partnerEoiHeaders;

function csvText(rows: Array<Record<string, string>>) {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  return [headers, ...rows.map((row) => headers.map((header) => row[header]))].map((cells) => cells.map(quote).join(";")).join("\r\n");
}

async function xlsxBytes(rows: Array<Record<string, string>>) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("MSME expression of interest");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(headers.map((header) => row[header]));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const seconds = (start: number) => Math.round((performance.now() - start) / 10) / 100;

export async function run(options: { rows?: number } = {}): Promise<KoboImportBenchFigures> {
  const rowCount = options.rows ?? targetRows;
  // A database of our own, unless a bench runner has already opened one in this process.
  if (!(globalThis as { __appDatabase?: unknown }).__appDatabase) {
    const folder = mkdtempSync(join(tmpdir(), "kobo-bench-"));
    const databasePath = join(folder, "bench.db");
    migrateDatabase(databasePath);
    process.env.DATABASE_PATH = databasePath;
    process.on("exit", () => rmSync(folder, { recursive: true, force: true }));
  }
  process.env.IDENTITY_KEY ??= "bench-identity-key-0123456789";
  process.env.SESSION_SECRET ??= "bench-session-secret-0123456789";

  // App modules open DATABASE_PATH when first imported.
  const { readSpreadsheet } = await import("../../app/lib/spreadsheet.server");
  const { createUser } = await import("../../app/modules/accounts/accounts.server");
  const { createOrganisation } = await import("../../app/modules/admin/organisations.server");
  const { createProgramme } = await import("../../app/modules/admin/programmes.server");
  const { dryRun, runImport } = await import("../../app/modules/imports/kobo-import.server");
  const { suggestMapping } = await import("../../app/modules/imports/kobo-mapping");
  const { parseCodAb } = await import("../../app/modules/locations/cod-ab");
  const { importAdminUnits } = await import("../../app/modules/locations/locations.server");
  const { db, schema } = await import("../../app/lib/db.server");
  const { count } = await import("drizzle-orm");
  const extraAnswerRows = () => db.select({ n: count() }).from(schema.caseExtraAnswers).get()?.n ?? 0;

  const label = randomUUID().slice(0, 8);
  const agency = createOrganisation(null, { name: `Bench agency ${label}`, nameUk: `Агенція ${label}`, kind: "agency", active: true, oblastPcodes: [] });
  const programme = createProgramme(null, {
    code: `BENCH-${label}`,
    name: "Bench programme",
    nameUk: "Програма для заміру",
    donor: "Bench",
    currency: "UAH",
    grantCeilingMinor: 20_000_000,
    budgetEnvelopeMinor: 10_000_000_000,
    followUpOffsetsMonths: [3, 6, 12],
    minReviewers: 2,
    trainingRequired: true,
    smallCellThreshold: 5,
    startDate: "2024-01-01",
    active: true,
  });
  const created = await createUser(null, {
    email: `bench-officer-${label}@bench.example`,
    name: "Bench Officer",
    role: "officer",
    organisationId: agency.id,
    password: `bench-password-${label}`,
    mustChangePassword: false,
  });
  const { passwordHash: _hidden, ...officer } = created;

  // The hromadas the rows' place names are matched to.
  const codAb = await readSpreadsheet({ name: "cod-ab-small.xlsx", bytes: new Uint8Array(readFileSync(new URL("../fixtures/cod-ab-small.xlsx", import.meta.url))) });
  importAdminUnits(null, parseCodAb(codAb).units, { fileName: "cod-ab-small.xlsx" });
  const extrasBefore = extraAnswerRows();

  const rows = generatedPartnerRows(rowCount);
  const csv = new TextEncoder().encode(csvText(rows));
  const xlsx = await xlsxBytes(rows);

  let start = performance.now();
  const csvWorkbook = await readSpreadsheet({ name: "bench.csv", bytes: csv }, { maxRows: rowCount });
  const readCsv = seconds(start);
  start = performance.now();
  const workbook = await readSpreadsheet({ name: "bench.xlsx", bytes: xlsx }, { maxRows: rowCount });
  const readXlsx = seconds(start);
  if (csvWorkbook.sheets[0].rows.length !== rowCount) throw new Error("the CSV did not read back");

  const mapping = suggestMapping(workbook.sheets[0].headers, workbook.sheets[0].rows);
  mapping.constants.programmeId = String(programme.id);

  start = performance.now();
  const preview = await dryRun(officer, workbook, mapping);
  const dryRunSeconds = seconds(start);
  if (preview.wouldCreate !== rowCount) throw new Error(`dry run: ${JSON.stringify({ ...preview, invalid: preview.invalid.slice(0, 3) })}`);

  start = performance.now();
  const cpuStart = process.cpuUsage();
  const outcome = await runImport(officer, "bench.xlsx", workbook, mapping);
  const importSeconds = seconds(start);
  const cpu = process.cpuUsage(cpuStart);
  const importCpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (outcome.status !== "finished") throw new Error(`import failed: ${outcome.error}`);

  const rowsPerSecond = Math.round(rowCount / importSeconds);
  return {
    rows: rowCount,
    created: outcome.summary.created,
    invalid: outcome.summary.invalid,
    extraAnswers: extraAnswerRows() - extrasBefore,
    seconds: { readCsv, readXlsx, dryRun: dryRunSeconds, import: importSeconds, xlsxReadAndImport: Math.round((readXlsx + importSeconds) * 100) / 100 },
    rowsPerSecond,
    rowsPerCpuSecond: Math.round(rowCount / importCpuSeconds),
    target: `≥ ${targetRowsPerSecond.toLocaleString("en")} rows/s for ${targetRows.toLocaleString("en")} rows`,
    ratioToTarget: Math.round((targetRowsPerSecond / rowsPerSecond) * 1000) / 1000,
  };
}

const runAsScript = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runAsScript) {
  const rows = process.argv[2] ? Number(process.argv[2]) : undefined;
  const figures = await run({ rows });
  console.log(`Kobo import of ${figures.rows.toLocaleString("en")} rows of a partner's form (${figures.created.toLocaleString("en")} created, ${figures.invalid} invalid, ${figures.extraAnswers.toLocaleString("en")} extra answers kept)`);
  console.log(`  read CSV          ${figures.seconds.readCsv.toFixed(2)} s`);
  console.log(`  read XLSX         ${figures.seconds.readXlsx.toFixed(2)} s`);
  console.log(`  dry run           ${figures.seconds.dryRun.toFixed(2)} s`);
  console.log(`  import            ${figures.seconds.import.toFixed(2)} s  (${figures.rowsPerSecond.toLocaleString("en")} rows/s; ${figures.rowsPerCpuSecond.toLocaleString("en")} rows per CPU second)`);
  console.log(`  XLSX read+import  ${figures.seconds.xlsxReadAndImport.toFixed(2)} s`);
  console.log(`  target            ${figures.target}: import at ${figures.ratioToTarget} × the target ${figures.ratioToTarget < 1 ? "(met)" : "(NOT met)"}`);
}
