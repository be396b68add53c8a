// The business plan form's schema: parsed by the plan page's action and run in the writer's
// browser as they type (its own file: see schema.ts). Messages are translation keys.
import { z } from "zod";
import { grantModalities } from "../../../db/enums";
import type { FormLimits } from "~/lib/request-body.server";
import { listLimits, moneyField, optionalNote, optionalText, requiredText, textLimits, versionNumber, wholeNumber } from "~/lib/validation";

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
