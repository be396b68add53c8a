/**
 * Backups that restore (README "Backups and durability").
 *
 * `npm run backup [-- --to backups]` copies the database with SQLite's online backup API, not a
 * file copy: the app keeps running and writing (WAL), and the copy is one consistent moment of
 * it, taken in a single backup step so that a write meanwhile cannot make it start over. Then the
 * upload folder (UPLOAD_DIR) is copied, after the database: every file a copied row names was
 * written before that row was committed, so it is there. Everything lands in a timestamped
 * folder, written under a temporary name and renamed when complete, with a SHA-256 manifest
 * (`SHA256SUMS`, readable by `sha256sum -c`).
 *
 * `npm run restore -- <backup folder>` checks every checksum and the copy's `PRAGMA
 * integrity_check`, refuses while the app's database is open (stop the server first: a restore
 * under a running app would pull the records from under requests in flight), sets the current
 * database and upload folder aside (`…before-restore-<time>`, nothing is deleted), and puts the
 * backup in their place.
 */
import { createHash } from "node:crypto";
import { closeSync, cpSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";

export const manifestName = "SHA256SUMS";
const databaseName = "app.db";
const uploadsName = "uploads";

export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupRefused";
  }
}

/** `2026-12-06T05-44-40Z`: an instant that sorts, and is a valid folder name everywhere. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z").replaceAll(":", "-");
}

export type BackupResult = { folder: string; files: number; bytes: number };

export async function backupDatabase(options: {
  databasePath: string;
  uploadDir: string;
  backupsDir: string;
  now?: Date;
  /** Runs at the moment the copy was taken, before any other write can happen (tests). */
  atBackupPoint?: () => void;
}): Promise<BackupResult> {
  if (!existsSync(options.databasePath)) throw new BackupRefused(`${options.databasePath} does not exist.`);
  mkdirSync(options.backupsDir, { recursive: true });
  let name = backupStamp(options.now ?? new Date());
  for (let n = 2; existsSync(join(options.backupsDir, name)); n += 1) name = `${backupStamp(options.now ?? new Date())}-${n}`;
  const folder = join(options.backupsDir, name);
  const partial = join(options.backupsDir, `.${name}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    const copy = join(partial, databaseName);
    const source = new Database(options.databasePath, { readonly: true, fileMustExist: true });
    try {
      source.pragma("busy_timeout = 5000");
      // After better-sqlite3's first (empty) step, every remaining page in one step: one read
      // snapshot, which in WAL mode blocks no writer, and no restart because of their writes.
      await source.backup(copy, { progress: () => 0x7fffffff });
      options.atBackupPoint?.();
    } finally {
      source.close();
    }
    // One self-contained file (no -wal beside it), checked before it counts as a backup.
    const copied = new Database(copy);
    try {
      copied.pragma("journal_mode = DELETE");
      const integrity = copied.pragma("integrity_check", { simple: true });
      if (integrity !== "ok") throw new BackupRefused(`The copy failed PRAGMA integrity_check: ${String(integrity)}`);
    } finally {
      copied.close();
    }
    if (existsSync(options.uploadDir)) cpSync(options.uploadDir, join(partial, uploadsName), { recursive: true });
    const files = listFiles(partial);
    const sums = await Promise.all(files.map(async (file) => `${await sha256(join(partial, file))}  ${file}`));
    writeFileSync(join(partial, manifestName), `${sums.join("\n")}\n`);
    syncFile(join(partial, manifestName));
    syncFile(copy);
    renameSync(partial, folder);
    const bytes = files.reduce((total, file) => total + statSync(join(folder, file)).size, 0);
    return { folder, files: files.length, bytes };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The files of a folder, as paths relative to it with "/" separators, sorted. */
function listFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(folder, path).split(sep).join("/"));
    }
  };
  walk(folder);
  return files.sort();
}

function sha256(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => done(hash.digest("hex")))
      .on("error", fail);
  });
}

function syncFile(path: string) {
  const descriptor = openSync(path, "r");
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Checks a backup folder: the manifest lists exactly the files there, each with its checksum,
 * and the database copy passes PRAGMA integrity_check. Throws BackupRefused saying what is wrong.
 */
export async function verifyBackup(folder: string): Promise<{ files: string[] }> {
  const manifestPath = join(folder, manifestName);
  if (!existsSync(manifestPath)) throw new BackupRefused(`${folder} has no ${manifestName}: not a backup made by npm run backup.`);
  const listed = new Map<string, string>();
  for (const line of readFileSync(manifestPath, "utf8").split("\n")) {
    if (!line) continue;
    const entry = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!entry) throw new BackupRefused(`${manifestName} has a line that is not "<sha256>  <file>": ${line.slice(0, 80)}`);
    listed.set(entry[2], entry[1]);
  }
  if (!listed.has(databaseName)) throw new BackupRefused(`${manifestName} does not list ${databaseName}.`);
  const present = listFiles(folder).filter((file) => file !== manifestName);
  const unlisted = present.filter((file) => !listed.has(file));
  if (unlisted.length) throw new BackupRefused(`Files not in ${manifestName}: ${unlisted.slice(0, 5).join(", ")}`);
  for (const [file, expected] of listed) {
    if (!existsSync(join(folder, file))) throw new BackupRefused(`${file} is listed in ${manifestName} but missing.`);
    if ((await sha256(join(folder, file))) !== expected) throw new BackupRefused(`${file} does not match its checksum: the backup was changed or damaged.`);
  }
  const integrity = integrityOf(join(folder, databaseName));
  if (integrity !== "ok") throw new BackupRefused(`The database copy failed PRAGMA integrity_check: ${integrity}`);
  return { files: [...listed.keys()] };
}

/** PRAGMA integrity_check's answer ("ok" or the first problems); a file too damaged to read says so. */
function integrityOf(path: string): string {
  try {
    const database = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return String(database.pragma("integrity_check", { simple: true }));
    } finally {
      database.close();
    }
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Throws BackupRefused when another connection has the database open. Leaving WAL mode needs
 * the only connection (SQLite answers "locked", or keeps WAL): the app holds one for as long as
 * it runs. On success the database is in rollback-journal mode, its WAL folded in.
 */
function assertNotInUse(databasePath: string) {
  const target = new Database(databasePath, { fileMustExist: true });
  try {
    target.pragma("busy_timeout = 0");
    let mode: unknown;
    try {
      mode = target.pragma("journal_mode = DELETE", { simple: true });
    } catch {
      mode = "locked";
    }
    if (mode !== "delete") throw new BackupRefused(`${databasePath} is in use: stop the server (and any import or script using it), then restore.`);
  } finally {
    target.close();
  }
}

/** Where the database and upload folder that the backup replaced were set aside (null: none). */
export type RestoreResult = { setAside: { database: string | null; uploads: string | null } };

export async function restoreBackup(options: { folder: string; databasePath: string; uploadDir: string; now?: Date }): Promise<RestoreResult> {
  const { files } = await verifyBackup(options.folder);
  const stamp = backupStamp(options.now ?? new Date());
  const setAside: RestoreResult["setAside"] = { database: null, uploads: null };
  const putAside = (path: string) => {
    const aside = `${path}.before-restore-${stamp}`;
    renameSync(path, aside);
    return aside;
  };
  if (existsSync(options.databasePath)) {
    assertNotInUse(options.databasePath);
    setAside.database = putAside(options.databasePath);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(options.databasePath + suffix, { force: true });
  mkdirSync(dirname(resolve(options.databasePath)), { recursive: true });
  // Copied under another name and renamed: a database file is never seen half-copied.
  const incoming = `${options.databasePath}.restoring`;
  cpSync(join(options.folder, databaseName), incoming);
  syncFile(incoming);
  renameSync(incoming, options.databasePath);
  if (existsSync(options.uploadDir)) setAside.uploads = putAside(options.uploadDir);
  if (files.some((file) => file.startsWith(`${uploadsName}/`))) cpSync(join(options.folder, uploadsName), options.uploadDir, { recursive: true });
  const integrity = integrityOf(options.databasePath);
  if (integrity !== "ok") throw new BackupRefused(`The restored database failed PRAGMA integrity_check: ${integrity}`);
  return { setAside };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      to: { type: "string", default: process.env.BACKUP_DIR ?? "backups" },
      database: { type: "string", default: process.env.DATABASE_PATH ?? "data/app.db" },
      uploads: { type: "string", default: process.env.UPLOAD_DIR ?? "data/uploads" },
    },
  });
  const [command, folder] = positionals;
  if (command === "create") {
    const result = await backupDatabase({ databasePath: values.database!, uploadDir: values.uploads!, backupsDir: values.to! });
    console.log(`Backup written: ${result.folder} (${result.files} files, ${(result.bytes / 2 ** 20).toFixed(1)} MB, checksums in ${manifestName})`);
  } else if (command === "restore" && folder) {
    const result = await restoreBackup({ folder, databasePath: values.database!, uploadDir: values.uploads! });
    console.log(`Restored ${folder} into ${values.database} and ${values.uploads}.`);
    if (result.setAside.database) console.log(`  the previous database is kept as ${result.setAside.database}`);
    if (result.setAside.uploads) console.log(`  the previous upload folder is kept as ${result.setAside.uploads}`);
    console.log("Run `npm run db:migrate` if the backup is older than this version of the app, then start the server.");
  } else {
    console.error("Usage: npm run backup [-- --to backups]\n       npm run restore -- <backup folder> [--database data/app.db] [--uploads data/uploads]");
    process.exitCode = 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof BackupRefused ? `Refused: ${error.message}` : error);
    process.exitCode = 1;
  });
}
