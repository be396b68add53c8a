// Zod schemas for the admin forms; messages are translation keys.
import { z } from "zod";
import { organisationKinds, roles } from "../../../db/enums";
import { securityEvents } from "~/lib/security-vocabulary";
import {
  checkbox,
  checkedValues,
  emailField,
  isoDate,
  listLimits,
  moneyField,
  optionalText,
  recordId,
  requiredText,
  textLimits,
  versionNumber,
  wholeNumber,
} from "~/lib/validation";

export const userCreateSchema = z.object({
  name: requiredText(textLimits.name),
  email: emailField(),
  role: z.enum(roles, { error: "errors.required" }),
  organisationId: recordId(),
});

export const userUpdateSchema = z.discriminatedUnion("intent", [
  userCreateSchema.omit({ email: true }).extend({
    intent: z.literal("update"),
    active: checkbox(),
    // The programmes an officer works on (their cases are the ones they see).
    programmeIds: checkedValues(recordId(), listLimits.programmes),
    version: versionNumber(),
  }),
  z.object({ intent: z.literal("reset-password") }),
]);

const pcode = z.string().regex(/^UA\d{2}$/, "errors.pcode");
// Ukraine has 27 first-level units (24 oblasts, Crimea, Kyiv and Sevastopol cities).
const maxOblasts = 27;

export const organisationSchema = z.object({
  name: requiredText(textLimits.name),
  nameUk: requiredText(textLimits.name),
  kind: z.enum(organisationKinds, { error: "errors.required" }),
  active: checkbox(),
  oblastPcodes: checkedValues(pcode, maxOblasts),
});
export type OrganisationInput = z.infer<typeof organisationSchema>;

// The decision letter's letterhead, contacts, complaints channel and signatory, each in the
// letter's two languages; optional (the letter names what is missing).
const letterSettings = {
  donorUk: optionalText(textLimits.name),
  agencyNameUk: optionalText(textLimits.name),
  agencyName: optionalText(textLimits.name),
  agencyAddressUk: optionalText(textLimits.name),
  agencyAddress: optionalText(textLimits.name),
  agencyPhone: optionalText(textLimits.code),
  agencyEmail: emailField().optional(),
  complaintsChannelUk: optionalText(textLimits.name),
  complaintsChannel: optionalText(textLimits.name),
  signatoryNameUk: optionalText(textLimits.name),
  signatoryName: optionalText(textLimits.name),
  signatoryPositionUk: optionalText(textLimits.name),
  signatoryPosition: optionalText(textLimits.name),
  // Left empty: 10 days for a new programme, unchanged for an existing one.
  agreementCallDays: wholeNumber(1, 90).optional(),
};
export const letterSettingKeys = Object.keys(letterSettings).filter((key) => key !== "agreementCallDays") as Array<Exclude<keyof typeof letterSettings, "agreementCallDays">>;

export const programmeSchema = z
  .object({
    code: z
      .string({ error: "errors.required" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{2,20}$/, "errors.programmeCode"),
    name: requiredText(textLimits.name),
    nameUk: requiredText(textLimits.name),
    donor: requiredText(textLimits.name),
    currency: z.enum(["UAH", "EUR", "USD"], { error: "errors.required" }),
    grantCeilingMinor: moneyField(),
    budgetEnvelopeMinor: moneyField(),
    // "3, 6, 12" → [3, 6, 12], strictly increasing months after the grant (§7).
    followUpOffsetsMonths: z
      .string({ error: "errors.required" })
      .max(200, "errors.followUpOffsets")
      .transform((value, context) => {
        const parts = value.split(/[\s,;]+/).filter(Boolean);
        const months = parts.map(Number);
        const valid =
          months.length > 0 &&
          parts.every((part) => /^\d{1,2}$/.test(part)) &&
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
    ...letterSettings,
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
  // "Who changed this case?": the code people know (LT-…), not the internal id.
  caseCode: z.string().trim().toUpperCase().max(20).optional().catch(undefined),
  from: isoDate().optional().catch(undefined),
  to: isoDate().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

// Filters of /admin/security; anything unreadable is ignored rather than refused.
export const securityLogFilterSchema = z.object({
  event: z.enum(securityEvents).optional().catch(undefined),
  from: isoDate().optional().catch(undefined),
  to: isoDate().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type SecurityLogFilter = z.infer<typeof securityLogFilterSchema>;

export const organisationUpdateSchema = organisationSchema.extend({ version: versionNumber() });
export const programmeUpdateSchema = programmeSchema.and(z.object({ version: versionNumber() }));
