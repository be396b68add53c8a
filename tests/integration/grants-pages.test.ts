// The grants pages through their loaders and actions with real requests: funding sources
// (admin), exchange rates (officers) and the agreement page of a case, by role, with what each
// answers and stores.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import * as fundingList from "~/routes/admin.funding._index";
import * as fundingNew from "~/routes/admin.funding.new";
import * as fundingSource from "~/routes/admin.funding.$sourceId";
import * as rates from "~/routes/grants.rates";
import * as agreementRoute from "~/routes/cases.$caseId_.agreement";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type JsonObject, type TestUser } from "../helpers/foundation";
import { approvedCase, createTestFundingSource, currentAgreementVersion, trancheRows, trancheVersion, requirementRows } from "../helpers/grants";

let programme: ReturnType<typeof createTestProgramme>;
const user = {} as Record<"admin" | "officer" | "officerB" | "mentor" | "otherMentor" | "evaluator", TestUser>;
const cookie = {} as Record<keyof typeof user, string>;
let partnerA: number;

beforeAll(async () => {
  const organisations = createTestOrganisations();
  partnerA = organisations.partnerA.id;
  programme = createTestProgramme({ code: "PAGE", currency: "UAH", grantCeilingMinor: 200_000_00 });
  user.admin = await createTestUser("admin", { organisationId: organisations.agency.id });
  user.officer = await createTestUser("officer", { organisationId: organisations.agency.id });
  user.officerB = await createTestUser("officer", { organisationId: organisations.agency.id });
  user.mentor = await createTestUser("mentor", { organisationId: partnerA });
  user.otherMentor = await createTestUser("mentor", { organisationId: organisations.partnerB.id });
  user.evaluator = await createTestUser("evaluator", { organisationId: organisations.agency.id });
  for (const key of Object.keys(user) as Array<keyof typeof user>) cookie[key] = await sessionCookieFor(user[key].id);
  // Officers act on the cases of their programmes.
  for (const officer of [user.officer, user.officerB]) db.insert(schema.programmeMembers).values({ programmeId: programme.id, userId: officer.id }).onConflictDoNothing().run();
});

const get = (fn: Parameters<typeof callRoute>[0], path: string, as: string, params: Record<string, string> = {}) => callRoute(fn, request(path, { cookie: as }), params);
const post = (fn: Parameters<typeof callRoute>[0], path: string, as: string, form: Record<string, string | string[]>, params: Record<string, string> = {}) =>
  callRoute(fn, request(path, { cookie: as, form }), params);

const sourceForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: "USAID Livelihoods",
  donor: "USAID",
  reference: "72012125CA00001",
  currency: "USD",
  totalMinor: "500 000",
  periodStart: "2026-01-01",
  periodEnd: "2027-06-30",
  programmeIds: [String(programme.id)],
  "budgetLines[0].code": "2.1",
  "budgetLines[0].name": "Cash grants",
  "budgetLines[0].amountMinor": "300000",
  "budgetLines[1].code": "2.2",
  "budgetLines[1].name": "In-kind grants",
  "budgetLines[1].amountMinor": "200 000,00",
  ...overrides,
});

describe("funding pages (admin)", () => {
  it("only admins reach the funding pages", async () => {
    expect((await get(fundingList.loader, "/admin/funding", cookie.admin)).status).toBe(200);
    for (const as of [cookie.officer, cookie.mentor, cookie.evaluator]) {
      expect((await get(fundingList.loader, "/admin/funding", as)).status).toBe(403);
      expect((await post(fundingNew.action, "/admin/funding/new", as, sourceForm())).status).toBe(403);
    }
  });

  it("creates a source with its lines and shows the balance per line", async () => {
    const response = await post(fundingNew.action, "/admin/funding/new", cookie.admin, sourceForm());
    expect(response.status).toBe(302);
    const sourceId = response.headers.get("Location")!.split("/").at(-1)!;
    const stored = db.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.fundingSourceId, Number(sourceId))).orderBy(schema.fundingBudgetLines.code).all();
    expect(stored.map(({ code, amountMinor }) => ({ code, amountMinor }))).toEqual([
      { code: "2.1", amountMinor: 300_000_00 },
      { code: "2.2", amountMinor: 200_000_00 },
    ]);
    const page = await readJson<{ source: JsonObject; totals: JsonObject }>(await get(fundingSource.loader, `/admin/funding/${sourceId}`, cookie.admin, { sourceId }));
    expect(page.source).toMatchObject({ name: "USAID Livelihoods", currency: "USD", totalMinor: 500_000_00, version: 1 });
    expect(page.totals).toEqual({ amountMinor: 500_000_00, committedMinor: 0, disbursedMinor: 0, leftMinor: 500_000_00 });
  });

  it("answers bad input next to the field and stores nothing", async () => {
    const before = db.select().from(schema.fundingSources).all().length;
    const noLines = await post(fundingNew.action, "/admin/funding/new", cookie.admin, { ...sourceForm(), "budgetLines[0].code": "", "budgetLines[0].name": "", "budgetLines[0].amountMinor": "", "budgetLines[1].code": "", "budgetLines[1].name": "", "budgetLines[1].amountMinor": "" });
    expect(noLines.status).toBe(400);
    const tooMuch = await post(fundingNew.action, "/admin/funding/new", cookie.admin, sourceForm({ totalMinor: "400000" }));
    expect(tooMuch.status).toBe(400);
    const reply = await readJson<{ error: Record<string, string[]>; refusal: JsonObject }>(tooMuch);
    expect(reply.error.totalMinor).toEqual(["grants.errors.lines_above_total"]);
    expect(reply.refusal).toEqual({ code: "lines_above_total", details: { linesMinor: 500_000_00, totalMinor: 400_000_00, currency: "USD" } });
    expect(db.select().from(schema.fundingSources).all().length).toBe(before);
  });

  it("refuses an edit from a stale page with 409", async () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const form = {
      ...sourceForm({ version: "1", name: "Renamed" }),
      "budgetLines[0].id": String(lines[0].id),
      "budgetLines[1].id": String(lines[1].id),
    };
    expect((await post(fundingSource.action, `/admin/funding/${source.id}`, cookie.admin, form, { sourceId: String(source.id) })).status).toBe(200);
    const stale = await post(fundingSource.action, `/admin/funding/${source.id}`, cookie.admin, { ...form, name: "Lost" }, { sourceId: String(source.id) });
    expect(stale.status).toBe(409);
    expect(db.select().from(schema.fundingSources).where(eq(schema.fundingSources.id, source.id)).get()!.name).toBe("Renamed");
  });
});

describe("exchange rates page", () => {
  it("officers enter a rate typed with a comma; a second one for the day names the pair", async () => {
    const form = { ratedOn: "2026-04-01", baseCurrency: "EUR", quoteCurrency: "UAH", rate: "45,1234", source: "NBU" };
    expect((await post(rates.action, "/grants/rates", cookie.officer, form)).status).toBe(200);
    expect(db.select().from(schema.exchangeRates).where(eq(schema.exchangeRates.ratedOn, "2026-04-01")).get()).toMatchObject({ rateMicros: 45_123_400, enteredByUserId: user.officer.id });
    const again = await post(rates.action, "/grants/rates", cookie.admin, { ...form, baseCurrency: "UAH", quoteCurrency: "EUR", rate: "0,0221" });
    expect(again.status).toBe(400);
    expect((await readJson<{ refusal: JsonObject }>(again)).refusal).toEqual({ code: "rate_exists", details: { baseCurrency: "EUR", quoteCurrency: "UAH", on: "2026-04-01" } });
    const badRate = await post(rates.action, "/grants/rates", cookie.officer, { ...form, ratedOn: "2026-04-02", rate: "45.1234567" });
    expect((await readJson<{ error: Record<string, string[]> }>(badRate)).error.rate).toEqual(["grants.errors.invalid_rate"]);
    for (const as of [cookie.mentor, cookie.evaluator]) {
      expect((await get(rates.loader, "/grants/rates", as)).status).toBe(403);
      expect((await post(rates.action, "/grants/rates", as, { ...form, ratedOn: "2026-04-03" })).status).toBe(403);
    }
  });
});

describe("the agreement page of a case", () => {
  it("walks from the approval to a paid tranche, by role", async () => {
    const { source, lines } = createTestFundingSource(user.admin, [programme.id]);
    const kase = approvedCase({ programmeId: programme.id, approvedMinor: 150_000_00, mentorId: user.mentor.id, partnerOrganisationId: partnerA });
    const path = `/cases/${kase.caseId}/agreement`;
    const params = { caseId: String(kase.caseId) };
    const act = (as: string, form: Record<string, string | string[]>) => post(agreementRoute.action, path, as, form, params);

    expect((await get(agreementRoute.loader, path, cookie.evaluator, params)).status).toBe(403);
    expect((await get(agreementRoute.loader, path, cookie.otherMentor, params)).status).toBe(403);
    const mentorView = await readJson<JsonObject>(await get(agreementRoute.loader, path, cookie.mentor, params));
    expect(mentorView).toMatchObject({ mayCreate: false, handlesMoney: false, file: null, funding: [] });
    const officerView = await readJson<{ mayCreate: boolean; approval: JsonObject; funding: Array<{ lines: JsonObject[] }> }>(await get(agreementRoute.loader, path, cookie.officer, params));
    expect(officerView.mayCreate).toBe(true);
    // The committee's split (here all in kind) is what the new agreement's form starts from.
    expect(officerView.approval).toEqual({
      amountMinor: 150_000_00,
      conditions: "Register as FOP within 30 days.",
      split: { amountMinor: 150_000_00, inKindMinor: 150_000_00, cashMinor: 0, modality: "in_kind" },
    });

    const terms = { currency: "UAH", amountMinor: "100000", inKindMinor: "0", cashMinor: "100000", fundingSourceId: String(source.id), budgetLineId: String(lines[1].id), conditions: "Keep receipts." };
    expect((await act(cookie.mentor, { intent: "create", ...terms })).status).toBe(403);
    const tooMuch = await act(cookie.officer, { intent: "create", ...terms, amountMinor: "150000,01", cashMinor: "150000,01" });
    expect(tooMuch.status).toBe(400);
    expect((await readJson<{ error: Record<string, string[]> }>(tooMuch)).error.amountMinor).toEqual(["grants.errors.above_approved"]);
    expect(await readJson(await act(cookie.officer, { intent: "create", ...terms }))).toMatchObject({ done: "create" });
    const agreementId = db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.caseId, kase.caseId)).get()!.id;

    const plan = { intent: "plan", version: "1", "tranches[0].amountMinor": "40000", "tranches[0].plannedOn": "2026-03-10", "tranches[0].requirements": "", "tranches[1].amountMinor": "60000", "tranches[1].plannedOn": "2026-06-10", "tranches[1].requirements": "Receipts for tranche 1\nPhotos" };
    const wrongPlan = await act(cookie.officer, { ...plan, "tranches[1].amountMinor": "50000" });
    expect((await readJson<{ refusal: JsonObject }>(wrongPlan)).refusal).toEqual({ code: "plan_sum_mismatch", details: { planMinor: 90_000_00, cashMinor: 100_000_00 } });
    expect(await readJson(await act(cookie.officer, plan))).toMatchObject({ done: "plan" });
    const sign = { intent: "sign", version: String(currentAgreementVersion(agreementId)), signedOn: "2026-03-02", displacementStatus: "idp", idpCertificateNumber: "1201-5000001", idpCertificateDate: "2023-04-10" };
    expect(await readJson(await act(cookie.officer, sign))).toMatchObject({ done: "sign" });
    expect(db.select().from(schema.cases).where(eq(schema.cases.id, kase.caseId)).get()!.stage).toBe("disbursement");

    const [first, second] = trancheRows(agreementId);
    const trancheForm = (intent: string, trancheId: number, extra: Record<string, string> = {}) => ({ intent, trancheId: String(trancheId), version: String(trancheVersion(trancheId)), ...extra });
    expect((await act(cookie.mentor, trancheForm("request", first.id))).status).toBe(403);
    expect(await readJson(await act(cookie.officer, trancheForm("request", first.id)))).toMatchObject({ done: "request" });
    const own = await act(cookie.officer, trancheForm("approve", first.id));
    expect(own.status).toBe(400);
    expect(await readJson(own)).toMatchObject({ error: { "": ["grants.errors.approver_is_requester"] }, refusal: { code: "approver_is_requester" } });
    expect(await readJson(await act(cookie.officerB, trancheForm("approve", first.id)))).toMatchObject({ done: "approve" });
    const noReference = await act(cookie.officer, trancheForm("pay", first.id, { outcome: "paid", paidOn: "2026-03-12", payerAccount: "UA21 3223 1300 0002 6007 2335 6600 1" }));
    expect((await readJson<{ error: Record<string, string[]> }>(noReference)).error.bankReference).toEqual(["grants.errors.field_required"]);
    expect(await readJson(await act(cookie.officer, trancheForm("pay", first.id, { outcome: "paid", paidOn: "2026-03-12", payerAccount: "UA21 3223 1300 0002 6007 2335 6600 1", bankReference: "PB-77" })))).toMatchObject({ done: "pay" });
    expect(db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, agreementId)).get()!.timeOriginOn).toBe("2026-03-12");

    // The case's mentor verifies the receipts; another case's tranche is out of this page's reach.
    const [receipts] = requirementRows(second.id);
    expect(await readJson(await act(cookie.mentor, { intent: "verify", requirementId: String(receipts.id), version: String(receipts.version), evidenceNote: "Receipts seen at the visit" }))).toMatchObject({ done: "verify" });
    expect(db.select().from(schema.grantTrancheRequirements).where(and(eq(schema.grantTrancheRequirements.id, receipts.id))).get()!.verifiedByUserId).toBe(user.mentor.id);
    const other = approvedCase({ programmeId: programme.id, approvedMinor: 10_000_00 });
    expect((await post(agreementRoute.action, `/cases/${other.caseId}/agreement`, cookie.officer, trancheForm("request", second.id), { caseId: String(other.caseId) })).status).toBe(404);

    const page = await readJson<{ file: { tranches: Array<{ state: string; allowed: string[]; requirements: Array<{ mayVerify: boolean }> }> } }>(await get(agreementRoute.loader, path, cookie.mentor, params));
    expect(page.file.tranches.map((tranche) => ({ state: tranche.state, allowed: tranche.allowed }))).toEqual([
      { state: "paid", allowed: [] },
      { state: "planned", allowed: [] },
    ]);
    expect(page.file.tranches[1].requirements.map((requirement) => requirement.mayVerify)).toEqual([false, true]);
  });
});
