// One i18n instance per render. The server has both dictionaries at hand; the browser fetches only
// its reader's language (JSON from /locales/<lang>.json, cached until its text changes) before it
// hydrates (entry.client.tsx): no dictionary travels in the JavaScript, and a phone never
// downloads the other language. Both render the same text, so hydration matches.
import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Messages } from "~/locales/uk";
import { labelsOnce } from "./labels";
import { serverDictionaries } from "./i18n-dictionaries.server";

export const locales = ["uk", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "uk";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

// Dictionaries the browser has loaded (on the server, `serverDictionaries` holds both).
const loaded: Partial<Record<Locale, Messages>> = {};

function dictionaryOf(locale: Locale): Messages | undefined {
  return (serverDictionaries as Record<Locale, Messages> | undefined)?.[locale] ?? loaded[locale];
}

export function hasDictionary(locale: Locale): boolean {
  return dictionaryOf(locale) !== undefined;
}

/** Fetches one language's dictionary in the browser (its URL is in the root loader's data). */
export async function loadDictionary(locale: Locale, url: string): Promise<void> {
  if (hasDictionary(locale)) return;
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`The ${locale} dictionary did not load (${response.status})`);
  loaded[locale] = (await response.json()) as Messages;
}

// One instance per language, made the first time it is shown: an instance is never switched to
// another language, so every render in that language can share it (making one took a tenth of a
// light page's server time).
const instances = new Map<Locale, i18n>();

export function i18nFor(locale: Locale): i18n {
  // A language still loading (just switched to) shows the one at hand until it arrives.
  const shown = hasDictionary(locale) ? locale : (locales.find(hasDictionary) ?? locale);
  const made = instances.get(shown);
  if (made) return made;
  const dictionary = dictionaryOf(shown);
  if (!dictionary) throw new Error(`No dictionary loaded for "${locale}": call loadDictionary first`);
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: shown,
    fallbackLng: false,
    resources: { [shown]: { translation: dictionary } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    // Keeps the library's advertisement out of server logs and the browser console.
    showSupportNotice: false,
  });
  // Every `t` of useTranslation translates a label without options once (labels.ts). An
  // instance never changes language and its dictionary never changes, so a label stays right
  // for as long as the component holding that `t` lives.
  const fixedT = instance.getFixedT.bind(instance) as (...args: unknown[]) => unknown;
  instance.getFixedT = ((...args: unknown[]) => labelsOnce(fixedT(...args))) as i18n["getFixedT"];
  instances.set(shown, instance);
  return instance;
}

// For server code that writes text (exports, letters): a translator for one locale.
export function translator(locale: Locale) {
  return i18nFor(locale).t;
}
