import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, test, type Page } from "@playwright/test";
import { logIn, snap } from "./helpers";

// Daily use (issue 13) on the demo seed, on a 1024 px laptop and a 360 px phone: an admin finds
// out who changed a case in the audit log and exports it; an officer finds applicants by a first
// name alone in either script, filters by place with the picker, and searches the training
// register. Every page visited must fit the screen (no sideways scroll) and pass axe-core with no
// serious or critical violation.

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
    const result = await axe.run(document, { resultTypes: ["violations"] });
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
      await page.goto("/cases");
      const place = page.getByRole("group", { name: "Де живе заявник" });
      await place.getByLabel("Область").selectOption({ label: "Дніпропетровська" });
      await expect(place.getByLabel("Район")).toBeEnabled();
      await page.getByRole("button", { name: "Застосувати" }).click();
      await expect(page).toHaveURL(/oblast=UA12/);
      await expect(page.getByRole("group", { name: "Де живе заявник" }).getByLabel("Область")).toHaveValue("UA12");
      await checkPage(page, "case list filtered by oblast");
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
      await reportPage(page, "business plan");
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
  });
}
