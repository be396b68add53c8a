// The shared form-value readers of app/lib/validation.ts, with hostile input: numbers Number()
// would accept, impossible or absurd dates, control and bidi-override characters in text.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { kyivToday } from "~/lib/kyiv-date";
import {
  birthDate,
  checkedValues,
  decimalNumber,
  isoDate,
  moneyField,
  optionalNote,
  pastDate,
  recordId,
  requiredNote,
  requiredText,
  wholeNumber,
} from "~/lib/validation";

// The value, or the messages (translation keys) of a refusal.
function read(schema: z.ZodType, value: unknown): { value: unknown } | { errors: string[] } {
  const result = schema.safeParse(value);
  return result.success ? { value: result.data } : { errors: result.error.issues.map((issue) => issue.message) };
}

describe("wholeNumber", () => {
  const count = wholeNumber(0, 500);

  it.each([
    ["16", 16],
    ["0", 0],
    ["007", 7],
    ["500", 500],
  ])("reads %j as %j", (text, expected) => {
    expect(read(count, text)).toEqual({ value: expected });
  });

  it.each(["0x10", "1e3", " 16 ", "16 ", "16.0", "16,0", "+16", "Infinity", "NaN", "", "1_000", "١٦", "16\u0000"])(
    "refuses %j as not a whole number",
    (text) => {
      expect(read(count, text)).toEqual({ errors: ["errors.wholeNumber"] });
    },
  );

  it("says which bound a number breaks, and refuses 16 digits before Number() rounds them", () => {
    expect(read(count, "501")).toEqual({ errors: ["errors.numberTooLarge"] });
    expect(read(count, "-1")).toEqual({ errors: ["errors.numberTooSmall"] });
    expect(read(wholeNumber(-10, 10), "-10")).toEqual({ value: -10 });
    expect(read(recordId(), "9007199254740993")).toEqual({ errors: ["errors.wholeNumber"] });
    expect(read(recordId(), "0")).toEqual({ errors: ["errors.numberTooSmall"] });
  });

  it("asks for a value that is missing", () => {
    expect(read(count, undefined)).toEqual({ errors: ["errors.required"] });
    expect(read(count, 16)).toEqual({ errors: ["errors.required"] });
  });
});

describe("decimalNumber", () => {
  const points = decimalNumber(0, 100);

  it("reads a point or a comma, with at most two decimals", () => {
    expect(read(points, "12.5")).toEqual({ value: 12.5 });
    expect(read(points, "12,25")).toEqual({ value: 12.25 });
    expect(read(points, "100")).toEqual({ value: 100 });
  });

  it.each(["0x10", "1e1", "12.555", " 12", "12.", ".5", "Infinity", "1,000.5"])("refuses %j", (text) => {
    expect(read(points, text)).toEqual({ errors: ["errors.number"] });
  });
});

describe("moneyField", () => {
  it("keeps the formats people type (domain.md §5)", () => {
    expect(read(moneyField(), "5000")).toEqual({ value: 500_000 });
    expect(read(moneyField(), "5 000,50")).toEqual({ value: 500_050 });
    expect(read(moneyField(), "5,000.50")).toEqual({ value: 500_050 });
  });

  it.each(["0x10", "1e3", "Infinity", "-5", "5.000.5", "9".repeat(31)])("refuses %j", (text) => {
    expect(read(moneyField(), text)).toEqual({ errors: ["errors.money"] });
  });
});

describe("dates", () => {
  it("read real calendar days within 2000–2100", () => {
    expect(read(isoDate(), "2024-02-29")).toEqual({ value: "2024-02-29" });
    expect(read(isoDate(), "2100-12-31")).toEqual({ value: "2100-12-31" });
  });

  it.each(["2024-02-30", "2023-02-29", "2024-13-01", "2024-1-05", "05.01.2024", "2024-01-05T00:00", " 2024-01-05", "0x7e8-01-01"])(
    "refuse %j as not a date",
    (text) => {
      expect(read(isoDate(), text)).toEqual({ errors: ["errors.date"] });
    },
  );

  it("refuse dates outside the programme's years", () => {
    expect(read(isoDate(), "0001-01-01")).toEqual({ errors: ["errors.dateRange"] });
    expect(read(isoDate(), "1999-12-31")).toEqual({ errors: ["errors.dateRange"] });
    expect(read(isoDate(), "2101-01-01")).toEqual({ errors: ["errors.dateRange"] });
    expect(read(isoDate(), "9999-12-31")).toEqual({ errors: ["errors.dateRange"] });
  });

  it("read birth dates from 1900-01-01 to today in Kyiv", () => {
    const today = kyivToday();
    expect(read(birthDate(), "1900-01-01")).toEqual({ value: "1900-01-01" });
    expect(read(birthDate(), today)).toEqual({ value: today });
    expect(read(birthDate(), "0001-01-01")).toEqual({ errors: ["errors.birthDateRange"] });
    expect(read(birthDate(), "1899-12-31")).toEqual({ errors: ["errors.birthDateRange"] });
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace("-02-29", "-02-28");
    expect(read(birthDate(), nextYear)).toEqual({ errors: ["errors.birthDateRange"] });
    expect(read(pastDate(), "1995-06-01")).toEqual({ value: "1995-06-01" });
    expect(read(pastDate(), "0001-01-01")).toEqual({ errors: ["errors.pastDateRange"] });
  });
});

describe("text", () => {
  const name = requiredText(100);

  it("is NFC-normalised and trimmed", () => {
    expect(read(name, "  Андрій  ")).toEqual({ value: "Андрій" });
    // "й" as и + combining breve, as some keyboards and PDFs produce it, is stored composed.
    const decomposed = "Андрі\u0438\u0306";
    expect(decomposed).toHaveLength(7);
    expect(read(name, decomposed)).toEqual({ value: "Андрій" });
    expect((read(name, decomposed) as { value: string }).value).toHaveLength(6);
  });

  it.each([
    ["NUL", "Коваль\u0000енко"],
    ["a C0 control", "Коваль\u001bенко"],
    ["DEL", "Коваль\u007fенко"],
    ["a C1 control", "Коваль\u0085енко"],
    ["a tab", "Коваль\tенко"],
    ["a line break", "Коваль\nенко"],
    ["a right-to-left override", "\u202eокнелавоК"],
    ["a left-to-right embedding", "\u202aКоваленко"],
    ["a first-strong isolate", "Коваленко\u2068"],
    ["a pop directional isolate", "Коваленко\u2069"],
  ])("refuses %s in a one-line field", (_what, text) => {
    expect(read(name, text)).toEqual({ errors: ["errors.invisibleCharacters"] });
  });

  it("keeps line breaks (as LF) and tabs in notes, and refuses the other controls there", () => {
    const note = requiredNote(2000);
    expect(read(note, "Перший рядок\r\nДругий\tрядок\r\n")).toEqual({ value: "Перший рядок\nДругий\tрядок" });
    expect(read(note, "Рядок\u0000")).toEqual({ errors: ["errors.invisibleCharacters"] });
    expect(read(note, "Рядок \u202eтекст")).toEqual({ errors: ["errors.invisibleCharacters"] });
    expect(read(optionalNote(2000), undefined)).toEqual({ value: undefined });
  });

  it("counts length after trimming and asks for a value left blank", () => {
    expect(read(name, "я".repeat(100))).toEqual({ value: "я".repeat(100) });
    expect(read(name, "я".repeat(101))).toEqual({ errors: ["errors.tooLong"] });
    expect(read(name, `  ${"я".repeat(100)}  `)).toEqual({ value: "я".repeat(100) });
    expect(read(name, "   ")).toEqual({ errors: ["errors.required"] });
  });
});

describe("checkedValues", () => {
  const ids = checkedValues(recordId(), 3);

  it("reads one box, several, or none", () => {
    expect(read(ids, "4")).toEqual({ value: [4] });
    expect(read(ids, ["4", "5"])).toEqual({ value: [4, 5] });
    expect(read(ids, undefined)).toEqual({ value: [] });
  });

  it("refuses more boxes than the list holds, with a message for the field itself", () => {
    const result = ids.safeParse(["1", "2", "3", "4"]);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[[], "errors.tooManyItems"]]);
  });
});
