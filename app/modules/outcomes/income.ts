// Income change (domain.md §7): monthly revenue and monthly net income at baseline and at each
// follow-up stage, reported as medians, never means: a few large businesses would carry a mean.
// Amounts are UAH minor units; a median of an even count may fall between two kopiykas.

export const baselineStage = "baseline";

/** One business's figures at one stage ("baseline" or a follow-up stage key such as "m6"). */
export interface IncomeReport {
  businessId: string;
  stage: string;
  monthlyRevenue: number | null;
  monthlyNetIncome: number | null;
}

export interface MedianWithCount {
  median: number | null;
  /** How many businesses the median is taken over. */
  n: number;
}

export interface StageIncome {
  stage: string;
  revenue: MedianWithCount;
  netIncome: MedianWithCount;
}

/** The median as R's median() gives it: the middle value, or the mean of the middle two. */
export function median(values: readonly number[]): MedianWithCount {
  return medianOfSorted([...values].sort((a, b) => a - b));
}

/** The same of values already in ascending order (the outcomes page sorts 100,000 at once). */
export function medianOfSorted(sorted: ArrayLike<number>): MedianWithCount {
  const n = sorted.length;
  if (n === 0) return { median: null, n };
  const middle = Math.floor(n / 2);
  return { median: n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, n };
}

/**
 * Median monthly revenue and net income at baseline and at each stage, in the order given, each
 * with the number of businesses behind it (domain.md §7). A missing figure leaves that business
 * out of that median only. One report per business and stage: the caller picks the visit of record.
 */
export function incomeByStage(reports: readonly IncomeReport[], followUpStages: readonly string[]): StageIncome[] {
  const seen = new Set<string>();
  for (const report of reports) {
    const key = JSON.stringify([report.businessId, report.stage]);
    if (seen.has(key)) throw new RangeError(`Two income reports for business ${report.businessId} at stage ${report.stage}`);
    seen.add(key);
  }
  return [baselineStage, ...followUpStages].map((stage) => {
    const atStage = reports.filter((r) => r.stage === stage);
    const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
    return {
      stage,
      revenue: median(present(atStage.map((r) => r.monthlyRevenue))),
      netIncome: median(present(atStage.map((r) => r.monthlyNetIncome))),
    };
  });
}

/**
 * Median change in monthly net income from baseline to each business's latest reported stage
 * (the "median income change" tile): the median of the per-business changes, over businesses
 * with both figures — not the difference of two medians, which may describe nobody.
 */
export function medianNetIncomeChange(reports: readonly IncomeReport[], followUpStages: readonly string[]): MedianWithCount {
  const byBusiness = new Map<string, Map<string, number>>();
  for (const r of reports) {
    if (r.monthlyNetIncome === null) continue;
    const stages = byBusiness.get(r.businessId) ?? new Map<string, number>();
    stages.set(r.stage, r.monthlyNetIncome);
    byBusiness.set(r.businessId, stages);
  }
  const changes: number[] = [];
  for (const stages of byBusiness.values()) {
    const baseline = stages.get(baselineStage);
    const latestStage = [...followUpStages].reverse().find((s) => stages.has(s));
    if (baseline === undefined || latestStage === undefined) continue;
    changes.push((stages.get(latestStage) as number) - baseline);
  }
  return median(changes);
}
