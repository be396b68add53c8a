// The case list's sort orders, page size and search classification, shared by the page (in the
// browser), its loader and its export.

export const caseSorts = ["applicationDate", "caseCode", "vulnerability", "surname"] as const;

export const casePageSize = 50;

// What the search box holds: a case code, an RNOKPP, a phone number or a name in either script.
export type CaseSearch =
  | { kind: "caseCode"; prefix: string }
  | { kind: "rnokpp"; value: string }
  | { kind: "phone"; digits: string }
  | { kind: "name"; words: string[] };

export function classifySearch(query: string): CaseSearch | null {
  const text = query.trim();
  if (!text) return null;
  if (/^lt-?[a-z0-9]*$/i.test(text)) return { kind: "caseCode", prefix: text.toUpperCase().replace(/^LT-?/, "LT-") };
  const digits = text.replace(/[\s()+-]/g, "");
  if (/^\d{10}$/.test(digits) && !digits.startsWith("0")) return { kind: "rnokpp", value: digits };
  if (/^\d{9,12}$/.test(digits)) return { kind: "phone", digits };
  const words = text.split(/[\s,]+/).filter((word) => word.length > 0).slice(0, 3);
  return { kind: "name", words };
}
