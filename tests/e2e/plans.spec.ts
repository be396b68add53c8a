import { expect, test, type Page } from "@playwright/test";
import { logIn, snap } from "./helpers";

// Business plans as their writers use them, on the demo seed: a mentor reworks a plan the
// committee sent back, and an officer takes an applicant through training to a submitted plan.

// A one-page PDF, enough for the server to recognise it by its "%PDF-" header.
const quotePdf = {
  name: "Комерційна пропозиція 2.pdf",
  mimeType: "application/pdf",
  buffer: Buffer.from(
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
      "trailer\n<< /Root 1 0 R >>\n%%EOF\n",
    "latin1",
  ),
};

// A text file renamed to .pdf: the browser calls it a PDF, its content says otherwise.
const textRenamedPdf = { name: "Кошторис.pdf", mimeType: "application/pdf", buffer: Buffer.from("Кошторис: кавомашина 48 500 грн\n", "utf8") };

const sections = ["Короткий опис", "Товари або послуги", "Ринок і клієнти", "Конкуренти", "Досвід власника", "Приміщення", "Ризики"];

// Submitting saves the plan and shows it back; the second press sends it.
async function submitPlan(page: Page) {
  await page.getByRole("button", { name: "Надіслати на розгляд" }).click();
  await page.getByRole("button", { name: "Так, надіслати на розгляд" }).click();
}

// The seed leaves one of mentor@example.org's plans at "revision requested" (db/demo-review.ts).
test("a mentor revises a plan the committee sent back and resubmits it", async ({ page }) => {
  await logIn(page, "mentor@example.org");
  const toRevise = page.getByRole("region", { name: /Плани моїх справ, що потребують доопрацювання/ });
  const planLink = toRevise.getByRole("link", { name: /^LT-/ }).first();
  const caseCode = (await planLink.textContent())!.split(" · ")[0].trim();
  await snap(page, "plans-mentor-home");
  await planLink.click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Бізнес-план");
  await expect(page.getByText(caseCode).first()).toBeVisible();
  await expect(page.getByText("Стан плану: Потрібне доопрацювання")).toBeVisible();
  const request = page.getByRole("region", { name: "Комісія просить доопрацювати план" });
  await expect(request).toContainText("Доопрацюйте план з урахуванням зауважень");
  await expect(page.getByRole("region", { name: "Рішення комісії" })).toContainText("Потрібне доопрацювання");
  await snap(page, "plans-revision-requested");

  // The version the committee saw stays readable.
  const versions = page.getByRole("region", { name: "Версії плану" });
  await versions.getByRole("link", { name: /^Версія \d+$/ }).first().click();
  await expect(page.getByText(/Це попередня версія \d+, лише для читання\./)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Конкуренти" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Надіслати на розгляд" })).toHaveCount(0);
  await snap(page, "plans-earlier-version");
  await page.getByRole("link", { name: "Показати поточну версію" }).click();

  const competitors = "У громаді — один ФОП біля ринку, запис на 3–4 дні вперед, без доставки; ми приймаємо без запису.";
  await page.getByLabel("Конкуренти").fill(competitors);
  await page.getByLabel("Ціна за одиницю, рядок 1", { exact: true }).fill("48 500");
  await page.getByLabel("Комерційна пропозиція, рядок 1", { exact: true }).fill("Комерційна пропозиція № 2 від 05.11.2026");
  await page.getByRole("button", { name: "Зберегти чернетку" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Чернетку збережено." })).toBeVisible();
  await expect(page.getByLabel("Конкуренти")).toHaveValue(competitors);
  await expect(page.getByLabel("Ціна за одиницю, рядок 1", { exact: true })).toHaveValue(/^48\s?500(\.00)?$/);

  const file = page.getByLabel("Файл для додавання");
  const attachments = page.getByRole("region", { name: "Додатки" });
  await file.setInputFiles(quotePdf);
  await attachments.getByRole("button", { name: "Додати файл" }).click();
  await expect(attachments.getByRole("status")).toHaveText(`Файл «${quotePdf.name}» додано.`);
  await expect(attachments.getByRole("link", { name: `Завантажити ${quotePdf.name}` })).toBeVisible();

  // The server reads the content, not the name: a text file called .pdf is refused next to the field.
  await file.setInputFiles(textRenamedPdf);
  await attachments.getByRole("button", { name: "Додати файл" }).click();
  await expect(file).toHaveAccessibleDescription(/Можна додати лише PDF, JPEG або PNG; вміст цього файлу не такий\./);
  await expect(attachments.getByRole("link", { name: `Завантажити ${textRenamedPdf.name}` })).toHaveCount(0);
  await snap(page, "plans-attachment-refused");

  await submitPlan(page);
  await expect(page.getByRole("status").filter({ hasText: "План надіслано на розгляд." })).toBeVisible();
  await expect(page.getByText(`${caseCode} ·`).first()).toContainText("Рецензування");
  await expect(page.getByText("Стан плану: Надіслано на розгляд")).toBeVisible();
  await expect(page.getByText(competitors)).toBeVisible();
  await expect(page.getByLabel("Файл для додавання")).toHaveCount(0);
  await snap(page, "plans-resubmitted");

  await page.getByRole("navigation").getByRole("link", { name: "Головна" }).click();
  await expect(toRevise.getByRole("link", { name: new RegExp(caseCode) })).toHaveCount(0);
});

test("an officer records training attendance and completion, then submits a plan", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.getByRole("navigation").getByRole("link", { name: "Навчання" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Бізнес-навчання");
  await expect(page.getByText("У цій програмі навчання не обов'язкове")).toHaveCount(0);
  await page.getByRole("link", { name: "Маркетинг і продажі для мікробізнесу" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Маркетинг і продажі для мікробізнесу");

  // An applicant on the register who has not attended any session yet.
  const register = page.getByRole("region", { name: "Журнал відвідування" });
  const trainee = register.getByRole("row").filter({ has: page.getByRole("cell", { name: "0", exact: true }) }).first();
  const caseCode = (await trainee.getByRole("link").textContent())!.trim();
  const name = (await trainee.getByRole("cell").nth(2).textContent())!.trim();
  await snap(page, "plans-training-register");

  // Training is required in this programme: the plan is written meanwhile, but cannot be submitted.
  await trainee.getByRole("link", { name: caseCode }).click();
  await page.getByRole("link", { name: "Бізнес-план", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Бізнес-план");
  await expect(page.getByText(`${caseCode} · ${name} · Бізнес-навчання`)).toBeVisible();
  for (const section of sections) await page.getByLabel(section, { exact: true }).fill(`${section}: пекарня на дому, випічка на замовлення для сусідів і кав'ярень.`);
  await page.getByRole("button", { name: "Додати рядок" }).click();
  await page.getByLabel("Позиція, рядок 1", { exact: true }).fill("Конвекційна піч");
  await page.getByLabel("Ціна за одиницю, рядок 1", { exact: true }).fill("42 000");
  await expect(page.getByLabel("Форма, рядок 1", { exact: true })).toHaveValue("in_kind");
  // Refused before any confirmation is asked.
  await page.getByRole("button", { name: "Надіслати на розгляд" }).click();
  const problems = page.getByRole("alert");
  await expect(problems).toContainText("Чернетку збережено, але надіслати план не можна:");
  await expect(problems).toContainText("Заявник ще не завершив бізнес-навчання, обов'язкове в цій програмі.");
  await expect(page.getByLabel("Позиція, рядок 1", { exact: true })).toHaveValue("Конвекційна піч");
  await snap(page, "plans-training-not-completed");

  // Back to the session: tick the applicant's attendance, save, then mark training completed.
  await page.getByRole("navigation").getByRole("link", { name: "Навчання" }).click();
  await page.getByRole("link", { name: "Маркетинг і продажі для мікробізнесу" }).click();
  await register.getByLabel(`Присутність: ${name}`).check();
  await register.getByRole("button", { name: "Зберегти журнал" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Журнал відвідування збережено." })).toBeVisible();
  const row = register.getByRole("row", { name: new RegExp(caseCode) });
  await expect(register.getByLabel(`Присутність: ${name}`)).toBeChecked();
  await expect(row.getByRole("cell").nth(3)).toHaveText("1");
  await snap(page, "plans-attendance-saved");
  await row.getByRole("button", { name: "Позначити навчання завершеним" }).click();
  // The row stays on the register, marked completed, its attendance locked.
  await expect(row.getByRole("status")).toHaveText("Справа перейшла до бізнес-плану.");
  await expect(row).toContainText("Навчання завершено");
  await expect(row.getByRole("button", { name: "Позначити навчання завершеним" })).toHaveCount(0);
  await expect(row.getByRole("checkbox")).toBeDisabled();
  await snap(page, "plans-training-completed");

  // The draft waits on the plan page and now goes to review.
  await page.goto("/cases");
  await page.getByLabel("Пошук").fill(caseCode);
  await page.getByRole("button", { name: "Застосувати" }).click();
  await page.getByRole("table").getByRole("link", { name: caseCode }).click();
  await page.getByRole("link", { name: "Бізнес-план", exact: true }).click();
  await expect(page.getByText(`${caseCode} · ${name} · Бізнес-план`)).toBeVisible();
  await expect(page.getByLabel("Позиція, рядок 1", { exact: true })).toHaveValue("Конвекційна піч");
  await submitPlan(page);
  await expect(page.getByRole("status").filter({ hasText: "План надіслано на розгляд." })).toBeVisible();
  await expect(page.getByText(`${caseCode} · ${name} · Рецензування`)).toBeVisible();
  await expect(page.getByText("Стан плану: Надіслано на розгляд")).toBeVisible();
  await expect(page.getByRole("button", { name: "Надіслати на розгляд" })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "Конвекційна піч" })).toBeVisible();
  await snap(page, "plans-submitted");
});
