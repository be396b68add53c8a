// Where a visit found the owner living (domain.md §2, §7, §10). A move within Ukraine (to the new
// hromada) or abroad is an entry in the person's displacement history, context "follow_up", dated
// the visit's date and tied to the visit: a corrected visit updates its own entry, and a
// correction that no longer records a move removes it (the audit keeps what it said).
import { and, desc, eq, ne } from "drizzle-orm";
import { auditDiff, recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { schema, type Transaction } from "~/lib/db.server";
import type { IsoDate } from "~/lib/kyiv-date";
import type { ResidenceStatus } from "./visit-rules";

type DisplacementRecord = typeof schema.displacementRecords.$inferSelect;

export type VisitResidence = { id: number; caseId: number; visitDate: IsoDate; residence: ResidenceStatus; newHromadaPcode: string | null };

/** The place a visit's residence gives the history, or null when it records no move. */
export function placeFoundByVisit(visit: Pick<VisitResidence, "residence" | "newHromadaPcode">) {
  if (visit.residence === "abroad") return { abroad: true, currentOblastPcode: null, currentHromadaPcode: null };
  if (visit.residence === "moved_within_ukraine" && visit.newHromadaPcode) {
    // KATOTTH codes nest: hromada UA0502003 lies in oblast UA05.
    return { abroad: false, currentOblastPcode: visit.newHromadaPcode.slice(0, 4), currentHromadaPcode: visit.newHromadaPcode };
  }
  return null;
}

const audited = ({ createdAt: _created, ...record }: DisplacementRecord) => record;

/**
 * Writes (or updates, or removes) the displacement-history entry of one visit, in the visit's
 * transaction. The visit asks only where the owner lives: the displacement status, the IDP
 * certificate and the place of origin are carried from the person's latest entry.
 */
export function recordResidenceFound(tx: Transaction, actor: CurrentUser, visit: VisitResidence) {
  const own = tx.select().from(schema.displacementRecords).where(eq(schema.displacementRecords.visitId, visit.id)).get();
  const place = placeFoundByVisit(visit);
  if (!place) {
    if (own) {
      tx.delete(schema.displacementRecords).where(eq(schema.displacementRecords.id, own.id)).run();
      recordAudit(tx, { userId: actor.id, action: "delete", entityType: "displacement_record", entityId: own.id, caseId: visit.caseId, before: audited(own) });
    }
    return null;
  }
  if (own) {
    const changes = { ...place, recordedOn: visit.visitDate };
    if (own.recordedOn === changes.recordedOn && own.abroad === changes.abroad && own.currentOblastPcode === changes.currentOblastPcode && own.currentHromadaPcode === changes.currentHromadaPcode) return own;
    const updated = tx.update(schema.displacementRecords).set({ ...changes, recordedByUserId: actor.id }).where(eq(schema.displacementRecords.id, own.id)).returning().get();
    const diff = auditDiff(audited(own), audited(updated));
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "displacement_record", entityId: own.id, caseId: visit.caseId, before: diff.before, after: diff.after });
    return updated;
  }
  const { personId } = tx.select({ personId: schema.cases.personId }).from(schema.cases).where(eq(schema.cases.id, visit.caseId)).get()!;
  // The latest entry where the status was asked (application, grant, a correction), not another
  // visit's entry that only carried it.
  const latest = tx
    .select()
    .from(schema.displacementRecords)
    .where(and(eq(schema.displacementRecords.personId, personId), ne(schema.displacementRecords.context, "follow_up")))
    .orderBy(desc(schema.displacementRecords.id))
    .get();
  const created = tx
    .insert(schema.displacementRecords)
    .values({
      personId,
      caseId: visit.caseId,
      context: "follow_up",
      recordedOn: visit.visitDate,
      status: latest?.status ?? null,
      idpCertificateNumber: latest?.idpCertificateNumber ?? null,
      idpCertificateDate: latest?.idpCertificateDate ?? null,
      originOblastPcode: latest?.originOblastPcode ?? null,
      originHromadaPcode: latest?.originHromadaPcode ?? null,
      ...place,
      visitId: visit.id,
      recordedByUserId: actor.id,
    })
    .returning()
    .get();
  recordAudit(tx, { userId: actor.id, action: "create", entityType: "displacement_record", entityId: created.id, caseId: visit.caseId, after: audited(created) });
  return created;
}
