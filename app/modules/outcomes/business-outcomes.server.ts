// The outcomes page's input: one row per business of the cohort, each reduced by the database
// from its visits and rosters to what the rules need (issue 11 "Fast at scale"). At 100,000
// grants, 300,000 visits and 440,000 roster rows, handing every visit and worker over to
// JavaScript one value at a time cost more than all the statistics after it; asked per business,
// SQLite reads each grant's few visits and roster rows through covering indexes (db/schema.ts)
// and hands over about thirty values. Nothing is pre-aggregated: every figure comes from the rows
// as they stand, so none can go stale.
//
// What the database works out per business is what survival.ts, remigration.ts and income.ts
// read of the visits (the dates of closure and last contact, the latest known residence, each
// stage's income) and what roster.ts workforceOn counts of a roster on its date. The rules that
// turn those into figures stay in JavaScript (outcome-figures.ts). The count of workers is
// written twice, here in SQL and in roster.ts: tests/integration/outcomes-reduction.test.ts
// holds the two to the same results on random cohorts.
import { sql, type SQL } from "drizzle-orm";
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
  r.paid = 1 and r.role is not 'owner' and (r.start_date is null or r.start_date <= r.recorded_on) and (r.end_date is null or r.end_date >= r.recorded_on) as job,
  min(r.hours_per_week / 40.0, 1.0) * coalesce(r.months_per_year, 12) / 12.0 as fte,
  r.sex = 'female' as woman, r.displacement_status = 'idp' as idp, r.role = 'owner' as owner, r.hours_per_week is null as unknown_hours, r.recorded_on`;

/**
 * The jobs of the roster a visit left, as JSON: [recorded on, headcount, owner working, paid
 * jobs, their FTE, women's jobs, their FTE, IDPs' jobs, their FTE, jobs of unknown hours, gross
 * new hires since `hiredAfter`]; null when the visit recorded no roster. Each worker's values are
 * worked out once: `limit -1` keeps the inner query from being merged into the sums, which would
 * repeat them per sum.
 */
function latestRosterJobs(visitId: SQL, hiredAfter: SQL) {
  return sql`(select case when count(*) > 0 then json_array(max(recorded_on), sum(working), max(case when owner then working end),
      sum(job), total(job * fte), sum(job * woman), total(job * woman * fte), sum(job * idp), total(job * idp * fte), sum(job * unknown_hours), sum(hired)) end
    from (select ${workerColumns},
        r.paid = 1 and r.role is not 'owner' and r.start_date > ${hiredAfter} and r.start_date <= r.recorded_on as hired
      from worker_roster_rows r where r.visit_id = ${visitId} limit -1))`;
}

/** The baseline roster's jobs as JSON: [headcount, paid FTE, jobs of unknown hours]; null without one. */
const baselineRosterJobs = sql`(select case when count(*) > 0 then json_array(sum(working), total(job * fte), sum(job * unknown_hours)) end
    from (select ${workerColumns} from worker_roster_rows r where r.business_id = g.business_id and r.snapshot_kind = 'baseline' limit -1))`;

/** The cohort as one JSON document, a row per business (see BusinessRow). */
function businessRowsQuery(filter: OutcomeFilter, asOf: IsoDate) {
  const visits = visitsBy(asOf);
  return sql`
    select json_group_array(json_array(${grantColumnNames},
      last_status, closed_on, reached_on, json(residence), json(stages), json(baseline_jobs),
      -- The roster the latest visit that reached the business left, and hires since the baseline
      -- (or, without one, since the time origin: jobs.ts).
      case when reached_visit_id is not null then json(${latestRosterJobs(sql`reached_visit_id`, sql`coalesce(baseline_on, time_origin_on)`)}) end))
    from (
      select *,
        case when reached_visit_id is not null then (select min(r.recorded_on) from worker_roster_rows r where r.business_id = g.business_id and r.snapshot_kind = 'baseline') end as baseline_on,
        case when reached_visit_id is not null then ${baselineRosterJobs} end as baseline_jobs
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
          (select json_array(v.visit_date, case v.residence when 'moved_within_ukraine' then 'within_ukraine' else v.residence end, substr(v.new_hromada_pcode, 1, 4))
            from ${visits} and v.residence <> 'unknown' order by v.visit_date desc, v.id desc limit 1) as residence,
          -- Income: each stage visit's months after the origin, whether it reached the business, and its figures.
          (select json_group_array(json_array(pv.months_after_origin, v.operating_status <> 'unreachable', v.monthly_revenue_minor, v.monthly_net_income_minor))
            from follow_up_visits v join planned_visits pv on pv.id = v.planned_visit_id
            where v.agreement_id = ga.id and v.visit_date <= ${asOf}) as stages
        from grant_agreements ga ${grantJoins}
        where ${cohortConditions(filter, asOf)}
        limit -1) g
      limit -1)`;
}

type LatestJobs = [
  recordedOn: IsoDate,
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

type BusinessRow = [
  ...grant: GrantRow,
  lastStatus: OperatingStatus | null,
  closedOn: IsoDate | null,
  reachedOn: IsoDate | null,
  residence: [date: IsoDate, residence: Residence, destinationOblastPcode: string | null] | null,
  stages: [months: number, reached: 0 | 1, revenueMinor: number | null, netIncomeMinor: number | null][],
  baselineJobs: BaselineJobs | null,
  latestJobs: LatestJobs | null,
];

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
const latestOf = (row: LatestJobs) => ({
  recordedOn: row[0],
  headcount: row[1],
  ownerWorking: row[2] === null ? null : row[2] === 1,
  paidJobs: jobCount(row[3], row[4]),
  paidJobsWomen: jobCount(row[5], row[6]),
  paidJobsIdps: jobCount(row[7], row[8]),
  unknownHours: row[9] ?? 0,
  grossNewHires: row[10] ?? 0,
});
const notFollowedUp: BusinessJobs = { followedUp: false };
// Where each part of a row begins after the grant's columns.
const [lastStatusAt, closedOnAt, reachedOnAt, residenceAt, stagesAt, baselineAt, latestAt] = [0, 1, 2, 3, 4, 5, 6].map((i) => grantColumnCount + i);

/**
 * Every business of a view with its outcome inputs, and the follow-up stages its visits made
 * (those that could not reach the business count: the stage was made).
 */
export function businessOutcomes(filter: OutcomeFilter, asOf: IsoDate): { outcomes: BusinessOutcome[]; stages: string[] } {
  const rows = JSON.parse(valueOf<string>(businessRowsQuery(filter, asOf))) as BusinessRow[];
  const months = new Set<number>();
  for (const row of rows) for (const [m] of row[stagesAt] as BusinessRow[23]) months.add(m);
  const stages = stagesOf(months);
  const grantOf = grantReader();
  const outcomes = rows.map((row): BusinessOutcome => {
    const grant = grantOf(row as unknown as GrantRow);
    const stageReports: StageReport[] = [];
    for (const [m, reached, revenueMinor, netIncomeMinor] of row[stagesAt] as BusinessRow[23]) if (reached) stageReports.push({ months: m, revenueMinor, netIncomeMinor });
    const residence = row[residenceAt] as BusinessRow[22];
    // A latest visit that recorded no roster gives no jobs figure, as in jobs.ts.
    const latest = row[latestAt] as BusinessRow[25];
    const reachedOn = row[reachedOnAt] as BusinessRow[21];
    return {
      grant,
      survival: survivalTime(grant.timeOriginOn, row[closedOnAt] as BusinessRow[20], reachedOn),
      lastVisitStatus: row[lastStatusAt] as BusinessRow[19],
      followedUp: reachedOn !== null,
      jobs: latest ? jobsBetween(grant.kind, baselineOf(row[baselineAt] as BusinessRow[24]), latestOf(latest)) : notFollowedUp,
      latestResidence: residence ? { date: residence[0], residence: residence[1], destinationOblastPcode: residence[2] } : null,
      stageReports,
      netIncomeChangeMinor: netIncomeChangeOf(grant, stageReports, stages),
    };
  });
  return { outcomes, stages };
}
