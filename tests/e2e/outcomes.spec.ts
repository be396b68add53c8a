import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import { pdfPages } from "../helpers/pdf-text";
import { logIn, snap } from "./helpers";

// Issue 11: the evaluator opens the outcomes dashboard on the demo data, filters by IDP status,
// sees a small count published as "<5", downloads the tables as XLSX and finds the same numbers.
test("an evaluator reads the outcomes of IDPs, suppressed, and finds the page's numbers in the XLSX", async ({ page }) => {
  await logIn(page, "evaluator@example.org");
  await page.getByRole("navigation").getByRole("link", { name: "Результати" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Результати програми" })).toBeVisible();
  await expect(page.locator("#suppression-legend")).toContainText("«<5»");
  // recharts draws after hydration.
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
  await snap(page, "outcomes-dashboard");

  await page.getByLabel("Статус переміщення (при подачі заяви)", { exact: true }).selectOption("idp");
  await page.getByRole("button", { name: "Застосувати" }).click();
  await expect(page).toHaveURL(/displacement=idp/);
  // The filtered view has arrived once the export forms carry the filter.
  await expect(page.locator('form[action="/outcomes/export"] input[name="displacement"][value="idp"]').first()).toBeAttached();
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();

  const funded = (await page.locator("#tile-funded + .outcome-tile-value").textContent())!.replace(/\s/g, "");
  expect(Number(funded)).toBeGreaterThan(0);
  // Few IDP owners moved abroad: the count is published as "<5", and so no rate.
  const abroadRow = page.locator("#table-remigration").getByRole("row", { name: /За кордоном/ });
  await expect(abroadRow.getByRole("cell")).toHaveText("<5");
  await expect(page.locator("#table-remigration").getByRole("row", { name: /Частка за кордоном/ }).getByRole("cell")).toHaveText("замало");
  await abroadRow.scrollIntoViewIfNeeded();
  await snap(page, "outcomes-idp-suppressed");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Усі таблиці (XLSX)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^outcomes-all-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  const bytes = Buffer.concat(await (await file.createReadStream()).toArray());
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const sheet = (suffix: string) => workbook.worksheets.find((one) => one.name.endsWith(suffix))!;
  const valueOf = (suffix: string, label: string) => {
    let found: ExcelJS.CellValue = null;
    sheet(suffix).eachRow((row) => {
      if (row.getCell(1).value === label) found = row.getCell(2).value;
    });
    return found;
  };
  expect(valueOf("Головні показники", "Профінансовано бізнесів")).toBe(Number(funded));
  expect(valueOf("Проживання", "За кордоном")).toBe("<5");
  expect(valueOf("Проживання", "З відомим статусом")).toBe(Number((await page.locator("#table-remigration").getByRole("row", { name: /З відомим статусом/ }).getByRole("cell").textContent())!.replace(/\s/g, "")));
  const notes = workbook.worksheets.at(-1)!;
  expect(notes.name).toBe("Примітки");
  expect(String(notes.getCell("A2").value)).toContain("displacement=idp");

  // The donor report of the programme: one printable page, in English on request.
  await page.getByLabel("Програма", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "Застосувати" }).click();
  await page.getByRole("link", { name: "Звіт для донора (друк)" }).click();
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("outcomes for the whole period");
  await expect(page.getByRole("table", { name: "Displacement status (at application)" })).toBeVisible();
  await snap(page, "outcomes-donor-report");

  // The same report as a PDF: one A4 page with the page's heading and numbers.
  const heading = await page.getByRole("heading", { level: 1 }).innerText();
  const reportFunded = await page.locator(".report-headline dd").first().innerText();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Завантажити PDF" }).click();
  const pdf = await downloading;
  expect(pdf.suggestedFilename()).toMatch(/^outcomes-.+-en\.pdf$/);
  const pages = pdfPages(readFileSync(await pdf.path()));
  expect(pages).toHaveLength(1);
  expect(pages[0].join("")).toContain(`${heading}`);
  expect(pages[0].join("")).toContain(`Businesses funded${reportFunded}`);
});
