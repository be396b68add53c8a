// Zod schemas for the plan, training, review and committee forms. Messages are translation keys.
import { z } from "zod";
import { committeeDecisionKinds, grantModalities } from "../../../db/enums";
import type { FormLimits } from "~/lib/request-body.server";
import { approvalSplit } from "./committee-rules";
import {
  checkedValues,
  existingVersion,
  isoDate,
  listLimits,
  moneyField,
  optionalNote,
  optionalText,
  recordId,
  requiredNote,
  requiredText,
  textLimits,
  versionNumber,
  wholeNumber,
} from "~/lib/validation";

const section = () => optionalNote(textLimits.planSection).transform((value) => value ?? "");
const count = wholeNumber(0, 500);

export const budgetLineSchema = z.object({
  item: requiredText(textLimits.name),
  quantity: wholeNumber(1, 100_000),
  unitCostMinor: moneyField(),
  modality: z.enum(grantModalities, { error: "errors.required" }),
  supplierQuote: optionalText(textLimits.name),
});

// The plan form: seven sections of up to 4,000 characters (6 bytes each once a Cyrillic letter is
// urlencoded) and up to 100 budget lines of five fields.
export const planFormLimits = { maxBytes: 512 * 1024, maxFields: 600, maxIndex: listLimits.budgetLines - 1 } satisfies FormLimits;

export const planSchema = z.object({
  intent: z.enum(["save", "submit"]),
  version: versionNumber(),
  summary: section(),
  products: section(),
  market: section(),
  competitors: section(),
  experience: section(),
  premises: section(),
  risks: section(),
  expectedJobsFullTime: count.default(0),
  expectedJobsPartTime: count.default(0),
  expectedMonthlyRevenueMinor: moneyField().optional(),
  coContributionMinor: moneyField().optional(),
  budget: z.array(budgetLineSchema).max(listLimits.budgetLines, "errors.tooManyLines").optional().transform((lines) => lines ?? []),
});
export type PlanInput = z.output<typeof planSchema>;

// The submission's confirmation step: the plan as saved (its version) is sent for review.
export const planSubmitConfirmSchema = z.object({ intent: z.literal("confirm-submit"), version: versionNumber() });

// A plan is complete enough to submit when every section has content and there is a budget.
export const planSections = ["summary", "products", "market", "competitors", "experience", "premises", "risks"] as const;

export const trainingSessionSchema = z.object({
  intent: z.literal("create"),
  programmeId: recordId(),
  title: requiredText(textLimits.name),
  heldOn: isoDate(),
  place: optionalText(textLimits.name),
});

export const reviewerAssignmentSchema = z.object({
  // The case's version the panel was read at.
  version: existingVersion(),
  reviewerIds: checkedValues(recordId(), listLimits.reviewers).refine((ids) => ids.length > 0, "errors.chooseReviewers"),
});

export const conflictSchema = z.object({
  intent: z.literal("declare"),
  conflict: z.enum(["yes", "no"], { error: "errors.required" }),
  conflictNote: optionalNote(textLimits.reason),
});

// An approval names its amount as a split between in kind and cash (prefilled from the plan's
// budget); an amount with one modality, as decisions were recorded before, is read as the same.
// Conditions bind the beneficiary and go out in both letters: given in Ukrainian, they are asked
// in English too. A reason's English version is optional (the English letter then quotes it).
// decideCase reads the split with approvalSplit.
export const decisionSchema = z
  .object({
    decision: z.enum(committeeDecisionKinds, { error: "errors.required" }),
    committeeDate: isoDate(),
    members: requiredNote(textLimits.members).transform((text) => text.split(/[,;\n]+/).map((name) => name.trim()).filter(Boolean)),
    amountMinor: moneyField().optional(),
    inKindMinor: moneyField().optional(),
    cashMinor: moneyField().optional(),
    modality: z.enum(grantModalities).optional(),
    conditions: optionalNote(textLimits.note),
    conditionsEn: optionalNote(textLimits.note),
    reason: optionalNote(textLimits.note),
    reasonEn: optionalNote(textLimits.note),
    rankOrderReason: optionalNote(textLimits.reason),
  })
  .superRefine((value, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (value.decision === "approved") {
      const split = approvalSplit(value);
      if (value.inKindMinor !== undefined || value.cashMinor !== undefined) {
        if (!split) issue("amountMinor", "errors.splitMismatch");
        else if (split.amountMinor === 0) issue("amountMinor", "errors.positiveAmount");
      } else {
        if (value.amountMinor === undefined) issue("amountMinor", "errors.required");
        if (!value.modality) issue("modality", "errors.required");
      }
    }
    if (value.conditions && !value.conditionsEn) issue("conditionsEn", "errors.conditionsEnRequired");
    if (value.conditionsEn && !value.conditions) issue("conditions", "errors.required");
    if ((value.decision === "rejected" || value.decision === "revise") && !value.reason) issue("reason", "errors.reasonRequired");
    if (value.members.length < 2) issue("members", "errors.committeeMembers");
  });
export type DecisionInput = z.output<typeof decisionSchema>;

export const reopenSchema = z.object({ reason: requiredNote(textLimits.reason).refine((reason) => reason.length >= 10, "errors.reasonTooShort") });
