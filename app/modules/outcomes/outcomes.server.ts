// The outcomes page, its files and the donor report: the cohort of a view, its figures and what
// is published of them. Nothing is pre-aggregated: every figure is computed from the rows as they
// stand, so none can go stale (a view's figures are reused only while no row has changed).
import { asc, eq, max, sql } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { kyivToday, type IsoDate } from "~/lib/kyiv-date";
import { whileUnchanged } from "~/lib/unchanged-data.server";
import type { RosterSnapshot, RosterWorker } from "~/modules/followup/roster";
import { kvedSections } from "~/modules/intake/kved";
import { listOblasts } from "~/modules/locations/locations.server";
import { businessOutcomes } from "./business-outcomes.server";
import { cohortConditions, grantColumns, grantJoins, grantReader, needsPeople, peopleJoins, rowsOf, type GrantRow } from "./cohort-query.server";
import { comparisonDimension, fixedCategories, type Comparison } from "./dimensions";
import type { OutcomeFilter } from "./outcome-filter";
import { figuresOfOutcomes, type Cohort, type CohortRosters, type CohortVisit } from "./outcome-figures";
import { publishDashboard, type PublicationMode } from "./publication";
import { defaultSuppressionThreshold } from "./suppression";
import type { Residence } from "./remigration";
import type { OperatingStatus } from "./survival";

// ---------------------------------------------------------------------------------------------
// The cohort visit by visit: three queries for the whole cohort (grants with their people and
// money, visits, rosters). The case-level file reads each stage's visit from it; the page reads
// businessOutcomes (business-outcomes.server.ts), which tests hold to this reader's rules.

function grantRows(filter: OutcomeFilter, asOf: IsoDate) {
  return rowsOf<GrantRow>(sql`select ${grantColumns} from grant_agreements ga ${grantJoins} where ${cohortConditions(filter, asOf)}`);
}

type VisitRow = [
  agreementId: number,
  date: string,
  status: OperatingStatus,
  closureDate: string | null,
  residence: Residence,
  destinationOblastPcode: string | null,
  revenueMinor: number | null,
  netIncomeMinor: number | null,
  stageMonths: number | null,
];

// In date order per grant; the residence in remigration.ts's words.
function visitRows(filter: OutcomeFilter, asOf: IsoDate) {
  return rowsOf<VisitRow>(sql`
    select v.agreement_id, v.visit_date, v.operating_status, v.closure_date,
      case v.residence when 'moved_within_ukraine' then 'within_ukraine' else v.residence end, substr(v.new_hromada_pcode, 1, 4),
      v.monthly_revenue_minor, v.monthly_net_income_minor, pv.months_after_origin
    from grant_agreements ga
    ${needsPeople(filter) ? peopleJoins : sql``}
    join follow_up_visits v on v.agreement_id = ga.id and v.visit_date <= ${asOf}
    left join planned_visits pv on pv.id = v.planned_visit_id
    where ${cohortConditions(filter, asOf)}
    order by v.agreement_id, v.visit_date, v.id`);
}

type RosterRow = [
  agreementId: number,
  baseline: number,
  recordedOn: string,
  role: RosterWorker["role"],
  paid: number | null,
  hoursPerWeek: number | null,
  sex: RosterWorker["sex"],
  displacementStatus: RosterWorker["displacementStatus"],
  startDate: string | null,
  endDate: string | null,
  monthsPerYear: number | null,
];

// The baseline roster and the one the latest reached visit left (jobs compare the two, §7).
// `cross join` keeps the cohort as the outer loop: each grant looks its rows up by index.
function rosterRows(filter: OutcomeFilter, asOf: IsoDate) {
  // Counting jobs needs neither the worker's id nor where the row came from (roster.ts workforceOn).
  const columns = sql`r.recorded_on, r.role, r.paid, r.hours_per_week, r.sex, r.displacement_status, r.start_date, r.end_date, r.months_per_year`;
  return rowsOf<RosterRow>(sql`
    with cohort as materialized (
      select ga.id as agreement_id, b.id as business_id,
        (select v.id from follow_up_visits v
          where v.agreement_id = ga.id and v.operating_status <> 'unreachable' and v.visit_date <= ${asOf}
          order by v.visit_date desc, v.id desc limit 1) as latest_visit_id
      from grant_agreements ga
      ${needsPeople(filter) ? peopleJoins : sql``}
      join businesses b on b.case_id = ga.case_id
      where ${cohortConditions(filter, asOf)})
    select cohort.agreement_id, 1, ${columns}
      from cohort cross join worker_roster_rows r on r.business_id = cohort.business_id and r.snapshot_kind = 'baseline'
      -- A business never reached has no jobs figure: its baseline is not needed (jobs.ts).
      where cohort.latest_visit_id is not null
    union all
    select cohort.agreement_id, 0, ${columns}
      from cohort cross join worker_roster_rows r on r.visit_id = cohort.latest_visit_id`);
}

// ---------------------------------------------------------------------------------------------
// Rows → the cohort the rules take

export function readCohort(filter: OutcomeFilter, asOf: IsoDate = kyivToday()): Cohort {
  const grants = Array.from(grantRows(filter, asOf), grantReader());
  // Rows come grouped by grant: the map is looked up only when the grant changes.
  const visitsByAgreement = new Map<number, CohortVisit[]>();
  let visits: CohortVisit[] = [];
  let visitsOf = -1;
  for (const [agreementId, date, status, closureDate, residence, destinationOblastPcode, revenueMinor, netIncomeMinor, stageMonths] of visitRows(filter, asOf)) {
    if (agreementId !== visitsOf) {
      visitsOf = agreementId;
      visits = visitsByAgreement.get(agreementId) ?? [];
      visitsByAgreement.set(agreementId, visits);
    }
    visits.push({ date, status, closureDate, residence, destinationOblastPcode, revenueMinor, netIncomeMinor, stageMonths });
  }
  const rostersByAgreement = new Map<number, CohortRosters>();
  let snapshot: RosterSnapshot = { recordedOn: "", workers: [] };
  let [snapshotOf, snapshotKind] = [-1, -1];
  for (const row of rosterRows(filter, asOf)) {
    const [agreementId, baseline, recordedOn, role, paid, hoursPerWeek, sex, displacementStatus, startDate, endDate, monthsPerYear] = row;
    const key = baseline ? "baseline" : "latest";
    if (agreementId !== snapshotOf || baseline !== snapshotKind) {
      [snapshotOf, snapshotKind] = [agreementId, baseline];
      let rosters = rostersByAgreement.get(agreementId);
      if (!rosters) rostersByAgreement.set(agreementId, (rosters = { baseline: null, latest: null }));
      snapshot = rosters[key] ??= { recordedOn, workers: [] };
    }
    snapshot.workers.push({ workerId: "", role, paid: paid === null ? null : paid === 1, hoursPerWeek, sex, displacementStatus, startDate, endDate, monthsPerYear, source: "recorded" });
  }
  return { grants, visitsByAgreement, rostersByAgreement };
}

// ---------------------------------------------------------------------------------------------
// The page

/** k of a view: the programme's small-cell threshold, or the strictest of all programmes. */
export function outcomeThreshold(programmeId: number | undefined): number {
  const row = db
    .select({ k: max(schema.programmes.smallCellThreshold) })
    .from(schema.programmes)
    .where(programmeId === undefined ? undefined : eq(schema.programmes.id, programmeId))
    .get();
  return row?.k ?? defaultSuppressionThreshold;
}

/** Evaluators always read published figures; officers and admins the exact ones unless they ask. */
export function publicationFor(user: Pick<CurrentUser, "role">, filter: OutcomeFilter, preview: boolean): PublicationMode {
  const exact = (user.role === "officer" || user.role === "admin") && !preview;
  return { suppressed: !exact, threshold: outcomeThreshold(filter.programmeId) };
}

/**
 * The dashboard of a view as its reader may see it. `breakdowns: false` leaves every dimension's
 * table empty (the home page shows the headline only). Worked out from the rows each time the
 * database has changed; while it has not, the same view's dashboard is handed out again
 * (unchanged-data.server.ts): a second at 100,000 grants, for figures that only a write changes.
 */
export function outcomeDashboard(filter: OutcomeFilter, compare: Comparison, mode: PublicationMode, asOf: IsoDate = kyivToday(), breakdowns = true) {
  // Everything the figures depend on besides the rows, in one order whatever the caller's.
  const filterEntries = Object.entries(filter).filter(([, value]) => value !== undefined).sort(([a], [b]) => a.localeCompare(b));
  const key = JSON.stringify([filterEntries, compare, mode.suppressed, mode.threshold, asOf, breakdowns]);
  return whileUnchanged("outcome dashboard", key, () => {
    const { outcomes, stages } = businessOutcomes(filter, asOf);
    const figures = figuresOfOutcomes(outcomes, stages, {
      compare: comparisonDimension(compare),
      categories: fixedCategories,
      minGroupSize: mode.suppressed ? mode.threshold : 1,
      breakdowns,
    });
    return publishDashboard(figures, mode);
  });
}

/** What the filters offer and the names the tables show (organisations, sources, places, sectors). */
export function outcomeOptions() {
  const programmes = db
    .select({ id: schema.programmes.id, code: schema.programmes.code, name: schema.programmes.name, nameUk: schema.programmes.nameUk, currency: schema.programmes.currency })
    .from(schema.programmes)
    .orderBy(asc(schema.programmes.code))
    .all();
  const partners = db
    .select({ id: schema.organisations.id, name: schema.organisations.name, nameUk: schema.organisations.nameUk })
    .from(schema.organisations)
    .where(eq(schema.organisations.kind, "partner"))
    .orderBy(asc(schema.organisations.name))
    .all()
    .map((row) => ({ ...row, id: String(row.id) }));
  const fundingSources = db
    .select({ id: schema.fundingSources.id, name: schema.fundingSources.name, donor: schema.fundingSources.donor })
    .from(schema.fundingSources)
    .orderBy(asc(schema.fundingSources.name))
    .all()
    .map((row) => ({ ...row, id: String(row.id) }));
  const sectors = kvedSections.map((section) => ({ code: section.code, nameEn: section.nameEn, nameUk: section.nameUk }));
  return { programmes, partners, fundingSources, oblasts: listOblasts(), sectors };
}

export type OutcomeOptions = ReturnType<typeof outcomeOptions>;
