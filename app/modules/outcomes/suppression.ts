// Small-cell suppression of published tables (domain.md §8, after the ESSnet Handbook on
// Statistical Disclosure Control ch. 5 and R's sdcTable). Every count an evaluator or donor sees
// goes through here. The tables given together are one linked problem: a cell is identified by
// its categories, so the grand total, or the "female" margin of a sex × oblast table and the
// "female" cell of a by-sex table, is one cell wherever it appears, suppressed everywhere or
// nowhere, and the audit solves all the tables' equations at once. That is how two tables of
// the same data (by sex, by oblast) cannot undo each other.
//
// What an attacker is assumed to know (the audit's constraints): the published numbers, the
// tables' additivity, that counts are ≥ 0 and — because zeros are always shown — that every
// suppressed cell is ≥ 1. Every suppressed cell therefore looks the same ("<5"): marking the
// primary ones apart would tell the attacker they are below k.
import { RangeSolver, type LinearEquation } from "./linear-program";

export const defaultSuppressionThreshold = 5;

export interface PublishedCell {
  value: number | null;
  suppressed: boolean;
  /** "<5" for a suppressed cell (k = 5), else the number. */
  display: string;
}

export interface OneWayShape {
  dimension: string;
  categories: readonly string[];
}

export interface TwoWayShape {
  rowDimension: string;
  rows: readonly string[];
  columnDimension: string;
  columns: readonly string[];
}

export type TableShape = OneWayShape | TwoWayShape;
export type OneWayTable = OneWayShape & { counts: readonly number[] };
export type TwoWayTable = TwoWayShape & { counts: readonly (readonly number[])[] };
export type CountTable = OneWayTable | TwoWayTable;

export interface PublishedOneWayTable {
  cells: PublishedCell[];
  total: PublishedCell;
}

export interface PublishedTwoWayTable {
  cells: PublishedCell[][];
  rowTotals: PublishedCell[];
  columnTotals: PublishedCell[];
  total: PublishedCell;
}

export type PublishedTable = PublishedOneWayTable | PublishedTwoWayTable;

/** A suppressed cell's range as an attacker can work it out; max null = unbounded. */
export interface CellRange {
  /** The cell's categories, e.g. [["oblast","UA46"],["sex","female"]]; [] for the grand total. */
  key: string;
  min: number;
  max: number | null;
}

function isTwoWay(table: TableShape): table is TwoWayShape {
  return "rows" in table;
}

// ---- The linked system: cells (by their categories) and the lines that add up ----

/** Every cell of a table, totals included, with its value (null: not known, i.e. suppressed). */
interface TableValues {
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
}

interface Line {
  parts: number[];
  total: number;
  /** The line of a one-way table: the 1-D rule (suppressed ones sum to ≥ k) applies. */
  oneWay: boolean;
}

interface LinkedSystem {
  keys: string[];
  /** Null where no table publishes the cell (the attacker's view). */
  values: (number | null)[];
  lines: Line[];
  /** Cell index by position, per table (a one-way table's categories are cells[0]). */
  layout: { cells: number[][]; rowTotals: number[]; columnTotals: number[]; total: number }[];
}

function cellKey(categories: Record<string, string>): string {
  return JSON.stringify(Object.entries(categories).sort(([a], [b]) => a.localeCompare(b)));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function valuesFromCounts(table: CountTable): TableValues {
  for (const count of table.counts.flat()) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`Counts must be whole numbers ≥ 0, got ${count}`);
  }
  if (!isTwoWay(table)) {
    const counts = (table as OneWayTable).counts;
    if (counts.length !== table.categories.length) throw new RangeError("A count for every category");
    return { cells: [[...counts]], rowTotals: [], columnTotals: [], total: sum(counts) };
  }
  const { counts } = table as TwoWayTable;
  if (counts.length !== table.rows.length || counts.some((r) => r.length !== table.columns.length)) {
    throw new RangeError("A count for every row and column");
  }
  return {
    cells: counts.map((r) => [...r]),
    rowTotals: counts.map(sum),
    columnTotals: table.columns.map((_, j) => sum(counts.map((r) => r[j]))),
    total: sum(counts.map(sum)),
  };
}

function buildSystem(shapes: readonly TableShape[], tableValues: readonly TableValues[]): LinkedSystem {
  const keys: string[] = [];
  const values: (number | null)[] = [];
  const index = new Map<string, number>();
  const cell = (categories: Record<string, string>, value: number | null): number => {
    const key = cellKey(categories);
    const found = index.get(key);
    if (found === undefined) {
      keys.push(key);
      values.push(value);
      index.set(key, keys.length - 1);
      return keys.length - 1;
    }
    if (values[found] !== null && value !== null && values[found] !== value) {
      throw new RangeError(`Linked tables disagree on ${key}: ${values[found]} and ${value}`);
    }
    values[found] ??= value;
    return found;
  };
  const lines = new Map<string, Line>();
  const addLine = (parts: number[], total: number, oneWay: boolean) => {
    const key = JSON.stringify([[...parts].sort((a, b) => a - b), total]);
    const existing = lines.get(key);
    if (existing) existing.oneWay ||= oneWay;
    else lines.set(key, { parts, total, oneWay });
  };
  const layout = shapes.map((shape, t) => {
    const v = tableValues[t];
    const total = cell({}, v.total);
    if (!isTwoWay(shape)) {
      const cells = shape.categories.map((c, i) => cell({ [shape.dimension]: c }, v.cells[0][i]));
      addLine(cells, total, true);
      return { cells: [cells], rowTotals: [], columnTotals: [], total };
    }
    const { rowDimension: rd, columnDimension: cd } = shape;
    if (rd === cd) throw new RangeError("A two-way table needs two dimensions");
    const cells = shape.rows.map((r, i) => shape.columns.map((c, j) => cell({ [rd]: r, [cd]: c }, v.cells[i][j])));
    const rowTotals = shape.rows.map((r, i) => cell({ [rd]: r }, v.rowTotals[i]));
    const columnTotals = shape.columns.map((c, j) => cell({ [cd]: c }, v.columnTotals[j]));
    cells.forEach((row, i) => addLine(row, rowTotals[i], false));
    shape.columns.forEach((_, j) => addLine(cells.map((row) => row[j]), columnTotals[j], false));
    addLine(rowTotals, total, false);
    addLine(columnTotals, total, false);
    return { cells, rowTotals, columnTotals, total };
  });
  return { keys, values, lines: [...lines.values()], layout };
}

// ---- The rules (on the true counts: every value is known here) ----

const linesOf = (system: LinkedSystem, cell: number) => system.lines.filter((l) => l.total === cell || l.parts.includes(cell));
const members = (line: Line) => [...line.parts, line.total];
const count = (system: LinkedSystem, cell: number) => system.values[cell] as number;

type Candidate = { cell: number; crossing: boolean; value: number };

// Non-zero unsuppressed parts of a line, each noting whether a crossing line already holds a
// suppression (then hiding it costs less: it can pair with that one).
function candidatesIn(system: LinkedSystem, suppressed: readonly boolean[], line: Line): Candidate[] {
  return line.parts
    .filter((c) => !suppressed[c] && count(system, c) > 0)
    .map((c) => ({
      cell: c,
      value: count(system, c),
      crossing: linesOf(system, c).some((other) => other !== line && members(other).some((m) => m !== c && suppressed[m])),
    }));
}

const best = (candidates: Candidate[]): number | null =>
  candidates.sort((a, b) => Number(b.crossing) - Number(a.crossing) || a.value - b.value || a.cell - b.cell)[0]?.cell ?? null;

/**
 * The cell to suppress next in `line`: the smallest non-zero part whose crossing line already
 * holds a suppression, else the smallest non-zero part, else the line's total (domain.md §8).
 * "Preferring" is read as an order, not a filter: falling back to the total as soon as no part's
 * crossing line holds a suppression would hide margins (and the grand total) in plain 2 × 2 cases.
 */
function nextInLine(system: LinkedSystem, suppressed: boolean[], line: Line): number | null {
  const part = best(candidatesIn(system, suppressed, line));
  if (part !== null) return part;
  return suppressed[line.total] || count(system, line.total) === 0 ? null : line.total;
}

/** Secondary suppression by lines until nothing changes (domain.md §8, 1-D and 2-D rules). */
function suppressByLines(system: LinkedSystem, suppressed: boolean[], threshold: number) {
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of system.lines) {
      const hidden = members(line).filter((c) => suppressed[c]).length;
      const hiddenParts = line.parts.filter((c) => suppressed[c]);
      const oneWayShort =
        line.oneWay && !suppressed[line.total] && hiddenParts.length > 0 && sum(hiddenParts.map((c) => count(system, c))) < threshold;
      if (hidden !== 1 && !oneWayShort) continue;
      const next = nextInLine(system, suppressed, line);
      if (next === null) continue;
      suppressed[next] = true;
      changed = true;
    }
  }
}

/**
 * What an attacker can work out: each suppressed cell's range given the published cells, the
 * lines' sums and every suppressed cell ≥ 1. Bounds are made integral: exact for the network
 * (totally unimodular) systems that one- and two-way tables linked by shared margins form.
 */
function attackRanges(
  system: LinkedSystem,
  suppressed: readonly boolean[],
): { unknowns: number[]; rangeOf: (cell: number) => CellBounds; isWideEnough: (cell: number, threshold: number) => boolean } {
  const unknowns = system.values.flatMap((_, c) => (suppressed[c] ? [c] : []));
  const variable = new Map(unknowns.map((c, v) => [c, v]));
  const equations: LinearEquation[] = [];
  for (const line of system.lines) {
    // Σ parts − total = 0, with the published cells moved to the right-hand side.
    const signed = [...line.parts.map((c) => ({ c, coefficient: 1 })), { c: line.total, coefficient: -1 }];
    const terms = signed.flatMap(({ c, coefficient }) => (suppressed[c] ? [{ variable: variable.get(c) as number, coefficient }] : []));
    if (terms.length === 0) continue;
    const rhs = -sum(signed.map(({ c, coefficient }) => (suppressed[c] ? 0 : coefficient * count(system, c))));
    equations.push({ terms, rhs });
  }
  const solver = new RangeSolver(equations, unknowns.map(() => 1));
  const rangeOf = (cell: number): CellBounds => {
    const { min, max } = solver.range(variable.get(cell) as number);
    return { min: Math.ceil(min - 1e-7), max: max === null ? null : Math.floor(max + 1e-7) };
  };
  // The audit's question, answered with one LP when the cell is unbounded above.
  const isWideEnough = (cell: number, threshold: number): boolean => {
    const max = solver.max(variable.get(cell) as number);
    if (max === null) return true;
    return Math.floor(max + 1e-7) - Math.ceil(solver.min(variable.get(cell) as number) - 1e-7) >= threshold;
  };
  return { unknowns, rangeOf, isWideEnough };
}

type CellBounds = { min: number; max: number | null };

/**
 * One more suppression for a cell whose range is too narrow: a part of one of its lines (by the
 * same preference as the line rule), else the smallest total of its lines, else the smallest
 * non-zero cell left anywhere.
 */
function widen(system: LinkedSystem, suppressed: boolean[], cell: number): number | null {
  const lines = linesOf(system, cell);
  const part = best(lines.flatMap((line) => candidatesIn(system, suppressed, line)));
  if (part !== null) return part;
  const bySize = (cells: number[]) => cells.filter((c) => !suppressed[c] && count(system, c) > 0).sort((a, b) => count(system, a) - count(system, b) || a - b)[0];
  return bySize(lines.map((l) => l.total)) ?? bySize(system.values.map((_, c) => c)) ?? null;
}

function decideSuppression(system: LinkedSystem, threshold: number): boolean[] {
  // Primary: 0 < n < k, totals included; zeros are shown.
  const suppressed = system.values.map((_, c) => count(system, c) > 0 && count(system, c) < threshold);
  for (;;) {
    suppressByLines(system, suppressed, threshold);
    // Smallest cells first: their ranges are the likeliest to be too narrow.
    const { unknowns, isWideEnough } = attackRanges(system, suppressed);
    unknowns.sort((a, b) => count(system, a) - count(system, b) || a - b);
    const failing = unknowns.find((c) => !isWideEnough(c, threshold));
    if (failing === undefined) return suppressed;
    const next = widen(system, suppressed, failing);
    // Unreachable: once every non-zero cell is hidden, every range is unbounded.
    if (next === null) throw new Error("Suppression cannot protect these tables");
    suppressed[next] = true;
  }
}

function publish(value: number, suppressed: boolean, threshold: number): PublishedCell {
  return suppressed ? { value: null, suppressed: true, display: `<${threshold}` } : { value, suppressed: false, display: String(value) };
}

/**
 * Publishes tables of the same population with primary and secondary suppression and the audit
 * (domain.md §8): primary 0 < n < k (totals too, zeros shown); a line (a row or column of a
 * table, totals included) with exactly one suppressed cell gets a second; a one-way table's
 * suppressed categories must sum to at least k; then, until it holds, every suppressed cell's
 * range — solved exactly over all the tables at once — must span at least k.
 */
export function suppressTables(tables: readonly CountTable[], threshold = defaultSuppressionThreshold): PublishedTable[] {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`The threshold must be a whole number ≥ 1, got ${threshold}`);
  const system = buildSystem(tables, tables.map(valuesFromCounts));
  const suppressed = decideSuppression(system, threshold);
  const out = (c: number) => publish(count(system, c), suppressed[c], threshold);
  return tables.map((table, t) => {
    const place = system.layout[t];
    if (!isTwoWay(table)) return { cells: place.cells[0].map(out), total: out(place.total) };
    return { cells: place.cells.map((row) => row.map(out)), rowTotals: place.rowTotals.map(out), columnTotals: place.columnTotals.map(out), total: out(place.total) };
  });
}

/** One table by one dimension, with its total (domain.md §8). */
export function suppressOneWayTable(counts: readonly number[], threshold = defaultSuppressionThreshold): PublishedOneWayTable {
  const categories = counts.map((_, i) => String(i));
  return suppressTables([{ dimension: "category", categories, counts }], threshold)[0] as PublishedOneWayTable;
}

/** One row × column table with row, column and grand totals (domain.md §8). */
export function suppressTwoWayTable(counts: readonly (readonly number[])[], threshold = defaultSuppressionThreshold): PublishedTwoWayTable {
  const rows = counts.map((_, i) => String(i));
  const columns = (counts[0] ?? []).map((_, j) => String(j));
  return suppressTables([{ rowDimension: "row", rows, columnDimension: "column", columns, counts }], threshold)[0] as PublishedTwoWayTable;
}

function publishedValues(table: PublishedTable): TableValues {
  const value = (cell: PublishedCell) => cell.value;
  if ("rowTotals" in table) {
    return { cells: table.cells.map((r) => r.map(value)), rowTotals: table.rowTotals.map(value), columnTotals: table.columnTotals.map(value), total: value(table.total) };
  }
  return { cells: [table.cells.map(value)], rowTotals: [], columnTotals: [], total: value(table.total) };
}

/**
 * The attacker's check (domain.md §8 audit): from the published tables alone — their shapes and
 * numbers, their sums, counts ≥ 0 and suppressed cells ≥ 1 — each suppressed cell's smallest and
 * largest possible value, by the exact linear program over all the tables together.
 */
export function suppressedCellRanges(shapes: readonly TableShape[], published: readonly PublishedTable[]): CellRange[] {
  const system = buildSystem(shapes, published.map(publishedValues));
  const suppressed = system.values.map((v) => v === null);
  const { unknowns, rangeOf } = attackRanges(system, suppressed);
  return unknowns.map((c) => ({ key: system.keys[c], ...rangeOf(c) }));
}
