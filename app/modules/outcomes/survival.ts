// Business survival (domain.md §7): Kaplan–Meier with right censoring, Greenwood standard errors,
// log-log 95% intervals, the median and its interval, and the log-rank test. Every convention is
// that of R's survival package (survfit, summary.survfit, print.survfit, survdiff), which is what
// evaluators recompute the figures with; the tests hold R's output for each case.
import { compareIsoDates, daysBetween, type IsoDate } from "~/lib/kyiv-date";
import { chiSquareUpperTail } from "./chi-square";

/** One business: time from its time origin to closure (closed) or to censoring (not closed). */
export interface SurvivalTime {
  time: number;
  closed: boolean;
}

/** A row of the fitted curve, one per distinct time (event or censoring), as in R's survfit. */
export interface SurvivalPoint {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  /** Greenwood se(log S); null where S is 0 (R: Inf). */
  seLogSurvival: number | null;
  /** 95% log-log limits; null where S is 0 or 1 (R: NA). */
  lower: number | null;
  upper: number | null;
}

export interface SurvivalEstimate {
  n: number;
  events: number;
  points: SurvivalPoint[];
}

export interface SurvivalAtTime {
  time: number;
  survival: number;
  seLogSurvival: number | null;
  lower: number | null;
  upper: number | null;
  nRisk: number;
}

export interface MedianSurvival {
  median: number | null;
  lower: number | null;
  upper: number | null;
}

export const daysPerMonth = 30.4375;
/** R's qnorm(0.975), to the seven digits domain.md §7 fixes. */
export const z95 = 1.959964;
/** Months at which the number at risk is shown under the curve (issue 11). */
export const atRiskMonths = [0, 3, 6, 9, 12, 18] as const;

export function monthsToDays(months: number): number {
  return months * daysPerMonth;
}

/**
 * The 95% log-log interval of S from se(log S) (domain.md §7; R survfit_confint, "log-log").
 * Undefined where S is 0 or 1, as in R; for a Kaplan–Meier curve se = 0 happens only at S = 1.
 */
export function logLogInterval(survival: number, seLogSurvival: number | null): { lower: number | null; upper: number | null } {
  if (survival <= 0 || survival >= 1 || seLogSurvival === null) return { lower: null, upper: null };
  const logLog = Math.log(-Math.log(survival));
  const s = (z95 * seLogSurvival) / Math.log(survival);
  return { lower: Math.exp(-Math.exp(logLog - s)), upper: Math.exp(-Math.exp(logLog + s)) };
}

/**
 * Kaplan–Meier estimate (domain.md §7): S(t) = ∏_{t_j ≤ t} (1 − d_j / n_j), n_j counting those
 * censored at t_j (events come before censorings); Greenwood se(log S) = √Σ d_j / (n_j (n_j − d_j)).
 */
export function kaplanMeier(observations: readonly SurvivalTime[]): SurvivalEstimate {
  for (const o of observations) {
    if (!Number.isFinite(o.time) || o.time < 0) throw new RangeError(`Survival time must be ≥ 0, got ${o.time}`);
  }
  const sorted = [...observations].sort((a, b) => a.time - b.time);
  const points: SurvivalPoint[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let greenwood = 0;
  let events = 0;
  for (let i = 0; i < sorted.length; ) {
    const time = sorted[i].time;
    let nEvent = 0;
    let nCensor = 0;
    for (; i < sorted.length && sorted[i].time === time; i++) {
      if (sorted[i].closed) nEvent++;
      else nCensor++;
    }
    if (nEvent > 0) {
      survival *= 1 - nEvent / atRisk;
      greenwood = nEvent === atRisk ? Infinity : greenwood + nEvent / (atRisk * (atRisk - nEvent));
      events += nEvent;
    }
    const seLogSurvival = Number.isFinite(greenwood) ? Math.sqrt(greenwood) : null;
    points.push({ time, nRisk: atRisk, nEvent, nCensor, survival, seLogSurvival, ...logLogInterval(survival, seLogSurvival) });
    atRisk -= nEvent + nCensor;
  }
  return { n: sorted.length, events, points };
}

/** Number of businesses still under observation at each time t (time ≥ t): R summary.survfit's n.risk. */
export function numberAtRisk(estimate: SurvivalEstimate, times: readonly number[]): number[] {
  return times.map((t) => estimate.points.find((p) => p.time >= t)?.nRisk ?? 0);
}

/**
 * S(t) with its interval, reading the step function at t (R summary.survfit(fit, times = t)).
 * Null after the last observed time: R's summary leaves such times out, the curve being
 * undefined past the last follow-up.
 */
export function survivalAt(estimate: SurvivalEstimate, time: number): SurvivalAtTime | null {
  const { points } = estimate;
  if (points.length === 0 || time > points[points.length - 1].time) return null;
  let last: SurvivalPoint | undefined;
  for (const p of points) {
    if (p.time > time) break;
    last = p;
  }
  const [nRisk] = numberAtRisk(estimate, [time]);
  if (!last) return { time, survival: 1, seLogSurvival: 0, lower: null, upper: null, nRisk };
  return { time, survival: last.survival, seLogSurvival: last.seLogSurvival, lower: last.lower, upper: last.upper, nRisk };
}

// R survmean's `minmin`: the first time a curve is ≤ 0.5 (with R's tolerance √ε); where it sits
// exactly at 0.5 and drops later, the midpoint between that time and the time it drops.
const medianTolerance = Math.sqrt(Number.EPSILON);
function firstTimeAtOrBelowHalf(times: number[], values: (number | null)[]): number | null {
  const kept: { time: number; value: number }[] = [];
  values.forEach((value, i) => {
    if (value !== null && value < 0.5 + medianTolerance) kept.push({ time: times[i], value });
  });
  if (kept.length === 0) return null;
  const first = kept[0];
  if (Math.abs(first.value - 0.5) < medianTolerance) {
    const drop = kept.find((k) => k.value < first.value);
    if (drop) return (first.time + drop.time) / 2;
  }
  return first.time;
}

/**
 * Median survival and its 95% interval (domain.md §7: the first time S(t) ≤ 0.5), computed as
 * R's print.survfit does: the same rule applied to the lower and to the upper limit curves, so
 * the interval runs from where the lower limit reaches 0.5 to where the upper limit does. R's one
 * refinement is kept: a curve flat at exactly 0.5 gives the midpoint of the flat stretch.
 */
export function medianSurvival(estimate: SurvivalEstimate): MedianSurvival {
  const times = estimate.points.map((p) => p.time);
  return {
    median: firstTimeAtOrBelowHalf(times, estimate.points.map((p) => p.survival)),
    lower: firstTimeAtOrBelowHalf(times, estimate.points.map((p) => p.lower)),
    upper: firstTimeAtOrBelowHalf(times, estimate.points.map((p) => p.upper)),
  };
}

export interface SurvivalSummary {
  n: number;
  events: number;
  sixMonths: SurvivalAtTime | null;
  twelveMonths: SurvivalAtTime | null;
  median: MedianSurvival;
  atRisk: { months: number; nRisk: number }[];
  curve: SurvivalPoint[];
}

/** The survival figures issue 11 shows for a group, from times in days (domain.md §7). */
export function summariseSurvival(observations: readonly SurvivalTime[]): SurvivalSummary {
  const estimate = kaplanMeier(observations);
  const atRisk = numberAtRisk(estimate, atRiskMonths.map(monthsToDays));
  return {
    n: estimate.n,
    events: estimate.events,
    sixMonths: survivalAt(estimate, monthsToDays(6)),
    twelveMonths: survivalAt(estimate, monthsToDays(12)),
    median: medianSurvival(estimate),
    atRisk: atRiskMonths.map((months, i) => ({ months, nRisk: atRisk[i] })),
    curve: estimate.points,
  };
}

export interface LogRankGroup {
  key: string;
  observations: readonly SurvivalTime[];
}

export interface LogRankResult {
  groups: { key: string; n: number; observed: number; expected: number }[];
  variance: number[][];
  /** Null when the variance matrix is singular (R's solve() stops there). */
  chiSquare: number | null;
  degreesOfFreedom: number;
  /** Null when there is nothing to test (fewer than two groups with expected events). */
  p: number | null;
}

/**
 * Log-rank test for k groups (domain.md §7; R survdiff, rho = 0). At each pooled event time
 * O_k += d_kj, E_k += d_j n_kj / n_j, V_kl += d_j (n_j − d_j)/(n_j − 1) · (n_kj/n_j)(δ_kl − n_lj/n_j),
 * skipping n_j = 1. As in R, groups with no expected events are left out of χ² = (O − E)ᵀ V⁻¹ (O − E)
 * (taken over all groups but the first one left) and of df = groups − 1.
 */
export function logRankTest(groups: readonly LogRankGroup[]): LogRankResult {
  const k = groups.length;
  const pooled = groups.flatMap((g, index) => g.observations.map((o) => ({ ...o, index })));
  pooled.sort((a, b) => a.time - b.time);
  const atRisk = groups.map((g) => g.observations.length);
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = groups.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < pooled.length; ) {
    const time = pooled[i].time;
    const deaths = new Array<number>(k).fill(0);
    const leaving = new Array<number>(k).fill(0);
    for (; i < pooled.length && pooled[i].time === time; i++) {
      leaving[pooled[i].index]++;
      if (pooled[i].closed) deaths[pooled[i].index]++;
    }
    const d = deaths.reduce((a, b) => a + b, 0);
    const n = atRisk.reduce((a, b) => a + b, 0);
    if (d > 0) {
      for (let g = 0; g < k; g++) {
        observed[g] += deaths[g];
        expected[g] += (d * atRisk[g]) / n;
      }
      if (n > 1) {
        const factor = (d * (n - d)) / (n - 1);
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            variance[a][b] += factor * (atRisk[a] / n) * ((a === b ? 1 : 0) - atRisk[b] / n);
          }
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g] -= leaving[g];
  }
  const tested = expected.flatMap((e, g) => (e > 0 ? [g] : []));
  const degreesOfFreedom = Math.max(tested.length - 1, 0);
  const summary = groups.map((g, index) => ({ key: g.key, n: g.observations.length, observed: observed[index], expected: expected[index] }));
  if (tested.length < 2) return { groups: summary, variance, chiSquare: 0, degreesOfFreedom, p: null };
  const kept = tested.slice(1);
  const difference = kept.map((g) => observed[g] - expected[g]);
  const solution = solveLinearSystem(
    kept.map((a) => kept.map((b) => variance[a][b])),
    difference,
  );
  if (!solution) return { groups: summary, variance, chiSquare: null, degreesOfFreedom, p: null };
  const chiSquare = solution.reduce((sum, x, i) => sum + x * difference[i], 0);
  return { groups: summary, variance, chiSquare, degreesOfFreedom, p: chiSquareUpperTail(chiSquare, degreesOfFreedom) };
}

// Gaussian elimination with partial pivoting; null when the matrix is (numerically) singular.
function solveLinearSystem(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]]);
  const scale = Math.max(1e-300, ...matrix.flat().map(Math.abs));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) <= scale * 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = a[r][n];
    for (let c = r + 1; c < n; c++) sum -= a[r][c] * x[c];
    x[r] = sum / a[r][r];
  }
  return x;
}

export type OperatingStatus = "operating" | "suspended" | "closed" | "unreachable";

export interface FollowUpContact {
  date: IsoDate;
  status: OperatingStatus;
  /** The closure date the owner reported, for a closure. */
  closureDate?: IsoDate | null;
}

/**
 * A business's survival time in days from its time origin (domain.md §7): the event is closure,
 * dated as the owner reported it, else by the visit; a business last seen operating or suspended
 * is censored at its last visit, an unreachable one at its last successful contact. A business
 * with no successful contact yet is censored at day 0 (it is at risk only at the origin).
 */
export function survivalTimeFromVisits(timeOrigin: IsoDate, visits: readonly FollowUpContact[]): SurvivalTime {
  const ordered = [...visits].sort((a, b) => compareIsoDates(a.date, b.date));
  const closure = ordered.find((v) => v.status === "closed");
  const reached = ordered.filter((v) => v.status !== "unreachable");
  return survivalTime(timeOrigin, closure ? (closure.closureDate ?? closure.date) : null, reached.length ? reached[reached.length - 1].date : null);
}

/**
 * The same from the two dates it rests on: the closure (the first visit that found the business
 * closed: the date the owner reported, else the visit's) and the last successful contact.
 */
export function survivalTime(timeOrigin: IsoDate, closedOn: IsoDate | null, lastContactOn: IsoDate | null): SurvivalTime {
  if (closedOn !== null) return { time: Math.max(0, daysBetween(timeOrigin, closedOn)), closed: true };
  return { time: lastContactOn !== null ? Math.max(0, daysBetween(timeOrigin, lastContactOn)) : 0, closed: false };
}

/**
 * The naive share "operating at last visit" (domain.md §7), shown beside Kaplan–Meier and
 * labelled as naive: businesses whose latest visit found them operating ÷ businesses visited.
 * Null entries are businesses not yet visited; they are outside the denominator.
 */
export function naiveOperatingShare(lastVisitStatuses: readonly (OperatingStatus | null)[]): { operating: number; visited: number; share: number | null } {
  const visited = lastVisitStatuses.filter((s) => s !== null).length;
  const operating = lastVisitStatuses.filter((s) => s === "operating").length;
  return { operating, visited, share: visited === 0 ? null : operating / visited };
}
