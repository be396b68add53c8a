/**
 * The parts of a dry run's report that people work with (pure, shared by the dry run, the import
 * and the tests): reasons grouped with their counts, and rows of the file that share an identity
 * number, with the row whose number is probably mistyped found through the birth date and sex
 * the RNOKPP encodes (domain.md §2).
 */
import { ageOn } from "~/modules/intake/age";
import { birthDatesMatch, namesMatch } from "~/modules/intake/name-matching";
import { decodeRnokpp } from "~/modules/intake/rnokpp";
import type { RowError } from "./reasons";

export type ReasonGroup = { field: string; message: string; params?: RowError["params"]; rows: number; examples: number[] };

const examplesPerReason = 10;

/**
 * The rows' reasons grouped by field and message (values such as the unmapped choice set apart,
 * so "sex: «x» is not mapped" and "sex: «y» is not mapped" stay two groups), most frequent first.
 */
export function groupReasons(rows: ReadonlyArray<{ row: number; reasons: readonly RowError[] }>): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const { row, reasons } of rows) {
    const seen = new Set<string>();
    for (const reason of reasons) {
      const key = `${reason.field}\n${reason.message}\n${JSON.stringify(reason.params ?? {})}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const group = groups.get(key) ?? { field: reason.field, message: reason.message, params: reason.params, rows: 0, examples: [] };
      group.rows += 1;
      if (group.examples.length < examplesPerReason) group.examples.push(row);
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort((a, b) => b.rows - a.rows || a.examples[0] - b.examples[0]);
}

/** How many rows lack each field needed later, most frequent first. */
export function countMissing(rows: ReadonlyArray<{ missing: readonly string[] }>): Array<{ field: string; rows: number }> {
  const counts = new Map<string, number>();
  for (const { missing } of rows) for (const field of missing) counts.set(field, (counts.get(field) ?? 0) + 1);
  return [...counts].map(([field, rows]) => ({ field, rows })).sort((a, b) => b.rows - a.rows || a.field.localeCompare(b.field));
}

export type IdentityRow = {
  row: number;
  name: string;
  applicationDate: string | null;
  stated: { sex: string | null; birthDate: string | null; age: number | null };
};

/**
 * Whether what a row says of the person fits the birth date and sex its RNOKPP encodes: true
 * (everything stated fits), false (something contradicts it), null (the row states nothing to
 * compare). A stated age fits within a year; a birth date with day and month swapped fits.
 */
export function fitsRnokpp(rnokpp: string, row: IdentityRow): boolean | null {
  const decoded = decodeRnokpp(rnokpp);
  if (!decoded.ok) return null;
  const checks: boolean[] = [];
  if (row.stated.sex) checks.push(row.stated.sex === decoded.sex);
  if (row.stated.birthDate) checks.push(birthDatesMatch(row.stated.birthDate, decoded.birthDate));
  else if (row.stated.age !== null && row.applicationDate && decoded.birthDate < row.applicationDate) {
    checks.push(Math.abs(ageOn(decoded.birthDate, row.applicationDate) - row.stated.age) <= 1);
  }
  if (checks.length === 0) return null;
  return checks.every(Boolean);
}

export type SharedIdentity = {
  kind: "rnokpp" | "passport";
  rows: Array<{ row: number; name: string; fits: boolean | null }>;
  /** The row kept (its number is its own), or null when the file cannot tell whose it is. */
  kept: number | null;
  /** Rows whose number is probably mistyped: what they say of the person contradicts it. */
  probablyMistyped: number[];
};

/**
 * Decides rows that share an identity number. The same person sent twice (names alike) keeps
 * the first row. Otherwise the number belongs to the one row that fits its encoded birth date and
 * sex (for a passport nothing is encoded: nobody is kept); rows that contradict it are probably
 * mistyped. When no single row fits, no row keeps the number.
 */
export function decideSharedIdentity(kind: "rnokpp" | "passport", number: string, rows: readonly IdentityRow[]): SharedIdentity {
  const described = rows.map((row) => ({ row: row.row, name: row.name, fits: kind === "rnokpp" ? fitsRnokpp(number, row) : null }));
  const probablyMistyped = described.filter((row) => row.fits === false).map((row) => row.row);
  const sameperson = rows.every((row) => namesMatch(row.name, rows[0].name));
  let kept: number | null = null;
  if (sameperson && probablyMistyped.length === 0) kept = rows[0].row;
  else {
    const fitting = described.filter((row) => row.fits === true);
    if (fitting.length === 1) kept = fitting[0].row;
  }
  return { kind, rows: described, kept, probablyMistyped };
}
