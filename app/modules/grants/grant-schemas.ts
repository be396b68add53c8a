// Zod schemas of the grants forms: funding sources, exchange rates and the agreement page. Every
// message is a translation key shown next to its field.
import { z } from "zod";
import { currencies, displacementStatuses } from "../../../db/enums";
import {
  checkedValues,
  existingVersion,
  isoDate,
  listLimits,
  moneyField,
  optionalNote,
  optionalText,
  recordId,
  requiredNote,
  requiredText,
  textLimits,
} from "~/lib/validation";
import { parseRate } from "./exchange-rate";

const currency = z.enum(currencies, { error: "errors.required" });

/** Most tranches in a plan (a monthly plan over a year). */
export const maxTranches = 12;

/** What readForm lets through for these forms: list indexes up to the longest list. */
export const fundingFormLimits = { maxIndex: listLimits.budgetLines - 1, maxFields: 20 + 4 * listLimits.budgetLines + 100 };
export const agreementFormLimits = { maxIndex: maxTranches - 1 };

export const budgetLineFieldsSchema = z.object({
  id: recordId().optional(),
  code: requiredText(textLimits.code),
  name: requiredText(),
  amountMinor: moneyField(),
});

export const fundingSourceSchema = z
  .object({
    version: existingVersion().optional(),
    name: requiredText(),
    donor: requiredText(),
    reference: requiredText(textLimits.code),
    currency,
    totalMinor: moneyField(),
    periodStart: isoDate(),
    periodEnd: isoDate(),
    programmeIds: checkedValues(recordId(), 100),
    budgetLines: z
      .array(budgetLineFieldsSchema)
      .max(listLimits.budgetLines, "errors.tooManyItems")
      .optional()
      .transform((lines) => lines ?? []),
  })
  .superRefine((value, context) => {
    if (value.periodEnd < value.periodStart) context.addIssue({ code: "custom", path: ["periodEnd"], message: "grants.errors.invalid_period" });
    if (value.budgetLines.length === 0) context.addIssue({ code: "custom", path: ["budgetLines"], message: "grants.errors.lines_required" });
  });
export type FundingSourceForm = z.output<typeof fundingSourceSchema>;

export const exchangeRateSchema = z
  .object({
    ratedOn: isoDate(),
    baseCurrency: currency,
    quoteCurrency: currency,
    rate: requiredText(20).transform((text, context) => {
      const micros = parseRate(text);
      if (micros === null) {
        context.addIssue({ code: "custom", message: "grants.errors.invalid_rate" });
        return z.NEVER;
      }
      return micros;
    }),
    source: requiredText(textLimits.code),
  })
  .refine((value) => value.baseCurrency !== value.quoteCurrency, { path: ["quoteCurrency"], message: "grants.errors.same_currency" });

const agreementTerms = {
  currency,
  amountMinor: moneyField(),
  inKindMinor: moneyField(),
  cashMinor: moneyField(),
  fundingSourceId: recordId(),
  budgetLineId: recordId(),
  conditions: optionalNote(),
};

const trancheRow = z.object({
  amountMinor: moneyField(),
  plannedOn: isoDate(),
  // One requirement per line.
  requirements: optionalNote().transform((text) => (text ?? "").split("\n").map((line) => line.trim()).filter(Boolean)),
});

const reason = requiredNote(textLimits.reason);
const version = existingVersion();

/** Every form of the agreement page, told apart by its `intent`. */
export const agreementPageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), ...agreementTerms }),
  z.object({ intent: z.literal("update"), version, ...agreementTerms }),
  z.object({ intent: z.literal("cancel"), version, reason }),
  z.object({
    intent: z.literal("plan"),
    version,
    tranches: z.array(trancheRow).max(maxTranches, "errors.tooManyItems").optional().transform((rows) => rows ?? []),
  }),
  z.object({
    intent: z.literal("sign"),
    version,
    signedOn: isoDate(),
    displacementStatus: z.enum(displacementStatuses, { error: "errors.required" }),
    idpCertificateNumber: optionalText(textLimits.code),
    idpCertificateDate: isoDate().optional(),
  }),
  z.object({ intent: z.literal("verify"), requirementId: recordId(), version, evidenceNote: requiredNote() }),
  z.object({ intent: z.enum(["request", "approve"]), trancheId: recordId(), version }),
  z.object({ intent: z.enum(["decline", "cancelTranche"]), trancheId: recordId(), version, reason }),
  z.object({
    intent: z.literal("pay"),
    trancheId: recordId(),
    version,
    outcome: z.enum(["paid", "failed"], { error: "errors.required" }),
    paidOn: isoDate(),
    payerAccount: requiredText(textLimits.code),
    bankReference: optionalText(textLimits.code),
    failureReason: optionalText(textLimits.reason),
  }),
  z.object({ intent: z.literal("return"), entryId: recordId(), amountMinor: moneyField(), effectiveOn: isoDate(), note: reason }),
  z.object({ intent: z.literal("withdraw"), version, withdrawnOn: isoDate(), reason }),
]);
export type AgreementPageForm = z.output<typeof agreementPageSchema>;
