import { expect, test, type Page } from "@playwright/test";
import { logIn, snap } from "./helpers";

// The review stage as its people use it, on the demo seed: an officer assigns two reviewers,
// each scores blind, the officer sees their disagreement, and the committee decides.

async function switchUser(page: Page, email: string) {
  await page.context().clearCookies();
  await logIn(page, email);
}

async function openAssignment(page: Page, caseCode: string) {
  await page.goto("/reviews");
  await page.getByRole("row", { name: new RegExp(caseCode) }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(caseCode);
}

async function declareNoConflict(page: Page) {
  await page.getByLabel("Ні, конфлікту інтересів немає").check();
  await page.getByRole("button", { name: "Підтвердити декларацію" }).click();
  await expect(page.getByRole("heading", { name: "Бізнес-план" })).toBeVisible();
}

async function scoreEveryCriterion(page: Page, score: string, comment: string) {
  const criteria = page.getByRole("group").filter({ has: page.getByLabel("Оцінка", { exact: true }) });
  const count = await criteria.count();
  expect(count).toBeGreaterThanOrEqual(5);
  for (let index = 0; index < count; index += 1) {
    const criterion = criteria.nth(index);
    await criterion.getByLabel("Оцінка", { exact: true }).selectOption({ label: score });
    await criterion.getByLabel("Коментар").fill(comment);
  }
}

test("two reviewers score the same plan blind and the officer sees their disagreement", async ({ page }) => {
  await logIn(page, "officer@example.org");
  const waiting = page.getByRole("region", { name: "Плани, що чекають на рецензентів" });
  const planLink = waiting.getByRole("link", { name: /^LT-/ }).first();
  const caseCode = (await planLink.textContent())!.trim();
  await planLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Рецензування плану");
  await page.getByLabel(/Ігор Рецензент/).check();
  await page.getByLabel(/Галина Мельник/).check();
  // The officer wrote the demo plans: not offered as a reviewer of their own plan.
  await expect(page.getByLabel(/Оксана Коваль/)).toHaveCount(0);
  await snap(page, "review-assign-reviewers");
  await page.getByRole("button", { name: "Призначити" }).click();
  await expect(page.getByText("Рецензентів призначено.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Рецензенти" }).getByRole("row")).toHaveCount(3);

  // The first reviewer finds the plan in their queue, declares no conflict and scores it high.
  await switchUser(page, "reviewer@example.org");
  await openAssignment(page, caseCode);
  await expect(page.getByRole("heading", { name: "Бізнес-план" })).toHaveCount(0);
  await declareNoConflict(page);
  await expect(page.getByRole("heading", { name: "Оцінки інших рецензентів" })).toHaveCount(0);
  await scoreEveryCriterion(page, "5 — відмінно", "Реалістичний план, постачальники вже знайдені.");
  await snap(page, "review-scoring");
  await page.getByRole("button", { name: "Подати оцінки" }).click();
  await expect(page.getByText("Оцінки подано.")).toBeVisible();
  await expect(page.getByText("100 зі 100").first()).toBeVisible();
  await expect(page.getByText("Інші рецензенти ще не подали оцінок.")).toBeVisible();

  // The second reviewer sees nothing of the first one's scores until submitting their own.
  await switchUser(page, "reviewer.kyiv@example.org");
  await openAssignment(page, caseCode);
  await declareNoConflict(page);
  await expect(page.getByText("Ігор Рецензент")).toHaveCount(0);
  await expect(page.getByText("Реалістичний план")).toHaveCount(0);
  await scoreEveryCriterion(page, "2 — слабко", "Ринок не досліджено, кошторис завищений.");
  await page.getByRole("button", { name: "Подати оцінки" }).click();
  await expect(page.getByText("Оцінки подано.")).toBeVisible();
  const others = page.getByRole("region", { name: "Оцінки інших рецензентів" });
  await expect(others).toContainText("Ігор Рецензент");
  await expect(others).toContainText("Реалістичний план, постачальники вже знайдені.");
  await snap(page, "review-after-submission");

  // The officer's home now lists the plan as a disagreement to discuss.
  await switchUser(page, "officer@example.org");
  const flagged = page.getByRole("region", { name: "Розбіжності рецензентів для обговорення" });
  await flagged.getByRole("link", { name: caseCode }).click();
  await expect(page.getByText("Позначено для обговорення: рецензенти розходяться в оцінках")).toBeVisible();
  await expect(page.getByText(/Розкид зважених підсумків: 75/)).toBeVisible();
  // Every review is in: both reviewers' scores and comments side by side, the gaps marked.
  const sideBySide = page.getByRole("region", { name: "Оцінки рецензентів поруч" });
  await expect(sideBySide.getByRole("columnheader", { name: "Ігор Рецензент" })).toBeVisible();
  await expect(sideBySide.getByRole("columnheader", { name: "Галина Мельник" })).toBeVisible();
  await expect(sideBySide.getByRole("row", { name: /Життєздатність бізнесу/ })).toContainText("Реалістичний план, постачальники вже знайдені.");
  await expect(sideBySide.getByRole("row", { name: /Життєздатність бізнесу/ })).toContainText("Ринок не досліджено, кошторис завищений.");
  await expect(sideBySide.getByRole("row", { name: /Життєздатність бізнесу/ })).toContainText("Розбіжність");
  await snap(page, "review-disagreement");
  // The committee sees the same table on the decision page.
  await page.getByRole("link", { name: "До рішення комісії" }).click();
  await expect(page.getByRole("region", { name: "Оцінки рецензентів поруч" }).getByRole("row", { name: /Розуміння ринку/ })).toContainText("Розбіжність");
  await snap(page, "committee-side-by-side");
});

test("a reviewer who declares a conflict of interest cannot score, and the officer assigns another", async ({ page }) => {
  await logIn(page, "reviewer@example.org");
  await page.goto("/reviews");
  const row = page.getByRole("row", { name: /Декларація щодо конфлікту інтересів/ }).first();
  const caseCode = (await row.getByRole("cell").first().textContent())!.trim();
  await row.getByRole("link").click();
  // The reviewer sees who the applicant is before deciding whether they have a conflict.
  await expect(page.getByRole("region", { name: "Крок 1. Конфлікт інтересів" })).toContainText("Заявник");
  await page.getByLabel("Так, у мене є конфлікт інтересів").check();
  await page.getByLabel("Примітка (необов'язково)").fill("Заявниця — моя сусідка.");
  await page.getByRole("button", { name: "Підтвердити декларацію" }).click();
  await expect(page.getByRole("heading", { name: "Ви заявили про конфлікт інтересів" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Бізнес-план" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Подати оцінки" })).toHaveCount(0);
  await snap(page, "review-recused");

  await switchUser(page, "officer@example.org");
  await page.getByRole("region", { name: "Плани, що чекають на рецензентів" }).getByRole("link", { name: caseCode }).click();
  await expect(page.getByRole("row", { name: /Ігор Рецензент/ })).toContainText("Заявлено конфлікт");
  await expect(page.getByLabel(/Ігор Рецензент/)).toHaveCount(0);
  await page.getByLabel(/Галина Мельник/).check();
  await page.getByRole("button", { name: "Призначити" }).click();
  await expect(page.getByText("Рецензентів призначено.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Галина Мельник/ })).toContainText("Чекає на оцінку");
});

// Opens the decision page of the plan ranked `rank` now (rows are told apart by their rank cell:
// the list may also hold the line where the budget runs out).
async function openDecision(page: Page, rank: number) {
  await page.goto("/committee");
  const row = page.getByRole("table").getByRole("row").filter({ has: page.getByRole("cell", { name: String(rank), exact: true }) }).first();
  const caseCode = (await row.getByRole("link").first().textContent())!.trim();
  await row.getByRole("link", { name: /Ухвалити рішення/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Рішення комісії: ${caseCode}`);
  await page.getByLabel("Члени комісії").fill("Оксана Коваль, Ірина Савчук, Петро Гнатюк");
  return caseCode;
}

// The first press shows the decision back; the confirmation stores it.
async function checkAndConfirm(page: Page) {
  await page.getByRole("button", { name: "Перевірити рішення" }).click();
  await expect(page.getByRole("heading", { name: "Підтвердьте рішення" })).toBeVisible();
  await page.getByRole("button", { name: "Підтвердити й зберегти рішення" }).click();
}

test("the committee's list fits a 1024 px laptop: the decide button, the running total", async ({ page }) => {
  await logIn(page, "officer@example.org");
  for (const width of [1366, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto("/committee");
    await expect(page.getByRole("columnheader", { name: "Наростаючим підсумком" })).toBeVisible();
    const decideButton = page.getByRole("link", { name: /Ухвалити рішення/ }).first();
    const box = (await decideButton.boundingBox())!;
    expect(box.x + box.width, `decide button at ${width} px`).toBeLessThanOrEqual(width);
    // Nothing scrolls sideways: neither the page nor the table's own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const table = page.getByRole("region", { name: "Таблиця рейтингу планів" });
    expect(await table.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await snap(page, `committee-ranking-${width}`);
  }
});

test("the committee approves one plan split between modalities, waitlists one and rejects one with a reason", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await page.getByRole("navigation").getByRole("link", { name: "Комісія" }).click();
  await expect(page.getByRole("heading", { name: "Рейтинг планів" })).toBeVisible();
  await snap(page, "committee-ranking");

  const approved = await openDecision(page, 1);
  await page.getByLabel("Схвалити").check();
  // Prefilled from the plan's budget: the parts add up to the total shown.
  const inKind = await page.getByLabel(/^Натурою/).inputValue();
  const cash = await page.getByLabel(/^Коштами/).inputValue();
  expect(Number(inKind) + Number(cash)).toBeGreaterThan(0);
  await page.getByLabel("Умови українською (необов'язково)").fill("Закупівля обладнання за двома комерційними пропозиціями.");
  await page.getByLabel("Умови англійською").fill("Equipment is bought on two commercial quotations.");
  await page.getByRole("button", { name: "Перевірити рішення" }).click();
  const confirmation = page.getByRole("group", { name: "Підтвердьте рішення" });
  await expect(confirmation).toContainText("Схвалено");
  await expect(confirmation).toContainText("Equipment is bought on two commercial quotations.");
  await snap(page, "committee-confirm-step");
  await page.getByRole("button", { name: "Підтвердити й зберегти рішення" }).click();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`Рішення щодо ${approved} збережено: Схвалено`));
  await snap(page, "committee-decision-saved");

  // The letter: letterhead, reference and date, greeting, next steps, the 527 hotline, a
  // signatory; no internal case code; one A4 page.
  await page.getByRole("status").getByRole("link", { name: "Лист про рішення" }).click();
  const letter = page.getByRole("article");
  await expect(page.getByRole("heading", { name: "Рішення грантової комісії" })).toBeVisible();
  await expect(letter).toContainText("Демонстраційна агенція з питань засобів до існування");
  await expect(letter).toContainText(/Вих\. № EEP-\d{4}\/\d{4}\/\d{4} від \d{2}\.\d{2}\.\d{4}/);
  await expect(letter).toContainText(/Шановн(а|ий) /);
  await expect(letter).toContainText("Вам надається грант на суму");
  await expect(letter).toContainText("Що далі");
  await expect(letter).toContainText("Гаряча лінія 527");
  await expect(letter).toContainText("Координаторка програми");
  await expect(letter).toContainText("за фінансування: Демонстраційн");
  await expect(letter).not.toContainText(approved);
  await snap(page, "committee-decision-letter");
  expect(pdfPages(await page.pdf({ format: "A4", preferCSSPageSize: true }))).toBe(1);
  // The same letter in English for the donor, from the Ukrainian interface.
  await page.getByRole("link", { name: "English" }).last().click();
  await expect(page.getByRole("heading", { name: "Decision of the grant committee" })).toBeVisible();
  await expect(letter).toContainText(/Dear M(s|r) /);
  await expect(letter).toContainText("Equipment is bought on two commercial quotations.");
  await expect(letter).toContainText("Hotline 527");
  await expect(letter).toContainText("funded by Demo donor");
  // The applicant's name in Latin letters: the passport's when stored, else transliterated.
  await expect(letter.getByText(/^To:/)).toContainText(/To: [A-Z][A-Za-z'-]+ [A-Z][A-Za-z'-]+/);
  await expect(page.getByRole("link", { name: "Назад до рішення" })).toBeVisible();
  await snap(page, "committee-decision-letter-en");
  expect(pdfPages(await page.pdf({ format: "A4", preferCSSPageSize: true }))).toBe(1);

  const waitlisted = await openDecision(page, 1);
  await page.getByLabel("Внести до списку очікування").check();
  await checkAndConfirm(page);
  await expect(page.getByRole("status")).toContainText(`Рішення щодо ${waitlisted} збережено: У списку очікування`);

  // A rejection without a reason is refused next to the field, and the rest of the input stays.
  const rejected = await openDecision(page, 2);
  await page.getByLabel("Відхилити").check();
  await page.getByRole("button", { name: "Перевірити рішення" }).click();
  await expect(page.getByLabel("Причина", { exact: true })).toHaveAccessibleDescription(/вкажіть причину/);
  await expect(page.getByLabel("Члени комісії")).toHaveValue("Оксана Коваль, Ірина Савчук, Петро Гнатюк");
  await snap(page, "committee-reason-required");
  await page.getByLabel("Причина", { exact: true }).fill("Ринок у громаді насичений, план не показує, як бізнес знайде клієнтів.");
  await checkAndConfirm(page);
  await expect(page.getByRole("status")).toContainText(`Рішення щодо ${rejected} збережено: Відхилено`);
  await page.getByRole("status").getByRole("link", { name: "Переглянути рішення" }).click();
  await expect(page.getByRole("region", { name: "Рішення щодо справи" })).toContainText("Ринок у громаді насичений");

  // The ranking keeps the waitlisted plan in its place; decided plans leave it.
  await page.goto("/committee");
  const table = page.getByRole("table");
  await expect(table.getByRole("row", { name: new RegExp(waitlisted) })).toContainText("У списку очікування");
  await expect(table.getByRole("link", { name: approved, exact: true })).toHaveCount(0);
  await expect(table.getByRole("link", { name: rejected, exact: true })).toHaveCount(0);
  await snap(page, "committee-after-decisions");
});

// Pages of a PDF as Chromium writes it: one "/Type /Page" object per page.
function pdfPages(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}
