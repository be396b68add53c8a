import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/safe-redirect";

// Where a browser on https://app.example goes after `Location: <target>`.
function browserDestination(target: string) {
  return new URL(target, "https://app.example/login");
}

describe("safeRedirect", () => {
  it.each([
    ["/", "/"],
    ["/cases", "/cases"],
    ["/admin/users?page=2", "/admin/users?page=2"],
    ["/cases?q=%D0%86%D0%B2%D0%B0%D0%BD#list", "/cases?q=%D0%86%D0%B2%D0%B0%D0%BD#list"],
    // Percent-encoded characters stay encoded: the browser reads them as part of a path on this site.
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    // Dot segments are resolved first, as the browser would ("/.//x" is refused below: resolved,
    // it would start with "//").
    ["/cases/../admin", "/admin"],
  ])("keeps the same-site path %j as %j", (target, expected) => {
    expect(safeRedirect(target)).toBe(expected);
    expect(browserDestination(expected).origin).toBe("https://app.example");
  });

  it.each([
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\u0000/evil.example",
    "/ /evil.example".replace(" ", "\u000b"),
    "/.//evil.example",
    "/..//evil.example",
    "/cases/..//evil.example",
    "https://evil.example",
    "https://evil.example/login",
    "http:evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "",
  ])("refuses %j and falls back to /", (target) => {
    expect(safeRedirect(target)).toBe("/");
  });

  it("the hostile targets would have left the site had they been used as they are", () => {
    // The reason for the checks above: each of these really resolves to another host.
    for (const target of ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example"]) {
      expect(browserDestination(target).host).not.toBe("app.example");
    }
  });

  it("refuses what is not a string and uses the given fallback", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File(["x"], "x.txt"))).toBe("/");
    expect(safeRedirect("https://evil.example", "/cases")).toBe("/cases");
  });
});
