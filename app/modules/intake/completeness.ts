/**
 * What an application needs at each step. Registering a person needs a name, an identity number
 * or a contact, a place and consent (with the programme and the application date); everything
 * else may come later, and an application without it is *incomplete*: it lists what is missing
 * on the case page and in the officers' queue until someone completes it. Imports from partners'
 * forms rely on this instead of typing made-up values for questions the form never asked.
 */
import type { RegistrationInput } from "./schema";

/** Fields every registration needs (besides an RNOKPP, a passport or a phone, and a place). */
export const registrationFields = [
  "programmeId",
  "applicationDate",
  "surname",
  "firstName",
  "consentGivenOn",
  "consentTakenBy",
  "consentPurposes",
] as const;

/** The ways a person can be identified or reached at registration (domain.md §2). */
export const identityOrContactFields = ["rnokpp", "passportNumber", "phone"] as const;

/** A place of residence: an oblast, or a hromada (whose P-code names its oblast, domain.md §3). */
export const placeFields = ["currentOblastPcode", "currentHromadaPcode"] as const;

export type LaterStep = "screening" | "plan";

/**
 * Fields needed later, with the step that needs them: screening checks age, status, household
 * and sector (domain.md §1); a business plan needs the request.
 */
export const laterFields = [
  { field: "birthDate", step: "screening" },
  { field: "sex", step: "screening" },
  { field: "displacementStatus", step: "screening" },
  { field: "idpCertificateNumber", step: "screening" },
  { field: "idpCertificateDate", step: "screening" },
  { field: "referralSource", step: "screening" },
  { field: "householdSize", step: "screening" },
  { field: "children", step: "screening" },
  { field: "olderMembers", step: "screening" },
  { field: "membersWithDisability", step: "screening" },
  { field: "businessKind", step: "screening" },
  { field: "kvedCode", step: "screening" },
  { field: "registrationDate", step: "plan" },
  { field: "requestedModality", step: "plan" },
  { field: "requestedAmountMinor", step: "plan" },
] as const satisfies ReadonlyArray<{ field: keyof RegistrationInput; step: LaterStep }>;

export type LaterField = (typeof laterFields)[number]["field"];

const stepOf = new Map<string, LaterStep>(laterFields.map(({ field, step }) => [field, step]));

/** The step that needs a field, or undefined for a field never required. */
export function laterStepOf(field: string): LaterStep | undefined {
  return stepOf.get(field);
}

/**
 * The later fields an application lacks, in the order above. The IDP certificate is needed for
 * IDPs only, and the registration date for an existing business that is registered.
 */
export function missingLaterFields(input: Partial<RegistrationInput>): LaterField[] {
  return laterFields
    .map(({ field }) => field)
    .filter((field) => {
      if ((field === "idpCertificateNumber" || field === "idpCertificateDate") && input.displacementStatus !== "idp") return false;
      if (field === "registrationDate" && (input.businessKind !== "existing" || input.legalForm === "not_registered")) return false;
      const value = input[field];
      return value === undefined || value === null || value === "";
    });
}
