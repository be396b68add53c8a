// The worker roster as stored (domain.md §7): one snapshot per record — the baseline at
// application and the roster as each visit left it — every row carrying the worker's stable id.
// Reading a snapshot gives the pure rules (roster.ts) their RosterWorker list.
import { and, asc, eq, inArray } from "drizzle-orm";
import { schema, type AppDatabase, type Transaction } from "~/lib/db.server";
import type { IsoDate } from "~/lib/kyiv-date";
import { baselineRosterFromCounts, type RosterWorker } from "./roster";

type Reader = AppDatabase | Transaction;
type RosterRow = typeof schema.workerRosterRows.$inferSelect;

export function rosterWorkerOf(row: RosterRow): RosterWorker {
  return {
    workerId: row.workerId,
    role: row.role,
    paid: row.paid,
    hoursPerWeek: row.hoursPerWeek,
    sex: row.sex,
    displacementStatus: row.displacementStatus,
    startDate: row.startDate,
    endDate: row.endDate,
    monthsPerYear: row.monthsPerYear,
    source: row.source,
  };
}

export type StoredSnapshot = { kind: "baseline" | "visit"; visitId: number | null; recordedOn: IsoDate; workers: RosterWorker[] };

/** Every snapshot of a case's roster in the order recorded: date, the baseline first, then visits. */
export function rosterSnapshots(reader: Reader, caseId: number, options: { exceptVisitId?: number } = {}): StoredSnapshot[] {
  const rows = reader
    .select()
    .from(schema.workerRosterRows)
    .where(eq(schema.workerRosterRows.caseId, caseId))
    .orderBy(asc(schema.workerRosterRows.recordedOn), asc(schema.workerRosterRows.id))
    .all()
    .filter((row) => options.exceptVisitId === undefined || row.visitId !== options.exceptVisitId);
  const snapshots = new Map<string, StoredSnapshot>();
  for (const row of rows) {
    const key = row.visitId === null ? "baseline" : `visit:${row.visitId}`;
    let snapshot = snapshots.get(key);
    if (!snapshot) {
      snapshot = { kind: row.snapshotKind, visitId: row.visitId, recordedOn: row.recordedOn, workers: [] };
      snapshots.set(key, snapshot);
    }
    snapshot.workers.push(rosterWorkerOf(row));
  }
  return [...snapshots.values()].sort((a, b) =>
    a.recordedOn !== b.recordedOn ? (a.recordedOn < b.recordedOn ? -1 : 1) : (a.visitId ?? 0) - (b.visitId ?? 0),
  );
}

/**
 * The roster a visit on `visitDate` starts from: the latest snapshot recorded on or before that
 * date (a correction leaves its own visit out). Empty for a start-up with no baseline workers.
 */
export function rosterBefore(reader: Reader, caseId: number, visitDate: IsoDate, options: { exceptVisitId?: number } = {}) {
  const snapshots = rosterSnapshots(reader, caseId, options).filter((snapshot) => snapshot.recordedOn <= visitDate);
  const latest = snapshots.at(-1);
  return { workers: latest?.workers ?? [], recordedOn: latest?.recordedOn ?? null, kind: latest?.kind ?? null };
}

/** Every worker id a business ever used, so a new worker never takes a departed one's id. */
export function takenWorkerIds(reader: Reader, caseId: number): string[] {
  return reader
    .selectDistinct({ workerId: schema.workerRosterRows.workerId })
    .from(schema.workerRosterRows)
    .where(eq(schema.workerRosterRows.caseId, caseId))
    .all()
    .map((row) => row.workerId);
}

/** Stores the roster as a visit left it (replacing what an earlier save of this visit stored). */
export function writeVisitRoster(tx: Transaction, snapshot: { businessId: number; caseId: number; visitId: number; recordedOn: IsoDate; workers: RosterWorker[] }) {
  tx.delete(schema.workerRosterRows).where(eq(schema.workerRosterRows.visitId, snapshot.visitId)).run();
  for (const worker of snapshot.workers) {
    tx.insert(schema.workerRosterRows)
      .values({ ...worker, businessId: snapshot.businessId, caseId: snapshot.caseId, snapshotKind: "visit", visitId: snapshot.visitId, recordedOn: snapshot.recordedOn })
      .run();
  }
}

export function visitRosterRows(reader: Reader, visitIds: number[]) {
  if (visitIds.length === 0) return [];
  return reader.select().from(schema.workerRosterRows).where(inArray(schema.workerRosterRows.visitId, visitIds)).orderBy(asc(schema.workerRosterRows.id)).all();
}

/**
 * The application form still asks for counts (paid/unpaid × full/part time × sex); the baseline
 * roster follows them (baselineRosterFromCounts, as `npm run db:migrate` does for older records)
 * while it is made of such rows. A baseline recorded worker by worker is never overwritten.
 */
export function syncBaselineRosterFromCounts(tx: Transaction, businessId: number) {
  const business = tx
    .select({ id: schema.businesses.id, caseId: schema.businesses.caseId, counts: schema.businesses.baselineWorkers, applicationDate: schema.cases.applicationDate })
    .from(schema.businesses)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.businesses.caseId))
    .where(eq(schema.businesses.id, businessId))
    .get();
  if (!business) return;
  const existing = tx
    .select()
    .from(schema.workerRosterRows)
    .where(and(eq(schema.workerRosterRows.businessId, businessId), eq(schema.workerRosterRows.snapshotKind, "baseline")))
    .orderBy(asc(schema.workerRosterRows.id))
    .all();
  if (existing.some((row) => row.source === "recorded")) return;
  const wanted = business.counts ? baselineRosterFromCounts(business.counts, (index) => `W${index + 1}`) : [];
  const same =
    existing.length === wanted.length &&
    existing.every((row, index) => row.workerId === wanted[index].workerId && row.paid === wanted[index].paid && row.sex === wanted[index].sex && row.hoursPerWeek === wanted[index].hoursPerWeek) &&
    existing.every((row) => row.recordedOn === business.applicationDate);
  if (same) return;
  tx.delete(schema.workerRosterRows).where(and(eq(schema.workerRosterRows.businessId, businessId), eq(schema.workerRosterRows.snapshotKind, "baseline"))).run();
  for (const worker of wanted) {
    tx.insert(schema.workerRosterRows)
      .values({ ...worker, businessId, caseId: business.caseId, snapshotKind: "baseline", visitId: null, recordedOn: business.applicationDate })
      .run();
  }
}
