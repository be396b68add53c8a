// What a reader may see of the outcome figures (domain.md §8). Evaluators, donors and every
// export get the published figures: each count goes through primary and secondary suppression at
// the programme's threshold k; a sum (FTE, money) or a rate is shown only where the counts behind
// it are published and at least k, and a survival curve or median only for a group of at least k
// businesses — otherwise it is "too few to report". Officers and admins may see the exact figures
// (threshold 1: nothing is hidden), marked as such on the page.
//
// Which counts are suppressed together: those that add up. Each dimension's businesses by
// follow-up state (followed up / not yet, with the funded total per category) and owners by
// residence (in Ukraine / abroad, with the known total) are two-way tables with margins; the
// tables of every dimension share their column totals and grand total with the headline (for
// residence, the one-way table same hromada / moved within Ukraine / abroad). The numbers at risk
// at each month add up over the compared groups.
import type { Dimension } from "./dimensions";
import type { CategoryFigures, DashboardFigures, NaiveCounts } from "./outcome-figures";
import { suppressTables, type CountTable, type PublishedCell, type PublishedOneWayTable, type PublishedTable, type PublishedTwoWayTable } from "./suppression";
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

/** A count published and at least k: an estimate over it may be shown. */
export function enough(cell: Cell, k: number): boolean {
  return !cell.suppressed && cell.value !== null && cell.value >= k && cell.value > 0;
}

/** The margins of a published table by cell key: what another table of the same population may share. */
function marginsOf(table: CountTable, published: PublishedTable): Map<string, boolean> {
  const key = (categories: Record<string, string>) => JSON.stringify(Object.entries(categories));
  const margins = new Map<string, boolean>([[key({}), published.total.suppressed]]);
  if ("rows" in table) {
    const p = published as PublishedTwoWayTable;
    table.columns.forEach((c, j) => margins.set(key({ [table.columnDimension]: c }), p.columnTotals[j].suppressed));
  } else {
    const p = published as PublishedOneWayTable;
    table.categories.forEach((c, i) => margins.set(key({ [table.dimension]: c }), p.cells[i].suppressed));
  }
  return margins;
}

/**
 * Tables of one population — one per dimension — that share cells: the two-way tables' column
 * totals and grand total, and the one-way table of the same columns (the headline). Suppressed one
 * by one while every shared cell stays published: an attacker's equations then fall apart by
 * table, so each table's audit is the whole audit. When a shared cell must be hidden, the tables
 * are suppressed together (one linked problem: slower, and it happens only for small cohorts).
 */
export function suppressSharedMargins(tables: readonly CountTable[], k: number): PublishedTable[] {
  const separate = tables.map((table) => suppressTables([table], k)[0]);
  const seen = new Map<string, number>();
  const hidden = new Set<string>();
  tables.forEach((table, t) => {
    for (const [key, suppressed] of marginsOf(table, separate[t])) {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (suppressed) hidden.add(key);
    }
  });
  const sharedHidden = [...hidden].some((key) => (seen.get(key) ?? 0) > 1);
  return sharedHidden ? suppressTables(tables, k) : separate;
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
    netIncomeChange: { medianMinor: figures.netIncomeChange.n >= k ? figures.netIncomeChange.median : null, n: changeN },
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
  const followTables = suppressSharedMargins(
    dims.map((dimension) => ({
      rowDimension: dimension,
      rows: figures.byDimension[dimension].map((c) => c.category),
      columnDimension: "followUp",
      columns: followUpColumns,
      counts: figures.byDimension[dimension].map((c) => [c.followedUp, c.notYetFollowedUp]),
    })),
    k,
  );
  const { remigration } = figures;
  const residencePublished = suppressSharedMargins(
    [
      ...dims.map((dimension) => ({
        rowDimension: dimension,
        rows: figures.byDimension[dimension].map((c) => c.category),
        columnDimension: "residence",
        columns: residenceColumns,
        counts: figures.byDimension[dimension].map((c) => [c.residence.same_hromada + c.residence.within_ukraine, c.residence.abroad]),
      })),
      { dimension: "residence", categories: residenceCategories, counts: [remigration.sameHromada, remigration.withinUkraine, remigration.abroad] },
    ],
    k,
  );
  const residenceTables = residencePublished.slice(0, dims.length) as PublishedTwoWayTable[];
  const residenceHeadline = residencePublished[dims.length] as PublishedOneWayTable;
  // Every dimension's margins are the same cells; the first table's are the headline's.
  const follow0 = followTables[0] as PublishedTwoWayTable;
  const funded = follow0.total;
  const [followedUp, notYetFollowedUp] = follow0.columnTotals;
  const [sameHromada, withinUkraine, abroad] = residenceHeadline.cells;
  const known = residenceHeadline.total;

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
    const follow = followTables[t] as PublishedTwoWayTable;
    const residence = residenceTables[t];
    const rows = figures.byDimension[dimension].map((c, i) =>
      publishedRow(
        c,
        { funded: follow.rowTotals[i], followedUp: follow.cells[i][0], notYet: follow.cells[i][1] },
        { abroad: residence.cells[i][1], known: residence.rowTotals[i] },
        k,
      ),
    );
    return { dimension, rows, total: totalRow() };
  });

  const fundedOf = (dimension: Dimension) => {
    const index = dims.indexOf(dimension);
    const follow = followTables[index] as PublishedTwoWayTable;
    const categories = figures.byDimension[dimension].map((c) => c.category);
    return (category: string) => follow.rowTotals[categories.indexOf(category)];
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
      netIncomeChange: { medianMinor: figures.netIncomeChange.n >= k ? figures.netIncomeChange.median : null, n: incomeChangeN },
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
      revenue: { medianMinor: s.revenue.n >= k ? s.revenue.median : null, n: primaryCell(s.revenue.n, k) },
      netIncome: { medianMinor: s.netIncome.n >= k ? s.netIncome.median : null, n: primaryCell(s.netIncome.n, k) },
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
