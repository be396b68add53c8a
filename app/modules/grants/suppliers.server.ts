// Suppliers of in-kind equipment (domain.md §9): a legal entity with its EDRPOU, or a sole
// trader whose RNOKPP is identity-grade (§2): a keyed hash finds the same trader twice, the
// encrypted copy is shown to officers and admins only, and each view is audited (§8).
import { and, asc, eq, inArray } from "drizzle-orm";
import { auditDiff, auditSnapshot, recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { identityHash, sealIdentity, unsealIdentity } from "~/lib/identity.server";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import { ProcurementRefused } from "./procurement-errors";
import type { SupplierInput, SupplierUpdateInput } from "./procurement-schema";
import { checkSupplierCode } from "./suppliers-identity";

export type Supplier = typeof schema.suppliers.$inferSelect;

export function requireProcurement(actor: CurrentUser) {
  if (!can(actor, "procureInKind")) throw new ProcurementRefused("forbidden");
}

function assertOblasts(tx: Transaction, pcodes: string[]) {
  if (pcodes.length === 0) return;
  const known = tx
    .select({ pcode: schema.adminUnits.pcode })
    .from(schema.adminUnits)
    .where(and(inArray(schema.adminUnits.pcode, pcodes), eq(schema.adminUnits.level, 1)))
    .all();
  if (known.length !== new Set(pcodes).size) throw new ProcurementRefused("unknown_oblast", {}, "oblastPcodes");
}

export function createSupplier(actor: CurrentUser, input: SupplierInput): Supplier {
  requireProcurement(actor);
  const code = checkSupplierCode(input.code);
  if (!code.ok) throw new ProcurementRefused("supplier_code_invalid", { reason: code.reason }, "code");
  return db.transaction((tx) => {
    assertOblasts(tx, input.oblastPcodes);
    const rnokppHash = code.kind === "rnokpp" ? identityHash("rnokpp", code.code) : null;
    const existing = tx
      .select({ id: schema.suppliers.id })
      .from(schema.suppliers)
      .where(rnokppHash ? eq(schema.suppliers.rnokppHash, rnokppHash) : eq(schema.suppliers.edrpou, code.code))
      .get();
    if (existing) throw new ProcurementRefused("supplier_exists", { supplierId: existing.id }, "code");
    const supplier = tx
      .insert(schema.suppliers)
      .values({
        name: input.name,
        kind: code.kind === "edrpou" ? "legal_entity" : "sole_trader",
        edrpou: code.kind === "edrpou" ? code.code : null,
        rnokppHash,
        rnokppSealed: code.kind === "rnokpp" ? sealIdentity(code.code) : null,
        contactPerson: input.contactPerson ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        address: input.address ?? null,
      })
      .returning()
      .get();
    for (const oblastPcode of new Set(input.oblastPcodes)) {
      tx.insert(schema.supplierOblasts).values({ supplierId: supplier.id, oblastPcode }).run();
    }
    recordAudit(tx, { userId: actor.id, action: "create", entityType: "supplier", entityId: supplier.id, after: { ...auditSnapshot(supplier), oblastPcodes: input.oblastPcodes } });
    return supplier;
  });
}

/** Contacts, oblasts and whether the supplier is still used; the code that identifies it stays. */
export function updateSupplier(actor: CurrentUser, supplierId: number, input: SupplierUpdateInput): Supplier {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const before = tx.select().from(schema.suppliers).where(eq(schema.suppliers.id, supplierId)).get();
    if (!before) throw new ProcurementRefused("not_found");
    const describe = () => lastAuditedChange(tx, "supplier", "supplier", supplierId);
    assertVersion(before.version, input.version, describe);
    assertOblasts(tx, input.oblastPcodes);
    const fields = {
      name: input.name,
      contactPerson: input.contactPerson ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      address: input.address ?? null,
      active: input.active,
    };
    const result = tx
      .update(schema.suppliers)
      .set({ ...fields, version: before.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.suppliers.id, supplierId), eq(schema.suppliers.version, input.version)))
      .run();
    assertCompareAndSet(result, describe);
    const oblastsBefore = supplierOblastPcodes(tx, supplierId);
    tx.delete(schema.supplierOblasts).where(eq(schema.supplierOblasts.supplierId, supplierId)).run();
    for (const oblastPcode of new Set(input.oblastPcodes)) {
      tx.insert(schema.supplierOblasts).values({ supplierId, oblastPcode }).run();
    }
    const diff = auditDiff({ ...before, oblastPcodes: oblastsBefore }, { ...before, ...fields, oblastPcodes: [...new Set(input.oblastPcodes)].sort() });
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "supplier", entityId: supplierId, ...diff });
    return tx.select().from(schema.suppliers).where(eq(schema.suppliers.id, supplierId)).get()!;
  });
}

function supplierOblastPcodes(tx: Transaction | typeof db, supplierId: number): string[] {
  return tx
    .select({ pcode: schema.supplierOblasts.oblastPcode })
    .from(schema.supplierOblasts)
    .where(eq(schema.supplierOblasts.supplierId, supplierId))
    .orderBy(asc(schema.supplierOblasts.oblastPcode))
    .all()
    .map((row) => row.pcode);
}

/** Suppliers for a quotation form: active ones, those serving the oblast first when one is given. */
export function listSuppliers(options: { oblastPcode?: string | null; includeInactive?: boolean } = {}) {
  const rows = db
    .select({
      id: schema.suppliers.id,
      name: schema.suppliers.name,
      kind: schema.suppliers.kind,
      edrpou: schema.suppliers.edrpou,
      contactPerson: schema.suppliers.contactPerson,
      phone: schema.suppliers.phone,
      email: schema.suppliers.email,
      active: schema.suppliers.active,
      version: schema.suppliers.version,
    })
    .from(schema.suppliers)
    .where(options.includeInactive ? undefined : eq(schema.suppliers.active, true))
    .orderBy(asc(schema.suppliers.name))
    .all();
  const oblasts = db.select().from(schema.supplierOblasts).all();
  const byId = new Map<number, string[]>();
  for (const row of oblasts) byId.set(row.supplierId, [...(byId.get(row.supplierId) ?? []), row.oblastPcode]);
  const listed = rows.map((row) => ({ ...row, oblastPcodes: (byId.get(row.id) ?? []).sort() }));
  if (!options.oblastPcode) return listed;
  const serves = (supplier: (typeof listed)[number]) => supplier.oblastPcodes.includes(options.oblastPcode!);
  return [...listed.filter(serves), ...listed.filter((supplier) => !serves(supplier))];
}

/** A sole trader's RNOKPP, for an officer or admin who asks to see it; the view is audited (§8). */
export function revealSupplierRnokpp(actor: CurrentUser, supplierId: number): string | null {
  if (!can(actor, "seeIdentityNumbers")) throw new ProcurementRefused("forbidden");
  return db.transaction((tx) => {
    const supplier = tx.select().from(schema.suppliers).where(eq(schema.suppliers.id, supplierId)).get();
    if (!supplier) throw new ProcurementRefused("not_found");
    if (!supplier.rnokppSealed) return null;
    recordAudit(tx, { userId: actor.id, action: "view_protected", entityType: "supplier", entityId: supplierId, after: { field: "rnokpp" } });
    return unsealIdentity(supplier.rnokppSealed);
  });
}
