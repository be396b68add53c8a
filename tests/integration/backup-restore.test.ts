// npm run backup / npm run restore (db/backup.ts): an online copy taken while the app's
// connection keeps writing and another connection holds a write transaction open, restored
// into another place and compared table by table, row by row, with the source as it was at the
// moment of the copy; and every refusal: a changed file, an unlisted file, a damaged database,
// a database in use.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase, backupStamp, manifestName, restoreBackup, verifyBackup } from "../../db/backup";
import { env } from "~/lib/env.server";
import { sqlite } from "~/lib/db.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import { applicantInput } from "../helpers/applicants";
import { createTestOrganisations, createTestProgramme, createTestUser, type TestUser } from "../helpers/foundation";

const work = mkdtempSync(join(tmpdir(), "livelihoods-backup-"));
const uploadDir = join(work, "uploads");
const backupsDir = join(work, "backups");
let officer: TestUser;
let programmeId: number;

type TableDump = Record<string, unknown[]>;

// Every table, every row, in rowid order (or by all columns for a table without rowid).
function dumpTables(database: Database.Database): TableDump {
  const tables = database
    .prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as Array<{ name: string; sql: string }>;
  return Object.fromEntries(
    tables.map(({ name, sql }) => {
      const order = /without rowid/i.test(sql) ? "1, 2" : "rowid";
      return [name, database.prepare(`select * from "${name}" order by ${order}`).all()];
    }),
  );
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

let applicantSerial = 0;
function register() {
  applicantSerial += 1;
  const result = registerApplicant(officer, applicantInput(programmeId, { surname: `Бекап${"абвгдежзик"[applicantSerial % 10]}`, businessName: `Backup ${applicantSerial}` }));
  if (result.kind !== "created") throw new Error(`registration ${applicantSerial}: ${result.kind}`);
  return result.caseId;
}

beforeAll(async () => {
  const { agency } = createTestOrganisations(" backup");
  programmeId = createTestProgramme({ code: "BACKUP-1" }).id;
  officer = await createTestUser("officer", { organisationId: agency.id });
  for (let i = 0; i < 40; i += 1) {
    const caseId = register();
    if (i % 2 === 0) screenCase(officer, caseId, 1);
  }
  // Attachments as the app keeps them: nested folders of binary files.
  mkdirSync(join(uploadDir, "attachments", "12"), { recursive: true });
  writeFileSync(join(uploadDir, "attachments", "12", "plan.pdf"), Buffer.from("%PDF-1.4\n" + "x".repeat(5000)));
  mkdirSync(join(uploadDir, "visit-photos"), { recursive: true });
  writeFileSync(join(uploadDir, "visit-photos", "photo.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array(3000).fill(7)]));
});

describe("npm run backup, then npm run restore", () => {
  let atBackupPoint: TableDump = {};
  let folder = "";
  let writtenDuring = 0;

  let writtenBefore = -1;

  beforeAll(async () => {
    // The app's connection keeps registering applicants, one per turn of the event loop, from
    // before the copy is taken until the backup is complete.
    let writing = true;
    const writer = (async () => {
      while (writing) {
        register();
        writtenDuring += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const result = await backupDatabase({
      databasePath: env.databasePath,
      uploadDir,
      backupsDir,
      now: new Date("2026-12-06T05:44:40.123Z"),
      // Called in the same turn as the copy's one step: no write can come in between.
      atBackupPoint: () => {
        atBackupPoint = dumpTables(sqlite);
        writtenBefore = writtenDuring;
      },
    });
    writing = false;
    await writer;
    folder = result.folder;
  });

  it("names the folder by the time and lists every file with its SHA-256", () => {
    expect(folder).toBe(join(backupsDir, "2026-12-06T05-44-40Z"));
    expect(backupStamp(new Date("2026-12-06T05:44:40.123Z"))).toBe("2026-12-06T05-44-40Z");
    const manifest = readFileSync(join(folder, manifestName), "utf8").trim().split("\n");
    expect(manifest.map((line) => line.slice(66))).toEqual(["app.db", "uploads/attachments/12/plan.pdf", "uploads/visit-photos/photo.jpg"]);
    for (const line of manifest) expect(line).toMatch(/^[0-9a-f]{64} {2}\S/);
    // Only the complete folder remains: no temporary one, no -wal beside the copy.
    expect(readdirSync(backupsDir)).toEqual(["2026-12-06T05-44-40Z"]);
    expect(readdirSync(folder).sort()).toEqual(["SHA256SUMS", "app.db", "uploads"]);
  });

  it("was taken while the app kept writing: registrations before and after the copy", () => {
    expect(writtenBefore).toBeGreaterThan(0);
    expect(writtenDuring).toBeGreaterThan(writtenBefore);
    const cases = atBackupPoint.cases as Array<{ id: number }>;
    expect(cases).toHaveLength(40 + writtenBefore);
    // Writes after the backup point are in the source, not in the copy.
    expect((sqlite.prepare("select count(*) as n from cases").get() as { n: number }).n).toBe(40 + writtenDuring);
  });

  it("restores into another place equal, table by table and row by row, to the source at the backup point", async () => {
    const target = join(work, "restored", "app.db");
    const targetUploads = join(work, "restored", "uploads");
    const result = await restoreBackup({ folder, databasePath: target, uploadDir: targetUploads });
    expect(result.setAside).toEqual({ database: null, uploads: null });
    const restored = new Database(target, { readonly: true });
    const tables = dumpTables(restored);
    restored.close();
    expect(Object.keys(tables)).toEqual(Object.keys(atBackupPoint));
    expect(Object.keys(tables)).toContain("audit_log");
    for (const name of Object.keys(atBackupPoint)) expect(tables[name], name).toEqual(atBackupPoint[name]);
    expect(readFileSync(join(targetUploads, "attachments", "12", "plan.pdf"))).toEqual(readFileSync(join(uploadDir, "attachments", "12", "plan.pdf")));
    expect(readFileSync(join(targetUploads, "visit-photos", "photo.jpg"))).toEqual(readFileSync(join(uploadDir, "visit-photos", "photo.jpg")));
  });

  it("sets the database and uploads it replaces aside instead of deleting them", async () => {
    const target = join(work, "replaced", "app.db");
    const targetUploads = join(work, "replaced", "uploads");
    mkdirSync(targetUploads, { recursive: true });
    writeFileSync(join(targetUploads, "old.txt"), "old");
    const old = new Database(target);
    old.pragma("journal_mode = WAL");
    old.exec("create table old_data (x); insert into old_data values (42)");
    old.close();
    const result = await restoreBackup({ folder, databasePath: target, uploadDir: targetUploads, now: new Date("2026-12-07T08:00:00Z") });
    expect(result.setAside).toEqual({ database: `${target}.before-restore-2026-12-07T08-00-00Z`, uploads: `${targetUploads}.before-restore-2026-12-07T08-00-00Z` });
    const kept = new Database(result.setAside.database!, { readonly: true });
    expect(kept.prepare("select x from old_data").all()).toEqual([{ x: 42 }]);
    kept.close();
    expect(readFileSync(join(result.setAside.uploads!, "old.txt"), "utf8")).toBe("old");
    expect(readdirSync(targetUploads).sort()).toEqual(["attachments", "visit-photos"]);
    const restored = new Database(target, { readonly: true });
    expect(restored.prepare("select count(*) as n from cases").get()).toEqual({ n: (atBackupPoint.cases as unknown[]).length });
    restored.close();
  });

  it("is not held up by a write transaction open on another connection, and leaves it out", async () => {
    const other = new Database(env.databasePath);
    other.exec("BEGIN IMMEDIATE");
    other.prepare("insert into organisations (name, name_uk, kind) values ('Uncommitted NGO', 'Незбережена ГО', 'partner')").run();
    try {
      const { folder: during } = await backupDatabase({ databasePath: env.databasePath, uploadDir, backupsDir: join(work, "open-transaction") });
      const copy = new Database(join(during, "app.db"), { readonly: true });
      const names = (copy.prepare("select name from organisations").all() as Array<{ name: string }>).map((row) => row.name);
      copy.close();
      expect(names).toContain("Test Agency backup");
      expect(names).not.toContain("Uncommitted NGO");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });

  it("refuses while the database is in use, and leaves it untouched", async () => {
    const target = join(work, "in-use", "app.db");
    mkdirSync(join(work, "in-use"));
    const running = new Database(target);
    running.pragma("journal_mode = WAL");
    running.exec("create table live (x); insert into live values (1)");
    await expect(restoreBackup({ folder, databasePath: target, uploadDir: join(work, "in-use", "uploads") })).rejects.toThrow(/is in use: stop the server/);
    expect(running.prepare("select x from live").all()).toEqual([{ x: 1 }]);
    expect(readdirSync(join(work, "in-use")).sort()).toEqual(["app.db", "app.db-shm", "app.db-wal"]);
    running.close();
  });
});

describe("a backup that was changed is refused before anything is restored", () => {
  async function freshBackup(label: string) {
    const { folder } = await backupDatabase({ databasePath: env.databasePath, uploadDir, backupsDir: join(work, label) });
    return folder;
  }

  it("refuses a file whose checksum does not match", async () => {
    const folder = await freshBackup("changed");
    writeFileSync(join(folder, "uploads", "visit-photos", "photo.jpg"), "not the photo");
    await expect(verifyBackup(folder)).rejects.toThrow("uploads/visit-photos/photo.jpg does not match its checksum");
    const target = join(work, "never", "app.db");
    await expect(restoreBackup({ folder, databasePath: target, uploadDir: join(work, "never", "uploads") })).rejects.toThrow(/does not match its checksum/);
    expect(() => readdirSync(join(work, "never"))).toThrow();
  });

  it("refuses a file the manifest does not list", async () => {
    const folder = await freshBackup("extra");
    writeFileSync(join(folder, "uploads", "smuggled.txt"), "?");
    await expect(verifyBackup(folder)).rejects.toThrow("Files not in SHA256SUMS: uploads/smuggled.txt");
  });

  it("refuses a database copy that fails PRAGMA integrity_check, even with matching checksums", async () => {
    const folder = await freshBackup("damaged");
    const path = join(folder, "app.db");
    const copy = new Database(path, { readonly: true });
    const { rootpage } = copy.prepare("select rootpage from sqlite_master where name = 'cases'").get() as { rootpage: number };
    copy.close();
    // Scribble over the cells of the cases table's root page; the file header stays readable.
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0xa5, (rootpage - 1) * pageSize + 8, rootpage * pageSize);
    writeFileSync(path, bytes);
    const { createHash } = await import("node:crypto");
    const manifest = readFileSync(join(folder, manifestName), "utf8").replace(/^[0-9a-f]{64}(?= {2}app\.db$)/m, createHash("sha256").update(bytes).digest("hex"));
    writeFileSync(join(folder, manifestName), manifest);
    await expect(verifyBackup(folder)).rejects.toThrow(/^The database copy failed PRAGMA integrity_check: /);
  });
});
