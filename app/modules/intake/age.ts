/**
 * Age and donor age bands. Birth dates are stored exactly; ages and bands are computed at
 * report time (domain.md §6).
 */

export type CalendarDate = { year: number; month: number; day: number };

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a `YYYY-MM-DD` calendar date; null if malformed or not a real day (e.g. 2023-02-29). */
export function parseIsoDate(value: string): CalendarDate | null {
  const parts = isoDatePattern.exec(value);
  if (!parts) return null;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  // Date.UTC rolls over impossible days (Feb 30 → Mar 2), so a round trip rejects them.
  const asDate = new Date(Date.UTC(year, month - 1, day));
  if (asDate.getUTCMonth() !== month - 1 || asDate.getUTCDate() !== day) return null;
  return { year, month, day };
}

function requireIsoDate(value: string, label: string): CalendarDate {
  const date = parseIsoDate(value);
  if (!date) throw new RangeError(`${label} must be a YYYY-MM-DD date, got "${value}"`);
  return date;
}

/**
 * Age in full years on a given date. Pure calendar arithmetic (no time zones). Someone born on
 * 29 February has their birthday on 1 March in common years, so they turn 18 on 1 March.
 * A date before the birth date gives a negative age rather than an exception.
 */
export function ageOn(birthDate: string, on: string): number {
  const birth = requireIsoDate(birthDate, "birthDate");
  const day = requireIsoDate(on, "on");
  const hadBirthdayThisYear =
    day.month > birth.month || (day.month === birth.month && day.day >= birth.day);
  return day.year - birth.year - (hadBirthdayThisYear ? 0 : 1);
}

export const ageBands = ["<18", "18-24", "25-34", "35-49", "50-59", "60+"] as const;
export type AgeBand = (typeof ageBands)[number];

/** Donor age bands, plus "<18" for household members (domain.md §6). */
export function ageBand(age: number): AgeBand {
  if (!Number.isFinite(age)) throw new RangeError(`age must be a number, got ${age}`);
  if (age < 18) return "<18";
  if (age < 25) return "18-24";
  if (age < 35) return "25-34";
  if (age < 50) return "35-49";
  if (age < 60) return "50-59";
  return "60+";
}

/** The donor age band on a date, or null when the birth date is not known (never guessed). */
export function ageBandOn(birthDate: string | null, on: string): AgeBand | null {
  return birthDate ? ageBand(ageOn(birthDate, on)) : null;
}
