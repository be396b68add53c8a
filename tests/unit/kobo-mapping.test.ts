import { describe, expect, it } from "vitest";
import {
  applicantFields,
  applyMapping,
  choiceFields,
  choiceOptions,
  emptyMapping,
  formSignature,
  isMetaColumn,
  koboDate,
  fieldsNotCollected,
  leaveEmpty,
  mapRow,
  missingRequiredFields,
  normaliseChoice,
  notCollected,
  oblasts,
  optionColumns,
  questionColumns,
  rowPassesFilters,
  submissionUuid,
  suggestChoice,
  suggestMapping,
  type KoboMapping,
} from "~/modules/imports/kobo-mapping";
import { rowReasons } from "~/modules/imports/reasons";
import { applicantSchema } from "~/modules/intake/schema";
import { koboApplicants, koboHeaders } from "../fixtures/build-fixtures";
import { partnerEoiHeaders, partnerEoiRows } from "../fixtures/partner-eoi";

describe("applicantFields", () => {
  it("lists every field of the applicant form exactly once", () => {
    expect([...applicantFields].sort()).toEqual(Object.keys(applicantSchema.shape).sort());
  });

  it("offers a choice table only for fields the form restricts to a list", () => {
    for (const field of choiceFields) expect(applicantFields).toContain(field);
  });
});

describe("isMetaColumn and formSignature", () => {
  it("recognises Kobo's meta columns", () => {
    for (const header of ["_uuid", "_submission_time", "_id", "_index", "_status", "meta/instanceID", "formhub/uuid", "__version__", "start", "end"]) {
      expect(isMetaColumn(header), header).toBe(true);
    }
    for (const header of ["applicant/surname", "displacement/status", "business/amount"]) {
      expect(isMetaColumn(header), header).toBe(false);
    }
  });

  it("is the sorted question columns, whatever the column order and meta columns", () => {
    const reordered = [...koboHeaders].reverse().filter((header) => header !== "_index");
    expect(formSignature(reordered)).toBe(formSignature(koboHeaders));
    expect(formSignature([...koboHeaders, "_validation_status", "_notes"])).toBe(formSignature(koboHeaders));
    expect(formSignature(koboHeaders).split("\n")).toEqual([
      "applicant/birth_date",
      "applicant/first_name",
      "applicant/patronymic",
      "applicant/phone",
      "applicant/rnokpp",
      "applicant/sex",
      "applicant/surname",
      "business/amount",
      "business/kved",
      "displacement/oblast",
      "displacement/status",
    ]);
  });

  it("differs when the form has another question", () => {
    expect(formSignature([...koboHeaders, "business/modality"])).not.toBe(formSignature(koboHeaders));
  });
});

describe("suggestMapping", () => {
  it("maps a partner's prefixed question names by their words, and never the upload time", () => {
    const mapping = suggestMapping(partnerEoiHeaders, partnerEoiRows);
    expect(mapping.columns).toEqual({
      applicationDate: "today",
      consentGivenOn: "today",
      consentTakenBy: "_submitted_by",
      surname: "ben_det/ben_det_surname",
      firstName: "ben_det/ben_det_first_name",
      patronymic: "ben_det/ben_det_middle_name",
      sex: "ben_det/ben_det_sex",
      age: "ben_det/ben_det_age",
      rnokpp: "ben_det/tax_id_num",
      phone: "ben_det/ph_number",
      displacementStatus: "ben_det/ben_det_res_stat",
      currentOblastPcode: "ben_det/ben_det_oblast",
      currentHromadaPcode: "ben_det/ben_det_hromada",
      householdSize: "ben_det/hh_members",
      businessName: "ent/ent_name",
      legalForm: "ent/ent_legal_form",
      businessKind: "ent/business_status",
      kvedCode: "ent/ent_activity_cat",
      requestedAmountMinor: "ent/grant_amount_req",
    });
    expect(mapping.constants).toEqual({ referralSource: "partner_ngo", consentPurposes: "registration" });
    // The consent question becomes a row filter; the other questions are kept as extra answers.
    expect(mapping.filters).toEqual([{ column: "intro/consent", values: ["yes"] }]);
    expect(mapping.extras).toEqual({
      "ben_det/ben_det_email": { label: "Email", freeText: true },
      "ben_det/hh_head": { label: "Hh head", freeText: false },
      "ben_det/civil_status": { label: "Civil status", freeText: false },
      "ent/ent_edrpou": { label: "Edrpou", freeText: false },
      "ent/ent_employees": { label: "Employees", freeText: false },
      "ent/activities": { label: "Activities", freeText: false },
      "ent/barriers": { label: "Barriers", freeText: false },
      "comments/other_comments": { label: "Other comments", freeText: true },
    });
    expect(mapping.partnerAssignment).toBe("none");
  });

  it("prefers the interview's day over the upload time, and leaves the dates unmapped without one", () => {
    expect(suggestMapping(["_submission_time", "start", "a/surname"]).columns).toMatchObject({ applicationDate: "start", consentGivenOn: "start" });
    const uploadOnly = suggestMapping(["_submission_time", "a/surname"]);
    expect(uploadOnly.columns.applicationDate).toBeUndefined();
    expect(uploadOnly.columns.consentGivenOn).toBeUndefined();
    expect(suggestMapping(["today", "consent/consent_date"]).columns).toMatchObject({ applicationDate: "today", consentGivenOn: "consent/consent_date" });
  });

  it("reads a label export (headers in Ukrainian or English) by its words", () => {
    expect(suggestMapping(["Прізвище", "Ім'я", "По батькові", "Телефон", "РНОКПП", "Стать", "Область"]).columns).toMatchObject({
      surname: "Прізвище",
      firstName: "Ім'я",
      patronymic: "По батькові",
      phone: "Телефон",
      rnokpp: "РНОКПП",
      sex: "Стать",
      currentOblastPcode: "Область",
    });
    expect(suggestMapping(["Surname of the applicant", "Phone number", "Tax ID"]).columns).toMatchObject({ phone: "Phone number", rnokpp: "Tax ID" });
  });

  it("never takes someone else's name or phone, nor a per-option 0/1 column", () => {
    const mapping = suggestMapping(["hh/hh_head_surname", "ent/ent_phone", "ben/barriers", "ben/barriers/no_phone", "ben/ben_surname"]);
    expect(mapping.columns.surname).toBe("ben/ben_surname");
    expect(mapping.columns.phone).toBeUndefined();
    expect(Object.keys(mapping.extras)).toEqual(["hh/hh_head_surname", "ent/ent_phone", "ben/barriers"]);
  });

  it("knows the usual spellings of partner forms", () => {
    const mapping = suggestMapping([
      "person/firstname",
      "person/last_name",
      "person/dob",
      "person/ipn",
      "person/gender",
      "contact/phone_number",
      "hh/hh_size",
      "hh/children",
      "place/hromada",
      "grant/modality",
      "grant/amount",
      "grant/kved_code",
      "status",
    ]);
    expect(mapping.columns).toMatchObject({
      firstName: "person/firstname",
      surname: "person/last_name",
      birthDate: "person/dob",
      rnokpp: "person/ipn",
      sex: "person/gender",
      phone: "contact/phone_number",
      householdSize: "hh/hh_size",
      children: "hh/children",
      currentHromadaPcode: "place/hromada",
      requestedModality: "grant/modality",
      requestedAmountMinor: "grant/amount",
      kvedCode: "grant/kved_code",
    });
    // A bare "status" outside a displacement group is not the displacement status.
    expect(mapping.columns.displacementStatus).toBeUndefined();
  });

  it("takes tax_id and birth_date, and an oblast in an origin group as the origin", () => {
    const mapping = suggestMapping(["a/tax_id", "a/birth_date", "origin/oblast", "current/oblast", "idp/status"]);
    expect(mapping.columns).toMatchObject({
      rnokpp: "a/tax_id",
      birthDate: "a/birth_date",
      originOblastPcode: "origin/oblast",
      currentOblastPcode: "current/oblast",
      displacementStatus: "idp/status",
    });
  });

  it("uses each question column for one field only", () => {
    const mapping = suggestMapping(["amount", "requested_amount"]);
    expect(mapping.columns.requestedAmountMinor).toBe("requested_amount");
    const used = Object.values(suggestMapping(partnerEoiHeaders).columns).filter((column) => !isMetaColumn(column ?? ""));
    expect(new Set(used).size).toBe(used.length);
  });
});

describe("optionColumns and questionColumns", () => {
  it("hide Kobo's per-option 0/1 columns and its metadata from the lists", () => {
    expect([...optionColumns(partnerEoiHeaders)].sort()).toEqual([
      "ent/activities/online_sales",
      "ent/activities/production",
      "ent/activities/retail",
      "ent/barriers/access_finance",
      "ent/barriers/equipment",
      "ent/barriers/no_phone",
    ]);
    const questions = questionColumns(partnerEoiHeaders);
    expect(questions).toContain("ent/activities");
    expect(questions.filter((column) => column.startsWith("_") || ["start", "end", "today", "deviceid"].includes(column))).toEqual([]);
    expect(questions).toHaveLength(partnerEoiHeaders.length - 6 - 14);
  });
});

describe("default choices", () => {
  it("maps Kobo displacement codes: idp, long_res and host to host, ret and returnee", () => {
    expect(suggestChoice("displacementStatus", "idp")).toBe("idp");
    expect(suggestChoice("displacementStatus", "long_res")).toBe("host");
    expect(suggestChoice("displacementStatus", "host")).toBe("host");
    expect(suggestChoice("displacementStatus", "host_community")).toBe("host");
    expect(suggestChoice("displacementStatus", "ret")).toBe("returnee");
    expect(suggestChoice("displacementStatus", "returnee")).toBe("returnee");
    expect(suggestChoice("displacementStatus", "refugee")).toBeUndefined();
  });

  it("maps sex in English and Ukrainian", () => {
    for (const value of ["female", "F", "f", "жінка", "Жінка"]) expect(suggestChoice("sex", value), value).toBe("female");
    for (const value of ["male", "M", "m", "чоловік"]) expect(suggestChoice("sex", value), value).toBe("male");
  });

  it("maps all 27 oblasts by P-code, English and Ukrainian name", () => {
    expect(oblasts).toHaveLength(27);
    for (const oblast of oblasts) {
      expect(suggestChoice("currentOblastPcode", oblast.pcode)).toBe(oblast.pcode);
      expect(suggestChoice("currentOblastPcode", oblast.pcode.toLowerCase())).toBe(oblast.pcode);
      expect(suggestChoice("currentOblastPcode", oblast.nameEn)).toBe(oblast.pcode);
      expect(suggestChoice("currentOblastPcode", oblast.nameEn.toLowerCase().replace(/\s|-/g, "_"))).toBe(oblast.pcode);
      expect(suggestChoice("currentOblastPcode", oblast.nameUk)).toBe(oblast.pcode);
      expect(suggestChoice("originOblastPcode", oblast.nameUk.toLowerCase())).toBe(oblast.pcode);
    }
  });

  it("maps oblast slugs and short names as partner forms write them", () => {
    const cases: Array<[string, string]> = [
      ["kharkivska", "UA63"],
      ["kharkiv", "UA63"],
      ["харківська", "UA63"],
      ["Kharkivska oblast", "UA63"],
      ["Харківська область", "UA63"],
      ["ivano_frankivska", "UA26"],
      ["ivano-frankivsk", "UA26"],
      ["donetska", "UA14"],
      ["kyiv", "UA80"],
      ["kyiv_city", "UA80"],
      ["kyivska", "UA32"],
      ["kyiv_oblast", "UA32"],
      ["crimea", "UA01"],
      ["odesa", "UA51"],
      ["zaporizhzhia", "UA23"],
    ];
    for (const [value, pcode] of cases) expect(suggestChoice("currentOblastPcode", value), value).toBe(pcode);
    expect(suggestChoice("currentOblastPcode", "atlantis")).toBeUndefined();
  });

  it("maps legal forms, with a sole proprietor whose group is unknown", () => {
    for (const value of ["fop", "ФОП", "sole_proprietor"]) expect(suggestChoice("legalForm", value), value).toBe("fop_unknown");
    expect(suggestChoice("legalForm", "fop_2")).toBe("fop_2");
    expect(suggestChoice("legalForm", "tov")).toBe("llc");
    expect(suggestChoice("legalForm", "not_registered")).toBe("not_registered");
    expect(suggestChoice("businessKind", "planned")).toBe("startup");
  });

  it("maps yes/no answers to our checkbox values", () => {
    expect(suggestChoice("femaleHeaded", "yes")).toBe("true");
    expect(suggestChoice("femaleHeaded", "так")).toBe("true");
    expect(suggestChoice("femaleHeaded", "1")).toBe("true");
    expect(suggestChoice("femaleHeaded", "no")).toBe("false");
  });

  it("only ever suggests one of our values", () => {
    const samples = ["idp", "ret", "f", "kharkiv", "yes", "no", "cash", "in_kind", "startup", "new", "ngo", "some"];
    for (const field of choiceFields) {
      for (const sample of samples) {
        const ours = suggestChoice(field, sample);
        if (ours !== undefined) expect(choiceOptions[field] as readonly string[]).toContain(ours);
      }
    }
  });

  it("normalises case, spaces, hyphens and apostrophes", () => {
    expect(normaliseChoice("  Long-Res ")).toBe("long_res");
    expect(normaliseChoice("Ivano Frankivska")).toBe("ivano_frankivska");
    expect(normaliseChoice("Мар’яна")).toBe("маряна");
  });
});

describe("koboDate", () => {
  it("cuts date-times to the date as written", () => {
    expect(koboDate("1985-03-07T00:00:00")).toBe("1985-03-07");
    expect(koboDate("2024-03-05T10:15:00.000+02:00")).toBe("2024-03-05");
    expect(koboDate("2024-03-05 10:15:00")).toBe("2024-03-05");
    expect(koboDate("1985-03-07")).toBe("1985-03-07");
  });

  it("reads Ukrainian day-first dates and leaves anything else to the form's check", () => {
    expect(koboDate("07.03.1985")).toBe("1985-03-07");
    expect(koboDate("7.3.1985")).toBe("1985-03-07");
    expect(koboDate("yesterday")).toBe("yesterday");
  });
});

describe("applyMapping", () => {
  const fixtureMapping = (): KoboMapping => {
    const mapping = suggestMapping(koboHeaders);
    mapping.columns.applicationDate = "_submission_time";
    mapping.columns.consentGivenOn = "_submission_time";
    mapping.constants = { ...mapping.constants, programmeId: "7", consentTakenBy: "NGO caseworker" };
    return mapping;
  };
  const mappingOf = (part: Partial<KoboMapping>): KoboMapping => ({ ...emptyMapping(), ...part });

  it("turns a Kobo row into the form's values, with nothing for questions the form never asked", () => {
    const values = applyMapping(fixtureMapping(), koboApplicants[1]);
    expect(values).toEqual({
      programmeId: "7",
      applicationDate: "2024-03-05",
      surname: "Шевченко",
      firstName: "Андрій",
      patronymic: "Миколайович",
      sex: "male",
      birthDate: "1979-11-03",
      rnokpp: "2916115835",
      phone: "+380672345678",
      consentGivenOn: "2024-03-05",
      consentTakenBy: "NGO caseworker",
      consentPurposes: ["registration"],
      referralSource: "partner_ngo",
      displacementStatus: "idp",
      currentOblastPcode: "UA63",
      kvedCode: "45.20",
      requestedAmountMinor: "150000",
    });
  });

  it("fills only facts of the collection from a value for every row, never a person's answer", () => {
    const mapping = fixtureMapping();
    (mapping.constants as Record<string, string>).householdSize = "2";
    (mapping.constants as Record<string, string>).patronymic = "—";
    const values = applyMapping(mapping, koboApplicants[5]);
    expect(values.householdSize).toBeUndefined();
    expect(values.patronymic).toBeUndefined();
    expect(values.consentTakenBy).toBe("NGO caseworker");
  });

  it("gives values the applicant schema accepts, and its errors for bad ones", () => {
    const mapping = fixtureMapping();
    const rowValues = { ...applyMapping(mapping, koboApplicants[2]), householdSize: "2", children: "0", olderMembers: "0", membersWithDisability: "0", businessKind: "startup", requestedModality: "in_kind" };
    const valid = applicantSchema.safeParse(rowValues);
    expect(valid.success).toBe(true);
    if (valid.success) {
      expect(valid.data.displacementStatus).toBe("host");
      expect(valid.data.requestedAmountMinor).toBe(8_000_000);
    }
    const invalid = applicantSchema.safeParse({ ...rowValues, rnokpp: koboApplicants[4]["applicant/rnokpp"] });
    expect(invalid.success).toBe(false);
    if (!invalid.success) expect(invalid.error.issues.map((issue) => issue.message)).toContain("errors.rnokppCheckDigit");
  });

  it("uses the officer's choice table first, then the defaults", () => {
    const mapping = mappingOf({ columns: { displacementStatus: "status", sex: "sex" }, choices: { displacementStatus: { long_res: "other", Zmigrant: "idp" }, sex: { x: "" } } });
    expect(applyMapping(mapping, { status: "long_res", sex: "f" })).toEqual({ displacementStatus: "other", sex: "female" });
    expect(applyMapping(mapping, { status: "zmigrant", sex: "m" })).toEqual({ displacementStatus: "idp", sex: "male" });
    expect(applyMapping(mapping, { status: "ret", sex: "m" }).displacementStatus).toBe("returnee");
  });

  it("reports values no table maps, including ones deliberately left unmapped", () => {
    const mapping = mappingOf({ columns: { displacementStatus: "status", sex: "sex", currentOblastPcode: "oblast" }, choices: { sex: { x: "" } } });
    const { values, unmapped } = mapRow(mapping, { status: "refugee", sex: "x", oblast: "kharkiv" });
    expect(unmapped).toEqual([
      { field: "sex", value: "x" },
      { field: "displacementStatus", value: "refugee" },
    ]);
    expect(values.currentOblastPcode).toBe("UA63");
  });

  it("maps any answer to 'leave empty' or 'not collected': the field stays empty, and says which", () => {
    const mapping = mappingOf({ columns: { sex: "sex", displacementStatus: "status" }, choices: { sex: { other: notCollected }, displacementStatus: { dont_know: leaveEmpty } } });
    expect(mapRow(mapping, { sex: "other", status: "dont_know" })).toEqual({ values: {}, unmapped: [], notCollected: ["sex"], placeNames: {} });
  });

  it("reads activity categories through the form's table, a class code as written, and suggestions", () => {
    const mapping = mappingOf({ columns: { kvedCode: "activity" }, activities: { other: notCollected, tailoring_shop: "47.71" } });
    expect(mapRow(mapping, { activity: "sewing_repair" }).values.kvedCode).toBe("95.29");
    expect(mapRow(mapping, { activity: "hairdressing_barber" }).values.kvedCode).toBe("96.02");
    expect(mapRow(mapping, { activity: "tailoring_shop" }).values.kvedCode).toBe("47.71");
    expect(mapRow(mapping, { activity: "96.02" }).values.kvedCode).toBe("96.02");
    expect(mapRow(mapping, { activity: "other" })).toMatchObject({ values: {}, notCollected: ["kvedCode"], unmapped: [] });
    expect(mapRow(mappingOf({ columns: { kvedCode: "activity" } }), { activity: "other" }).unmapped).toEqual([{ field: "kvedCode", value: "other" }]);
  });

  it("keeps hromadas written as names for the COD-AB matching, and takes P-codes as they are", () => {
    const mapping = mappingOf({ columns: { currentHromadaPcode: "hromada", age: "age" } });
    expect(mapRow(mapping, { hromada: "ua6312001", age: "44" })).toMatchObject({ values: { currentHromadaPcode: "UA6312001" }, placeNames: {}, age: "44" });
    expect(mapRow(mapping, { hromada: "м. Вінниця" })).toMatchObject({ values: {}, placeNames: { currentHromadaPcode: "м. Вінниця" } });
  });

  it("splits select_multiple answers on spaces", () => {
    const mapping = mappingOf({ columns: { consentPurposes: "consent/purposes" } });
    expect(applyMapping(mapping, { "consent/purposes": "registration screening follow_up" }).consentPurposes).toEqual(["registration", "screening", "follow_up"]);
    expect(applyMapping(mapping, { "consent/purposes": "register" }).consentPurposes).toEqual(["registration"]);
  });

  it("turns yes into a ticked checkbox and no into none", () => {
    const mapping = mappingOf({ columns: { femaleHeaded: "fhh", singleParent: "sp" } });
    expect(applyMapping(mapping, { fhh: "yes", sp: "no" })).toEqual({ femaleHeaded: "true" });
  });

  it("cuts Kobo date-times to dates", () => {
    const mapping = mappingOf({ columns: { birthDate: "dob", applicationDate: "start" } });
    expect(applyMapping(mapping, { dob: "1985-03-07T00:00:00", start: "2024-03-05T10:15:00.000+02:00" })).toEqual({ birthDate: "1985-03-07", applicationDate: "2024-03-05" });
  });

  it("reads an RNOKPP that Excel stored as a number", () => {
    const mapping = mappingOf({ columns: { rnokpp: "ipn" } });
    expect(applyMapping(mapping, { ipn: "3652504575" }).rnokpp).toBe("3652504575");
  });
});

describe("rowPassesFilters", () => {
  it("imports only rows whose column holds a chosen value, Kobo's validation status as written or short", () => {
    const consent = [{ column: "intro/consent", values: ["yes"] }];
    expect(rowPassesFilters(consent, { "intro/consent": "Yes" })).toBe(true);
    expect(rowPassesFilters(consent, { "intro/consent": "no" })).toBe(false);
    expect(rowPassesFilters(consent, {})).toBe(false);
    const approved = [{ column: "_validation_status", values: ["approved"] }];
    expect(rowPassesFilters(approved, { _validation_status: "validation_status_approved" })).toBe(true);
    expect(rowPassesFilters(approved, { _validation_status: '{"timestamp": 1710000000, "uid": "validation_status_approved", "label": "Approved"}' })).toBe(true);
    expect(rowPassesFilters(approved, { _validation_status: "validation_status_not_approved" })).toBe(false);
    expect(rowPassesFilters([...consent, ...approved], { "intro/consent": "yes", _validation_status: "validation_status_on_hold" })).toBe(false);
  });
});

describe("missingRequiredFields and fieldsNotCollected", () => {
  it("asks only for what registering needs", () => {
    expect(missingRequiredFields(suggestMapping(partnerEoiHeaders)).sort()).toEqual(["programmeId"]);
    // The small export has only the upload time, and an empty _submitted_by.
    expect(missingRequiredFields(suggestMapping(koboHeaders, koboApplicants)).sort()).toEqual(["applicationDate", "consentGivenOn", "consentTakenBy", "programmeId"].sort());
    expect(suggestMapping(koboHeaders).columns.consentTakenBy).toBe("_submitted_by");
  });

  it("needs an RNOKPP, passport or phone column, and an oblast or hromada column", () => {
    expect(missingRequiredFields(emptyMapping())).toEqual(expect.arrayContaining(["rnokpp", "currentOblastPcode"]));
    const reachable = { ...emptyMapping(), columns: { phone: "phone", currentHromadaPcode: "hromada" } };
    expect(missingRequiredFields(reachable)).not.toEqual(expect.arrayContaining(["rnokpp"]));
    expect(missingRequiredFields(reachable)).not.toContain("currentOblastPcode");
    expect(missingRequiredFields({ ...reachable, partnerAssignment: "organisation" })).toContain("partnerOrganisationId");
  });

  it("lists the questions a form never asked", () => {
    const notAsked = fieldsNotCollected(suggestMapping(partnerEoiHeaders));
    expect(notAsked).toEqual(expect.arrayContaining(["birthDate", "children", "olderMembers", "membersWithDisability", "idpCertificateNumber", "femaleHeaded", "wg_seeing", "requestedModality"]));
    expect(notAsked).not.toEqual(expect.arrayContaining(["surname"]));
    expect(notAsked).not.toContain("referralSource");
    expect(notAsked).not.toContain("programmeId");
  });
});

describe("submissionUuid", () => {
  it("reads _uuid, else meta/instanceID without its prefix", () => {
    expect(submissionUuid(koboApplicants[0])).toBe("5f1c0a3e-7b8d-4c2e-9a61-0d3f2b7e4c11");
    expect(submissionUuid({ "meta/instanceID": "uuid:abc-123" })).toBe("abc-123");
    expect(submissionUuid({ _uuid: "" })).toBeNull();
  });
});

describe("rowReasons", () => {
  const t = (key: string, params?: Record<string, unknown>) =>
    ({ "imports.fields.rnokpp": "RNOKPP", "errors.rnokppCheckDigit": "the check digit is wrong.", "imports.errors.definiteDuplicate": `already registered, case ${String(params?.caseCode)}.` })[key] ?? key;

  it("names the field, and starts a row-level reason as a sentence", () => {
    expect(
      rowReasons(t, [
        { field: "rnokpp", message: "errors.rnokppCheckDigit" },
        { field: "", message: "imports.errors.definiteDuplicate", params: { caseCode: "LT-ABC" } },
      ]),
    ).toEqual(["RNOKPP: the check digit is wrong.", "Already registered, case LT-ABC."]);
  });
});
