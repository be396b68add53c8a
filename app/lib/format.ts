// Dates, numbers and money in the reader's locale (Ukrainian or English). Written out by hand
// rather than with Intl: Node and the browser carry different ICU data ("₴" vs "грн", month
// abbreviations), and a server-rendered page must read the same after hydration.
import type { Locale } from "./i18n";

const monthsUk = ["січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд."];
const monthsEn = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// Ukrainian groups thousands with a no-break space and uses a decimal comma (ДСТУ practice).
const separators: Record<Locale, { group: string; decimal: string }> = {
  uk: { group: "\u00a0", decimal: "," },
  en: { group: ",", decimal: "." },
};

function groupDigits(digits: string, group: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 0): string {
  const { group, decimal } = separators[locale];
  const negative = value < 0;
  const [whole, fraction = ""] = Math.abs(value).toFixed(maximumFractionDigits).split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${negative ? "−" : ""}${groupDigits(whole, group)}${trimmed ? decimal + trimmed : ""}`;
}

const currencyLabels: Record<string, { uk: string; en: string }> = {
  UAH: { uk: "грн", en: "UAH" },
  EUR: { uk: "євро", en: "EUR" },
  USD: { uk: "дол. США", en: "USD" },
};

/** A currency as the reader calls it in a label: "грн" in Ukrainian, "UAH" in English. */
export function currencyLabel(currency: string, locale: Locale): string {
  return currencyLabels[currency]?.[locale] ?? currency;
}

// Money is stored in minor units (kopiykas, cents): domain.md §5.
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const { group, decimal } = separators[locale];
  const negative = minor < 0;
  const absolute = Math.abs(minor);
  const whole = groupDigits(String(Math.trunc(absolute / 100)), group);
  const cents = absolute % 100;
  const amount = `${negative ? "−" : ""}${whole}${cents ? decimal + String(cents).padStart(2, "0") : ""}`;
  const label = currencyLabel(currency, locale);
  return locale === "uk" ? `${amount}\u00a0${label}` : `${label}\u00a0${amount}`;
}

function toDate(value: string) {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

export function formatDate(isoDate: string | null | undefined, locale: Locale): string {
  if (!isoDate) return "";
  const date = toDate(isoDate);
  if (Number.isNaN(date.getTime())) return isoDate;
  // Calendar dates are stored as YYYY-MM-DD and shown as they are, without time zones.
  const [year, month, day] = isoDate.length === 10 ? isoDate.split("-").map(Number) : kyivParts(date);
  return locale === "uk" ? `${day} ${monthsUk[month - 1]} ${year}` : `${day} ${monthsEn[month - 1]} ${year}`;
}

// Instants are stored in UTC and shown in Kyiv time (EET/EEST: the last Sundays of March and
// October switch at 01:00 UTC, as in the EU).
function kyivOffsetHours(date: Date): number {
  const year = date.getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0, 1));
    return new Date(last.getTime() - last.getUTCDay() * 86_400_000);
  };
  return date >= lastSunday(2) && date < lastSunday(9) ? 3 : 2;
}

function kyivParts(date: Date): [number, number, number, number, number] {
  const local = new Date(date.getTime() + kyivOffsetHours(date) * 3_600_000);
  return [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes()];
}

export function formatDateTime(instant: string | null | undefined, locale: Locale): string {
  if (!instant) return "";
  const date = toDate(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const [year, month, day, hours, minutes] = kyivParts(date);
  const time = `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
  return locale === "uk" ? `${day} ${monthsUk[month - 1]} ${year}, ${time}` : `${day} ${monthsEn[month - 1]} ${year}, ${time}`;
}

/** An instant as Kyiv wall-clock time, `YYYY-MM-DDTHH:MM`, for date cells in exports. */
export function kyivDateTime(instant: string): string | null {
  const date = toDate(instant);
  if (Number.isNaN(date.getTime())) return null;
  const [year, month, day, hours, minutes] = kyivParts(date).map((part) => String(part).padStart(2, "0"));
  return `${year}-${month}-${day}T${hours}:${minutes}`;
}
