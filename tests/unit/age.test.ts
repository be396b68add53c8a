import { describe, expect, it } from "vitest";
import { ageBand, ageOn, parseIsoDate } from "~/modules/intake/age";

describe("ageOn", () => {
  it("counts full years", () => {
    expect(ageOn("1985-03-07", "2025-03-06")).toBe(39);
    expect(ageOn("1985-03-07", "2025-03-07")).toBe(40);
    expect(ageOn("1985-03-07", "2025-12-31")).toBe(40);
    expect(ageOn("2000-01-01", "2000-01-01")).toBe(0);
  });

  it("turns someone born on 29 February a year older on 1 March in a common year", () => {
    expect(ageOn("2004-02-29", "2022-02-28")).toBe(17);
    expect(ageOn("2004-02-29", "2022-03-01")).toBe(18);
    expect(ageOn("2004-02-29", "2024-02-28")).toBe(19);
    expect(ageOn("2004-02-29", "2024-02-29")).toBe(20);
  });

  it("gives a negative age for a date before birth instead of throwing", () => {
    expect(ageOn("2000-06-15", "2000-06-14")).toBe(-1);
  });

  it("rejects dates that are not real YYYY-MM-DD days", () => {
    expect(() => ageOn("2023-02-29", "2024-01-01")).toThrow(RangeError);
    expect(() => ageOn("07.03.1985", "2024-01-01")).toThrow(RangeError);
    expect(() => ageOn("1985-03-07", "2024-13-01")).toThrow(RangeError);
  });
});

describe("parseIsoDate", () => {
  it("reads a calendar date and rejects impossible days", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate("1900-02-29")).toBeNull();
    expect(parseIsoDate("2024-04-31")).toBeNull();
    expect(parseIsoDate("2024-4-1")).toBeNull();
    expect(parseIsoDate("")).toBeNull();
  });
});

describe("ageBand (donor bands, domain.md §6)", () => {
  it.each([
    [0, "<18"],
    [17, "<18"],
    [18, "18-24"],
    [24, "18-24"],
    [25, "25-34"],
    [34, "25-34"],
    [35, "35-49"],
    [49, "35-49"],
    [50, "50-59"],
    [59, "50-59"],
    [60, "60+"],
    [97, "60+"],
  ] as const)("age %i is in band %s", (age, band) => {
    expect(ageBand(age)).toBe(band);
  });

  it("bands an age computed on a report date", () => {
    expect(ageBand(ageOn("2007-02-10", "2025-02-09"))).toBe("<18");
    expect(ageBand(ageOn("2007-02-10", "2025-02-10"))).toBe("18-24");
  });

  it("refuses a non-number", () => {
    expect(() => ageBand(Number.NaN)).toThrow(RangeError);
  });
});
