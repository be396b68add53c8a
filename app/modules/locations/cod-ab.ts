/**
 * Reads the OCHA COD-AB administrative boundaries table for Ukraine (domain.md §3): sheets
 * "Admin 1" (oblasts) … "Admin 4" (settlements), P-codes that follow the KATOTTH codifier.
 * Pure: takes a workbook already read by readSpreadsheet, returns units and row problems.
 */
import type { Workbook, WorkbookSheet } from "~/lib/spreadsheet.server";

export type AdminLevel = 1 | 2 | 3 | 4;

export type AdminUnit = {
  pcode: string;
  level: AdminLevel;
  nameEn: string;
  nameUk: string;
  parentPcode: string | null;
  lat: number | null;
  lon: number | null;
};

/** A row that was not imported; row 0 means the sheet as a whole. */
export type CodAbProblem = { sheet: string; row: number; reason: string };

export type CodAbImport = { units: AdminUnit[]; problems: CodAbProblem[] };

type LevelLayout = {
  level: AdminLevel;
  sheetName: string;
  unitName: string;
  /** Digits after "UA": ADM1 UA05, ADM2 UA0502, ADM3 UA0502003, ADM4 UA0502003001. */
  pcodeDigits: number;
  nameEnHeaders: string[];
  nameUkHeaders: string[];
};

// Header names as published in the 2026 table; the ADMn_EN / admin1Name_en forms are the
// common COD-AB names in other editions on HDX.
const levelLayouts: LevelLayout[] = [
  layout(1, "oblast", 2, ["Oblast"], ["Oblast UKR"]),
  layout(2, "raion", 4, ["Raion"], ["Raion UKR"]),
  layout(3, "hromada", 7, ["Hromada"], ["Hromada UKR"]),
  layout(4, "settlement", 10, ["Settlement EN", "Settlement"], ["Settlement UKR"]),
];

function layout(
  level: AdminLevel,
  unitName: string,
  pcodeDigits: number,
  nameEn: string[],
  nameUk: string[],
): LevelLayout {
  const codAbNames = (suffixes: string[]) =>
    suffixes.flatMap((suffix) => [`ADM${level}_${suffix}`, `admin${level}Name_${suffix}`]);
  return {
    level,
    sheetName: `Admin ${level}`,
    unitName,
    pcodeDigits,
    nameEnHeaders: [...nameEn, `Admin${level} Name EN`, ...codAbNames(["EN"])],
    nameUkHeaders: [...nameUk, `Admin${level} Name UKR`, ...codAbNames(["UA", "UK", "UKR"])],
  };
}

const optionalLevel: AdminLevel = 4; // settlements: a workbook with only Admin 1–3 is complete

/** Units of every level found in the workbook, parents before children, and rejected rows. */
export function parseCodAb(workbook: Workbook): CodAbImport {
  const units: AdminUnit[] = [];
  const problems: CodAbProblem[] = [];
  const sheets = assignSheetsToLevels(workbook, problems);
  // P-codes accepted at the level above; undefined when that sheet is absent (nothing to check).
  let parentPcodes: Set<string> | undefined;
  for (const levelLayout of levelLayouts) {
    const sheet = sheets.get(levelLayout.level);
    if (!sheet) {
      if (levelLayout.level !== optionalLevel) {
        problems.push({
          sheet: levelLayout.sheetName,
          row: 0,
          reason: `sheet "${levelLayout.sheetName}" (${levelLayout.unitName}s) not found`,
        });
      }
      parentPcodes = undefined;
      continue;
    }
    const accepted = readLevel(sheet, levelLayout, parentPcodes, problems);
    for (const unit of accepted) units.push(unit);
    parentPcodes = new Set(accepted.map((unit) => unit.pcode));
  }
  return { units, problems };
}

// ---------------------------------------------------------------------------------------------
// Sheets

/** Sheets by their name ("Admin 3", "ADM3", "ukr_admin3"), else by their deepest P-code column. */
function assignSheetsToLevels(
  workbook: Workbook,
  problems: CodAbProblem[],
): Map<AdminLevel, WorkbookSheet> {
  const byLevel = new Map<AdminLevel, WorkbookSheet>();
  const unnamed: WorkbookSheet[] = [];
  for (const sheet of workbook.sheets) {
    const level = levelFromSheetName(sheet.name);
    if (level === null) unnamed.push(sheet);
    else if (byLevel.has(level)) {
      problems.push({
        sheet: sheet.name,
        row: 0,
        reason: `sheet ignored: "${byLevel.get(level)?.name}" already holds level ${level}`,
      });
    } else byLevel.set(level, sheet);
  }
  // A CSV has no sheet names; its columns tell the level (a hromada table has "Admin3 Pcode").
  for (const sheet of unnamed) {
    const level = levelFromHeaders(sheet.headers);
    if (level !== null && !byLevel.has(level)) byLevel.set(level, sheet);
  }
  return byLevel;
}

function levelFromSheetName(name: string): AdminLevel | null {
  const match = /(?:^|[^a-z])adm(?:in)?[\s_-]*([1-4])(?![0-9])/i.exec(name.trim());
  return match ? asLevel(Number(match[1])) : null;
}

function levelFromHeaders(headers: string[]): AdminLevel | null {
  for (const { level } of [...levelLayouts].reverse()) {
    if (findColumn(headers, pcodeHeaders(level))) return level;
  }
  return null;
}

function asLevel(value: number): AdminLevel | null {
  return value === 1 || value === 2 || value === 3 || value === 4 ? value : null;
}

// ---------------------------------------------------------------------------------------------
// Columns

type LevelColumns = {
  pcode: string;
  nameEn: string;
  nameUk: string;
  /** The P-code columns of the levels above, nearest first (Admin 3: Admin2, Admin1). */
  ancestors: Array<{ level: AdminLevel; header: string }>;
  lat: string | null;
  lon: string | null;
};

function pcodeHeaders(level: AdminLevel): string[] {
  return [`Admin${level} Pcode`, `ADM${level}_PCODE`];
}

// Headers are compared without case, spaces or punctuation: "Hromada UKR" = "hromada_ukr".
function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

function findColumn(headers: string[], candidates: string[]): string | null {
  const wanted = new Set(candidates.map(headerKey));
  return headers.find((header) => wanted.has(headerKey(header))) ?? null;
}

/** The columns a level needs, or a problem naming the missing ones. */
function findLevelColumns(sheet: WorkbookSheet, levelLayout: LevelLayout): LevelColumns | string {
  const { level, nameEnHeaders, nameUkHeaders } = levelLayout;
  const pcode = findColumn(sheet.headers, pcodeHeaders(level));
  const nameEn = findColumn(sheet.headers, nameEnHeaders);
  const nameUk = findColumn(sheet.headers, nameUkHeaders);
  const ancestors = ancestorColumns(sheet.headers, level);
  const hasParentColumn = level === 1 || ancestors[0]?.level === level - 1;
  if (!pcode || !nameEn || !nameUk || !hasParentColumn) {
    const missing = [
      pcode ? null : pcodeHeaders(level)[0],
      nameEn ? null : nameEnHeaders[0],
      nameUk ? null : nameUkHeaders[0],
      hasParentColumn ? null : `Admin${level - 1} Pcode`,
    ].filter((header) => header !== null);
    const quoted = missing.map((header) => `"${header}"`).join(", ");
    return `missing column${missing.length > 1 ? "s" : ""} ${quoted}`;
  }
  return {
    pcode,
    nameEn,
    nameUk,
    ancestors,
    lat: findColumn(sheet.headers, ["LAT", "Latitude", "center_lat"]),
    lon: findColumn(sheet.headers, ["LON", "Long", "Longitude", "center_lon"]),
  };
}

function ancestorColumns(headers: string[], level: AdminLevel): LevelColumns["ancestors"] {
  const ancestors: LevelColumns["ancestors"] = [];
  for (const above of levelLayouts.slice(0, level - 1).reverse()) {
    const header = findColumn(headers, pcodeHeaders(above.level));
    if (header) ancestors.push({ level: above.level, header });
  }
  return ancestors;
}

// ---------------------------------------------------------------------------------------------
// Rows

function readLevel(
  sheet: WorkbookSheet,
  levelLayout: LevelLayout,
  parentPcodes: Set<string> | undefined,
  problems: CodAbProblem[],
): AdminUnit[] {
  const columns = findLevelColumns(sheet, levelLayout);
  if (typeof columns === "string") {
    problems.push({ sheet: sheet.name, row: 0, reason: columns });
    return [];
  }
  const units: AdminUnit[] = [];
  const rowOfPcode = new Map<string, number>();
  sheet.rows.forEach((row, index) => {
    // Without row numbers, assume the header is on row 1 and no row was skipped.
    const rowNumber = sheet.rowNumbers?.[index] ?? index + 2;
    const outcome = readUnit(row, columns, levelLayout, parentPcodes);
    if (outcome.kind === "hxl_tags") return;
    const firstRow = outcome.kind === "unit" ? rowOfPcode.get(outcome.unit.pcode) : undefined;
    if (outcome.kind === "problem" || firstRow !== undefined) {
      const reason =
        outcome.kind === "problem"
          ? outcome.reason
          : `duplicate P-code ${outcome.unit.pcode} (first on row ${firstRow})`;
      problems.push({ sheet: sheet.name, row: rowNumber, reason });
      return;
    }
    rowOfPcode.set(outcome.unit.pcode, rowNumber);
    units.push(outcome.unit);
  });
  return units;
}

type RowOutcome =
  | { kind: "unit"; unit: AdminUnit }
  | { kind: "problem"; reason: string }
  | { kind: "hxl_tags" };

function rejected(reason: string): RowOutcome {
  return { kind: "problem", reason };
}

/** One row as a unit, or the reason it is rejected. */
function readUnit(
  row: Record<string, string>,
  columns: LevelColumns,
  levelLayout: LevelLayout,
  parentPcodes: Set<string> | undefined,
): RowOutcome {
  const { level, unitName } = levelLayout;
  const rawPcode = row[columns.pcode] ?? "";
  // HDX tables may carry a second header row of HXL hashtags (#adm3+code).
  if (rawPcode.startsWith("#")) return { kind: "hxl_tags" };
  const pcode = normalisePcode(rawPcode);
  if (pcode === "") return rejected(`missing P-code in column "${columns.pcode}"`);
  if (!isPcodeOfLevel(pcode, level)) {
    const digits = levelLayout.pcodeDigits;
    return rejected(`P-code "${rawPcode}" is not a ${unitName} P-code (UA and ${digits} digits)`);
  }
  const nameEn = row[columns.nameEn] ?? "";
  const nameUk = row[columns.nameUk] ?? "";
  if (nameEn === "") return rejected(`missing English name in column "${columns.nameEn}"`);
  if (nameUk === "") return rejected(`missing Ukrainian name in column "${columns.nameUk}"`);
  const ancestorProblem = checkAncestors(row, pcode, columns, parentPcodes);
  if (ancestorProblem) return rejected(ancestorProblem);
  const parentColumn = columns.ancestors[0];
  return {
    kind: "unit",
    unit: {
      pcode,
      level,
      nameEn,
      nameUk,
      parentPcode: parentColumn ? normalisePcode(row[parentColumn.header] ?? "") : null,
      lat: coordinate(columns.lat ? row[columns.lat] : undefined, 90),
      lon: coordinate(columns.lon ? row[columns.lon] : undefined, 180),
    },
  };
}

/**
 * Each ancestor P-code column must hold a well-formed code that is a prefix of the unit's own
 * (KATOTTH codes nest), and the parent must be an accepted unit of the sheet above.
 */
function checkAncestors(
  row: Record<string, string>,
  pcode: string,
  columns: LevelColumns,
  parentPcodes: Set<string> | undefined,
): string | null {
  for (const { level, header } of columns.ancestors) {
    const ancestor = normalisePcode(row[header] ?? "");
    const ancestorName = levelLayouts[level - 1].unitName;
    if (ancestor === "") return `missing ${ancestorName} P-code in column "${header}"`;
    if (!isPcodeOfLevel(ancestor, level)) {
      return `"${row[header]}" in column "${header}" is not a ${ancestorName} P-code`;
    }
    if (!pcode.startsWith(ancestor)) {
      return `${ancestorName} P-code ${ancestor} (column "${header}") is not a prefix of ${pcode}`;
    }
  }
  const parent = columns.ancestors[0];
  if (parent && parentPcodes) {
    const parentPcode = normalisePcode(row[parent.header] ?? "");
    if (!parentPcodes.has(parentPcode)) {
      const parentLayout = levelLayouts[parent.level - 1];
      return (
        `parent ${parentLayout.unitName} ${parentPcode} is missing from sheet ` +
        `"${parentLayout.sheetName}" (or was rejected there)`
      );
    }
  }
  return null;
}

// Hand-edited tables sometimes carry "ua0502 " or a non-breaking space.
function normalisePcode(text: string): string {
  return text.replace(/\s/g, "").toUpperCase();
}

function isPcodeOfLevel(pcode: string, level: AdminLevel): boolean {
  const digits = levelLayouts[level - 1].pcodeDigits;
  return new RegExp(`^UA\\d{${digits}}$`).test(pcode);
}

/** A latitude or longitude in degrees; a decimal comma is accepted; anything else is null. */
function coordinate(text: string | undefined, limit: number): number | null {
  if (!text) return null;
  const value = Number(text.replace(",", "."));
  return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}
