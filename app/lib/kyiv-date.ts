// "Today" and calendar-date arithmetic for the programme. Every stored date is an ISO
// `YYYY-MM-DD` calendar date in Kyiv local time (domain.md §10: follow-up states are computed
// from dates in Kyiv time). Pure and free of server imports, so pages may use it as well.

/** A calendar date written `YYYY-MM-DD` (no time, no zone). */
export type IsoDate = string;

const dayMs = 86_400_000;
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

// Older browsers (ICU before tzdata 2022b) know the zone only by its former name.
function kyivFormatter(): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit" };
  try {
    return new Intl.DateTimeFormat("en-CA", { ...options, timeZone: "Europe/Kyiv" });
  } catch {
    return new Intl.DateTimeFormat("en-CA", { ...options, timeZone: "Europe/Kiev" });
  }
}

let formatter: Intl.DateTimeFormat | undefined;

/**
 * The calendar date in Kyiv at an instant (default: now). Kyiv is UTC+2 in winter and UTC+3 in
 * summer, so between 21:00/22:00 UTC and midnight UTC the UTC date is still "yesterday" there.
 */
export function kyivToday(now: Date = new Date()): IsoDate {
  if (Number.isNaN(now.getTime())) throw new RangeError("kyivToday needs a valid instant");
  formatter ??= kyivFormatter();
  const parts = formatter.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** True for a real calendar day written `YYYY-MM-DD` (2023-02-29 and 2024-04-31 are not). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === "string" && dayNumberOrNull(value) !== null;
}

// Day numbers of the dates seen, so that comparing dates in bulk (100,000 grants with their
// visits and rosters on the outcomes page) does not parse the same few thousand dates again.
const dayNumbers = new Map<string, number | null>();
const dayNumbersKept = 50_000;

function dayNumberOrNull(value: string): number | null {
  const known = dayNumbers.get(value);
  if (known !== undefined) return known;
  if (dayNumbers.size >= dayNumbersKept) dayNumbers.clear();
  const days = parseDayNumber(value);
  dayNumbers.set(value, days);
  return days;
}

function parseDayNumber(value: string): number | null {
  const parts = isoDatePattern.exec(value);
  if (!parts) return null;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (year < 1) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // setUTCFullYear rolls impossible days over (Feb 30 → Mar 2); a round trip rejects them.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return Math.round(date.getTime() / dayMs);
}

function dayNumber(value: IsoDate): number {
  const days = dayNumberOrNull(value);
  if (days === null) throw new RangeError(`Expected a YYYY-MM-DD date, got "${value}"`);
  return days;
}

function fromDayNumber(days: number): IsoDate {
  const date = new Date(days * dayMs);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError("The date falls outside years 0001–9999");
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The date `days` calendar days later (negative: earlier). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/**
 * The same day of the month `months` later, clamped to the month's last day when that month is
 * shorter: 31 Jan + 1 month = 28 Feb (29 Feb in a leap year), 29 Feb 2028 + 12 months =
 * 28 Feb 2029. Always count from the original date (origin + 3 months), never chain
 * (origin + 1 + 1 + 1), or a clamp would carry over: 31 Jan + 3 months = 30 Apr.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number, got ${months}`);
  dayNumber(date);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const result = `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(Math.min(day, daysInMonth(targetYear, targetMonth)))}`;
  if (!isIsoDate(result)) throw new RangeError("The date falls outside years 0001–9999");
  return result;
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : monthLengths[month - 1];
}

/** Whole days from `from` to `to`: positive when `to` is later (2024-02-28 → 2024-03-01 = 2). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** −1, 0 or 1, for sorting and for comparing dates without string pitfalls. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const difference = dayNumber(a) - dayNumber(b);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}
