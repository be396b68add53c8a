// Zod schemas of the in-kind procurement forms: settings, suppliers, purchases, quotations, the
// purchase order, delivery checks, acts and equipment recovery. Messages are translation keys.
import { z } from "zod";
import { equipmentConditions, measureUnits } from "../../../db/enums";
import {
  checkbox,
  checkedValues,
  existingVersion,
  isoDate,
  moneyField,
  optionalNote,
  optionalText,
  recordId,
  requiredNote,
  requiredText,
  textLimits,
  versionNumber,
  wholeNumber,
} from "~/lib/validation";
import { checkSupplierCode, isValidEdrpou } from "./suppliers-identity";

/** A purchase lists at most this many items (and a page at most this many lines to buy). */
export const maxPurchaseItems = 200;

/** What the list forms of procurement may post: an item's few fields per row, for every row. */
export const procurementFormLimits = { maxIndex: maxPurchaseItems - 1, maxFields: maxPurchaseItems * 10 + 20, maxBytes: 512 * 1024 };

const id = recordId;
const version = existingVersion;

// Serial numbers typed one per line (or separated by commas or semicolons).
const serialList = () =>
  z
    .string()
    .max(20_000, "errors.tooLong")
    .optional()
    .transform((text) => (text ?? "").split(/[\n,;]+/).map((serial) => serial.trim()).filter(Boolean));

export const procurementSettingsSchema = z.object({
  version: versionNumber(),
  minQuotations: wholeNumber(1, 10),
  quotationThresholdMinor: moneyField(),
  issuerNameUk: requiredText(textLimits.name),
  issuerNameEn: requiredText(textLimits.name),
  issuerEdrpou: z
    .string({ error: "errors.required" })
    .trim()
    .refine((code) => isValidEdrpou(code), "procurement.refusals.edrpou_invalid"),
});
export type ProcurementSettingsInput = z.output<typeof procurementSettingsSchema>;

export const supplierSchema = z.object({
  name: requiredText(textLimits.name),
  code: z
    .string({ error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .refine((code) => checkSupplierCode(code).ok, "procurement.refusals.supplier_code_invalid"),
  contactPerson: optionalText(textLimits.name),
  phone: optionalText(textLimits.code),
  email: optionalText(textLimits.name),
  address: optionalNote(500),
  oblastPcodes: checkedValues(z.string().max(textLimits.code), 30),
});
export type SupplierInput = z.output<typeof supplierSchema>;

export const supplierUpdateSchema = supplierSchema.omit({ code: true }).extend({ version: version(), active: checkbox() });
export type SupplierUpdateInput = z.output<typeof supplierUpdateSchema>;

export const purchaseItemSchema = z.object({
  planBudgetLineId: id(),
  name: requiredText(textLimits.name),
  model: optionalText(textLimits.name),
  unit: z.enum(measureUnits, { error: "errors.required" }),
  quantity: wholeNumber(1, 10_000),
  estimatedUnitPriceMinor: moneyField(),
  serialised: checkbox(),
});

export const purchaseSchema = z.object({
  programmeId: id(),
  description: requiredNote(500),
  items: z.array(purchaseItemSchema).min(1, "procurement.purchases.chooseLines").max(maxPurchaseItems, "errors.tooManyLines"),
});
export type PurchaseInput = z.output<typeof purchaseSchema>;

export const quotationSchema = z.object({
  version: version(),
  supplierId: id(),
  receivedOn: isoDate(),
  reference: optionalText(textLimits.code),
  note: optionalNote(textLimits.reason),
  prices: z.array(z.object({ purchaseItemId: id(), unitPriceMinor: moneyField() })).min(1, "errors.required"),
});
export type QuotationInput = z.output<typeof quotationSchema>;

export const purchaseOrderSchema = z.object({
  version: version(),
  quotationId: id(),
  choiceReason: optionalNote(textLimits.note),
  orderNumber: requiredText(textLimits.code),
  orderedOn: isoDate(),
});
export type PurchaseOrderInput = z.output<typeof purchaseOrderSchema>;

export const deliverySchema = z.object({
  version: version(),
  deliveredOn: isoDate(),
  waybillNumber: optionalText(textLimits.code),
  note: optionalNote(textLimits.note),
  lines: z
    .array(
      z.object({
        purchaseItemId: id(),
        quantityReceived: wholeNumber(0, 10_000),
        serialNumbers: serialList(),
        defectiveSerialNumbers: serialList(),
        defectiveQuantity: wholeNumber(0, 10_000).optional().transform((value) => value ?? 0),
        defectNote: optionalNote(textLimits.reason),
      }),
    )
    .min(1, "errors.required"),
});
export type DeliveryInput = z.output<typeof deliverySchema>;

export const handoverActSchema = z.object({
  actDate: isoDate(),
  place: requiredText(textLimits.name),
  agencyRepresentativePosition: requiredText(textLimits.name),
  agencyRepresentativeName: requiredText(textLimits.name),
  // E.g. "ID-картка № 001234567, видана 1234 12.03.2019": identity-grade, stored encrypted.
  beneficiaryIdDocument: requiredText(textLimits.name),
});
export type HandoverActFormInput = z.output<typeof handoverActSchema>;

export const signActSchema = z.object({ version: version(), handedOverOn: isoDate() });
export type SignActInput = z.output<typeof signActSchema>;

export const cancelSchema = z.object({ version: version(), reason: requiredNote(textLimits.reason) });

export const recoverySchema = z.object({
  recoveredOn: isoDate(),
  reason: requiredNote(textLimits.reason),
  condition: z.enum(equipmentConditions, { error: "errors.required" }),
  recoveredBy: requiredText(textLimits.name),
  note: optionalNote(textLimits.note),
});
export type RecoveryInput = z.output<typeof recoverySchema>;

// The act page: correct its details, mark it signed, or cancel it.
export const actPageSchema = z.discriminatedUnion("intent", [
  signActSchema.extend({ intent: z.literal("sign") }),
  cancelSchema.extend({ intent: z.literal("cancel") }),
  handoverActSchema.extend({ intent: z.literal("update"), version: existingVersion(), beneficiaryIdDocument: optionalText(textLimits.name) }),
]);

// The purchase page: a quotation, the order, a delivery check, or cancelling.
export const purchasePageSchema = z.discriminatedUnion("intent", [
  quotationSchema.extend({ intent: z.literal("quote") }),
  purchaseOrderSchema.extend({ intent: z.literal("order") }),
  deliverySchema.extend({ intent: z.literal("deliver") }),
  cancelSchema.extend({ intent: z.literal("cancel") }),
]);
