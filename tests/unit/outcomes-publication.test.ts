// The outcomes page's pure parts (issue 11): the filter read from the URL, the cohort's figures
// from grants and visits, what is published of them (domain.md §8) and how the files write it.
import { describe, expect, it } from "vitest";
import { fixedCategories } from "~/modules/outcomes/dimensions";
import { outcomeFilterParams, parseOutcomeQuery, previousQuarterEnd, withoutPersonFilters } from "~/modules/outcomes/outcome-filter";
import { dashboardFigures, type Cohort, type CohortGrant, type CohortVisit } from "~/modules/outcomes/outcome-figures";
import { exportCell, pickColumns } from "~/modules/outcomes/outcome-tables";
import { enough, primaryCell, publishDashboard, suppressSharedMargins } from "~/modules/outcomes/publication";
import { suppressTables, type TwoWayTable } from "~/modules/outcomes/suppression";

const t = (key: string) => key;

describe("the filter in the URL", () => {
  it("reads what it knows, ignores the rest and puts a backwards period the right way round", () => {
    const query = parseOutcomeQuery(new URLSearchParams("programme=3&from=2026-06&to=2025-01&modality=cash&displacement=idp&sex=female&oblast=UA46&partner=7&source=2&compare=kind&view=published&junk=1"));
    expect(query).toEqual({
      filter: { programmeId: 3, fromMonth: "2025-01", toMonth: "2026-06", modality: "cash", displacement: "idp", sex: "female", oblastPcode: "UA46", partnerId: 7, fundingSourceId: 2 },
      compare: "kind",
      published: true,
    });
    expect(outcomeFilterParams(query.filter)).toEqual({ programme: "3", from: "2025-01", to: "2026-06", modality: "cash", displacement: "idp", sex: "female", oblast: "UA46", partner: "7", source: "2" });
  });

  it("drops malformed values and compares by displacement status unless asked", () => {
    expect(parseOutcomeQuery(new URLSearchParams("programme=x&from=2026-13&oblast=Lviv&sex=other&compare=age&view=all"))).toEqual({ filter: {}, compare: "displacement", published: false });
  });

  it("leaves the person filters out of row-level files", () => {
    expect(withoutPersonFilters({ programmeId: 1, fromMonth: "2025-01", modality: "in_kind", sex: "male", displacement: "host", oblastPcode: "UA12", partnerId: 4, fundingSourceId: 9 })).toEqual({
      programmeId: 1,
      fromMonth: "2025-01",
      modality: "in_kind",
      fundingSourceId: 9,
    });
  });

  it("finds the end of the previous quarter", () => {
    expect([previousQuarterEnd("2026-12-06"), previousQuarterEnd("2026-01-01"), previousQuarterEnd("2026-06-30"), previousQuarterEnd("2024-04-15")]).toEqual([
      "2026-09-30",
      "2025-12-31",
      "2026-03-31",
      "2024-03-31",
    ]);
  });
});

describe("counts as published", () => {
  it("hides 0 < n < k, shows zeros, and says when an estimate may be shown", () => {
    expect([primaryCell(0, 5), primaryCell(4, 5), primaryCell(5, 5), primaryCell(1, 1)]).toEqual([
      { value: 0, suppressed: false, display: "0" },
      { value: null, suppressed: true, display: "<5" },
      { value: 5, suppressed: false, display: "5" },
      { value: 1, suppressed: false, display: "1" },
    ]);
    expect([enough(primaryCell(5, 5), 5), enough(primaryCell(0, 5), 5), enough(primaryCell(3, 5), 5)]).toEqual([true, false, false]);
  });

  const byDimension = (dimension: string, counts: number[][]): TwoWayTable => ({
    rowDimension: dimension,
    rows: counts.map((_, i) => `${dimension}${i}`),
    columnDimension: "followUp",
    columns: ["followed_up", "not_yet"],
    counts,
  });

  it("suppresses each dimension alone while the shared margins stay published", () => {
    const tables = [byDimension("sex", [[40, 2], [35, 20]]), byDimension("oblast", [[30, 11], [44, 9], [1, 2]])];
    const separate = tables.map((table) => suppressTables([table], 5)[0]);
    expect(suppressSharedMargins(tables, 5)).toEqual(separate);
  });

  it("suppresses the tables together when a shared margin must be hidden", () => {
    const tables = [byDimension("sex", [[40, 1], [35, 2]]), byDimension("oblast", [[30, 0], [45, 3]])];
    const joint = suppressSharedMargins(tables, 5);
    expect(joint).toEqual(suppressTables(tables, 5));
    expect(joint.every((table) => "columnTotals" in table && table.columnTotals[1].suppressed)).toBe(true);
  });
});

// Six grants received on 2025-01-01: four IDPs (one closed at day 40, one never reached) and two
// hosts. A small cohort in which k = 5 leaves the hosts too few to report.
function cohort(): Cohort {
  const grant = (agreementId: number, displacement: string, kind: "startup" | "existing"): CohortGrant => ({
    agreementId,
    caseId: agreementId,
    programmeId: 1,
    currency: "UAH",
    timeOriginOn: "2025-01-01",
    categories: { sex: "female", ageBand: "25-34", disability: "no", displacement, oblast: "UA12", sector: "C", modality: "in_kind", partner: "1", fundingSource: "1", kind },
    kind,
    baselineRevenueMinor: kind === "existing" ? 10_000_00 : null,
    baselineNetIncomeMinor: kind === "existing" ? 3_000_00 : null,
    disbursedMinor: 50_000_00,
  });
  const visit = (date: string, status: CohortVisit["status"], extra: Partial<CohortVisit> = {}): CohortVisit => ({
    date,
    status,
    closureDate: null,
    residence: status === "unreachable" ? "unknown" : "same_hromada",
    destinationOblastPcode: null,
    revenueMinor: status === "unreachable" ? null : 20_000_00,
    netIncomeMinor: status === "unreachable" ? null : 5_000_00,
    stageMonths: 3,
    ...extra,
  });
  return {
    grants: [grant(1, "idp", "existing"), grant(2, "idp", "startup"), grant(3, "idp", "startup"), grant(4, "idp", "startup"), grant(5, "host", "startup"), grant(6, "host", "startup")],
    visitsByAgreement: new Map([
      [1, [visit("2025-04-01", "operating"), visit("2025-07-01", "operating", { stageMonths: 6, residence: "abroad" })]],
      [2, [visit("2025-04-01", "closed", { closureDate: "2025-02-10" })]],
      [3, [visit("2025-04-01", "unreachable")]],
      [5, [visit("2025-04-01", "suspended")]],
      [6, [visit("2025-04-01", "operating")]],
    ]),
    rostersByAgreement: new Map(),
  };
}

describe("the figures and what is published of them", () => {
  it("works out each rule's inputs from the grants and visits", () => {
    const figures = dashboardFigures(cohort(), { compare: "displacement", categories: fixedCategories, minGroupSize: 1 });
    expect([figures.funded, figures.followedUp, figures.notYetFollowedUp]).toEqual([6, 4, 2]);
    expect(figures.survival.curve.map((p) => [p.time, p.nRisk, p.nEvent, p.nCensor])).toEqual([
      [0, 6, 0, 2],
      [40, 4, 1, 0],
      [90, 3, 0, 2],
      [181, 1, 0, 1],
    ]);
    expect(figures.naive).toEqual({ operating: 2, suspended: 1, closed: 1, unreachable: 1, visited: 5 });
    expect(figures.remigration).toMatchObject({ knownStatus: 4, abroad: 1, sameHromada: 3 });
    expect(figures.stages).toEqual(["m3", "m6"]);
    expect(figures.income.map((s) => [s.stage, s.netIncome.median, s.netIncome.n])).toEqual([
      ["baseline", 3_000_00, 1],
      ["m3", 5_000_00, 4],
      ["m6", 5_000_00, 1],
    ]);
    expect(figures.netIncomeChange).toEqual({ median: 2_000_00, n: 1 });
    expect(figures.byDimension.displacement.map((c) => [c.category, c.funded, c.followedUp])).toEqual([
      ["idp", 4, 2],
      ["host", 2, 2],
      ["returnee", 0, 0],
      ["other", 0, 0],
    ]);
    expect(figures.money).toEqual([{ currency: "UAH", disbursedMinor: 300_000_00, netJobsFte: 0, costPerJob: { costMinor: null, reason: "no_net_jobs" } }]);
    expect(figures.comparison?.logRank?.degreesOfFreedom).toBe(1);
  });

  it("shows officers everything, and evaluators only what k allows", () => {
    const figures = dashboardFigures(cohort(), { compare: "displacement", categories: fixedCategories, minGroupSize: 5 });
    const exact = publishDashboard(figures, { suppressed: false, threshold: 5 });
    expect(exact.headline.funded).toEqual({ value: 6, suppressed: false, display: "6" });
    expect(exact.survival.comparison?.groups.map((g) => g.status)).toEqual(["reported", "reported"]);
    const published = publishDashboard(figures, { suppressed: true, threshold: 5 });
    // Six businesses, four and two by status: even the total cannot stay published beside them.
    expect([published.headline.funded, published.headline.notYetFollowedUp]).toEqual([
      { value: null, suppressed: true, display: "<5" },
      { value: null, suppressed: true, display: "<5" },
    ]);
    expect(published.tables.find((table) => table.dimension === "displacement")?.rows.map((r) => r.funded.display)).toEqual(["<5", "<5", "0", "0"]);
    // Four IDPs and two hosts: fewer than five in each group, no curve; the whole cohort has one.
    expect(published.survival.comparison?.groups.map((g) => [g.category, g.status, g.curve.length])).toEqual([
      ["idp", "too_few", 0],
      ["host", "too_few", 0],
    ]);
    expect(published.survival.comparison?.logRank).toBeNull();
    // The overall curve stops where fewer than five remain at risk (after day 0: four).
    expect(published.survival.overall.curve).toEqual([{ day: 0, survival: 1, lower: null, upper: null }]);
    expect(published.survival.overall.median).toEqual({ status: "reported", days: null, lower: null, upper: null });
    expect(exact.survival.overall.median).toEqual({ status: "reported", days: null, lower: 40, upper: null });
    expect(published.headline.survival12).toEqual({ status: "not_reached" });
  });
});

describe("cells in files", () => {
  it("writes counts and amounts as numbers and hidden ones as words", () => {
    expect(exportCell({ kind: "count", cell: { value: 12, suppressed: false, display: "12" } }, t)).toBe(12);
    expect(exportCell({ kind: "count", cell: { value: null, suppressed: true, display: "<5" } }, t)).toBe("<5");
    expect(exportCell({ kind: "share", value: 2 / 3 }, t)).toBe(0.6667);
    expect(exportCell({ kind: "share", value: null }, t)).toBe("outcomes.tooFew");
    expect(exportCell({ kind: "money", amounts: [{ currency: "UAH", minor: 1_234_56 }] }, t)).toBe(1234.56);
    expect(exportCell({ kind: "money", amounts: [{ currency: "UAH", minor: 100 }, { currency: "EUR", minor: 250 }] }, t)).toBe("1.00 UAH; 2.50 EUR");
    expect(exportCell({ kind: "survival", figure: { status: "reported", estimate: 0.9, lower: 0.81234, upper: 0.95 } }, t)).toBe("0.900 (0.812–0.950)");
    expect(exportCell({ kind: "median", figure: { status: "reported", days: 365.25, lower: null, upper: null } }, t)).toBe(12);
    expect(exportCell({ kind: "median", figure: { status: "reported", days: null, lower: null, upper: null } }, t)).toBe("outcomes.notReached");
  });

  it("keeps the chosen columns of a table", () => {
    const table = { id: "x", title: "X", headers: ["a", "b", "c"], rows: [[{ kind: "text" as const, text: "1" }, { kind: "text" as const, text: "2" }, { kind: "text" as const, text: "3" }]] };
    expect(pickColumns(table, [0, 2])).toEqual({ id: "x", title: "X", headers: ["a", "c"], rows: [[{ kind: "text", text: "1" }, { kind: "text", text: "3" }]] });
  });
});
