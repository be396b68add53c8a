/**
 * KoboToolbox applicant import (domain.md §1 "application … or import from a Kobo form"): every
 * row goes through the applicant form's own schema and registerApplicantIn, so an imported
 * applicant meets the same checks and deduplication (§2) as one typed in by hand.
 *
 * - dryRun runs every check of the real import, in chunks whose transactions are rolled back.
 * - startImport stores the valid rows in chunks of CHUNK_SIZE rows, one transaction per chunk,
 *   pausing between chunks so other requests are served, and updating processedRows so the
 *   import page can poll the progress. The request that starts an import returns at once; the
 *   chunks run in the same server process (10,000 rows in about 12 s on a 2-core machine, see
 *   tests/bench/kobo-import.bench.ts), so no job queue is needed at this size. An import cut
 *   short by a restart keeps the rows of its finished chunks and shows as interrupted;
 *   importing the file again completes it, since rows already imported (by _uuid) are skipped.
 */
import type { Statement } from "better-sqlite3";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, sqlite, type Transaction } from "~/lib/db.server";
import type { RecordChange } from "~/lib/stale-record";
import { assertCompareAndSet, assertVersion, StaleRecordError, userName } from "~/lib/stale-record.server";
import type { Workbook, WorkbookSheet } from "~/lib/spreadsheet.server";
import { registerApplicantIn, UnknownReferenceError } from "~/modules/intake/intake.server";
import { dedupBlockingKeys, isPossibleDuplicate, type PersonForMatching } from "~/modules/intake/name-matching";
import { applicantSchema, type ApplicantInput } from "~/modules/intake/schema";
import {
  applicantFields,
  choiceFields,
  mapRow,
  missingRequiredFields,
  submissionUuid,
  type ApplicantField,
  type KoboMapping,
} from "./kobo-mapping";
import type { RowError } from "./reasons";
import { purgeExpiredRejectedRows, sealedColumnsOf, sealedReason, sealRejectedCells } from "./rejected-rows.server";

export { formKey } from "./form-key.server";

export const CHUNK_SIZE = 250;

// Between chunks the server answers other requests (the progress page among them). A request
// takes several turns of the event loop (cookie signature, session lookup, rendering), so a
// bare setImmediate would let it advance one step per chunk; a short pause lets it finish.
const pauseBetweenChunksMs = 10;
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, pauseBetweenChunksMs));
const now = () => new Date().toISOString();

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
  const problems: RowError[] = missingRequiredFields(mapping).map((field) => ({
    field,
    message: field === "rnokpp" ? "imports.errors.identityNotMapped" : "imports.errors.fieldNotMapped",
  }));
  for (const [field, column] of Object.entries(mapping.columns)) {
    if (column && !headers.includes(column)) {
      problems.push({ field, message: "imports.errors.columnNotInFile" });
    }
  }
  return problems;
}

function assertMappingUsable(mapping: KoboMapping, sheet: WorkbookSheet) {
  const problems = mappingProblems(mapping, sheet.headers);
  if (problems.length) throw new MappingError(problems);
}

// ---------------------------------------------------------------------------------------------
// One row

type PreparedRow = {
  row: number;
  uuid: string | null;
  cells: Record<string, string>;
  input: ApplicantInput | null;
  errors: RowError[];
};

type RowOutcome =
  | { kind: "created"; possibleDuplicates: number }
  | { kind: "definite_duplicate"; existingCaseCode: string | null }
  | { kind: "already_imported" }
  | { kind: "invalid"; errors: RowError[] };

function identityKey(input: ApplicantInput): { key: string; field: ApplicantField } | null {
  if (!input.noRnokpp && input.rnokpp) return { key: `rnokpp:${input.rnokpp.trim()}`, field: "rnokpp" };
  if (input.passportNumber) return { key: `passport:${input.passportNumber.replace(/[\s-]/g, "").toUpperCase()}`, field: "passportNumber" };
  return null;
}

/**
 * The form's checks on one row (the applicant schema, and choice values no table translates),
 * then duplicates within the file: a second row with the same _uuid, RNOKPP or passport as an
 * earlier row is refused, naming the earlier row.
 */
function prepareRow(mapping: KoboMapping, cells: Record<string, string>, row: number, seenInFile: Map<string, number>): PreparedRow {
  const uuid = submissionUuid(cells);
  const { values, unmapped } = mapRow(mapping, cells);
  const errors: RowError[] = unmapped.map(({ field, value }) => sealedReason({ field, message: "imports.errors.unknownChoice", params: { value } }));
  const unmappedFields = new Set<string>(unmapped.map(({ field }) => field));
  const parsed = applicantSchema.safeParse(values);
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = typeof issue.path[0] === "string" ? issue.path[0] : "";
      // An untranslated choice already says why the schema refused the value.
      if (unmappedFields.has(field) || seen.has(`${field}\n${issue.message}`)) continue;
      seen.add(`${field}\n${issue.message}`);
      errors.push({ field, message: issue.message });
    }
  }
  if (errors.length || !parsed.success) return { row, uuid, cells, input: null, errors };
  const input = parsed.data;
  const identity = identityKey(input);
  const keys = [
    ...(uuid ? [{ key: `uuid:${uuid}`, field: "" }] : []),
    ...(identity ? [identity] : []),
  ];
  for (const { key, field } of keys) {
    const earlier = seenInFile.get(key);
    if (earlier !== undefined) {
      return { row, uuid, cells, input: null, errors: [{ field, message: "imports.errors.duplicateInFile", params: { row: earlier } }] };
    }
  }
  for (const { key } of keys) seenInFile.set(key, row);
  return { row, uuid, cells, input, errors: [] };
}

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

/** Registers one valid row in its own savepoint, so a row that fails never undoes the others. */
function storeRow(tx: Transaction, actor: CurrentUser, prepared: PreparedRow): RowOutcome {
  if (!prepared.input) return { kind: "invalid", errors: prepared.errors };
  const input = prepared.input;
  try {
    return inRowSavepoint((): RowOutcome => {
      const result = registerApplicantIn(tx, actor, input, { sourceUuid: prepared.uuid ?? undefined });
      if (result.kind === "created") return { kind: "created", possibleDuplicates: result.possibleDuplicates };
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

// ---------------------------------------------------------------------------------------------
// Tallies shared by the dry run and the import

export type InvalidRow = { row: number; uuid: string | null; errors: RowError[] };
export type DuplicateRow = { row: number; uuid: string | null; existingCaseCode: string | null };

export type ImportSummary = {
  created: number;
  duplicates: number;
  alreadyImported: number;
  invalid: number;
  /** Created rows that resemble an existing person (name and birth date or phone, §2). */
  possibleDuplicates: number;
};

/**
 * A row that was not stored, with the file's own cells, for the downloadable report. The cells
 * of identity and protection-category columns are in `sealed`, encrypted (rejected-rows.server.ts).
 */
export type RejectedRow = {
  row: number;
  uuid: string | null;
  kind: "invalid" | "duplicate";
  errors: RowError[];
  cells: Record<string, string>;
  sealed?: Record<string, string>;
};

export type RejectedRows = { headers: string[]; rows: RejectedRow[] };

class Tally {
  readonly summary: ImportSummary = { created: 0, duplicates: 0, alreadyImported: 0, invalid: 0, possibleDuplicates: 0 };
  readonly invalid: InvalidRow[] = [];
  readonly duplicates: DuplicateRow[] = [];
  readonly rejected: RejectedRow[] = [];

  constructor(private readonly sealedColumns: readonly string[] = []) {}

  private reject(prepared: PreparedRow, kind: RejectedRow["kind"], errors: RowError[]) {
    const { cells, sealed } = sealRejectedCells(prepared.cells, this.sealedColumns);
    this.rejected.push({ row: prepared.row, uuid: prepared.uuid, kind, errors, cells, sealed });
  }

  add(prepared: PreparedRow, outcome: RowOutcome) {
    const { row, uuid } = prepared;
    switch (outcome.kind) {
      case "created":
        this.summary.created += 1;
        if (outcome.possibleDuplicates > 0) this.summary.possibleDuplicates += 1;
        break;
      case "already_imported":
        this.summary.alreadyImported += 1;
        break;
      case "definite_duplicate": {
        this.summary.duplicates += 1;
        this.duplicates.push({ row, uuid, existingCaseCode: outcome.existingCaseCode });
        const errors: RowError[] = [
          outcome.existingCaseCode
            ? { field: "", message: "imports.errors.definiteDuplicate", params: { caseCode: outcome.existingCaseCode } }
            : { field: "", message: "imports.errors.definiteDuplicateNoCase" },
        ];
        this.reject(prepared, "duplicate", errors);
        break;
      }
      case "invalid":
        this.summary.invalid += 1;
        this.invalid.push({ row, uuid, errors: outcome.errors });
        this.reject(prepared, "invalid", outcome.errors);
        break;
    }
  }
}

function rowNumberOf(sheet: WorkbookSheet, index: number) {
  // Without recorded row numbers, data rows start under the header row.
  return sheet.rowNumbers?.[index] ?? index + 2;
}

// ---------------------------------------------------------------------------------------------
// Dry run

export type DryRunResult = {
  total: number;
  wouldCreate: number;
  definiteDuplicates: DuplicateRow[];
  alreadyImported: number;
  possibleDuplicates: number;
  invalid: InvalidRow[];
};

class DryRunRollback extends Error {}

/**
 * Rows a dry run "created" in its earlier chunks, which were rolled back: a later row that
 * resembles one of them is a possible duplicate in the import, so the dry run counts it too.
 * Looked up by the same blocking keys as the database check (domain.md §2).
 */
class EarlierRowsOfFile {
  private readonly byKey = new Map<string, PersonForMatching[]>();

  resembles(person: PersonForMatching): boolean {
    return dedupBlockingKeys(person).some((key) => (this.byKey.get(key) ?? []).some((earlier) => isPossibleDuplicate(person, earlier).match));
  }

  add(person: PersonForMatching) {
    for (const key of dedupBlockingKeys(person)) {
      const people = this.byKey.get(key);
      if (people) people.push(person);
      else this.byKey.set(key, [person]);
    }
  }
}

/**
 * What an import would do, with nothing stored: the rows go through the very code of the import
 * (the form's schema, registerApplicantIn with its duplicate checks), chunk by chunk, each chunk
 * in a transaction that is rolled back at its end. Chunks, with a turn of the event loop between
 * them, keep the server answering other people during a large dry run; as the import's later
 * chunks see the rows of its earlier ones, the dry run carries them forward: duplicates within
 * the file by _uuid/RNOKPP/passport (prepareRow) and possible duplicates by name (above).
 * Throws MappingError when the mapping cannot run.
 */
export async function dryRun(
  actor: CurrentUser,
  workbook: Workbook,
  mapping: KoboMapping,
  options: { chunkSize?: number } = {},
): Promise<DryRunResult> {
  const sheet = koboSheet(workbook);
  assertMappingUsable(mapping, sheet);
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const tally = new Tally();
  const seenInFile = new Map<string, number>();
  const earlierRows = new EarlierRowsOfFile();
  for (let start = 0; start < sheet.rows.length; start += chunkSize) {
    await nextTurn();
    const end = Math.min(start + chunkSize, sheet.rows.length);
    const prepared = sheet.rows.slice(start, end).map((cells, offset) => prepareRow(mapping, cells, rowNumberOf(sheet, start + offset), seenInFile));
    const createdInChunk: ApplicantInput[] = [];
    try {
      db.transaction((tx) => {
        for (const row of prepared) {
          let outcome = storeRow(tx, actor, row);
          if (outcome.kind === "created" && row.input) {
            if (outcome.possibleDuplicates === 0 && earlierRows.resembles(row.input)) outcome = { ...outcome, possibleDuplicates: 1 };
            createdInChunk.push(row.input);
          }
          tally.add(row, outcome);
        }
        throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    for (const person of createdInChunk) earlierRows.add(person);
  }
  return {
    total: sheet.rows.length,
    wouldCreate: tally.summary.created,
    definiteDuplicates: tally.duplicates,
    alreadyImported: tally.summary.alreadyImported,
    possibleDuplicates: tally.summary.possibleDuplicates,
    invalid: tally.invalid,
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

// Imports whose chunks run in this process: a "running" import not among them was cut short.
const activeImports = new Set<number>();

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
  activeImports.add(importRow.id);
  // Rows of older imports past their retention go now, with the import that brings new ones.
  purgeExpiredRejectedRows();
  const finished = processChunks(actor, importRow.id, fileName, sheet, mapping, options.chunkSize ?? CHUNK_SIZE).finally(() =>
    activeImports.delete(importRow.id),
  );
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
  const tally = new Tally(sealedColumnsOf(mapping, sheet.headers));
  const seenInFile = new Map<string, number>();
  try {
    for (let start = 0; start < sheet.rows.length; start += chunkSize) {
      await nextTurn();
      const end = Math.min(start + chunkSize, sheet.rows.length);
      // Validate first, then write only the valid rows, each chunk in one transaction.
      const prepared = sheet.rows.slice(start, end).map((cells, offset) => prepareRow(mapping, cells, rowNumberOf(sheet, start + offset), seenInFile));
      db.transaction((tx) => {
        for (const row of prepared) tally.add(row, storeRow(tx, actor, row));
        tx.update(schema.imports).set({ processedRows: end, updatedAt: now() }).where(eq(schema.imports.id, importId)).run();
      });
    }
    const rejectedRows: RejectedRows = { headers: sheet.headers, rows: tally.rejected };
    db.transaction((tx) => {
      tx.update(schema.imports)
        .set({ status: "finished", processedRows: sheet.rows.length, summary: tally.summary, rejectedRows, updatedAt: now() })
        .where(eq(schema.imports.id, importId))
        .run();
      recordAudit(tx, {
        userId: actor.id,
        action: "import",
        entityType: "import",
        entityId: importId,
        after: { kind: "kobo", fileName, totalRows: sheet.rows.length, ...tally.summary },
      });
    });
    return { importId, status: "finished", summary: tally.summary };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Kobo import ${importId} failed:`, error);
    db.update(schema.imports)
      .set({ status: "failed", summary: { ...tally.summary, error: message }, rejectedRows: { headers: sheet.headers, rows: tally.rejected }, updatedAt: now() })
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
  };
}

// ---------------------------------------------------------------------------------------------
// Past imports

export type ImportRecord = typeof schema.imports.$inferSelect;

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
      createdByName: schema.users.name,
    })
    .from(schema.imports)
    .leftJoin(schema.users, eq(schema.users.id, schema.imports.createdByUserId))
    .where(eq(schema.imports.kind, "kobo"))
    .orderBy(desc(schema.imports.id))
    .limit(limit)
    .all()
    .map((row) => ({
      ...row,
      status: row.status === "running" && !activeImports.has(row.id) ? ("failed" as const) : row.status,
      summary: (row.summary ?? null) as (ImportSummary & { error?: string }) | null,
    }));
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
  return {
    ...record,
    interrupted: record.status === "running" && !activeImports.has(record.id),
    createdByName: row.createdByName,
    summary: (summary ?? null) as (ImportSummary & { error?: string }) | null,
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
});

// Keeps only our fields, so a mapping saved by an older version cannot inject other keys.
function cleanMapping(value: unknown): KoboMapping {
  const parsed = storedMappingSchema.safeParse(value);
  if (!parsed.success) return { columns: {}, choices: {}, constants: {} };
  const fields = new Set<string>(applicantFields);
  const choiceSet = new Set<string>(choiceFields);
  const pickFields = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).filter(([field]) => fields.has(field)));
  return {
    columns: pickFields(parsed.data.columns),
    choices: Object.fromEntries(Object.entries(parsed.data.choices).filter(([field]) => choiceSet.has(field))),
    constants: pickFields(parsed.data.constants),
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
