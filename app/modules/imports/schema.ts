// The mapping form of a Kobo import (shared by the route and tests). Messages are translation keys.
import { z } from "zod";
import type { FormLimits } from "~/lib/request-body.server";
import { maxKoboUploadBytes } from "~/lib/upload-limits";
import { listLimits, optionalText, requiredText, textLimits, versionNumber } from "~/lib/validation";
import { findKvedClass } from "~/modules/intake/kved";
import {
  choiceFields,
  columnFields,
  constantFields,
  emptyMapping,
  leaveEmpty,
  notCollected,
  partnerAssignments,
  type ChoiceField,
  type ColumnField,
  type ConstantField,
  type KoboMapping,
} from "./kobo-mapping";

/** Most rows of the mapping page's tables besides the choice tables. */
export const mappingListLimits = {
  // Distinct hromada names listed for the officer (placeNamesOf).
  places: 300,
  // Distinct activity categories of a form.
  activities: 200,
  filters: 5,
  // Columns of a form kept as extra answers (partners' forms run to a few hundred questions).
  extras: 600,
} as const;

// A column of the file, by its header as read (kept exactly, to match the file).
const columnName = z.string().trim().max(500, "errors.tooLong").optional();
// A value typed for every row. A select_multiple constant arrives as several checkbox values; it
// is kept space-separated, as Kobo writes it.
const constantValue = z
  .preprocess((value) => (Array.isArray(value) ? value.join(" ") : value), optionalText(500))
  .transform((value) => value || undefined);

const byField = <T extends z.ZodType>(fields: readonly string[], type: T) =>
  z.object(Object.fromEntries(fields.map((field) => [field, type])) as Record<string, T>);

// A value as found in the file (kept exactly, to match the cells) and what it means.
const fileValue = z.string().max(2000, "errors.tooLong");
const choiceRow = z.object({ from: fileValue, to: optionalText(textLimits.code) });
const noValue = (value: string) => value === leaveEmpty || value === notCollected;
const placeRow = z.object({
  from: fileValue,
  to: optionalText(textLimits.code).refine((value) => !value || noValue(value) || /^UA\d{7}$/.test(value.toUpperCase()), "errors.pcode"),
});
const activityRow = z.object({
  from: fileValue,
  to: optionalText(textLimits.code).refine((value) => !value || noValue(value) || findKvedClass(value) !== null, "errors.kved"),
});
const filterRow = z.object({ column: columnName, values: optionalText(textLimits.name) });
const onOff = z
  .string()
  .optional()
  .transform((value) => value === "on");
const extraRow = z.object({ column: z.string().max(500, "errors.tooLong"), label: optionalText(textLimits.name), keep: onOff, freeText: onOff });

const listOf = <T extends z.ZodType>(row: T, max: number) => z.array(row).max(max, "errors.tooManyItems").optional();

const largestList = Math.max(listLimits.choiceRows, ...Object.values(mappingListLimits));

// A column per field, a constant per constant field, two inputs a choice/place/activity row, two
// a filter, four an extra column.
export const mappingFormLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxFields:
    columnFields.length +
    constantFields.length +
    2 * listLimits.choiceRows * choiceFields.length +
    2 * (mappingListLimits.places + mappingListLimits.activities + mappingListLimits.filters) +
    4 * mappingListLimits.extras +
    20,
  maxIndex: largestList - 1,
} satisfies FormLimits;

export const mappingFormSchema = z.object({
  intent: z.enum(["dryRun", "import"]),
  // The saved mapping's version the page was read at (0: the form had none yet).
  version: versionNumber(),
  mappingName: requiredText(textLimits.name),
  columns: byField(columnFields, columnName).optional(),
  constants: byField(constantFields, constantValue).optional(),
  choices: byField(choiceFields, listOf(choiceRow, listLimits.choiceRows)).optional(),
  places: listOf(placeRow, mappingListLimits.places),
  activities: listOf(activityRow, mappingListLimits.activities),
  filters: listOf(filterRow, mappingListLimits.filters),
  extras: listOf(extraRow, mappingListLimits.extras),
  partnerAssignment: z.enum(partnerAssignments).catch("none"),
});

export type MappingFormValue = z.output<typeof mappingFormSchema>;

/** The submitted form as a mapping; choice tables only for fields read from a column. */
export function mappingFromForm(value: MappingFormValue): KoboMapping {
  const mapping = emptyMapping();
  for (const [field, column] of Object.entries(value.columns ?? {})) {
    if (column) mapping.columns[field as ColumnField] = column;
  }
  for (const [field, constant] of Object.entries(value.constants ?? {})) {
    if (constant) mapping.constants[field as ConstantField] = constant;
  }
  for (const [field, rows] of Object.entries(value.choices ?? {})) {
    if (!rows?.length || !mapping.columns[field as ChoiceField]) continue;
    mapping.choices[field as ChoiceField] = Object.fromEntries(rows.map((row) => [row.from, row.to ?? ""]));
  }
  // Only the officer's decisions: a value left blank is matched as the table suggests.
  for (const row of value.places ?? []) if (row.to) mapping.places[row.from] = noValue(row.to) ? row.to : row.to.toUpperCase();
  for (const row of value.activities ?? []) if (row.to) mapping.activities[row.from] = noValue(row.to) ? row.to : (findKvedClass(row.to)?.code ?? row.to);
  for (const filter of value.filters ?? []) {
    const values = (filter.values ?? "").split(/[,;]/).map((part) => part.trim()).filter(Boolean);
    if (filter.column && values.length) mapping.filters.push({ column: filter.column, values });
  }
  for (const extra of value.extras ?? []) {
    if (extra.keep) mapping.extras[extra.column] = { label: extra.label || extra.column, freeText: extra.freeText };
  }
  mapping.partnerAssignment = value.partnerAssignment;
  return mapping;
}

export const koboUploadSchema = z.object({
  file: z.instanceof(File, { error: "imports.errors.fileRequired" }).superRefine((file, context) => {
    // A file input left empty sends a nameless, empty part.
    if (file.size === 0) context.addIssue({ code: "custom", message: file.name ? "imports.errors.fileEmpty" : "imports.errors.fileRequired" });
    else if (file.size > maxKoboUploadBytes) context.addIssue({ code: "custom", message: "imports.errors.fileTooLarge" });
  }),
});
