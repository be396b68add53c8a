/**
 * What each role may read of a case (domain.md §8), as allowlists: every view below is built by
 * picking named fields into a new object, never by copying a row and deleting what must not
 * leave, so a column added to the schema reaches nobody until it is added here. The case page,
 * the case list (rows, filters, sorts) and the export are all built through this module.
 *
 * Three audiences:
 * - staff (admins, officers): names and contacts; identity numbers and the specific protection
 *   category only through an audited reveal, never in these views;
 * - partner (NGO mentors): the same minus duplicates to review and the protected category's
 *   existence;
 * - pseudonymised (evaluators): case code, programme, stage, status, eligibility per rule
 *   (passed or not, without the values), scores, amounts, dates as months, and on the case page
 *   and in the export the quasi-identifiers (place, sex, age band, displacement status) as
 *   coarsened for the whole evaluator release (place-coarsening.ts). Nothing typed as free text,
 *   no names of people (mentors' included), no business name, household or exact age.
 *   The generic protection flag is left out too: within a group of k look-alikes it would still
 *   tell a trafficking or GBV survivor apart, so it belongs in tables with small-cell
 *   suppression, not in rows. The partner NGO is left out because each works in its own oblasts,
 *   which would undo the coarsened place.
 */
import type { Role } from "../../../db/enums";
import type * as schema from "../../../db/schema";
import type { CaseListFilter } from "./case-list-filter";
import { caseSorts } from "./case-list";
import type { PlaceLevel } from "./place-coarsening";
import { ruleDetailShown } from "../intake/eligibility";

export type CaseAudience = "staff" | "partner" | "pseudonymised";

/** Who reads a case as what; reviewers reach plans only through their review assignments. */
export function caseAudience(role: Role): CaseAudience | null {
  switch (role) {
    case "admin":
    case "officer":
      return "staff";
    case "mentor":
      return "partner";
    case "evaluator":
      return "pseudonymised";
    case "reviewer":
      return null;
  }
}

/** A date as its month, `YYYY-MM`: evaluators see no date finer than that. */
export function monthOf(date: string | null | undefined): string | null {
  return date && /^\d{4}-\d{2}/.test(date) ? date.slice(0, 7) : null;
}

// ---------------------------------------------------------------------------------------------
// The case list: its filters, sorts and rows

type FilterKey = keyof CaseListFilter;

const listFilters: Record<CaseAudience, readonly FilterKey[]> = {
  staff: ["q", "programme", "stage", "status", "oblast", "hromada", "displacement", "sex", "partner", "mentor", "sort", "dir", "page"],
  // A partner filter only narrows a mentor's own scope (their organisation's cases).
  partner: ["q", "programme", "stage", "status", "oblast", "hromada", "displacement", "sex", "partner", "mentor", "sort", "dir", "page"],
  // Filtering on a place, sex or displacement status would tell an evaluator those facts about
  // every case listed, finer than the coarsened release: only what the rows show anyway. The
  // search finds case codes only for them (a name or number finds nothing: case-list.server.ts).
  pseudonymised: ["q", "programme", "stage", "status", "sort", "dir", "page"],
};

const listSorts: Record<CaseAudience, readonly (typeof caseSorts)[number][]> = {
  staff: caseSorts,
  partner: caseSorts,
  // Sorting by surname would give away the alphabetical order of names.
  pseudonymised: ["applicationDate", "caseCode", "vulnerability"],
};

export function caseListSorts(audience: CaseAudience) {
  return listSorts[audience];
}

export function caseListFilterKeys(audience: CaseAudience) {
  return listFilters[audience];
}

/** The filter with only what the audience may filter and sort on; the rest is dropped. */
export function allowedCaseListFilter(audience: CaseAudience, filter: CaseListFilter): CaseListFilter {
  const allowed: CaseListFilter = {};
  for (const key of listFilters[audience]) {
    if (filter[key] !== undefined) (allowed as Record<string, unknown>)[key] = filter[key];
  }
  if (allowed.sort && !listSorts[audience].includes(allowed.sort)) delete allowed.sort;
  return allowed;
}

/** Every column the case list query reads; rows are cut per audience below. */
export type CaseListSource = {
  id: number;
  caseCode: string;
  programmeCode: string;
  stage: string;
  status: string;
  eligibility: string;
  vulnerabilityScore: number | null;
  applicationDate: string;
  oblastPcode: string | null;
  hromadaPcode: string | null;
  displacementStatus: string | null;
  protectionFlag: boolean;
  partnerName: string | null;
  partnerNameUk: string | null;
  mentorName: string | null;
  surname: string;
  firstName: string;
  patronymic: string | null;
  // Null when an imported form gave neither and no RNOKPP encodes them.
  sex: string | null;
  birthDate: string | null;
  phone: string | null;
  ageBand: string | null;
};

export function staffCaseListRow(row: CaseListSource) {
  return {
    id: row.id,
    caseCode: row.caseCode,
    programmeCode: row.programmeCode,
    stage: row.stage,
    status: row.status,
    eligibility: row.eligibility,
    vulnerabilityScore: row.vulnerabilityScore,
    applicationDate: row.applicationDate,
    oblastPcode: row.oblastPcode,
    hromadaPcode: row.hromadaPcode,
    displacementStatus: row.displacementStatus,
    protectionFlag: row.protectionFlag,
    partnerName: row.partnerName,
    partnerNameUk: row.partnerNameUk,
    mentorName: row.mentorName,
    sex: row.sex,
    ageBand: row.ageBand,
    birthYear: row.birthDate?.slice(0, 4) ?? null,
    identifiers: { surname: row.surname, firstName: row.firstName, patronymic: row.patronymic, phone: row.phone, birthDate: row.birthDate },
  };
}

// The list shows no quasi-identifier at all: the case page and the export carry them, coarsened.
export function pseudonymisedCaseListRow(row: CaseListSource) {
  return {
    id: row.id,
    caseCode: row.caseCode,
    programmeCode: row.programmeCode,
    stage: row.stage,
    status: row.status,
    eligibility: row.eligibility,
    vulnerabilityScore: row.vulnerabilityScore,
    applicationMonth: monthOf(row.applicationDate),
  };
}

export type StaffCaseListRow = ReturnType<typeof staffCaseListRow>;

/** What the staff's and mentors' export reads beyond a list row: place names, business, outcome. */
export type CaseExportSource = CaseListSource & {
  oblastName: PlaceName | null;
  raionName: PlaceName | null;
  hromadaName: PlaceName | null;
  businessName: string | null;
  kvedCode: string | null;
  requestedAmountMinor: number | null;
  currency: string | null;
  planScoreHundredths: number | null;
  decision: string | null;
  approvedAmountMinor: number | null;
};
type PlaceName = { nameUk: string; nameEn: string };

export function staffExportRow(row: CaseExportSource) {
  return {
    ...staffCaseListRow(row),
    places: { oblast: row.oblastName, raion: row.raionName, hromada: row.hromadaName },
    business: { name: row.businessName, kvedCode: row.kvedCode, requestedAmountMinor: row.requestedAmountMinor, currency: row.currency },
    planScoreHundredths: row.planScoreHundredths,
    decision: row.decision,
    approvedAmountMinor: row.approvedAmountMinor,
  };
}
export type StaffExportRow = ReturnType<typeof staffExportRow>;
export type PseudonymisedCaseListRow = ReturnType<typeof pseudonymisedCaseListRow>;

export function caseListRow(audience: CaseAudience, row: CaseListSource): StaffCaseListRow | PseudonymisedCaseListRow {
  return audience === "pseudonymised" ? pseudonymisedCaseListRow(row) : staffCaseListRow(row);
}

// ---------------------------------------------------------------------------------------------
// The export's columns

type Translate = (key: string, options?: Record<string, unknown>) => string;
// A `{ date }` is written as a date cell in XLSX and as ISO text in CSV (spreadsheet.server.ts).
type ExportValue = string | number | null | { date: string };
export type ExportColumn<Row> = { header: string; value: (row: Row) => ExportValue };

/** A published row of the evaluator's release: quasi-identifiers as coarsened. */
export type ReleasedCaseRow = {
  caseCode: string;
  programmeCode: string;
  placeLevel: PlaceLevel;
  placePcode: string | null;
  sex: string | null;
  ageBand: string | null;
  displacementStatus: string | null;
  stage: string;
  status: string;
  eligibility: string;
  vulnerabilityScore: number | null;
  applicationDate: string;
};

/**
 * The staff's and mentors' export: P-codes with the place names beside them (in the export's
 * language), dates as date cells, amounts in currency units (not kopiykas) so they add up. The
 * business, KVED, amounts, plan score, decision, mentor and partner NGO are for staff only.
 */
export function staffExportColumns(t: Translate, audience: "staff" | "partner", locale: "uk" | "en"): Array<ExportColumn<StaffExportRow>> {
  const yesNo = (value: boolean) => (value ? t("cases.yes") : t("cases.no"));
  const place = (name: PlaceName | null) => (name ? (locale === "uk" ? name.nameUk : name.nameEn) : null);
  const amount = (minor: number | null) => (minor === null ? null : minor / 100);
  const staffOnly: Array<ExportColumn<StaffExportRow>> = [
    { header: t("cases.export.business"), value: (row) => row.business.name },
    { header: t("cases.export.kved"), value: (row) => row.business.kvedCode },
    { header: t("cases.export.requestedAmount"), value: (row) => amount(row.business.requestedAmountMinor) },
    { header: t("cases.export.planScore"), value: (row) => (row.planScoreHundredths === null ? null : row.planScoreHundredths / 100) },
    { header: t("cases.export.decision"), value: (row) => (row.decision ? t(`review.decided.${row.decision}`) : null) },
    { header: t("cases.export.approvedAmount"), value: (row) => amount(row.approvedAmountMinor) },
    { header: t("cases.export.currency"), value: (row) => row.business.currency },
    { header: t("cases.mentor"), value: (row) => row.mentorName },
    { header: t("cases.partner"), value: (row) => (locale === "uk" ? row.partnerNameUk : row.partnerName) },
  ];
  return [
    { header: t("cases.caseCode"), value: (row) => row.caseCode },
    { header: t("cases.programme"), value: (row) => row.programmeCode },
    { header: t("cases.form.surname"), value: (row) => row.identifiers.surname },
    { header: t("cases.form.firstName"), value: (row) => row.identifiers.firstName },
    { header: t("cases.form.patronymic"), value: (row) => row.identifiers.patronymic },
    { header: t("cases.form.phone"), value: (row) => row.identifiers.phone },
    { header: t("cases.sex"), value: (row) => (row.sex ? t(`cases.sexes.${row.sex}`) : null) },
    { header: t("cases.ageBand"), value: (row) => row.ageBand },
    { header: t("cases.oblast"), value: (row) => place(row.places.oblast) },
    { header: t("cases.oblastPcode"), value: (row) => row.oblastPcode },
    { header: t("cases.export.raion"), value: (row) => place(row.places.raion) },
    { header: t("cases.export.raionPcode"), value: (row) => row.hromadaPcode?.slice(0, 6) ?? null },
    { header: t("cases.export.hromada"), value: (row) => place(row.places.hromada) },
    { header: t("cases.hromadaPcode"), value: (row) => row.hromadaPcode },
    { header: t("cases.displacementStatus"), value: (row) => (row.displacementStatus ? t(`cases.displacement.${row.displacementStatus}`) : null) },
    { header: t("cases.stage"), value: (row) => t(`stages.${row.stage}`) },
    { header: t("cases.status"), value: (row) => t(`statuses.${row.status}`) },
    { header: t("cases.eligibility"), value: (row) => t(`cases.eligibilityStatus.${row.eligibility}`) },
    { header: t("cases.vulnerabilityScore"), value: (row) => row.vulnerabilityScore },
    // The generic flag only; the specific category is in no export (§8).
    { header: t("cases.protectionFlag"), value: (row) => yesNo(row.protectionFlag) },
    ...(audience === "staff" ? staffOnly : []),
    { header: t("cases.applicationDate"), value: (row) => ({ date: row.applicationDate }) },
  ];
}

export function releaseExportColumns(t: Translate): Array<ExportColumn<ReleasedCaseRow>> {
  return [
    { header: t("cases.caseCode"), value: (row) => row.caseCode },
    { header: t("cases.programme"), value: (row) => row.programmeCode },
    { header: t("cases.release.placeLevel"), value: (row) => t(`cases.release.levels.${row.placeLevel}`) },
    { header: t("cases.release.placePcode"), value: (row) => row.placePcode },
    { header: t("cases.sex"), value: (row) => (row.sex ? t(`cases.sexes.${row.sex}`) : null) },
    { header: t("cases.ageBand"), value: (row) => row.ageBand },
    { header: t("cases.displacementStatus"), value: (row) => (row.displacementStatus ? t(`cases.displacement.${row.displacementStatus}`) : null) },
    { header: t("cases.stage"), value: (row) => t(`stages.${row.stage}`) },
    { header: t("cases.status"), value: (row) => t(`statuses.${row.status}`) },
    { header: t("cases.eligibility"), value: (row) => t(`cases.eligibilityStatus.${row.eligibility}`) },
    { header: t("cases.vulnerabilityScore"), value: (row) => row.vulnerabilityScore },
    { header: t("cases.release.applicationMonth"), value: (row) => monthOf(row.applicationDate) },
  ];
}

// ---------------------------------------------------------------------------------------------
// The case page

type RuleResult = { rule: string; passed: boolean; detail?: unknown };
type BreakdownLine = { criterion: string; points: number; applies: boolean; possiblePoints: number; basis?: { threshold?: number; value?: number | null } };

type Rows = {
  case: typeof schema.cases.$inferSelect;
  person: typeof schema.persons.$inferSelect;
  programme: typeof schema.programmes.$inferSelect;
  business: typeof schema.businesses.$inferSelect;
  displacement: typeof schema.displacementRecords.$inferSelect;
  screening: typeof schema.screenings.$inferSelect;
  consent: typeof schema.consents.$inferSelect;
};

/**
 * Everything the case page could show, read by case-file.server.ts; cut per audience below.
 * Typed by what the views pick, so a source may carry more than it (a whole row).
 */
export type CaseFileSource = {
  case: Pick<
    Rows["case"],
    | "id"
    | "caseCode"
    | "stage"
    | "status"
    | "eligibility"
    | "vulnerabilityScore"
    | "applicationDate"
    | "referralSource"
    | "displacementStatus"
    | "oblastPcode"
    | "hromadaPcode"
    | "householdSize"
    | "children"
    | "olderMembers"
    | "membersWithDisability"
    | "monthlyHouseholdIncomeMinor"
    | "femaleHeaded"
    | "singleParent"
    | "veteranOrFamily"
    | "protectionFlag"
    | "protectedCategory"
    | "version"
  >;
  person: Pick<
    Rows["person"],
    "surname" | "firstName" | "patronymic" | "latinName" | "sex" | "birthDate" | "phone" | "disability" | "washingtonGroup" | "rnokppSealed" | "passportSealed"
  >;
  ageBand: string | null;
  programme: Pick<Rows["programme"], "id" | "code" | "currency" | "grantCeilingMinor">;
  business: Pick<
    Rows["business"],
    | "kind"
    | "name"
    | "legalForm"
    | "kvedCode"
    | "kvedVersion"
    | "registrationDate"
    | "baselineMonthlyRevenueMinor"
    | "baselineMonthlyNetIncomeMinor"
    | "requestedModality"
    | "requestedAmountMinor"
    | "currency"
    | "coContributionMinor"
  > | null;
  kvedSection: string | null;
  partner: { name: string; nameUk: string } | null;
  mentorName: string | null;
  mergedInto: { id: number; caseCode: string } | null;
  displacementHistory: Array<
    Pick<
      Rows["displacement"],
      | "id"
      | "context"
      | "recordedOn"
      | "status"
      | "idpCertificateNumber"
      | "idpCertificateDate"
      | "currentOblastPcode"
      | "currentHromadaPcode"
      | "originOblastPcode"
      | "originHromadaPcode"
      | "abroad"
    >
  >;
  screenings: Array<
    Pick<Rows["screening"], "id" | "screenedOn" | "eligible" | "ruleResults" | "vulnerabilityScore" | "vulnerabilityBreakdown" | "overrideReason" | "overriddenAt">
  >;
  consents: Array<Pick<Rows["consent"], "id" | "givenOn" | "takenBy" | "purposes">>;
  timeline: Array<{ id: number; at: string; action: string; entityType: string; userName: string | null; note: string | null }>;
  possibleDuplicates: Array<{ id: number; reasons: string[]; otherCase: { id: number; caseCode: string } | null }>;
  placeNames: Record<string, { pcode: string; nameEn: string; nameUk: string }>;
};

/** The case's quasi-identifiers as published to evaluators, or withheld (too few look-alikes). */
export type ReleasedQuasiIdentifiers = {
  withheld: boolean;
  placeLevel: PlaceLevel | null;
  placePcode: string | null;
  sex: string | null;
  ageBand: string | null;
  displacementStatus: string | null;
};

export function staffCaseFile(
  source: CaseFileSource,
  audience: "staff" | "partner",
  may: { seeProtectedCategory: boolean; reviewDuplicates: boolean },
) {
  const { case: kase, person, business } = source;
  return {
    audience,
    case: {
      id: kase.id,
      caseCode: kase.caseCode,
      stage: kase.stage,
      status: kase.status,
      eligibility: kase.eligibility,
      vulnerabilityScore: kase.vulnerabilityScore,
      applicationDate: kase.applicationDate,
      referralSource: kase.referralSource,
      displacementStatus: kase.displacementStatus,
      oblastPcode: kase.oblastPcode,
      hromadaPcode: kase.hromadaPcode,
      household: {
        size: kase.householdSize,
        children: kase.children,
        olderMembers: kase.olderMembers,
        membersWithDisability: kase.membersWithDisability,
        monthlyIncomeMinor: kase.monthlyHouseholdIncomeMinor,
      },
      vulnerability: {
        femaleHeaded: kase.femaleHeaded,
        singleParent: kase.singleParent,
        veteranOrFamily: kase.veteranOrFamily,
        protectionFlag: kase.protectionFlag,
        // Whether a category is recorded; which one is revealed on request, audited.
        hasProtectedCategory: may.seeProtectedCategory && kase.protectedCategory !== null,
      },
      partnerName: source.partner ? { name: source.partner.name, nameUk: source.partner.nameUk } : null,
      mentorName: source.mentorName,
      version: kase.version,
      mergedInto: source.mergedInto ? { id: source.mergedInto.id, caseCode: source.mergedInto.caseCode } : null,
    },
    programme: { id: source.programme.id, code: source.programme.code, currency: source.programme.currency, ceilingMinor: source.programme.grantCeilingMinor },
    person: {
      surname: person.surname,
      firstName: person.firstName,
      patronymic: person.patronymic,
      latinName: person.latinName,
      sex: person.sex,
      birthDate: person.birthDate,
      ageBand: source.ageBand,
      phone: person.phone,
      disability: person.disability,
      washingtonGroup: person.washingtonGroup,
      hasRnokpp: person.rnokppSealed !== null,
      hasPassport: person.passportSealed !== null,
    },
    business: business
      ? {
          kind: business.kind,
          name: business.name,
          legalForm: business.legalForm,
          kvedCode: business.kvedCode,
          kvedVersion: business.kvedVersion,
          registrationDate: business.registrationDate,
          baselineMonthlyRevenueMinor: business.baselineMonthlyRevenueMinor,
          baselineMonthlyNetIncomeMinor: business.baselineMonthlyNetIncomeMinor,
          requestedModality: business.requestedModality,
          requestedAmountMinor: business.requestedAmountMinor,
          currency: business.currency,
          coContributionMinor: business.coContributionMinor,
        }
      : null,
    displacementHistory: source.displacementHistory.map((record) => ({
      id: record.id,
      context: record.context,
      recordedOn: record.recordedOn,
      status: record.status,
      idpCertificateNumber: record.idpCertificateNumber,
      idpCertificateDate: record.idpCertificateDate,
      currentOblastPcode: record.currentOblastPcode,
      currentHromadaPcode: record.currentHromadaPcode,
      originOblastPcode: record.originOblastPcode,
      originHromadaPcode: record.originHromadaPcode,
      abroad: record.abroad,
    })),
    screenings: source.screenings.map((screening) => ({
      id: screening.id,
      screenedOn: screening.screenedOn,
      eligible: screening.eligible,
      // Staff and mentors see what each rule compared (the values and thresholds, eligibility.ts).
      ruleResults: (screening.ruleResults as RuleResult[]).map((result) => ({ rule: result.rule, passed: result.passed, detail: ruleDetailShown(result) })),
      vulnerabilityScore: screening.vulnerabilityScore,
      vulnerabilityBreakdown: (screening.vulnerabilityBreakdown as BreakdownLine[]).map((line) => ({
        criterion: line.criterion,
        points: line.points,
        applies: line.applies,
        possiblePoints: line.possiblePoints,
        basis: line.basis ? { threshold: line.basis.threshold ?? null, value: line.basis.value ?? null } : null,
      })),
      overrideReason: screening.overrideReason,
      overriddenAt: screening.overriddenAt,
    })),
    consents: source.consents.map((consent) => ({ id: consent.id, givenOn: consent.givenOn, takenBy: consent.takenBy, purposes: consent.purposes })),
    places: source.placeNames,
    possibleDuplicates: may.reviewDuplicates
      ? source.possibleDuplicates.map((pair) => ({ id: pair.id, reasons: pair.reasons, otherCase: pair.otherCase }))
      : [],
    timeline: source.timeline.map((entry) => ({
      id: entry.id,
      at: entry.at,
      action: entry.action,
      entityType: entry.entityType,
      userName: entry.userName,
      note: entry.note,
    })),
  };
}

export function pseudonymisedCaseFile(source: CaseFileSource, released: ReleasedQuasiIdentifiers) {
  const { case: kase, business } = source;
  return {
    audience: "pseudonymised" as const,
    case: {
      id: kase.id,
      caseCode: kase.caseCode,
      stage: kase.stage,
      status: kase.status,
      eligibility: kase.eligibility,
      vulnerabilityScore: kase.vulnerabilityScore,
      applicationMonth: monthOf(kase.applicationDate),
    },
    programme: { code: source.programme.code, currency: source.programme.currency },
    released: {
      withheld: released.withheld,
      placeLevel: released.placeLevel,
      placePcode: released.placePcode,
      sex: released.sex,
      ageBand: released.ageBand,
      displacementStatus: released.displacementStatus,
    },
    // The sector as a KVED section: a class with a registration date finds a sole proprietor in
    // the public register.
    business: business
      ? {
          kind: business.kind,
          kvedSection: source.kvedSection,
          requestedModality: business.requestedModality,
          requestedAmountMinor: business.requestedAmountMinor,
          coContributionMinor: business.coContributionMinor,
          baselineMonthlyRevenueMinor: business.baselineMonthlyRevenueMinor,
          baselineMonthlyNetIncomeMinor: business.baselineMonthlyNetIncomeMinor,
          currency: business.currency,
        }
      : null,
    screenings: source.screenings.map((screening) => ({
      month: monthOf(screening.screenedOn),
      eligible: screening.eligible,
      // That an officer admitted the applicant, not why (the reason is free text).
      overridden: screening.overrideReason !== null,
      ruleResults: (screening.ruleResults as RuleResult[]).map((result) => ({ rule: result.rule, passed: result.passed })),
      vulnerabilityScore: screening.vulnerabilityScore,
    })),
    timeline: source.timeline.map((entry) => ({ month: monthOf(entry.at), action: entry.action, entityType: entry.entityType })),
    places: released.placePcode && source.placeNames[released.placePcode] ? { [released.placePcode]: source.placeNames[released.placePcode] } : {},
  };
}

export type StaffCaseFile = ReturnType<typeof staffCaseFile>;
export type PseudonymisedCaseFile = ReturnType<typeof pseudonymisedCaseFile>;
