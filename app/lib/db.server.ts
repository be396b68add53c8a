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
  sqlite.pragma("synchronous = NORMAL");
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

// One connection per process; kept on globalThis so development rebuilds reuse it.
const globalForDb = globalThis as unknown as { __appDatabase?: ReturnType<typeof openDatabase> };
globalForDb.__appDatabase ??= openDatabase(env.databasePath);

export const db = globalForDb.__appDatabase.db;
export const sqlite = globalForDb.__appDatabase.sqlite;
export { schema };
