import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, test, type Page } from "@playwright/test";
import { logIn, snap } from "./helpers";

// Daily use (issue 13) on the demo seed, on a 1024 px laptop and a 360 px phone: an admin finds
// out who changed a case in the audit log and exports it; an officer finds applicants by a first
// name alone in either script, filters by place with the picker, and searches the training
// register; the registration form says what is wrong as the officer goes; the pages officers,
// mentors, reviewers and admins work in fit the screen. Every page visited must fit the screen (no
// sideways scroll) and pass axe-core (with WCAG 2.2's target-size rule) with no serious or
// critical violation.

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// The pages' Content-Security-Policy admits only the app's own scripts; axe is test tooling.
test.use({ bypassCSP: true });

const viewports = [
  { name: "laptop", width: 1024, height: 768 },
  { name: "phone", width: 360, height: 740 },
] as const;

type Violation = { id: string; impact: string | null; nodes: Array<{ target: string[] }> };

async function seriousViolations(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"], rules: { "target-size": { enabled: true } } });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.slice(0, 3).map((node) => ({ target: node.target })) }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

async function pageWidths(page: Page) {
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
}

// The pages of this journey: they must fit the screen and pass axe.
async function checkPage(page: Page, label: string) {
  const widths = await pageWidths(page);
  expect(widths.scroll, `${label}: page wider than the screen`).toBeLessThanOrEqual(widths.inner);
  const serious = await seriousViolations(page);
  expect(serious, `${label}: axe ${JSON.stringify(serious)}`).toEqual([]);
}

// Pages the journey passes through that belong to other work: what they show is reported (in the
// test's annotations), not asserted here.
async function reportPage(page: Page, label: string) {
  const widths = await pageWidths(page);
  const serious = await seriousViolations(page);
  if (widths.scroll > widths.inner || serious.length) {
    test.info().annotations.push({ type: "other page", description: `${label}: width ${widths.scroll}/${widths.inner}; axe ${JSON.stringify(serious)}` });
  }
}

for (const viewport of viewports) {
  test.describe(`${viewport.name} (${viewport.width} px)`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("an admin finds who changed a case by its code, reads the changes and exports them", async ({ page }) => {
      await logIn(page, "admin@example.org");
      await reportPage(page, "admin home");
      // A case that has been screened: its code is what people know it by.
      await page.goto("/cases?stage=training");
      const caseLink = page.getByRole("link", { name: /^LT-/ }).first();
      const caseCode = (await caseLink.textContent())!.trim();
      const caseHref = await caseLink.getAttribute("href");

      await page.goto("/admin/audit");
      await checkPage(page, "audit log");
      await page.getByLabel("Код справи").fill(caseCode.toLowerCase());
      await page.getByRole("button", { name: "Застосувати" }).click();
      await expect(page).toHaveURL(/caseCode=/);
      const rows = page.getByRole("row").filter({ has: page.getByRole("link", { name: caseCode }) });
      await expect(rows.first()).toBeVisible();
      // Every entry listed is about the case, by its code, not by an internal id.
      const listed = await page.locator("tbody tr").count();
      expect(listed).toBeGreaterThanOrEqual(2);
      await expect(rows).toHaveCount(listed);
      await expect(page.locator("tbody").getByText("Перевірка відповідності").first()).toBeVisible();
      // Readable changes: labelled fields with translated values, no JSON.
      await expect(page.locator(".audit-change dt:visible", { hasText: "Етап" }).first()).toBeVisible();
      await expect(page.locator("main")).not.toContainText('{"');
      await expect(page.locator("main")).not.toContainText("business_plan");
      await checkPage(page, "audit log filtered by case");
      await snap(page, `daily-use-audit-${viewport.name}`);

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Вивантажити CSV" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync((await download.path())!, "utf8");
      expect(csv.split("\r\n")[0]).toBe("\uFEFFКоли (за Києвом),Користувач,Дія,Об'єкт,Номер об'єкта,Код справи,Поле,Було,Стало");
      expect(csv).toContain(caseCode);
      expect(csv).toMatch(/# Вивантажено всі записи за фільтрами: \d+\./);

      await rows.first().getByRole("link", { name: caseCode }).click();
      await expect(page).toHaveURL(new RegExp(`${caseHref}$`));
      await expect(page.locator("main")).toContainText(caseCode);
      await reportPage(page, "case page");
    });

    test("an officer finds applicants by a first name alone in either script and by place", async ({ page }) => {
      await logIn(page, "officer@example.org");
      await page.goto("/cases");
      await checkPage(page, "case list");
      const found = page.getByText(/^Знайдено /);
      const everyone = (await found.textContent())!;
      const search = page.getByLabel("Пошук");
      await search.fill("Оксана");
      await search.press("Enter");
      await expect(page).toHaveURL(/q=/);
      await expect(found).not.toHaveText(everyone);
      const cyrillic = (await found.textContent())!;
      const names = page.locator("tbody tr td:nth-child(2)");
      expect(await names.count()).toBeGreaterThan(0);
      for (const name of await names.allTextContents()) expect(name).toContain("Оксана");
      await snap(page, `daily-use-search-${viewport.name}`);

      await page.getByLabel("Пошук").fill("Oksana");
      await page.getByLabel("Пошук").press("Enter");
      await expect(page).toHaveURL(/q=Oksana/);
      await expect(found).toHaveText(cyrillic);
      await checkPage(page, "case list, searched");

      // The place filter is the picker: oblast, then raion and hromada load as the choice narrows.
      // On a phone the filters are folded behind "Фільтри"; on a laptop they are open.
      await page.goto("/cases");
      const filtersToggle = page.locator("summary").filter({ hasText: "Фільтри" });
      if (viewport.name === "phone") {
        await expect(page.getByLabel("Етап")).toBeHidden();
        await filtersToggle.click();
      } else {
        await expect(filtersToggle).toBeHidden();
      }
      const place = page.getByRole("group", { name: "Де живе заявник" });
      await place.getByLabel("Область").selectOption({ label: "Дніпропетровська" });
      await expect(place.getByLabel("Район")).toBeEnabled();
      await page.getByRole("button", { name: "Застосувати" }).click();
      await expect(page).toHaveURL(/oblast=UA12/);
      await expect(page.getByRole("group", { name: "Де живе заявник" }).getByLabel("Область")).toHaveValue("UA12");
      // The folded filters say how many are set.
      if (viewport.name === "phone") await expect(filtersToggle).toHaveText("Фільтри1 обраний");
      await checkPage(page, "case list filtered by oblast");
      await snap(page, `daily-use-filters-${viewport.name}`);
    });

    test("after “Додати рядок” the focus is in the new budget line", async ({ page }) => {
      await logIn(page, "officer@example.org");
      await page.goto("/cases?stage=business_plan");
      const href = await page.getByRole("link", { name: /^LT-/ }).first().getAttribute("href");
      await page.goto(`${href}/plan`);
      const addLine = page.getByRole("button", { name: "Додати рядок" });
      await expect(addLine).toBeVisible();
      const items = page.getByLabel(/^Позиція, рядок \d+$/);
      const before = await items.count();
      await addLine.click();
      await expect(items).toHaveCount(before + 1);
      await expect(page.getByLabel(`Позиція, рядок ${before + 1}`, { exact: true })).toBeFocused();
      await checkPage(page, "business plan");
    });

    test("an officer searches the training register", async ({ page }) => {
      await logIn(page, "officer@example.org");
      await page.goto("/training");
      // The demo programme whose applicants are in training.
      const programme = await page.getByLabel("Програма").locator("option", { hasText: "EEP-2026" }).getAttribute("value");
      await page.goto(`/training?programme=${programme}`);
      await page.getByRole("region", { name: "Заняття" }).getByRole("link").first().click();
      await expect(page.getByRole("heading", { name: "Журнал відвідування" })).toBeVisible();
      await checkPage(page, "training register");
      const total = await page.locator(".register-table tbody tr").count();
      await page.getByLabel("Знайти в журналі").fill("Oksana");
      const visible = page.locator(".register-table tbody tr:visible");
      await expect(page.getByText(/^Показано \d+ із \d+\.$|^Нікого не знайдено/)).toBeVisible();
      for (const name of await visible.locator("td:nth-child(3)").allTextContents()) expect(name).toContain("Оксана");
      expect(await visible.count()).toBeLessThan(total);
      await checkPage(page, "training register, searched");
      await snap(page, `daily-use-training-${viewport.name}`);
    });

    test("the registration form says what is wrong on leaving a field, and sums it up with links", async ({ page }) => {
      await logIn(page, "officer@example.org");
      await page.goto("/cases/new");
      await expect(page.getByText("Поля, позначені *, обов'язкові.")).toBeVisible();
      const surname = page.getByLabel("Прізвище", { exact: true });
      // Required fields are marked for everyone: a visible "*" and the required attribute.
      await expect(surname).toHaveAttribute("required", "");
      const surnameLabel = page.locator(`label[for="${await surname.getAttribute("id")}"]`);
      expect(await surnameLabel.evaluate((label) => getComputedStyle(label, "::after").content)).toMatch(/^" \*"/);
      await expect(page.getByLabel("По батькові")).not.toHaveAttribute("required", "");

      // Leaving an empty required field: the error appears next to it, the border turns red.
      await surname.focus();
      await surname.press("Tab");
      await expect(surname).toHaveAttribute("aria-invalid", "true");
      await expect(surname).toHaveAccessibleDescription(/Це поле обов'язкове\./);
      expect(await surname.evaluate((input) => getComputedStyle(input).borderTopColor)).toBe("rgb(164, 22, 26)");
      // Before any submit, no summary: errors show beside their fields only.
      await expect(page.getByRole("alert")).toHaveCount(0);

      // A wrong check digit is said at once, while the rest of the form is still empty.
      const rnokpp = page.getByLabel("РНОКПП", { exact: true });
      await rnokpp.fill("3652504576");
      await rnokpp.press("Tab");
      await expect(rnokpp).toHaveAccessibleDescription(/Контрольна цифра РНОКПП не збігається/);

      // Submitting: nothing is sent, focus moves to the summary, which lists every error.
      await page.getByRole("button", { name: "Зареєструвати" }).click();
      const summary = page.getByRole("alert").filter({ hasText: "Форму не надіслано" });
      await expect(summary).toBeFocused();
      await expect(page).toHaveURL(/\/cases\/new$/);
      await expect(summary.getByRole("link", { name: "РНОКПП: Контрольна цифра РНОКПП не збігається: перевірте номер." })).toBeVisible();
      const links = summary.getByRole("link");
      const listed = await links.count();
      expect(listed).toBeGreaterThanOrEqual(8);
      await expect(summary.getByRole("heading")).toHaveText(`Форму не надіслано: ${listed} помилок`);
      await snap(page, `daily-use-form-summary-${viewport.name}`);

      // Each link leads to its field; correcting it takes it off the list as the officer types.
      await summary.getByRole("link", { name: "Прізвище: Це поле обов'язкове." }).click();
      await expect(surname).toBeFocused();
      await surname.fill("Шевченко");
      await expect(surname).not.toHaveAttribute("aria-invalid", "true");
      await expect(links).toHaveCount(listed - 1);
      await summary.getByRole("link", { name: /^Стать:/ }).click();
      await expect(page.getByLabel("Стать", { exact: true })).toBeFocused();
      await summary.getByRole("link", { name: /^Статус переміщення:/ }).click();
      await expect(page.getByLabel("Статус переміщення", { exact: true })).toBeFocused();
      await checkPage(page, "registration form with errors");
    });

    test("the pages each role works in fit the screen and pass axe", async ({ page }) => {
      test.setTimeout(180_000);
      // The officer: the case list, a case with a plan being written, its plan, a case under
      // review, the committee's list and a decision page.
      await logIn(page, "officer@example.org");
      await page.goto("/cases");
      await checkPage(page, "officer: case list");
      await page.goto("/cases?stage=business_plan");
      const planCase = (await page.getByRole("link", { name: /^LT-/ }).first().getAttribute("href"))!;
      await page.goto(planCase);
      await checkPage(page, "officer: case page");
      // A phone number is a link a phone can call.
      const phone = page.getByRole("link", { name: /^\+380\d{9}$/ });
      await expect(phone).toHaveAttribute("href", /^tel:\+380\d{9}$/);
      await page.goto(`${planCase}/plan`);
      await checkPage(page, "officer: plan page");
      // The editable plan: its totals are on the page and the budget fits.
      await page.getByRole("heading", { name: "Підсумки бюджету" }).scrollIntoViewIfNeeded();
      await expect(page.getByRole("heading", { name: "Підсумки бюджету" })).toBeInViewport();
      const totals = page.getByRole("region", { name: "Підсумки бюджету" });
      for (const box of await totals.locator("dd").all()) {
        const rect = (await box.boundingBox())!;
        expect(rect.x + rect.width).toBeLessThanOrEqual(viewport.width);
      }
      await snap(page, `daily-use-plan-${viewport.name}`);
      await page.goto("/cases?stage=review");
      const reviewCase = (await page.getByRole("link", { name: /^LT-/ }).first().getAttribute("href"))!;
      await page.goto(`${reviewCase}/review`);
      await checkPage(page, "officer: review panel");
      await page.goto("/committee");
      await checkPage(page, "officer: committee list");
      await page.goto("/cases?stage=committee");
      const committeeCase = (await page.getByRole("link", { name: /^LT-/ }).first().getAttribute("href"))!;
      await page.goto(`/committee/${committeeCase.split("/").pop()}`);
      await checkPage(page, "officer: committee decision");
      await snap(page, `daily-use-committee-${viewport.name}`);

      // The mentor: their case list, a case of theirs with a plan being written, its plan.
      await page.context().clearCookies();
      await logIn(page, "mentor@example.org");
      await page.goto("/cases");
      await checkPage(page, "mentor: case list");
      await page.goto("/cases?stage=business_plan");
      const mentorCase = (await page.getByRole("link", { name: /^LT-/ }).first().getAttribute("href"))!;
      await page.goto(mentorCase);
      await checkPage(page, "mentor: case page");
      await page.goto(`${mentorCase}/plan`);
      await checkPage(page, "mentor: plan page");

      // The reviewer: the queue and a plan to score.
      await page.context().clearCookies();
      await logIn(page, "reviewer@example.org");
      await page.goto("/reviews");
      await checkPage(page, "reviewer: queue");
      await page.locator("main").getByRole("link", { name: /^LT-/ }).first().click();
      await expect(page).toHaveURL(/\/reviews\/\d+$/);
      await checkPage(page, "reviewer: review page");
      await snap(page, `daily-use-review-${viewport.name}`);

      // The admin: a programme's rubric editor.
      await page.context().clearCookies();
      await logIn(page, "admin@example.org");
      await page.goto("/admin/programmes");
      await page.locator("main table").getByRole("link").first().click();
      await page.getByRole("link", { name: "Рубрика оцінювання" }).click();
      await expect(page).toHaveURL(/\/rubric$/);
      await checkPage(page, "admin: rubric editor");
      await snap(page, `daily-use-rubric-${viewport.name}`);
    });
  });
}
