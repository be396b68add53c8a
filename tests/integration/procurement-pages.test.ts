// The procurement pages called as Remix calls them (domain.md §9): who may open and post them,
// what a refusal answers, and what is stored. The commands' rules are in procurement.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { placeOrder, recordDelivery, recordQuotation, saveProcurementSettings } from "~/modules/grants/procurement.server";
import { createSupplier } from "~/modules/grants/suppliers.server";
import * as settingsPage from "~/routes/admin.programmes.$programmeId_.procurement";
import * as actPage from "~/routes/grants.acts.$actId";
import * as printPage from "~/routes/grants.acts.$actId_.print";
import * as scanPage from "~/routes/grants.acts.$actId_.scan";
import * as newActPage from "~/routes/grants.acts.new";
import * as purchasePage from "~/routes/grants.purchases.$purchaseId";
import * as purchasesPage from "~/routes/grants.purchases._index";
import * as suppliersPage from "~/routes/grants.suppliers";
import { auditCount, callRoute, countRows, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";
import { approvedCase, createTestFundingSource, signedAgreement } from "../helpers/grants";

type Role = "admin" | "officer" | "mentor" | "reviewer" | "evaluator";
const cookieOf = {} as Record<Role, string>;
let officer: TestUser;
let admin: TestUser;
let programme: ReturnType<typeof createTestProgramme>;
let agreementId: number;
let machineLineId: number;
let supplierIds: number[];
let purchaseId: number;
let actId: number;

const actForm = { actDate: "2026-03-25", place: "м. Дніпро", agencyRepresentativePosition: "Фахівець із закупівель", agencyRepresentativeName: "Олена Коваль", beneficiaryIdDocument: "ID-картка № 001234567" };

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "act-pages-"));
  const { agency, partnerA } = createTestOrganisations();
  admin = await createTestUser("admin", { organisationId: agency.id });
  officer = await createTestUser("officer", { organisationId: agency.id });
  const users = {
    admin,
    officer,
    mentor: await createTestUser("mentor", { organisationId: partnerA.id }),
    reviewer: await createTestUser("reviewer", { organisationId: agency.id }),
    evaluator: await createTestUser("evaluator", { organisationId: agency.id }),
  };
  for (const [role, user] of Object.entries(users)) cookieOf[role as Role] = await sessionCookieFor(user.id);
  programme = createTestProgramme({ code: "PRP" });
  const funding = createTestFundingSource(admin, [programme.id]);
  saveProcurementSettings(admin, programme.id, { version: 0, minQuotations: 3, quotationThresholdMinor: 50_000_00, issuerNameUk: "Тестова агенція", issuerNameEn: "Test Agency", issuerEdrpou: "14360570" });
  const approved = approvedCase({ programmeId: programme.id, approvedMinor: 60_000_00 });
  const decision = db.select().from(schema.committeeDecisions).where(eq(schema.committeeDecisions.id, approved.decisionId)).get()!;
  machineLineId = db.insert(schema.budgetLines).values({ planVersionId: decision.planVersionId, position: 1, item: "Швейна машина", quantity: 3, unitCostMinor: 12_500_00, modality: "in_kind" }).returning().get().id;
  agreementId = signedAgreement(officer, approved.caseId, { currency: "UAH", amountMinor: 60_000_00, inKindMinor: 60_000_00, cashMinor: 0, fundingSourceId: funding.source.id, budgetLineId: funding.lines[0].id }, []).id;
  supplierIds = [createSupplier(officer, { name: "ТОВ «Техніка»", code: "00032129", oblastPcodes: [] }).id];
});

afterAll(() => rmSync(process.env.UPLOAD_DIR as string, { recursive: true, force: true }));

const others: Role[] = ["mentor", "reviewer", "evaluator"];

describe("purchases pages", () => {
  it("opens for officers and admins only", async () => {
    for (const role of ["officer", "admin"] as const) {
      const response = await callRoute(purchasesPage.loader, request(`/grants/purchases?programme=${programme.id}`, { cookie: cookieOf[role] }));
      expect(response.status).toBe(200);
      const data = await readJson<{ lines: Array<{ planBudgetLineId: number; leftQuantity: number }> }>(response);
      expect(data.lines.map((line) => [line.planBudgetLineId, line.leftQuantity])).toEqual([[machineLineId, 3]]);
    }
    for (const role of others) {
      expect((await callRoute(purchasesPage.loader, request("/grants/purchases", { cookie: cookieOf[role] }))).status).toBe(403);
      expect((await callRoute(suppliersPage.loader, request("/grants/suppliers", { cookie: cookieOf[role] }))).status).toBe(403);
    }
  });

  const purchaseForm = (quantity: string) => ({
    programmeId: String(programme.id),
    description: "Швейні машини",
    "rows[0].include": "on",
    "rows[0].planBudgetLineId": String(machineLineId),
    "rows[0].name": "Швейна машина",
    "rows[0].model": "Janome HD-1800",
    "rows[0].unit": "piece",
    "rows[0].quantity": quantity,
    "rows[0].estimatedUnitPriceMinor": "12 500",
    "rows[0].serialised": "on",
    // An unticked row is left out.
    "rows[1].planBudgetLineId": "999999",
    "rows[1].quantity": "1",
  });

  it("creates a purchase from the ticked lines, refusing more than the approved line", async () => {
    const refused = await callRoute(purchasesPage.action, request("/grants/purchases", { form: purchaseForm("4"), cookie: cookieOf.officer }));
    expect(refused.status).toBe(409);
    const reply = await readJson<{ error: Record<string, string[]>; refusal: { key: string; values: Record<string, number> } }>(refused);
    expect(reply.refusal).toEqual({ key: "procurement.refusals.beyond_plan_line", values: { leftQuantity: 3 }, problems: [] });
    expect(reply.error["items[0].quantity"]).toEqual(["procurement.refusals.beyond_plan_line"]);
    expect(countRows(schema.purchases)).toBe(0);

    expect((await callRoute(purchasesPage.action, request("/grants/purchases", { form: purchaseForm("3"), cookie: cookieOf.evaluator }))).status).toBe(403);
    const created = await callRoute(purchasesPage.action, request("/grants/purchases", { form: purchaseForm("3"), cookie: cookieOf.officer }));
    expect(created.status).toBe(302);
    purchaseId = db.select().from(schema.purchases).get()!.id;
    expect(created.headers.get("Location")).toBe(`/grants/purchases/${purchaseId}`);
    expect(db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchaseId)).all().map((item) => [item.quantity, item.estimatedUnitPriceMinor, item.serialised])).toEqual([[3, 12_500_00, true]]);
  });

  it("records a quotation and refuses an order that breaks the quotation rule, with the rule's findings", async () => {
    const itemId = db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchaseId)).get()!.id;
    const quote = await callRoute(
      purchasePage.action,
      request(`/grants/purchases/${purchaseId}`, { form: { intent: "quote", version: "1", supplierId: String(supplierIds[0]), receivedOn: "2026-03-06", "prices[0].purchaseItemId": String(itemId), "prices[0].unitPriceMinor": "17 000" }, cookie: cookieOf.officer }),
      { purchaseId: String(purchaseId) },
    );
    expect(quote.status).toBe(200);
    expect(await readJson(quote)).toMatchObject({ done: "quote" });
    const quotationId = db.select().from(schema.quotations).get()!.id;
    // UAH 51,000 is above the programme's UAH 50,000: three suppliers are needed.
    const order = await callRoute(
      purchasePage.action,
      request(`/grants/purchases/${purchaseId}`, { form: { intent: "order", version: "2", quotationId: String(quotationId), orderNumber: "PO-1", orderedOn: "2026-03-10" }, cookie: cookieOf.officer }),
      { purchaseId: String(purchaseId) },
    );
    expect(order.status).toBe(409);
    expect((await readJson<{ refusal: unknown }>(order)).refusal).toEqual({
      key: "procurement.refusals.quotation_rule",
      values: {},
      problems: [{ key: "procurement.problems.too_few_quotations", values: { code: "too_few_quotations", required: 3, received: 1, thresholdMinor: 50_000_00 } }],
    });
    const stale = await callRoute(
      purchasePage.action,
      request(`/grants/purchases/${purchaseId}`, { form: { intent: "cancel", version: "1", reason: "Старе вікно" }, cookie: cookieOf.officer }),
      { purchaseId: String(purchaseId) },
    );
    expect(stale.status).toBe(409);
    expect(await readJson(stale)).toHaveProperty("stale");
    expect((await callRoute(purchasePage.loader, request(`/grants/purchases/${purchaseId}`, { cookie: cookieOf.mentor }), { purchaseId: String(purchaseId) })).status).toBe(403);
  });
});

describe("suppliers page", () => {
  it("adds a sole trader with a checked RNOKPP and refuses a wrong code next to the field", async () => {
    const bad = await callRoute(suppliersPage.action, request("/grants/suppliers", { form: { name: "ФОП Петренко", code: "3652504576" }, cookie: cookieOf.officer }));
    expect(bad.status).toBe(400);
    expect((await readJson<{ error: Record<string, string[]> }>(bad)).error.code).toEqual(["procurement.refusals.supplier_code_invalid"]);
    const added = await callRoute(suppliersPage.action, request("/grants/suppliers", { form: { name: "ФОП Петренко", code: "3652504575", oblasts: "ua12, UA46" }, cookie: cookieOf.officer }));
    expect(added.status).toBe(200);
    const supplier = db.select().from(schema.suppliers).where(eq(schema.suppliers.name, "ФОП Петренко")).get()!;
    expect(supplier).toMatchObject({ kind: "sole_trader", edrpou: null });
    expect(db.select().from(schema.supplierOblasts).where(eq(schema.supplierOblasts.supplierId, supplier.id)).all().map((row) => row.oblastPcode).sort()).toEqual(["UA12", "UA46"]);
    const listed = await readJson<{ suppliers: Array<Record<string, unknown>> }>(await callRoute(suppliersPage.loader, request("/grants/suppliers", { cookie: cookieOf.officer })));
    // The page never carries the sealed number or its hash.
    expect(JSON.stringify(listed)).not.toContain(supplier.rnokppSealed!);
    expect(Object.keys(listed.suppliers[0]).sort()).toEqual(["active", "contactPerson", "edrpou", "email", "id", "kind", "name", "oblastPcodes", "phone", "version"]);
    expect((await callRoute(suppliersPage.action, request("/grants/suppliers", { form: { name: "X", code: "20077720" }, cookie: cookieOf.mentor }))).status).toBe(403);
  });
});

describe("act pages", () => {
  beforeAll(() => {
    // Take the purchase to delivery with three quotations.
    const itemId = db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchaseId)).get()!.id;
    const more = [createSupplier(officer, { name: "ПрАТ «Техно»", code: "20077720", oblastPcodes: [] }).id, createSupplier(officer, { name: "ТОВ «Залізниця»", code: "40075815", oblastPcodes: [] }).id];
    recordQuotation(officer, purchaseId, { version: 2, supplierId: more[0], receivedOn: "2026-03-07", prices: [{ purchaseItemId: itemId, unitPriceMinor: 16_800_00 }] });
    recordQuotation(officer, purchaseId, { version: 3, supplierId: more[1], receivedOn: "2026-03-07", prices: [{ purchaseItemId: itemId, unitPriceMinor: 17_500_00 }] });
    const cheapest = db.select().from(schema.quotations).where(and(eq(schema.quotations.purchaseId, purchaseId), eq(schema.quotations.supplierId, more[0]))).get()!;
    placeOrder(officer, purchaseId, { version: 4, quotationId: cheapest.id, orderNumber: "PO-77", orderedOn: "2026-03-10" });
    recordDelivery(officer, purchaseId, { version: 5, deliveredOn: "2026-03-20", lines: [{ purchaseItemId: itemId, quantityReceived: 3, serialNumbers: ["A-1", "A-2", "A-3"], defectiveSerialNumbers: [], defectiveQuantity: 0 }] });
  });

  it("prepares the act from the new-act page", async () => {
    expect((await callRoute(newActPage.loader, request(`/grants/acts/new?agreement=${agreementId}`, { cookie: cookieOf.reviewer }))).status).toBe(403);
    const missing = await callRoute(newActPage.action, request(`/grants/acts/new?agreement=${agreementId}`, { form: { ...actForm, beneficiaryIdDocument: "" }, cookie: cookieOf.officer }));
    expect(missing.status).toBe(400);
    const prepared = await callRoute(newActPage.action, request(`/grants/acts/new?agreement=${agreementId}`, { form: actForm, cookie: cookieOf.officer }));
    expect(prepared.status).toBe(302);
    actId = db.select().from(schema.handoverActs).get()!.id;
    expect(prepared.headers.get("Location")).toBe(`/grants/acts/${actId}`);
    expect(db.select().from(schema.equipmentItems).where(eq(schema.equipmentItems.actId, actId)).all()).toHaveLength(3);
    // The act page never carries the ID document, sealed or not.
    const page = await readJson(await callRoute(actPage.loader, request(`/grants/acts/${actId}`, { cookie: cookieOf.officer }), { actId: String(actId) }));
    expect(JSON.stringify(page)).not.toContain("001234567");
    expect(JSON.stringify(page)).not.toContain(db.select().from(schema.handoverActs).get()!.beneficiaryIdDocumentSealed);
  });

  it("prints the act in the chosen language for officers and admins only", async () => {
    const english = await callRoute(printPage.loader, request(`/grants/acts/${actId}/print?lang=en`, { cookie: cookieOf.admin }), { actId: String(actId) });
    expect(english.status).toBe(200);
    const data = await readJson<{ actLocale: string; document: { title: string; totalInWords: string; rows: unknown[]; receivingParty: string } }>(english);
    expect(data.actLocale).toBe("en");
    expect(data.document.title).toBe("Act of Acceptance and Transfer No. ACT-PRP-2026-0001");
    expect(data.document.totalInWords).toBe("Fifty thousand four hundred hryvnias 00 kopiykas");
    expect(data.document.rows).toHaveLength(3);
    expect(data.document.receivingParty).toContain("ID-картка № 001234567");
    const ukrainian = await readJson<{ document: { totalInWords: string } }>(await callRoute(printPage.loader, request(`/grants/acts/${actId}/print`, { cookie: cookieOf.officer }), { actId: String(actId) }));
    expect(ukrainian.document.totalInWords).toBe("П'ятдесят тисяч чотириста гривень 00 копійок");
    for (const role of others) {
      expect((await callRoute(printPage.loader, request(`/grants/acts/${actId}/print`, { cookie: cookieOf[role] }), { actId: String(actId) })).status).toBe(403);
    }
    expect((await callRoute(printPage.loader, request("/grants/acts/99999/print", { cookie: cookieOf.officer }), { actId: "99999" })).status).toBe(404);
  });

  it("keeps the scan uploaded on the act page and serves it to officers only", async () => {
    const form = new FormData();
    form.set("file", new File([new TextEncoder().encode("%PDF-1.4\nscan")], "act-signed.pdf", { type: "application/pdf" }));
    const upload = await callRoute(actPage.action, new Request(`http://localhost/grants/acts/${actId}`, { method: "POST", body: form, headers: { Cookie: cookieOf.officer } }), { actId: String(actId) });
    expect(upload.status).toBe(200);
    expect(db.select().from(schema.handoverActs).where(eq(schema.handoverActs.id, actId)).get()).toMatchObject({ scanFileName: "act-signed.pdf", scanContentType: "application/pdf" });
    const scan = await callRoute(scanPage.loader, request(`/grants/acts/${actId}/scan`, { cookie: cookieOf.officer }), { actId: String(actId) });
    expect(scan.status).toBe(200);
    expect(scan.headers.get("Content-Type")).toBe("application/pdf");
    expect(await scan.text()).toBe("%PDF-1.4\nscan");
    expect((await callRoute(scanPage.loader, request(`/grants/acts/${actId}/scan`, { cookie: cookieOf.mentor }), { actId: String(actId) })).status).toBe(403);
  });

  it("marks the act signed, refusing other roles and a handover before the delivery", async () => {
    const version = () => String(db.select().from(schema.handoverActs).where(eq(schema.handoverActs.id, actId)).get()!.version);
    for (const role of others) {
      const refused = await callRoute(actPage.action, request(`/grants/acts/${actId}`, { form: { intent: "sign", version: version(), handedOverOn: "2026-03-25" }, cookie: cookieOf[role] }), { actId: String(actId) });
      expect(refused.status).toBe(403);
    }
    const early = await callRoute(actPage.action, request(`/grants/acts/${actId}`, { form: { intent: "sign", version: version(), handedOverOn: "2026-03-19" }, cookie: cookieOf.officer }), { actId: String(actId) });
    expect(early.status).toBe(409);
    expect((await readJson<{ error: Record<string, string[]> }>(early)).error.handedOverOn).toEqual(["procurement.refusals.handover_date_invalid"]);
    const signed = await callRoute(actPage.action, request(`/grants/acts/${actId}`, { form: { intent: "sign", version: version(), handedOverOn: "2026-03-25" }, cookie: cookieOf.officer }), { actId: String(actId) });
    expect(signed.status).toBe(200);
    expect(db.select().from(schema.handoverActs).where(eq(schema.handoverActs.id, actId)).get()).toMatchObject({ state: "signed", actDate: "2026-03-25" });
    expect(db.select().from(schema.grantLedgerEntries).where(and(eq(schema.grantLedgerEntries.actId, actId), eq(schema.grantLedgerEntries.kind, "disbursement"))).get()).toMatchObject({ amountMinor: 50_400_00 });
    expect(auditCount(and(eq(schema.auditLog.entityType, "handover_act"), eq(schema.auditLog.action, "sign")))).toBe(1);
  });
});

describe("programme procurement settings page", () => {
  it("is for admins only, and keeps the version", async () => {
    const path = `/admin/programmes/${programme.id}/procurement`;
    expect((await callRoute(settingsPage.loader, request(path, { cookie: cookieOf.officer }), { programmeId: String(programme.id) })).status).toBe(403);
    const form = { version: "1", minQuotations: "2", quotationThresholdMinor: "30 000", issuerNameUk: "Тестова агенція", issuerNameEn: "Test Agency", issuerEdrpou: "14360570" };
    expect((await callRoute(settingsPage.action, request(path, { form: { ...form, issuerEdrpou: "14360571" }, cookie: cookieOf.admin }), { programmeId: String(programme.id) })).status).toBe(400);
    const saved = await callRoute(settingsPage.action, request(path, { form, cookie: cookieOf.admin }), { programmeId: String(programme.id) });
    expect(saved.status).toBe(302);
    expect(db.select().from(schema.procurementSettings).where(eq(schema.procurementSettings.programmeId, programme.id)).get()).toMatchObject({ minQuotations: 2, quotationThresholdMinor: 30_000_00, version: 2 });
    expect((await callRoute(settingsPage.action, request(path, { form, cookie: cookieOf.admin }), { programmeId: String(programme.id) })).status).toBe(409);
  });
});
