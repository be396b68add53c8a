// Filters of the case list, read from the URL so a filtered list can be bookmarked and shared;
// anything malformed is simply ignored. Used by loaders only (keeps zod out of the page bundle).
import { z } from "zod";
import { nameSkeleton } from "~/modules/intake/name-matching";
import { caseStages, caseStatuses, displacementStatuses, sexes } from "../../../db/enums";
import { caseSorts } from "./case-list";

const optionalId = z.coerce.number().int().positive().optional().catch(undefined);
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

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

export function parseCaseListFilter(searchParams: URLSearchParams): CaseListFilter {
  const values = Object.fromEntries([...searchParams].filter(([, value]) => value !== ""));
  return caseListFilterSchema.parse(values);
}

/**
 * The name skeletons a name search looks for (domain.md §2 spelling rules): each typed word in
 * the reduced alphabet, a hyphenated or apostrophised word kept whole, at most three, no repeats.
 */
export function nameSearchWords(words: string[]): string[] {
  const skeletons = words.map(nameSkeleton).filter((skeleton) => skeleton.length > 0);
  return [...new Set(skeletons)].slice(0, 3);
}
