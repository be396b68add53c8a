// In-kind procurement against the migrated database (domain.md §9): settings, suppliers, a
// purchase for two grantees, quotations under the programme's rule, the order, deliveries with
// serial numbers and defects, the act of acceptance and transfer signed (ledger, time origin),
// its scan, equipment recovery after a withdrawal; allowed and refused by role; stale versions.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { unsealIdentity } from "~/lib/identity.server";
import { StaleRecordError } from "~/lib/stale-record.server";
import { withdrawAfterGrant } from "~/modules/grants/agreements.server";
import { GrantRefused } from "~/modules/grants/grant-errors";
import {
  attachActScan,
  cancelHandoverAct,
  equipmentHandedOver,
  prepareHandoverAct,
  printableAct,
  recordEquipmentRecovery,
  signHandoverAct,
  updateHandoverAct,
} from "~/modules/grants/handover-act.server";
import { ProcurementRefused } from "~/modules/grants/procurement-errors";
import {
  cancelPurchase,
  createPurchase,
  linesToProcure,
  placeOrder,
  purchaseFile,
  quotationRuleOf,
  recordDelivery,
  recordQuotation,
  saveProcurementSettings,
} from "~/modules/grants/procurement.server";
import { createSupplier, revealSupplierRnokpp, updateSupplier } from "~/modules/grants/suppliers.server";
import { auditCount, countRows, createTestOrganisations, createTestProgramme, createTestUser, type TestUser } from "../helpers/foundation";
import { approvedCase, createTestFundingSource, currentAgreementVersion, enterRate, ledgerRows, signedAgreement } from "../helpers/grants";

let admin: TestUser;
let officer: TestUser;
let mentor: TestUser;
let reviewer: TestUser;
let evaluator: TestUser;
let programme: ReturnType<typeof createTestProgramme>;
let inKindLineId: number;
let fundingSourceId: number;

const settings = { version: 0, minQuotations: 3, quotationThresholdMinor: 20_000_00, issuerNameUk: "Представництво Тестової агенції", issuerNameEn: "Test Agency Mission", issuerEdrpou: "14360570" };

type Grantee = { caseId: number; agreementId: number; machineLineId: number; threadLineId: number; cashLineId: number };

/** An approved case whose plan has in-kind lines (machines, thread) and a cash line, and a signed in-kind agreement. */
function grantee(options: { currency?: "UAH" | "EUR"; amountMinor?: number; surname?: string } = {}): Grantee {
  const approved = approvedCase({ programmeId: programme.id, approvedMinor: 60_000_00 });
  const decision = db.select().from(schema.committeeDecisions).where(eq(schema.committeeDecisions.id, approved.decisionId)).get()!;
  const line = (position: number, item: string, quantity: number, unitCostMinor: number, modality: "in_kind" | "cash") =>
    db.insert(schema.budgetLines).values({ planVersionId: decision.planVersionId, position, item, quantity, unitCostMinor, modality }).returning().get().id;
  const machineLineId = line(1, "Швейна машина", 2, 12_500_00, "in_kind");
  const threadLineId = line(2, "Нитки", 10, 175_25, "in_kind");
  const cashLineId = line(3, "Оренда", 1, 5_000_00, "cash");
  if (options.surname) {
    db.update(schema.persons).set({ surname: options.surname, firstName: "Марія", patronymic: "Іванівна" }).where(eq(schema.persons.id, approved.personId)).run();
  }
  const currency = options.currency ?? "UAH";
  const amountMinor = options.amountMinor ?? 60_000_00;
  const agreement = signedAgreement(officer, approved.caseId, { currency, amountMinor, inKindMinor: amountMinor, cashMinor: 0, fundingSourceId, budgetLineId: inKindLineId }, []);
  return { caseId: approved.caseId, agreementId: agreement.id, machineLineId, threadLineId, cashLineId };
}

function purchaseVersion(purchaseId: number) {
  return db.select({ version: schema.purchases.version }).from(schema.purchases).where(eq(schema.purchases.id, purchaseId)).get()!.version;
}

function actRow(actId: number) {
  return db.select().from(schema.handoverActs).where(eq(schema.handoverActs.id, actId)).get()!;
}

function refusal(run: () => unknown): ProcurementRefused {
  try {
    run();
  } catch (error) {
    if (error instanceof ProcurementRefused) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const item = (planBudgetLineId: number, name: string, quantity: number, estimatedUnitPriceMinor: number, serialised: boolean) => ({
  planBudgetLineId,
  name,
  model: serialised ? "Janome HD-1800" : undefined,
  unit: serialised ? ("piece" as const) : ("pack" as const),
  quantity,
  estimatedUnitPriceMinor,
  serialised,
});

const actForm = { actDate: "2026-03-25", place: "м. Дніпро", agencyRepresentativePosition: "Фахівець із закупівель", agencyRepresentativeName: "Олена Коваль", beneficiaryIdDocument: "ID-картка № 001234567" };

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "act-scans-"));
  const { agency, partnerA } = createTestOrganisations();
  admin = await createTestUser("admin", { organisationId: agency.id });
  officer = await createTestUser("officer", { organisationId: agency.id });
  mentor = await createTestUser("mentor", { organisationId: partnerA.id });
  reviewer = await createTestUser("reviewer", { organisationId: agency.id });
  evaluator = await createTestUser("evaluator", { organisationId: agency.id });
  programme = createTestProgramme({ code: "PRC" });
  const funding = createTestFundingSource(admin, [programme.id]);
  fundingSourceId = funding.source.id;
  inKindLineId = funding.lines[0].id;
});

afterAll(() => rmSync(process.env.UPLOAD_DIR as string, { recursive: true, force: true }));

describe("procurement settings", () => {
  it("defaults to three quotations above UAH 50,000 until an admin sets the programme's rule", () => {
    expect(quotationRuleOf(programme.id)).toEqual({ minQuotations: 3, thresholdMinor: 5_000_000 });
    expect(refusal(() => saveProcurementSettings(officer, programme.id, settings)).code).toBe("forbidden");
    const saved = saveProcurementSettings(admin, programme.id, settings);
    expect(saved).toMatchObject({ programmeId: programme.id, minQuotations: 3, quotationThresholdMinor: 20_000_00, issuerEdrpou: "14360570", version: 1 });
    expect(quotationRuleOf(programme.id)).toEqual({ minQuotations: 3, thresholdMinor: 20_000_00 });
    // A second admin form read before the first save lost the race.
    expect(() => saveProcurementSettings(admin, programme.id, settings)).toThrow(StaleRecordError);
    expect(auditCount(and(eq(schema.auditLog.entityType, "procurement_settings"), eq(schema.auditLog.entityId, String(programme.id))))).toBe(1);
  });
});

let supplierIds: number[] = [];

describe("suppliers", () => {
  it("registers legal entities by EDRPOU and sole traders by a sealed RNOKPP, once each", () => {
    const legal = createSupplier(officer, { name: "ТОВ «Швейна техніка»", code: "00032129", oblastPcodes: [] });
    expect(legal).toMatchObject({ kind: "legal_entity", edrpou: "00032129", rnokppHash: null, rnokppSealed: null });
    const soleTrader = createSupplier(admin, { name: "ФОП Іваненко", code: "3652504575", phone: "+380671234567", oblastPcodes: [] });
    expect(soleTrader.kind).toBe("sole_trader");
    expect(soleTrader.edrpou).toBeNull();
    expect(soleTrader.rnokppSealed).not.toContain("3652504575");
    expect(unsealIdentity(soleTrader.rnokppSealed!)).toBe("3652504575");
    const third = createSupplier(officer, { name: "ПрАТ «Техно»", code: "20077720", oblastPcodes: [] });
    supplierIds = [legal.id, soleTrader.id, third.id];

    const duplicate = refusal(() => createSupplier(officer, { name: "Той самий ФОП", code: "3652 504575", oblastPcodes: [] }));
    expect(duplicate.code).toBe("supplier_exists");
    expect(duplicate.details).toEqual({ supplierId: soleTrader.id });
    expect(refusal(() => createSupplier(officer, { name: "Bad", code: "14360571", oblastPcodes: [] })).code).toBe("supplier_code_invalid");
    expect(countRows(schema.suppliers)).toBe(3);
    // The audit entry never holds the sealed number or its hash.
    const entry = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.entityType, "supplier"), eq(schema.auditLog.entityId, String(soleTrader.id)))).get()!;
    expect(JSON.stringify(entry.after)).not.toContain(soleTrader.rnokppSealed!);
    expect(JSON.stringify(entry.after)).not.toContain(soleTrader.rnokppHash!);
  });

  it("shows a sole trader's RNOKPP to officers only, and audits the view", () => {
    const before = auditCount(eq(schema.auditLog.action, "view_protected"));
    expect(revealSupplierRnokpp(officer, supplierIds[1])).toBe("3652504575");
    expect(auditCount(eq(schema.auditLog.action, "view_protected"))).toBe(before + 1);
    expect(refusal(() => revealSupplierRnokpp(mentor, supplierIds[1])).code).toBe("forbidden");
  });

  it("updates contacts with the version read, refusing a stale form", () => {
    const updated = updateSupplier(officer, supplierIds[2], { version: 1, name: "ПрАТ «Техно»", contactPerson: "Петро", oblastPcodes: [], active: true });
    expect(updated).toMatchObject({ contactPerson: "Петро", version: 2 });
    expect(() => updateSupplier(officer, supplierIds[2], { version: 1, name: "X", oblastPcodes: [], active: true })).toThrow(StaleRecordError);
  });

  it("refuses mentors, reviewers and evaluators", () => {
    for (const user of [mentor, reviewer, evaluator]) {
      expect(refusal(() => createSupplier(user, { name: "Нова", code: "40075815", oblastPcodes: [] })).code).toBe("forbidden");
    }
    expect(countRows(schema.suppliers)).toBe(3);
  });
});

describe("a purchase from quotation to signed act", () => {
  let first: Grantee;
  let second: Grantee;
  let purchaseId: number;
  let itemIds: number[];

  it("is created from the approved in-kind lines of signed agreements, for two grantees", () => {
    first = grantee({ surname: "Петренко" });
    second = grantee();
    expect(linesToProcure(programme.id).filter((line) => line.caseId === first.caseId).map((line) => [line.item, line.leftQuantity])).toEqual([
      ["Швейна машина", 2],
      ["Нитки", 10],
    ]);
    const purchase = createPurchase(officer, {
      programmeId: programme.id,
      description: "Швейне обладнання для двох грантерок",
      items: [item(first.machineLineId, "Швейна машина", 2, 12_500_00, true), item(second.machineLineId, "Швейна машина", 1, 12_500_00, true), item(second.threadLineId, "Нитки", 10, 175_25, false)],
    }, "2026-03-05");
    purchaseId = purchase.id;
    expect(purchase).toMatchObject({ number: "PUR-PRC-2026-0001", state: "draft", version: 1, currency: "UAH" });
    const items = db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchaseId)).orderBy(schema.purchaseItems.position).all();
    itemIds = items.map((row) => row.id);
    expect(items.map((row) => [row.agreementId, row.caseId, row.quantity, row.serialised])).toEqual([
      [first.agreementId, first.caseId, 2, true],
      [second.agreementId, second.caseId, 1, true],
      [second.agreementId, second.caseId, 10, false],
    ]);
    expect(linesToProcure(programme.id).filter((line) => line.caseId === first.caseId).map((line) => line.item)).toEqual(["Нитки"]);
  });

  it("refuses cash lines, quantities beyond the approved line, and roles that may not buy", () => {
    const cash = refusal(() => createPurchase(officer, { programmeId: programme.id, description: "Оренда", items: [item(first.cashLineId, "Оренда", 1, 5_000_00, false)] }));
    expect([cash.code, cash.field]).toEqual(["plan_line_not_approved", "items[0].planBudgetLineId"]);
    const beyond = refusal(() => createPurchase(officer, { programmeId: programme.id, description: "Ще машина", items: [item(second.machineLineId, "Швейна машина", 2, 12_500_00, true)] }));
    expect([beyond.code, beyond.details, beyond.field]).toEqual(["beyond_plan_line", { leftQuantity: 1 }, "items[0].quantity"]);
    for (const user of [mentor, reviewer, evaluator]) {
      expect(refusal(() => createPurchase(user, { programmeId: programme.id, description: "Нитки", items: [item(first.threadLineId, "Нитки", 1, 175_25, false)] })).code).toBe("forbidden");
    }
    expect(countRows(schema.purchases)).toBe(1);
  });

  it("takes one complete quotation per supplier", () => {
    const prices = (machine: number, thread: number) => [
      { purchaseItemId: itemIds[0], unitPriceMinor: machine },
      { purchaseItemId: itemIds[1], unitPriceMinor: machine },
      { purchaseItemId: itemIds[2], unitPriceMinor: thread },
    ];
    const incomplete = refusal(() => recordQuotation(officer, purchaseId, { version: 1, supplierId: supplierIds[0], receivedOn: "2026-03-06", prices: prices(12_000_00, 170_00).slice(0, 2) }));
    expect([incomplete.code, incomplete.details]).toEqual(["quotation_incomplete", { missing: 1 }]);
    const quoted = recordQuotation(officer, purchaseId, { version: 1, supplierId: supplierIds[0], receivedOn: "2026-03-06", prices: prices(12_000_00, 170_00) });
    expect(quoted.totalMinor).toBe(3 * 12_000_00 + 10 * 170_00);
    expect(db.select().from(schema.purchases).where(eq(schema.purchases.id, purchaseId)).get()).toMatchObject({ state: "quoting", version: 2 });
    expect(() => recordQuotation(officer, purchaseId, { version: 1, supplierId: supplierIds[1], receivedOn: "2026-03-06", prices: prices(1, 1) })).toThrow(StaleRecordError);
    expect(refusal(() => recordQuotation(officer, purchaseId, { version: 2, supplierId: supplierIds[0], receivedOn: "2026-03-07", prices: prices(1, 1) })).code).toBe("supplier_already_quoted");
    recordQuotation(officer, purchaseId, { version: 2, supplierId: supplierIds[1], receivedOn: "2026-03-07", prices: prices(12_600_00, 180_00) });
    expect(refusal(() => recordQuotation(mentor, purchaseId, { version: 3, supplierId: supplierIds[2], receivedOn: "2026-03-07", prices: prices(1, 1) })).code).toBe("forbidden");
    expect(countRows(schema.quotations)).toBe(2);
  });

  it("places the order only under the quotation rule, with a reason for a dearer supplier", () => {
    const quotations = db.select().from(schema.quotations).where(eq(schema.quotations.purchaseId, purchaseId)).orderBy(schema.quotations.id).all();
    const order = { quotationId: quotations[1].id, orderNumber: "PO-2026-117", orderedOn: "2026-03-10" };
    const tooFew = refusal(() => placeOrder(officer, purchaseId, { version: 3, ...order }));
    expect([tooFew.code, tooFew.problems]).toEqual([
      "quotation_rule",
      [
        { code: "too_few_quotations", required: 3, received: 2, thresholdMinor: 20_000_00 },
        { code: "reason_required", cheapestSupplierId: supplierIds[0], cheapestTotalMinor: 3 * 12_000_00 + 10 * 170_00 },
      ],
    ]);
    recordQuotation(officer, purchaseId, { version: 3, supplierId: supplierIds[2], receivedOn: "2026-03-08", prices: [
      { purchaseItemId: itemIds[0], unitPriceMinor: 13_000_00 },
      { purchaseItemId: itemIds[1], unitPriceMinor: 13_000_00 },
      { purchaseItemId: itemIds[2], unitPriceMinor: 200_00 },
    ] });
    const noReason = refusal(() => placeOrder(officer, purchaseId, { version: 4, ...order }));
    expect([noReason.code, noReason.field, noReason.problems]).toEqual(["quotation_rule", "choiceReason", [{ code: "reason_required", cheapestSupplierId: supplierIds[0], cheapestTotalMinor: 3 * 12_000_00 + 10 * 170_00 }]]);
    expect(refusal(() => placeOrder(reviewer, purchaseId, { version: 4, ...order, choiceReason: "Сервіс у Дніпрі" })).code).toBe("forbidden");
    const ordered = placeOrder(officer, purchaseId, { version: 4, ...order, choiceReason: "Гарантійний сервіс у Дніпрі" });
    expect(ordered).toMatchObject({ state: "ordered", chosenQuotationId: quotations[1].id, orderNumber: "PO-2026-117", orderedOn: "2026-03-10", choiceReason: "Гарантійний сервіс у Дніпрі", version: 5 });
    expect(refusal(() => placeOrder(officer, purchaseId, { version: 5, ...order, choiceReason: "x" })).code).toBe("wrong_purchase_state");
  });

  it("checks deliveries against the order: defects and shortfalls stay owed, serial numbers are unique", () => {
    const firstDelivery = recordDelivery(officer, purchaseId, {
      version: 5,
      deliveredOn: "2026-03-20",
      waybillNumber: "РН-554",
      lines: [
        { purchaseItemId: itemIds[0], quantityReceived: 2, serialNumbers: ["JH-001", "JH-002"], defectiveSerialNumbers: ["JH-002"], defectiveQuantity: 0, defectNote: "Тріснутий корпус" },
        { purchaseItemId: itemIds[2], quantityReceived: 10, serialNumbers: [], defectiveSerialNumbers: [], defectiveQuantity: 0 },
      ],
    });
    expect(firstDelivery.complete).toBe(false);
    expect(firstDelivery.lines.map((line) => [line.purchaseItemId, line.status, line.accepted, line.missing])).toEqual([
      [itemIds[0], "defective", 1, 1],
      [itemIds[1], "short", 0, 1],
      [itemIds[2], "accepted", 10, 0],
    ]);
    expect(purchaseFile(purchaseId)!.state).toBe("ordered");
    const repeated = refusal(() =>
      recordDelivery(officer, purchaseId, { version: 6, deliveredOn: "2026-03-21", lines: [{ purchaseItemId: itemIds[1], quantityReceived: 1, serialNumbers: ["jh-001"], defectiveSerialNumbers: [], defectiveQuantity: 0 }] }),
    );
    expect([repeated.code, repeated.problems]).toEqual(["delivery_invalid", [{ code: "serial_number_repeated", purchaseItemId: itemIds[1], serialNumber: "jh-001" }]]);
    const second_ = recordDelivery(officer, purchaseId, {
      version: 6,
      deliveredOn: "2026-03-22",
      lines: [
        { purchaseItemId: itemIds[0], quantityReceived: 1, serialNumbers: ["JH-003"], defectiveSerialNumbers: [], defectiveQuantity: 0 },
        { purchaseItemId: itemIds[1], quantityReceived: 1, serialNumbers: ["JH-004"], defectiveSerialNumbers: [], defectiveQuantity: 0 },
      ],
    });
    expect(second_.complete).toBe(true);
    expect(purchaseFile(purchaseId)!.state).toBe("delivered");
    const equipment = db.select().from(schema.equipmentItems).orderBy(schema.equipmentItems.id).all();
    expect(equipment.map((row) => [row.caseId, row.serialNumber, row.quantity, row.unitPriceMinor])).toEqual([
      [first.caseId, "JH-001", 1, 12_600_00],
      [second.caseId, null, 10, 180_00],
      [first.caseId, "JH-003", 1, 12_600_00],
      [second.caseId, "JH-004", 1, 12_600_00],
    ]);
    expect(refusal(() => recordDelivery(officer, purchaseId, { version: 7, deliveredOn: "2026-03-23", lines: [{ purchaseItemId: itemIds[0], quantityReceived: 1, serialNumbers: ["X"], defectiveSerialNumbers: [], defectiveQuantity: 0 }] })).code).toBe("wrong_purchase_state");
  });

  let firstActId: number;

  it("prepares an act with the goods of one agreement, refusing other roles and empty acts", () => {
    expect(refusal(() => prepareHandoverAct(mentor, first.agreementId, actForm)).code).toBe("forbidden");
    const act = prepareHandoverAct(officer, first.agreementId, actForm);
    firstActId = act.id;
    expect(act).toMatchObject({ number: "ACT-PRC-2026-0001", state: "prepared", issuerEdrpou: "14360570", beneficiaryName: "Петренко Марія Іванівна", caseId: first.caseId });
    expect(act.beneficiaryIdDocumentSealed).not.toContain("001234567");
    expect(db.select().from(schema.equipmentItems).where(eq(schema.equipmentItems.actId, act.id)).all().map((row) => row.serialNumber)).toEqual(["JH-001", "JH-003"]);
    // Everything accepted for the first agreement is on this act now.
    expect(refusal(() => prepareHandoverAct(officer, first.agreementId, actForm)).code).toBe("no_items");
    const changed = updateHandoverAct(officer, act.id, { ...actForm, place: "м. Дніпро, вул. Набережна, 5", version: 1 });
    expect(changed).toMatchObject({ place: "м. Дніпро, вул. Набережна, 5", version: 2 });
    expect(() => updateHandoverAct(officer, act.id, { ...actForm, version: 1 })).toThrow(StaleRecordError);
  });

  it("prints the act in Ukrainian and English, and audits the view of the ID document", () => {
    const before = auditCount(and(eq(schema.auditLog.entityType, "handover_act"), eq(schema.auditLog.action, "view_protected")));
    const uk = printableAct(officer, firstActId, "uk");
    expect(uk.document.title).toBe("Акт приймання-передачі № ACT-PRC-2026-0001");
    expect(uk.document.receivingParty).toBe("Набувач: Петренко Марія Іванівна; документ, що посвідчує особу: ID-картка № 001234567.");
    expect(uk.document.rows.map((row) => [row.serialOrInventoryNumber, row.sumMinor])).toEqual([["JH-001", 12_600_00], ["JH-003", 12_600_00]]);
    expect(uk.document.totalInWords).toBe("Двадцять п'ять тисяч двісті гривень 00 копійок");
    expect(uk.problems).toEqual([]);
    const en = printableAct(admin, firstActId, "en");
    expect(en.document.totalInWords).toBe("Twenty-five thousand two hundred hryvnias 00 kopiykas");
    expect(auditCount(and(eq(schema.auditLog.entityType, "handover_act"), eq(schema.auditLog.action, "view_protected")))).toBe(before + 2);
    expect(refusal(() => printableAct(evaluator, firstActId, "uk")).code).toBe("forbidden");
  });

  it("signs the act: handover date, in-kind disbursement on the ledger, time origin, case to follow-up", () => {
    const early = refusal(() => signHandoverAct(officer, firstActId, { version: 2, handedOverOn: "2026-03-21" }, "2026-12-06"));
    expect([early.code, early.field]).toEqual(["handover_date_invalid", "handedOverOn"]);
    expect(refusal(() => signHandoverAct(officer, firstActId, { version: 2, handedOverOn: "2026-12-07" }, "2026-12-06")).code).toBe("handover_date_invalid");
    for (const user of [mentor, reviewer, evaluator]) {
      expect(refusal(() => signHandoverAct(user, firstActId, { version: 2, handedOverOn: "2026-03-25" }, "2026-12-06")).code).toBe("forbidden");
    }
    expect(ledgerRows(first.agreementId).map((entry) => entry.kind)).toEqual(["commitment"]);

    const signed = signHandoverAct(officer, firstActId, { version: 2, handedOverOn: "2026-03-26" }, "2026-12-06");
    expect(signed.totalMinor).toBe(25_200_00);
    expect(actRow(firstActId)).toMatchObject({ state: "signed", actDate: "2026-03-26", signedByUserId: officer.id, version: 3 });
    const disbursement = ledgerRows(first.agreementId).find((entry) => entry.kind === "disbursement")!;
    expect(disbursement).toMatchObject({ actId: firstActId, modality: "in_kind", amountMinor: 25_200_00, currency: "UAH", effectiveOn: "2026-03-26", budgetLineId: inKindLineId });
    const agreement = db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, first.agreementId)).get()!;
    expect(agreement).toMatchObject({ timeOriginOn: "2026-03-26", timeOriginReason: "in_kind_handover", status: "signed" });
    expect(db.select({ stage: schema.cases.stage }).from(schema.cases).where(eq(schema.cases.id, first.caseId)).get()!.stage).toBe("follow_up");
    expect(auditCount(and(eq(schema.auditLog.entityType, "handover_act"), eq(schema.auditLog.action, "sign"), eq(schema.auditLog.caseId, first.caseId)))).toBe(1);
    expect(equipmentHandedOver(db, first.caseId).map((row) => [row.serialNumber, row.handedOverOn])).toEqual([["JH-001", "2026-03-26"], ["JH-003", "2026-03-26"]]);

    expect(refusal(() => signHandoverAct(officer, firstActId, { version: 3, handedOverOn: "2026-03-26" }, "2026-12-06")).code).toBe("wrong_act_state");
    // The database refuses what the module would never do (migration procurement_guards).
    expect(() => db.update(schema.handoverActs).set({ actDate: "2026-03-27" }).where(eq(schema.handoverActs.id, firstActId)).run()).toThrow(/never changes/);
    expect(() => db.update(schema.equipmentItems).set({ unitPriceMinor: 1 }).where(eq(schema.equipmentItems.actId, firstActId)).run()).toThrow(/never change/);
    expect(() => db.delete(schema.equipmentItems).where(eq(schema.equipmentItems.actId, firstActId)).run()).toThrow(/never deleted/);
    expect(actRow(firstActId)).toMatchObject({ actDate: "2026-03-26", state: "signed" });
    expect(() => signHandoverAct(officer, firstActId, { version: 2, handedOverOn: "2026-03-26" }, "2026-12-06")).toThrow(StaleRecordError);
    expect(ledgerRows(first.agreementId).filter((entry) => entry.kind === "disbursement")).toHaveLength(1);
  });

  it("refuses to sign an act whose serialised equipment lost its serial number, storing nothing", () => {
    const act = prepareHandoverAct(officer, second.agreementId, { ...actForm, beneficiaryIdDocument: "паспорт ВК 123456" });
    // A row as an old import might have left it: serialised equipment without its number.
    const machine = db.select().from(schema.equipmentItems).where(and(eq(schema.equipmentItems.actId, act.id), eq(schema.equipmentItems.serialNumber, "JH-004"))).get()!;
    db.update(schema.equipmentItems).set({ serialNumber: null, serialKey: null }).where(eq(schema.equipmentItems.id, machine.id)).run();
    const refused = refusal(() => signHandoverAct(officer, act.id, { version: 1, handedOverOn: "2026-03-27" }, "2026-12-06"));
    expect([refused.code, refused.problems]).toEqual(["act_incomplete", [{ code: "serial_number_missing", position: 2 }]]);
    expect(actRow(act.id).state).toBe("prepared");
    expect(ledgerRows(second.agreementId).map((entry) => entry.kind)).toEqual(["commitment"]);
    db.update(schema.equipmentItems).set({ serialNumber: "JH-004", serialKey: "JH-004" }).where(eq(schema.equipmentItems.id, machine.id)).run();

    signHandoverAct(officer, act.id, { version: 1, handedOverOn: "2026-03-27" }, "2026-12-06");
    expect(ledgerRows(second.agreementId).find((entry) => entry.kind === "disbursement")!.amountMinor).toBe(10 * 180_00 + 12_600_00);
    // Every good of the purchase is on a signed act now: it closes.
    expect(purchaseFile(purchaseId)!.state).toBe("closed");
  });

  it("keeps the signed act's scan once, by content type", () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n% signed act\n");
    expect(refusal(() => attachActScan(officer, firstActId, { name: "act.txt", bytes: new TextEncoder().encode("hello") })).code).toBe("scan_wrong_type");
    expect(refusal(() => attachActScan(mentor, firstActId, { name: "act.pdf", bytes: pdf })).code).toBe("forbidden");
    const withScan = attachActScan(officer, firstActId, { name: "акт.pdf", bytes: pdf });
    expect(withScan).toMatchObject({ scanFileName: "акт.pdf", scanContentType: "application/pdf", scanSizeBytes: pdf.length });
    expect(readdirSync(join(process.env.UPLOAD_DIR as string, "acts"))).toEqual([withScan.scanStorageKey]);
    expect(refusal(() => attachActScan(officer, firstActId, { name: "again.pdf", bytes: pdf })).code).toBe("scan_exists");
    expect(() => db.update(schema.handoverActs).set({ scanStorageKey: "other" }).where(eq(schema.handoverActs.id, firstActId)).run()).toThrow(/never replaced/);
  });

  it("records equipment taken back after a withdrawal, against its serial number", () => {
    const machine = db.select().from(schema.equipmentItems).where(eq(schema.equipmentItems.serialNumber, "JH-001")).get()!;
    const form = { recoveredOn: "2026-06-10", reason: "Бізнес не розпочато", condition: "working" as const, recoveredBy: "Олена Коваль" };
    expect(refusal(() => recordEquipmentRecovery(officer, machine.id, form)).code).toBe("not_withdrawn");
    withdrawAfterGrant(officer, first.agreementId, { version: currentAgreementVersion(first.agreementId), withdrawnOn: "2026-06-01", reason: "Виїхала за кордон" });
    expect(refusal(() => recordEquipmentRecovery(evaluator, machine.id, form)).code).toBe("forbidden");
    const recovery = recordEquipmentRecovery(officer, machine.id, form);
    expect(recovery).toMatchObject({ equipmentItemId: machine.id, recoveredOn: "2026-06-10", condition: "working", recordedByUserId: officer.id });
    expect(refusal(() => recordEquipmentRecovery(officer, machine.id, form)).code).toBe("already_recovered");
    expect(() => db.update(schema.equipmentRecoveries).set({ condition: "broken" }).where(eq(schema.equipmentRecoveries.id, recovery.id)).run()).toThrow(/never changed/);
    expect(equipmentHandedOver(db, first.caseId).map((row) => [row.serialNumber, row.recoveredOn])).toEqual([["JH-001", "2026-06-10"], ["JH-003", null]]);
    const entry = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "recover"), eq(schema.auditLog.entityId, String(machine.id)))).get()!;
    expect(entry).toMatchObject({ entityType: "equipment", caseId: first.caseId });
  });
});

describe("acts under an agreement in euros", () => {
  it("converts the act's hryvnia total with the rate of the handover day, refusing without it", () => {
    enterRate(admin, "2026-03-02", "EUR", "UAH", 45_000_000);
    const euro = grantee({ currency: "EUR", amountMinor: 1_000_00 });
    const purchase = createPurchase(officer, { programmeId: programme.id, description: "Машина", items: [item(euro.machineLineId, "Швейна машина", 1, 12_500_00, true)] }, "2026-03-05");
    const itemId = db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchase.id)).get()!.id;
    // Below the programme's threshold (UAH 20,000): one quotation is enough.
    const quotation = recordQuotation(officer, purchase.id, { version: 1, supplierId: supplierIds[0], receivedOn: "2026-03-06", prices: [{ purchaseItemId: itemId, unitPriceMinor: 13_500_00 }] });
    placeOrder(officer, purchase.id, { version: purchaseVersion(purchase.id), quotationId: quotation.quotation.id, orderNumber: "PO-2026-200", orderedOn: "2026-03-10" });
    recordDelivery(officer, purchase.id, { version: purchaseVersion(purchase.id), deliveredOn: "2026-03-20", lines: [{ purchaseItemId: itemId, quantityReceived: 1, serialNumbers: ["EU-1"], defectiveSerialNumbers: [], defectiveQuantity: 0 }] });
    const act = prepareHandoverAct(officer, euro.agreementId, actForm);

    const missing = (() => {
      try {
        signHandoverAct(officer, act.id, { version: 1, handedOverOn: "2026-03-25" }, "2026-12-06");
      } catch (error) {
        return error;
      }
    })();
    expect(missing).toBeInstanceOf(GrantRefused);
    expect((missing as GrantRefused).code).toBe("rate_missing");
    expect((missing as GrantRefused).details).toEqual({ baseCurrency: "EUR", quoteCurrency: "UAH", on: "2026-03-25" });
    expect(actRow(act.id).state).toBe("prepared");

    enterRate(admin, "2026-03-25", "EUR", "UAH", 45_000_000);
    signHandoverAct(officer, act.id, { version: 1, handedOverOn: "2026-03-25" }, "2026-12-06");
    // UAH 13,500.00 / 45 = EUR 300.00.
    expect(ledgerRows(euro.agreementId).find((entry) => entry.kind === "disbursement")).toMatchObject({ amountMinor: 300_00, currency: "EUR", actId: act.id });
  });

  it("cancels a prepared act, freeing its goods, and a purchase not yet delivered", () => {
    const third = grantee();
    const purchase = createPurchase(officer, { programmeId: programme.id, description: "Нитки", items: [item(third.threadLineId, "Нитки", 10, 175_25, false)] }, "2026-03-05");
    expect(refusal(() => cancelPurchase(mentor, purchase.id, { version: 1, reason: "Не потрібно" })).code).toBe("forbidden");
    cancelPurchase(officer, purchase.id, { version: 1, reason: "Грантерка купить сама" });
    expect(purchaseFile(purchase.id)).toMatchObject({ state: "cancelled", cancelledReason: "Грантерка купить сама" });
    // The plan line may be bought again.
    expect(linesToProcure(programme.id).filter((line) => line.caseId === third.caseId).map((line) => [line.item, line.leftQuantity])).toEqual([
      ["Швейна машина", 2],
      ["Нитки", 10],
    ]);

    const again = createPurchase(officer, { programmeId: programme.id, description: "Нитки", items: [item(third.threadLineId, "Нитки", 10, 175_25, false)] }, "2026-03-05");
    const itemId = db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, again.id)).get()!.id;
    const quotation = recordQuotation(officer, again.id, { version: 1, supplierId: supplierIds[1], receivedOn: "2026-03-06", prices: [{ purchaseItemId: itemId, unitPriceMinor: 175_00 }] });
    placeOrder(officer, again.id, { version: 2, quotationId: quotation.quotation.id, orderNumber: "PO-2026-300", orderedOn: "2026-03-10" });
    recordDelivery(officer, again.id, { version: 3, deliveredOn: "2026-03-20", lines: [{ purchaseItemId: itemId, quantityReceived: 10, serialNumbers: [], defectiveSerialNumbers: [], defectiveQuantity: 0 }] });
    const act = prepareHandoverAct(officer, third.agreementId, actForm);
    cancelHandoverAct(officer, act.id, { version: 1, reason: "Помилка в документі" });
    expect(actRow(act.id)).toMatchObject({ state: "cancelled", cancelledReason: "Помилка в документі" });
    expect(db.select().from(schema.equipmentItems).where(eq(schema.equipmentItems.agreementId, third.agreementId)).all().map((row) => row.actId)).toEqual([null]);
    const next = prepareHandoverAct(officer, third.agreementId, actForm);
    expect(next.number).not.toBe(act.number);
  });
});
