// The review stage through its pages: training, reviewer assignment, conflict declarations,
// blind scoring, disagreement, committee decisions against the ceiling and the envelope,
// revision, reopening, the decision letter, home queues and the rubric editor (domain.md §1, §5, §8).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import { loadPlan, savePlan, submitPlan } from "~/modules/review/plans.server";
import type { PlanInput } from "~/modules/review/schema";
import { defaultRubric } from "~/modules/review/scoring";
import type { Paged } from "~/lib/paging";
import * as home from "~/routes/_index";
import * as rubricEditor from "~/routes/admin.programmes.$programmeId_.rubric";
import { addDays, kyivToday } from "~/lib/kyiv-date";
import * as programmeSettings from "~/routes/admin.programmes.$programmeId";
import * as agreementRoute from "~/routes/cases.$caseId_.agreement";
import * as decisionLetter from "~/routes/cases.$caseId_.decision-letter";
import * as casePanel from "~/routes/cases.$caseId_.review";
import * as committeeCase from "~/routes/committee.$caseId";
import * as committee from "~/routes/committee._index";
import * as assignmentPage from "~/routes/reviews.$assignmentId";
import * as reviewQueue from "~/routes/reviews._index";
import * as trainingSession from "~/routes/training.$sessionId";
import * as training from "~/routes/training._index";
import { applicantInput } from "../helpers/applicants";
import { completionForm, registerForm, type RegisterPage } from "../helpers/training-register";
import {
  auditCount,
  callRoute,
  countRows,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  fieldErrors,
  formErrors,
  readJson,
  request,
  sessionCookieFor,
  type JsonObject,
  type Reply,
  type TestUser,
} from "../helpers/foundation";

type Programme = ReturnType<typeof createTestProgramme>;
type RouteFunction = Parameters<typeof callRoute>[0];
type QueueSlice = { total: number; items: Array<{ caseId: number }> };

let programme: Programme;
let trainingProgramme: Programme;
let rubricProgramme: Programme;
let partnerId: number;
const user = {} as Record<"officer" | "admin" | "reviewerA" | "reviewerB" | "officerReviewer" | "mentor" | "evaluator", TestUser>;
const cookie = {} as Record<keyof typeof user, string>;

const surnames = ["Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Шевчук", "Поліщук", "Мельник", "Лисенко", "Гончаренко"];
let applicantCounter = 0;

// An eligible case of the programme: registered and screened (at business_plan, or training).
function eligibleCase(programmeId: number) {
  applicantCounter += 1;
  const result = registerApplicant(
    user.officer,
    applicantInput(programmeId, { surname: surnames[applicantCounter % surnames.length], birthDate: `198${applicantCounter % 10}-03-1${applicantCounter % 10}` }),
  );
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  screenCase(user.officer, result.caseId, caseRow(result.caseId).version);
  return result.caseId;
}

// Asks 100,000 UAH: 80,000 in kind and 2 × 10,000 cash, with 10,000 of the applicant's own.
function planInput(version: number): PlanInput {
  return {
    intent: "save",
    version,
    summary: "A tailoring workshop for the hromada.",
    products: "Clothing repair and made-to-measure garments.",
    market: "No repair shop within 5 km; 40 residents surveyed.",
    competitors: "Two shops in the oblast centre.",
    experience: "Eight years as a seamstress before displacement.",
    premises: "A rented room of 18 m².",
    risks: "Power cuts (a generator is budgeted).",
    expectedJobsFullTime: 1,
    expectedJobsPartTime: 1,
    expectedMonthlyRevenueMinor: 3_000_000,
    coContributionMinor: 1_000_000,
    budget: [
      { item: "Industrial sewing machine", quantity: 1, unitCostMinor: 8_000_000, modality: "in_kind", supplierQuote: "Quote 117" },
      { item: "Fabric", quantity: 2, unitCostMinor: 1_000_000, modality: "cash", supplierQuote: undefined },
    ],
  };
}

// An eligible case with a submitted plan: at the review stage.
function caseInReview() {
  const caseId = eligibleCase(programme.id);
  savePlan(user.officer, caseId, planInput(0));
  submitPlan(user.officer, caseId);
  return caseId;
}

function caseRow(caseId: number) {
  return db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
}

function assignmentOf(caseId: number, reviewerId: number) {
  return db
    .select()
    .from(schema.reviewAssignments)
    .where(and(eq(schema.reviewAssignments.caseId, caseId), eq(schema.reviewAssignments.reviewerId, reviewerId)))
    .get()!;
}

function get(fn: RouteFunction, path: string, as: string, params: Record<string, string> = {}) {
  return callRoute(fn, request(path, { cookie: as }), params);
}

function post(fn: RouteFunction, path: string, form: Record<string, string | string[]>, as: string, params: Record<string, string> = {}) {
  return callRoute(fn, request(path, { form, cookie: as }), params);
}

// The panel's assignment form, with the case's version the page shows.
function assignForm(caseId: number, reviewerIds: number[]) {
  return { version: String(caseRow(caseId).version), reviewerIds: reviewerIds.map(String) };
}

// Every criterion of the default rubric at one score, each with a comment.
function scoresForm(score: number | ((key: string) => string), comment: string | ((key: string) => string)) {
  const form: Record<string, string> = { intent: "score" };
  for (const { key } of defaultRubric.criteria) {
    form[`${key}.score`] = typeof score === "function" ? score(key) : String(score);
    form[`${key}.comment`] = typeof comment === "function" ? comment(key) : comment;
  }
  return form;
}

function declare(assignmentId: number, conflict: "yes" | "no", as: string, note?: string) {
  return post(assignmentPage.action, `/reviews/${assignmentId}`, { intent: "declare", conflict, ...(note ? { conflictNote: note } : {}) }, as, {
    assignmentId: String(assignmentId),
  });
}

function score(assignmentId: number, form: Record<string, string>, as: string) {
  return post(assignmentPage.action, `/reviews/${assignmentId}`, form, as, { assignmentId: String(assignmentId) });
}

function loadAssignment(assignmentId: number, as: string) {
  return get(assignmentPage.loader, `/reviews/${assignmentId}`, as, { assignmentId: String(assignmentId) });
}

// The decision form as the committee page posts it, read just now (the case's current version),
// from its confirmation step ("confirmed"); `check` is the first press, which stores nothing.
function decide(caseId: number, form: Record<string, string>, as = cookie.officer, { confirmed = true } = {}) {
  const version = String(caseRow(caseId).version);
  return post(
    committeeCase.action,
    `/committee/${caseId}`,
    // Plans of other tests wait above most of these: a reason for deciding out of rank order is
    // given by default (stored only when the decision is out of order; see "rank order" below).
    {
      intent: "decide",
      version,
      committeeDate: "2026-11-20",
      members: "Olena Kovalenko, Petro Shevchenko",
      rankOrderReason: "Decided in the order these tests need.",
      ...(confirmed ? { confirmed: "yes" } : {}),
      ...form,
    },
    as,
    { caseId: String(caseId) },
  );
}

function check(caseId: number, form: Record<string, string>, as = cookie.officer) {
  return decide(caseId, form, as, { confirmed: false });
}

async function board() {
  const response = await get(committee.loader, `/committee?programme=${programme.id}`, cookie.officer);
  expect(response.status).toBe(200);
  const { ranked, ...rest } = (await readJson(response)).board as {
    envelope: { approvedMinor: number; availableMinor: number; requestedMinor: number };
    ranked: Paged<{ caseId: number; rank: number; flagged: boolean; status: string; recommended: boolean; planScore: number; runningTotalMinor: number; withinEnvelope: boolean }>;
  };
  // The test programme's ranking fits on the board's first page.
  expect(ranked).toMatchObject({ page: 1, pageCount: 1, total: ranked.items.length });
  return { ...rest, ranked: ranked.items };
}

// Two reviewers score a plan straight away (module calls through the pages' own actions).
async function reviewFully(caseId: number, scores: [number, number]) {
  expect((await post(casePanel.action, `/cases/${caseId}/review`, assignForm(caseId, [user.reviewerA.id, user.reviewerB.id]), cookie.officer, { caseId: String(caseId) })).status).toBe(200);
  for (const [index, reviewer] of (["reviewerA", "reviewerB"] as const).entries()) {
    const assignment = assignmentOf(caseId, user[reviewer].id);
    expect((await declare(assignment.id, "no", cookie[reviewer])).status).toBe(302);
    expect((await score(assignment.id, scoresForm(scores[index], "Well argued."), cookie[reviewer])).status).toBe(302);
  }
  expect(caseRow(caseId).stage).toBe("committee");
}

beforeAll(async () => {
  const organisations = createTestOrganisations();
  partnerId = organisations.partnerA.id;
  // Ceiling 200,000 UAH; envelope 250,000 UAH: room for two plans of 100,000, not three.
  programme = createTestProgramme({ code: "REVIEW-1", trainingRequired: false, minReviewers: 2, grantCeilingMinor: 20_000_000, budgetEnvelopeMinor: 25_000_000 });
  trainingProgramme = createTestProgramme({ code: "REVIEW-T", trainingRequired: true, active: true });
  rubricProgramme = createTestProgramme({ code: "REVIEW-R" });
  const agency = organisations.agency.id;
  const created = await Promise.all([
    createTestUser("officer", { organisationId: agency }),
    createTestUser("admin", { organisationId: agency }),
    createTestUser("reviewer", { organisationId: agency, name: "Reviewer Alpha" }),
    createTestUser("reviewer", { organisationId: agency, name: "Reviewer Bravo" }),
    createTestUser("officer", { organisationId: agency, name: "Officer Charlie" }),
    createTestUser("mentor", { organisationId: partnerId }),
    createTestUser("evaluator", { organisationId: agency }),
  ]);
  (["officer", "admin", "reviewerA", "reviewerB", "officerReviewer", "mentor", "evaluator"] as const).forEach((name, index) => {
    user[name] = created[index];
  });
  for (const name of Object.keys(user) as Array<keyof typeof user>) cookie[name] = await sessionCookieFor(user[name].id);
});

describe("reviewer assignment and blind scoring", () => {
  let caseId: number;
  const bravoComment = "BRAVO-ONLY: the budget underestimates rent";

  beforeAll(() => {
    caseId = caseInReview();
  });

  it("refuses fewer reviewers than the programme's minimum, and stores nothing", async () => {
    const response = await post(casePanel.action, `/cases/${caseId}/review`, assignForm(caseId, [user.reviewerA.id]), cookie.officer, { caseId: String(caseId) });
    expect(response.status).toBe(409);
    const body = await readJson<{ result: Reply }>(response);
    expect(formErrors(body.result)).toEqual(["review.refusals.too_few_reviewers"]);
    expect(countRows(schema.reviewAssignments, eq(schema.reviewAssignments.caseId, caseId))).toBe(0);
  });

  it("asks for at least one reviewer", async () => {
    const response = await post(casePanel.action, `/cases/${caseId}/review`, {}, cookie.officer, { caseId: String(caseId) });
    expect(response.status).toBe(400);
    const body = await readJson<{ result: Reply }>(response);
    expect(fieldErrors(body.result, "reviewerIds")).toEqual(["review.errors.chooseReviewers"]);
  });

  it("assigns two reviewers; the panel lists them and offers only the others", async () => {
    const response = await post(casePanel.action, `/cases/${caseId}/review`, assignForm(caseId, [user.reviewerA.id, user.reviewerB.id]), cookie.officer, {
      caseId: String(caseId),
    });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ assigned: true });
    expect(countRows(schema.reviewAssignments, eq(schema.reviewAssignments.caseId, caseId))).toBe(2);
    const panel = await readJson<{
      review: { minReviewers: number; activeReviewers: number; assignments: Array<{ reviewerName: string; status: string }> };
      availableReviewers: Array<{ id: number }>;
    }>(await get(casePanel.loader, `/cases/${caseId}/review`, cookie.officer, { caseId: String(caseId) }));
    expect(panel.review).toMatchObject({ minReviewers: 2, activeReviewers: 2 });
    expect(panel.review.assignments.map((assignment) => assignment.reviewerName)).toEqual(["Reviewer Alpha", "Reviewer Bravo"]);
    const offered = panel.availableReviewers.map((reviewer) => reviewer.id);
    expect(offered).not.toContain(user.reviewerA.id);
    expect(offered).toContain(user.officerReviewer.id);
    // The officer who wrote and submitted the plan, and the admin, are not offered.
    expect(offered).not.toContain(user.officer.id);
    expect(offered).not.toContain(user.admin.id);
  });

  it("lists the plan in the reviewer's queue, on the queue page and on their home", async () => {
    const queue = await readJson<{ queue: Paged<{ caseId: number; conflictOfInterest: boolean | null }> }>(await get(reviewQueue.loader, "/reviews", cookie.reviewerA));
    expect(queue.queue).toEqual({ total: 1, page: 1, pageCount: 1, items: [expect.objectContaining({ caseId, conflictOfInterest: null })] });
    const homePage = await readJson<{ home: { role: string; reviewQueue: Paged<{ caseId: number; caseCode: string }> } }>(await get(home.loader, "/", cookie.reviewerA));
    expect(homePage.home.role).toBe("reviewer");
    expect(homePage.home.reviewQueue.items.map((item) => item.caseId)).toEqual([caseId]);
  });

  it("shows no plan before the conflict-of-interest declaration; only who the applicant is, so a conflict can be recognised", async () => {
    const assignment = assignmentOf(caseId, user.reviewerA.id);
    const response = await loadAssignment(assignment.id, cookie.reviewerA);
    expect(response.status).toBe(200);
    const text = await response.text();
    const view = JSON.parse(text) as JsonObject;
    expect(view).toMatchObject({ plan: null, caseCode: caseRow(caseId).caseCode, assignment: { conflictOfInterest: null } });
    expect(text).not.toContain("tailoring workshop");
    const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow(caseId).personId)).get()!;
    expect((view.applicant as { name: string }).name).toContain(person.surname);
    // Contact details and identity numbers are not the reviewer's business (§8).
    expect(text).not.toContain(person.birthDate);
    if (person.phone) expect(text).not.toContain(person.phone);
    expect(text).not.toMatch(/rnokpp|passport/i);
    // Scores before the declaration are refused.
    const early = await score(assignment.id, scoresForm(4, "Early."), cookie.reviewerA);
    expect(early.status).toBe(409);
    expect(formErrors(await readJson<Reply>(early))).toEqual(["review.refusals.declare_first"]);
  });

  it("refuses another reviewer's assignment with 403", async () => {
    const assignment = assignmentOf(caseId, user.reviewerA.id);
    expect((await loadAssignment(assignment.id, cookie.reviewerB)).status).toBe(403);
    expect((await declare(assignment.id, "no", cookie.reviewerB)).status).toBe(403);
    expect(assignmentOf(caseId, user.reviewerA.id).conflictOfInterest).toBeNull();
  });

  it("shows the plan with its budget once the reviewer declares no conflict", async () => {
    const assignment = assignmentOf(caseId, user.reviewerA.id);
    expect((await declare(assignment.id, "no", cookie.reviewerA)).status).toBe(302);
    const view = await readJson<{
      plan: { sections: Array<{ key: string; text: string }>; totals: { requestedMinor: number; totalMinor: number }; lines: Array<{ totalMinor: number }> };
      rubric: { criteria: Array<{ key: string; label?: unknown; guidance?: unknown }>; scoreMeanings?: unknown };
    }>(await loadAssignment(assignment.id, cookie.reviewerA));
    expect(view.plan.sections.find((section) => section.key === "summary")?.text).toBe("A tailoring workshop for the hromada.");
    expect(view.plan.totals).toMatchObject({ requestedMinor: 10_000_000, totalMinor: 11_000_000 });
    expect(view.plan.lines.map((line) => line.totalMinor)).toEqual([8_000_000, 2_000_000]);
    expect(view.rubric.criteria).toHaveLength(defaultRubric.criteria.length);
    // The page names each criterion, says what to look at and what each score means.
    expect(view.rubric.criteria[0]).toEqual(defaultRubric.criteria[0]);
    expect(view.rubric.criteria[0]).toMatchObject({ label: { uk: "Життєздатність бізнесу", en: "Business viability" }, guidance: { en: expect.any(String) } });
    expect(view.rubric.scoreMeanings).toEqual(defaultRubric.scoreMeanings);
  });

  it("returns field errors for a score off the scale and a missing comment, and stores nothing", async () => {
    const assignment = assignmentOf(caseId, user.reviewerA.id);
    const form = scoresForm(
      (key) => (key === "business_viability" ? "9" : "4"),
      (key) => (key === "market_understanding" ? "" : "Fine."),
    );
    const response = await score(assignment.id, form, cookie.reviewerA);
    expect(response.status).toBe(400);
    const reply = await readJson<Reply>(response);
    expect(fieldErrors(reply, "business_viability.score")).toEqual(["review.errors.scoreOutOfScale"]);
    expect(fieldErrors(reply, "market_understanding.comment")).toEqual(["review.errors.commentRequired"]);
    expect(fieldErrors(reply, "job_creation.score")).toEqual([]);
    expect(assignmentOf(caseId, user.reviewerA.id)).toMatchObject({ status: "assigned", scores: null });
  });

  it("never sends reviewer B's scores or comments to reviewer A before A submits, and does after", async () => {
    const bravo = assignmentOf(caseId, user.reviewerB.id);
    expect((await declare(bravo.id, "no", cookie.reviewerB)).status).toBe(302);
    expect((await score(bravo.id, scoresForm(2, bravoComment), cookie.reviewerB)).status).toBe(302);
    expect(assignmentOf(caseId, user.reviewerB.id)).toMatchObject({ status: "submitted", weightedTotalHundredths: 2500 });

    // One review of two is in: the officer sees no one's comments yet (and Alpha still scores blind).
    const panelBefore = await (await get(casePanel.loader, `/cases/${caseId}/review`, cookie.officer, { caseId: String(caseId) })).text();
    expect(JSON.parse(panelBefore)).toMatchObject({ review: { comparison: null } });
    expect(panelBefore).not.toContain("BRAVO-ONLY");

    const alpha = assignmentOf(caseId, user.reviewerA.id);
    const before = await (await loadAssignment(alpha.id, cookie.reviewerA)).text();
    expect(before).not.toContain("BRAVO-ONLY");
    expect(before).not.toContain("Reviewer Bravo");
    expect(before).not.toContain("2500");
    expect(JSON.parse(before)).toMatchObject({ otherReviews: null });

    // The score is computed on the server: all 5 on a 1–5 scale is 100.
    expect((await score(alpha.id, scoresForm(5, "Strong plan."), cookie.reviewerA)).status).toBe(302);
    const after = await loadAssignment(alpha.id, cookie.reviewerA);
    const afterText = await after.text();
    expect(afterText).toContain("BRAVO-ONLY");
    const view = JSON.parse(afterText) as { assignment: { status: string; weightedTotalHundredths: number }; otherReviews: Array<{ reviewerName: string; weightedTotalHundredths: number }> };
    expect(view.assignment).toMatchObject({ status: "submitted", weightedTotalHundredths: 10_000 });
    expect(view.otherReviews).toEqual([expect.objectContaining({ reviewerName: "Reviewer Bravo", weightedTotalHundredths: 2500 })]);
    // Scores cannot be submitted twice.
    const again = await score(alpha.id, scoresForm(1, "Changed my mind."), cookie.reviewerA);
    expect(again.status).toBe(409);
    expect(formErrors(await readJson<Reply>(again))).toEqual(["review.refusals.already_scored"]);
  });

  it("moves the case to the committee once the required reviews are in, and flags the disagreement", async () => {
    expect(caseRow(caseId).stage).toBe("committee");
    const panel = await readJson<{
      blind: boolean;
      review: { score: { planScore: number; recommended: boolean }; disagreement: { flagged: boolean; criteria: string[]; totalSpread: number }; assignments: Array<{ weightedTotalHundredths: number }> };
    }>(await get(casePanel.loader, `/cases/${caseId}/review`, cookie.officer, { caseId: String(caseId) }));
    expect(panel.blind).toBe(false);
    expect(panel.review.score).toMatchObject({ planScore: 62.5, recommended: true });
    expect(panel.review.disagreement).toMatchObject({ flagged: true, totalSpread: 75 });
    expect(panel.review.disagreement.criteria).toHaveLength(defaultRubric.criteria.length);
    expect(panel.review.assignments.map((assignment) => assignment.weightedTotalHundredths)).toEqual([10_000, 2500]);
    const row = (await board()).ranked.find((candidate) => candidate.caseId === caseId);
    expect(row).toMatchObject({ flagged: true, recommended: true, status: "open" });
    const officerHome = await readJson<{ home: { reviewQueues: { flagged: QueueSlice; readyForCommittee: QueueSlice } } }>(
      await get(home.loader, "/", cookie.officer),
    );
    expect(officerHome.home.reviewQueues.flagged.items.map((item) => item.caseId)).toContain(caseId);
    expect(officerHome.home.reviewQueues.readyForCommittee.items.map((item) => item.caseId)).toContain(caseId);
  });

  it("shows the officer and the committee each reviewer's scores and comments side by side, disagreements marked", async () => {
    const expected = {
      reviewers: [
        { reviewerId: user.reviewerA.id, reviewerName: "Reviewer Alpha", weightedTotal: 100 },
        { reviewerId: user.reviewerB.id, reviewerName: "Reviewer Bravo", weightedTotal: 25 },
      ],
      // Alpha gave 5 and Bravo 2 everywhere: 3 points apart, beyond the rubric's 2.
      criteria: defaultRubric.criteria.map((criterion) => ({
        key: criterion.key,
        weight: criterion.weight,
        label: criterion.label,
        entries: [
          { reviewerId: user.reviewerA.id, score: 5, comment: "Strong plan." },
          { reviewerId: user.reviewerB.id, score: 2, comment: bravoComment },
        ],
        spread: 3,
        disagrees: true,
      })),
      totalSpread: 75,
      totalDisagrees: true,
    };
    const panel = await readJson<{ review: { comparison: unknown } }>(await get(casePanel.loader, `/cases/${caseId}/review`, cookie.officer, { caseId: String(caseId) }));
    expect(panel.review.comparison).toEqual(expected);
    const committeePage = await readJson<{ comparison: unknown; disagreementThreshold: unknown }>(
      await get(committeeCase.loader, `/committee/${caseId}`, cookie.officer, { caseId: String(caseId) }),
    );
    expect(committeePage.comparison).toEqual(expected);
    expect(committeePage.disagreementThreshold).toEqual({ criterion: 2, total: 20 });
  });
});

describe("a declared conflict of interest", () => {
  let caseId: number;

  beforeAll(async () => {
    caseId = caseInReview();
    await post(casePanel.action, `/cases/${caseId}/review`, assignForm(caseId, [user.reviewerA.id, user.reviewerB.id]), cookie.officer, { caseId: String(caseId) });
  });

  it("recuses the reviewer: no plan, no scoring, and the plan leaves their queue", async () => {
    const assignment = assignmentOf(caseId, user.reviewerA.id);
    expect((await declare(assignment.id, "yes", cookie.reviewerA, "My cousin's business")).status).toBe(302);
    expect(assignmentOf(caseId, user.reviewerA.id)).toMatchObject({ status: "recused", conflictOfInterest: true, conflictNote: "My cousin's business" });
    const view = await readJson(await loadAssignment(assignment.id, cookie.reviewerA));
    expect(view).toMatchObject({ plan: null, assignment: { conflictOfInterest: true, status: "recused" } });
    const response = await score(assignment.id, scoresForm(4, "Trying anyway."), cookie.reviewerA);
    expect(response.status).toBe(409);
    expect(formErrors(await readJson<Reply>(response))).toEqual(["review.refusals.recused"]);
    expect(assignmentOf(caseId, user.reviewerA.id).scores).toBeNull();
    const queue = await readJson<{ queue: Paged<{ caseId: number }> }>(await get(reviewQueue.loader, "/reviews", cookie.reviewerA));
    expect(queue.queue.items.map((item) => item.caseId)).not.toContain(caseId);
  });

  it("shows the officer the plan short of reviewers, and lets them assign another", async () => {
    const officerHome = await readJson<{ home: { reviewQueues: { waitingForReviewers: QueueSlice } } }>(await get(home.loader, "/", cookie.officer));
    expect(officerHome.home.reviewQueues.waitingForReviewers.items.map((item) => item.caseId)).toContain(caseId);
    const panel = await readJson<{ review: { activeReviewers: number; assignments: Array<{ conflictOfInterest: boolean | null; conflictNote: string | null }> } }>(
      await get(casePanel.loader, `/cases/${caseId}/review`, cookie.officer, { caseId: String(caseId) }),
    );
    expect(panel.review.activeReviewers).toBe(1);
    expect(panel.review.assignments[0]).toMatchObject({ conflictOfInterest: true, conflictNote: "My cousin's business" });
    const response = await post(casePanel.action, `/cases/${caseId}/review`, assignForm(caseId, [user.officerReviewer.id]), cookie.officer, { caseId: String(caseId) });
    expect(response.status).toBe(200);
    expect(assignmentOf(caseId, user.officerReviewer.id).status).toBe("assigned");
  });

  it("keeps an officer who is also a reviewer blind to the others' scores until they submit", async () => {
    const bravo = assignmentOf(caseId, user.reviewerB.id);
    await declare(bravo.id, "no", cookie.reviewerB);
    expect((await score(bravo.id, scoresForm(4, "BRAVO-SECOND: solid"), cookie.reviewerB)).status).toBe(302);
    const blindResponse = await get(casePanel.loader, `/cases/${caseId}/review`, cookie.officerReviewer, { caseId: String(caseId) });
    const blindText = await blindResponse.text();
    expect(JSON.parse(blindText)).toMatchObject({ blind: true, review: { score: null, disagreement: null, comparison: null } });
    expect(blindText).not.toContain("BRAVO-SECOND");
    expect(blindText).not.toContain("7500");
    const committeeText = await (await get(committeeCase.loader, `/committee/${caseId}`, cookie.officerReviewer, { caseId: String(caseId) })).text();
    expect(JSON.parse(committeeText)).toMatchObject({ score: null, flagged: false, comparison: null });
    expect(committeeText).not.toContain("BRAVO-SECOND");
    const own = assignmentOf(caseId, user.officerReviewer.id);
    await declare(own.id, "no", cookie.officerReviewer);
    expect((await score(own.id, scoresForm(4, "Agree."), cookie.officerReviewer)).status).toBe(302);
    expect(caseRow(caseId).stage).toBe("committee");
    const panel = await readJson<{ review: { comparison: { reviewers: Array<{ reviewerName: string }>; criteria: Array<{ disagrees: boolean }>; totalDisagrees: boolean } } }>(
      await get(casePanel.loader, `/cases/${caseId}/review`, cookie.officerReviewer, { caseId: String(caseId) }),
    );
    expect(panel).toMatchObject({ blind: false, review: { score: { planScore: 75 }, disagreement: { flagged: false, totalSpread: 0 } } });
    // All reviews in: the two who scored side by side (the recused one is not a column), agreeing.
    expect(panel.review.comparison.reviewers.map((reviewer) => reviewer.reviewerName)).toEqual(["Reviewer Bravo", "Officer Charlie"]);
    expect(panel.review.comparison.criteria.some((criterion) => criterion.disagrees)).toBe(false);
    expect(panel.review.comparison.totalDisagrees).toBe(false);
  });
});

describe("committee decisions", () => {
  let approvedCase: number;
  let secondCase: number;

  beforeAll(async () => {
    approvedCase = caseInReview();
    await reviewFully(approvedCase, [4, 4]);
    secondCase = caseInReview();
    await reviewFully(secondCase, [3, 4]);
  });

  it("ranks the plans before the committee beside the envelope, with a running total", async () => {
    const { ranked, envelope } = await board();
    const ours = ranked.filter((row) => row.caseId === approvedCase || row.caseId === secondCase);
    expect(ours).toHaveLength(2);
    expect(ranked.map((row) => row.rank)).toEqual(ranked.map((_, index) => index + 1));
    expect(ranked.findIndex((row) => row.caseId === approvedCase)).toBeLessThan(ranked.findIndex((row) => row.caseId === secondCase));
    expect(envelope.requestedMinor).toBe(ranked.length * 10_000_000);
    expect(envelope.availableMinor).toBe(25_000_000 - envelope.approvedMinor);
    // Every plan asks for 100,000: the running total climbs by that much per rank.
    expect(ranked.map((row) => row.runningTotalMinor)).toEqual(ranked.map((row) => row.rank * 10_000_000));
  });

  it("opens on an active programme with plans before the committee, not an empty one listed first", async () => {
    createTestProgramme({ code: "AAA-EMPTY", active: true });
    const page = await readJson<{ board: { programme: { code: string } } }>(await get(committee.loader, "/committee", cookie.officer));
    expect(page.board.programme.code).toBe("REVIEW-1");
  });

  it("prefills the decision form with the plan's split between modalities and today's date", async () => {
    const page = await readJson<{ defaults: JsonObject; requestedSplit: JsonObject; mayReopen: boolean }>(
      await get(committeeCase.loader, `/committee/${approvedCase}`, cookie.officer, { caseId: String(approvedCase) }),
    );
    expect(page.defaults).toEqual({ intent: "decide", inKindMinor: "80000", cashMinor: "20000", committeeDate: kyivToday(), members: "" });
    expect(page.requestedSplit).toEqual({ inKindMinor: 8_000_000, cashMinor: 2_000_000 });
    expect(page.mayReopen).toBe(false);
  });

  it("refuses an approval above the ceiling next to the amount, already at the check step", async () => {
    const form = { decision: "approved", inKindMinor: "180000", cashMinor: "20000.01" };
    for (const response of [await check(approvedCase, form), await decide(approvedCase, form)]) {
      expect(response.status).toBe(409);
      expect(fieldErrors(await readJson<Reply>(response), "amountMinor")).toEqual(["review.refusals.above_ceiling"]);
    }
    expect(caseRow(approvedCase)).toMatchObject({ stage: "committee", decision: null });
    expect(countRows(schema.committeeDecisions, eq(schema.committeeDecisions.caseId, approvedCase))).toBe(0);
  });

  it("asks for at least two committee members", async () => {
    const response = await decide(approvedCase, { decision: "approved", inKindMinor: "100000", members: "Olena Kovalenko" });
    expect(response.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(response), "members")).toEqual(["review.errors.committeeMembers"]);
  });

  it("asks for the conditions in English too, and for a split that adds up", async () => {
    const noEnglish = await decide(approvedCase, { decision: "approved", inKindMinor: "80000", cashMinor: "20000", conditions: "Купити у постачальника з пропозиції." });
    expect(noEnglish.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(noEnglish), "conditionsEn")).toEqual(["review.errors.conditionsEnRequired"]);
    const mismatch = await decide(approvedCase, { decision: "approved", inKindMinor: "80000", cashMinor: "20000", amountMinor: "90000" });
    expect(mismatch.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(mismatch), "amountMinor")).toEqual(["review.errors.splitMismatch"]);
    const nothing = await decide(approvedCase, { decision: "approved", inKindMinor: "0", cashMinor: "0" });
    expect(fieldErrors(await readJson<Reply>(nothing), "amountMinor")).toEqual(["errors.positiveAmount"]);
    expect(countRows(schema.committeeDecisions, eq(schema.committeeDecisions.caseId, approvedCase))).toBe(0);
  });

  const approval = {
    decision: "approved",
    inKindMinor: "80000",
    cashMinor: "20000",
    conditions: "Купити швейну машину в постачальника з комерційної пропозиції.",
    conditionsEn: "Buy the sewing machine from the quoted supplier.",
  };

  it("shows the decision back for confirmation and stores nothing until it is confirmed", async () => {
    const auditsBefore = auditCount(eq(schema.auditLog.caseId, approvedCase));
    const versionBefore = caseRow(approvedCase).version;
    const response = await check(approvedCase, approval);
    expect(response.status).toBe(200);
    const reply = await readJson<{ confirm: JsonObject }>(response);
    expect(reply.confirm).toEqual({
      fields: {
        decision: "approved",
        inKindMinor: "80000",
        cashMinor: "20000",
        conditions: approval.conditions,
        conditionsEn: approval.conditionsEn,
        reason: "",
        reasonEn: "",
        rankOrderReason: "Decided in the order these tests need.",
        committeeDate: "2026-11-20",
        members: "Olena Kovalenko, Petro Shevchenko",
        version: String(versionBefore),
      },
      decision: "approved",
      split: { amountMinor: 10_000_000, inKindMinor: 8_000_000, cashMinor: 2_000_000, modality: null },
      conditions: approval.conditions,
      conditionsEn: approval.conditionsEn,
      reason: null,
      reasonEn: null,
      rankOrderReason: "Decided in the order these tests need.",
      committeeDate: "2026-11-20",
      members: ["Olena Kovalenko", "Petro Shevchenko"],
    });
    // The check ran every rule of a real decision and rolled back: nothing stored, no audit row.
    expect(countRows(schema.committeeDecisions, eq(schema.committeeDecisions.caseId, approvedCase))).toBe(0);
    expect(caseRow(approvedCase)).toMatchObject({ stage: "committee", decision: null, version: versionBefore });
    expect(auditCount(eq(schema.auditLog.caseId, approvedCase))).toBe(auditsBefore);
  });

  it("approves within the ceiling, split between in kind and cash: the case moves to the grant agreement", async () => {
    const approvedBefore = (await board()).envelope.approvedMinor;
    // The confirmation step posts the checked fields back with "confirmed".
    const { confirm } = await readJson<{ confirm: { fields: Record<string, string> } }>(await check(approvedCase, approval));
    const response = await post(committeeCase.action, `/committee/${approvedCase}`, { intent: "decide", confirmed: "yes", ...confirm.fields }, cookie.officer, {
      caseId: String(approvedCase),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/committee?programme=${programme.id}&decided=${approvedCase}`);
    // The ranking it returns to confirms the decision.
    const confirmed = await readJson<{ decided: { caseId: number; decision: string } | null }>(
      await get(committee.loader, response.headers.get("Location")!, cookie.officer),
    );
    expect(confirmed.decided).toMatchObject({ caseId: approvedCase, decision: "approved" });
    expect(caseRow(approvedCase)).toMatchObject({ stage: "grant_agreement", decision: "approved", approvedAmountMinor: 10_000_000 });
    const stored = db.select().from(schema.committeeDecisions).where(eq(schema.committeeDecisions.caseId, approvedCase)).get()!;
    expect(stored).toMatchObject({
      amountMinor: 10_000_000,
      inKindMinor: 8_000_000,
      cashMinor: 2_000_000,
      modality: null,
      conditions: approval.conditions,
      conditionsEn: approval.conditionsEn,
      issuedOn: kyivToday(),
      // The programme's first letter of the year.
      letterNumber: `REVIEW-1/${kyivToday().slice(0, 4)}/0001`,
    });
    expect((await board()).envelope.approvedMinor).toBe(approvedBefore + 10_000_000);
    // The grant agreement's form starts from the committee's split.
    const agreementPage = await readJson<{ approval: JsonObject }>(await get(agreementRoute.loader, `/cases/${approvedCase}/agreement`, cookie.officer, { caseId: String(approvedCase) }));
    expect(agreementPage.approval).toEqual({
      amountMinor: 10_000_000,
      conditions: approval.conditions,
      split: { amountMinor: 10_000_000, inKindMinor: 8_000_000, cashMinor: 2_000_000, modality: null },
    });
  });

  it("refuses an approval beyond what is left in the envelope", async () => {
    // 250,000 − 100,000 approved leaves 150,000: 160,000 is under the ceiling but too much.
    const response = await decide(secondCase, { decision: "approved", inKindMinor: "0", cashMinor: "160000" });
    expect(response.status).toBe(409);
    expect(fieldErrors(await readJson<Reply>(response), "amountMinor")).toEqual(["review.refusals.beyond_envelope"]);
    expect(caseRow(secondCase)).toMatchObject({ stage: "committee", status: "open" });
  });

  it("waitlists: the case stays before the committee with the status waitlisted", async () => {
    expect((await decide(secondCase, { decision: "waitlisted" })).status).toBe(302);
    expect(caseRow(secondCase)).toMatchObject({ stage: "committee", status: "waitlisted", decision: "waitlisted" });
    expect((await board()).ranked.find((row) => row.caseId === secondCase)).toMatchObject({ status: "waitlisted" });
    expect(db.select().from(schema.committeeDecisions).where(eq(schema.committeeDecisions.caseId, secondCase)).get()).toMatchObject({
      amountMinor: null,
      inKindMinor: null,
      cashMinor: null,
      letterNumber: `REVIEW-1/${kyivToday().slice(0, 4)}/0002`,
    });
  });

  type Letter = {
    reference: string;
    issuedOn: string;
    addressee: Record<"uk" | "en", { fullName: string; fromPassport: boolean; greeting: string }>;
    officer: Record<"uk" | "en", string> | null;
    programme: { code: string; donor: Record<"uk" | "en", string>; complaints: Record<"uk" | "en", string | null>; signatory: Record<"uk" | "en", string | null> };
    missingSettings: string[];
    callBy: string;
    decision: JsonObject;
    items: Array<{ item: string; quantity: number }>;
  };

  it("returns the decision letter of the standing decision: reference, date, names, items, next steps, no case code", async () => {
    const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow(approvedCase).personId)).get()!;
    db.update(schema.persons).set({ latinName: "KOVALENKO OKSANA" }).where(eq(schema.persons.id, person.id)).run();
    const response = await get(decisionLetter.loader, `/cases/${approvedCase}/decision-letter`, cookie.officer, { caseId: String(approvedCase) });
    expect(response.status).toBe(200);
    const text = await response.text();
    const letter = JSON.parse(text) as Letter;
    // What the beneficiary keeps carries no internal case code.
    expect(text).not.toContain(caseRow(approvedCase).caseCode);
    expect(letter.reference).toBe(`REVIEW-1/${kyivToday().slice(0, 4)}/0001`);
    expect(letter.issuedOn).toBe(kyivToday());
    expect(letter.callBy).toBe(addDays(kyivToday(), 10));
    expect(letter.addressee.uk.fullName).toBe([person.surname, person.firstName, person.patronymic].filter(Boolean).join(" "));
    // In English, the Latin name as printed in the passport.
    expect(letter.addressee.en).toEqual({ fullName: "KOVALENKO OKSANA", fromPassport: true, greeting: person.sex === "male" ? "Dear Mr Kovalenko," : "Dear Ms Kovalenko," });
    expect(letter.officer).toEqual({ uk: user.officer.name, en: expect.any(String) });
    expect(letter.programme).toMatchObject({ code: "REVIEW-1", donor: { uk: "Test donor", en: "Test donor" } });
    expect(letter.decision).toEqual({
      decision: "approved",
      committeeDate: "2026-11-20",
      split: { amountMinor: 10_000_000, inKindMinor: 8_000_000, cashMinor: 2_000_000, modality: null },
      conditions: { uk: approval.conditions, en: approval.conditionsEn },
      reason: { uk: null, en: null },
    });
    // The in-kind lines of the plan decided on: what the agency will buy.
    expect(letter.items).toEqual([{ item: "Industrial sewing machine", quantity: 1 }]);
    // A test programme has no letterhead yet: the page lists every missing setting.
    expect(letter.missingSettings).toEqual([
      "agencyNameUk",
      "agencyName",
      "agencyAddressUk",
      "agencyAddress",
      "agencyPhone",
      "complaintsChannelUk",
      "complaintsChannel",
      "signatoryNameUk",
      "signatoryName",
      "signatoryPositionUk",
      "signatoryPosition",
      "donorUk",
    ]);
    const undecided = caseInReview();
    expect((await get(decisionLetter.loader, `/cases/${undecided}/decision-letter`, cookie.officer, { caseId: String(undecided) })).status).toBe(404);
  });

  it("prints the letterhead, contacts, complaints channel and signatory an admin sets on the programme", async () => {
    const stored = db.select().from(schema.programmes).where(eq(schema.programmes.id, programme.id)).get()!;
    const form: Record<string, string> = {
      version: String(stored.version),
      code: stored.code,
      name: stored.name,
      nameUk: stored.nameUk,
      donor: "European Union",
      donorUk: "Європейський Союз",
      currency: stored.currency,
      grantCeilingMinor: "200000",
      budgetEnvelopeMinor: "250000",
      followUpOffsetsMonths: "3, 6, 12",
      minReviewers: "2",
      smallCellThreshold: "5",
      startDate: stored.startDate,
      active: "on",
      agencyNameUk: "Агенція з питань засобів до існування",
      agencyName: "Livelihoods Agency",
      agencyAddressUk: "вул. Хрещатик, 1, Київ",
      agencyAddress: "1 Khreshchatyk St, Kyiv",
      agencyPhone: "+380 44 123 45 67",
      agencyEmail: "Feedback@Example.org",
      complaintsChannelUk: "Гаряча лінія 527 (безкоштовно)",
      complaintsChannel: "Hotline 527 (free of charge)",
      signatoryNameUk: "Олена Петренко",
      signatoryName: "Olena Petrenko",
      signatoryPositionUk: "Керівниця програми",
      signatoryPosition: "Programme manager",
      agreementCallDays: "7",
    };
    const audits = () => auditCount(and(eq(schema.auditLog.entityType, "programme"), eq(schema.auditLog.entityId, String(programme.id))));
    const auditsBefore = audits();
    const saved = await post(programmeSettings.action, `/admin/programmes/${programme.id}`, form, cookie.admin, { programmeId: String(programme.id) });
    expect(saved.status).toBe(302);
    expect(audits()).toBe(auditsBefore + 1);
    expect(db.select().from(schema.programmes).where(eq(schema.programmes.id, programme.id)).get()).toMatchObject({
      donorUk: "Європейський Союз",
      agencyEmail: "feedback@example.org",
      complaintsChannelUk: "Гаряча лінія 527 (безкоштовно)",
      agreementCallDays: 7,
    });
    const letter = await readJson<Letter>(await get(decisionLetter.loader, `/cases/${approvedCase}/decision-letter`, cookie.officer, { caseId: String(approvedCase) }));
    expect(letter.missingSettings).toEqual([]);
    expect(letter.programme).toMatchObject({
      donor: { uk: "Європейський Союз", en: "European Union" },
      complaints: { uk: "Гаряча лінія 527 (безкоштовно)", en: "Hotline 527 (free of charge)" },
      signatory: { uk: "Олена Петренко", en: "Olena Petrenko" },
    });
    expect(letter.callBy).toBe(addDays(kyivToday(), 7));
    // A setting emptied later is cleared, not kept.
    const cleared = { ...form, version: String(db.select().from(schema.programmes).where(eq(schema.programmes.id, programme.id)).get()!.version), agencyEmail: "" };
    expect((await post(programmeSettings.action, `/admin/programmes/${programme.id}`, cleared, cookie.admin, { programmeId: String(programme.id) })).status).toBe(302);
    expect(db.select().from(schema.programmes).where(eq(schema.programmes.id, programme.id)).get()!.agencyEmail).toBeNull();
  });

  it("refuses a reopening by an officer, and shows the form only to admins", async () => {
    const response = await post(committeeCase.action, `/committee/${approvedCase}`, { intent: "reopen", version: String(caseRow(approvedCase).version), reason: "The applicant moved abroad last week." }, cookie.officer, {
      caseId: String(approvedCase),
    });
    expect(response.status).toBe(409);
    expect(formErrors(await readJson<Reply>(response))).toEqual(["review.refusals.reopen_admin_only"]);
    expect(caseRow(approvedCase)).toMatchObject({ stage: "grant_agreement", decision: "approved" });
    const adminPage = await readJson(await get(committeeCase.loader, `/committee/${approvedCase}`, cookie.admin, { caseId: String(approvedCase) }));
    expect(adminPage).toMatchObject({ mayReopen: true, hasLetter: true });
  });

  it("asks an admin for a reason, then reopens: the case is back before the committee", async () => {
    const noReason = await post(committeeCase.action, `/committee/${approvedCase}`, { intent: "reopen", version: String(caseRow(approvedCase).version) }, cookie.admin, { caseId: String(approvedCase) });
    expect(noReason.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(noReason), "reason")).toEqual(["errors.required"]);
    const approvedBefore = (await board()).envelope.approvedMinor;
    const auditsBefore = auditCount(and(eq(schema.auditLog.action, "reopen"), eq(schema.auditLog.caseId, approvedCase)));
    const response = await post(committeeCase.action, `/committee/${approvedCase}`, { intent: "reopen", version: String(caseRow(approvedCase).version), reason: "The applicant moved abroad last week." }, cookie.admin, {
      caseId: String(approvedCase),
    });
    expect(response.status).toBe(302);
    expect(caseRow(approvedCase)).toMatchObject({ stage: "committee", status: "open", decision: null, approvedAmountMinor: null });
    expect((await board()).envelope.approvedMinor).toBe(approvedBefore - 10_000_000);
    expect(auditCount(and(eq(schema.auditLog.action, "reopen"), eq(schema.auditLog.caseId, approvedCase)))).toBe(auditsBefore + 1);
    // The reopened decision has no letter any more.
    expect((await get(decisionLetter.loader, `/cases/${approvedCase}/decision-letter`, cookie.officer, { caseId: String(approvedCase) })).status).toBe(404);
  });

  it("refuses a rejection without a reason, and rejects with one", async () => {
    const caseId = caseInReview();
    await reviewFully(caseId, [1, 2]);
    const noReason = await decide(caseId, { decision: "rejected" });
    expect(noReason.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(noReason), "reason")).toEqual(["review.errors.reasonRequired"]);
    expect(caseRow(caseId).status).toBe("open");
    expect((await decide(caseId, { decision: "rejected", reason: "The market analysis is missing." })).status).toBe(302);
    expect(caseRow(caseId)).toMatchObject({ status: "rejected", decision: "rejected" });
  });

  it("sends a plan back for revision: a new version, the old one still readable, and the mentor sees it", async () => {
    const caseId = caseInReview();
    db.update(schema.cases).set({ partnerOrganisationId: partnerId }).where(eq(schema.cases.id, caseId)).run();
    await reviewFully(caseId, [3, 3]);
    expect((await decide(caseId, { decision: "revise", reason: "Add supplier quotes for every line." })).status).toBe(302);
    expect(caseRow(caseId)).toMatchObject({ stage: "business_plan", status: "open", decision: null });
    const current = loadPlan(caseId)!;
    expect(current.plan).toMatchObject({ currentVersion: 2, status: "revision_requested" });
    expect(current.version).toMatchObject({ number: 2, revisionRequest: "Add supplier quotes for every line.", submittedAt: null });
    const first = loadPlan(caseId, 1)!;
    expect(first.version.number).toBe(1);
    expect(first.version.submittedAt).not.toBeNull();
    expect(first.lines).toHaveLength(2);
    const mentorHome = await readJson<{ home: { plansToRevise: Array<{ id: number }> } }>(await get(home.loader, "/", cookie.mentor));
    expect(mentorHome.home.plansToRevise.map((item) => item.id)).toEqual([caseId]);
  });

  it("refuses a decision on a case whose reviews are not in", async () => {
    const caseId = caseInReview();
    const response = await decide(caseId, { decision: "waitlisted" });
    expect(response.status).toBe(409);
    expect(formErrors(await readJson<Reply>(response))).toEqual(["review.refusals.decision_before_reviews"]);
  });
});

describe("rank order and the envelope line", () => {
  let rankProgramme: Programme;
  const ranked = {} as Record<"first" | "second" | "third", number>;
  type Board = { ranked: Paged<{ caseId: number; rank: number; runningTotalMinor: number; withinEnvelope: boolean; status: string }>; envelopeRunsOutBeforeRank: number | null };
  const rankBoard = async () => {
    const { board } = await readJson<{ board: Board }>(await get(committee.loader, `/committee?programme=${rankProgramme.id}`, cookie.officer));
    return { ...board, ranked: board.ranked.items };
  };
  // No default reason here: the decision must be taken in rank order or say why.
  const decideInOrder = (caseId: number, form: Record<string, string>, options?: { confirmed: boolean }) =>
    decide(caseId, { rankOrderReason: "", ...form }, cookie.officer, options);

  beforeAll(async () => {
    // Envelope 250,000: three plans of 100,000 each, scored 100, 75 and 50.
    rankProgramme = createTestProgramme({ code: "REVIEW-RANK", trainingRequired: false, minReviewers: 2, grantCeilingMinor: 20_000_000, budgetEnvelopeMinor: 25_000_000 });
    for (const [name, points] of [["first", 5], ["second", 4], ["third", 3]] as const) {
      const caseId = eligibleCase(rankProgramme.id);
      savePlan(user.officer, caseId, planInput(0));
      submitPlan(user.officer, caseId);
      await reviewFully(caseId, [points, points]);
      ranked[name] = caseId;
    }
  });

  it("shows the running total of requested amounts and where the envelope runs out", async () => {
    const board = await rankBoard();
    expect(board.ranked.map(({ caseId, rank, runningTotalMinor, withinEnvelope }) => ({ caseId, rank, runningTotalMinor, withinEnvelope }))).toEqual([
      { caseId: ranked.first, rank: 1, runningTotalMinor: 10_000_000, withinEnvelope: true },
      { caseId: ranked.second, rank: 2, runningTotalMinor: 20_000_000, withinEnvelope: true },
      { caseId: ranked.third, rank: 3, runningTotalMinor: 30_000_000, withinEnvelope: false },
    ]);
    expect(board.envelopeRunsOutBeforeRank).toBe(3);
  });

  it("tells the committee which plans above still wait, and refuses to decide out of order without a reason", async () => {
    const page = await readJson<{ rankOrder: unknown }>(await get(committeeCase.loader, `/committee/${ranked.third}`, cookie.officer, { caseId: String(ranked.third) }));
    expect(page.rankOrder).toEqual({
      rank: 3,
      pendingAbove: [
        { caseId: ranked.first, caseCode: caseRow(ranked.first).caseCode, rank: 1 },
        { caseId: ranked.second, caseCode: caseRow(ranked.second).caseCode, rank: 2 },
      ],
      waitlistedAbove: [],
    });
    for (const response of [await decideInOrder(ranked.third, { decision: "waitlisted" }, { confirmed: false }), await decideInOrder(ranked.third, { decision: "waitlisted" })]) {
      expect(response.status).toBe(409);
      expect(fieldErrors(await readJson<Reply>(response), "rankOrderReason")).toEqual(["review.refusals.rank_reason_required"]);
    }
    expect(countRows(schema.committeeDecisions, eq(schema.committeeDecisions.caseId, ranked.third))).toBe(0);
  });

  it("stores the reason with the decision and writes it, with the plans passed over, to the audit log", async () => {
    const reason = "The applicant asked for a decision before leaving for the front.";
    expect((await decideInOrder(ranked.third, { decision: "waitlisted", rankOrderReason: reason })).status).toBe(302);
    const stored = db.select().from(schema.committeeDecisions).where(eq(schema.committeeDecisions.caseId, ranked.third)).get()!;
    expect(stored.rankOrderReason).toBe(reason);
    const audit = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.caseId, ranked.third), eq(schema.auditLog.action, "decide"))).get()!;
    expect(audit.after).toMatchObject({ rankOrderReason: reason, rank: 3, passedOver: [caseRow(ranked.first).caseCode, caseRow(ranked.second).caseCode] });
  });

  it("needs no reason in rank order, and keeps none when one is given", async () => {
    expect((await decideInOrder(ranked.first, { decision: "approved", inKindMinor: "80000", cashMinor: "20000", rankOrderReason: "Not needed." })).status).toBe(302);
    expect(db.select().from(schema.committeeDecisions).where(eq(schema.committeeDecisions.caseId, ranked.first)).get()!.rankOrderReason).toBeNull();
    expect((await decideInOrder(ranked.second, { decision: "waitlisted" })).status).toBe(302);
  });

  it("asks why an approval passes over a waitlisted plan ranked above", async () => {
    // The second plan (rank 1 now) is waitlisted; approving the third (rank 2) passes it over.
    const refused = await decideInOrder(ranked.third, { decision: "approved", inKindMinor: "80000", cashMinor: "20000" });
    expect(refused.status).toBe(409);
    expect(fieldErrors(await readJson<Reply>(refused), "rankOrderReason")).toEqual(["review.refusals.rank_reason_required"]);
    const approved = await decideInOrder(ranked.third, { decision: "approved", inKindMinor: "80000", cashMinor: "20000", rankOrderReason: "Its equipment is on a supplier's discount until Friday." });
    expect(approved.status).toBe(302);
    expect(caseRow(ranked.third)).toMatchObject({ stage: "grant_agreement", decision: "approved" });
  });
});

describe("training", () => {
  let attending: number;
  let absent: number;
  let sessionId: number;

  beforeAll(() => {
    attending = eligibleCase(trainingProgramme.id);
    absent = eligibleCase(trainingProgramme.id);
  });

  it("creates a session and lists it for the programme", async () => {
    expect(caseRow(attending).stage).toBe("training");
    const invalid = await post(training.action, "/training", { intent: "create", programmeId: String(trainingProgramme.id), title: "", heldOn: "2026-13-01" }, cookie.officer);
    expect(invalid.status).toBe(400);
    const reply = await readJson<Reply>(invalid);
    expect(fieldErrors(reply, "title")).toEqual(["errors.required"]);
    expect(fieldErrors(reply, "heldOn")).toEqual(["errors.date"]);
    const response = await post(
      training.action,
      "/training",
      { intent: "create", programmeId: String(trainingProgramme.id), title: "Business basics", heldOn: "2026-09-15", place: "Dnipro" },
      cookie.officer,
    );
    expect(response.status).toBe(302);
    sessionId = Number(response.headers.get("Location")!.split("/").pop());
    const list = await readJson<{ programme: { id: number }; sessions: Paged<{ id: number; title: string; attendees: number }> }>(
      await get(training.loader, `/training?programme=${trainingProgramme.id}`, cookie.officer),
    );
    expect(list.programme.id).toBe(trainingProgramme.id);
    expect(list.sessions).toEqual({ total: 1, page: 1, pageCount: 1, items: [expect.objectContaining({ id: sessionId, title: "Business basics", attendees: 0 })] });
  });

  const registerPage = async () =>
    readJson<RegisterPage>(await get(trainingSession.loader, `/training/${sessionId}`, cookie.officer, { sessionId: String(sessionId) }));

  it("refuses to complete training without attendance", async () => {
    const response = await post(trainingSession.action, `/training/${sessionId}`, completionForm(await registerPage(), absent), cookie.officer, { sessionId: String(sessionId) });
    expect(response.status).toBe(409);
    expect(await readJson(response)).toMatchObject({ refusal: { caseId: absent, message: "review.refusals.no_attendance" } });
    expect(caseRow(absent).stage).toBe("training");
  });

  it("records attendance and completes training: the case moves on to the business plan", async () => {
    const saved = await post(trainingSession.action, `/training/${sessionId}`, registerForm(await registerPage(), { [attending]: true }), cookie.officer, { sessionId: String(sessionId) });
    expect(saved.status).toBe(200);
    const register = await readJson<{ trainees: Array<{ caseId: number; attendedThisSession: boolean }> }>(
      await get(trainingSession.loader, `/training/${sessionId}`, cookie.officer, { sessionId: String(sessionId) }),
    );
    expect(register.trainees.find((trainee) => trainee.caseId === attending)?.attendedThisSession).toBe(true);
    expect(register.trainees.find((trainee) => trainee.caseId === absent)?.attendedThisSession).toBe(false);
    const completed = await post(trainingSession.action, `/training/${sessionId}`, completionForm(await registerPage(), attending), cookie.officer, {
      sessionId: String(sessionId),
    });
    expect(completed.status).toBe(200);
    expect(caseRow(attending)).toMatchObject({ stage: "business_plan" });
    expect(caseRow(attending).trainingCompletedOn).not.toBeNull();
  });

  it("keeps the trainee who completed on the register, and their attendance when it is saved again", async () => {
    // The trainee who completed stays listed (shown as completed); unticking the other changes nothing.
    expect((await registerPage()).trainees.map((trainee) => trainee.caseId).sort((a, b) => a - b)).toEqual([attending, absent].sort((a, b) => a - b));
    await post(trainingSession.action, `/training/${sessionId}`, registerForm(await registerPage(), { [absent]: false }), cookie.officer, { sessionId: String(sessionId) });
    const attendees = db.select().from(schema.trainingAttendance).where(eq(schema.trainingAttendance.sessionId, sessionId)).all();
    expect(attendees.filter((row) => row.attended).map((row) => row.caseId)).toEqual([attending]);
    const register = await readJson(await get(trainingSession.loader, `/training/${sessionId}`, cookie.officer, { sessionId: String(sessionId) }));
    // Nobody left the register without completing.
    expect(register).toMatchObject({ movedOn: 0 });
  });
});

describe("rubric editor", () => {
  const rubricForm = (weights: number[]) => ({
    version: String(db.select().from(schema.programmes).where(eq(schema.programmes.id, rubricProgramme.id)).get()!.version),
    ...Object.fromEntries(weights.flatMap((weight, index) => [[`criteria[${index}].key`, `criterion_${index}`], [`criteria[${index}].weight`, String(weight)]])),
    scaleMin: "1",
    scaleMax: "5",
    recommendationThreshold: "65",
    "disagreementThreshold.criterion": "2",
    "disagreementThreshold.total": "15",
  });

  it("shows that weights must add up to 100, and saves nothing", async () => {
    const response = await post(rubricEditor.action, `/admin/programmes/${rubricProgramme.id}/rubric`, rubricForm([50, 40]), cookie.admin, {
      programmeId: String(rubricProgramme.id),
    });
    expect(response.status).toBe(400);
    expect(fieldErrors(await readJson<Reply>(response), "criteria")).toEqual(["review.rubric.errors.weightSum"]);
    expect(db.select().from(schema.programmes).where(eq(schema.programmes.id, rubricProgramme.id)).get()!.rubric).toBeNull();
  });

  it("refuses a key used twice and a scale upside down", async () => {
    const form = { ...rubricForm([50, 50]), "criteria[1].key": "criterion_0", scaleMin: "5", scaleMax: "1" };
    const reply = await readJson<Reply>(await post(rubricEditor.action, `/admin/programmes/${rubricProgramme.id}/rubric`, form, cookie.admin, { programmeId: String(rubricProgramme.id) }));
    expect(fieldErrors(reply, "criteria[1].key")).toEqual(["review.rubric.errors.duplicateKey"]);
    expect(fieldErrors(reply, "scaleMax")).toEqual(["review.rubric.errors.scaleOrder"]);
  });

  it("saves a valid rubric on the programme with an audit entry", async () => {
    const auditsBefore = auditCount(and(eq(schema.auditLog.entityType, "programme"), eq(schema.auditLog.entityId, String(rubricProgramme.id)), eq(schema.auditLog.action, "update")));
    const response = await post(rubricEditor.action, `/admin/programmes/${rubricProgramme.id}/rubric`, rubricForm([60, 40]), cookie.admin, {
      programmeId: String(rubricProgramme.id),
    });
    expect(response.status).toBe(302);
    expect(db.select().from(schema.programmes).where(eq(schema.programmes.id, rubricProgramme.id)).get()!.rubric).toEqual({
      criteria: [
        { key: "criterion_0", weight: 60 },
        { key: "criterion_1", weight: 40 },
      ],
      scaleMin: 1,
      scaleMax: 5,
      recommendationThreshold: 65,
      disagreementThreshold: { criterion: 2, total: 15 },
    });
    expect(auditCount(and(eq(schema.auditLog.entityType, "programme"), eq(schema.auditLog.entityId, String(rubricProgramme.id)), eq(schema.auditLog.action, "update")))).toBe(
      auditsBefore + 1,
    );
    const page = await readJson(await get(rubricEditor.loader, `/admin/programmes/${rubricProgramme.id}/rubric`, cookie.admin, { programmeId: String(rubricProgramme.id) }));
    expect(page).toMatchObject({ usingDefault: false, rubric: { recommendationThreshold: 65 } });
  });

  it("refuses a save over someone else's newer version", async () => {
    const stale = { ...rubricForm([70, 30]), version: "1" };
    const response = await post(rubricEditor.action, `/admin/programmes/${rubricProgramme.id}/rubric`, stale, cookie.admin, { programmeId: String(rubricProgramme.id) });
    expect(response.status).toBe(409);
    expect(formErrors(await readJson<Reply>(response))).toEqual(["errors.staleRecord"]);
  });
});

describe("access", () => {
  let caseId: number;
  let assignmentId: number;
  let sessionId: number;

  beforeAll(async () => {
    caseId = caseInReview();
    db.update(schema.cases).set({ partnerOrganisationId: partnerId }).where(eq(schema.cases.id, caseId)).run();
    await reviewFully(caseId, [4, 4]);
    await decide(caseId, { decision: "waitlisted" });
    assignmentId = assignmentOf(caseId, user.reviewerA.id).id;
    sessionId = db.select().from(schema.trainingSessions).get()?.id ?? 1;
  });

  const pages = (): Array<[string, RouteFunction, string, Record<string, string>]> => [
    ["training", training.loader, "/training", {}],
    ["training session", trainingSession.loader, `/training/${sessionId}`, { sessionId: String(sessionId) }],
    ["review queue", reviewQueue.loader, "/reviews", {}],
    ["review assignment", assignmentPage.loader, `/reviews/${assignmentId}`, { assignmentId: String(assignmentId) }],
    ["review panel", casePanel.loader, `/cases/${caseId}/review`, { caseId: String(caseId) }],
    ["committee", committee.loader, "/committee", {}],
    ["committee decision", committeeCase.loader, `/committee/${caseId}`, { caseId: String(caseId) }],
    ["decision letter", decisionLetter.loader, `/cases/${caseId}/decision-letter`, { caseId: String(caseId) }],
    ["rubric editor", rubricEditor.loader, `/admin/programmes/${programme.id}/rubric`, { programmeId: String(programme.id) }],
  ];

  it("denies every review page to mentors, even for a case of their organisation, and to evaluators", async () => {
    for (const role of ["mentor", "evaluator"] as const) {
      for (const [name, loader, path, params] of pages()) {
        const response = await get(loader, path, cookie[role], params);
        expect(response.status, `${role} on ${name}`).toBe(403);
      }
    }
  });

  it("denies mentors and evaluators the review actions", async () => {
    const actions: Array<[RouteFunction, string, Record<string, string | string[]>, Record<string, string>]> = [
      [training.action, "/training", { intent: "create", programmeId: String(trainingProgramme.id), title: "X", heldOn: "2026-09-15" }, {}],
      [trainingSession.action, `/training/${sessionId}`, { intent: "attendance" }, { sessionId: String(sessionId) }],
      [assignmentPage.action, `/reviews/${assignmentId}`, { intent: "declare", conflict: "no" }, { assignmentId: String(assignmentId) }],
      [casePanel.action, `/cases/${caseId}/review`, assignForm(caseId, [user.reviewerA.id]), { caseId: String(caseId) }],
      [committeeCase.action, `/committee/${caseId}`, { intent: "decide", decision: "rejected", reason: "x", committeeDate: "2026-11-20", members: "A, B" }, { caseId: String(caseId) }],
      [rubricEditor.action, `/admin/programmes/${programme.id}/rubric`, {}, { programmeId: String(programme.id) }],
    ];
    for (const role of ["mentor", "evaluator"] as const) {
      for (const [action, path, form, params] of actions) {
        expect((await post(action, path, form, cookie[role], params)).status, `${role} posting to ${path}`).toBe(403);
      }
    }
    expect(caseRow(caseId)).toMatchObject({ status: "waitlisted" });
  });

  it("lets reviewers score but not reach training, the committee, the panel or the rubric", async () => {
    expect((await get(reviewQueue.loader, "/reviews", cookie.reviewerA)).status).toBe(200);
    for (const [name, loader, path, params] of pages().filter(([name]) => name !== "review queue" && name !== "review assignment")) {
      expect((await get(loader, path, cookie.reviewerA, params)).status, `reviewer on ${name}`).toBe(403);
    }
    expect((await get(assignmentPage.loader, `/reviews/${assignmentId}`, cookie.reviewerA, { assignmentId: String(assignmentId) })).status).toBe(200);
  });

  it("lets only admins edit the rubric", async () => {
    expect((await get(rubricEditor.loader, `/admin/programmes/${programme.id}/rubric`, cookie.officer, { programmeId: String(programme.id) })).status).toBe(403);
    expect((await get(rubricEditor.loader, `/admin/programmes/${programme.id}/rubric`, cookie.admin, { programmeId: String(programme.id) })).status).toBe(200);
  });
});

describe("rubrics stored before criteria had names and scores had meanings", () => {
  // As programmes.rubric and business_plan_versions.rubric held them before: keys and weights.
  const stored = {
    criteria: [
      { key: "business_viability", weight: 50 },
      { key: "tourism_potential", weight: 50 },
    ],
    scaleMin: 1,
    scaleMax: 5,
    recommendationThreshold: 55,
    disagreementThreshold: { criterion: 2, total: 20 },
  };
  let oldProgramme: Programme;

  beforeAll(() => {
    oldProgramme = createTestProgramme({ code: "REVIEW-OLD", trainingRequired: false, minReviewers: 2, grantCeilingMinor: 20_000_000 });
    db.update(schema.programmes).set({ rubric: stored }).where(eq(schema.programmes.id, oldProgramme.id)).run();
  });

  it("opens in the editor as stored, not as the default", async () => {
    const page = await readJson<{ usingDefault: boolean; rubric: unknown }>(
      await get(rubricEditor.loader, `/admin/programmes/${oldProgramme.id}/rubric`, cookie.admin, { programmeId: String(oldProgramme.id) }),
    );
    expect(page.usingDefault).toBe(false);
    expect(page.rubric).toEqual(stored);
  });

  it("is the rubric a reviewer scores against, and scores by it", async () => {
    const caseId = eligibleCase(oldProgramme.id);
    savePlan(user.officer, caseId, planInput(0));
    submitPlan(user.officer, caseId);
    const assigned = await post(casePanel.action, `/cases/${caseId}/review`, assignForm(caseId, [user.reviewerA.id, user.reviewerB.id]), cookie.officer, { caseId: String(caseId) });
    expect(assigned.status).toBe(200);
    const assignment = assignmentOf(caseId, user.reviewerA.id);
    expect(db.select().from(schema.businessPlanVersions).where(eq(schema.businessPlanVersions.id, assignment.planVersionId)).get()!.rubric).toEqual(stored);
    expect((await declare(assignment.id, "no", cookie.reviewerA)).status).toBe(302);
    const view = await readJson<{ rubric: unknown }>(await loadAssignment(assignment.id, cookie.reviewerA));
    expect(view.rubric).toEqual(stored);
    const form = { intent: "score", "business_viability.score": "5", "business_viability.comment": "Sound.", "tourism_potential.score": "3", "tourism_potential.comment": "Some visitors." };
    expect((await score(assignment.id, form, cookie.reviewerA)).status).toBe(302);
    // 50 × 4/4 + 50 × 2/4 = 75.
    expect(assignmentOf(caseId, user.reviewerA.id)).toMatchObject({ status: "submitted", weightedTotalHundredths: 7500 });
  });
});
