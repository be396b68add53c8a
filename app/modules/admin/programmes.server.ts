import { asc, eq } from "drizzle-orm";
import { auditDiff, auditSnapshot, recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { StaleRecordError } from "~/modules/accounts/accounts.server";
import type { ProgrammeInput } from "./schema";

export class ProgrammeCodeTakenError extends Error {}

export function listProgrammes() {
  return db.select().from(schema.programmes).orderBy(asc(schema.programmes.code)).all();
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
    if (!before) throw new Response("Not found", { status: 404 });
    if (before.version !== input.version) throw new StaleRecordError();
    assertCodeFree(tx, input.code, id);
    const { version: _version, ...fields } = input;
    const after = tx
      .update(schema.programmes)
      .set({ ...fields, endDate: fields.endDate ?? null, version: before.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(schema.programmes.id, id))
      .returning()
      .get();
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "programme", entityId: id, ...auditDiff(before, after) });
    return after;
  });
}
