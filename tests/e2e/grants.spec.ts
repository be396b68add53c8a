import { expect, test, type Page } from "@playwright/test";
import { logIn, snap } from "./helpers";

// The money half of the programme on the demo seed (db/demo-grants.ts, programme EEP-2025): an
// officer signs an in-kind agreement, buys its equipment with three quotations, checks the
// delivery, prints the act and marks it signed; a mentor verifies the receipts of a first cash
// tranche; an officer requests the second tranche and another officer approves it — never the
// one who requested it.
test.describe.configure({ mode: "serial" });

let trancheAgreementPath = "";

// An approved EEP-2025 case waiting for its agreement whose approval is wholly in kind.
async function openInKindApproval(page: Page) {
  await page.goto("/cases");
  const programmeValue = await page.getByLabel("Програма").locator("option", { hasText: "EEP-2025" }).getAttribute("value");
  await page.goto(`/cases?programme=${programmeValue}&stage=grant_agreement&status=open`);
  const links = page.getByRole("link", { name: /^LT-/ });
  const cases = await Promise.all((await links.all()).map(async (link) => ({ code: (await link.textContent())!.trim(), href: (await link.getAttribute("href"))! })));
  for (const { code, href } of cases) {
    await page.goto(`${href}/agreement`);
    if ((await page.getByRole("button", { name: "Скласти чернетку" }).count()) === 0) continue;
    if ((await page.getByLabel("Грошима").inputValue()) !== "0") continue;
    return code;
  }
  throw new Error("the demo seed has no in-kind approval waiting for its agreement");
}

test("an officer signs an in-kind agreement, buys the equipment with three quotations, checks the delivery and signs the act", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await expect(page.getByRole("region", { name: /Угоди скласти/ })).toBeVisible();
  await snap(page, "grants-officer-home");

  const caseCode = await openInKindApproval(page);
  const source = page.getByLabel("Джерело фінансування");
  await source.selectOption(await source.locator("option", { hasText: "(EUR)" }).getAttribute("value"));
  const line = page.getByLabel("Бюджетна лінія");
  await line.selectOption(await line.locator("option", { hasText: /: 1\.1 / }).getAttribute("value"));
  await page.getByRole("button", { name: "Скласти чернетку" }).click();
  await expect(page.getByRole("status")).toHaveText("Чернетку угоди складено.");
  await snap(page, "grants-agreement-draft");
  await page.getByRole("button", { name: "Підписати угоду" }).click();
  await expect(page.getByRole("status")).toHaveText("Угоду підписано; суму зобов'язано на бюджетній лінії.");
  const number = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Грантова угода № ", "").trim();
  expect(number).toMatch(/^EEP-2025-\d{4}-\d{4}$/);
  // The ledger shows the commitment, converted to the EU source's euros at the day's rate.
  const ledger = page.locator("section", { has: page.getByRole("heading", { name: "Журнал коштів" }) });
  await expect(ledger.getByRole("cell", { name: "Зобов'язання" })).toBeVisible();
  await expect(ledger.getByRole("cell", { name: / євро$/ })).toBeVisible();
  const agreementPath = new URL(page.url()).pathname;

  // The agreement printed on A4 in Ukrainian, and as a PDF.
  await page.getByRole("link", { name: "Друкувати українською" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Договір про надання гранту № ${number}`);
  await expect(page.getByText("Сума гранту:")).toBeVisible();
  await snap(page, "grants-agreement-print");
  const pdf = await page.request.get(`${agreementPath}/pdf?lang=en`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // The purchase: this grantee's lines, three quotations, the order, the delivery with serials.
  await page.goto("/grants/purchases");
  const programme = page.getByLabel("Програма");
  await programme.selectOption(await programme.locator("option", { hasText: "EEP-2025" }).getAttribute("value"));
  await page.getByRole("button", { name: "Показати" }).click();
  const rows = page.getByRole("row").filter({ has: page.getByRole("checkbox", { name: new RegExp(`^Включити: ${caseCode} `) }) });
  const lines = await rows.count();
  expect(lines).toBeGreaterThan(0);
  for (let index = 0; index < lines; index += 1) {
    await rows.nth(index).getByRole("checkbox", { name: /^Включити: / }).check();
    await rows.nth(index).getByRole("checkbox", { name: "Має серійні номери" }).check();
  }
  await page.getByLabel("Опис закупівлі").fill(`Обладнання для ${caseCode}`);
  await page.getByRole("button", { name: "Створити закупівлю" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Закупівля PUR-EEP-2025-/);

  const prices = page.getByLabel(/^Ціна за одиницю, грн: /);
  for (const [supplier, markup] of [[1, 0], [2, 900], [3, 1700]] as const) {
    // Suppliers already quoted leave the list: the first left is the next one.
    await page.getByLabel("Постачальник", { exact: true }).selectOption({ index: 1 });
    const count = await prices.count();
    for (let index = 0; index < count; index += 1) await prices.nth(index).fill(String(15_000 + index * 1_000 + markup));
    await page.getByRole("button", { name: "Зберегти пропозицію" }).click();
    await expect(page.getByRole("region", { name: "Комерційні пропозиції" }).getByRole("row")).toHaveCount(supplier + 1);
  }
  await snap(page, "grants-purchase-quotations");
  await page.getByRole("radio").first().check();
  await page.getByLabel("Номер замовлення").fill(`PO-E2E-${caseCode}`);
  await page.getByRole("button", { name: "Оформити замовлення" }).click();
  await expect(page.getByText(`PO-E2E-${caseCode}`)).toBeVisible();

  const serials = page.getByLabel("Серійні номери (по одному в рядку)");
  const serialCount = await serials.count();
  for (let index = 0; index < serialCount; index += 1) await serials.nth(index).fill(`E2E-${caseCode}-${index + 1}`);
  await page.getByRole("button", { name: "Записати поставку" }).click();
  await expect(page.getByRole("region", { name: "Поставки" }).getByText(/: 1\/1 · прийнято$/)).toHaveCount(serialCount);
  await snap(page, "grants-purchase-delivered");

  // The act of acceptance and transfer, printed, then marked signed on the handover day.
  await page.goto("/grants/purchases");
  await page.getByRole("listitem").filter({ hasText: number }).getByRole("link", { name: "Підготувати акт" }).click();
  await page.getByLabel("Місце складання").fill("м. Дніпро, вул. Робоча, 12");
  await page.getByLabel("Посада представника агенції").fill("Фахівчиня із закупівель");
  await page.getByLabel("Ім'я та прізвище представника агенції").fill("Олена Коваль");
  await page.getByLabel("Документ, що посвідчує особу набувача").fill("ID-картка № 001234567, видана 1210 18.03.2020");
  await page.getByRole("button", { name: "Підготувати акт" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Акт ACT-EEP-2025-/);
  await page.getByRole("link", { name: "Друкувати українською" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Акт приймання-передачі № ACT-EEP-2025-/);
  await expect(page.getByRole("cell", { name: `E2E-${caseCode}-1` })).toBeVisible();
  await expect(page.getByText(/Загальна сума прописом: .+гривень/)).toBeVisible();
  await snap(page, "grants-act-print");
  await page.goBack();
  await page.getByRole("button", { name: "Позначити підписаним" }).click();
  await expect(page.getByText(/^Акт підписано /)).toBeVisible();

  // The handover is the grant's time origin: the case moved on to follow-up.
  await page.goto(agreementPath);
  await expect(page.getByText("Дата отримання гранту (точка відліку)")).toBeVisible();
  await expect(page.getByText("ще не отримано")).toHaveCount(0);
  await expect(ledger.getByRole("cell", { name: "Виплата / передача" })).toBeVisible();
  await snap(page, "grants-agreement-handed-over");
});

test("a mentor verifies the receipts of a first tranche", async ({ page }) => {
  await logIn(page, "mentor@example.org");
  const queue = page.getByRole("region", { name: /Вимоги траншів перевірити/ });
  await expect(queue).toBeVisible();
  await snap(page, "grants-mentor-home");
  await queue.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Грантова угода № EEP-2025-/);
  trancheAgreementPath = new URL(page.url()).pathname;
  await page.getByLabel("Підтвердження (чеки, фото, візит)").fill("Чеки на сировину й оренду перевірено під час візиту; товари на місці.");
  await page.getByRole("button", { name: "Підтвердити виконання" }).click();
  await expect(page.getByRole("status")).toHaveText("Виконання вимоги підтверджено.");
  await expect(page.getByText(/Перевірено: Марина Степаненко/)).toBeVisible();
  // Mentors never move money: no request, approval or payment buttons for them.
  await expect(page.getByRole("button", { name: "Запитати транш" })).toHaveCount(0);
  await snap(page, "grants-mentor-verified");
});

test("an officer requests the second tranche and cannot approve it; another officer approves it", async ({ page, browser }) => {
  expect(trancheAgreementPath).not.toBe("");
  await logIn(page, "officer@example.org");
  await page.goto(trancheAgreementPath);
  await page.getByRole("button", { name: "Запитати транш" }).click();
  await expect(page.getByRole("status")).toHaveText("Транш запитано.");
  const secondTranche = (on: Page) => on.locator("article", { has: on.getByRole("heading", { name: /^Транш 2 · / }) });
  await expect(secondTranche(page).getByText("Запитав(ла): Оксана Коваль")).toBeVisible();
  // Four eyes (§9): the requester is offered no approval, and it is not in their queue.
  await expect(page.getByRole("button", { name: "Затвердити транш" })).toHaveCount(0);
  await snap(page, "grants-tranche-requested");
  const caseCode = (await page.getByText(/^LT-[A-Z0-9]+ · /).textContent())!.split(" · ")[0];
  await page.goto("/");
  await expect(page.getByRole("region", { name: /Транші затвердити/ }).getByText(caseCode)).toHaveCount(0);

  const second = await browser.newPage();
  await logIn(second, "officer2@example.org");
  await expect(second.getByRole("region", { name: /Транші затвердити/ }).getByText(caseCode)).toBeVisible();
  await second.goto(trancheAgreementPath);
  await second.getByRole("button", { name: "Затвердити транш" }).click();
  await expect(second.getByRole("status")).toHaveText("Транш затверджено.");
  await expect(secondTranche(second).getByText("Затвердив(ла): Тарас Бондар")).toBeVisible();
  await expect(secondTranche(second).getByRole("heading")).toHaveText(/· Затверджено$/);
  await snap(second, "grants-tranche-approved");
  await second.close();
});
