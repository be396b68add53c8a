// The act's total in words (domain.md §9): exact Ukrainian grammar of hryvnia amounts, and the
// English copy.
import { describe, expect, it } from "vitest";
import { amountInWords, amountInWordsEn, amountInWordsUk, ukrainianPluralForm } from "~/modules/grants/amount-in-words";

const hryvnias = (whole: number, kopiykas = 0) => whole * 100 + kopiykas;

describe("amountInWordsUk (hryvnias)", () => {
  it.each([
    [0, "нуль гривень 00 копійок"],
    [1, "одна гривня 00 копійок"],
    [2, "дві гривні 00 копійок"],
    [3, "три гривні 00 копійок"],
    [4, "чотири гривні 00 копійок"],
    [5, "п'ять гривень 00 копійок"],
    [10, "десять гривень 00 копійок"],
    [11, "одинадцять гривень 00 копійок"],
    [12, "дванадцять гривень 00 копійок"],
    [14, "чотирнадцять гривень 00 копійок"],
    [20, "двадцять гривень 00 копійок"],
    [21, "двадцять одна гривня 00 копійок"],
    [22, "двадцять дві гривні 00 копійок"],
    [25, "двадцять п'ять гривень 00 копійок"],
    [100, "сто гривень 00 копійок"],
    [101, "сто одна гривня 00 копійок"],
    [111, "сто одинадцять гривень 00 копійок"],
    [112, "сто дванадцять гривень 00 копійок"],
    [200, "двісті гривень 00 копійок"],
    [999, "дев'ятсот дев'яносто дев'ять гривень 00 копійок"],
    [1_000, "одна тисяча гривень 00 копійок"],
    [1_001, "одна тисяча одна гривня 00 копійок"],
    [1_200, "одна тисяча двісті гривень 00 копійок"],
    [2_000, "дві тисячі гривень 00 копійок"],
    [3_002, "три тисячі дві гривні 00 копійок"],
    [4_000, "чотири тисячі гривень 00 копійок"],
    [5_000, "п'ять тисяч гривень 00 копійок"],
    [11_000, "одинадцять тисяч гривень 00 копійок"],
    [12_000, "дванадцять тисяч гривень 00 копійок"],
    [21_000, "двадцять одна тисяча гривень 00 копійок"],
    [22_000, "двадцять дві тисячі гривень 00 копійок"],
    [25_000, "двадцять п'ять тисяч гривень 00 копійок"],
    [111_000, "сто одинадцять тисяч гривень 00 копійок"],
    [250_000, "двісті п'ятдесят тисяч гривень 00 копійок"],
    [1_000_000, "один мільйон гривень 00 копійок"],
    [1_001_000, "один мільйон одна тисяча гривень 00 копійок"],
    [2_000_000, "два мільйони гривень 00 копійок"],
    [5_000_000, "п'ять мільйонів гривень 00 копійок"],
    [11_000_000, "одинадцять мільйонів гривень 00 копійок"],
    [21_000_000, "двадцять один мільйон гривень 00 копійок"],
    [1_000_000_001, "один мільярд одна гривня 00 копійок"],
    [2_000_000_000, "два мільярди гривень 00 копійок"],
    [123_456_789, "сто двадцять три мільйони чотириста п'ятдесят шість тисяч сімсот вісімдесят дев'ять гривень 00 копійок"],
  ])("%i hryvnias", (whole, words) => {
    expect(amountInWordsUk(hryvnias(whole))).toBe(words);
  });

  it.each([
    [hryvnias(1_200, 0), "одна тисяча двісті гривень 00 копійок"],
    [hryvnias(0, 1), "нуль гривень 01 копійка"],
    [hryvnias(0, 2), "нуль гривень 02 копійки"],
    [hryvnias(0, 5), "нуль гривень 05 копійок"],
    [hryvnias(3, 11), "три гривні 11 копійок"],
    [hryvnias(3, 12), "три гривні 12 копійок"],
    [hryvnias(21, 21), "двадцять одна гривня 21 копійка"],
    [hryvnias(22, 22), "двадцять дві гривні 22 копійки"],
    [hryvnias(1_200, 50), "одна тисяча двісті гривень 50 копійок"],
    [hryvnias(1, 99), "одна гривня 99 копійок"],
  ])("%i kopiykas in all", (minor, words) => {
    expect(amountInWordsUk(minor)).toBe(words);
  });

  it("spells euros with neuter numerals and US dollars with masculine ones", () => {
    expect(amountInWordsUk(hryvnias(1, 1), "EUR")).toBe("одне євро 01 цент");
    expect(amountInWordsUk(hryvnias(2, 2), "EUR")).toBe("два євро 02 центи");
    expect(amountInWordsUk(hryvnias(5_000, 0), "EUR")).toBe("п'ять тисяч євро 00 центів");
    expect(amountInWordsUk(hryvnias(21, 0), "USD")).toBe("двадцять один долар США 00 центів");
    expect(amountInWordsUk(hryvnias(2_002, 11), "USD")).toBe("дві тисячі два долари США 11 центів");
  });

  it("refuses amounts that are not whole non-negative minor units", () => {
    expect(() => amountInWordsUk(-1)).toThrow(RangeError);
    expect(() => amountInWordsUk(10.5)).toThrow(RangeError);
    expect(() => amountInWordsUk(1_000_000_000_000_00)).toThrow(RangeError);
    expect(amountInWordsUk(999_999_999_999_99)).toBe(
      "дев'ятсот дев'яносто дев'ять мільярдів дев'ятсот дев'яносто дев'ять мільйонів дев'ятсот дев'яносто дев'ять тисяч дев'ятсот дев'яносто дев'ять гривень 99 копійок",
    );
  });
});

describe("ukrainianPluralForm", () => {
  it.each([
    [0, 2], [1, 0], [2, 1], [4, 1], [5, 2], [11, 2], [12, 2], [14, 2], [15, 2], [20, 2],
    [21, 0], [22, 1], [25, 2], [101, 0], [111, 2], [112, 2], [1_001, 0],
  ])("%i takes form %i", (count, form) => {
    expect(ukrainianPluralForm(count)).toBe(form);
  });
});

describe("amountInWordsEn", () => {
  it.each([
    [hryvnias(0), "zero hryvnias 00 kopiykas"],
    [hryvnias(1), "one hryvnia 00 kopiykas"],
    [hryvnias(2), "two hryvnias 00 kopiykas"],
    [hryvnias(11), "eleven hryvnias 00 kopiykas"],
    [hryvnias(21), "twenty-one hryvnias 00 kopiykas"],
    [hryvnias(40), "forty hryvnias 00 kopiykas"],
    [hryvnias(101), "one hundred one hryvnias 00 kopiykas"],
    [hryvnias(1_000), "one thousand hryvnias 00 kopiykas"],
    [hryvnias(1_200), "one thousand two hundred hryvnias 00 kopiykas"],
    [hryvnias(21_000), "twenty-one thousand hryvnias 00 kopiykas"],
    [hryvnias(1_000_000), "one million hryvnias 00 kopiykas"],
    [hryvnias(2_000_015), "two million fifteen hryvnias 00 kopiykas"],
    [hryvnias(0, 1), "zero hryvnias 01 kopiyka"],
    [hryvnias(5, 21), "five hryvnias 21 kopiykas"],
  ])("%i minor units", (minor, words) => {
    expect(amountInWordsEn(minor)).toBe(words);
  });

  it("spells euros and US dollars", () => {
    expect(amountInWordsEn(hryvnias(1, 1), "EUR")).toBe("one euro 01 cent");
    expect(amountInWordsEn(hryvnias(7_000), "EUR")).toBe("seven thousand euros 00 cents");
    expect(amountInWordsEn(hryvnias(250, 5), "USD")).toBe("two hundred fifty US dollars 05 cents");
  });

  it("picks the language", () => {
    expect(amountInWords(hryvnias(2), "UAH", "uk")).toBe("дві гривні 00 копійок");
    expect(amountInWords(hryvnias(2), "UAH", "en")).toBe("two hryvnias 00 kopiykas");
  });
});
