// Eligibility screening (domain.md §1, "eligibility screening"): the hard rules a programme sets
// — age, displacement status, oblasts in scope, sector not on the exclusion list, one case per
// person per programme, and optionally no grant from another programme. Every rule is reported,
// passed or not, so the officer sees why a case was screened out.
import { z } from "zod";

import { defaultExcludedKved } from "./kved";

export const displacementStatuses = ["idp", "host", "returnee", "other"] as const;

export type DisplacementStatus = (typeof displacementStatuses)[number];

export type EligibilityRules = {
  /** Age on the screening date, in full years. */
  minAge: number;
  maxAge: number | null;
  allowedDisplacementStatuses: DisplacementStatus[];
  /** ADM1 P-codes such as "UA05"; empty means every oblast. */
  oblastsInScope: string[];
  /** Class codes ("25.40"), or group ("47.7") and division ("12") prefixes. */
  excludedKvedClasses: string[];
  /** A person holds at most one case per programme (domain.md §1); not configurable. */
  onePerPersonPerProgramme: true;
  allowEarlierGrantInOtherProgrammes: boolean;
};

export type EligibilityFacts = {
  /** YYYY-MM-DD */
  birthDate: string | null;
  /** YYYY-MM-DD */
  screeningDate: string;
  displacementStatus: DisplacementStatus | null;
  /** Current location; an ADM1 P-code, or a finer one (its first four characters are the oblast). */
  oblastPcode: string | null;
  kvedClass: string | null;
  /** Other open or funded cases of the same person in this programme. */
  otherCasesInThisProgramme: number;
  /** Grants the person already received from other programmes. */
  grantsInOtherProgrammes: number;
};

export type EligibilityRuleName =
  | "age"
  | "displacement_status"
  | "oblast"
  | "sector"
  | "one_per_programme"
  | "earlier_grant";

export type RuleResult = {
  rule: EligibilityRuleName;
  passed: boolean;
  detail: Record<string, string | number | null>;
};

export type EligibilityOutcome = { eligible: boolean; results: RuleResult[] };

/**
 * Defaults for a new programme: adults (18+, domain.md §1), IDPs, host community and returnees,
 * all oblasts, the usual sector exclusions (domain.md §4). The hard rule in domain.md §1 is "no
 * earlier grant from this programme", so grants from other programmes are allowed until a
 * programme decides otherwise.
 */
export const defaultEligibilityRules: EligibilityRules = {
  minAge: 18,
  maxAge: null,
  allowedDisplacementStatuses: ["idp", "host", "returnee"],
  oblastsInScope: [],
  excludedKvedClasses: [...defaultExcludedKved],
  onePerPersonPerProgramme: true,
  allowEarlierGrantInOtherProgrammes: true,
};

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

type CalendarDate = { year: number; month: number; day: number };

function parseIsoDate(text: string): CalendarDate | null {
  const match = isoDatePattern.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const isRealDate =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return isRealDate ? { year, month, day } : null;
}

/**
 * Age in full years on a date. Someone born on 29 February gains a year on 1 March in common
 * years (their birthday has not come on 28 February), so an 18+ rule never admits them early.
 */
function ageOn(birthDate: CalendarDate, on: CalendarDate): number {
  const birthdayReached =
    on.month > birthDate.month || (on.month === birthDate.month && on.day >= birthDate.day);
  return on.year - birthDate.year - (birthdayReached ? 0 : 1);
}

function ageRule(rules: EligibilityRules, facts: EligibilityFacts): RuleResult {
  if (facts.birthDate === null) {
    return { rule: "age", passed: false, detail: { missing: "birthDate" } };
  }
  const birthDate = parseIsoDate(facts.birthDate);
  if (!birthDate) {
    return { rule: "age", passed: false, detail: { invalid: "birthDate", birthDate: facts.birthDate } };
  }
  const screeningDate = parseIsoDate(facts.screeningDate);
  if (!screeningDate) throw new RangeError(`Invalid screening date: ${facts.screeningDate}`);
  const age = ageOn(birthDate, screeningDate);
  const passed = age >= rules.minAge && (rules.maxAge === null || age <= rules.maxAge);
  return { rule: "age", passed, detail: { age, minAge: rules.minAge, maxAge: rules.maxAge } };
}

function displacementStatusRule(rules: EligibilityRules, facts: EligibilityFacts): RuleResult {
  const allowed = rules.allowedDisplacementStatuses.join(",");
  if (facts.displacementStatus === null) {
    return { rule: "displacement_status", passed: false, detail: { missing: "displacementStatus", allowed } };
  }
  return {
    rule: "displacement_status",
    passed: rules.allowedDisplacementStatuses.includes(facts.displacementStatus),
    detail: { displacementStatus: facts.displacementStatus, allowed },
  };
}

function oblastRule(rules: EligibilityRules, facts: EligibilityFacts): RuleResult {
  const inScope = rules.oblastsInScope.length === 0 ? "all" : rules.oblastsInScope.join(",");
  if (facts.oblastPcode === null || facts.oblastPcode.trim() === "") {
    return { rule: "oblast", passed: false, detail: { missing: "oblastPcode", inScope } };
  }
  // P-codes are hierarchical (domain.md §3): the first four characters name the oblast.
  const oblastPcode = facts.oblastPcode.trim().toUpperCase().slice(0, 4);
  const passed = rules.oblastsInScope.length === 0 || rules.oblastsInScope.includes(oblastPcode);
  return { rule: "oblast", passed, detail: { oblastPcode, inScope } };
}

/** The exclusion entry ("25.40", "47.7" or "12") that covers a class, if any. */
export function excludedBy(kvedClass: string, excludedKvedClasses: string[]): string | null {
  const code = kvedClass.trim();
  return (
    excludedKvedClasses.find((entry) => entry.trim() !== "" && code.startsWith(entry.trim())) ?? null
  );
}

function sectorRule(rules: EligibilityRules, facts: EligibilityFacts): RuleResult {
  if (facts.kvedClass === null || facts.kvedClass.trim() === "") {
    return { rule: "sector", passed: false, detail: { missing: "kvedClass" } };
  }
  const exclusion = excludedBy(facts.kvedClass, rules.excludedKvedClasses);
  return {
    rule: "sector",
    passed: exclusion === null,
    detail: { kvedClass: facts.kvedClass.trim(), excludedBy: exclusion },
  };
}

function onePerProgrammeRule(facts: EligibilityFacts): RuleResult {
  return {
    rule: "one_per_programme",
    passed: facts.otherCasesInThisProgramme === 0,
    detail: { otherCasesInThisProgramme: facts.otherCasesInThisProgramme },
  };
}

function earlierGrantRule(rules: EligibilityRules, facts: EligibilityFacts): RuleResult {
  return {
    rule: "earlier_grant",
    passed: rules.allowEarlierGrantInOtherProgrammes || facts.grantsInOtherProgrammes === 0,
    detail: {
      grantsInOtherProgrammes: facts.grantsInOtherProgrammes,
      earlierGrantAllowed: rules.allowEarlierGrantInOtherProgrammes ? "yes" : "no",
    },
  };
}

/**
 * Screens a case against its programme's hard rules (domain.md §1). A missing fact fails its
 * rule with `detail.missing` naming the fact, so screening never passes on incomplete data.
 */
export function screenEligibility(rules: EligibilityRules, facts: EligibilityFacts): EligibilityOutcome {
  const results = [
    ageRule(rules, facts),
    displacementStatusRule(rules, facts),
    oblastRule(rules, facts),
    sectorRule(rules, facts),
    onePerProgrammeRule(facts),
    earlierGrantRule(rules, facts),
  ];
  return { eligible: results.every((result) => result.passed), results };
}

// What staff see of each rule's detail: the fact compared and the programme's threshold. An
// allowlist per rule, so a detail added to a rule reaches no page until it is named here;
// evaluators get none of it (case-views.ts), the exact age least of all.
const shownDetail: Record<EligibilityRuleName, readonly string[]> = {
  age: ["age", "minAge", "maxAge", "missing", "invalid"],
  displacement_status: ["displacementStatus", "allowed", "missing"],
  oblast: ["oblastPcode", "inScope", "missing"],
  sector: ["kvedClass", "excludedBy", "missing"],
  one_per_programme: ["otherCasesInThisProgramme"],
  earlier_grant: ["grantsInOtherProgrammes", "earlierGrantAllowed"],
};

/** A stored rule result's detail, cut to the values and thresholds the case page shows. */
export function ruleDetailShown(result: { rule: string; detail?: unknown }): Record<string, string | number | null> {
  const keys = shownDetail[result.rule as EligibilityRuleName] ?? [];
  const detail = (result.detail ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    keys.filter((key) => key in detail).map((key) => {
      const value = detail[key];
      return [key, typeof value === "number" || typeof value === "string" ? value : null];
    }),
  );
}

/** Validates the rules an admin sets for a programme. */
export const eligibilityRulesSchema: z.ZodType<EligibilityRules> = z
  .object({
    minAge: z.number().int().min(0).max(120),
    maxAge: z.number().int().min(0).max(120).nullable(),
    allowedDisplacementStatuses: z
      .array(z.enum(displacementStatuses))
      .min(1, "Allow at least one displacement status")
      .refine((statuses) => new Set(statuses).size === statuses.length, "Each status only once"),
    oblastsInScope: z.array(z.string().regex(/^UA\d{2}$/, "Use an oblast P-code such as UA05")),
    excludedKvedClasses: z.array(
      z
        .string()
        .regex(/^\d{2}(\.\d{1,2})?$/, 'Use a KVED class ("25.40"), group ("47.7") or division ("12")'),
    ),
    onePerPersonPerProgramme: z.literal(true),
    allowEarlierGrantInOtherProgrammes: z.boolean(),
  })
  .refine((rules) => rules.maxAge === null || rules.maxAge >= rules.minAge, {
    path: ["maxAge"],
    message: "The maximum age must not be below the minimum age",
  });
