// The case page says what happens next and leads there (issue 13), from the case's stored facts:
// stage and status, reviewers, the agreement, its act and tranches, and the planned visits. The
// link is offered to those who take the step; others read who will.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { loader as casePage } from "~/routes/cases.$caseId";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, insertTestCase, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";
import { cashGrant, inKindGrant } from "../helpers/followup";
import { createTestFundingSource } from "../helpers/grants";

let admin: TestUser;
let officer: TestUser;
let mentor: TestUser;
let partnerA: number;
let programmeId: number;
let funding: ReturnType<typeof createTestFundingSource>;

type Page = { nextStep: { kind: string; href: string | null; permission: string | null; values: Record<string, unknown> } | null; mayTakeNextStep: boolean };

async function casePageAs(user: TestUser, caseId: number): Promise<Page> {
  const response = await callRoute(casePage, request(`/cases/${caseId}`, { cookie: await sessionCookieFor(user.id) }), { caseId: String(caseId) });
  expect(response.status).toBe(200);
  return readJson<Page>(response);
}

beforeAll(async () => {
  const organisations = createTestOrganisations();
  partnerA = organisations.partnerA.id;
  admin = await createTestUser("admin", { organisationId: organisations.agency.id });
  officer = await createTestUser("officer", { organisationId: organisations.agency.id });
  mentor = await createTestUser("mentor", { organisationId: partnerA });
  programmeId = createTestProgramme({ code: "NXT", followUpOffsetsMonths: [3, 6, 12] }).id;
  funding = createTestFundingSource(admin, [programmeId]);
});

describe("the case page's next step", () => {
  it("asks an officer to screen a new application; a mentor reads that an officer will", async () => {
    const { case: kase } = insertTestCase({ programmeId, stage: "application", mentorId: mentor.id, partnerOrganisationId: partnerA });
    const asOfficer = await casePageAs(officer, kase.id);
    expect(asOfficer).toMatchObject({ nextStep: { kind: "screen", href: `/cases/${kase.id}#screening-heading`, permission: "screenApplicants" }, mayTakeNextStep: true });
    const asMentor = await casePageAs(mentor, kase.id);
    expect(asMentor).toMatchObject({ nextStep: { kind: "screen" }, mayTakeNextStep: false });
  });

  it("counts the reviewers assigned against the programme's minimum", async () => {
    const { case: kase } = insertTestCase({ programmeId, stage: "review" });
    const page = await casePageAs(officer, kase.id);
    expect(page.nextStep).toEqual({ kind: "assignReviewers", href: `/cases/${kase.id}/review`, permission: "decideGrants", values: { assigned: 0, required: 2 } });
  });

  it("after the act is signed, leads the mentor to the first planned visit", async () => {
    const grant = inKindGrant({ admin, officer }, { programmeId, inKindLineId: funding.lines[0].id, fundingSourceId: funding.source.id, mentorId: mentor.id, partnerOrganisationId: partnerA, handedOverOn: "2026-10-20", machines: 1 });
    const first = db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.agreementId, grant.agreementId)).orderBy(schema.plannedVisits.monthsAfterOrigin).get()!;
    const page = await casePageAs(mentor, grant.caseId);
    expect(page).toMatchObject({
      nextStep: { kind: "visit", href: `/cases/${grant.caseId}/visits/new?planned=${first.id}`, permission: "logVisits", values: { dueDate: first.dueDate } },
      mayTakeNextStep: true,
    });
  });

  it("on a cash grant, asks the officer to request the first tranche, whose conditions are met", async () => {
    const grant = cashGrant(officer, { programmeId, cashLineId: funding.lines[1].id, fundingSourceId: funding.source.id, mentorId: mentor.id, partnerOrganisationId: partnerA, paidOn: "2026-03-10" });
    db.update(schema.cases).set({ stage: "disbursement" }).where(eq(schema.cases.id, grant.caseId)).run();
    const page = await casePageAs(officer, grant.caseId);
    expect(page).toMatchObject({ nextStep: { kind: "requestTranche", href: `/cases/${grant.caseId}/agreement`, values: { sequence: 1 } }, mayTakeNextStep: true });
    expect((await casePageAs(mentor, grant.caseId)).mayTakeNextStep).toBe(false);
  });
});
