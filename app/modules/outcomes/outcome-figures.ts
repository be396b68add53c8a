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
import { baselineStage, medianNetIncomeChange, medianOfSorted, type IncomeReport, type MedianWithCount, type StageIncome } from "./income";
import { businessJobs, costPerNetJob, summariseBusinessJobs, type BusinessJobs, type BusinessKind, type CostPerJob, type JobsSummary } from "./jobs";
import { latestKnownResidence, summariseLatestResidences, type LatestResidence, type RemigrationSummary, type Residence, type ResidenceReport } from "./remigration";
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

/** A follow-up stage's visit that reached the business, with its income figures (income.ts). */
export type StageReport = { months: number; revenueMinor: number | null; netIncomeMinor: number | null };

/**
 * One business's outcome inputs, each its rule's result (domain.md §7). Made from the grant and
 * its visits here (businessOutcome), or from what the database worked out business by business
 * (outcomes.server.ts); the figures do not tell the two apart.
 */
export type BusinessOutcome = {
  grant: CohortGrant;
  survival: SurvivalTime;
  /** Status at the latest visit of any kind; null when never visited (the naive share's input). */
  lastVisitStatus: OperatingStatus | null;
  /** Reached at least once: a visit that found the business (not "could not be reached"). */
  followedUp: boolean;
  jobs: BusinessJobs;
  latestResidence: LatestResidence | null;
  /** The stage visits that reached the business, in date order. */
  stageReports: StageReport[];
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
  return medianOfSorted(Float64Array.from(values).sort());
}

const noVisits: CohortVisit[] = [];

/** The income reports of one business: its baseline and each stage's visit (income.ts's input). */
export function incomeReportsOf(grant: CohortGrant, stageReports: readonly StageReport[]): IncomeReport[] {
  const businessId = String(grant.agreementId);
  const reports: IncomeReport[] = [];
  if (grant.baselineRevenueMinor !== null || grant.baselineNetIncomeMinor !== null) {
    reports.push({ businessId, stage: baselineStage, monthlyRevenue: grant.baselineRevenueMinor, monthlyNetIncome: grant.baselineNetIncomeMinor });
  }
  for (const r of stageReports) reports.push({ businessId, stage: stageKey(r.months), monthlyRevenue: r.revenueMinor, monthlyNetIncome: r.netIncomeMinor });
  return reports;
}

/** One business's change in net income, baseline to its latest stage (income.ts); null without both. */
export function netIncomeChangeOf(grant: CohortGrant, stageReports: readonly StageReport[], stages: readonly string[]): number | null {
  // Without a baseline figure there is no change to report: the rule would find none either.
  if (grant.baselineNetIncomeMinor === null) return null;
  const change = medianNetIncomeChange(incomeReportsOf(grant, stageReports), stages);
  return change.n === 1 ? change.median : null;
}

/** One grant's outcome inputs, each computed by its rule (domain.md §7). `visits` in date order. */
export function businessOutcome(grant: CohortGrant, visits: readonly CohortVisit[], recorded: CohortRosters | undefined, stages: readonly string[]): BusinessOutcome {
  let followedUp = false;
  const stageReports: StageReport[] = [];
  for (const v of visits) {
    if (v.status === "unreachable") continue;
    followedUp = true;
    if (v.stageMonths !== null) stageReports.push({ months: v.stageMonths, revenueMinor: v.revenueMinor, netIncomeMinor: v.netIncomeMinor });
  }
  return {
    grant,
    survival: survivalTimeFromVisits(grant.timeOriginOn, visits),
    lastVisitStatus: visits.length ? visits[visits.length - 1].status : null,
    followedUp,
    jobs: businessJobs({
      kind: grant.kind,
      baseline: recorded?.baseline ?? { recordedOn: grant.timeOriginOn, workers: [] },
      visits: recorded?.latest ? [recorded.latest] : [],
    }),
    latestResidence: latestKnownResidence(visits),
    stageReports,
    netIncomeChangeMinor: netIncomeChangeOf(grant, stageReports, stages),
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
  /** Every dimension's breakdown; none when only the headline was asked for. */
  byDimension: Partial<Record<Dimension, CategoryFigures[]>>;
};

/** The follow-up stages, in order ("m3", "m6", "m12"), from the months of the visits that made them. */
export function stagesOf(months: Iterable<number>): string[] {
  return [...new Set(months)].sort((a, b) => a - b).map(stageKey);
}

/** The follow-up stages the cohort's visits made, in order ("m3", "m6", "m12"). */
export function cohortStages(cohort: Cohort): string[] {
  const months: number[] = [];
  for (const visits of cohort.visitsByAgreement.values()) for (const v of visits) if (v.stageMonths !== null) months.push(v.stageMonths);
  return stagesOf(months);
}

/** Every grant's outcome inputs, in the cohort's order. */
export function businessOutcomes(cohort: Cohort, stages: readonly string[]): BusinessOutcome[] {
  return cohort.grants.map((grant) =>
    businessOutcome(grant, cohort.visitsByAgreement.get(grant.agreementId) ?? noVisits, cohort.rostersByAgreement.get(grant.agreementId), stages),
  );
}

/**
 * The businesses' survival times sorted by time, so that each group's curve sorts in linear time
 * (kaplanMeier sorts what it is given). Survival times are whole days: a counting sort keeps the
 * order linear and stable. Copied into one run of memory, as every group's curve reads them.
 */
function sortedSurvival(outcomes: readonly BusinessOutcome[]): { order: Int32Array; times: SurvivalTime[] } {
  let last = 0;
  for (const o of outcomes) last = Math.max(last, o.survival.time);
  const starts = new Int32Array(last + 2);
  for (const o of outcomes) starts[o.survival.time + 1] += 1;
  for (let day = 1; day < starts.length; day += 1) starts[day] += starts[day - 1];
  const order = new Int32Array(outcomes.length);
  outcomes.forEach((o, i) => (order[starts[o.survival.time]++] = i));
  return { order, times: Array.from(order, (i) => ({ time: outcomes[i].survival.time, closed: outcomes[i].survival.closed })) };
}

const residenceIndex: Partial<Record<Residence, number>> = { same_hromada: 0, within_ukraine: 1, abroad: 2 };

/**
 * Each dimension's categories (the fixed ones first, then those met) with their figures. At
 * 100,000 businesses and ten dimensions this is a million additions: one pass over the
 * businesses reads what they add into arrays (the objects lie all over memory; reading them once
 * is what keeps this fast), then each dimension adds by category index.
 */
function figuresByDimension(
  outcomes: readonly BusinessOutcome[],
  survivalTimes: { order: Int32Array; times: SurvivalTime[] },
  categories: Partial<Record<Dimension, readonly string[]>>,
): { figures: Record<Dimension, CategoryFigures[]>; survivalTimes: Record<Dimension, SurvivalTime[][]> } {
  const n = outcomes.length;
  const width = dimensions.length;
  const indexes = dimensions.map((dimension) => new Map<string, number>((categories[dimension] ?? []).map((c, i) => [c, i])));
  const at = new Int32Array(n * width);
  const currencies: string[] = [];
  const currency = new Int32Array(n);
  const residence = new Int8Array(n);
  const followedUp = new Uint8Array(n);
  const jobsFollowedUp = new Uint8Array(n);
  const [netJobs, paidJobs, womenJobs, idpJobs, disbursedOf] = [0, 1, 2, 3, 4].map(() => new Float64Array(n));
  for (let i = 0; i < n; i += 1) {
    const o = outcomes[i];
    for (let d = 0; d < width; d += 1) {
      const category = o.grant.categories[dimensions[d]];
      let c = indexes[d].get(category);
      if (c === undefined) indexes[d].set(category, (c = indexes[d].size));
      at[d * n + i] = c;
    }
    let c = currencies.indexOf(o.grant.currency);
    if (c < 0) c = currencies.push(o.grant.currency) - 1;
    currency[i] = c;
    disbursedOf[i] = o.grant.disbursedMinor;
    residence[i] = o.latestResidence ? (residenceIndex[o.latestResidence.residence] ?? -1) : -1;
    followedUp[i] = o.followedUp ? 1 : 0;
    if (o.jobs.followedUp) {
      jobsFollowedUp[i] = 1;
      netJobs[i] = o.jobs.netJobsFte;
      paidJobs[i] = o.jobs.paidJobs.fte;
      womenJobs[i] = o.jobs.paidJobsWomen.fte;
      idpJobs[i] = o.jobs.paidJobsIdps.fte;
    }
  }
  // The income changes in ascending order, so that each category's are too.
  const changed: number[] = [];
  for (let i = 0; i < n; i += 1) if (outcomes[i].netIncomeChangeMinor !== null) changed.push(i);
  const changeOf = Float64Array.from(outcomes, (o) => o.netIncomeChangeMinor ?? 0);
  changed.sort((a, b) => changeOf[a] - changeOf[b]);
  const byCurrency = currencies.map((code, j) => ({ code, j })).sort((a, b) => a.code.localeCompare(b.code));
  const m = currencies.length;

  const survivalByDimension: SurvivalTime[][][] = [];
  const figures = dimensions.map((_, d) => {
    const k = indexes[d].size;
    const [funded, reached, changes, filled] = [0, 1, 2, 3].map(() => new Int32Array(k));
    const residences = new Int32Array(k * 3);
    const of = at.subarray(d * n, (d + 1) * n);
    const [netJobsFte, paidJobsFte, womenFte, idpFte] = [0, 1, 2, 3].map(() => new Float64Array(k));
    const disbursed = new Float64Array(k * m);
    const paidIn = new Int32Array(k * m);
    for (let i = 0; i < n; i += 1) {
      const c = of[i];
      funded[c] += 1;
      reached[c] += followedUp[i];
      if (jobsFollowedUp[i]) {
        netJobsFte[c] += netJobs[i];
        paidJobsFte[c] += paidJobs[i];
        womenFte[c] += womenJobs[i];
        idpFte[c] += idpJobs[i];
      }
      if (residence[i] >= 0) residences[c * 3 + residence[i]] += 1;
      disbursed[c * m + currency[i]] += disbursedOf[i];
      paidIn[c * m + currency[i]] += 1;
    }
    // Each category's survival times, sorted by time, and income changes, in ascending order.
    const survival = Array.from(funded, (count) => new Array<SurvivalTime>(count));
    for (let p = 0; p < n; p += 1) {
      const c = of[survivalTimes.order[p]];
      survival[c][filled[c]++] = survivalTimes.times[p];
    }
    for (const i of changed) changes[of[i]] += 1;
    const incomeChanges = Array.from(changes, (count) => new Float64Array(count));
    filled.fill(0);
    for (const i of changed) {
      const c = of[i];
      incomeChanges[c][filled[c]++] = changeOf[i];
    }
    survivalByDimension.push(survival);
    return [...indexes[d].keys()].map(
      (category, c): CategoryFigures => ({
        category,
        funded: funded[c],
        followedUp: reached[c],
        notYetFollowedUp: funded[c] - reached[c],
        survival: summariseSurvival(survival[c]),
        netJobsFte: netJobsFte[c],
        paidJobsFte: paidJobsFte[c],
        womenFte: womenFte[c],
        idpFte: idpFte[c],
        residence: { same_hromada: residences[c * 3], within_ukraine: residences[c * 3 + 1], abroad: residences[c * 3 + 2] },
        // Each business's change is one value; the median of many is income.ts's median (§7).
        netIncomeChange: medianOfSorted(incomeChanges[c]),
        // In each currency this category's grants were made in.
        disbursed: byCurrency.filter(({ j }) => paidIn[c * m + j] > 0).map(({ code, j }) => ({ currency: code, minor: disbursed[c * m + j] })),
      }),
    );
  });
  const byDimension = <T,>(values: T[]) => Object.fromEntries(dimensions.map((dimension, d) => [dimension, values[d]])) as Record<Dimension, T>;
  return { figures: byDimension(figures), survivalTimes: byDimension(survivalByDimension) };
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
  for (const { grant, stageReports } of outcomes) {
    if (grant.baselineRevenueMinor !== null) baseline.revenue.push(grant.baselineRevenueMinor);
    if (grant.baselineNetIncomeMinor !== null) baseline.netIncome.push(grant.baselineNetIncomeMinor);
    for (const r of stageReports) {
      const stage = byMonths.get(r.months)!;
      if (r.revenueMinor !== null) stage.revenue.push(r.revenueMinor);
      if (r.netIncomeMinor !== null) stage.netIncome.push(r.netIncomeMinor);
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
  /** False: the headline figures only, no dimension's breakdown (the home page). */
  breakdowns?: boolean;
};

/** Every figure of the dashboard for a cohort (domain.md §7), exact and unsuppressed. */
export function dashboardFigures(cohort: Cohort, options: FigureOptions): DashboardFigures {
  const stages = cohortStages(cohort);
  return figuresOfOutcomes(businessOutcomes(cohort, stages), stages, options);
}

/** The same from each business's outcome inputs, however they were worked out, and the cohort's stages. */
export function figuresOfOutcomes(outcomes: readonly BusinessOutcome[], stages: string[], options: FigureOptions): DashboardFigures {
  const naive: NaiveCounts = { operating: 0, suspended: 0, closed: 0, unreachable: 0, visited: 0 };
  let followedUp = 0;
  for (const o of outcomes) {
    if (o.followedUp) followedUp += 1;
    if (!o.lastVisitStatus) continue;
    naive[o.lastVisitStatus] += 1;
    naive.visited += 1;
  }
  const survivalTimes = sortedSurvival(outcomes);
  const breakdowns = options.breakdowns === false ? null : figuresByDimension(outcomes, survivalTimes, options.categories);

  let comparison: DashboardFigures["comparison"] = null;
  if (options.compare && breakdowns) {
    const all = breakdowns.figures[options.compare];
    const observations = breakdowns.survivalTimes[options.compare];
    const groups = all.filter((c) => c.funded > 0);
    const tested = all.flatMap((c, i) => (c.funded > 0 && c.funded >= options.minGroupSize ? [{ key: c.category, observations: observations[i] }] : []));
    comparison = {
      dimension: options.compare,
      groups: groups.map((g) => ({ category: g.category, summary: g.survival })),
      logRank: tested.length >= 2 ? logRankTest(tested) : null,
    };
  }

  const jobs = summariseBusinessJobs(outcomes.map((o) => o.jobs));
  const currencies = new Map<string, { disbursedMinor: number; netJobsFte: number }>();
  let money = { disbursedMinor: 0, netJobsFte: 0 };
  let moneyIn = "";
  for (const o of outcomes) {
    if (o.grant.currency !== moneyIn) {
      moneyIn = o.grant.currency;
      money = currencies.get(moneyIn) ?? { disbursedMinor: 0, netJobsFte: 0 };
      currencies.set(moneyIn, money);
    }
    money.disbursedMinor += o.grant.disbursedMinor;
    if (o.jobs.followedUp) money.netJobsFte += o.jobs.netJobsFte;
  }
  const moneyFigures = [...currencies]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, m]) => ({ currency, ...m, costPerJob: costPerNetJob(m.disbursedMinor, m.netJobsFte) }));
  const changes: number[] = [];
  for (const o of outcomes) if (o.netIncomeChangeMinor !== null) changes.push(o.netIncomeChangeMinor);
  return {
    funded: outcomes.length,
    followedUp,
    notYetFollowedUp: outcomes.length - followedUp,
    survival: summariseSurvival(survivalTimes.times),
    naive,
    comparison,
    jobs,
    remigration: summariseLatestResidences(outcomes.map((o) => o.latestResidence)),
    stages,
    income: stageIncomes(outcomes, stages),
    netIncomeChange: medianOf(changes),
    money: moneyFigures,
    byDimension: breakdowns?.figures ?? {},
  };
}
