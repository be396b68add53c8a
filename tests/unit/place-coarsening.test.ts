// Row-level data for evaluators is not unique (domain.md §8): the place is coarsened hromada →
// raion → oblast → suppressed until every combination of place, sex, age band and displacement
// status stands for at least k people; what still cannot is withheld.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coarsenPlaces, coarseningSummary, quasiIdentifierKey, type PlaceDecision, type QuasiIdentifiers } from "~/modules/cases/place-coarsening";

type Row = QuasiIdentifiers;

function person(hromadaPcode: string | null, overrides: Partial<Row> = {}): Row {
  return {
    hromadaPcode,
    raionPcode: hromadaPcode ? hromadaPcode.slice(0, 6) : null,
    oblastPcode: hromadaPcode ? hromadaPcode.slice(0, 4) : null,
    sex: "female",
    ageBand: "25-34",
    displacementStatus: "idp",
    ...overrides,
  };
}

const times = <T,>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

describe("coarsenPlaces", () => {
  it("keeps the hromada where at least k people share the combination", () => {
    const rows = times(5, () => person("UA1202001"));
    expect(coarsenPlaces(rows, 5)).toEqual(times<PlaceDecision>(5, () => ({ withheld: false, level: "hromada", pcode: "UA1202001" })));
  });

  it("moves small hromada groups up to their raion together", () => {
    const rows = [...times(5, () => person("UA1202001")), ...times(2, () => person("UA1202025")), ...times(3, () => person("UA1202031"))];
    const decisions = coarsenPlaces(rows, 5);
    expect(decisions.slice(0, 5).every((decision) => decision.level === "hromada" && decision.pcode === "UA1202001")).toBe(true);
    expect(decisions.slice(5)).toEqual(times<PlaceDecision>(5, () => ({ withheld: false, level: "raion", pcode: "UA1202" })));
  });

  it("goes on to the oblast, then suppresses the place, then withholds", () => {
    const rows = [
      ...times(3, () => person("UA1202001")),
      ...times(2, () => person("UA1206017")), // another raion of the same oblast: 3 + 2 at oblast level
      person("UA4606025", { sex: "male" }), // alone everywhere, but 4 more men without place
      ...times(4, () => person("UA6302001", { sex: "male" })),
      person("UA5102001", { ageBand: "60+" }), // nobody like her at all
    ];
    const decisions = coarsenPlaces(rows, 5);
    expect(decisions.slice(0, 5).map((decision) => [decision.level, decision.pcode])).toEqual(times(5, () => ["oblast", "UA12"]));
    expect(decisions.slice(5, 10).map((decision) => [decision.level, decision.pcode])).toEqual(times(5, () => ["suppressed", null]));
    expect(decisions[10]).toEqual({ withheld: true, level: null, pcode: null });
    expect(coarseningSummary(decisions)).toEqual({ hromada: 0, raion: 0, oblast: 5, suppressed: 5, withheld: 1 });
  });

  it("counts people, not rows: one person's two cases are one", () => {
    const fiveRowsFourPeople = [0, 1, 2, 7, 7].map((personKey) => person("UA1202001", { personKey }));
    expect(coarsenPlaces(fiveRowsFourPeople, 5).every((decision) => decision.withheld)).toBe(true);
    const fivePeople = [0, 1, 2, 3, 7].map((personKey) => person("UA1202001", { personKey }));
    expect(coarsenPlaces(fivePeople, 5).every((decision) => decision.level === "hromada")).toBe(true);
  });

  it("starts a row without a hromada at its oblast, and skips a missing raion", () => {
    const rows = [...times(5, () => person(null, { oblastPcode: "UA12" })), ...times(5, () => person("UA1202001", { raionPcode: null }))];
    const decisions = coarsenPlaces(rows, 6);
    // 5 at hromada are too few and have no raion: with the 5 without a hromada they make 10 in UA12.
    expect(decisions.every((decision) => decision.level === "oblast" && decision.pcode === "UA12")).toBe(true);
  });

  it("never publishes finer than a place already shown coarser", () => {
    const rows = times(6, () => person("UA1202001", { coarsestShown: "raion" }));
    expect(coarsenPlaces(rows, 5).every((decision) => decision.level === "raion" && decision.pcode === "UA1202")).toBe(true);
  });

  it("refuses a threshold below 1", () => {
    expect(() => coarsenPlaces([person("UA1202001")], 0)).toThrow(RangeError);
  });
});

// Random populations over a small hierarchy, so that groups of every size occur.
const hromadaCodes = ["UA1202001", "UA1202025", "UA1206017", "UA4606025", "UA4606037", "UA4612001", "UA6302001"];
const rowArbitrary: fc.Arbitrary<Row> = fc
  .record({
    hromada: fc.option(fc.constantFrom(...hromadaCodes), { freq: 6 }),
    raionKnown: fc.constantFrom(true, true, true, true, true, true, true, true, true, false),
    sex: fc.constantFrom("female", "male"),
    ageBand: fc.constantFrom("18-24", "25-34", "35-49", "50-59", "60+"),
    displacementStatus: fc.constantFrom("idp", "host", "returnee", null),
    personKey: fc.integer({ min: 0, max: 400 }),
  })
  .map(({ hromada, raionKnown, sex, ageBand, displacementStatus, personKey }) => ({
    hromadaPcode: hromada,
    raionPcode: hromada && raionKnown ? hromada.slice(0, 6) : null,
    oblastPcode: hromada ? hromada.slice(0, 4) : "UA80",
    sex,
    ageBand,
    displacementStatus,
    personKey,
  }));

function publishedGroups(rows: Row[], decisions: PlaceDecision[]) {
  const groups = new Map<string, Set<string | number>>();
  decisions.forEach((decision, index) => {
    if (decision.withheld) return;
    const key = quasiIdentifierKey(decision.pcode, rows[index]);
    const people = groups.get(key) ?? new Set();
    people.add(rows[index].personKey ?? `row:${index}`);
    groups.set(key, people);
  });
  return groups;
}

describe("coarsenPlaces on random populations", () => {
  it("publishes no combination of place, sex, age band and displacement status for fewer than k people", () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 250 }), fc.integer({ min: 1, max: 10 }), (rows, k) => {
        const decisions = coarsenPlaces(rows, k);
        expect(decisions).toHaveLength(rows.length);
        for (const people of publishedGroups(rows, decisions).values()) expect(people.size).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 300 },
    );
  });

  it("publishes each row at a level it has, with that level's own P-code", () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 150 }), fc.integer({ min: 1, max: 8 }), (rows, k) => {
        coarsenPlaces(rows, k).forEach((decision, index) => {
          if (decision.withheld) return;
          const row = rows[index];
          const expected = { hromada: row.hromadaPcode, raion: row.raionPcode, oblast: row.oblastPcode, suppressed: null }[decision.level];
          expect(decision.pcode).toBe(expected);
          if (decision.level !== "suppressed") expect(decision.pcode).not.toBeNull();
        });
      }),
      { numRuns: 200 },
    );
  });

  it("coarsens only where needed: a hromada group of k people or more stays a hromada", () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 150 }), fc.integer({ min: 1, max: 8 }), (rows, k) => {
        const atHromada = new Map<string, Set<string | number>>();
        rows.forEach((row, index) => {
          if (!row.hromadaPcode) return;
          const key = quasiIdentifierKey(row.hromadaPcode, row);
          atHromada.set(key, (atHromada.get(key) ?? new Set()).add(row.personKey ?? index));
        });
        coarsenPlaces(rows, k).forEach((decision, index) => {
          const row = rows[index];
          if (row.hromadaPcode && atHromada.get(quasiIdentifierKey(row.hromadaPcode, row))!.size >= k) {
            expect(decision).toEqual({ withheld: false, level: "hromada", pcode: row.hromadaPcode });
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it("re-coarsening a published subset, never finer than published, keeps the subset k-anonymous", () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 200 }), fc.integer({ min: 2, max: 6 }), fc.array(fc.boolean(), { maxLength: 200 }), (rows, k, keep) => {
        const first = coarsenPlaces(rows, k);
        const subset = rows.flatMap((row, index) => {
          const decision = first[index];
          return !decision.withheld && (keep[index] ?? true) ? [{ ...row, coarsestShown: decision.level }] : [];
        });
        const second = coarsenPlaces(subset, k);
        const order = ["hromada", "raion", "oblast", "suppressed"];
        second.forEach((decision, index) => {
          if (!decision.withheld) expect(order.indexOf(decision.level)).toBeGreaterThanOrEqual(order.indexOf(subset[index].coarsestShown!));
        });
        for (const people of publishedGroups(subset, second).values()) expect(people.size).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 200 },
    );
  });
});
