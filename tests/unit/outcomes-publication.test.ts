// The outcomes page's pure parts (issue 11): the filter read from the URL, the cohort's figures
// from grants and visits, what is published of them (domain.md §8) and how the files write it.
import { describe, expect, it } from "vitest";
import { fixedCategories } from "~/modules/outcomes/dimensions";
import { outcomeFilterParams, parseOutcomeQuery, previousQuarterEnd, withoutPersonFilters } from "~/modules/outcomes/outcome-filter";
import { dashboardFigures, type Cohort, type CohortGrant, type CohortVisit } from "~/modules/outcomes/outcome-figures";
import { exportCell, pickColumns } from "~/modules/outcomes/outcome-tables";
import { enough, primaryCell, publishBreakdowns, publishDashboard, withheldCell } from "~/modules/outcomes/publication";
import { suppressTables, type PublishedTwoWayTable } from "~/modules/outcomes/suppression";

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

  const shown = (value: number) => ({ value, suppressed: false, display: String(value) });
  const hidden = { value: null, suppressed: true, display: "<5" };

  it("publishes a breakdown suppressed on its own while the headline's numbers stay published in it", () => {
    const counts = [
      [40, 12],
      [44, 9],
      [1, 2],
    ];
    const result = publishBreakdowns({ categories: ["followed_up", "not_yet"], counts: [85, 23] }, ["followed_up", "not_yet"], [{ dimension: "oblast", rows: ["UA12", "UA46", "UA05"], counts }], 5);
    expect(result.headline).toEqual({ cells: [shown(85), shown(23)], total: shown(108) });
    const alone = suppressTables([{ rowDimension: "oblast", rows: ["UA12", "UA46", "UA05"], columnDimension: "measure", columns: ["followed_up", "not_yet"], counts }], 5)[0] as PublishedTwoWayTable;
    expect(result.breakdowns[0]).toEqual(alone.rowTotals.map((total, i) => ({ total, cells: alone.cells[i] })));
    expect(result.breakdowns[0][2]).toEqual({ total: hidden, cells: [hidden, hidden] });
  });

  it("withholds a breakdown that would hide a headline number, and its row totals when they would narrow it", () => {
    // 6 owners abroad, 2 women and 4 men: beside the total, each would be known within 1–5.
    const abroad = publishBreakdowns(
      { categories: ["same_hromada", "within_ukraine", "abroad"], counts: [445, 18, 6] },
      ["in_ukraine", "abroad"],
      [
        { dimension: "sex", rows: ["female", "male"], counts: [[289, 2], [174, 4]] },
        { dimension: "disability", rows: ["yes", "no"], counts: [[35, 0], [428, 6]] },
      ],
      5,
    );
    expect(abroad.headline).toEqual({ cells: [shown(445), shown(18), shown(6)], total: shown(469) });
    expect(abroad.breakdowns[0]).toEqual([
      { total: withheldCell, cells: [withheldCell, withheldCell] },
      { total: withheldCell, cells: [withheldCell, withheldCell] },
    ]);
    // Nobody with a disability abroad: all 6 are in the other row, whose count is not small.
    expect(abroad.breakdowns[1]).toEqual([
      { total: shown(35), cells: [shown(35), shown(0)] },
      { total: shown(434), cells: [shown(428), shown(6)] },
    ]);
    // 40 followed up and 6 not yet, 3 women and 3 men: with the totals published each of those
    // would be known within 1–5, whatever else is hidden — the women and men are withheld too.
    const followUp = publishBreakdowns({ categories: ["followed_up", "not_yet"], counts: [40, 6] }, ["followed_up", "not_yet"], [{ dimension: "sex", rows: ["female", "male"], counts: [[25, 3], [15, 3]] }], 5);
    expect(followUp.headline).toEqual({ cells: [shown(40), shown(6)], total: shown(46) });
    expect(followUp.breakdowns[0]).toEqual([
      { total: withheldCell, cells: [withheldCell, withheldCell] },
      { total: withheldCell, cells: [withheldCell, withheldCell] },
    ]);
  });

  it("withholds the row totals too when they cannot stand beside the total", () => {
    const result = publishBreakdowns({ categories: ["followed_up", "not_yet"], counts: [20, 9] }, ["followed_up", "not_yet"], [{ dimension: "kind", rows: ["startup", "existing"], counts: [[19, 8], [1, 1]] }], 5);
    expect(result.headline.total).toEqual(shown(29));
    expect(result.breakdowns[0].map((row) => row.total)).toEqual([hidden, hidden]);
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
  const hidden = { value: null, suppressed: true, display: "<5" };
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
    expect(figures.byDimension.displacement?.map((c) => [c.category, c.funded, c.followedUp])).toEqual([
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
    // Six businesses, four followed up and two not yet: beside the total, each would be known
    // within 1–5, so even the total is hidden, and no breakdown is published.
    expect([published.headline.funded, published.headline.followedUp, published.headline.notYetFollowedUp]).toEqual([hidden, hidden, hidden]);
    expect(published.tables.find((table) => table.dimension === "displacement")?.rows.map((r) => r.funded)).toEqual([withheldCell, withheldCell, withheldCell, withheldCell]);
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
