/**
 * Ukrainian → Latin transliteration by CMU Resolution 55 of 27.01.2010, the passport standard
 * (domain.md §2). Used to suggest a Latin spelling; a spelling printed in a passport is stored as
 * given and never recomputed from this.
 */

// One cell per letter, like the published table: a pair is [start of a word, elsewhere].
// prettier-ignore
const resolution55Table: Record<string, string | readonly [string, string]> = {
  а: "a", б: "b", в: "v", г: "h", ґ: "g", д: "d", е: "e", є: ["ye", "ie"], ж: "zh", з: "z",
  и: "y", і: "i", ї: ["yi", "i"], й: ["y", "i"], к: "k", л: "l", м: "m", н: "n", о: "o",
  п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh",
  щ: "shch", ь: "", ю: ["yu", "iu"], я: ["ya", "ia"],
};

/** Lowercase letter → [form at the start of a word, form elsewhere]. */
const resolution55: ReadonlyMap<string, readonly [string, string]> = new Map(
  Object.entries(resolution55Table).map(([letter, latin]) => [
    letter,
    typeof latin === "string" ? [latin, latin] : latin,
  ]),
);

// Apostrophe as typed (U+0027), typographic (U+2019) and the modifier letter (U+02BC).
const apostrophes = new Set(["'", "\u2019", "\u02BC"]);
const letterPattern = /^\p{L}$/u;

function isLetter(char: string | undefined): boolean {
  return char !== undefined && letterPattern.test(char);
}

function isUkrainianLetter(char: string | undefined): boolean {
  return char !== undefined && resolution55.has(char.toLowerCase());
}

function isUpperCase(char: string): boolean {
  return char !== char.toLowerCase();
}

/** A word starts after anything but a letter or an in-word apostrophe (Знам'янка → ...mianka). */
function isWordStart(chars: readonly string[], index: number): boolean {
  const previous = chars[index - 1];
  return !isLetter(previous) && !(previous !== undefined && apostrophes.has(previous));
}

/**
 * A capital letter gives a capitalised form (Щ → Shch), or all capitals inside an all-caps word
 * (ЩЕРБА → SHCHERBA), judged by the neighbouring letter.
 */
function applyCase(latin: string, chars: readonly string[], index: number): string {
  const neighbour = isLetter(chars[index + 1]) ? chars[index + 1] : chars[index - 1];
  if (isLetter(neighbour) && isUpperCase(neighbour)) return latin.toUpperCase();
  return latin.charAt(0).toUpperCase() + latin.slice(1);
}

/** Transliterates Ukrainian text; characters that are not Ukrainian letters pass through. */
export function transliterate(ukrainian: string): string {
  const chars = Array.from(ukrainian.normalize("NFC"));
  let latin = "";
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index];
    if (
      apostrophes.has(char) &&
      isUkrainianLetter(chars[index - 1]) &&
      isUkrainianLetter(chars[index + 1])
    ) {
      continue; // the apostrophe is omitted
    }
    const lower = char.toLowerCase();
    const forms = resolution55.get(lower);
    if (!forms) {
      latin += char;
      continue;
    }
    let form = isWordStart(chars, index) ? forms[0] : forms[1];
    // "зг" is written "zgh" so that it cannot be read as "ж" (zh).
    if (lower === "г" && chars[index - 1]?.toLowerCase() === "з") form = "gh";
    latin += isUpperCase(char) ? applyCase(form, chars, index) : form;
  }
  return latin;
}
