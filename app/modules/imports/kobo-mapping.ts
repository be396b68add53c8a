/**
 * Column and choice mappings of a partner's KoboToolbox form onto our applicant form (domain.md
 * §1 "import from a Kobo form"). Pure: no database, no request, so the mapping page, the import
 * and the tests share it, and it stays importable in the browser (hashing lives in
 * kobo-import.server.ts).
 *
 * Kobo exports use "XML values and headers": columns are question names prefixed by their groups
 * (`applicant/surname`), choices are the choice names (`idp`, `long_res`), and meta columns start
 * with "_" (`_uuid`, `_submission_time`, `_id`, `_index`).
 */
import type { z } from "zod";
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
import type { applicantSchema } from "~/modules/intake/schema";
import { wgAnswers } from "~/modules/intake/washington-group";

export type ApplicantField = keyof z.input<typeof applicantSchema>;

/** Every field of the applicant form (the mapping page groups them: field-sections.ts). */
export const applicantFields = [
  "programmeId",
  "applicationDate",
  "surname",
  "firstName",
  "patronymic",
  "latinName",
  "sex",
  "birthDate",
  "noRnokpp",
  "rnokpp",
  "passportNumber",
  "phone",
  "consentGivenOn",
  "consentTakenBy",
  "consentPurposes",
  "referralSource",
  "displacementStatus",
  "idpCertificateNumber",
  "idpCertificateDate",
  "currentOblastPcode",
  "currentHromadaPcode",
  "originOblastPcode",
  "originHromadaPcode",
  "householdSize",
  "children",
  "olderMembers",
  "membersWithDisability",
  "monthlyHouseholdIncomeMinor",
  "wg_seeing",
  "wg_hearing",
  "wg_walking",
  "wg_remembering",
  "wg_selfCare",
  "wg_communicating",
  "femaleHeaded",
  "singleParent",
  "veteranOrFamily",
  "protectionFlag",
  "protectedCategory",
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
  "partnerOrganisationId",
  "mentorId",
] as const satisfies readonly ApplicantField[];

/** Record ids of our own database: chosen as constants, never read from a partner's file. */
export const constantOnlyFields = ["programmeId", "partnerOrganisationId", "mentorId"] as const;

/** Fields a column can fill. */
export const columnFields = applicantFields.filter(
  (field) => !(constantOnlyFields as readonly string[]).includes(field),
) as Array<Exclude<ApplicantField, (typeof constantOnlyFields)[number]>>;

/**
 * Fields every row needs (the form requires them): each must have a column or a constant before
 * an import may run. RNOKPP or a passport number is checked separately (identityFields).
 */
export const requiredFields = [
  "programmeId",
  "applicationDate",
  "surname",
  "firstName",
  "sex",
  "birthDate",
  "consentGivenOn",
  "consentTakenBy",
  "consentPurposes",
  "referralSource",
  "displacementStatus",
  "currentOblastPcode",
  "householdSize",
  "children",
  "olderMembers",
  "membersWithDisability",
  "businessKind",
  "requestedModality",
  "requestedAmountMinor",
] as const satisfies readonly ApplicantField[];

/** A person is identified by RNOKPP or, without one, by passport (domain.md §2). */
export const identityFields = ["rnokpp", "passportNumber"] as const satisfies readonly ApplicantField[];

export const dateFields = [
  "applicationDate",
  "birthDate",
  "consentGivenOn",
  "idpCertificateDate",
  "registrationDate",
] as const satisfies readonly ApplicantField[];

// ---------------------------------------------------------------------------------------------
// Choices

/** ADM1 units (OCHA COD-AB, as in db/migrations/0001): the values oblast choices map to. */
export const oblasts = [
  { pcode: "UA01", nameEn: "Autonomous Republic of Crimea", nameUk: "Автономна Республіка Крим", short: ["crimea", "ar_crimea", "arc", "krym", "крим", "ар_крим"] },
  { pcode: "UA05", nameEn: "Vinnytska", nameUk: "Вінницька", short: ["vinnytsia", "vinnytsya", "vinnitsa", "вінниця"] },
  { pcode: "UA07", nameEn: "Volynska", nameUk: "Волинська", short: ["volyn", "lutsk", "волинь"] },
  { pcode: "UA12", nameEn: "Dnipropetrovska", nameUk: "Дніпропетровська", short: ["dnipro", "dnipropetrovsk", "дніпро"] },
  { pcode: "UA14", nameEn: "Donetska", nameUk: "Донецька", short: ["donetsk", "донецьк"] },
  { pcode: "UA18", nameEn: "Zhytomyrska", nameUk: "Житомирська", short: ["zhytomyr", "житомир"] },
  { pcode: "UA21", nameEn: "Zakarpatska", nameUk: "Закарпатська", short: ["zakarpattia", "zakarpattya", "transcarpathia", "uzhhorod", "закарпаття"] },
  { pcode: "UA23", nameEn: "Zaporizka", nameUk: "Запорізька", short: ["zaporizhzhia", "zaporizhia", "zaporizhzhya", "запоріжжя"] },
  { pcode: "UA26", nameEn: "Ivano-Frankivska", nameUk: "Івано-Франківська", short: ["ivano_frankivsk", "івано_франківськ"] },
  { pcode: "UA32", nameEn: "Kyivska", nameUk: "Київська", short: ["kyiv_oblast", "kyivska_oblast", "kiev_oblast", "київська_область"] },
  { pcode: "UA35", nameEn: "Kirovohradska", nameUk: "Кіровоградська", short: ["kirovohrad", "kropyvnytskyi", "кропивницький"] },
  { pcode: "UA44", nameEn: "Luhanska", nameUk: "Луганська", short: ["luhansk", "луганськ"] },
  { pcode: "UA46", nameEn: "Lvivska", nameUk: "Львівська", short: ["lviv", "львів"] },
  { pcode: "UA48", nameEn: "Mykolaivska", nameUk: "Миколаївська", short: ["mykolaiv", "миколаїв"] },
  { pcode: "UA51", nameEn: "Odeska", nameUk: "Одеська", short: ["odesa", "odessa", "одеса"] },
  { pcode: "UA53", nameEn: "Poltavska", nameUk: "Полтавська", short: ["poltava", "полтава"] },
  { pcode: "UA56", nameEn: "Rivnenska", nameUk: "Рівненська", short: ["rivne", "рівне"] },
  { pcode: "UA59", nameEn: "Sumska", nameUk: "Сумська", short: ["sumy", "суми"] },
  { pcode: "UA61", nameEn: "Ternopilska", nameUk: "Тернопільська", short: ["ternopil", "тернопіль"] },
  { pcode: "UA63", nameEn: "Kharkivska", nameUk: "Харківська", short: ["kharkiv", "kharkov", "харків"] },
  { pcode: "UA65", nameEn: "Khersonska", nameUk: "Херсонська", short: ["kherson", "херсон"] },
  { pcode: "UA68", nameEn: "Khmelnytska", nameUk: "Хмельницька", short: ["khmelnytskyi", "khmelnytskyy", "хмельницький"] },
  { pcode: "UA71", nameEn: "Cherkaska", nameUk: "Черкаська", short: ["cherkasy", "черкаси"] },
  { pcode: "UA73", nameEn: "Chernivetska", nameUk: "Чернівецька", short: ["chernivtsi", "чернівці"] },
  { pcode: "UA74", nameEn: "Chernihivska", nameUk: "Чернігівська", short: ["chernihiv", "чернігів"] },
  { pcode: "UA80", nameEn: "Kyiv", nameUk: "Київ", short: ["kyiv_city", "kiev", "kiev_city", "m_kyiv", "місто_київ", "м_київ"] },
  { pcode: "UA85", nameEn: "Sevastopol", nameUk: "Севастополь", short: ["sevastopol_city", "м_севастополь"] },
] as const;

const yesNo = ["true", "false"] as const;

/** Our values of each field whose file values are translated through a choice table. */
export const choiceOptions = {
  sex: sexes,
  displacementStatus: displacementStatuses,
  currentOblastPcode: oblasts.map((oblast) => oblast.pcode),
  originOblastPcode: oblasts.map((oblast) => oblast.pcode),
  referralSource: referralSources,
  consentPurposes: consentPurposes,
  businessKind: businessKinds,
  legalForm: legalForms,
  requestedModality: grantModalities,
  protectedCategory: protectedCategories,
  noRnokpp: yesNo,
  femaleHeaded: yesNo,
  singleParent: yesNo,
  veteranOrFamily: yesNo,
  protectionFlag: yesNo,
  wg_seeing: wgAnswers,
  wg_hearing: wgAnswers,
  wg_walking: wgAnswers,
  wg_remembering: wgAnswers,
  wg_selfCare: wgAnswers,
  wg_communicating: wgAnswers,
} satisfies Partial<Record<ApplicantField, readonly string[]>>;

export type ChoiceField = keyof typeof choiceOptions;
export const choiceFields = Object.keys(choiceOptions) as ChoiceField[];

/** Kobo select_multiple answers are the chosen names separated by spaces. */
export const multipleChoiceFields: readonly ChoiceField[] = ["consentPurposes"];

export function isChoiceField(field: string): field is ChoiceField {
  return Object.hasOwn(choiceOptions, field);
}

/** File values are compared case-blind, with spaces, hyphens, dots and underscores alike. */
export function normaliseChoice(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/['’ʼ`]/g, "")
    .replace(/[\s_\-./]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

const oblastSuffix = /_(oblast|obl|область|обл|region)$/;

function table(entries: Record<string, readonly string[]>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [ours, spellings] of Object.entries(entries)) {
    for (const spelling of [ours, ...spellings]) result[normaliseChoice(spelling)] = ours;
  }
  return result;
}

const yesNoTable = table({
  true: ["yes", "y", "1", "on", "так", "да", "checked"],
  false: ["no", "n", "0", "off", "ні", "нет"],
});

const oblastTable: Record<string, string> = (() => {
  const result: Record<string, string> = {};
  for (const oblast of oblasts) {
    for (const spelling of [oblast.pcode, oblast.nameEn, oblast.nameUk, ...oblast.short]) {
      result[normaliseChoice(spelling)] = oblast.pcode;
    }
  }
  return result;
})();

const wgTable = table({
  no_difficulty: ["no", "none", "no_diff", "немає_труднощів"],
  some_difficulty: ["some", "some_diff", "деякі_труднощі"],
  a_lot_of_difficulty: ["a_lot", "alot", "a_lot_diff", "багато_труднощів"],
  cannot_do: ["cannot", "unable", "cant_do", "не_може"],
});

/**
 * Default choice tables: the spellings partner forms use for our values. Keys are normalised
 * (normaliseChoice). Kobo's common "long_res" (long-term resident) is our host community.
 */
export const defaultChoices: Record<ChoiceField, Record<string, string>> = {
  sex: table({
    female: ["f", "w", "woman", "жінка", "жін", "ж", "жіноча"],
    male: ["m", "man", "чоловік", "чол", "ч", "чоловіча"],
  }),
  displacementStatus: table({
    idp: ["vpo", "впо", "internally_displaced", "displaced", "idps"],
    host: ["long_res", "longres", "long_term_resident", "host_community", "hc", "resident", "local", "non_displaced", "non_idp", "місцевий", "місцева", "приймаюча_громада"],
    returnee: ["ret", "returned", "returnees", "повернувся", "повернулася", "репатріант"],
    other: ["інше", "інший"],
  }),
  currentOblastPcode: oblastTable,
  originOblastPcode: oblastTable,
  referralSource: table({
    partner_ngo: ["ngo", "partner", "partner_organisation", "partner_organization", "го", "громадська_організація"],
    hotline_527: ["hotline", "527", "гаряча_лінія"],
    employment_centre: ["employment_center", "employment_service", "dcz", "центр_зайнятості"],
    local_authority: ["local_authorities", "authority", "authorities", "hromada", "municipality", "органи_влади"],
    self: ["self_referral", "self_referred", "самозвернення"],
    other: ["інше"],
  }),
  consentPurposes: table({
    registration: ["register"],
    screening: [],
    grant: [],
    follow_up: ["followup", "monitoring"],
    referral_to_partner: ["referral"],
  }),
  businessKind: table({
    startup: ["start_up", "new", "new_business", "startup_business", "нова", "новий", "новий_бізнес"],
    existing: ["existing_business", "operating", "current", "діючий", "діючий_бізнес", "існуючий"],
  }),
  legalForm: table(Object.fromEntries(legalForms.map((form) => [form, []]))),
  requestedModality: table({
    in_kind: ["inkind", "kind", "equipment", "in_kind_grant", "натуральна", "обладнання"],
    cash: ["money", "cash_grant", "cash_transfer", "грошова", "гроші"],
  }),
  protectedCategory: table(Object.fromEntries(protectedCategories.map((category) => [category, []]))),
  noRnokpp: yesNoTable,
  femaleHeaded: yesNoTable,
  singleParent: yesNoTable,
  veteranOrFamily: yesNoTable,
  protectionFlag: yesNoTable,
  wg_seeing: wgTable,
  wg_hearing: wgTable,
  wg_walking: wgTable,
  wg_remembering: wgTable,
  wg_selfCare: wgTable,
  wg_communicating: wgTable,
};

/** Our value for a file value by the default tables, or undefined when no spelling matches. */
export function suggestChoice(field: ChoiceField, value: string): string | undefined {
  const key = normaliseChoice(value);
  const defaults = defaultChoices[field];
  if (Object.hasOwn(defaults, key)) return defaults[key];
  if (field === "currentOblastPcode" || field === "originOblastPcode") {
    const stripped = key.replace(oblastSuffix, "");
    if (Object.hasOwn(defaults, stripped)) return defaults[stripped];
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The mapping

export type KoboMapping = {
  /** Which file column fills each of our fields. */
  columns: Partial<Record<ApplicantField, string>>;
  /** File value → our value, per choice field; "" marks a value deliberately left unmapped. */
  choices: Partial<Record<ChoiceField, Record<string, string>>>;
  /** Values applied to every row that has none of its own (programme, who took consent…). */
  constants: Partial<Record<ApplicantField, string>>;
};

export const emptyMapping = (): KoboMapping => ({ columns: {}, choices: {}, constants: {} });

const metaColumnNames = new Set(["start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "audit", "instanceid"]);

/** Kobo's own columns (submission metadata), not questions of the partner's form. */
export function isMetaColumn(header: string): boolean {
  const lower = header.trim().toLowerCase();
  const lastSegment = lower.split("/").pop() ?? lower;
  return (
    lower.startsWith("_") ||
    lower.startsWith("meta/") ||
    lower.startsWith("formhub/") ||
    lastSegment.startsWith("__version") ||
    metaColumnNames.has(lower)
  );
}

/**
 * What identifies a form: its question columns, sorted (Kobo may reorder columns between
 * exports, and meta columns vary with export settings). formKey() hashes it on the server.
 */
export function formSignature(headers: readonly string[]): string {
  return [...new Set(headers.filter((header) => !isMetaColumn(header)).map((header) => header.trim()))].sort().join("\n");
}

// Spellings of each field's question name in partner forms, compared after normalisation.
const columnSynonyms: Partial<Record<ApplicantField, readonly string[]>> = {
  applicationDate: ["application_date", "date_of_application", "registration_date_applicant", "interview_date", "date", "today", "_submission_time"],
  surname: ["surname", "last_name", "lastname", "family_name", "прізвище"],
  firstName: ["first_name", "firstname", "given_name", "name_first", "імя", "ім_я"],
  patronymic: ["patronymic", "middle_name", "father_name", "по_батькові"],
  latinName: ["latin_name", "name_latin", "name_en", "name_passport"],
  sex: ["sex", "gender", "стать"],
  birthDate: ["dob", "birth_date", "birthdate", "date_of_birth", "дата_народження"],
  noRnokpp: ["no_rnokpp", "no_ipn", "no_tax_id", "rnokpp_refused"],
  rnokpp: ["rnokpp", "ipn", "tax_id", "taxid", "inn", "itn", "tax_number", "рнокпп", "іпн"],
  passportNumber: ["passport", "passport_number", "passport_no", "passport_id", "паспорт"],
  phone: ["phone", "phone_number", "mobile", "mobile_phone", "telephone", "tel", "contact_phone", "телефон"],
  consentGivenOn: ["consent_date", "consent_given_on", "date_consent", "_submission_time"],
  consentTakenBy: ["consent_taken_by", "interviewer", "enumerator", "enumerator_name"],
  consentPurposes: ["consent_purposes", "consent_purpose"],
  referralSource: ["referral_source", "referral", "referred_by", "source_of_referral"],
  displacementStatus: ["displacement_status", "idp_status", "residency_status", "status_displacement"],
  idpCertificateNumber: ["idp_certificate_number", "idp_cert_number", "idp_certificate", "idp_cert_no", "certificate_number", "cert_number"],
  idpCertificateDate: ["idp_certificate_date", "idp_cert_date", "certificate_date", "cert_date"],
  currentOblastPcode: ["current_oblast", "oblast_current", "oblast", "region"],
  currentHromadaPcode: ["current_hromada", "hromada_current", "hromada"],
  originOblastPcode: ["origin_oblast", "oblast_origin", "oblast_of_origin"],
  originHromadaPcode: ["origin_hromada", "hromada_origin", "hromada_of_origin"],
  householdSize: ["household_size", "hh_size", "household_members", "hh_members"],
  children: ["children", "hh_children", "number_of_children", "children_count"],
  olderMembers: ["older_members", "elderly", "hh_elderly", "older_persons"],
  membersWithDisability: ["members_with_disability", "hh_disabled", "disabled_members"],
  monthlyHouseholdIncomeMinor: ["monthly_household_income", "household_income", "hh_income", "monthly_income"],
  wg_seeing: ["wg_seeing", "seeing"],
  wg_hearing: ["wg_hearing", "hearing"],
  wg_walking: ["wg_walking", "walking", "mobility"],
  wg_remembering: ["wg_remembering", "remembering", "cognition"],
  wg_selfCare: ["wg_self_care", "self_care", "selfcare"],
  wg_communicating: ["wg_communicating", "communicating", "communication"],
  femaleHeaded: ["female_headed", "female_headed_household", "fhh"],
  singleParent: ["single_parent"],
  veteranOrFamily: ["veteran_or_family", "veteran", "veteran_family"],
  protectionFlag: ["protection_flag", "protection_vulnerability"],
  protectedCategory: ["protected_category", "protection_category"],
  businessKind: ["business_kind", "business_type", "startup_or_existing", "business_status"],
  businessName: ["business_name", "enterprise_name"],
  legalForm: ["legal_form"],
  kvedCode: ["kved", "kved_code", "nace", "nace_code", "activity_code", "квед"],
  registrationDate: ["registration_date", "business_registration_date", "date_registered"],
  baselineMonthlyRevenueMinor: ["monthly_revenue", "baseline_revenue", "revenue"],
  baselineMonthlyNetIncomeMinor: ["monthly_net_income", "baseline_net_income", "net_income"],
  requestedModality: ["requested_modality", "modality", "grant_modality", "grant_type"],
  requestedAmountMinor: ["requested_amount", "amount", "grant_amount", "amount_requested"],
  coContributionMinor: ["co_contribution", "contribution", "own_contribution"],
};

const squash = (text: string) => normaliseChoice(text).replace(/_/g, "");

/**
 * Guesses the column of each field from the question name (the last path segment), so
 * `applicant/surname` → surname and `applicant/first_name` → firstName. Each column is used once.
 * A bare `status` counts only inside a displacement group; an `oblast` or `hromada` inside an
 * "origin" group is the place of origin. Meta columns are used only where named in the
 * synonyms (`_submission_time` for the application and consent dates).
 */
export function suggestMapping(headers: readonly string[]): KoboMapping {
  const mapping = emptyMapping();
  const used = new Set<string>();
  const described = headers.map((header) => {
    const segments = header.split("/").map((segment) => segment.trim());
    const groups = segments.slice(0, -1).join("/").toLowerCase();
    return { header, name: squash(segments[segments.length - 1] ?? ""), groups, meta: isMetaColumn(header) };
  });
  const pick = (field: ApplicantField, accept: (column: (typeof described)[number]) => boolean) => {
    for (const synonym of columnSynonyms[field] ?? []) {
      const wanted = squash(synonym);
      const column = described.find(
        (candidate) =>
          !used.has(candidate.header) &&
          candidate.name === wanted &&
          (!candidate.meta || synonym.startsWith("_") || synonym === "today") &&
          accept(candidate),
      );
      if (column) {
        mapping.columns[field] = column.header;
        // Meta columns may serve twice (the submission time dates both application and consent).
        if (!column.meta) used.add(column.header);
        return;
      }
    }
  };
  const inOriginGroup = (column: { groups: string }) => /origin|previous|before|from|походження/.test(column.groups);
  // The place of origin first, so a plain "oblast" in an origin group is not taken as current.
  pick("originOblastPcode", () => true);
  pick("originHromadaPcode", () => true);
  for (const field of ["originOblastPcode", "originHromadaPcode"] as const) {
    if (mapping.columns[field]) continue;
    const bare = field === "originOblastPcode" ? "oblast" : "hromada";
    const column = described.find((candidate) => !used.has(candidate.header) && candidate.name === bare && inOriginGroup(candidate));
    if (column) {
      mapping.columns[field] = column.header;
      used.add(column.header);
    }
  }
  for (const field of columnFields) {
    if (mapping.columns[field]) continue;
    pick(field, () => true);
  }
  if (!mapping.columns.displacementStatus) {
    const column = described.find(
      (candidate) => !used.has(candidate.header) && !candidate.meta && candidate.name === "status" && /displac|idp|впо|переміщ/.test(candidate.groups),
    );
    if (column) {
      mapping.columns.displacementStatus = column.header;
      used.add(column.header);
    }
  }
  // Partner NGOs' own forms: the referral source and the registration purpose are known.
  if (!mapping.columns.referralSource) mapping.constants.referralSource = "partner_ngo";
  if (!mapping.columns.consentPurposes) mapping.constants.consentPurposes = "registration";
  return mapping;
}

/** Required fields with neither a column nor a constant; "rnokpp" stands for "RNOKPP or passport". */
export function missingRequiredFields(mapping: KoboMapping): ApplicantField[] {
  const filled = (field: ApplicantField) => Boolean(mapping.columns[field]?.trim() || mapping.constants[field]?.trim());
  const missing: ApplicantField[] = requiredFields.filter((field) => !filled(field));
  if (!identityFields.some(filled)) missing.push("rnokpp");
  return missing;
}

// ---------------------------------------------------------------------------------------------
// Applying a mapping to one row

export type FormValues = Record<string, string | string[]>;
export type UnmappedChoice = { field: ChoiceField; value: string };

const isoDateStart = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/;
const dottedDate = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;

/**
 * A Kobo date or date-time as YYYY-MM-DD: "1985-03-07T00:00:00" and
 * "2024-03-05T10:15:00.000+02:00" are cut to the date as written; "07.03.1985" (day first, as
 * in Ukraine) is reordered. Anything else is returned unchanged for the form's date check.
 */
export function koboDate(value: string): string {
  const text = value.trim();
  const iso = isoDateStart.exec(text);
  if (iso) return iso[1];
  const dotted = dottedDate.exec(text);
  if (dotted) return `${dotted[3]}-${dotted[2].padStart(2, "0")}-${dotted[1].padStart(2, "0")}`;
  return text;
}

function mapChoice(mapping: KoboMapping, field: ChoiceField, value: string): string | undefined {
  const explicit = mapping.choices[field];
  if (explicit) {
    if (Object.hasOwn(explicit, value)) return explicit[value] || undefined;
    const key = normaliseChoice(value);
    for (const [fileValue, ours] of Object.entries(explicit)) {
      if (normaliseChoice(fileValue) === key) return ours || undefined;
    }
  }
  const ours = choiceOptions[field] as readonly string[];
  if (ours.includes(value)) return value;
  return suggestChoice(field, value);
}

/**
 * One row of the file as the applicant form would submit it, plus the choice values no table
 * translates. Empty cells are left out (as a form leaves out empty inputs), so a constant fills
 * them; a value no choice table knows is passed on unchanged, for the caller to report.
 */
export function mapRow(mapping: KoboMapping, row: Record<string, string>): { values: FormValues; unmapped: UnmappedChoice[] } {
  const values: FormValues = {};
  const unmapped: UnmappedChoice[] = [];
  for (const field of applicantFields) {
    const column = mapping.columns[field];
    const cell = column ? (row[column] ?? "").trim() : "";
    const fromFile = cell !== "";
    const raw = fromFile ? cell : (mapping.constants[field] ?? "").trim();
    if (raw === "") continue;
    if ((dateFields as readonly string[]).includes(field)) {
      values[field] = koboDate(raw);
    } else if (isChoiceField(field)) {
      const multiple = multipleChoiceFields.includes(field);
      const parts = multiple ? raw.split(/\s+/) : [raw];
      const mapped: string[] = [];
      for (const part of parts) {
        const ours = mapChoice(mapping, field, part);
        if (ours === undefined) {
          unmapped.push({ field, value: part });
          mapped.push(part);
        } else if (ours !== "false" || !(choiceOptions[field] as readonly string[]).includes("false")) {
          mapped.push(ours);
        }
      }
      // A "no" is an unticked checkbox: the form sends nothing.
      if (mapped.length === 0) continue;
      values[field] = multiple ? mapped : mapped[0];
    } else if (field === "currentHromadaPcode" || field === "originHromadaPcode") {
      values[field] = raw.toUpperCase();
    } else {
      values[field] = raw;
    }
  }
  return { values, unmapped };
}

/** A form-like record of one row, ready for applicantSchema.safeParse. */
export function applyMapping(mapping: KoboMapping, row: Record<string, string>): FormValues {
  return mapRow(mapping, row).values;
}

/** The Kobo submission id of a row: `_uuid`, else `meta/instanceID` without its "uuid:" prefix. */
export function submissionUuid(row: Record<string, string>): string | null {
  const uuid = row._uuid?.trim() || row["meta/instanceID"]?.trim() || "";
  return uuid.replace(/^uuid:/i, "") || null;
}
