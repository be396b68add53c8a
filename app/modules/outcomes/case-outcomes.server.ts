// The evaluator's case-level outcomes file (issue 11): one row per grant of the cohort, with what
// an evaluator needs to recompute survival, jobs and incomes in R or Stata — the time origin's
// month, days to closure or censoring, the event flag, the last status, and jobs and income at
// each follow-up stage. Pseudonymised and non-unique (domain.md §8): the case code, and the
// quasi-identifiers as the evaluator release publishes them, coarsened again within the file; a
// row whose quasi-identifiers cannot be published keeps its outcome columns with those left blank,
// so the file's survival is exactly the page's. Nothing typed as free text, no names, no dates
// finer than a month except the day counts measured from the time origin.
import { sql } from "drizzle-orm";
import { db } from "~/lib/db.server";
import { kyivToday, type IsoDate } from "~/lib/kyiv-date";
import { workforceOn, type RosterWorker } from "~/modules/followup/roster";
import { evaluatorRelease, coarsenWithinFile } from "~/modules/cases/evaluator-release.server";
import { coarseningSummary } from "~/modules/cases/place-coarsening";
import { withoutPersonFilters, type OutcomeFilter } from "./outcome-filter";
import { businessOutcome, cohortStages, stageKey } from "./outcome-figures";
import { outcomeThreshold, readCohort } from "./outcomes.server";

export type CaseOutcomeRow = {
  caseCode: string;
  programmeCode: string;
  placeLevel: string | null;
  placePcode: string | null;
  sex: string | null;
  ageBand: string | null;
  displacementStatus: string | null;
  modality: string;
  businessKind: string;
  timeOriginMonth: string;
  days: number;
  event: 0 | 1;
  status: string;
  /** Per stage ("baseline", "m3", …): paid FTE of non-owner workers, monthly revenue and net income (UAH). */
  stages: Record<string, { jobsFte: number | null; revenueMinor: number | null; netIncomeMinor: number | null }>;
};

type StageRosterRow = [agreementId: number, months: number, visitDate: string, role: RosterWorker["role"], paid: number | null, hours: number | null, startDate: string | null, endDate: string | null, monthsPerYear: number | null];

// The roster each stage's visit left (the page reads only the latest one).
function stageRosters(agreementIds: Set<number>, filter: OutcomeFilter, asOf: IsoDate) {
  const rows = db.values<StageRosterRow>(sql`
    select v.agreement_id, pv.months_after_origin, v.visit_date, r.role, r.paid, r.hours_per_week, r.start_date, r.end_date, r.months_per_year
    from grant_agreements ga
    join follow_up_visits v on v.agreement_id = ga.id and v.visit_date <= ${asOf}
    join planned_visits pv on pv.id = v.planned_visit_id
    join worker_roster_rows r on r.visit_id = v.id
    where ga.time_origin_on is not null and ga.status <> 'cancelled'
      ${filter.programmeId !== undefined ? sql`and ga.programme_id = ${filter.programmeId}` : sql``}`);
  const byStage = new Map<string, { visitDate: string; workers: RosterWorker[] }>();
  for (const [agreementId, months, visitDate, role, paid, hoursPerWeek, startDate, endDate, monthsPerYear] of rows) {
    if (!agreementIds.has(agreementId)) continue;
    const key = `${agreementId}:${stageKey(months)}`;
    let snapshot = byStage.get(key);
    if (!snapshot) byStage.set(key, (snapshot = { visitDate, workers: [] }));
    snapshot.workers.push({ workerId: "", role, paid: paid === null ? null : paid === 1, hoursPerWeek, sex: null, displacementStatus: null, startDate, endDate, monthsPerYear, source: "recorded" });
  }
  return byStage;
}

function caseCodes(agreementIds: number[]) {
  const rows = db.values<[number, string, string]>(sql`
    select ga.id, c.case_code, pr.code from grant_agreements ga join cases c on c.id = ga.case_id join programmes pr on pr.id = ga.programme_id
    where ga.time_origin_on is not null and ga.status <> 'cancelled'`);
  const wanted = new Set(agreementIds);
  return new Map(rows.filter(([id]) => wanted.has(id)).map(([id, caseCode, programmeCode]) => [id, { caseCode, programmeCode }]));
}

/**
 * The file's rows for a view of the page. Filters that describe people (sex, displacement
 * status, oblast, partner) are dropped: listing only "women in Lviv oblast" would publish those
 * facts for every row.
 */
export function caseOutcomeRows(requested: OutcomeFilter, asOf: IsoDate = kyivToday()) {
  const filter = withoutPersonFilters(requested);
  const cohort = readCohort(filter, asOf);
  const stages = cohortStages(cohort);
  const k = outcomeThreshold(filter.programmeId);
  const release = evaluatorRelease(asOf);
  const codes = caseCodes(cohort.grants.map((g) => g.agreementId));
  const rosters = stageRosters(new Set(cohort.grants.map((g) => g.agreementId)), filter, asOf);
  const publishable = cohort.grants.map((g) => release.get(g.caseId)).map((one) => (one && !one.withheld ? one : null));
  const inFile = publishable.flatMap((one) => (one ? [one] : []));
  const { quasi, decisions } = coarsenWithinFile(inFile, k);
  const placeOf = new Map(inFile.map((one, index) => [one, { quasi: quasi[index], decision: decisions[index] }]));

  const rows: CaseOutcomeRow[] = cohort.grants.map((grant, index) => {
    const visits = cohort.visitsByAgreement.get(grant.agreementId) ?? [];
    const outcome = businessOutcome(grant, visits, cohort.rostersByAgreement.get(grant.agreementId), stages);
    const placed = publishable[index] ? placeOf.get(publishable[index]!) : undefined;
    const shown = placed && !placed.decision.withheld ? placed : null;
    const baselineRoster = cohort.rostersByAgreement.get(grant.agreementId)?.baseline;
    const stageFigures: CaseOutcomeRow["stages"] = {
      baseline: {
        jobsFte: baselineRoster ? workforceOn(baselineRoster.workers, baselineRoster.recordedOn).paidJobs.yearlyFte : 0,
        revenueMinor: grant.baselineRevenueMinor,
        netIncomeMinor: grant.baselineNetIncomeMinor,
      },
    };
    for (const stage of stages) {
      const visit = visits.find((v) => v.stageMonths !== null && stageKey(v.stageMonths) === stage && v.status !== "unreachable");
      const roster = rosters.get(`${grant.agreementId}:${stage}`);
      stageFigures[stage] = {
        jobsFte: roster ? workforceOn(roster.workers, roster.visitDate).paidJobs.yearlyFte : null,
        revenueMinor: visit?.revenueMinor ?? null,
        netIncomeMinor: visit?.netIncomeMinor ?? null,
      };
    }
    const code = codes.get(grant.agreementId)!;
    return {
      caseCode: code.caseCode,
      programmeCode: code.programmeCode,
      placeLevel: shown ? (shown.decision as { level: string }).level : null,
      placePcode: shown ? (shown.decision as { pcode: string | null }).pcode : null,
      sex: shown ? shown.quasi.sex : null,
      ageBand: shown ? shown.quasi.ageBand : null,
      displacementStatus: shown ? shown.quasi.displacementStatus : null,
      modality: grant.categories.modality,
      businessKind: grant.categories.kind,
      timeOriginMonth: grant.timeOriginOn.slice(0, 7),
      days: outcome.survival.time,
      event: outcome.survival.closed ? 1 : 0,
      status: outcome.lastVisitStatus ?? "not_visited",
      stages: stageFigures,
    };
  });
  rows.sort((a, b) => a.caseCode.localeCompare(b.caseCode));
  const levels = coarseningSummary(decisions);
  return { rows, stages, k, levels, withheld: rows.filter((r) => r.placeLevel === null).length, filter };
}
