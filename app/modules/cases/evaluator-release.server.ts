/**
 * The evaluators' release of row-level data (domain.md §8): every case an evaluator may read,
 * with its quasi-identifiers (place, sex, age band, displacement status) coarsened over the whole
 * release so that none singles out fewer than k people. The case page and the export take their
 * places from the same computation, so joining them on the case code reveals nothing finer; an
 * export of a filtered list is coarsened again within its own rows, never finer than the release.
 */
import { and, eq, gt, inArray, isNull, lte, max, ne, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type AppDatabase } from "~/lib/db.server";
import { kyivToday } from "~/lib/kyiv-date";
import type { ReadSnapshot } from "~/lib/read-snapshot.server";
import type { AgeBand } from "~/modules/intake/age";
import { ageBandsOn } from "./age-band-cutoffs";
import { caseListConditions } from "./case-list.server";
import type { CaseListFilter } from "./case-list-filter";
import { allowedCaseListFilter, type ReleasedCaseRow, type ReleasedQuasiIdentifiers } from "./case-views";
import { coarsenPlaces, coarseningSummary, type PlaceDecision, type QuasiIdentifiers } from "./place-coarsening";

const defaultThreshold = 5;

/**
 * k of the release: the strictest small-cell threshold of the programmes it spans (one release
 * covers them all, so the programme that asks most is served).
 */
export function releaseThreshold(): number {
  const row = db.select({ k: max(schema.programmes.smallCellThreshold) }).from(schema.programmes).get();
  return row?.k ?? defaultThreshold;
}

const hromadas = alias(schema.adminUnits, "hromadas");

// One query for the whole release: the raion is the hromada's parent in the COD-AB table.
function releaseRowsQuery(where: SQL | undefined, database: AppDatabase = db) {
  return database
    .select({
      caseId: schema.cases.id,
      personId: schema.cases.personId,
      hromadaPcode: schema.cases.hromadaPcode,
      raionPcode: hromadas.parentPcode,
      oblastPcode: schema.cases.oblastPcode,
      sex: schema.persons.sex,
      birthDate: schema.persons.birthDate,
      displacementStatus: schema.cases.displacementStatus,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .leftJoin(hromadas, and(eq(hromadas.pcode, schema.cases.hromadaPcode), eq(hromadas.level, 3)))
    // A merged case is a copy of a person recorded elsewhere: not a person of its own.
    .where(and(ne(schema.cases.status, "merged"), where));
}

function releaseRows(where: SQL | undefined) {
  return releaseRowsQuery(where).all();
}

type ReleaseRow = ReturnType<typeof releaseRows>[number];

function quasiIdentifiers(row: ReleaseRow, bandOf: (birthDate: string | null) => AgeBand | null): QuasiIdentifiers & { caseId: number } {
  return {
    caseId: row.caseId,
    hromadaPcode: row.hromadaPcode,
    raionPcode: row.raionPcode,
    oblastPcode: row.oblastPcode,
    sex: row.sex,
    ageBand: bandOf(row.birthDate),
    displacementStatus: row.displacementStatus,
    personKey: row.personId,
  };
}

function released(row: QuasiIdentifiers, decision: PlaceDecision): ReleasedQuasiIdentifiers {
  if (decision.withheld) return { withheld: true, placeLevel: null, placePcode: null, sex: null, ageBand: null, displacementStatus: null };
  return { withheld: false, placeLevel: decision.level, placePcode: decision.pcode, sex: row.sex, ageBand: row.ageBand, displacementStatus: row.displacementStatus };
}

/** The whole release: each case's published quasi-identifiers, by case id. */
export function evaluatorRelease(today = kyivToday(), k = releaseThreshold()): Map<number, ReleasedQuasiIdentifiers> {
  const { bandOf } = ageBandsOn(today);
  const rows = releaseRows(undefined).map((row) => quasiIdentifiers(row, bandOf));
  const decisions = coarsenPlaces(rows, k);
  return new Map(rows.map((row, index) => [row.caseId, released(row, decisions[index])]));
}

/**
 * One case's published quasi-identifiers for its page. Every group of the coarsening shares sex,
 * age band and displacement status, so the cases that share the case's own three decide its
 * place exactly as the whole release would, at a fraction of the reading.
 */
export function releasedQuasiIdentifiersOf(caseId: number, today = kyivToday(), k = releaseThreshold()): ReleasedQuasiIdentifiers {
  const own = releaseRows(eq(schema.cases.id, caseId))[0];
  if (!own) return { withheld: true, placeLevel: null, placePcode: null, sex: null, ageBand: null, displacementStatus: null };
  const { bandOf, bornWithin } = ageBandsOn(today);
  const ownRow = quasiIdentifiers(own, bandOf);
  const sameDisplacement = own.displacementStatus === null ? isNull(schema.cases.displacementStatus) : eq(schema.cases.displacementStatus, own.displacementStatus);
  const band = bandOf(own.birthDate);
  const born = band === null ? null : bornWithin(band);
  // People without a recorded sex or birth date are look-alikes of each other (their own group).
  const sameSex = own.sex === null ? isNull(schema.persons.sex) : eq(schema.persons.sex, own.sex);
  const sameBand = born === null ? isNull(schema.persons.birthDate) : and(lte(schema.persons.birthDate, born.upTo), born.after ? gt(schema.persons.birthDate, born.after) : undefined);
  const lookAlikes = releaseRows(and(sameSex, sameDisplacement, sameBand)).map((row) => quasiIdentifiers(row, bandOf));
  const decisions = coarsenPlaces(lookAlikes, k);
  const index = lookAlikes.findIndex((row) => row.caseId === caseId);
  return released(ownRow, decisions[index]);
}

// Control characters occur in no P-code or enum value: the keys below are unambiguous.
const keyOf = (...parts: Array<string | null>) => parts.map((part) => part ?? "\u0002").join("\u0001");

type QuasiColumns = Pick<ReleaseRow, "hromadaPcode" | "raionPcode" | "oblastPcode" | "sex" | "displacementStatus">;
const caseKey = (row: QuasiColumns, ageBand: string | null) => keyOf(row.hromadaPcode, row.raionPcode, row.oblastPcode, row.sex, ageBand, row.displacementStatus);
const releasedKey = (one: ReleasedQuasiIdentifiers) => keyOf(one.placeLevel, one.placePcode, one.sex, one.ageBand, one.displacementStatus);

/**
 * The whole release as a function of the quasi-identifiers, not of the cases: coarsenPlaces
 * decides per group, and cases with equal quasi-identifiers fall in the same group at every level,
 * so they are released alike. Reads every case's quasi-identifiers once (the coarsening needs them
 * all) and keeps only one entry per combination, a few thousand at most.
 */
function releaseByQuasiIdentifiers(snapshot: ReadSnapshot, bandOf: (birthDate: string | null) => AgeBand | null, k: number) {
  const rows: QuasiIdentifiers[] = [];
  const keys: string[] = [];
  for (const row of snapshot.iterate(releaseRowsQuery(undefined, snapshot.db))) {
    const quasi = quasiIdentifiers(row, bandOf);
    rows.push(quasi);
    keys.push(caseKey(row, quasi.ageBand));
  }
  const decisions = coarsenPlaces(rows, k);
  const byKey = new Map<string, ReleasedQuasiIdentifiers>();
  keys.forEach((key, index) => {
    if (!byKey.has(key)) byKey.set(key, released(rows[index], decisions[index]));
  });
  return byKey;
}

/**
 * The evaluator's export: the filtered cases with their released quasi-identifiers, coarsened
 * again within the file so that the file alone singles nobody out either. Withheld rows are
 * left out and counted for the file's note. Streamed from a snapshot in three reads: the whole
 * release's quasi-identifiers (to coarsen), the file's (to coarsen again within the file: counts
 * per released combination), then the rows themselves, one at a time as the file is written.
 */
export function releaseExport(snapshot: ReadSnapshot, user: CurrentUser, requested: CaseListFilter, today = kyivToday()) {
  const filter = allowedCaseListFilter("pseudonymised", requested);
  const k = releaseThreshold();
  const { bandOf } = ageBandsOn(today);
  const release = releaseByQuasiIdentifiers(snapshot, bandOf, k);
  // The file's cases with their quasi-identifiers, read twice: to count, then to write.
  const listed = () =>
    snapshot.db
      .select({
        caseId: schema.cases.id,
        personId: schema.cases.personId,
        hromadaPcode: schema.cases.hromadaPcode,
        raionPcode: hromadas.parentPcode,
        oblastPcode: schema.cases.oblastPcode,
        sex: schema.persons.sex,
        birthDate: schema.persons.birthDate,
        displacementStatus: schema.cases.displacementStatus,
        caseCode: schema.cases.caseCode,
        programmeCode: schema.programmes.code,
        stage: schema.cases.stage,
        status: schema.cases.status,
        eligibility: schema.cases.eligibility,
        vulnerabilityScore: schema.cases.vulnerabilityScore,
        applicationDate: schema.cases.applicationDate,
      })
      .from(schema.cases)
      .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cases.programmeId))
      .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
      .leftJoin(hromadas, and(eq(hromadas.pcode, schema.cases.hromadaPcode), eq(hromadas.level, 3)))
      .where(and(caseListConditions(user, filter), ne(schema.cases.status, "merged")));
  const releasedOf = (row: ReleaseRow) => release.get(caseKey(row, quasiIdentifiers(row, bandOf).ageBand));

  // The file's own coarsening counts rows, not people: each row stands for itself, so rows with
  // the same released values share their fate and one representative per combination suffices.
  let withheldFromRelease = 0;
  const inFile: ReleasedQuasiIdentifiers[] = [];
  const firstOf = new Map<string, { published: ReleasedQuasiIdentifiers; index: number }>();
  for (const row of snapshot.iterate(listed())) {
    const published = releasedOf(row);
    if (!published || published.withheld) {
      withheldFromRelease += 1;
      continue;
    }
    const key = releasedKey(published);
    let first = firstOf.get(key);
    if (!first) firstOf.set(key, (first = { published, index: inFile.length }));
    inFile.push(first.published);
  }
  const { decisions } = coarsenWithinFile(inFile, k);
  const summary = coarseningSummary(decisions);
  const fileDecision = new Map([...firstOf].map(([key, first]) => [key, decisions[first.index]]));

  const found = snapshot.iterate(listed().orderBy(schema.cases.caseCode));
  function* rows(): Generator<ReleasedCaseRow, void, undefined> {
    for (const row of found) {
      const published = releasedOf(row);
      if (!published || published.withheld) continue;
      const decision = fileDecision.get(releasedKey(published));
      if (!decision || decision.withheld) continue;
      yield {
        caseCode: row.caseCode,
        programmeCode: row.programmeCode,
        placeLevel: decision.level,
        placePcode: decision.pcode,
        sex: published.sex!,
        ageBand: published.ageBand,
        displacementStatus: published.displacementStatus,
        stage: row.stage,
        status: row.status,
        eligibility: row.eligibility,
        vulnerabilityScore: row.vulnerabilityScore,
        applicationDate: row.applicationDate,
      };
    }
  }
  const total = decisions.length - summary.withheld;
  return { k, levels: summary, withheld: withheldFromRelease + summary.withheld, total, rows: rows() };
}

/**
 * Released quasi-identifiers (none withheld) coarsened again within one file, so that the file
 * alone singles nobody out and is never finer than the release. Shared by the case export and
 * the case-level outcomes file.
 */
export function coarsenWithinFile(published: ReleasedQuasiIdentifiers[], k: number) {
  const raions = raionsOf(published);
  const quasi: QuasiIdentifiers[] = published.map((one) => ({
    hromadaPcode: one.placeLevel === "hromada" ? one.placePcode : null,
    raionPcode: one.placeLevel === "hromada" ? (raions.get(one.placePcode!) ?? null) : one.placeLevel === "raion" ? one.placePcode : null,
    oblastPcode: one.placeLevel === "suppressed" ? null : one.placePcode!.slice(0, 4),
    sex: one.sex!,
    ageBand: one.ageBand,
    displacementStatus: one.displacementStatus,
    coarsestShown: one.placeLevel!,
  }));
  return { quasi, decisions: coarsenPlaces(quasi, k) };
}

// The raion of each published hromada, in one read.
function raionsOf(published: ReleasedQuasiIdentifiers[]): Map<string, string | null> {
  const pcodes = [...new Set(published.filter((one) => one.placeLevel === "hromada").map((one) => one.placePcode!))];
  if (pcodes.length === 0) return new Map();
  const rows = db
    .select({ pcode: hromadas.pcode, parentPcode: hromadas.parentPcode })
    .from(hromadas)
    .where(and(inArray(hromadas.pcode, pcodes), eq(hromadas.level, 3)))
    .all();
  return new Map(rows.map((row) => [row.pcode, row.parentPcode]));
}
