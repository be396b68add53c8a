// The committee board and the officer's review queues, read set-wise: a fixed number of queries
// however many plans wait (no query per candidate), so the officer home stays fast at 100,000
// cases. The rules (plan score, disagreement, ranking) are the pure ones in scoring.ts; what the
// reviews of each plan came to is stored on its version when it reached the committee
// (review-result.ts), so neither reads a review's scores.
import { and, asc, count, eq, inArray, sql, sum } from "drizzle-orm";
import { caseScope, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { withRunningTotals } from "./committee-rules";
import { programmeRubric } from "./review-result";
import { rankForCommittee } from "./scoring";

const { cases, businessPlans, businessPlanVersions, reviewAssignments, budgetLines, programmes, persons } = schema;

// The version under review of each plan is the plan's current one.
const currentVersionJoin = and(eq(businessPlanVersions.planId, businessPlans.id), eq(businessPlanVersions.number, businessPlans.currentVersion));

/**
 * What a plan version asks for: the sum of its budget lines (budget.ts budgetTotals, which the
 * plan's own page uses; tests/integration/review-edges.test.ts holds the two to the same amounts),
 * summed by the database so that thousands of plans' lines are not handed over one by one. A
 * version's lines are fixed once it is sent for review (plans.server.ts assertEditable).
 */
const requestedOfVersion = sql<number>`(select coalesce(sum(${budgetLines.quantity} * ${budgetLines.unitCostMinor}), 0) from ${budgetLines} where ${budgetLines.planVersionId} = ${businessPlanVersions.id})`;

const atCommittee = and(eq(cases.stage, "committee"), inArray(cases.status, ["open", "waitlisted"]));

// The board is also read inside the decision's transaction (is this decision out of rank order?).
type Reader = Transaction | typeof db;

// Funds already committed: approved amounts of cases whose approval stands. A case withdrawn
// after approval releases its amount back to the envelope.
export function approvedTotal(programmeId: number, reader: Reader = db) {
  const row = reader
    .select({ total: sum(cases.approvedAmountMinor) })
    .from(cases)
    // Literal, as the partial index cases_approved_idx says it (db/schema.ts): summed from the index.
    .where(and(eq(cases.programmeId, programmeId), sql`${cases.decision} = 'approved' and ${cases.status} <> 'withdrawn'`))
    .get();
  return Number(row?.total ?? 0);
}

// How many plans wait before the committee in each programme (one grouped query), so the page
// opens on a programme with work to do.
export function plansBeforeCommittee(): Map<number, number> {
  const rows = db.select({ programmeId: cases.programmeId, n: count() }).from(cases).where(atCommittee).groupBy(cases.programmeId).all();
  return new Map(rows.map((row) => [row.programmeId, row.n]));
}

export function committeeBoard(programmeId: number, reader: Reader = db) {
  const programme = reader.select().from(programmes).where(eq(programmes.id, programmeId)).get();
  if (!programme) return null;
  const where = and(eq(cases.programmeId, programmeId), atCommittee);
  // The ranking needs every plan at the committee (thousands at 100,000 cases) but not who the
  // applicants are: their names are read for the page shown (withApplicantNames).
  const rows = reader
    .select({
      caseId: cases.id,
      caseCode: cases.caseCode,
      status: cases.status,
      vulnerabilityScore: cases.vulnerabilityScore,
      planId: businessPlans.id,
      currentVersion: businessPlans.currentVersion,
      reviewCount: businessPlanVersions.reviewCount,
      planScoreHundredths: businessPlanVersions.planScoreHundredths,
      recommended: businessPlanVersions.recommended,
      flagged: businessPlanVersions.reviewersDisagree,
      requestedMinor: requestedOfVersion,
    })
    .from(cases)
    .innerJoin(businessPlans, eq(businessPlans.caseId, cases.id))
    .innerJoin(businessPlanVersions, currentVersionJoin)
    .where(where)
    .all()
    // Field by field: a rest pattern (`{ a, b, ...others }`) costs V8 some 7 µs a row, 20 ms here.
    .map((row) => ({
      caseId: row.caseId,
      caseCode: row.caseCode,
      status: row.status,
      planId: row.planId,
      currentVersion: row.currentVersion,
      planScore: (row.planScoreHundredths ?? 0) / 100,
      recommended: row.recommended ?? false,
      reviewCount: row.reviewCount ?? 0,
      vulnerabilityScore: row.vulnerabilityScore ?? 0,
      flagged: row.flagged ?? false,
      requestedMinor: Number(row.requestedMinor),
    }));
  const approved = approvedTotal(programmeId, reader);
  const availableMinor = programme.budgetEnvelopeMinor - approved;
  // How far down the ranking the funds left reach: a running total per plan, and the rank
  // before which the envelope runs out.
  const { rows: ranked, envelopeRunsOutBeforeRank } = withRunningTotals(rankForCommittee(rows), availableMinor);
  return {
    programme: { id: programme.id, code: programme.code, currency: programme.currency, ceilingMinor: programme.grantCeilingMinor, envelopeMinor: programme.budgetEnvelopeMinor },
    recommendationThreshold: programmeRubric(programme).recommendationThreshold,
    envelope: {
      totalMinor: programme.budgetEnvelopeMinor,
      approvedMinor: approved,
      availableMinor,
      requestedMinor: rows.reduce((total, row) => total + row.requestedMinor, 0),
    },
    ranked,
    envelopeRunsOutBeforeRank,
  };
}

/** The applicants' names of the board's rows shown (a page of the ranking), in their order. */
export function withApplicantNames<Row extends { caseId: number }>(rows: Row[]) {
  if (rows.length === 0) return [];
  const names = db
    .select({ caseId: cases.id, surname: persons.surname, firstName: persons.firstName })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(inArray(cases.id, rows.map((row) => row.caseId)))
    .all();
  const byCase = new Map(names.map(({ caseId, ...name }) => [caseId, name]));
  return rows.map((row) => ({ ...row, surname: byCase.get(row.caseId)?.surname ?? "", firstName: byCase.get(row.caseId)?.firstName ?? "" }));
}

type QueueItem = { caseId: number; caseCode: string; programmeId: number };
const queueColumns = { caseId: cases.id, caseCode: cases.caseCode, programmeId: cases.programmeId };

// Officer home: plans waiting for reviewers, flagged disagreements, plans ready for committee —
// each its full count and its first `size` entries, oldest case first.
export function officerReviewQueues(user: CurrentUser, size: number) {
  // An officer's queues hold their programmes' cases only (caseScope); an admin's, every case.
  const scope = caseScope(user);
  // Plans in review whose active (assigned or submitted) reviewers are fewer than the minimum:
  // counted per plan through the assignments' index, not by grouping every assignment there is.
  const activeReviewers = sql`(select count(*) from ${reviewAssignments} where ${reviewAssignments.planVersionId} = ${businessPlanVersions.id} and ${reviewAssignments.status} in ('assigned', 'submitted'))`;
  const waitingWhere = and(scope, eq(cases.stage, "review"), eq(cases.status, "open"), sql`${activeReviewers} < ${programmes.minReviewers}`);
  // The first `size` and how many there are, from one pass (a window count over all of them).
  const waiting = db
    .select({ ...queueColumns, total: sql<number>`count(*) over ()` })
    .from(cases)
    .innerJoin(programmes, eq(programmes.id, cases.programmeId))
    .innerJoin(businessPlans, eq(businessPlans.caseId, cases.id))
    .innerJoin(businessPlanVersions, currentVersionJoin)
    .where(waitingWhere)
    .orderBy(asc(cases.id))
    .limit(size)
    .all();
  const waitingTotal = waiting[0]?.total ?? 0;
  const waitingItems: QueueItem[] = waiting.map(({ total: _total, ...item }) => item);

  const ready = and(scope, atCommittee);
  const readyTotal = db.select({ n: count() }).from(cases).where(ready).get()?.n ?? 0;
  const readyItems: QueueItem[] = db.select(queueColumns).from(cases).where(ready).orderBy(asc(cases.id)).limit(size).all();

  // Disagreement is listed once every review is in (the plan is at committee): earlier, an
  // officer who is also one of the plan's reviewers would learn how the others scored.
  const flagged = db
    .select({ ...queueColumns, total: sql<number>`count(*) over ()` })
    .from(cases)
    .innerJoin(businessPlans, eq(businessPlans.caseId, cases.id))
    .innerJoin(businessPlanVersions, currentVersionJoin)
    // Literal, as the partial index business_plan_versions_disagree_idx says it (a bound
    // parameter would keep SQLite from using it): the query starts from the few flagged versions.
    .where(and(ready, sql`${businessPlanVersions.reviewersDisagree} = 1`))
    .orderBy(asc(cases.id))
    .limit(size)
    .all();

  return {
    waitingForReviewers: { total: waitingTotal, items: waitingItems },
    flagged: { total: flagged[0]?.total ?? 0, items: flagged.map(({ total: _total, ...item }) => item) },
    readyForCommittee: { total: readyTotal, items: readyItems },
  };
}
