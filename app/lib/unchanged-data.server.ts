/**
 * Results kept only while the database stays exactly as it was when they were worked out.
 *
 * Some figures are a pure function of the whole database and cost a second at 100,000 grants
 * (the outcomes: issue 11), yet are read again and again while nothing changes (an evaluator
 * going back and forth between views, a donor meeting where several open the same page, the
 * evaluator's home opened again). Such a result is kept in this process's memory with the
 * database's state it was computed from, and handed out again only while that state is the same:
 * the first read after any committed change, by any process, computes afresh. Nothing is stored
 * in the database, so nothing can go stale there; a restart forgets everything.
 *
 * The state is two counters SQLite keeps for the connection: `PRAGMA data_version` changes when
 * another connection (another server process, an import's or a backup's connection) commits, and
 * `total_changes()` counts the rows this connection itself inserted, updated or deleted (its own
 * commits leave data_version as it was). A transaction rolled back still counts: at worst a
 * result is computed again when it need not have been. Inside a transaction nothing is kept or
 * handed out: rows not yet committed may be rolled back without lowering either counter.
 */
import { sqlite } from "./db.server";

const dataVersion = sqlite.prepare("pragma data_version").pluck();
const ownChanges = sqlite.prepare("select total_changes()").pluck();

/** Which state of the database this process sees now; equal stamps = no row changed in between. */
export function databaseStamp(): string {
  return `${dataVersion.get()}:${ownChanges.get()}`;
}

type Kept = { stamp: string; results: Map<string, unknown> };
const keptByName = new Map<string, Kept>();
// A handful of views per kind is what people go back and forth between; each kept result is a
// page's worth of figures (tens of KB), so the memory stays small.
const resultsPerName = 24;

/**
 * `compute()`'s result for `key`, computed again unless the database is unchanged since it last
 * was. `key` must hold everything the result depends on besides the database (filters, the day
 * the figures are as of). Callers must not change what they get: it may be handed out again.
 */
export function whileUnchanged<T>(name: string, key: string, compute: () => T): T {
  if (sqlite.inTransaction) return compute();
  const stamp = databaseStamp();
  let kept = keptByName.get(name);
  if (!kept || kept.stamp !== stamp) keptByName.set(name, (kept = { stamp, results: new Map() }));
  if (kept.results.has(key)) {
    const result = kept.results.get(key) as T;
    // Most recently used last, so the oldest is the one to drop.
    kept.results.delete(key);
    kept.results.set(key, result);
    return result;
  }
  const result = compute();
  // Computing only read: had it written, the stamp taken before would no longer be the state.
  if (databaseStamp() === stamp) {
    kept.results.set(key, result);
    if (kept.results.size > resultsPerName) kept.results.delete(kept.results.keys().next().value as string);
  }
  return result;
}

/** Forgets every kept result (tests start each case from nothing kept). */
export function forgetKeptResults() {
  keptByName.clear();
}
