import { describe, expect, it } from "vitest";
import {
  hasDisability,
  wgAnswers,
  wgDomains,
  type WgAnswer,
} from "~/modules/intake/washington-group";

describe("Washington Group Short Set (domain.md §6)", () => {
  it("has the six domains", () => {
    expect(wgDomains).toEqual([
      "seeing",
      "hearing",
      "walking",
      "remembering",
      "selfCare",
      "communicating",
    ]);
  });

  it("is not a disability when every domain is no or some difficulty", () => {
    expect(hasDisability({})).toBe(false);
    expect(
      hasDisability({
        seeing: "some_difficulty",
        hearing: "no_difficulty",
        walking: "some_difficulty",
        remembering: "some_difficulty",
        selfCare: "no_difficulty",
        communicating: "some_difficulty",
      }),
    ).toBe(false);
  });

  it.each(wgDomains)(
    "is a disability with a lot of difficulty or cannot do in %s alone",
    (domain) => {
      expect(hasDisability({ [domain]: "a_lot_of_difficulty" })).toBe(true);
      expect(hasDisability({ [domain]: "cannot_do" })).toBe(true);
      expect(hasDisability({ [domain]: "some_difficulty" })).toBe(false);
    },
  );

  it("applies the cut-off at 'a lot of difficulty'", () => {
    const flags = wgAnswers.map((answer: WgAnswer) => hasDisability({ walking: answer }));
    expect(flags).toEqual([false, false, true, true]);
  });
});
