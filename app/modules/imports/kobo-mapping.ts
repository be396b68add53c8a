/**
 * Column and choice mappings of a partner's KoboToolbox form onto our applicant form (domain.md
 * §1 "import from a Kobo form"). Pure: no database, no request, so the mapping page, the import
 * and the tests share it, and it stays importable in the browser (hashing lives in
 * form-key.server.ts, place lookups in kobo-import.server.ts).
 *
 * Kobo exports use "XML values and headers": columns are question names prefixed by their groups
 * (`ben_det/ben_det_surname`), choices are the choice names (`idp`, `long_res`), a select_multiple
 * question comes as its answer (`activities`: "sewing_repair retail") and one 0/1 column per
 * option (`activities/sewing_repair`), and Kobo adds its own columns (`_uuid`, `_submission_time`,
 * `_validation_status`, `start`, `end`, `today`…). A form we did not design never asks some of
 * our questions: those fields stay "not collected", never filled with a value typed for all rows.
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
import { suggestActivityKved } from "./activities";

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

/** Record ids of our own database: chosen on the page, never read from a partner's file. */
export const constantOnlyFields = ["programmeId", "partnerOrganisationId", "mentorId"] as const;

/**
 * A column that is no field of our form: the applicant's age in years at the interview. It checks
 * the birth date an RNOKPP encodes, and gives an approximate birth year where there is neither.
 */
export const ageColumn = "age" as const;

export type ColumnField = Exclude<ApplicantField, (typeof constantOnlyFields)[number]> | typeof ageColumn;

/** Fields a column can fill. */
export const columnFields: ColumnField[] = [
  ...applicantFields.filter((field): field is Exclude<ApplicantField, (typeof constantOnlyFields)[number]> => !(constantOnlyFields as readonly string[]).includes(field)),
  ageColumn,
];

/**
 * Fields one value may fill for every row: facts about the collection (the programme, who took
 * the consent and for what, who referred the applicants, who follows them), never about a person.
 * A question the form never asked stays "not collected" instead.
 */
export const constantFields = ["programmeId", "consentTakenBy", "consentPurposes", "referralSource", "partnerOrganisationId", "mentorId"] as const;
export type ConstantField = (typeof constantFields)[number];

export function isConstantField(field: string): field is ConstantField {
  return (constantFields as readonly string[]).includes(field);
}

/** Fields the mapping must fill before a dry run: what registering a person needs. */
export const registrationMappingFields = ["programmeId", "applicationDate", "surname", "firstName", "consentGivenOn", "consentTakenBy", "consentPurposes"] as const;

/** A person is identified by RNOKPP or passport, or reached by phone (domain.md §2). */
export const identityFields = ["rnokpp", "passportNumber", "phone"] as const satisfies readonly ApplicantField[];

/** A place of residence: the oblast, or a hromada (which names its oblast). */
export const placeColumnFields = ["currentOblastPcode", "currentHromadaPcode"] as const satisfies readonly ApplicantField[];

/** Hromadas may come as P-codes or as names (matched through the COD-AB table). */
export const hromadaFields = ["currentHromadaPcode", "originHromadaPcode"] as const;
export type HromadaField = (typeof hromadaFields)[number];

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

/**
 * What a file value may be mapped to besides one of ours: "leave empty" (the row lacks the
 * field, to be completed later) or "not collected" (the question did not really ask it, e.g. an
 * `other` or "prefer not to say"). Neither is a value of ours, so they start with ":".
 */
export const leaveEmpty = ":empty";
export const notCollected = ":not_collected";
export const noValueChoices = [leaveEmpty, notCollected] as const;

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
    startup: ["start_up", "new", "new_business", "startup_business", "planned", "idea", "business_idea", "нова", "новий", "новий_бізнес", "ідея"],
    existing: ["existing_business", "operating", "current", "active", "running", "діючий", "діючий_бізнес", "існуючий"],
  }),
  legalForm: table({
    fop_1: ["fop1", "фоп_1", "фоп1"],
    fop_2: ["fop2", "фоп_2", "фоп2"],
    fop_3: ["fop3", "фоп_3", "фоп3"],
    fop_4: ["fop4", "фоп_4", "фоп4"],
    // A sole proprietor whose tax group the form did not ask.
    fop_unknown: ["fop", "фоп", "sole_proprietor", "sole_trader", "individual_entrepreneur", "private_entrepreneur", "фізична_особа_підприємець"],
    private_enterprise: ["pp", "пп", "private", "приватне_підприємство"],
    llc: ["tov", "тов", "ltd", "limited_liability_company"],
    farming_enterprise: ["farm", "farming", "fg", "фг", "фермерське_господарство"],
    family_farm: ["sfg", "сфг", "family_farming", "сімейне_фермерське_господарство"],
    not_registered: ["unregistered", "informal", "none", "no", "not_yet", "незареєстрований", "не_зареєстровано"],
  }),
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

/** Import only the rows whose `column` holds one of `values` (compared as choices are). */
export type RowFilter = { column: string; values: string[] };

/** A column kept with each application as an extra answer, under the label the officer gave. */
export type ExtraColumn = { label: string; freeText: boolean };

/**
 * Who follows the imported cases: nobody yet (officers), one partner NGO (the constant
 * `partnerOrganisationId`), or the partner NGO that covers each row's oblast.
 */
export const partnerAssignments = ["none", "organisation", "by_oblast"] as const;
export type PartnerAssignment = (typeof partnerAssignments)[number];

export type KoboMapping = {
  /** Which file column fills each of our fields. */
  columns: Partial<Record<ColumnField, string>>;
  /** File value → our value, per choice field; "" marks a value left unmapped (its row stops). */
  choices: Partial<Record<ChoiceField, Record<string, string>>>;
  /** Values for every row that has none of its own: the programme, who took consent… */
  constants: Partial<Record<ConstantField, string>>;
  /** Hromadas written as names → P-code, or leaveEmpty (the officer's choice where the match is unsure). */
  places: Record<string, string>;
  /** The form's activity categories → KVED class, or leaveEmpty/notCollected. */
  activities: Record<string, string>;
  filters: RowFilter[];
  /** Columns kept as extra answers (by header); columns not listed are not kept. */
  extras: Record<string, ExtraColumn>;
  partnerAssignment: PartnerAssignment;
};

export const emptyMapping = (): KoboMapping => ({
  columns: {},
  choices: {},
  constants: {},
  places: {},
  activities: {},
  filters: [],
  extras: {},
  partnerAssignment: "none",
});

// ---------------------------------------------------------------------------------------------
// Columns of the export

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

/** Meta columns that hold the interview's date: when it started, ended, the day, the upload. */
export const dateMetaColumns = ["today", "start", "end", "_submission_time"] as const;

/**
 * The 0/1 columns Kobo adds for each option of a select_multiple question (`activities/retail`
 * beside `activities`): the question's own column has the answer, so these are neither offered
 * for mapping nor kept as extra answers.
 */
export function optionColumns(headers: readonly string[]): Set<string> {
  const all = new Set(headers.map((header) => header.trim()));
  const options = new Set<string>();
  for (const header of headers) {
    const slash = header.lastIndexOf("/");
    if (slash > 0 && all.has(header.slice(0, slash).trim())) options.add(header);
  }
  return options;
}

/** The columns a person can choose from: questions, without meta and per-option columns. */
export function questionColumns(headers: readonly string[]): string[] {
  const options = optionColumns(headers);
  return headers.filter((header) => !isMetaColumn(header) && !options.has(header));
}

/**
 * What identifies a form: its question columns, sorted (Kobo may reorder columns between
 * exports, and meta columns vary with export settings). formKey() hashes it on the server.
 */
export function formSignature(headers: readonly string[]): string {
  return [...new Set(headers.filter((header) => !isMetaColumn(header)).map((header) => header.trim()))].sort().join("\n");
}

// ---------------------------------------------------------------------------------------------
// Guessing the mapping from the question names

/**
 * The words of a question name or label: `ben_det_surname` → ben, det, surname; `phNumber` → ph,
 * number; "Прізвище заявника" → прізвище, заявника. Apostrophes are dropped (ім'я → імя).
 */
export function nameWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLocaleLowerCase("uk")
    .replace(/['’ʼ`]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

// The words of each field's question as partner forms name it (English, abbreviations,
// Ukrainian labels), best first. A field matches a column whose last segment contains one of
// these word sequences; a match on the whole name beats one at its end, which beats one inside.
// prettier-ignore
const fieldWords: Partial<Record<ColumnField, string[]>> = {
  applicationDate: ["application date", "date of application", "interview date", "date interview", "date of interview", "дата заяви", "дата інтерв'ю", "дата опитування"],
  surname: ["surname", "last name", "lastname", "family name", "прізвище"],
  firstName: ["first name", "firstname", "given name", "name first", "імя"],
  patronymic: ["patronymic", "middle name", "father name", "по батькові"],
  latinName: ["latin name", "name latin", "name en", "name passport"],
  sex: ["sex", "gender", "стать"],
  birthDate: ["dob", "birth date", "birthdate", "date of birth", "date birth", "дата народження"],
  age: ["age", "вік", "age years", "повних років"],
  noRnokpp: ["no rnokpp", "no ipn", "no tax id", "rnokpp refused"],
  rnokpp: ["rnokpp", "ipn", "tax id", "taxid", "inn", "itn", "tin", "tax number", "рнокпп", "іпн", "ідентифікаційний код"],
  passportNumber: ["passport number", "passport no", "passport", "паспорт"],
  phone: ["phone", "phone number", "ph number", "ph num", "ph no", "mobile", "mobile phone", "telephone", "tel", "contact phone", "contact number", "телефон"],
  consentGivenOn: ["consent date", "consent given on", "date consent", "дата згоди"],
  consentTakenBy: ["consent taken by", "interviewer", "enumerator", "enumerator name", "staff name", "хто отримав згоду", "інтерв'юер"],
  consentPurposes: ["consent purposes", "consent purpose"],
  referralSource: ["referral source", "referral", "referred by", "source of referral", "джерело направлення"],
  displacementStatus: ["displacement status", "idp status", "residency status", "residence status", "res status", "res stat", "status displacement", "статус переміщення"],
  idpCertificateNumber: ["idp certificate number", "idp cert number", "idp cert no", "idp certificate", "certificate number", "cert number", "номер довідки"],
  idpCertificateDate: ["idp certificate date", "idp cert date", "certificate date", "cert date", "дата довідки"],
  currentOblastPcode: ["current oblast", "oblast current", "oblast", "region", "область"],
  currentHromadaPcode: ["current hromada", "hromada current", "hromada", "territorial community", "громада"],
  originOblastPcode: ["origin oblast", "oblast origin", "oblast of origin", "previous oblast", "область походження"],
  originHromadaPcode: ["origin hromada", "hromada origin", "hromada of origin", "previous hromada", "громада походження"],
  householdSize: ["household size", "hh size", "household members", "hh members", "family size", "розмір домогосподарства"],
  children: ["children", "hh children", "number of children", "num children", "children count", "діти", "дітей"],
  olderMembers: ["older members", "elderly", "hh elderly", "older persons"],
  membersWithDisability: ["members with disability", "hh disabled", "disabled members", "hh disability"],
  monthlyHouseholdIncomeMinor: ["monthly household income", "household income", "hh income", "monthly income"],
  wg_seeing: ["wg seeing", "seeing", "difficulty seeing"],
  wg_hearing: ["wg hearing", "hearing", "difficulty hearing"],
  wg_walking: ["wg walking", "walking", "mobility", "difficulty walking"],
  wg_remembering: ["wg remembering", "remembering", "cognition", "difficulty remembering"],
  wg_selfCare: ["wg self care", "self care", "selfcare"],
  wg_communicating: ["wg communicating", "communicating", "communication"],
  femaleHeaded: ["female headed", "female headed household", "fhh"],
  singleParent: ["single parent"],
  veteranOrFamily: ["veteran or family", "veteran family", "veteran"],
  protectionFlag: ["protection flag", "protection vulnerability"],
  protectedCategory: ["protected category", "protection category"],
  businessKind: ["business kind", "business type", "business status", "startup or existing", "existing business", "тип бізнесу"],
  businessName: ["business name", "enterprise name", "company name", "ent name", "назва бізнесу", "назва підприємства"],
  legalForm: ["legal form", "legal status", "ownership form", "org form", "правова форма", "організаційно правова форма"],
  kvedCode: ["kved", "kved code", "nace", "nace code", "activity code", "activity category", "activity cat", "activity type", "business activity", "main activity", "business sector", "sector", "квед", "вид діяльності", "activity"],
  registrationDate: ["registration date", "business registration date", "date registered", "reg date", "дата реєстрації"],
  baselineMonthlyRevenueMinor: ["monthly revenue", "baseline revenue", "revenue", "turnover", "виручка"],
  baselineMonthlyNetIncomeMinor: ["monthly net income", "baseline net income", "net income", "profit", "чистий дохід"],
  requestedModality: ["requested modality", "modality", "grant modality", "grant type", "support type"],
  requestedAmountMinor: ["requested amount", "amount requested", "grant amount", "requested grant", "amount", "запитана сума"],
  coContributionMinor: ["co contribution", "own contribution", "contribution", "власний внесок"],
};

const personFields = new Set<ColumnField>(["surname", "firstName", "patronymic", "latinName", "sex", "birthDate", "age", "rnokpp", "passportNumber", "phone", "noRnokpp"]);
// A name, phone or number of someone else than the applicant: the household head, a family
// member, a contact person, the enterprise.
const otherPersonWords = new Set(["hh", "head", "household", "spouse", "member", "members", "child", "relative", "referee", "ent", "enterprise", "business", "company", "org", "голова", "член", "підприємства"]);
// Words that say a place is the one the applicant came from.
const originWords = new Set(["origin", "previous", "before", "from", "prev", "походження", "попереднє"]);

type DescribedColumn = { header: string; words: string[]; groupWords: string[]; meta: boolean };

/** How well a field's words fit a column: 3 the whole name, 2 its end, 1 inside it, 0 not. */
function fitScore(columnWords: readonly string[], wanted: readonly string[]): number {
  if (wanted.length > columnWords.length) return 0;
  let best = 0;
  for (let start = 0; start + wanted.length <= columnWords.length; start++) {
    if (wanted.every((word, offset) => columnWords[start + offset] === word)) {
      const score = wanted.length === columnWords.length ? 3 : start + wanted.length === columnWords.length ? 2 : 1;
      best = Math.max(best, score);
    }
  }
  return best;
}

function describe(header: string): DescribedColumn {
  const segments = header.split("/").map((segment) => segment.trim());
  return {
    header,
    words: nameWords(segments[segments.length - 1] ?? ""),
    groupWords: nameWords(segments.slice(0, -1).join(" ")),
    meta: isMetaColumn(header),
  };
}

// Meta columns each field may take by itself, best first: the interview's day for the dates
// (never _submission_time, which is when the form reached the server, often days later), the
// enumerator's account for who took consent.
const metaCandidates: Partial<Record<ColumnField, readonly string[]>> = {
  applicationDate: ["today", "start", "end"],
  consentGivenOn: ["today", "start", "end"],
  consentTakenBy: ["username", "_submitted_by"],
};

/** A hint for the free-text check of extra answers: a question name that asks for free text. */
const freeTextWords = new Set(["comment", "comments", "note", "notes", "other", "specify", "describe", "description", "explain", "why", "email", "mail", "address", "name", "коментар", "інше", "опишіть"]);

// Kobo writes a choice as its name (`sewing_repair`), numbers as digits: anything else (letters
// of a language, spaces, "@") was typed by someone. Many distinct answers say so too.
const choiceLikeAnswer = /^[A-Za-z0-9_.-]+( [A-Za-z0-9_.-]+)*$/;
const maxChoiceAnswers = 40;

/** Whether a column's answers look typed by hand rather than chosen from a list. */
export function answersLookFree(rows: ReadonlyArray<Record<string, string>>, column: string): boolean {
  const distinct = new Set<string>();
  for (const row of rows) {
    const value = (row[column] ?? "").trim();
    if (!value) continue;
    if (!choiceLikeAnswer.test(value)) return true;
    distinct.add(value);
    if (distinct.size > maxChoiceAnswers && !/^\d+([.,]\d+)?$/.test(value)) return true;
  }
  return false;
}

/** The label an extra answer gets by default: its question name as words. */
export function defaultExtraLabel(header: string): string {
  const segments = header.split("/");
  const words = nameWords(segments.pop() ?? header);
  // Without the prefix that repeats the group's name: ben_det/ben_det_email → "Email".
  const groupWords = new Set(nameWords(segments.join(" ")));
  while (words.length > 1 && groupWords.has(words[0])) words.shift();
  const text = words.join(" ");
  return text ? text.charAt(0).toLocaleUpperCase("uk") + text.slice(1) : header;
}

/**
 * Guesses the mapping from the columns: each field takes the column whose last name segment (or,
 * in a label export, whose label) best contains the field's words, so `ben_det/ben_det_surname`
 * → surname, `ph_number` → phone, `tax_id_num` → RNOKPP; each column fills one field. Per-option
 * 0/1 columns are never taken, meta columns only for the dates and who took consent. The
 * application and consent dates default to the interview's day (`today`/`start`). Columns left
 * over are kept as extra answers; a consent question suggests a row filter (consent = yes).
 */
export function suggestMapping(headers: readonly string[], rows?: ReadonlyArray<Record<string, string>>): KoboMapping {
  const mapping = emptyMapping();
  const options = optionColumns(headers);
  const described = headers.filter((header) => !options.has(header)).map(describe);
  const used = new Set<string>();
  type Candidate = { field: ColumnField; column: DescribedColumn; score: number; rank: number };
  const candidates: Candidate[] = [];
  for (const [field, phrases] of Object.entries(fieldWords) as Array<[ColumnField, string[]]>) {
    phrases.forEach((phrase, rank) => {
      const wanted = nameWords(phrase);
      for (const column of described) {
        if (column.meta) continue;
        const score = fitScore(column.words, wanted);
        if (score === 0) continue;
        if (personFields.has(field) && [...column.words, ...column.groupWords].some((word) => otherPersonWords.has(word) && !wanted.includes(word))) continue;
        const currentField = field === "currentOblastPcode" || field === "currentHromadaPcode";
        if (currentField && [...column.words, ...column.groupWords].some((word) => originWords.has(word))) continue;
        candidates.push({ field, column, score, rank });
      }
    });
  }
  for (const column of described) {
    if (column.meta || !column.groupWords.some((word) => originWords.has(word))) continue;
    // A plain "oblast" or "hromada" inside an origin group is the place of origin.
    if (fitScore(column.words, ["oblast"]) > 0) candidates.push({ field: "originOblastPcode", column, score: 3, rank: 0 });
    if (fitScore(column.words, ["hromada"]) > 0) candidates.push({ field: "originHromadaPcode", column, score: 3, rank: 0 });
  }
  // A bare "status" is the displacement status inside a displacement group only.
  for (const column of described) {
    if (!column.meta && column.words.join(" ") === "status" && column.groupWords.some((word) => /displac|idp|впо|переміщ/.test(word))) {
      candidates.push({ field: "displacementStatus", column, score: 3, rank: 0 });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.rank - b.rank || headers.indexOf(a.column.header) - headers.indexOf(b.column.header));
  for (const candidate of candidates) {
    if (mapping.columns[candidate.field] || used.has(candidate.column.header)) continue;
    mapping.columns[candidate.field] = candidate.column.header;
    used.add(candidate.column.header);
  }
  for (const [field, metaNames] of Object.entries(metaCandidates) as Array<[ColumnField, readonly string[]]>) {
    if (mapping.columns[field]) continue;
    // A meta column left empty by the export (anonymous submissions have no _submitted_by) fills nothing.
    const filled = (header: string) => rows === undefined || rows.some((row) => (row[header] ?? "").trim() !== "");
    const column = metaNames.map((name) => headers.find((header) => header.trim().toLowerCase() === name && filled(header))).find(Boolean);
    if (column) mapping.columns[field] = column;
  }
  // Without a consent date of its own, consent was taken at the interview.
  if (!mapping.columns.consentGivenOn && mapping.columns.applicationDate) mapping.columns.consentGivenOn = mapping.columns.applicationDate;
  // Partner NGOs' own forms: the referral source and the registration purpose are known.
  if (!mapping.columns.referralSource) mapping.constants.referralSource = "partner_ngo";
  if (!mapping.columns.consentPurposes) mapping.constants.consentPurposes = "registration";
  // A yes/no consent question: import only those who consented.
  const consentColumn = described.find((column) => !column.meta && !used.has(column.header) && (column.words.includes("consent") || column.words.includes("згода")) && column.words.length <= 3);
  if (consentColumn) {
    mapping.filters.push({ column: consentColumn.header, values: ["yes"] });
    used.add(consentColumn.header);
  }
  for (const column of described) {
    if (column.meta || used.has(column.header)) continue;
    const freeText = column.words.some((word) => freeTextWords.has(word)) || (rows !== undefined && answersLookFree(rows, column.header));
    mapping.extras[column.header] = { label: defaultExtraLabel(column.header), freeText };
  }
  return mapping;
}

/**
 * Problems that keep the mapping from registering anyone, as our field names: a required field
 * with neither a column nor a constant; "rnokpp" stands for "an RNOKPP, a passport or a phone
 * column", "currentOblastPcode" for "an oblast or hromada column".
 */
export function missingRequiredFields(mapping: KoboMapping): Array<ApplicantField> {
  const column = (field: ColumnField) => Boolean(mapping.columns[field]?.trim());
  const constant = (field: string) => isConstantField(field) && Boolean(mapping.constants[field]?.trim());
  const missing: ApplicantField[] = registrationMappingFields.filter((field) => !column(field as ColumnField) && !constant(field));
  if (!identityFields.some(column)) missing.push("rnokpp");
  if (!placeColumnFields.some(column)) missing.push("currentOblastPcode");
  if (mapping.partnerAssignment === "organisation" && !mapping.constants.partnerOrganisationId) missing.push("partnerOrganisationId");
  return missing;
}

/**
 * Fields the form never asked: no column and no constant. Applications from it list them as not
 * collected (never as "no" or zero). Our record ids and the "no RNOKPP" tick are not questions.
 */
export function fieldsNotCollected(mapping: KoboMapping): ApplicantField[] {
  return applicantFields.filter(
    (field) =>
      !(constantOnlyFields as readonly string[]).includes(field) &&
      field !== "noRnokpp" &&
      !mapping.columns[field as ColumnField]?.trim() &&
      !(isConstantField(field) && mapping.constants[field]?.trim()),
  );
}

// ---------------------------------------------------------------------------------------------
// Applying a mapping to one row

export type FormValues = Record<string, string | string[]>;
export type UnmappedChoice = { field: ChoiceField | "kvedCode"; value: string };

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

/** A value looked up in one of the officer's tables: exactly, then as a normalised choice. */
function lookUp(tableOfValues: Record<string, string> | undefined, value: string): string | undefined {
  if (!tableOfValues) return undefined;
  if (Object.hasOwn(tableOfValues, value)) return tableOfValues[value];
  const key = normaliseChoice(value);
  for (const [fileValue, ours] of Object.entries(tableOfValues)) {
    if (normaliseChoice(fileValue) === key) return ours;
  }
  return undefined;
}

/** Our value for a file value: the officer's table first, then ours as written, then the defaults. */
function mapChoice(mapping: KoboMapping, field: ChoiceField, value: string): string | undefined {
  const explicit = lookUp(mapping.choices[field], value);
  if (explicit !== undefined) return explicit || undefined;
  const ours = choiceOptions[field] as readonly string[];
  if (ours.includes(value)) return value;
  return suggestChoice(field, value);
}

/** The KVED class (or a no-value choice) of an activity: a code as written, the officer's table, a suggestion. */
export function mapActivity(mapping: KoboMapping, value: string): string | undefined {
  const explicit = lookUp(mapping.activities, value);
  if (explicit !== undefined) return explicit || undefined;
  return suggestActivityKved(value);
}

/** The parts of a select_multiple answer, or the whole answer when it is free text. */
export function answerParts(value: string): string[] {
  const parts = value.trim().split(/\s+/);
  return parts.length > 1 && parts.every((part) => /^[A-Za-z0-9_.-]+$/.test(part)) ? parts : [value.trim()];
}

export type MappedRow = {
  values: FormValues;
  /** Values no table translates, passed on unchanged in `values` for the caller to report. */
  unmapped: UnmappedChoice[];
  /** Fields whose answer was mapped to "not collected" in this row. */
  notCollected: ApplicantField[];
  /** Hromadas written as names, to be matched to P-codes (kobo-import.server.ts). */
  placeNames: Partial<Record<HromadaField, string>>;
  /** The age column's cell, when there is one. */
  age?: string;
};

const hromadaPcodePattern = /^UA\d{7}$/i;

/**
 * One row of the file as the applicant form would submit it. Empty cells are left out (as a form
 * leaves out empty inputs), so a constant fills them where one is set; a value no choice table
 * knows is passed on unchanged, for the caller to report; a choice or activity mapped to "leave
 * empty" or "not collected" leaves the field out.
 */
export function mapRow(mapping: KoboMapping, row: Record<string, string>): MappedRow {
  const values: FormValues = {};
  const unmapped: UnmappedChoice[] = [];
  const notCollectedHere: ApplicantField[] = [];
  const placeNames: MappedRow["placeNames"] = {};
  for (const field of applicantFields) {
    const column = (constantOnlyFields as readonly string[]).includes(field) ? undefined : mapping.columns[field as ColumnField];
    const cell = column ? (row[column] ?? "").trim() : "";
    const raw = cell !== "" ? cell : isConstantField(field) ? (mapping.constants[field] ?? "").trim() : "";
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
        } else if (ours === notCollected) {
          if (!notCollectedHere.includes(field)) notCollectedHere.push(field);
        } else if (ours !== leaveEmpty && (ours !== "false" || !(choiceOptions[field] as readonly string[]).includes("false"))) {
          mapped.push(ours);
        }
      }
      // A "no" is an unticked checkbox: the form sends nothing.
      if (mapped.length === 0) continue;
      values[field] = multiple ? mapped : mapped[0];
    } else if (field === "currentHromadaPcode" || field === "originHromadaPcode") {
      if (hromadaPcodePattern.test(raw)) values[field] = raw.toUpperCase();
      else placeNames[field] = raw;
    } else if (field === "kvedCode") {
      // An activity category (select_one, or the first mapped answer of a select_multiple).
      let found: string | undefined;
      for (const part of answerParts(raw)) {
        const kved = mapActivity(mapping, part);
        if (kved === undefined) unmapped.push({ field: "kvedCode", value: part });
        else if (kved === notCollected) {
          if (!notCollectedHere.includes("kvedCode")) notCollectedHere.push("kvedCode");
        } else if (kved !== leaveEmpty && found === undefined) found = kved;
      }
      if (found !== undefined) values.kvedCode = found;
      else if (unmapped.some((entry) => entry.field === "kvedCode")) values.kvedCode = raw;
    } else {
      values[field] = raw;
    }
  }
  const ageCell = mapping.columns.age ? (row[mapping.columns.age] ?? "").trim() : "";
  return { values, unmapped, notCollected: notCollectedHere, placeNames, ...(ageCell ? { age: ageCell } : {}) };
}

/** A form-like record of one row (the values of mapRow). */
export function applyMapping(mapping: KoboMapping, row: Record<string, string>): FormValues {
  return mapRow(mapping, row).values;
}

// Kobo writes the validation status as its uid ("validation_status_approved"), in some exports
// inside a JSON object; a filter may say just "approved".
function filterValue(cell: string): string {
  let text = cell.trim();
  if (text.startsWith("{")) {
    const uid = /"uid"\s*:\s*"([^"]*)"/.exec(text);
    text = uid ? uid[1] : text;
  }
  return normaliseChoice(text).replace(/^validation_status_/, "");
}

/** Whether a row passes the mapping's filters (every filter must hold). */
export function rowPassesFilters(filters: readonly RowFilter[], row: Record<string, string>): boolean {
  return filters.every((filter) => {
    const wanted = filter.values.map(filterValue).filter(Boolean);
    return wanted.length === 0 || wanted.includes(filterValue(row[filter.column] ?? ""));
  });
}

/** The Kobo submission id of a row: `_uuid`, else `meta/instanceID` without its "uuid:" prefix. */
export function submissionUuid(row: Record<string, string>): string | null {
  const uuid = row._uuid?.trim() || row["meta/instanceID"]?.trim() || "";
  return uuid.replace(/^uuid:/i, "") || null;
}
