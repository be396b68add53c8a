// The release's age bands by birth-date cut-offs agree with ageBand(ageOn(…)) (domain.md §6),
// 29 February birthdays and leap-year days included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageBandsOn } from "~/modules/cases/age-band-cutoffs";
import { ageBand, ageOn } from "~/modules/intake/age";

const isoDate = fc.date({ min: new Date("1920-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));

describe("ageBandsOn", () => {
  it("gives the band of each birth date, as ageOn and ageBand do", () => {
    fc.assert(
      fc.property(isoDate, isoDate, (birthDate, today) => {
        expect(ageBandsOn(today).bandOf(birthDate)).toBe(ageBand(ageOn(birthDate, today)));
      }),
      { numRuns: 2000 },
    );
  });

  it("handles the days around a birthday and 29 February", () => {
    const { bandOf } = ageBandsOn("2026-03-01");
    expect(bandOf("2001-03-01")).toBe("25-34");
    expect(bandOf("2001-03-02")).toBe("18-24");
    expect(bandOf("2000-02-29")).toBe("25-34");
    expect(ageBandsOn("2026-02-28").bandOf("2001-02-28")).toBe("25-34");
    expect(ageBandsOn("2028-02-29").bandOf("2003-02-28")).toBe("25-34");
    expect(ageBandsOn("2028-02-29").bandOf("2003-03-01")).toBe("18-24");
    expect(ageBandsOn("2025-02-28").bandOf("2000-02-29")).toBe("18-24");
  });

  it("says which birth dates fall in a band", () => {
    const { bornWithin } = ageBandsOn("2026-05-10");
    expect(bornWithin("25-34")).toEqual({ after: "1991-05-10", upTo: "2001-05-10" });
    expect(bornWithin("60+")).toEqual({ after: null, upTo: "1966-05-10" });
  });
});
