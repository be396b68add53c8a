// What a reader may see of the outcome figures (domain.md §8). Evaluators, donors and every
// export get the published figures: each count goes through primary and secondary suppression at
// the programme's threshold k; a sum (FTE, money) or a rate is shown only where the counts behind
// it are published and at least k, and a survival curve or median only for a group of at least k
// businesses — otherwise it is "too few to report". Officers and admins may see the exact figures
// (threshold 1: nothing is hidden), marked as such on the page.
//
// Which counts are suppressed together: those that add up. Businesses by follow-up state
// (followed up / not yet, adding up to those funded) and owners by residence (same hromada / moved
// within Ukraine / abroad, adding up to those with a known residence) are each a headline with a
// breakdown by every dimension (publishBreakdowns: headline first); the numbers at risk at each
// month add up over the compared groups.
import type { Dimension } from "./dimensions";
import type { CategoryFigures, DashboardFigures, NaiveCounts } from "./outcome-figures";
import { suppressedCellRanges, suppressTables, type PublishedCell, type PublishedOneWayTable, type PublishedTwoWayTable } from "./suppression";
import { atRiskMonths, daysPerMonth, type SurvivalAtTime, type SurvivalSummary } from "./survival";

export type Cell = PublishedCell;

export type PublicationMode = { suppressed: boolean; threshold: number };

export type SurvivalFigure =
  | { status: "reported"; estimate: number; lower: number | null; upper: number | null }
  | { status: "too_few" }
  /** Nobody has been followed that long yet: S(t) is not defined. */
  | { status: "not_reached" };

export type MedianFigure =
  /** `days` null: the curve has not come down to one half (the median is not reached). */
  | { status: "reported"; days: number | null; lower: number | null; upper: number | null }
  | { status: "too_few" };

export type CurvePoint = { day: number; survival: number; lower: number | null; upper: number | null };

export type SurvivalLine = {
  category: string;
  funded: Cell;
  status: "reported" | "too_few";
  curve: CurvePoint[];
  /** Days at which a business was censored (the ticks on the curve). */
  censoredDays: number[];
  sixMonths: SurvivalFigure;
  twelveMonths: SurvivalFigure;
  median: MedianFigure;
  /** Number at risk at 0, 3, 6, 9, 12 and 18 months. */
  atRisk: Cell[];
};

export type Reported<T> = ({ status: "reported" } & T) | { status: "too_few" };

export type PublishedRow = {
  category: string;
  funded: Cell;
  followedUp: Cell;
  notYetFollowedUp: Cell;
  survival12: SurvivalFigure;
  netJobsFte: number | null;
  womenShare: number | null;
  idpShare: number | null;
  abroad: Cell;
  known: Cell;
  abroadRate: number | null;
  netIncomeChange: { medianMinor: number | null; n: Cell };
  disbursed: { currency: string; minor: number }[] | null;
};

export type PublishedDashboard = {
  publication: PublicationMode;
  headline: {
    funded: Cell;
    followedUp: Cell;
    notYetFollowedUp: Cell;
    survival12: SurvivalFigure;
    netJobsFte: Reported<{ value: number }>;
    womenShare: Reported<{ share: number | null }>;
    idpShare: Reported<{ share: number | null }>;
    remigration: { rate: number | null; abroad: Cell; known: Cell };
    netIncomeChange: { medianMinor: number | null; n: Cell };
    costPerJob: Reported<{ items: { currency: string; costMinor: number | null; disbursedMinor: number; netJobsFte: number }[] }>;
  };
  naive: { operating: Cell; suspended: Cell; closed: Cell; unreachable: Cell; visited: Cell; share: number | null };
  survival: {
    overall: SurvivalLine;
    comparison: { dimension: Dimension; groups: SurvivalLine[]; total: Cell[]; logRank: { chiSquare: number | null; df: number; p: number | null } | null } | null;
  };
  jobs: Reported<{
    baselinePaidFte: number;
    latestPaidFte: number;
    netJobsFte: number;
    womenFte: number;
    idpFte: number;
  }> & {
    followedUp: Cell;
    notYetFollowedUp: Cell;
    headcount: Cell;
    baselineHeadcount: Cell;
    grossNewHires: Cell;
    selfEmploymentCreated: Cell;
    unknownHours: Cell;
  };
  income: { stage: string; revenue: { medianMinor: number | null; n: Cell }; netIncome: { medianMinor: number | null; n: Cell } }[];
  remigration: { sameHromada: Cell; withinUkraine: Cell; abroad: Cell; known: Cell; rate: number | null; moves: { oblastPcode: string; owners: Cell }[] };
  tables: { dimension: Dimension; rows: PublishedRow[]; total: PublishedRow }[];
};

/** Primary suppression alone, for counts that add up with nothing else published (0 < n < k). */
export function primaryCell(value: number, k: number): Cell {
  return value > 0 && value < k ? { value: null, suppressed: true, display: `<${k}` } : { value, suppressed: false, display: String(value) };
}

/**
 * A median of money over at least k businesses, to the kopiyka (the median of an even count may
 * fall between two; money is shown in whole minor units, domain.md §5).
 */
function publishedMedian(figure: { median: number | null; n: number }, k: number): number | null {
  return figure.n >= k && figure.median !== null ? Math.round(figure.median) : null;
}

/** A count published and at least k: an estimate over it may be shown. */
export function enough(cell: Cell, k: number): boolean {
  return !cell.suppressed && cell.value !== null && cell.value >= k && cell.value > 0;
}

/** A cell of a breakdown that is not published at all (see publishBreakdowns). */
export const withheldCell: Cell = { value: null, suppressed: true, display: "–" };

/** One category's cells of a published breakdown: the row total and the columns' cells. */
export type BreakdownRow = { total: Cell; cells: Cell[] };

/**
 * A measure's headline and its breakdown by each dimension, headline first (domain.md §8). The
 * headline — a one-way table of the columns with their total — is suppressed on its own. Each
 * dimension's two-way table is then suppressed alone and published only if its margins (the
 * headline's numbers) stay published there too: the attacker's equations then fall apart by
 * table, so each table's own audit is the whole audit. A table that could only be protected by
 * hiding a headline number is not published: its cells are withheld ("–", zeros still shown) and
 * its row totals are published only if the attacker's check finds no withheld cell narrowed below
 * k by them and the headline; else they are withheld too. With six owners abroad among 469, a
 * breakdown of "abroad" by sex cannot be published beside the total — the total is what counts.
 */
export function publishBreakdowns(
  headline: { categories: readonly string[]; counts: readonly number[] },
  columns: readonly string[],
  breakdowns: readonly { dimension: string; rows: readonly string[]; counts: readonly (readonly number[])[] }[],
  k: number,
): { headline: PublishedOneWayTable; breakdowns: BreakdownRow[][] } {
  const measure = "measure";
  const head = suppressTables([{ dimension: measure, categories: headline.categories, counts: headline.counts }], k)[0] as PublishedOneWayTable;
  // The headline cells a breakdown's column totals repeat (or, for a merged column, add up).
  const headlineOf = (column: string) => head.cells[headline.categories.indexOf(column)];
  const headlineHides = (column: string) => (headline.categories.includes(column) ? headlineOf(column).suppressed : false);
  return {
    headline: head,
    breakdowns: breakdowns.map(({ dimension, rows, counts }) => {
      const table = suppressTables([{ rowDimension: dimension, rows, columnDimension: measure, columns, counts }], k)[0] as PublishedTwoWayTable;
      const marginsPublished = !table.total.suppressed && !head.total.suppressed && table.columnTotals.every((c, j) => !c.suppressed && !headlineHides(columns[j]));
      if (marginsPublished) return rows.map((_, i) => ({ total: table.rowTotals[i], cells: table.cells[i] }));
      // The row totals alone, if beside the headline they narrow no withheld cell below k: an
      // attacker knows the table's margins even when its cells are not published (zeros shown).
      const totals = suppressTables([{ dimension, categories: rows, counts: counts.map((row) => row.reduce((a, b) => a + b, 0)) }], k)[0] as PublishedOneWayTable;
      const asPublished: PublishedTwoWayTable = {
        cells: counts.map((row) => row.map((value) => (value === 0 ? { value: 0, suppressed: false, display: "0" } : withheldCell))),
        rowTotals: totals.cells,
        columnTotals: columns.map((column) => (headline.categories.includes(column) ? headlineOf(column) : withheldCell)),
        total: head.total,
      };
      const shape = { rowDimension: dimension, rows, columnDimension: measure, columns };
      const safe =
        !totals.total.suppressed &&
        !head.total.suppressed &&
        suppressedCellRanges([shape], [asPublished]).every((range) => range.max === null || range.max - range.min >= k);
      return rows.map((_, i) => (safe ? { total: totals.cells[i], cells: asPublished.cells[i] } : { total: withheldCell, cells: columns.map(() => withheldCell) }));
    }),
  };
}

const followUpColumns = ["followed_up", "not_yet"] as const;
// Per dimension, owners abroad or in Ukraine: the moves within Ukraine are in the headline table
// only (by category they would be mostly ones and twos).
const residenceColumns = ["in_ukraine", "abroad"] as const;
const residenceCategories = ["same_hromada", "within_ukraine", "abroad"] as const;

function survivalFigure(at: SurvivalAtTime | null, groupReportable: boolean, k: number): SurvivalFigure {
  if (!groupReportable) return { status: "too_few" };
  if (!at) return { status: "not_reached" };
  if (at.nRisk < k) return { status: "too_few" };
  // The number at risk itself is published in the at-risk table, with that table's suppression.
  return { status: "reported", estimate: at.survival, lower: at.lower, upper: at.upper };
}

/**
 * A group's curve and its estimates, when the group holds at least k businesses. Unlike a sum, a
 * survival estimate cannot be added up with others to undo a hidden count, so it is shown on the
 * group's true size even where that count is hidden to protect another cell.
 */
function survivalLine(category: string, summary: SurvivalSummary, funded: Cell, atRisk: Cell[], k: number): SurvivalLine {
  const reportable = summary.n >= k;
  if (!reportable) {
    return { category, funded, status: "too_few", curve: [], censoredDays: [], sixMonths: { status: "too_few" }, twelveMonths: { status: "too_few" }, median: { status: "too_few" }, atRisk };
  }
  // The curve is drawn while at least k businesses remain at risk: past that, each step would be
  // one or two known businesses closing.
  const shown = summary.curve.filter((p) => p.nRisk >= k);
  const curve: CurvePoint[] = [{ day: 0, survival: 1, lower: null, upper: null }];
  for (const p of shown) {
    if (p.time === 0 && p.nEvent === 0) continue;
    curve.push({ day: p.time, survival: p.survival, lower: p.lower, upper: p.upper });
  }
  // The median and its limits only within the curve as drawn.
  const lastShown = shown.length ? shown[shown.length - 1].time : 0;
  const within = (days: number | null) => (days !== null && days <= lastShown ? days : null);
  const medianShown = summary.median.median === null || summary.median.median <= lastShown;
  return {
    category,
    funded,
    status: "reported",
    curve,
    censoredDays: shown.filter((p) => p.nCensor > 0 && p.time > 0).map((p) => p.time),
    sixMonths: survivalFigure(summary.sixMonths, true, k),
    twelveMonths: survivalFigure(summary.twelveMonths, true, k),
    median: medianShown ? { status: "reported", days: summary.median.median, lower: within(summary.median.lower), upper: within(summary.median.upper) } : { status: "too_few" },
    atRisk,
  };
}

/** The numbers at risk of the compared groups, one suppressed table per month (they add up to the total). */
function atRiskCells(groups: { category: string; summary: SurvivalSummary }[], fundedOf: (category: string) => Cell, overallFunded: Cell, k: number) {
  const byGroup = new Map(groups.map((g) => [g.category, [fundedOf(g.category)]]));
  const total: Cell[] = [overallFunded];
  atRiskMonths.forEach((months, index) => {
    if (index === 0) return;
    const counts = groups.map((g) => g.summary.atRisk[index].nRisk);
    const published = suppressTables([{ dimension: "group", categories: groups.map((g) => g.category), counts }], k)[0] as PublishedOneWayTable;
    groups.forEach((g, i) => byGroup.get(g.category)!.push(published.cells[i]));
    total.push(published.total);
  });
  return { byGroup, total };
}

function ratio(part: Cell, whole: Cell, k: number): number | null {
  if (!enough(whole, k) || part.suppressed || part.value === null) return null;
  return part.value / (whole.value as number);
}

function publishedRow(
  figures: CategoryFigures,
  follow: { funded: Cell; followedUp: Cell; notYet: Cell },
  residence: { abroad: Cell; known: Cell },
  k: number,
): PublishedRow {
  const jobsShown = enough(follow.followedUp, k);
  const changeN = primaryCell(figures.netIncomeChange.n, k);
  return {
    category: figures.category,
    funded: follow.funded,
    followedUp: follow.followedUp,
    notYetFollowedUp: follow.notYet,
    survival12: survivalFigure(figures.survival.twelveMonths, figures.funded >= k, k),
    netJobsFte: jobsShown ? figures.netJobsFte : null,
    womenShare: jobsShown && figures.paidJobsFte > 0 ? figures.womenFte / figures.paidJobsFte : null,
    idpShare: jobsShown && figures.paidJobsFte > 0 ? figures.idpFte / figures.paidJobsFte : null,
    abroad: residence.abroad,
    known: residence.known,
    abroadRate: ratio(residence.abroad, residence.known, k),
    netIncomeChange: { medianMinor: publishedMedian(figures.netIncomeChange, k), n: changeN },
    disbursed: enough(follow.funded, k) ? figures.disbursed : null,
  };
}

function publishNaive(naive: NaiveCounts, k: number): PublishedDashboard["naive"] {
  const statuses = ["operating", "suspended", "closed", "unreachable"] as const;
  const table = suppressTables([{ dimension: "lastVisit", categories: statuses, counts: statuses.map((s) => naive[s]) }], k)[0] as PublishedOneWayTable;
  const [operating, suspended, closed, unreachable] = table.cells;
  return { operating, suspended, closed, unreachable, visited: table.total, share: ratio(operating, table.total, k) };
}

/** Everything a reader of the page (or a file) gets, from the exact figures (domain.md §8). */
export function publishDashboard(figures: DashboardFigures, mode: PublicationMode): PublishedDashboard {
  const k = mode.suppressed ? mode.threshold : 1;
  const dims = Object.keys(figures.byDimension) as Dimension[];
  const categoriesOf = (dimension: Dimension) => figures.byDimension[dimension] ?? [];
  const byDimension = (cells: (c: CategoryFigures) => number[]) =>
    dims.map((dimension) => ({ dimension, rows: categoriesOf(dimension).map((c) => c.category), counts: categoriesOf(dimension).map(cells) }));
  const follow = publishBreakdowns(
    { categories: followUpColumns, counts: [figures.followedUp, figures.notYetFollowedUp] },
    followUpColumns,
    byDimension((c) => [c.followedUp, c.notYetFollowedUp]),
    k,
  );
  const { remigration } = figures;
  const residence = publishBreakdowns(
    { categories: residenceCategories, counts: [remigration.sameHromada, remigration.withinUkraine, remigration.abroad] },
    residenceColumns,
    byDimension((c) => [c.residence.same_hromada + c.residence.within_ukraine, c.residence.abroad]),
    k,
  );
  const funded = follow.headline.total;
  const [followedUp, notYetFollowedUp] = follow.headline.cells;
  const [sameHromada, withinUkraine, abroad] = residence.headline.cells;
  const known = residence.headline.total;

  const totalRow = (): PublishedRow => {
    const total: CategoryFigures = {
      category: "total",
      funded: figures.funded,
      followedUp: figures.followedUp,
      notYetFollowedUp: figures.notYetFollowedUp,
      survival: figures.survival,
      netJobsFte: figures.jobs.netJobsFte,
      paidJobsFte: figures.jobs.paidJobs.fte,
      womenFte: figures.jobs.paidJobsWomen.fte,
      idpFte: figures.jobs.paidJobsIdps.fte,
      residence: { same_hromada: figures.remigration.sameHromada, within_ukraine: figures.remigration.withinUkraine, abroad: figures.remigration.abroad },
      netIncomeChange: figures.netIncomeChange,
      disbursed: figures.money.map((m) => ({ currency: m.currency, minor: m.disbursedMinor })),
    };
    return publishedRow(total, { funded, followedUp, notYet: notYetFollowedUp }, { abroad, known }, k);
  };

  const tables = dims.map((dimension, t) => {
    const rows = categoriesOf(dimension).map((c, i) => {
      const byFollowUp = follow.breakdowns[t][i];
      const byResidence = residence.breakdowns[t][i];
      return publishedRow(c, { funded: byFollowUp.total, followedUp: byFollowUp.cells[0], notYet: byFollowUp.cells[1] }, { abroad: byResidence.cells[1], known: byResidence.total }, k);
    });
    return { dimension, rows, total: totalRow() };
  });

  const fundedOf = (dimension: Dimension) => {
    const index = dims.indexOf(dimension);
    const categories = categoriesOf(dimension).map((c) => c.category);
    return (category: string) => follow.breakdowns[index][categories.indexOf(category)].total;
  };

  const overallAtRisk = [funded, ...figures.survival.atRisk.slice(1).map((a) => primaryCell(a.nRisk, k))];
  const overall = survivalLine("total", figures.survival, funded, overallAtRisk, k);
  let comparison: PublishedDashboard["survival"]["comparison"] = null;
  if (figures.comparison) {
    const { dimension, groups } = figures.comparison;
    const { byGroup, total } = atRiskCells(groups, fundedOf(dimension), funded, k);
    comparison = {
      dimension,
      groups: groups.map((g) => survivalLine(g.category, g.summary, fundedOf(dimension)(g.category), byGroup.get(g.category)!, k)),
      total,
      logRank: figures.comparison.logRank
        ? { chiSquare: figures.comparison.logRank.chiSquare, df: figures.comparison.logRank.degreesOfFreedom, p: figures.comparison.logRank.p }
        : null,
    };
  }

  const jobsShown = enough(followedUp, k);
  const { jobs } = figures;
  const jobCounts = {
    followedUp,
    notYetFollowedUp,
    headcount: primaryCell(jobs.headcount, k),
    baselineHeadcount: primaryCell(jobs.baselineHeadcount, k),
    grossNewHires: primaryCell(jobs.grossNewHires, k),
    selfEmploymentCreated: primaryCell(jobs.selfEmploymentCreated, k),
    unknownHours: primaryCell(jobs.unknownHours, k),
  };
  const publishedJobs: PublishedDashboard["jobs"] = jobsShown
    ? {
        status: "reported",
        baselinePaidFte: jobs.paidJobs.fte - jobs.netJobsFte,
        latestPaidFte: jobs.paidJobs.fte,
        netJobsFte: jobs.netJobsFte,
        womenFte: jobs.paidJobsWomen.fte,
        idpFte: jobs.paidJobsIdps.fte,
        ...jobCounts,
      }
    : { status: "too_few", ...jobCounts };

  const moves = publishMoves(figures, withinUkraine, k);
  const incomeChangeN = primaryCell(figures.netIncomeChange.n, k);
  const fundedShown = enough(funded, k);
  return {
    publication: mode,
    headline: {
      funded,
      followedUp,
      notYetFollowedUp,
      survival12: overall.twelveMonths,
      netJobsFte: jobsShown ? { status: "reported", value: jobs.netJobsFte } : { status: "too_few" },
      womenShare: jobsShown ? { status: "reported", share: jobs.womenShareOfFte } : { status: "too_few" },
      idpShare: jobsShown ? { status: "reported", share: jobs.idpShareOfFte } : { status: "too_few" },
      remigration: { rate: ratio(abroad, known, k), abroad, known },
      netIncomeChange: { medianMinor: publishedMedian(figures.netIncomeChange, k), n: incomeChangeN },
      costPerJob:
        fundedShown && jobsShown
          ? {
              status: "reported",
              items: figures.money.map((m) => ({ currency: m.currency, costMinor: m.costPerJob.costMinor, disbursedMinor: m.disbursedMinor, netJobsFte: m.netJobsFte })),
            }
          : { status: "too_few" },
    },
    naive: publishNaive(figures.naive, k),
    survival: { overall, comparison },
    jobs: publishedJobs,
    income: figures.income.map((s) => ({
      stage: s.stage,
      revenue: { medianMinor: publishedMedian(s.revenue, k), n: primaryCell(s.revenue.n, k) },
      netIncome: { medianMinor: publishedMedian(s.netIncome, k), n: primaryCell(s.netIncome.n, k) },
    })),
    remigration: { sameHromada, withinUkraine, abroad, known, rate: ratio(abroad, known, k), moves },
    tables,
  };
}

// Owners who moved within Ukraine, by the oblast they moved to. The table's total is the "moved
// within Ukraine" margin of the residence tables: hidden there, the whole table is hidden.
function publishMoves(figures: DashboardFigures, withinUkraine: Cell, k: number) {
  const moves = figures.remigration.withinUkraineByOblast.map((m) => ({ oblastPcode: m.oblastPcode ?? "unknown", owners: m.owners }));
  if (moves.length === 0) return [];
  const hidden = (): Cell => ({ value: null, suppressed: true, display: `<${k}` });
  if (withinUkraine.suppressed) return moves.map((m) => ({ oblastPcode: m.oblastPcode, owners: m.owners === 0 ? primaryCell(0, k) : hidden() }));
  const table = suppressTables([{ dimension: "destination", categories: moves.map((m) => m.oblastPcode), counts: moves.map((m) => m.owners) }], k)[0] as PublishedOneWayTable;
  if (table.total.suppressed) return moves.map((m) => ({ oblastPcode: m.oblastPcode, owners: hidden() }));
  return moves.map((m, i) => ({ oblastPcode: m.oblastPcode, owners: table.cells[i] }));
}

/** Days as months (domain.md §7: months = days / 30.4375), for labels. */
export function daysToMonths(days: number): number {
  return days / daysPerMonth;
}
