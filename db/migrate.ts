// Applies the committed migrations in db/migrations to the database file (DATABASE_PATH).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { backfillBaselineRosters } from "./baseline-roster";
import { backfillReviewResults } from "./review-results";

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
  const appliedBefore = appliedMigrations(sqlite);
  migrate(drizzle(sqlite), { migrationsFolder });
  if (appliedMigrations(sqlite) > appliedBefore) analyzeNewIndexes(sqlite);
  const violations = sqlite.pragma("foreign_key_check") as unknown[];
  if (violations.length > 0) throw new Error(`Migration left ${violations.length} broken foreign key(s): ${JSON.stringify(violations.slice(0, 5))}`);
  sqlite.pragma("foreign_keys = ON");
  // Baseline worker counts become roster rows (domain.md §7); a no-op once done.
  backfillBaselineRosters(sqlite);
  // What the reviews of each plan at or past the committee came to; a no-op once done.
  backfillReviewResults(sqlite);
  sqlite.close();
}

function appliedMigrations(sqlite: Database.Database): number {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  return table ? (sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get() as number) : 0;
}

// On a database that has statistics (ANALYZE ran, as the scale seed does and an administrator
// may), an index a migration adds has none: the planner then weighs measured indexes against a
// guessed one and can pick the wrong one (migration 0026 made the case list 10× slower that way).
// The tables of such indexes are analyzed again; a database without statistics is left as it is.
export function analyzeNewIndexes(sqlite: Database.Database) {
  const hasStatistics = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'sqlite_stat1'").get();
  if (!hasStatistics) return;
  const tables = sqlite
    .prepare(
      `select distinct m.tbl_name from sqlite_master m
        where m.type = 'index' and m.name not like 'sqlite_autoindex_%'
          and m.name not in (select idx from sqlite_stat1 where idx is not null)
          and m.tbl_name in (select tbl from sqlite_stat1)`,
    )
    .pluck()
    .all() as string[];
  for (const table of tables) sqlite.exec(`analyze "${table.replaceAll('"', '""')}"`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = process.env.DATABASE_PATH ?? "data/app.db";
  migrateDatabase(path);
  console.log(`Migrated ${path}`);
}
