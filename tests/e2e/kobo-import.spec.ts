import { expect, test } from "@playwright/test";
import { logIn, snap } from "./helpers";

test("an officer imports a Kobo file with a bad row: dry run, import, report", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.getByRole("navigation").getByRole("link", { name: "Імпорт з KoboToolbox" }).click();
  await page.getByLabel("Файл експорту Kobo (XLSX або CSV)").setInputFiles("tests/fixtures/kobo-applicants-full.csv");
  await page.getByRole("button", { name: "Завантажити і зіставити колонки" }).click();
  await expect(page.getByRole("heading", { name: "Зіставлення колонок" })).toBeVisible();
  // Two programmes take applications in the demo: this file is for this year's.
  await page.getByRole("combobox", { name: "Програма", exact: true }).selectOption({ label: "EEP-2026 — Програма економічного розширення можливостей 2026" });
  await snap(page, "kobo-mapping");

  await page.getByRole("button", { name: "Пробний запуск" }).click();
  await expect(page.getByRole("heading", { name: "Результат пробного запуску" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Рядки з помилками" })).toBeVisible();
  // Once in the reasons grouped with their counts, once on the row.
  await expect(page.getByRole("cell", { name: /Контрольна цифра РНОКПП не збігається/ })).toHaveCount(2);
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

test("an officer imports a partner's own form: nothing made up, incomplete applications, a report before importing", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.goto("/imports");
  await page.getByLabel("Файл експорту Kobo (XLSX або CSV)").setInputFiles("tests/fixtures/kobo-partner-eoi.csv");
  await page.getByRole("button", { name: "Завантажити і зіставити колонки" }).click();
  await expect(page.getByRole("heading", { name: "Зіставлення колонок" })).toBeVisible();

  // Guessed from the partner's own question names; the interview's day, not the upload time.
  await expect(page.getByLabel("Прізвище: Колонка у файлі", { exact: true })).toHaveValue("ben_det/ben_det_surname");
  await expect(page.getByLabel("Телефон: Колонка у файлі", { exact: true })).toHaveValue("ben_det/ph_number");
  await expect(page.getByLabel("РНОКПП: Колонка у файлі", { exact: true })).toHaveValue("ben_det/tax_id_num");
  await expect(page.getByLabel("Дата згоди: Колонка у файлі", { exact: true })).toHaveValue("today");
  // Per-option 0/1 columns are not offered.
  await expect(page.getByLabel("Прізвище: Колонка у файлі", { exact: true }).locator("option", { hasText: "ent/barriers/no_phone" })).toHaveCount(0);
  await page.getByRole("combobox", { name: "Програма", exact: true }).selectOption({ label: "EEP-2026 — Програма економічного розширення можливостей 2026" });
  await expect(page.getByRole("radio", { name: "Поки нікому — справи лишаються у працівників агенції" })).toBeChecked();
  await expect(page.getByRole("heading", { name: "Види діяльності → КВЕД" })).toBeVisible();
  await page.getByLabel("КВЕД: other").fill(":not_collected");
  await snap(page, "kobo-partner-mapping");

  await page.getByRole("button", { name: "Пробний запуск" }).click();
  await expect(page.getByRole("heading", { name: "Результат пробного запуску" })).toBeVisible();
  await expect(page.getByText("Вік (повних років на дату інтерв'ю): заявнику 15 — менше 18 років.").first()).toBeVisible();
  await expect(page.getByText(/Дата народження й стать, закодовані в РНОКПП, не відповідають рядкам/)).toBeVisible();
  await expect(page.getByText(/рядок \d+ \(Павленко Петро Іванович\)/)).toBeVisible();
  await snap(page, "kobo-partner-dry-run");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Завантажити звіт пробного запуску (CSV)" }).click();
  const report = Buffer.concat(await (await download).createReadStream().then((stream) => stream.toArray())).toString("utf8");
  expect(report).toContain("Лисенко Софія Андріївна");
  expect(report).toContain("Буде створено як неповну заяву");

  await page.getByRole("button", { name: "Імпортувати" }).click();
  await expect(page.getByText("Імпорт завершено.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Створені справи, що потребують уваги" })).toBeVisible();

  // The applicant aged 15 was imported, flagged: her case says what it lacks.
  await page.getByRole("row", { name: /Лисенко Софія Андріївна/ }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Неповна заявка" })).toBeVisible();
  await expect(page.getByText("з РНОКПП").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Інші відповіді з форми партнера" })).toBeVisible();
  await expect(page.getByText("Civil status")).toBeVisible();
  await snap(page, "kobo-partner-case");
});
