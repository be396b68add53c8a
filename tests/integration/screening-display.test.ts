// What the case page says about a screening: each rule with the value it compared and the
// programme's threshold, each vulnerability criterion with its threshold; to staff and mentors
// only, never to evaluators (domain.md §1, §8).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import * as casePage from "~/routes/cases.$caseId";
import { applicantInput, dateYearsAgo } from "../helpers/applicants";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor } from "../helpers/foundation";

type Screening = {
  ruleResults: Array<{ rule: string; passed: boolean; detail?: Record<string, unknown> }>;
  vulnerabilityBreakdown: Array<{ criterion: string; applies: boolean; basis?: unknown }>;
};

const cookieOf = { officer: "", evaluator: "" };
let caseId: number;

beforeAll(async () => {
  const organisations = createTestOrganisations();
  const programme = createTestProgramme({ code: "SCREEN-SHOW", trainingRequired: false });
  const [officer, evaluator] = await Promise.all([
    createTestUser("officer", { organisationId: organisations.agency.id }),
    createTestUser("evaluator", { organisationId: organisations.agency.id }),
  ]);
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.evaluator = await sessionCookieFor(evaluator.id);
  // 17 years old, three people on UAH 6,000 a month: too young, and 2,000 each, below 2,920.
  const result = registerApplicant(officer, applicantInput(programme.id, { birthDate: dateYearsAgo(17, 10), householdSize: "3", monthlyHouseholdIncomeMinor: "6000" }));
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  caseId = result.caseId;
  const version = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!.version;
  screenCase(officer, caseId, version);
});

async function latestScreening(cookie: string) {
  const page = await readJson<{ file: { screenings: Screening[] } }>(await callRoute(casePage.loader, request(`/cases/${caseId}`, { cookie }), { caseId: String(caseId) }));
  return page.file.screenings[0];
}

describe("the screening on the case page", () => {
  it("shows staff each rule's value and threshold", async () => {
    const screening = await latestScreening(cookieOf.officer);
    expect(screening.ruleResults).toEqual([
      { rule: "age", passed: false, detail: { age: 17, minAge: 18, maxAge: null } },
      { rule: "displacement_status", passed: true, detail: { displacementStatus: "idp", allowed: "idp,host,returnee" } },
      { rule: "oblast", passed: true, detail: { oblastPcode: "UA12", inScope: "all" } },
      { rule: "sector", passed: true, detail: { kvedClass: "14.13", excludedBy: null } },
      { rule: "one_per_programme", passed: true, detail: { otherCasesInThisProgramme: 0 } },
      { rule: "earlier_grant", passed: true, detail: { grantsInOtherProgrammes: 0, earlierGrantAllowed: "yes" } },
    ]);
  });

  it("shows staff the threshold behind each vulnerability criterion that has one", async () => {
    const screening = await latestScreening(cookieOf.officer);
    const byCriterion = Object.fromEntries(screening.vulnerabilityBreakdown.map((line) => [line.criterion, line]));
    expect(byCriterion.incomePerMemberBelow).toMatchObject({ applies: true, basis: { threshold: 292_000, value: 200_000 } });
    expect(byCriterion.householdSizeAtLeast).toMatchObject({ applies: false, basis: { threshold: 5, value: 3 } });
    expect(byCriterion.olderPerson).toMatchObject({ applies: false, basis: { threshold: 60, value: 17 } });
    expect(byCriterion.idp).toMatchObject({ applies: true, basis: null });
  });

  it("gives evaluators whether each rule passed, without the values (no exact age)", async () => {
    const screening = await latestScreening(cookieOf.evaluator);
    expect(screening.ruleResults.map((result) => Object.keys(result).sort())).toEqual(Array(6).fill(["passed", "rule"]));
    expect(screening.ruleResults[0]).toEqual({ rule: "age", passed: false });
    expect(screening).not.toHaveProperty("vulnerabilityBreakdown");
  });
});
