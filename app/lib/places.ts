import type { Locale } from "./i18n";

// Place names are data in both languages; P-codes are what we store (domain.md §3).
export type PlaceNames = Array<{ pcode: string; nameEn: string; nameUk: string }>;

export function placeName(place: { nameEn: string; nameUk: string } | undefined, locale: Locale): string {
  if (!place) return "";
  return locale === "uk" ? place.nameUk : place.nameEn;
}
