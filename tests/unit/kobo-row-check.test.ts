import { describe, expect, it } from "vitest";
import { suggestActivityKved } from "~/modules/imports/activities";
import { countMissing, decideSharedIdentity, fitsRnokpp, groupReasons } from "~/modules/imports/dry-run-report";
import { suggestMapping, type KoboMapping } from "~/modules/imports/kobo-mapping";
import { checkRow } from "~/modules/imports/row-check";
import { missingLaterFields } from "~/modules/intake/completeness";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import { hromadaMatcher, placeNameWords } from "~/modules/locations/place-matching";
import { fileRowOf, partnerEoiCases, partnerEoiHeaders, partnerEoiRows, rnokppOf } from "../fixtures/partner-eoi";

// The hromadas of the small COD-AB fixture (build-fixtures.ts).
const hromadas = [
  { pcode: "UA0502001", nameUk: "Агрономічна", nameEn: "Ahronomichna" },
  { pcode: "UA0502003", nameUk: "Вінницька", nameEn: "Vinnytska" },
  { pcode: "UA0502005", nameUk: "Вороновицька", nameEn: "Voronovytska" },
  { pcode: "UA6312001", nameUk: "Безлюдівська", nameEn: "Bezliudivska" },
  { pcode: "UA8000000", nameUk: "Київ", nameEn: "Kyiv" },
];
const matcher = hromadaMatcher(hromadas);
const resolve = (text: string, oblast: string | undefined) => matcher.match(text, oblast);

function partnerMapping(): KoboMapping {
  const mapping = suggestMapping(partnerEoiHeaders, partnerEoiRows);
  mapping.constants.programmeId = "3";
  return mapping;
}

const check = (name: keyof typeof partnerEoiCases, mapping = partnerMapping()) => checkRow(mapping, partnerEoiRows[partnerEoiCases[name]], resolve);

describe("checkRow on a partner's form", () => {
  it("registers a row with what registration needs, inventing nothing it did not give", () => {
    const row = check("kovalenko");
    expect(row.errors).toEqual([]);
    expect(row.name).toBe("Коваленко Олена Петрівна");
    expect(row.input).toMatchObject({
      programmeId: 3,
      applicationDate: "2025-03-10",
      consentGivenOn: "2025-03-10",
      consentTakenBy: "ngo_enumerator_1",
      consentPurposes: ["registration"],
      surname: "Коваленко",
      // Decoded from the RNOKPP (domain.md §2): the form asked only the age.
      birthDate: "1986-04-12",
      sex: "female",
      currentOblastPcode: "UA63",
      currentHromadaPcode: "UA6312001",
      householdSize: 2,
      kvedCode: "95.29",
      legalForm: "fop_unknown",
      businessKind: "existing",
    });
    for (const field of ["children", "olderMembers", "membersWithDisability", "idpCertificateNumber", "requestedModality", "monthlyHouseholdIncomeMinor", "wg_seeing"] as const) {
      expect(row.input?.[field], field).toBeUndefined();
    }
    expect(row.derived).toEqual({ birthDateSource: "rnokpp", approximateBirthYear: null, sexSource: null });
    expect(row.missing).toEqual(["idpCertificateNumber", "idpCertificateDate", "children", "olderMembers", "membersWithDisability", "registrationDate", "requestedModality"]);
    expect(row.notCollected).toEqual(expect.arrayContaining(["children", "olderMembers", "membersWithDisability", "femaleHeaded", "wg_seeing", "requestedModality"]));
    // The birth date came from the number: it is not "not collected".
    expect(row.notCollected).not.toContain("birthDate");
  });

  it("flags an applicant under 18 by the birth date the RNOKPP encodes", () => {
    const row = check("minor");
    expect(row.input).not.toBeNull();
    expect(row.warnings).toEqual([{ field: "age", message: "imports.warnings.under18", params: { age: 15 } }]);
  });

  it("gives an approximate birth year from the age where there is no RNOKPP, marked approximate", () => {
    const row = check("ageOnly");
    expect(row.input?.birthDate).toBeUndefined();
    expect(row.derived).toEqual({ birthDateSource: "age", approximateBirthYear: 1981, sexSource: null });
    expect(row.missing).toContain("birthDate");
    expect(row.notCollected).toContain("birthDate");
  });

  it("checks the stated age and sex against the number", () => {
    const row = check("sharedMistyped");
    expect(row.warnings).toEqual([
      { field: "sex", message: "imports.warnings.sexNotRnokpp" },
      { field: "age", message: "imports.warnings.ageNotBirthDate", params: { age: 52, computed: 37 } },
    ]);
  });

  it("reports every problem of a row at once", () => {
    const row = check("badNumbers");
    expect(row.input).toBeNull();
    expect(row.errors).toEqual([
      { field: "phone", message: "errors.phone" },
      { field: "rnokpp", message: "errors.rnokppCheckDigit" },
    ]);
    const unmapped = check("otherA");
    expect(unmapped.errors).toEqual([{ field: "kvedCode", message: "imports.errors.unknownActivity", params: { value: "other" } }]);
  });

  it("needs an identity number or a contact, and a place", () => {
    expect(check("unreachable").errors).toEqual([{ field: "rnokpp", message: "errors.identityOrContactRequired" }]);
    const nowhere = { ...partnerEoiRows[partnerEoiCases.kovalenko], "ben_det/ben_det_oblast": "", "ben_det/ben_det_hromada": "Атлантида" };
    const row = checkRow(partnerMapping(), nowhere, resolve);
    expect(row.errors).toEqual([{ field: "currentOblastPcode", message: "imports.errors.placeRequired" }]);
    expect(row.warnings).toEqual([{ field: "currentHromadaPcode", message: "imports.warnings.placeNotFound", params: { value: "Атлантида" } }]);
  });

  it("matches hromada names to P-codes, leaves an unknown one empty with a warning, and takes the officer's choice", () => {
    expect(check("bondarenko").input?.currentHromadaPcode).toBe("UA0502003");
    expect(check("melnyk").input?.currentHromadaPcode).toBe("UA0502001");
    const address = check("address");
    expect(address.input?.currentHromadaPcode).toBeUndefined();
    expect(address.input?.currentOblastPcode).toBe("UA05");
    expect(address.warnings).toEqual([{ field: "currentHromadaPcode", message: "imports.warnings.placeNotFound", params: { value: "вул. Соборна, 5" } }]);
    const mapping = partnerMapping();
    mapping.places = { "вул. Соборна, 5": "UA0502003" };
    expect(check("address", mapping).input?.currentHromadaPcode).toBe("UA0502003");
  });

  it("turns an activity mapped to 'not collected' into a missing KVED, not a refusal", () => {
    const mapping = partnerMapping();
    mapping.activities = { other: ":not_collected" };
    const row = check("otherB", mapping);
    expect(row.errors).toEqual([]);
    expect(row.input?.kvedCode).toBeUndefined();
    expect(row.missing).toContain("kvedCode");
    expect(row.notCollected).toContain("kvedCode");
  });
});

describe("rows sharing an RNOKPP", () => {
  const rowOf = (name: keyof typeof partnerEoiCases) => {
    const cells = partnerEoiRows[partnerEoiCases[name]];
    return { row: fileRowOf(name), name: `${cells["ben_det/ben_det_surname"]} ${cells["ben_det/ben_det_first_name"]}`, applicationDate: cells.today, stated: { sex: cells["ben_det/ben_det_sex"], birthDate: null, age: Number(cells["ben_det/ben_det_age"]) } };
  };

  it("names both rows and finds the mistyped one through the number's birth date and sex", () => {
    const number = rnokppOf("sharedOwner");
    expect(fitsRnokpp(number, rowOf("sharedOwner"))).toBe(true);
    expect(fitsRnokpp(number, rowOf("sharedMistyped"))).toBe(false);
    expect(decideSharedIdentity("rnokpp", number, [rowOf("sharedOwner"), rowOf("sharedMistyped")])).toEqual({
      kind: "rnokpp",
      rows: [
        { row: fileRowOf("sharedOwner"), name: "Гнатюк Ірина", fits: true },
        { row: fileRowOf("sharedMistyped"), name: "Павленко Петро", fits: false },
      ],
      kept: fileRowOf("sharedOwner"),
      probablyMistyped: [fileRowOf("sharedMistyped")],
    });
  });

  it("keeps the first row of a person sent twice, and keeps no row when nothing tells", () => {
    const owner = rowOf("sharedOwner");
    const twice = decideSharedIdentity("rnokpp", rnokppOf("sharedOwner"), [owner, { ...owner, row: 40 }]);
    expect(twice).toMatchObject({ kept: owner.row, probablyMistyped: [] });
    const silent = { ...rowOf("sharedMistyped"), stated: { sex: null, birthDate: null, age: null } };
    expect(decideSharedIdentity("rnokpp", rnokppOf("sharedOwner"), [{ ...owner, stated: { sex: null, birthDate: null, age: null } }, silent])).toMatchObject({ kept: null, probablyMistyped: [] });
    // A passport encodes nothing: two people with one passport number are both held back.
    expect(decideSharedIdentity("passport", "AB123456", [owner, rowOf("kovalenko")]).kept).toBeNull();
  });

  it("reads a stated birth date with day and month swapped as fitting", () => {
    const number = makeRnokpp("1987-06-04", "female", 7);
    expect(fitsRnokpp(number, { row: 2, name: "x", applicationDate: "2025-03-10", stated: { sex: "female", birthDate: "1987-04-06", age: null } })).toBe(true);
    expect(fitsRnokpp(number, { row: 2, name: "x", applicationDate: "2025-03-10", stated: { sex: null, birthDate: null, age: null } })).toBeNull();
  });
});

describe("the report's groups", () => {
  it("groups reasons with their counts, most frequent first, values apart", () => {
    const groups = groupReasons([
      { row: 2, reasons: [{ field: "kvedCode", message: "imports.errors.unknownActivity", params: { value: "other" } }, { field: "phone", message: "errors.phone" }] },
      { row: 5, reasons: [{ field: "kvedCode", message: "imports.errors.unknownActivity", params: { value: "other" } }] },
      { row: 7, reasons: [{ field: "kvedCode", message: "imports.errors.unknownActivity", params: { value: "misc" } }] },
    ]);
    expect(groups).toEqual([
      { field: "kvedCode", message: "imports.errors.unknownActivity", params: { value: "other" }, rows: 2, examples: [2, 5] },
      { field: "phone", message: "errors.phone", params: undefined, rows: 1, examples: [2] },
      { field: "kvedCode", message: "imports.errors.unknownActivity", params: { value: "misc" }, rows: 1, examples: [7] },
    ]);
    expect(countMissing([{ missing: ["children", "birthDate"] }, { missing: ["children"] }])).toEqual([
      { field: "children", rows: 2 },
      { field: "birthDate", rows: 1 },
    ]);
  });
});

describe("hromadaMatcher", () => {
  it("finds hromadas written in Ukrainian, English, transliterated, or as their town", () => {
    for (const [text, pcode] of [
      ["Безлюдівська громада", "UA6312001"],
      ["Bezliudivska TC", "UA6312001"],
      ["м. Вінниця", "UA0502003"],
      ["Vinnytsia", "UA0502003"],
      ["Вороновиця", "UA0502005"],
      ["Ahronomichna hromada", "UA0502001"],
      ["ua0502001", "UA0502001"],
      ["Київ", "UA8000000"],
    ] as const) {
      expect(matcher.match(text), text).toEqual({ kind: "matched", pcode });
    }
    expect(matcher.match("вул. Соборна, 5")).toEqual({ kind: "none" });
    expect(matcher.match("UA0599999")).toEqual({ kind: "none" });
  });

  it("lists the candidates of an ambiguous name, and the row's oblast settles it", () => {
    const twice = hromadaMatcher([
      { pcode: "UA4806001", nameUk: "Миколаївська", nameEn: "Mykolaivska" },
      { pcode: "UA1204001", nameUk: "Миколаївська", nameEn: "Mykolaivska" },
    ]);
    expect(twice.match("Миколаївська ТГ")).toEqual({ kind: "ambiguous", candidates: ["UA1204001", "UA4806001"] });
    expect(twice.match("Mykolaivska", "UA48")).toEqual({ kind: "matched", pcode: "UA4806001" });
    expect(placeNameWords("Миколаївська сільська територіальна громада, Дніпропетровська обл.")).toBe("миколаївська");
  });
});

describe("activities to KVED", () => {
  it("suggests classes for partners' categories, and none for 'other'", () => {
    expect(suggestActivityKved("sewing_repair")).toBe("95.29");
    expect(suggestActivityKved("hairdressing_barber")).toBe("96.02");
    expect(suggestActivityKved("bakery")).toBe("10.71");
    expect(suggestActivityKved("car_repair")).toBe("45.20");
    expect(suggestActivityKved("пошиття одягу")).toBe("14.13");
    expect(suggestActivityKved("9602")).toBe("96.02");
    expect(suggestActivityKved("other")).toBeUndefined();
    expect(suggestActivityKved("інше")).toBeUndefined();
  });
});

describe("missingLaterFields", () => {
  it("asks the IDP certificate of IDPs and the registration date of registered existing businesses only", () => {
    const base = { birthDate: "1990-01-01", sex: "female", referralSource: "partner_ngo", householdSize: 2, children: 0, olderMembers: 0, membersWithDisability: 0, kvedCode: "96.02", requestedModality: "cash", requestedAmountMinor: 100 } as const;
    expect(missingLaterFields({ ...base, displacementStatus: "host", businessKind: "startup" })).toEqual([]);
    expect(missingLaterFields({ ...base, displacementStatus: "idp", businessKind: "existing", legalForm: "fop_unknown" })).toEqual(["idpCertificateNumber", "idpCertificateDate", "registrationDate"]);
    expect(missingLaterFields({ ...base, displacementStatus: "host", businessKind: "existing", legalForm: "not_registered" })).toEqual([]);
  });
});
