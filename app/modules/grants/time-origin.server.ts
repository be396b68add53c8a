// The grant's time origin (domain.md §7): the date the beneficiary received it — the handover
// date of the in-kind act, or the date of the first paid cash tranche. Survival and follow-up
// visits are counted from it. Both the cash path and the in-kind act set it through here.
import { eq } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { schema, type Transaction } from "~/lib/db.server";
import { moveCase } from "~/modules/cases/case-transitions.server";
import { planVisitsAtTimeOrigin } from "~/modules/followup/planning.server";
import { GrantRefused } from "./grant-errors";

export type GrantAgreement = typeof schema.grantAgreements.$inferSelect;
export type TimeOriginReason = "first_cash_tranche" | "in_kind_handover" | "correction";

/**
 * Sets the agreement's time origin to the earliest receipt: set when unset, moved to an earlier
 * date, unchanged by a later one. A "correction" sets the date given, earlier or later. The first
 * setting moves the case from disbursement to follow-up; every change is audited and handed to
 * the follow-up stage (`onTimeOrigin`), all in the caller's transaction.
 */
export function setTimeOrigin(
  tx: Transaction,
  actor: CurrentUser,
  agreementId: number,
  date: string,
  reason: TimeOriginReason,
  note?: string,
): { changed: boolean; previous: string | null; timeOriginOn: string } {
  const agreement = tx.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, agreementId)).get();
  if (!agreement) throw new GrantRefused("not_found");
  if (agreement.status === "draft" || agreement.status === "cancelled") throw new GrantRefused("wrong_agreement_status");
  const previous = agreement.timeOriginOn;
  const moves = previous === null || (reason === "correction" ? date !== previous : date < previous);
  if (!moves) return { changed: false, previous, timeOriginOn: previous };
  if (reason === "correction" && (note === undefined || note.trim() === "")) throw new GrantRefused("reason_required", {}, "reason");

  const updated = tx
    .update(schema.grantAgreements)
    .set({ timeOriginOn: date, timeOriginReason: reason, version: agreement.version + 1, updatedAt: new Date().toISOString() })
    .where(eq(schema.grantAgreements.id, agreementId))
    .returning()
    .get();
  recordAudit(tx, {
    userId: actor.id,
    action: "time_origin",
    entityType: "grant_agreement",
    entityId: agreementId,
    caseId: agreement.caseId,
    before: { timeOriginOn: previous },
    after: { timeOriginOn: date, reason, ...(note ? { note } : {}) },
  });
  // The grant has reached the beneficiary: the case leaves disbursement for follow-up (§1).
  const caseRow = tx.select({ stage: schema.cases.stage }).from(schema.cases).where(eq(schema.cases.id, agreement.caseId)).get()!;
  if (previous === null && caseRow.stage === "disbursement") {
    moveCase(tx, actor, agreement.caseId, { type: "disburse_first" }, { agreementId, timeOriginOn: date });
  }
  onTimeOrigin(tx, actor, updated, previous);
  return { changed: true, previous, timeOriginOn: date };
}

/**
 * Hook for the follow-up stage (domain.md §10): called in the same transaction whenever a grant's
 * time origin is set (`previous` null) or moved. It plans the grant's visits, or plans again the
 * visits not yet made (refusing a correction that would put visits already made before it).
 */
export function onTimeOrigin(tx: Transaction, actor: CurrentUser, agreement: GrantAgreement, previous: string | null): void {
  planVisitsAtTimeOrigin(tx, actor, agreement, previous);
}
