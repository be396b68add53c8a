import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { formatNumber, kyivDateTime } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { ExportCell } from "~/lib/spreadsheet.server";
import { auditChangeRows, auditReferencedIds, type AuditReferences } from "./audit-changes";
import type { AuditFilter } from "./schema";

const pageSize = 50;
/** The most entries one export carries; the file says so when the filters match more. */
export const auditExportLimit = 50_000;

function nextDay(isoDate: string) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/** The case a typed code names: "LT-7HWV8PZ", "lt7hwv8pz" and "7HWV8PZ" all find it. */
export function findCaseByCode(code: string) {
  const typed = code.trim().toUpperCase();
  const candidates = [...new Set([typed, typed.replace(/^LT-?/, "LT-"), `LT-${typed}`])];
  return db
    .select({ id: schema.cases.id, caseCode: schema.cases.caseCode })
    .from(schema.cases)
    .where(inArray(schema.cases.caseCode, candidates))
    .get();
}

// The case an entry is about: its own case_id, or the case itself for entries on a case.
const entryCaseId = sql`coalesce(${schema.auditLog.caseId}, case when ${schema.auditLog.entityType} = 'case' then cast(${schema.auditLog.entityId} as integer) end)`;

type Conditions = { where: SQL | undefined; caseNotFound: boolean; caseCode: string | null };

function auditConditions(filter: AuditFilter): Conditions {
  const conditions: SQL[] = [];
  let caseNotFound = false;
  let caseCode: string | null = null;
  if (filter.userId) conditions.push(eq(schema.auditLog.userId, filter.userId));
  if (filter.action) conditions.push(eq(schema.auditLog.action, filter.action));
  if (filter.entityType) conditions.push(eq(schema.auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(schema.auditLog.entityId, filter.entityId));
  if (filter.caseCode) {
    const kase = findCaseByCode(filter.caseCode);
    caseNotFound = !kase;
    caseCode = kase?.caseCode ?? null;
    // Every change of the case is written with its case_id (audit_log_case_idx).
    conditions.push(kase ? eq(schema.auditLog.caseId, kase.id) : sql`0`);
  }
  if (filter.from) conditions.push(gte(schema.auditLog.at, filter.from));
  if (filter.to) conditions.push(lt(schema.auditLog.at, nextDay(filter.to)));
  return { where: and(...conditions), caseNotFound, caseCode };
}

function entriesQuery(where: SQL | undefined, limit: number) {
  return db
    .select({
      id: schema.auditLog.id,
      at: schema.auditLog.at,
      action: schema.auditLog.action,
      entityType: schema.auditLog.entityType,
      entityId: schema.auditLog.entityId,
      before: schema.auditLog.before,
      after: schema.auditLog.after,
      userName: schema.users.name,
      caseId: schema.cases.id,
      caseCode: schema.cases.caseCode,
      currency: schema.programmes.currency,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .leftJoin(schema.cases, eq(schema.cases.id, entryCaseId))
    .leftJoin(schema.programmes, eq(schema.programmes.id, schema.cases.programmeId))
    .where(where)
    .orderBy(desc(schema.auditLog.id))
    .limit(limit)
    .all();
}

export type AuditLogEntry = ReturnType<typeof entriesQuery>[number];

// SQLite takes a bounded number of parameters per statement: ids are read in slices.
function namesById<T extends { id: number; name: string }>(ids: number[], read: (slice: number[]) => T[]): Record<number, string> {
  const names: Record<number, string> = {};
  for (let start = 0; start < ids.length; start += 500) {
    for (const row of read(ids.slice(start, start + 500))) names[row.id] = row.name;
  }
  return names;
}

/** Case codes, user names and programme codes for the ids the entries' snapshots mention. */
export function auditReferences(entries: Array<Pick<AuditLogEntry, "before" | "after">>): AuditReferences {
  const ids = auditReferencedIds(entries.flatMap((entry) => [entry.before, entry.after]));
  return {
    cases: namesById(ids.cases, (slice) =>
      db.select({ id: schema.cases.id, name: schema.cases.caseCode }).from(schema.cases).where(inArray(schema.cases.id, slice)).all(),
    ),
    users: namesById(ids.users, (slice) => db.select({ id: schema.users.id, name: schema.users.name }).from(schema.users).where(inArray(schema.users.id, slice)).all()),
    programmes: namesById(ids.programmes, (slice) =>
      db.select({ id: schema.programmes.id, name: schema.programmes.code }).from(schema.programmes).where(inArray(schema.programmes.id, slice)).all(),
    ),
  };
}

// Newest first, paged by id (keyset), so a page costs the same at any depth of the log.
export function searchAuditLog(filter: AuditFilter) {
  const { where, caseNotFound, caseCode } = auditConditions(filter);
  const rows = entriesQuery(and(where, filter.before ? lt(schema.auditLog.id, filter.before) : undefined), pageSize + 1);
  const hasMore = rows.length > pageSize;
  const entries = rows.slice(0, pageSize);
  return {
    entries,
    references: auditReferences(entries),
    nextBefore: hasMore ? entries[entries.length - 1].id : null,
    caseNotFound,
    caseCode,
  };
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

export type AuditExportTable = { headers: string[]; rows: ExportCell[][]; notes: string[]; entries: number; total: number };

/**
 * The filtered log as a table, one row per changed field (an entry without fields is one row),
 * newest first, at most auditExportLimit entries; the notes say whether it was cut. The export
 * is itself recorded: an admin's bulk read of the log, written against their own account.
 */
export function auditExportTable(actor: CurrentUser, filter: AuditFilter, format: "csv" | "xlsx", t: Translate, locale: Locale): AuditExportTable {
  const { where } = auditConditions(filter);
  const entries = entriesQuery(where, auditExportLimit);
  const total = entries.length < auditExportLimit ? entries.length : (db.select({ n: sql<number>`count(*)` }).from(schema.auditLog).where(where).get()?.n ?? 0);
  const references = auditReferences(entries);
  const header = (key: string) => t(`auditLog.export.headers.${key}`);
  const headers = ["at", "user", "action", "entity", "entityId", "caseCode", "field", "before", "after"].map(header);
  const rows = entries.flatMap((entry): ExportCell[][] => {
    const at = kyivDateTime(entry.at);
    const common: ExportCell[] = [
      at ? { date: at } : entry.at,
      entry.userName ?? t("audit.system"),
      t(`audit.actions.${entry.action}`, { defaultValue: entry.action }),
      t(`audit.entities.${entry.entityType}`, { defaultValue: entry.entityType }),
      entry.entityId,
      entry.caseCode,
    ];
    const changes = auditChangeRows(entry, references, t, locale);
    if (changes.length === 0) return [[...common, null, null, null]];
    const isChange = entry.before !== null && entry.after !== null;
    return changes.map((change) => [...common, change.label, isChange ? change.before : null, isChange ? change.after : (change.after ?? change.before)]);
  });
  const cut = total > entries.length;
  const notes = [
    cut
      ? t("auditLog.export.cut", { limit: formatNumber(entries.length, locale), total: formatNumber(total, locale) })
      : t("auditLog.export.complete", { total: formatNumber(total, locale) }),
  ];
  db.transaction((tx) =>
    recordAudit(tx, { userId: actor.id, action: "export", entityType: "user", entityId: actor.id, after: { log: "audit", format, filter, entries: entries.length, total } }),
  );
  return { headers, rows, notes, entries: entries.length, total };
}

export function auditFilterUsers() {
  return db.select({ id: schema.users.id, name: schema.users.name }).from(schema.users).orderBy(schema.users.name).all();
}
