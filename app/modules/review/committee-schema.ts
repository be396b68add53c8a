// The committee's forms: a decision and, for an admin, reopening one. Parsed by the committee
// page's action and run in the browser as the committee fills them in (their own file: see
// schema.ts). Messages are translation keys.
import { z } from "zod";
import { committeeDecisionKinds, grantModalities } from "../../../db/enums";
import { crossFieldRules, existingVersion, isoDate, moneyField, optionalNote, requiredNote, textLimits } from "~/lib/validation";
import { approvalSplit } from "./committee-rules";

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
  // Run on the fields that passed their own checks, so every error shows at once.
  .check(
    crossFieldRules((value, issue, failed) => {
      const amountTyped = !failed("amountMinor") && !failed("inKindMinor") && !failed("cashMinor");
      if (value.decision === "approved" && amountTyped) {
        const split = approvalSplit(value);
        if (value.inKindMinor !== undefined || value.cashMinor !== undefined) {
          if (!split) issue("amountMinor", "errors.splitMismatch");
          else if (split.amountMinor === 0) issue("amountMinor", "errors.positiveAmount");
        } else {
          // No amount at all: the amount is what is missing (its modality follows from the split).
          if (value.amountMinor === undefined) issue("amountMinor", "errors.required");
          else if (!value.modality && !failed("modality")) issue("modality", "errors.required");
        }
      }
      if (value.conditions && !value.conditionsEn && !failed("conditionsEn")) issue("conditionsEn", "errors.conditionsEnRequired");
      if (value.conditionsEn && !value.conditions && !failed("conditions")) issue("conditions", "errors.required");
      if ((value.decision === "rejected" || value.decision === "revise") && !value.reason && !failed("reason")) issue("reason", "errors.reasonRequired");
      if (value.members && value.members.length < 2) issue("members", "errors.committeeMembers");
    }),
  );
export type DecisionInput = z.output<typeof decisionSchema>;

export const reopenSchema = z.object({ reason: requiredNote(textLimits.reason).refine((reason) => reason.length >= 10, "errors.reasonTooShort") });

// Both forms carry the case's version the page was read at (a decision on a stale page is refused).
// A decision is stored only when posted again from its confirmation step ("confirmed": "yes").
export const committeeActionSchema = z.discriminatedUnion("intent", [
  decisionSchema.safeExtend({ intent: z.literal("decide"), version: existingVersion(), confirmed: z.literal("yes").optional() }),
  reopenSchema.extend({ intent: z.literal("reopen"), version: existingVersion() }),
]);
