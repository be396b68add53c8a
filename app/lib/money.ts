// Money is integer minor units (kopiykas, cents), never floating point (domain.md §5).

// Reads an amount typed by a person ("5000", "5 000,50", "5,000.50") into minor units.
export function parseMoneyInput(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f']/g, "");
  if (!/^\d[\d.,]*$/.test(compact)) return null;
  const lastSeparator = Math.max(compact.lastIndexOf(","), compact.lastIndexOf("."));
  const hasFraction = lastSeparator >= 0 && compact.length - lastSeparator - 1 <= 2;
  const wholeText = hasFraction ? compact.slice(0, lastSeparator) : compact;
  // Thousands separators split the whole part into groups of three ("5.000", "1,234,567"), all
  // alike and unlike the decimal one: "1,2,3" or "5.000.5" is a typo, not an amount.
  const grouped = /^\d{1,3}([.,])\d{3}(\1\d{3})*$/.exec(wholeText);
  if (!/^\d+$/.test(wholeText) && !grouped) return null;
  if (hasFraction && grouped && grouped[1] === compact[lastSeparator]) return null;
  const whole = wholeText.replace(/[.,]/g, "");
  const fraction = hasFraction ? compact.slice(lastSeparator + 1).padEnd(2, "0") : "00";
  if (!/^\d+$/.test(whole) || !/^\d{2}$/.test(fraction)) return null;
  const minor = Number(whole) * 100 + Number(fraction);
  return Number.isSafeInteger(minor) ? minor : null;
}

// The value to put back into an input: "5000" or "5000.50".
export function minorToInput(minor: number): string {
  const whole = Math.trunc(minor / 100);
  const fraction = Math.abs(minor % 100);
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, "0")}`;
}
