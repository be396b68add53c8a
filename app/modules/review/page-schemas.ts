// Zod schemas of the review pages' own forms (attendance register here; rubric scores, committee
// intents and the rubric editor in files of their own, checked in the browser too: see schema.ts),
// built on schema.ts. Kept out of the route modules: a route that imports zod itself ships it to
// the browser.
import { z } from "zod";
import type { FormLimits } from "~/lib/request-body.server";
import { checkbox, existingVersion, listLimits, recordId, versionNumber } from "~/lib/validation";

export { committeeActionSchema } from "./committee-schema";
export { rubricFormLimits, rubricFormSchema } from "./rubric-schema";
export { reviewActionSchema, reviewFormLimits } from "./score-schema";

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
