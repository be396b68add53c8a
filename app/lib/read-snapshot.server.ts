/**
 * A long read that is streamed out over many turns of the event loop (an export of 100,000 rows)
 * cannot hold a statement open on the app's one connection: better-sqlite3 refuses every other
 * query on a connection while one of its statements is being iterated. So such a read opens a
 * read-only connection of its own and one read transaction on it, a snapshot of the database
 * that the app's writes (WAL) never block nor change: a count taken first and the rows read
 * later agree. Close it when done; until then the WAL cannot be checkpointed past the snapshot.
 */
import Database from "better-sqlite3";
import * as drizzleRuntime from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import type { AppDatabase } from "./db.server";
import { env } from "./env.server";

// drizzle's own row mapping, the one `.all()` applies (decoders for booleans, JSON, dates),
// exported at run time but left out of its type declarations. The snapshot test compares
// `iterate` with `.all()` row for row, so a drizzle upgrade that changes these fails there.
type SelectedField = { path: string[]; field: unknown };
const { mapResultRow, orderSelectedFields } = drizzleRuntime as unknown as {
  mapResultRow(columns: SelectedField[], row: unknown[], joinsNotNullableMap: undefined): unknown;
  orderSelectedFields(fields: Record<string, unknown>): SelectedField[];
};

/** A drizzle select built on a snapshot's `db`: its SQL, its selection, and the rows `.all()` gives. */
type SelectQuery = {
  toSQL(): { sql: string; params: unknown[] };
  readonly _: { readonly selectedFields: Record<string, unknown> };
  all(...args: never[]): unknown;
};
type RowOf<Query extends SelectQuery> = ReturnType<Query["all"]> extends Array<infer Row> ? Row : never;

export type ReadSnapshot = {
  db: AppDatabase;
  /**
   * The query's rows one at a time, as drizzle's `.all()` would give them (booleans, JSON and
   * nulls decoded by the same column mappers), without holding them all.
   */
  iterate<Query extends SelectQuery>(query: Query): Generator<RowOf<Query>, void, undefined>;
  close(): void;
};

export function openReadSnapshot(path = env.databasePath): ReadSnapshot {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  // It reads each page about once, in order: a small page cache does (the default is 16 MB).
  sqlite.pragma("cache_size = -2000");
  const db = drizzle(sqlite, { schema });
  // Deferred: the snapshot is taken by the first read and kept until COMMIT.
  sqlite.exec("BEGIN");
  // Iterations still open: the connection cannot be closed while a statement is being stepped.
  const open = new Set<Generator<unknown, void, undefined>>();
  function* rowsOf<Query extends SelectQuery>(query: Query): Generator<RowOf<Query>, void, undefined> {
    const { sql, params } = query.toSQL();
    const columns = orderSelectedFields(query._.selectedFields);
    const statement = sqlite.prepare(sql).raw(true);
    for (const values of statement.iterate(...params) as IterableIterator<unknown[]>) {
      yield mapResultRow(columns, values, undefined) as RowOf<Query>;
    }
  }
  return {
    db,
    iterate<Query extends SelectQuery>(query: Query) {
      const rows = rowsOf(query);
      open.add(rows);
      return rows;
    },
    close() {
      for (const generator of open) generator.return(undefined);
      if (!sqlite.open) return;
      if (sqlite.inTransaction) sqlite.exec("COMMIT");
      sqlite.close();
    },
  };
}
