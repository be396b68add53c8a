/**
 * Transliteration-aware matching of people for deduplication (domain.md §2): the same person
 * appears in Cyrillic and Latin, in Ukrainian and Russian forms, under passport spellings from
 * before and after 2010. A name + birth-date (or phone) match is only a *possible* duplicate
 * that an officer confirms or dismisses.
 */
import { parseIsoDate } from "./age";

/*
 * Name skeleton
 * -------------
 * Every spelling is reduced to one simplified Latin alphabet:
 *  1. Cyrillic letters (Ukrainian and Russian) map through one fixed table, straight to the
 *     reduced alphabet: и ы і ї й → i, г ґ х → h, є → ie, ю → iu, я → ia, ь ъ dropped.
 *  2. Latin letters go through a greedy reader of spelling conventions: kh gh g → h, y j → i,
 *     x → ks, w → v, q ck c → k, ph → f (ch, sh, zh are kept).
 *  3. Per word: runs of one letter collapse (ii → i, so -yi/-iy/-ij/-y endings agree), a
 *     word-initial ie becomes e (Yevhen/Evhen), Russian -skaia becomes -ska.
 *  4. Known Ukrainian ↔ Russian ↔ English given-name forms map to one canonical skeleton.
 * Cyrillic output is never re-read by the Latin reader: Схід gives s + h, and so does "Skhid"
 * (s, then kh), without the pair being taken for ш.
 */

// prettier-ignore
const cyrillicToSkeleton: ReadonlyMap<string, string> = new Map(Object.entries({
  а: "a", б: "b", в: "v", г: "h", ґ: "h", д: "d", е: "e", є: "ie", ё: "io", ж: "zh", з: "z",
  и: "i", і: "i", ї: "i", й: "i", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r",
  с: "s", т: "t", у: "u", ф: "f", х: "h", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "i",
  ь: "", э: "e", ю: "iu", я: "ia",
}));

/** Two-letter Latin spellings that stand for one sound; checked before single letters. */
const latinDigraphs: ReadonlyMap<string, string> = new Map(
  Object.entries({ kh: "h", gh: "h", ch: "ch", sh: "sh", zh: "zh", ck: "k", ph: "f" }),
);

const latinLetters: ReadonlyMap<string, string> = new Map(
  Object.entries({ g: "h", y: "i", j: "i", x: "ks", w: "v", q: "k", c: "k" }),
);

const wordSeparators = new Set([" ", "-", "\u2010", "\u2011", "\u2013", ",", ".", "\t", "/"]);
const combiningMarks = /[\u0300-\u036f]/g;
const latinNameSeparators = /[\s,]+/;
const latinAccentCache = new Map<string, string>();

/** é → e; a letter that Unicode does not decompose (ł, ø) yields no ASCII letter and is dropped. */
function stripLatinAccent(char: string): string {
  let plain = latinAccentCache.get(char);
  if (plain === undefined) {
    plain = char.normalize("NFD").replace(combiningMarks, "");
    latinAccentCache.set(char, plain);
  }
  return plain;
}

function isAsciiLetter(char: string | undefined): char is string {
  return char !== undefined && char >= "a" && char <= "z";
}

/** Steps 1–2: the reduced-alphabet words of a name, before per-word clean-up. */
function reduceToWords(name: string): string[] {
  const text = name.normalize("NFC").toLowerCase();
  const words: string[] = [];
  let word = "";
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const cyrillic = cyrillicToSkeleton.get(char);
    if (cyrillic !== undefined) {
      word += cyrillic;
      continue;
    }
    if (wordSeparators.has(char)) {
      if (word) words.push(word);
      word = "";
      continue;
    }
    const latin = isAsciiLetter(char) ? char : stripLatinAccent(char);
    if (!isAsciiLetter(latin) || latin.length !== 1) continue; // apostrophes (' ’ ʼ), digits, symbols
    const next = text[index + 1];
    const digraph = isAsciiLetter(next) ? latinDigraphs.get(latin + next) : undefined;
    if (digraph !== undefined) {
      word += digraph;
      index++;
      continue;
    }
    word += latinLetters.get(latin) ?? latin;
  }
  if (word) words.push(word);
  return words;
}

function collapseRuns(word: string): string {
  let collapsed = "";
  for (let index = 0; index < word.length; index++) {
    if (word[index] !== word[index - 1]) collapsed += word[index];
  }
  return collapsed;
}

/** Step 3: spelling variants that differ only at the start or end of a word. */
function normaliseWord(word: string): string {
  let normal = collapseRuns(word);
  if (normal.startsWith("ie")) normal = normal.slice(1); // Yevhen, Ievhen, Євген → evhen
  if (normal.endsWith("skaia")) normal = normal.slice(0, -2); // Ковальская ≡ Ковальська
  return normal;
}

/**
 * Step 4: given-name forms that no spelling rule joins (Ukrainian vs Russian vowels and endings,
 * English forms). The first form of each group is the canonical one.
 */
export const givenNameEquivalents: readonly (readonly string[])[] = [
  ["Oleksandr", "Aleksandr", "Alexander", "Aleksander", "Alexandr", "Olexander"],
  ["Oleksandra", "Aleksandra", "Alexandra"],
  ["Oleksii", "Aleksey", "Alexey", "Aleksei", "Alexei"],
  ["Dmytro", "Dmitriy", "Dmitry", "Dmitri"],
  ["Serhii", "Sergey", "Sergei"],
  ["Volodymyr", "Vladimir", "Wladimir"],
  ["Mykola", "Nikolay", "Nikolai"],
  ["Olena", "Elena", "Yelena"],
  ["Olha", "Olga"],
  ["Tetiana", "Tatiana", "Tatyana", "Tetyana"],
  ["Yurii", "Iurii", "Yuriy", "Yuri", "Yury"],
  ["Andrii", "Andrey", "Andrei"],
  ["Oleh", "Oleg"],
  ["Mykhailo", "Mikhail", "Mykhaylo", "Mihail"],
  ["Vasyl", "Vasiliy", "Vasily", "Vasili"],
  ["Petro", "Pyotr", "Petr", "Piotr"],
  ["Pavlo", "Pavel"],
  ["Ivan"],
  ["Iryna", "Irina"],
  ["Nataliia", "Natalya", "Natalia", "Nataliya"],
  ["Liudmyla", "Lyudmila", "Ludmila", "Ludmyla"],
  ["Halyna", "Galina"],
  ["Valentyna", "Valentina"],
  ["Kateryna", "Ekaterina", "Yekaterina"],
  ["Oksana"],
  ["Viktoriia", "Viktoriya", "Victoria"],
  ["Yevhen", "Evgeniy", "Evgeny", "Yevgeniy", "Evgenii"],
  ["Yevheniia", "Evgeniya", "Evgenia"],
  ["Anatolii", "Anatoliy"],
  ["Hanna", "Anna", "Ganna"],
  ["Svitlana", "Svetlana"],
  ["Larysa", "Larisa"],
  ["Yuliia", "Yulia", "Julia"],
  ["Vitalii", "Vitaliy"],
  ["Ihor", "Igor"],
  ["Taras"],
  ["Bohdan", "Bogdan"],
  ["Mariia", "Mariya", "Maria"],
  ["Kostiantyn", "Konstantin", "Kostyantyn"],
  ["Mykyta", "Nikita"],
  ["Fedir", "Fedor", "Fyodor"],
  ["Artem", "Artyom"],
  ["Kyrylo", "Kirill"],
  ["Danylo", "Daniil"],
  ["Yakiv", "Yakov"],
  ["Semen", "Semyon"],
  ["Tymofii", "Timofey"],
  ["Matvii", "Matvey"],
  ["Vira", "Vera"],
  ["Nadiia", "Nadezhda"],
  ["Khrystyna", "Kristina"],
];

/** Skeleton of each listed form → the canonical form's skeleton, compiled once at load. */
const canonicalGivenName: ReadonlyMap<string, string> = (() => {
  const canonical = new Map<string, string>();
  for (const group of givenNameEquivalents) {
    const target = normaliseWord(reduceToWords(group[0])[0]);
    for (const form of group) canonical.set(normaliseWord(reduceToWords(form)[0]), target);
  }
  return canonical;
})();

/**
 * A phonetic key for a name: equal keys mean "the same name under another script, language form
 * or spelling" (domain.md §2). Words are kept, separated by one space.
 */
export function nameSkeleton(name: string): string {
  return reduceToWords(name)
    .map((word) => {
      const skeleton = normaliseWord(word);
      return canonicalGivenName.get(skeleton) ?? skeleton;
    })
    .filter((skeleton) => skeleton.length > 0)
    .join(" ");
}

/** Damerau–Levenshtein (adjacent transposition) distance ≤ 1, in linear time. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (longer.length - shorter.length > 1) return false;
  let index = 0;
  while (index < shorter.length && shorter[index] === longer[index]) index++;
  if (shorter.length < longer.length) {
    return shorter.slice(index) === longer.slice(index + 1); // one insertion
  }
  if (shorter.slice(index + 1) === longer.slice(index + 1)) return true; // one substitution
  return (
    shorter[index] === longer[index + 1] &&
    shorter[index + 1] === longer[index] &&
    shorter.slice(index + 2) === longer.slice(index + 2) // one transposition
  );
}

/** Names below this skeleton length must agree exactly: one edit turns Olena into Olha. */
const minLengthForTypo = 6;

function skeletonsMatch(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  return Math.min(a.length, b.length) >= minLengthForTypo && withinOneEdit(a, b);
}

/** Same name across spellings, or one typo apart in a long enough name. Empty names never match. */
export function namesMatch(a: string, b: string): boolean {
  return skeletonsMatch(nameSkeleton(a), nameSkeleton(b));
}

/** Order-free key of a date's day and month: 1985-03-07 and 1985-07-03 share "1985-03-07". */
function birthDateSwapKey(value: string): string | null {
  const date = parseIsoDate(value);
  if (!date) return null;
  const [low, high] = [date.month, date.day].sort((x, y) => x - y);
  return `${date.year}-${String(low).padStart(2, "0")}-${String(high).padStart(2, "0")}`;
}

/** Equal birth dates, or day and month swapped (a common entry error). */
export function birthDatesMatch(a: string, b: string): boolean {
  const keyA = birthDateSwapKey(a);
  return keyA !== null && keyA === birthDateSwapKey(b);
}

const phoneFormatting = /[\s\-().]/g;
const digitsOnly = /^\d+$/;
// After +380: a 9-digit national number whose operator or area code starts with 3–9.
const ukrainianNationalNumber = /^[3-9]\d{8}$/;

/**
 * A Ukrainian phone number in E.164 (+380XXXXXXXXX), from +380…, 00380…, 380…, 80… (old trunk
 * prefix) or 0… forms; null when it is not a Ukrainian number of the right length.
 */
export function normalisePhone(phone: string): string | null {
  let digits = phone.trim().replace(phoneFormatting, "");
  if (digits.startsWith("+")) digits = digits.slice(1);
  else if (digits.startsWith("00")) digits = digits.slice(2);
  if (!digitsOnly.test(digits)) return null;
  let national: string;
  if (digits.length === 12 && digits.startsWith("380")) national = digits.slice(3);
  else if (digits.length === 11 && digits.startsWith("80")) national = digits.slice(2);
  else if (digits.length === 10 && digits.startsWith("0")) national = digits.slice(1);
  else return null;
  return ukrainianNationalNumber.test(national) ? `+380${national}` : null;
}

export type PersonForMatching = {
  surname: string;
  firstName: string;
  latinName?: string | null;
  birthDate?: string | null;
  phone?: string | null;
};

type NameForm = { surname: string; firstName: string };

/** The person's name as entered, plus a passport Latin name read as "SURNAME GIVEN". */
function nameForms(person: PersonForMatching): NameForm[] {
  const forms: NameForm[] = [{ surname: person.surname, firstName: person.firstName }];
  const latinWords = (person.latinName ?? "").trim().split(latinNameSeparators);
  if (latinWords.length >= 2) forms.push({ surname: latinWords[0], firstName: latinWords[1] });
  return forms;
}

function skeletonForms(person: PersonForMatching): NameForm[] {
  return nameForms(person).map((form) => ({
    surname: nameSkeleton(form.surname),
    firstName: nameSkeleton(form.firstName),
  }));
}

function nameFormsMatch(a: PersonForMatching, b: PersonForMatching): boolean {
  const formsB = skeletonForms(b);
  return skeletonForms(a).some((formA) =>
    formsB.some(
      (formB) =>
        skeletonsMatch(formA.surname, formB.surname) &&
        skeletonsMatch(formA.firstName, formB.firstName),
    ),
  );
}

/*
 * Blocking keys
 * -------------
 * Possible duplicates must share a key, so the keys must survive what the matcher tolerates:
 *  - "d:^<first 2 letters of surname skeleton>|<date>" and "d:<last 3 letters>$|<date>", where
 *    <date> is the order-free day/month key (birthDateSwapKey). One edit in a skeleton of
 *    length ≥ 6 leaves either its first 2 or its last 3 letters intact, and equal or swapped
 *    dates give the same date key, so every name + birth-date match shares one of these.
 *  - "p:<E.164 phone>" for name + phone matches.
 * These are built for the entered name and for the Latin name: at most 5 keys per person.
 */
export function dedupBlockingKeys(person: PersonForMatching): string[] {
  const keys = new Set<string>();
  const dateKey = person.birthDate ? birthDateSwapKey(person.birthDate) : null;
  if (dateKey) {
    for (const form of nameForms(person)) {
      const surname = nameSkeleton(form.surname);
      if (!surname) continue;
      keys.add(`d:^${surname.slice(0, 2)}|${dateKey}`);
      keys.add(`d:${surname.slice(-3)}$|${dateKey}`);
    }
  }
  const phone = person.phone ? normalisePhone(person.phone) : null;
  if (phone) keys.add(`p:${phone}`);
  return [...keys];
}

export type DuplicateReason = "name_and_birth_date" | "name_and_phone";

/** Possible duplicate: matching surname and first name, plus a matching birth date or phone. */
export function isPossibleDuplicate(
  a: PersonForMatching,
  b: PersonForMatching,
): { match: boolean; reasons: DuplicateReason[] } {
  const reasons: DuplicateReason[] = [];
  if (nameFormsMatch(a, b)) {
    if (a.birthDate && b.birthDate && birthDatesMatch(a.birthDate, b.birthDate)) {
      reasons.push("name_and_birth_date");
    }
    const phoneA = a.phone ? normalisePhone(a.phone) : null;
    if (phoneA && phoneA === (b.phone ? normalisePhone(b.phone) : null)) {
      reasons.push("name_and_phone");
    }
  }
  return { match: reasons.length > 0, reasons };
}
