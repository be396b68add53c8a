// The business plan page (cases.$caseId_.plan) and attachment downloads
// (cases.$caseId_.attachments.$attachmentId): drafting with budget lines, optimistic locking,
// submission and its problems, who may open the plan, and attachments checked by content
// (domain.md §1, §5, §8).
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { addAttachment, startRevision } from "~/modules/review/plans.server";
import * as attachmentRoute from "~/routes/cases.$caseId_.attachments.$attachmentId";
import * as planPage from "~/routes/cases.$caseId_.plan";
import { applicantInput } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  countRows,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  formErrors,
  readJson,
  request,
  sessionCookieFor,
  type Reply,
  type TestUser,
} from "../helpers/foundation";

type PlanActionData = {
  plan: Reply | null;
  upload: Reply | null;
  outcome: "saved" | "confirm" | "submitted" | "uploaded" | null;
  confirm: { planVersion: number; number: number; requestedMinor: number; inKindMinor: number; cashMinor: number; coContributionMinor: number } | null;
  problems: Array<{ code: string; sections?: string[] }>;
  uploadedName: string | null;
  stale: { record: string; action: string; by: string | null; at: string | null } | null;
};
type PlanPageData = Awaited<ReturnType<typeof planPage.loader>>;

// Ceiling UAH 200,000 (in kopiykas), no training required: screening leads straight to the plan.
const ceilingMinor = 20_000_000;
let programme: ReturnType<typeof createTestProgramme>;
let partnerA: { id: number };
let officer: TestUser;
let mentorA: TestUser;
const cookieOf = { officer: "", mentorA: "", mentorB: "", evaluator: "", reviewer: "", otherReviewer: "" };
let reviewerId = 0;
let uploadDir = "";

beforeAll(async () => {
  uploadDir = mkdtempSync(join(tmpdir(), "plan-uploads-"));
  process.env.UPLOAD_DIR = uploadDir;
  const organisations = createTestOrganisations();
  partnerA = organisations.partnerA;
  programme = createTestProgramme({ code: "PLAN-1", trainingRequired: false, grantCeilingMinor: ceilingMinor });
  const [createdOfficer, createdMentorA, mentorB, evaluator, reviewer, otherReviewer] = await Promise.all([
    createTestUser("officer", { organisationId: organisations.agency.id }),
    createTestUser("mentor", { organisationId: partnerA.id }),
    createTestUser("mentor", { organisationId: organisations.partnerB.id }),
    createTestUser("evaluator", { organisationId: organisations.agency.id }),
    createTestUser("reviewer", { organisationId: organisations.agency.id }),
    createTestUser("reviewer", { organisationId: organisations.agency.id }),
  ]);
  officer = createdOfficer;
  mentorA = createdMentorA;
  reviewerId = reviewer.id;
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.mentorA = await sessionCookieFor(mentorA.id);
  cookieOf.mentorB = await sessionCookieFor(mentorB.id);
  cookieOf.evaluator = await sessionCookieFor(evaluator.id);
  cookieOf.reviewer = await sessionCookieFor(reviewer.id);
  cookieOf.otherReviewer = await sessionCookieFor(otherReviewer.id);
});

afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

// An eligible applicant of partner NGO A, screened: the case waits at the business plan stage.
function caseAtPlanStage() {
  const result = registerApplicant(
    officer,
    applicantInput(programme.id, { partnerOrganisationId: String(partnerA.id), mentorId: String(mentorA.id) }),
  );
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  screenCase(officer, result.caseId, caseRow(result.caseId).version);
  expect(caseRow(result.caseId).stage).toBe("business_plan");
  return result.caseId;
}

function caseRow(caseId: number) {
  return db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
}

function planOf(caseId: number) {
  return db.select().from(schema.businessPlans).where(eq(schema.businessPlans.caseId, caseId)).get();
}

function versionOf(caseId: number, number?: number) {
  const plan = planOf(caseId)!;
  return db
    .select()
    .from(schema.businessPlanVersions)
    .where(and(eq(schema.businessPlanVersions.planId, plan.id), eq(schema.businessPlanVersions.number, number ?? plan.currentVersion)))
    .get()!;
}

function linesOf(planVersionId: number) {
  return db.select().from(schema.budgetLines).where(eq(schema.budgetLines.planVersionId, planVersionId)).orderBy(asc(schema.budgetLines.position)).all();
}

const completeSections = {
  summary: "A tailoring workshop in Dnipro making and mending clothes.",
  products: "Made-to-measure dresses, school uniforms and alterations.",
  market: "Displaced families and neighbours in the hromada; about 300 households nearby.",
  competitors: "Two ateliers in the centre, both with long waiting times.",
  experience: "Twelve years as a seamstress at a garment factory in Kharkiv.",
  premises: "A rented room of 18 m² on the ground floor.",
  risks: "Power cuts: a generator is shared with the neighbouring shop.",
};

type BudgetLineForm = { item: string; quantity: string; unitCostMinor: string; modality: string; supplierQuote?: string };

const twoLines: BudgetLineForm[] = [
  { item: "Industrial sewing machine", quantity: "2", unitCostMinor: "12000", modality: "in_kind", supplierQuote: "Quote 17/2025, ShveiTech" },
  { item: "Fabric", quantity: "10", unitCostMinor: "350.50", modality: "cash" },
];

function planForm(options: {
  intent: "save" | "submit";
  version: number;
  sections?: Partial<Record<keyof typeof completeSections, string>>;
  budget?: BudgetLineForm[];
  coContribution?: string;
}): Record<string, string> {
  const form: Record<string, string> = {
    intent: options.intent,
    version: String(options.version),
    ...(options.sections ?? completeSections),
    expectedJobsFullTime: "2",
    expectedJobsPartTime: "1",
    expectedMonthlyRevenueMinor: "30000",
    coContributionMinor: options.coContribution ?? "5000",
  };
  (options.budget ?? twoLines).forEach((line, index) => {
    for (const [key, value] of Object.entries(line)) form[`budget[${index}].${key}`] = value;
  });
  return form;
}

function postPlan(caseId: number, form: Record<string, string>, cookie = cookieOf.officer) {
  return callRoute(planPage.action, request(`/cases/${caseId}/plan`, { form, cookie }), { caseId: String(caseId) });
}

// Submitting takes two presses: "submit" saves and shows the plan back, "confirm-submit" sends it.
async function submitForReview(caseId: number, form: Record<string, string>, cookie = cookieOf.officer) {
  const checked = await readJson<PlanActionData>(await postPlan(caseId, form, cookie));
  expect(checked.outcome).toBe("confirm");
  return postPlan(caseId, { intent: "confirm-submit", version: String(checked.confirm!.planVersion) }, cookie);
}

function loadPage(caseId: number, cookie = cookieOf.officer, search = "") {
  return callRoute(planPage.loader, request(`/cases/${caseId}/plan${search}`, { cookie }), { caseId: String(caseId) });
}

async function pageData(caseId: number, cookie = cookieOf.officer, search = "") {
  const response = await loadPage(caseId, cookie, search);
  expect(response.status).toBe(200);
  return readJson<PlanPageData>(response);
}

async function saveDraft(caseId: number, overrides: Partial<Parameters<typeof planForm>[0]> = {}) {
  const version = planOf(caseId)?.version ?? 0;
  const response = await postPlan(caseId, planForm({ intent: "save", version, ...overrides }));
  expect(response.status).toBe(200);
  return readJson<PlanActionData>(response);
}

describe("saving a draft", () => {
  it("stores the sections and two budget lines, and the page shows the totals per modality", async () => {
    const caseId = caseAtPlanStage();
    const before = await pageData(caseId);
    expect(before).toMatchObject({ plan: null, writable: true, lines: [] });

    const reply = await saveDraft(caseId);
    expect(reply).toMatchObject({ outcome: "saved", problems: [] });

    const plan = planOf(caseId)!;
    expect(plan).toMatchObject({ status: "draft", currentVersion: 1, version: 2 });
    const version = versionOf(caseId);
    expect(version).toMatchObject({
      summary: completeSections.summary,
      expectedJobsFullTime: 2,
      expectedJobsPartTime: 1,
      expectedMonthlyRevenueMinor: 3_000_000,
      coContributionMinor: 500_000,
      submittedAt: null,
    });
    expect(linesOf(version.id)).toMatchObject([
      { position: 0, item: "Industrial sewing machine", quantity: 2, unitCostMinor: 1_200_000, modality: "in_kind", supplierQuote: "Quote 17/2025, ShveiTech" },
      { position: 1, item: "Fabric", quantity: 10, unitCostMinor: 35_050, modality: "cash", supplierQuote: null },
    ]);

    const page = await pageData(caseId);
    expect(page.totals).toEqual({
      inKindMinor: 2_400_000,
      cashMinor: 350_500,
      requestedMinor: 2_750_500,
      coContributionMinor: 500_000,
      totalMinor: 3_250_500,
      coContributionShare: 500_000 / 3_250_500,
    });
    expect(page.programme).toEqual({ currency: "UAH", ceilingMinor });
    expect(page).toMatchObject({ writable: true, plan: { status: "draft", version: 2, isCurrent: true } });
  });

  it("shows each invalid budget cell's error next to it and stores nothing", async () => {
    const caseId = caseAtPlanStage();
    const response = await postPlan(
      caseId,
      planForm({ intent: "save", version: 0, budget: [{ item: "", quantity: "0", unitCostMinor: "twelve", modality: "barter" }] }),
    );
    expect(response.status).toBe(400);
    const reply = (await readJson<PlanActionData>(response)).plan!;
    expect(reply.error?.["budget[0].item"]).toEqual(["errors.required"]);
    expect(reply.error?.["budget[0].quantity"]).toEqual(["errors.numberTooSmall"]);
    expect(reply.error?.["budget[0].unitCostMinor"]).toEqual(["errors.money"]);
    expect(reply.error?.["budget[0].modality"]).toEqual(["errors.required"]);
    expect(planOf(caseId)).toBeUndefined();
  });

  it("adds and removes budget lines without JavaScript: Conform's list intents come back with the rows", async () => {
    const caseId = caseAtPlanStage();
    const form = planForm({ intent: "save", version: 0 });
    delete form.intent;
    const insert = { ...form, __intent__: JSON.stringify({ type: "insert", payload: { name: "budget", defaultValue: { quantity: "1", modality: "in_kind" } } }) };
    const inserted = await postPlan(caseId, insert);
    expect(inserted.status).toBe(200);
    const insertedValue = (await readJson<PlanActionData>(inserted)).plan!.initialValue as { budget: unknown[] };
    expect(insertedValue.budget).toHaveLength(3);

    const remove = { ...form, __intent__: JSON.stringify({ type: "remove", payload: { name: "budget", index: 0 } }) };
    const removed = await postPlan(caseId, remove);
    const removedValue = (await readJson<PlanActionData>(removed)).plan!.initialValue as { budget: Array<{ item: string }> };
    expect(removedValue.budget.map((line) => line.item)).toEqual(["Fabric"]);
    expect(planOf(caseId)).toBeUndefined();
  });

  it("refuses a save from a stale version with 409 and keeps the other person's changes", async () => {
    const caseId = caseAtPlanStage();
    await saveDraft(caseId);
    const stored = planOf(caseId)!;
    // The mentor saves in the meantime…
    const mentorSave = await postPlan(caseId, planForm({ intent: "save", version: stored.version, sections: { ...completeSections, risks: "Mentor's risks" } }), cookieOf.mentorA);
    expect(mentorSave.status).toBe(200);
    // …and the officer's form still carries the version it was opened with.
    const planAudits = () => auditCount(and(eq(schema.auditLog.entityType, "business_plan"), eq(schema.auditLog.caseId, caseId)));
    const auditsBefore = planAudits();
    const response = await postPlan(caseId, planForm({ intent: "save", version: stored.version, sections: { ...completeSections, risks: "Officer's risks" } }));
    expect(response.status).toBe(409);
    const reply = await readJson<PlanActionData>(response);
    expect(formErrors(reply.plan!)).toEqual(["errors.staleRecord"]);
    // The refusal says what happened meanwhile: the mentor's save, when.
    expect(reply.stale).toEqual({ record: "business_plan", action: "update", by: mentorA.name, at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    // The officer's text comes back in the reply, so the form keeps it.
    expect(reply.plan?.initialValue).toMatchObject({ risks: "Officer's risks" });
    expect(versionOf(caseId).risks).toBe("Mentor's risks");
    expect(planOf(caseId)!.version).toBe(stored.version + 1);
    expect(planAudits()).toBe(auditsBefore);
  });
});

describe("submitting for review", () => {
  it("lists a missing section, saves the draft and submits nothing", async () => {
    const caseId = caseAtPlanStage();
    const response = await postPlan(caseId, planForm({ intent: "submit", version: 0, sections: { ...completeSections, competitors: "  ", risks: "" } }));
    expect(response.status).toBe(200);
    const reply = await readJson<PlanActionData>(response);
    expect(reply.outcome).toBe("saved");
    expect(reply.problems).toEqual([{ code: "section_missing", sections: ["competitors", "risks"] }]);
    expect(caseRow(caseId).stage).toBe("business_plan");
    expect(planOf(caseId)!.status).toBe("draft");
    expect(versionOf(caseId).submittedAt).toBeNull();
    expect(linesOf(versionOf(caseId).id)).toHaveLength(2);
  });

  it("lists a missing budget", async () => {
    const caseId = caseAtPlanStage();
    const reply = await readJson<PlanActionData>(await postPlan(caseId, planForm({ intent: "submit", version: 0, budget: [] })));
    expect(reply.problems).toEqual([{ code: "budget_missing" }]);
    expect(caseRow(caseId).stage).toBe("business_plan");
  });

  it("refuses a plan that asks for more than the programme's ceiling", async () => {
    const caseId = caseAtPlanStage();
    // UAH 200,000.01 requested: one kopiyka above the ceiling.
    const budget = [
      { item: "Delivery van", quantity: "1", unitCostMinor: "150000", modality: "in_kind" },
      { item: "Working capital", quantity: "1", unitCostMinor: "50000.01", modality: "cash" },
    ];
    const reply = await readJson<PlanActionData>(await postPlan(caseId, planForm({ intent: "submit", version: 0, budget })));
    expect(reply.problems).toEqual([{ code: "above_ceiling" }]);
    expect(caseRow(caseId).stage).toBe("business_plan");
    expect(planOf(caseId)!.status).toBe("draft");
    const page = await pageData(caseId);
    expect(page.totals?.requestedMinor).toBe(ceilingMinor + 1);
  });

  it("saves a complete plan and asks for confirmation before submitting it; nothing is submitted yet", async () => {
    const caseId = caseAtPlanStage();
    const response = await postPlan(caseId, planForm({ intent: "submit", version: 0 }));
    expect(response.status).toBe(200);
    const reply = await readJson<PlanActionData>(response);
    // 2 × 12,000 in kind, 10 × 350.50 in cash, 5,000 of the applicant's own.
    expect(reply).toMatchObject({ outcome: "confirm", problems: [] });
    expect(reply.confirm).toEqual({ planVersion: 2, number: 1, requestedMinor: 2_750_500, inKindMinor: 2_400_000, cashMinor: 350_500, coContributionMinor: 500_000 });
    expect(planOf(caseId)).toMatchObject({ status: "draft", version: 2 });
    expect(versionOf(caseId).submittedAt).toBeNull();
    expect(caseRow(caseId).stage).toBe("business_plan");
    // A confirmation from before a colleague's save is refused: they may have changed the plan.
    await saveDraft(caseId, { sections: { ...completeSections, risks: "A colleague's risks" } });
    const stale = await postPlan(caseId, { intent: "confirm-submit", version: "2" });
    expect(stale.status).toBe(409);
    expect(formErrors((await readJson<PlanActionData>(stale)).plan!)).toEqual(["errors.staleRecord"]);
    expect(caseRow(caseId).stage).toBe("business_plan");
    expect((await postPlan(caseId, { intent: "confirm-submit", version: "3" })).status).toBe(200);
    expect(caseRow(caseId).stage).toBe("review");
  });

  it("starts a new plan from the co-contribution given at registration", async () => {
    const caseId = caseAtPlanStage();
    // The applicant gave UAH 15,000 at registration (tests/helpers/applicants.ts).
    expect((await pageData(caseId)).registeredCoContributionMinor).toBe(1_500_000);
    db.update(schema.businesses).set({ coContributionMinor: 2_250_000 }).where(eq(schema.businesses.caseId, caseId)).run();
    expect((await pageData(caseId)).registeredCoContributionMinor).toBe(2_250_000);
  });

  it("submits a complete plan: the case moves to review and the page is read-only afterwards", async () => {
    const caseId = caseAtPlanStage();
    const response = await submitForReview(caseId, planForm({ intent: "submit", version: 0 }));
    expect(response.status).toBe(200);
    expect(await readJson<PlanActionData>(response)).toMatchObject({ outcome: "submitted", problems: [] });
    expect(caseRow(caseId).stage).toBe("review");
    expect(planOf(caseId)!.status).toBe("submitted");
    expect(versionOf(caseId).submittedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(versionOf(caseId).submittedByUserId).toBe(officer.id);

    const page = await pageData(caseId);
    expect(page).toMatchObject({ writable: false, mayAttach: false, plan: { status: "submitted" } });
    expect(page.shown?.summary).toBe(completeSections.summary);

    const again = await postPlan(caseId, planForm({ intent: "save", version: planOf(caseId)!.version, sections: { ...completeSections, summary: "Changed" } }));
    expect(again.status).toBe(409);
    expect(formErrors((await readJson<PlanActionData>(again)).plan!)).toEqual(["plans.errors.notEditable"]);
    expect(versionOf(caseId).summary).toBe(completeSections.summary);
  });

  it("shows a revision request and keeps the earlier version readable with ?version=N", async () => {
    const caseId = caseAtPlanStage();
    await submitForReview(caseId, planForm({ intent: "submit", version: 0 }));
    // What the committee's "revise" decision does to the plan and the case.
    db.transaction((tx) => startRevision(tx, caseId, "Explain how the van will be insured."));
    db.update(schema.cases).set({ stage: "business_plan" }).where(eq(schema.cases.id, caseId)).run();

    const current = await pageData(caseId);
    expect(current).toMatchObject({ writable: true, plan: { status: "revision_requested", isCurrent: true } });
    expect(current.shown).toMatchObject({ number: 2, revisionRequest: "Explain how the van will be insured." });
    expect(current.versions.map((version) => version.number)).toEqual([2, 1]);

    const earlier = await pageData(caseId, cookieOf.officer, "?version=1");
    expect(earlier).toMatchObject({ writable: false, plan: { isCurrent: false } });
    expect(earlier.shown).toMatchObject({ number: 1, revisionRequest: null });
    expect(earlier.lines).toHaveLength(2);

    expect((await loadPage(caseId, cookieOf.officer, "?version=7")).status).toBe(404);
  });
});

describe("who may open the plan", () => {
  it("lets the case's mentor (partner NGO A) open and save it", async () => {
    const caseId = caseAtPlanStage();
    expect((await loadPage(caseId, cookieOf.mentorA)).status).toBe(200);
    const response = await postPlan(caseId, planForm({ intent: "save", version: 0 }), cookieOf.mentorA);
    expect(response.status).toBe(200);
    expect(planOf(caseId)).toBeDefined();
  });

  it.each([
    ["a mentor of another organisation", "mentorB"],
    ["an evaluator", "evaluator"],
    ["a reviewer", "reviewer"],
  ] as const)("gives %s 403 on the page and its action", async (_who, role) => {
    const caseId = caseAtPlanStage();
    expect((await loadPage(caseId, cookieOf[role])).status).toBe(403);
    expect((await postPlan(caseId, planForm({ intent: "save", version: 0 }), cookieOf[role])).status).toBe(403);
    expect(planOf(caseId)).toBeUndefined();
  });
});

describe("attachments", () => {
  const pdf = () => new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n");
  const png = () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const jpeg = () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);

  function uploadRequest(caseId: number, file: File | null, cookie = cookieOf.officer) {
    const body = new FormData();
    if (file) body.append("file", file);
    return new Request(`http://localhost/cases/${caseId}/plan`, { method: "POST", body, headers: { Cookie: cookie } });
  }

  async function upload(caseId: number, file: File | null, cookie = cookieOf.officer) {
    const response = await callRoute(planPage.action, uploadRequest(caseId, file, cookie), { caseId: String(caseId) });
    return { status: response.status, data: await readJson<PlanActionData>(response) };
  }

  function download(caseId: number, attachmentId: number, cookie: string) {
    return callRoute(attachmentRoute.loader, request(`/cases/${caseId}/attachments/${attachmentId}`, { cookie }), {
      caseId: String(caseId),
      attachmentId: String(attachmentId),
    });
  }

  function attachmentsOf(caseId: number) {
    return db.select().from(schema.attachments).where(eq(schema.attachments.caseId, caseId)).orderBy(asc(schema.attachments.id)).all();
  }

  let caseId = 0;
  let otherCaseId = 0;

  beforeAll(async () => {
    caseId = caseAtPlanStage();
    otherCaseId = caseAtPlanStage();
    await saveDraft(caseId);
  });

  it("accepts a PDF, a PNG and a JPEG, recognised by their content, and stores them under UPLOAD_DIR", async () => {
    for (const [bytes, name, type] of [
      [pdf(), "quote.pdf", "application/pdf"],
      // A browser's claim does not count: the PNG is sent as text/plain.
      [png(), "premises.png", "image/png"],
      [jpeg(), "фото приміщення.jpg", "image/jpeg"],
    ] as const) {
      const { status, data } = await upload(caseId, new File([bytes], name, { type: type === "image/png" ? "text/plain" : type }));
      expect(status).toBe(200);
      expect(data).toMatchObject({ outcome: "uploaded", uploadedName: name });
    }
    const stored = attachmentsOf(caseId);
    expect(stored.map((attachment) => [attachment.fileName, attachment.contentType])).toEqual([
      ["quote.pdf", "application/pdf"],
      ["premises.png", "image/png"],
      ["фото приміщення.jpg", "image/jpeg"],
    ]);
    expect(stored.every((attachment) => attachment.planVersionId === versionOf(caseId).id)).toBe(true);
    for (const attachment of stored) expect(existsSync(join(uploadDir, "attachments", attachment.storageKey))).toBe(true);
    const page = await pageData(caseId);
    expect(page.attachments.map((attachment) => attachment.fileName)).toEqual(["фото приміщення.jpg", "premises.png", "quote.pdf"]);
  });

  const refusals: Array<[what: string, makeFile: () => File | null, code: string]> = [
    ["a text file renamed .pdf", () => new File(["just some text, not a PDF"], "quote.pdf", { type: "application/pdf" }), "wrong_type"],
    ["an 11 MB file", () => new File([new Uint8Array(11 * 1024 * 1024).fill(0x25)], "scan.pdf", { type: "application/pdf" }), "too_large"],
    ["an empty file", () => new File([], "empty.pdf", { type: "application/pdf" }), "empty"],
    ["no file at all", () => null, "empty"],
  ];

  it.each(refusals)("refuses %s next to the file field and stores nothing", async (_what, makeFile, code) => {
    const before = attachmentsOf(caseId).length;
    const files = existsSync(join(uploadDir, "attachments")) ? readdirSync(join(uploadDir, "attachments")).length : 0;
    const { status, data } = await upload(caseId, makeFile());
    expect(status).toBe(code === "too_large" ? 413 : 400);
    expect(data.upload?.error?.file).toEqual([`plans.attachments.errors.${code}`]);
    expect(attachmentsOf(caseId)).toHaveLength(before);
    expect(existsSync(join(uploadDir, "attachments")) ? readdirSync(join(uploadDir, "attachments")).length : 0).toBe(files);
  });

  it("refuses a body declared larger than the limit, unread", async () => {
    const response = await callRoute(
      planPage.action,
      new Request(`http://localhost/cases/${caseId}/plan`, {
        method: "POST",
        body: "x",
        headers: { Cookie: cookieOf.officer, "Content-Type": "multipart/form-data; boundary=abc", "Content-Length": String(30 * 1024 * 1024) },
      }),
      { caseId: String(caseId) },
    );
    expect(response.status).toBe(413);
    expect((await readJson<PlanActionData>(response)).upload?.error?.file).toEqual(["plans.attachments.errors.too_large"]);
  });

  it("refuses an upload from a mentor of another organisation with 403", async () => {
    const before = attachmentsOf(caseId).length;
    const response = await callRoute(planPage.action, uploadRequest(caseId, new File([pdf()], "quote.pdf"), cookieOf.mentorB), { caseId: String(caseId) });
    expect(response.status).toBe(403);
    expect(attachmentsOf(caseId)).toHaveLength(before);
  });

  it("refuses new files once the plan is submitted", async () => {
    const submittedCase = caseAtPlanStage();
    await submitForReview(submittedCase, planForm({ intent: "submit", version: 0 }));
    expect(caseRow(submittedCase).stage).toBe("review");
    const { status, data } = await upload(submittedCase, new File([pdf()], "late.pdf"));
    expect(status).toBe(409);
    expect(formErrors(data.upload!)).toEqual(["plans.errors.notEditable"]);
    expect(attachmentsOf(submittedCase)).toHaveLength(0);
    // The module guards itself too: a call that skips the page is refused, and leaves no file.
    const filesBefore = readdirSync(process.env.UPLOAD_DIR as string).length;
    expect(() => addAttachment(officer, submittedCase, { name: "late.pdf", bytes: pdf() })).toThrow(CaseTransitionRefused);
    expect(attachmentsOf(submittedCase)).toHaveLength(0);
    expect(readdirSync(process.env.UPLOAD_DIR as string)).toHaveLength(filesBefore);
  });

  it("lets an officer download a file with its stored type, as an attachment, never cached or sniffed", async () => {
    const [attachment] = attachmentsOf(caseId);
    const response = await download(caseId, attachment.id, cookieOf.officer);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="quote.pdf"; filename*=UTF-8''quote.pdf`);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf());
  });

  it("encodes a Ukrainian file name for the browser", async () => {
    const jpegAttachment = attachmentsOf(caseId)[2];
    const response = await download(caseId, jpegAttachment.id, cookieOf.mentorA);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="${"_".repeat(4)} ${"_".repeat(10)}.jpg"; filename*=UTF-8''${encodeURIComponent("фото приміщення.jpg")}`,
    );
  });

  it("lets a reviewer assigned to the case download once they declared no conflict, and refuses one who is not", async () => {
    const [attachment] = attachmentsOf(caseId);
    expect((await download(caseId, attachment.id, cookieOf.reviewer)).status).toBe(403);
    db.insert(schema.reviewAssignments).values({ planVersionId: versionOf(caseId).id, caseId, reviewerId, assignedByUserId: officer.id }).run();
    expect((await download(caseId, attachment.id, cookieOf.reviewer)).status).toBe(403);
    db.update(schema.reviewAssignments).set({ conflictOfInterest: false }).where(eq(schema.reviewAssignments.reviewerId, reviewerId)).run();
    const response = await download(caseId, attachment.id, cookieOf.reviewer);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf());
    expect((await download(caseId, attachment.id, cookieOf.otherReviewer)).status).toBe(403);
  });

  it("refuses a mentor of another organisation and an evaluator with 403", async () => {
    const [attachment] = attachmentsOf(caseId);
    expect((await download(caseId, attachment.id, cookieOf.mentorB)).status).toBe(403);
    expect((await download(caseId, attachment.id, cookieOf.evaluator)).status).toBe(403);
  });

  it("answers 404 when the attachment belongs to another case, or does not exist", async () => {
    const [attachment] = attachmentsOf(caseId);
    expect((await download(otherCaseId, attachment.id, cookieOf.officer)).status).toBe(404);
    expect((await download(caseId, 999_999, cookieOf.officer)).status).toBe(404);
    expect((await download(999_999, attachment.id, cookieOf.officer)).status).toBe(404);
    expect(countRows(schema.attachments, eq(schema.attachments.caseId, otherCaseId))).toBe(0);
  });
});
