// The codes that identify a supplier or the issuing agency on procurement documents: the EDRPOU
// code of a legal entity (8 digits, public in the state register) or, for a sole trader (ФОП),
// their RNOKPP, which is identity-grade data (domain.md §2) and stored like persons' numbers.
import { decodeRnokpp } from "~/modules/intake/rnokpp";

const eightDigits = /^\d{8}$/;

/**
 * EDRPOU check digit (the State Statistics Service's algorithm): weights 1–7, or 7,1–6 for codes
 * between 30 000 000 and 60 000 000; a remainder of 10 is recomputed with every weight plus 2,
 * and a second 10 gives 0.
 */
export function edrpouCheckDigit(code: string): number {
  if (!eightDigits.test(code)) throw new RangeError(`expected 8 digits, got "${code}"`);
  const value = Number(code);
  const weights = value > 30_000_000 && value < 60_000_000 ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  const remainder = (extra: number) => weights.reduce((sum, weight, index) => sum + (weight + extra) * Number(code[index]), 0) % 11;
  const first = remainder(0);
  if (first < 10) return first;
  const second = remainder(2);
  return second < 10 ? second : 0;
}

export function isValidEdrpou(code: string): boolean {
  return eightDigits.test(code) && edrpouCheckDigit(code) === Number(code[7]);
}

export type SupplierCodeCheck =
  | { ok: true; kind: "edrpou" | "rnokpp"; code: string }
  | { ok: false; reason: "format" | "check_digit" };

/** A supplier is a legal entity (8-digit EDRPOU) or a sole trader (10-digit RNOKPP). */
export function checkSupplierCode(input: string): SupplierCodeCheck {
  const code = input.replace(/\s/g, "");
  if (eightDigits.test(code)) return isValidEdrpou(code) ? { ok: true, kind: "edrpou", code } : { ok: false, reason: "check_digit" };
  if (/^\d{10}$/.test(code)) {
    const result = decodeRnokpp(code);
    return result.ok ? { ok: true, kind: "rnokpp", code } : { ok: false, reason: result.reason };
  }
  return { ok: false, reason: "format" };
}
