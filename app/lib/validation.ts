// Shared zod building blocks: the one way to read each kind of form value. Every value arrives as
// text and is read strictly; messages are translation keys ("errors.…"), shown next to fields.
import { z } from "zod";
import { isIsoDate, kyivToday } from "./kyiv-date";
import { parseMoneyInput } from "./money";

/** Longest text, in characters, by kind of field: alike fields share a limit. */
export const textLimits = {
  code: 40, // document numbers, codes, keys
  personName: 100, // one part of a person's name
  name: 200, // names of people in full, organisations, programmes, businesses, sessions, budget items
  members: 500, // a committee's member list
  reason: 1000, // a reason written for the record (override, withdrawal, reopening, conflict)
  note: 2000, // conditions, comments, notes
  planSection: 4000, // one section of a business plan
} as const;

/** Most entries of a list, by kind of list (arrays and repeated checkboxes alike). */
export const listLimits = {
  reviewers: 20,
  rubricCriteria: 20,
  // One meaning per score of a 0–100 scale.
  scoreMeanings: 101,
  budgetLines: 100,
  // Every applicant on a programme's training register, ticked on one page.
  attendance: 2000,
  // Distinct answers of one Kobo choice column (the mapping page lists them all).
  choiceRows: 200,
  // The programmes one officer works on.
  programmes: 100,
} as const;

// C0 and C1 control characters (NUL included) and the bidirectional embeddings, overrides and
// isolates, which make a name read differently from what is stored (CVE-2021-42574).
const bidiControls = "\\u202A-\\u202E\\u2066-\\u2069";
const singleLineForbidden = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${bidiControls}]`);
// Multi-line text keeps line breaks and tabs (browsers send line breaks as CRLF: read as LF).
const multiLineForbidden = new RegExp(`[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F${bidiControls}]`);

/** Text as stored: NFC-normalised, line breaks as LF, trimmed. */
export function cleanText(value: string): string {
  return value.normalize("NFC").replace(/\r\n?/g, "\n").trim();
}

/** True for text with control or bidi-override characters (tabs and line breaks allowed in multi-line text). */
export function hasForbiddenCharacters(value: string, multiLine: boolean): boolean {
  return (multiLine ? multiLineForbidden : singleLineForbidden).test(value);
}

const text = (max: number, multiLine: boolean, requiredMessage = "errors.required") =>
  z
    .string({ error: requiredMessage })
    .overwrite(cleanText)
    .max(max, "errors.tooLong")
    .refine((value) => !hasForbiddenCharacters(value, multiLine), "errors.invisibleCharacters");

/** One line of text: a name, a title, a number written with letters. */
export const requiredText = (max: number = textLimits.name) => text(max, false).min(1, "errors.required");
export const optionalText = (max: number = textLimits.name) => text(max, false).optional();

/** Several lines of text (a textarea): reasons, notes, plan sections. */
export const requiredNote = (max: number = textLimits.note, requiredMessage = "errors.required") => text(max, true, requiredMessage).min(1, requiredMessage);
export const optionalNote = (max: number = textLimits.note) => text(max, true).optional();

/** A secret typed by a person: never trimmed or normalised, only bounded. */
export const passwordText = () => z.string({ error: "errors.required" }).min(1, "errors.required").max(200, "errors.tooLong");

export const newPassword = () =>
  z.string({ error: "errors.required" }).min(12, "errors.passwordTooShort").max(200, "errors.tooLong");

export const emailField = () =>
  z
    .string({ error: "errors.required" })
    .trim()
    .toLowerCase()
    .max(254, "errors.tooLong")
    .pipe(z.email({ error: "errors.email" }));

// ---------------------------------------------------------------------------------------------
// Numbers: plain decimal digits only. "0x10", "1e3", " 16 ", "16.0" and "Infinity" are typos or
// tricks, never numbers: Number() would read them all.

const plainInteger = /^-?\d{1,15}$/;
const plainDecimal = (fractionDigits: number) => new RegExp(`^-?\\d{1,15}([.,]\\d{1,${fractionDigits}})?$`);

/** A whole number between min and max, written in digits (a minus sign where min is negative). */
export const wholeNumber = (min: number, max: number) =>
  z
    .string({ error: "errors.required" })
    .regex(plainInteger, "errors.wholeNumber")
    .transform(Number)
    .pipe(z.number().min(min, "errors.numberTooSmall").max(max, "errors.numberTooLarge"));

/** A number with at most `fractionDigits` decimals, point or comma ("12.5", "12,5"). */
export const decimalNumber = (min: number, max: number, fractionDigits = 2) =>
  z
    .string({ error: "errors.required" })
    .regex(plainDecimal(fractionDigits), "errors.number")
    .transform((value) => Number(value.replace(",", ".")))
    .pipe(z.number().min(min, "errors.numberTooSmall").max(max, "errors.numberTooLarge"));

/** The id of a record chosen in a form (a select, a hidden field). */
export const recordId = () => wholeNumber(1, Number.MAX_SAFE_INTEGER);

/** The version a form was read at, for the compare-and-set of its save. */
export const versionNumber = () => wholeNumber(0, Number.MAX_SAFE_INTEGER);

/** An amount of money in minor units, as people type it ("5000", "5 000,50"); see money.ts. */
export const moneyField = () =>
  z
    .string({ error: "errors.required" })
    .max(30, "errors.money")
    .transform((value, context) => {
      const minor = parseMoneyInput(value);
      if (minor === null) {
        context.addIssue({ code: "custom", message: "errors.money" });
        return z.NEVER;
      }
      return minor;
    });

// ---------------------------------------------------------------------------------------------
// Dates: real calendar days (no 2024-02-30) written YYYY-MM-DD, within a sane range.

const earliestDate = "2000-01-01";
const latestDate = "2100-12-31";
const earliestBirthDate = "1900-01-01";

// Not an aborting refinement: an aborted field would stop the form's rules across fields
// (crossFieldRules), so the range is simply not judged on a date that is not one.
const calendarDate = (inRange: (value: string) => boolean, rangeMessage: string) =>
  z
    .string({ error: "errors.required" })
    .refine(isIsoDate, "errors.date")
    .refine((value) => !isIsoDate(value) || inRange(value), rangeMessage);

/** A date of the programme's life (applications, decisions, sessions): 2000–2100. */
export const isoDate = () => calendarDate((value) => value >= earliestDate && value <= latestDate, "errors.dateRange");

/** A birth date: from 1900-01-01 to today in Kyiv. */
export const birthDate = () =>
  calendarDate((value) => value >= earliestBirthDate && value <= kyivToday(), "errors.birthDateRange");

/** A date already passed that may lie long ago (a business registration): 1900 to today. */
export const pastDate = () => calendarDate((value) => value >= earliestBirthDate && value <= kyivToday(), "errors.pastDateRange");

// ---------------------------------------------------------------------------------------------
// Choices

export const checkbox = () =>
  z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true");

/** Ticked checkboxes of one name: a lone one arrives as a string, several as an array. */
export const checkedValues = <Item extends z.ZodType<unknown, string>>(item: Item, max: number) =>
  z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(item).max(max, "errors.tooManyItems"),
  );

// ---------------------------------------------------------------------------------------------
// Rules across fields

/**
 * Rules that compare fields, run on the fields that passed their own checks even when others
 * failed: a form shows every error at once (a wrong RNOKPP check digit on an otherwise empty
 * form), where zod would skip an object's refinements until every field is valid. The rules read
 * a partial value; `.check(crossFieldRules(…))` on a z.object.
 */
export function crossFieldRules<Value extends Record<string, unknown>>(
  rules: (value: Partial<Value>, issue: (field: string, message: string) => void, failed: (field: keyof Value) => boolean) => void,
) {
  return z.superRefine<Value>(
    (value, context) => {
      const failed = new Set(context.issues.map((issue) => issue.path?.[0]));
      const valid = Object.fromEntries(Object.entries(value).filter(([field]) => !failed.has(field))) as Partial<Value>;
      rules(
        valid,
        (field, message) => context.addIssue({ code: "custom", path: [field], message }),
        (field) => failed.has(field as string),
      );
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) },
  );
}

/** The version of an existing record a form was read at (1 or more): see stale-record.server.ts. */
export const existingVersion = () => wholeNumber(1, Number.MAX_SAFE_INTEGER);
