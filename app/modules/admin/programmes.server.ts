import { and, asc, eq } from "drizzle-orm";
import { auditDiff, auditSnapshot, recordAudit } from "~/lib/audit.server";
import { notFound } from "~/lib/not-found.server";
import { programmeScope, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { assertCompareAndSet, assertVersion, lastAuditedChange, StaleRecordError } from "~/lib/stale-record.server";
import { rubricSchema, type Rubric } from "~/modules/review/scoring";
import { letterSettingKeys, type ProgrammeInput } from "./schema";

export class ProgrammeCodeTakenError extends Error {}

// Field errors of a rubric that breaks rubricSchema's rules, keyed by the editor's field names.
export class RubricInvalidError extends Error {
  constructor(public fieldErrors: Record<string, string[]>) {
    super("Invalid rubric");
  }
}

// Every programme for admins and evaluators; an officer's own programmes when a user is given.
export function listProgrammes(user?: CurrentUser) {
  return db
    .select()
    .from(schema.programmes)
    .where(user ? programmeScope(user) : undefined)
    .orderBy(asc(schema.programmes.code))
    .all();
}

export function findProgramme(id: number) {
  return db.select().from(schema.programmes).where(eq(schema.programmes.id, id)).get();
}

function assertCodeFree(tx: Transaction, code: string, exceptId?: number) {
  const taken = tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.code, code)).get();
  if (taken && taken.id !== exceptId) throw new ProgrammeCodeTakenError(code);
}

export function createProgramme(actor: CurrentUser | null, input: ProgrammeInput, tx?: Transaction) {
  const write = (t: Transaction) => {
    assertCodeFree(t, input.code);
    const programme = t
      .insert(schema.programmes)
      .values({ ...input, endDate: input.endDate ?? null })
      .returning()
      .get();
    recordAudit(t, {
      userId: actor?.id ?? null,
      action: "create",
      entityType: "programme",
      entityId: programme.id,
      after: auditSnapshot(programme),
    });
    return programme;
  };
  return tx ? write(tx) : db.transaction(write);
}

export function updateProgramme(actor: CurrentUser, id: number, input: ProgrammeInput & { version: number }) {
  return db.transaction((tx) => {
    const before = tx.select().from(schema.programmes).where(eq(schema.programmes.id, id)).get();
    if (!before) notFound();
    const lastChange = () => lastAuditedChange(tx, "programme", "programme", id);
    assertVersion(before.version, input.version, lastChange);
    assertCodeFree(tx, input.code, id);
    const { version: _version, ...fields } = input;
    // A letter setting left empty is cleared, not kept.
    const cleared = Object.fromEntries(letterSettingKeys.map((key) => [key, fields[key] ?? null]));
    const after = tx
      .update(schema.programmes)
      .set({ ...fields, ...cleared, endDate: fields.endDate ?? null, version: before.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.programmes.id, id), eq(schema.programmes.version, before.version)))
      .returning()
      .get();
    if (!after) throw new StaleRecordError(lastChange());
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "programme", entityId: id, ...auditDiff(before, after) });
    return after;
  });
}

// rubricSchema's messages are English sentences; the editor shows its own, in both languages,
// for the rule each issue names. `meaningRows[i]` is the editor's row of the i-th stored meaning.
function rubricFieldErrors(rubric: Rubric, meaningRows: number[]): Record<string, string[]> | null {
  const parsed = rubricSchema.safeParse(rubric);
  if (parsed.success) return null;
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const name = issue.path.reduce<string>((joined, segment, index) => {
      if (typeof segment !== "number") return joined ? `${joined}.${String(segment)}` : String(segment);
      const row = issue.path[index - 1] === "scoreMeanings" ? meaningRows[segment] : segment;
      return `${joined}[${row}]`;
    }, "");
    const rule = issue.code === "custom" ? issue.params?.rule : undefined;
    const message = typeof rule === "string" ? `review.rubric.errors.${rule}` : "review.rubric.errors.invalid";
    errors[name] = [...(errors[name] ?? []), message];
  }
  return errors;
}

// The review rubric is stored on the programme (weights summing to 100 etc., see scoring.ts),
// with its audit entry in the same transaction. Throws RubricInvalidError before anything is
// read, StaleRecordError when the programme changed since the editor was loaded.
export function saveRubric(actor: CurrentUser, programmeId: number, input: Rubric & { version: number }) {
  const { version, scoreMeanings = [], ...rest } = input;
  // The editor posts a row per score of its scale; a row left empty gives no meaning.
  const meaningRows = scoreMeanings.flatMap((meaning, row) => (meaning.uk.trim() || meaning.en.trim() ? [row] : []));
  const rubric: Rubric = meaningRows.length ? { ...rest, scoreMeanings: meaningRows.map((row) => scoreMeanings[row]) } : rest;
  const fieldErrors = rubricFieldErrors(rubric, meaningRows);
  if (fieldErrors) throw new RubricInvalidError(fieldErrors);
  db.transaction((tx) => {
    const before = tx.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
    if (!before) notFound();
    const lastChange = () => lastAuditedChange(tx, "programme", "programme", programmeId);
    assertVersion(before.version, version, lastChange);
    const stored = tx
      .update(schema.programmes)
      .set({ rubric, version: before.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.programmes.id, programmeId), eq(schema.programmes.version, before.version)))
      .run();
    assertCompareAndSet(stored, lastChange);
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "programme", entityId: programmeId, before: { rubric: before.rubric }, after: { rubric } });
  });
}
