// The case list's search box and URL filters (app/modules/cases/case-list.ts).
import { describe, expect, it } from "vitest";
import { classifySearch } from "~/modules/cases/case-list";
import { parseCaseListFilter } from "~/modules/cases/case-list-filter";

describe("classifySearch", () => {
  it.each(["", "   ", "\t"])("has nothing to search for in %j", (query) => {
    expect(classifySearch(query)).toBeNull();
  });

  it.each([
    ["LT-AB3", "LT-AB3"],
    ["lt-ab3", "LT-AB3"],
    ["LTAB3", "LT-AB3"],
    ["  LT-7HWV8PZ ", "LT-7HWV8PZ"],
    ["LT-", "LT-"],
  ])("reads %j as the case-code prefix %j", (query, prefix) => {
    expect(classifySearch(query)).toEqual({ kind: "caseCode", prefix });
  });

  it.each([
    ["3652504575", "3652504575"],
    [" 3652504575 ", "3652504575"],
    ["3652-504-575", "3652504575"],
  ])("reads %j as an RNOKPP", (query, value) => {
    expect(classifySearch(query)).toEqual({ kind: "rnokpp", value });
  });

  it.each([
    ["+380 67 111 22 33", "380671112233"],
    ["+380671112233", "380671112233"],
    ["380671112233", "380671112233"],
    ["067 111 22 33", "0671112233"],
    ["(067) 111-22-33", "0671112233"],
    ["0671112233", "0671112233"],
  ])("reads %j as a phone number", (query, digits) => {
    expect(classifySearch(query)).toEqual({ kind: "phone", digits });
  });

  it.each([
    ["Шевченко", ["Шевченко"]],
    ["Шевченко Олена", ["Шевченко", "Олена"]],
    ["Olena Shevchenko", ["Olena", "Shevchenko"]],
    ["Shevchenko, Olena", ["Shevchenko", "Olena"]],
    ["  Шевченко   Олена  Петрівна  ", ["Шевченко", "Олена", "Петрівна"]],
    ["Шевченко Олена Петрівна Зайва", ["Шевченко", "Олена", "Петрівна"]],
    ["Мар'яна", ["Мар'яна"]],
    ["Lt. Kovalenko", ["Lt.", "Kovalenko"]],
  ])("reads %j as name words", (query, words) => {
    expect(classifySearch(query)).toEqual({ kind: "name", words });
  });

  it("does not take a short digit string for an identifier", () => {
    expect(classifySearch("12345")).toEqual({ kind: "name", words: ["12345"] });
  });
});

describe("parseCaseListFilter", () => {
  const parse = (query: string) => parseCaseListFilter(new URLSearchParams(query));

  it("reads every filter from the URL", () => {
    expect(
      parse("q=+Шевченко+&programme=3&stage=training&status=open&oblast=UA46&hromada=UA4608001&displacement=idp&sex=female&partner=7&mentor=12&sort=vulnerability&dir=asc&page=2"),
    ).toEqual({
      q: "Шевченко",
      programme: 3,
      stage: "training",
      status: "open",
      oblast: "UA46",
      hromada: "UA4608001",
      displacement: "idp",
      sex: "female",
      partner: 7,
      mentor: 12,
      sort: "vulnerability",
      dir: "asc",
      page: 2,
    });
  });

  it("gives an empty filter for no parameters, and ignores empty ones", () => {
    expect(parse("")).toEqual({});
    expect(parse("q=&stage=&oblast=&page=")).toEqual({});
  });

  it.each([
    ["stage=bogus", "stage"],
    ["status=deleted", "status"],
    ["oblast=UA4", "oblast"],
    ["oblast=Lviv", "oblast"],
    ["hromada=UA46", "hromada"],
    ["displacement=refugee", "displacement"],
    ["sex=other", "sex"],
    ["programme=-3", "programme"],
    ["programme=abc", "programme"],
    ["partner=1.5", "partner"],
    ["mentor=0", "mentor"],
    ["sort=password", "sort"],
    ["dir=sideways", "dir"],
    ["page=0", "page"],
    ["page=abc", "page"],
    ["page=100001", "page"],
    [`q=${"x".repeat(101)}`, "q"],
  ])("ignores a malformed %s and keeps the other filters", (query, field) => {
    const kept = ["stage", "partner"].includes(field) ? { sex: "male", programme: 5 } : { stage: "screening", partner: 4 };
    const filter = parse(`${query}&${new URLSearchParams(Object.entries(kept).map(([name, value]) => [name, String(value)]))}`);
    expect(filter).toEqual(kept);
  });

  it("drops parameters it does not know (such as the export format)", () => {
    expect(parse("format=xlsx&stage=review")).toEqual({ stage: "review" });
  });
});
