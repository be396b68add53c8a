// How the Kobo mapping page groups our fields (kept apart from the zod schemas so the page's
// browser bundle does not carry zod).
import type { ColumnField } from "./kobo-mapping";

/** How the mapping page groups the fields a column can fill (the programme and partner have their own). */
export const fieldSections: Array<{ key: string; fields: ColumnField[] }> = [
  { key: "programme", fields: ["applicationDate", "referralSource"] },
  { key: "person", fields: ["surname", "firstName", "patronymic", "latinName", "sex", "birthDate", "age", "phone"] },
  { key: "identity", fields: ["rnokpp", "noRnokpp", "passportNumber"] },
  { key: "consent", fields: ["consentGivenOn", "consentTakenBy", "consentPurposes"] },
  {
    key: "displacement",
    fields: ["displacementStatus", "idpCertificateNumber", "idpCertificateDate", "currentOblastPcode", "currentHromadaPcode", "originOblastPcode", "originHromadaPcode"],
  },
  { key: "household", fields: ["householdSize", "children", "olderMembers", "membersWithDisability", "monthlyHouseholdIncomeMinor"] },
  { key: "disability", fields: ["wg_seeing", "wg_hearing", "wg_walking", "wg_remembering", "wg_selfCare", "wg_communicating"] },
  { key: "vulnerability", fields: ["femaleHeaded", "singleParent", "veteranOrFamily", "protectionFlag", "protectedCategory"] },
  {
    key: "business",
    fields: [
      "businessKind",
      "businessName",
      "legalForm",
      "kvedCode",
      "registrationDate",
      "baselinePaidFullTimeFemale",
      "baselinePaidFullTimeMale",
      "baselinePaidPartTimeFemale",
      "baselinePaidPartTimeMale",
      "baselineUnpaidFullTimeFemale",
      "baselineUnpaidFullTimeMale",
      "baselineUnpaidPartTimeFemale",
      "baselineUnpaidPartTimeMale",
      "baselineMonthlyRevenueMinor",
      "baselineMonthlyNetIncomeMinor",
      "requestedModality",
      "requestedAmountMinor",
      "coContributionMinor",
    ],
  },
];
