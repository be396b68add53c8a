import type { AuditAction, AuditEntity } from "./audit-vocabulary";
import { schema, type Transaction } from "./db.server";

export type AuditEntry = {
  userId: number | null;
  action: AuditAction;
  entityType: AuditEntity;
  entityId: string | number;
  caseId?: number | null;
  before?: unknown;
  after?: unknown;
};

// Every change writes its audit entry inside the same transaction (domain.md §8), so a change
// and its trace are stored together or not at all.
export function recordAudit(tx: Transaction, entry: AuditEntry) {
  tx.insert(schema.auditLog)
    .values({
      at: new Date().toISOString(),
      userId: entry.userId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      caseId: entry.caseId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}

// Before/after snapshots leave out secrets and sealed identity numbers.
const neverAudited = new Set(["passwordHash", "rnokppSealed", "passportSealed", "rnokppHash", "passportHash"]);

export function auditSnapshot<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !neverAudited.has(key)));
}

// Only the fields that changed, so the audit browser shows what actually happened.
export function auditDiff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (neverAudited.has(key) || key === "updatedAt" || key === "version") continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changedBefore[key] = before[key];
      changedAfter[key] = after[key];
    }
  }
  return { before: changedBefore, after: changedAfter };
}
