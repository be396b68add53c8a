// Jobs created by the funded businesses (domain.md §7 "Workers and jobs"), from the worker
// rosters of app/modules/followup/roster.ts, which owns FTE (hours / 40, capped at 1, seasonal
// workers × months / 12) and who is working on a date. This module turns a business's baseline
// and latest visit into the programme's job figures and adds them up.
import type { IsoDate } from "~/lib/kyiv-date";
import { compareIsoDates } from "~/lib/kyiv-date";
import { grossNewHires, workforceOn, type RosterSnapshot, type Workforce } from "~/modules/followup/roster";

export type BusinessKind = "startup" | "existing";

export interface BusinessRosters {
  kind: BusinessKind;
  /** The roster recorded at application and confirmed at the time origin. */
  baseline: RosterSnapshot;
  /** The roster as it stood at each visit that recorded one (unreachable visits record none). */
  visits: readonly RosterSnapshot[];
}

/** Jobs are counted in FTE-years: a seasonal worker weighs FTE × months / 12 (domain.md §7). */
export interface JobCount {
  headcount: number;
  fte: number;
}

export type BusinessJobs =
  | { followedUp: false }
  | {
      followedUp: true;
      latestVisit: IsoDate;
      /** Paid FTE of non-owner workers at the latest visit − the same at baseline (may be < 0). */
      netJobsFte: number;
      /** 1 for a start-up whose owner works in it at the latest visit, else 0. */
      selfEmploymentCreated: 0 | 1;
      /** Everyone working at the latest visit: owner, family, employees, paid or not. */
      headcount: number;
      baselineHeadcount: number;
      /** Paid non-owner workers who started after the baseline, whether or not still there. */
      grossNewHires: number;
      paidJobs: JobCount;
      paidJobsWomen: JobCount;
      paidJobsIdps: JobCount;
      /** Paid workers whose hours are unknown (baseline + latest): the FTE leaves them out. */
      unknownHours: number;
    };

/**
 * What a roster comes to on its date, as far as jobs go (roster.ts workforceOn): everyone
 * working, whether the owner works, and the paid non-owner jobs in FTE-years.
 */
export type RosterJobs = {
  headcount: number;
  ownerWorking: boolean | null;
  paidJobs: JobCount;
  paidJobsWomen: JobCount;
  paidJobsIdps: JobCount;
  /** Paid workers whose hours are unknown. */
  unknownHours: number;
};

const jobCount = (count: Workforce["paidJobs"]["women"]): JobCount => ({ headcount: count.headcount, fte: count.yearlyFte });

/** A roster's jobs from its workforce on the day it was recorded. */
export function rosterJobs(workforce: Workforce): RosterJobs {
  return {
    headcount: workforce.headcount,
    ownerWorking: workforce.ownerWorking,
    paidJobs: jobCount(workforce.paidJobs),
    paidJobsWomen: jobCount(workforce.paidJobs.women),
    paidJobsIdps: jobCount(workforce.paidJobs.idps),
    unknownHours: workforce.paidJobs.unknownHours,
  };
}

/**
 * One business's jobs (domain.md §7; IRIS+ PI3687, a net change in FTE): jobs created =
 * paid FTE of non-owner workers at the latest visit − baseline paid FTE; unpaid family members
 * and volunteers count in headcount only. A business with no visit yet is "not yet followed up".
 */
export function businessJobs(business: BusinessRosters): BusinessJobs {
  if (business.visits.length === 0) return { followedUp: false };
  const latest = business.visits.reduce((a, b) => (compareIsoDates(b.recordedOn, a.recordedOn) >= 0 ? b : a));
  const baseline = rosterJobs(workforceOn(business.baseline.workers, business.baseline.recordedOn));
  const now = rosterJobs(workforceOn(latest.workers, latest.recordedOn));
  return jobsBetween(business.kind, baseline, { ...now, recordedOn: latest.recordedOn, grossNewHires: grossNewHires(latest.workers, business.baseline.recordedOn, latest.recordedOn).paid });
}

/**
 * The same from the two rosters' jobs already counted (the outcomes page has the database count
 * them): `latest` adds its date and its gross new hires since the baseline.
 */
export function jobsBetween(kind: BusinessKind, baseline: RosterJobs, latest: RosterJobs & { recordedOn: IsoDate; grossNewHires: number }): BusinessJobs {
  return {
    followedUp: true,
    latestVisit: latest.recordedOn,
    netJobsFte: latest.paidJobs.fte - baseline.paidJobs.fte,
    selfEmploymentCreated: kind === "startup" && latest.ownerWorking === true ? 1 : 0,
    headcount: latest.headcount,
    baselineHeadcount: baseline.headcount,
    grossNewHires: latest.grossNewHires,
    paidJobs: latest.paidJobs,
    paidJobsWomen: latest.paidJobsWomen,
    paidJobsIdps: latest.paidJobsIdps,
    unknownHours: baseline.unknownHours + latest.unknownHours,
  };
}

export interface JobsSummary {
  businesses: number;
  followedUp: number;
  notYetFollowedUp: number;
  netJobsFte: number;
  selfEmploymentCreated: number;
  headcount: number;
  baselineHeadcount: number;
  grossNewHires: number;
  paidJobs: JobCount;
  paidJobsWomen: JobCount;
  paidJobsIdps: JobCount;
  /** Shares of paid-job FTE at the latest visits; null when there are no paid jobs. */
  womenShareOfFte: number | null;
  idpShareOfFte: number | null;
  unknownHours: number;
}

/** The programme's job figures over its businesses (domain.md §7); unvisited ones are counted apart. */
export function summariseJobs(businesses: readonly BusinessRosters[]): JobsSummary {
  return summariseBusinessJobs(businesses.map(businessJobs));
}

/** The same figures from each business's jobs already worked out (the outcomes page has them). */
export function summariseBusinessJobs(businesses: readonly BusinessJobs[]): JobsSummary {
  const add = (a: JobCount, b: JobCount): JobCount => ({ headcount: a.headcount + b.headcount, fte: a.fte + b.fte });
  const empty = (): JobCount => ({ headcount: 0, fte: 0 });
  const summary: JobsSummary = {
    businesses: businesses.length,
    followedUp: 0,
    notYetFollowedUp: 0,
    netJobsFte: 0,
    selfEmploymentCreated: 0,
    headcount: 0,
    baselineHeadcount: 0,
    grossNewHires: 0,
    paidJobs: empty(),
    paidJobsWomen: empty(),
    paidJobsIdps: empty(),
    womenShareOfFte: null,
    idpShareOfFte: null,
    unknownHours: 0,
  };
  for (const jobs of businesses) {
    if (!jobs.followedUp) {
      summary.notYetFollowedUp += 1;
      continue;
    }
    summary.followedUp += 1;
    summary.netJobsFte += jobs.netJobsFte;
    summary.selfEmploymentCreated += jobs.selfEmploymentCreated;
    summary.headcount += jobs.headcount;
    summary.baselineHeadcount += jobs.baselineHeadcount;
    summary.grossNewHires += jobs.grossNewHires;
    summary.paidJobs = add(summary.paidJobs, jobs.paidJobs);
    summary.paidJobsWomen = add(summary.paidJobsWomen, jobs.paidJobsWomen);
    summary.paidJobsIdps = add(summary.paidJobsIdps, jobs.paidJobsIdps);
    summary.unknownHours += jobs.unknownHours;
  }
  if (summary.paidJobs.fte > 0) {
    summary.womenShareOfFte = summary.paidJobsWomen.fte / summary.paidJobs.fte;
    summary.idpShareOfFte = summary.paidJobsIdps.fte / summary.paidJobs.fte;
  }
  return summary;
}

export type CostPerJob = { costMinor: number; reason: null } | { costMinor: null; reason: "no_net_jobs" };

/**
 * Cost per job (domain.md §7) = disbursed (reporting currency, minor units) ÷ net jobs created
 * (FTE), rounded to a whole minor unit (§5: money is never fractional). No figure when net jobs
 * are zero or fewer: a cost per lost job means nothing, and the page says why.
 */
export function costPerNetJob(disbursedMinor: number, netJobsFte: number): CostPerJob {
  if (!Number.isInteger(disbursedMinor) || disbursedMinor < 0) throw new RangeError(`Disbursed must be whole minor units ≥ 0, got ${disbursedMinor}`);
  if (!(netJobsFte > 0)) return { costMinor: null, reason: "no_net_jobs" };
  return { costMinor: Math.round(disbursedMinor / netJobsFte), reason: null };
}
