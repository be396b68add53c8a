// Eligibility screening and vulnerability scoring with the programme's own rules (§1). Each
// screening is kept; the case carries the latest result for lists and ranking.
import { and, count, desc, eq, inArray, ne } from "drizzle-orm";
import { notFound } from "~/lib/not-found.server";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { kyivToday } from "~/lib/kyiv-date";
import { assertCompareAndSet } from "~/lib/stale-record.server";
import { passedEligibility, transition, type CaseState } from "~/modules/cases/case-state";
import { assertCaseVersion, lastCaseChange, type CaseRef } from "~/modules/cases/case-transitions.server";
import { ageOn } from "./age";
import { defaultEligibilityRules, eligibilityRulesSchema, screenEligibility } from "./eligibility";
import { defaultVulnerabilityCriteria, scoreVulnerability, vulnerabilityCriteriaSchema } from "./vulnerability";

export class ScreeningRefusedError extends Error {
  constructor(public code: string) {
    super(code);
  }
}

export function programmeRules(programme: typeof schema.programmes.$inferSelect) {
  const rules = eligibilityRulesSchema.safeParse(programme.eligibilityRules);
  const criteria = vulnerabilityCriteriaSchema.safeParse(programme.vulnerabilityCriteria);
  return {
    eligibilityRules: rules.success ? rules.data : defaultEligibilityRules,
    vulnerabilityCriteria: criteria.success ? criteria.data : defaultVulnerabilityCriteria,
  };
}

function caseState(caseRow: typeof schema.cases.$inferSelect): CaseState {
  return {
    stage: caseRow.stage,
    status: caseRow.status,
    eligibilityPassed: passedEligibility(caseRow.eligibility),
    trainingCompleted: false,
    planSubmitted: false,
    reviewsRequired: 0,
    reviewsIn: 0,
    decision: null,
    approvedAmountMinor: null,
  };
}

// Grants already received: a case that reached the grant agreement or beyond.
const fundedStages = ["grant_agreement", "disbursement", "follow_up", "closed"] as const;

function screeningFacts(tx: Transaction, caseRow: typeof schema.cases.$inferSelect, screeningDate: string) {
  const person = tx.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
  const business = tx.select().from(schema.businesses).where(eq(schema.businesses.caseId, caseRow.id)).get();
  const otherCasesInThisProgramme =
    tx
      .select({ n: count() })
      .from(schema.cases)
      .where(
        and(
          eq(schema.cases.personId, caseRow.personId),
          eq(schema.cases.programmeId, caseRow.programmeId),
          ne(schema.cases.id, caseRow.id),
          inArray(schema.cases.status, ["open", "waitlisted", "completed"]),
        ),
      )
      .get()?.n ?? 0;
  const grantsInOtherProgrammes =
    tx
      .select({ n: count() })
      .from(schema.cases)
      .where(
        and(
          eq(schema.cases.personId, caseRow.personId),
          ne(schema.cases.programmeId, caseRow.programmeId),
          inArray(schema.cases.stage, [...fundedStages]),
        ),
      )
      .get()?.n ?? 0;
  return {
    person,
    eligibility: {
      birthDate: person.birthDate,
      screeningDate,
      displacementStatus: caseRow.displacementStatus,
      oblastPcode: caseRow.oblastPcode,
      kvedClass: business?.kvedCode ?? null,
      otherCasesInThisProgramme,
      grantsInOtherProgrammes,
    },
    vulnerability: {
      householdSize: caseRow.householdSize ?? 1,
      children: caseRow.children ?? 0,
      olderMembers: caseRow.olderMembers ?? 0,
      membersWithDisability: caseRow.membersWithDisability ?? 0,
      displacementStatus: caseRow.displacementStatus,
      applicantHasDisability: person.disability,
      singleParent: caseRow.singleParent,
      femaleHeaded: caseRow.femaleHeaded,
      veteranOrFamily: caseRow.veteranOrFamily,
      // Unknown without a birth date: the age rule then fails as "missing: birth date".
      applicantAge: person.birthDate ? ageOn(person.birthDate, screeningDate) : null,
      monthlyHouseholdIncomeMinor: caseRow.monthlyHouseholdIncomeMinor,
      protectionFlag: caseRow.protectionFlag,
    },
  };
}

// The case as the form read it (a stale page is refused before the rules run), and its write as
// a compare-and-set on the version read.
function readCase(tx: Transaction, ref: CaseRef) {
  const caseRow = tx.select().from(schema.cases).where(eq(schema.cases.id, typeof ref === "number" ? ref : ref.id)).get();
  if (!caseRow) notFound();
  assertCaseVersion(tx, caseRow, ref);
  return caseRow;
}

function storeCase(tx: Transaction, caseRow: typeof schema.cases.$inferSelect, changes: Partial<typeof schema.cases.$inferInsert>) {
  const stored = tx
    .update(schema.cases)
    .set({ ...changes, version: caseRow.version + 1 })
    .where(and(eq(schema.cases.id, caseRow.id), eq(schema.cases.version, caseRow.version)))
    .run();
  assertCompareAndSet(stored, () => lastCaseChange(tx, caseRow.id));
}

export function screenCaseIn(tx: Transaction, actor: CurrentUser, ref: CaseRef, screeningDate: string) {
  const caseRow = readCase(tx, ref);
  const caseId = caseRow.id;
  const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  const { eligibilityRules, vulnerabilityCriteria } = programmeRules(programme);
  const facts = screeningFacts(tx, caseRow, screeningDate);
  const outcome = screenEligibility(eligibilityRules, facts.eligibility);
  const score = scoreVulnerability(vulnerabilityCriteria, facts.vulnerability);

  // Screening runs at the application stage (re-screening while still there is allowed),
  // through the state machine so its rules hold.
  let state = caseState(caseRow);
  if (state.stage === "application") {
    const submitted = transition(state, { type: "submit_application" }, programme);
    if (!submitted.ok) throw new ScreeningRefusedError(submitted.error);
    state = submitted.state;
  } else if (state.stage !== "screening") {
    throw new ScreeningRefusedError("screening_closed");
  }
  const screened = transition(state, { type: "screen", eligible: outcome.eligible }, programme);
  if (!screened.ok) throw new ScreeningRefusedError(screened.error);

  const screening = tx
    .insert(schema.screenings)
    .values({
      caseId,
      screenedOn: screeningDate,
      screenedByUserId: actor.id,
      eligible: outcome.eligible,
      ruleResults: outcome.results,
      vulnerabilityScore: score.total,
      vulnerabilityBreakdown: score.breakdown,
    })
    .returning()
    .get();
  const after = {
    stage: screened.state.stage,
    status: screened.state.status,
    eligibility: outcome.eligible ? ("eligible" as const) : ("ineligible" as const),
    vulnerabilityScore: score.total,
  };
  storeCase(tx, caseRow, { ...after, updatedAt: new Date().toISOString() });
  recordAudit(tx, {
    userId: actor.id,
    action: "screen",
    entityType: "case",
    entityId: caseId,
    caseId,
    before: { stage: caseRow.stage, status: caseRow.status, eligibility: caseRow.eligibility, vulnerabilityScore: caseRow.vulnerabilityScore },
    after: { ...after, screeningId: screening.id, failedRules: outcome.results.filter((result) => !result.passed).map((result) => result.rule) },
  });
  return screening;
}

// `version` is the case's version the page was read at: two officers screening from the same
// page store one screening, and the second hears about the first.
export function screenCase(actor: CurrentUser, caseId: number, version: number, screeningDate = kyivToday()) {
  return db.transaction((tx) => screenCaseIn(tx, actor, { id: caseId, version }, screeningDate));
}

// An officer may admit an applicant the rules refused, with a recorded reason (§1).
export function overrideScreening(actor: CurrentUser, caseId: number, version: number, reason: string) {
  db.transaction((tx) => overrideScreeningIn(tx, actor, { id: caseId, version }, reason));
}

export function overrideScreeningIn(tx: Transaction, actor: CurrentUser, ref: CaseRef, reason: string) {
  const caseRow = readCase(tx, ref);
  const caseId = caseRow.id;
  const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  const latest = tx
    .select()
    .from(schema.screenings)
    .where(eq(schema.screenings.caseId, caseId))
    .orderBy(desc(schema.screenings.id))
    .get();
  if (!latest || latest.eligible || latest.overrideReason) throw new ScreeningRefusedError("nothing_to_override");
  const result = transition(caseState(caseRow), { type: "override_eligibility", reason }, programme);
  if (!result.ok) throw new ScreeningRefusedError(result.error);
  const overriddenAt = new Date().toISOString();
  tx.update(schema.screenings)
    .set({ overrideReason: reason, overriddenByUserId: actor.id, overriddenAt })
    .where(eq(schema.screenings.id, latest.id))
    .run();
  const after = { stage: result.state.stage, status: result.state.status, eligibility: "overridden" as const };
  storeCase(tx, caseRow, { ...after, updatedAt: overriddenAt });
  recordAudit(tx, {
    userId: actor.id,
    action: "override",
    entityType: "case",
    entityId: caseId,
    caseId,
    before: { stage: caseRow.stage, status: caseRow.status, eligibility: caseRow.eligibility },
    after: { ...after, reason, screeningId: latest.id },
  });
}
