// Issue 13 "Forms tell people what is wrong while they type": the schemas the browser runs on
// blur (useValidatedForm) and the server parses with report every error at once, rules across
// fields included, read the way Conform reads a posted form.
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { organisationSchema, programmeSchema } from "~/modules/admin/form-schemas";
import { applicantKeptIdentityEditSchema, applicantSchema } from "~/modules/intake/applicant-schema";
import { decisionSchema } from "~/modules/review/committee-schema";
import { planSchema } from "~/modules/review/plan-schema";
import { reviewActionSchema } from "~/modules/review/score-schema";
import { defaultRubric } from "~/modules/review/scoring";
import type { $ZodType } from "zod/v4/core";

function errorsOf(schema: $ZodType, fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
  const reply = parseWithZod(form, { schema }).reply();
  return reply.error ?? {};
}

// 365250457 is followed by check digit 5 (domain.md §2): 6 is wrong.
const wrongCheckDigit = "3652504576";

describe("the applicant form", () => {
  it("shows the RNOKPP check-digit error on an otherwise empty form, with every required field", () => {
    const errors = errorsOf(applicantSchema, { rnokpp: wrongCheckDigit });
    expect(errors.rnokpp).toEqual(["errors.rnokppCheckDigit"]);
    expect(Object.keys(errors).sort()).toEqual(
      [
        "applicationDate",
        "birthDate",
        "businessKind",
        "children",
        "consentGivenOn",
        "consentPurposes",
        "consentTakenBy",
        "displacementStatus",
        "firstName",
        "householdSize",
        "membersWithDisability",
        "olderMembers",
        "programmeId",
        "referralSource",
        "requestedAmountMinor",
        "requestedModality",
        "rnokpp",
        "sex",
        "surname",
      ].sort(),
    );
  });

  it("checks the fields across each other that passed their own checks, and skips the ones that failed", () => {
    const errors = errorsOf(applicantSchema, { rnokpp: "36525", householdSize: "two", children: "3", olderMembers: "1", applicationDate: "2026-03-01", consentGivenOn: "2026-03-05" });
    expect(errors.rnokpp).toEqual(["errors.rnokppFormat"]);
    expect(errors.householdSize).toEqual(["errors.wholeNumber"]);
    // No household size to compare with: no "more than the household" on the members.
    expect(errors.children).toBeUndefined();
    expect(errors.olderMembers).toBeUndefined();
    expect(errors.consentGivenOn).toEqual(["errors.consentAfterApplication"]);
  });

  it("leaves a kept identity number to the server on a correction, and still checks the rest", () => {
    const errors = errorsOf(applicantKeptIdentityEditSchema, { version: "3", keepIdentity: "on", surname: "Шевченко" });
    expect(errors.rnokpp).toBeUndefined();
    expect(errors.passportNumber).toBeUndefined();
    expect(errors.firstName).toEqual(["errors.required"]);
    expect(errors.surname).toBeUndefined();
  });
});

describe("the committee's decision", () => {
  it("asks for the amount and every missing field at once", () => {
    const errors = errorsOf(decisionSchema, { decision: "approved", conditions: "Купити до кінця місяця" });
    expect(errors).toEqual({
      committeeDate: ["errors.required"],
      members: ["errors.required"],
      amountMinor: ["errors.required"],
      conditionsEn: ["errors.conditionsEnRequired"],
    });
  });

  it("asks for a reason for a rejection and a second member though the date is wrong", () => {
    const errors = errorsOf(decisionSchema, { decision: "rejected", committeeDate: "2026-02-30", members: "Олена Бондар" });
    expect(errors).toEqual({ committeeDate: ["errors.date"], reason: ["errors.reasonRequired"], members: ["errors.committeeMembers"] });
  });

  it("does not call a mistyped split a mismatch", () => {
    const errors = errorsOf(decisionSchema, { decision: "approved", committeeDate: "2026-03-01", members: "А, Б", inKindMinor: "lots", cashMinor: "100" });
    expect(errors).toEqual({ inKindMinor: ["errors.money"] });
  });
});

describe("the reviewer's scores", () => {
  const schema = reviewActionSchema(defaultRubric);
  const [first, second] = defaultRubric.criteria;

  it("asks for a score on the scale and a comment for each criterion", () => {
    const fields: Record<string, string> = { intent: "score" };
    for (const criterion of defaultRubric.criteria) {
      fields[`${criterion.key}.score`] = String(defaultRubric.scaleMin);
      fields[`${criterion.key}.comment`] = "Добре";
    }
    fields[`${first.key}.score`] = String(defaultRubric.scaleMax + 1);
    fields[`${second.key}.comment`] = "  ";
    expect(errorsOf(schema, fields)).toEqual({ [`${first.key}.score`]: ["errors.scoreOutOfScale"], [`${second.key}.comment`]: ["errors.commentRequired"] });
  });

  it("names both fields of a criterion left empty", () => {
    const errors = errorsOf(schema, { intent: "score" });
    expect(Object.keys(errors).sort()).toEqual(defaultRubric.criteria.flatMap((criterion) => [`${criterion.key}.comment`, `${criterion.key}.score`]).sort());
  });
});

describe("the plan and the admin forms", () => {
  it("names each budget cell that is wrong", () => {
    const errors = errorsOf(planSchema, { intent: "save", version: "0", "budget[0].item": "Верстат", "budget[0].quantity": "0", "budget[0].unitCostMinor": "12,5,0", "budget[0].modality": "in_kind" });
    expect(errors).toEqual({ "budget[0].quantity": ["errors.numberTooSmall"], "budget[0].unitCostMinor": ["errors.money"] });
  });

  it("checks a programme's ceiling against its envelope while other fields are missing", () => {
    const errors = errorsOf(programmeSchema, { code: "EEP-2027", grantCeilingMinor: "300000", budgetEnvelopeMinor: "100000", startDate: "2027-01-01", endDate: "2026-12-31" });
    expect(errors.budgetEnvelopeMinor).toEqual(["errors.envelopeBelowCeiling"]);
    expect(errors.endDate).toEqual(["errors.endBeforeStart"]);
    expect(errors.name).toEqual(["errors.required"]);
    expect(errors.grantCeilingMinor).toBeUndefined();
  });

  it("reports an organisation's missing names and kind together", () => {
    expect(errorsOf(organisationSchema, {})).toEqual({ name: ["errors.required"], nameUk: ["errors.required"], kind: ["errors.required"] });
  });
});
