/**
 * Row-level data for evaluators is pseudonymised *and* not unique (domain.md §8): no combination
 * of place, sex, age band and displacement status may single out fewer than k people. The place
 * is coarsened hromada → raion → oblast → suppressed, per group of rows, until it holds.
 *
 * Pure: rows in, one decision per row out, so the export, the case list and the case page share
 * it and the property test can run it on random populations. How it works:
 * - every row starts at its finest known place (no hromada: its oblast; no raion: skip it);
 * - at each level, rows still waiting are grouped on (place at that level, sex, age band,
 *   displacement status); a group of at least k people is published at that level, a smaller
 *   one moves up a level together;
 * - a group still below k with the place suppressed is withheld: the caller leaves those rows
 *   out and says how many.
 * Groups count people, not rows: one person with cases in two programmes is one person.
 */

export const placeLevels = ["hromada", "raion", "oblast", "suppressed"] as const;
export type PlaceLevel = (typeof placeLevels)[number];

export type QuasiIdentifiers = {
  hromadaPcode: string | null;
  /** The hromada's raion (its parent in the COD-AB table), when known. */
  raionPcode: string | null;
  oblastPcode: string | null;
  // Null when not recorded (an import without sex or RNOKPP): a value of its own, like any other.
  sex: string | null;
  ageBand: string | null;
  displacementStatus: string | null;
  /** Who the row is about; rows without it count as one person each. */
  personKey?: string | number;
  /** Never published finer than this (the place another release already showed coarser). */
  coarsestShown?: PlaceLevel;
};

export type PlaceDecision =
  | { withheld: false; level: PlaceLevel; pcode: string | null }
  | { withheld: true; level: null; pcode: null };

function pcodeAt(row: QuasiIdentifiers, level: PlaceLevel): string | null {
  switch (level) {
    case "hromada":
      return row.hromadaPcode;
    case "raion":
      return row.raionPcode;
    case "oblast":
      return row.oblastPcode;
    case "suppressed":
      return null;
  }
}

/** The levels a row may be published at, finest first (a level without a P-code is skipped). */
function availableLevels(row: QuasiIdentifiers): PlaceLevel[] {
  const floor = placeLevels.indexOf(row.coarsestShown ?? "hromada");
  return placeLevels.filter((level, index) => index >= floor && (level === "suppressed" || pcodeAt(row, level) !== null));
}

// Control characters cannot occur in P-codes or our enum values, so the key is unambiguous.
const separator = "\u0001";
const absent = "\u0002";

/** The key the evaluator sees for a row published at `level`. */
export function quasiIdentifierKey(place: string | null, row: Pick<QuasiIdentifiers, "sex" | "ageBand" | "displacementStatus">): string {
  return [place ?? absent, row.sex ?? absent, row.ageBand ?? absent, row.displacementStatus ?? absent].join(separator);
}

export function coarsenPlaces(rows: readonly QuasiIdentifiers[], k: number): PlaceDecision[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
  const decisions: Array<PlaceDecision | undefined> = new Array(rows.length);
  const ladders = rows.map(availableLevels);
  // Where each row waits: an index into its own ladder.
  const step = new Array<number>(rows.length).fill(0);
  let waiting = rows.map((_, index) => index);
  for (const level of placeLevels) {
    const groups = new Map<string, { members: number[]; people: Set<string | number> }>();
    const later: number[] = [];
    for (const index of waiting) {
      if (ladders[index][step[index]] !== level) {
        later.push(index);
        continue;
      }
      const row = rows[index];
      const key = quasiIdentifierKey(pcodeAt(row, level), row);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { members: [], people: new Set() }));
      group.members.push(index);
      group.people.add(row.personKey ?? `row:${index}`);
    }
    for (const { members, people } of groups.values()) {
      if (people.size >= k) {
        for (const index of members) decisions[index] = { withheld: false, level, pcode: pcodeAt(rows[index], level) };
        continue;
      }
      for (const index of members) {
        step[index] += 1;
        if (step[index] < ladders[index].length) later.push(index);
        else decisions[index] = { withheld: true, level: null, pcode: null };
      }
    }
    waiting = later;
  }
  return decisions.map((decision) => decision ?? { withheld: true, level: null, pcode: null });
}

/** How many rows were published at each level, and how many withheld: the file's note. */
export function coarseningSummary(decisions: readonly PlaceDecision[]): Record<PlaceLevel | "withheld", number> {
  const summary: Record<PlaceLevel | "withheld", number> = { hromada: 0, raion: 0, oblast: 0, suppressed: 0, withheld: 0 };
  for (const decision of decisions) summary[decision.withheld ? "withheld" : decision.level] += 1;
  return summary;
}
