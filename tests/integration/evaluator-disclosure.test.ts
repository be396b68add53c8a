// What reaches each role, read as a browser reads it (domain.md §8, issue 8 §1–§2): the exact key
// paths of every loader an evaluator can reach, the coarsened release in the export, and the
// protected fields absent for officers and mentors until revealed. A new key fails these tests
// until someone decides it may be there (app/modules/cases/case-views.ts).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { readSpreadsheet } from "~/lib/spreadsheet.server";
import { evaluatorRelease, releasedQuasiIdentifiersOf } from "~/modules/cases/evaluator-release.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import { overrideScreening, screenCase } from "~/modules/intake/screening.server";
import * as root from "~/root";
import * as home from "~/routes/_index";
import * as casePage from "~/routes/cases.$caseId";
import * as attachmentRoute from "~/routes/cases.$caseId_.attachments.$attachmentId";
import * as decisionLetter from "~/routes/cases.$caseId_.decision-letter";
import * as planPage from "~/routes/cases.$caseId_.plan";
import * as reviewPage from "~/routes/cases.$caseId_.review";
import * as caseList from "~/routes/cases._index";
import * as caseExport from "~/routes/cases.export";
import * as places from "~/routes/places";
import { applicantInput, dateYearsAgo, type ApplicantOverrides } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  readJson,
  request,
  sessionCookieFor,
  type TestUser,
} from "../helpers/foundation";
import { keyPaths } from "../helpers/key-paths";

const roleNames = ["admin", "officer", "mentor", "evaluator"] as const;
type RoleName = (typeof roleNames)[number];
const users = {} as Record<RoleName, TestUser>;
const cookieOf = {} as Record<RoleName, string>;
const mentorName = "Ментор Василь Пупкін";
const overrideReason = "Комісія дозволила виняток: пекарня без алкоголю";
const businessName = "Ательє «Голка»";

type Registered = { caseId: number; caseCode: string; rnokpp: string; birthDate: string; group: string };
const registered: Registered[] = [];

// Raions and hromadas of the COD-AB table (the template has the oblasts only).
const adminUnits = [
  { pcode: "UA1202", level: 2, parentPcode: "UA12", nameEn: "Dniprovskyi", nameUk: "Дніпровський" },
  { pcode: "UA1206", level: 2, parentPcode: "UA12", nameEn: "Pavlohradskyi", nameUk: "Павлоградський" },
  { pcode: "UA4606", level: 2, parentPcode: "UA46", nameEn: "Lvivskyi", nameUk: "Львівський" },
  { pcode: "UA1202001", level: 3, parentPcode: "UA1202", nameEn: "Dniprovska", nameUk: "Дніпровська" },
  { pcode: "UA1202025", level: 3, parentPcode: "UA1202", nameEn: "Slobozhanska", nameUk: "Слобожанська" },
  { pcode: "UA1206017", level: 3, parentPcode: "UA1206", nameEn: "Pavlohradska", nameUk: "Павлоградська" },
  { pcode: "UA4606025", level: 3, parentPcode: "UA4606", nameEn: "Lvivska", nameUk: "Львівська" },
];

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  const programme = createTestProgramme({ code: "DISCLOSE-1", smallCellThreshold: 5 });
  for (const role of roleNames) {
    users[role] = await createTestUser(role, {
      organisationId: role === "mentor" ? partnerA.id : agency.id,
      name: role === "mentor" ? mentorName : undefined,
    });
    cookieOf[role] = await sessionCookieFor(users[role].id);
  }
  db.insert(schema.adminUnits).values(adminUnits).run();

  const register = (group: string, hromada: string, overrides: ApplicantOverrides) => {
    const birthDate = (overrides.birthDate as string | undefined) ?? dateYearsAgo(30, registered.length);
    const input = applicantInput(programme.id, {
      currentOblastPcode: hromada.slice(0, 4),
      currentHromadaPcode: hromada,
      birthDate,
      applicationDate: "2025-03-14",
      consentGivenOn: "2025-03-14",
      ...overrides,
    });
    const result = registerApplicant(users.officer, input);
    if (result.kind !== "created") throw new Error(`not created: ${result.kind}`);
    const row = db.select().from(schema.cases).where(eq(schema.cases.id, result.caseId)).get()!;
    registered.push({ caseId: result.caseId, caseCode: row.caseCode, rnokpp: input.rnokpp!, birthDate, group });
    return result.caseId;
  };
  // Six women of 25–34, IDPs, in one hromada: published at the hromada.
  for (let i = 0; i < 6; i += 1) {
    register("hromada", "UA1202001", {
      partnerOrganisationId: i === 0 ? String(partnerA.id) : undefined,
      mentorId: i === 0 ? String(users.mentor.id) : undefined,
      protectionFlag: i === 1 ? "on" : undefined,
      protectedCategory: i === 1 ? "trafficking_survivor" : undefined,
      // A sector on the exclusion list: refused at screening, then admitted with a reason.
      kvedCode: i === 2 ? "11.05" : undefined,
    });
  }
  // Three and two in hromadas of two raions of one oblast: published at the oblast.
  for (let i = 0; i < 3; i += 1) register("oblast", "UA1202025", {});
  for (let i = 0; i < 2; i += 1) register("oblast", "UA1206017", {});
  // One man of 60+ from the host community, like nobody else: withheld.
  register("withheld", "UA4606025", { sex: "male", birthDate: dateYearsAgo(66), displacementStatus: "host", idpCertificateNumber: undefined, idpCertificateDate: undefined });
  for (const { caseId } of registered) screenCase(users.officer, caseId, 1);
  const refused = registered[2].caseId;
  overrideScreening(users.officer, refused, db.select().from(schema.cases).where(eq(schema.cases.id, refused)).get()!.version, overrideReason);
});

const caseOf = (group: string) => registered.find((one) => one.group === group)!;

async function loaderData(loader: Parameters<typeof callRoute>[0], path: string, role: RoleName, params: Record<string, string> = {}) {
  const response = await callRoute(loader, request(path, { cookie: cookieOf[role] }), params);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, data: JSON.parse(text) as Record<string, unknown> };
}

// Nothing identifying may appear anywhere in what an evaluator receives.
function expectNoIdentifiers(text: string) {
  for (const one of registered) {
    expect(text).not.toContain(one.rnokpp);
    expect(text).not.toContain(one.birthDate);
  }
  for (const secret of [mentorName, overrideReason, businessName, "Коваленко", "Марія", "+38067", "trafficking_survivor", "1201-"]) {
    expect(text, secret).not.toContain(secret);
  }
}

const evaluatorCasePage = [
  "file",
  "file.audience",
  "file.business",
  "file.business.baselineMonthlyNetIncomeMinor",
  "file.business.baselineMonthlyRevenueMinor",
  "file.business.coContributionMinor",
  "file.business.currency",
  "file.business.kind",
  "file.business.kvedSection",
  "file.business.requestedAmountMinor",
  "file.business.requestedModality",
  "file.case",
  "file.case.applicationMonth",
  "file.case.caseCode",
  "file.case.eligibility",
  "file.case.id",
  "file.case.stage",
  "file.case.status",
  "file.case.vulnerabilityScore",
  "file.places",
  "file.places.*",
  "file.places.*.nameEn",
  "file.places.*.nameUk",
  "file.places.*.pcode",
  "file.programme",
  "file.programme.code",
  "file.programme.currency",
  "file.released",
  "file.released.ageBand",
  "file.released.displacementStatus",
  "file.released.placeLevel",
  "file.released.placePcode",
  "file.released.sex",
  "file.released.withheld",
  "file.screenings",
  "file.screenings[].eligible",
  "file.screenings[].month",
  "file.screenings[].overridden",
  "file.screenings[].ruleResults",
  "file.screenings[].ruleResults[].passed",
  "file.screenings[].ruleResults[].rule",
  "file.screenings[].vulnerabilityScore",
  "file.timeline",
  "file.timeline[].action",
  "file.timeline[].entityType",
  "file.timeline[].month",
  "may",
  "may.edit",
  "may.plan",
  "may.reveal",
  "may.reviewDuplicates",
  "may.screen",
  "may.withdraw",
];

const evaluatorList = [
  "canRegister",
  "choices",
  "choices.mentors",
  "choices.partners",
  "choices.programmes",
  "choices.programmes[].code",
  "choices.programmes[].id",
  "exportLimit",
  "filters",
  "list",
  "list.page",
  "list.pageCount",
  "list.rows",
  "list.rows[].applicationMonth",
  "list.rows[].caseCode",
  "list.rows[].eligibility",
  "list.rows[].id",
  "list.rows[].programmeCode",
  "list.rows[].stage",
  "list.rows[].status",
  "list.rows[].vulnerabilityScore",
  "list.total",
  "oblasts",
  "oblasts[].nameEn",
  "oblasts[].nameUk",
  "oblasts[].pcode",
  "seesNames",
  "sorts",
];

// Officers and mentors read names and contacts; identity numbers and the specific protection
// category are not among the keys: they come only from the audited reveal (a POST).
const staffCasePage = [
  // What an imported application lacks and its partner form's other answers (never evaluators').
  "application",
  "application.approximateBirthYear",
  "application.birthDateSource",
  "application.extraAnswers",
  "application.missing",
  "application.missing[].field",
  "application.missing[].step",
  "application.notCollected",
  "application.sexSource",
  "file",
  "file.audience",
  "file.business",
  "file.business.baselineMonthlyNetIncomeMinor",
  "file.business.baselineMonthlyRevenueMinor",
  "file.business.coContributionMinor",
  "file.business.currency",
  "file.business.kind",
  "file.business.kvedCode",
  "file.business.kvedVersion",
  "file.business.legalForm",
  "file.business.name",
  "file.business.registrationDate",
  "file.business.requestedAmountMinor",
  "file.business.requestedModality",
  "file.case",
  "file.case.applicationDate",
  "file.case.caseCode",
  "file.case.displacementStatus",
  "file.case.eligibility",
  "file.case.household",
  "file.case.household.children",
  "file.case.household.membersWithDisability",
  "file.case.household.monthlyIncomeMinor",
  "file.case.household.olderMembers",
  "file.case.household.size",
  "file.case.hromadaPcode",
  "file.case.id",
  "file.case.mentorName",
  "file.case.mergedInto",
  "file.case.oblastPcode",
  "file.case.partnerName",
  "file.case.partnerName.name",
  "file.case.partnerName.nameUk",
  "file.case.referralSource",
  "file.case.stage",
  "file.case.status",
  "file.case.version",
  "file.case.vulnerability",
  "file.case.vulnerability.femaleHeaded",
  "file.case.vulnerability.hasProtectedCategory",
  "file.case.vulnerability.protectionFlag",
  "file.case.vulnerability.singleParent",
  "file.case.vulnerability.veteranOrFamily",
  "file.case.vulnerabilityScore",
  "file.consents",
  "file.consents[].givenOn",
  "file.consents[].id",
  "file.consents[].purposes",
  "file.consents[].takenBy",
  "file.displacementHistory",
  "file.displacementHistory[].abroad",
  "file.displacementHistory[].context",
  "file.displacementHistory[].currentHromadaPcode",
  "file.displacementHistory[].currentOblastPcode",
  "file.displacementHistory[].id",
  "file.displacementHistory[].idpCertificateDate",
  "file.displacementHistory[].idpCertificateNumber",
  "file.displacementHistory[].originHromadaPcode",
  "file.displacementHistory[].originOblastPcode",
  "file.displacementHistory[].recordedOn",
  "file.displacementHistory[].status",
  "file.person",
  "file.person.ageBand",
  "file.person.birthDate",
  "file.person.disability",
  "file.person.firstName",
  "file.person.hasPassport",
  "file.person.hasRnokpp",
  "file.person.latinName",
  "file.person.patronymic",
  "file.person.phone",
  "file.person.sex",
  "file.person.surname",
  "file.person.washingtonGroup",
  "file.places",
  "file.places.*",
  "file.places.*.nameEn",
  "file.places.*.nameUk",
  "file.places.*.pcode",
  "file.possibleDuplicates",
  "file.programme",
  "file.programme.ceilingMinor",
  "file.programme.code",
  "file.programme.currency",
  "file.programme.id",
  "file.screenings",
  "file.screenings[].eligible",
  "file.screenings[].id",
  "file.screenings[].overriddenAt",
  "file.screenings[].overrideReason",
  "file.screenings[].ruleResults",
  // Staff see what each rule compared (values and thresholds; none of it reaches evaluators).
  "file.screenings[].ruleResults[].detail",
  "file.screenings[].ruleResults[].detail.age",
  "file.screenings[].ruleResults[].detail.allowed",
  "file.screenings[].ruleResults[].detail.displacementStatus",
  "file.screenings[].ruleResults[].detail.earlierGrantAllowed",
  "file.screenings[].ruleResults[].detail.grantsInOtherProgrammes",
  "file.screenings[].ruleResults[].detail.inScope",
  "file.screenings[].ruleResults[].detail.maxAge",
  "file.screenings[].ruleResults[].detail.minAge",
  "file.screenings[].ruleResults[].detail.missing",
  "file.screenings[].ruleResults[].detail.oblastPcode",
  "file.screenings[].ruleResults[].detail.otherCasesInThisProgramme",
  "file.screenings[].ruleResults[].passed",
  "file.screenings[].ruleResults[].rule",
  "file.screenings[].screenedOn",
  "file.screenings[].vulnerabilityBreakdown",
  "file.screenings[].vulnerabilityBreakdown[].applies",
  "file.screenings[].vulnerabilityBreakdown[].basis",
  "file.screenings[].vulnerabilityBreakdown[].basis.threshold",
  "file.screenings[].vulnerabilityBreakdown[].basis.value",
  "file.screenings[].vulnerabilityBreakdown[].criterion",
  "file.screenings[].vulnerabilityBreakdown[].points",
  "file.screenings[].vulnerabilityBreakdown[].possiblePoints",
  "file.screenings[].vulnerabilityScore",
  "file.timeline",
  "file.timeline[].action",
  "file.timeline[].at",
  "file.timeline[].entityType",
  "file.timeline[].id",
  "file.timeline[].note",
  "file.timeline[].userName",
  "may",
  "may.edit",
  "may.plan",
  "may.reveal",
  "may.reviewDuplicates",
  "may.screen",
  "may.withdraw",
  // What happens next on the case, and whether this reader takes that step (issue 13).
  "mayTakeNextStep",
  "nextStep",
  "nextStep.href",
  "nextStep.kind",
  "nextStep.permission",
  "nextStep.values",
  // Follow-up visits (domain.md §10): the planned and recorded visits of the case.
  "visits",
  "visits.caseId",
  "visits.plan",
  "visits.timeOriginOn",
  "visits.visits",
];

const staffListRows = [
  "list.rows[].ageBand",
  "list.rows[].applicationDate",
  "list.rows[].birthYear",
  "list.rows[].caseCode",
  "list.rows[].displacementStatus",
  "list.rows[].eligibility",
  "list.rows[].hromadaPcode",
  "list.rows[].id",
  "list.rows[].identifiers",
  "list.rows[].identifiers.birthDate",
  "list.rows[].identifiers.firstName",
  "list.rows[].identifiers.patronymic",
  "list.rows[].identifiers.phone",
  "list.rows[].identifiers.surname",
  "list.rows[].mentorName",
  "list.rows[].oblastPcode",
  "list.rows[].partnerName",
  "list.rows[].partnerNameUk",
  "list.rows[].programmeCode",
  "list.rows[].protectionFlag",
  "list.rows[].sex",
  "list.rows[].stage",
  "list.rows[].status",
  "list.rows[].vulnerabilityScore",
];

type CaseView = { file: { released: { withheld: boolean; placeLevel: string | null; placePcode: string | null; sex: string | null; ageBand: string | null; displacementStatus: string | null } } };

describe("what an evaluator reads", () => {
  it("on a case page: exactly the allowlisted keys, and nothing that identifies", async () => {
    for (const one of registered) {
      const { data, text } = await loaderData(casePage.loader, `/cases/${one.caseId}`, "evaluator", { caseId: String(one.caseId) });
      expect(keyPaths(data, { dynamic: ["file.places"] }).filter((path) => !path.startsWith("file.places"))).toEqual(
        evaluatorCasePage.filter((path) => !path.startsWith("file.places")),
      );
      expectNoIdentifiers(text);
      // No exact age either: only the band (the screening's age detail is gone).
      expect(text).not.toMatch(/"age"\s*:/);
      expect(text).not.toContain("2025-03-14");
      expect(text).toContain('"applicationMonth":"2025-03"');
    }
    const published = await loaderData(casePage.loader, `/cases/${caseOf("hromada").caseId}`, "evaluator", { caseId: String(caseOf("hromada").caseId) });
    expect(keyPaths(published.data, { dynamic: ["file.places"] })).toEqual(evaluatorCasePage);
  });

  it("on a case page: the place as published in the release (hromada, oblast, or withheld)", async () => {
    const viewOf = async (caseId: number) =>
      (await readJson<CaseView>(await callRoute(casePage.loader, request(`/cases/${caseId}`, { cookie: cookieOf.evaluator }), { caseId: String(caseId) }))).file.released;
    expect(await viewOf(caseOf("hromada").caseId)).toEqual({
      withheld: false,
      placeLevel: "hromada",
      placePcode: "UA1202001",
      sex: "female",
      ageBand: "25-34",
      displacementStatus: "idp",
    });
    expect(await viewOf(caseOf("oblast").caseId)).toMatchObject({ withheld: false, placeLevel: "oblast", placePcode: "UA12" });
    expect(await viewOf(caseOf("withheld").caseId)).toEqual({ withheld: true, placeLevel: null, placePcode: null, sex: null, ageBand: null, displacementStatus: null });
    // The page's shortcut (look-alikes only) gives what the whole release gives, case by case.
    const release = evaluatorRelease();
    for (const one of registered) expect(releasedQuasiIdentifiersOf(one.caseId)).toEqual(release.get(one.caseId));
  });

  it("on the case list: exactly the allowlisted keys, no quasi-identifiers, no surname order", async () => {
    const { data, text } = await loaderData(caseList.loader, "/cases", "evaluator");
    expect(keyPaths(data)).toEqual(evaluatorList);
    expectNoIdentifiers(text);
    expect((data as { sorts: string[] }).sorts).toEqual(["applicationDate", "caseCode", "vulnerability"]);
    expect((data as { filters: string[] }).filters).toEqual(["q", "programme", "stage", "status", "sort", "dir", "page"]);
    type Rows = { list: { total: number; rows: Array<{ id: number }> } };
    const ids = async (query: string) => (await readJson<Rows>(await callRoute(caseList.loader, request(`/cases?${query}`, { cookie: cookieOf.evaluator })))).list;
    // A surname sort is ignored (it would leak the names' order), and so are place and sex filters.
    expect((await ids("sort=surname&dir=asc")).rows).toEqual((await ids("dir=asc")).rows);
    expect((await ids("sort=surname&dir=desc")).rows).toEqual((await ids("dir=desc")).rows);
    expect((await ids("hromada=UA4606025")).total).toBe(registered.length);
    expect((await ids("sex=male&oblast=UA46")).total).toBe(registered.length);
    expect((await ids(`q=${registered[0].caseCode}`)).rows.map((row) => row.id)).toEqual([registered[0].caseId]);
  });

  it("on the home page and in the root data: only their own name and counts by stage", async () => {
    const { data, text } = await loaderData(home.loader, "/", "evaluator");
    expect(keyPaths(data)).toEqual([
      "home",
      "home.byStage",
      "home.byStage[].n",
      "home.byStage[].stage",
      // Headline outcome tiles, each count suppressed at the programme's threshold (§8).
      "home.outcomes",
      "home.outcomes.asOf",
      "home.outcomes.now",
      "home.outcomes.now.costPerJob",
      "home.outcomes.now.costPerJob.status",
      "home.outcomes.now.followedUp",
      "home.outcomes.now.followedUp.display",
      "home.outcomes.now.followedUp.suppressed",
      "home.outcomes.now.followedUp.value",
      "home.outcomes.now.funded",
      "home.outcomes.now.funded.display",
      "home.outcomes.now.funded.suppressed",
      "home.outcomes.now.funded.value",
      "home.outcomes.now.idpShare",
      "home.outcomes.now.idpShare.status",
      "home.outcomes.now.netIncomeChange",
      "home.outcomes.now.netIncomeChange.medianMinor",
      "home.outcomes.now.netIncomeChange.n",
      "home.outcomes.now.netIncomeChange.n.display",
      "home.outcomes.now.netIncomeChange.n.suppressed",
      "home.outcomes.now.netIncomeChange.n.value",
      "home.outcomes.now.netJobsFte",
      "home.outcomes.now.netJobsFte.status",
      "home.outcomes.now.notYetFollowedUp",
      "home.outcomes.now.notYetFollowedUp.display",
      "home.outcomes.now.notYetFollowedUp.suppressed",
      "home.outcomes.now.notYetFollowedUp.value",
      "home.outcomes.now.remigration",
      "home.outcomes.now.remigration.abroad",
      "home.outcomes.now.remigration.abroad.display",
      "home.outcomes.now.remigration.abroad.suppressed",
      "home.outcomes.now.remigration.abroad.value",
      "home.outcomes.now.remigration.known",
      "home.outcomes.now.remigration.known.display",
      "home.outcomes.now.remigration.known.suppressed",
      "home.outcomes.now.remigration.known.value",
      "home.outcomes.now.remigration.rate",
      "home.outcomes.now.survival12",
      "home.outcomes.now.survival12.status",
      "home.outcomes.now.womenShare",
      "home.outcomes.now.womenShare.status",
      "home.outcomes.previousAsOf",
      "home.outcomes.then",
      "home.outcomes.then.costPerJob",
      "home.outcomes.then.costPerJob.status",
      "home.outcomes.then.followedUp",
      "home.outcomes.then.followedUp.display",
      "home.outcomes.then.followedUp.suppressed",
      "home.outcomes.then.followedUp.value",
      "home.outcomes.then.funded",
      "home.outcomes.then.funded.display",
      "home.outcomes.then.funded.suppressed",
      "home.outcomes.then.funded.value",
      "home.outcomes.then.idpShare",
      "home.outcomes.then.idpShare.status",
      "home.outcomes.then.netIncomeChange",
      "home.outcomes.then.netIncomeChange.medianMinor",
      "home.outcomes.then.netIncomeChange.n",
      "home.outcomes.then.netIncomeChange.n.display",
      "home.outcomes.then.netIncomeChange.n.suppressed",
      "home.outcomes.then.netIncomeChange.n.value",
      "home.outcomes.then.netJobsFte",
      "home.outcomes.then.netJobsFte.status",
      "home.outcomes.then.notYetFollowedUp",
      "home.outcomes.then.notYetFollowedUp.display",
      "home.outcomes.then.notYetFollowedUp.suppressed",
      "home.outcomes.then.notYetFollowedUp.value",
      "home.outcomes.then.remigration",
      "home.outcomes.then.remigration.abroad",
      "home.outcomes.then.remigration.abroad.display",
      "home.outcomes.then.remigration.abroad.suppressed",
      "home.outcomes.then.remigration.abroad.value",
      "home.outcomes.then.remigration.known",
      "home.outcomes.then.remigration.known.display",
      "home.outcomes.then.remigration.known.suppressed",
      "home.outcomes.then.remigration.known.value",
      "home.outcomes.then.remigration.rate",
      "home.outcomes.then.survival12",
      "home.outcomes.then.survival12.status",
      "home.outcomes.then.womenShare",
      "home.outcomes.then.womenShare.status",
      "home.role",
      "user",
      "user.name",
      "user.role",
    ]);
    expectNoIdentifiers(text);
    expect(keyPaths((await loaderData(root.loader, "/", "evaluator")).data)).toEqual(["dictionaryUrl", "locale", "user", "user.email", "user.id", "user.name", "user.role"]);
  });

  it("the place picker: reference names only", async () => {
    const response = await callRoute(places.loader, request("/places?parent=UA12", { cookie: cookieOf.evaluator }));
    expect(response.status).toBe(200);
    expect(keyPaths(await response.json())).toEqual(["places", "places[].level", "places[].nameEn", "places[].nameUk", "places[].pcode"]);
  });

  it("is refused the plan, review, decision letter and attachments of a case", async () => {
    const caseId = String(caseOf("hromada").caseId);
    for (const [loader, path] of [
      [planPage.loader, `/cases/${caseId}/plan`],
      [reviewPage.loader, `/cases/${caseId}/review`],
      [decisionLetter.loader, `/cases/${caseId}/decision-letter`],
      [attachmentRoute.loader, `/cases/${caseId}/attachments/1`],
    ] as const) {
      const response = await callRoute(loader, request(path, { cookie: cookieOf.evaluator }), { caseId, attachmentId: "1" });
      expect(response.status, path).toBe(403);
    }
  });
});

describe("the evaluator's export", () => {
  async function exportFor(role: RoleName, form: Record<string, string>) {
    const response = await callRoute(caseExport.action, request("/cases/export", { form, cookie: cookieOf[role] }));
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { response, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
  }

  it("is the release: exact columns, places coarsened to k = 5, the rows left out counted in the notes", async () => {
    const { bytes, text } = await exportFor("evaluator", { format: "csv" });
    const sheet = (await readSpreadsheet({ name: "cases.csv", bytes })).sheets[0];
    expect(sheet.headers).toEqual([
      "Код справи",
      "Програма",
      "Рівень місця",
      "P-код місця",
      "Стать",
      "Вікова група",
      "Статус переміщення",
      "Етап",
      "Стан",
      "Відповідність",
      "Бал вразливості",
      "Місяць заявки",
    ]);
    expectNoIdentifiers(text);
    const rows = sheet.rows.filter((row) => !row["Код справи"].startsWith("#") && row["Код справи"] !== "");
    expect(rows.map((row) => row["Код справи"]).sort()).toEqual(registered.filter((one) => one.group !== "withheld").map((one) => one.caseCode).sort());
    expect(rows.filter((row) => row["Рівень місця"] === "громада").map((row) => row["P-код місця"])).toEqual(Array(6).fill("UA1202001"));
    expect(rows.filter((row) => row["Рівень місця"] === "область").map((row) => row["P-код місця"])).toEqual(Array(5).fill("UA12"));
    expect(new Set(rows.map((row) => row["Місяць заявки"]))).toEqual(new Set(["2025-03"]));
    // No row singles out fewer than k people on place, sex, age band and displacement status.
    const groups = new Map<string, number>();
    for (const row of rows) {
      const key = [row["P-код місця"], row["Стать"], row["Вікова група"], row["Статус переміщення"]].join("|");
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    for (const size of groups.values()) expect(size).toBeGreaterThanOrEqual(5);
    // The notes follow the table, after an empty line, as rows whose first cell starts with "#".
    const notes = sheet.rows.map((row) => row["Код справи"]).filter((cell) => cell.startsWith("# "));
    expect(notes).toEqual([
      "# Жодне поєднання місця, статі, вікової групи і статусу переміщення не описує менше ніж 5 осіб: де громада вказала б на менше людей, місце подано районом чи областю або приховано (стовпець «Рівень місця»).",
      "# Рядків за рівнем місця: громада — 6, район — 0, область — 5, приховано — 0.",
      "# Рядків не включено: 1 (навіть без місця схожих людей менше за поріг).",
      "# Дати подано з точністю до місяця (РРРР-ММ); імен, номерів документів, вільного тексту і конкретної категорії захисту у файлі немає.",
    ]);
  });

  it("coarsens a filtered export again within its own rows, never finer than the release", async () => {
    // Four of the six hromada cases and one published at the oblast move on to the business plan.
    const moved = [...registered.filter((one) => one.group === "hromada").slice(0, 4), caseOf("oblast")];
    const stages = moved.map((one) => db.select().from(schema.cases).where(eq(schema.cases.id, one.caseId)).get()!.stage);
    for (const one of moved) db.update(schema.cases).set({ stage: "business_plan" }).where(eq(schema.cases.id, one.caseId)).run();
    try {
      const { bytes } = await exportFor("evaluator", { format: "csv", stage: "business_plan" });
      const rows = (await readSpreadsheet({ name: "cases.csv", bytes })).sheets[0].rows.filter((row) => row["Код справи"] && !row["Код справи"].startsWith("#"));
      // Four in a hromada are too few within this file: with the fifth they make five in the oblast.
      expect(rows.map((row) => row["Код справи"]).sort()).toEqual(moved.map((one) => one.caseCode).sort());
      expect(rows.map((row) => [row["Рівень місця"], row["P-код місця"]])).toEqual(Array(5).fill(["область", "UA12"]));
      const { bytes: xlsx } = await exportFor("evaluator", { format: "xlsx", stage: "business_plan" });
      const workbook = await readSpreadsheet({ name: "cases.xlsx", bytes: xlsx });
      expect(workbook.sheets.map((sheet) => sheet.name)).toEqual(["Справи", "Примітки"]);
      expect(workbook.sheets[0].rows.map((row) => row["Рівень місця"])).toEqual(Array(5).fill("область"));
    } finally {
      moved.forEach((one, index) => db.update(schema.cases).set({ stage: stages[index] }).where(eq(schema.cases.id, one.caseId)).run());
    }
  });

  it("is a POST: a GET writes no audit row and leads to the list; the POST writes one", async () => {
    const before = auditCount();
    const response = await callRoute(caseExport.loader, request("/cases/export?format=csv&stage=training", { cookie: cookieOf.evaluator }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/cases?stage=training");
    expect(auditCount()).toBe(before);
    await exportFor("evaluator", { format: "csv", stage: "screening" });
    expect(auditCount()).toBe(before + 1);
    const entry = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.userId, users.evaluator.id))).all().at(-1)!;
    expect(entry.after).toMatchObject({ format: "csv", filter: { stage: "screening" }, k: 5 });
  });

  it("gives officers their columns without the protection category", async () => {
    const { text } = await exportFor("officer", { format: "csv" });
    expect(text).toContain("Коваленко");
    expect(text).not.toContain("trafficking_survivor");
    expect(text).not.toContain("торгівлі людьми");
    for (const one of registered) expect(text).not.toContain(one.rnokpp);
  });
});

describe("what officers and mentors read", () => {
  it.each(["officer", "mentor", "admin"] as const)("%s: the case page's exact keys, with no identity number or protection category unless revealed", async (role) => {
    const kase = registered[1]; // the one with a recorded protection category
    const partnerId = db.select().from(schema.users).where(eq(schema.users.id, users.mentor.id)).get()!.organisationId;
    db.update(schema.cases).set({ mentorId: users.mentor.id, partnerOrganisationId: partnerId }).where(eq(schema.cases.id, kase.caseId)).run();
    const before = auditCount();
    const { data, text } = await loaderData(casePage.loader, `/cases/${kase.caseId}`, role, { caseId: String(kase.caseId) });
    expect(keyPaths(data, { dynamic: ["file.places"] })).toEqual(staffCasePage);
    expect(text).not.toContain(kase.rnokpp);
    expect(text).not.toContain("trafficking_survivor");
    expect((data as { file: { case: { vulnerability: { hasProtectedCategory: boolean } } } }).file.case.vulnerability.hasProtectedCategory).toBe(role !== "mentor");
    expect(auditCount()).toBe(before);
  });

  it.each(["officer", "mentor"] as const)("%s: the case list rows' exact keys", async (role) => {
    const { data, text } = await loaderData(caseList.loader, "/cases", role);
    expect(keyPaths(data).filter((path) => path.startsWith("list.rows[]"))).toEqual(staffListRows);
    for (const one of registered) expect(text).not.toContain(one.rnokpp);
    expect(text).not.toContain("trafficking_survivor");
  });

  it("an officer's reveal on the case page is a POST that writes one audit row", async () => {
    const kase = registered[1];
    const before = auditCount();
    const response = await callRoute(casePage.action, request(`/cases/${kase.caseId}`, { form: { intent: "reveal" }, cookie: cookieOf.officer }), { caseId: String(kase.caseId) });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain(kase.rnokpp);
    expect(body).toContain("trafficking_survivor");
    expect(auditCount()).toBe(before + 1);
  });
});

describe("GET requests", () => {
  it("write no audit row, whoever sends them and whatever they answer", async () => {
    const committeeList = await import("~/routes/committee._index");
    const editPage = await import("~/routes/cases.$caseId_.edit");
    const before = auditCount();
    const statuses: string[] = [];
    for (const role of roleNames) {
      for (const one of registered.slice(0, 3)) {
        const caseId = String(one.caseId);
        for (const [loader, path] of [
          [home.loader, "/"],
          [caseList.loader, "/cases?sort=surname"],
          [casePage.loader, `/cases/${caseId}`],
          [editPage.loader, `/cases/${caseId}/edit`],
          [caseExport.loader, "/cases/export?format=xlsx"],
          [planPage.loader, `/cases/${caseId}/plan`],
          [reviewPage.loader, `/cases/${caseId}/review`],
          [decisionLetter.loader, `/cases/${caseId}/decision-letter`],
          [committeeList.loader, "/committee"],
        ] as const) {
          const response = await callRoute(loader as Parameters<typeof callRoute>[0], request(path, { cookie: cookieOf[role] }), { caseId });
          statuses.push(`${role} ${path.replace(caseId, ":id")} ${response.status}`);
        }
      }
    }
    // The officer's edit page opened (200), so the check covers a page that used to write.
    expect(statuses).toContain("officer /cases/:id/edit 200");
    expect(statuses).toContain("evaluator /cases/:id 200");
    expect(auditCount()).toBe(before);
  });
});
