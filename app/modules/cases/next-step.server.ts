// The facts nextStepOf needs, read for one case page (a fixed handful of queries).
import { and, count, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import { db, schema } from "~/lib/db.server";
import type { VisitState } from "~/modules/followup/schedule";
import { nextStepOf, type NextStepFacts } from "./next-step";

type PlannedVisitSummary = { id: number; dueDate: string; state: VisitState };

// Visits come from the case page's follow-up summary (already read there), in plan order.
export function caseNextStep(caseId: number, plannedVisits: PlannedVisitSummary[] | null) {
  const row = db
    .select({
      stage: schema.cases.stage,
      status: schema.cases.status,
      eligibility: schema.cases.eligibility,
      missingFields: schema.cases.missingFields,
      trainingCompletedOn: schema.cases.trainingCompletedOn,
      trainingRequired: schema.programmes.trainingRequired,
      minReviewers: schema.programmes.minReviewers,
      plan: schema.businessPlans,
    })
    .from(schema.cases)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cases.programmeId))
    .leftJoin(schema.businessPlans, eq(schema.businessPlans.caseId, schema.cases.id))
    .where(eq(schema.cases.id, caseId))
    .get();
  if (!row) return null;
  const facts: NextStepFacts = {
    caseId,
    stage: row.stage,
    status: row.status,
    eligibility: row.eligibility,
    missingBeforeScreening: row.missingFields?.length ?? 0,
    trainingRequired: row.trainingRequired,
    trainingCompleted: row.trainingCompletedOn !== null,
    plan: row.plan?.status ?? "none",
    reviews: { required: row.minReviewers, ...reviewsOfCurrentVersion(row.plan) },
    agreement: agreementFacts(caseId),
    nextVisit: nextVisitOf(plannedVisits ?? []),
  };
  return nextStepOf(facts);
}

function reviewsOfCurrentVersion(plan: typeof schema.businessPlans.$inferSelect | null) {
  if (!plan) return { assigned: 0, submitted: 0 };
  const rows = db
    .select({ status: schema.reviewAssignments.status, n: count() })
    .from(schema.reviewAssignments)
    .innerJoin(schema.businessPlanVersions, eq(schema.businessPlanVersions.id, schema.reviewAssignments.planVersionId))
    .where(and(eq(schema.businessPlanVersions.planId, plan.id), eq(schema.businessPlanVersions.number, plan.currentVersion), ne(schema.reviewAssignments.status, "recused")))
    .groupBy(schema.reviewAssignments.status)
    .all();
  const submitted = rows.find((entry) => entry.status === "submitted")?.n ?? 0;
  return { assigned: rows.reduce((sum, entry) => sum + entry.n, 0), submitted };
}

function agreementFacts(caseId: number): NextStepFacts["agreement"] {
  const agreement = db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.caseId, caseId)).orderBy(desc(schema.grantAgreements.id)).get();
  if (!agreement) return null;
  const acts = db
    .select({ state: schema.handoverActs.state })
    .from(schema.handoverActs)
    .where(and(eq(schema.handoverActs.agreementId, agreement.id), ne(schema.handoverActs.state, "cancelled")))
    .all();
  const tranche = db
    .select()
    .from(schema.grantTranches)
    .where(and(eq(schema.grantTranches.agreementId, agreement.id), inArray(schema.grantTranches.state, ["planned", "requested", "approved", "failed"])))
    .orderBy(schema.grantTranches.sequence)
    .get();
  const unverified = tranche
    ? db
        .select({ n: count() })
        .from(schema.grantTrancheRequirements)
        .where(and(eq(schema.grantTrancheRequirements.trancheId, tranche.id), isNull(schema.grantTrancheRequirements.verifiedAt)))
        .get()!.n
    : 0;
  const failed = tranche
    ? db.select({ n: count() }).from(schema.grantPayments).where(and(eq(schema.grantPayments.trancheId, tranche.id), eq(schema.grantPayments.status, "failed"))).get()!.n
    : 0;
  return {
    status: agreement.status,
    inKind: agreement.inKindMinor > 0,
    act: acts.some((act) => act.state === "signed") ? "signed" : acts.length ? "prepared" : "none",
    openTranche: tranche ? { sequence: tranche.sequence, state: tranche.state, requirementsMet: unverified === 0, failedPayment: failed > 0 } : null,
  };
}

// The visit to make next: an overdue or due one first, else the next upcoming, else a missed one
// (it can still be recorded late).
function nextVisitOf(plannedVisits: PlannedVisitSummary[]): NextStepFacts["nextVisit"] {
  const open = (states: VisitState[]) => plannedVisits.find((visit) => states.includes(visit.state));
  const next = open(["overdue", "due"]) ?? open(["upcoming"]) ?? open(["missed"]);
  return next ? { plannedVisitId: next.id, dueDate: next.dueDate, state: next.state } : null;
}
