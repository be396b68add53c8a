// Mentor assignment (domain.md §1, §10): officers assign or reassign a case's mentor, one case or
// many at once, choosing among the active mentors of the case's partner organisation. Each case
// is written by compare-and-set on the version the page showed; a bulk assignment is all or nothing.
import { and, asc, eq, inArray } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { can, canAccessCase, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { assertCompareAndSet, assertVersion } from "~/lib/stale-record.server";
import { lastCaseChange } from "~/modules/cases/case-transitions.server";
import { FollowUpRefused } from "./followup-errors";

/** The active mentors of partner organisations, by organisation (for the assignment pickers). */
export function mentorsByPartner(organisationIds?: number[]) {
  return db
    .select({ id: schema.users.id, name: schema.users.name, organisationId: schema.users.organisationId })
    .from(schema.users)
    .where(
      and(
        eq(schema.users.role, "mentor"),
        eq(schema.users.active, true),
        organisationIds === undefined ? undefined : inArray(schema.users.organisationId, organisationIds.length ? organisationIds : [-1]),
      ),
    )
    .orderBy(asc(schema.users.name))
    .all();
}

/**
 * Assigns `mentorId` (null: no mentor) to every case given as { caseId, version }. Refused as a
 * whole when one case is out of date (StaleRecordError), has no partner organisation, or the
 * mentor is not an active mentor of that organisation. Returns the cases whose mentor changed.
 */
export function assignMentor(actor: CurrentUser, assignments: Array<{ caseId: number; version: number }>, mentorId: number | null): number[] {
  if (!can(actor, "decideGrants")) throw new FollowUpRefused("forbidden");
  return db.transaction((tx) => {
    const mentor = mentorId === null ? null : tx.select().from(schema.users).where(eq(schema.users.id, mentorId)).get();
    if (mentorId !== null && (!mentor || mentor.role !== "mentor" || !mentor.active)) throw new FollowUpRefused("not_a_mentor", "mentorId");
    const changed: number[] = [];
    for (const { caseId, version } of assignments) {
      const caseRow = tx.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get();
      if (!caseRow) throw new FollowUpRefused("not_found", "cases", { caseId });
      if (!canAccessCase(actor, caseRow)) throw new FollowUpRefused("forbidden");
      assertVersion(caseRow.version, version, () => lastCaseChange(tx, caseId));
      if (mentor) {
        if (caseRow.partnerOrganisationId === null) throw new FollowUpRefused("case_has_no_partner", "cases", { caseCode: caseRow.caseCode });
        if (mentor.organisationId !== caseRow.partnerOrganisationId) throw new FollowUpRefused("mentor_not_of_partner", "mentorId", { caseCode: caseRow.caseCode });
      }
      if (caseRow.mentorId === mentorId) continue;
      const update = tx
        .update(schema.cases)
        .set({ mentorId, version: caseRow.version + 1, updatedAt: new Date().toISOString() })
        .where(and(eq(schema.cases.id, caseId), eq(schema.cases.version, version)))
        .run();
      assertCompareAndSet(update, () => lastCaseChange(tx, caseId));
      recordAudit(tx, { userId: actor.id, action: "assign", entityType: "case", entityId: caseId, caseId, before: { mentorId: caseRow.mentorId }, after: { mentorId } });
      changed.push(caseId);
    }
    return changed;
  });
}
