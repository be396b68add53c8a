// Dates, numbers and money in the reader's locale (Ukrainian or English).
import type { Locale } from "./i18n";

const intlLocales: Record<Locale, string> = { uk: "uk-UA", en: "en-GB" };

export function formatDate(isoDate: string | null | undefined, locale: Locale): string {
  if (!isoDate) return "";
  // Calendar dates are stored as YYYY-MM-DD; formatting them in UTC keeps the day unchanged.
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  return new Intl.DateTimeFormat(intlLocales[locale], {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: isoDate.length === 10 ? "UTC" : "Europe/Kyiv",
  }).format(date);
}

export function formatDateTime(instant: string | null | undefined, locale: Locale): string {
  if (!instant) return "";
  return new Intl.DateTimeFormat(intlLocales[locale], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Kyiv",
  }).format(new Date(instant));
}

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(intlLocales[locale], { maximumFractionDigits }).format(value);
}

// Money is stored in minor units (kopiykas, cents): domain.md §5.
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(intlLocales[locale], {
    style: "currency",
    currency,
    minimumFractionDigits: minor % 100 === 0 ? 0 : 2,
  }).format(minor / 100);
}
