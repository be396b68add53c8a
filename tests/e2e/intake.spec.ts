import { expect, test, type Page } from "@playwright/test";
import { logIn, snap } from "./helpers";

async function fillApplicant(page: Page, person: { surname: string; firstName: string; birthDate: string; sex: "Жінка" | "Чоловік" }) {
  await page.getByLabel("Прізвище").fill(person.surname);
  await page.getByLabel("Ім'я", { exact: true }).fill(person.firstName);
  await page.getByLabel("Стать").selectOption({ label: person.sex });
  await page.getByLabel("Дата народження").fill(person.birthDate);
  await page.getByLabel("Джерело направлення").selectOption({ label: "Гаряча лінія 527" });
  await page.getByLabel("Статус переміщення").selectOption({ label: "Приймаюча громада" });
  await page.getByRole("group", { name: "Де проживає зараз" }).getByLabel("Область").selectOption({ label: "Дніпропетровська" });
  await page.getByLabel("Форма гранту").selectOption({ label: "Грошовий грант (транші)" });
  await page.getByLabel("Запитувана сума").fill("85 000");
  // Two programmes are open in the demo: the applicant applies to this year's (chosen last, once
  // the page has hydrated, so a first slow load cannot reset it).
  await page.getByLabel("Програма").selectOption({ label: "EEP-2026" });
  await expect(page.getByLabel("Програма")).toHaveValue(/\d+/);
}

test("an officer registers an applicant, fixing a bad RNOKPP after the error", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.getByRole("navigation").getByRole("link", { name: "Справи" }).click();
  await page.getByRole("link", { name: "Зареєструвати заявника" }).click();
  await fillApplicant(page, { surname: "Гнатюк", firstName: "Ярина", birthDate: "1991-04-12", sex: "Жінка" });
  const residence = page.getByRole("group", { name: "Де проживає зараз" });
  await residence.getByLabel("Знайти громаду за назвою").fill("Irpin");
  await residence.getByRole("button", { name: /Ірпінська · Київська/ }).click();
  await expect(residence.getByLabel("Громада")).toHaveValue(/^UA32/);
  await expect(residence.getByLabel("Область")).toHaveValue("UA32");
  await page.getByRole("textbox", { name: "РНОКПП" }).fill("3652504576");
  await page.getByLabel("КВЕД (клас)").fill("10.71");
  await page.getByRole("button", { name: "Зареєструвати" }).click();

  // Beside the field (the error summary at the top says it too, after the field's name).
  await expect(page.locator("p.field-error").filter({ hasText: "Контрольна цифра РНОКПП не збігається: перевірте номер." })).toBeVisible();
  await expect(page.getByLabel("Прізвище")).toHaveValue("Гнатюк");
  await expect(page.getByLabel("Запитувана сума")).toHaveValue("85 000");
  await snap(page, "intake-bad-rnokpp");

  await page.getByRole("textbox", { name: "РНОКПП" }).fill("3652504575");
  await page.getByRole("button", { name: "Зареєструвати" }).click();
  await expect(page.getByText("Заявника зареєстровано.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Гнатюк Ярина");
  // The case page says what comes next and leads there.
  const nextStep = page.getByRole("region", { name: "Наступний крок" });
  await expect(nextStep.getByRole("link", { name: "Провести відбір" })).toBeVisible();
  await snap(page, "intake-registered");

  await nextStep.getByRole("link", { name: "Провести відбір" }).click();
  await page.getByRole("button", { name: "Перевірити відповідність" }).click();
  await expect(page.getByText("перевірено")).toBeVisible();
  await expect(page.getByRole("table", { name: /Правила відповідності/ })).toBeVisible();
  await expect(nextStep.getByRole("link", { name: "Завершити бізнес-навчання" })).toHaveAttribute("href", "/training");
  await snap(page, "intake-screened");
});

test("an officer meets a possible duplicate spelled in Latin and merges it", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.goto("/cases/new");
  await fillApplicant(page, { surname: "Бондар", firstName: "Олексій", birthDate: "1979-03-08", sex: "Чоловік" });
  await page.getByLabel("Немає РНОКПП (відмова з релігійних переконань)").check();
  await page.getByLabel("Серія та номер паспорта").fill("КВ 123456");
  await page.getByRole("button", { name: "Зареєструвати" }).click();
  await expect(page.getByText("Заявника зареєстровано.")).toBeVisible();

  await page.goto("/cases/new");
  await fillApplicant(page, { surname: "Bondar", firstName: "Oleksii", birthDate: "1979-08-03", sex: "Чоловік" });
  await page.getByLabel("Ім'я латиницею (як у закордонному паспорті)").fill("BONDAR OLEKSII");
  await page.getByLabel("Немає РНОКПП (відмова з релігійних переконань)").check();
  await page.getByLabel("Серія та номер паспорта").fill("МЕ 654321");
  await page.getByRole("button", { name: "Зареєструвати" }).click();
  await expect(page.getByRole("heading", { name: "Можливі дублікати чекають на перевірку" })).toBeVisible();
  await snap(page, "intake-possible-duplicate");

  await page.getByRole("link", { name: "Порівняти" }).first().click();
  await expect(page.getByRole("heading", { name: "Це та сама особа?" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Наявний запис" })).toContainText("Бондар Олексій");
  await snap(page, "intake-compare-duplicate");
  await page.getByRole("button", { name: "Так, об'єднати записи" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Бондар Олексій");
  await expect(page.getByText("Об'єднання дублікатів").first()).toBeVisible();
});

test("an officer filters the case list and exports it", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.goto("/cases");
  await page.getByLabel("Етап").selectOption({ label: "Бізнес-навчання" });
  await page.getByLabel("Область").selectOption({ label: "Дніпропетровська" });
  await page.getByRole("button", { name: "Застосувати" }).click();
  await expect(page).toHaveURL(/stage=training/);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toContainText("Бізнес-навчання");
  await expect(rows.nth(1)).toContainText("Дніпропетровська");
  await snap(page, "case-list-filtered");

  const download = page.waitForEvent("download");
  // The export is a form that posts the current filters (an export is audited: never a GET).
  await page.getByRole("button", { name: "CSV" }).click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toContain("Код справи");
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.includes("Бізнес-навчання") && line.includes("UA12"))).toBe(true);

  await page.getByLabel("Пошук").fill("Shevchenko");
  await page.getByRole("button", { name: "Застосувати" }).click();
  await expect(page.getByRole("table")).toContainText("Шевченко");
});

test("an evaluator sees pseudonymised cases only", async ({ page }) => {
  await logIn(page, "evaluator@example.org");
  await page.goto("/cases");
  await expect(page.getByRole("columnheader", { name: "Заявник" })).toHaveCount(0);
  await expect(page.getByRole("table")).not.toContainText("Шевченко");
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^LT-/);
  await snap(page, "evaluator-case");
});

test("an officer corrects an applicant and the displacement history keeps both records", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.goto("/cases?displacement=host&stage=application");
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByRole("link", { name: "Виправити дані" })).toBeVisible();
  const history = page.getByRole("region", { name: "Історія статусу переміщення" }).getByRole("row");
  const recordsBefore = await history.count();
  await page.getByRole("button", { name: "Показати РНОКПП і категорію захисту" }).click();
  // The seeded identity numbers (RNOKPP, or a passport for applicants without one) decrypt.
  await expect(page.getByText(/^(\d{10}|[А-ЯІЇЄҐ]{2} ?\d{6})$/)).toBeVisible();
  await page.getByRole("link", { name: "Виправити дані" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Виправлення даних");
  // The number stays hidden on the form until asked for (a POST, audited); saving keeps it.
  await expect(page.getByText("збережено, приховано").first()).toBeVisible();
  await expect(page.getByRole("textbox", { name: "РНОКПП" })).toHaveCount(0);
  await page.getByLabel("Статус переміщення").selectOption({ label: "Особа, що повернулася" });
  await page.getByRole("button", { name: "Зберегти" }).click();
  await expect(page.getByRole("heading", { name: "Історія статусу переміщення" })).toBeVisible();
  // The correction is added on top; the earlier records stay.
  await expect(history).toHaveCount(recordsBefore + 1);
  await expect(history.nth(1)).toContainText("Особа, що повернулася");
  await snap(page, "intake-corrected");
});
