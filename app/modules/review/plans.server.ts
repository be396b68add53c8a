// Business plans (one per case, versioned): drafting with a mentor, budget lines, submission,
// and attachments stored outside the web root.
import { createHash, randomBytes } from "node:crypto";
import { found, notFound } from "~/lib/not-found.server";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, asc, desc, eq } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { maxAttachmentBytes } from "~/lib/upload-limits";
import { safeFileName, sniffContentType, type SniffedType } from "~/lib/uploads.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, readTransaction, schema, type Transaction } from "~/lib/db.server";
import { assertCompareAndSet, assertVersion, lastAuditedChange, StaleRecordError } from "~/lib/stale-record.server";
import { CaseTransitionRefused, moveCase } from "~/modules/cases/case-transitions.server";
import { planWritable } from "~/modules/cases/case-state";
import { budgetTotals, checkAgainstCeiling } from "./budget";
import { planSections, type PlanInput } from "./schema";


function lastPlanChange(tx: Transaction, planId: number) {
  return lastAuditedChange(tx, "business_plan", "business_plan", planId);
}

function currentVersionOf(tx: Transaction, planId: number, number: number) {
  return tx
    .select()
    .from(schema.businessPlanVersions)
    .where(and(eq(schema.businessPlanVersions.planId, planId), eq(schema.businessPlanVersions.number, number)))
    .get()!;
}

function linesOf(tx: Transaction, planVersionId: number) {
  return tx.select().from(schema.budgetLines).where(eq(schema.budgetLines.planVersionId, planVersionId)).orderBy(asc(schema.budgetLines.position)).all();
}

function assertEditable(caseRow: typeof schema.cases.$inferSelect, plan: typeof schema.businessPlans.$inferSelect | undefined) {
  if (!planWritable(caseRow, plan?.status)) throw new CaseTransitionRefused("plan_not_editable");
}

export function loadPlan(caseId: number, versionNumber?: number) {
  return readTransaction((tx) => {
    const plan = tx.select().from(schema.businessPlans).where(eq(schema.businessPlans.caseId, caseId)).get();
    if (!plan) return null;
    const versions = tx
      .select({ number: schema.businessPlanVersions.number, submittedAt: schema.businessPlanVersions.submittedAt })
      .from(schema.businessPlanVersions)
      .where(eq(schema.businessPlanVersions.planId, plan.id))
      .orderBy(desc(schema.businessPlanVersions.number))
      .all();
    const shown = currentVersionOf(tx, plan.id, versionNumber && versions.some((v) => v.number === versionNumber) ? versionNumber : plan.currentVersion);
    const lines = linesOf(tx, shown.id);
    const attachments = attachmentsOf(tx, caseId);
    return {
      plan,
      version: shown,
      isCurrent: shown.number === plan.currentVersion,
      versions,
      lines,
      totals: budgetTotals(lines, shown.coContributionMinor),
      attachments,
    };
  });
}

// The files attached to a case's plan, newest first (what a page lists; never the bytes).
export function attachmentsOf(tx: Transaction, caseId: number) {
  return tx
    .select({
      id: schema.attachments.id,
      fileName: schema.attachments.fileName,
      contentType: schema.attachments.contentType,
      sizeBytes: schema.attachments.sizeBytes,
      createdAt: schema.attachments.createdAt,
    })
    .from(schema.attachments)
    .where(eq(schema.attachments.caseId, caseId))
    .orderBy(desc(schema.attachments.id))
    .all();
}

export function savePlan(actor: CurrentUser, caseId: number, input: PlanInput) {
  return db.transaction((tx) => {
    const caseRow = tx.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get();
    if (!caseRow) notFound();
    let plan = tx.select().from(schema.businessPlans).where(eq(schema.businessPlans.caseId, caseId)).get();
    // Someone else (the mentor or an officer) saved in the meantime: checked before the rules,
    // so that a plan submitted meanwhile is reported as that, not as "not editable".
    const existing = plan;
    if (existing) assertVersion(existing.version, input.version, () => lastPlanChange(tx, existing.id));
    else if (input.version !== 0) throw new StaleRecordError(null);
    assertEditable(caseRow, plan);
    if (!plan) {
      plan = tx.insert(schema.businessPlans).values({ caseId }).returning().get();
      tx.insert(schema.businessPlanVersions).values({ planId: plan.id, number: 1 }).run();
    }
    const current = currentVersionOf(tx, plan.id, plan.currentVersion);
    const linesBefore = tx.select().from(schema.budgetLines).where(eq(schema.budgetLines.planVersionId, current.id)).orderBy(asc(schema.budgetLines.position)).all();
    const { intent: _intent, version: _version, budget, ...content } = input;
    tx.update(schema.businessPlanVersions)
      .set({
        ...content,
        expectedMonthlyRevenueMinor: content.expectedMonthlyRevenueMinor ?? null,
        coContributionMinor: content.coContributionMinor ?? 0,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(schema.businessPlanVersions.id, current.id))
      .run();
    tx.delete(schema.budgetLines).where(eq(schema.budgetLines.planVersionId, current.id)).run();
    if (budget.length) {
      tx.insert(schema.budgetLines)
        .values(budget.map((line, position) => ({ ...line, supplierQuote: line.supplierQuote || null, position, planVersionId: current.id })))
        .run();
    }
    const planId = plan.id;
    const stored = tx
      .update(schema.businessPlans)
      .set({ version: plan.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.businessPlans.id, planId), eq(schema.businessPlans.version, plan.version)))
      .run();
    assertCompareAndSet(stored, () => lastPlanChange(tx, planId));
    const saved = tx.select().from(schema.businessPlans).where(eq(schema.businessPlans.id, planId)).get()!;
    recordAudit(tx, {
      userId: actor.id,
      action: "update",
      entityType: "business_plan",
      entityId: plan.id,
      caseId,
      before: { ...planContent(current), budget: linesBefore.map(budgetLineContent) },
      after: { ...planContent({ ...current, ...content }), budget: budget.map(budgetLineContent) },
    });
    return saved;
  });
}

// What the audit log keeps of a plan version: its text, figures and budget, not bookkeeping.
function planContent(version: Pick<typeof schema.businessPlanVersions.$inferSelect, (typeof planSections)[number] | "expectedJobsFullTime" | "expectedJobsPartTime"> & {
  expectedMonthlyRevenueMinor?: number | null;
  coContributionMinor?: number | null;
  number: number;
}) {
  return {
    planVersion: version.number,
    ...Object.fromEntries(planSections.map((key) => [key, version[key]])),
    expectedJobsFullTime: version.expectedJobsFullTime,
    expectedJobsPartTime: version.expectedJobsPartTime,
    expectedMonthlyRevenueMinor: version.expectedMonthlyRevenueMinor ?? null,
    coContributionMinor: version.coContributionMinor ?? 0,
  };
}

function budgetLineContent(line: { item: string; quantity: number; unitCostMinor: number; modality: string; supplierQuote?: string | null }) {
  return { item: line.item, quantity: line.quantity, unitCostMinor: line.unitCostMinor, modality: line.modality, supplierQuote: line.supplierQuote || null };
}

export type SubmissionProblem = "section_missing" | "budget_missing" | "above_ceiling" | "training_not_completed";

// What stops a plan from being submitted, checked on the server before the state machine.
export function submissionProblems(caseId: number): SubmissionProblem[] {
  const loaded = loadPlan(caseId);
  if (!loaded) return ["section_missing", "budget_missing"];
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  const problems: SubmissionProblem[] = [];
  if (planSections.some((section) => !loaded.version[section].trim())) problems.push("section_missing");
  if (loaded.lines.length === 0) problems.push("budget_missing");
  if (!checkAgainstCeiling(loaded.totals.requestedMinor, programme.grantCeilingMinor).ok) problems.push("above_ceiling");
  if (programme.trainingRequired && !caseRow.trainingCompletedOn) problems.push("training_not_completed");
  return problems;
}

// `planVersion`, when given, is the plan's version the confirmation step showed: a plan saved
// by someone else after that is not submitted unseen.
export function submitPlan(actor: CurrentUser, caseId: number, options: { planVersion?: number } = {}) {
  const problems = submissionProblems(caseId);
  if (problems.length) throw new CaseTransitionRefused(`plan_${problems[0]}`);
  db.transaction((tx) => {
    const plan = tx.select().from(schema.businessPlans).where(eq(schema.businessPlans.caseId, caseId)).get()!;
    if (options.planVersion !== undefined) assertVersion(plan.version, options.planVersion, () => lastPlanChange(tx, plan.id));
    const current = currentVersionOf(tx, plan.id, plan.currentVersion);
    const submittedAt = new Date().toISOString();
    tx.update(schema.businessPlanVersions).set({ submittedAt, submittedByUserId: actor.id }).where(eq(schema.businessPlanVersions.id, current.id)).run();
    tx.update(schema.businessPlans).set({ status: "submitted", version: plan.version + 1, updatedAt: submittedAt }).where(eq(schema.businessPlans.id, plan.id)).run();
    moveCase(tx, actor, caseId, { type: "submit_plan" }, { planVersion: current.number });
    recordAudit(tx, { userId: actor.id, action: "submit", entityType: "business_plan", entityId: plan.id, caseId, after: { version: current.number } });
  });
}

// A revision requested by the committee starts a new version from the current one; the
// earlier version stays readable.
export function startRevision(tx: Transaction, caseId: number, request: string) {
  const plan = tx.select().from(schema.businessPlans).where(eq(schema.businessPlans.caseId, caseId)).get()!;
  const current = currentVersionOf(tx, plan.id, plan.currentVersion);
  // The new version starts without its own review result (review-result.ts): it is stored when
  // the new version's reviews are all in, never carried over from the one sent back.
  const { id: _id, number, submittedAt: _s, submittedByUserId: _u, createdAt: _c, updatedAt: _up, revisionRequest: _r, ...copied } = current;
  const { reviewCount: _n, planScoreHundredths: _score, recommended: _rec, reviewersDisagree: _flag, ...content } = copied;
  const next = tx
    .insert(schema.businessPlanVersions)
    .values({ ...content, planId: plan.id, number: number + 1, revisionRequest: request })
    .returning()
    .get();
  const lines = linesOf(tx, current.id);
  if (lines.length) {
    tx.insert(schema.budgetLines)
      .values(lines.map(({ id: _lineId, planVersionId: _v, ...line }) => ({ ...line, planVersionId: next.id })))
      .run();
  }
  tx.update(schema.businessPlans)
    .set({ currentVersion: next.number, status: "revision_requested", version: plan.version + 1, updatedAt: new Date().toISOString() })
    .where(eq(schema.businessPlans.id, plan.id))
    .run();
  return next;
}

// Attachments: PDF, JPEG or PNG, recognised by their first bytes (not the name or the
// browser's claim), size-limited, stored under UPLOAD_DIR outside public/.
const attachmentDir = () => join(process.env.UPLOAD_DIR ?? "data/uploads", "attachments");

export class AttachmentRefused extends Error {
  constructor(public code: "empty" | "too_large" | "wrong_type") {
    super(code);
  }
}

export function addAttachment(actor: CurrentUser, caseId: number, file: { name: string; bytes: Uint8Array }) {
  if (file.bytes.length === 0) throw new AttachmentRefused("empty");
  if (file.bytes.length > maxAttachmentBytes) throw new AttachmentRefused("too_large");
  const contentType = sniffContentType(file.bytes);
  if (!contentType) throw new AttachmentRefused("wrong_type");
  const storageKey = randomBytes(16).toString("hex");
  const path = join(attachmentDir(), storageKey);
  try {
    return storeAttachment(actor, caseId, file, contentType, storageKey, path);
  } catch (error) {
    // Nothing was stored: no file is left without its row.
    rmSync(path, { force: true });
    throw error;
  }
}

function storeAttachment(actor: CurrentUser, caseId: number, file: { name: string; bytes: Uint8Array }, contentType: SniffedType, storageKey: string, path: string) {
  return db.transaction((tx) => {
    const caseRow = found(tx.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get());
    const plan = tx.select().from(schema.businessPlans).where(eq(schema.businessPlans.caseId, caseId)).get();
    // Files join a plan only while it can be written, like its text (the module's own guard).
    assertEditable(caseRow, plan);
    const version = plan ? currentVersionOf(tx, plan.id, plan.currentVersion) : undefined;
    const attachment = tx
      .insert(schema.attachments)
      .values({
        caseId,
        planVersionId: version?.id ?? null,
        fileName: safeFileName(file.name),
        contentType,
        sizeBytes: file.bytes.length,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        storageKey,
        uploadedByUserId: actor.id,
      })
      .returning()
      .get();
    recordAudit(tx, { userId: actor.id, action: "upload", entityType: "attachment", entityId: attachment.id, caseId, after: { fileName: attachment.fileName, contentType, sizeBytes: attachment.sizeBytes, sha256: attachment.sha256 } });
    // Written last, inside the transaction: if the write fails, the row is rolled back with it.
    mkdirSync(attachmentDir(), { recursive: true });
    writeFileSync(path, file.bytes);
    return attachment;
  });
}

export function findAttachment(id: number) {
  return db.select().from(schema.attachments).where(eq(schema.attachments.id, id)).get();
}

export function readAttachmentBytes(attachment: typeof schema.attachments.$inferSelect) {
  return readFileSync(join(attachmentDir(), attachment.storageKey));
}
