import { describe, expect, it } from "vitest";

import {
  defaultEligibilityRules,
  eligibilityRulesSchema,
  excludedBy,
  screenEligibility,
  type EligibilityFacts,
  type EligibilityRules,
  type RuleResult,
  ruleDetailShown,
} from "~/modules/intake/eligibility";

// An IDP tailor in Vinnytska oblast, 30 years old, with no other case and no other grant.
const eligibleFacts: EligibilityFacts = {
  birthDate: "1995-06-15",
  screeningDate: "2025-06-20",
  displacementStatus: "idp",
  oblastPcode: "UA05",
  kvedClass: "14.13",
  otherCasesInThisProgramme: 0,
  grantsInOtherProgrammes: 0,
};

function resultOf(
  facts: Partial<EligibilityFacts>,
  rule: RuleResult["rule"],
  rules: EligibilityRules = defaultEligibilityRules,
): RuleResult {
  const outcome = screenEligibility(rules, { ...eligibleFacts, ...facts });
  const result = outcome.results.find((candidate) => candidate.rule === rule);
  if (!result) throw new Error(`no ${rule} result`);
  return result;
}

describe("screenEligibility", () => {
  it("passes an eligible applicant on every rule, reported in a fixed order", () => {
    const outcome = screenEligibility(defaultEligibilityRules, eligibleFacts);
    expect(outcome.eligible).toBe(true);
    expect(outcome.results).toEqual([
      { rule: "age", passed: true, detail: { age: 30, minAge: 18, maxAge: null } },
      { rule: "displacement_status", passed: true, detail: { displacementStatus: "idp", allowed: "idp,host,returnee" } },
      { rule: "oblast", passed: true, detail: { oblastPcode: "UA05", inScope: "all" } },
      { rule: "sector", passed: true, detail: { kvedClass: "14.13", excludedBy: null } },
      { rule: "one_per_programme", passed: true, detail: { otherCasesInThisProgramme: 0 } },
      { rule: "earlier_grant", passed: true, detail: { grantsInOtherProgrammes: 0, earlierGrantAllowed: "yes" } },
    ]);
  });

  it("is not eligible when a single rule fails, and still reports every rule", () => {
    const outcome = screenEligibility(defaultEligibilityRules, { ...eligibleFacts, kvedClass: "25.40" });
    expect(outcome.eligible).toBe(false);
    expect(outcome.results).toHaveLength(6);
    expect(outcome.results.filter((result) => !result.passed).map((result) => result.rule)).toEqual(["sector"]);
  });
});

describe("age rule", () => {
  it("passes on the 18th birthday exactly and fails the day before", () => {
    expect(resultOf({ birthDate: "2007-06-20" }, "age")).toEqual({
      rule: "age",
      passed: true,
      detail: { age: 18, minAge: 18, maxAge: null },
    });
    expect(resultOf({ birthDate: "2007-06-21" }, "age")).toEqual({
      rule: "age",
      passed: false,
      detail: { age: 17, minAge: 18, maxAge: null },
    });
  });

  it("counts a 29 February birthday on 1 March in a common year", () => {
    const born = { birthDate: "2004-02-29" };
    expect(resultOf({ ...born, screeningDate: "2022-02-28" }, "age").detail.age).toBe(17);
    expect(resultOf({ ...born, screeningDate: "2022-02-28" }, "age").passed).toBe(false);
    expect(resultOf({ ...born, screeningDate: "2022-03-01" }, "age").detail.age).toBe(18);
    expect(resultOf({ ...born, screeningDate: "2022-03-01" }, "age").passed).toBe(true);
  });

  it("counts a 29 February birthday on the day in a leap year", () => {
    const born = { birthDate: "2000-02-29" };
    expect(resultOf({ ...born, screeningDate: "2024-02-28" }, "age").detail.age).toBe(23);
    expect(resultOf({ ...born, screeningDate: "2024-02-29" }, "age").detail.age).toBe(24);
  });

  it("applies a maximum age up to the day before the next birthday", () => {
    const youthProgramme: EligibilityRules = { ...defaultEligibilityRules, maxAge: 35 };
    const on36thBirthday = resultOf({ birthDate: "1989-06-20" }, "age", youthProgramme);
    expect(on36thBirthday).toEqual({ rule: "age", passed: false, detail: { age: 36, minAge: 18, maxAge: 35 } });
    const dayBefore = resultOf({ birthDate: "1989-06-21" }, "age", youthProgramme);
    expect(dayBefore).toEqual({ rule: "age", passed: true, detail: { age: 35, minAge: 18, maxAge: 35 } });
  });

  it("fails with the missing fact named when there is no birth date", () => {
    expect(resultOf({ birthDate: null }, "age")).toEqual({
      rule: "age",
      passed: false,
      detail: { missing: "birthDate" },
    });
  });

  it("fails a birth date that is not a real calendar date", () => {
    expect(resultOf({ birthDate: "2001-02-29" }, "age")).toEqual({
      rule: "age",
      passed: false,
      detail: { invalid: "birthDate", birthDate: "2001-02-29" },
    });
    expect(resultOf({ birthDate: "15.06.1995" }, "age").passed).toBe(false);
  });

  it("refuses an invalid screening date, which is a programming error", () => {
    expect(() => screenEligibility(defaultEligibilityRules, { ...eligibleFacts, screeningDate: "2025-13-01" })).toThrow(
      RangeError,
    );
  });
});

describe("displacement status rule", () => {
  it("passes the statuses the programme allows", () => {
    expect(resultOf({ displacementStatus: "host" }, "displacement_status").passed).toBe(true);
    expect(resultOf({ displacementStatus: "returnee" }, "displacement_status").passed).toBe(true);
  });

  it("fails a status the programme does not allow", () => {
    expect(resultOf({ displacementStatus: "other" }, "displacement_status")).toEqual({
      rule: "displacement_status",
      passed: false,
      detail: { displacementStatus: "other", allowed: "idp,host,returnee" },
    });
    const idpOnly: EligibilityRules = { ...defaultEligibilityRules, allowedDisplacementStatuses: ["idp"] };
    expect(resultOf({ displacementStatus: "host" }, "displacement_status", idpOnly).passed).toBe(false);
  });

  it("fails with the missing fact named when the status is unknown", () => {
    expect(resultOf({ displacementStatus: null }, "displacement_status")).toEqual({
      rule: "displacement_status",
      passed: false,
      detail: { missing: "displacementStatus", allowed: "idp,host,returnee" },
    });
  });
});

describe("oblast rule", () => {
  const eastProgramme: EligibilityRules = { ...defaultEligibilityRules, oblastsInScope: ["UA14", "UA63"] };

  it("passes an oblast in scope and fails one outside it", () => {
    expect(resultOf({ oblastPcode: "UA63" }, "oblast", eastProgramme)).toEqual({
      rule: "oblast",
      passed: true,
      detail: { oblastPcode: "UA63", inScope: "UA14,UA63" },
    });
    expect(resultOf({ oblastPcode: "UA46" }, "oblast", eastProgramme)).toEqual({
      rule: "oblast",
      passed: false,
      detail: { oblastPcode: "UA46", inScope: "UA14,UA63" },
    });
  });

  it("reads the oblast from a finer P-code", () => {
    expect(resultOf({ oblastPcode: "UA1402003" }, "oblast", eastProgramme).passed).toBe(true);
    expect(resultOf({ oblastPcode: "ua0502003001" }, "oblast", eastProgramme).passed).toBe(false);
  });

  it("passes any oblast when the programme covers them all", () => {
    expect(resultOf({ oblastPcode: "UA85" }, "oblast").passed).toBe(true);
  });

  it("fails with the missing fact named when the location is unknown", () => {
    expect(resultOf({ oblastPcode: null }, "oblast")).toEqual({
      rule: "oblast",
      passed: false,
      detail: { missing: "oblastPcode", inScope: "all" },
    });
  });
});

describe("sector rule", () => {
  it("fails a class on the exclusion list", () => {
    expect(resultOf({ kvedClass: "25.40" }, "sector")).toEqual({
      rule: "sector",
      passed: false,
      detail: { kvedClass: "25.40", excludedBy: "25.40" },
    });
    expect(resultOf({ kvedClass: "47.26" }, "sector").passed).toBe(false);
    expect(resultOf({ kvedClass: "92.00" }, "sector").passed).toBe(false);
  });

  it("fails every class of an excluded division or group", () => {
    const rules: EligibilityRules = { ...defaultEligibilityRules, excludedKvedClasses: ["12", "47.7"] };
    expect(resultOf({ kvedClass: "12.00" }, "sector", rules)).toEqual({
      rule: "sector",
      passed: false,
      detail: { kvedClass: "12.00", excludedBy: "12" },
    });
    expect(resultOf({ kvedClass: "47.71" }, "sector", rules).detail.excludedBy).toBe("47.7");
    expect(resultOf({ kvedClass: "47.11" }, "sector", rules).passed).toBe(true);
  });

  it("does not mistake a division for the digits of another class", () => {
    const rules: EligibilityRules = { ...defaultEligibilityRules, excludedKvedClasses: ["11", "12"] };
    expect(resultOf({ kvedClass: "01.11" }, "sector", rules).passed).toBe(true);
    expect(resultOf({ kvedClass: "10.12" }, "sector", rules).passed).toBe(true);
  });

  it("passes the usual grant classes", () => {
    for (const kvedClass of ["14.13", "96.02", "10.71", "45.20", "01.49", "47.71"]) {
      expect(resultOf({ kvedClass }, "sector").passed, kvedClass).toBe(true);
    }
  });

  it("fails with the missing fact named when there is no activity", () => {
    expect(resultOf({ kvedClass: null }, "sector")).toEqual({
      rule: "sector",
      passed: false,
      detail: { missing: "kvedClass" },
    });
  });

  it("exposes the matching exclusion entry for forms", () => {
    expect(excludedBy("11.05", defaultEligibilityRules.excludedKvedClasses)).toBe("11.05");
    expect(excludedBy("11.07", defaultEligibilityRules.excludedKvedClasses)).toBeNull();
    expect(excludedBy("14.13", ["", "  "])).toBeNull();
  });
});

describe("one case per person per programme", () => {
  it("fails when the person already has another case in the programme", () => {
    expect(resultOf({ otherCasesInThisProgramme: 1 }, "one_per_programme")).toEqual({
      rule: "one_per_programme",
      passed: false,
      detail: { otherCasesInThisProgramme: 1 },
    });
  });
});

describe("earlier grant in another programme", () => {
  const noDoubleGrants: EligibilityRules = { ...defaultEligibilityRules, allowEarlierGrantInOtherProgrammes: false };

  it("fails an earlier grant when the programme forbids it", () => {
    expect(resultOf({ grantsInOtherProgrammes: 1 }, "earlier_grant", noDoubleGrants)).toEqual({
      rule: "earlier_grant",
      passed: false,
      detail: { grantsInOtherProgrammes: 1, earlierGrantAllowed: "no" },
    });
    expect(resultOf({ grantsInOtherProgrammes: 0 }, "earlier_grant", noDoubleGrants).passed).toBe(true);
  });

  it("passes an earlier grant when the programme allows it", () => {
    expect(resultOf({ grantsInOtherProgrammes: 2 }, "earlier_grant").passed).toBe(true);
  });
});

describe("eligibilityRulesSchema", () => {
  it("accepts the default rules", () => {
    expect(eligibilityRulesSchema.parse(defaultEligibilityRules)).toEqual(defaultEligibilityRules);
  });

  it("accepts divisions, groups and classes in the exclusion list", () => {
    const rules = { ...defaultEligibilityRules, excludedKvedClasses: ["12", "47.7", "25.40"] };
    expect(eligibilityRulesSchema.safeParse(rules).success).toBe(true);
  });

  it("rejects a maximum age below the minimum age", () => {
    const result = eligibilityRulesSchema.safeParse({ ...defaultEligibilityRules, minAge: 18, maxAge: 17 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["maxAge"]);
  });

  it("rejects rules that would let a person hold two cases in a programme", () => {
    expect(eligibilityRulesSchema.safeParse({ ...defaultEligibilityRules, onePerPersonPerProgramme: false }).success).toBe(
      false,
    );
  });

  it("rejects oblast names, malformed KVED codes, unknown or no statuses, fractional ages", () => {
    const invalid: unknown[] = [
      { ...defaultEligibilityRules, oblastsInScope: ["Vinnytska"] },
      { ...defaultEligibilityRules, oblastsInScope: ["UA0502"] },
      { ...defaultEligibilityRules, excludedKvedClasses: ["2540"] },
      { ...defaultEligibilityRules, excludedKvedClasses: ["1"] },
      { ...defaultEligibilityRules, allowedDisplacementStatuses: [] },
      { ...defaultEligibilityRules, allowedDisplacementStatuses: ["refugee"] },
      { ...defaultEligibilityRules, allowedDisplacementStatuses: ["idp", "idp"] },
      { ...defaultEligibilityRules, minAge: 17.5 },
    ];
    for (const rules of invalid) expect(eligibilityRulesSchema.safeParse(rules).success, JSON.stringify(rules)).toBe(false);
  });
});

describe("ruleDetailShown", () => {
  it("keeps each rule's value and threshold for the case page, by an allowlist per rule", () => {
    expect(ruleDetailShown({ rule: "age", detail: { age: 17, minAge: 18, maxAge: null } })).toEqual({ age: 17, minAge: 18, maxAge: null });
    expect(ruleDetailShown({ rule: "sector", detail: { kvedClass: "12.00", excludedBy: "12" } })).toEqual({ kvedClass: "12.00", excludedBy: "12" });
    expect(ruleDetailShown({ rule: "earlier_grant", detail: { grantsInOtherProgrammes: 1, earlierGrantAllowed: "no" } })).toEqual({ grantsInOtherProgrammes: 1, earlierGrantAllowed: "no" });
  });

  it("drops what the allowlist does not name, objects, and unknown rules", () => {
    expect(ruleDetailShown({ rule: "age", detail: { age: 30, minAge: 18, maxAge: 60, birthDate: "1996-01-01", note: { x: 1 } } })).toEqual({ age: 30, minAge: 18, maxAge: 60 });
    expect(ruleDetailShown({ rule: "oblast", detail: { oblastPcode: { nested: true }, inScope: "all" } })).toEqual({ oblastPcode: null, inScope: "all" });
    expect(ruleDetailShown({ rule: "unknown", detail: { age: 30 } })).toEqual({});
    expect(ruleDetailShown({ rule: "age" })).toEqual({});
  });
});
