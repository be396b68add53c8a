import { and, asc, eq } from "drizzle-orm";
import { auditDiff, auditSnapshot, recordAudit } from "~/lib/audit.server";
import { notFound } from "~/lib/not-found.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { assertVersion, lastAuditedChange, StaleRecordError } from "~/lib/stale-record.server";
import type { OrganisationInput } from "./schema";

export class OrganisationNameTakenError extends Error {}

function assertNameFree(tx: Transaction, name: string, exceptId?: number) {
  const taken = tx.select({ id: schema.organisations.id }).from(schema.organisations).where(eq(schema.organisations.name, name)).get();
  if (taken && taken.id !== exceptId) throw new OrganisationNameTakenError(name);
}

export function listOrganisations() {
  const organisations = db.select().from(schema.organisations).orderBy(asc(schema.organisations.name)).all();
  const oblasts = db.select().from(schema.organisationOblasts).all();
  return organisations.map((organisation) => ({
    ...organisation,
    oblastPcodes: oblasts.filter((row) => row.organisationId === organisation.id).map((row) => row.oblastPcode),
  }));
}

export function findOrganisation(id: number) {
  return listOrganisations().find((organisation) => organisation.id === id);
}

function replaceOblasts(tx: Transaction, organisationId: number, oblastPcodes: string[]) {
  tx.delete(schema.organisationOblasts).where(eq(schema.organisationOblasts.organisationId, organisationId)).run();
  if (oblastPcodes.length) {
    tx.insert(schema.organisationOblasts).values(oblastPcodes.map((oblastPcode) => ({ organisationId, oblastPcode }))).run();
  }
}

export function createOrganisation(actor: CurrentUser | null, input: OrganisationInput, tx?: Transaction) {
  const write = (t: Transaction) => {
    assertNameFree(t, input.name);
    const { oblastPcodes, ...fields } = input;
    const organisation = t.insert(schema.organisations).values(fields).returning().get();
    replaceOblasts(t, organisation.id, oblastPcodes);
    recordAudit(t, {
      userId: actor?.id ?? null,
      action: "create",
      entityType: "organisation",
      entityId: organisation.id,
      after: { ...auditSnapshot(organisation), oblastPcodes },
    });
    return organisation;
  };
  return tx ? write(tx) : db.transaction(write);
}

export function updateOrganisation(actor: CurrentUser, id: number, input: OrganisationInput & { version: number }) {
  return db.transaction((tx) => {
    const before = tx.select().from(schema.organisations).where(eq(schema.organisations.id, id)).get();
    if (!before) notFound();
    const lastChange = () => lastAuditedChange(tx, "organisation", "organisation", id);
    assertVersion(before.version, input.version, lastChange);
    assertNameFree(tx, input.name, id);
    const oblastsBefore = tx
      .select()
      .from(schema.organisationOblasts)
      .where(eq(schema.organisationOblasts.organisationId, id))
      .all()
      .map((row) => row.oblastPcode);
    const { oblastPcodes, version: _version, ...fields } = input;
    const after = tx
      .update(schema.organisations)
      .set({ ...fields, version: before.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.organisations.id, id), eq(schema.organisations.version, before.version)))
      .returning()
      .get();
    if (!after) throw new StaleRecordError(lastChange());
    replaceOblasts(tx, id, oblastPcodes);
    recordAudit(tx, {
      userId: actor.id,
      action: "update",
      entityType: "organisation",
      entityId: id,
      ...auditDiff({ ...before, oblastPcodes: oblastsBefore }, { ...after, oblastPcodes }),
    });
    return after;
  });
}
