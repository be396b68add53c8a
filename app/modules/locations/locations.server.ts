// Reference places (domain.md §3): the OCHA COD-AB import and the queries behind the place
// pickers. Cases store P-codes, so units are upserted by P-code and never deleted.
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n";
import { readSpreadsheet, type SpreadsheetFile, type Workbook, type WorkbookSheet } from "~/lib/spreadsheet.server";
import { parseCodAb, type AdminLevel, type AdminUnit, type CodAbProblem } from "./cod-ab";
import type { HromadaName } from "./place-matching";

const { adminUnits } = schema;

export type PlaceName = { pcode: string; nameEn: string; nameUk: string };
export type Place = PlaceName & { level: number };
export type PlaceRecord = Place & { parentPcode: string | null; lat: number | null; lon: number | null };

const placeColumns = {
  pcode: adminUnits.pcode,
  nameEn: adminUnits.nameEn,
  nameUk: adminUnits.nameUk,
  level: adminUnits.level,
};

// Names of the given P-codes in both languages, keyed by P-code, for pages that show places.
export function placeNames(pcodes: Array<string | null | undefined>): Record<string, PlaceName> {
  const wanted = [...new Set(pcodes.filter((pcode): pcode is string => Boolean(pcode)))];
  if (wanted.length === 0) return {};
  const rows = db.select({ pcode: adminUnits.pcode, nameEn: adminUnits.nameEn, nameUk: adminUnits.nameUk }).from(adminUnits).where(inArray(adminUnits.pcode, wanted)).all();
  return Object.fromEntries(rows.map((row) => [row.pcode, row]));
}

export function listOblasts(): PlaceName[] {
  return db
    .select({ pcode: adminUnits.pcode, nameEn: adminUnits.nameEn, nameUk: adminUnits.nameUk })
    .from(adminUnits)
    .where(eq(adminUnits.level, 1))
    .orderBy(asc(adminUnits.pcode))
    .all();
}

/** The level of a well-formed P-code by its length: UA05 → 1 … UA0502003001 → 4. */
export function levelOfPcode(pcode: string): AdminLevel | null {
  const levels: Record<number, AdminLevel> = { 4: 1, 6: 2, 9: 3, 12: 4 };
  return /^UA\d+$/.test(pcode) ? (levels[pcode.length] ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// Queries for pickers and display

const collators: Record<Locale, Intl.Collator> = {
  uk: new Intl.Collator("uk"),
  en: new Intl.Collator("en"),
};

/** Alphabetical in the reader's language (SQLite's binary order puts і, ї, є after я). */
function byLocaleName(locale: Locale) {
  const collator = collators[locale];
  return (a: PlaceName, b: PlaceName) =>
    collator.compare(localeName(a, locale), localeName(b, locale)) || a.pcode.localeCompare(b.pcode);
}

function localeName(place: PlaceName, locale: Locale): string {
  return locale === "uk" ? place.nameUk : place.nameEn;
}

/** The units of `level` under a parent (null: the oblasts), by name in the reader's language. */
export function childrenOf(
  parentPcode: string | null,
  level: AdminLevel,
  options: { locale?: Locale } = {},
): Place[] {
  const parent = parentPcode === null ? isNull(adminUnits.parentPcode) : eq(adminUnits.parentPcode, parentPcode);
  // admin_units_parent_idx (parent_pcode, level) answers this.
  const places = db.select(placeColumns).from(adminUnits).where(and(parent, eq(adminUnits.level, level))).all();
  return places.sort(byLocaleName(options.locale ?? "uk"));
}

export function findPlace(pcode: string): PlaceRecord | undefined {
  return db
    .select({ ...placeColumns, parentPcode: adminUnits.parentPcode, lat: adminUnits.lat, lon: adminUnits.lon })
    .from(adminUnits)
    .where(eq(adminUnits.pcode, pcode))
    .get();
}

/**
 * The unit and the units above it, oblast first: UA0502003 → [Вінницька, Вінницький, Вінницька].
 * KATOTTH codes nest, so the ancestors are the code's prefixes (the importer checks this).
 */
export function placeChain(pcode: string): Place[] {
  const prefixes = [4, 6, 9, 12].filter((length) => length <= pcode.length).map((length) => pcode.slice(0, length));
  if (prefixes.length === 0) return [];
  return db
    .select(placeColumns)
    .from(adminUnits)
    .where(inArray(adminUnits.pcode, prefixes))
    .orderBy(asc(adminUnits.level))
    .all();
}

/** The raions and hromadas a picker shows for a preselected hromada, before any script runs. */
export function placePickerOptions(
  selection: { oblast?: string | null; hromada?: string | null },
  locale: Locale,
): { raions: Place[]; hromadas: Place[] } {
  const oblast = selection.oblast || selection.hromada?.slice(0, 4);
  const raion = selection.hromada?.slice(0, 6);
  return {
    raions: oblast ? childrenOf(oblast, 2, { locale }) : [],
    hromadas: raion ? childrenOf(raion, 3, { locale }) : [],
  };
}

// Case and apostrophe variants (' ’ ʼ) must not hide a name: "кам’янська" finds Кам'янська.
function searchKey(text: string): string {
  return text.toLowerCase().replace(/[’ʼ`´‘]/g, "'").replace(/\s+/g, " ").trim();
}

/** 0: the name starts with the query; 1: a word of it does; 2: it contains it; null: no match. */
function matchRank(name: string, needle: string): number | null {
  const key = searchKey(name);
  if (key.startsWith(needle)) return 0;
  const at = key.indexOf(needle);
  if (at < 0) return null;
  return /[\s\-'(]/.test(key[at - 1]) ? 1 : 2;
}

/**
 * All units of one level, found through admin_units_parent_idx level by level from the oblasts
 * down instead of scanning every row (settlements make the table ~31,600 rows).
 */
function unitsOfLevel(level: AdminLevel): SQL | undefined {
  let condition = and(isNull(adminUnits.parentPcode), eq(adminUnits.level, 1));
  for (let below = 2; below <= level; below++) {
    const parents = db.select({ pcode: adminUnits.pcode }).from(adminUnits).where(condition);
    condition = and(inArray(adminUnits.parentPcode, parents), eq(adminUnits.level, below));
  }
  return condition;
}

/**
 * Units of one level whose Ukrainian or English name matches the query (case-insensitive),
 * prefix and word matches first. Hromadas (~1,800) are searched nationally; settlements
 * (~30,000) only inside `withinPcode` (an oblast, raion or hromada), a range on the primary key.
 * A query that looks like a P-code ("UA0502") matches P-codes by prefix.
 */
export function searchPlaces(
  query: string,
  options: { level: AdminLevel; withinPcode?: string; limit?: number; locale?: Locale },
): Place[] {
  const { level, withinPcode, limit = 20, locale = "uk" } = options;
  if (level === 4 && !withinPcode) throw new Error("searchPlaces: a settlement search needs withinPcode");
  const needle = searchKey(query);
  if (needle === "") return [];
  // ":" sorts right after "9", so [UA05, UA05:) is every code starting with UA05.
  const conditions = withinPcode
    ? [eq(adminUnits.level, level), gte(adminUnits.pcode, withinPcode), lt(adminUnits.pcode, `${withinPcode}:`)]
    : [unitsOfLevel(level)];
  const pcodeQuery = /^ua\d*$/.test(needle) ? needle.toUpperCase() : null;
  if (pcodeQuery) conditions.push(gte(adminUnits.pcode, pcodeQuery), lt(adminUnits.pcode, `${pcodeQuery}:`));
  const candidates = db.select(placeColumns).from(adminUnits).where(and(...conditions)).all();
  const ranked: Array<{ place: Place; rank: number }> = [];
  for (const place of candidates) {
    const ranks = pcodeQuery ? [0] : [matchRank(place.nameUk, needle), matchRank(place.nameEn, needle)];
    const best = Math.min(...ranks.map((rank) => rank ?? Infinity));
    if (best !== Infinity) ranked.push({ place, rank: best });
  }
  const byName = byLocaleName(locale);
  return ranked
    .sort((a, b) => a.rank - b.rank || byName(a.place, b.place))
    .slice(0, limit)
    .map(({ place }) => place);
}

// ---------------------------------------------------------------------------------------------
// Overview for the admin page

export type ImportSummary = {
  fileName: string | null;
  added: number;
  updated: number;
  unchanged: number;
  byLevel: Record<AdminLevel, LevelCounts>;
  rejectedRows: number;
};

export function adminUnitsOverview() {
  const counts = db
    .select({ level: adminUnits.level, units: count() })
    .from(adminUnits)
    .groupBy(adminUnits.level)
    .all();
  const unitsByLevel: Record<AdminLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const { level, units } of counts) unitsByLevel[level as AdminLevel] = units;
  // audit_log_entity_idx (entity_type, entity_id, id) finds the latest import directly.
  const lastImport = db
    .select({ at: schema.auditLog.at, userName: schema.users.name, after: schema.auditLog.after })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .where(
      and(
        eq(schema.auditLog.entityType, "admin_unit"),
        eq(schema.auditLog.entityId, importAuditId),
        eq(schema.auditLog.action, "import"),
      ),
    )
    .orderBy(desc(schema.auditLog.id))
    .limit(1)
    .get();
  return {
    unitsByLevel,
    lastImport: lastImport
      ? { at: lastImport.at, userName: lastImport.userName, summary: lastImport.after as ImportSummary }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Import

export type LevelCounts = { added: number; updated: number; unchanged: number };

export type AdminUnitsImport = LevelCounts & {
  byLevel: Record<AdminLevel, LevelCounts>;
  /** Units not stored because their parent is neither in the import nor already loaded. */
  withoutParent: AdminUnit[];
};

type AdminUnitRow = Omit<typeof adminUnits.$inferInsert, "createdAt">;

// All imports are one audit entity: the reference table as a whole.
const importAuditId = "cod-ab";

/** Degrees to the stored integer micro-degrees (about 0.1 m: more than the table's precision). */
function microDegrees(degrees: number | null): number | null {
  return degrees === null ? null : Math.round(degrees * 1e6);
}

function sameUnit(stored: AdminUnitRow, incoming: AdminUnitRow): boolean {
  return (
    stored.level === incoming.level &&
    stored.nameEn === incoming.nameEn &&
    stored.nameUk === incoming.nameUk &&
    stored.parentPcode === incoming.parentPcode &&
    stored.lat === incoming.lat &&
    stored.lon === incoming.lon
  );
}

/**
 * Stores COD-AB units in one transaction: new P-codes are inserted, known ones get the file's
 * names, parent and centroid (updated_at moves only when one of them changed), and nothing is
 * deleted, because cases point at hromadas by P-code. A unit whose parent is neither in the
 * import nor already stored is left out and returned. One audit entry summarises the import.
 */
export function importAdminUnits(
  actor: Pick<CurrentUser, "id"> | null,
  units: AdminUnit[],
  source: { fileName?: string; rejectedRows?: number } = {},
): AdminUnitsImport {
  // Parents first, so a parent accepted in this import vouches for its children.
  const incoming = [...new Map(units.map((unit) => [unit.pcode, unit])).values()].sort((a, b) => a.level - b.level);
  return db.transaction((tx) => {
    const stored = new Map(
      tx
        .select({
          pcode: adminUnits.pcode,
          level: adminUnits.level,
          nameEn: adminUnits.nameEn,
          nameUk: adminUnits.nameUk,
          parentPcode: adminUnits.parentPcode,
          lat: adminUnits.lat,
          lon: adminUnits.lon,
        })
        .from(adminUnits)
        .all()
        .map((row) => [row.pcode, row]),
    );
    const levelOf = new Map([...stored.values()].map((row) => [row.pcode, row.level]));
    const now = new Date().toISOString();
    const result: AdminUnitsImport = { ...zeroCounts(), byLevel: { 1: zeroCounts(), 2: zeroCounts(), 3: zeroCounts(), 4: zeroCounts() }, withoutParent: [] };
    const writes: AdminUnitRow[] = [];
    for (const unit of incoming) {
      const parentKnown =
        unit.level === 1
          ? unit.parentPcode === null
          : unit.parentPcode !== null && levelOf.get(unit.parentPcode) === unit.level - 1;
      if (!parentKnown) {
        result.withoutParent.push(unit);
        continue;
      }
      levelOf.set(unit.pcode, unit.level);
      const row: AdminUnitRow = {
        pcode: unit.pcode,
        level: unit.level,
        nameEn: unit.nameEn,
        nameUk: unit.nameUk,
        parentPcode: unit.parentPcode,
        lat: microDegrees(unit.lat),
        lon: microDegrees(unit.lon),
        updatedAt: now,
      };
      const before = stored.get(unit.pcode);
      const outcome: keyof LevelCounts = !before ? "added" : sameUnit(before, row) ? "unchanged" : "updated";
      result[outcome] += 1;
      result.byLevel[unit.level][outcome] += 1;
      if (outcome !== "unchanged") writes.push(row);
    }
    if (writes.length > 0) {
      const upsert = prepareUpsert(tx);
      for (const row of writes) upsert.run(row);
    }
    const { withoutParent, ...counts } = result;
    const summary: ImportSummary = {
      fileName: source.fileName ?? null,
      ...counts,
      rejectedRows: (source.rejectedRows ?? 0) + withoutParent.length,
    };
    recordAudit(tx, {
      userId: actor?.id ?? null,
      action: "import",
      entityType: "admin_unit",
      entityId: importAuditId,
      after: summary,
    });
    return result;
  });
}

// One prepared statement run per row: about three times faster than multi-row inserts built by
// drizzle (0.16 s against 0.55 s for the ~29,700 settlements of the national table).
function prepareUpsert(tx: Transaction) {
  const value = (name: keyof AdminUnitRow) => sql.placeholder(name);
  return tx
    .insert(adminUnits)
    .values({
      pcode: value("pcode"),
      level: value("level"),
      nameEn: value("nameEn"),
      nameUk: value("nameUk"),
      parentPcode: value("parentPcode"),
      lat: value("lat"),
      lon: value("lon"),
      updatedAt: value("updatedAt"),
    })
    .onConflictDoUpdate({
      target: adminUnits.pcode,
      set: {
        level: sql`excluded.level`,
        nameEn: sql`excluded.name_en`,
        nameUk: sql`excluded.name_uk`,
        parentPcode: sql`excluded.parent_pcode`,
        lat: sql`excluded.lat_e6`,
        lon: sql`excluded.lon_e6`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .prepare();
}

function zeroCounts(): LevelCounts {
  return { added: 0, updated: 0, unchanged: 0 };
}

/** A rejected row; `message` is a translatable reason, `reason` the parser's English text. */
export type ImportProblem = CodAbProblem & { message?: { key: string; values: Record<string, string> } };

export type CodAbFileImport =
  | { status: "imported"; summary: AdminUnitsImport; problems: ImportProblem[] }
  | { status: "no_units"; problems: ImportProblem[] };

/**
 * Reads an uploaded COD-AB workbook or CSV and imports its units; settlements (Admin 4) only
 * when asked. Throws SpreadsheetError for files that cannot be read. Good rows are stored and
 * bad rows reported with their sheet and row.
 */
export async function importCodAbFile(
  actor: Pick<CurrentUser, "id"> | null,
  file: SpreadsheetFile,
  options: { includeSettlements: boolean },
): Promise<CodAbFileImport> {
  const workbook = await readSpreadsheet(file);
  const sheets = options.includeSettlements
    ? workbook.sheets
    : workbook.sheets.filter((sheet) => sheetLevel(sheet) !== 4);
  const { units, problems } = parseCodAb({ sheets });
  if (units.length === 0) return { status: "no_units", problems };
  const summary = importAdminUnits(actor, units, { fileName: file.name, rejectedRows: problems.length });
  const orphanProblems = summary.withoutParent.map((unit): ImportProblem => {
    const parentSheet = `Admin ${unit.level - 1}`;
    const parent = unit.parentPcode ?? "";
    return {
      ...sourceRow({ sheets }, unit),
      reason: `parent unit ${parent} is not loaded: import the "${parentSheet}" sheet first`,
      message: { key: "locations.parentNotLoaded", values: { parent, sheet: parentSheet } },
    };
  });
  return { status: "imported", summary, problems: [...problems, ...orphanProblems] };
}

// The same sheet recognition as the parser: "Admin 4"/"ADM4" by name, else the deepest P-code
// column ("Admin4 Pcode"), which only a settlement table has.
function sheetLevel(sheet: WorkbookSheet): AdminLevel | null {
  const byName = /(?:^|[^a-z])adm(?:in)?[\s_-]*([1-4])(?![0-9])/i.exec(sheet.name.trim());
  if (byName) return Number(byName[1]) as AdminLevel;
  for (const level of [4, 3, 2, 1] as const) {
    if (pcodeColumn(sheet.headers, level)) return level;
  }
  return null;
}

function pcodeColumn(headers: string[], level: AdminLevel): string | undefined {
  const wanted = [`admin${level}pcode`, `adm${level}pcode`];
  return headers.find((header) => wanted.includes(header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")));
}

/** Where a unit came from in the file, for the list of rejected rows. */
function sourceRow(workbook: Workbook, unit: AdminUnit): { sheet: string; row: number } {
  for (const sheet of workbook.sheets) {
    if (sheetLevel(sheet) !== unit.level) continue;
    const column = pcodeColumn(sheet.headers, unit.level as AdminLevel);
    if (!column) continue;
    const index = sheet.rows.findIndex((row) => (row[column] ?? "").replace(/\s/g, "").toUpperCase() === unit.pcode);
    if (index >= 0) return { sheet: sheet.name, row: sheet.rowNumbers?.[index] ?? index + 2 };
  }
  return { sheet: `Admin ${unit.level}`, row: 0 };
}

/** Every hromada with its names, for matching places written as text (place-matching.ts). */
export function hromadaNames(): HromadaName[] {
  return db.select({ pcode: adminUnits.pcode, nameEn: adminUnits.nameEn, nameUk: adminUnits.nameUk }).from(adminUnits).where(eq(adminUnits.level, 3)).all();
}
