// The refusal of a save that lost a race, as the server renders it: one sentence saying what
// changed, who changed it and when (Kyiv time), in the reader's language, and that the entries
// are kept. Exact text, so that a missing translation or value fails here.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { i18nFor, type Locale } from "~/lib/i18n";
import type { RecordChange } from "~/lib/stale-record";

function sentence(change: RecordChange | null, locale: Locale): string {
  const html = renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale) }, createElement(StaleRecordNotice, { change })));
  expect(html).toContain('role="alert"');
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');
}

// 11:02 UTC on 20 November is 13:02 in Kyiv (EET, UTC+2).
const at = "2026-11-20T11:02:41.123Z";
const keptEn = "The page now shows the current state and your entries are still in the form: check them and save again if they still apply.";
const keptUk = "Сторінка вже показує поточний стан, а ваші дані залишилися у формі: перевірте їх і збережіть ще раз, якщо вони досі актуальні.";

describe("what a refused save says", () => {
  it("names a colleague's committee decision, with who and when, in both languages", () => {
    const change: RecordChange = { record: "case", action: "transition", event: "decide", decision: "waitlisted", stage: "committee", status: "waitlisted", at, by: "Olena Kovalenko" };
    expect(sentence(change, "en")).toBe(`Since you opened this page, a decision on this case was recorded: Waitlisted (Olena Kovalenko, 20 Nov 2026, 13:02). ${keptEn}`);
    expect(sentence(change, "uk")).toBe(`Відколи ви відкрили цю сторінку, щодо цієї справи ухвалено рішення: У списку очікування (Olena Kovalenko, 20 лист. 2026, 13:02). ${keptUk}`);
  });

  it("names a decision sent back for revision, which leaves no standing decision on the case", () => {
    const change: RecordChange = { record: "case", action: "transition", event: "decide", stage: "business_plan", status: "open", at, by: "Olena Kovalenko" };
    expect(sentence(change, "en")).toContain("a decision on this case was recorded: Sent back for revision (");
  });

  it.each<[string, RecordChange, string]>([
    ["a screening", { record: "case", action: "screen", eligibility: "ineligible", at, by: "Petro Shevchenko" }, "Since you opened this page, this case was screened: Ineligible (Petro Shevchenko, 20 Nov 2026, 13:02)."],
    ["an override", { record: "case", action: "override", eligibility: "overridden", at, by: "Petro Shevchenko" }, "Since you opened this page, this applicant was admitted despite the screening (Petro Shevchenko, 20 Nov 2026, 13:02)."],
    ["a withdrawal", { record: "case", action: "transition", event: "withdraw", status: "withdrawn", at, by: "Petro Shevchenko" }, "Since you opened this page, this application was withdrawn (Petro Shevchenko, 20 Nov 2026, 13:02)."],
    ["a reopening", { record: "case", action: "transition", event: "reopen_decision", at, by: "Iryna Savchuk" }, "Since you opened this page, the committee's decision on this case was reopened (Iryna Savchuk, 20 Nov 2026, 13:02)."],
    ["another step", { record: "case", action: "transition", event: "assign_reviewers", stage: "review", status: "open", at, by: "Iryna Savchuk" }, "Since you opened this page, this case changed: stage “Review”, status “Open” (Iryna Savchuk, 20 Nov 2026, 13:02)."],
    ["an attendance mark", { record: "attendance", action: "attend", subjects: ["Гонитва1 Олена", "Гонитва4 Олена"], at, by: "Olena Kovalenko" }, "Since you opened this page, the attendance of Гонитва1 Олена, Гонитва4 Олена was changed (Olena Kovalenko, 20 Nov 2026, 13:02)."],
    ["a mapping", { record: "import_mapping", action: "update", subjects: ["Partner form"], at, by: "Olena Kovalenko" }, "Since you opened this page, the mapping of this form was saved as “Partner form” (Olena Kovalenko, 20 Nov 2026, 13:02)."],
    ["a plan save", { record: "business_plan", action: "update", at, by: "Mentor Name" }, "Since you opened this page, the business plan was saved (Mentor Name, 20 Nov 2026, 13:02)."],
    ["a change by the system at an unknown time", { record: "programme", action: "update", at: null, by: null }, "Since you opened this page, this record was changed: Update (someone else)."],
  ])("names %s", (_what, change, expected) => {
    expect(sentence(change, "en")).toBe(`${expected} ${keptEn}`);
  });

  it("falls back to the general message when the change is not known", () => {
    expect(sentence(null, "en")).toBe("Someone else has just changed this record. Reload the page and make your changes again.");
  });
});
