// Zod schemas for the plan, training, review and committee forms. Messages are translation keys.
import { z } from "zod";
import { committeeDecisionKinds, grantModalities } from "../../../db/enums";
import { isoDate, moneyField, optionalText, requiredText } from "~/lib/validation";

const section = (max = 4000) => z.string().trim().max(max, "errors.tooLong").optional().transform((value) => value ?? "");
const count = z.coerce.number({ error: "errors.number" }).int("errors.wholeNumber").min(0, "errors.numberTooSmall").max(500, "errors.numberTooLarge");

export const budgetLineSchema = z.object({
  item: requiredText(200),
  quantity: z.coerce.number({ error: "errors.number" }).int("errors.wholeNumber").min(1, "errors.numberTooSmall").max(100_000, "errors.numberTooLarge"),
  unitCostMinor: moneyField(),
  modality: z.enum(grantModalities, { error: "errors.required" }),
  supplierQuote: optionalText(200),
});

export const planSchema = z.object({
  intent: z.enum(["save", "submit"]),
  version: z.coerce.number().int(),
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
  budget: z.array(budgetLineSchema).max(100, "errors.tooManyLines").optional().transform((lines) => lines ?? []),
});
export type PlanInput = z.output<typeof planSchema>;

// A plan is complete enough to submit when every section has content and there is a budget.
export const planSections = ["summary", "products", "market", "competitors", "experience", "premises", "risks"] as const;

export const trainingSessionSchema = z.object({
  intent: z.literal("create"),
  programmeId: z.coerce.number().int().positive("errors.required"),
  title: requiredText(160),
  heldOn: isoDate(),
  place: optionalText(160),
});

export const reviewerAssignmentSchema = z.object({
  reviewerIds: z
    .union([z.coerce.number().int().positive(), z.array(z.coerce.number().int().positive())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .refine((ids) => ids.length > 0, "errors.chooseReviewers"),
});

export const conflictSchema = z.object({
  intent: z.literal("declare"),
  conflict: z.enum(["yes", "no"], { error: "errors.required" }),
  conflictNote: optionalText(1000),
});

export const decisionSchema = z
  .object({
    decision: z.enum(committeeDecisionKinds, { error: "errors.required" }),
    committeeDate: isoDate(),
    members: requiredText(500).transform((text) => text.split(/[,;\n]+/).map((name) => name.trim()).filter(Boolean)),
    amountMinor: moneyField().optional(),
    modality: z.enum(grantModalities).optional(),
    conditions: optionalText(2000),
    reason: optionalText(2000),
  })
  .superRefine((value, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (value.decision === "approved") {
      if (value.amountMinor === undefined) issue("amountMinor", "errors.required");
      if (!value.modality) issue("modality", "errors.required");
    }
    if ((value.decision === "rejected" || value.decision === "revise") && !value.reason) issue("reason", "errors.reasonRequired");
    if (value.members.length < 2) issue("members", "errors.committeeMembers");
  });
export type DecisionInput = z.output<typeof decisionSchema>;

export const reopenSchema = z.object({ reason: requiredText(1000).refine((reason) => reason.length >= 10, "errors.reasonTooShort") });
