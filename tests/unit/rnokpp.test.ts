import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkRnokppAgainstPerson,
  decodeRnokpp,
  makeRnokpp,
  rnokppCheckDigit,
} from "~/modules/intake/rnokpp";

// An independent reading of domain.md §2: the weighted sum's residue mod 11, before the
// final "mod 10" that folds 10 onto 0.
const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
function residueMod11(digits: string): number {
  const sum = weights.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  return ((sum % 11) + 11) % 11;
}

const isoDate = fc
  .date({
    min: new Date("1900-01-01T00:00:00Z"),
    max: new Date("2150-12-31T00:00:00Z"),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10));
const sex = fc.constantFrom("female" as const, "male" as const);
const serial = fc.integer({ min: 0, max: 4999 });

describe("rnokppCheckDigit (domain.md §2)", () => {
  it("computes the check digit of the worked examples", () => {
    expect(rnokppCheckDigit("365250457")).toBe(5);
    expect(rnokppCheckDigit("306820840")).toBe(0);
  });

  it("folds a residue of 10 onto 0", () => {
    expect(residueMod11("306820840")).toBe(10);
    expect(rnokppCheckDigit("306820840")).toBe(0);
  });

  it("uses a floor modulo when the weighted sum is negative", () => {
    // −1·9 and nothing else: −9 mod 11 = 2 (a truncating % would give −9).
    expect(rnokppCheckDigit("900000000")).toBe(2);
  });

  it("refuses anything but nine digits", () => {
    expect(() => rnokppCheckDigit("36525045")).toThrow(RangeError);
    expect(() => rnokppCheckDigit("36525045x")).toThrow(RangeError);
  });
});

describe("decodeRnokpp (domain.md §2)", () => {
  it("decodes 3652504575: born 2000-01-01, male", () => {
    expect(decodeRnokpp("3652504575")).toEqual({ ok: true, birthDate: "2000-01-01", sex: "male" });
  });

  it("decodes 3068208400: born 1984-01-02, female (residue 10 → check digit 0)", () => {
    expect(decodeRnokpp("3068208400")).toEqual({
      ok: true,
      birthDate: "1984-01-02",
      sex: "female",
    });
  });

  it("counts days from 1899-12-31, so 00001 is 1900-01-01 (not the Excel serial)", () => {
    const first = "000010000";
    expect(decodeRnokpp(first + rnokppCheckDigit(first))).toMatchObject({
      birthDate: "1900-01-01",
    });
  });

  it("trims surrounding spaces", () => {
    expect(decodeRnokpp("  3652504575 ")).toMatchObject({ ok: true, birthDate: "2000-01-01" });
  });

  it.each(["", "365250457", "36525045751", "365250457a", "3652 504575", "0000000000"])(
    "rejects %j as a format error",
    (value) => {
      expect(decodeRnokpp(value)).toEqual({ ok: false, reason: "format" });
    },
  );

  it("rejects a wrong check digit", () => {
    expect(decodeRnokpp("3652504576")).toEqual({ ok: false, reason: "check_digit" });
    expect(decodeRnokpp("3068208401")).toEqual({ ok: false, reason: "check_digit" });
  });
});

describe("checkRnokppAgainstPerson (domain.md §2)", () => {
  it("accepts a number that agrees with the person", () => {
    expect(
      checkRnokppAgainstPerson("3652504575", { birthDate: "2000-01-01", sex: "male" }),
    ).toEqual({
      warnings: [],
    });
  });

  it("treats a wrong check digit as an error", () => {
    expect(
      checkRnokppAgainstPerson("3652504576", { birthDate: "2000-01-01", sex: "male" }),
    ).toEqual({
      error: "check_digit",
      warnings: [],
    });
    expect(checkRnokppAgainstPerson("12345", {})).toEqual({ error: "format", warnings: [] });
  });

  it("only warns when the birth date or sex disagree", () => {
    expect(
      checkRnokppAgainstPerson("3652504575", { birthDate: "2000-01-02", sex: "female" }),
    ).toEqual({
      warnings: ["birth_date_mismatch", "sex_mismatch"],
    });
    expect(
      checkRnokppAgainstPerson("3068208400", { birthDate: "1984-01-02", sex: "male" }),
    ).toEqual({
      warnings: ["sex_mismatch"],
    });
  });

  it("does not warn about what the person record leaves blank", () => {
    expect(checkRnokppAgainstPerson("3652504575", { birthDate: null, sex: null })).toEqual({
      warnings: [],
    });
    expect(checkRnokppAgainstPerson("3652504575", {})).toEqual({ warnings: [] });
  });
});

describe("makeRnokpp", () => {
  it("rebuilds the worked examples from their serials", () => {
    // d6–d8 = 045 and d9 = 7 (the fourth odd digit): serial 3·1000 + 45.
    expect(makeRnokpp("2000-01-01", "male", 3045)).toBe("3652504575");
    // d6–d8 = 084 and d9 = 0 (the first even digit): serial 84.
    expect(makeRnokpp("1984-01-02", "female", 84)).toBe("3068208400");
  });

  it("refuses dates and serials it cannot encode", () => {
    expect(() => makeRnokpp("1899-12-31", "male")).toThrow(RangeError);
    expect(() => makeRnokpp("2000-02-30", "male")).toThrow(RangeError);
    expect(() => makeRnokpp("2000-01-01", "male", 5000)).toThrow(RangeError);
    expect(() => makeRnokpp("2000-01-01", "male", -1)).toThrow(RangeError);
  });

  it("property: every number it makes is valid and decodes back to its date and sex", () => {
    fc.assert(
      fc.property(isoDate, sex, serial, (birthDate, personSex, personSerial) => {
        const rnokpp = makeRnokpp(birthDate, personSex, personSerial);
        expect(rnokpp).toMatch(/^\d{10}$/);
        expect(decodeRnokpp(rnokpp)).toEqual({ ok: true, birthDate, sex: personSex });
        expect(checkRnokppAgainstPerson(rnokpp, { birthDate, sex: personSex })).toEqual({
          warnings: [],
        });
      }),
    );
  });

  it("property: different serials give different numbers for the same person", () => {
    fc.assert(
      fc.property(isoDate, sex, serial, serial, (birthDate, personSex, first, second) => {
        fc.pre(first !== second);
        expect(makeRnokpp(birthDate, personSex, first)).not.toBe(
          makeRnokpp(birthDate, personSex, second),
        );
      }),
    );
  });
});

describe("single-digit errors", () => {
  const validNumber = fc
    .tuple(isoDate, sex, serial)
    .map(([birthDate, personSex, personSerial]) => makeRnokpp(birthDate, personSex, personSerial));
  const position = fc.integer({ min: 0, max: 9 });
  const shift = fc.integer({ min: 1, max: 9 });

  function changeDigit(value: string, at: number, by: number): string {
    const digit = (Number(value[at]) + by) % 10;
    return value.slice(0, at) + digit + value.slice(at + 1);
  }

  it("property: changing the check digit always fails", () => {
    fc.assert(
      fc.property(validNumber, shift, (rnokpp, by) => {
        expect(decodeRnokpp(changeDigit(rnokpp, 9, by))).toEqual({
          ok: false,
          reason: "check_digit",
        });
      }),
    );
  });

  it("property: changing any other digit fails unless it only moves the residue between 0 and 10", () => {
    // Every weight is non-zero mod 11, so a one-digit change always moves the residue; the
    // check survives only when the final "mod 10" folds old and new residues onto 0.
    fc.assert(
      fc.property(validNumber, fc.integer({ min: 0, max: 8 }), shift, (rnokpp, at, by) => {
        const changed = changeDigit(rnokpp, at, by);
        const before = residueMod11(rnokpp);
        const after = residueMod11(changed);
        expect(after).not.toBe(before);
        const keepsChecksum = (before === 0 && after === 10) || (before === 10 && after === 0);
        expect(decodeRnokpp(changed).ok).toBe(keepsChecksum && changed.slice(0, 5) !== "00000");
      }),
      { numRuns: 2000 },
    );
  });

  it("property: a number whose residue is neither 0 nor 10 catches every single-digit error", () => {
    fc.assert(
      fc.property(validNumber, position, shift, (rnokpp, at, by) => {
        fc.pre(![0, 10].includes(residueMod11(rnokpp)));
        expect(decodeRnokpp(changeDigit(rnokpp, at, by)).ok).toBe(false);
      }),
    );
  });

  it("the fold really lets some changes through, so the exception above is not vacuous", () => {
    // 3068208400 has residue 10; find one change that lands on residue 0.
    const survivors: string[] = [];
    for (let at = 0; at < 9; at++) {
      for (let by = 1; by <= 9; by++) {
        const changed = changeDigit("3068208400", at, by);
        if (decodeRnokpp(changed).ok) survivors.push(changed);
      }
    }
    expect(survivors.length).toBeGreaterThan(0);
    for (const changed of survivors) expect(residueMod11(changed)).toBe(0);
  });
});
