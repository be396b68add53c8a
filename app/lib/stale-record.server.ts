// Optimistic concurrency, one way for every record: the form posts the version it was read at,
// the module writes with `update … where id = ? and version = ?` inside its transaction and
// checks that exactly one row changed (bumping the version), and a lost race throws
// StaleRecordError, which the route answers with 409 and a sentence saying what changed.
import { and, desc, eq, notInArray } from "drizzle-orm";
import type { AuditAction, AuditEntity } from "./audit-vocabulary";
import { schema, type AppDatabase, type Transaction } from "./db.server";
import type { RecordChange, VersionedRecord } from "./stale-record";

export class StaleRecordError extends Error {
  constructor(public change: RecordChange | null = null) {
    super("stale record");
  }
}

type Reader = AppDatabase | Transaction;

/**
 * Refuses a write prepared from an older read: call it before the module's own checks, so that
 * a user who lost the race hears what changed rather than a rule the change now breaks.
 */
export function assertVersion(stored: number, expected: number, describe: () => RecordChange | null) {
  if (stored !== expected) throw new StaleRecordError(describe());
}

/** The compare-and-set itself: the `update … where version = ?` must have changed one row. */
export function assertCompareAndSet(result: { changes: number }, describe: () => RecordChange | null) {
  if (result.changes !== 1) throw new StaleRecordError(describe());
}

// Reads and exports leave entries too; they change nothing a form could have lost.
const readOnlyActions: AuditAction[] = ["view_protected", "export", "login", "logout"];

/** The latest change of a record as its audit entry tells it (domain.md §8: every change is logged). */
export function lastAuditedChange(reader: Reader, record: VersionedRecord, entityType: AuditEntity, entityId: number | string): RecordChange | null {
  const entry = reader
    .select({ action: schema.auditLog.action, at: schema.auditLog.at, after: schema.auditLog.after, by: schema.users.name })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .where(and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, String(entityId)), notInArray(schema.auditLog.action, readOnlyActions)))
    .orderBy(desc(schema.auditLog.id))
    .get();
  if (!entry) return null;
  const after = entry.after && typeof entry.after === "object" ? (entry.after as Record<string, unknown>) : {};
  const text = (key: string) => (typeof after[key] === "string" ? (after[key] as string) : undefined);
  const change: RecordChange = { record, action: entry.action as AuditAction, at: entry.at, by: entry.by };
  for (const key of ["event", "decision", "stage", "status", "eligibility"] as const) {
    const value = text(key);
    if (value !== undefined) change[key] = value;
  }
  return change;
}

/** The name of a user, for a change a record stores itself (who ticked, who saved a mapping). */
export function userName(reader: Reader, userId: number | null): string | null {
  if (userId === null) return null;
  return reader.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, userId)).get()?.name ?? null;
}
