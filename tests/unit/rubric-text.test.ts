// How a rubric reads: the programme's own names and meanings first, then the built-in texts of
// the default criteria and of the 1–5 scale, then the other language, then the criterion's key.
import { describe, expect, it } from "vitest";
import {
  criterionGuidance,
  criterionLabel,
  criterionLabelTexts,
  scaleScores,
  scoreLabel,
  scoreMeaning,
  scoreMeaningTexts,
} from "~/modules/review/rubric-text";
import { defaultRubric } from "~/modules/review/scoring";

describe("criterionLabel", () => {
  it("uses the programme's name in the reader's language", () => {
    const criterion = { key: "job_creation", label: { uk: "Нові робочі місця", en: "New jobs" } };
    expect(criterionLabel(criterion, "uk")).toBe("Нові робочі місця");
    expect(criterionLabel(criterion, "en")).toBe("New jobs");
  });

  it("falls back to the built-in name of a default criterion stored without a name", () => {
    expect(criterionLabel({ key: "budget_realism" }, "uk")).toBe("Реалістичність бюджету");
    expect(criterionLabel({ key: "budget_realism" }, "en")).toBe("Budget realism");
    // A name left empty in one language reads as not given there.
    expect(criterionLabel({ key: "budget_realism", label: { uk: "Кошторис", en: "  " } }, "en")).toBe("Budget realism");
  });

  it("shows a new criterion's name in the other language before its bare key", () => {
    const criterion = { key: "tourism_potential", label: { uk: "Туристичний потенціал", en: "" } };
    expect(criterionLabel(criterion, "en")).toBe("Туристичний потенціал");
    expect(criterionLabel({ key: "tourism_potential" }, "en")).toBe("tourism_potential");
    expect(criterionLabel({ key: "tourism_potential" }, "uk")).toBe("tourism_potential");
  });

  it("does not take a key that names an object property for a default criterion", () => {
    expect(criterionLabel({ key: "constructor" }, "en")).toBe("constructor");
  });

  it("gives the editor both names of a criterion, built-in ones included", () => {
    expect(criterionLabelTexts({ key: "co_contribution" })).toEqual({ uk: "Власний внесок", en: "Co-contribution" });
    expect(criterionLabelTexts({ key: "tourism_potential" })).toEqual({ uk: "", en: "" });
  });
});

describe("criterionGuidance", () => {
  it("gives the programme's guidance, in the other language if need be, else nothing", () => {
    const guidance = { uk: "Чи приїдуть гості?", en: "Will visitors come?" };
    expect(criterionGuidance({ guidance }, "en")).toBe("Will visitors come?");
    expect(criterionGuidance({ guidance: { ...guidance, en: "" } }, "en")).toBe("Чи приїдуть гості?");
    expect(criterionGuidance({}, "uk")).toBe("");
    expect(criterionGuidance(defaultRubric.criteria[0], "en")).toMatch(/sales forecast/);
  });
});

describe("scoreMeaning", () => {
  const stored = { scaleMin: 1, scaleMax: 5 };

  it("uses the programme's meanings, and the built-in ones for a 1–5 scale stored without any", () => {
    const rubric = { ...stored, scoreMeanings: [{ score: 4, uk: "сильний план", en: "a strong plan" }] };
    expect(scoreMeaning(rubric, 4, "en")).toBe("a strong plan");
    expect(scoreMeaning(rubric, 5, "en")).toBe("excellent");
    expect(scoreMeaning(stored, 1, "uk")).toBe("дуже слабко");
    expect(scoreLabel(stored, 4, "en")).toBe("4 — good");
    expect(scoreMeaningTexts(stored, 2)).toEqual({ uk: "слабко", en: "weak" });
  });

  it("gives no built-in meaning on another scale: the bare number is shown", () => {
    const rubric = { scaleMin: 0, scaleMax: 10, scoreMeanings: [{ score: 10, uk: "ідеально", en: "" }] };
    expect(scoreMeaning(rubric, 4, "en")).toBe("");
    expect(scoreLabel(rubric, 4, "en")).toBe("4");
    // Given only in Ukrainian, the meaning still shows to an English reader.
    expect(scoreLabel(rubric, 10, "en")).toBe("10 — ідеально");
  });

  it("reads the default rubric's own meanings", () => {
    expect(scoreLabel(defaultRubric, 5, "uk")).toBe("5 — відмінно");
    expect(scoreLabel(defaultRubric, 3, "en")).toBe("3 — adequate");
  });
});

describe("scaleScores", () => {
  it("lists every score of the scale, lowest first", () => {
    expect(scaleScores({ scaleMin: 1, scaleMax: 5 })).toEqual([1, 2, 3, 4, 5]);
    expect(scaleScores({ scaleMin: 0, scaleMax: 2 })).toEqual([0, 1, 2]);
    expect(scaleScores({ scaleMin: 3, scaleMax: 1 })).toEqual([]);
  });
});
