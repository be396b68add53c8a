// The security log: refused logins and requests, for admins (/admin/security). Append-only (the
// migration's triggers refuse updates and early deletes); entries older than
// SECURITY_LOG_RETENTION_DAYS are purged daily (README, "Security").
import { lt } from "drizzle-orm";
import { db, schema, type AppDatabase, type Transaction } from "./db.server";
import { env } from "./env.server";
import type { SecurityEvent } from "./security-vocabulary";
import { sessionUserId } from "./session.server";

export type SecurityLogEntry = {
  event: SecurityEvent;
  userId?: number | null;
  address: string | null;
  method: string;
  path: string;
  detail?: string | null;
};

// Long enough for any path of this app or an e-mail; a hostile client cannot fill the table
// with megabytes per request.
const maxPathLength = 300;
const maxDetailLength = 200;

export function recordSecurityEvent(entry: SecurityLogEntry, tx: AppDatabase | Transaction = db) {
  tx.insert(schema.securityLog)
    .values({
      at: new Date().toISOString(),
      event: entry.event,
      userId: entry.userId ?? null,
      address: entry.address?.slice(0, 64) ?? null,
      method: entry.method.slice(0, 10),
      path: entry.path.slice(0, maxPathLength),
      detail: entry.detail?.slice(0, maxDetailLength) ?? null,
    })
    .run();
}

// A request refused by the server or answered 403 by the app. Only the path is kept, not the
// query string, which may carry search terms such as names.
export async function recordRefusedRequest(
  request: Request,
  refusal: { event: SecurityEvent; address: string | null; detail?: string | null },
) {
  recordSecurityEvent({
    event: refusal.event,
    userId: await sessionUserId(request),
    address: refusal.address,
    method: request.method,
    path: new URL(request.url).pathname,
    detail: refusal.detail ?? null,
  });
}

export function purgeSecurityLog(now = new Date()) {
  const before = new Date(now.getTime() - env.securityLogRetentionDays * 86_400_000).toISOString();
  return db.delete(schema.securityLog).where(lt(schema.securityLog.at, before)).run().changes;
}
