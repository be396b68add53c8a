import { describe, expect, it } from "vitest";
import { convert, convertLike, formatRate, pairToEnter, parseRate, roundHalfAwayFromZero, type ExchangeRate } from "~/modules/grants/exchange-rate";

const eurUah: ExchangeRate = { id: 7, ratedOn: "2026-03-02", baseCurrency: "EUR", quoteCurrency: "UAH", rateMicros: 45_123_456 };

describe("rounding half away from zero", () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, 2n, 4n],
    [-7n, 2n, -4n],
    [14n, 10n, 1n],
    [15n, 10n, 2n],
    [-15n, 10n, -2n],
    [-14n, 10n, -1n],
    [149_999n, 100_000n, 1n],
    [150_000n, 100_000n, 2n],
    [0n, 3n, 0n],
    [5n, -2n, -3n],
  ])("%i / %i = %i", (numerator, denominator, expected) => {
    expect(roundHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });

  it("refuses a zero denominator", () => {
    expect(() => roundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
  });
});

describe("rates as people type them", () => {
  it.each([
    ["41.2345", 41_234_500],
    ["41,2345", 41_234_500],
    ["1", 1_000_000],
    ["0.022512", 22_512],
    [" 45.123456 ", 45_123_456],
  ])("%s → %i millionths", (text, micros) => {
    expect(parseRate(text)).toBe(micros);
  });

  it.each(["", "0", "0.0", "-1", "1.1234567", "1e3", "abc", "1.2.3", "0x10"])("refuses %j", (text) => {
    expect(parseRate(text)).toBeNull();
  });

  it("writes a rate without trailing zeros", () => {
    expect(formatRate(41_234_500)).toBe("41.2345");
    expect(formatRate(1_000_000)).toBe("1");
    expect(formatRate(22_512)).toBe("0.022512");
  });
});

describe("conversion with a dated rate", () => {
  it("multiplies base → quote and rounds to the kopiyka", () => {
    // 1,000.00 EUR × 45.123456 = 45,123.456 UAH → 45,123.46
    expect(convert(100_000, "EUR", "UAH", eurUah)).toEqual({ currency: "UAH", amountMinor: 4_512_346, rateId: 7, rateMicros: 45_123_456, inverted: false });
  });

  it("divides quote → base and rounds to the cent", () => {
    // 50,000.00 UAH / 45.123456 = 1,108.0677… EUR → 1,108.07
    expect(convert(5_000_000, "UAH", "EUR", eurUah)).toEqual({ currency: "EUR", amountMinor: 110_807, rateId: 7, rateMicros: 45_123_456, inverted: true });
  });

  it("rounds an exact half away from zero, for negative amounts too", () => {
    const half: ExchangeRate = { ...eurUah, rateMicros: 1_500_000 };
    expect(convert(1, "EUR", "UAH", half).amountMinor).toBe(2);
    expect(convert(-1, "EUR", "UAH", half).amountMinor).toBe(-2);
    expect(convert(3, "EUR", "UAH", half).amountMinor).toBe(5);
    expect(convert(-3, "EUR", "UAH", half).amountMinor).toBe(-5);
  });

  it("needs no rate for the same currency", () => {
    expect(convert(12_345, "UAH", "UAH", null)).toEqual({ currency: "UAH", amountMinor: 12_345, rateId: null, rateMicros: null, inverted: false });
  });

  it("refuses a missing rate or a rate of another pair", () => {
    expect(() => convert(100, "EUR", "UAH", null)).toThrow(RangeError);
    expect(() => convert(100, "USD", "UAH", eurUah)).toThrow(/EUR\/UAH rate cannot convert USD to UAH/);
  });

  it("keeps large amounts exact (no floating point)", () => {
    // 9,007,199,254,740.99 EUR: near the largest safe integer of minor units.
    const big = convert(9_007_199_254_740_99, "EUR", "UAH", { ...eurUah, rateMicros: 1_000_001 });
    // 900719925474099 × 1.000001 = 900720826194024.474099 → …024 (a float product already reads …024.4)
    expect(big.amountMinor).toBe(900_720_826_194_024);
  });

  it("refuses a result beyond safe integers", () => {
    expect(() => convert(Number.MAX_SAFE_INTEGER, "EUR", "UAH", eurUah)).toThrow(/too large/);
  });

  it("applies a stored conversion again exactly as it was used", () => {
    const commitment = convert(500_000, "UAH", "EUR", eurUah);
    expect(convertLike(-500_000, commitment).amountMinor).toBe(-commitment.amountMinor);
    expect(convertLike(200_000, { currency: "UAH", rateId: null, rateMicros: null, inverted: false }).amountMinor).toBe(200_000);
  });
});

describe("the rate to ask for when one is missing", () => {
  it("quotes hryvnia per unit of the foreign currency, as the NBU does", () => {
    expect(pairToEnter("UAH", "EUR")).toEqual({ baseCurrency: "EUR", quoteCurrency: "UAH" });
    expect(pairToEnter("USD", "UAH")).toEqual({ baseCurrency: "USD", quoteCurrency: "UAH" });
    expect(pairToEnter("USD", "EUR")).toEqual({ baseCurrency: "USD", quoteCurrency: "EUR" });
  });
});
