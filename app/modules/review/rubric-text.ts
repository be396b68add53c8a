// How a rubric reads in the reader's language: what a criterion is called, what the reviewer
// looks at, what a score means. The programme's own wording comes first; the default criteria
// and the 1–5 scale fall back to the built-in texts (app/locales/review.ts); a criterion nobody
// named shows its key. Kept apart from scoring.ts so that pages showing a rubric ship no zod.
import type { Locale } from "~/lib/i18n";
import { reviewMessages } from "~/locales/review";
import type { BilingualText, Rubric, RubricCriterion } from "./scoring";

type RubricScale = Pick<Rubric, "scaleMin" | "scaleMax" | "scoreMeanings">;

function written(text: Partial<BilingualText> | undefined, locale: Locale): string | undefined {
  const value = text?.[locale]?.trim();
  return value ? value : undefined;
}

function builtIn(dictionary: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(dictionary, key) ? dictionary[key] : undefined;
}

function bilingual(text: (locale: Locale) => string | undefined): BilingualText {
  return { uk: text("uk") ?? "", en: text("en") ?? "" };
}

// The text in the reader's language, else in the other one: a programme that named a criterion
// only in Ukrainian still shows that name to an English reader rather than a bare key.
function inLocale(texts: BilingualText, locale: Locale): string {
  return texts[locale] || texts[locale === "uk" ? "en" : "uk"];
}

/** A criterion's name in each language: the programme's, else the built-in one, else "". */
export function criterionLabelTexts(criterion: Pick<RubricCriterion, "key" | "label">): BilingualText {
  return bilingual((locale) => written(criterion.label, locale) ?? builtIn(reviewMessages[locale].criteria, criterion.key));
}

/** A criterion's name for a reader; its key when it has none in either language. */
export function criterionLabel(criterion: Pick<RubricCriterion, "key" | "label">, locale: Locale): string {
  return inLocale(criterionLabelTexts(criterion), locale) || criterion.key;
}

/** What the reviewer should look at for a criterion; "" when the programme gave no guidance. */
export function criterionGuidance(criterion: Pick<RubricCriterion, "guidance">, locale: Locale): string {
  return inLocale(bilingual((each) => written(criterion.guidance, each)), locale);
}

/**
 * What a score means in each language: the programme's meaning, else on a 1–5 scale the
 * built-in one ("4 — good"), else "". The built-in meanings would mislead on another scale.
 */
export function scoreMeaningTexts(rubric: RubricScale, score: number): BilingualText {
  const own = rubric.scoreMeanings?.find((meaning) => meaning.score === score);
  const generic = rubric.scaleMin === 1 && rubric.scaleMax === 5;
  return bilingual((locale) => written(own, locale) ?? (generic ? builtIn(reviewMessages[locale].scale, String(score)) : undefined));
}

/** What a score means for a reader; "" when it has no meaning in either language. */
export function scoreMeaning(rubric: RubricScale, score: number, locale: Locale): string {
  return inLocale(scoreMeaningTexts(rubric, score), locale);
}

/** "4 — good", or the bare number for a score without a meaning. */
export function scoreLabel(rubric: RubricScale, score: number, locale: Locale): string {
  const meaning = scoreMeaning(rubric, score, locale);
  return meaning ? `${score} — ${meaning}` : String(score);
}

/** The scores of the rubric's scale, lowest first. */
export function scaleScores(rubric: Pick<Rubric, "scaleMin" | "scaleMax">): number[] {
  return Array.from({ length: Math.max(0, rubric.scaleMax - rubric.scaleMin + 1) }, (_, index) => rubric.scaleMin + index);
}
