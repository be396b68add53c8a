/**
 * One row of a partner's form checked for registration (completeness.ts): every field read by
 * the applicant form's own check, every problem of the row reported at once, and nothing made
 * up. What a row may lack is listed as missing (an incomplete application); what the form never
 * asked is "not collected"; the birth date and sex an RNOKPP encodes stand in for unasked ones
 * (domain.md §2), the stated age checks them, and an age alone gives an approximate birth year.
 * Pure: the place table comes in as a function.
 */
import type { DerivedPersonFacts } from "~/modules/intake/intake.server";
import { ageOn } from "~/modules/intake/age";
import { missingLaterFields, placeFields, registrationFields } from "~/modules/intake/completeness";
import type { PlaceMatch } from "~/modules/locations/place-matching";
import { decodeRnokpp } from "~/modules/intake/rnokpp";
import { applicantConsistencyIssues, applicantFieldSchemas, type ApplicantInput, type RegistrationInput } from "~/modules/intake/schema";
import {
  applicantFields,
  fieldsNotCollected,
  hromadaFields,
  leaveEmpty,
  mapRow,
  notCollected as notCollectedChoice,
  type ApplicantField,
  type KoboMapping,
} from "./kobo-mapping";
import type { RowError } from "./reasons";

/** Matches a hromada written as a name, within the row's oblast when known. */
export type PlaceResolver = (text: string, oblastPcode: string | undefined) => PlaceMatch;

export type RowCheck = {
  /** The applicant's name as the row gives it, for the report. */
  name: string;
  /** The registration, or null when the row cannot be registered (see errors). */
  input: RegistrationInput | null;
  errors: RowError[];
  /** Imported anyway, but the officer should look: under 18, an age or sex at odds with the RNOKPP… */
  warnings: RowError[];
  /** Fields needed later that the row lacks (completeness.ts). */
  missing: string[];
  /** Fields the form never asked, or whose answer meant "not collected". */
  notCollected: ApplicantField[];
  derived: DerivedPersonFacts;
  /** For comparing rows of the file: identity numbers as given, and what the row says of the person. */
  identity: { rnokpp: string | null; passport: string | null };
  stated: { sex: string | null; birthDate: string | null; age: number | null };
};

// Checkboxes read an absent value as "no"; the consent purposes as none ticked.
const alwaysParsed = new Set<string>(["noRnokpp", "femaleHeaded", "singleParent", "veteranOrFamily", "protectionFlag", "consentPurposes"]);
const adultAge = 18;
const oldestAge = 120;

function parseAge(cell: string | undefined): number | null | "invalid" {
  if (cell === undefined) return null;
  const age = /^\d{1,3}$/.test(cell.trim()) ? Number(cell.trim()) : Number.NaN;
  return Number.isInteger(age) && age <= oldestAge ? age : "invalid";
}

/** The fields a mapping never fills, computed once per import (fieldsNotCollected). */
export function notCollectedByForm(mapping: KoboMapping): ApplicantField[] {
  return fieldsNotCollected(mapping);
}

export function checkRow(
  mapping: KoboMapping,
  cells: Record<string, string>,
  resolvePlace: PlaceResolver,
  formNotCollected: readonly ApplicantField[] = notCollectedByForm(mapping),
): RowCheck {
  const mapped = mapRow(mapping, cells);
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const text = (field: string) => {
    const value = mapped.values[field];
    return typeof value === "string" ? value : "";
  };
  const name = [text("surname"), text("firstName"), text("patronymic")].filter(Boolean).join(" ");
  const unmappedFields = new Set<string>(mapped.unmapped.map(({ field }) => field));
  for (const { field, value } of mapped.unmapped) {
    errors.push({ field, message: field === "kvedCode" ? "imports.errors.unknownActivity" : "imports.errors.unknownChoice", params: { value } });
  }

  // Places written as names: the officer's table first, then the COD-AB table.
  const oblastHint = /^UA\d{2}$/.test(text("currentOblastPcode")) ? text("currentOblastPcode") : undefined;
  for (const field of hromadaFields) {
    // A P-code as written must be one of the table's (checked here, with the row's other problems).
    const pcode = text(field);
    if (pcode && resolvePlace(pcode, undefined).kind !== "matched") errors.push({ field, message: "imports.errors.unknownReference" });
    const placeName = mapped.placeNames[field];
    if (!placeName) continue;
    const chosen = mapping.places[placeName];
    if (chosen === leaveEmpty || chosen === notCollectedChoice) continue;
    if (chosen) {
      mapped.values[field] = chosen;
      continue;
    }
    const match = resolvePlace(placeName, field === "currentHromadaPcode" ? oblastHint : /^UA\d{2}$/.test(text("originOblastPcode")) ? text("originOblastPcode") : undefined);
    if (match.kind === "matched") mapped.values[field] = match.pcode;
    else warnings.push({ field, message: match.kind === "ambiguous" ? "imports.warnings.placeAmbiguous" : "imports.warnings.placeNotFound", params: { value: placeName } });
  }
  // A hromada's P-code names its oblast (domain.md §3).
  if (!mapped.values.currentOblastPcode && /^UA\d{7}$/.test(text("currentHromadaPcode"))) mapped.values.currentOblastPcode = text("currentHromadaPcode").slice(0, 4);

  // Each field on its own, so one bad answer hides no other problem of the row.
  const parsed: Partial<ApplicantInput> = {};
  const bad = new Set<string>();
  for (const field of applicantFields) {
    const raw = mapped.values[field];
    if (raw === undefined && !alwaysParsed.has(field)) continue;
    const result = applicantFieldSchemas[field].safeParse(raw);
    if (result.success) {
      if (result.data !== undefined) (parsed as Record<string, unknown>)[field] = result.data;
    } else {
      bad.add(field);
      if (!unmappedFields.has(field)) errors.push({ field, message: result.error.issues[0]?.message ?? "errors.invalid" });
    }
  }
  for (const field of registrationFields) {
    if (mapped.values[field] === undefined && !bad.has(field) && field !== "consentPurposes") errors.push({ field, message: "errors.required" });
  }
  // A place: an oblast, or a hromada (a name that matched nothing has its own warning above).
  if (!placeFields.some((field) => parsed[field] || bad.has(field))) errors.push({ field: "currentOblastPcode", message: "imports.errors.placeRequired" });
  for (const issue of applicantConsistencyIssues(parsed, "registration")) {
    if (!bad.has(issue.field)) errors.push(issue);
  }

  // Birth date and sex: as stated, else from the RNOKPP; the age as a check, or an approximate year.
  const derived: DerivedPersonFacts = { birthDateSource: null, approximateBirthYear: null, sexSource: null };
  const stated = { sex: parsed.sex ?? null, birthDate: parsed.birthDate ?? null, age: null as number | null };
  const decoded = parsed.rnokpp && !parsed.noRnokpp ? decodeRnokpp(parsed.rnokpp) : null;
  if (decoded?.ok) {
    if (!parsed.birthDate && !bad.has("birthDate")) {
      parsed.birthDate = decoded.birthDate;
      derived.birthDateSource = "rnokpp";
    } else if (parsed.birthDate && parsed.birthDate !== decoded.birthDate) {
      warnings.push({ field: "birthDate", message: "imports.warnings.birthDateNotRnokpp" });
    }
    if (!parsed.sex && !bad.has("sex") && !unmappedFields.has("sex")) {
      parsed.sex = decoded.sex;
      derived.sexSource = "rnokpp";
    } else if (parsed.sex && parsed.sex !== decoded.sex) {
      warnings.push({ field: "sex", message: "imports.warnings.sexNotRnokpp" });
    }
  }
  const age = parseAge(mapped.age);
  if (age === "invalid") warnings.push({ field: "age", message: "imports.warnings.ageNotNumber", params: { value: mapped.age ?? "" } });
  else stated.age = age;
  let ageAtApplication: number | null = null;
  if (parsed.birthDate && parsed.applicationDate && parsed.birthDate < parsed.applicationDate) {
    ageAtApplication = ageOn(parsed.birthDate, parsed.applicationDate);
    if (typeof age === "number" && Math.abs(age - ageAtApplication) > 1) {
      warnings.push({ field: "age", message: "imports.warnings.ageNotBirthDate", params: { age, computed: ageAtApplication } });
    }
  } else if (!parsed.birthDate && typeof age === "number") {
    ageAtApplication = age;
    if (parsed.applicationDate) {
      // Born in that year or the one before: the year is marked approximate wherever it shows.
      derived.birthDateSource = "age";
      derived.approximateBirthYear = Number(parsed.applicationDate.slice(0, 4)) - age;
    }
  }
  if (ageAtApplication !== null && ageAtApplication < adultAge) warnings.push({ field: "age", message: "imports.warnings.under18", params: { age: ageAtApplication } });

  // Not collected: what the form never asked (a checkbox it never asked is not a "no") or
  // answered "not collected", unless the RNOKPP gave it.
  const given = (field: ApplicantField) => (alwaysParsed.has(field) ? mapped.values[field] !== undefined : parsed[field as keyof ApplicantInput] !== undefined);
  const notCollected = [...new Set([...formNotCollected, ...mapped.notCollected])].filter(
    (field) => !(field === "birthDate" && derived.birthDateSource === "rnokpp") && !(field === "sex" && derived.sexSource === "rnokpp") && !given(field),
  );
  const identity = { rnokpp: parsed.rnokpp && !parsed.noRnokpp ? parsed.rnokpp.trim() : null, passport: parsed.passportNumber ? parsed.passportNumber.replace(/[\s-]/g, "").toUpperCase() : null };
  const missing = missingLaterFields(parsed);
  const input = errors.length === 0 ? (parsed as RegistrationInput) : null;
  return { name, input, errors, warnings, missing, notCollected, derived, identity, stated };
}
