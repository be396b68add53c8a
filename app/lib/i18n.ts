// One i18n instance per render: resources are bundled (two small dictionaries), so an instance
// initialises synchronously on the server and in the browser alike.
import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "~/locales/en";
import { uk } from "~/locales/uk";

export const locales = ["uk", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "uk";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: defaultLocale,
    resources: { uk: { translation: uk }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    // Keeps the library's advertisement out of server logs and the browser console.
    showSupportNotice: false,
  });
  return instance;
}

// For server code that writes text (exports, letters): a translator for one locale.
export function translator(locale: Locale) {
  return createI18n(locale).t;
}
