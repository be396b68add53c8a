// The mapping form of a Kobo import (shared by the route and tests). Messages are translation keys.
import { z } from "zod";
import { maxKoboUploadBytes } from "~/lib/upload-limits";
import {
  applicantFields,
  choiceFields,
  columnFields,
  type ApplicantField,
  type ChoiceField,
  type KoboMapping,
} from "./kobo-mapping";


const optionalValue = z.string().trim().max(500, "errors.tooLong").optional();
// A select_multiple constant arrives as several checkbox values; it is kept space-separated, as Kobo writes it.
const constantValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value.join(" ") : value)?.trim() || undefined);

const byField = <T extends z.ZodType>(fields: readonly string[], type: T) =>
  z.object(Object.fromEntries(fields.map((field) => [field, type])) as Record<string, T>);

const choiceRow = z.object({ from: z.string(), to: z.string().optional() });

export const mappingFormSchema = z.object({
  intent: z.enum(["dryRun", "import"]),
  mappingName: z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(120, "errors.tooLong"),
  columns: byField(columnFields, optionalValue).optional(),
  constants: byField(applicantFields, constantValue).optional(),
  choices: byField(choiceFields, z.array(choiceRow).optional()).optional(),
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
