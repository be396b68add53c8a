import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import { env } from "./env.server";

export type AppDatabase = BetterSQLite3Database<typeof schema>;
// A transaction handle offers the same query API as the database.
export type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

export function openDatabase(path: string): { sqlite: Database.Database; db: AppDatabase } {
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Two writers (the app and an import) wait for each other instead of failing at once.
  sqlite.pragma("busy_timeout = 5000");
  // FULL: in WAL mode every commit syncs the WAL file before it returns, so a write the app has
  // acknowledged survives a power cut or an OS crash, not only a crash of the app. NORMAL syncs
  // only at checkpoints: still consistent after a power cut, but the last commits may be gone.
  // The price, measured by `npm run bench:crash`, is one fsync per commit (README "Backups and
  // durability").
  sqlite.pragma(`synchronous = ${env.databaseSynchronous}`);
  // Up to 64 MiB of database pages kept per connection (SQLite's default is 2 MiB): the indexes
  // the queues and lists read at 100,000 cases stay in memory instead of being read again from the
  // file on every page (officer home 110–170 → 75–85 ms warm, measured on the scale database).
  sqlite.pragma("cache_size = -65536");
  const db = drizzle(sqlite, { schema });
  // Every transaction takes the write lock when it begins. A deferred one that read first and
  // then writes fails at once (SQLITE_BUSY, busy_timeout does not apply) when another server
  // process (scripts/workers.js runs one per core) wrote in between; an immediate one waits its
  // turn. Within one process nothing changes: its transactions never overlap.
  const transaction = db.transaction.bind(db);
  db.transaction = (work, config) => transaction(work, { behavior: "immediate", ...config });
  return { sqlite, db };
}

// One connection per process; kept on globalThis so development rebuilds reuse it.
const globalForDb = globalThis as unknown as { __appDatabase?: ReturnType<typeof openDatabase> };
globalForDb.__appDatabase ??= openDatabase(env.databasePath);

export const db = globalForDb.__appDatabase.db;
export const sqlite = globalForDb.__appDatabase.sqlite;

/**
 * Several reads that must agree with each other (one snapshot, WAL), for a page: no write lock,
 * so it never waits behind another process's change as a transaction of the app does.
 */
export function readTransaction<T>(work: (tx: Transaction) => T): T {
  return db.transaction(work, { behavior: "deferred" });
}
export { schema };
