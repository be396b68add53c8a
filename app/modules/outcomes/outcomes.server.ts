// The outcomes dashboard's inputs, read set-wise: three queries for the whole cohort (grants with
// their people and money, visits, rosters), whatever its size, then the pure rules. Nothing is
// pre-aggregated: every figure is computed from the rows as they stand, so none can go stale.
import { asc, eq, max, sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, sqlite } from "~/lib/db.server";
import { kyivToday, type IsoDate } from "~/lib/kyiv-date";
import type { RosterSnapshot, RosterWorker } from "~/modules/followup/roster";
import { agreementModality } from "~/modules/grants/agreement-rules";
import { ageBandsOn } from "~/modules/cases/age-band-cutoffs";
import { kvedSectionOf, kvedSections } from "~/modules/intake/kved";
import { listOblasts } from "~/modules/locations/locations.server";
import { comparisonDimension, fixedCategories, unknownCategory, type Comparison, type Dimension } from "./dimensions";
import type { OutcomeFilter } from "./outcome-filter";
import { dashboardFigures, type Cohort, type CohortGrant, type CohortRosters, type CohortVisit } from "./outcome-figures";
import { publishDashboard, type PublicationMode } from "./publication";
import { defaultSuppressionThreshold } from "./suppression";
import type { Residence } from "./remigration";
import type { OperatingStatus } from "./survival";

// ---------------------------------------------------------------------------------------------
// The cohort's condition, shared by the three queries (aliases: ga grant, c case, p person,
// da displacement record at application)

const nextMonth = (month: string) => {
  const [year, m] = month.split("-").map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
};

/** Whether the filter reads the case, the person or the displacement record (else ga alone does). */
function needsPeople(filter: OutcomeFilter) {
  return filter.sex !== undefined || filter.oblastPcode !== undefined || filter.partnerId !== undefined || filter.displacement !== undefined;
}

function cohortConditions(filter: OutcomeFilter, asOf: IsoDate): SQL {
  const conditions: SQL[] = [sql`ga.time_origin_on is not null`, sql`ga.status <> 'cancelled'`, sql`ga.time_origin_on <= ${asOf}`];
  if (filter.programmeId !== undefined) conditions.push(sql`ga.programme_id = ${filter.programmeId}`);
  if (filter.fromMonth) conditions.push(sql`ga.time_origin_on >= ${`${filter.fromMonth}-01`}`);
  if (filter.toMonth) conditions.push(sql`ga.time_origin_on < ${`${nextMonth(filter.toMonth)}-01`}`);
  if (filter.modality === "in_kind") conditions.push(sql`ga.cash_minor = 0`);
  if (filter.modality === "cash") conditions.push(sql`ga.in_kind_minor = 0`);
  if (filter.modality === "mixed") conditions.push(sql`ga.cash_minor > 0 and ga.in_kind_minor > 0`);
  if (filter.fundingSourceId !== undefined) conditions.push(sql`ga.funding_source_id = ${filter.fundingSourceId}`);
  if (filter.sex) conditions.push(sql`p.sex = ${filter.sex}`);
  if (filter.oblastPcode) conditions.push(sql`c.oblast_pcode = ${filter.oblastPcode}`);
  if (filter.partnerId !== undefined) conditions.push(sql`c.partner_organisation_id = ${filter.partnerId}`);
  if (filter.displacement) conditions.push(sql`da.status = ${filter.displacement}`);
  return sql.join(conditions, sql` and `);
}

// The status at application is the case's first record in that context (corrections add more).
const peopleJoins = sql`
  join cases c on c.id = ga.case_id
  join persons p on p.id = c.person_id
  left join displacement_records da on da.id = (
    select min(x.id) from displacement_records x where x.case_id = c.id and x.context = 'application')`;

// ---------------------------------------------------------------------------------------------
// The three reads

/**
 * A query's rows as arrays, one at a time: each row is turned into what the rules take and then
 * dropped, instead of 650,000 rows held at once at 100,000 grants (the garbage collector's cost
 * was the page's largest).
 */
const dialect = new SQLiteSyncDialect();
function rowsOf<Row>(query: SQL): IterableIterator<Row> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return sqlite.prepare(text).raw(true).iterate(...params) as IterableIterator<Row>;
}

type GrantRow = [
  agreementId: number,
  caseId: number,
  programmeId: number,
  currency: string,
  timeOriginOn: string,
  inKindMinor: number,
  cashMinor: number,
  fundingSourceId: number,
  partnerId: number | null,
  oblastPcode: string | null,
  kind: "startup" | "existing" | null,
  kvedCode: string | null,
  baselineRevenueMinor: number | null,
  baselineNetIncomeMinor: number | null,
  sex: "female" | "male" | null,
  birthDate: string | null,
  disability: number,
  displacement: string | null,
  disbursedMinor: number,
];

function grantRows(filter: OutcomeFilter, asOf: IsoDate) {
  return rowsOf<GrantRow>(sql`
    select ga.id, ga.case_id, ga.programme_id, pr.currency, ga.time_origin_on, ga.in_kind_minor, ga.cash_minor, ga.funding_source_id,
      c.partner_organisation_id, c.oblast_pcode, b.kind, b.kved_code, b.baseline_monthly_revenue_minor, b.baseline_monthly_net_income_minor,
      p.sex, p.birth_date, p.disability, da.status,
      (select coalesce(sum(l.reporting_amount_minor), 0) from grant_ledger_entries l
        where l.agreement_id = ga.id and l.kind in ('disbursement', 'return', 'correction'))
    from grant_agreements ga
    join programmes pr on pr.id = ga.programme_id
    ${peopleJoins}
    left join businesses b on b.case_id = c.id
    where ${cohortConditions(filter, asOf)}`);
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
  // The donors' age band at the time origin (§6): one set of birth-date cut-offs per origin date.
  const cutoffs = new Map<string, ReturnType<typeof ageBandsOn>["bandOf"]>();
  const bandAt = (birthDate: string | null, on: string) => {
    let bandOf = cutoffs.get(on);
    if (!bandOf) cutoffs.set(on, (bandOf = ageBandsOn(on).bandOf));
    return bandOf(birthDate) ?? unknownCategory;
  };
  const sections = new Map<string, string>();
  const sectionOf = (kved: string | null) => {
    if (!kved) return unknownCategory;
    let section = sections.get(kved);
    if (section === undefined) sections.set(kved, (section = kvedSectionOf(kved)?.code ?? unknownCategory));
    return section;
  };
  const grants: CohortGrant[] = [];
  for (const r of grantRows(filter, asOf)) {
    const [agreementId, caseId, programmeId, currency, timeOriginOn, inKindMinor, cashMinor, fundingSourceId, partnerId, oblastPcode, kind, kved] = r;
    const [, , , , , , , , , , , , baselineRevenueMinor, baselineNetIncomeMinor, sex, birthDate, disability, displacement, disbursedMinor] = r;
    const categories: Record<Dimension, string> = {
      sex: sex ?? unknownCategory,
      ageBand: bandAt(birthDate, timeOriginOn),
      disability: disability ? "yes" : "no",
      displacement: displacement ?? unknownCategory,
      oblast: oblastPcode ?? unknownCategory,
      sector: sectionOf(kved),
      modality: agreementModality({ inKindMinor, cashMinor }),
      partner: partnerId === null ? unknownCategory : String(partnerId),
      fundingSource: String(fundingSourceId),
      kind: kind ?? unknownCategory,
    };
    grants.push({
      agreementId,
      caseId,
      programmeId,
      currency,
      timeOriginOn,
      categories,
      // Without a business record nothing says it was a start-up: no self-employment is claimed.
      kind: kind ?? "existing",
      baselineRevenueMinor,
      baselineNetIncomeMinor,
      disbursedMinor: Number(disbursedMinor),
    });
  }
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

export function outcomeDashboard(filter: OutcomeFilter, compare: Comparison, mode: PublicationMode, asOf: IsoDate = kyivToday()) {
  const cohort = readCohort(filter, asOf);
  const figures = dashboardFigures(cohort, {
    compare: comparisonDimension(compare),
    categories: fixedCategories,
    minGroupSize: mode.suppressed ? mode.threshold : 1,
  });
  return publishDashboard(figures, mode);
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
