// Funding sources, exchange rates and grant agreements against the migrated database, by role:
// allowed and refused, with what is stored (domain.md §5, §9).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, sqlite } from "~/lib/db.server";
import { StaleRecordError } from "~/lib/stale-record.server";
import { createAgreement, agreementFile, cancelDraftAgreement, setTranchePlan, signAgreement, updateDraftAgreement, withdrawAfterGrant } from "~/modules/grants/agreements.server";
import { enterExchangeRate } from "~/modules/grants/exchange-rates.server";
import { fundingSourceOverview, updateFundingSource } from "~/modules/grants/funding.server";
import { GrantRefused } from "~/modules/grants/grant-errors";
import { recordPayment, requestTranche, approveTranche } from "~/modules/grants/tranches.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import { decideCase } from "~/modules/review/committee.server";
import { savePlan, submitPlan } from "~/modules/review/plans.server";
import { assignReviewers, declareConflict, reviewSummary, submitScores } from "~/modules/review/reviews.server";
import { applicantInput } from "../helpers/applicants";
import { auditCount, countRows, createTestOrganisations, createTestProgramme, createTestUser, type TestUser } from "../helpers/foundation";
import {
  approvedCase,
  createTestFundingSource,
  currentAgreementVersion,
  enterRate,
  fundingSourceInput,
  idpConfirmation,
  ledgerRows,
  signedAgreement,
  trancheRows,
  trancheVersion,
} from "../helpers/grants";

let programme: ReturnType<typeof createTestProgramme>;
let eurProgramme: ReturnType<typeof createTestProgramme>;
let otherProgramme: ReturnType<typeof createTestProgramme>;
const user = {} as Record<"admin" | "officer" | "officerB" | "mentor" | "evaluator" | "reviewer", TestUser>;

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  programme = createTestProgramme({ code: "EEP", currency: "UAH", grantCeilingMinor: 200_000_00 });
  eurProgramme = createTestProgramme({ code: "LIV", currency: "EUR", grantCeilingMinor: 5_000_00 });
  otherProgramme = createTestProgramme({ code: "OTH" });
  user.admin = await createTestUser("admin", { organisationId: agency.id });
  user.officer = await createTestUser("officer", { organisationId: agency.id });
  user.officerB = await createTestUser("officer", { organisationId: agency.id });
  user.mentor = await createTestUser("mentor", { organisationId: partnerA.id });
  user.evaluator = await createTestUser("evaluator", { organisationId: agency.id });
  user.reviewer = await createTestUser("reviewer", { organisationId: agency.id });
});

function refusal(action: () => unknown): { code: string; details: Record<string, unknown>; field: string | null } {
  try {
    action();
  } catch (error) {
    if (error instanceof GrantRefused) return { code: error.code, details: error.details, field: error.field };
    throw error;
  }
  throw new Error("expected a refusal");
}

const cashTerms = (fundingSourceId: number, budgetLineId: number, amountMinor = 100_000_00) => ({
  currency: "UAH" as const,
  amountMinor,
  inKindMinor: 0,
  cashMinor: amountMinor,
  fundingSourceId,
  budgetLineId,
});

describe("funding sources (admin)", () => {
  it("an admin creates a source with budget lines for two programmes; the funding page starts empty", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id, eurProgramme.id], { name: "EU Livelihoods 2026", currency: "EUR", totalMinor: 1_000_000_00, budgetLines: [{ code: "A1", name: "Grants", amountMinor: 800_000_00 }] });
    expect(lines.map(({ code, name, amountMinor }) => ({ code, name, amountMinor }))).toEqual([{ code: "A1", name: "Grants", amountMinor: 800_000_00 }]);
    const overview = fundingSourceOverview(source.id)!;
    expect(overview.programmes.map((row) => row.code)).toEqual(["EEP", "LIV"]);
    expect(overview.totals).toEqual({ amountMinor: 800_000_00, committedMinor: 0, disbursedMinor: 0, leftMinor: 800_000_00 });
    expect(auditCount(and(eq(schema.auditLog.entityType, "funding_source"), eq(schema.auditLog.entityId, String(source.id))))).toBe(1);
  });

  it("officers, mentors and evaluators may not manage funding", () => {
    for (const actor of [user.officer, user.mentor, user.evaluator, user.reviewer]) {
      expect(refusal(() => createTestFundingSource(actor, [programme.id])).code).toBe("forbidden");
    }
  });

  it("refuses a code used twice and lines above the total, storing nothing", () => {
    const before = countRows(schema.fundingSources);
    expect(refusal(() => createTestFundingSource(user.admin, [programme.id], { budgetLines: [{ code: "X", name: "a", amountMinor: 1 }, { code: "X", name: "b", amountMinor: 1 }] }))).toMatchObject({ code: "duplicate_code", field: "budgetLines[1].code" });
    expect(refusal(() => createTestFundingSource(user.admin, [programme.id], { totalMinor: 100, budgetLines: [{ code: "X", name: "a", amountMinor: 101 }] }))).toMatchObject({ code: "lines_above_total", details: { linesMinor: 101, totalMinor: 100 } });
    expect(refusal(() => createTestFundingSource(user.admin, [programme.id], { periodStart: "2027-01-01", periodEnd: "2026-12-31" })).code).toBe("invalid_period");
    expect(countRows(schema.fundingSources)).toBe(before);
  });

  it("edits a source read at its version; an older version is refused", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const input = { ...fundingSourceInput([programme.id]), name: "Renamed", budgetLines: lines.map(({ id, code, name, amountMinor }) => ({ id, code, name, amountMinor })) };
    const saved = updateFundingSource(user.admin, source.id, { ...input, version: 1 });
    expect(saved).toMatchObject({ name: "Renamed", version: 2 });
    expect(() => updateFundingSource(user.admin, source.id, { ...input, name: "Lost race", version: 1 })).toThrow(StaleRecordError);
    expect(db.select().from(schema.fundingSources).where(eq(schema.fundingSources.id, source.id)).get()!.name).toBe("Renamed");
  });

  it("a line with money on it is never cut below its commitment nor removed; the currency stays", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    signedAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[1].id), [{ amountMinor: 100_000_00, plannedOn: "2026-03-10", requirements: [] }]);
    const base = { ...fundingSourceInput([programme.id]), version: 1 };
    const keepLines = lines.map(({ id, code, name, amountMinor }) => ({ id, code, name, amountMinor }));
    expect(refusal(() => updateFundingSource(user.admin, source.id, { ...base, budgetLines: [keepLines[0], { ...keepLines[1], amountMinor: 99_999_99 }] }))).toMatchObject({
      code: "line_below_committed",
      details: { committedMinor: 100_000_00 },
      field: "budgetLines[1].amountMinor",
    });
    expect(refusal(() => updateFundingSource(user.admin, source.id, { ...base, budgetLines: [keepLines[0]] }))).toMatchObject({ code: "line_in_use", details: { code: "3.2" } });
    expect(refusal(() => updateFundingSource(user.admin, source.id, { ...base, currency: "EUR", budgetLines: keepLines })).code).toBe("currency_in_use");
    expect(refusal(() => updateFundingSource(user.admin, source.id, { ...base, programmeIds: [], budgetLines: keepLines }))).toMatchObject({ code: "programme_in_use", details: { programmeId: programme.id } });
    // Exactly the commitment is allowed.
    expect(updateFundingSource(user.admin, source.id, { ...base, budgetLines: [keepLines[0], { ...keepLines[1], amountMinor: 100_000_00 }] }).version).toBe(2);
  });
});

describe("exchange rates", () => {
  it("officers and admins enter dated rates; mentors, reviewers and evaluators may not", () => {
    const rate = enterRate(user.officer, "2026-02-02", "EUR", "UAH", 45_123_456);
    expect(rate).toMatchObject({ ratedOn: "2026-02-02", baseCurrency: "EUR", quoteCurrency: "UAH", rateMicros: 45_123_456, source: "NBU", enteredByUserId: user.officer.id });
    for (const actor of [user.mentor, user.evaluator, user.reviewer]) {
      expect(refusal(() => enterRate(actor, "2026-02-03", "EUR", "UAH", 1_000_000)).code).toBe("forbidden");
    }
  });

  it("refuses a second rate for the pair and date, either way round", () => {
    enterRate(user.admin, "2026-02-04", "USD", "UAH", 41_000_000);
    expect(refusal(() => enterRate(user.admin, "2026-02-04", "USD", "UAH", 41_500_000))).toMatchObject({ code: "rate_exists", details: { baseCurrency: "USD", quoteCurrency: "UAH", on: "2026-02-04" } });
    expect(refusal(() => enterRate(user.admin, "2026-02-04", "UAH", "USD", 24_390))).toMatchObject({ code: "rate_exists" });
    expect(refusal(() => enterExchangeRate(user.admin, { ratedOn: "2026-02-04", baseCurrency: "EUR", quoteCurrency: "EUR", rateMicros: 1, source: "NBU" })).code).toBe("invalid_rate");
  });
});

describe("creating an agreement from the standing approval", () => {
  it("numbers agreements per programme and year, copies the committee's conditions, and audits", () => {
    const numbered = createTestProgramme({ code: "EEP2", currency: "UAH", grantCeilingMinor: 200_000_00 });
    const { source, lines } = createTestFundingSource(user.admin, [numbered.id]);
    const first = approvedCase({ programmeId: numbered.id, approvedMinor: 150_000_00, conditions: "Register as FOP within 30 days." });
    const second = approvedCase({ programmeId: numbered.id, approvedMinor: 150_000_00 });
    const nextYear = approvedCase({ programmeId: numbered.id, approvedMinor: 150_000_00 });
    const a = createAgreement(user.officer, first.caseId, { ...cashTerms(source.id, lines[0].id), inKindMinor: 100_000_00, cashMinor: 50_000_00, amountMinor: 150_000_00 }, "2026-03-01");
    const b = createAgreement(user.admin, second.caseId, cashTerms(source.id, lines[1].id), "2026-03-01");
    expect(a).toMatchObject({ number: "EEP2-2026-0001", status: "draft", conditions: "Register as FOP within 30 days.", decisionId: first.decisionId, amountMinor: 150_000_00, inKindMinor: 100_000_00, cashMinor: 50_000_00, createdByUserId: user.officer.id });
    expect(b.number).toBe("EEP2-2026-0002");
    // The sequence restarts each year.
    expect(createAgreement(user.officer, nextYear.caseId, cashTerms(source.id, lines[1].id), "2027-01-04").number).toBe("EEP2-2027-0001");
    expect(auditCount(and(eq(schema.auditLog.entityType, "grant_agreement"), eq(schema.auditLog.action, "create"), eq(schema.auditLog.caseId, first.caseId)))).toBe(1);
    // A second live agreement for the case is refused.
    expect(refusal(() => createAgreement(user.officer, first.caseId, cashTerms(source.id, lines[0].id), "2026-03-01"))).toMatchObject({ code: "agreement_exists", details: { agreementId: a.id } });
  });

  it("mentors, reviewers and evaluators may not make agreements", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00, mentorId: user.mentor.id });
    for (const actor of [user.mentor, user.reviewer, user.evaluator]) {
      expect(refusal(() => createAgreement(actor, kase.caseId, cashTerms(source.id, lines[0].id), "2026-03-01")).code).toBe("forbidden");
    }
    expect(countRows(schema.grantAgreements, eq(schema.grantAgreements.caseId, kase.caseId))).toBe(0);
  });

  it("refuses a case without a standing approval", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    db.update(schema.committeeDecisions).set({ reopenedAt: "2026-02-10T00:00:00.000Z", reopenReason: "Recount" }).where(eq(schema.committeeDecisions.id, kase.decisionId)).run();
    expect(refusal(() => createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[0].id), "2026-03-01")).code).toBe("no_standing_approval");
  });

  it("keeps within the approved amount, the split and the funding of the programme", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const { source: foreign, lines: foreignLines } = createTestFundingSource(user.admin, [otherProgramme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    expect(refusal(() => createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[0].id, 150_000_01), "2026-03-01"))).toMatchObject({
      code: "above_approved",
      details: { limitMinor: 150_000_00, currency: "UAH", amountInProgrammeCurrencyMinor: 150_000_01 },
      field: "amountMinor",
    });
    expect(refusal(() => createAgreement(user.officer, kase.caseId, { ...cashTerms(source.id, lines[0].id), inKindMinor: 1 }, "2026-03-01"))).toMatchObject({ code: "split_mismatch", details: { differenceMinor: -1 }, field: "cashMinor" });
    expect(refusal(() => createAgreement(user.officer, kase.caseId, cashTerms(foreign.id, foreignLines[0].id), "2026-03-01")).code).toBe("source_not_for_programme");
    expect(refusal(() => createAgreement(user.officer, kase.caseId, cashTerms(source.id, foreignLines[0].id), "2026-03-01")).code).toBe("line_not_in_source");
    expect(countRows(schema.grantAgreements, eq(schema.grantAgreements.caseId, kase.caseId))).toBe(0);
  });

  it("compares a hryvnia agreement with a euro ceiling through the rate of the day, and names a missing rate", () => {
    const { source, lines } = createTestFundingSource(user.admin, [eurProgramme.id]);
    const kase = approvedCase({ programmeId: eurProgramme.id, approvedMinor: 5_000_00 });
    expect(refusal(() => createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[0].id, 200_000_00), "2026-03-05"))).toEqual({
      code: "rate_missing",
      details: { baseCurrency: "EUR", quoteCurrency: "UAH", on: "2026-03-05" },
      field: null,
    });
    enterRate(user.officer, "2026-03-05", "EUR", "UAH", 45_000_000);
    // 225,000.45 UAH / 45 = 5,000.01 EUR: one cent above the approval and the ceiling.
    expect(refusal(() => createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[0].id, 225_000_45), "2026-03-05"))).toMatchObject({ code: "above_approved", details: { limitMinor: 5_000_00, currency: "EUR", amountInProgrammeCurrencyMinor: 5_000_01 } });
    // 225,000.22 UAH / 45 = 5,000.0049 EUR → 5,000.00 (half away from zero): within.
    expect(createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[0].id, 225_000_22), "2026-03-05").number).toBe("LIV-2026-0001");
  });

  it("goes from a real committee approval to an agreement", async () => {
    const { source, lines } = createTestFundingSource(user.admin, [otherProgramme.id]);
    const reviewers = [await createTestUser("reviewer", { organisationId: user.officer.organisationId }), await createTestUser("reviewer", { organisationId: user.officer.organisationId })];
    const registered = registerApplicant(user.officer, applicantInput(otherProgramme.id, { surname: "Грантенко" }));
    if (registered.kind !== "created") throw new Error(registered.kind);
    const caseId = registered.caseId;
    db.update(schema.programmes).set({ trainingRequired: false }).where(eq(schema.programmes.id, otherProgramme.id)).run();
    const caseVersion = () => db.select({ version: schema.cases.version }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()!.version;
    screenCase(user.officer, caseId, caseVersion());
    savePlan(user.officer, caseId, {
      intent: "save", version: 0, summary: "Tailoring", products: "Clothes", market: "Local", competitors: "Few", experience: "10 years", premises: "Home", risks: "Low",
      expectedJobsFullTime: 1, expectedJobsPartTime: 0, expectedMonthlyRevenueMinor: 2_000_000, coContributionMinor: 100_000,
      budget: [{ item: "Sewing machine", quantity: 1, unitCostMinor: 9_000_000, modality: "cash", supplierQuote: undefined }],
    });
    submitPlan(user.officer, caseId);
    assignReviewers(user.officer, caseId, caseVersion(), reviewers.map((reviewer) => reviewer.id));
    for (const reviewer of reviewers) {
      const assignment = db.select().from(schema.reviewAssignments).where(and(eq(schema.reviewAssignments.caseId, caseId), eq(schema.reviewAssignments.reviewerId, reviewer.id))).get()!;
      declareConflict(reviewer, assignment.id, false);
      const rubric = reviewSummary(caseId)!.rubric;
      submitScores(reviewer, assignment.id, Object.fromEntries(rubric.criteria.map((criterion) => [criterion.key, { score: 4, comment: "Good." }])));
    }
    decideCase(user.officer, caseId, caseVersion(), { decision: "approved", committeeDate: "2026-02-20", members: ["A", "B"], amountMinor: 90_000_00, modality: "cash", conditions: "Receipts within 60 days." });
    const agreement = createAgreement(user.officer, caseId, cashTerms(source.id, lines[1].id, 90_000_00), "2026-03-01");
    expect(agreement).toMatchObject({ number: "OTH-2026-0001", conditions: "Receipts within 60 days.", amountMinor: 90_000_00 });
  });
});

describe("drafts: edit, plan, cancel", () => {
  it("edits and plans a draft at its version; a stale version is refused", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    const draft = createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[1].id), "2026-03-01");
    const edited = updateDraftAgreement(user.officer, draft.id, { ...cashTerms(source.id, lines[1].id, 120_000_00), conditions: "Keep receipts.", version: 1 }, "2026-03-01");
    expect(edited).toMatchObject({ amountMinor: 120_000_00, cashMinor: 120_000_00, conditions: "Keep receipts.", version: 2 });
    expect(() => updateDraftAgreement(user.officerB, draft.id, { ...cashTerms(source.id, lines[1].id), version: 1 }, "2026-03-01")).toThrow(StaleRecordError);

    expect(refusal(() => setTranchePlan(user.officer, draft.id, { version: 2, tranches: [{ amountMinor: 60_000_00, plannedOn: "2026-03-10", requirements: [] }] }))).toMatchObject({
      code: "plan_sum_mismatch",
      details: { planMinor: 60_000_00, cashMinor: 120_000_00 },
    });
    setTranchePlan(user.officer, draft.id, {
      version: 2,
      tranches: [
        { amountMinor: 60_000_00, plannedOn: "2026-03-10", requirements: [] },
        { amountMinor: 60_000_00, plannedOn: "2026-06-10", requirements: ["Receipts for tranche 1 verified at a mentor visit", " "] },
      ],
    });
    const tranches = trancheRows(draft.id);
    expect(tranches.map(({ sequence, amountMinor, plannedOn, state }) => ({ sequence, amountMinor, plannedOn, state }))).toEqual([
      { sequence: 1, amountMinor: 60_000_00, plannedOn: "2026-03-10", state: "planned" },
      { sequence: 2, amountMinor: 60_000_00, plannedOn: "2026-06-10", state: "planned" },
    ]);
    expect(countRows(schema.grantTrancheRequirements, eq(schema.grantTrancheRequirements.trancheId, tranches[1].id))).toBe(1);
    // Planning again replaces the plan.
    setTranchePlan(user.officer, draft.id, { version: 3, tranches: [{ amountMinor: 120_000_00, plannedOn: "2026-03-10", requirements: [] }] });
    expect(trancheRows(draft.id).map((tranche) => tranche.amountMinor)).toEqual([120_000_00]);
  });

  it("cancels a draft with a reason, which leaves room for a new agreement", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    const draft = createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[1].id), "2026-03-01");
    expect(refusal(() => cancelDraftAgreement(user.officer, draft.id, { version: 1, reason: " " })).code).toBe("reason_required");
    cancelDraftAgreement(user.officer, draft.id, { version: 1, reason: "Wrong budget line" });
    expect(db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, draft.id)).get()).toMatchObject({ status: "cancelled", closingReason: "Wrong budget line" });
    expect(createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[0].id), "2026-03-01").status).toBe("draft");
  });
});

describe("signing", () => {
  it("re-checks the IDP status, commits against the line with the rate of the day, and moves the case", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id], { currency: "EUR", totalMinor: 100_000_00, budgetLines: [{ code: "G", name: "Grants", amountMinor: 10_000_00 }] });
    enterRate(user.officer, "2026-03-02", "EUR", "UAH", 45_000_000);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    const draft = createAgreement(user.officer, kase.caseId, { ...cashTerms(source.id, lines[0].id), inKindMinor: 40_000_00, cashMinor: 60_000_00 }, "2026-03-01");
    setTranchePlan(user.officer, draft.id, { version: 1, tranches: [{ amountMinor: 60_000_00, plannedOn: "2026-03-10", requirements: [] }] });
    const signed = signAgreement(user.officer, draft.id, { version: 2, signedOn: "2026-03-02", displacement: { status: "returnee" } });
    expect(signed).toMatchObject({ status: "signed", signedOn: "2026-03-02", signedByUserId: user.officer.id, version: 3, timeOriginOn: null });

    const [commitment] = ledgerRows(draft.id);
    // 100,000.00 UAH / 45 = 2,222.222… EUR → 2,222.22
    expect(commitment).toMatchObject({
      kind: "commitment",
      amountMinor: 100_000_00,
      currency: "UAH",
      lineCurrency: "EUR",
      lineAmountMinor: 2_222_22,
      lineRateMicros: 45_000_000,
      lineRateInverted: true,
      reportingCurrency: "UAH",
      reportingAmountMinor: 100_000_00,
      reportingRateId: null,
      effectiveOn: "2026-03-02",
      budgetLineId: lines[0].id,
      recordedByUserId: user.officer.id,
    });
    const grantRecord = db.select().from(schema.displacementRecords).where(and(eq(schema.displacementRecords.caseId, kase.caseId), eq(schema.displacementRecords.context, "grant"))).all();
    expect(grantRecord).toMatchObject([{ status: "returnee", recordedOn: "2026-03-02", idpCertificateNumber: null, currentOblastPcode: "UA12", originOblastPcode: "UA14", recordedByUserId: user.officer.id }]);
    expect(db.select().from(schema.cases).where(eq(schema.cases.id, kase.caseId)).get()).toMatchObject({ stage: "disbursement", status: "open", displacementStatus: "returnee" });
    expect(fundingSourceOverview(source.id)!.lines[0]).toMatchObject({ amountMinor: 10_000_00, committedMinor: 2_222_22, disbursedMinor: 0, leftMinor: 7_777_78 });
    expect(auditCount(and(eq(schema.auditLog.action, "sign"), eq(schema.auditLog.caseId, kase.caseId)))).toBe(1);
    expect(auditCount(and(eq(schema.auditLog.action, "commit"), eq(schema.auditLog.caseId, kase.caseId)))).toBe(1);
    // Signing twice is refused.
    expect(refusal(() => signAgreement(user.officer, draft.id, { version: 3, signedOn: "2026-03-02", displacement: idpConfirmation })).code).toBe("wrong_agreement_status");
  });

  it("refuses a commitment beyond what the line has left, saying what is left, and writes nothing", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id], { totalMinor: 250_000_00, budgetLines: [{ code: "G", name: "Grants", amountMinor: 250_000_00 }] });
    const first = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    signedAgreement(user.officer, first.caseId, { ...cashTerms(source.id, lines[0].id, 150_000_00), inKindMinor: 150_000_00, cashMinor: 0 }, []);
    const second = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    const draft = createAgreement(user.officer, second.caseId, { ...cashTerms(source.id, lines[0].id, 100_000_01), inKindMinor: 100_000_01, cashMinor: 0 }, "2026-03-01");
    const auditBefore = auditCount();
    expect(refusal(() => signAgreement(user.officer, draft.id, { version: 1, signedOn: "2026-03-02", displacement: idpConfirmation }))).toEqual({
      code: "beyond_budget_line",
      details: { leftMinor: 100_000_00, currency: "UAH", lineCode: "G", neededMinor: 100_000_01 },
      field: "budgetLineId",
    });
    expect(ledgerRows(draft.id)).toEqual([]);
    expect(db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, draft.id)).get()).toMatchObject({ status: "draft", version: 1 });
    expect(db.select().from(schema.cases).where(eq(schema.cases.id, second.caseId)).get()!.stage).toBe("grant_agreement");
    expect(countRows(schema.displacementRecords, and(eq(schema.displacementRecords.caseId, second.caseId), eq(schema.displacementRecords.context, "grant")))).toBe(0);
    expect(auditCount()).toBe(auditBefore);
    // Exactly what is left can be committed.
    const exact = updateDraftAgreement(user.officer, draft.id, { ...cashTerms(source.id, lines[0].id, 100_000_00), inKindMinor: 100_000_00, cashMinor: 0, version: 1 }, "2026-03-01");
    expect(signAgreement(user.officer, draft.id, { version: exact.version, signedOn: "2026-03-02", displacement: idpConfirmation }).status).toBe("signed");
    expect(fundingSourceOverview(source.id)!.lines[0]).toMatchObject({ committedMinor: 250_000_00, leftMinor: 0 });
  });

  it("refuses signing outside the funding period, without a tranche plan, without an IDP certificate, without the rate, or from a stale page", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id], { periodStart: "2026-01-01", periodEnd: "2026-12-31" });
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    const draft = createAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[1].id), "2026-03-01");
    expect(refusal(() => signAgreement(user.officer, draft.id, { version: 1, signedOn: "2026-03-02", displacement: idpConfirmation })).code).toBe("plan_missing");
    setTranchePlan(user.officer, draft.id, { version: 1, tranches: [{ amountMinor: 100_000_00, plannedOn: "2027-01-10", requirements: [] }] });
    expect(refusal(() => signAgreement(user.officer, draft.id, { version: 2, signedOn: "2027-01-05", displacement: idpConfirmation }))).toMatchObject({ code: "outside_funding_period", details: { periodStart: "2026-01-01", periodEnd: "2026-12-31" }, field: "signedOn" });
    expect(refusal(() => signAgreement(user.officer, draft.id, { version: 2, signedOn: "2026-03-02", displacement: { status: "idp", idpCertificateNumber: "1201-1" } }))).toMatchObject({ code: "idp_certificate_required", field: "idpCertificateDate" });
    expect(() => signAgreement(user.officer, draft.id, { version: 1, signedOn: "2026-03-02", displacement: idpConfirmation })).toThrow(StaleRecordError);
    for (const actor of [user.mentor, user.evaluator]) {
      expect(refusal(() => signAgreement(actor, draft.id, { version: 2, signedOn: "2026-03-02", displacement: idpConfirmation })).code).toBe("forbidden");
    }
    const { source: usd, lines: usdLines } = createTestFundingSource(user.admin, [programme.id], { currency: "USD" });
    const other = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    const usdDraft = createAgreement(user.officer, other.caseId, { ...cashTerms(usd.id, usdLines[0].id), inKindMinor: 100_000_00, cashMinor: 0 }, "2026-03-01");
    expect(refusal(() => signAgreement(user.officer, usdDraft.id, { version: 1, signedOn: "2026-03-09", displacement: idpConfirmation })).details).toEqual({ baseCurrency: "USD", quoteCurrency: "UAH", on: "2026-03-09" });
    expect(ledgerRows(draft.id)).toEqual([]);
    expect(ledgerRows(usdDraft.id)).toEqual([]);
  });

  it("a signed agreement's terms never change, even written directly", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    const signed = signedAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[1].id), [{ amountMinor: 100_000_00, plannedOn: "2026-03-10", requirements: [] }]);
    expect(() => sqlite.prepare("update grant_agreements set amount_minor = amount_minor + 1, cash_minor = cash_minor + 1 where id = ?").run(signed.id)).toThrow(/terms never change/);
    expect(() => sqlite.prepare("update grant_agreements set status = 'draft' where id = ?").run(signed.id)).toThrow(/terms never change/);
    expect(() => sqlite.prepare("insert into grant_tranches (agreement_id, sequence, amount_minor, planned_on) values (?, 9, 1, '2026-09-01')").run(signed.id)).toThrow(/tranche plan of a signed agreement is fixed/);
    expect(() => updateDraftAgreement(user.officer, signed.id, { ...cashTerms(source.id, lines[1].id), version: signed.version })).toThrow(GrantRefused);
  });
});

describe("withdrawal after the grant", () => {
  it("cancels what is not paid, releases the rest of the commitment, withdraws the case and keeps the time origin", () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00 });
    const signed = signedAgreement(user.officer, kase.caseId, cashTerms(source.id, lines[1].id), [
      { amountMinor: 40_000_00, plannedOn: "2026-03-10", requirements: [] },
      { amountMinor: 60_000_00, plannedOn: "2026-06-10", requirements: ["Receipts"] },
    ]);
    const [first, second] = trancheRows(signed.id);
    requestTranche(user.officer, first.id, { version: trancheVersion(first.id) });
    approveTranche(user.officerB, first.id, { version: trancheVersion(first.id) });
    recordPayment(user.officer, first.id, { version: trancheVersion(first.id), outcome: "paid", paidOn: "2026-03-12", payerAccount: "UA21 3223 1300 0002 6007 2335 6600 1", bankReference: "PB-1" });

    for (const actor of [user.mentor, user.evaluator]) {
      expect(refusal(() => withdrawAfterGrant(actor, signed.id, { version: currentAgreementVersion(signed.id), withdrawnOn: "2026-04-01", reason: "Moved abroad" })).code).toBe("forbidden");
    }
    const withdrawn = withdrawAfterGrant(user.officer, signed.id, { version: currentAgreementVersion(signed.id), withdrawnOn: "2026-04-01", reason: "Moved abroad" });
    expect(withdrawn).toMatchObject({ status: "withdrawn", withdrawnOn: "2026-04-01", closingReason: "Moved abroad", timeOriginOn: "2026-03-12" });
    expect(trancheRows(signed.id).map(({ id, state, cancelledReason }) => ({ id, state, cancelledReason }))).toEqual([
      { id: first.id, state: "paid", cancelledReason: null },
      { id: second.id, state: "cancelled", cancelledReason: "Moved abroad" },
    ]);
    expect(ledgerRows(signed.id).map(({ kind, amountMinor, lineAmountMinor }) => ({ kind, amountMinor, lineAmountMinor }))).toEqual([
      { kind: "commitment", amountMinor: 100_000_00, lineAmountMinor: 100_000_00 },
      { kind: "disbursement", amountMinor: 40_000_00, lineAmountMinor: 40_000_00 },
      { kind: "release", amountMinor: -60_000_00, lineAmountMinor: -60_000_00 },
    ]);
    expect(fundingSourceOverview(source.id)!.lines[1]).toMatchObject({ committedMinor: 40_000_00, disbursedMinor: 40_000_00, leftMinor: 3_960_000_00 });
    expect(db.select().from(schema.cases).where(eq(schema.cases.id, kase.caseId)).get()).toMatchObject({ status: "withdrawn", stage: "follow_up" });
    expect(agreementFile(kase.caseId)!.balance).toMatchObject({ paidNetMinor: 40_000_00, leftToPayMinor: 0 });
    expect(refusal(() => withdrawAfterGrant(user.officer, signed.id, { version: currentAgreementVersion(signed.id), withdrawnOn: "2026-04-02", reason: "Again" })).code).toBe("wrong_agreement_status");
  });
});
