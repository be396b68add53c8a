// Zod schemas of the review pages' own forms (attendance register, rubric scores, committee
// intents, rubric editor), built on schema.ts. Kept out of the route modules: a route that
// imports zod itself ships it to the browser.
import { z } from "zod";
import { optionalText, requiredText, wholeNumber } from "~/lib/validation";
import { conflictSchema, decisionSchema, reopenSchema } from "./schema";
import { rubricTextLimits, type BilingualText, type Rubric } from "./scoring";

const caseIds = z
  .union([z.coerce.number().int().positive(), z.array(z.coerce.number().int().positive())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

export const trainingRegisterSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("attendance"), caseIds }),
  z.object({ intent: z.literal("complete"), caseId: z.coerce.number().int().positive() }),
]);

// The score form's fields follow the programme's rubric: "<criterion>.score", "<criterion>.comment".
// Whether each score is on the scale and each comment given is checked by submitScores.
export function reviewActionSchema(rubric: Rubric) {
  const entry = z.object({ score: z.string().optional(), comment: z.string().optional() }).optional();
  return z.discriminatedUnion("intent", [
    conflictSchema,
    z.object({ intent: z.literal("score"), ...Object.fromEntries(rubric.criteria.map((criterion) => [criterion.key, entry])) }),
  ]);
}

export const committeeActionSchema = z.discriminatedUnion("intent", [
  decisionSchema.safeExtend({ intent: z.literal("decide") }),
  reopenSchema.extend({ intent: z.literal("reopen") }),
]);

const points = () => z.coerce.number({ error: "errors.number" }).min(0, "errors.numberTooSmall").max(100, "errors.numberTooLarge");

// A name or guidance in both languages; left empty in both, the criterion has none.
const bilingualField = (max: number) =>
  z
    .object({ uk: optionalText(max), en: optionalText(max) })
    .optional()
    .transform((text): BilingualText | undefined => (text?.uk || text?.en ? { uk: text.uk ?? "", en: text.en ?? "" } : undefined));

// The editor's fields carry the rubric's own names, so rubricSchema's issue paths name the field.
// The meanings table posts a row per score, empty rows too: saveRubric drops those itself, so
// that an error still names the row the admin sees.
export const rubricFormSchema = z.object({
  version: z.coerce.number().int(),
  criteria: z
    .array(
      z.object({
        key: requiredText(60).regex(/^[a-z][a-z0-9_]*$/, "review.rubric.errors.keyFormat"),
        weight: wholeNumber(1, 100),
        label: bilingualField(rubricTextLimits.label),
        guidance: bilingualField(rubricTextLimits.guidance),
      }),
    )
    .optional()
    .transform((criteria) => criteria ?? [])
    .refine((criteria) => criteria.length > 0, "review.rubric.errors.noCriteria"),
  scaleMin: wholeNumber(0, 100),
  scaleMax: wholeNumber(1, 100),
  scoreMeanings: z
    .array(
      z.object({
        score: z.coerce.number({ error: "errors.number" }).int("errors.wholeNumber"),
        uk: optionalText(rubricTextLimits.meaning).transform((text) => text ?? ""),
        en: optionalText(rubricTextLimits.meaning).transform((text) => text ?? ""),
      }),
    )
    .optional(),
  recommendationThreshold: points(),
  disagreementThreshold: z.object({ criterion: points(), total: points() }),
}) satisfies z.ZodType<Rubric & { version: number }>;
