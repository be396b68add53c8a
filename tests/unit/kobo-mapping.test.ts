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
  mapRow,
  missingRequiredFields,
  normaliseChoice,
  oblasts,
  submissionUuid,
  suggestChoice,
  suggestMapping,
  type KoboMapping,
} from "~/modules/imports/kobo-mapping";
import { rowReasons } from "~/modules/imports/reasons";
import { applicantSchema } from "~/modules/intake/schema";
import { koboApplicants, koboHeaders } from "../fixtures/build-fixtures";

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
  it("maps the fixture's group-prefixed columns by their last segment", () => {
    const mapping = suggestMapping(koboHeaders);
    expect(mapping.columns).toEqual({
      applicationDate: "_submission_time",
      consentGivenOn: "_submission_time",
      surname: "applicant/surname",
      firstName: "applicant/first_name",
      patronymic: "applicant/patronymic",
      sex: "applicant/sex",
      birthDate: "applicant/birth_date",
      rnokpp: "applicant/rnokpp",
      phone: "applicant/phone",
      displacementStatus: "displacement/status",
      currentOblastPcode: "displacement/oblast",
      kvedCode: "business/kved",
      requestedAmountMinor: "business/amount",
    });
    expect(mapping.constants).toEqual({ referralSource: "partner_ngo", consentPurposes: "registration" });
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
    const used = Object.values(suggestMapping(koboHeaders).columns).filter((column) => !column?.startsWith("_"));
    expect(new Set(used).size).toBe(used.length);
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
    mapping.constants = {
      ...mapping.constants,
      programmeId: "7",
      consentTakenBy: "NGO caseworker",
      householdSize: "3",
      children: "1",
      olderMembers: "0",
      membersWithDisability: "0",
      businessKind: "startup",
      requestedModality: "in_kind",
    };
    return mapping;
  };

  it("turns a Kobo row into the form's values", () => {
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
      householdSize: "3",
      children: "1",
      olderMembers: "0",
      membersWithDisability: "0",
      businessKind: "startup",
      kvedCode: "45.20",
      requestedModality: "in_kind",
      requestedAmountMinor: "150000",
    });
  });

  it("gives values the applicant schema accepts, and its errors for bad ones", () => {
    const mapping = fixtureMapping();
    // Бондаренко: long_res (host community), no IDP certificate needed.
    const valid = applicantSchema.safeParse(applyMapping(mapping, koboApplicants[2]));
    expect(valid.success).toBe(true);
    if (valid.success) {
      expect(valid.data.displacementStatus).toBe("host");
      expect(valid.data.requestedAmountMinor).toBe(8_000_000);
    }
    // Кравчук: wrong check digit.
    const invalid = applicantSchema.safeParse(applyMapping(mapping, { ...koboApplicants[4], "displacement/status": "long_res" }));
    expect(invalid.success).toBe(false);
    if (!invalid.success) expect(invalid.error.issues.map((issue) => issue.message)).toContain("errors.rnokppCheckDigit");
  });

  it("leaves empty cells out, so a constant fills them", () => {
    const mapping = fixtureMapping();
    expect(applyMapping(mapping, koboApplicants[5]).patronymic).toBeUndefined();
    mapping.constants.patronymic = "—";
    expect(applyMapping(mapping, koboApplicants[5]).patronymic).toBe("—");
    expect(applyMapping(mapping, koboApplicants[0]).patronymic).toBe("Петрівна");
  });

  it("uses the officer's choice table first, then the defaults", () => {
    const mapping: KoboMapping = {
      columns: { displacementStatus: "status", sex: "sex" },
      choices: { displacementStatus: { long_res: "other", Zmigrant: "idp" }, sex: { x: "" } },
      constants: {},
    };
    expect(applyMapping(mapping, { status: "long_res", sex: "f" })).toEqual({ displacementStatus: "other", sex: "female" });
    expect(applyMapping(mapping, { status: "zmigrant", sex: "m" })).toEqual({ displacementStatus: "idp", sex: "male" });
    expect(applyMapping(mapping, { status: "ret", sex: "m" }).displacementStatus).toBe("returnee");
  });

  it("reports values no table maps, including ones deliberately left unmapped", () => {
    const mapping: KoboMapping = {
      columns: { displacementStatus: "status", sex: "sex", currentOblastPcode: "oblast" },
      choices: { sex: { x: "" } },
      constants: {},
    };
    const { values, unmapped } = mapRow(mapping, { status: "refugee", sex: "x", oblast: "kharkiv" });
    expect(unmapped).toEqual([
      { field: "sex", value: "x" },
      { field: "displacementStatus", value: "refugee" },
    ]);
    expect(values.currentOblastPcode).toBe("UA63");
  });

  it("splits select_multiple answers on spaces", () => {
    const mapping: KoboMapping = { columns: { consentPurposes: "consent/purposes" }, choices: {}, constants: {} };
    expect(applyMapping(mapping, { "consent/purposes": "registration screening follow_up" }).consentPurposes).toEqual([
      "registration",
      "screening",
      "follow_up",
    ]);
    expect(applyMapping(mapping, { "consent/purposes": "register" }).consentPurposes).toEqual(["registration"]);
  });

  it("turns yes into a ticked checkbox and no into none", () => {
    const mapping: KoboMapping = { columns: { femaleHeaded: "fhh", singleParent: "sp" }, choices: {}, constants: {} };
    expect(applyMapping(mapping, { fhh: "yes", sp: "no" })).toEqual({ femaleHeaded: "true" });
  });

  it("cuts Kobo date-times to dates and upper-cases hromada P-codes", () => {
    const mapping: KoboMapping = {
      columns: { birthDate: "dob", applicationDate: "_submission_time", currentHromadaPcode: "hromada" },
      choices: {},
      constants: {},
    };
    expect(applyMapping(mapping, { dob: "1985-03-07T00:00:00", _submission_time: "2024-03-05T10:15:00", hromada: "ua6312001" })).toEqual({
      birthDate: "1985-03-07",
      applicationDate: "2024-03-05",
      currentHromadaPcode: "UA6312001",
    });
  });

  it("reads an RNOKPP that Excel stored as a number", () => {
    const mapping: KoboMapping = { columns: { rnokpp: "ipn" }, choices: {}, constants: {} };
    expect(applyMapping(mapping, { ipn: "3652504575" }).rnokpp).toBe("3652504575");
  });
});

describe("missingRequiredFields", () => {
  it("lists required fields with neither a column nor a constant", () => {
    const missing = missingRequiredFields(suggestMapping(koboHeaders));
    expect(missing.sort()).toEqual(
      ["programmeId", "consentTakenBy", "householdSize", "children", "olderMembers", "membersWithDisability", "businessKind", "requestedModality"].sort(),
    );
  });

  it("asks for an RNOKPP or a passport column", () => {
    expect(missingRequiredFields(emptyMapping())).toContain("rnokpp");
    expect(missingRequiredFields({ columns: { passportNumber: "passport" }, choices: {}, constants: {} })).not.toContain("rnokpp");
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
