import { afterEach, describe, expect, it, vi } from "vitest";
import { addDays, addMonths, compareIsoDates, daysBetween, isIsoDate, kyivToday } from "~/lib/kyiv-date";

describe("kyivToday", () => {
  it("turns the date at Kyiv midnight in winter (UTC+2), while the UTC date is still yesterday", () => {
    expect(kyivToday(new Date("2025-01-15T21:59:59.999Z"))).toBe("2025-01-15");
    expect(kyivToday(new Date("2025-01-15T22:00:00.000Z"))).toBe("2025-01-16");
    expect(new Date("2025-01-15T22:00:00.000Z").toISOString().slice(0, 10)).toBe("2025-01-15");
  });

  it("turns the date at Kyiv midnight in summer (UTC+3)", () => {
    expect(kyivToday(new Date("2025-07-01T20:59:59.999Z"))).toBe("2025-07-01");
    expect(kyivToday(new Date("2025-07-01T21:00:00.000Z"))).toBe("2025-07-02");
  });

  it("follows the spring switch (last Sunday of March, 03:00 → 04:00)", () => {
    // Midnight before the switch is still UTC+2, the next one already UTC+3.
    expect(kyivToday(new Date("2026-03-28T21:59:59Z"))).toBe("2026-03-28");
    expect(kyivToday(new Date("2026-03-28T22:00:00Z"))).toBe("2026-03-29");
    expect(kyivToday(new Date("2026-03-29T00:59:59Z"))).toBe("2026-03-29");
    expect(kyivToday(new Date("2026-03-29T01:00:00Z"))).toBe("2026-03-29");
    expect(kyivToday(new Date("2026-03-29T20:59:59Z"))).toBe("2026-03-29");
    expect(kyivToday(new Date("2026-03-29T21:00:00Z"))).toBe("2026-03-30");
  });

  it("follows the autumn switch (last Sunday of October, 04:00 → 03:00)", () => {
    expect(kyivToday(new Date("2026-10-24T20:59:59Z"))).toBe("2026-10-24");
    expect(kyivToday(new Date("2026-10-24T21:00:00Z"))).toBe("2026-10-25");
    expect(kyivToday(new Date("2026-10-25T21:59:59Z"))).toBe("2026-10-25");
    expect(kyivToday(new Date("2026-10-25T22:00:00Z"))).toBe("2026-10-26");
  });

  it("turns the year at Kyiv's New Year, not London's", () => {
    expect(kyivToday(new Date("2025-12-31T21:59:59Z"))).toBe("2025-12-31");
    expect(kyivToday(new Date("2025-12-31T22:00:00Z"))).toBe("2026-01-01");
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("defaults to now: 00:30 in Kyiv on 16 January is the 16th, though UTC still says the 15th", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-01-15T22:30:00Z"));
    expect(kyivToday()).toBe("2025-01-16");
    expect(new Date().toISOString().slice(0, 10)).toBe("2025-01-15");
  });

  it("refuses an invalid instant", () => {
    expect(() => kyivToday(new Date("not a date"))).toThrow(RangeError);
  });
});

describe("addMonths (end-of-month clamp)", () => {
  it.each([
    ["2025-01-31", 1, "2025-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2025-01-31", 3, "2025-04-30"],
    ["2025-01-31", 12, "2026-01-31"],
    ["2025-08-30", 6, "2026-02-28"],
    ["2027-08-30", 6, "2028-02-29"],
    ["2028-02-29", 12, "2029-02-28"],
    ["2028-02-29", 48, "2032-02-29"],
    ["2025-03-15", 1, "2025-04-15"],
    ["2025-11-30", 3, "2026-02-28"],
    ["2025-12-15", 1, "2026-01-15"],
    ["2025-03-31", -1, "2025-02-28"],
    ["2025-01-15", -1, "2024-12-15"],
    ["2025-05-31", 0, "2025-05-31"],
  ] as const)("%s + %i months = %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it("refuses fractions and malformed dates", () => {
    expect(() => addMonths("2025-01-31", 1.5)).toThrow(RangeError);
    expect(() => addMonths("2025-02-30", 1)).toThrow(RangeError);
    expect(() => addMonths("9999-12-01", 1)).toThrow(RangeError);
  });
});

describe("addDays, daysBetween, compareIsoDates", () => {
  it("adds days across month ends, leap days and years", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2025-03-01", -15)).toBe("2025-02-14");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(() => addDays("2025-01-01", 0.5)).toThrow(RangeError);
  });

  it("counts whole days regardless of daylight saving", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2025-02-28", "2025-03-01")).toBe(1);
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(daysBetween("2025-01-01", "2026-01-01")).toBe(365);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
    expect(daysBetween("2025-03-10", "2025-03-01")).toBe(-9);
  });

  it("compares dates", () => {
    expect(compareIsoDates("2025-01-09", "2025-01-10")).toBe(-1);
    expect(compareIsoDates("2025-01-10", "2025-01-10")).toBe(0);
    expect(compareIsoDates("2026-01-01", "2025-12-31")).toBe(1);
    expect(() => compareIsoDates("2025-1-1", "2025-01-01")).toThrow(RangeError);
  });

  it("recognises real calendar days only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2100-02-29")).toBe(false);
    expect(isIsoDate("2000-02-29")).toBe(true);
    expect(isIsoDate("2024-04-31")).toBe(false);
    expect(isIsoDate("0000-01-01")).toBe(false);
    expect(isIsoDate("2024-01-01T00:00")).toBe(false);
    expect(isIsoDate(20240101)).toBe(false);
  });
});
