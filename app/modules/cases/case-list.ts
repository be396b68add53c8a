// Filters of the case list, shared by the page, its export and the tests. Read from the URL, so
// a filtered list can be bookmarked and shared; anything malformed is simply ignored.
import { z } from "zod";
import { caseStages, caseStatuses, displacementStatuses, sexes } from "../../../db/schema";

const optionalId = z.coerce.number().int().positive().optional().catch(undefined);
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

export const caseSorts = ["applicationDate", "caseCode", "vulnerability", "surname"] as const;

export const caseListFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  programme: optionalId,
  stage: optionalEnum(caseStages),
  status: optionalEnum(caseStatuses),
  oblast: z.string().regex(/^UA\d{2}$/).optional().catch(undefined),
  hromada: z.string().regex(/^UA\d{7}$/).optional().catch(undefined),
  displacement: optionalEnum(displacementStatuses),
  sex: optionalEnum(sexes),
  partner: optionalId,
  mentor: optionalId,
  sort: optionalEnum(caseSorts),
  dir: optionalEnum(["asc", "desc"] as const),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type CaseListFilter = z.infer<typeof caseListFilterSchema>;

export const casePageSize = 50;

export function parseCaseListFilter(searchParams: URLSearchParams): CaseListFilter {
  const values = Object.fromEntries([...searchParams].filter(([, value]) => value !== ""));
  return caseListFilterSchema.parse(values);
}

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
