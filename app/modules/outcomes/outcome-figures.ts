// The programme's outcome figures from the cohort's rows (domain.md §7), before anything is
// published: every number here is exact and unsuppressed. publication.ts decides what a reader
// may see of them. The rules themselves live in survival.ts, jobs.ts (and followup/roster.ts for
// FTE), remigration.ts and income.ts; this module turns a grant and its visits into their inputs
// and adds the results up by category — in one pass per dimension, since a cohort may hold
// 100,000 grants.
import type { IsoDate } from "~/lib/kyiv-date";
import type { RosterSnapshot } from "~/modules/followup/roster";
import type { Dimension } from "./dimensions";
import { dimensions } from "./dimensions";
import { baselineStage, median, medianNetIncomeChange, type IncomeReport, type MedianWithCount, type StageIncome } from "./income";
import { businessJobs, costPerNetJob, summariseBusinessJobs, type BusinessJobs, type BusinessKind, type CostPerJob, type JobsSummary } from "./jobs";
import { latestKnownResidence, summariseRemigration, type RemigrationSummary, type Residence, type ResidenceReport } from "./remigration";
import {
  logRankTest,
  summariseSurvival,
  survivalTimeFromVisits,
  type FollowUpContact,
  type LogRankResult,
  type OperatingStatus,
  type SurvivalSummary,
  type SurvivalTime,
} from "./survival";

/** One grant of the cohort: every agreement with a time origin, withdrawn ones included (§9). */
export type CohortGrant = {
  agreementId: number;
  caseId: number;
  programmeId: number;
  /** The programme's reporting currency. */
  currency: string;
  timeOriginOn: IsoDate;
  /** The business's category in every dimension (`unknown` where the record does not say). */
  categories: Record<Dimension, string>;
  kind: BusinessKind;
  baselineRevenueMinor: number | null;
  baselineNetIncomeMinor: number | null;
  /** Disbursed net of returns and corrections, in the reporting currency (minor units). */
  disbursedMinor: number;
};

/**
 * A follow-up visit as the outcomes need it (no notes, no names). It is at once the survival
 * rule's contact and the re-migration rule's residence report.
 */
export type CohortVisit = FollowUpContact &
  ResidenceReport & {
    revenueMinor: number | null;
    netIncomeMinor: number | null;
    /** The planned stage the visit made (months after the origin); null for a visit off schedule. */
    stageMonths: number | null;
  };

/** The rosters the jobs figures read: the baseline and the one the latest reached visit left. */
export type CohortRosters = { baseline: RosterSnapshot | null; latest: RosterSnapshot | null };

export type Cohort = {
  grants: CohortGrant[];
  /** Each grant's visits in date order. */
  visitsByAgreement: Map<number, CohortVisit[]>;
  rostersByAgreement: Map<number, CohortRosters>;
};

export type BusinessOutcome = {
  grant: CohortGrant;
  visits: readonly CohortVisit[];
  survival: SurvivalTime;
  /** Status at the latest visit of any kind; null when never visited (the naive share's input). */
  lastVisitStatus: OperatingStatus | null;
  /** Reached at least once: a visit that found the business (not "could not be reached"). */
  followedUp: boolean;
  jobs: BusinessJobs;
  latestResidence: ResidenceReport | null;
  /** Net income at the latest stage reported − at baseline; null without both. */
  netIncomeChangeMinor: number | null;
};

export const stageKey = (months: number) => `m${months}`;

/**
 * income.ts's median, with the values sorted first by the engine's numeric sort: median() then
 * finds them in order (its own sort is linear on sorted input). At 100,000 grants the medians'
 * comparator sorts were a fifth of the page's time.
 */
function medianOf(values: readonly number[]): MedianWithCount {
  return median(Array.from(Float64Array.from(values).sort()));
}

const noVisits: CohortVisit[] = [];

/** The income reports of one business: its baseline and each stage's visit (income.ts's input). */
export function incomeReportsOf(grant: CohortGrant, visits: readonly CohortVisit[]): IncomeReport[] {
  const businessId = String(grant.agreementId);
  const reports: IncomeReport[] = [];
  if (grant.baselineRevenueMinor !== null || grant.baselineNetIncomeMinor !== null) {
    reports.push({ businessId, stage: baselineStage, monthlyRevenue: grant.baselineRevenueMinor, monthlyNetIncome: grant.baselineNetIncomeMinor });
  }
  for (const v of visits) {
    if (v.stageMonths === null || v.status === "unreachable") continue;
    reports.push({ businessId, stage: stageKey(v.stageMonths), monthlyRevenue: v.revenueMinor, monthlyNetIncome: v.netIncomeMinor });
  }
  return reports;
}

/** One grant's outcome inputs, each computed by its rule (domain.md §7). `visits` in date order. */
export function businessOutcome(grant: CohortGrant, visits: readonly CohortVisit[], recorded: CohortRosters | undefined, stages: readonly string[]): BusinessOutcome {
  let followedUp = false;
  for (const v of visits) if (v.status !== "unreachable") followedUp = true;
  // Without a baseline figure there is no change to report: the rule would find none either.
  const change = grant.baselineNetIncomeMinor === null ? null : medianNetIncomeChange(incomeReportsOf(grant, visits), stages);
  return {
    grant,
    visits,
    survival: survivalTimeFromVisits(grant.timeOriginOn, visits),
    lastVisitStatus: visits.length ? visits[visits.length - 1].status : null,
    followedUp,
    jobs: businessJobs({
      kind: grant.kind,
      baseline: recorded?.baseline ?? { recordedOn: grant.timeOriginOn, workers: [] },
      visits: recorded?.latest ? [recorded.latest] : [],
    }),
    latestResidence: latestKnownResidence(visits),
    netIncomeChangeMinor: change && change.n === 1 ? change.median : null,
  };
}

export type ResidenceCounts = { same_hromada: number; within_ukraine: number; abroad: number };

export type CategoryFigures = {
  category: string;
  funded: number;
  followedUp: number;
  notYetFollowedUp: number;
  survival: SurvivalSummary;
  netJobsFte: number;
  paidJobsFte: number;
  womenFte: number;
  idpFte: number;
  residence: ResidenceCounts;
  netIncomeChange: MedianWithCount;
  disbursed: { currency: string; minor: number }[];
};

export type NaiveCounts = { operating: number; suspended: number; closed: number; unreachable: number; visited: number };

export type SurvivalGroup = { category: string; summary: SurvivalSummary };

export type MoneyFigures = { currency: string; disbursedMinor: number; netJobsFte: number; costPerJob: CostPerJob };

export type DashboardFigures = {
  funded: number;
  followedUp: number;
  notYetFollowedUp: number;
  survival: SurvivalSummary;
  naive: NaiveCounts;
  comparison: { dimension: Dimension; groups: SurvivalGroup[]; logRank: LogRankResult | null } | null;
  jobs: JobsSummary;
  remigration: RemigrationSummary;
  stages: string[];
  income: StageIncome[];
  netIncomeChange: MedianWithCount;
  money: MoneyFigures[];
  byDimension: Record<Dimension, CategoryFigures[]>;
};

/** The follow-up stages the cohort's visits made, in order ("m3", "m6", "m12"). */
export function cohortStages(cohort: Cohort): string[] {
  const months = new Set<number>();
  for (const visits of cohort.visitsByAgreement.values()) for (const v of visits) if (v.stageMonths !== null) months.add(v.stageMonths);
  return [...months].sort((a, b) => a - b).map(stageKey);
}

/** Every grant's outcome inputs, sorted by survival time so that each group's curve sorts in linear time. */
export function businessOutcomes(cohort: Cohort, stages: readonly string[]): BusinessOutcome[] {
  const outcomes = cohort.grants.map((grant) =>
    businessOutcome(grant, cohort.visitsByAgreement.get(grant.agreementId) ?? noVisits, cohort.rostersByAgreement.get(grant.agreementId), stages),
  );
  // Survival times are whole days: a counting sort keeps the order linear (and stable).
  const byDay: BusinessOutcome[][] = [];
  for (const o of outcomes) (byDay[o.survival.time] ??= []).push(o);
  return byDay.flat();
}

// What one category adds up while the businesses go by.
class CategoryTotals {
  survival: SurvivalTime[] = [];
  followedUp = 0;
  netJobsFte = 0;
  paidJobsFte = 0;
  womenFte = 0;
  idpFte = 0;
  residence: ResidenceCounts = { same_hromada: 0, within_ukraine: 0, abroad: 0 };
  incomeChanges: number[] = [];
  disbursed = new Map<string, number>();

  add(o: BusinessOutcome) {
    this.survival.push(o.survival);
    if (o.followedUp) this.followedUp += 1;
    if (o.jobs.followedUp) {
      this.netJobsFte += o.jobs.netJobsFte;
      this.paidJobsFte += o.jobs.paidJobs.fte;
      this.womenFte += o.jobs.paidJobsWomen.fte;
      this.idpFte += o.jobs.paidJobsIdps.fte;
    }
    const residence: Residence | undefined = o.latestResidence?.residence;
    if (residence && residence !== "unknown") this.residence[residence] += 1;
    this.disbursed.set(o.grant.currency, (this.disbursed.get(o.grant.currency) ?? 0) + o.grant.disbursedMinor);
  }

  figures(category: string): CategoryFigures {
    const funded = this.survival.length;
    return {
      category,
      funded,
      followedUp: this.followedUp,
      notYetFollowedUp: funded - this.followedUp,
      survival: summariseSurvival(this.survival),
      netJobsFte: this.netJobsFte,
      paidJobsFte: this.paidJobsFte,
      womenFte: this.womenFte,
      idpFte: this.idpFte,
      residence: this.residence,
      // Each business's change is one value; the median of many is income.ts's median (§7).
      // Filled in sorted order (figuresByDimension): median() finds them in order.
      netIncomeChange: median(this.incomeChanges),
      disbursed: [...this.disbursed].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => ({ currency, minor })),
    };
  }
}

/** Each dimension's categories (the fixed ones first, then those met) with their figures. */
function figuresByDimension(outcomes: readonly BusinessOutcome[], categories: Partial<Record<Dimension, readonly string[]>>): Record<Dimension, CategoryFigures[]> {
  const totals = dimensions.map((dimension) => new Map<string, CategoryTotals>((categories[dimension] ?? []).map((c) => [c, new CategoryTotals()])));
  const totalOf = (d: number, o: BusinessOutcome) => {
    const category = o.grant.categories[dimensions[d]];
    let total = totals[d].get(category);
    if (!total) totals[d].set(category, (total = new CategoryTotals()));
    return total;
  };
  for (const o of outcomes) for (let d = 0; d < dimensions.length; d += 1) totalOf(d, o).add(o);
  // The income changes go in sorted once, so that each category's median finds them in order.
  const changed = outcomes.filter((o) => o.netIncomeChangeMinor !== null).sort((a, b) => (a.netIncomeChangeMinor as number) - (b.netIncomeChangeMinor as number));
  for (const o of changed) for (let d = 0; d < dimensions.length; d += 1) totalOf(d, o).incomeChanges.push(o.netIncomeChangeMinor as number);
  return Object.fromEntries(dimensions.map((dimension, d) => [dimension, [...totals[d]].map(([category, total]) => total.figures(category))])) as Record<Dimension, CategoryFigures[]>;
}

/**
 * Median revenue and net income at baseline and at each stage, with the number of businesses
 * behind each (income.ts's rule, one report per business and stage, incomeReportsOf's reports):
 * the values are gathered in one pass over the cohort rather than by filtering every report once
 * per stage.
 */
function stageIncomes(outcomes: readonly BusinessOutcome[], stages: readonly string[]): StageIncome[] {
  const values = new Map([baselineStage, ...stages].map((stage) => [stage, { revenue: [] as number[], netIncome: [] as number[] }]));
  const baseline = values.get(baselineStage)!;
  const byMonths = new Map(stages.map((stage) => [Number(stage.slice(1)), values.get(stage)!]));
  for (const { grant, visits } of outcomes) {
    if (grant.baselineRevenueMinor !== null) baseline.revenue.push(grant.baselineRevenueMinor);
    if (grant.baselineNetIncomeMinor !== null) baseline.netIncome.push(grant.baselineNetIncomeMinor);
    for (const v of visits) {
      if (v.stageMonths === null || v.status === "unreachable") continue;
      const stage = byMonths.get(v.stageMonths)!;
      if (v.revenueMinor !== null) stage.revenue.push(v.revenueMinor);
      if (v.netIncomeMinor !== null) stage.netIncome.push(v.netIncomeMinor);
    }
  }
  return [...values].map(([stage, v]) => ({ stage, revenue: medianOf(v.revenue), netIncome: medianOf(v.netIncome) }));
}

export type FigureOptions = {
  compare: Dimension | null;
  /** Categories listed even when empty, per dimension (dimensions.ts fixedCategories). */
  categories: Partial<Record<Dimension, readonly string[]>>;
  /** Groups smaller than this are left out of the log-rank test (they are not shown either). */
  minGroupSize: number;
};

/** Every figure of the dashboard for a cohort (domain.md §7), exact and unsuppressed. */
export function dashboardFigures(cohort: Cohort, options: FigureOptions): DashboardFigures {
  const stages = cohortStages(cohort);
  const outcomes = businessOutcomes(cohort, stages);
  const naive: NaiveCounts = { operating: 0, suspended: 0, closed: 0, unreachable: 0, visited: 0 };
  let followedUp = 0;
  for (const o of outcomes) {
    if (o.followedUp) followedUp += 1;
    if (!o.lastVisitStatus) continue;
    naive[o.lastVisitStatus] += 1;
    naive.visited += 1;
  }
  const byDimension = figuresByDimension(outcomes, options.categories);

  let comparison: DashboardFigures["comparison"] = null;
  if (options.compare) {
    const groups = byDimension[options.compare].filter((c) => c.funded > 0);
    const tested = groups.filter((c) => c.funded >= options.minGroupSize);
    const observations = new Map<string, SurvivalTime[]>(groups.map((g) => [g.category, []]));
    if (tested.length >= 2) for (const o of outcomes) observations.get(o.grant.categories[options.compare])?.push(o.survival);
    comparison = {
      dimension: options.compare,
      groups: groups.map((g) => ({ category: g.category, summary: g.survival })),
      logRank: tested.length >= 2 ? logRankTest(tested.map((g) => ({ key: g.category, observations: observations.get(g.category)! }))) : null,
    };
  }

  const jobs = summariseBusinessJobs(outcomes.map((o) => o.jobs));
  const currencies = new Map<string, { disbursedMinor: number; netJobsFte: number }>();
  for (const o of outcomes) {
    const money = currencies.get(o.grant.currency) ?? { disbursedMinor: 0, netJobsFte: 0 };
    money.disbursedMinor += o.grant.disbursedMinor;
    if (o.jobs.followedUp) money.netJobsFte += o.jobs.netJobsFte;
    currencies.set(o.grant.currency, money);
  }
  const money = [...currencies]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, m]) => ({ currency, ...m, costPerJob: costPerNetJob(m.disbursedMinor, m.netJobsFte) }));
  const changes: number[] = [];
  for (const o of outcomes) if (o.netIncomeChangeMinor !== null) changes.push(o.netIncomeChangeMinor);
  return {
    funded: outcomes.length,
    followedUp,
    notYetFollowedUp: outcomes.length - followedUp,
    survival: summariseSurvival(outcomes.map((o) => o.survival)),
    naive,
    comparison,
    jobs,
    remigration: summariseRemigration(outcomes.map((o) => o.visits)),
    stages,
    income: stageIncomes(outcomes, stages),
    netIncomeChange: medianOf(changes),
    money,
    byDimension,
  };
}
