import { describe, expect, it } from "vitest";
import { i18nFor } from "~/lib/i18n";
import { labelsOnce } from "~/lib/labels";

describe("labelsOnce", () => {
  it("translates a label without options once, and one with options, a default or a list of keys every time", () => {
    const calls: unknown[] = [];
    const t = labelsOnce((key: string | string[], options?: Record<string, unknown> | string) => {
      calls.push(key);
      return options ? `${String(key)}:${JSON.stringify(options)}` : String(key).toUpperCase();
    });
    expect([t("stages.review"), t("stages.review"), t("stages.committee")]).toEqual(["STAGES.REVIEW", "STAGES.REVIEW", "STAGES.COMMITTEE"]);
    expect([t("shown", { n: 1 }), t("shown", { n: 2 }), t("missing", "Default")]).toEqual(['shown:{"n":1}', 'shown:{"n":2}', 'missing:"Default"']);
    expect([t(["a", "b"]), t(["a", "b"])]).toEqual(["A,B", "A,B"]);
    expect(calls).toEqual(["stages.review", "stages.committee", "shown", "shown", "missing", ["a", "b"], ["a", "b"]]);
  });

  it("is what useTranslation's `t` does, with the same text as i18next's own", () => {
    const instance = i18nFor("en");
    const t = instance.getFixedT("en");
    expect(t("stages.committee")).toBe(instance.t("stages.committee"));
    expect(t("stages.committee")).toBe("Committee");
    expect(t("review.training.shownCount", { shown: "2", total: "9" })).toBe("Showing 2 of 9.");
  });
});
