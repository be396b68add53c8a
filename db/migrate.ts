// Applies the committed migrations in db/migrations to the database file (DATABASE_PATH).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { backfillBaselineRosters } from "./baseline-roster";

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

export function migrateDatabase(path: string) {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  // A migration that rebuilds a table (SQLite changes NOT NULL that way) drops the old one; with
  // foreign keys on, that drop would delete-check every referencing row and fail on a populated
  // database. The migrator runs in one transaction, where PRAGMA foreign_keys is ignored, so keys
  // are switched off around it and checked once at the end (SQLite's "12 steps" for ALTER TABLE).
  sqlite.pragma("foreign_keys = OFF");
  migrate(drizzle(sqlite), { migrationsFolder });
  const violations = sqlite.pragma("foreign_key_check") as unknown[];
  if (violations.length > 0) throw new Error(`Migration left ${violations.length} broken foreign key(s): ${JSON.stringify(violations.slice(0, 5))}`);
  sqlite.pragma("foreign_keys = ON");
  // Baseline worker counts become roster rows (domain.md §7); a no-op once done.
  backfillBaselineRosters(sqlite);
  sqlite.close();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = process.env.DATABASE_PATH ?? "data/app.db";
  migrateDatabase(path);
  console.log(`Migrated ${path}`);
}
