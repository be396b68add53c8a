import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { db, schema } from "~/lib/db.server";
import type { AuditFilter } from "./schema";

const pageSize = 50;

function nextDay(isoDate: string) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

// Newest first, paged by id (keyset), so a page costs the same at any depth of the log.
export function searchAuditLog(filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.userId) conditions.push(eq(schema.auditLog.userId, filter.userId));
  if (filter.action) conditions.push(eq(schema.auditLog.action, filter.action));
  if (filter.entityType) conditions.push(eq(schema.auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(schema.auditLog.entityId, filter.entityId));
  if (filter.from) conditions.push(gte(schema.auditLog.at, filter.from));
  if (filter.to) conditions.push(lt(schema.auditLog.at, nextDay(filter.to)));
  if (filter.before) conditions.push(lt(schema.auditLog.id, filter.before));
  const rows = db
    .select({
      id: schema.auditLog.id,
      at: schema.auditLog.at,
      action: schema.auditLog.action,
      entityType: schema.auditLog.entityType,
      entityId: schema.auditLog.entityId,
      before: schema.auditLog.before,
      after: schema.auditLog.after,
      userName: schema.users.name,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .where(and(...conditions))
    .orderBy(desc(schema.auditLog.id))
    .limit(pageSize + 1)
    .all();
  const hasMore = rows.length > pageSize;
  const entries = rows.slice(0, pageSize);
  return { entries, nextBefore: hasMore ? entries[entries.length - 1].id : null };
}

export function auditFilterUsers() {
  return db.select({ id: schema.users.id, name: schema.users.name }).from(schema.users).orderBy(schema.users.name).all();
}
