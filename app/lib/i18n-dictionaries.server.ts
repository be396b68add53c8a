// Both dictionaries, for the server (every page renders in the reader's language, exports and
// letters in either). A .server module: the browser bundle gets an empty module instead, and the
// browser fetches only its reader's dictionary, as JSON from /locales/<lang>.json (i18n.ts).
import { createHash } from "node:crypto";
import { en } from "~/locales/en";
import { uk } from "~/locales/uk";
import type { Locale } from "./i18n";

export const serverDictionaries = { uk, en };

const versions = new Map<Locale, string>();

/** A short hash of a dictionary's content: its URL changes when the text does (cached forever otherwise). */
export function dictionaryVersion(locale: Locale): string {
  let version = versions.get(locale);
  if (!version) {
    version = createHash("sha256").update(JSON.stringify(serverDictionaries[locale])).digest("hex").slice(0, 12);
    versions.set(locale, version);
  }
  return version;
}

export function dictionaryUrl(locale: Locale): string {
  return `/locales/${locale}.json?v=${dictionaryVersion(locale)}`;
}
