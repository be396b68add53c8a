// Amounts in words for the act of acceptance and transfer, whose total is written "in figures
// and in words" (domain.md §9): "одна тисяча двісті гривень 00 копійок". The minor part stays in
// two digits, as Ukrainian primary documents write it. Amounts are integer minor units (§5).
//
// Acts are normally in hryvnias (the agency buys in Ukraine); EUR and USD are spelled too so that
// a donor-currency document never prints a wrong word.
import type { Locale } from "~/lib/i18n";

export const wordCurrencies = ["UAH", "EUR", "USD"] as const;
export type WordCurrency = (typeof wordCurrencies)[number];

type Gender = "masculine" | "feminine" | "neuter";
/** Ukrainian nouns after a number take one of three forms: 1 (21, 31…), 2–4 (22…), 5–20 and 0. */
type Forms = readonly [one: string, few: string, many: string];

const ukUnits: Record<Gender, readonly string[]> = {
  masculine: ["", "один", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"],
  feminine: ["", "одна", "дві", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"],
  neuter: ["", "одне", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"],
};
const ukTeens = ["десять", "одинадцять", "дванадцять", "тринадцять", "чотирнадцять", "п'ятнадцять", "шістнадцять", "сімнадцять", "вісімнадцять", "дев'ятнадцять"];
const ukTens = ["", "", "двадцять", "тридцять", "сорок", "п'ятдесят", "шістдесят", "сімдесят", "вісімдесят", "дев'яносто"];
const ukHundreds = ["", "сто", "двісті", "триста", "чотириста", "п'ятсот", "шістсот", "сімсот", "вісімсот", "дев'ятсот"];

// Thousand is feminine (одна тисяча, дві тисячі); million and billion are masculine.
const ukScales: ReadonlyArray<{ gender: Gender; forms: Forms }> = [
  { gender: "feminine", forms: ["тисяча", "тисячі", "тисяч"] },
  { gender: "masculine", forms: ["мільйон", "мільйони", "мільйонів"] },
  { gender: "masculine", forms: ["мільярд", "мільярди", "мільярдів"] },
];

const ukCurrencies: Record<WordCurrency, { major: Forms; majorGender: Gender; minor: Forms }> = {
  UAH: { major: ["гривня", "гривні", "гривень"], majorGender: "feminine", minor: ["копійка", "копійки", "копійок"] },
  // "Євро" does not decline and takes neuter numerals: одне євро, два євро.
  EUR: { major: ["євро", "євро", "євро"], majorGender: "neuter", minor: ["цент", "центи", "центів"] },
  USD: { major: ["долар США", "долари США", "доларів США"], majorGender: "masculine", minor: ["цент", "центи", "центів"] },
};

/** The Ukrainian plural form a number takes: 1, 21 → one; 2–4, 22–24 → few; 0, 5–20, 25… → many. */
export function ukrainianPluralForm(count: number): 0 | 1 | 2 {
  const lastTwo = count % 100;
  const last = count % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return 2;
  if (last === 1) return 0;
  if (last >= 2 && last <= 4) return 1;
  return 2;
}

function ukTriple(value: number, gender: Gender): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  if (hundreds) words.push(ukHundreds[hundreds]);
  if (rest >= 10 && rest < 20) {
    words.push(ukTeens[rest - 10]);
  } else {
    if (rest >= 20) words.push(ukTens[Math.floor(rest / 10)]);
    if (rest % 10) words.push(ukUnits[gender][rest % 10]);
  }
  return words;
}

function ukWholeNumber(value: number, gender: Gender): string {
  if (value === 0) return "нуль";
  const groups = splitThousands(value);
  const words: string[] = [];
  for (let index = groups.length - 1; index >= 0; index -= 1) {
    const group = groups[index];
    if (group === 0) continue;
    if (index === 0) {
      words.push(...ukTriple(group, gender));
    } else {
      const scale = ukScales[index - 1];
      words.push(...ukTriple(group, scale.gender), scale.forms[ukrainianPluralForm(group)]);
    }
  }
  return words.join(" ");
}

const enUnits = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const enTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const enScales = ["thousand", "million", "billion"];

const enCurrencies: Record<WordCurrency, { major: [string, string]; minor: [string, string] }> = {
  UAH: { major: ["hryvnia", "hryvnias"], minor: ["kopiyka", "kopiykas"] },
  EUR: { major: ["euro", "euros"], minor: ["cent", "cents"] },
  USD: { major: ["US dollar", "US dollars"], minor: ["cent", "cents"] },
};

// Without "and" ("one hundred one"), as on cheques and payment orders: an "and" there can be
// read as the start of the fraction.
function enTriple(value: number): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  if (hundreds) words.push(enUnits[hundreds], "hundred");
  if (rest >= 20) words.push(rest % 10 ? `${enTens[Math.floor(rest / 10)]}-${enUnits[rest % 10]}` : enTens[Math.floor(rest / 10)]);
  else if (rest) words.push(enUnits[rest]);
  return words;
}

function enWholeNumber(value: number): string {
  if (value === 0) return "zero";
  const groups = splitThousands(value);
  const words: string[] = [];
  for (let index = groups.length - 1; index >= 0; index -= 1) {
    if (groups[index] === 0) continue;
    words.push(...enTriple(groups[index]));
    if (index > 0) words.push(enScales[index - 1]);
  }
  return words.join(" ");
}

/** Groups of three digits, lowest first: 1 234 567 → [567, 234, 1]. */
function splitThousands(value: number): number[] {
  const groups: number[] = [];
  let rest = value;
  while (rest > 0) {
    groups.push(rest % 1000);
    rest = Math.floor(rest / 1000);
  }
  return groups;
}

// Up to 999 999 999 999.99: four groups of three digits are all the scales have words for.
const largestMinor = 999_999_999_999_99;

function splitMinor(minor: number): { whole: number; fraction: number } {
  if (!Number.isSafeInteger(minor) || minor < 0 || minor > largestMinor) {
    throw new RangeError(`An amount in words needs whole minor units from 0 to ${largestMinor}, not ${minor}`);
  }
  return { whole: Math.floor(minor / 100), fraction: minor % 100 };
}

/** "одна тисяча двісті гривень 00 копійок" (domain.md §9: the act's total in words). */
export function amountInWordsUk(minor: number, currency: WordCurrency = "UAH"): string {
  const { whole, fraction } = splitMinor(minor);
  const words = ukCurrencies[currency];
  const major = words.major[ukrainianPluralForm(whole)];
  const minorWord = words.minor[ukrainianPluralForm(fraction)];
  return `${ukWholeNumber(whole, words.majorGender)} ${major} ${String(fraction).padStart(2, "0")} ${minorWord}`;
}

/** "one thousand two hundred hryvnias 00 kopiykas", for the English copy of a document. */
export function amountInWordsEn(minor: number, currency: WordCurrency = "UAH"): string {
  const { whole, fraction } = splitMinor(minor);
  const words = enCurrencies[currency];
  const major = words.major[whole === 1 ? 0 : 1];
  const minorWord = words.minor[fraction === 1 ? 0 : 1];
  return `${enWholeNumber(whole)} ${major} ${String(fraction).padStart(2, "0")} ${minorWord}`;
}

export function amountInWords(minor: number, currency: WordCurrency, locale: Locale): string {
  return locale === "uk" ? amountInWordsUk(minor, currency) : amountInWordsEn(minor, currency);
}

export function isWordCurrency(value: string): value is WordCurrency {
  return (wordCurrencies as readonly string[]).includes(value);
}
