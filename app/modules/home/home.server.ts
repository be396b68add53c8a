// What needs each person's attention, per role. Queues grow as later stages arrive.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { caseScope } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { countPendingDuplicates } from "~/modules/intake/duplicates.server";
import { officerReviewQueues } from "~/modules/review/committee-board.server";
import { reviewerQueue } from "~/modules/review/reviews.server";

const queueSize = 10;

function casesAwaitingScreening() {
  const where = and(eq(schema.cases.stage, "application"), eq(schema.cases.status, "open"));
  const total = db.select({ n: count() }).from(schema.cases).where(where).get()?.n ?? 0;
  const items = db
    .select({
      id: schema.cases.id,
      caseCode: schema.cases.caseCode,
      applicationDate: schema.cases.applicationDate,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      oblastPcode: schema.cases.oblastPcode,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(where)
    .orderBy(asc(schema.cases.applicationDate), asc(schema.cases.id))
    .limit(queueSize)
    .all();
  return { total, items };
}

function mentorCases(user: CurrentUser) {
  const where = and(caseScope(user), inArray(schema.cases.status, ["open", "waitlisted"]));
  const total = db.select({ n: count() }).from(schema.cases).where(where).get()?.n ?? 0;
  const items = db
    .select({
      id: schema.cases.id,
      caseCode: schema.cases.caseCode,
      stage: schema.cases.stage,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      mine: sql<number>`${schema.cases.mentorId} = ${user.id}`,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(where)
    .orderBy(desc(schema.cases.updatedAt))
    .limit(queueSize)
    .all();
  return { total, items };
}

// The officer's review queues, each cut to its first entries with its full count.
function reviewQueues() {
  return officerReviewQueues(queueSize);
}

// Plans the committee sent back for revision, in the mentor's cases: the mentor helps rewrite them.
function plansToRevise(user: CurrentUser) {
  return db
    .select({ id: schema.cases.id, caseCode: schema.cases.caseCode, surname: schema.persons.surname, firstName: schema.persons.firstName })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .innerJoin(schema.businessPlans, eq(schema.businessPlans.caseId, schema.cases.id))
    .where(and(caseScope(user), eq(schema.businessPlans.status, "revision_requested"), eq(schema.cases.status, "open")))
    .orderBy(asc(schema.businessPlans.updatedAt), asc(schema.cases.id))
    .limit(queueSize)
    .all();
}

// Aggregates only: evaluators never see who the people are (domain.md §8).
function casesByStage() {
  return db
    .select({ stage: schema.cases.stage, n: count() })
    .from(schema.cases)
    .groupBy(schema.cases.stage)
    .all();
}

function adminOverview() {
  const usersByRole = db
    .select({ role: schema.users.role, n: count() })
    .from(schema.users)
    .where(eq(schema.users.active, true))
    .groupBy(schema.users.role)
    .all();
  const recentChanges = db
    .select({
      id: schema.auditLog.id,
      at: schema.auditLog.at,
      action: schema.auditLog.action,
      entityType: schema.auditLog.entityType,
      entityId: schema.auditLog.entityId,
      userName: schema.users.name,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .orderBy(desc(schema.auditLog.id))
    .limit(queueSize)
    .all();
  return { usersByRole, recentChanges };
}

export function homeFor(user: CurrentUser) {
  switch (user.role) {
    case "admin":
      return {
        role: "admin" as const,
        ...adminOverview(),
        screening: casesAwaitingScreening(),
        pendingDuplicates: countPendingDuplicates(),
        reviewQueues: reviewQueues(),
      };
    case "officer":
      // Officers often sit on review panels too: their own waiting reviews come first.
      return {
        role: "officer" as const,
        reviewQueue: reviewerQueue(user.id),
        screening: casesAwaitingScreening(),
        pendingDuplicates: countPendingDuplicates(),
        reviewQueues: reviewQueues(),
      };
    case "mentor":
      return { role: "mentor" as const, myCases: mentorCases(user), plansToRevise: plansToRevise(user) };
    case "evaluator":
      return { role: "evaluator" as const, byStage: casesByStage() };
    case "reviewer":
      return { role: "reviewer" as const, reviewQueue: reviewerQueue(user.id) };
  }
}
