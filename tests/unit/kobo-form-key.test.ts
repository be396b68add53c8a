import { describe, expect, it } from "vitest";
import { formKey } from "~/modules/imports/form-key.server";
import { koboHeaders } from "../fixtures/build-fixtures";

describe("formKey", () => {
  it("is a sha-256 of the form's question columns", () => {
    expect(formKey(koboHeaders)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stays the same when Kobo reorders columns or exports other meta columns", () => {
    const reordered = [...koboHeaders].reverse();
    expect(formKey(reordered)).toBe(formKey(koboHeaders));
    expect(formKey([...koboHeaders, "_validation_status", "meta/instanceID"])).toBe(formKey(koboHeaders));
    expect(formKey(koboHeaders.filter((header) => header !== "_index"))).toBe(formKey(koboHeaders));
  });

  it("changes when the form gains, loses or renames a question", () => {
    const key = formKey(koboHeaders);
    expect(formKey([...koboHeaders, "business/modality"])).not.toBe(key);
    expect(formKey(koboHeaders.filter((header) => header !== "applicant/phone"))).not.toBe(key);
    expect(formKey(koboHeaders.map((header) => header.replace("applicant/", "person/")))).not.toBe(key);
  });
});
