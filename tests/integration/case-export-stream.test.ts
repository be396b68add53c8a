// The case-list export streams (cases.export, case-export.server.ts, spreadsheet.server.ts
// csvStream/xlsxStream): rows are read from a snapshot of their own while the file is written,
// a file cut at a limit says so, an abandoned download lets go of its snapshot, and the
// evaluator's streamed release is exactly the release computed case by case.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, sqlite } from "~/lib/db.server";
import { formatNumber } from "~/lib/format";
import { translator } from "~/lib/i18n";
import { openReadSnapshot } from "~/lib/read-snapshot.server";
import { csvStream, readSpreadsheet, xlsxStream } from "~/lib/spreadsheet.server";
import { kyivToday } from "~/lib/kyiv-date";
import { openCaseExport } from "~/modules/cases/case-export.server";
import type { CaseListFilter } from "~/modules/cases/case-list-filter";
import { coarsenWithinFile, evaluatorRelease, releaseExport, releaseThreshold } from "~/modules/cases/evaluator-release.server";
import { coarseningSummary } from "~/modules/cases/place-coarsening";
import * as caseExport from "~/routes/cases.export";
import { seedDemoPlaces } from "../../db/demo-places";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, request, sessionCookieFor, type TestUser } from "../helpers/foundation";

const t = translator("uk");
let officer: TestUser;
let evaluator: TestUser;
const cookieOf = { officer: "", evaluator: "" };
const caseCount = 1_234;

// Quasi-identifiers spread so that the release publishes at every level and withholds some.
const hromadas = ["UA1202001", "UA1202025", "UA1206017", "UA4606025", "UA4606037", "UA4602003", null];
const oblastOf = (hromada: string | null, i: number) => (hromada ? hromada.slice(0, 4) : ["UA12", "UA46", null][i % 3]);

beforeAll(async () => {
  db.transaction((tx) => seedDemoPlaces(tx));
  const { agency } = createTestOrganisations(" stream");
  const programmes = [createTestProgramme({ code: "STREAM-A" }), createTestProgramme({ code: "STREAM-B" })];
  officer = await createTestUser("officer", { organisationId: agency.id });
  evaluator = await createTestUser("evaluator", { organisationId: agency.id });
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.evaluator = await sessionCookieFor(evaluator.id);
  const insertPerson = sqlite.prepare("insert into persons (surname, first_name, sex, birth_date) values (?, ?, ?, ?)");
  const insertCase = sqlite.prepare(
    `insert into cases (case_code, person_id, programme_id, stage, status, oblast_pcode, hromada_pcode, displacement_status, application_date, protection_flag)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    let personId = 0;
    for (let i = 0; i < caseCount; i += 1) {
      // Every seventh person applies twice (to the other programme): groups count people, not cases.
      if (i % 7 !== 1) {
        personId = Number(insertPerson.run(`Стрім${i}`, `Ім'я${i}`, i % 5 < 3 ? "female" : "male", `${1960 + ((i * 7) % 45)}-0${1 + (i % 9)}-1${i % 10}`).lastInsertRowid);
      }
      const hromada = hromadas[(i * 3) % hromadas.length];
      insertCase.run(
        `S-${String((i * 7919) % 100_000).padStart(5, "0")}-${i}`,
        personId,
        programmes[i % 2].id,
        ["application", "screening", "training", "business_plan"][Math.floor(i / 3) % 4],
        i % 40 === 0 ? "withdrawn" : "open",
        oblastOf(hromada, i),
        hromada,
        ["idp", "host", "returnee", null][i % 4],
        `2025-${String(1 + (i % 12)).padStart(2, "0")}-03`,
        i % 11 === 0 ? 1 : 0,
      );
    }
  })();
});

async function readChunks(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { chunks: chunks.length, bytes };
}

// How much of the WAL a checkpoint could copy back: all of it only when no reader holds an
// older snapshot open.
function checkpointLag() {
  sqlite.prepare("update cases set updated_at = updated_at where id = (select min(id) from cases)").run();
  const [result] = sqlite.pragma("wal_checkpoint(PASSIVE)") as Array<{ busy: number; log: number; checkpointed: number }>;
  return result.log - result.checkpointed;
}

describe("a read snapshot", () => {
  it("gives the rows .all() gives, decoded the same way (booleans, JSON, nulls)", () => {
    db.update(schema.cases).set({ protectionFlag: true }).where(eq(schema.cases.caseCode, "S-00000-0")).run();
    const snapshot = openReadSnapshot();
    try {
      for (const query of [snapshot.db.select().from(schema.cases), snapshot.db.select().from(schema.persons), snapshot.db.select().from(schema.auditLog)]) {
        const all = query.all();
        expect(all.length).toBeGreaterThan(0);
        expect([...snapshot.iterate(query)]).toEqual(all);
      }
      const flagged = [...snapshot.iterate(snapshot.db.select({ code: schema.cases.caseCode, flag: schema.cases.protectionFlag }).from(schema.cases))];
      expect(flagged.find((row) => row.code === "S-00000-0")?.flag).toBe(true);
      expect(new Set(flagged.map((row) => typeof row.flag))).toEqual(new Set(["boolean"]));
    } finally {
      snapshot.close();
    }
  });

  it("is one moment: the app writes while it is read, and the snapshot does not see it", () => {
    const snapshot = openReadSnapshot();
    try {
      const before = snapshot.db.select({ id: schema.cases.id }).from(schema.cases).all().length;
      const rows = snapshot.iterate(snapshot.db.select({ id: schema.cases.id }).from(schema.cases));
      let seen = 0;
      for (const _row of rows) {
        seen += 1;
        // Half-way through, the app's own connection writes: not blocked by the open read.
        if (seen === 10) db.update(schema.cases).set({ stage: "screening" }).where(eq(schema.cases.caseCode, "S-00000-0")).run();
        if (seen === 11) {
          db.insert(schema.persons).values({ surname: "Пізніше", firstName: "Додана", sex: "female", birthDate: "1990-01-01" }).run();
        }
      }
      expect(seen).toBe(before);
      expect(snapshot.db.select({ stage: schema.cases.stage }).from(schema.cases).where(eq(schema.cases.caseCode, "S-00000-0")).get()?.stage).toBe("application");
      expect(db.select({ stage: schema.cases.stage }).from(schema.cases).where(eq(schema.cases.caseCode, "S-00000-0")).get()?.stage).toBe("screening");
    } finally {
      snapshot.close();
      snapshot.close();
    }
    db.update(schema.cases).set({ stage: "application" }).where(eq(schema.cases.caseCode, "S-00000-0")).run();
  });
});

describe("the export streams", () => {
  it("sends an officer's CSV in chunks as it is read, without a Content-Length", async () => {
    const response = await callRoute(caseExport.action, request("/cases/export", { form: { format: "csv" }, cookie: cookieOf.officer }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Length")).toBeNull();
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="cases-${kyivToday()}.csv"`);
    const { chunks, bytes } = await readChunks(response.body!);
    // The header, then one chunk per 500 rows.
    expect(chunks).toBe(1 + Math.ceil(caseCount / 500));
    const sheet = (await readSpreadsheet({ name: "cases.csv", bytes }, { maxRows: 10_000 })).sheets[0];
    expect(sheet.rows).toHaveLength(caseCount);
    expect(sheet.rows.filter((row) => row["Код справи"].startsWith("S-")).length).toBe(caseCount);
  });

  it("lets go of its snapshot when the download is abandoned", async () => {
    expect(checkpointLag()).toBe(0);
    const response = await callRoute(caseExport.action, request("/cases/export", { form: { format: "csv" }, cookie: cookieOf.officer }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    // The export's snapshot is older than this write: the WAL cannot be folded back yet.
    expect(checkpointLag()).toBeGreaterThan(0);
    await reader.cancel();
    expect(checkpointLag()).toBe(0);
  });

  it("lets go of its snapshot when an XLSX download is abandoned", async () => {
    const response = await callRoute(caseExport.action, request("/cases/export", { form: { format: "xlsx" }, cookie: cookieOf.officer }));
    const reader = response.body!.getReader();
    await reader.read();
    expect(checkpointLag()).toBeGreaterThan(0);
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checkpointLag()).toBe(0);
  });

  it("calls the writer's onClose once, whether the file is finished or abandoned", async () => {
    for (const write of [csvStream, (table: Parameters<typeof csvStream>[0]) => xlsxStream("Справи", table)]) {
      let closed = 0;
      const rows = (function* () {
        for (let i = 0; i < 2_000; i += 1) yield [`row ${i}`, i];
      })();
      await readChunks(write({ headers: ["a", "b"], rows, onClose: () => (closed += 1) }));
      expect(closed).toBe(1);
      const reader = write({ headers: ["a", "b"], rows: [[1, 2]][Symbol.iterator](), onClose: () => (closed += 1) }).getReader();
      await reader.cancel();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(closed).toBe(2);
    }
  });
});

describe("a file cut at a limit says so", () => {
  it("holds the first rows and a note with both counts, in CSV and in XLSX, and audits the cut", async () => {
    const exportsBefore = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.userId, officer.id))).all().length;
    const csv = openCaseExport(officer, {}, "csv", t, "uk", { maxRows: 50 });
    expect(csv.fileRows).toBe(50);
    const note = `Файл містить лише перші ${formatNumber(50, "uk")} справ із ${formatNumber(caseCount, "uk")}: більше аркуш Excel не вміщує. CSV містить усі; або звузьте фільтри.`;
    expect(csv.notes).toEqual([note]);
    const { bytes } = await readChunks(csvStream({ headers: csv.headers, rows: csv.rows, notes: { title: "", lines: csv.notes }, onClose: csv.close }));
    const rows = (await readSpreadsheet({ name: "cut.csv", bytes })).sheets[0].rows;
    expect(rows.filter((row) => row["Код справи"].startsWith("S-"))).toHaveLength(50);
    expect(rows.at(-1)!["Код справи"]).toBe(`# ${note}`);

    const xlsx = openCaseExport(officer, { stage: "training" }, "xlsx", t, "uk", { maxRows: 20 });
    const training = Array.from({ length: caseCount }, (_, i) => Math.floor(i / 3) % 4).filter((stage) => stage === 2).length;
    const workbook = await readSpreadsheet({
      name: "cut.xlsx",
      bytes: (await readChunks(xlsxStream("Справи", { headers: xlsx.headers, rows: xlsx.rows, notes: { title: "Примітки", lines: xlsx.notes }, onClose: xlsx.close }))).bytes,
    });
    expect(workbook.sheets.map((sheet) => sheet.name)).toEqual(["Справи", "Примітки"]);
    expect(workbook.sheets[0].rows).toHaveLength(20);
    expect(workbook.sheets[1].headers[0]).toContain(`перші ${formatNumber(20, "uk")} справ із ${formatNumber(training, "uk")}`);

    const audited = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.userId, officer.id))).all();
    expect(audited).toHaveLength(exportsBefore + 2);
    expect(audited.at(-2)!.after).toMatchObject({ format: "csv", rows: 50, matched: caseCount });
    expect(audited.at(-1)!.after).toMatchObject({ format: "xlsx", rows: 20, matched: training, filter: { stage: "training" } });
  });

  it("is not cut below the limit: no note, no `matched`", () => {
    const whole = openCaseExport(officer, {}, "xlsx", t, "uk");
    whole.close();
    expect(whole.fileRows).toBe(caseCount);
    expect(whole.notes).toEqual([]);
    const entry = db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "export")).all().at(-1)!;
    expect(entry.after).toEqual({ format: "xlsx", filter: {}, rows: caseCount });
  });
});

describe("the evaluator's streamed release", () => {
  // The release computed case by case, as before streaming: every case's published values,
  // then the file's cases coarsened again within the file.
  function releaseCaseByCase(filter: CaseListFilter) {
    const k = releaseThreshold();
    const release = evaluatorRelease(kyivToday(), k);
    const listed = db
      .select({ caseId: schema.cases.id, caseCode: schema.cases.caseCode, stage: schema.cases.stage, status: schema.cases.status })
      .from(schema.cases)
      .all()
      .filter((row) => row.status !== "merged" && (!filter.stage || row.stage === filter.stage))
      .sort((a, b) => (a.caseCode < b.caseCode ? -1 : 1));
    const inRelease = listed.flatMap((row) => {
      const published = release.get(row.caseId);
      return published && !published.withheld ? [{ row, published }] : [];
    });
    const { decisions } = coarsenWithinFile(
      inRelease.map(({ published }) => published),
      k,
    );
    const rows = inRelease.flatMap(({ row, published }, index) => {
      const decision = decisions[index];
      return decision.withheld ? [] : [{ caseCode: row.caseCode, placeLevel: decision.level, placePcode: decision.pcode, sex: published.sex, ageBand: published.ageBand, displacementStatus: published.displacementStatus }];
    });
    const summary = coarseningSummary(decisions);
    // Rows the file published coarser than the release did (the file's own coarsening at work).
    const coarserInFile = inRelease.filter(({ published }, index) => !decisions[index].withheld && decisions[index].level !== published.placeLevel).length;
    return { rows, levels: summary, withheld: listed.length - inRelease.length + summary.withheld, coarserInFile };
  }

  // The whole release publishes at every level and withholds some cases; in a filtered file
  // groups shrink, and the file's own coarsening moves some rows up: both paths are compared.
  it.each([
    { filter: {} as CaseListFilter, levels: ["hromada", "raion", "oblast", "suppressed"], coarser: false },
    { filter: { stage: "training" } as CaseListFilter, levels: ["raion", "oblast", "suppressed"], coarser: true },
  ])("equals the release computed case by case (filter $filter)", ({ filter, levels, coarser }) => {
    const expected = releaseCaseByCase(filter);
    for (const level of levels) expect(expected.levels[level as keyof typeof expected.levels], level).toBeGreaterThan(0);
    expect(expected.withheld).toBeGreaterThan(0);
    expect(expected.coarserInFile > 0).toBe(coarser);
    const snapshot = openReadSnapshot();
    try {
      const streamed = releaseExport(snapshot, evaluator, filter);
      const rows = [...streamed.rows].map((row) => ({
        caseCode: row.caseCode,
        placeLevel: row.placeLevel,
        placePcode: row.placePcode,
        sex: row.sex,
        ageBand: row.ageBand,
        displacementStatus: row.displacementStatus,
      }));
      expect(rows).toEqual(expected.rows);
      expect(streamed.levels).toEqual(expected.levels);
      expect(streamed.withheld).toBe(expected.withheld);
      expect(streamed.total).toBe(expected.rows.length);
    } finally {
      snapshot.close();
    }
  });
});
