// Follow-up fixtures for integration tests: grants that reached their beneficiary through the
// grants core (an in-kind act with serialised equipment, or a cash agreement whose time origin is
// set), businesses with baseline workers, and a complete visit input. Import only from test files.
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { syncBaselineRosterFromCounts } from "~/modules/followup/roster.server";
import type { VisitInput } from "~/modules/followup/visits.server";
import { prepareHandoverAct, signHandoverAct } from "~/modules/grants/handover-act.server";
import { createPurchase, placeOrder, recordDelivery, recordQuotation, saveProcurementSettings } from "~/modules/grants/procurement.server";
import { createSupplier } from "~/modules/grants/suppliers.server";
import { setTimeOrigin } from "~/modules/grants/time-origin.server";
import type { BaselineWorkers } from "../../db/schema";
import { approvedCase, signedAgreement } from "./grants";

export type FundedCase = { caseId: number; agreementId: number; businessId: number; itemIds: number[]; requirementId: number | null };

const baselineCounts = (paidFullTimeFemale: number, paidPartTimeMale: number): BaselineWorkers => ({
  paidFullTime: { female: paidFullTimeFemale, male: 0 },
  paidPartTime: { female: 0, male: paidPartTimeMale },
  unpaidFullTime: { female: 0, male: 0 },
  unpaidPartTime: { female: 0, male: 0 },
});

function addBusiness(caseId: number, kind: "startup" | "existing") {
  const business = db
    .insert(schema.businesses)
    .values({ caseId, kind, name: `Майстерня ${caseId}`, baselineWorkers: kind === "existing" ? baselineCounts(1, 1) : null })
    .returning()
    .get();
  db.transaction((tx) => syncBaselineRosterFromCounts(tx, business.id));
  return business.id;
}

const procurementReady = new Set<number>();
let supplierId: number | null = null;
let serial = 0;

/**
 * An in-kind grant handed over by a signed act with `machines` serialised machines: the act's
 * handover date is the time origin (signHandoverAct → setTimeOrigin → the follow-up hook).
 */
export function inKindGrant(users: { admin: CurrentUser; officer: CurrentUser }, options: { programmeId: number; inKindLineId: number; fundingSourceId: number; mentorId: number | null; partnerOrganisationId: number | null; handedOverOn: string; machines?: number; kind?: "startup" | "existing" }): FundedCase {
  const { admin, officer } = users;
  if (!procurementReady.has(options.programmeId)) {
    saveProcurementSettings(admin, options.programmeId, { version: 0, minQuotations: 3, quotationThresholdMinor: 50_000_00, issuerNameUk: "Представництво агенції", issuerNameEn: "Agency mission", issuerEdrpou: "14360570" });
    procurementReady.add(options.programmeId);
  }
  supplierId ??= createSupplier(officer, { name: "ТОВ «Техніка»", code: "00032129", oblastPcodes: [] }).id;
  const machines = options.machines ?? 2;
  const approved = approvedCase({ programmeId: options.programmeId, approvedMinor: 60_000_00, mentorId: options.mentorId, partnerOrganisationId: options.partnerOrganisationId });
  const decision = db.select().from(schema.committeeDecisions).where(eq(schema.committeeDecisions.id, approved.decisionId)).get()!;
  const planLine = db.insert(schema.budgetLines).values({ planVersionId: decision.planVersionId, position: 1, item: "Швейна машина", quantity: machines, unitCostMinor: 12_000_00, modality: "in_kind" }).returning().get();
  const businessId = addBusiness(approved.caseId, options.kind ?? "existing");
  const agreement = signedAgreement(officer, approved.caseId, { currency: "UAH", amountMinor: 60_000_00, inKindMinor: 60_000_00, cashMinor: 0, fundingSourceId: options.fundingSourceId, budgetLineId: options.inKindLineId }, []);
  const purchase = createPurchase(officer, { programmeId: options.programmeId, description: "Швейні машини", items: [{ planBudgetLineId: planLine.id, name: "Швейна машина", model: "Janome HD-1800", unit: "piece", quantity: machines, estimatedUnitPriceMinor: 12_000_00, serialised: true }] }, "2026-03-05");
  const purchaseItem = db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchase.id)).get()!;
  const version = () => db.select({ version: schema.purchases.version }).from(schema.purchases).where(eq(schema.purchases.id, purchase.id)).get()!.version;
  const quotation = recordQuotation(officer, purchase.id, { version: version(), supplierId, receivedOn: "2026-03-06", prices: [{ purchaseItemId: purchaseItem.id, unitPriceMinor: 12_000_00 }] });
  placeOrder(officer, purchase.id, { version: version(), quotationId: quotation.quotation.id, orderNumber: `PO-${purchase.id}`, orderedOn: "2026-03-10" });
  const serials = Array.from({ length: machines }, () => `SN-${(serial += 1)}`);
  recordDelivery(officer, purchase.id, { version: version(), deliveredOn: "2026-03-20", lines: [{ purchaseItemId: purchaseItem.id, quantityReceived: machines, serialNumbers: serials, defectiveSerialNumbers: [], defectiveQuantity: 0 }] });
  const act = prepareHandoverAct(officer, agreement.id, { actDate: options.handedOverOn, place: "м. Дніпро", agencyRepresentativePosition: "Фахівець", agencyRepresentativeName: "Олена Коваль", beneficiaryIdDocument: "ID-картка № 001234567" });
  signHandoverAct(officer, act.id, { version: act.version, handedOverOn: options.handedOverOn }, "2026-12-06");
  const itemIds = db.select({ id: schema.equipmentItems.id }).from(schema.equipmentItems).where(eq(schema.equipmentItems.agreementId, agreement.id)).orderBy(asc(schema.equipmentItems.id)).all().map((row) => row.id);
  return { caseId: approved.caseId, agreementId: agreement.id, businessId, itemIds, requirementId: null };
}

/**
 * A cash grant in two tranches, the second waiting for "receipts verified at a mentor visit";
 * its time origin (the first tranche's payment date) set through the grants core.
 */
export function cashGrant(officer: CurrentUser, options: { programmeId: number; cashLineId: number; fundingSourceId: number; mentorId: number | null; partnerOrganisationId: number | null; paidOn: string; kind?: "startup" | "existing" }): FundedCase {
  const approved = approvedCase({ programmeId: options.programmeId, approvedMinor: 40_000_00, mentorId: options.mentorId, partnerOrganisationId: options.partnerOrganisationId });
  const businessId = addBusiness(approved.caseId, options.kind ?? "startup");
  const agreement = signedAgreement(officer, approved.caseId, { currency: "UAH", amountMinor: 40_000_00, inKindMinor: 0, cashMinor: 40_000_00, fundingSourceId: options.fundingSourceId, budgetLineId: options.cashLineId }, [
    { amountMinor: 20_000_00, plannedOn: "2026-03-10", requirements: [] },
    { amountMinor: 20_000_00, plannedOn: "2026-06-10", requirements: ["Чеки за перший транш перевірено під час візиту ментора"] },
  ]);
  db.transaction((tx) => setTimeOrigin(tx, officer, agreement.id, options.paidOn, "first_cash_tranche"));
  const requirement = db
    .select({ id: schema.grantTrancheRequirements.id })
    .from(schema.grantTrancheRequirements)
    .innerJoin(schema.grantTranches, eq(schema.grantTranches.id, schema.grantTrancheRequirements.trancheId))
    .where(eq(schema.grantTranches.agreementId, agreement.id))
    .get()!;
  return { caseId: approved.caseId, agreementId: agreement.id, businessId, itemIds: [], requirementId: requirement.id };
}

export function plannedVisitsOf(agreementId: number) {
  return db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.agreementId, agreementId)).orderBy(asc(schema.plannedVisits.monthsAfterOrigin)).all();
}

export function rosterRowsOfVisit(visitId: number) {
  return db.select().from(schema.workerRosterRows).where(eq(schema.workerRosterRows.visitId, visitId)).orderBy(asc(schema.workerRosterRows.workerId)).all();
}

/** A visit input that passes every rule for a business whose roster has an owner to add (`W9` etc. are joined). */
export function visitInput(overrides: Partial<VisitInput> = {}): VisitInput {
  return {
    idempotencyKey: randomUUID(),
    plannedVisitId: null,
    visitDate: "2026-09-01",
    mode: "in_person",
    operatingStatus: "operating",
    closureDate: null,
    closureReason: null,
    closureConfirmed: false,
    roster: [],
    newWorkers: [],
    equipment: [],
    monthlyRevenueMinor: 30_000_00,
    monthlyNetIncomeMinor: 9_000_00,
    residence: "same_hromada",
    newHromadaPcode: null,
    problems: ["power_outages"],
    mentoringGiven: ["bookkeeping"],
    notes: "Власниця просить допомогти з ПРРО.",
    trancheRequirementId: null,
    trancheEvidenceNote: null,
    ...overrides,
  };
}

export const ownerLine = { role: "owner" as const, paid: false, hoursPerWeek: 45, sex: "female" as const, displacementStatus: "idp" as const, startDate: "2026-01-15", monthsPerYear: null };
