// Zod schemas of the follow-up forms (domain.md §10). Messages are translation keys. Only the
// server reads these (through ~/lib/forms.server): the mentor's pages carry no zod to the phone.
import { z } from "zod";
import {
  displacementStatuses,
  equipmentStatuses,
  grantModalities,
  mentoringTopics,
  operatingStatuses,
  residenceStatuses,
  sexes,
  visitModes,
  visitProblems,
  workerRoles,
} from "../../../db/enums";
import type { FormLimits } from "~/lib/request-body.server";
import { parseMoneyInput } from "~/lib/money";
import {
  checkbox,
  checkedValues,
  decimalNumber,
  existingVersion,
  isoDate,
  moneyField,
  optionalNote,
  optionalText,
  recordId,
  requiredNote,
  textLimits,
  versionNumber,
  wholeNumber,
} from "~/lib/validation";
import { maxVisitPhotoBytes, maxVisitPhotos } from "./photo-limits";

/** Most roster lines, new-worker lines and items one visit form carries. */
export const visitListLimits = { workers: 60, newWorkers: 20, equipment: 60 } as const;

// A visit form: up to 60 roster lines of 7 fields, 20 new workers, 60 items, and the photos.
export const visitFormLimits = {
  maxBytes: maxVisitPhotos * maxVisitPhotoBytes + 512 * 1024,
  maxFields: 1200,
  maxIndex: visitListLimits.workers - 1,
} satisfies FormLimits;

const yesNo = z.enum(["yes", "no"], { error: "errors.required" }).transform((value) => value === "yes");

/** Net income may be a loss: an amount with an optional minus sign, in minor units. */
const signedMoneyField = () =>
  z
    .string({ error: "errors.required" })
    .max(31, "errors.money")
    .transform((value, context) => {
      const trimmed = value.trim();
      const negative = /^[-−]/.test(trimmed);
      const minor = parseMoneyInput(negative ? trimmed.slice(1) : trimmed);
      if (minor === null) {
        context.addIssue({ code: "custom", message: "errors.money" });
        return z.NEVER;
      }
      return negative ? -minor : minor;
    });

const workerId = z.string({ error: "errors.required" }).regex(/^W\d{1,5}$/, "errors.required");

// A worker already on the roster: still working or left (with the last day), hours and the rest.
const rosterLineSchema = z.object({
  workerId,
  status: z.enum(["working", "left"]).default("working"),
  endDate: isoDate().optional(),
  role: z.enum(workerRoles).optional(),
  paid: yesNo.optional(),
  hoursPerWeek: decimalNumber(0, 168, 1).optional(),
  monthsPerYear: wholeNumber(1, 12).optional(),
});

const newWorkerSchema = z.object({
  workerId: workerId.optional(),
  role: z.enum(workerRoles, { error: "errors.required" }),
  paid: yesNo,
  hoursPerWeek: decimalNumber(0, 168, 1),
  sex: z.enum(sexes, { error: "errors.required" }),
  displacementStatus: z.enum(displacementStatuses).optional(),
  startDate: isoDate(),
  monthsPerYear: wholeNumber(1, 12).optional(),
});

// A new-worker line left blank is no worker: it becomes null, keeping the others' positions (and
// so their error messages) where the form shows them.
const isBlank = (row: unknown) => row === undefined || row === null || (typeof row === "object" && Object.values(row).every((value) => value === undefined || value === ""));
const newWorkerOrBlank = z.preprocess((row) => (isBlank(row) ? null : row), newWorkerSchema.nullable());

export const visitFormSchema = z.object({
  // "add_worker" only shows one more blank line, "find_hromada" the hromadas of a name (neither
  // saves anything): the form works without JavaScript.
  intent: z.enum(["save", "add_worker", "find_hromada"]).default("save"),
  idempotencyKey: z.string({ error: "errors.required" }).regex(/^[0-9a-f-]{36}$/, "errors.required"),
  version: existingVersion().optional(),
  plannedVisitId: recordId().optional(),
  visitDate: isoDate(),
  mode: z.enum(visitModes, { error: "errors.required" }),
  operatingStatus: z.enum(operatingStatuses, { error: "errors.required" }),
  closureDate: isoDate().optional(),
  closureReason: optionalNote(textLimits.reason),
  closureConfirmed: checkbox(),
  w: z.array(rosterLineSchema).max(visitListLimits.workers, "errors.tooManyItems").optional(),
  n: z.array(newWorkerOrBlank).max(visitListLimits.newWorkers, "errors.tooManyItems").optional(),
  e: z
    .array(z.object({ itemId: recordId(), status: z.enum(equipmentStatuses).optional() }))
    .max(visitListLimits.equipment, "errors.tooManyItems")
    .optional(),
  monthlyRevenue: moneyField().optional(),
  monthlyNetIncome: signedMoneyField().optional(),
  residence: z.enum(residenceStatuses, { error: "errors.required" }),
  newHromadaPcode: optionalText(textLimits.code).transform((value) => (value ? value.toUpperCase() : undefined)),
  // Without JavaScript: the hromada chosen among those found by name (it wins over the picker's select).
  hromadaChoice: optionalText(textLimits.code).transform((value) => (value ? value.toUpperCase() : undefined)),
  problems: checkedValues(z.enum(visitProblems), visitProblems.length),
  mentoringGiven: checkedValues(z.enum(mentoringTopics), mentoringTopics.length),
  notes: optionalNote(textLimits.note),
  trancheRequirementId: recordId().optional(),
  trancheEvidenceNote: optionalNote(textLimits.reason),
});
export type VisitForm = z.output<typeof visitFormSchema>;

export const plannedVisitActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reschedule"), plannedVisitId: recordId(), version: existingVersion(), newDueDate: isoDate(), reason: requiredNote(textLimits.reason) }),
  z.object({ intent: z.literal("skip"), plannedVisitId: recordId(), version: existingVersion(), reason: requiredNote(textLimits.reason) }),
  z.object({ intent: z.literal("assign"), caseVersion: existingVersion(), mentorId: recordId().optional() }),
]);

// The schedule editor: up to 12 stages of months and window days, each required or not.
// Deleting a photo from the visit's page: its version as read, and the confirmation ticked.
export const visitPhotoDeletionSchema = z.object({
  intent: z.literal("delete_photo"),
  photoId: recordId(),
  version: existingVersion(),
  confirmed: checkbox(),
});

export const scheduleFormLimits = { maxBytes: 16 * 1024, maxFields: 100, maxIndex: 11 } satisfies FormLimits;

export const scheduleFormSchema = z.object({
  programmeId: recordId(),
  modality: z.enum(["all", ...grantModalities]),
  version: versionNumber(),
  effectiveFrom: isoDate(),
  stages: z
    .array(
      z.preprocess(
        (row) => (isBlank(row) ? null : row),
        z
          .object({
            monthsAfterOrigin: wholeNumber(1, 120),
            windowDaysBefore: wholeNumber(0, 92),
            windowDaysAfter: wholeNumber(0, 92),
            required: checkbox(),
          })
          .nullable(),
      ),
    )
    .max(12, "errors.tooManyItems")
    .optional()
    .transform((rows) => (rows ?? []).filter((row) => row !== null)),
});

// Bulk assignment: cases ticked on the follow-up page, each with the version it was shown at.
export const mentorAssignmentLimits = { maxBytes: 64 * 1024, maxFields: 1100, maxIndex: 0 } satisfies FormLimits;

export const mentorAssignmentSchema = z.object({
  intent: z.literal("assign"),
  mentorId: recordId().optional(),
  cases: checkedValues(z.string().regex(/^\d{1,12}:\d{1,12}$/, "errors.required"), 1000),
});
