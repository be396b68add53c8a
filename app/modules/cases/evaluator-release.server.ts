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
import { db, schema } from "~/lib/db.server";
import { kyivToday } from "~/lib/kyiv-date";
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
function releaseRows(where: SQL | undefined) {
  return db
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
    .where(and(ne(schema.cases.status, "merged"), where))
    .all();
}

type ReleaseRow = ReturnType<typeof releaseRows>[number];

function quasiIdentifiers(row: ReleaseRow, bandOf: (birthDate: string) => AgeBand): QuasiIdentifiers & { caseId: number } {
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
  const born = bornWithin(bandOf(own.birthDate));
  const lookAlikes = releaseRows(
    and(eq(schema.persons.sex, own.sex), sameDisplacement, lte(schema.persons.birthDate, born.upTo), born.after ? gt(schema.persons.birthDate, born.after) : undefined),
  ).map((row) => quasiIdentifiers(row, bandOf));
  const decisions = coarsenPlaces(lookAlikes, k);
  const index = lookAlikes.findIndex((row) => row.caseId === caseId);
  return released(ownRow, decisions[index]);
}

/**
 * The evaluator's export: the filtered cases with their released quasi-identifiers, coarsened
 * again within the file so that the file alone singles nobody out either. Withheld rows are
 * left out and counted for the file's note.
 */
export function releaseForExport(user: CurrentUser, requested: CaseListFilter, today = kyivToday()) {
  const filter = allowedCaseListFilter("pseudonymised", requested);
  const k = releaseThreshold();
  const release = evaluatorRelease(today, k);
  const listed = db
    .select({
      caseId: schema.cases.id,
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
    .where(and(caseListConditions(user, filter), ne(schema.cases.status, "merged")))
    .orderBy(schema.cases.caseCode)
    .all();
  const inRelease = listed.flatMap((row) => {
    const published = release.get(row.caseId);
    return published && !published.withheld ? [{ row, published }] : [];
  });
  const withheldFromRelease = listed.length - inRelease.length;
  const raions = raionsOf(inRelease.map(({ published }) => published));
  // Coarsened again from the released values, so the file is never finer than the release.
  const quasi: QuasiIdentifiers[] = inRelease.map(({ published }) => ({
    hromadaPcode: published.placeLevel === "hromada" ? published.placePcode : null,
    raionPcode: published.placeLevel === "hromada" ? (raions.get(published.placePcode!) ?? null) : published.placeLevel === "raion" ? published.placePcode : null,
    oblastPcode: published.placeLevel === "suppressed" ? null : published.placePcode!.slice(0, 4),
    sex: published.sex!,
    ageBand: published.ageBand,
    displacementStatus: published.displacementStatus,
    coarsestShown: published.placeLevel!,
  }));
  const decisions = coarsenPlaces(quasi, k);
  const rows: ReleasedCaseRow[] = [];
  decisions.forEach((decision, index) => {
    if (decision.withheld) return;
    const { row } = inRelease[index];
    rows.push({
      caseCode: row.caseCode,
      programmeCode: row.programmeCode,
      placeLevel: decision.level,
      placePcode: decision.pcode,
      sex: quasi[index].sex,
      ageBand: quasi[index].ageBand,
      displacementStatus: quasi[index].displacementStatus,
      stage: row.stage,
      status: row.status,
      eligibility: row.eligibility,
      vulnerabilityScore: row.vulnerabilityScore,
      applicationDate: row.applicationDate,
    });
  });
  const summary = coarseningSummary(decisions);
  return { rows, k, levels: summary, withheld: withheldFromRelease + summary.withheld };
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
