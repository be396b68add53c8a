// The decision letter a beneficiary keeps: its outgoing number, and how the applicant is named
// and greeted in the letter's language. Pure, so the letter page and the tests share it.
import { transliterate } from "~/modules/intake/transliteration";

/** The letter's outgoing number: "<programme code>/<year>/<sequence of the year>", e.g. EEP/2026/0007. */
export function letterNumber(programmeCode: string, year: string, sequence: number): string {
  return `${programmeCode}/${year}/${String(sequence).padStart(4, "0")}`;
}

/**
 * The number of a decision recorded before letters were numbered: its record id, marked "R" so
 * it never equals a sequence number of the same year.
 */
export function letterReference(programmeCode: string, decision: { id: number; letterNumber: string | null; createdAt: string }): string {
  return decision.letterNumber ?? `${programmeCode}/${decision.createdAt.slice(0, 4)}/R${decision.id}`;
}

type Sex = "female" | "male";

const vowels = "аеєиіїоуюя";

// Masculine first names whose vocative does not follow the rules below (Ігор → Ігорю, Ілля → Ілле).
const masculineExceptions: Record<string, string> = { Ігор: "Ігорю", Ілля: "Ілле" };

/**
 * The vocative (кличний відмінок) of a Ukrainian first name or patronymic, which a formal
 * greeting needs: Олена → Олено, Марія → Маріє, Петрівна → Петрівно; Петро → Петре,
 * Сергій → Сергію, Василь → Василю, Олег → Олеже, Іванович → Івановичу. Null for an ending
 * these rules do not know, so that the letter falls back to a greeting without the name.
 */
export function vocative(name: string, sex: Sex): string | null {
  const word = name.trim();
  if (!/^[\p{L}'’ʼ-]{2,}$/u.test(word)) return null;
  if (word.includes("-")) {
    const parts = word.split("-").map((part) => vocative(part, sex));
    return parts.every((part) => part !== null) ? parts.join("-") : null;
  }
  const last = word.slice(-1);
  const before = word.slice(-2, -1).toLowerCase();
  const stem = word.slice(0, -1);
  if (sex === "female") {
    if (last === "а") return `${stem}о`;
    if (last === "я") return vowels.includes(before) || "'’ʼй".includes(before) ? `${stem}є` : `${stem}е`;
    return null;
  }
  if (masculineExceptions[word]) return masculineExceptions[word];
  if (word.endsWith("ич")) return `${word}у`;
  if (last === "й" || last === "ь") return `${stem}ю`;
  if (last === "о") return `${stem}е`;
  if (last === "а") return `${stem}о`;
  if (last === "г") return `${stem}же`;
  if ("кхґ".includes(last)) return `${word}у`;
  if (/[бвдзлмнпрстфцшщжч]/.test(last)) return `${word}е`;
  return null;
}

/** `sex` may be unrecorded: the greeting then names nobody's gender. */
export type LetterPerson = { surname: string; firstName: string; patronymic: string | null; latinName: string | null; sex: Sex | null };

function titleCase(word: string): string {
  return word
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join("-");
}

/**
 * The applicant's name as the letter prints it: in Ukrainian as registered; in English the
 * Latin name as printed in the passport when it is stored (never recomputed, domain.md §2),
 * otherwise the CMU Resolution 55 transliteration of surname and first name.
 */
export function letterName(person: LetterPerson, locale: "uk" | "en"): { fullName: string; fromPassport: boolean } {
  if (locale === "uk") return { fullName: [person.surname, person.firstName, person.patronymic].filter(Boolean).join(" "), fromPassport: false };
  if (person.latinName?.trim()) return { fullName: person.latinName.trim(), fromPassport: true };
  return { fullName: transliterate(`${person.surname} ${person.firstName}`), fromPassport: false };
}

/**
 * The greeting in the letter's language. Ukrainian: "Шановна Олено Петрівно!" (first name and
 * patronymic in the vocative), "Шановна пані Олено!" without a patronymic, and "Шановна пані!"
 * when the vocative is unknown. English: "Dear Ms Shevchenko," with the surname in Latin (the
 * passport's first word, which is the surname there).
 */
export function letterGreeting(person: LetterPerson, locale: "uk" | "en"): string {
  if (locale === "en") {
    const latinSurname = person.latinName?.trim() ? person.latinName.trim().split(/[\s,]+/)[0] : transliterate(person.surname);
    if (!person.sex) return `Dear ${letterName(person, "en").fullName},`;
    return `Dear ${person.sex === "female" ? "Ms" : "Mr"} ${titleCase(latinSurname)},`;
  }
  if (!person.sex) return "Шановна пані / шановний пане!";
  const dear = person.sex === "female" ? "Шановна" : "Шановний";
  const title = person.sex === "female" ? "пані" : "пане";
  const first = vocative(person.firstName, person.sex);
  const patronymic = person.patronymic ? vocative(person.patronymic, person.sex) : null;
  if (first && patronymic) return `${dear} ${first} ${patronymic}!`;
  if (first && !person.patronymic) return `${dear} ${title} ${first}!`;
  return `${dear} ${title}!`;
}

const monthsEnLong = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A date as letters write it: 20.11.2026 in Ukrainian (ДСТУ 4163), 20 November 2026 in English. */
export function letterDate(isoDate: string, locale: "uk" | "en"): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-");
  return locale === "uk" ? `${day}.${month}.${year}` : `${Number(day)} ${monthsEnLong[Number(month) - 1]} ${year}`;
}

/** A staff member's name in the letter's language: as stored in Ukrainian, transliterated in English. */
export function staffName(name: string, locale: "uk" | "en"): string {
  return locale === "uk" ? name : transliterate(name);
}
