// A complete, valid applicant form (the fields of applicantSchema) for integration tests: an
// adult IDP with a certificate, living in Dnipropetrovska (UA12), starting a tailoring business.
// Each call gets its own RNOKPP and phone unless the overrides give them; an override of
// `undefined` removes the field, as an empty input would.
import type { ApplicantInput } from "~/modules/intake/schema";
import { applicantSchema } from "~/modules/intake/schema";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import { transliterate } from "~/modules/intake/transliteration";

export type ApplicantForm = Record<string, string | string[]>;
export type ApplicantOverrides = Record<string, string | readonly string[] | undefined>;

let applicantCounter = 0;

export function applicantForm(programmeId: number, overrides: ApplicantOverrides = {}): ApplicantForm {
  applicantCounter += 1;
  const base: ApplicantOverrides = {
    programmeId: String(programmeId),
    applicationDate: "2025-02-03",
    surname: "Коваленко",
    firstName: "Марія",
    patronymic: "Іванівна",
    sex: "female",
    birthDate: "1990-05-14",
    phone: `+38067${String(1_000_000 + applicantCounter * 37)}`,
    consentGivenOn: "2025-02-03",
    consentTakenBy: "Test Officer",
    consentPurposes: ["registration", "screening"],
    referralSource: "partner_ngo",
    displacementStatus: "idp",
    idpCertificateNumber: `1201-${String(5_000_000 + applicantCounter)}`,
    idpCertificateDate: "2023-04-10",
    currentOblastPcode: "UA12",
    originOblastPcode: "UA14",
    householdSize: "3",
    children: "1",
    olderMembers: "0",
    membersWithDisability: "0",
    monthlyHouseholdIncomeMinor: "18000",
    businessKind: "startup",
    businessName: "Ательє «Голка»",
    kvedCode: "14.13",
    requestedModality: "in_kind",
    requestedAmountMinor: "150000",
    coContributionMinor: "15000",
  };
  const merged = { ...base, ...overrides };
  // The passport's Latin name, as printed (surname first), unless the test gives or removes it.
  if (!("latinName" in overrides)) merged.latinName = transliterate(`${merged.surname} ${merged.firstName}`);
  if (!("rnokpp" in overrides) && merged.noRnokpp !== "on") {
    merged.rnokpp = makeRnokpp(String(merged.birthDate), merged.sex === "male" ? "male" : "female", applicantCounter % 5000);
  }
  const form: ApplicantForm = {};
  for (const [name, value] of Object.entries(merged)) if (value !== undefined) form[name] = typeof value === "string" ? value : [...value];
  return form;
}

// The same form parsed, for calling module functions (registerApplicant, updateApplicant) directly.
export function applicantInput(programmeId: number, overrides: ApplicantOverrides = {}): ApplicantInput {
  return parseApplicantForm(applicantForm(programmeId, overrides));
}

export function parseApplicantForm(form: ApplicantForm): ApplicantInput {
  return applicantSchema.parse(form);
}

// ISO date `years` years and `days` days before today (UTC), for age-dependent rules.
export function dateYearsAgo(years: number, days = 0): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() - days));
  return date.toISOString().slice(0, 10);
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
