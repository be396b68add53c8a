// Business-skills training (§1): sessions, attendance per applicant, completion. Whether
// completion is needed before a plan is submitted is the programme's `trainingRequired`.
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { CaseTransitionRefused, moveCase } from "~/modules/cases/case-transitions.server";

export function listTrainingSessions(programmeId: number) {
  const sessions = db
    .select()
    .from(schema.trainingSessions)
    .where(eq(schema.trainingSessions.programmeId, programmeId))
    .orderBy(desc(schema.trainingSessions.heldOn), desc(schema.trainingSessions.id))
    .all();
  const attendance = sessions.length
    ? db
        .select({ sessionId: schema.trainingAttendance.sessionId, n: count() })
        .from(schema.trainingAttendance)
        .where(inArray(schema.trainingAttendance.sessionId, sessions.map((session) => session.id)))
        .groupBy(schema.trainingAttendance.sessionId)
        .all()
    : [];
  return sessions.map((session) => ({ ...session, attendees: attendance.find((row) => row.sessionId === session.id)?.n ?? 0 }));
}

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

// Trainees: eligible applicants of the programme at the training stage, with their attendance.
export function trainees(programmeId: number, sessionId?: number) {
  const rows = db
    .select({
      caseId: schema.cases.id,
      caseCode: schema.cases.caseCode,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      trainingCompletedOn: schema.cases.trainingCompletedOn,
      stage: schema.cases.stage,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(and(eq(schema.cases.programmeId, programmeId), eq(schema.cases.stage, "training"), eq(schema.cases.status, "open")))
    .orderBy(asc(schema.persons.surnameSkeleton), asc(schema.persons.firstNameSkeleton))
    .all();
  const caseIds = rows.map((row) => row.caseId);
  const attended = caseIds.length
    ? db
        .select({ caseId: schema.trainingAttendance.caseId, sessionId: schema.trainingAttendance.sessionId })
        .from(schema.trainingAttendance)
        .where(inArray(schema.trainingAttendance.caseId, caseIds))
        .all()
    : [];
  return rows.map((row) => ({
    ...row,
    sessionsAttended: attended.filter((entry) => entry.caseId === row.caseId).length,
    attendedThisSession: sessionId ? attended.some((entry) => entry.caseId === row.caseId && entry.sessionId === sessionId) : false,
  }));
}

// The attendance list of one session is replaced as a whole (the register as ticked).
export function recordAttendance(actor: CurrentUser, sessionId: number, caseIds: number[]) {
  db.transaction((tx) => {
    const session = tx.select().from(schema.trainingSessions).where(eq(schema.trainingSessions.id, sessionId)).get();
    if (!session) throw new Response("Not found", { status: 404 });
    const valid = caseIds.length
      ? tx
          .select({ id: schema.cases.id })
          .from(schema.cases)
          .where(and(inArray(schema.cases.id, caseIds), eq(schema.cases.programmeId, session.programmeId)))
          .all()
          .map((row) => row.id)
      : [];
    const before = tx.select({ caseId: schema.trainingAttendance.caseId }).from(schema.trainingAttendance).where(eq(schema.trainingAttendance.sessionId, sessionId)).all();
    tx.delete(schema.trainingAttendance).where(eq(schema.trainingAttendance.sessionId, sessionId)).run();
    if (valid.length) {
      tx.insert(schema.trainingAttendance).values(valid.map((caseId) => ({ sessionId, caseId, recordedByUserId: actor.id }))).run();
    }
    recordAudit(tx, {
      userId: actor.id,
      action: "attend",
      entityType: "training",
      entityId: sessionId,
      before: { caseIds: before.map((row) => row.caseId) },
      after: { caseIds: valid },
    });
  });
}

// Completing training needs at least one attended session; it moves the case to the plan.
export function completeTraining(actor: CurrentUser, caseId: number) {
  db.transaction((tx) => {
    const attended = tx.select({ n: count() }).from(schema.trainingAttendance).where(eq(schema.trainingAttendance.caseId, caseId)).get()?.n ?? 0;
    if (attended === 0) throw new CaseTransitionRefused("no_attendance");
    moveCase(tx, actor, caseId, { type: "complete_training" }, { sessionsAttended: attended });
  });
}
