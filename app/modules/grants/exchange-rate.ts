// Conversion between currencies with a dated rate entered by a person (domain.md §5, §9). Money is
// integer minor units; a rate is an exact integer of millionths (rate × 1,000,000), so a
// conversion is integer arithmetic (BigInt) with one rounding at the end. UAH, EUR and USD all
// have two minor digits (kopiykas, cents), so minor units convert like major ones.
import type { Currency } from "../../../db/enums";

/** A stored rate is `rateMicros / RATE_SCALE` units of the quote currency for one base unit. */
export const RATE_SCALE = 1_000_000;
const rateFractionDigits = 6;

export type ExchangeRate = {
  id: number;
  ratedOn: string;
  baseCurrency: Currency;
  quoteCurrency: Currency;
  rateMicros: number;
};

/** How an amount was converted: stored on every ledger entry beside the converted amount. */
export type Conversion = {
  currency: Currency;
  amountMinor: number;
  /** null when no conversion was needed (same currency). */
  rateId: number | null;
  rateMicros: number | null;
  /** True when the rate's quote currency was converted back to its base currency (division). */
  inverted: boolean;
};

/**
 * Rounds numerator / denominator to the nearest integer, halves away from zero
 * (2.5 → 3, −2.5 → −3): the rounding rule of every conversion, to the kopiyka or cent.
 */
export function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("Division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const rounded = (n % d) * 2n >= d ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** Reads a rate as people type it ("41.2345", "41,2345"): positive, at most six decimals. */
export function parseRate(text: string): number | null {
  const compact = text.trim().replace(",", ".");
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(compact);
  if (!match) return null;
  const micros = Number(match[1]) * RATE_SCALE + Number((match[2] ?? "").padEnd(rateFractionDigits, "0"));
  return micros > 0 && Number.isSafeInteger(micros) ? micros : null;
}

/** The rate as text, without trailing zeros: 41234500 → "41.2345". */
export function formatRate(rateMicros: number): string {
  const whole = Math.trunc(rateMicros / RATE_SCALE);
  const fraction = String(rateMicros % RATE_SCALE).padStart(rateFractionDigits, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/**
 * Converts an amount with a rate of the pair, either way round: base → quote multiplies by the
 * rate, quote → base divides by it. Same currency needs no rate. Throws when the rate is for
 * another pair, or when the result would not be a safe integer.
 */
export function convert(amountMinor: number, from: Currency, to: Currency, rate: ExchangeRate | null): Conversion {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError("The amount must be a whole number of minor units");
  if (from === to) return { currency: to, amountMinor, rateId: null, rateMicros: null, inverted: false };
  if (!rate) throw new RangeError(`Converting ${from} to ${to} needs a rate`);
  const amount = BigInt(amountMinor);
  const micros = BigInt(rate.rateMicros);
  let converted: bigint;
  let inverted: boolean;
  if (rate.baseCurrency === from && rate.quoteCurrency === to) {
    converted = roundHalfAwayFromZero(amount * micros, BigInt(RATE_SCALE));
    inverted = false;
  } else if (rate.baseCurrency === to && rate.quoteCurrency === from) {
    converted = roundHalfAwayFromZero(amount * BigInt(RATE_SCALE), micros);
    inverted = true;
  } else {
    throw new RangeError(`A ${rate.baseCurrency}/${rate.quoteCurrency} rate cannot convert ${from} to ${to}`);
  }
  const result = Number(converted);
  if (!Number.isSafeInteger(result)) throw new RangeError("The converted amount is too large to keep exactly");
  return { currency: to, amountMinor: result, rateId: rate.id, rateMicros: rate.rateMicros, inverted };
}

/**
 * Applies a conversion already used (the rate stored on a ledger entry) to another amount, so that
 * a release converts exactly as the commitment it gives back did.
 */
export function convertLike(amountMinor: number, conversion: Pick<Conversion, "rateMicros" | "inverted" | "rateId" | "currency">): Conversion {
  if (conversion.rateMicros === null) return { currency: conversion.currency, amountMinor, rateId: null, rateMicros: null, inverted: false };
  const amount = BigInt(amountMinor);
  const micros = BigInt(conversion.rateMicros);
  const converted = conversion.inverted
    ? roundHalfAwayFromZero(amount * BigInt(RATE_SCALE), micros)
    : roundHalfAwayFromZero(amount * micros, BigInt(RATE_SCALE));
  return { ...conversion, amountMinor: Number(converted) };
}

/**
 * The pair a person should enter when a conversion finds no rate: hryvnia is quoted per unit of
 * the foreign currency, as the NBU publishes it (1 EUR = 45.12 UAH); otherwise from → to.
 */
export function pairToEnter(from: Currency, to: Currency): { baseCurrency: Currency; quoteCurrency: Currency } {
  if (from === "UAH") return { baseCurrency: to, quoteCurrency: "UAH" };
  return { baseCurrency: from, quoteCurrency: to };
}
