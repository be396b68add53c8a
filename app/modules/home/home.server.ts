// What needs each person's attention, per role. Queues grow as later stages arrive.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { caseScope } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { caseStages } from "../../../db/enums";
import { mentorFollowUp } from "~/modules/followup/queues.server";
import { mentorRequirementQueue, officerGrantQueues } from "~/modules/grants/grant-queues.server";
import { incompleteApplications } from "~/modules/intake/completeness.server";
import { listOblasts } from "~/modules/locations/locations.server";
import { outcomeChanges } from "~/modules/outcomes/outcome-home.server";
import { countPendingDuplicates } from "~/modules/intake/duplicates.server";
import { officerReviewQueues } from "~/modules/review/committee-board.server";
import { reviewerQueue } from "~/modules/review/reviews.server";

const queueSize = 10;

function casesAwaitingScreening(user: CurrentUser) {
  const where = and(caseScope(user), eq(schema.cases.stage, "application"), eq(schema.cases.status, "open"));
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

// Written as the partial indexes cases_open_mentor_idx and cases_open_partner_idx are (db/schema.ts):
// a bound parameter would keep SQLite from using them.
const stillOpen = sql`${schema.cases.status} in ('open', 'waitlisted')`;

function mentorCases(user: CurrentUser) {
  const where = and(caseScope(user), stillOpen);
  const total = db.select({ n: count() }).from(schema.cases).where(where).get()?.n ?? 0;
  // The latest changed cases from the index first, then their people: joined before the sort,
  // every open case of a large partner organisation had its person read.
  const latest = db.select({ id: schema.cases.id }).from(schema.cases).where(where).orderBy(desc(schema.cases.updatedAt)).limit(queueSize);
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
    .where(inArray(schema.cases.id, latest))
    .orderBy(desc(schema.cases.updatedAt))
    .all();
  return { total, items };
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

// Whose each queued case is — applicant, business, oblast — for all the officer's queues in one
// query (issue 13: a case code alone tells an officer nothing).
function caseSummaries(caseIds: number[]) {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return {};
  const rows = db
    .select({
      caseId: schema.cases.id,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      businessName: schema.businesses.name,
      oblastPcode: schema.cases.oblastPcode,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .leftJoin(schema.businesses, eq(schema.businesses.caseId, schema.cases.id))
    .where(inArray(schema.cases.id, ids))
    .all();
  return Object.fromEntries(rows.map(({ caseId, ...summary }) => [caseId, summary])) as Record<number, Omit<(typeof rows)[number], "caseId">>;
}

// The queues officers and admins share, with the people, businesses and oblasts behind them.
function officerQueues(user: CurrentUser) {
  const screening = casesAwaitingScreening(user);
  const incomplete = incompleteApplications(user);
  const reviewQueues = officerReviewQueues(user, queueSize);
  const grants = officerGrantQueues(user, queueSize);
  const queuedCaseIds = [
    ...screening.items.map((item) => item.id),
    ...incomplete.items.map((item) => item.id),
    ...Object.values(reviewQueues).flatMap((queue) => queue.items.map((item) => item.caseId)),
    ...grants.agreementsToPrepare.items.map((item) => item.caseId),
    ...grants.agreementsToSign.items.map((item) => item.caseId),
    ...grants.actsToSign.items.map((item) => item.caseId),
    ...[grants.tranchesToRequest, grants.tranchesToApprove, grants.paymentsFailed].flatMap((queue) => queue.items.map((item) => item.caseId)),
  ];
  return {
    screening,
    incomplete,
    pendingDuplicates: countPendingDuplicates(),
    reviewQueues,
    grants,
    caseSummaries: caseSummaries(queuedCaseIds),
    oblasts: listOblasts(),
  };
}

export function homeFor(user: CurrentUser) {
  switch (user.role) {
    case "admin":
      return {
        role: "admin" as const,
        ...adminOverview(),
        ...officerQueues(user),
      };
    case "officer":
      // Officers often sit on review panels too: their own waiting reviews come first.
      return {
        role: "officer" as const,
        reviewQueue: reviewerQueue(user.id, { size: queueSize }),
        ...officerQueues(user),
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
      return { role: "reviewer" as const, reviewQueue: reviewerQueue(user.id, { size: queueSize }) };
  }
}
