// Jobs created, income medians, re-migration and cost per job (domain.md §7), on worked examples
// whose figures are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import type { RosterWorker } from "~/modules/followup/roster";
import { incomeByStage, median, medianNetIncomeChange, type IncomeReport } from "~/modules/outcomes/income";
import { businessJobs, costPerNetJob, summariseJobs, type BusinessRosters } from "~/modules/outcomes/jobs";
import { latestKnownResidence, summariseRemigration } from "~/modules/outcomes/remigration";

function worker(workerId: string, fields: Partial<RosterWorker>): RosterWorker {
  return {
    workerId,
    role: "employee",
    paid: true,
    hoursPerWeek: 40,
    sex: "male",
    displacementStatus: "host",
    startDate: null,
    endDate: null,
    monthsPerYear: null,
    source: "recorded",
    ...fields,
  };
}

// A start-up: the owner alone at baseline; by the July visit two full-time jobs (one at 60 h
// a week, capped at FTE 1), a seasonal worker for 6 months (FTE 1 × 6/12 = 0.5), an unpaid family
// member (headcount only) and a hire who has since left. Net jobs = 1 + 1 + 0.5 − 0 = 2.5.
const owner = worker("a-owner", { role: "owner", paid: false, sex: "female", displacementStatus: "idp" });
const startUp: BusinessRosters = {
  kind: "startup",
  baseline: { recordedOn: "2024-01-10", workers: [owner] },
  visits: [
    {
      recordedOn: "2024-04-10",
      workers: [
        owner,
        worker("a-e1", { sex: "female", displacementStatus: "idp", hoursPerWeek: 20, startDate: "2024-03-01" }),
        worker("a-f1", { role: "family_member", paid: false, hoursPerWeek: 30, startDate: "2024-02-01" }),
      ],
    },
    {
      recordedOn: "2024-07-10",
      workers: [
        owner,
        worker("a-e1", { sex: "female", displacementStatus: "idp", hoursPerWeek: 40, startDate: "2024-03-01" }),
        worker("a-f1", { role: "family_member", paid: false, hoursPerWeek: 30, startDate: "2024-02-01" }),
        worker("a-e2", { hoursPerWeek: 60, startDate: "2024-06-01" }),
        worker("a-e3", { sex: "female", monthsPerYear: 6, startDate: "2024-05-01" }),
        worker("a-e4", { startDate: "2024-05-01", endDate: "2024-06-15" }),
      ],
    },
  ],
};

// An existing business: baseline paid FTE 1 + 0.5 = 1.5 (a volunteer is headcount only); by July
// the half-time worker left and a 30-hour worker joined: 1 + 0.75 = 1.75, so net 0.25.
const existingOwner = worker("b-owner", { role: "owner", paid: false });
const existing: BusinessRosters = {
  kind: "existing",
  baseline: {
    recordedOn: "2024-01-10",
    workers: [
      existingOwner,
      worker("b-1", { sex: "female" }),
      worker("b-2", { hoursPerWeek: 20, displacementStatus: "idp" }),
      worker("b-3", { paid: false, hoursPerWeek: 10 }),
    ],
  },
  visits: [
    {
      recordedOn: "2024-07-01",
      workers: [
        existingOwner,
        worker("b-1", { sex: "female" }),
        worker("b-2", { hoursPerWeek: 20, displacementStatus: "idp", endDate: "2024-05-31" }),
        worker("b-3", { paid: false, hoursPerWeek: 10 }),
        worker("b-4", { hoursPerWeek: 30, displacementStatus: "idp", startDate: "2024-03-01" }),
      ],
    },
  ],
};

// An existing business that lost a job (net −1), and a start-up not yet visited.
const shrinking: BusinessRosters = {
  kind: "existing",
  baseline: { recordedOn: "2024-02-01", workers: [worker("d-owner", { role: "owner" }), worker("d-1", {}), worker("d-2", {})] },
  visits: [
    {
      recordedOn: "2024-08-01",
      workers: [worker("d-owner", { role: "owner" }), worker("d-1", {}), worker("d-2", { endDate: "2024-06-30" })],
    },
  ],
};
const notVisited: BusinessRosters = { kind: "startup", baseline: { recordedOn: "2024-03-01", workers: [owner] }, visits: [] };

describe("jobs created (domain.md §7)", () => {
  it("counts a start-up's jobs at its latest visit against its baseline", () => {
    expect(businessJobs(startUp)).toEqual({
      followedUp: true,
      latestVisit: "2024-07-10",
      netJobsFte: 2.5,
      selfEmploymentCreated: 1,
      headcount: 5,
      baselineHeadcount: 1,
      grossNewHires: 4,
      paidJobs: { headcount: 3, fte: 2.5 },
      paidJobsWomen: { headcount: 2, fte: 1.5 },
      paidJobsIdps: { headcount: 1, fte: 1 },
      unknownHours: 0,
    });
  });

  it("takes the latest visit whatever the order given, and nets an existing business's baseline", () => {
    const jobs = businessJobs({ ...existing, visits: [...existing.visits, { recordedOn: "2024-03-15", workers: existing.baseline.workers }].reverse() });
    expect(jobs).toEqual({
      followedUp: true,
      latestVisit: "2024-07-01",
      netJobsFte: 0.25,
      selfEmploymentCreated: 0,
      headcount: 4,
      baselineHeadcount: 4,
      grossNewHires: 1,
      paidJobs: { headcount: 2, fte: 1.75 },
      paidJobsWomen: { headcount: 1, fte: 1 },
      paidJobsIdps: { headcount: 1, fte: 0.75 },
      unknownHours: 0,
    });
  });

  it("gives no self-employment when the start-up's owner no longer works in it", () => {
    const ownerLeft = worker("a-owner", { role: "owner", paid: false, endDate: "2024-09-01" });
    const jobs = businessJobs({ ...startUp, visits: [{ recordedOn: "2024-10-01", workers: [ownerLeft] }] });
    expect(jobs).toMatchObject({ followedUp: true, selfEmploymentCreated: 0, netJobsFte: 0, headcount: 0 });
  });

  it("says a business not yet visited is not yet followed up, never zero", () => {
    expect(businessJobs(notVisited)).toEqual({ followedUp: false });
  });

  it("adds the businesses up and counts the unvisited apart", () => {
    const summary = summariseJobs([startUp, existing, shrinking, notVisited]);
    expect(summary).toEqual({
      businesses: 4,
      followedUp: 3,
      notYetFollowedUp: 1,
      netJobsFte: 1.75, // 2.5 + 0.25 − 1
      selfEmploymentCreated: 1,
      headcount: 5 + 4 + 2,
      baselineHeadcount: 1 + 4 + 3,
      grossNewHires: 5,
      paidJobs: { headcount: 6, fte: 5.25 },
      paidJobsWomen: { headcount: 3, fte: 2.5 },
      paidJobsIdps: { headcount: 2, fte: 1.75 },
      womenShareOfFte: 2.5 / 5.25,
      idpShareOfFte: 1.75 / 5.25,
      unknownHours: 0,
    });
    expect(summariseJobs([notVisited])).toMatchObject({ followedUp: 0, notYetFollowedUp: 1, netJobsFte: 0, womenShareOfFte: null });
  });

  it("flags paid workers whose hours are not known", () => {
    const jobs = businessJobs({ ...existing, visits: [{ recordedOn: "2024-07-01", workers: [existingOwner, worker("b-1", { hoursPerWeek: null })] }] });
    expect(jobs).toMatchObject({ netJobsFte: -1.5, unknownHours: 1, paidJobs: { headcount: 1, fte: 0 } });
  });
});

describe("cost per net job (domain.md §7)", () => {
  it("divides the disbursed amount by net jobs, in whole minor units", () => {
    expect(costPerNetJob(35_000_000, 1.75)).toEqual({ costMinor: 20_000_000, reason: null });
    expect(costPerNetJob(100, 3)).toEqual({ costMinor: 33, reason: null });
  });

  it("has no figure when no net jobs were created", () => {
    expect(costPerNetJob(35_000_000, 0)).toEqual({ costMinor: null, reason: "no_net_jobs" });
    expect(costPerNetJob(35_000_000, -1)).toEqual({ costMinor: null, reason: "no_net_jobs" });
    expect(() => costPerNetJob(10.5, 1)).toThrow(RangeError);
  });
});

describe("income medians (domain.md §7)", () => {
  const reports: IncomeReport[] = [
    { businessId: "a", stage: "baseline", monthlyRevenue: 1_000_000, monthlyNetIncome: 200_000 },
    { businessId: "b", stage: "baseline", monthlyRevenue: 3_000_000, monthlyNetIncome: 500_000 },
    { businessId: "c", stage: "baseline", monthlyRevenue: 50_000_000, monthlyNetIncome: null },
    { businessId: "a", stage: "m6", monthlyRevenue: 1_500_000, monthlyNetIncome: 300_000 },
    { businessId: "b", stage: "m6", monthlyRevenue: 2_000_000, monthlyNetIncome: 450_001 },
    { businessId: "a", stage: "m12", monthlyRevenue: null, monthlyNetIncome: 100_000 },
  ];

  it("reports the median and the count behind it at each stage, not the mean", () => {
    expect(incomeByStage(reports, ["m3", "m6", "m12"])).toEqual([
      { stage: "baseline", revenue: { median: 3_000_000, n: 3 }, netIncome: { median: 350_000, n: 2 } },
      { stage: "m3", revenue: { median: null, n: 0 }, netIncome: { median: null, n: 0 } },
      { stage: "m6", revenue: { median: 1_750_000, n: 2 }, netIncome: { median: 375_000.5, n: 2 } },
      { stage: "m12", revenue: { median: null, n: 0 }, netIncome: { median: 100_000, n: 1 } },
    ]);
  });

  it("takes the median of each business's change to its latest stage", () => {
    // a: 100,000 − 200,000 = −100,000 (m12); b: 450,001 − 500,000 = −49,999 (m6); c has no net income.
    expect(medianNetIncomeChange(reports, ["m3", "m6", "m12"])).toEqual({ median: -74_999.5, n: 2 });
  });

  it("refuses two reports for one business at one stage", () => {
    expect(() => incomeByStage([...reports, reports[0]], ["m6"])).toThrow(/business a at stage baseline/);
  });

  it("takes R's median", () => {
    expect(median([5, 1, 3])).toEqual({ median: 3, n: 3 });
    expect(median([4, 1, 3, 2])).toEqual({ median: 2.5, n: 4 });
    expect(median([])).toEqual({ median: null, n: 0 });
  });
});

describe("re-migration (domain.md §7)", () => {
  it("counts each owner by their latest known status over the owners with a known status", () => {
    const summary = summariseRemigration([
      [
        { date: "2024-03-01", residence: "same_hromada" },
        { date: "2024-09-01", residence: "abroad" },
      ],
      [
        { date: "2024-09-01", residence: "unknown" },
        { date: "2024-03-01", residence: "abroad" },
      ],
      [
        { date: "2024-03-01", residence: "abroad" },
        { date: "2024-09-01", residence: "within_ukraine", destinationOblastPcode: "UA80" },
      ],
      [{ date: "2024-03-01", residence: "within_ukraine", destinationOblastPcode: "UA46" }],
      [{ date: "2024-03-01", residence: "within_ukraine", destinationOblastPcode: "UA80" }],
      [{ date: "2024-06-01", residence: "same_hromada" }],
      [{ date: "2024-06-01", residence: "unknown" }],
      [],
    ]);
    expect(summary).toEqual({
      owners: 8,
      knownStatus: 6,
      abroad: 2,
      rateAbroad: 2 / 6,
      withinUkraine: 3,
      sameHromada: 1,
      withinUkraineByOblast: [
        { oblastPcode: "UA80", owners: 2 },
        { oblastPcode: "UA46", owners: 1 },
      ],
    });
    expect(summariseRemigration([[{ date: "2024-06-01", residence: "unknown" }]]).rateAbroad).toBeNull();
  });

  it("reads the latest known residence", () => {
    expect(latestKnownResidence([{ date: "2024-06-01", residence: "unknown" }])).toBeNull();
    expect(latestKnownResidence([
      { date: "2024-06-01", residence: "abroad" },
      { date: "2024-02-01", residence: "same_hromada" },
    ])?.residence).toBe("abroad");
  });
});
