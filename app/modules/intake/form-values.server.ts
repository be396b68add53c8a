// An existing case as the applicant form's values, for corrections.
import { desc, eq } from "drizzle-orm";
import { db, schema } from "~/lib/db.server";
import { unsealIdentity } from "~/lib/identity.server";
import { minorToInput } from "~/lib/money";
import { wgDomains } from "./washington-group";

const money = (minor: number | null | undefined) => (minor === null || minor === undefined ? undefined : minorToInput(minor));
const number = (value: number | null | undefined) => (value === null || value === undefined ? undefined : String(value));
const flag = (value: boolean) => (value ? "on" : undefined);

export function applicantFormValues(caseId: number) {
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
  const business = db.select().from(schema.businesses).where(eq(schema.businesses.caseId, caseId)).get();
  const displacement = db
    .select()
    .from(schema.displacementRecords)
    .where(eq(schema.displacementRecords.personId, person.id))
    .orderBy(desc(schema.displacementRecords.id))
    .get();
  const consent = db.select().from(schema.consents).where(eq(schema.consents.personId, person.id)).orderBy(desc(schema.consents.id)).get();
  const workers = business?.baselineWorkers;
  const values: Record<string, string | string[] | undefined> = {
    programmeId: String(caseRow.programmeId),
    applicationDate: caseRow.applicationDate,
    referralSource: caseRow.referralSource ?? undefined,
    surname: person.surname,
    firstName: person.firstName,
    patronymic: person.patronymic ?? undefined,
    latinName: person.latinName ?? undefined,
    sex: person.sex ?? undefined,
    birthDate: person.birthDate ?? undefined,
    noRnokpp: person.rnokppSealed ? undefined : "on",
    rnokpp: person.rnokppSealed ? unsealIdentity(person.rnokppSealed) : undefined,
    passportNumber: person.passportSealed ? unsealIdentity(person.passportSealed) : undefined,
    phone: person.phone ?? undefined,
    consentGivenOn: consent?.givenOn,
    consentTakenBy: consent?.takenBy,
    consentPurposes: consent?.purposes ?? [],
    displacementStatus: displacement?.status ?? caseRow.displacementStatus ?? undefined,
    idpCertificateNumber: displacement?.idpCertificateNumber ?? undefined,
    idpCertificateDate: displacement?.idpCertificateDate ?? undefined,
    currentOblastPcode: caseRow.oblastPcode ?? undefined,
    currentHromadaPcode: caseRow.hromadaPcode ?? undefined,
    originOblastPcode: displacement?.originOblastPcode ?? undefined,
    originHromadaPcode: displacement?.originHromadaPcode ?? undefined,
    householdSize: number(caseRow.householdSize),
    children: number(caseRow.children),
    olderMembers: number(caseRow.olderMembers),
    membersWithDisability: number(caseRow.membersWithDisability),
    monthlyHouseholdIncomeMinor: money(caseRow.monthlyHouseholdIncomeMinor),
    femaleHeaded: flag(caseRow.femaleHeaded),
    singleParent: flag(caseRow.singleParent),
    veteranOrFamily: flag(caseRow.veteranOrFamily),
    protectionFlag: flag(caseRow.protectionFlag),
    protectedCategory: caseRow.protectedCategory ?? undefined,
    // Left for the officer to choose when an imported form did not say (never assumed).
    businessKind: business?.kind ?? undefined,
    businessName: business?.name ?? undefined,
    legalForm: business?.legalForm ?? undefined,
    kvedCode: business?.kvedCode ?? undefined,
    registrationDate: business?.registrationDate ?? undefined,
    baselinePaidFullTimeFemale: number(workers?.paidFullTime.female),
    baselinePaidFullTimeMale: number(workers?.paidFullTime.male),
    baselinePaidPartTimeFemale: number(workers?.paidPartTime.female),
    baselinePaidPartTimeMale: number(workers?.paidPartTime.male),
    baselineUnpaidFullTimeFemale: number(workers?.unpaidFullTime.female),
    baselineUnpaidFullTimeMale: number(workers?.unpaidFullTime.male),
    baselineUnpaidPartTimeFemale: number(workers?.unpaidPartTime.female),
    baselineUnpaidPartTimeMale: number(workers?.unpaidPartTime.male),
    baselineMonthlyRevenueMinor: money(business?.baselineMonthlyRevenueMinor),
    baselineMonthlyNetIncomeMinor: money(business?.baselineMonthlyNetIncomeMinor),
    requestedModality: business?.requestedModality ?? undefined,
    requestedAmountMinor: money(business?.requestedAmountMinor),
    coContributionMinor: money(business?.coContributionMinor),
    partnerOrganisationId: number(caseRow.partnerOrganisationId),
    mentorId: number(caseRow.mentorId),
  };
  for (const domain of wgDomains) values[`wg_${domain}`] = person.washingtonGroup?.[domain];
  return { values, version: caseRow.version, caseCode: caseRow.caseCode, personId: person.id };
}
