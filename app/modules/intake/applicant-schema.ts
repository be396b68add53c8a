// The applicant form (by hand and, through a column mapping, from Kobo imports): one schema,
// the same checks for both, on the server and in the officer's browser. Messages are translation
// keys. Its own file (schema.ts re-exports it): see schema.ts.
import { z } from "zod";
import {
  businessKinds,
  consentPurposes,
  displacementStatuses,
  grantModalities,
  legalForms,
  protectedCategories,
  referralSources,
  sexes,
} from "../../../db/enums";
import {
  birthDate,
  checkbox,
  checkedValues,
  crossFieldRules,
  isoDate,
  moneyField,
  optionalText,
  pastDate,
  recordId,
  requiredText,
  textLimits,
  versionNumber,
  wholeNumber,
} from "~/lib/validation";
import { findKvedClass } from "./kved";
import { normalisePhone } from "./name-matching";
import { decodeRnokpp } from "./rnokpp";
import { wgAnswers, wgDomains } from "./washington-group";

const count = (max: number) => wholeNumber(0, max);
const optionalCount = (max: number) => count(max).optional();
const optionalMoney = () => moneyField().optional();
const optionalDate = () => isoDate().optional();
const oblastPcode = z.string().regex(/^UA\d{2}$/, "errors.pcode");
const hromadaPcode = z.string().regex(/^UA\d{7}$/, "errors.pcode");
const checkedList = <T extends readonly [string, ...string[]]>(values: T) => checkedValues(z.enum(values), values.length);

const washingtonGroupFields = Object.fromEntries(wgDomains.map((domain) => [`wg_${domain}`, z.enum(wgAnswers).optional()])) as Record<
  `wg_${(typeof wgDomains)[number]}`,
  z.ZodOptional<z.ZodEnum<{ [K in (typeof wgAnswers)[number]]: K }>>
>;

/**
 * Each field of the applicant form with its own check. The form requires the fields that are not
 * optional here; a Kobo import reads them one by one (any may be missing from a partner's form).
 */
export const applicantFieldSchemas = {
  programmeId: recordId(),
  applicationDate: isoDate(),
  surname: requiredText(textLimits.personName),
  firstName: requiredText(textLimits.personName),
  patronymic: optionalText(textLimits.personName),
  latinName: optionalText(textLimits.name),
  sex: z.enum(sexes, { error: "errors.required" }),
  birthDate: birthDate(),
  noRnokpp: checkbox(),
  rnokpp: optionalText(textLimits.code),
  passportNumber: optionalText(20),
  phone: optionalText(textLimits.code)
    .transform((value, context) => {
      if (!value) return undefined;
      const phone = normalisePhone(value);
      if (!phone) context.addIssue({ code: "custom", message: "errors.phone" });
      return phone ?? undefined;
    }),
  consentGivenOn: isoDate(),
  consentTakenBy: requiredText(textLimits.name),
  consentPurposes: checkedList(consentPurposes).refine((purposes) => purposes.includes("registration"), "errors.consentRegistration"),
  referralSource: z.enum(referralSources, { error: "errors.required" }),
  displacementStatus: z.enum(displacementStatuses, { error: "errors.required" }),
  idpCertificateNumber: optionalText(textLimits.code),
  idpCertificateDate: optionalDate(),
  currentOblastPcode: oblastPcode.optional().refine((value) => value !== undefined, "errors.required"),
  currentHromadaPcode: hromadaPcode.optional(),
  originOblastPcode: oblastPcode.optional(),
  originHromadaPcode: hromadaPcode.optional(),
  householdSize: count(30).refine((size) => size >= 1, "errors.numberTooSmall"),
  children: count(30),
  olderMembers: count(30),
  membersWithDisability: count(30),
  monthlyHouseholdIncomeMinor: optionalMoney(),
  ...washingtonGroupFields,
  femaleHeaded: checkbox(),
  singleParent: checkbox(),
  veteranOrFamily: checkbox(),
  protectionFlag: checkbox(),
  protectedCategory: z.enum(protectedCategories).optional(),
  businessKind: z.enum(businessKinds, { error: "errors.required" }),
  businessName: optionalText(textLimits.name),
  legalForm: z.enum(legalForms).optional(),
  kvedCode: optionalText(textLimits.code)
    .transform((value, context) => {
      if (!value) return undefined;
      const kvedClass = findKvedClass(value);
      if (!kvedClass) context.addIssue({ code: "custom", message: "errors.kved" });
      return kvedClass?.code;
    }),
  registrationDate: pastDate().optional(),
  baselinePaidFullTimeFemale: optionalCount(500),
  baselinePaidFullTimeMale: optionalCount(500),
  baselinePaidPartTimeFemale: optionalCount(500),
  baselinePaidPartTimeMale: optionalCount(500),
  baselineUnpaidFullTimeFemale: optionalCount(500),
  baselineUnpaidFullTimeMale: optionalCount(500),
  baselineUnpaidPartTimeFemale: optionalCount(500),
  baselineUnpaidPartTimeMale: optionalCount(500),
  baselineMonthlyRevenueMinor: optionalMoney(),
  baselineMonthlyNetIncomeMinor: optionalMoney(),
  requestedModality: z.enum(grantModalities, { error: "errors.required" }),
  requestedAmountMinor: moneyField(),
  coContributionMinor: optionalMoney(),
  partnerOrganisationId: recordId().optional(),
  mentorId: recordId().optional(),
};

// The checks across fields run on the fields that passed their own: every error at once.
const applicantRules = (keptIdentity: boolean) =>
  crossFieldRules<z.output<z.ZodObject<typeof applicantFieldSchemas>>>((value, issue) => {
    for (const { field, message } of applicantConsistencyIssues(value, "form")) {
      if (!(keptIdentity && (field === "rnokpp" || field === "passportNumber"))) issue(field, message);
    }
  });

export const applicantSchema = z.object(applicantFieldSchemas).check(applicantRules(false));

export type ApplicantInput = z.output<typeof applicantSchema>;

// What registering a person needs (a name, an identity number or a contact, a place, consent:
// see registrationFields in completeness.ts); an imported application may lack everything else.
type RegistrationCore =
  | "programmeId"
  | "applicationDate"
  | "surname"
  | "firstName"
  | "consentGivenOn"
  | "consentTakenBy"
  | "consentPurposes"
  | "noRnokpp"
  | "femaleHeaded"
  | "singleParent"
  | "veteranOrFamily"
  | "protectionFlag";

/** An applicant as registered: the form's full input, or an imported one with later fields missing. */
export type RegistrationInput = Pick<ApplicantInput, RegistrationCore> & Partial<Omit<ApplicantInput, RegistrationCore>>;

const passportPattern = /^([А-ЯІЇЄҐA-Z]{2}\s?\d{6}|\d{9})$/i;

/**
 * The checks across fields, on whatever values are present (an import checks a row with fields
 * missing, and reports every problem at once). "form": RNOKPP, or "no RNOKPP" with a passport;
 * "registration" (imports): an RNOKPP, a passport or a phone, the one given being valid.
 */
export function applicantConsistencyIssues(
  value: Partial<ApplicantInput>,
  identity: "form" | "registration",
): Array<{ field: string; message: string }> {
  const issues: Array<{ field: string; message: string }> = [];
  const issue = (field: string, message: string) => issues.push({ field, message });
  // RNOKPP, or "no RNOKPP" with a passport (domain.md §2). A wrong check digit is an error;
  // a birth date or sex that disagrees is only a warning, shown on the case page.
  const checkPassport = () => {
    if (value.passportNumber && !passportPattern.test(value.passportNumber)) issue("passportNumber", "errors.passportFormat");
  };
  const checkRnokpp = () => {
    const decoded = decodeRnokpp(value.rnokpp ?? "");
    if (!decoded.ok) issue("rnokpp", decoded.reason === "format" ? "errors.rnokppFormat" : "errors.rnokppCheckDigit");
  };
  if (identity === "form") {
    if (value.noRnokpp) {
      if (!value.passportNumber) issue("passportNumber", "errors.passportRequired");
      else checkPassport();
    } else if (!value.rnokpp) {
      issue("rnokpp", "errors.rnokppRequired");
    } else checkRnokpp();
  } else {
    if (value.rnokpp && !value.noRnokpp) checkRnokpp();
    checkPassport();
    if (!(value.rnokpp && !value.noRnokpp) && !value.passportNumber && !value.phone) issue("rnokpp", "errors.identityOrContactRequired");
  }
  if (value.displacementStatus === "idp" && identity === "form") {
    if (!value.idpCertificateNumber) issue("idpCertificateNumber", "errors.idpCertificateRequired");
    if (!value.idpCertificateDate) issue("idpCertificateDate", "errors.idpCertificateRequired");
  }
  if (value.currentHromadaPcode && value.currentOblastPcode && !value.currentHromadaPcode.startsWith(value.currentOblastPcode)) {
    issue("currentHromadaPcode", "errors.hromadaOutsideOblast");
  }
  if (value.originHromadaPcode && value.originOblastPcode && !value.originHromadaPcode.startsWith(value.originOblastPcode)) {
    issue("originHromadaPcode", "errors.hromadaOutsideOblast");
  }
  // The household includes the applicant, so the other members number at most size − 1.
  for (const field of ["children", "olderMembers", "membersWithDisability"] as const) {
    const members = value[field];
    if (members !== undefined && value.householdSize !== undefined && members >= value.householdSize) issue(field, "errors.moreThanHousehold");
  }
  if (value.birthDate && value.applicationDate && value.birthDate >= value.applicationDate) issue("birthDate", "errors.birthAfterApplication");
  if (value.consentGivenOn && value.applicationDate && value.consentGivenOn > value.applicationDate) issue("consentGivenOn", "errors.consentAfterApplication");
  if (identity === "form" && value.businessKind === "existing" && !value.registrationDate && value.legalForm !== "not_registered") {
    issue("registrationDate", "errors.registrationDateRequired");
  }
  if (value.requestedAmountMinor !== undefined && value.requestedAmountMinor <= 0) issue("requestedAmountMinor", "errors.positiveAmount");
  return issues;
}

export const applicantEditSchema = applicantSchema.and(z.object({ version: versionNumber() }));

/**
 * A correction that keeps the stored identity number, which the page never shows: what the
 * browser checks. The server puts the stored number back and checks it all with applicantEditSchema.
 */
export const applicantKeptIdentityEditSchema = z.object(applicantFieldSchemas).check(applicantRules(true)).and(z.object({ version: versionNumber() }));
