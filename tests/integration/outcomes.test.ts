// Outcomes from visits recorded through the follow-up module to the numbers the page's loader
// gives (issue 11): 17 grants reached their beneficiaries on 2 June 2025 (disbursed through the
// grants ledger, which sets the time origin and plans the visits), and visits at 3, 6 and 12
// months were recorded with recordVisit. Every expected value below is worked out by hand from
// the story of each business; the survival intervals by the formulas of domain.md §7.
//
//  B1  IDP F start-up   m3 closed (closure 2025-08-20, day 79)
//  B2  IDP M start-up   m3 operating, m6 closed (day 183)
//  B3  IDP F start-up   m3 could not be reached (never reached: censored at 0)
//  B4  host M start-up  not visited
//  B5  IDP F start-up   m3–m12 operating; hires a full-time woman (IDP) on 2025-08-01
//  B6  IDP M existing   baseline: one paid full-time worker (who leaves 2026-05-01); net income 4,000 → 6,000
//  B7  IDP F start-up   m3–m12 operating, abroad at m12
//  B8  IDP M start-up   m3–m12 operating, moved to Lviv hromada at m12
//  B9  host F start-up  m3–m12 operating; hires a man (host) 20 h/week on 2026-01-10
//  B10 host M, B11 host F, B12 returnee M start-ups: m3–m12 operating
//  B13 IDP F start-up   one visit off schedule on 2026-11-02 (day 518), operating
//  B14 IDP M, B15 IDP F, B16 host M, B17 host F start-ups: not visited
// The m12 visits are on 2026-06-10 (day 373).
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { readSpreadsheet } from "~/lib/spreadsheet.server";
import { syncBaselineRosterFromCounts } from "~/modules/followup/roster.server";
import { recordVisit } from "~/modules/followup/visits.server";
import { recordDisbursement } from "~/modules/grants/ledger.server";
import { outcomeChanges } from "~/modules/outcomes/outcome-home.server";
import type { PublishedDashboard, PublishedRow } from "~/modules/outcomes/publication";
import { suppressedCellRanges, type PublishedTwoWayTable } from "~/modules/outcomes/suppression";
import { kaplanMeier, logRankTest, summariseSurvival, type SurvivalTime } from "~/modules/outcomes/survival";
import * as home from "~/routes/_index";
import * as outcomesPage from "~/routes/outcomes._index";
import * as outcomesExport from "~/routes/outcomes.export";
import * as report from "~/routes/outcomes.report";
import * as reportPdf from "~/routes/outcomes.report_.pdf";
import { auditCount, callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";
import { approvedCase, createTestFundingSource, signedAgreement } from "../helpers/grants";
import { plannedVisitsOf, visitInput } from "../helpers/followup";
import { keyPaths } from "../helpers/key-paths";
import { pdfPages } from "../helpers/pdf-text";

const roles = ["admin", "officer", "evaluator", "mentor", "reviewer"] as const;
const users = {} as Record<(typeof roles)[number], TestUser>;
const cookieOf = {} as Record<(typeof roles)[number], string>;
// The donor report's PDF, as the page's download button posts it.
const downloadReport = (query: string, role: (typeof roles)[number]) =>
  callRoute(reportPdf.action, request("/outcomes/report/pdf", { cookie: cookieOf[role], form: Object.fromEntries(new URLSearchParams(query)) }));
const today = "2026-12-06";
const origin = "2025-06-02";
const visitDates = { 3: "2025-09-02", 6: "2025-12-02", 12: "2026-06-10" } as const;
let programmeId: number;
let actId = 7000;
const caseCodes: string[] = [];
const surnames: string[] = [];

type Story = {
  displacement: "idp" | "host" | "returnee";
  sex: "female" | "male";
  kind: "startup" | "existing";
};
const stories: Story[] = [
  { displacement: "idp", sex: "female", kind: "startup" },
  { displacement: "idp", sex: "male", kind: "startup" },
  { displacement: "idp", sex: "female", kind: "startup" },
  { displacement: "host", sex: "male", kind: "startup" },
  { displacement: "idp", sex: "female", kind: "startup" },
  { displacement: "idp", sex: "male", kind: "existing" },
  { displacement: "idp", sex: "female", kind: "startup" },
  { displacement: "idp", sex: "male", kind: "startup" },
  { displacement: "host", sex: "female", kind: "startup" },
  { displacement: "host", sex: "male", kind: "startup" },
  { displacement: "host", sex: "female", kind: "startup" },
  { displacement: "returnee", sex: "male", kind: "startup" },
  { displacement: "idp", sex: "female", kind: "startup" },
  { displacement: "idp", sex: "male", kind: "startup" },
  { displacement: "idp", sex: "female", kind: "startup" },
  { displacement: "host", sex: "male", kind: "startup" },
  { displacement: "host", sex: "female", kind: "startup" },
];

const owner = (sex: "female" | "male", displacementStatus: "idp" | "host" | "returnee") => ({
  role: "owner" as const,
  paid: false,
  hoursPerWeek: 45,
  sex,
  displacementStatus,
  startDate: origin,
  monthsPerYear: null,
});

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  for (const role of roles) {
    users[role] = await createTestUser(role, { organisationId: role === "mentor" ? partnerA.id : agency.id });
    cookieOf[role] = await sessionCookieFor(users[role].id);
  }
  programmeId = createTestProgramme({ code: "OUT-T", followUpOffsetsMonths: [3, 6, 12], smallCellThreshold: 5, startDate: "2025-01-01" }).id;
  const { source, lines } = createTestFundingSource(users.admin, [programmeId], { periodStart: "2025-01-01" });
  db.insert(schema.adminUnits)
    .values([
      { pcode: "UA4606", level: 2, parentPcode: "UA46", nameEn: "Lvivskyi", nameUk: "Львівський" },
      { pcode: "UA4606025", level: 3, parentPcode: "UA4606", nameEn: "Lvivska", nameUk: "Львівська" },
    ])
    .run();

  const grants = stories.map((story) => {
    const approved = approvedCase({ programmeId, approvedMinor: 20_000_00 });
    db.update(schema.persons).set({ sex: story.sex }).where(eq(schema.persons.id, approved.personId)).run();
    db.update(schema.cases).set({ displacementStatus: story.displacement }).where(eq(schema.cases.id, approved.caseId)).run();
    db.update(schema.displacementRecords).set({ status: story.displacement }).where(eq(schema.displacementRecords.caseId, approved.caseId)).run();
    const existing = story.kind === "existing";
    const business = db
      .insert(schema.businesses)
      .values({
        caseId: approved.caseId,
        kind: story.kind,
        name: `Пекарня ${approved.caseId}`,
        baselineWorkers: existing
          ? { paidFullTime: { female: 1, male: 0 }, paidPartTime: { female: 0, male: 0 }, unpaidFullTime: { female: 0, male: 0 }, unpaidPartTime: { female: 0, male: 0 } }
          : null,
        baselineMonthlyRevenueMinor: existing ? 12_000_00 : null,
        baselineMonthlyNetIncomeMinor: existing ? 4_000_00 : null,
      })
      .returning()
      .get();
    db.transaction((tx) => syncBaselineRosterFromCounts(tx, business.id));
    const agreement = signedAgreement(
      users.officer,
      approved.caseId,
      { currency: "UAH", amountMinor: 20_000_00, inKindMinor: 20_000_00, cashMinor: 0, fundingSourceId: source.id, budgetLineId: lines[0].id },
      [],
      "2025-05-20",
    );
    // The act of acceptance and transfer's entry in the ledger: it sets the time origin.
    db.transaction((tx) => recordDisbursement(tx, users.officer, { agreementId: agreement.id, modality: "in_kind", amountMinor: 20_000_00, effectiveOn: origin, actId: (actId += 1) }));
    const kase = db.select().from(schema.cases).where(eq(schema.cases.id, approved.caseId)).get()!;
    const person = db.select().from(schema.persons).where(eq(schema.persons.id, approved.personId)).get()!;
    caseCodes.push(kase.caseCode);
    surnames.push(person.surname);
    return { caseId: approved.caseId, agreementId: agreement.id, story };
  });

  const visit = (index: number, months: 3 | 6 | 12 | null, overrides: Parameters<typeof visitInput>[0] = {}) => {
    const grant = grants[index - 1];
    const planned = months === null ? null : plannedVisitsOf(grant.agreementId).find((p) => p.monthsAfterOrigin === months)!;
    recordVisit(
      users.officer,
      grant.caseId,
      visitInput({ plannedVisitId: planned?.id ?? null, visitDate: months === null ? "2026-11-02" : visitDates[months], problems: [], mentoringGiven: [], notes: null, ...overrides }),
      [],
      today,
    );
  };
  const ownerOf = (index: number) => owner(stories[index - 1].sex, stories[index - 1].displacement);
  const closed = { operatingStatus: "closed" as const, closureConfirmed: true, closureReason: "Немає покупців", monthlyRevenueMinor: null, monthlyNetIncomeMinor: null };

  visit(1, 3, { ...closed, closureDate: "2025-08-20", newWorkers: [ownerOf(1)] });
  visit(2, 3, { newWorkers: [ownerOf(2)] });
  visit(2, 6, { ...closed });
  visit(3, 3, { operatingStatus: "unreachable", residence: "unknown", monthlyRevenueMinor: null, monthlyNetIncomeMinor: null });
  visit(5, 3, { newWorkers: [ownerOf(5), { role: "employee", paid: true, hoursPerWeek: 40, sex: "female", displacementStatus: "idp", startDate: "2025-08-01", monthsPerYear: null }] });
  visit(5, 6);
  visit(5, 12);
  visit(6, 3, { newWorkers: [ownerOf(6)] });
  visit(6, 6);
  visit(6, 12, { monthlyNetIncomeMinor: 6_000_00, roster: [{ workerId: "W1", left: true, endDate: "2026-05-01", role: null, paid: true, hoursPerWeek: 40, monthsPerYear: null }] });
  for (const index of [7, 8, 9, 10, 11, 12]) {
    visit(index, 3, { newWorkers: [ownerOf(index)] });
    visit(index, 6);
  }
  visit(7, 12, { residence: "abroad" });
  visit(8, 12, { residence: "moved_within_ukraine", newHromadaPcode: "UA4606025" });
  visit(9, 12, { newWorkers: [{ role: "employee", paid: true, hoursPerWeek: 20, sex: "male", displacementStatus: "host", startDate: "2026-01-10", monthsPerYear: null }] });
  for (const index of [10, 11, 12]) visit(index, 12);
  visit(13, null, { newWorkers: [ownerOf(13)], monthlyRevenueMinor: null, monthlyNetIncomeMinor: null });
});

type LoaderData = {
  asOf: string;
  params: Record<string, string>;
  compare: string;
  mayPreview: boolean;
  dashboard: PublishedDashboard;
};

async function pageData(role: (typeof roles)[number], query = "") {
  const response = await callRoute(outcomesPage.loader, request(`/outcomes${query}`, { cookie: cookieOf[role] }));
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, data: JSON.parse(text) as LoaderData };
}

const cell = (value: number) => ({ value, suppressed: false, display: String(value) });
const hidden = { value: null, suppressed: true, display: "<5" };
const withheld = { value: null, suppressed: true, display: "–" };
const rowOf = (dashboard: PublishedDashboard, dimension: string, category: string) =>
  dashboard.tables.find((t) => t.dimension === dimension)!.rows.find((r) => r.category === category) as PublishedRow;

// Survival times by hand (days since 2 June 2025), per group.
const idpTimes: SurvivalTime[] = [
  { time: 79, closed: true },
  { time: 183, closed: true },
  { time: 0, closed: false },
  ...[373, 373, 373, 373].map((time) => ({ time, closed: false })),
  { time: 518, closed: false },
  { time: 0, closed: false },
  { time: 0, closed: false },
];
const hostTimes: SurvivalTime[] = [0, 373, 373, 373, 0, 0].map((time) => ({ time, closed: false }));
const returneeTimes: SurvivalTime[] = [{ time: 373, closed: false }];

describe("the outcomes page for officers (exact figures)", () => {
  it("computes the headline from the recorded visits", async () => {
    const { data } = await pageData("officer", `?programme=${programmeId}`);
    const { dashboard } = data;
    expect(dashboard.publication).toEqual({ suppressed: false, threshold: 5 });
    expect(dashboard.headline.funded).toEqual(cell(17));
    expect(dashboard.headline.followedUp).toEqual(cell(11));
    expect(dashboard.headline.notYetFollowedUp).toEqual(cell(6));
    // S(12 m) = 10/11 · 9/10 = 9/11; Greenwood Σ = 1/(11·10) + 1/(10·9); log-log limits.
    const s12 = dashboard.headline.survival12;
    expect(s12.status).toBe("reported");
    if (s12.status !== "reported") return;
    expect(s12.estimate).toBeCloseTo(9 / 11, 12);
    expect(s12.lower).toBeCloseTo(0.4474286107418755, 9);
    expect(s12.upper).toBeCloseTo(0.9511622291039976, 9);
    const s6 = dashboard.survival.overall.sixMonths;
    expect(s6.status === "reported" && [s6.estimate, s6.lower, s6.upper]).toEqual([10 / 11, expect.closeTo(0.5080802004492432, 9), expect.closeTo(0.9866738228725437, 9)]);
    // The curve never comes down to one half; its lower limit does, at the second closure (R's print).
    expect(dashboard.survival.overall.median).toEqual({ status: "reported", days: null, lower: 183, upper: null });
    expect(dashboard.survival.overall.atRisk.map((c) => c.value)).toEqual([17, 10, 10, 9, 9, 0]);
    // Net jobs: B5 +1 FTE, B9 +0.5, B6 −1 (its worker left) = 0.5; women and IDPs hold 1 of 1.5.
    expect(dashboard.headline.netJobsFte).toEqual({ status: "reported", value: 0.5 });
    expect(dashboard.headline.womenShare).toEqual({ status: "reported", share: 1 / 1.5 });
    expect(dashboard.headline.idpShare).toEqual({ status: "reported", share: 1 / 1.5 });
    expect(dashboard.headline.remigration).toEqual({ rate: 1 / 11, abroad: cell(1), known: cell(11) });
    expect(dashboard.headline.netIncomeChange).toEqual({ medianMinor: 2_000_00, n: cell(1) });
    // 17 × 20,000.00 disbursed ÷ 0.5 net FTE.
    expect(dashboard.headline.costPerJob).toEqual({ status: "reported", items: [{ currency: "UAH", costMinor: 680_000_00, disbursedMinor: 340_000_00, netJobsFte: 0.5 }] });
  });

  it("gives the naive share, jobs, incomes and residence", async () => {
    const { dashboard } = (await pageData("officer")).data;
    expect(dashboard.naive).toEqual({ operating: cell(9), suspended: cell(0), closed: cell(2), unreachable: cell(1), visited: cell(12), share: 0.75 });
    expect(dashboard.jobs).toEqual({
      status: "reported",
      baselinePaidFte: 1,
      latestPaidFte: 1.5,
      netJobsFte: 0.5,
      womenFte: 1,
      idpFte: 1,
      followedUp: cell(11),
      notYetFollowedUp: cell(6),
      headcount: cell(13),
      baselineHeadcount: cell(1),
      grossNewHires: cell(2),
      selfEmploymentCreated: cell(10),
      unknownHours: cell(0),
    });
    expect(dashboard.income).toEqual([
      { stage: "baseline", revenue: { medianMinor: 12_000_00, n: cell(1) }, netIncome: { medianMinor: 4_000_00, n: cell(1) } },
      { stage: "m3", revenue: { medianMinor: 30_000_00, n: cell(9) }, netIncome: { medianMinor: 9_000_00, n: cell(9) } },
      { stage: "m6", revenue: { medianMinor: 30_000_00, n: cell(8) }, netIncome: { medianMinor: 9_000_00, n: cell(8) } },
      { stage: "m12", revenue: { medianMinor: 30_000_00, n: cell(8) }, netIncome: { medianMinor: 9_000_00, n: cell(8) } },
    ]);
    expect(dashboard.remigration).toEqual({ sameHromada: cell(9), withinUkraine: cell(1), abroad: cell(1), known: cell(11), rate: 1 / 11, moves: [{ oblastPcode: "UA46", owners: cell(1) }] });
  });

  it("compares the groups with the log-rank test, each with its denominators", async () => {
    const { dashboard } = (await pageData("officer", "?compare=displacement")).data;
    const comparison = dashboard.survival.comparison!;
    expect(comparison.groups.map((g) => [g.category, g.funded.value, g.status])).toEqual([
      ["idp", 10, "reported"],
      ["host", 6, "reported"],
      ["returnee", 1, "reported"],
    ]);
    const idp = comparison.groups[0].twelveMonths;
    expect(idp.status === "reported" && [idp.estimate, idp.lower, idp.upper]).toEqual([expect.closeTo(5 / 7, 12), expect.closeTo(0.258153661619063, 9), expect.closeTo(0.9197974568894514, 9)]);
    const expected = logRankTest([
      { key: "idp", observations: idpTimes },
      { key: "host", observations: hostTimes },
      { key: "returnee", observations: returneeTimes },
    ]);
    expect(comparison.logRank).toEqual({ chiSquare: expected.chiSquare, df: 2, p: expected.p });
    expect(rowOf(dashboard, "displacement", "idp")).toMatchObject({ funded: cell(10), followedUp: cell(7), notYetFollowedUp: cell(3), abroad: cell(1), known: cell(7) });
    expect(rowOf(dashboard, "displacement", "host")).toMatchObject({ funded: cell(6), followedUp: cell(3), notYetFollowedUp: cell(3) });
    expect(rowOf(dashboard, "sex", "female")).toMatchObject({ funded: cell(9), followedUp: cell(6), notYetFollowedUp: cell(3) });
    expect(rowOf(dashboard, "kind", "existing")).toMatchObject({ funded: cell(1), netJobsFte: -1, netIncomeChange: { medianMinor: 2_000_00, n: cell(1) } });
    expect(rowOf(dashboard, "ageBand", "35-49").funded).toEqual(cell(17));
  });
});

describe("the outcomes page for evaluators (published figures)", () => {
  it("suppresses small counts and withholds estimates on fewer than k businesses", async () => {
    const { dashboard } = (await pageData("evaluator", "?compare=displacement")).data;
    expect(dashboard.publication).toEqual({ suppressed: true, threshold: 5 });
    expect(dashboard.headline.funded).toEqual(cell(17));
    expect([dashboard.headline.followedUp, dashboard.headline.notYetFollowedUp]).toEqual([cell(11), cell(6)]);
    // 6 women and 5 men followed up, 3 and 3 not yet: beside the headline's 11 and 6, each hidden
    // cell would be known within a range of 4 — so the split by sex is not published at all.
    expect(rowOf(dashboard, "sex", "female")).toMatchObject({ funded: withheld, followedUp: withheld, notYetFollowedUp: withheld });
    expect(rowOf(dashboard, "displacement", "returnee").funded).toEqual(withheld);
    // One category holds everyone: its row is the headline.
    expect(rowOf(dashboard, "ageBand", "35-49")).toMatchObject({ funded: cell(17), followedUp: cell(11), notYetFollowedUp: cell(6) });
    expect(rowOf(dashboard, "kind", "existing")).toMatchObject({ funded: hidden, netJobsFte: null });
    // Sums over the 11 businesses followed up are shown; counts below 5 are not.
    expect(dashboard.headline.netJobsFte).toEqual({ status: "reported", value: 0.5 });
    expect(dashboard.headline.costPerJob).toEqual({ status: "reported", items: [{ currency: "UAH", costMinor: 680_000_00, disbursedMinor: 340_000_00, netJobsFte: 0.5 }] });
    expect(dashboard.headline.remigration).toEqual({ rate: null, abroad: hidden, known: cell(11) });
    expect(dashboard.headline.netIncomeChange).toEqual({ medianMinor: null, n: hidden });
    expect([dashboard.jobs.headcount, dashboard.jobs.baselineHeadcount, dashboard.jobs.grossNewHires, dashboard.jobs.selfEmploymentCreated]).toEqual([cell(13), hidden, hidden, cell(10)]);
    // Survival on the whole cohort (17) and on the IDPs (10, 5 still at risk at 12 months) is
    // shown; the hosts (6) have 3 at risk at 12 months; the returnee alone is too few.
    const s12 = dashboard.headline.survival12;
    expect(s12.status === "reported" && s12.estimate).toBeCloseTo(9 / 11, 12);
    const groups = dashboard.survival.comparison!.groups;
    expect(groups.map((g) => [g.category, g.status, g.twelveMonths.status])).toEqual([
      ["idp", "reported", "reported"],
      ["host", "reported", "too_few"],
      ["returnee", "too_few", "too_few"],
    ]);
    expect(groups[2].curve).toEqual([]);
    // The curve is drawn while at least 5 are at risk: up to day 373, not to day 518 (one left).
    expect(dashboard.survival.overall.curve.map((p) => p.day)).toEqual([0, 79, 183, 373]);
    expect(dashboard.survival.overall.censoredDays).toEqual([373]);
    expect(dashboard.survival.overall.atRisk.map((c) => c.display)).toEqual(["17", "10", "10", "9", "9", "0"]);
    const tested = logRankTest([
      { key: "idp", observations: idpTimes },
      { key: "host", observations: hostTimes },
    ]);
    expect(dashboard.survival.comparison!.logRank).toEqual({ chiSquare: tested.chiSquare, df: 1, p: tested.p });
  });

  it("publishes no table from which a hidden count can be narrowed below k", async () => {
    const { dashboard } = (await pageData("evaluator")).data;
    for (const table of dashboard.tables) {
      // A breakdown withheld whole publishes nothing (not even its zeros) beyond the headline.
      if (table.rows.every((r) => r.funded.display === "–")) {
        expect(table.rows.flatMap((r) => [r.followedUp, r.notYetFollowedUp])).toEqual(table.rows.flatMap(() => [withheld, withheld]));
        continue;
      }
      const shape = { rowDimension: table.dimension, rows: table.rows.map((r) => r.category), columnDimension: "followUp", columns: ["followed_up", "not_yet"] };
      const published: PublishedTwoWayTable = {
        cells: table.rows.map((r) => [r.followedUp, r.notYetFollowedUp]),
        rowTotals: table.rows.map((r) => r.funded),
        columnTotals: [table.total.followedUp, table.total.notYetFollowedUp],
        total: table.total.funded,
      };
      for (const value of [...published.cells.flat(), ...published.rowTotals]) if (!value.suppressed) expect(value.value === 0 || (value.value ?? 0) >= 5).toBe(true);
      for (const range of suppressedCellRanges([shape], [published])) {
        expect(range.max === null || range.max - range.min >= 5, `${table.dimension} ${range.key} ${range.min}–${range.max}`).toBe(true);
      }
    }
  });

  it("receives exactly these keys: no names, notes or free text", async () => {
    const { data, text } = await pageData("evaluator");
    for (const surname of surnames) expect(text).not.toContain(surname);
    expect(text).not.toContain("Немає покупців");
    expect(keyPaths(data)).toEqual(evaluatorKeyPaths);
  });

  it("is refused to mentors and reviewers", async () => {
    for (const role of ["mentor", "reviewer"] as const) {
      expect((await callRoute(outcomesPage.loader, request("/outcomes", { cookie: cookieOf[role] }))).status).toBe(403);
      expect((await callRoute(outcomesExport.action, request("/outcomes/export", { cookie: cookieOf[role], form: { table: "all", format: "csv" } }))).status).toBe(403);
      expect((await callRoute(report.loader, request(`/outcomes/report?programme=${programmeId}`, { cookie: cookieOf[role] }))).status).toBe(403);
    }
  });
});

describe("exports", () => {
  it("writes every table with suppression, even for an officer, and audits the download", async () => {
    const before = auditCount(eq(schema.auditLog.entityType, "outcomes"));
    const response = await callRoute(outcomesExport.action, request("/outcomes/export", { cookie: cookieOf.officer, form: { table: "by-kind", format: "csv", compare: "displacement" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const csv = (await response.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(csv[0].split(",").slice(0, 4)).toEqual(["Категорія", "Профінансовано", "Відвідано", "Ще не відвідано"]);
    expect(csv.find((line) => line.startsWith("Стартап"))!.split(",").slice(1, 4)).toEqual(["<5", "<5", "6"]);
    expect(csv.find((line) => line.startsWith("Діючий бізнес"))!.split(",").slice(1, 4)).toEqual(["<5", "<5", "0"]);
    expect(auditCount(eq(schema.auditLog.entityType, "outcomes"))).toBe(before + 1);
    const audit = db.select().from(schema.auditLog).where(eq(schema.auditLog.entityType, "outcomes")).all().at(-1)!;
    expect([audit.action, audit.entityId, audit.userId]).toEqual(["export", "by-kind", users.officer.id]);
  });

  it("puts the page's numbers in the XLSX, one sheet per table", async () => {
    const { dashboard } = (await pageData("evaluator")).data;
    const response = await callRoute(outcomesExport.action, request("/outcomes/export", { cookie: cookieOf.evaluator, form: { table: "all", format: "xlsx" } }));
    const workbook = await readSpreadsheet({ name: "outcomes.xlsx", bytes: new Uint8Array(await response.arrayBuffer()) });
    const headline = workbook.sheets.find((s) => s.name.endsWith("Головні показники"))!;
    expect(headline.rows[0]).toMatchObject({ Показник: "Профінансовано бізнесів", Значення: String(dashboard.headline.funded.value) });
    const bySex = workbook.sheets.find((s) => s.name.endsWith("Стать"))!;
    expect(bySex.rows.map((r) => [r["Категорія"], r["Профінансовано"]])).toEqual([
      ["Жінки", rowOf(dashboard, "sex", "female").funded.display],
      ["Чоловіки", rowOf(dashboard, "sex", "male").funded.display],
      ["Разом", "17"],
    ]);
    expect(workbook.sheets.at(-1)!.name).toBe("Примітки");
  });

  it("gives GET no file: it leads back to the page", async () => {
    const response = await callRoute(outcomesExport.loader, request("/outcomes/export?table=all&format=csv&programme=1", { cookie: cookieOf.evaluator }));
    expect([response.status, response.headers.get("Location")]).toEqual([302, "/outcomes?programme=1"]);
  });

  it("lets an evaluator recompute survival from the case-level file and get the page's numbers", async () => {
    const response = await callRoute(outcomesExport.action, request("/outcomes/export", { cookie: cookieOf.evaluator, form: { table: "cases", format: "csv", programme: String(programmeId), sex: "female" } }));
    const text = (await response.text()).replace(/^\uFEFF/, "");
    const [header, ...lines] = text.trim().split("\r\n").map((line) => line.split(","));
    expect(header).toEqual([
      "case_code", "programme", "place_level", "place_pcode", "sex", "age_band", "displacement_status", "modality", "business_kind", "time_origin_month", "days", "event", "status",
      "jobs_fte_baseline", "revenue_baseline", "net_income_baseline", "jobs_fte_m3", "revenue_m3", "net_income_m3", "jobs_fte_m6", "revenue_m6", "net_income_m6", "jobs_fte_m12", "revenue_m12", "net_income_m12",
    ]);
    // The person filter (sex) does not apply to the file: all 17 rows, by case code.
    expect(lines.map((line) => line[0])).toEqual([...caseCodes].sort());
    for (const surname of surnames) expect(text).not.toContain(surname);
    const column = (name: string) => header.indexOf(name);
    const times = lines.map((line) => ({ time: Number(line[column("days")]), closed: line[column("event")] === "1" }));
    const recomputed = summariseSurvival(times);
    const { dashboard } = (await pageData("evaluator", `?programme=${programmeId}`)).data;
    const s12 = dashboard.headline.survival12;
    expect(s12.status === "reported" && [s12.estimate, s12.lower, s12.upper]).toEqual([recomputed.twelveMonths!.survival, recomputed.twelveMonths!.lower, recomputed.twelveMonths!.upper]);
    expect(kaplanMeier(times).events).toBe(2);
    const b6 = lines.find((line) => line[column("business_kind")] === "existing")!;
    expect([b6[column("jobs_fte_baseline")], b6[column("jobs_fte_m12")], b6[column("net_income_baseline")], b6[column("net_income_m12")], b6[column("status")]]).toEqual(["1", "0", "4000", "6000", "operating"]);
  });
});

describe("the donor report and the evaluator's home", () => {
  it("prints the headline, the definitions and the donors' disaggregations in the chosen language", async () => {
    const response = await callRoute(report.loader, request(`/outcomes/report?programme=${programmeId}&from=2025-01&to=2025-12&lang=en`, { cookie: cookieOf.evaluator }));
    const data = await readJson<{ lang: string; report: { heading: string; tiles: { label: string; value: string }[]; tables: { id: string; rows: string[][] }[] } }>(response);
    expect(data.lang).toBe("en");
    expect(data.report.heading).toMatch(/^Test programme \d+: outcomes for Jan 2025 – Dec 2025$/);
    expect(data.report.tiles.slice(0, 2)).toEqual([
      { label: "Businesses funded", value: "17", definition: expect.stringContaining("time origin") },
      { label: "Survival at 12 months", value: "81.8% (44.7%–95.1%)", definition: expect.stringContaining("Kaplan–Meier") },
    ]);
    expect(data.report.tables.map((t) => t.id)).toEqual(["by-sex", "by-ageBand", "by-disability", "by-displacement", "by-oblast"]);
    expect(data.report.tables[3].rows.find((r) => r[0] === "Returnee")![1]).toBe("–");
    expect(data.report.tables[1].rows.find((r) => r[0] === "35–49")!.slice(1, 4)).toEqual(["17", "11", "6"]);
  });

  it("downloads the same report as one A4 page of PDF, in Ukrainian or in English", async () => {
    for (const lang of ["uk", "en"] as const) {
      const query = `programme=${programmeId}&from=2025-01&to=2025-12&lang=${lang}`;
      const page = await readJson<{ report: { heading: string; asOf: string; tiles: { label: string; value: string; definition: string }[]; tables: { title: string; headers: string[]; rows: string[][] }[] } }>(
        await callRoute(report.loader, request(`/outcomes/report?${query}`, { cookie: cookieOf.evaluator })),
      );
      const response = await downloadReport(query, "evaluator");
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/pdf");
      expect(response.headers.get("Content-Disposition")).toContain(`outcomes-OUT-T-2025-01-2025-12-${lang}.pdf`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      const pages = pdfPages(bytes);
      expect(pages).toHaveLength(1);
      // The page's text in drawing order (a wrapped line continues in the next run): the heading,
      // the headline numbers with their labels, each definition, and every table cell by cell.
      const text = pages[0].join("");
      expect(text.startsWith(page.report.heading + page.report.asOf)).toBe(true);
      expect(text).toContain(page.report.tiles.map((tile) => tile.label + tile.value).join(""));
      for (const tile of page.report.tiles) expect(text).toContain(`${tile.label}: ${tile.definition}`);
      for (const table of page.report.tables) expect(text).toContain([table.title, ...table.headers, ...table.rows.flat()].join(""));
    }
    const englishPdf = await downloadReport(`programme=${programmeId}&from=2025-01&to=2025-12&lang=en`, "evaluator");
    const english = pdfPages(new Uint8Array(await englishPdf.arrayBuffer()))[0].join("");
    expect(english).toContain("Businesses funded17Survival at 12 months81.8% (44.7%–95.1%)");
    expect(english).toContain("Returnee–––too few");
    expect((await downloadReport("lang=en", "evaluator")).status).toBe(404);
    expect((await downloadReport(`programme=${programmeId}`, "mentor")).status).toBe(403);
  });

  it("audits each download of the PDF, which a GET never makes (it leads back to the page)", async () => {
    const query = `programme=${programmeId}&from=2025-01&to=2025-12&lang=en`;
    const before = auditCount();
    const viewed = await callRoute(reportPdf.loader, request(`/outcomes/report/pdf?${query}`, { cookie: cookieOf.evaluator }));
    expect(viewed.status).toBe(302);
    expect(viewed.headers.get("Location")).toBe(`/outcomes/report?${query}`);
    expect(auditCount()).toBe(before);
    expect((await downloadReport(query, "evaluator")).status).toBe(200);
    const entry = db.select().from(schema.auditLog).orderBy(desc(schema.auditLog.id)).get()!;
    expect(entry).toMatchObject({ action: "export", entityType: "outcomes", entityId: "donor-report" });
    expect(entry.after).toMatchObject({ format: "pdf", fromMonth: "2025-01", toMonth: "2025-12", lang: "en" });
    expect(auditCount()).toBe(before + 1);
  });

  it("shows the evaluator what changed since the end of the previous quarter", async () => {
    const changes = outcomeChanges(today);
    expect(changes.previousAsOf).toBe("2026-09-30");
    // B13's first visit (2 November) came after the quarter's end: then it was censored at day 0.
    const [then, now] = [changes.then.survival12, changes.now.survival12];
    expect(then.status === "reported" && [then.estimate, then.lower, then.upper]).toEqual([expect.closeTo(0.8, 12), expect.closeTo(0.4086907776273877, 9), expect.closeTo(0.9458726464155066, 9)]);
    expect(now.status === "reported" && now.estimate).toBeCloseTo(9 / 11, 12);
    expect([changes.then.funded, changes.now.funded]).toEqual([cell(17), cell(17)]);
    const response = await callRoute(home.loader, request("/", { cookie: cookieOf.evaluator }));
    const data = await readJson<{ home: { outcomes: { now: { funded: unknown } } } }>(response);
    expect(data.home.outcomes.now.funded).toEqual(cell(17));
  });
});

// Every key an evaluator's page data carries for this cohort. Organisation and funding source
// names are the only names: partner NGOs and donors, never people.
const evaluatorKeyPaths = [
  "asOf",
  "compare",
  "dashboard",
  "dashboard.headline",
  "dashboard.headline.costPerJob",
  "dashboard.headline.costPerJob.items",
  "dashboard.headline.costPerJob.items[].costMinor",
  "dashboard.headline.costPerJob.items[].currency",
  "dashboard.headline.costPerJob.items[].disbursedMinor",
  "dashboard.headline.costPerJob.items[].netJobsFte",
  "dashboard.headline.costPerJob.status",
  "dashboard.headline.followedUp",
  "dashboard.headline.followedUp.display",
  "dashboard.headline.followedUp.suppressed",
  "dashboard.headline.followedUp.value",
  "dashboard.headline.funded",
  "dashboard.headline.funded.display",
  "dashboard.headline.funded.suppressed",
  "dashboard.headline.funded.value",
  "dashboard.headline.idpShare",
  "dashboard.headline.idpShare.share",
  "dashboard.headline.idpShare.status",
  "dashboard.headline.netIncomeChange",
  "dashboard.headline.netIncomeChange.medianMinor",
  "dashboard.headline.netIncomeChange.n",
  "dashboard.headline.netIncomeChange.n.display",
  "dashboard.headline.netIncomeChange.n.suppressed",
  "dashboard.headline.netIncomeChange.n.value",
  "dashboard.headline.netJobsFte",
  "dashboard.headline.netJobsFte.status",
  "dashboard.headline.netJobsFte.value",
  "dashboard.headline.notYetFollowedUp",
  "dashboard.headline.notYetFollowedUp.display",
  "dashboard.headline.notYetFollowedUp.suppressed",
  "dashboard.headline.notYetFollowedUp.value",
  "dashboard.headline.remigration",
  "dashboard.headline.remigration.abroad",
  "dashboard.headline.remigration.abroad.display",
  "dashboard.headline.remigration.abroad.suppressed",
  "dashboard.headline.remigration.abroad.value",
  "dashboard.headline.remigration.known",
  "dashboard.headline.remigration.known.display",
  "dashboard.headline.remigration.known.suppressed",
  "dashboard.headline.remigration.known.value",
  "dashboard.headline.remigration.rate",
  "dashboard.headline.survival12",
  "dashboard.headline.survival12.estimate",
  "dashboard.headline.survival12.lower",
  "dashboard.headline.survival12.status",
  "dashboard.headline.survival12.upper",
  "dashboard.headline.womenShare",
  "dashboard.headline.womenShare.share",
  "dashboard.headline.womenShare.status",
  "dashboard.income",
  "dashboard.income[].netIncome",
  "dashboard.income[].netIncome.medianMinor",
  "dashboard.income[].netIncome.n",
  "dashboard.income[].netIncome.n.display",
  "dashboard.income[].netIncome.n.suppressed",
  "dashboard.income[].netIncome.n.value",
  "dashboard.income[].revenue",
  "dashboard.income[].revenue.medianMinor",
  "dashboard.income[].revenue.n",
  "dashboard.income[].revenue.n.display",
  "dashboard.income[].revenue.n.suppressed",
  "dashboard.income[].revenue.n.value",
  "dashboard.income[].stage",
  "dashboard.jobs",
  "dashboard.jobs.baselineHeadcount",
  "dashboard.jobs.baselineHeadcount.display",
  "dashboard.jobs.baselineHeadcount.suppressed",
  "dashboard.jobs.baselineHeadcount.value",
  "dashboard.jobs.baselinePaidFte",
  "dashboard.jobs.followedUp",
  "dashboard.jobs.followedUp.display",
  "dashboard.jobs.followedUp.suppressed",
  "dashboard.jobs.followedUp.value",
  "dashboard.jobs.grossNewHires",
  "dashboard.jobs.grossNewHires.display",
  "dashboard.jobs.grossNewHires.suppressed",
  "dashboard.jobs.grossNewHires.value",
  "dashboard.jobs.headcount",
  "dashboard.jobs.headcount.display",
  "dashboard.jobs.headcount.suppressed",
  "dashboard.jobs.headcount.value",
  "dashboard.jobs.idpFte",
  "dashboard.jobs.latestPaidFte",
  "dashboard.jobs.netJobsFte",
  "dashboard.jobs.notYetFollowedUp",
  "dashboard.jobs.notYetFollowedUp.display",
  "dashboard.jobs.notYetFollowedUp.suppressed",
  "dashboard.jobs.notYetFollowedUp.value",
  "dashboard.jobs.selfEmploymentCreated",
  "dashboard.jobs.selfEmploymentCreated.display",
  "dashboard.jobs.selfEmploymentCreated.suppressed",
  "dashboard.jobs.selfEmploymentCreated.value",
  "dashboard.jobs.status",
  "dashboard.jobs.unknownHours",
  "dashboard.jobs.unknownHours.display",
  "dashboard.jobs.unknownHours.suppressed",
  "dashboard.jobs.unknownHours.value",
  "dashboard.jobs.womenFte",
  "dashboard.naive",
  "dashboard.naive.closed",
  "dashboard.naive.closed.display",
  "dashboard.naive.closed.suppressed",
  "dashboard.naive.closed.value",
  "dashboard.naive.operating",
  "dashboard.naive.operating.display",
  "dashboard.naive.operating.suppressed",
  "dashboard.naive.operating.value",
  "dashboard.naive.share",
  "dashboard.naive.suspended",
  "dashboard.naive.suspended.display",
  "dashboard.naive.suspended.suppressed",
  "dashboard.naive.suspended.value",
  "dashboard.naive.unreachable",
  "dashboard.naive.unreachable.display",
  "dashboard.naive.unreachable.suppressed",
  "dashboard.naive.unreachable.value",
  "dashboard.naive.visited",
  "dashboard.naive.visited.display",
  "dashboard.naive.visited.suppressed",
  "dashboard.naive.visited.value",
  "dashboard.publication",
  "dashboard.publication.suppressed",
  "dashboard.publication.threshold",
  "dashboard.remigration",
  "dashboard.remigration.abroad",
  "dashboard.remigration.abroad.display",
  "dashboard.remigration.abroad.suppressed",
  "dashboard.remigration.abroad.value",
  "dashboard.remigration.known",
  "dashboard.remigration.known.display",
  "dashboard.remigration.known.suppressed",
  "dashboard.remigration.known.value",
  "dashboard.remigration.moves",
  "dashboard.remigration.moves[].oblastPcode",
  "dashboard.remigration.moves[].owners",
  "dashboard.remigration.moves[].owners.display",
  "dashboard.remigration.moves[].owners.suppressed",
  "dashboard.remigration.moves[].owners.value",
  "dashboard.remigration.rate",
  "dashboard.remigration.sameHromada",
  "dashboard.remigration.sameHromada.display",
  "dashboard.remigration.sameHromada.suppressed",
  "dashboard.remigration.sameHromada.value",
  "dashboard.remigration.withinUkraine",
  "dashboard.remigration.withinUkraine.display",
  "dashboard.remigration.withinUkraine.suppressed",
  "dashboard.remigration.withinUkraine.value",
  "dashboard.survival",
  "dashboard.survival.comparison",
  "dashboard.survival.comparison.dimension",
  "dashboard.survival.comparison.groups",
  "dashboard.survival.comparison.groups[].atRisk",
  "dashboard.survival.comparison.groups[].atRisk[].display",
  "dashboard.survival.comparison.groups[].atRisk[].suppressed",
  "dashboard.survival.comparison.groups[].atRisk[].value",
  "dashboard.survival.comparison.groups[].category",
  "dashboard.survival.comparison.groups[].censoredDays",
  "dashboard.survival.comparison.groups[].curve",
  "dashboard.survival.comparison.groups[].curve[].day",
  "dashboard.survival.comparison.groups[].curve[].lower",
  "dashboard.survival.comparison.groups[].curve[].survival",
  "dashboard.survival.comparison.groups[].curve[].upper",
  "dashboard.survival.comparison.groups[].funded",
  "dashboard.survival.comparison.groups[].funded.display",
  "dashboard.survival.comparison.groups[].funded.suppressed",
  "dashboard.survival.comparison.groups[].funded.value",
  "dashboard.survival.comparison.groups[].median",
  "dashboard.survival.comparison.groups[].median.days",
  "dashboard.survival.comparison.groups[].median.lower",
  "dashboard.survival.comparison.groups[].median.status",
  "dashboard.survival.comparison.groups[].median.upper",
  "dashboard.survival.comparison.groups[].sixMonths",
  "dashboard.survival.comparison.groups[].sixMonths.estimate",
  "dashboard.survival.comparison.groups[].sixMonths.lower",
  "dashboard.survival.comparison.groups[].sixMonths.status",
  "dashboard.survival.comparison.groups[].sixMonths.upper",
  "dashboard.survival.comparison.groups[].status",
  "dashboard.survival.comparison.groups[].twelveMonths",
  "dashboard.survival.comparison.groups[].twelveMonths.estimate",
  "dashboard.survival.comparison.groups[].twelveMonths.lower",
  "dashboard.survival.comparison.groups[].twelveMonths.status",
  "dashboard.survival.comparison.groups[].twelveMonths.upper",
  "dashboard.survival.comparison.logRank",
  "dashboard.survival.comparison.logRank.chiSquare",
  "dashboard.survival.comparison.logRank.df",
  "dashboard.survival.comparison.logRank.p",
  "dashboard.survival.comparison.total",
  "dashboard.survival.comparison.total[].display",
  "dashboard.survival.comparison.total[].suppressed",
  "dashboard.survival.comparison.total[].value",
  "dashboard.survival.overall",
  "dashboard.survival.overall.atRisk",
  "dashboard.survival.overall.atRisk[].display",
  "dashboard.survival.overall.atRisk[].suppressed",
  "dashboard.survival.overall.atRisk[].value",
  "dashboard.survival.overall.category",
  "dashboard.survival.overall.censoredDays",
  "dashboard.survival.overall.curve",
  "dashboard.survival.overall.curve[].day",
  "dashboard.survival.overall.curve[].lower",
  "dashboard.survival.overall.curve[].survival",
  "dashboard.survival.overall.curve[].upper",
  "dashboard.survival.overall.funded",
  "dashboard.survival.overall.funded.display",
  "dashboard.survival.overall.funded.suppressed",
  "dashboard.survival.overall.funded.value",
  "dashboard.survival.overall.median",
  "dashboard.survival.overall.median.days",
  "dashboard.survival.overall.median.lower",
  "dashboard.survival.overall.median.status",
  "dashboard.survival.overall.median.upper",
  "dashboard.survival.overall.sixMonths",
  "dashboard.survival.overall.sixMonths.estimate",
  "dashboard.survival.overall.sixMonths.lower",
  "dashboard.survival.overall.sixMonths.status",
  "dashboard.survival.overall.sixMonths.upper",
  "dashboard.survival.overall.status",
  "dashboard.survival.overall.twelveMonths",
  "dashboard.survival.overall.twelveMonths.estimate",
  "dashboard.survival.overall.twelveMonths.lower",
  "dashboard.survival.overall.twelveMonths.status",
  "dashboard.survival.overall.twelveMonths.upper",
  "dashboard.tables",
  "dashboard.tables[].dimension",
  "dashboard.tables[].rows",
  "dashboard.tables[].rows[].abroad",
  "dashboard.tables[].rows[].abroad.display",
  "dashboard.tables[].rows[].abroad.suppressed",
  "dashboard.tables[].rows[].abroad.value",
  "dashboard.tables[].rows[].abroadRate",
  "dashboard.tables[].rows[].category",
  "dashboard.tables[].rows[].disbursed",
  "dashboard.tables[].rows[].disbursed[].currency",
  "dashboard.tables[].rows[].disbursed[].minor",
  "dashboard.tables[].rows[].followedUp",
  "dashboard.tables[].rows[].followedUp.display",
  "dashboard.tables[].rows[].followedUp.suppressed",
  "dashboard.tables[].rows[].followedUp.value",
  "dashboard.tables[].rows[].funded",
  "dashboard.tables[].rows[].funded.display",
  "dashboard.tables[].rows[].funded.suppressed",
  "dashboard.tables[].rows[].funded.value",
  "dashboard.tables[].rows[].idpShare",
  "dashboard.tables[].rows[].known",
  "dashboard.tables[].rows[].known.display",
  "dashboard.tables[].rows[].known.suppressed",
  "dashboard.tables[].rows[].known.value",
  "dashboard.tables[].rows[].netIncomeChange",
  "dashboard.tables[].rows[].netIncomeChange.medianMinor",
  "dashboard.tables[].rows[].netIncomeChange.n",
  "dashboard.tables[].rows[].netIncomeChange.n.display",
  "dashboard.tables[].rows[].netIncomeChange.n.suppressed",
  "dashboard.tables[].rows[].netIncomeChange.n.value",
  "dashboard.tables[].rows[].netJobsFte",
  "dashboard.tables[].rows[].notYetFollowedUp",
  "dashboard.tables[].rows[].notYetFollowedUp.display",
  "dashboard.tables[].rows[].notYetFollowedUp.suppressed",
  "dashboard.tables[].rows[].notYetFollowedUp.value",
  "dashboard.tables[].rows[].survival12",
  "dashboard.tables[].rows[].survival12.estimate",
  "dashboard.tables[].rows[].survival12.lower",
  "dashboard.tables[].rows[].survival12.status",
  "dashboard.tables[].rows[].survival12.upper",
  "dashboard.tables[].rows[].womenShare",
  "dashboard.tables[].total",
  "dashboard.tables[].total.abroad",
  "dashboard.tables[].total.abroad.display",
  "dashboard.tables[].total.abroad.suppressed",
  "dashboard.tables[].total.abroad.value",
  "dashboard.tables[].total.abroadRate",
  "dashboard.tables[].total.category",
  "dashboard.tables[].total.disbursed",
  "dashboard.tables[].total.disbursed[].currency",
  "dashboard.tables[].total.disbursed[].minor",
  "dashboard.tables[].total.followedUp",
  "dashboard.tables[].total.followedUp.display",
  "dashboard.tables[].total.followedUp.suppressed",
  "dashboard.tables[].total.followedUp.value",
  "dashboard.tables[].total.funded",
  "dashboard.tables[].total.funded.display",
  "dashboard.tables[].total.funded.suppressed",
  "dashboard.tables[].total.funded.value",
  "dashboard.tables[].total.idpShare",
  "dashboard.tables[].total.known",
  "dashboard.tables[].total.known.display",
  "dashboard.tables[].total.known.suppressed",
  "dashboard.tables[].total.known.value",
  "dashboard.tables[].total.netIncomeChange",
  "dashboard.tables[].total.netIncomeChange.medianMinor",
  "dashboard.tables[].total.netIncomeChange.n",
  "dashboard.tables[].total.netIncomeChange.n.display",
  "dashboard.tables[].total.netIncomeChange.n.suppressed",
  "dashboard.tables[].total.netIncomeChange.n.value",
  "dashboard.tables[].total.netJobsFte",
  "dashboard.tables[].total.notYetFollowedUp",
  "dashboard.tables[].total.notYetFollowedUp.display",
  "dashboard.tables[].total.notYetFollowedUp.suppressed",
  "dashboard.tables[].total.notYetFollowedUp.value",
  "dashboard.tables[].total.survival12",
  "dashboard.tables[].total.survival12.estimate",
  "dashboard.tables[].total.survival12.lower",
  "dashboard.tables[].total.survival12.status",
  "dashboard.tables[].total.survival12.upper",
  "dashboard.tables[].total.womenShare",
  "mayPreview",
  "options",
  "options.fundingSources",
  "options.fundingSources[].donor",
  "options.fundingSources[].id",
  "options.fundingSources[].name",
  "options.oblasts",
  "options.oblasts[].nameEn",
  "options.oblasts[].nameUk",
  "options.oblasts[].pcode",
  "options.partners",
  "options.partners[].id",
  "options.partners[].name",
  "options.partners[].nameUk",
  "options.programmes",
  "options.programmes[].code",
  "options.programmes[].currency",
  "options.programmes[].id",
  "options.programmes[].name",
  "options.programmes[].nameUk",
  "options.sectors",
  "options.sectors[].code",
  "options.sectors[].nameEn",
  "options.sectors[].nameUk",
  "params",
];

// Last, as it adds a visit: the page's figures are kept while nothing changes
// (unchanged-data.server.ts), so this holds them to the change as soon as it is recorded.
describe("figures after a change", () => {
  it("count a visit recorded after the page was read at once, for the page and the home", async () => {
    const before = (await pageData("officer", `?programme=${programmeId}`)).data.dashboard;
    expect(before.headline.followedUp).toEqual(cell(11));
    expect(outcomeChanges(today).now.followedUp).toEqual(cell(11));
    // B4 (not visited so far) is visited at 3 months and found operating.
    const kase = db.select().from(schema.cases).where(eq(schema.cases.caseCode, caseCodes[3])).get()!;
    const agreement = db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.caseId, kase.id)).get()!;
    const planned = plannedVisitsOf(agreement.id).find((p) => p.monthsAfterOrigin === 3)!;
    const newWorkers = [owner("male", "host")];
    recordVisit(users.officer, kase.id, visitInput({ plannedVisitId: planned.id, visitDate: visitDates[3], problems: [], mentoringGiven: [], notes: null, newWorkers }), [], today);
    const after = (await pageData("officer", `?programme=${programmeId}`)).data.dashboard;
    expect(after.headline.followedUp).toEqual(cell(12));
    expect(after.headline.notYetFollowedUp).toEqual(cell(5));
    expect(outcomeChanges(today).now.followedUp).toEqual(cell(12));
  });
});
