// Business-skills training (§1): sessions, attendance per applicant, completion. Whether
// completion is needed before a plan is submitted is the programme's `trainingRequired`.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, or } from "drizzle-orm";
import { notFound } from "~/lib/not-found.server";
import { pageWindow } from "~/lib/paging";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type AppDatabase, type Transaction } from "~/lib/db.server";
import { groupBy } from "~/lib/group";
import { assertCompareAndSet, StaleRecordError, userName } from "~/lib/stale-record.server";
import { CaseTransitionRefused, loadCaseState, moveCase } from "~/modules/cases/case-transitions.server";

// An unticked mark keeps its row (and its version): only ticked ones count as attendance.
const attendedOnly = eq(schema.trainingAttendance.attended, true);

// The programme's sessions, newest first, a page at a time.
export function listTrainingSessions(programmeId: number, { page = 1, size = trainingSessionsPageSize }: { page?: number; size?: number } = {}) {
  const ofProgramme = eq(schema.trainingSessions.programmeId, programmeId);
  const total = db.select({ n: count() }).from(schema.trainingSessions).where(ofProgramme).get()?.n ?? 0;
  const window = pageWindow(total, page, size);
  const sessions = db
    .select()
    .from(schema.trainingSessions)
    .where(ofProgramme)
    .orderBy(desc(schema.trainingSessions.heldOn), desc(schema.trainingSessions.id))
    .limit(window.limit)
    .offset(window.offset)
    .all();
  const attendance = sessions.length
    ? db
        .select({ sessionId: schema.trainingAttendance.sessionId, n: count() })
        .from(schema.trainingAttendance)
        .where(and(inArray(schema.trainingAttendance.sessionId, sessions.map((session) => session.id)), attendedOnly))
        .groupBy(schema.trainingAttendance.sessionId)
        .all()
    : [];
  const items = sessions.map((session) => ({ ...session, attendees: attendance.find((row) => row.sessionId === session.id)?.n ?? 0 }));
  return { total, page: window.page, pageCount: window.pageCount, items };
}

export const trainingSessionsPageSize = 50;

export function findTrainingSession(id: number) {
  return db.select().from(schema.trainingSessions).where(eq(schema.trainingSessions.id, id)).get();
}

export function createTrainingSession(actor: CurrentUser, input: { programmeId: number; title: string; heldOn: string; place?: string }) {
  return db.transaction((tx) => {
    const session = tx
      .insert(schema.trainingSessions)
      .values({ ...input, place: input.place ?? null, createdByUserId: actor.id })
      .returning()
      .get();
    recordAudit(tx, { userId: actor.id, action: "create", entityType: "training", entityId: session.id, after: session });
    return session;
  });
}

// The register of a programme's sessions: its open cases at the training stage.
function onRegister(programmeId: number) {
  return and(eq(schema.cases.programmeId, programmeId), eq(schema.cases.stage, "training"), eq(schema.cases.status, "open"));
}

// Attendees of the session who completed training stay on its register, shown as completed,
// so marking someone completed never makes them vanish from the list the officer is working on.
function completedAttendees(programmeId: number, sessionId: number) {
  return and(
    eq(schema.cases.programmeId, programmeId),
    isNotNull(schema.cases.trainingCompletedOn),
    inArray(
      schema.cases.id,
      db
        .select({ caseId: schema.trainingAttendance.caseId })
        .from(schema.trainingAttendance)
        .where(and(eq(schema.trainingAttendance.sessionId, sessionId), attendedOnly)),
    ),
  );
}

// Attendees of the session who left the training stage without completing it (withdrawn,
// found ineligible): they are not on the register any more, and the page says how many.
function attendeesBeyondRegister(reader: AppDatabase | Transaction, sessionId: number) {
  return reader
    .select({ caseId: schema.trainingAttendance.caseId })
    .from(schema.trainingAttendance)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.trainingAttendance.caseId))
    .where(
      and(
        eq(schema.trainingAttendance.sessionId, sessionId),
        attendedOnly,
        isNull(schema.cases.trainingCompletedOn),
        or(ne(schema.cases.stage, "training"), ne(schema.cases.status, "open")),
      ),
    )
    .all()
    .map((row) => row.caseId);
}

export function countAttendeesBeyondRegister(sessionId: number) {
  return attendeesBeyondRegister(db, sessionId).length;
}

// Trainees: eligible applicants of the programme at the training stage, with their attendance,
// and on a session's register also its attendees who have completed (`completedOn`, read-only).
// Each carries the versions its forms post back: its mark on this session (0 when never marked)
// and its case (for completion).
export function trainees(programmeId: number, sessionId?: number) {
  const rows = db
    .select({
      caseId: schema.cases.id,
      caseCode: schema.cases.caseCode,
      caseVersion: schema.cases.version,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      completedOn: schema.cases.trainingCompletedOn,
      stage: schema.cases.stage,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(sessionId ? or(onRegister(programmeId), completedAttendees(programmeId, sessionId)) : onRegister(programmeId))
    .orderBy(asc(schema.persons.surnameSkeleton), asc(schema.persons.firstNameSkeleton))
    .all();
  const caseIds = rows.map((row) => row.caseId);
  const marks = caseIds.length
    ? db
        .select({
          caseId: schema.trainingAttendance.caseId,
          sessionId: schema.trainingAttendance.sessionId,
          attended: schema.trainingAttendance.attended,
          version: schema.trainingAttendance.version,
        })
        .from(schema.trainingAttendance)
        .where(inArray(schema.trainingAttendance.caseId, caseIds))
        .all()
    : [];
  // Each trainee's marks by case: looked up per row, not searched for (a register of thousands).
  const marksByCase = groupBy(marks, (entry) => entry.caseId);
  return rows.map((row) => {
    const own = marksByCase.get(row.caseId) ?? [];
    const mark = sessionId ? own.find((entry) => entry.sessionId === sessionId) : undefined;
    return {
      ...row,
      sessionsAttended: own.filter((entry) => entry.attended).length,
      attendedThisSession: mark?.attended ?? false,
      markVersion: mark?.version ?? 0,
    };
  });
}

/** How many applicants of the programme wait on the training register. */
export function traineeCount(programmeId: number) {
  return db.select({ n: count() }).from(schema.cases).where(onRegister(programmeId)).get()?.n ?? 0;
}

function sessionIn(tx: Transaction, sessionId: number) {
  const session = tx.select().from(schema.trainingSessions).where(eq(schema.trainingSessions.id, sessionId)).get();
  if (!session) notFound();
  return session;
}

/** One trainee's tick as the register showed it (its mark's version, 0 if none) and as it was left. */
export type AttendanceMark = { caseId: number; version: number; wasAttended: boolean; attended: boolean };

function attendedIds(tx: Transaction, sessionId: number) {
  return tx
    .select({ caseId: schema.trainingAttendance.caseId })
    .from(schema.trainingAttendance)
    .where(and(eq(schema.trainingAttendance.sessionId, sessionId), attendedOnly))
    .orderBy(asc(schema.trainingAttendance.caseId))
    .all()
    .map((row) => row.caseId);
}

// Saves only the ticks the user changed, each as a compare-and-set on its own mark: two people
// ticking different trainees both keep their ticks. A mark someone else changed since the page
// was read is refused (StaleRecordError, naming whose marks) unless it already says what this
// user wants; then the whole save is refused, so the user sees the register as it is now.
// Ticks of trainees not on the register (another programme, moved on) are ignored.
function saveMarks(tx: Transaction, actor: CurrentUser, session: typeof schema.trainingSessions.$inferSelect, marks: AttendanceMark[]) {
  const register = new Set(
    tx
      .select({ id: schema.cases.id })
      .from(schema.cases)
      .where(onRegister(session.programmeId))
      .all()
      .map((row) => row.id),
  );
  const changed = [...new Map(marks.filter((mark) => register.has(mark.caseId) && mark.attended !== mark.wasAttended).map((mark) => [mark.caseId, mark])).values()];
  if (changed.length === 0) return { caseIds: attendedIds(tx, session.id), changed: [] };
  const stored = tx
    .select()
    .from(schema.trainingAttendance)
    .where(and(eq(schema.trainingAttendance.sessionId, session.id), inArray(schema.trainingAttendance.caseId, changed.map((mark) => mark.caseId))))
    .all();
  const storedMark = (caseId: number) => stored.find((row) => row.caseId === caseId);
  const conflicts = changed.filter((mark) => {
    const row = storedMark(mark.caseId);
    return (row?.version ?? 0) !== mark.version && (row?.attended ?? false) !== mark.attended;
  });
  if (conflicts.length) throw new StaleRecordError(describeMarks(tx, conflicts.map((mark) => mark.caseId), stored));
  const before = attendedIds(tx, session.id);
  const now = new Date().toISOString();
  const written = changed.filter((mark) => {
    const row = storedMark(mark.caseId);
    // Someone else already made this very change: nothing to write, nothing lost.
    if ((row?.version ?? 0) !== mark.version) return false;
    if (!row) {
      tx.insert(schema.trainingAttendance)
        .values({ sessionId: session.id, caseId: mark.caseId, attended: mark.attended, version: 1, recordedByUserId: actor.id, updatedAt: now })
        .run();
      return true;
    }
    const result = tx
      .update(schema.trainingAttendance)
      .set({ attended: mark.attended, version: row.version + 1, recordedByUserId: actor.id, updatedAt: now })
      .where(
        and(
          eq(schema.trainingAttendance.sessionId, session.id),
          eq(schema.trainingAttendance.caseId, mark.caseId),
          eq(schema.trainingAttendance.version, mark.version),
        ),
      )
      .run();
    assertCompareAndSet(result, () => describeMarks(tx, [mark.caseId], stored));
    return true;
  });
  const after = attendedIds(tx, session.id);
  if (written.length) {
    recordAudit(tx, {
      userId: actor.id,
      action: "attend",
      entityType: "training",
      entityId: session.id,
      before: { caseIds: before },
      after: { caseIds: after, marked: written.filter((mark) => mark.attended).map((mark) => mark.caseId), unmarked: written.filter((mark) => !mark.attended).map((mark) => mark.caseId) },
    });
  }
  return { caseIds: after, changed: written.map((mark) => mark.caseId) };
}

// Whose marks changed under the user, and the latest of those changes (who, when).
function describeMarks(tx: Transaction, caseIds: number[], stored: Array<typeof schema.trainingAttendance.$inferSelect>) {
  const names = tx
    .select({ surname: schema.persons.surname, firstName: schema.persons.firstName })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(inArray(schema.cases.id, caseIds))
    .orderBy(asc(schema.persons.surnameSkeleton), asc(schema.persons.firstNameSkeleton))
    .all()
    .map((person) => `${person.surname} ${person.firstName}`);
  const latest = stored
    .filter((row) => caseIds.includes(row.caseId))
    .sort((a, b) => (b.updatedAt ?? b.createdAt).localeCompare(a.updatedAt ?? a.createdAt))[0];
  return {
    record: "attendance" as const,
    action: "attend" as const,
    at: latest ? (latest.updatedAt ?? latest.createdAt) : null,
    by: latest ? userName(tx, latest.recordedByUserId) : null,
    subjects: names,
  };
}

// Completing training needs at least one attended session; it moves the case to the plan.
function completeTrainingIn(tx: Transaction, actor: CurrentUser, caseId: number, caseVersion: number) {
  const attended =
    tx
      .select({ n: count() })
      .from(schema.trainingAttendance)
      .where(and(eq(schema.trainingAttendance.caseId, caseId), attendedOnly))
      .get()?.n ?? 0;
  const ref = { id: caseId, version: caseVersion };
  if (attended === 0) {
    // A stale page hears what changed first, as in every other refusal.
    loadCaseState(tx, ref);
    throw new CaseTransitionRefused("no_attendance");
  }
  moveCase(tx, actor, ref, { type: "complete_training" }, { sessionsAttended: attended });
}

/** Ticks the given trainees on a session's register, as one save of the page would (demo data). */
export function recordAttendance(actor: CurrentUser, sessionId: number, caseIds: number[]) {
  db.transaction((tx) => {
    const session = sessionIn(tx, sessionId);
    const stored = tx.select().from(schema.trainingAttendance).where(eq(schema.trainingAttendance.sessionId, sessionId)).all();
    const marks = caseIds.map((caseId) => {
      const row = stored.find((mark) => mark.caseId === caseId);
      return { caseId, version: row?.version ?? 0, wasAttended: row?.attended ?? false, attended: true };
    });
    saveMarks(tx, actor, session, marks);
  });
}

export function completeTraining(actor: CurrentUser, caseId: number, caseVersion: number) {
  db.transaction((tx) => completeTrainingIn(tx, actor, caseId, caseVersion));
}

// What the session page's register posts: every trainee's mark as read and as left, or one
// trainee's completion with the case's version.
export type TrainingRegisterInput = { intent: "attendance"; marks: AttendanceMark[] } | { intent: "complete"; caseId: number; version: number };

export type TrainingRegisterResult = { intent: "attendance"; caseIds: number[]; changed: number[] } | { intent: "complete"; caseId: number; caseCode: string };

// The session page's register, read and written in one transaction. A refused completion throws
// CaseTransitionRefused, a lost race StaleRecordError, and neither changes anything.
export function saveTrainingRegister(actor: CurrentUser, sessionId: number, input: TrainingRegisterInput): TrainingRegisterResult {
  return db.transaction((tx): TrainingRegisterResult => {
    const session = sessionIn(tx, sessionId);
    if (input.intent === "attendance") return { intent: "attendance", ...saveMarks(tx, actor, session, input.marks) };
    const trainee = tx
      .select({ caseCode: schema.cases.caseCode })
      .from(schema.cases)
      .where(and(eq(schema.cases.id, input.caseId), onRegister(session.programmeId)))
      .get();
    completeTrainingIn(tx, actor, input.caseId, input.version);
    return { intent: "complete", caseId: input.caseId, caseCode: trainee?.caseCode ?? String(input.caseId) };
  });
}
