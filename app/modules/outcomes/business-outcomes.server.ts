// The outcomes page's input: one row per business of the cohort, each reduced by the database
// from its visits and rosters to what the rules need (issue 11 "Fast at scale"). At 100,000
// grants, 300,000 visits and 440,000 roster rows, handing every visit and worker over to
// JavaScript cost more than all the statistics after it; asked per business, SQLite reads each
// grant's few visits and roster rows through covering indexes (db/schema.ts) and hands over
// about thirty values. Nothing is pre-aggregated: every figure comes from the rows as they stand,
// so none can go stale.
//
// What the database works out per business is what survival.ts, remigration.ts and income.ts
// read of the visits (the dates of closure and last contact, the latest known residence, each
// stage's income) and what roster.ts workforceOn counts of a roster on its date. The rules that
// turn those into figures stay in JavaScript (outcome-figures.ts). The count of workers is
// written twice, here in SQL and in roster.ts: tests/integration/outcomes-reduction.test.ts
// holds the two to the same results on random cohorts.
import { sql } from "drizzle-orm";
import type { IsoDate } from "~/lib/kyiv-date";
import { jobsBetween, type BusinessJobs, type JobCount, type RosterJobs } from "./jobs";
import { cohortConditions, grantColumnCount, grantColumnNames, grantColumns, grantJoins, grantReader, valueOf, type GrantRow } from "./cohort-query.server";
import type { OutcomeFilter } from "./outcome-filter";
import { netIncomeChangeOf, stagesOf, type BusinessOutcome, type StageReport } from "./outcome-figures";
import type { Residence } from "./remigration";
import { survivalTime, type OperatingStatus } from "./survival";

// A grant's visits made by the day the view is "as of" (aliases: ga the grant, v its visits).
const visitsBy = (asOf: IsoDate) => sql`follow_up_visits v where v.agreement_id = ga.id and v.visit_date <= ${asOf}`;

/**
 * roster.ts workforceOn, worker by worker (alias r): working on the roster's date (started by
 * then or start unknown, not ended before it); a job when also paid and not the owner; a job's
 * FTE-years = min(hours / 40, 1) × (months a year, else 12) / 12 (domain.md §7).
 */
const workerColumns = sql`
  (r.start_date is null or r.start_date <= r.recorded_on) and (r.end_date is null or r.end_date >= r.recorded_on) as working,
  r.paid = 1 and r.role is not 'owner' as paid_employee,
  min(r.hours_per_week / 40.0, 1.0) * coalesce(r.months_per_year, 12) / 12.0 as fte,
  r.sex = 'female' as woman, r.displacement_status = 'idp' as idp, r.role = 'owner' as owner, r.hours_per_week is null as unknown_hours, r.recorded_on`;

/**
 * The jobs of the roster the latest reached visit left (recorded on the visit's date), as JSON:
 * [headcount, owner working, paid jobs, their FTE, women's jobs, their FTE, IDPs' jobs, their FTE, jobs of unknown
 * hours, gross new hires since the baseline (or, without one, the time origin: jobs.ts)]; null
 * when the visit recorded no roster. Each worker's values are worked out once: `limit -1` keeps
 * the inner query from being merged into the sums, which would repeat them per sum.
 */
const latestRosterJobs = sql`(select case when count(*) > 0 then json_array(sum(working), max(case when owner then working end),
      sum(working * paid_employee), total(working * paid_employee * fte), sum(working * paid_employee * woman), total(working * paid_employee * woman * fte),
      sum(working * paid_employee * idp), total(working * paid_employee * idp * fte), sum(working * paid_employee * unknown_hours), sum(hired)) end
    from (select ${workerColumns},
        r.paid = 1 and r.role is not 'owner' and r.start_date <= r.recorded_on and r.start_date > coalesce(
          (select min(x.recorded_on) from worker_roster_rows x where x.business_id = g.business_id and x.snapshot_kind = 'baseline'), g.time_origin_on) as hired
      from worker_roster_rows r where r.visit_id = g.reached_visit_id limit -1))`;

/** The baseline roster's jobs as JSON: [headcount, paid FTE, jobs of unknown hours]; null without one. */
const baselineRosterJobs = sql`(select case when count(*) > 0 then json_array(sum(working), total(working * paid_employee * fte), sum(working * paid_employee * unknown_hours)) end
    from (select ${workerColumns} from worker_roster_rows r where r.business_id = g.business_id and r.snapshot_kind = 'baseline' limit -1))`;

/** The cohort as one JSON document, a row per business (see BusinessRow). */
function businessRowsQuery(filter: OutcomeFilter, asOf: IsoDate) {
  const visits = visitsBy(asOf);
  return sql`
    select json_group_array(json_array(${grantColumnNames},
      last_status, closed_on, reached_on, json(residence), json(stages),
      -- The rosters are read only for a business that a visit reached (jobs.ts).
      case when reached_visit_id is not null then json(${baselineRosterJobs}) end,
      case when reached_visit_id is not null then json(${latestRosterJobs}) end))
    from (
        select ${grantColumns}, b.id as business_id,
          -- The naive share's input: the status at the latest visit of any kind.
          (select v.operating_status from ${visits} order by v.visit_date desc, v.id desc limit 1) as last_status,
          -- Survival: the first visit that found the business closed (its closure date, else its
          -- own), and the last visit that reached it.
          (select coalesce(v.closure_date, v.visit_date) from ${visits} and v.operating_status = 'closed' order by v.visit_date, v.id limit 1) as closed_on,
          (select v.visit_date from ${visits} and v.operating_status <> 'unreachable' order by v.visit_date desc, v.id desc limit 1) as reached_on,
          (select v.id from ${visits} and v.operating_status <> 'unreachable' order by v.visit_date desc, v.id desc limit 1) as reached_visit_id,
          -- Re-migration: the latest visit whose residence is known, in remigration.ts's words.
          (select json_array(case v.residence when 'moved_within_ukraine' then 'within_ukraine' else v.residence end, substr(v.new_hromada_pcode, 1, 4))
            from ${visits} and v.residence <> 'unknown' order by v.visit_date desc, v.id desc limit 1) as residence,
          -- Income: each stage visit's months after the origin, whether it reached the business, and
          -- its figures (the visits first, by their covering index: "cross join" keeps that order).
          (select json_group_array(json_array(pv.months_after_origin, v.operating_status <> 'unreachable', v.monthly_revenue_minor, v.monthly_net_income_minor))
            from follow_up_visits v cross join planned_visits pv on pv.id = v.planned_visit_id
            where v.agreement_id = ga.id and v.visit_date <= ${asOf}) as stages
        from grant_agreements ga ${grantJoins}
        where ${cohortConditions(filter, asOf)}
        limit -1) g`;
}

/**
 * The cohort of a view as the database hands it over: one JSON document, a row per business
 * (BusinessRow). One string parsed by V8 costs less than 100,000 rows of thirty values handed
 * over one value at a time (tests/bench/outcomes.bench.ts times this query beside the page).
 */
export function businessRowsDocument(filter: OutcomeFilter, asOf: IsoDate): string {
  return valueOf<string>(businessRowsQuery(filter, asOf));
}

type LatestJobs = [
  headcount: number,
  ownerWorking: 0 | 1 | null,
  paidJobs: number,
  paidFte: number,
  womenJobs: number | null,
  womenFte: number,
  idpJobs: number | null,
  idpFte: number,
  unknownHours: number | null,
  hired: number | null,
];
type BaselineJobs = [headcount: number, paidFte: number, unknownHours: number | null];

/** What the database worked out of a business's visits and rosters (after its grant's columns). */
type Reduced = [
  lastStatus: OperatingStatus | null,
  closedOn: IsoDate | null,
  reachedOn: IsoDate | null,
  residence: [residence: Residence, destinationOblastPcode: string | null] | null,
  stages: [months: number, reached: 0 | 1, revenueMinor: number | null, netIncomeMinor: number | null][],
  baselineJobs: BaselineJobs | null,
  latestJobs: LatestJobs | null,
];
type BusinessRow = [...grant: GrantRow, ...reduced: Reduced];

const jobCount = (headcount: number | null, fte: number): JobCount => ({ headcount: headcount ?? 0, fte });
const noJobs = jobCount(0, 0);
const baselineOf = (row: BaselineJobs | null): RosterJobs => ({
  headcount: row ? row[0] : 0,
  ownerWorking: null,
  paidJobs: row ? jobCount(null, row[1]) : noJobs,
  paidJobsWomen: noJobs,
  paidJobsIdps: noJobs,
  unknownHours: row?.[2] ?? 0,
});
const latestOf = (row: LatestJobs, recordedOn: IsoDate) => ({
  recordedOn,
  headcount: row[0],
  ownerWorking: row[1] === null ? null : row[1] === 1,
  paidJobs: jobCount(row[2], row[3]),
  paidJobsWomen: jobCount(row[4], row[5]),
  paidJobsIdps: jobCount(row[6], row[7]),
  unknownHours: row[8] ?? 0,
  grossNewHires: row[9] ?? 0,
});
const notFollowedUp: BusinessJobs = { followedUp: false };

/**
 * Every business of a view with its outcome inputs, and the follow-up stages its visits made
 * (those that could not reach the business count: the stage was made).
 */
export function businessOutcomes(filter: OutcomeFilter, asOf: IsoDate): { outcomes: BusinessOutcome[]; stages: string[] } {
  const rows = JSON.parse(businessRowsDocument(filter, asOf)) as BusinessRow[];
  const reducedOf = (row: BusinessRow) => row.slice(grantColumnCount) as Reduced;
  const stagesAt = grantColumnCount + 4;
  const months = new Set<number>();
  for (const row of rows) for (const [m] of row[stagesAt] as Reduced[4]) months.add(m);
  const stages = stagesOf(months);
  const grantOf = grantReader();
  const outcomes = rows.map((row): BusinessOutcome => {
    const [lastStatus, closedOn, reachedOn, residence, stageRows, baselineJobs, latestJobs] = reducedOf(row);
    const grant = grantOf(row as unknown as GrantRow);
    const stageReports: StageReport[] = [];
    for (const [m, reached, revenueMinor, netIncomeMinor] of stageRows) if (reached) stageReports.push({ months: m, revenueMinor, netIncomeMinor });
    return {
      grant,
      survival: survivalTime(grant.timeOriginOn, closedOn, reachedOn),
      lastVisitStatus: lastStatus,
      followedUp: reachedOn !== null,
      // A latest visit that recorded no roster gives no jobs figure, as in jobs.ts.
      jobs: latestJobs && reachedOn ? jobsBetween(grant.kind, baselineOf(baselineJobs), latestOf(latestJobs, reachedOn)) : notFollowedUp,
      latestResidence: residence ? { residence: residence[0], destinationOblastPcode: residence[1] } : null,
      stageReports,
      netIncomeChangeMinor: netIncomeChangeOf(grant, stageReports, stages),
    };
  });
  return { outcomes, stages };
}
