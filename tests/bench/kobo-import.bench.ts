/**
 * Kobo import benchmark: 10,000 valid applicants in a Kobo export ("XML values and headers")
 * must import in under 20 s on this machine. A plain script, not a vitest file:
 *
 *   npx tsx tests/bench/kobo-import.bench.ts [rows]
 *
 * It migrates a temporary database, writes the rows as CSV and XLSX, reads both, runs a dry run
 * and the import to completion, and prints the figures. `run()` returns them for a bench runner.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { migrateDatabase } from "../../db/migrate";

const targetSeconds = 20;
const targetRows = 10_000;

export type KoboImportBenchFigures = {
  rows: number;
  created: number;
  invalid: number;
  seconds: { readCsv: number; readXlsx: number; dryRun: number; import: number; xlsxReadAndImport: number };
  rowsPerSecond: number;
  target: string;
  /** Import seconds, scaled to 10,000 rows, over the 20 s target: below 1 meets it. */
  ratioToTarget: number;
};

// prettier-ignore
const femaleNames = ["Олена", "Тетяна", "Наталія", "Марія", "Ірина", "Оксана", "Юлія", "Світлана", "Галина", "Мар'яна", "Катерина", "Людмила"];
// prettier-ignore
const maleNames = ["Андрій", "Юрій", "Олександр", "Сергій", "Володимир", "Микола", "Дмитро", "Іван", "Богдан", "Тарас", "Олег", "Василь"];
// prettier-ignore
const surnames = ["Коваленко", "Шевченко", "Бондаренко", "Мельник", "Кравчук", "Ткаченко", "Бойко", "Коваль", "Олійник", "Лисенко", "Гнатюк", "Савчук", "Поліщук", "Руденко", "Марченко", "Павленко", "Кузьменко", "Климченко"];
// prettier-ignore
const patronymics = { female: ["Петрівна", "Іванівна", "Василівна", "Миколаївна"], male: ["Миколайович", "Олексійович", "Петрович", "Іванович"] };
const oblastSpellings = ["UA63", "kharkivska", "UA12", "dnipropetrovska", "UA46", "lviv", "UA32", "київська", "UA05", "odeska"];
const kvedClasses = ["14.13", "45.20", "96.02", "62.01", "10.71", "01.47", "16.23", "56.10"];
const statuses = ["idp", "idp", "long_res", "ret"];

const headers = [
  "applicant/surname", "applicant/first_name", "applicant/patronymic", "applicant/sex", "applicant/birth_date",
  "applicant/rnokpp", "applicant/phone", "displacement/status", "displacement/oblast",
  "displacement/idp_certificate_number", "displacement/idp_certificate_date",
  "household/hh_size", "household/children", "household/older_members", "household/members_with_disability",
  "business/business_type", "business/modality", "business/kved", "business/amount", "consent/interviewer",
  "_id", "_uuid", "_submission_time", "_status", "_submitted_by", "_index",
]; // prettier-ignore

function isoDay(base: string, days: number) {
  return new Date(Date.parse(`${base}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Distinct, valid applicants: each (birth date, sex) pair is used once, so RNOKPPs differ. */
function koboRows(count: number, makeRnokpp: (birthDate: string, sex: "female" | "male", serial: number) => string) {
  return Array.from({ length: count }, (_, index) => {
    const sex = index % 2 === 0 ? "female" : "male";
    const birthDate = isoDay("1965-01-01", Math.floor(index / 2));
    const status = statuses[index % statuses.length];
    const idp = status === "idp";
    const children = index % 3;
    return {
      "applicant/surname": surnames[index % surnames.length],
      "applicant/first_name": (sex === "female" ? femaleNames : maleNames)[Math.floor(index / 2) % 12],
      "applicant/patronymic": patronymics[sex][index % 4],
      "applicant/sex": sex,
      "applicant/birth_date": birthDate,
      "applicant/rnokpp": makeRnokpp(birthDate, sex, index % 5000),
      "applicant/phone": `+38050${String(1_000_000 + index).padStart(7, "0")}`,
      "displacement/status": status,
      "displacement/oblast": oblastSpellings[index % oblastSpellings.length],
      "displacement/idp_certificate_number": idp ? `6310-${String(7_000_000_000 + index)}` : "",
      "displacement/idp_certificate_date": idp ? isoDay("2022-03-01", index % 700) : "",
      "household/hh_size": String(children + 2),
      "household/children": String(children),
      "household/older_members": "0",
      "household/members_with_disability": index % 10 === 0 ? "1" : "0",
      "business/business_type": "new",
      "business/modality": index % 2 ? "cash" : "in_kind",
      "business/kved": kvedClasses[index % kvedClasses.length],
      "business/amount": String(50_000 + (index % 20) * 5_000),
      "consent/interviewer": "Ірина Савчук",
      _id: String(100_000 + index),
      _uuid: randomUUID(),
      _submission_time: `${isoDay("2024-03-01", index % 60)}T10:${String(index % 60).padStart(2, "0")}:00`,
      _status: "submitted_via_web",
      _submitted_by: "",
      _index: String(index + 1),
    } as Record<string, string>;
  });
}

function csvText(rows: Array<Record<string, string>>) {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  return [headers, ...rows.map((row) => headers.map((header) => row[header]))].map((cells) => cells.map(quote).join(";")).join("\r\n");
}

async function xlsxBytes(rows: Array<Record<string, string>>) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Livelihoods application");
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
  const { makeRnokpp } = await import("../../app/modules/intake/rnokpp");

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

  const rows = koboRows(rowCount, makeRnokpp);
  const csv = new TextEncoder().encode(csvText(rows));
  const xlsx = await xlsxBytes(rows);

  let start = performance.now();
  const csvWorkbook = await readSpreadsheet({ name: "bench.csv", bytes: csv }, { maxRows: rowCount });
  const readCsv = seconds(start);
  start = performance.now();
  const workbook = await readSpreadsheet({ name: "bench.xlsx", bytes: xlsx }, { maxRows: rowCount });
  const readXlsx = seconds(start);
  if (csvWorkbook.sheets[0].rows.length !== rowCount) throw new Error("the CSV did not read back");

  const mapping = suggestMapping(workbook.sheets[0].headers);
  mapping.constants.programmeId = String(programme.id);

  start = performance.now();
  const preview = await dryRun(officer, workbook, mapping);
  const dryRunSeconds = seconds(start);
  if (preview.wouldCreate !== rowCount) throw new Error(`dry run: ${JSON.stringify({ ...preview, invalid: preview.invalid.slice(0, 3) })}`);

  start = performance.now();
  const outcome = await runImport(officer, "bench.xlsx", workbook, mapping);
  const importSeconds = seconds(start);
  if (outcome.status !== "finished") throw new Error(`import failed: ${outcome.error}`);

  const scaled = (importSeconds * targetRows) / rowCount;
  return {
    rows: rowCount,
    created: outcome.summary.created,
    invalid: outcome.summary.invalid,
    seconds: { readCsv, readXlsx, dryRun: dryRunSeconds, import: importSeconds, xlsxReadAndImport: Math.round((readXlsx + importSeconds) * 100) / 100 },
    rowsPerSecond: Math.round(rowCount / importSeconds),
    target: `< ${targetSeconds} s for ${targetRows.toLocaleString("en")} rows`,
    ratioToTarget: Math.round((scaled / targetSeconds) * 1000) / 1000,
  };
}

const runAsScript = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runAsScript) {
  const rows = process.argv[2] ? Number(process.argv[2]) : undefined;
  const figures = await run({ rows });
  console.log(`Kobo import of ${figures.rows.toLocaleString("en")} rows (${figures.created.toLocaleString("en")} created, ${figures.invalid} invalid)`);
  console.log(`  read CSV          ${figures.seconds.readCsv.toFixed(2)} s`);
  console.log(`  read XLSX         ${figures.seconds.readXlsx.toFixed(2)} s`);
  console.log(`  dry run           ${figures.seconds.dryRun.toFixed(2)} s`);
  console.log(`  import            ${figures.seconds.import.toFixed(2)} s  (${figures.rowsPerSecond.toLocaleString("en")} rows/s)`);
  console.log(`  XLSX read+import  ${figures.seconds.xlsxReadAndImport.toFixed(2)} s`);
  console.log(`  target            ${figures.target}: import at ${figures.ratioToTarget} × the target ${figures.ratioToTarget < 1 ? "(met)" : "(NOT met)"}`);
}
