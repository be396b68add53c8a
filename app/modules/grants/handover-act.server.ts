// The act of acceptance and transfer for one grantee (domain.md §9): prepared from the goods
// accepted for their agreement, printed, signed on paper, then marked signed here. Signing is one
// transaction: the act records the handover date, the in-kind disbursement is written to the
// ledger against the agreement's budget line (which sets the grant's time origin), and purchases
// whose goods are all handed over close. Equipment taken back after a withdrawal is recorded
// against its serial number.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { HandoverActState } from "../../../db/enums";
import { recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n";
import { sealIdentity, unsealIdentity } from "~/lib/identity.server";
import { kyivToday } from "~/lib/kyiv-date";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import { maxAttachmentBytes } from "~/lib/upload-limits";
import { safeFileName, sniffContentType } from "~/lib/uploads.server";
import { convertOn } from "./exchange-rates.server";
import { actTotalMinor, handoverActDocument, handoverActProblems, type HandoverActInput } from "./handover-act";
import { recordDisbursement } from "./ledger.server";
import { ProcurementRefused } from "./procurement-errors";
import type { HandoverActFormInput, RecoveryInput, SignActInput } from "./procurement-schema";
import { closePurchaseIfHandedOver, nextSequence, procurementDocumentNumber, procurementSettingsOf } from "./procurement.server";
import { requireProcurement } from "./suppliers.server";
import { setTimeOrigin } from "./time-origin.server";

export type HandoverAct = typeof schema.handoverActs.$inferSelect;
export type EquipmentItem = typeof schema.equipmentItems.$inferSelect;
type Reader = Transaction | typeof db;

function loadAct(tx: Reader, actId: number): HandoverAct {
  const act = tx.select().from(schema.handoverActs).where(eq(schema.handoverActs.id, actId)).get();
  if (!act) throw new ProcurementRefused("not_found");
  return act;
}

function requireActState(act: HandoverAct, states: HandoverActState[]) {
  if (!states.includes(act.state)) throw new ProcurementRefused("wrong_act_state", { state: act.state });
}

function describeAct(tx: Transaction, actId: number) {
  return () => lastAuditedChange(tx, "handover_act", "handover_act", actId);
}

function bumpAct(tx: Transaction, act: HandoverAct, expectedVersion: number, fields: Partial<typeof schema.handoverActs.$inferInsert>) {
  const describe = describeAct(tx, act.id);
  assertVersion(act.version, expectedVersion, describe);
  const result = tx
    .update(schema.handoverActs)
    .set({ ...fields, version: act.version + 1, updatedAt: new Date().toISOString() })
    .where(and(eq(schema.handoverActs.id, act.id), eq(schema.handoverActs.version, expectedVersion)))
    .run();
  assertCompareAndSet(result, describe);
}

type ActItem = EquipmentItem & { serialised: boolean };

/** The goods on an act, with whether their purchase line is serialised equipment. */
function actItems(tx: Reader, actId: number): ActItem[] {
  return tx
    .select({ item: schema.equipmentItems, serialised: schema.purchaseItems.serialised })
    .from(schema.equipmentItems)
    .innerJoin(schema.purchaseItems, eq(schema.purchaseItems.id, schema.equipmentItems.purchaseItemId))
    .where(eq(schema.equipmentItems.actId, actId))
    .orderBy(asc(schema.equipmentItems.id))
    .all()
    .map((row) => ({ ...row.item, serialised: row.serialised }));
}

function beneficiaryName(tx: Reader, caseId: number): string {
  const person = tx
    .select({ surname: schema.persons.surname, firstName: schema.persons.firstName, patronymic: schema.persons.patronymic })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(eq(schema.cases.id, caseId))
    .get()!;
  return [person.surname, person.firstName, person.patronymic].filter(Boolean).join(" ");
}

// What the act audit shows: never the sealed ID document.
function actAudit(act: HandoverAct) {
  const { beneficiaryIdDocumentSealed: _sealed, scanStorageKey: _key, ...rest } = act;
  return rest;
}

/**
 * Prepares the act for the goods accepted for an agreement and not yet on another act (or the
 * ones chosen). The agency's name and EDRPOU come from the programme's procurement settings and
 * are copied onto the act, with the beneficiary's name, so the printed act never changes later.
 */
export function prepareHandoverAct(actor: CurrentUser, agreementId: number, input: HandoverActFormInput & { equipmentItemIds?: number[] }): HandoverAct {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const agreement = tx.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, agreementId)).get();
    if (!agreement) throw new ProcurementRefused("not_found");
    if (agreement.status !== "signed") throw new ProcurementRefused("agreement_not_signed", { status: agreement.status });
    if (agreement.inKindMinor === 0) throw new ProcurementRefused("agreement_without_in_kind");
    const settings = procurementSettingsOf(agreement.programmeId, tx);
    if (!settings) throw new ProcurementRefused("issuer_missing");
    const available = tx
      .select()
      .from(schema.equipmentItems)
      .where(and(eq(schema.equipmentItems.agreementId, agreementId), isNull(schema.equipmentItems.actId)))
      .orderBy(asc(schema.equipmentItems.id))
      .all();
    const chosen = input.equipmentItemIds ? available.filter((item) => input.equipmentItemIds!.includes(item.id)) : available;
    if (input.equipmentItemIds && chosen.length !== new Set(input.equipmentItemIds).size) throw new ProcurementRefused("items_not_available", {}, "equipmentItemIds");
    if (chosen.length === 0) throw new ProcurementRefused("no_items");
    const programme = tx.select({ code: schema.programmes.code }).from(schema.programmes).where(eq(schema.programmes.id, agreement.programmeId)).get()!;
    const year = Number(input.actDate.slice(0, 4));
    const sequence = nextSequence(tx, schema.handoverActs, agreement.programmeId, year);
    const act = tx
      .insert(schema.handoverActs)
      .values({
        programmeId: agreement.programmeId,
        agreementId,
        caseId: agreement.caseId,
        number: procurementDocumentNumber("ACT", programme.code, year, sequence),
        year,
        sequence,
        actDate: input.actDate,
        place: input.place,
        issuerNameUk: settings.issuerNameUk,
        issuerNameEn: settings.issuerNameEn,
        issuerEdrpou: settings.issuerEdrpou,
        agencyRepresentativePosition: input.agencyRepresentativePosition,
        agencyRepresentativeName: input.agencyRepresentativeName,
        beneficiaryName: beneficiaryName(tx, agreement.caseId),
        beneficiaryIdDocumentSealed: sealIdentity(input.beneficiaryIdDocument),
        preparedByUserId: actor.id,
      })
      .returning()
      .get();
    tx.update(schema.equipmentItems)
      .set({ actId: act.id, updatedAt: new Date().toISOString() })
      .where(inArray(schema.equipmentItems.id, chosen.map((item) => item.id)))
      .run();
    recordAudit(tx, { userId: actor.id, action: "create", entityType: "handover_act", entityId: act.id, caseId: act.caseId, after: { ...actAudit(act), equipmentItemIds: chosen.map((item) => item.id) } });
    return act;
  });
}

/** Date, place, representative or ID document of an act not yet signed. */
/** The ID document is kept unless a new one is typed: the edit form never shows the stored one. */
export function updateHandoverAct(actor: CurrentUser, actId: number, input: Omit<HandoverActFormInput, "beneficiaryIdDocument"> & { beneficiaryIdDocument?: string; version: number }): HandoverAct {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const act = loadAct(tx, actId);
    assertVersion(act.version, input.version, describeAct(tx, actId));
    requireActState(act, ["prepared"]);
    const fields = {
      actDate: input.actDate,
      place: input.place,
      agencyRepresentativePosition: input.agencyRepresentativePosition,
      agencyRepresentativeName: input.agencyRepresentativeName,
      beneficiaryIdDocumentSealed: input.beneficiaryIdDocument ? sealIdentity(input.beneficiaryIdDocument) : act.beneficiaryIdDocumentSealed,
    };
    bumpAct(tx, act, input.version, fields);
    const { beneficiaryIdDocumentSealed: _sealed, ...shown } = fields;
    const changedDocument = input.beneficiaryIdDocument !== undefined && unsealIdentity(act.beneficiaryIdDocumentSealed) !== input.beneficiaryIdDocument;
    recordAudit(tx, {
      userId: actor.id,
      action: "update",
      entityType: "handover_act",
      entityId: actId,
      caseId: act.caseId,
      before: { actDate: act.actDate, place: act.place, agencyRepresentativePosition: act.agencyRepresentativePosition, agencyRepresentativeName: act.agencyRepresentativeName },
      after: { ...shown, beneficiaryIdDocumentChanged: changedDocument },
    });
    return loadAct(tx, actId);
  });
}

/** An act not yet signed can be cancelled with a reason; its goods wait for another act. */
export function cancelHandoverAct(actor: CurrentUser, actId: number, input: { version: number; reason: string }) {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const act = loadAct(tx, actId);
    assertVersion(act.version, input.version, describeAct(tx, actId));
    requireActState(act, ["prepared"]);
    const itemIds = actItems(tx, actId).map((item) => item.id);
    tx.update(schema.equipmentItems).set({ actId: null, updatedAt: new Date().toISOString() }).where(eq(schema.equipmentItems.actId, actId)).run();
    bumpAct(tx, act, input.version, { state: "cancelled", cancelledReason: input.reason });
    recordAudit(tx, { userId: actor.id, action: "cancel", entityType: "handover_act", entityId: actId, caseId: act.caseId, before: { state: act.state, equipmentItemIds: itemIds }, after: { state: "cancelled", reason: input.reason } });
  });
}

function actInput(act: HandoverAct, items: ActItem[], agreement: { number: string; signedOn: string | null }, idDocument: string | null): HandoverActInput {
  return {
    number: act.number,
    actDate: act.actDate,
    place: act.place,
    currency: "UAH",
    issuer: { nameUk: act.issuerNameUk, nameEn: act.issuerNameEn, edrpou: act.issuerEdrpou },
    agencyRepresentative: { position: act.agencyRepresentativePosition, name: act.agencyRepresentativeName },
    beneficiary: { fullName: act.beneficiaryName, idDocument },
    agreement,
    items: items.map((item) => ({
      name: item.name,
      model: item.model,
      serialised: item.serialised,
      serialNumber: item.serialNumber,
      inventoryNumber: item.inventoryNumber,
      unit: item.unit,
      quantity: item.quantity,
      unitPriceMinor: item.unitPriceMinor,
    })),
  };
}

/**
 * Marks the act signed (§9): the handover date becomes the act's date and the grant's time
 * origin, and the act's total, converted from hryvnias to the agreement's currency at the rate
 * of that day, is disbursed against the agreement's budget line. Refused for an act without
 * goods, without serial numbers for serialised equipment, or without its parties.
 */
export function signHandoverAct(actor: CurrentUser, actId: number, input: SignActInput, today: string = kyivToday()) {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const act = loadAct(tx, actId);
    assertVersion(act.version, input.version, describeAct(tx, actId));
    requireActState(act, ["prepared"]);
    const agreement = tx.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, act.agreementId)).get()!;
    if (agreement.status !== "signed") throw new ProcurementRefused("agreement_not_signed", { status: agreement.status });
    const items = actItems(tx, actId);
    // Goods are handed over after they arrived and not in the future.
    const deliveryDates = items.length
      ? tx.select({ deliveredOn: schema.deliveries.deliveredOn }).from(schema.deliveries).where(inArray(schema.deliveries.id, [...new Set(items.map((item) => item.deliveryId))])).all()
      : [];
    const latestDelivery = deliveryDates.map((row) => row.deliveredOn).sort().at(-1);
    if (input.handedOverOn > today || (latestDelivery && input.handedOverOn < latestDelivery) || (agreement.signedOn && input.handedOverOn < agreement.signedOn)) {
      throw new ProcurementRefused("handover_date_invalid", { deliveredOn: latestDelivery ?? null, today }, "handedOverOn");
    }
    const signedAct = { ...act, actDate: input.handedOverOn };
    const problems = handoverActProblems(actInput(signedAct, items, agreement, unsealIdentity(act.beneficiaryIdDocumentSealed)));
    if (problems.length) throw new ProcurementRefused("act_incomplete", {}, null, problems);

    const totalMinor = actTotalMinor(actInput(signedAct, items, agreement, null).items);
    bumpAct(tx, act, input.version, { state: "signed", actDate: input.handedOverOn, signedAt: new Date().toISOString(), signedByUserId: actor.id });
    recordAudit(tx, {
      userId: actor.id,
      action: "sign",
      entityType: "handover_act",
      entityId: actId,
      caseId: act.caseId,
      before: { state: act.state, actDate: act.actDate },
      after: { state: "signed", actDate: input.handedOverOn, totalMinor, currency: "UAH", equipmentItemIds: items.map((item) => item.id) },
    });
    if (totalMinor > 0) {
      const inAgreementCurrency = convertOn(tx, totalMinor, "UAH", agreement.currency, input.handedOverOn);
      recordDisbursement(tx, actor, {
        agreementId: agreement.id,
        modality: "in_kind",
        amountMinor: inAgreementCurrency.amountMinor,
        effectiveOn: input.handedOverOn,
        actId,
        note: act.number,
      });
    } else {
      // Goods given free of charge still reach the beneficiary on that day.
      setTimeOrigin(tx, actor, agreement.id, input.handedOverOn, "in_kind_handover");
    }
    const purchaseIds = tx
      .selectDistinct({ purchaseId: schema.purchaseItems.purchaseId })
      .from(schema.purchaseItems)
      .where(inArray(schema.purchaseItems.id, [...new Set(items.map((item) => item.purchaseItemId))]))
      .all();
    for (const { purchaseId } of purchaseIds) closePurchaseIfHandedOver(tx, actor, purchaseId);
    return { act: loadAct(tx, actId), totalMinor };
  });
}

// ---------------------------------------------------------------------------------------------
// The signed act's scan or photo, stored outside the web root, never listed with the plan's
// files (it shows the ID document); one per act, never replaced once stored.

const actScanDir = () => join(process.env.UPLOAD_DIR ?? "data/uploads", "acts");

export function attachActScan(actor: CurrentUser, actId: number, file: { name: string; bytes: Uint8Array }) {
  requireProcurement(actor);
  if (file.bytes.length === 0) throw new ProcurementRefused("scan_empty", {}, "file");
  if (file.bytes.length > maxAttachmentBytes) throw new ProcurementRefused("scan_too_large", {}, "file");
  const contentType = sniffContentType(file.bytes);
  if (!contentType) throw new ProcurementRefused("scan_wrong_type", {}, "file");
  const storageKey = randomBytes(16).toString("hex");
  const path = join(actScanDir(), storageKey);
  try {
    return db.transaction((tx) => {
      const act = loadAct(tx, actId);
      requireActState(act, ["prepared", "signed"]);
      if (act.scanStorageKey) throw new ProcurementRefused("scan_exists", {}, "file");
      const fields = {
        scanFileName: safeFileName(file.name),
        scanContentType: contentType,
        scanSizeBytes: file.bytes.length,
        scanSha256: createHash("sha256").update(file.bytes).digest("hex"),
        scanStorageKey: storageKey,
        scanUploadedAt: new Date().toISOString(),
        scanUploadedByUserId: actor.id,
      };
      // Not a compare-and-set: the scan is added beside whatever else changed, never over it.
      tx.update(schema.handoverActs)
        .set({ ...fields, version: act.version + 1, updatedAt: fields.scanUploadedAt })
        .where(and(eq(schema.handoverActs.id, actId), isNull(schema.handoverActs.scanStorageKey)))
        .run();
      const { scanStorageKey: _key, ...shown } = fields;
      recordAudit(tx, { userId: actor.id, action: "upload", entityType: "handover_act", entityId: actId, caseId: act.caseId, after: shown });
      // Written last, inside the transaction: if the write fails, the row is rolled back with it.
      mkdirSync(actScanDir(), { recursive: true });
      writeFileSync(path, file.bytes);
      return loadAct(tx, actId);
    });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
}

/** The scan's bytes for an officer or admin; the view is audited like the ID document it shows. */
export function readActScan(actor: CurrentUser, actId: number) {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const act = loadAct(tx, actId);
    if (!act.scanStorageKey || !act.scanContentType) throw new ProcurementRefused("not_found");
    recordAudit(tx, { userId: actor.id, action: "view_protected", entityType: "handover_act", entityId: actId, caseId: act.caseId, after: { field: "scan" } });
    return { fileName: act.scanFileName ?? "act", contentType: act.scanContentType, bytes: readFileSync(join(actScanDir(), act.scanStorageKey)) };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading and printing

/**
 * The printable act in one language (handover-act.ts writes it). It shows the beneficiary's ID
 * document, identity-grade data (§8): only officers and admins print it, and each print is audited.
 */
export function printableAct(actor: CurrentUser, actId: number, locale: Locale) {
  requireProcurement(actor);
  if (!can(actor, "seeIdentityNumbers")) throw new ProcurementRefused("forbidden");
  return db.transaction((tx) => {
    const act = loadAct(tx, actId);
    if (act.state === "cancelled") throw new ProcurementRefused("wrong_act_state", { state: act.state });
    const agreement = tx.select({ number: schema.grantAgreements.number, signedOn: schema.grantAgreements.signedOn }).from(schema.grantAgreements).where(eq(schema.grantAgreements.id, act.agreementId)).get()!;
    const items = actItems(tx, actId);
    recordAudit(tx, { userId: actor.id, action: "view_protected", entityType: "handover_act", entityId: actId, caseId: act.caseId, after: { field: "beneficiaryIdDocument", locale } });
    const input = actInput(act, items, agreement, unsealIdentity(act.beneficiaryIdDocumentSealed));
    return {
      act: { id: act.id, caseId: act.caseId, number: act.number, state: act.state, version: act.version, hasScan: act.scanStorageKey !== null },
      document: handoverActDocument(input, locale),
      problems: act.state === "prepared" ? handoverActProblems(input) : [],
    };
  });
}

/** What the act's page shows: never the ID document (the print page shows it, audited). */
export function handoverActFile(actId: number) {
  const act = db.select().from(schema.handoverActs).where(eq(schema.handoverActs.id, actId)).get();
  if (!act) return null;
  const agreement = db
    .select({ id: schema.grantAgreements.id, number: schema.grantAgreements.number, status: schema.grantAgreements.status, currency: schema.grantAgreements.currency, inKindMinor: schema.grantAgreements.inKindMinor, timeOriginOn: schema.grantAgreements.timeOriginOn, caseCode: schema.cases.caseCode })
    .from(schema.grantAgreements)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.grantAgreements.caseId))
    .where(eq(schema.grantAgreements.id, act.agreementId))
    .get()!;
  const items = actItems(db, actId);
  return {
    act: actAudit(act),
    agreement,
    items: items.map((item) => ({ id: item.id, name: item.name, model: item.model, serialNumber: item.serialNumber, inventoryNumber: item.inventoryNumber, unit: item.unit, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor, serialised: item.serialised })),
    totalMinor: items.reduce((sum, item) => sum + item.quantity * item.unitPriceMinor, 0),
  };
}

/** An agreement's goods received and not yet on an act: what a new act would list. */
export function goodsAwaitingAct(agreementId: number) {
  const agreement = db
    .select({ id: schema.grantAgreements.id, number: schema.grantAgreements.number, status: schema.grantAgreements.status, caseId: schema.grantAgreements.caseId, caseCode: schema.cases.caseCode })
    .from(schema.grantAgreements)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.grantAgreements.caseId))
    .where(eq(schema.grantAgreements.id, agreementId))
    .get();
  if (!agreement) return null;
  const items = db
    .select()
    .from(schema.equipmentItems)
    .where(and(eq(schema.equipmentItems.agreementId, agreementId), isNull(schema.equipmentItems.actId)))
    .orderBy(asc(schema.equipmentItems.id))
    .all();
  return { agreement, items, beneficiaryName: beneficiaryName(db, agreement.caseId) };
}

/** The acts of an agreement with their totals (the case page and the act list). */
export function actsOfAgreement(reader: Reader, agreementId: number) {
  const acts = reader.select().from(schema.handoverActs).where(eq(schema.handoverActs.agreementId, agreementId)).orderBy(asc(schema.handoverActs.id)).all();
  return acts.map((act) => {
    const items = actItems(reader, act.id);
    return { ...actAudit(act), itemCount: items.length, totalMinor: items.reduce((sum, item) => sum + item.quantity * item.unitPriceMinor, 0) };
  });
}

/** Officer queues: acts waiting to be signed, and agreements with accepted goods not yet on an act. */
export function handoverQueues(limit = 50) {
  const toSign = db
    .select({ id: schema.handoverActs.id, number: schema.handoverActs.number, caseId: schema.handoverActs.caseId, actDate: schema.handoverActs.actDate, beneficiaryName: schema.handoverActs.beneficiaryName })
    .from(schema.handoverActs)
    .where(eq(schema.handoverActs.state, "prepared"))
    .orderBy(desc(schema.handoverActs.id))
    .limit(limit)
    .all();
  const toPrepare = db
    .selectDistinct({ agreementId: schema.equipmentItems.agreementId, caseId: schema.equipmentItems.caseId, agreementNumber: schema.grantAgreements.number })
    .from(schema.equipmentItems)
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, schema.equipmentItems.agreementId))
    .where(and(isNull(schema.equipmentItems.actId), eq(schema.grantAgreements.status, "signed")))
    .limit(limit)
    .all();
  return { toSign, toPrepare };
}

/** Goods handed over to a case on signed acts, for follow-up visits to report on (§10). */
export function equipmentHandedOver(reader: Reader, caseId: number) {
  return reader
    .select({
      id: schema.equipmentItems.id,
      name: schema.equipmentItems.name,
      model: schema.equipmentItems.model,
      serialNumber: schema.equipmentItems.serialNumber,
      inventoryNumber: schema.equipmentItems.inventoryNumber,
      quantity: schema.equipmentItems.quantity,
      unit: schema.equipmentItems.unit,
      actNumber: schema.handoverActs.number,
      handedOverOn: schema.handoverActs.actDate,
      recoveredOn: schema.equipmentRecoveries.recoveredOn,
    })
    .from(schema.equipmentItems)
    .innerJoin(schema.handoverActs, and(eq(schema.handoverActs.id, schema.equipmentItems.actId), eq(schema.handoverActs.state, "signed")))
    .leftJoin(schema.equipmentRecoveries, eq(schema.equipmentRecoveries.equipmentItemId, schema.equipmentItems.id))
    .where(eq(schema.equipmentItems.caseId, caseId))
    .orderBy(asc(schema.equipmentItems.id))
    .all();
}

// ---------------------------------------------------------------------------------------------
// Recovery after a withdrawal (§9)

/**
 * Equipment taken back after the grant was withdrawn, recorded against the item (and so its
 * serial number): when, why, in what condition, by whom. The case stays in the outcome cohort.
 */
export function recordEquipmentRecovery(actor: CurrentUser, equipmentItemId: number, input: RecoveryInput) {
  requireProcurement(actor);
  return db.transaction((tx) => {
    const row = tx
      .select({ item: schema.equipmentItems, actState: schema.handoverActs.state, actDate: schema.handoverActs.actDate, agreementStatus: schema.grantAgreements.status, caseStatus: schema.cases.status })
      .from(schema.equipmentItems)
      .leftJoin(schema.handoverActs, eq(schema.handoverActs.id, schema.equipmentItems.actId))
      .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, schema.equipmentItems.agreementId))
      .innerJoin(schema.cases, eq(schema.cases.id, schema.equipmentItems.caseId))
      .where(eq(schema.equipmentItems.id, equipmentItemId))
      .get();
    if (!row) throw new ProcurementRefused("not_found");
    if (row.actState !== "signed") throw new ProcurementRefused("not_on_signed_act");
    if (row.agreementStatus !== "withdrawn" && row.caseStatus !== "withdrawn") throw new ProcurementRefused("not_withdrawn");
    if (row.actDate && input.recoveredOn < row.actDate) throw new ProcurementRefused("handover_date_invalid", { handedOverOn: row.actDate }, "recoveredOn");
    const already = tx.select({ id: schema.equipmentRecoveries.id }).from(schema.equipmentRecoveries).where(eq(schema.equipmentRecoveries.equipmentItemId, equipmentItemId)).get();
    if (already) throw new ProcurementRefused("already_recovered");
    const recovery = tx
      .insert(schema.equipmentRecoveries)
      .values({ equipmentItemId, recoveredOn: input.recoveredOn, reason: input.reason, condition: input.condition, recoveredBy: input.recoveredBy, note: input.note ?? null, recordedByUserId: actor.id })
      .returning()
      .get();
    recordAudit(tx, {
      userId: actor.id,
      action: "recover",
      entityType: "equipment",
      entityId: equipmentItemId,
      caseId: row.item.caseId,
      after: { ...recovery, serialNumber: row.item.serialNumber, name: row.item.name },
    });
    return recovery;
  });
}
