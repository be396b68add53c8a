import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "~/lib/format";

const nbsp = "\u00a0";

describe("formatMoney (minor units, domain.md §5)", () => {
  it("writes hryvnias the Ukrainian way and the English way", () => {
    expect(formatMoney(8_500_000, "UAH", "uk")).toBe(`85${nbsp}000${nbsp}грн`);
    expect(formatMoney(8_500_000, "UAH", "en")).toBe(`UAH${nbsp}85,000`);
  });
  it("shows kopiykas only when there are some", () => {
    expect(formatMoney(12_345, "UAH", "uk")).toBe(`123,45${nbsp}грн`);
    expect(formatMoney(12_305, "EUR", "en")).toBe(`EUR${nbsp}123.05`);
    expect(formatMoney(1, "USD", "en")).toBe(`USD${nbsp}0.01`);
  });
  it("keeps the sign of a negative amount", () => {
    expect(formatMoney(-150_000, "UAH", "en")).toBe(`UAH${nbsp}−1,500`);
  });
});

describe("formatNumber", () => {
  it("groups thousands per locale and trims trailing zeros", () => {
    expect(formatNumber(100_000, "uk")).toBe(`100${nbsp}000`);
    expect(formatNumber(100_000, "en")).toBe("100,000");
    expect(formatNumber(1234.5, "uk", 2)).toBe(`1${nbsp}234,5`);
    expect(formatNumber(0.125, "en", 2)).toBe("0.13");
  });
});

describe("formatDate and formatDateTime", () => {
  it("shows calendar dates unchanged, whatever the time zone", () => {
    expect(formatDate("2026-11-23", "uk")).toBe("23 лист. 2026");
    expect(formatDate("2026-01-01", "en")).toBe("1 Jan 2026");
    expect(formatDate(null, "en")).toBe("");
  });
  it("shows instants in Kyiv time, summer and winter", () => {
    expect(formatDateTime("2026-07-01T21:30:00Z", "en")).toBe("2 Jul 2026, 00:30");
    expect(formatDateTime("2026-01-15T10:05:00Z", "uk")).toBe("15 січ. 2026, 12:05");
  });
  it("switches to summer time at 01:00 UTC on the last Sunday of March", () => {
    expect(formatDateTime("2026-03-29T00:59:00Z", "en")).toBe("29 Mar 2026, 02:59");
    expect(formatDateTime("2026-03-29T01:00:00Z", "en")).toBe("29 Mar 2026, 04:00");
    expect(formatDateTime("2026-10-25T00:59:00Z", "en")).toBe("25 Oct 2026, 03:59");
    expect(formatDateTime("2026-10-25T01:00:00Z", "en")).toBe("25 Oct 2026, 03:00");
  });
});
