// Business-skills training (§1): sessions, attendance per applicant, completion. Whether
// completion is needed before a plan is submitted is the programme's `trainingRequired`.
import { and, asc, count, desc, eq, inArray, ne, or } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type AppDatabase, type Transaction } from "~/lib/db.server";
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

// The register of a programme's sessions: its open cases at the training stage.
function onRegister(programmeId: number) {
  return and(eq(schema.cases.programmeId, programmeId), eq(schema.cases.stage, "training"), eq(schema.cases.status, "open"));
}

// Attendees of the session who have left the training stage (completed, or their case moved
// on): they are not on the register any more, and saving the register must keep them.
function attendeesBeyondRegister(reader: AppDatabase | Transaction, sessionId: number) {
  return reader
    .select({ caseId: schema.trainingAttendance.caseId })
    .from(schema.trainingAttendance)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.trainingAttendance.caseId))
    .where(and(eq(schema.trainingAttendance.sessionId, sessionId), or(ne(schema.cases.stage, "training"), ne(schema.cases.status, "open"))))
    .all()
    .map((row) => row.caseId);
}

export function countAttendeesBeyondRegister(sessionId: number) {
  return attendeesBeyondRegister(db, sessionId).length;
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
    .where(onRegister(programmeId))
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

function sessionIn(tx: Transaction, sessionId: number) {
  const session = tx.select().from(schema.trainingSessions).where(eq(schema.trainingSessions.id, sessionId)).get();
  if (!session) throw new Response("Not found", { status: 404 });
  return session;
}

// The attendance list of one session is replaced as a whole (the register as ticked); cases of
// another programme are left out. Returns the case ids stored.
function replaceAttendance(tx: Transaction, actor: CurrentUser, session: typeof schema.trainingSessions.$inferSelect, caseIds: number[]) {
  const valid = caseIds.length
    ? tx
        .select({ id: schema.cases.id })
        .from(schema.cases)
        .where(and(inArray(schema.cases.id, caseIds), eq(schema.cases.programmeId, session.programmeId)))
        .all()
        .map((row) => row.id)
    : [];
  const before = tx.select({ caseId: schema.trainingAttendance.caseId }).from(schema.trainingAttendance).where(eq(schema.trainingAttendance.sessionId, session.id)).all();
  tx.delete(schema.trainingAttendance).where(eq(schema.trainingAttendance.sessionId, session.id)).run();
  if (valid.length) {
    tx.insert(schema.trainingAttendance).values(valid.map((caseId) => ({ sessionId: session.id, caseId, recordedByUserId: actor.id }))).run();
  }
  recordAudit(tx, {
    userId: actor.id,
    action: "attend",
    entityType: "training",
    entityId: session.id,
    before: { caseIds: before.map((row) => row.caseId) },
    after: { caseIds: valid },
  });
  return valid;
}

// Completing training needs at least one attended session; it moves the case to the plan.
function completeTrainingIn(tx: Transaction, actor: CurrentUser, caseId: number) {
  const attended = tx.select({ n: count() }).from(schema.trainingAttendance).where(eq(schema.trainingAttendance.caseId, caseId)).get()?.n ?? 0;
  if (attended === 0) throw new CaseTransitionRefused("no_attendance");
  moveCase(tx, actor, caseId, { type: "complete_training" }, { sessionsAttended: attended });
}

export function recordAttendance(actor: CurrentUser, sessionId: number, caseIds: number[]) {
  db.transaction((tx) => {
    replaceAttendance(tx, actor, sessionIn(tx, sessionId), caseIds);
  });
}

export function completeTraining(actor: CurrentUser, caseId: number) {
  db.transaction((tx) => completeTrainingIn(tx, actor, caseId));
}

// What the session page's register posts: the ticked trainees, or one trainee's completion.
export type TrainingRegisterInput = { intent: "attendance"; caseIds: number[] } | { intent: "complete"; caseId: number };

export type TrainingRegisterResult = { intent: "attendance"; caseIds: number[] } | { intent: "complete"; caseId: number; caseCode: string };

// The session page's register, read and written in one transaction. Saving attendance counts
// only ticks of trainees on the register and keeps the attendees who have since moved on, so a
// register shown before someone completed cannot drop them. A refused completion throws
// CaseTransitionRefused and changes nothing.
export function saveTrainingRegister(actor: CurrentUser, sessionId: number, input: TrainingRegisterInput): TrainingRegisterResult {
  return db.transaction((tx): TrainingRegisterResult => {
    const session = sessionIn(tx, sessionId);
    if (input.intent === "attendance") {
      const register = new Set(
        tx
          .select({ id: schema.cases.id })
          .from(schema.cases)
          .where(onRegister(session.programmeId))
          .all()
          .map((row) => row.id),
      );
      const ticked = input.caseIds.filter((caseId) => register.has(caseId));
      const caseIds = replaceAttendance(tx, actor, session, [...new Set([...ticked, ...attendeesBeyondRegister(tx, session.id)])]);
      return { intent: "attendance", caseIds };
    }
    const trainee = tx
      .select({ caseCode: schema.cases.caseCode })
      .from(schema.cases)
      .where(and(eq(schema.cases.id, input.caseId), onRegister(session.programmeId)))
      .get();
    completeTrainingIn(tx, actor, input.caseId);
    return { intent: "complete", caseId: input.caseId, caseCode: trainee?.caseCode ?? String(input.caseId) };
  });
}
