// Amounts typed by people become integer minor units (domain.md §5), and back again for forms.
import { describe, expect, it } from "vitest";
import { minorToInput, parseMoneyInput } from "~/lib/money";

describe("parseMoneyInput", () => {
  it.each([
    ["5000", 500_000],
    ["0", 0],
    ["5 000,50", 500_050],
    ["5\u00a0000,50", 500_050],
    ["5\u202f000", 500_000],
    ["5,000.50", 500_050],
    ["5.000,5", 500_050],
    ["5.000,50", 500_050],
    ["5,000", 500_000],
    ["5.000", 500_000],
    ["1,234,567.89", 123_456_789],
    ["1.000.000", 100_000_000],
    ["1 234 567,89", 123_456_789],
    ["0,01", 1],
    ["0.1", 10],
    ["12,5", 1_250],
    ["5,", 500],
    ["  150000  ", 15_000_000],
    ["90071992547409.91", Number.MAX_SAFE_INTEGER],
  ])("reads %j as %i minor units", (text, minor) => {
    expect(parseMoneyInput(text)).toBe(minor);
  });

  it.each([
    ["abc"],
    [""],
    ["   "],
    ["-5"],
    ["+5"],
    ["5 грн"],
    ["5e3"],
    [",50"],
    ["5.000.5"],
    ["1,2,3"],
    ["12,34,56"],
    ["1.5.00"],
    ["1,000,50"],
    ["1,000.000"],
    ["5,0001"],
    ["99999999999999999999"],
    ["90071992547410"],
  ])("rejects %j", (text) => {
    expect(parseMoneyInput(text)).toBeNull();
  });
});

describe("minorToInput", () => {
  it.each([
    [500_000, "5000"],
    [500_050, "5000.50"],
    [500_005, "5000.05"],
    [1, "0.01"],
    [0, "0"],
    [15_000_000, "150000"],
  ])("writes %i as %j", (minor, text) => {
    expect(minorToInput(minor)).toBe(text);
  });

  it.each([0, 1, 99, 100, 12_345, 500_050, 123_456_789, 9_007_199_254_740_991])("round-trips %i through parseMoneyInput", (minor) => {
    expect(parseMoneyInput(minorToInput(minor))).toBe(minor);
  });
});
