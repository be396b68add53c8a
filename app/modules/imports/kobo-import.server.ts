/**
 * KoboToolbox applicant import (domain.md §1 "application … or import from a Kobo form"), for
 * forms we did not design. Each row is checked field by field with the applicant form's own
 * checks (row-check.ts): a row with what registering needs (a name, an identity number or a
 * contact, a place, consent) is registered through registerApplicantIn, with the same
 * deduplication (§2) as a person typed in by hand; what it lacks is listed on the case as missing,
 * what the form never asked as not collected, its other answers kept as extra answers. Nothing is
 * made up.
 *
 * - A file is checked first (every row, with a turn of the event loop between chunks), then rows
 *   of the file that share an identity number are decided (dry-run-report.ts), then rows are
 *   stored in chunks of CHUNK_SIZE, one transaction per chunk.
 * - dryRun runs every step of the import, each chunk's transaction rolled back at its end.
 * - startImport stores the rows, updating processedRows so the import page can poll the
 *   progress. The request that starts an import returns at once; the chunks run in the same
 *   server process (see tests/bench/kobo-import.bench.ts), so no job queue is needed at this
 *   size. An import cut short by a restart keeps the rows of its finished chunks and shows as
 *   interrupted; importing the file again completes it, since rows already imported (by _uuid)
 *   are skipped.
 */
import type { Statement } from "better-sqlite3";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, sqlite, type Transaction } from "~/lib/db.server";
import type { RecordChange } from "~/lib/stale-record";
import { assertCompareAndSet, assertVersion, StaleRecordError, userName } from "~/lib/stale-record.server";
import type { Workbook, WorkbookSheet } from "~/lib/spreadsheet.server";
import { findDefiniteDuplicate, personForMatching, registerApplicantIn, UnknownReferenceError, type ExtraAnswer, type ReferenceMemo } from "~/modules/intake/intake.server";
import { dedupBlockingKeys, isPossibleDuplicate, type PersonForMatching } from "~/modules/intake/name-matching";
import type { RegistrationInput } from "~/modules/intake/schema";
import { hromadaNames } from "~/modules/locations/locations.server";
import { hromadaMatcher, type PlaceMatch } from "~/modules/locations/place-matching";
import { countMissing, decideSharedIdentity, groupReasons, type ReasonGroup, type SharedIdentity } from "./dry-run-report";
import {
  choiceFields,
  columnFields,
  constantFields,
  emptyMapping,
  fieldsNotCollected,
  missingRequiredFields,
  partnerAssignments,
  rowPassesFilters,
  submissionUuid,
  type ApplicantField,
  type KoboMapping,
} from "./kobo-mapping";
import type { RowError } from "./reasons";
import { checkRow, type PlaceResolver, type RowCheck } from "./row-check";
import { purgeExpiredRejectedRows, sealedColumnsOf, sealedReason, sealRejectedCells } from "./rejected-rows.server";

export { formKey } from "./form-key.server";

export const CHUNK_SIZE = 250;
// Checking is pure work: larger chunks between turns of the event loop.
const CHECK_CHUNK_SIZE = 1000;

// Between chunks the server answers other requests (the progress page among them). A request
// takes several turns of the event loop (cookie signature, session lookup, rendering), so a
// bare setImmediate would let it advance one step per chunk; a short pause lets it finish.
const pauseBetweenChunksMs = 10;
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, pauseBetweenChunksMs));
const now = () => new Date().toISOString();
// An extra answer is kept whole up to this length (a long comment, cut, still says what it said).
const extraAnswerMaxLength = 2000;

/**
 * The sheet of the submissions. Kobo's XLSX export puts the main form first and repeat groups
 * on further sheets, which an applicant import does not use.
 */
export function koboSheet(workbook: Workbook): WorkbookSheet {
  const sheet = workbook.sheets.find((candidate) => candidate.rows.length > 0) ?? workbook.sheets[0];
  if (!sheet) throw new MappingError([{ field: "", message: "imports.errors.noRows" }]);
  return sheet;
}

/** The mapping cannot run on this file: required fields unmapped or columns not in the file. */
export class MappingError extends Error {
  constructor(readonly problems: RowError[]) {
    super(`The mapping cannot be used: ${problems.map((problem) => `${problem.field} ${problem.message}`).join(", ")}`);
    this.name = "MappingError";
  }
}

/** Problems that would make every row fail alike, found before anything runs. */
export function mappingProblems(mapping: KoboMapping, headers: readonly string[]): RowError[] {
  const messages: Partial<Record<ApplicantField, string>> = {
    rnokpp: "imports.errors.identityNotMapped",
    currentOblastPcode: "imports.errors.placeNotMapped",
    partnerOrganisationId: "imports.errors.partnerNotChosen",
  };
  const problems: RowError[] = missingRequiredFields(mapping).map((field) => ({ field, message: messages[field] ?? "imports.errors.fieldNotMapped" }));
  const columns = [...Object.entries(mapping.columns), ...mapping.filters.map((filter) => ["filter", filter.column] as const)];
  for (const [field, column] of columns) {
    if (column && !headers.includes(column)) problems.push({ field, message: "imports.errors.columnNotInFile" });
  }
  return problems;
}

function assertMappingUsable(mapping: KoboMapping, sheet: WorkbookSheet) {
  const problems = mappingProblems(mapping, sheet.headers);
  if (problems.length) throw new MappingError(problems);
}

function rowNumberOf(sheet: WorkbookSheet, index: number) {
  // Without recorded row numbers, data rows start under the header row.
  return sheet.rowNumbers?.[index] ?? index + 2;
}

// ---------------------------------------------------------------------------------------------
// Checking the file

/** Hromadas written as names, matched through the COD-AB table (read once per file). */
function placeResolver(): PlaceResolver {
  const matcher = hromadaMatcher(hromadaNames());
  return (text, oblastPcode) => matcher.match(text, oblastPcode);
}

type CheckedRow = {
  row: number;
  uuid: string | null;
  cells: Record<string, string>;
  /** Left out by the mapping's row filters. */
  filtered: boolean;
  check: RowCheck | null;
  /** Problems found across the file (the same _uuid or identity number twice). */
  fileErrors: RowError[];
};

/** Rows of the file that share a _uuid, an RNOKPP or a passport: the later copies are refused. */
function decideWithinFile(rows: CheckedRow[]): SharedIdentity[] {
  const byKey = new Map<string, CheckedRow[]>();
  for (const row of rows) {
    if (!row.check) continue;
    const keys = [
      row.uuid ? `uuid:${row.uuid}` : null,
      row.check.identity.rnokpp ? `rnokpp:${row.check.identity.rnokpp}` : null,
      row.check.identity.passport ? `passport:${row.check.identity.passport}` : null,
    ];
    for (const key of keys) if (key) byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const shared: SharedIdentity[] = [];
  for (const [key, group] of byKey) {
    if (group.length < 2) continue;
    const [kind, number] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
    if (kind === "uuid") {
      for (const later of group.slice(1)) later.fileErrors.push({ field: "", message: "imports.errors.duplicateInFile", params: { row: group[0].row } });
      continue;
    }
    const decision = decideSharedIdentity(kind as "rnokpp" | "passport", number, group.map((row) => ({
      row: row.row,
      name: row.check!.name,
      applicationDate: row.check!.input?.applicationDate ?? null,
      stated: row.check!.stated,
    })));
    shared.push(decision);
    const field = kind === "rnokpp" ? "rnokpp" : "passportNumber";
    for (const row of group) {
      if (row.row === decision.kept) continue;
      const others = group.filter((other) => other !== row).map((other) => `${other.row} (${other.check!.name})`).join(", ");
      const message = decision.probablyMistyped.includes(row.row)
        ? "imports.errors.sharedNumberMistyped"
        : decision.kept === null
          ? "imports.errors.sharedNumberUnclear"
          : "imports.errors.duplicateInFile";
      row.fileErrors.push({ field, message, params: message === "imports.errors.duplicateInFile" ? { row: decision.kept! } : { rows: others } });
    }
  }
  return shared;
}

async function checkFile(
  mapping: KoboMapping,
  sheet: WorkbookSheet,
  afterChunk: () => void = () => {},
): Promise<{ rows: CheckedRow[]; shared: SharedIdentity[] }> {
  const resolve = placeResolver();
  const notCollectedHere = fieldsNotCollected(mapping);
  const rows: CheckedRow[] = [];
  for (let start = 0; start < sheet.rows.length; start += CHECK_CHUNK_SIZE) {
    await nextTurn();
    afterChunk();
    const end = Math.min(start + CHECK_CHUNK_SIZE, sheet.rows.length);
    for (let index = start; index < end; index++) {
      const cells = sheet.rows[index];
      const filtered = !rowPassesFilters(mapping.filters, cells);
      rows.push({
        row: rowNumberOf(sheet, index),
        uuid: submissionUuid(cells),
        cells,
        filtered,
        check: filtered ? null : checkRow(mapping, cells, resolve, notCollectedHere),
        fileErrors: [],
      });
    }
  }
  return { rows, shared: decideWithinFile(rows) };
}

// ---------------------------------------------------------------------------------------------
// One row

type RowOutcome =
  | { kind: "created"; caseId: number; caseCode: string; partnerOrganisationId: number | null; resembles: string[] }
  | { kind: "definite_duplicate"; existingCaseCode: string | null }
  | { kind: "already_imported" }
  | { kind: "invalid"; errors: RowError[] }
  | { kind: "filtered" };

function isConstraintError(error: unknown): boolean {
  return error instanceof Error && "code" in error && String(error.code).startsWith("SQLITE_CONSTRAINT");
}

// One savepoint per row, on statements prepared once: drizzle's nested transactions would build
// and compile two statements per row, a tenth of the import's time.
let rowSavepoint: { begin: Statement; release: Statement; rollback: Statement } | undefined;

function inRowSavepoint<T>(write: () => T): T {
  rowSavepoint ??= {
    begin: sqlite.prepare("SAVEPOINT kobo_row"),
    release: sqlite.prepare("RELEASE kobo_row"),
    rollback: sqlite.prepare("ROLLBACK TO kobo_row"),
  };
  rowSavepoint.begin.run();
  try {
    const result = write();
    rowSavepoint.release.run();
    return result;
  } catch (error) {
    rowSavepoint.rollback.run();
    rowSavepoint.release.run();
    throw error;
  }
}

// The same dozen statements run for every row of an import; compiling each anew took a third of
// its time. While a chunk runs (one synchronous transaction: no other request runs meanwhile),
// each SQL text is compiled once and kept for the import's next chunks. Reading statements are
// reset from the raw mode drizzle sets on them, so each use gets what it asks for.
const maxCachedStatements = 300;

function withCompiledStatements<T>(cache: Map<string, Statement>, work: () => T): T {
  const database = sqlite as unknown as { prepare: (source: string) => Statement };
  const compile = database.prepare;
  database.prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement) {
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = compile.call(sqlite, source);
    if (cache.size < maxCachedStatements) cache.set(source, statement);
    return statement;
  };
  try {
    return work();
  } finally {
    delete (database as { prepare?: unknown }).prepare;
  }
}

/** The form's other answers of a row, under the labels the officer gave them. */
function extraAnswers(mapping: KoboMapping, cells: Record<string, string>): ExtraAnswer[] {
  const answers: ExtraAnswer[] = [];
  for (const [question, extra] of Object.entries(mapping.extras)) {
    const value = (cells[question] ?? "").trim();
    if (value) answers.push({ question, label: extra.label || question, value: value.slice(0, extraAnswerMaxLength), freeText: extra.freeText });
  }
  return answers;
}

/** Who follows the case: the mapping page's choice, never a silent default (domain.md §8). */
function withPartnerChoice(mapping: KoboMapping, input: RegistrationInput): RegistrationInput {
  if (mapping.partnerAssignment === "organisation") return input;
  return { ...input, partnerOrganisationId: undefined, mentorId: undefined };
}

type StoreContext = {
  actor: CurrentUser;
  mapping: KoboMapping;
  references: ReferenceMemo;
  /** Cases this dry run created (rolled back later), by person: shown as rows of the file. */
  rowOfPerson?: Map<number, number>;
};

function caseCodesOfPeople(tx: Transaction, personIds: number[], rowOfPerson?: Map<number, number>): string[] {
  const inFile = personIds.filter((id) => rowOfPerson?.has(id)).map((id) => `#${rowOfPerson!.get(id)}`);
  const registered = personIds.filter((id) => !rowOfPerson?.has(id));
  const codes = registered.length
    ? tx.select({ caseCode: schema.cases.caseCode }).from(schema.cases).where(inArray(schema.cases.personId, registered)).orderBy(asc(schema.cases.id)).all().map((row) => row.caseCode)
    : [];
  return [...codes, ...inFile];
}

/**
 * Registers one checked row in its own savepoint, so a row that fails never undoes the others.
 * A row that cannot be registered is still looked up by its identity number, so its report
 * says at once that the person is already registered.
 */
function storeRow(tx: Transaction, context: StoreContext, row: CheckedRow): RowOutcome {
  if (row.filtered || !row.check) return { kind: "filtered" };
  const check = row.check;
  const errors = [...check.errors, ...row.fileErrors];
  if (errors.length || !check.input) {
    // A number another row of the file holds is reported as such, not as that row's person.
    const identified = row.fileErrors.length === 0 && (check.identity.rnokpp || check.identity.passport) ? findDefiniteDuplicateOf(tx, check) : null;
    return { kind: "invalid", errors: identified ? [...errors, identified] : errors };
  }
  const input = withPartnerChoice(context.mapping, check.input);
  try {
    return inRowSavepoint((): RowOutcome => {
      const result = registerApplicantIn(tx, context.actor, input, {
        sourceUuid: row.uuid ?? undefined,
        derived: check.derived,
        notCollected: check.notCollected,
        extraAnswers: extraAnswers(context.mapping, row.cells),
        assignPartnerByOblast: context.mapping.partnerAssignment === "by_oblast",
        references: context.references,
      });
      if (result.kind === "created") {
        const resembles = result.possibleDuplicatePersonIds.length ? caseCodesOfPeople(tx, result.possibleDuplicatePersonIds, context.rowOfPerson) : [];
        context.rowOfPerson?.set(result.personId, row.row);
        return { kind: "created", caseId: result.caseId, caseCode: result.caseCode, partnerOrganisationId: result.partnerOrganisationId, resembles };
      }
      if (result.kind === "already_imported") return { kind: "already_imported" };
      const existing = result.caseId
        ? tx.select({ caseCode: schema.cases.caseCode }).from(schema.cases).where(eq(schema.cases.id, result.caseId)).get()
        : undefined;
      return { kind: "definite_duplicate", existingCaseCode: existing?.caseCode ?? null };
    });
  } catch (error) {
    if (error instanceof UnknownReferenceError) {
      return { kind: "invalid", errors: [{ field: error.field, message: "imports.errors.unknownReference" }] };
    }
    if (isConstraintError(error)) {
      return { kind: "invalid", errors: [{ field: "", message: "imports.errors.rowRefused" }] };
    }
    throw error;
  }
}

function findDefiniteDuplicateOf(tx: Transaction, check: RowCheck): RowError | null {
  const identity = { rnokpp: check.identity.rnokpp ?? undefined, passportNumber: check.identity.passport ?? undefined, noRnokpp: !check.identity.rnokpp };
  // The row's programme may be what is wrong with it: any case of the person is named then.
  const found = findDefiniteDuplicate(tx, { ...identity, programmeId: 0 });
  if (!found) return null;
  const existing = found.caseId ? tx.select({ caseCode: schema.cases.caseCode }).from(schema.cases).where(eq(schema.cases.id, found.caseId)).get() : undefined;
  return existing ? { field: "", message: "imports.errors.definiteDuplicate", params: { caseCode: existing.caseCode } } : { field: "", message: "imports.errors.definiteDuplicateNoCase" };
}

// ---------------------------------------------------------------------------------------------
// Tallies shared by the dry run and the import

export type InvalidRow = { row: number; uuid: string | null; name: string; errors: RowError[] };
export type DuplicateRow = { row: number; uuid: string | null; name: string; existingCaseCode: string | null };
/** A created row to look at; its case (null in a dry run, whose cases are rolled back). */
export type FlaggedRow = { row: number; name: string; caseId: number | null; caseCode: string | null; warnings: RowError[] };
export type ResemblingRow = { row: number; name: string; caseCode: string | null; resembles: string[] };

export type ImportSummary = {
  created: number;
  /** Created as incomplete applications: fields needed later are missing. */
  incomplete: number;
  duplicates: number;
  alreadyImported: number;
  invalid: number;
  /** Rows the mapping's filters left out. */
  filtered: number;
  /** Created rows that resemble an existing person (name and birth date or phone, §2). */
  possibleDuplicates: number;
  /** Created rows with something to look at (under 18, an age at odds with the RNOKPP…). */
  flagged: number;
};

const emptySummary = (): ImportSummary => ({ created: 0, incomplete: 0, duplicates: 0, alreadyImported: 0, invalid: 0, filtered: 0, possibleDuplicates: 0, flagged: 0 });

/**
 * A row that was not stored, with the file's own cells, for the downloadable report. The cells
 * of identity and protection-category columns are in `sealed`, encrypted (rejected-rows.server.ts).
 */
export type RejectedRow = {
  row: number;
  uuid: string | null;
  name?: string;
  kind: "invalid" | "duplicate";
  errors: RowError[];
  cells: Record<string, string>;
  sealed?: Record<string, string>;
};

export type RejectedRows = { headers: string[]; rows: RejectedRow[]; sharedIdentities?: SharedIdentity[]; flagged?: FlaggedRow[] };

/** One row of a dry run's report, as the officer downloads it before importing. */
export type ReportRow = {
  row: number;
  uuid: string | null;
  name: string;
  outcome: "created" | "incomplete" | "invalid" | "duplicate" | "already_imported" | "filtered";
  errors: RowError[];
  warnings: RowError[];
  missing: string[];
  resembles: string[];
};

/** What a dry run or an import found, beyond the counts: grouped reasons, missing fields… */
export type ImportFindings = {
  reasons: ReasonGroup[];
  warnings: ReasonGroup[];
  missing: Array<{ field: string; rows: number }>;
  notCollected: ApplicantField[];
  partners: Array<{ partnerOrganisationId: number | null; rows: number }>;
};

class Tally {
  readonly summary = emptySummary();
  readonly invalid: InvalidRow[] = [];
  readonly duplicates: DuplicateRow[] = [];
  readonly rejected: RejectedRow[] = [];
  readonly flagged: FlaggedRow[] = [];
  readonly resembling: ResemblingRow[] = [];
  readonly report: ReportRow[] = [];
  private readonly partners = new Map<number | null, number>();

  constructor(
    private readonly sealedColumns: readonly string[] = [],
    /** An import keeps the rejected rows' cells for its report, and names the cases it created. */
    private readonly importing = false,
  ) {}

  private reject(row: CheckedRow, kind: RejectedRow["kind"], errors: RowError[]) {
    if (!this.importing) return;
    const { cells, sealed } = sealRejectedCells(row.cells, this.sealedColumns);
    this.rejected.push({ row: row.row, uuid: row.uuid, name: row.check?.name ?? "", kind, errors, cells, sealed });
  }

  add(row: CheckedRow, outcome: RowOutcome) {
    const name = row.check?.name ?? "";
    const warnings = row.check?.warnings ?? [];
    const missing = row.check?.missing ?? [];
    const base = { row: row.row, uuid: row.uuid, name, errors: [] as RowError[], warnings, missing, resembles: [] as string[] };
    switch (outcome.kind) {
      case "filtered":
        this.summary.filtered += 1;
        this.report.push({ ...base, outcome: "filtered", warnings: [], missing: [] });
        break;
      case "created":
        this.summary.created += 1;
        if (missing.length) this.summary.incomplete += 1;
        if (warnings.length) {
          this.summary.flagged += 1;
          this.flagged.push({ row: row.row, name, caseId: this.importing ? outcome.caseId : null, caseCode: this.importing ? outcome.caseCode : null, warnings });
        }
        if (outcome.resembles.length) {
          this.summary.possibleDuplicates += 1;
          this.resembling.push({ row: row.row, name, caseCode: this.importing ? outcome.caseCode : null, resembles: outcome.resembles });
        }
        this.partners.set(outcome.partnerOrganisationId, (this.partners.get(outcome.partnerOrganisationId) ?? 0) + 1);
        this.report.push({ ...base, outcome: missing.length ? "incomplete" : "created", resembles: outcome.resembles });
        break;
      case "already_imported":
        this.summary.alreadyImported += 1;
        this.report.push({ ...base, outcome: "already_imported" });
        break;
      case "definite_duplicate": {
        this.summary.duplicates += 1;
        this.duplicates.push({ row: row.row, uuid: row.uuid, name, existingCaseCode: outcome.existingCaseCode });
        const errors: RowError[] = [
          outcome.existingCaseCode
            ? { field: "", message: "imports.errors.definiteDuplicate", params: { caseCode: outcome.existingCaseCode } }
            : { field: "", message: "imports.errors.definiteDuplicateNoCase" },
        ];
        this.reject(row, "duplicate", errors);
        this.report.push({ ...base, outcome: "duplicate", errors });
        break;
      }
      case "invalid": {
        this.summary.invalid += 1;
        // A value the file gave for a sealed field (a protection category) is not repeated.
        const errors = outcome.errors.map((error) => (error.params && "value" in error.params ? sealedReason(error) : error));
        this.invalid.push({ row: row.row, uuid: row.uuid, name, errors });
        this.reject(row, "invalid", errors);
        this.report.push({ ...base, outcome: "invalid", errors });
        break;
      }
    }
  }

  /** A created row found to resemble an earlier row of this file (the dry run's rolled-back chunks). */
  resemblesEarlierRow(row: CheckedRow, earlierRow: number) {
    const entry = this.report[this.report.length - 1];
    if (entry?.row !== row.row || entry.resembles.length) return;
    entry.resembles = [`#${earlierRow}`];
    this.summary.possibleDuplicates += 1;
    this.resembling.push({ row: row.row, name: entry.name, caseCode: null, resembles: entry.resembles });
  }

  findings(mapping: KoboMapping): ImportFindings {
    return {
      reasons: groupReasons(this.report.map((row) => ({ row: row.row, reasons: row.errors }))),
      warnings: groupReasons(this.report.filter((row) => row.outcome === "created" || row.outcome === "incomplete").map((row) => ({ row: row.row, reasons: row.warnings }))),
      missing: countMissing(this.report.filter((row) => row.outcome === "created" || row.outcome === "incomplete")),
      notCollected: fieldsNotCollected(mapping),
      partners: [...this.partners].map(([partnerOrganisationId, rows]) => ({ partnerOrganisationId, rows })).sort((a, b) => b.rows - a.rows),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Dry run

// The page lists at most this many rows per list; the downloadable report has them all.
const listedRows = 500;

export type DryRunResult = {
  total: number;
  /** Every count (the lists below stop at their first rows). */
  summary: ImportSummary;
  filtered: number;
  wouldCreate: number;
  incomplete: number;
  definiteDuplicates: DuplicateRow[];
  alreadyImported: number;
  possibleDuplicates: number;
  flagged: number;
  invalid: InvalidRow[];
  flaggedRows: FlaggedRow[];
  resemblingRows: ResemblingRow[];
  sharedIdentities: SharedIdentity[];
  findings: ImportFindings;
  /** Every row with its outcome, for the report downloaded before importing (not sent to the page). */
  report: ReportRow[];
};

class DryRunRollback extends Error {}

/**
 * Rows a dry run "created" in its earlier chunks, which were rolled back: a later row that
 * resembles one of them is a possible duplicate in the import, so the dry run counts it too.
 * Looked up by the same blocking keys as the database check (domain.md §2).
 */
class EarlierRowsOfFile {
  private readonly byKey = new Map<string, Array<PersonForMatching & { row: number }>>();

  resembles(person: PersonForMatching): number | null {
    for (const key of dedupBlockingKeys(person)) {
      const earlier = (this.byKey.get(key) ?? []).find((candidate) => isPossibleDuplicate(person, candidate).match);
      if (earlier) return earlier.row;
    }
    return null;
  }

  add(person: PersonForMatching, row: number) {
    for (const key of dedupBlockingKeys(person)) {
      const people = this.byKey.get(key);
      if (people) people.push({ ...person, row });
      else this.byKey.set(key, [{ ...person, row }]);
    }
  }
}

/**
 * What an import would do, with nothing stored: the rows go through the very code of the import
 * (the row checks, registerApplicantIn with its duplicate checks), chunk by chunk, each chunk in a
 * transaction that is rolled back at its end. As the import's later chunks see the rows of its
 * earlier ones, the dry run carries them forward: possible duplicates by name (above).
 * Throws MappingError when the mapping cannot run.
 */
export async function dryRun(actor: CurrentUser, workbook: Workbook, mapping: KoboMapping, options: { chunkSize?: number } = {}): Promise<DryRunResult> {
  const sheet = koboSheet(workbook);
  assertMappingUsable(mapping, sheet);
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const { rows, shared } = await checkFile(mapping, sheet);
  const tally = new Tally();
  const earlierRows = new EarlierRowsOfFile();
  const references: ReferenceMemo = new Map();
  const statements = new Map<string, Statement>();
  for (let start = 0; start < rows.length; start += chunkSize) {
    await nextTurn();
    const chunk = rows.slice(start, start + chunkSize);
    const createdInChunk: Array<{ person: PersonForMatching; row: number }> = [];
    try {
      withCompiledStatements(statements, () => db.transaction((tx) => {
        const context: StoreContext = { actor, mapping, references, rowOfPerson: new Map() };
        for (const row of chunk) {
          const outcome = storeRow(tx, context, row);
          tally.add(row, outcome);
          if (outcome.kind === "created" && row.check?.input) {
            const person = personForMatching(row.check.input);
            const earlier = outcome.resembles.length === 0 ? earlierRows.resembles(person) : null;
            if (earlier !== null) tally.resemblesEarlierRow(row, earlier);
            createdInChunk.push({ person, row: row.row });
          }
        }
        throw new DryRunRollback();
      }));
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    for (const { person, row } of createdInChunk) earlierRows.add(person, row);
  }
  return {
    total: sheet.rows.length,
    summary: tally.summary,
    filtered: tally.summary.filtered,
    wouldCreate: tally.summary.created,
    incomplete: tally.summary.incomplete,
    definiteDuplicates: tally.duplicates.slice(0, listedRows),
    alreadyImported: tally.summary.alreadyImported,
    possibleDuplicates: tally.summary.possibleDuplicates,
    flagged: tally.summary.flagged,
    invalid: tally.invalid.slice(0, listedRows),
    flaggedRows: tally.flagged.slice(0, listedRows),
    resemblingRows: tally.resembling.slice(0, listedRows),
    sharedIdentities: shared.slice(0, listedRows),
    findings: tally.findings(mapping),
    report: tally.report,
  };
}

// ---------------------------------------------------------------------------------------------
// Import

export type ImportOutcome = {
  importId: number;
  status: "finished" | "failed";
  summary: ImportSummary;
  error?: string;
};

// A running import writes its progress (updatedAt) after every chunk it checks or stores, a
// second or so apart; one silent for longer than this was cut short by a restart or a crash.
// The record itself says so, not the memory of the process that ran it: with several server
// processes (scripts/workers.js), the one asked may not be the one running the import.
const silentImportMs = 60_000;

function cutShort(record: { status: string; updatedAt: string }, now = Date.now()) {
  return record.status === "running" && Date.parse(record.updatedAt) < now - silentImportMs;
}

/**
 * Creates the import record (status running) and returns its id at once; `finished` settles
 * when every chunk has run (it never rejects: a failure marks the import "failed"). Throws
 * MappingError before anything is stored when the mapping cannot run.
 */
export function startImport(
  actor: CurrentUser,
  fileName: string,
  workbook: Workbook,
  mapping: KoboMapping,
  options: { chunkSize?: number } = {},
): { importId: number; finished: Promise<ImportOutcome> } {
  const sheet = koboSheet(workbook);
  assertMappingUsable(mapping, sheet);
  const importRow = db
    .insert(schema.imports)
    .values({ kind: "kobo", fileName, status: "running", totalRows: sheet.rows.length, processedRows: 0, createdByUserId: actor.id })
    .returning()
    .get();
  // Rows of older imports past their retention go now, with the import that brings new ones.
  purgeExpiredRejectedRows();
  const finished = processChunks(actor, importRow.id, fileName, sheet, mapping, options.chunkSize ?? CHUNK_SIZE);
  return { importId: importRow.id, finished };
}

async function processChunks(
  actor: CurrentUser,
  importId: number,
  fileName: string,
  sheet: WorkbookSheet,
  mapping: KoboMapping,
  chunkSize: number,
): Promise<ImportOutcome> {
  const tally = new Tally(sealedColumnsOf(mapping, sheet.headers), true);
  let shared: SharedIdentity[] = [];
  const stored = (): RejectedRows => ({ headers: sheet.headers, rows: tally.rejected, sharedIdentities: shared, flagged: tally.flagged });
  try {
    const checked = await checkFile(mapping, sheet, () =>
      db.update(schema.imports).set({ updatedAt: now() }).where(eq(schema.imports.id, importId)).run(),
    );
    shared = checked.shared;
    const context: StoreContext = { actor, mapping, references: new Map() };
    const statements = new Map<string, Statement>();
    for (let start = 0; start < checked.rows.length; start += chunkSize) {
      await nextTurn();
      const end = Math.min(start + chunkSize, checked.rows.length);
      withCompiledStatements(statements, () =>
        db.transaction((tx) => {
          for (const row of checked.rows.slice(start, end)) tally.add(row, storeRow(tx, context, row));
          tx.update(schema.imports).set({ processedRows: end, updatedAt: now() }).where(eq(schema.imports.id, importId)).run();
        }),
      );
    }
    const findings = tally.findings(mapping);
    db.transaction((tx) => {
      tx.update(schema.imports)
        .set({ status: "finished", processedRows: sheet.rows.length, summary: { ...tally.summary, findings }, rejectedRows: stored(), updatedAt: now() })
        .where(eq(schema.imports.id, importId))
        .run();
      recordAudit(tx, {
        userId: actor.id,
        action: "import",
        entityType: "import",
        entityId: importId,
        after: { kind: "kobo", fileName, totalRows: sheet.rows.length, ...tally.summary, partnerAssignment: mapping.partnerAssignment },
      });
    });
    return { importId, status: "finished", summary: tally.summary };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Kobo import ${importId} failed:`, error);
    db.update(schema.imports)
      .set({ status: "failed", summary: { ...tally.summary, error: message }, rejectedRows: stored(), updatedAt: now() })
      .where(eq(schema.imports.id, importId))
      .run();
    return { importId, status: "failed", summary: tally.summary, error: message };
  }
}

/** Runs an import to the end (scripts, tests, the benchmark). */
export async function runImport(actor: CurrentUser, fileName: string, workbook: Workbook, mapping: KoboMapping, options: { chunkSize?: number } = {}) {
  const { finished } = startImport(actor, fileName, workbook, mapping, options);
  return finished;
}

// ---------------------------------------------------------------------------------------------
// What the mapping page shows

/** Choices for the constants of our own records: active programmes, partner NGOs and mentors. */
export function constantOptions() {
  return {
    programmes: db
      .select({ id: schema.programmes.id, code: schema.programmes.code, name: schema.programmes.name, nameUk: schema.programmes.nameUk })
      .from(schema.programmes)
      .where(eq(schema.programmes.active, true))
      .orderBy(schema.programmes.code)
      .all(),
    partners: db
      .select({ id: schema.organisations.id, name: schema.organisations.name, nameUk: schema.organisations.nameUk })
      .from(schema.organisations)
      .where(and(eq(schema.organisations.kind, "partner"), eq(schema.organisations.active, true)))
      .orderBy(schema.organisations.name)
      .all(),
    mentors: db
      .select({ id: schema.users.id, name: schema.users.name, organisationId: schema.users.organisationId })
      .from(schema.users)
      .where(and(eq(schema.users.role, "mentor"), eq(schema.users.active, true)))
      .orderBy(schema.users.name)
      .all(),
    // Which partner NGO covers each oblast: what "by oblast" would hand them (shown before it does).
    partnersByOblast: db
      .select({ oblastPcode: schema.organisationOblasts.oblastPcode, organisationId: schema.organisations.id })
      .from(schema.organisationOblasts)
      .innerJoin(schema.organisations, eq(schema.organisations.id, schema.organisationOblasts.organisationId))
      .where(and(eq(schema.organisations.kind, "partner"), eq(schema.organisations.active, true)))
      .orderBy(schema.organisationOblasts.oblastPcode, schema.organisations.id)
      .all(),
  };
}

/**
 * The hromadas of a column written as names, each with how it matches the COD-AB table, for the
 * officer to settle the unsure ones once. Values with digits (an address, a house number) are
 * not listed, only counted: the page shows place names, never what else people typed.
 */
export function placeNamesOf(rows: ReadonlyArray<Record<string, string>>, column: string, oblastColumn: string | undefined, maxListed = 300) {
  const resolve = placeResolver();
  const counts = new Map<string, number>();
  let withheld = 0;
  for (const row of rows) {
    const value = (row[column] ?? "").trim();
    if (!value || /^UA\d{7}$/i.test(value)) continue;
    if (/\d/.test(value) || value.length > 80) {
      withheld += 1;
      continue;
    }
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const oblastOf = new Map<string, string | undefined>();
  if (oblastColumn) {
    for (const row of rows) {
      const value = (row[column] ?? "").trim();
      if (counts.has(value) && !oblastOf.has(value)) oblastOf.set(value, row[oblastColumn]?.trim() || undefined);
    }
  }
  const values = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, maxListed)
    .map(([value, rows]) => {
      const oblast = oblastOf.get(value);
      const match: PlaceMatch = resolve(value, oblast && /^UA\d{2}$/i.test(oblast) ? oblast.toUpperCase() : undefined);
      return { value, rows, match };
    });
  return { values, withheld, more: Math.max(0, counts.size - maxListed) };
}

// ---------------------------------------------------------------------------------------------
// Past imports

export type ImportRecord = typeof schema.imports.$inferSelect;
export type StoredSummary = Partial<ImportSummary> & { error?: string; findings?: ImportFindings };

export function listImports(limit = 100) {
  return db
    .select({
      id: schema.imports.id,
      fileName: schema.imports.fileName,
      status: schema.imports.status,
      totalRows: schema.imports.totalRows,
      processedRows: schema.imports.processedRows,
      summary: schema.imports.summary,
      createdAt: schema.imports.createdAt,
      updatedAt: schema.imports.updatedAt,
      createdByName: schema.users.name,
    })
    .from(schema.imports)
    .leftJoin(schema.users, eq(schema.users.id, schema.imports.createdByUserId))
    .where(eq(schema.imports.kind, "kobo"))
    .orderBy(desc(schema.imports.id))
    .limit(limit)
    .all()
    .map(({ summary, updatedAt, ...row }) => {
      const { findings: _findings, ...counts } = (summary ?? {}) as StoredSummary;
      return {
        ...row,
        status: cutShort({ status: row.status, updatedAt }) ? ("failed" as const) : row.status,
        summary: summary ? { ...emptySummary(), ...counts } : null,
      };
    });
}

export function findImport(id: number) {
  const row = db
    .select({ record: schema.imports, createdByName: schema.users.name })
    .from(schema.imports)
    .leftJoin(schema.users, eq(schema.users.id, schema.imports.createdByUserId))
    .where(and(eq(schema.imports.id, id), eq(schema.imports.kind, "kobo")))
    .get();
  if (!row) return undefined;
  const { rejectedRows, summary, ...record } = row.record;
  const { findings, ...counts } = (summary ?? {}) as StoredSummary;
  return {
    ...record,
    interrupted: cutShort(record),
    createdByName: row.createdByName,
    summary: summary ? ({ ...emptySummary(), ...counts } as ImportSummary & { error?: string }) : null,
    findings: findings ?? null,
    rejectedRows: (rejectedRows ?? { headers: [], rows: [] }) as RejectedRows,
    // Deleted after their retention period (rejected-rows.server.ts); the counts stay.
    rejectedRowsPurged: rejectedRows === null && record.status !== "running",
  };
}

// ---------------------------------------------------------------------------------------------
// Saved mappings, one per form

const stringRecord = z.record(z.string(), z.string());
const storedMappingSchema = z.object({
  columns: stringRecord.catch({}),
  choices: z.record(z.string(), stringRecord).catch({}),
  constants: stringRecord.catch({}),
  places: stringRecord.catch({}),
  activities: stringRecord.catch({}),
  filters: z.array(z.object({ column: z.string(), values: z.array(z.string()) })).catch([]),
  extras: z.record(z.string(), z.object({ label: z.string(), freeText: z.boolean() })).catch({}),
  partnerAssignment: z.enum(partnerAssignments).catch("none"),
});

// Keeps only our fields, so a mapping saved by an older version cannot inject other keys (and a
// constant once typed for a person's question is dropped: such questions are "not collected").
export function cleanMapping(value: unknown): KoboMapping {
  const parsed = storedMappingSchema.safeParse(value);
  if (!parsed.success) return emptyMapping();
  const pick = <T extends string>(record: Record<string, string>, fields: readonly T[]) =>
    Object.fromEntries(Object.entries(record).filter(([field]) => (fields as readonly string[]).includes(field))) as Partial<Record<T, string>>;
  const choiceSet = new Set<string>(choiceFields);
  return {
    columns: pick(parsed.data.columns, columnFields),
    choices: Object.fromEntries(Object.entries(parsed.data.choices).filter(([field]) => choiceSet.has(field))),
    constants: pick(parsed.data.constants, constantFields),
    places: parsed.data.places,
    activities: parsed.data.activities,
    filters: parsed.data.filters,
    extras: parsed.data.extras,
    partnerAssignment: parsed.data.partnerAssignment,
  };
}

export function findMapping(key: string) {
  const row = db.select().from(schema.importMappings).where(eq(schema.importMappings.formKey, key)).get();
  if (!row) return undefined;
  return { id: row.id, formKey: row.formKey, name: row.name, mapping: cleanMapping(row.mapping), updatedAt: row.updatedAt, version: row.version };
}

// Who saved a form's mapping last, and when: what a colleague's stale mapping page is told.
function mappingChange(tx: Transaction, row: typeof schema.importMappings.$inferSelect): RecordChange {
  return { record: "import_mapping", action: "update", at: row.updatedAt, by: userName(tx, row.updatedByUserId), subjects: [row.name] };
}

/**
 * Saves the mapping of a form (by its formKey), replacing an earlier one. `version` is the
 * mapping's version the page was read at, 0 when the form had none: a colleague's save in
 * between is refused with StaleRecordError, never overwritten.
 */
export function saveMapping(actor: CurrentUser, key: string, version: number, name: string, mapping: KoboMapping) {
  const clean = cleanMapping(mapping);
  return db.transaction((tx) => {
    const before = tx.select().from(schema.importMappings).where(eq(schema.importMappings.formKey, key)).get();
    if (before) assertVersion(before.version, version, () => mappingChange(tx, before));
    else if (version !== 0) throw new StaleRecordError(null);
    let saved: typeof schema.importMappings.$inferSelect;
    if (before) {
      const stored = tx
        .update(schema.importMappings)
        .set({ name, mapping: clean, updatedByUserId: actor.id, version: before.version + 1, updatedAt: now() })
        .where(and(eq(schema.importMappings.id, before.id), eq(schema.importMappings.version, version)))
        .run();
      assertCompareAndSet(stored, () => mappingChange(tx, before));
      saved = tx.select().from(schema.importMappings).where(eq(schema.importMappings.id, before.id)).get()!;
    } else {
      saved = tx.insert(schema.importMappings).values({ formKey: key, name, mapping: clean, updatedByUserId: actor.id }).returning().get();
    }
    recordAudit(tx, {
      userId: actor.id,
      action: before ? "update" : "create",
      entityType: "import",
      entityId: `mapping:${saved.id}`,
      before: before ? { name: before.name, mapping: before.mapping } : null,
      after: { formKey: key, name, mapping: clean },
    });
    return saved;
  });
}
