// Edges of the review stage that the main flow does not walk through: a recusal that completes
// the reviews, a rubric edited while plans are under review, attachments before a reviewer's
// declaration, queues that drop cases no longer under review, and what the audit log keeps.
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, sqlite } from "~/lib/db.server";
import { backfillReviewResults } from "../../db/review-results";
import { saveRubric } from "~/modules/admin/programmes.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import { withdrawCase } from "~/modules/cases/withdrawal.server";
import { committeeBoard } from "~/modules/review/committee-board.server";
import { addAttachment, savePlan, submitPlan } from "~/modules/review/plans.server";
import { assignReviewers, declareConflict, reviewerQueue, reviewSummary, submitScores } from "~/modules/review/reviews.server";
import type { PlanInput } from "~/modules/review/schema";
import { budgetTotals } from "~/modules/review/budget";
import { defaultRubric, type Rubric } from "~/modules/review/scoring";
import * as home from "~/routes/_index";
import * as attachmentRoute from "~/routes/cases.$caseId_.attachments.$attachmentId";
import * as committeePage from "~/routes/committee._index";
import * as assignmentPage from "~/routes/reviews.$assignmentId";
import * as reviewQueuePage from "~/routes/reviews._index";
import { addDays, kyivToday } from "~/lib/kyiv-date";
import { kvedSectionOf } from "~/modules/intake/kved";
import { applicantInput } from "../helpers/applicants";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";

let programme: ReturnType<typeof createTestProgramme>;
let officer: TestUser;
let admin: TestUser;
const reviewers: TestUser[] = [];
const cookies = new Map<number, string>();

beforeAll(async () => {
  const { agency } = createTestOrganisations();
  programme = createTestProgramme({ code: "EDGE-1", trainingRequired: false, minReviewers: 2 });
  officer = await createTestUser("officer", { organisationId: agency.id });
  admin = await createTestUser("admin", { organisationId: agency.id });
  for (let index = 0; index < 3; index += 1) reviewers.push(await createTestUser("reviewer", { organisationId: agency.id }));
  for (const user of [officer, admin, ...reviewers]) cookies.set(user.id, await sessionCookieFor(user.id));
});

// The case's version, as the page an officer acts from would show it.
function caseVersion(caseId: number) {
  return db.select({ version: schema.cases.version }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()!.version;
}

let applicants = 0;
function plan(version: number, budget: PlanInput["budget"] = [{ item: "Oven", quantity: 1, unitCostMinor: 9_000_000, modality: "in_kind", supplierQuote: undefined }]): PlanInput {
  return {
    intent: "save",
    version,
    summary: "A bakery in the hromada centre.",
    products: "Bread and pastries.",
    market: "The nearest bakery is 12 km away.",
    competitors: "A supermarket's bread shelf.",
    experience: "Ten years as a baker in Mariupol.",
    premises: "A rented kitchen of 30 m².",
    risks: "Flour prices.",
    expectedJobsFullTime: 2,
    expectedJobsPartTime: 0,
    expectedMonthlyRevenueMinor: 4_000_000,
    coContributionMinor: 500_000,
    budget,
  };
}

// A case whose plan went to review; `beforeSubmitting` runs on the draft (files join a plan only
// while it can be written).
function caseInReview(beforeSubmitting?: (caseId: number) => void, budget?: PlanInput["budget"]) {
  applicants += 1;
  const result = registerApplicant(officer, applicantInput(programme.id, { surname: "Пекаренко", birthDate: `197${applicants % 10}-05-0${(applicants % 9) + 1}` }));
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  screenCase(officer, result.caseId, caseVersion(result.caseId));
  savePlan(officer, result.caseId, plan(0, budget));
  beforeSubmitting?.(result.caseId);
  submitPlan(officer, result.caseId);
  return result.caseId;
}

function assignmentOf(caseId: number, reviewer: TestUser) {
  return db
    .select()
    .from(schema.reviewAssignments)
    .where(and(eq(schema.reviewAssignments.caseId, caseId), eq(schema.reviewAssignments.reviewerId, reviewer.id)))
    .get()!;
}

function scores(rubric: Rubric, score: number) {
  return Object.fromEntries(rubric.criteria.map((criterion) => [criterion.key, { score, comment: "Reasoned." }]));
}

// Scores every criterion of the rubric the plan is reviewed against.
function scoreAs(reviewer: TestUser, caseId: number, score: number) {
  const rubric = reviewSummary(caseId)!.rubric;
  const assignment = assignmentOf(caseId, reviewer);
  declareConflict(reviewer, assignment.id, false);
  return submitScores(reviewer, assignment.id, scores(rubric, score));
}

function stageOf(caseId: number) {
  return db.select({ stage: schema.cases.stage, status: schema.cases.status }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
}

describe("a recusal after the other reviews are in", () => {
  it("sends the plan to the committee: nothing else is left to wait for", () => {
    const caseId = caseInReview();
    assignReviewers(officer, caseId, caseVersion(caseId), reviewers.map((reviewer) => reviewer.id));
    scoreAs(reviewers[0], caseId, 4);
    scoreAs(reviewers[1], caseId, 3);
    expect(stageOf(caseId)).toEqual({ stage: "review", status: "open" });
    declareConflict(reviewers[2], assignmentOf(caseId, reviewers[2]).id, true, "My cousin.");
    expect(stageOf(caseId)).toEqual({ stage: "committee", status: "open" });
  });

  it("keeps the plan in review when the recusal leaves fewer reviews than the minimum", () => {
    const caseId = caseInReview();
    assignReviewers(officer, caseId, caseVersion(caseId), [reviewers[0].id, reviewers[1].id]);
    scoreAs(reviewers[0], caseId, 4);
    declareConflict(reviewers[1], assignmentOf(caseId, reviewers[1]).id, true);
    expect(stageOf(caseId)).toEqual({ stage: "review", status: "open" });
  });
});

describe("what a plan's reviews came to", () => {
  const resultOf = (caseId: number) => {
    const plan = db.select().from(schema.businessPlans).where(eq(schema.businessPlans.caseId, caseId)).get()!;
    return db
      .select({
        id: schema.businessPlanVersions.id,
        reviewCount: schema.businessPlanVersions.reviewCount,
        planScoreHundredths: schema.businessPlanVersions.planScoreHundredths,
        recommended: schema.businessPlanVersions.recommended,
        reviewersDisagree: schema.businessPlanVersions.reviewersDisagree,
      })
      .from(schema.businessPlanVersions)
      .where(and(eq(schema.businessPlanVersions.planId, plan.id), eq(schema.businessPlanVersions.number, plan.currentVersion)))
      .get()!;
  };

  it("is stored when the plan goes to the committee, as the officer's summary works it out", () => {
    const caseId = caseInReview();
    assignReviewers(officer, caseId, caseVersion(caseId), [reviewers[0].id, reviewers[1].id]);
    scoreAs(reviewers[0], caseId, 5);
    // One review in: nothing is stored while the plan is still under review.
    expect(resultOf(caseId)).toMatchObject({ reviewCount: null, planScoreHundredths: null, recommended: null, reviewersDisagree: null });
    scoreAs(reviewers[1], caseId, 2);
    const summary = reviewSummary(caseId)!;
    // 5 everywhere is 100 points, 2 everywhere 25: mean 62.5, recommended (60), 3 points apart.
    expect(resultOf(caseId)).toMatchObject({ reviewCount: 2, planScoreHundredths: 6250, recommended: true, reviewersDisagree: true });
    expect(summary.score).toMatchObject({ planScore: 62.5, recommended: true });
    expect(summary.disagreement?.flagged).toBe(true);
  });

  it("is worked out by `npm run db:migrate` for plans that went to the committee before it was stored, once", () => {
    const atCommittee = caseInReview();
    assignReviewers(officer, atCommittee, caseVersion(atCommittee), [reviewers[0].id, reviewers[1].id]);
    scoreAs(reviewers[0], atCommittee, 4);
    scoreAs(reviewers[1], atCommittee, 4);
    const halfReviewed = caseInReview();
    assignReviewers(officer, halfReviewed, caseVersion(halfReviewed), [reviewers[0].id, reviewers[1].id]);
    scoreAs(reviewers[0], halfReviewed, 4);
    const stored = resultOf(atCommittee);
    expect(stored).toMatchObject({ reviewCount: 2, planScoreHundredths: 7500, recommended: true, reviewersDisagree: false });
    // As a database migrated to 0027 has it: the columns there, empty.
    db.update(schema.businessPlanVersions)
      .set({ reviewCount: null, planScoreHundredths: null, recommended: null, reviewersDisagree: null })
      .where(eq(schema.businessPlanVersions.id, stored.id))
      .run();

    expect(backfillReviewResults(sqlite)).toBe(1);
    expect(resultOf(atCommittee)).toEqual(stored);
    expect(resultOf(halfReviewed).reviewCount).toBeNull();
    expect(backfillReviewResults(sqlite)).toBe(0);
  });
});

describe("a rubric edited while a plan is under review", () => {
  it("scores the plan against the rubric its review began with, and the committee list still works", () => {
    const caseId = caseInReview();
    assignReviewers(officer, caseId, caseVersion(caseId), [reviewers[0].id, reviewers[1].id]);
    scoreAs(reviewers[0], caseId, 5);

    // The admin renames a criterion and changes the weights mid-review.
    const edited: Rubric = {
      ...defaultRubric,
      criteria: [
        { key: "viability", weight: 60 },
        { key: "jobs", weight: 40 },
      ],
    };
    const current = db.select().from(schema.programmes).where(eq(schema.programmes.id, programme.id)).get()!;
    saveRubric(admin, programme.id, { ...edited, version: current.version });

    // The second reviewer still scores the criteria the first one did.
    expect(() => scoreAs(reviewers[1], caseId, 1)).not.toThrow();
    const summary = reviewSummary(caseId)!;
    expect(summary.rubric.criteria.map((criterion) => criterion.key)).toEqual(defaultRubric.criteria.map((criterion) => criterion.key));
    expect(summary.score?.planScore).toBe(50);
    expect(summary.disagreement?.flagged).toBe(true);
    const row = committeeBoard(programme.id)!.ranked.find((candidate) => candidate.caseId === caseId);
    expect(row).toMatchObject({ planScore: 50, flagged: true });

    // A plan whose review starts after the edit is scored against the new rubric.
    const later = caseInReview();
    assignReviewers(officer, later, caseVersion(later), [reviewers[0].id, reviewers[1].id]);
    expect(reviewSummary(later)!.rubric.criteria.map((criterion) => criterion.key)).toEqual(["viability", "jobs"]);
    expect(() => scoreAs(reviewers[0], later, 4)).not.toThrow();
  });
});

describe("attachments and the conflict declaration", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

  it("refuses a reviewer the plan's files before the declaration and after a recusal, and serves them after 'no conflict'", async () => {
    let attachment!: ReturnType<typeof addAttachment>;
    const caseId = caseInReview((draft) => (attachment = addAttachment(officer, draft, { name: "quote.pdf", bytes: pdf })));
    assignReviewers(officer, caseId, caseVersion(caseId), [reviewers[0].id, reviewers[1].id]);
    const download = (reviewer: TestUser) =>
      callRoute(attachmentRoute.loader, request(`/cases/${caseId}/attachments/${attachment.id}`, { cookie: cookies.get(reviewer.id)! }), {
        caseId: String(caseId),
        attachmentId: String(attachment.id),
      });
    expect((await download(reviewers[0])).status).toBe(403);
    const listed = async () => {
      const response = await callRoute(assignmentPage.loader, request(`/reviews/${assignmentOf(caseId, reviewers[0]).id}`, { cookie: cookies.get(reviewers[0].id)! }), {
        assignmentId: String(assignmentOf(caseId, reviewers[0]).id),
      });
      return (await readJson<{ attachments: Array<{ id: number }> }>(response)).attachments.map((item) => item.id);
    };
    expect(await listed()).toEqual([]);
    declareConflict(reviewers[0], assignmentOf(caseId, reviewers[0]).id, false);
    expect(await listed()).toEqual([attachment.id]);
    const served = await download(reviewers[0]);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("application/pdf");
    declareConflict(reviewers[1], assignmentOf(caseId, reviewers[1]).id, true);
    expect((await download(reviewers[1])).status).toBe(403);
    // Unassigned reviewers never get it.
    expect((await download(reviewers[2])).status).toBe(403);
  });

  it("audits an upload with the file's checksum", () => {
    let attachment!: ReturnType<typeof addAttachment>;
    caseInReview((draft) => (attachment = addAttachment(officer, draft, { name: "premises.pdf", bytes: pdf })));
    const entry = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entityType, "attachment"), eq(schema.auditLog.entityId, String(attachment.id))))
      .get()!;
    expect(entry.after).toMatchObject({ fileName: "premises.pdf", sha256: attachment.sha256 });
  });
});

describe("queues", () => {
  it("drop a plan from a reviewer's queue once it has left review", () => {
    const caseId = caseInReview();
    assignReviewers(officer, caseId, caseVersion(caseId), [reviewers[0].id, reviewers[1].id]);
    expect(reviewerQueue(reviewers[1].id).items.map((item) => item.caseId)).toContain(caseId);
    withdrawCase(officer, caseId, caseVersion(caseId), "The applicant found a job.");
    expect(reviewerQueue(reviewers[1].id).items.map((item) => item.caseId)).not.toContain(caseId);
  });

  it("show an officer who sits on a panel the plans waiting for their own score", async () => {
    const caseId = caseInReview();
    assignReviewers(officer, caseId, caseVersion(caseId), [officer.id, reviewers[0].id]);
    const response = await callRoute(home.loader, request("/", { cookie: cookies.get(officer.id)! }));
    const data = await readJson<{ home: { reviewQueue: { items: Array<{ caseId: number }> } } }>(response);
    expect(data.home.reviewQueue.items.map((item) => item.caseId)).toContain(caseId);
  });
});

describe("the audit log", () => {
  it("keeps a plan's content before and after each save", () => {
    const caseId = caseInReview();
    const entry = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.caseId, caseId), eq(schema.auditLog.entityType, "business_plan"), eq(schema.auditLog.action, "update")))
      .orderBy(desc(schema.auditLog.id))
      .get()!;
    expect(entry.before).toMatchObject({ summary: "", budget: [] });
    expect(entry.after).toMatchObject({ summary: "A bakery in the hromada centre.", budget: [{ item: "Oven", unitCostMinor: 9_000_000 }] });
  });

  it("keeps each reviewer's scores and comments", () => {
    const caseId = caseInReview();
    assignReviewers(officer, caseId, caseVersion(caseId), [reviewers[0].id, reviewers[1].id]);
    scoreAs(reviewers[0], caseId, 4);
    const assignment = assignmentOf(caseId, reviewers[0]);
    const [first] = reviewSummary(caseId)!.rubric.criteria;
    const entry = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "score"), eq(schema.auditLog.entityId, String(assignment.id))))
      .get()!;
    expect(entry.after).toMatchObject({ scores: { [first.key]: { score: 4, comment: "Reasoned." } } });
  });
});

describe("the reviewer's queue", () => {
  it("comes a page at a time, in the same order, with the whole queue's count", () => {
    for (let index = 0; index < 3; index++) {
      const caseId = caseInReview();
      assignReviewers(officer, caseId, caseVersion(caseId), [reviewers[0].id, reviewers[2].id]);
    }
    const whole = reviewerQueue(reviewers[0].id);
    expect(whole.total).toBeGreaterThanOrEqual(3);
    const pages = Array.from({ length: whole.total }, (_, index) => reviewerQueue(reviewers[0].id, { page: index + 1, size: 1 }));
    expect(pages.map((page) => page.items.length)).toEqual(pages.map(() => 1));
    expect(pages.flatMap((page) => page.items.map((item) => item.assignmentId))).toEqual(whole.items.map((item) => item.assignmentId));
    expect(pages[0]).toMatchObject({ total: whole.total, page: 1, pageCount: whole.total });
  });

  it("shows the business, its sector and oblast, and a due date fixed at assignment, soonest first", async () => {
    const today = kyivToday();
    const first = caseInReview();
    assignReviewers(officer, first, caseVersion(first), [reviewers[2].id, reviewers[1].id]);
    // A later change of the programme's review days does not move a due date already given.
    db.update(schema.programmes).set({ reviewDays: 3 }).where(eq(schema.programmes.id, programme.id)).run();
    const second = caseInReview();
    assignReviewers(officer, second, caseVersion(second), [reviewers[2].id, reviewers[1].id]);
    const queue = reviewerQueue(reviewers[2].id).items.filter((row) => row.caseId === first || row.caseId === second);
    expect(queue.map((row) => [row.caseId, row.dueOn])).toEqual([
      [second, addDays(today, 3)],
      [first, addDays(today, 10)],
    ]);
    const business = db.select().from(schema.businesses).where(eq(schema.businesses.caseId, first)).get()!;
    const kase = db.select().from(schema.cases).where(eq(schema.cases.id, first)).get()!;
    expect(queue[1]).toMatchObject({
      businessName: business.name,
      sector: { code: kvedSectionOf(business.kvedCode!)!.code },
      oblast: { nameUk: db.select().from(schema.adminUnits).where(eq(schema.adminUnits.pcode, kase.oblastPcode!)).get()!.nameUk },
    });
    const page = await readJson<{ queue: { items: Array<{ caseId: number; dueOn: string }> } }>(
      await callRoute(reviewQueuePage.loader, request("/reviews", { cookie: cookies.get(reviewers[2].id) })),
    );
    expect(page.queue.items.filter((row) => row.caseId === first || row.caseId === second).map((row) => row.dueOn)).toEqual([addDays(today, 3), addDays(today, 10)]);
    db.update(schema.programmes).set({ reviewDays: 10 }).where(eq(schema.programmes.id, programme.id)).run();
  });
});

describe("the committee board", () => {
  it("ranks each plan by what budget.ts adds up from its lines, and names the applicants of the page shown", async () => {
    const budget: PlanInput["budget"] = [
      { item: "Oven", quantity: 1, unitCostMinor: 9_000_000, modality: "in_kind", supplierQuote: undefined },
      { item: "Flour, sacks", quantity: 3, unitCostMinor: 123_456, modality: "cash", supplierQuote: undefined },
      { item: "Mixer", quantity: 2, unitCostMinor: 1_500_001, modality: "in_kind", supplierQuote: undefined },
    ];
    const caseId = caseInReview(undefined, budget);
    assignReviewers(officer, caseId, caseVersion(caseId), [reviewers[0].id, reviewers[1].id]);
    scoreAs(reviewers[0], caseId, 4);
    scoreAs(reviewers[1], caseId, 4);
    expect(stageOf(caseId)).toEqual({ stage: "committee", status: "open" });

    const row = committeeBoard(programme.id)!.ranked.find((candidate) => candidate.caseId === caseId)!;
    expect(row.requestedMinor).toBe(budgetTotals(budget, 500_000).requestedMinor);
    expect(row.requestedMinor).toBe(9_000_000 + 370_368 + 3_000_002);
    // The ranking itself carries no names: only the page shown reads them.
    expect(row).not.toHaveProperty("surname");

    const response = await callRoute(committeePage.loader, request(`/committee?programme=${programme.id}`, { cookie: cookies.get(officer.id)! }));
    const { board } = await readJson<{ board: { ranked: { items: Array<{ caseId: number; surname: string; requestedMinor: number }> } } }>(response);
    expect(board.ranked.items.find((item) => item.caseId === caseId)).toMatchObject({ surname: "Пекаренко", requestedMinor: 12_370_370 });
  });
});
