// The mapping form of a Kobo import (shared by the route and tests). Messages are translation keys.
import { z } from "zod";
import type { FormLimits } from "~/lib/request-body.server";
import { maxKoboUploadBytes } from "~/lib/upload-limits";
import { listLimits, optionalText, requiredText, textLimits, versionNumber } from "~/lib/validation";
import {
  applicantFields,
  choiceFields,
  columnFields,
  type ApplicantField,
  type ChoiceField,
  type KoboMapping,
} from "./kobo-mapping";


// A column of the file, by its header as read (kept exactly, to match the file).
const columnName = z.string().trim().max(500, "errors.tooLong").optional();
// A value typed for every row. A select_multiple constant arrives as several checkbox values; it
// is kept space-separated, as Kobo writes it.
const constantValue = z
  .preprocess((value) => (Array.isArray(value) ? value.join(" ") : value), optionalText(500))
  .transform((value) => value || undefined);

const byField = <T extends z.ZodType>(fields: readonly string[], type: T) =>
  z.object(Object.fromEntries(fields.map((field) => [field, type])) as Record<string, T>);

// A value as found in the file (kept exactly, to match the cells) and the choice it means.
const choiceRow = z.object({ from: z.string().max(2000, "errors.tooLong"), to: optionalText(textLimits.code) });

// A column and a constant per applicant field, and a choice table (two fields a row) per choice field.
export const mappingFormLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxFields: columnFields.length + 2 * applicantFields.length + 2 * listLimits.choiceRows * choiceFields.length + 10,
  maxIndex: listLimits.choiceRows - 1,
} satisfies FormLimits;

export const mappingFormSchema = z.object({
  intent: z.enum(["dryRun", "import"]),
  // The saved mapping's version the page was read at (0: the form had none yet).
  version: versionNumber(),
  mappingName: requiredText(textLimits.name),
  columns: byField(columnFields, columnName).optional(),
  constants: byField(applicantFields, constantValue).optional(),
  choices: byField(choiceFields, z.array(choiceRow).max(listLimits.choiceRows, "errors.tooManyItems").optional()).optional(),
});

export type MappingFormValue = z.output<typeof mappingFormSchema>;

/** The submitted form as a mapping; choice tables only for fields read from a column. */
export function mappingFromForm(value: MappingFormValue): KoboMapping {
  const mapping: KoboMapping = { columns: {}, choices: {}, constants: {} };
  for (const [field, column] of Object.entries(value.columns ?? {})) {
    if (column) mapping.columns[field as ApplicantField] = column;
  }
  for (const [field, constant] of Object.entries(value.constants ?? {})) {
    if (constant) mapping.constants[field as ApplicantField] = constant;
  }
  for (const [field, rows] of Object.entries(value.choices ?? {})) {
    if (!rows?.length || !mapping.columns[field as ChoiceField]) continue;
    mapping.choices[field as ChoiceField] = Object.fromEntries(rows.map((row) => [row.from, row.to ?? ""]));
  }
  return mapping;
}


export const koboUploadSchema = z.object({
  file: z.instanceof(File, { error: "imports.errors.fileRequired" }).superRefine((file, context) => {
    // A file input left empty sends a nameless, empty part.
    if (file.size === 0) context.addIssue({ code: "custom", message: file.name ? "imports.errors.fileEmpty" : "imports.errors.fileRequired" });
    else if (file.size > maxKoboUploadBytes) context.addIssue({ code: "custom", message: "imports.errors.fileTooLarge" });
  }),
});
