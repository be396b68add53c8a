// The reviewer's forms: the conflict-of-interest declaration and the scores against the
// programme's rubric. Parsed by the review page's action and run in the reviewer's browser (their
// own file: see schema.ts). Messages are translation keys.
import { z } from "zod";
import type { FormLimits } from "~/lib/request-body.server";
import { listLimits, optionalNote, requiredNote, textLimits } from "~/lib/validation";
import type { Rubric } from "./scoring";

export const conflictSchema = z.object({
  intent: z.literal("declare"),
  conflict: z.enum(["yes", "no"], { error: "errors.required" }),
  conflictNote: optionalNote(textLimits.reason),
});

// The score form's fields follow the programme's rubric: "<criterion>.score", "<criterion>.comment".
// A score and a comment of up to 2,000 characters (6 bytes per urlencoded Cyrillic letter) per criterion.
export const reviewFormLimits = { maxBytes: 512 * 1024, maxFields: 2 * listLimits.rubricCriteria + 10 } satisfies FormLimits;

// Every criterion needs a score on the rubric's scale and a comment: checked here, in the browser
// as the reviewer goes, and again by submitScores when it stores them.
export function reviewActionSchema(rubric: Rubric) {
  const offScale = "errors.scoreOutOfScale";
  const score = z
    .string({ error: offScale })
    .regex(/^\d{1,3}$/, offScale)
    .transform(Number)
    .pipe(z.number().min(rubric.scaleMin, offScale).max(rubric.scaleMax, offScale));
  const entry = z.object({ score, comment: requiredNote(textLimits.note, "errors.commentRequired") });
  return z.discriminatedUnion("intent", [
    conflictSchema,
    z.object({ intent: z.literal("score"), ...Object.fromEntries(rubric.criteria.map((criterion) => [criterion.key, entry])) }),
  ]);
}
