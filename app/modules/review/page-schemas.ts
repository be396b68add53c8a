// Zod schemas of the review pages' own forms (attendance register, rubric scores, committee
// intents, rubric editor), built on schema.ts. Kept out of the route modules: a route that
// imports zod itself ships it to the browser.
import { z } from "zod";
import type { FormLimits } from "~/lib/request-body.server";
import {
  checkbox,
  decimalNumber,
  existingVersion,
  listLimits,
  optionalNote,
  optionalText,
  recordId,
  requiredText,
  textLimits,
  versionNumber,
  wholeNumber,
} from "~/lib/validation";
import { conflictSchema, decisionSchema, reopenSchema } from "./schema";
import { rubricTextLimits, type BilingualText, type Rubric } from "./scoring";

// One trainee's row of the register: the mark as the page showed it (its version, 0 if never
// marked, and whether it was ticked) and the tick as the user left it. Only changed rows are saved.
const attendanceMark = z.object({ caseId: recordId(), version: versionNumber(), wasAttended: checkbox(), attended: checkbox() });

// Four fields per trainee on the register (marks[i].caseId…), every applicant of the programme.
export const attendanceFormLimits = {
  maxBytes: 512 * 1024,
  maxFields: 4 * listLimits.attendance + 10,
  maxIndex: listLimits.attendance - 1,
} satisfies FormLimits;

export const trainingRegisterSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("attendance"),
    marks: z
      .array(attendanceMark)
      .max(listLimits.attendance, "errors.tooManyItems")
      .optional()
      .transform((marks) => marks ?? []),
  }),
  z.object({ intent: z.literal("complete"), caseId: recordId(), version: existingVersion() }),
]);

// The score form's fields follow the programme's rubric: "<criterion>.score", "<criterion>.comment".
// Whether each score is on the scale and each comment given is checked by submitScores.
// A score and a comment of up to 2,000 characters (6 bytes per urlencoded Cyrillic letter) per criterion.
export const reviewFormLimits = { maxBytes: 512 * 1024, maxFields: 2 * listLimits.rubricCriteria + 10 } satisfies FormLimits;

export function reviewActionSchema(rubric: Rubric) {
  const entry = z.object({ score: wholeNumber(0, 100).optional(), comment: optionalNote(textLimits.note) }).optional();
  return z.discriminatedUnion("intent", [
    conflictSchema,
    z.object({ intent: z.literal("score"), ...Object.fromEntries(rubric.criteria.map((criterion) => [criterion.key, entry])) }),
  ]);
}

// Both forms carry the case's version the page was read at (a decision on a stale page is refused).
// A decision is stored only when posted again from its confirmation step ("confirmed": "yes").
export const committeeActionSchema = z.discriminatedUnion("intent", [
  decisionSchema.safeExtend({ intent: z.literal("decide"), version: existingVersion(), confirmed: z.literal("yes").optional() }),
  reopenSchema.extend({ intent: z.literal("reopen"), version: existingVersion() }),
]);

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
