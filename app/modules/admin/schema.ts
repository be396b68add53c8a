// Zod schemas for the admin forms; messages are translation keys.
import { z } from "zod";
import { organisationKinds, roles } from "../../../db/enums";
import { checkbox, emailField, isoDate, moneyField, requiredText, wholeNumber } from "~/lib/validation";

export const userCreateSchema = z.object({
  name: requiredText(120),
  email: emailField(),
  role: z.enum(roles, { error: "errors.required" }),
  organisationId: z.coerce.number({ error: "errors.required" }).int().positive("errors.required"),
});

export const userUpdateSchema = z.discriminatedUnion("intent", [
  userCreateSchema.omit({ email: true }).extend({
    intent: z.literal("update"),
    active: checkbox(),
    version: z.coerce.number().int(),
  }),
  z.object({ intent: z.literal("reset-password") }),
]);

const pcode = z.string().regex(/^UA\d{2}$/, "errors.pcode");

export const organisationSchema = z.object({
  name: requiredText(160),
  nameUk: requiredText(160),
  kind: z.enum(organisationKinds, { error: "errors.required" }),
  active: checkbox(),
  // A lone checkbox arrives as a string, several as an array.
  oblastPcodes: z
    .union([pcode, z.array(pcode)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
});
export type OrganisationInput = z.infer<typeof organisationSchema>;

export const programmeSchema = z
  .object({
    code: z
      .string({ error: "errors.required" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{2,20}$/, "errors.programmeCode"),
    name: requiredText(160),
    nameUk: requiredText(160),
    donor: requiredText(160),
    currency: z.enum(["UAH", "EUR", "USD"], { error: "errors.required" }),
    grantCeilingMinor: moneyField(),
    budgetEnvelopeMinor: moneyField(),
    // "3, 6, 12" → [3, 6, 12], strictly increasing months after the grant (§7).
    followUpOffsetsMonths: z
      .string({ error: "errors.required" })
      .transform((value, context) => {
        const months = value.split(/[\s,;]+/).filter(Boolean).map(Number);
        const valid =
          months.length > 0 &&
          months.every((month, index) => Number.isInteger(month) && month >= 1 && month <= 60 && (index === 0 || month > months[index - 1]));
        if (!valid) {
          context.addIssue({ code: "custom", message: "errors.followUpOffsets" });
          return z.NEVER;
        }
        return months;
      }),
    minReviewers: wholeNumber(1, 9),
    trainingRequired: checkbox(),
    smallCellThreshold: wholeNumber(2, 50),
    startDate: isoDate(),
    endDate: isoDate().optional(),
    active: checkbox(),
  })
  .refine((value) => value.grantCeilingMinor > 0, { message: "errors.positiveAmount", path: ["grantCeilingMinor"] })
  .refine((value) => value.budgetEnvelopeMinor >= value.grantCeilingMinor, {
    message: "errors.envelopeBelowCeiling",
    path: ["budgetEnvelopeMinor"],
  })
  .refine((value) => !value.endDate || value.endDate >= value.startDate, { message: "errors.endBeforeStart", path: ["endDate"] });
export type ProgrammeInput = z.infer<typeof programmeSchema>;

export const auditFilterSchema = z.object({
  userId: z.coerce.number().int().positive().optional().catch(undefined),
  action: z.string().trim().max(40).optional().catch(undefined),
  entityType: z.string().trim().max(40).optional().catch(undefined),
  entityId: z.string().trim().max(40).optional().catch(undefined),
  from: isoDate().optional().catch(undefined),
  to: isoDate().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const organisationUpdateSchema = organisationSchema.extend({ version: z.coerce.number().int() });
export const programmeUpdateSchema = programmeSchema.and(z.object({ version: z.coerce.number().int() }));
