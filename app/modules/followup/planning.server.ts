// Planned visits (domain.md §10): created when a grant gets its time origin, re-planned when the
// origin is corrected, and otherwise moved only by a reschedule with a reason. Every change is
// audited in the transaction that makes it. States are never stored: see visitState (schedule.ts).
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { can, canAccessCase, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import type { GrantAgreement } from "~/modules/grants/time-origin.server";
import { FollowUpRefused } from "./followup-errors";
import { planVisits, replanFromCorrectedOrigin, reschedule } from "./schedule";
import { scheduleModalityOf, stagesInForce } from "./schedules.server";

export type PlannedVisitRow = typeof schema.plannedVisits.$inferSelect;

/** The skip reason written when a visit records a closure: later visits have nothing to visit. */
export const closureSkipReason = (visitId: number) => `business_closed:${visitId}`;

function plannedWithVisits(tx: Transaction, agreementId: number) {
  return tx
    .select({ planned: schema.plannedVisits, visitDate: schema.followUpVisits.visitDate })
    .from(schema.plannedVisits)
    .leftJoin(schema.followUpVisits, eq(schema.followUpVisits.plannedVisitId, schema.plannedVisits.id))
    .where(eq(schema.plannedVisits.agreementId, agreementId))
    .orderBy(asc(schema.plannedVisits.monthsAfterOrigin))
    .all();
}

/**
 * The grants core calls this (onTimeOrigin) whenever a grant's time origin is set or moved. The
 * first time it plans the grant's visits with the schedule in force on the origin; afterwards it
 * re-plans the visits not yet made from the new origin, keeping their stages and windows. A
 * correction that would put visits already made before the origin is refused.
 */
export function planVisitsAtTimeOrigin(tx: Transaction, actor: CurrentUser, agreement: GrantAgreement, previous: string | null) {
  const origin = agreement.timeOriginOn;
  if (!origin) return;
  const existing = plannedWithVisits(tx, agreement.id);
  if (existing.length === 0) {
    const { scheduleId, stages } = stagesInForce(tx, agreement.programmeId, origin, scheduleModalityOf(agreement));
    // A programme with no follow-up months plans nothing (the audit entry says so).
    const visits = stages.length ? planVisits(origin, stages) : [];
    for (const visit of visits) {
      tx.insert(schema.plannedVisits).values({ ...visit, agreementId: agreement.id, caseId: agreement.caseId, scheduleId }).run();
    }
    recordAudit(tx, {
      userId: actor.id,
      action: "plan",
      entityType: "grant_agreement",
      entityId: agreement.id,
      caseId: agreement.caseId,
      after: { timeOriginOn: origin, scheduleId, visits },
    });
    return;
  }
  const plan = existing.map(({ planned, visitDate }) => ({ ...planned, visitDate, skipReason: planned.skippedReason, rescheduled: planned.rescheduledReason !== null }));
  const { changes, visitsBeforeOrigin } = replanFromCorrectedOrigin(plan, origin);
  if (visitsBeforeOrigin.length) throw new FollowUpRefused("visits_before_origin", null, { stages: visitsBeforeOrigin, timeOriginOn: origin });
  const now = new Date().toISOString();
  for (const change of changes) {
    const row = plan.find((visit) => visit.monthsAfterOrigin === change.monthsAfterOrigin)!;
    tx.update(schema.plannedVisits)
      // A corrected origin replaces an earlier reschedule's date: its reason no longer applies.
      .set({ ...change.after, rescheduledReason: null, rescheduledByUserId: null, rescheduledAt: null, version: row.version + 1, updatedAt: now })
      .where(eq(schema.plannedVisits.id, row.id))
      .run();
    recordAudit(tx, {
      userId: actor.id,
      action: "replan",
      entityType: "planned_visit",
      entityId: row.id,
      caseId: agreement.caseId,
      before: { ...change.before, ...(change.replacesReschedule ? { rescheduledReason: row.rescheduledReason } : {}) },
      after: { ...change.after, timeOriginOn: origin, previousTimeOriginOn: previous, replacesReschedule: change.replacesReschedule },
    });
  }
}

function loadPlanned(tx: Transaction, plannedVisitId: number) {
  const row = tx
    .select({
      planned: schema.plannedVisits,
      timeOriginOn: schema.grantAgreements.timeOriginOn,
      mentorId: schema.cases.mentorId,
      programmeId: schema.cases.programmeId,
      partnerOrganisationId: schema.cases.partnerOrganisationId,
      visitDate: schema.followUpVisits.visitDate,
    })
    .from(schema.plannedVisits)
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, schema.plannedVisits.agreementId))
    .innerJoin(schema.cases, eq(schema.cases.id, schema.plannedVisits.caseId))
    .leftJoin(schema.followUpVisits, eq(schema.followUpVisits.plannedVisitId, schema.plannedVisits.id))
    .where(eq(schema.plannedVisits.id, plannedVisitId))
    .get();
  if (!row) throw new FollowUpRefused("not_found");
  return row;
}

// Officers plan for everyone; a mentor for the cases they may see (their own and their NGO's).
function assertMayPlan(actor: CurrentUser, assignment: Parameters<typeof canAccessCase>[1]) {
  if (!can(actor, "logVisits") || !canAccessCase(actor, assignment)) throw new FollowUpRefused("forbidden");
}

const describePlanned = (tx: Transaction, id: number) => () => lastAuditedChange(tx, "planned_visit", "planned_visit", id);

/** Moves a planned visit's due date, with a reason (§10); its window keeps its width. */
export function rescheduleVisit(actor: CurrentUser, plannedVisitId: number, input: { version: number; newDueDate: string; reason: string }) {
  return db.transaction((tx) => {
    const { planned, timeOriginOn, visitDate, ...assignment } = loadPlanned(tx, plannedVisitId);
    assertMayPlan(actor, assignment);
    assertVersion(planned.version, input.version, describePlanned(tx, plannedVisitId));
    const result = reschedule(
      { ...planned, visitDate, skipReason: planned.skippedReason },
      { newDueDate: input.newDueDate, reason: input.reason, timeOrigin: timeOriginOn! },
    );
    if (!result.ok) throw new FollowUpRefused(result.reason, result.reason === "reason_required" ? "reason" : "newDueDate");
    const now = new Date().toISOString();
    const reason = input.reason.trim();
    const update = tx
      .update(schema.plannedVisits)
      .set({
        dueDate: result.dueDate,
        windowStart: result.windowStart,
        windowEnd: result.windowEnd,
        rescheduledReason: reason,
        rescheduledByUserId: actor.id,
        rescheduledAt: now,
        version: planned.version + 1,
        updatedAt: now,
      })
      .where(and(eq(schema.plannedVisits.id, plannedVisitId), eq(schema.plannedVisits.version, input.version)))
      .run();
    assertCompareAndSet(update, describePlanned(tx, plannedVisitId));
    recordAudit(tx, {
      userId: actor.id,
      action: "reschedule",
      entityType: "planned_visit",
      entityId: plannedVisitId,
      caseId: planned.caseId,
      before: { dueDate: planned.dueDate, windowStart: planned.windowStart, windowEnd: planned.windowEnd },
      after: { dueDate: result.dueDate, windowStart: result.windowStart, windowEnd: result.windowEnd, reason },
    });
    return { dueDate: result.dueDate, windowStart: result.windowStart, windowEnd: result.windowEnd };
  });
}

/** Marks a planned visit as skipped, with a reason (§10: a state of its own, never "missed"). */
export function skipVisit(actor: CurrentUser, plannedVisitId: number, input: { version: number; reason: string }) {
  return db.transaction((tx) => {
    const { planned, visitDate, timeOriginOn: _origin, ...assignment } = loadPlanned(tx, plannedVisitId);
    assertMayPlan(actor, assignment);
    assertVersion(planned.version, input.version, describePlanned(tx, plannedVisitId));
    const reason = input.reason.trim();
    if (!reason) throw new FollowUpRefused("reason_required", "reason");
    if (visitDate) throw new FollowUpRefused("already_made", "reason");
    if (planned.skippedReason) throw new FollowUpRefused("skipped", "reason");
    const now = new Date().toISOString();
    const update = tx
      .update(schema.plannedVisits)
      .set({ skippedReason: reason, skippedByUserId: actor.id, skippedAt: now, version: planned.version + 1, updatedAt: now })
      .where(and(eq(schema.plannedVisits.id, plannedVisitId), eq(schema.plannedVisits.version, input.version)))
      .run();
    assertCompareAndSet(update, describePlanned(tx, plannedVisitId));
    recordAudit(tx, { userId: actor.id, action: "skip", entityType: "planned_visit", entityId: plannedVisitId, caseId: planned.caseId, after: { reason } });
  });
}

/**
 * A visit that records a closure leaves nothing to visit later: the grant's later planned visits
 * not yet made are skipped with the closure as their reason (audited), instead of turning "missed".
 */
export function skipVisitsAfterClosure(tx: Transaction, actor: CurrentUser, visit: { id: number; agreementId: number; caseId: number; visitDate: string }) {
  const later = tx
    .select({ planned: schema.plannedVisits })
    .from(schema.plannedVisits)
    .leftJoin(schema.followUpVisits, eq(schema.followUpVisits.plannedVisitId, schema.plannedVisits.id))
    .where(
      and(
        eq(schema.plannedVisits.agreementId, visit.agreementId),
        gt(schema.plannedVisits.dueDate, visit.visitDate),
        isNull(schema.plannedVisits.skippedReason),
        isNull(schema.followUpVisits.id),
      ),
    )
    .all();
  const reason = closureSkipReason(visit.id);
  const now = new Date().toISOString();
  for (const { planned } of later) {
    tx.update(schema.plannedVisits)
      .set({ skippedReason: reason, skippedByUserId: actor.id, skippedAt: now, version: planned.version + 1, updatedAt: now })
      .where(eq(schema.plannedVisits.id, planned.id))
      .run();
    recordAudit(tx, { userId: actor.id, action: "skip", entityType: "planned_visit", entityId: planned.id, caseId: visit.caseId, after: { reason, visitId: visit.id } });
  }
}

/** A corrected visit that no longer records a closure gives back the visits its closure skipped. */
export function restoreVisitsSkippedByClosure(tx: Transaction, actor: CurrentUser, visit: { id: number; caseId: number }) {
  const reason = closureSkipReason(visit.id);
  const skipped = tx.select().from(schema.plannedVisits).where(and(eq(schema.plannedVisits.caseId, visit.caseId), eq(schema.plannedVisits.skippedReason, reason))).all();
  const now = new Date().toISOString();
  for (const planned of skipped) {
    tx.update(schema.plannedVisits)
      .set({ skippedReason: null, skippedByUserId: null, skippedAt: null, version: planned.version + 1, updatedAt: now })
      .where(eq(schema.plannedVisits.id, planned.id))
      .run();
    recordAudit(tx, { userId: actor.id, action: "skip", entityType: "planned_visit", entityId: planned.id, caseId: visit.caseId, before: { reason }, after: { reason: null, visitId: visit.id } });
  }
}
