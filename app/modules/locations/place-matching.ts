/**
 * Hromadas named in free text, matched to their COD-AB P-codes (domain.md §3: store P-codes, not
 * names). Partners' forms write "Бучанська громада", "м. Буча", "Bucha TC" or "Buchanska": the
 * place picker's matching finds names in either script; this adds transliteration (one skeleton
 * for Cyrillic and Latin spellings, domain.md §2), drops the words around the name, and reads a
 * town's name as its hromada's ("Вишгород" → Вишгородська). A name that fits several hromadas
 * (there are Миколаївська hromadas in several oblasts) is reported with its candidates, never
 * guessed; the row's oblast narrows the choice first. Pure: the import passes the table in.
 */
import { nameSkeleton } from "~/modules/intake/name-matching";

export type HromadaName = { pcode: string; nameEn: string; nameUk: string };

export type PlaceMatch =
  | { kind: "matched"; pcode: string }
  | { kind: "ambiguous"; candidates: string[] }
  | { kind: "none" };

const hromadaPcodePattern = /^UA\d{7}$/;

// Words around a hromada's name in free text: kinds of hromada and of settlement, "oblast".
const surroundingWords = new Set([
  "громада", "громади", "тг", "отг", "тгр", "територіальна", "міська", "сільська", "селищна",
  "м", "місто", "с", "село", "смт", "селище", "с-ще", "сел", "область", "обл", "район", "р-н",
  "hromada", "territorial", "community", "tc", "ttc", "urban", "rural", "settlement", "city", "town",
  "village", "oblast", "raion", "district", "rayon",
]); // prettier-ignore

// Hromada names are adjectives (Вишгородська, Бучанська, Одеська); the town is written without
// the ending (Вишгород, Буча, Одеса). Stems in skeleton letters: the hromada's without its final
// "ka", the text's without a final vowel, so that either may extend the other by a few letters.
const hromadaStem = (skeleton: string) => skeleton.replace(/ka$/, "");
const textStem = (skeleton: string) => skeleton.replace(/(ia|a|e|o|i|u)$/, "");

function stemsMeet(own: string, text: string): boolean {
  if (Math.min(own.length, text.length) < 4) return false;
  return (own.startsWith(text) && own.length - text.length <= 3) || (text.startsWith(own) && text.length - own.length <= 2);
}

/** The name part of a free-text place: before a comma, without the words around it. */
export function placeNameWords(text: string): string {
  const first = text.split(/[,;(]/)[0] ?? "";
  return first
    .toLocaleLowerCase("uk")
    .replace(/\./g, " ")
    .split(/\s+/)
    .filter((word) => word && !surroundingWords.has(word))
    .join(" ");
}

type Indexed = HromadaName & { skeletons: string[]; stems: string[] };

/**
 * A matcher over the hromadas of the COD-AB table: `match(text, oblastPcode?)` gives the P-code
 * of a unique match, the candidates of an ambiguous one, or none. A P-code as text is taken as is
 * when the table has it.
 */
export function hromadaMatcher(hromadas: readonly HromadaName[]) {
  const indexed: Indexed[] = hromadas.map((hromada) => {
    const skeletons = [...new Set([nameSkeleton(hromada.nameUk), nameSkeleton(hromada.nameEn)].filter(Boolean))];
    return { ...hromada, skeletons, stems: skeletons.map(hromadaStem) };
  });
  const known = new Set(hromadas.map((hromada) => hromada.pcode));
  const cache = new Map<string, PlaceMatch>();

  function matchAmong(candidates: Indexed[], skeleton: string): Indexed[] {
    const exact = candidates.filter((hromada) => hromada.skeletons.includes(skeleton));
    if (exact.length) return exact;
    const stem = textStem(skeleton);
    return candidates.filter((hromada) => hromada.stems.some((own) => stemsMeet(own, stem)));
  }

  function match(text: string, oblastPcode?: string): PlaceMatch {
    const trimmed = text.trim();
    if (hromadaPcodePattern.test(trimmed.toUpperCase())) {
      const pcode = trimmed.toUpperCase();
      return known.has(pcode) ? { kind: "matched", pcode } : { kind: "none" };
    }
    const key = `${oblastPcode ?? ""}|${trimmed}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const skeleton = nameSkeleton(placeNameWords(trimmed));
    let result: PlaceMatch = { kind: "none" };
    if (skeleton) {
      const inOblast = oblastPcode ? indexed.filter((hromada) => hromada.pcode.startsWith(oblastPcode)) : [];
      const local = inOblast.length ? matchAmong(inOblast, skeleton) : [];
      const found = local.length ? local : matchAmong(indexed, skeleton);
      if (found.length === 1) result = { kind: "matched", pcode: found[0].pcode };
      else if (found.length > 1) result = { kind: "ambiguous", candidates: found.map((hromada) => hromada.pcode).sort() };
    }
    cache.set(key, result);
    return result;
  }

  return { match };
}
