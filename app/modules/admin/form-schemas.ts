// The admin's forms (users, organisations, programmes): parsed by their actions and run in the
// admin's browser as they fill them in (their own file: see schema.ts). Messages are translation keys.
import { z } from "zod";
import { organisationKinds, roles } from "../../../db/enums";
import {
  checkbox,
  checkedValues,
  crossFieldRules,
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
    // A mentor who coordinates their partner NGO reads its whole follow-up (ignored for others).
    coordinator: checkbox(),
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
    // Optional for programmes made in code (seeds, tests): the database default, 10 days, applies.
    reviewDays: wholeNumber(1, 60).optional(),
    trainingRequired: checkbox(),
    smallCellThreshold: wholeNumber(2, 50),
    startDate: isoDate(),
    endDate: isoDate().optional(),
    active: checkbox(),
    ...letterSettings,
  })
  // Run on the fields that passed their own checks, so every error shows at once.
  .check(
    crossFieldRules((value, issue) => {
      if (value.grantCeilingMinor !== undefined && value.grantCeilingMinor <= 0) issue("grantCeilingMinor", "errors.positiveAmount");
      if (value.budgetEnvelopeMinor !== undefined && value.grantCeilingMinor !== undefined && value.budgetEnvelopeMinor < value.grantCeilingMinor) {
        issue("budgetEnvelopeMinor", "errors.envelopeBelowCeiling");
      }
      if (value.endDate && value.startDate && value.endDate < value.startDate) issue("endDate", "errors.endBeforeStart");
    }),
  );
export type ProgrammeInput = z.infer<typeof programmeSchema>;

export const organisationUpdateSchema = organisationSchema.extend({ version: versionNumber() });
export const programmeUpdateSchema = programmeSchema.and(z.object({ version: versionNumber() }));
