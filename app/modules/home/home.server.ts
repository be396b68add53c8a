// What needs each person's attention, per role. Queues grow as later stages arrive.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { caseScope } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { caseStages } from "../../../db/enums";
import { mentorFollowUp } from "~/modules/followup/queues.server";
import { mentorRequirementQueue, officerGrantQueues } from "~/modules/grants/grant-queues.server";
import { incompleteApplications } from "~/modules/intake/completeness.server";
import { outcomeChanges } from "~/modules/outcomes/outcome-home.server";
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

// Aggregates only: evaluators never see who the people are (domain.md §8). Stages are listed in
// the order of the lifecycle (db/enums.ts), not as the database happens to group them.
function casesByStage() {
  return db
    .select({ stage: schema.cases.stage, n: count() })
    .from(schema.cases)
    .groupBy(schema.cases.stage)
    .all()
    .sort((a, b) => caseStages.indexOf(a.stage) - caseStages.indexOf(b.stage));
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
      // The case by its code (with a link), not by its internal id.
      caseId: schema.cases.id,
      caseCode: schema.cases.caseCode,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .leftJoin(schema.cases, eq(schema.cases.id, schema.auditLog.caseId))
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
        incomplete: incompleteApplications(user),
        pendingDuplicates: countPendingDuplicates(),
        reviewQueues: reviewQueues(),
        grants: officerGrantQueues(user, queueSize),
      };
    case "officer":
      // Officers often sit on review panels too: their own waiting reviews come first.
      return {
        role: "officer" as const,
        reviewQueue: reviewerQueue(user.id),
        screening: casesAwaitingScreening(),
        incomplete: incompleteApplications(user),
        pendingDuplicates: countPendingDuplicates(),
        reviewQueues: reviewQueues(),
        grants: officerGrantQueues(user, queueSize),
      };
    case "mentor":
      // Visits first (domain.md §10): what is overdue or due now, then what comes next.
      return {
        role: "mentor" as const,
        followUp: mentorFollowUp(user),
        // Tranche requirements: the mentor's verification is what releases the next tranche (§9).
        requirementsToVerify: mentorRequirementQueue(user, queueSize),
        myCases: mentorCases(user),
        plansToRevise: plansToRevise(user),
      };
    case "evaluator":
      return { role: "evaluator" as const, byStage: casesByStage(), outcomes: outcomeChanges() };
    case "reviewer":
      return { role: "reviewer" as const, reviewQueue: reviewerQueue(user.id) };
  }
}
