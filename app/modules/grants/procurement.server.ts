// In-kind procurement (domain.md §9): a purchase for one or several grantees from their approved
// in-kind budget lines, quotations (the programme's quotation rule), a purchase order, and
// deliveries checked against it. Accepted goods become equipment items, handed over with the act
// (handover-act.server.ts). Every command is one synchronous transaction with its audit entry;
// a purchase carries a version, and a form read at an older one is refused.
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { PurchaseState } from "../../../db/enums";
import { auditSnapshot, recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { kyivToday } from "~/lib/kyiv-date";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import { checkDelivery, cleanSerialNumber, serialKey, type OrderedLine } from "./procurement-delivery";
import { ProcurementRefused } from "./procurement-errors";
import { checkSupplierChoice, defaultQuotationRule, quotationTotal, type QuotationRule } from "./procurement-quotations";
import type { DeliveryInput, ProcurementSettingsInput, PurchaseInput, PurchaseOrderInput, QuotationInput } from "./procurement-schema";
import { requireProcurement } from "./suppliers.server";

export type Purchase = typeof schema.purchases.$inferSelect;
export type PurchaseItem = typeof schema.purchaseItems.$inferSelect;
type Reader = Transaction | typeof db;

/** "PUR-EEP-2026-0001": document numbers per programme and year, like agreements'. */
export function procurementDocumentNumber(prefix: "PUR" | "ACT", programmeCode: string, year: number, sequence: number): string {
  return `${prefix}-${programmeCode}-${year}-${String(sequence).padStart(4, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Programme settings: the quotation rule and the issuing agency printed on acts.

export function procurementSettingsOf(programmeId: number, reader: Reader = db) {
  return reader.select().from(schema.procurementSettings).where(eq(schema.procurementSettings.programmeId, programmeId)).get() ?? null;
}

/** The programme's quotation rule, or the default (3 quotations above UAH 50,000). */
export function quotationRuleOf(programmeId: number, reader: Reader = db): QuotationRule {
  const settings = procurementSettingsOf(programmeId, reader);
  return settings ? { minQuotations: settings.minQuotations, thresholdMinor: settings.quotationThresholdMinor } : defaultQuotationRule;
}

/** Admins set them with the programme; version 0 creates them. */
export function saveProcurementSettings(actor: CurrentUser, programmeId: number, input: ProcurementSettingsInput) {
  if (!can(actor, "manageProgrammes")) throw new ProcurementRefused("forbidden");
  return db.transaction((tx) => {
    const programme = tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
    if (!programme) throw new ProcurementRefused("not_found");
    const before = procurementSettingsOf(programmeId, tx);
    const describe = () => lastAuditedChange(tx, "procurement_settings", "procurement_settings", programmeId);
    assertVersion(before?.version ?? 0, input.version, describe);
    const { version: _version, ...fields } = input;
    if (!before) {
      const created = tx.insert(schema.procurementSettings).values({ programmeId, ...fields }).returning().get();
      recordAudit(tx, { userId: actor.id, action: "create", entityType: "procurement_settings", entityId: programmeId, after: auditSnapshot(created) });
      return created;
    }
    const result = tx
      .update(schema.procurementSettings)
      .set({ ...fields, version: before.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.procurementSettings.programmeId, programmeId), eq(schema.procurementSettings.version, input.version)))
      .run();
    assertCompareAndSet(result, describe);
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "procurement_settings", entityId: programmeId, before: auditSnapshot(before), after: fields });
    return procurementSettingsOf(programmeId, tx)!;
  });
}

// ---------------------------------------------------------------------------------------------
// What may be bought: in-kind lines of the approved plans behind signed agreements.

/**
 * An in-kind line of the plan version the committee approved, for a case whose agreement is
 * signed with an in-kind part; with the quantity not yet in a live purchase.
 */
function approvedPlanLine(tx: Transaction, planBudgetLineId: number) {
  const row = tx
    .select({ line: schema.budgetLines, agreement: schema.grantAgreements })
    .from(schema.budgetLines)
    .innerJoin(schema.committeeDecisions, eq(schema.committeeDecisions.planVersionId, schema.budgetLines.planVersionId))
    .innerJoin(schema.grantAgreements, and(eq(schema.grantAgreements.decisionId, schema.committeeDecisions.id), eq(schema.grantAgreements.status, "signed")))
    .where(and(eq(schema.budgetLines.id, planBudgetLineId), eq(schema.budgetLines.modality, "in_kind"), sql`${schema.grantAgreements.inKindMinor} > 0`))
    .get();
  if (!row) return null;
  return { ...row, leftQuantity: row.line.quantity - quantityInLivePurchases(tx, planBudgetLineId) };
}

function quantityInLivePurchases(tx: Reader, planBudgetLineId: number): number {
  const row = tx
    .select({ total: sql<number>`coalesce(sum(${schema.purchaseItems.quantity}), 0)` })
    .from(schema.purchaseItems)
    .innerJoin(schema.purchases, eq(schema.purchases.id, schema.purchaseItems.purchaseId))
    .where(and(eq(schema.purchaseItems.planBudgetLineId, planBudgetLineId), ne(schema.purchases.state, "cancelled")))
    .get();
  return Number(row?.total ?? 0);
}

/** Officer's list of what waits to be bought in a programme: approved in-kind lines with quantity left. */
export function linesToProcure(programmeId: number) {
  const rows = db
    .select({
      planBudgetLineId: schema.budgetLines.id,
      item: schema.budgetLines.item,
      quantity: schema.budgetLines.quantity,
      unitCostMinor: schema.budgetLines.unitCostMinor,
      agreementId: schema.grantAgreements.id,
      agreementNumber: schema.grantAgreements.number,
      caseId: schema.cases.id,
      caseCode: schema.cases.caseCode,
      oblastPcode: schema.cases.oblastPcode,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
    })
    .from(schema.grantAgreements)
    .innerJoin(schema.committeeDecisions, eq(schema.committeeDecisions.id, schema.grantAgreements.decisionId))
    .innerJoin(schema.budgetLines, and(eq(schema.budgetLines.planVersionId, schema.committeeDecisions.planVersionId), eq(schema.budgetLines.modality, "in_kind")))
    .innerJoin(schema.cases, eq(schema.cases.id, schema.grantAgreements.caseId))
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(and(eq(schema.grantAgreements.programmeId, programmeId), eq(schema.grantAgreements.status, "signed"), sql`${schema.grantAgreements.inKindMinor} > 0`))
    .orderBy(asc(schema.grantAgreements.id), asc(schema.budgetLines.position))
    .all();
  return rows
    .map((row) => ({ ...row, leftQuantity: row.quantity - quantityInLivePurchases(db, row.planBudgetLineId) }))
    .filter((row) => row.leftQuantity > 0);
}

// ---------------------------------------------------------------------------------------------
// Purchases

function loadPurchase(tx: Transaction, purchaseId: number): Purchase {
  const purchase = tx.select().from(schema.purchases).where(eq(schema.purchases.id, purchaseId)).get();
  if (!purchase) throw new ProcurementRefused("not_found");
  return purchase;
}

function requireState(purchase: Purchase, states: PurchaseState[]) {
  if (!states.includes(purchase.state)) throw new ProcurementRefused("wrong_purchase_state", { state: purchase.state });
}

function describePurchase(tx: Transaction, purchaseId: number) {
  return () => lastAuditedChange(tx, "purchase", "purchase", purchaseId);
}

/** The compare-and-set every purchase command makes: the form's version against the stored one. */
function bumpPurchase(tx: Transaction, purchase: Purchase, expectedVersion: number, fields: Partial<typeof schema.purchases.$inferInsert>) {
  const describe = describePurchase(tx, purchase.id);
  assertVersion(purchase.version, expectedVersion, describe);
  const result = tx
    .update(schema.purchases)
    .set({ ...fields, version: purchase.version + 1, updatedAt: new Date().toISOString() })
    .where(and(eq(schema.purchases.id, purchase.id), eq(schema.purchases.version, expectedVersion)))
    .run();
  assertCompareAndSet(result, describe);
}

export function createPurchase(actor: CurrentUser, input: PurchaseInput, today: string = kyivToday()): Purchase {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, input.programmeId)).get();
    if (!programme) throw new ProcurementRefused("not_found", {}, "programmeId");
    // Quantities asked of each plan line across this purchase's items.
    const askedPerLine = new Map<number, number>();
    const lines = input.items.map((item, index) => {
      const approved = approvedPlanLine(tx, item.planBudgetLineId);
      const field = `items[${index}].planBudgetLineId`;
      if (!approved) throw new ProcurementRefused("plan_line_not_approved", {}, field);
      if (approved.agreement.programmeId !== programme.id) throw new ProcurementRefused("plan_line_other_programme", {}, field);
      const asked = (askedPerLine.get(item.planBudgetLineId) ?? 0) + item.quantity;
      askedPerLine.set(item.planBudgetLineId, asked);
      if (asked > approved.leftQuantity) {
        throw new ProcurementRefused("beyond_plan_line", { leftQuantity: approved.leftQuantity }, `items[${index}].quantity`);
      }
      return { item, agreement: approved.agreement };
    });
    const year = Number(today.slice(0, 4));
    const sequence = nextSequence(tx, schema.purchases, programme.id, year);
    const purchase = tx
      .insert(schema.purchases)
      .values({
        programmeId: programme.id,
        number: procurementDocumentNumber("PUR", programme.code, year, sequence),
        year,
        sequence,
        description: input.description,
        createdByUserId: actor.id,
      })
      .returning()
      .get();
    lines.forEach(({ item, agreement }, index) => {
      tx.insert(schema.purchaseItems)
        .values({
          purchaseId: purchase.id,
          position: index + 1,
          agreementId: agreement.id,
          caseId: agreement.caseId,
          planBudgetLineId: item.planBudgetLineId,
          name: item.name,
          model: item.model ?? null,
          unit: item.unit,
          quantity: item.quantity,
          estimatedUnitPriceMinor: item.estimatedUnitPriceMinor,
          serialised: item.serialised,
        })
        .run();
    });
    recordAudit(tx, {
      userId: actor.id,
      action: "create",
      entityType: "purchase",
      entityId: purchase.id,
      after: { number: purchase.number, description: purchase.description, items: input.items, caseIds: [...new Set(lines.map((line) => line.agreement.caseId))] },
    });
    return purchase;
  });
}

/** The next number of a per-programme, per-year document sequence (purchases, acts). */
export function nextSequence(tx: Transaction, table: typeof schema.purchases | typeof schema.handoverActs, programmeId: number, year: number): number {
  const row = tx
    .select({ last: sql<number | null>`max(${table.sequence})` })
    .from(table)
    .where(and(eq(table.programmeId, programmeId), eq(table.year, year)))
    .get();
  return Number(row?.last ?? 0) + 1;
}

function itemsOf(tx: Reader, purchaseId: number): PurchaseItem[] {
  return tx.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchaseId)).orderBy(asc(schema.purchaseItems.position)).all();
}

/** A supplier's quotation, priced for every item; the first one moves the purchase to quoting. */
export function recordQuotation(actor: CurrentUser, purchaseId: number, input: QuotationInput) {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const purchase = loadPurchase(tx, purchaseId);
    assertVersion(purchase.version, input.version, describePurchase(tx, purchaseId));
    requireState(purchase, ["draft", "quoting"]);
    const supplier = tx.select().from(schema.suppliers).where(eq(schema.suppliers.id, input.supplierId)).get();
    if (!supplier) throw new ProcurementRefused("not_found", {}, "supplierId");
    if (!supplier.active) throw new ProcurementRefused("supplier_inactive", {}, "supplierId");
    const already = tx
      .select({ id: schema.quotations.id })
      .from(schema.quotations)
      .where(and(eq(schema.quotations.purchaseId, purchaseId), eq(schema.quotations.supplierId, input.supplierId)))
      .get();
    if (already) throw new ProcurementRefused("supplier_already_quoted", {}, "supplierId");
    const items = itemsOf(tx, purchaseId);
    const itemIds = new Set(items.map((item) => item.id));
    const prices = new Map<number, number>();
    for (const price of input.prices) {
      if (!itemIds.has(price.purchaseItemId)) throw new ProcurementRefused("quotation_item_unknown", {}, "prices");
      prices.set(price.purchaseItemId, price.unitPriceMinor);
    }
    // An incomplete quotation cannot be compared with the others (procurement-quotations.ts).
    const total = quotationTotal(items.map((item) => ({ purchaseItemId: item.id, quantity: item.quantity })), prices);
    if (!total.complete) throw new ProcurementRefused("quotation_incomplete", { missing: total.missingItemIds.length }, "prices");
    const quotation = tx
      .insert(schema.quotations)
      .values({ purchaseId, supplierId: input.supplierId, receivedOn: input.receivedOn, reference: input.reference ?? null, note: input.note ?? null, recordedByUserId: actor.id })
      .returning()
      .get();
    for (const [purchaseItemId, unitPriceMinor] of prices) {
      tx.insert(schema.quotationPrices).values({ quotationId: quotation.id, purchaseItemId, unitPriceMinor }).run();
    }
    bumpPurchase(tx, purchase, input.version, { state: "quoting" });
    recordAudit(tx, {
      userId: actor.id,
      action: "quote",
      entityType: "purchase",
      entityId: purchaseId,
      after: { quotationId: quotation.id, supplierId: input.supplierId, supplier: supplier.name, totalMinor: total.totalMinor, state: "quoting" },
    });
    return { quotation, totalMinor: total.totalMinor };
  });
}

/** Every quotation of a purchase with its total, complete or not, for the rule and the page. */
function quotationsWithTotals(tx: Reader, purchaseId: number, items: PurchaseItem[]) {
  const quotations = tx
    .select({ quotation: schema.quotations, supplierName: schema.suppliers.name })
    .from(schema.quotations)
    .innerJoin(schema.suppliers, eq(schema.suppliers.id, schema.quotations.supplierId))
    .where(eq(schema.quotations.purchaseId, purchaseId))
    .orderBy(asc(schema.quotations.id))
    .all();
  const ids = quotations.map((row) => row.quotation.id);
  const prices = ids.length ? tx.select().from(schema.quotationPrices).where(inArray(schema.quotationPrices.quotationId, ids)).all() : [];
  return quotations.map(({ quotation, supplierName }) => {
    const unitPrices = new Map(prices.filter((price) => price.quotationId === quotation.id).map((price) => [price.purchaseItemId, price.unitPriceMinor]));
    const total = quotationTotal(items.map((item) => ({ purchaseItemId: item.id, quantity: item.quantity })), unitPrices);
    return { ...quotation, supplierName, unitPrices, totalMinor: total.totalMinor, complete: total.complete };
  });
}

/**
 * The purchase order: the chosen quotation under the programme's quotation rule (enough distinct
 * suppliers above the threshold, a reason when the choice is not the cheapest), its number and date.
 */
export function placeOrder(actor: CurrentUser, purchaseId: number, input: PurchaseOrderInput) {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const purchase = loadPurchase(tx, purchaseId);
    assertVersion(purchase.version, input.version, describePurchase(tx, purchaseId));
    requireState(purchase, ["quoting"]);
    const items = itemsOf(tx, purchaseId);
    const quotations = quotationsWithTotals(tx, purchaseId, items);
    if (!quotations.some((quotation) => quotation.id === input.quotationId)) throw new ProcurementRefused("quotation_not_in_purchase", {}, "quotationId");
    const estimatedTotalMinor = items.reduce((sum, item) => sum + item.quantity * item.estimatedUnitPriceMinor, 0);
    const check = checkSupplierChoice({
      rule: quotationRuleOf(purchase.programmeId, tx),
      estimatedTotalMinor,
      quotations: quotations.map((quotation) => ({ supplierId: quotation.supplierId, totalMinor: quotation.totalMinor, complete: quotation.complete, chosen: quotation.id === input.quotationId })),
      reason: input.choiceReason,
    });
    if (!check.ok) {
      const field = check.problems.some((problem) => problem.code === "reason_required") ? "choiceReason" : "quotationId";
      throw new ProcurementRefused("quotation_rule", {}, field, check.problems);
    }
    const taken = tx.select({ id: schema.purchases.id }).from(schema.purchases).where(eq(schema.purchases.orderNumber, input.orderNumber)).get();
    if (taken) throw new ProcurementRefused("order_number_taken", {}, "orderNumber");
    const fields = {
      state: "ordered" as const,
      chosenQuotationId: input.quotationId,
      choiceReason: input.choiceReason ?? null,
      orderNumber: input.orderNumber,
      orderedOn: input.orderedOn,
      orderedByUserId: actor.id,
    };
    bumpPurchase(tx, purchase, input.version, fields);
    recordAudit(tx, { userId: actor.id, action: "order", entityType: "purchase", entityId: purchaseId, before: { state: purchase.state }, after: { ...fields, purchaseValueMinor: check.purchaseValueMinor, cheapest: check.cheapest } });
    return loadPurchase(tx, purchaseId);
  });
}

/** Quantities each item still waits for: ordered minus what earlier deliveries accepted. */
function outstandingOf(tx: Reader, items: PurchaseItem[]): OrderedLine[] {
  const ids = items.map((item) => item.id);
  const accepted = ids.length
    ? tx
        .select({ purchaseItemId: schema.deliveryLines.purchaseItemId, total: sql<number>`sum(${schema.deliveryLines.quantityAccepted})` })
        .from(schema.deliveryLines)
        .where(inArray(schema.deliveryLines.purchaseItemId, ids))
        .groupBy(schema.deliveryLines.purchaseItemId)
        .all()
    : [];
  const acceptedById = new Map(accepted.map((row) => [row.purchaseItemId, Number(row.total)]));
  return items.map((item) => ({ purchaseItemId: item.id, quantity: item.quantity - (acceptedById.get(item.id) ?? 0), serialised: item.serialised }));
}

/**
 * A delivery checked against what is outstanding on the order (procurement-delivery.ts): the
 * accepted units become equipment items at the chosen quotation's prices; defective and missing
 * ones stay owed. The purchase is delivered once nothing is outstanding.
 */
export function recordDelivery(actor: CurrentUser, purchaseId: number, input: DeliveryInput) {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const purchase = loadPurchase(tx, purchaseId);
    assertVersion(purchase.version, input.version, describePurchase(tx, purchaseId));
    requireState(purchase, ["ordered"]);
    if (purchase.orderedOn && input.deliveredOn < purchase.orderedOn) throw new ProcurementRefused("delivery_invalid", { orderedOn: purchase.orderedOn }, "deliveredOn");
    const items = itemsOf(tx, purchaseId);
    const outstanding = outstandingOf(tx, items).filter((line) => line.quantity > 0);
    if (outstanding.length === 0) throw new ProcurementRefused("nothing_outstanding");
    const offered = input.lines.flatMap((line) => line.serialNumbers.map((serial) => serialKey(serial)));
    const known = offered.length
      ? tx.select({ serialKey: schema.equipmentItems.serialKey }).from(schema.equipmentItems).where(inArray(schema.equipmentItems.serialKey, offered)).all()
      : [];
    const check = checkDelivery(
      outstanding,
      input.lines.filter((line) => line.quantityReceived > 0 || line.serialNumbers.length > 0),
      known.map((row) => row.serialKey!),
    );
    if (!check.ok) throw new ProcurementRefused("delivery_invalid", {}, "lines", check.problems);

    const delivery = tx
      .insert(schema.deliveries)
      .values({ purchaseId, deliveredOn: input.deliveredOn, waybillNumber: input.waybillNumber ?? null, note: input.note ?? null, checkedByUserId: actor.id })
      .returning()
      .get();
    const prices = tx.select().from(schema.quotationPrices).where(eq(schema.quotationPrices.quotationId, purchase.chosenQuotationId!)).all();
    const priceOf = new Map(prices.map((price) => [price.purchaseItemId, price.unitPriceMinor]));
    const itemById = new Map(items.map((item) => [item.id, item]));
    for (const result of check.lines) {
      const item = itemById.get(result.purchaseItemId)!;
      const typed = input.lines.find((line) => line.purchaseItemId === item.id);
      tx.insert(schema.deliveryLines)
        .values({
          deliveryId: delivery.id,
          purchaseItemId: item.id,
          quantityReceived: result.received,
          quantityAccepted: result.accepted,
          quantityDefective: result.defective,
          status: result.status,
          defectiveSerialNumbers: (typed?.defectiveSerialNumbers ?? []).map(cleanSerialNumber),
          defectNote: typed?.defectNote ?? null,
        })
        .run();
      const base = {
        purchaseItemId: item.id,
        deliveryId: delivery.id,
        agreementId: item.agreementId,
        caseId: item.caseId,
        name: item.name,
        model: item.model,
        unit: item.unit,
        unitPriceMinor: priceOf.get(item.id)!,
      };
      if (item.serialised) {
        for (const serialNumber of result.acceptedSerialNumbers) {
          tx.insert(schema.equipmentItems).values({ ...base, quantity: 1, serialNumber, serialKey: serialKey(serialNumber) }).run();
        }
      } else if (result.accepted > 0) {
        tx.insert(schema.equipmentItems).values({ ...base, quantity: result.accepted }).run();
      }
    }
    const state = check.complete ? "delivered" : "ordered";
    bumpPurchase(tx, purchase, input.version, { state });
    recordAudit(tx, {
      userId: actor.id,
      action: "deliver",
      entityType: "purchase",
      entityId: purchaseId,
      before: { state: purchase.state },
      after: { deliveryId: delivery.id, deliveredOn: input.deliveredOn, state, lines: check.lines.map(({ acceptedSerialNumbers: _serials, ...line }) => line) },
    });
    return { delivery, lines: check.lines, complete: check.complete };
  });
}

/** A purchase not yet delivered can be cancelled, with a reason; its plan lines may be bought again. */
export function cancelPurchase(actor: CurrentUser, purchaseId: number, input: { version: number; reason: string }) {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const purchase = loadPurchase(tx, purchaseId);
    assertVersion(purchase.version, input.version, describePurchase(tx, purchaseId));
    requireState(purchase, ["draft", "quoting", "ordered"]);
    const delivered = tx.select({ id: schema.deliveries.id }).from(schema.deliveries).where(eq(schema.deliveries.purchaseId, purchaseId)).get();
    // Goods already accepted belong to grantees' acts: such a purchase is closed, not cancelled.
    if (delivered) throw new ProcurementRefused("wrong_purchase_state", { state: "partly_delivered" });
    bumpPurchase(tx, purchase, input.version, { state: "cancelled", cancelledReason: input.reason });
    recordAudit(tx, { userId: actor.id, action: "cancel", entityType: "purchase", entityId: purchaseId, before: { state: purchase.state }, after: { state: "cancelled", reason: input.reason } });
  });
}

/**
 * Closes a purchase whose goods have all been handed over on signed acts (called when an act is
 * signed), or by hand once delivered when what is left will not be handed over.
 */
export function closePurchaseIfHandedOver(tx: Transaction, actor: CurrentUser, purchaseId: number) {
  const purchase = loadPurchase(tx, purchaseId);
  if (purchase.state !== "delivered") return false;
  const waiting = tx
    .select({ id: schema.equipmentItems.id })
    .from(schema.equipmentItems)
    .innerJoin(schema.purchaseItems, eq(schema.purchaseItems.id, schema.equipmentItems.purchaseItemId))
    .leftJoin(schema.handoverActs, eq(schema.handoverActs.id, schema.equipmentItems.actId))
    .where(and(eq(schema.purchaseItems.purchaseId, purchaseId), sql`(${schema.handoverActs.state} is null or ${schema.handoverActs.state} <> 'signed')`))
    .get();
  if (waiting) return false;
  tx.update(schema.purchases).set({ state: "closed", version: purchase.version + 1, updatedAt: new Date().toISOString() }).where(eq(schema.purchases.id, purchaseId)).run();
  recordAudit(tx, { userId: actor.id, action: "transition", entityType: "purchase", entityId: purchaseId, before: { state: "delivered" }, after: { state: "closed" } });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Reading

export function purchaseFile(purchaseId: number) {
  const purchase = db
    .select({ purchase: schema.purchases, programmeCode: schema.programmes.code })
    .from(schema.purchases)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.purchases.programmeId))
    .where(eq(schema.purchases.id, purchaseId))
    .get();
  if (!purchase) return null;
  const items = db
    .select({ item: schema.purchaseItems, caseCode: schema.cases.caseCode, agreementNumber: schema.grantAgreements.number })
    .from(schema.purchaseItems)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.purchaseItems.caseId))
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, schema.purchaseItems.agreementId))
    .where(eq(schema.purchaseItems.purchaseId, purchaseId))
    .orderBy(asc(schema.purchaseItems.position))
    .all();
  const plainItems = items.map((row) => row.item);
  const quotations = quotationsWithTotals(db, purchaseId, plainItems).map(({ unitPrices, ...quotation }) => ({ ...quotation, unitPrices: Object.fromEntries(unitPrices) }));
  const deliveries = db.select().from(schema.deliveries).where(eq(schema.deliveries.purchaseId, purchaseId)).orderBy(asc(schema.deliveries.id)).all();
  const deliveryLines = deliveries.length
    ? db.select().from(schema.deliveryLines).where(inArray(schema.deliveryLines.deliveryId, deliveries.map((delivery) => delivery.id))).all()
    : [];
  return {
    ...purchase.purchase,
    programmeCode: purchase.programmeCode,
    rule: quotationRuleOf(purchase.purchase.programmeId),
    items: items.map((row) => ({ ...row.item, caseCode: row.caseCode, agreementNumber: row.agreementNumber })),
    quotations,
    outstanding: outstandingOf(db, plainItems),
    deliveries: deliveries.map((delivery) => ({ ...delivery, lines: deliveryLines.filter((line) => line.deliveryId === delivery.id) })),
  };
}

/** Officer queues: purchases to place (drafts and quoting) and deliveries to check (ordered). */
export function purchaseQueues(limit = 50) {
  const list = (states: PurchaseState[]) =>
    db
      .select({ id: schema.purchases.id, number: schema.purchases.number, description: schema.purchases.description, state: schema.purchases.state, updatedAt: schema.purchases.updatedAt })
      .from(schema.purchases)
      .where(inArray(schema.purchases.state, states))
      .orderBy(desc(schema.purchases.id))
      .limit(limit)
      .all();
  return { toPlace: list(["draft", "quoting"]), toReceive: list(["ordered"]) };
}

/** The goods of an agreement: delivered, on an act or not, with recoveries. */
export function equipmentOfAgreement(reader: Reader, agreementId: number) {
  return reader
    .select({
      item: schema.equipmentItems,
      actNumber: schema.handoverActs.number,
      actState: schema.handoverActs.state,
      recovery: schema.equipmentRecoveries,
    })
    .from(schema.equipmentItems)
    .leftJoin(schema.handoverActs, eq(schema.handoverActs.id, schema.equipmentItems.actId))
    .leftJoin(schema.equipmentRecoveries, eq(schema.equipmentRecoveries.equipmentItemId, schema.equipmentItems.id))
    .where(eq(schema.equipmentItems.agreementId, agreementId))
    .orderBy(asc(schema.equipmentItems.id))
    .all();
}
