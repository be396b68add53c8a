import { describe, expect, it } from "vitest";
import { bodyLimitFor, bodyTooLarge, changesState, refusalBeforeBody } from "~/lib/request-guard";
import { maxCodAbUploadBytes } from "~/lib/upload-limits";

function head(method: string, headers: Record<string, string>) {
  const all = new Headers({ Host: "app.example", ...headers });
  return { method, headers: all };
}

const form = { "Content-Type": "application/x-www-form-urlencoded" };
const multipart = { "Content-Type": "multipart/form-data; boundary=----x" };

describe("refusalBeforeBody", () => {
  it("lets reads through whatever their headers", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(changesState(method)).toBe(false);
      expect(refusalBeforeBody(head(method, { Origin: "https://evil.example", "Content-Type": "application/json" }))).toBeNull();
    }
  });

  it("lets a same-origin form through, with or without Origin, urlencoded or multipart", () => {
    expect(refusalBeforeBody(head("POST", { ...form, Origin: "https://app.example" }))).toBeNull();
    expect(refusalBeforeBody(head("POST", { ...form, Origin: "http://app.example" }))).toBeNull();
    expect(refusalBeforeBody(head("POST", form))).toBeNull();
    expect(refusalBeforeBody(head("POST", { ...multipart, Origin: "https://app.example" }))).toBeNull();
    expect(refusalBeforeBody(head("POST", { "Content-Type": "Application/X-WWW-Form-Urlencoded; charset=UTF-8" }))).toBeNull();
    // Behind a proxy Remix compares with X-Forwarded-Host; so does the guard.
    expect(
      refusalBeforeBody(head("POST", { ...form, Origin: "https://public.example", "X-Forwarded-Host": "public.example" })),
    ).toBeNull();
  });

  it.each(["https://evil.example", "https://app.example.evil.example", "https://app.example:8443", "null", "not a url"])(
    "refuses a post from the origin %j with 403 cross_origin",
    (origin) => {
      const refusal = refusalBeforeBody(head("POST", { ...form, Origin: origin }));
      expect(refusal).toMatchObject({ status: 403, event: "cross_origin", detail: origin });
      expect(refusal!.message).toContain("This form was sent from another site and was refused.");
      expect(refusal!.message).toContain("Форму надіслано з іншого сайту");
    },
  );

  it.each([
    ["application/json", "application/json"],
    ["text/plain;charset=UTF-8", "text/plain;charset=UTF-8"],
    ["application/xml", "application/xml"],
    [null, "no content type"],
  ])("refuses a body of type %j with 415", (contentType, detail) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const refusal = refusalBeforeBody(head(method, contentType ? { "Content-Type": contentType } : {}));
      expect(refusal).toMatchObject({ status: 415, event: "unsupported_media_type", detail });
      expect(refusal!.message).toContain("application/x-www-form-urlencoded or multipart/form-data");
    }
  });

  it("refuses a declared size over the limit with 413 before any byte is read", () => {
    expect(refusalBeforeBody(head("POST", { ...form, "Content-Length": String(1024 * 1024) }))).toBeNull();
    expect(refusalBeforeBody(head("POST", { ...form, "Content-Length": String(1024 * 1024 + 1) }))).toMatchObject({
      status: 413,
      event: "body_too_large",
      detail: "1048577 bytes, application/x-www-form-urlencoded",
    });
    expect(refusalBeforeBody(head("POST", { ...multipart, "Content-Length": String(26 * 1024 * 1024) }))).toBeNull();
    expect(refusalBeforeBody(head("POST", { ...multipart, "Content-Length": String(26 * 1024 * 1024 + 1) }))).toMatchObject({
      status: 413,
    });
  });

  it("checks the origin before the type, and the type before the size", () => {
    expect(
      refusalBeforeBody(head("POST", { Origin: "https://evil.example", "Content-Type": "text/plain", "Content-Length": "99999999" })),
    ).toMatchObject({ status: 403 });
    expect(refusalBeforeBody(head("POST", { "Content-Type": "text/plain", "Content-Length": "99999999" }))).toMatchObject({
      status: 415,
    });
  });
});

describe("body limits", () => {
  it("1 MB for a form; the largest upload (COD-AB, 25 MB) plus 1 MB of fields for multipart", () => {
    expect(bodyLimitFor("application/x-www-form-urlencoded")).toBe(1024 * 1024);
    expect(bodyLimitFor(null)).toBe(1024 * 1024);
    expect(bodyLimitFor("multipart/form-data; boundary=x")).toBe(maxCodAbUploadBytes + 1024 * 1024);
    expect(bodyLimitFor("multipart/form-data; boundary=x")).toBe(26 * 1024 * 1024);
  });

  it("names the limit in both languages", () => {
    const refusal = bodyTooLarge("multipart/form-data; boundary=x", 30_000_000);
    expect(refusal).toMatchObject({ status: 413, event: "body_too_large", detail: "30000000 bytes, multipart/form-data" });
    expect(refusal.message).toBe(
      "Запит завеликий: дозволено до 26 MB.\nRequest too large: this server accepts at most 26 MB here.\n",
    );
  });
});
