/**
 * Washington Group Short Set on functioning (domain.md §6): six domains, four answers each.
 * The answers are stored; the disability flag is derived from them, never entered.
 */

export const wgDomains = [
  "seeing",
  "hearing",
  "walking",
  "remembering",
  "selfCare",
  "communicating",
] as const;
export type WgDomain = (typeof wgDomains)[number];

export const wgAnswers = [
  "no_difficulty",
  "some_difficulty",
  "a_lot_of_difficulty",
  "cannot_do",
] as const;
export type WgAnswer = (typeof wgAnswers)[number];

export type WgAnswers = Partial<Record<WgDomain, WgAnswer>>;

/** The Washington Group cut-off: "a lot of difficulty" or worse in a domain. */
function meetsDisabilityCutOff(answer: WgAnswer | undefined): boolean {
  return answer === "a_lot_of_difficulty" || answer === "cannot_do";
}

/** "Disability" = at least one domain at "a lot of difficulty" or "cannot do" (domain.md §6). */
export function hasDisability(answers: WgAnswers): boolean {
  return wgDomains.some((domain) => meetsDisabilityCutOff(answers[domain]));
}
