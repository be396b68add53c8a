// Zod schemas of the intake forms. The applicant form's schema runs in the browser too, so it
// lives in applicant-schema.ts: the bundler gives a page every file that any page runs and that
// it imports, even for its action alone, so pages that import this file for their actions (the
// case page, duplicates) stay without zod. Messages are translation keys.
import { z } from "zod";
import { existingVersion, requiredText, textLimits } from "~/lib/validation";

export {
  applicantConsistencyIssues,
  applicantEditSchema,
  applicantFieldSchemas,
  applicantKeptIdentityEditSchema,
  applicantSchema,
  type ApplicantInput,
  type RegistrationInput,
} from "./applicant-schema";

// The case page's actions: screening, admitting despite the rules, revealing protected fields.
// Every intent that changes the case carries the case's version the page was read at.
export const caseActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("screen"), version: existingVersion() }),
  z.object({ intent: z.literal("override"), version: existingVersion(), reason: requiredText(textLimits.reason).refine((reason) => reason.length >= 10, "errors.reasonTooShort") }),
  z.object({ intent: z.literal("reveal") }),
  // Its own field name: the override form on the same page has a "reason" too.
  z.object({ intent: z.literal("withdraw"), version: existingVersion(), withdrawReason: requiredText(textLimits.reason).refine((reason) => reason.length >= 10, "errors.reasonTooShort") }),
]);

export const duplicateDecisionSchema = z.object({ intent: z.enum(["merge", "dismiss"]) });
