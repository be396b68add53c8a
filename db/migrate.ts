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
  sqlite.pragma("foreign_keys = ON");
  migrate(drizzle(sqlite), { migrationsFolder });
  // Baseline worker counts become roster rows (domain.md §7); a no-op once done.
  backfillBaselineRosters(sqlite);
  sqlite.close();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = process.env.DATABASE_PATH ?? "data/app.db";
  migrateDatabase(path);
  console.log(`Migrated ${path}`);
}
