// Supplier and agency codes on procurement documents: EDRPOU check digit, or a sole trader's RNOKPP.
import { describe, expect, it } from "vitest";
import { checkSupplierCode, edrpouCheckDigit, isValidEdrpou } from "~/modules/grants/suppliers-identity";

describe("EDRPOU", () => {
  // Codes of well-known Ukrainian companies, from the public register.
  it.each([
    ["14360570", 0], // PrivatBank: weights 1–7, 121 mod 11 = 0
    ["00032129", 9], // Oschadbank
    ["20077720", 0], // Naftogaz
    ["40075815", 5], // Ukrzaliznytsia: between 30 and 60 million, weights 7,1–6
  ])("%s has check digit %i", (code, digit) => {
    expect(edrpouCheckDigit(code)).toBe(digit);
    expect(isValidEdrpou(code)).toBe(true);
  });

  it("recomputes a remainder of 10 with weights plus 2", () => {
    // 0000003x: 3·7 = 21, remainder 10; again with weight 9: 27, remainder 5.
    expect(edrpouCheckDigit("00000030")).toBe(5);
    expect(isValidEdrpou("00000035")).toBe(true);
    expect(isValidEdrpou("00000030")).toBe(false);
    // 0000013x: 1·6 + 3·7 = 27 → 5, no second pass.
    expect(edrpouCheckDigit("00000130")).toBe(5);
  });

  it("refuses a wrong check digit or length", () => {
    expect(isValidEdrpou("14360571")).toBe(false);
    expect(isValidEdrpou("1436057")).toBe(false);
    expect(isValidEdrpou("1436057a")).toBe(false);
  });
});

describe("checkSupplierCode", () => {
  it("tells a legal entity from a sole trader", () => {
    expect(checkSupplierCode("1436 0570")).toEqual({ ok: true, kind: "edrpou", code: "14360570" });
    expect(checkSupplierCode("3652504575")).toEqual({ ok: true, kind: "rnokpp", code: "3652504575" });
  });

  it("refuses bad codes with the reason", () => {
    expect(checkSupplierCode("14360571")).toEqual({ ok: false, reason: "check_digit" });
    expect(checkSupplierCode("3652504576")).toEqual({ ok: false, reason: "check_digit" });
    expect(checkSupplierCode("123")).toEqual({ ok: false, reason: "format" });
  });
});
