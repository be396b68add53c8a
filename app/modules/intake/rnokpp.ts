/**
 * RNOKPP (РНОКПП, formerly ІПН), the 10-digit individual tax number: its check digit and the
 * birth date and sex encoded in it (domain.md §2).
 */
import { parseIsoDate } from "./age";

export type Sex = "female" | "male";

export type RnokppDecoded =
  | { ok: true; birthDate: string; sex: Sex }
  | { ok: false; reason: "format" | "check_digit" };

export type RnokppCheck = {
  error?: "format" | "check_digit";
  warnings: Array<"birth_date_mismatch" | "sex_mismatch">;
};

const checkWeights = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;
const dayMs = 86_400_000;
// d1–d5 count days since 1899-12-31, so 00001 is 1900-01-01 (not the Excel serial).
const epochMs = Date.UTC(1899, 11, 31);
const maxDayNumber = 99_999;
// d6–d8 hold 1000 serials and d9 five digits of each parity: 5000 numbers per date and sex.
const serialsPerDateAndSex = 5_000;

const nineDigits = /^\d{9}$/;
const tenDigits = /^\d{10}$/;

function floorMod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/** RNOKPP check digit d10 from d1..d9, see domain.md §2 (floor modulo: the sum can be negative). */
export function rnokppCheckDigit(first9: string): number {
  if (!nineDigits.test(first9)) throw new RangeError(`expected 9 digits, got "${first9}"`);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += checkWeights[i] * Number(first9[i]);
  return floorMod(sum, 11) % 10;
}

function dayNumberToIsoDate(dayNumber: number): string {
  return new Date(epochMs + dayNumber * dayMs).toISOString().slice(0, 10);
}

/** Reads birth date (d1–d5) and sex (d9: odd = male) from an RNOKPP, after checking d10. */
export function decodeRnokpp(value: string): RnokppDecoded {
  const digits = value.trim();
  if (!tenDigits.test(digits)) return { ok: false, reason: "format" };
  const dayNumber = Number(digits.slice(0, 5));
  // Day 0 would be 1899-12-31, before the numbering starts: not a number anyone was issued.
  if (dayNumber === 0) return { ok: false, reason: "format" };
  if (rnokppCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) {
    return { ok: false, reason: "check_digit" };
  }
  return {
    ok: true,
    birthDate: dayNumberToIsoDate(dayNumber),
    sex: Number(digits[8]) % 2 === 1 ? "male" : "female",
  };
}

/**
 * Validates an RNOKPP against the person's recorded birth date and sex. A wrong check digit is an
 * error; disagreement with the person is only a warning, as real registrations carry such
 * mismatches (domain.md §2).
 */
export function checkRnokppAgainstPerson(
  value: string,
  person: { birthDate?: string | null; sex?: Sex | null },
): RnokppCheck {
  const decoded = decodeRnokpp(value);
  if (!decoded.ok) return { error: decoded.reason, warnings: [] };
  const warnings: RnokppCheck["warnings"] = [];
  if (person.birthDate && person.birthDate !== decoded.birthDate) {
    warnings.push("birth_date_mismatch");
  }
  if (person.sex && person.sex !== decoded.sex) warnings.push("sex_mismatch");
  return { warnings };
}

/**
 * Builds a valid RNOKPP for a birth date and sex (demo seed, tests). `serial` (0–4999) picks
 * d6–d8 (serial mod 1000) and which digit of the sex's parity goes in d9.
 */
export function makeRnokpp(birthDate: string, sex: Sex, serial = 0): string {
  const date = parseIsoDate(birthDate);
  if (!date) throw new RangeError(`birthDate must be a YYYY-MM-DD date, got "${birthDate}"`);
  const dayNumber = (Date.UTC(date.year, date.month - 1, date.day) - epochMs) / dayMs;
  if (dayNumber < 1 || dayNumber > maxDayNumber) {
    throw new RangeError(`birthDate ${birthDate} cannot be encoded in an RNOKPP`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial >= serialsPerDateAndSex) {
    throw new RangeError(`serial must be an integer from 0 to ${serialsPerDateAndSex - 1}`);
  }
  const sexDigit = 2 * Math.floor(serial / 1000) + (sex === "male" ? 1 : 0);
  const first9 =
    String(dayNumber).padStart(5, "0") + String(serial % 1000).padStart(3, "0") + sexDigit;
  return first9 + rnokppCheckDigit(first9);
}
