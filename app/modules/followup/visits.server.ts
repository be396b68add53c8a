// Recording and correcting follow-up visits (domain.md §7, §10). One synchronous transaction per
// command: the rules (visit-rules.ts, roster.ts) decide, the visit with its roster snapshot, item
// statuses and photos is stored with its audit entry, a closure skips the visits left, and a
// tranche requirement the visit verified is verified through the grants core. The idempotency
// key makes a repeated submit return the first visit and store nothing.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne } from "drizzle-orm";
import { auditDiff, recordAudit } from "~/lib/audit.server";
import { can, canAccessCase, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type AppDatabase, type Transaction } from "~/lib/db.server";
import { kyivToday, type IsoDate } from "~/lib/kyiv-date";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import { GrantRefused } from "~/modules/grants/grant-errors";
import { verifyRequirement } from "~/modules/grants/tranches.server";
import { listOblasts, placeNames, placePickerOptions } from "~/modules/locations/locations.server";
import { FollowUpRefused, VisitRejected, type VisitProblem } from "./followup-errors";
import { removePhotoFile, storePhotoFile, type PreparedPhoto } from "./photos.server";
import { restoreVisitsSkippedByClosure, skipVisitsAfterClosure } from "./planning.server";
import { recordResidenceFound } from "./residence.server";
import { applyRosterChanges, type RosterWorker } from "./roster";
import { rosterBefore, rosterWorkerOf, takenWorkerIds, writeVisitRoster } from "./roster.server";
import { visitState } from "./schedule";
import { rosterChangesFromForm, rosterIssuesToProblems, type NewWorkerLine, type RosterLine } from "./visit-form";
import {
  validateVisitRecord,
  type EquipmentStatus,
  type OperatingStatus,
  type ResidenceStatus,
  type VisitMode,
} from "./visit-rules";

type Reader = AppDatabase | Transaction;
export type VisitRow = typeof schema.followUpVisits.$inferSelect;

/** A visit as the form gives it, in the rules' terms (amounts in kopiykas). */
export type VisitInput = {
  idempotencyKey: string;
  plannedVisitId: number | null;
  visitDate: IsoDate;
  mode: VisitMode;
  operatingStatus: OperatingStatus;
  closureDate: IsoDate | null;
  closureReason: string | null;
  closureConfirmed: boolean;
  roster: RosterLine[];
  newWorkers: NewWorkerLine[];
  equipment: Array<{ itemId: number; status: EquipmentStatus }>;
  monthlyRevenueMinor: number | null;
  monthlyNetIncomeMinor: number | null;
  residence: ResidenceStatus;
  newHromadaPcode: string | null;
  problems: string[];
  mentoringGiven: string[];
  notes: string | null;
  trancheRequirementId: number | null;
  trancheEvidenceNote: string | null;
};

// ---------------------------------------------------------------------------------------------
// What a visit needs to know about its case

function caseForVisit(reader: Reader, caseId: number) {
  const row = reader
    .select({
      caseRow: schema.cases,
      person: { surname: schema.persons.surname, firstName: schema.persons.firstName, patronymic: schema.persons.patronymic, phone: schema.persons.phone },
      business: schema.businesses,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .leftJoin(schema.businesses, eq(schema.businesses.caseId, schema.cases.id))
    .where(eq(schema.cases.id, caseId))
    .get();
  if (!row) throw new FollowUpRefused("not_found");
  // The grant followed up: the live agreement that reached the beneficiary (a withdrawn one stays
  // in the cohort, §9).
  const agreement = reader
    .select()
    .from(schema.grantAgreements)
    .where(and(eq(schema.grantAgreements.caseId, caseId), isNotNull(schema.grantAgreements.timeOriginOn), ne(schema.grantAgreements.status, "cancelled")))
    .orderBy(desc(schema.grantAgreements.id))
    .get();
  return { ...row, agreement: agreement ?? null };
}

/** Who may record a visit: officers and admins, and mentors for the cases they may see. */
function mayRecord(actor: CurrentUser, caseRow: Parameters<typeof canAccessCase>[1]) {
  return can(actor, "logVisits") && canAccessCase(actor, caseRow);
}

/** A visit is corrected by its author or an officer (§10); another mentor may only read it. */
export function mayCorrect(actor: CurrentUser, visit: Pick<VisitRow, "createdByUserId">) {
  return actor.role === "officer" || actor.role === "admin" || (actor.role === "mentor" && visit.createdByUserId === actor.id);
}

/**
 * Protected free text (§10): the case's mentor, the visit's author, officers and admins read the
 * notes; another mentor of the NGO sees the record without them, evaluators never reach visits.
 */
export function maySeeNotes(actor: CurrentUser, caseRow: { mentorId: number | null }, visit?: Pick<VisitRow, "createdByUserId">) {
  if (actor.role === "officer" || actor.role === "admin") return true;
  return actor.role === "mentor" && (caseRow.mentorId === actor.id || visit?.createdByUserId === actor.id);
}

/** Items handed over on a signed act and not taken back: each visit reports on each (§9, §10). */
export function handedOverItems(reader: Reader, agreementId: number) {
  return reader
    .select({
      id: schema.equipmentItems.id,
      name: schema.equipmentItems.name,
      model: schema.equipmentItems.model,
      serialNumber: schema.equipmentItems.serialNumber,
      inventoryNumber: schema.equipmentItems.inventoryNumber,
      quantity: schema.equipmentItems.quantity,
      unit: schema.equipmentItems.unit,
    })
    .from(schema.equipmentItems)
    .innerJoin(schema.handoverActs, and(eq(schema.handoverActs.id, schema.equipmentItems.actId), eq(schema.handoverActs.state, "signed")))
    .leftJoin(schema.equipmentRecoveries, eq(schema.equipmentRecoveries.equipmentItemId, schema.equipmentItems.id))
    .where(and(eq(schema.equipmentItems.agreementId, agreementId), isNull(schema.equipmentRecoveries.id)))
    .orderBy(asc(schema.equipmentItems.id))
    .all();
}

/** Tranche requirements a visit may verify: not yet verified, of a planned tranche of a signed grant. */
export function verifiableRequirements(reader: Reader, agreement: { id: number; status: string }) {
  if (agreement.status !== "signed") return [];
  return reader
    .select({
      id: schema.grantTrancheRequirements.id,
      text: schema.grantTrancheRequirements.text,
      version: schema.grantTrancheRequirements.version,
      trancheSequence: schema.grantTranches.sequence,
    })
    .from(schema.grantTrancheRequirements)
    .innerJoin(schema.grantTranches, eq(schema.grantTranches.id, schema.grantTrancheRequirements.trancheId))
    .where(and(eq(schema.grantTranches.agreementId, agreement.id), eq(schema.grantTranches.state, "planned"), isNull(schema.grantTrancheRequirements.verifiedAt)))
    .orderBy(asc(schema.grantTranches.sequence), asc(schema.grantTrancheRequirements.position))
    .all();
}

// What earlier visits said that this one must agree with: the last time the business was seen
// open (a closure cannot precede it) and where the owner lived.
function earlierFindings(reader: Reader, caseId: number, visitDate: IsoDate, exceptVisitId: number | undefined, caseHromada: string | null) {
  const earlier = reader
    .select({ id: schema.followUpVisits.id, visitDate: schema.followUpVisits.visitDate, operatingStatus: schema.followUpVisits.operatingStatus, residence: schema.followUpVisits.residence, newHromadaPcode: schema.followUpVisits.newHromadaPcode })
    .from(schema.followUpVisits)
    .where(eq(schema.followUpVisits.caseId, caseId))
    .orderBy(asc(schema.followUpVisits.visitDate), asc(schema.followUpVisits.id))
    .all()
    .filter((visit) => visit.id !== exceptVisitId && visit.visitDate <= visitDate);
  const seenOpen = earlier.filter((visit) => visit.operatingStatus === "operating" || visit.operatingStatus === "suspended").at(-1);
  const moved = earlier.filter((visit) => visit.residence === "moved_within_ukraine" && visit.newHromadaPcode).at(-1);
  return { lastSeenOpenOn: seenOpen?.visitDate ?? null, currentHromadaPcode: moved?.newHromadaPcode ?? caseHromada };
}

// The form names the visit-rules' fields by what the mentor types.
const formFieldOf: Record<string, string> = {
  rosterChanges: "roster",
  monthlyRevenueMinor: "monthlyRevenue",
  monthlyNetIncomeMinor: "monthlyNetIncome",
  verifiesTrancheId: "trancheRequirementId",
};

type CheckedVisit = { workers: RosterWorker[] | null };

/** Every rule a visit record breaks, next to its form field; the roster as the visit leaves it. */
function checkVisit(
  tx: Transaction,
  context: ReturnType<typeof caseForVisit> & { agreement: NonNullable<ReturnType<typeof caseForVisit>["agreement"]> },
  input: VisitInput,
  options: { exceptVisitId?: number; alreadyVerifiedRequirementId?: number | null; today: IsoDate },
): CheckedVisit {
  const { caseRow, agreement } = context;
  const problems: VisitProblem[] = [];
  const items = handedOverItems(tx, agreement.id);
  const requirements = verifiableRequirements(tx, agreement);
  const findings = earlierFindings(tx, caseRow.id, input.visitDate, options.exceptVisitId, caseRow.hromadaPcode);

  // Nothing is known about the workers of a business nobody reached: its roster stays as it was.
  const previous = rosterBefore(tx, caseRow.id, input.visitDate, { exceptVisitId: options.exceptVisitId });
  const fromForm = rosterChangesFromForm(previous.workers, input.roster, input.newWorkers);
  // New workers get ids never used by this business, even by someone who left; a correction
  // keeps the ids its visit gave them.
  const taken = takenWorkerIds(tx, caseRow.id);
  const ownIds = new Set(
    options.exceptVisitId === undefined
      ? []
      : tx
          .select({ workerId: schema.workerRosterRows.workerId })
          .from(schema.workerRosterRows)
          .where(eq(schema.workerRosterRows.visitId, options.exceptVisitId))
          .all()
          .map((row) => row.workerId)
          .filter((id) => !previous.workers.some((worker) => worker.workerId === id)),
  );
  let highest = Math.max(0, ...taken.map((id) => Number(/^W(\d+)$/.exec(id)?.[1] ?? 0)));
  const renamed = new Map(
    fromForm.joinedIds.map((id, index) => {
      const posted = input.newWorkers[index]?.workerId;
      if (posted && ownIds.delete(posted)) return [id, posted];
      highest += 1;
      return [id, `W${highest}`];
    }),
  );
  const changes = fromForm.changes.map((change) =>
    change.kind === "joined" ? { ...change, worker: { ...change.worker, workerId: renamed.get(change.worker.workerId)! } } : change,
  );
  const joinedIds = fromForm.joinedIds.map((id) => renamed.get(id)!);
  problems.push(...fromForm.problems);

  const verifiesRequirement = input.trancheRequirementId !== null && input.trancheRequirementId !== options.alreadyVerifiedRequirementId;
  const issues = validateVisitRecord(
    {
      visitDate: input.visitDate,
      operatingStatus: input.operatingStatus,
      closureDate: input.closureDate,
      closureReason: input.closureReason,
      closureConfirmed: input.closureConfirmed,
      rosterChanges: changes,
      monthlyRevenueMinor: input.monthlyRevenueMinor,
      monthlyNetIncomeMinor: input.monthlyNetIncomeMinor,
      equipment: input.equipment.map((entry) => ({ itemId: String(entry.itemId), status: entry.status })),
      residence: input.residence,
      newHromadaPcode: input.newHromadaPcode,
      verifiesTrancheId: verifiesRequirement ? String(input.trancheRequirementId) : null,
    },
    {
      today: options.today,
      timeOrigin: agreement.timeOriginOn!,
      handedOverItemIds: items.map((item) => String(item.id)),
      verifiableTrancheIds: requirements.map((requirement) => String(requirement.id)),
      lastSeenOpenOn: findings.lastSeenOpenOn,
      currentHromadaPcode: findings.currentHromadaPcode,
    },
  );
  for (const issue of issues) {
    if (issue.field === "equipment" && issue.itemId !== undefined) {
      const index = items.findIndex((item) => String(item.id) === issue.itemId);
      problems.push({ field: index >= 0 ? `e[${index}].status` : "equipment", code: issue.code, itemId: issue.itemId });
    } else {
      problems.push({ field: formFieldOf[issue.field] ?? issue.field, code: issue.code });
    }
  }
  if (input.newHromadaPcode && input.residence === "moved_within_ukraine" && !problems.some((problem) => problem.field === "newHromadaPcode")) {
    const known = tx.select({ level: schema.adminUnits.level }).from(schema.adminUnits).where(eq(schema.adminUnits.pcode, input.newHromadaPcode)).get();
    if (known?.level !== 3) problems.push({ field: "newHromadaPcode", code: "hromada_unknown" });
  }
  if (verifiesRequirement && !input.trancheEvidenceNote?.trim()) problems.push({ field: "trancheEvidenceNote", code: "evidence_required" });
  if (input.trancheRequirementId !== options.alreadyVerifiedRequirementId && options.alreadyVerifiedRequirementId) {
    problems.push({ field: "trancheRequirementId", code: "requirement_already_verified" });
  }

  let workers: RosterWorker[] | null = null;
  if (input.operatingStatus !== "unreachable") {
    if (!context.business) problems.push({ field: "roster", code: "no_business" });
    // The owner is on every roster a visit records (self-employment, §7); a start-up adds them at the first visit.
    const applied = applyRosterChanges(previous.workers, changes, input.visitDate, { requireOwner: true });
    problems.push(...rosterIssuesToProblems(applied.issues, input.roster, joinedIds));
    workers = applied.workers;
  }
  if (problems.length) throw new VisitRejected(dedupe(problems));
  return { workers };
}

function dedupe(problems: VisitProblem[]): VisitProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}|${problem.code}|${problem.itemId ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// The visit's own columns from the form.
function visitValues(input: VisitInput) {
  const closed = input.operatingStatus === "closed";
  return {
    visitDate: input.visitDate,
    mode: input.mode,
    operatingStatus: input.operatingStatus,
    closureDate: closed ? input.closureDate : null,
    closureReason: closed ? input.closureReason?.trim() || null : null,
    monthlyRevenueMinor: input.operatingStatus === "unreachable" ? null : input.monthlyRevenueMinor,
    monthlyNetIncomeMinor: input.operatingStatus === "unreachable" ? null : input.monthlyNetIncomeMinor,
    residence: input.residence,
    newHromadaPcode: input.residence === "moved_within_ukraine" ? input.newHromadaPcode : null,
    problems: input.problems,
    mentoringGiven: input.mentoringGiven,
    notes: input.notes?.trim() || null,
  };
}

function writeEquipment(tx: Transaction, visitId: number, input: VisitInput) {
  tx.delete(schema.visitEquipmentStatuses).where(eq(schema.visitEquipmentStatuses.visitId, visitId)).run();
  if (input.operatingStatus === "unreachable") return;
  for (const entry of input.equipment) {
    tx.insert(schema.visitEquipmentStatuses).values({ visitId, equipmentItemId: entry.itemId, status: entry.status }).run();
  }
}

// Photos: rows in the transaction, files written last; if anything fails the files are removed.
function writePhotos(tx: Transaction, actor: CurrentUser, visit: { id: number; caseId: number }, photos: PreparedPhoto[], written: Array<() => void>) {
  for (const photo of photos) {
    const stored = storePhotoFile(photo.bytes);
    written.push(stored.remove);
    tx.insert(schema.visitPhotos)
      .values({
        visitId: visit.id,
        caseId: visit.caseId,
        fileName: photo.fileName,
        contentType: photo.contentType,
        sizeBytes: photo.bytes.length,
        width: photo.width,
        height: photo.height,
        sha256: photo.sha256,
        storageKey: stored.storageKey,
        uploadedByUserId: actor.id,
      })
      .run();
  }
}

// Verifies the chosen requirement through the grants core (its rules, audit and version), in this
// transaction: if it refuses, the visit is not stored either and the refusal shows by the field.
function verifyThroughVisit(actor: CurrentUser, requirementId: number, evidenceNote: string, visitId: number) {
  const requirement = db.select({ version: schema.grantTrancheRequirements.version }).from(schema.grantTrancheRequirements).where(eq(schema.grantTrancheRequirements.id, requirementId)).get();
  if (!requirement) throw new VisitRejected([{ field: "trancheRequirementId", code: "tranche_not_verifiable" }]);
  try {
    verifyRequirement(actor, requirementId, { version: requirement.version, evidenceNote, visitId });
  } catch (error) {
    if (error instanceof GrantRefused) throw new VisitRejected([{ field: "trancheRequirementId", code: `grant_${error.code}` }]);
    throw error;
  }
}

/** The whole record of a visit as the audit keeps it: columns, roster snapshot and item statuses. */
function visitRecordSnapshot(tx: Transaction, visitId: number) {
  const { createdAt: _created, updatedAt: _updated, ...visit } = tx.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.id, visitId)).get()!;
  const roster = tx
    .select()
    .from(schema.workerRosterRows)
    .where(eq(schema.workerRosterRows.visitId, visitId))
    .orderBy(asc(schema.workerRosterRows.workerId))
    .all()
    .map(rosterWorkerOf);
  const equipment = tx
    .select({ itemId: schema.visitEquipmentStatuses.equipmentItemId, status: schema.visitEquipmentStatuses.status })
    .from(schema.visitEquipmentStatuses)
    .where(eq(schema.visitEquipmentStatuses.visitId, visitId))
    .orderBy(asc(schema.visitEquipmentStatuses.equipmentItemId))
    .all();
  const photos = tx.select({ id: schema.visitPhotos.id }).from(schema.visitPhotos).where(shownPhotosOf(visitId)).orderBy(asc(schema.visitPhotos.id)).all().map((photo) => photo.id);
  return { ...visit, roster, equipment, photos };
}

// A visit's photos, leaving out deleted ones (their rows stay for the audit trail).
const shownPhotosOf = (visitId: number) => and(eq(schema.visitPhotos.visitId, visitId), isNull(schema.visitPhotos.deletedAt));

function isIdempotencyConflict(error: unknown) {
  return error instanceof Error && /UNIQUE constraint failed: follow_up_visits\.idempotency_key/.test(error.message);
}

function findByKey(reader: Reader, idempotencyKey: string) {
  return reader.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.idempotencyKey, idempotencyKey)).get();
}

// ---------------------------------------------------------------------------------------------
// Commands

/**
 * Records a visit (§10). A second submit with the same idempotency key (a double tap, a retry
 * after a timeout) returns the first visit and stores nothing. Refusals: FollowUpRefused (who,
 * which visit) and VisitRejected (what the record says, field by field).
 */
export function recordVisit(actor: CurrentUser, caseId: number, input: VisitInput, photos: PreparedPhoto[] = [], today: IsoDate = kyivToday()): { visit: VisitRow; repeated: boolean } {
  const written: Array<() => void> = [];
  try {
    return db.transaction((tx) => {
      const earlier = findByKey(tx, input.idempotencyKey);
      if (earlier) {
        if (earlier.caseId !== caseId) throw new FollowUpRefused("visit_of_other_case");
        return { visit: earlier, repeated: true };
      }
      const context = caseForVisit(tx, caseId);
      if (!mayRecord(actor, context.caseRow)) throw new FollowUpRefused("forbidden");
      const { agreement } = context;
      if (!agreement) throw new FollowUpRefused("no_time_origin");
      if (input.plannedVisitId !== null) {
        const planned = tx.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.id, input.plannedVisitId)).get();
        if (!planned || planned.agreementId !== agreement.id) throw new FollowUpRefused("visit_of_other_case", "plannedVisitId");
        const made = tx.select({ id: schema.followUpVisits.id }).from(schema.followUpVisits).where(eq(schema.followUpVisits.plannedVisitId, planned.id)).get();
        if (made) throw new FollowUpRefused("visit_already_recorded", "plannedVisitId", { visitId: made.id });
      }
      const { workers } = checkVisit(tx, { ...context, agreement }, input, { today });
      const visit = tx
        .insert(schema.followUpVisits)
        .values({
          ...visitValues(input),
          plannedVisitId: input.plannedVisitId,
          caseId,
          agreementId: agreement.id,
          visitorUserId: actor.id,
          trancheRequirementId: input.trancheRequirementId,
          idempotencyKey: input.idempotencyKey,
          createdByUserId: actor.id,
        })
        .returning()
        .get();
      if (workers && context.business) writeVisitRoster(tx, { businessId: context.business.id, caseId, visitId: visit.id, recordedOn: visit.visitDate, workers });
      writeEquipment(tx, visit.id, input);
      writePhotos(tx, actor, visit, photos, written);
      recordResidenceFound(tx, actor, visit);
      if (visit.operatingStatus === "closed") skipVisitsAfterClosure(tx, actor, visit);
      recordAudit(tx, { userId: actor.id, action: "create", entityType: "visit", entityId: visit.id, caseId, after: visitRecordSnapshot(tx, visit.id) });
      if (input.trancheRequirementId !== null) verifyThroughVisit(actor, input.trancheRequirementId, input.trancheEvidenceNote ?? "", visit.id);
      return { visit, repeated: false };
    });
  } catch (error) {
    written.forEach((remove) => remove());
    // Another process stored the same form first: answer with its visit.
    if (isIdempotencyConflict(error)) {
      const earlier = findByKey(db, input.idempotencyKey);
      if (earlier && earlier.caseId === caseId) return { visit: earlier, repeated: true };
    }
    throw error;
  }
}

/**
 * Corrects a visit (§10): its author or an officer, from the version they read. The earlier
 * values stay in the audit entry (before/after of the whole record, roster and items included).
 */
export function correctVisit(actor: CurrentUser, visitId: number, input: VisitInput & { version: number }, photos: PreparedPhoto[] = [], today: IsoDate = kyivToday()): VisitRow {
  const written: Array<() => void> = [];
  try {
    return db.transaction((tx) => {
      const stored = tx.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.id, visitId)).get();
      if (!stored) throw new FollowUpRefused("not_found");
      const context = caseForVisit(tx, stored.caseId);
      if (!mayRecord(actor, context.caseRow)) throw new FollowUpRefused("forbidden");
      if (!mayCorrect(actor, stored)) throw new FollowUpRefused("not_author");
      const describe = () => lastAuditedChange(tx, "visit", "visit", visitId);
      assertVersion(stored.version, input.version, describe);
      const agreement = tx.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, stored.agreementId)).get()!;
      const { workers } = checkVisit(tx, { ...context, agreement }, input, { exceptVisitId: visitId, alreadyVerifiedRequirementId: stored.trancheRequirementId, today });
      const before = visitRecordSnapshot(tx, visitId);
      const update = tx
        .update(schema.followUpVisits)
        .set({
          ...visitValues(input),
          trancheRequirementId: input.trancheRequirementId,
          version: stored.version + 1,
          updatedByUserId: actor.id,
          updatedAt: new Date().toISOString(),
        })
        .where(and(eq(schema.followUpVisits.id, visitId), eq(schema.followUpVisits.version, input.version)))
        .run();
      assertCompareAndSet(update, describe);
      if (workers && context.business) writeVisitRoster(tx, { businessId: context.business.id, caseId: stored.caseId, visitId, recordedOn: input.visitDate, workers });
      else tx.delete(schema.workerRosterRows).where(eq(schema.workerRosterRows.visitId, visitId)).run();
      writeEquipment(tx, visitId, input);
      writePhotos(tx, actor, stored, photos, written);
      recordResidenceFound(tx, actor, { ...visitValues(input), id: visitId, caseId: stored.caseId });
      if (stored.operatingStatus === "closed" && input.operatingStatus !== "closed") restoreVisitsSkippedByClosure(tx, actor, stored);
      if (input.operatingStatus === "closed") skipVisitsAfterClosure(tx, actor, { ...stored, visitDate: input.visitDate });
      const after = visitRecordSnapshot(tx, visitId);
      const diff = auditDiff(before, after);
      recordAudit(tx, { userId: actor.id, action: "update", entityType: "visit", entityId: visitId, caseId: stored.caseId, before: { ...diff.before, version: before.version }, after: { ...diff.after, version: after.version } });
      if (input.trancheRequirementId !== null && input.trancheRequirementId !== stored.trancheRequirementId) {
        verifyThroughVisit(actor, input.trancheRequirementId, input.trancheEvidenceNote ?? "", visitId);
      }
      return tx.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.id, visitId)).get()!;
    });
  } catch (error) {
    written.forEach((remove) => remove());
    throw error;
  }
}

/**
 * Deletes a photo of a visit (§10): the visit's author or an officer (as for a correction), from
 * the visit's version they read, once they confirmed. The photo's row stays, marked deleted, so
 * the audit trail still names it; its file is removed once the deletion is stored. The visit's
 * version moves on, and the audit entry is the visit's update (its photos before and after).
 */
export function deleteVisitPhoto(actor: CurrentUser, visitId: number, photoId: number, input: { version: number; confirmed: boolean }) {
  const deleted = db.transaction((tx) => {
    const visit = tx.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.id, visitId)).get();
    if (!visit) throw new FollowUpRefused("not_found");
    const context = caseForVisit(tx, visit.caseId);
    if (!mayRecord(actor, context.caseRow)) throw new FollowUpRefused("forbidden");
    if (!mayCorrect(actor, visit)) throw new FollowUpRefused("not_author");
    const photo = tx.select().from(schema.visitPhotos).where(and(eq(schema.visitPhotos.id, photoId), shownPhotosOf(visitId))).get();
    if (!photo) throw new FollowUpRefused("not_found");
    if (!input.confirmed) throw new FollowUpRefused("not_confirmed", "confirmed");
    const describe = () => lastAuditedChange(tx, "visit", "visit", visitId);
    assertVersion(visit.version, input.version, describe);
    const before = visitRecordSnapshot(tx, visitId);
    const now = new Date().toISOString();
    const update = tx
      .update(schema.followUpVisits)
      .set({ version: visit.version + 1, updatedByUserId: actor.id, updatedAt: now })
      .where(and(eq(schema.followUpVisits.id, visitId), eq(schema.followUpVisits.version, input.version)))
      .run();
    assertCompareAndSet(update, describe);
    tx.update(schema.visitPhotos).set({ deletedAt: now, deletedByUserId: actor.id }).where(eq(schema.visitPhotos.id, photo.id)).run();
    const after = visitRecordSnapshot(tx, visitId);
    recordAudit(tx, {
      userId: actor.id,
      action: "update",
      entityType: "visit",
      entityId: visitId,
      caseId: visit.caseId,
      before: { photos: before.photos, version: before.version, deletedPhoto: { id: photo.id, fileName: photo.fileName, sizeBytes: photo.sizeBytes, sha256: photo.sha256 } },
      after: { photos: after.photos, version: after.version },
    });
    return photo;
  });
  removePhotoFile(deleted.storageKey);
  return deleted;
}

// ---------------------------------------------------------------------------------------------
// Reading

export type VisitFormValues = Omit<VisitInput, "roster" | "newWorkers"> & { version?: number };

/**
 * Everything the visit form shows: the business and its grant, the planned visit, the roster it
 * starts from (each worker's line), the items to report on, the requirements it may verify and a
 * fresh idempotency key. With `visitId`, the stored visit's values for a correction.
 */
export function visitForm(actor: CurrentUser, caseId: number, options: { plannedVisitId?: number | null; visitId?: number } = {}, today: IsoDate = kyivToday()) {
  const context = caseForVisit(db, caseId);
  if (!mayRecord(actor, context.caseRow)) throw new FollowUpRefused("forbidden");
  const { agreement, caseRow, person, business } = context;
  if (!agreement) throw new FollowUpRefused("no_time_origin");
  const stored = options.visitId === undefined ? undefined : db.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.id, options.visitId)).get();
  if (options.visitId !== undefined && (!stored || stored.caseId !== caseId)) throw new FollowUpRefused("not_found");
  if (stored && !mayCorrect(actor, stored)) throw new FollowUpRefused("not_author");
  const plannedVisitId = stored ? stored.plannedVisitId : (options.plannedVisitId ?? null);
  const planned = plannedVisitId === null ? null : db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.id, plannedVisitId)).get() ?? null;
  if (planned && planned.agreementId !== agreement.id) throw new FollowUpRefused("not_found");
  if (planned && !stored) {
    const made = db.select({ id: schema.followUpVisits.id }).from(schema.followUpVisits).where(eq(schema.followUpVisits.plannedVisitId, planned.id)).get();
    if (made) throw new FollowUpRefused("visit_already_recorded", null, { visitId: made.id });
  }
  const visitDate = stored?.visitDate ?? today;
  const previous = rosterBefore(db, caseId, visitDate, { exceptVisitId: stored?.id });
  const recorded = stored ? db.select().from(schema.workerRosterRows).where(eq(schema.workerRosterRows.visitId, stored.id)).all().map(rosterWorkerOf) : [];
  const equipment = handedOverItems(db, agreement.id);
  const equipmentStatus = stored
    ? new Map(db.select().from(schema.visitEquipmentStatuses).where(eq(schema.visitEquipmentStatuses.visitId, stored.id)).all().map((row) => [row.equipmentItemId, row.status]))
    : new Map<number, EquipmentStatus>();
  const requirements = verifiableRequirements(db, agreement);
  const verified = stored?.trancheRequirementId
    ? db.select({ id: schema.grantTrancheRequirements.id, text: schema.grantTrancheRequirements.text, version: schema.grantTrancheRequirements.version, trancheSequence: schema.grantTranches.sequence }).from(schema.grantTrancheRequirements).innerJoin(schema.grantTranches, eq(schema.grantTranches.id, schema.grantTrancheRequirements.trancheId)).where(eq(schema.grantTrancheRequirements.id, stored.trancheRequirementId)).get()
    : undefined;
  const photos = stored ? db.select({ id: schema.visitPhotos.id, fileName: schema.visitPhotos.fileName }).from(schema.visitPhotos).where(shownPhotosOf(stored.id)).all() : [];
  const findings = earlierFindings(db, caseId, visitDate, stored?.id, caseRow.hromadaPcode);
  return {
    case: { id: caseRow.id, caseCode: caseRow.caseCode, hromadaPcode: caseRow.hromadaPcode, oblastPcode: caseRow.oblastPcode },
    person: { name: `${person.surname} ${person.firstName}`, phone: person.phone },
    business: business ? { name: business.name, kind: business.kind } : null,
    agreement: { id: agreement.id, number: agreement.number, timeOriginOn: agreement.timeOriginOn!, inKindMinor: agreement.inKindMinor, cashMinor: agreement.cashMinor },
    planned: planned && { ...planned, state: visitState({ ...planned, visitDate: stored?.visitDate ?? null, skipReason: planned.skippedReason }, today) },
    // Each worker on the roster before the visit, with what this visit recorded for them.
    roster: previous.workers.map((worker) => ({ before: worker, recorded: recorded.find((row) => row.workerId === worker.workerId) ?? null })),
    joined: recorded.filter((row) => !previous.workers.some((worker) => worker.workerId === row.workerId)),
    equipment: equipment.map((item) => ({ ...item, status: equipmentStatus.get(item.id) ?? null })),
    requirements: verified ? [verified, ...requirements] : requirements,
    photos,
    currentHromadaPcode: findings.currentHromadaPcode,
    // The new-hromada picker: the oblasts, and the stored hromada's raion (the reader's browser
    // sorts the names in its language).
    places: { oblasts: listOblasts(), options: placePickerOptions({ hromada: stored?.newHromadaPcode ?? null }, "uk") },
    stored: stored && {
      id: stored.id,
      version: stored.version,
      visitDate: stored.visitDate,
      mode: stored.mode,
      operatingStatus: stored.operatingStatus,
      closureDate: stored.closureDate,
      closureReason: stored.closureReason,
      monthlyRevenueMinor: stored.monthlyRevenueMinor,
      monthlyNetIncomeMinor: stored.monthlyNetIncomeMinor,
      residence: stored.residence,
      newHromadaPcode: stored.newHromadaPcode,
      problems: stored.problems,
      mentoringGiven: stored.mentoringGiven,
      notes: maySeeNotes(actor, caseRow, stored) ? stored.notes : null,
      trancheRequirementId: stored.trancheRequirementId,
      idempotencyKey: stored.idempotencyKey,
    },
    idempotencyKey: stored?.idempotencyKey ?? randomUUID(),
    today,
  };
}

/** One recorded visit for reading (the case's people, officers): notes only for those allowed. */
export function visitRecord(actor: CurrentUser, visitId: number) {
  const visit = db.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.id, visitId)).get();
  if (!visit) throw new FollowUpRefused("not_found");
  const context = caseForVisit(db, visit.caseId);
  if (!mayRecord(actor, context.caseRow)) throw new FollowUpRefused("forbidden");
  const roster = db.select().from(schema.workerRosterRows).where(eq(schema.workerRosterRows.visitId, visitId)).orderBy(asc(schema.workerRosterRows.id)).all().map(rosterWorkerOf);
  const items = handedOverItems(db, visit.agreementId);
  const statuses = db.select().from(schema.visitEquipmentStatuses).where(eq(schema.visitEquipmentStatuses.visitId, visitId)).all();
  const people = db
    .select({ id: schema.users.id, name: schema.users.name })
    .from(schema.users)
    .where(inArray(schema.users.id, [visit.visitorUserId, visit.createdByUserId, ...(visit.updatedByUserId ? [visit.updatedByUserId] : [])]))
    .all();
  const nameOf = (id: number | null) => people.find((person) => person.id === id)?.name ?? null;
  const planned = visit.plannedVisitId ? db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.id, visit.plannedVisitId)).get() ?? null : null;
  const requirement = visit.trancheRequirementId
    ? db.select({ text: schema.grantTrancheRequirements.text, trancheSequence: schema.grantTranches.sequence }).from(schema.grantTrancheRequirements).innerJoin(schema.grantTranches, eq(schema.grantTranches.id, schema.grantTrancheRequirements.trancheId)).where(eq(schema.grantTrancheRequirements.id, visit.trancheRequirementId)).get() ?? null
    : null;
  const { notes, idempotencyKey: _key, ...shown } = visit;
  return {
    visit: { ...shown, notes: maySeeNotes(actor, context.caseRow, visit) ? notes : null, hasNotes: notes !== null },
    case: { id: context.caseRow.id, caseCode: context.caseRow.caseCode },
    person: { name: `${context.person.surname} ${context.person.firstName}` },
    business: context.business ? { name: context.business.name } : null,
    visitorName: nameOf(visit.visitorUserId),
    correctedBy: nameOf(visit.updatedByUserId),
    planned,
    roster,
    equipment: items.map((item) => ({ ...item, status: statuses.find((row) => row.equipmentItemId === item.id)?.status ?? null })),
    requirement,
    photos: db.select({ id: schema.visitPhotos.id, fileName: schema.visitPhotos.fileName, width: schema.visitPhotos.width, height: schema.visitPhotos.height }).from(schema.visitPhotos).where(shownPhotosOf(visitId)).all(),
    newHromada: visit.newHromadaPcode ? (placeNames([visit.newHromadaPcode])[visit.newHromadaPcode] ?? null) : null,
    mayCorrect: mayCorrect(actor, visit),
  };
}

/** The case a visit belongs to (undefined for an unknown visit). */
export function caseIdOfVisit(visitId: number): number | undefined {
  return db.select({ caseId: schema.followUpVisits.caseId }).from(schema.followUpVisits).where(eq(schema.followUpVisits.id, visitId)).get()?.caseId;
}

/** A visit photo for those who may read the visit. */
export function visitPhoto(actor: CurrentUser, visitId: number, photoId: number) {
  const photo = db.select().from(schema.visitPhotos).where(and(eq(schema.visitPhotos.id, photoId), shownPhotosOf(visitId))).get();
  if (!photo) throw new FollowUpRefused("not_found");
  const context = caseForVisit(db, photo.caseId);
  if (!mayRecord(actor, context.caseRow)) throw new FollowUpRefused("forbidden");
  return photo;
}
