import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { db, schema } from "~/lib/db.server";
import type { SecurityLogFilter } from "./schema";

const pageSize = 50;

function nextDay(isoDate: string) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

// Newest first, paged by id (keyset) like the audit log. Dates are whole UTC days.
export function searchSecurityLog(filter: SecurityLogFilter) {
  const conditions: SQL[] = [];
  if (filter.event) conditions.push(eq(schema.securityLog.event, filter.event));
  if (filter.from) conditions.push(gte(schema.securityLog.at, filter.from));
  if (filter.to) conditions.push(lt(schema.securityLog.at, nextDay(filter.to)));
  if (filter.before) conditions.push(lt(schema.securityLog.id, filter.before));
  const rows = db
    .select({
      id: schema.securityLog.id,
      at: schema.securityLog.at,
      event: schema.securityLog.event,
      address: schema.securityLog.address,
      method: schema.securityLog.method,
      path: schema.securityLog.path,
      detail: schema.securityLog.detail,
      userName: schema.users.name,
      userEmail: schema.users.email,
    })
    .from(schema.securityLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.securityLog.userId))
    .where(and(...conditions))
    .orderBy(desc(schema.securityLog.id))
    .limit(pageSize + 1)
    .all();
  const hasMore = rows.length > pageSize;
  const entries = rows.slice(0, pageSize);
  return { entries, nextBefore: hasMore ? entries[entries.length - 1].id : null };
}
