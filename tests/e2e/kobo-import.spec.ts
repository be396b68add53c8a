import { expect, test } from "@playwright/test";
import { logIn, snap } from "./helpers";

test("an officer imports a Kobo file with a bad row: dry run, import, report", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.getByRole("navigation").getByRole("link", { name: "Імпорт з KoboToolbox" }).click();
  await page.getByLabel("Файл експорту Kobo (XLSX або CSV)").setInputFiles("tests/fixtures/kobo-applicants-full.csv");
  await page.getByRole("button", { name: "Завантажити і зіставити колонки" }).click();
  await expect(page.getByRole("heading", { name: "Зіставлення колонок" })).toBeVisible();
  await snap(page, "kobo-mapping");

  await page.getByRole("button", { name: "Пробний запуск" }).click();
  await expect(page.getByRole("heading", { name: "Результат пробного запуску" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Рядки з помилками" })).toBeVisible();
  await expect(page.getByRole("cell", { name: /Контрольна цифра РНОКПП не збігається/ })).toBeVisible();
  await snap(page, "kobo-dry-run");

  await page.getByRole("button", { name: "Імпортувати" }).click();
  await expect(page.getByText("Імпорт завершено.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Контрольна цифра РНОКПП не збігається").first()).toBeVisible();
  await snap(page, "kobo-imported");

  const download = page.waitForEvent("download");
  // The report holds people's data: a POST for the uploader (audited), not a link.
  await page.getByRole("button", { name: "Завантажити звіт (CSV)" }).click();
  const report = await (await download).createReadStream().then((stream) => stream.toArray());
  expect(Buffer.concat(report).toString("utf8")).toContain("Кравчук");

  // The same file again creates nothing new.
  await page.goto("/imports");
  await page.getByLabel("Файл експорту Kobo (XLSX або CSV)").setInputFiles("tests/fixtures/kobo-applicants-full.csv");
  await page.getByRole("button", { name: "Завантажити і зіставити колонки" }).click();
  await page.getByRole("button", { name: "Пробний запуск" }).click();
  await expect(page.getByRole("heading", { name: "Результат пробного запуску" })).toBeVisible();
  await expect(page.getByText(/Буде створено справ\s*0/)).toBeVisible();
});
