// Grants fixtures for integration tests: funding sources with budget lines, exchange rates, and
// cases standing approved at the agreement stage. Import only from test files.
import { eq } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { createAgreement, setTranchePlan, signAgreement, type AgreementInput } from "~/modules/grants/agreements.server";
import { enterExchangeRate } from "~/modules/grants/exchange-rates.server";
import { createFundingSource, type FundingSourceInput } from "~/modules/grants/funding.server";
import type { PlannedTranche } from "~/modules/grants/agreement-rules";
import { insertTestCase } from "./foundation";

let sourceCounter = 0;

export function fundingSourceInput(programmeIds: number[], overrides: Partial<FundingSourceInput> = {}): FundingSourceInput {
  sourceCounter += 1;
  return {
    name: `Donor grant ${sourceCounter}`,
    donor: "Test donor",
    reference: `DG-${sourceCounter}`,
    currency: "UAH",
    totalMinor: 10_000_000_00,
    periodStart: "2026-01-01",
    periodEnd: "2027-12-31",
    programmeIds,
    budgetLines: [
      { code: "3.1", name: "In-kind grants", amountMinor: 6_000_000_00 },
      { code: "3.2", name: "Cash grants", amountMinor: 4_000_000_00 },
    ],
    ...overrides,
  };
}

export function createTestFundingSource(admin: CurrentUser, programmeIds: number[], overrides: Partial<FundingSourceInput> = {}) {
  const source = createFundingSource(admin, fundingSourceInput(programmeIds, overrides));
  const lines = db.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.fundingSourceId, source.id)).orderBy(schema.fundingBudgetLines.code).all();
  return { source, lines };
}

export function enterRate(actor: CurrentUser, ratedOn: string, baseCurrency: "EUR" | "USD" | "UAH", quoteCurrency: "EUR" | "USD" | "UAH", rate: number, source = "NBU") {
  return enterExchangeRate(actor, { ratedOn, baseCurrency, quoteCurrency, rateMicros: rate, source });
}

/**
 * A case standing approved at the agreement stage, written directly (the committee's own flow is
 * tested in the review tests; one grants test goes through it): an IDP with a certificate,
 * a submitted plan version, and the committee's approval of `approvedMinor`.
 */
export function approvedCase(options: { programmeId: number; approvedMinor: number; mentorId?: number | null; partnerOrganisationId?: number | null; conditions?: string }) {
  const { person, case: kase } = insertTestCase({
    programmeId: options.programmeId,
    mentorId: options.mentorId ?? null,
    partnerOrganisationId: options.partnerOrganisationId ?? null,
    stage: "grant_agreement",
    status: "open",
  });
  db.update(schema.cases)
    .set({ decision: "approved", approvedAmountMinor: options.approvedMinor, eligibility: "eligible", displacementStatus: "idp" })
    .where(eq(schema.cases.id, kase.id))
    .run();
  db.insert(schema.displacementRecords)
    .values({ personId: person.id, caseId: kase.id, context: "application", recordedOn: "2026-01-10", status: "idp", idpCertificateNumber: "1201-5000001", idpCertificateDate: "2023-04-10", currentOblastPcode: "UA12", originOblastPcode: "UA14" })
    .run();
  const plan = db.insert(schema.businessPlans).values({ caseId: kase.id, status: "decided" }).returning().get();
  const version = db.insert(schema.businessPlanVersions).values({ planId: plan.id, number: 1, submittedAt: "2026-01-20T10:00:00.000Z" }).returning().get();
  const decision = db
    .insert(schema.committeeDecisions)
    .values({ caseId: kase.id, planVersionId: version.id, decision: "approved", amountMinor: options.approvedMinor, modality: "in_kind", conditions: options.conditions ?? "Register as FOP within 30 days.", committeeDate: "2026-02-01", members: ["A", "B"] })
    .returning()
    .get();
  return { caseId: kase.id, personId: person.id, decisionId: decision.id };
}

export const idpConfirmation = { status: "idp" as const, idpCertificateNumber: "1201-5000001", idpCertificateDate: "2023-04-10" };

function agreementVersion(agreementId: number) {
  return db.select({ version: schema.grantAgreements.version }).from(schema.grantAgreements).where(eq(schema.grantAgreements.id, agreementId)).get()!.version;
}

/** Creates, plans and signs an agreement in one go; returns the signed agreement. */
export function signedAgreement(actor: CurrentUser, caseId: number, input: AgreementInput, plan: PlannedTranche[], signedOn = "2026-03-02", createdOn = signedOn) {
  const draft = createAgreement(actor, caseId, input, createdOn);
  if (plan.length) setTranchePlan(actor, draft.id, { version: agreementVersion(draft.id), tranches: plan });
  return signAgreement(actor, draft.id, { version: agreementVersion(draft.id), signedOn, displacement: idpConfirmation });
}

export function currentAgreementVersion(agreementId: number) {
  return agreementVersion(agreementId);
}

export function trancheRows(agreementId: number) {
  return db.select().from(schema.grantTranches).where(eq(schema.grantTranches.agreementId, agreementId)).orderBy(schema.grantTranches.sequence).all();
}

export function trancheVersion(trancheId: number) {
  return db.select({ version: schema.grantTranches.version }).from(schema.grantTranches).where(eq(schema.grantTranches.id, trancheId)).get()!.version;
}

export function requirementRows(trancheId: number) {
  return db.select().from(schema.grantTrancheRequirements).where(eq(schema.grantTrancheRequirements.trancheId, trancheId)).orderBy(schema.grantTrancheRequirements.position).all();
}

export function ledgerRows(agreementId: number) {
  return db.select().from(schema.grantLedgerEntries).where(eq(schema.grantLedgerEntries.agreementId, agreementId)).orderBy(schema.grantLedgerEntries.id).all();
}
