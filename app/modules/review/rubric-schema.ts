// The rubric editor's form (admin): parsed by its action and run in the browser as the admin
// edits (its own file: see schema.ts). Messages are translation keys.
import { z } from "zod";
import type { FormLimits } from "~/lib/request-body.server";
import { decimalNumber, listLimits, optionalNote, optionalText, requiredText, textLimits, versionNumber, wholeNumber } from "~/lib/validation";
import { rubricTextLimits, type BilingualText, type Rubric } from "./scoring";

const points = () => decimalNumber(0, 100);

// A name (one line) or guidance (a textarea) in both languages; left empty in both, the
// criterion has none.
const bilingualField = (max: number, multiLine = false) =>
  z
    .object(multiLine ? { uk: optionalNote(max), en: optionalNote(max) } : { uk: optionalText(max), en: optionalText(max) })
    .optional()
    .transform((text): BilingualText | undefined => (text?.uk || text?.en ? { uk: text.uk ?? "", en: text.en ?? "" } : undefined));

// The editor's fields carry the rubric's own names, so rubricSchema's issue paths name the field.
// The meanings table posts a row per score, empty rows too: saveRubric drops those itself, so
// that an error still names the row the admin sees.
// Up to 20 criteria of six fields and a meaning row (three fields) per score of a 0–100 scale.
export const rubricFormLimits = {
  maxBytes: 512 * 1024,
  maxFields: 6 * listLimits.rubricCriteria + 3 * listLimits.scoreMeanings + 20,
  maxIndex: Math.max(listLimits.rubricCriteria, listLimits.scoreMeanings) - 1,
} satisfies FormLimits;

export const rubricFormSchema = z.object({
  version: versionNumber(),
  criteria: z
    .array(
      z.object({
        key: requiredText(textLimits.code).regex(/^[a-z][a-z0-9_]*$/, "review.rubric.errors.keyFormat"),
        weight: wholeNumber(1, 100),
        label: bilingualField(rubricTextLimits.label),
        guidance: bilingualField(rubricTextLimits.guidance, true),
      }),
    )
    .max(listLimits.rubricCriteria, "errors.tooManyItems")
    .optional()
    .transform((criteria) => criteria ?? [])
    .refine((criteria) => criteria.length > 0, "review.rubric.errors.noCriteria"),
  scaleMin: wholeNumber(0, 100),
  scaleMax: wholeNumber(1, 100),
  scoreMeanings: z
    .array(
      z.object({
        score: wholeNumber(0, 100),
        uk: optionalText(rubricTextLimits.meaning).transform((text) => text ?? ""),
        en: optionalText(rubricTextLimits.meaning).transform((text) => text ?? ""),
      }),
    )
    .max(listLimits.scoreMeanings, "errors.tooManyItems")
    .optional(),
  recommendationThreshold: points(),
  disagreementThreshold: z.object({ criterion: points(), total: points() }),
}) satisfies z.ZodType<Rubric & { version: number }>;
