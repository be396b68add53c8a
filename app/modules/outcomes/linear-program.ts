// A small dense simplex for the suppression audit (domain.md §8): the smallest and largest value
// each unknown of a linear system can take. Two-phase tableau with Bland's rule (no cycling on
// the degenerate systems tables produce). For the constraint matrices of 1-D and 2-D tables
// with margins — network matrices, totally unimodular — every vertex is integral, so the
// bounds found are exactly the integer bounds an attacker can reach.

export interface LinearEquation {
  /** Coefficient by variable index; variables not listed have coefficient 0. */
  terms: readonly { variable: number; coefficient: number }[];
  rhs: number;
}

export interface VariableRange {
  min: number;
  /** Null when the variable can grow without bound. */
  max: number | null;
}

const eps = 1e-9;

class Tableau {
  // rows[i] = coefficients of the basic variable basis[i], then the right-hand side last.
  constructor(
    public rows: number[][],
    public basis: number[],
    public width: number,
  ) {}

  clone(): Tableau {
    return new Tableau(
      this.rows.map((r) => [...r]),
      [...this.basis],
      this.width,
    );
  }

  pivot(row: number, column: number) {
    const pivotRow = this.rows[row];
    const p = pivotRow[column];
    for (let j = 0; j <= this.width; j++) pivotRow[j] /= p;
    this.rows.forEach((r, i) => {
      if (i === row || Math.abs(r[column]) < eps) return;
      const f = r[column];
      for (let j = 0; j <= this.width; j++) r[j] -= f * pivotRow[j];
    });
    this.basis[row] = column;
  }

  /** Minimises cost·x over the columns allowed (Bland's rule); false when unbounded. */
  minimise(cost: number[], allowed: (column: number) => boolean): boolean {
    // Reduced costs: cost_j − Σ_i cost_{basis_i} · rows[i][j], kept up to date by each pivot.
    const reduced = [...cost, 0];
    this.rows.forEach((r, i) => {
      const c = cost[this.basis[i]];
      if (c !== 0) for (let j = 0; j <= this.width; j++) reduced[j] -= c * r[j];
    });
    const basic = new Set(this.basis);
    for (;;) {
      let entering = -1;
      for (let j = 0; j < this.width; j++) {
        if (reduced[j] < -eps && allowed(j) && !basic.has(j)) {
          entering = j;
          break;
        }
      }
      if (entering < 0) return true;
      let leaving = -1;
      let best = Infinity;
      this.rows.forEach((r, i) => {
        if (r[entering] <= eps) return;
        const ratio = r[this.width] / r[entering];
        if (ratio < best - eps || (Math.abs(ratio - best) <= eps && this.basis[i] < this.basis[leaving])) {
          best = ratio;
          leaving = i;
        }
      });
      if (leaving < 0) return false;
      basic.delete(this.basis[leaving]);
      basic.add(entering);
      this.pivot(leaving, entering);
      const f = reduced[entering];
      const pivotRow = this.rows[leaving];
      for (let j = 0; j <= this.width; j++) reduced[j] -= f * pivotRow[j];
    }
  }

  valueOf(variable: number): number {
    const i = this.basis.indexOf(variable);
    return i < 0 ? 0 : this.rows[i][this.width];
  }
}

/**
 * The ranges of the unknowns of Σ a_ij x_j = b_i with x_j ≥ lower_j, one variable at a time:
 * phase 1 (a feasible basis) is solved once, each range then costs two short phase-2 runs.
 * Throws when the system has no solution (a published table always has one: its true values).
 */
export class RangeSolver {
  private readonly tableau: Tableau;
  private readonly n: number;

  constructor(
    equations: readonly LinearEquation[],
    private readonly lower: readonly number[],
  ) {
    const n = lower.length;
    this.n = n;
    // Shift to y = x − lower ≥ 0 and make every right-hand side non-negative.
    const rows = equations
      .map((eq) => {
        const row = new Array<number>(n).fill(0);
        let rhs = eq.rhs;
        for (const { variable, coefficient } of eq.terms) {
          row[variable] += coefficient;
          rhs -= coefficient * lower[variable];
        }
        return rhs < 0 ? { row: row.map((a) => -a), rhs: -rhs } : { row, rhs };
      })
      .filter(({ row, rhs }) => {
        if (row.some((a) => a !== 0)) return true;
        if (Math.abs(rhs) > eps) throw new RangeError("The system has no solution");
        return false;
      });
    const m = rows.length;
    const width = n + m;
    // Phase 1: artificial variables n … n+m−1 start in the basis.
    const tableau = new Tableau(
      rows.map(({ row, rhs }, i) => [...row, ...rows.map((_, k) => (k === i ? 1 : 0)), rhs]),
      rows.map((_, i) => n + i),
      width,
    );
    tableau.minimise(
      Array.from({ length: width }, (_, j) => (j >= n ? 1 : 0)),
      () => true,
    );
    const infeasibility = tableau.rows.reduce((total, r, i) => total + (tableau.basis[i] >= n ? r[width] : 0), 0);
    if (infeasibility > 1e-7) throw new RangeError("The system has no solution");
    // Drive the artificials (now at 0) out of the basis; a row with no other entry is redundant.
    for (let i = tableau.rows.length - 1; i >= 0; i--) {
      if (tableau.basis[i] < n) continue;
      const column = tableau.rows[i].findIndex((a, j) => j < n && Math.abs(a) > eps);
      if (column >= 0) tableau.pivot(i, column);
      else {
        tableau.rows.splice(i, 1);
        tableau.basis.splice(i, 1);
      }
    }
    this.tableau = tableau;
  }

  /** The smallest value of a variable. */
  min(variable: number): number {
    // y ≥ 0, so minimising y_v is never unbounded.
    return this.lower[variable] + (this.optimum(variable, 1) as number);
  }

  /** The largest value of a variable; null when unbounded. */
  max(variable: number): number | null {
    const y = this.optimum(variable, -1);
    return y === null ? null : this.lower[variable] + y;
  }

  range(variable: number): VariableRange {
    return { min: this.min(variable), max: this.max(variable) };
  }

  // The optimal y_v when minimising sign · y_v from the feasible basis; null when unbounded.
  private optimum(variable: number, sign: 1 | -1): number | null {
    const cost = new Array<number>(this.tableau.width).fill(0);
    cost[variable] = sign;
    const tableau = this.tableau.clone();
    return tableau.minimise(cost, (j) => j < this.n) ? tableau.valueOf(variable) : null;
  }
}

/** Every variable's range (see RangeSolver). */
export function variableRanges(equations: readonly LinearEquation[], lower: readonly number[]): VariableRange[] {
  const solver = new RangeSolver(equations, lower);
  return lower.map((_, v) => solver.range(v));
}
