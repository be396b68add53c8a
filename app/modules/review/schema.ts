// Zod schemas for the training and review-panel forms. Messages are translation keys.
// The forms checked in the browser as people type keep their schemas in files of their own (the
// plan, the scores, the committee, the rubric editor), re-exported here: the bundler gives a page
// every file that any page runs and that it imports, even for its action alone, so pages that
// import this file for their actions (training, the review panel) stay without zod.
import { z } from "zod";
import { checkedValues, existingVersion, isoDate, listLimits, optionalText, recordId, requiredText, textLimits } from "~/lib/validation";

export { budgetLineSchema, planFormLimits, planSchema, planSections, planSubmitConfirmSchema, type PlanInput } from "./plan-schema";
export { decisionSchema, reopenSchema, type DecisionInput } from "./committee-schema";

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
