import { expect, test, type Page } from "@playwright/test";
import { logIn, snap } from "./helpers";

// Follow-up visits as a mentor makes them, on a 360 px phone, on the demo seed (db/demo-followup.ts
// leaves two overdue visits, a due one and a missed one waiting for mentor@example.org).

test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

const monthsUk = ["січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд."];

// Kyiv's calendar date, as the server counts days (the demo's dates are relative to it).
function kyivDate(offsetDays = 0): string {
  const now = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Kyiv", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function formatUk(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  return `${day} ${monthsUk[month - 1]} ${year}`;
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

function visitsNow(page: Page) {
  return page.getByRole("list", { name: "Прострочені й на цьому тижні" }).getByRole("listitem");
}

test("a mentor on a phone records the overdue visit first; a double tap stores one visit", async ({ page }) => {
  await logIn(page, "mentor@example.org");
  await expect(page.getByRole("heading", { name: "Візити", level: 2 })).toBeVisible();
  const first = visitsNow(page).first();
  await expect(first).toContainText("Прострочений");
  // Every overdue visit comes before any visit that is only due.
  const states = await visitsNow(page).locator(".badge").allTextContents();
  expect(states.indexOf("Час візиту") === -1 || states.lastIndexOf("Прострочений") < states.indexOf("Час візиту")).toBe(true);
  await expect(page.getByText(/Пропущено обов'язкових візитів: \d+/)).toBeVisible();
  await expect(first.getByRole("link", { name: /Подзвонити \+380/ })).toHaveAttribute("href", /^tel:\+380\d{9}$/);
  await expectNoSidewaysScroll(page);
  await snap(page, "followup-mentor-home");

  const business = (await first.getByRole("heading", { level: 3 }).textContent())!.trim();
  await first.getByRole("link", { name: "Записати візит" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Візит: ${business}`);
  const caseLink = page.getByRole("link", { name: /^LT-/ }).first();
  const casePath = (await caseLink.getAttribute("href"))!;
  await expectNoSidewaysScroll(page);

  await page.getByLabel("Працює", { exact: true }).check();
  const newWorker = page.getByRole("group", { name: "Новий працівник 1" });
  await newWorker.getByLabel("Роль").selectOption({ label: "Працівник(-ця)" });
  await newWorker.getByLabel("Оплачувана робота").selectOption({ label: "Так" });
  await newWorker.getByLabel("Годин на тиждень").fill("30");
  await newWorker.getByLabel("Стать").selectOption({ label: "Жінка" });
  await newWorker.getByLabel("Статус переміщення").selectOption({ label: "ВПО" });
  await newWorker.getByLabel("Дата початку роботи").fill(kyivDate(-20));
  // Every item handed over is reported on; one machine (by its serial number) is broken.
  await page.waitForLoadState("load");
  const items = page.getByRole("group", { name: "Обладнання за актом" });
  const itemStates = items.getByRole("combobox");
  for (let index = 0; index < (await itemStates.count()); index += 1) await itemStates.nth(index).selectOption({ label: "Використовується" });
  await items.getByLabel(/сер\. № /).first().selectOption({ label: "Зламане" });
  await page.getByLabel("Виручка за місяць").fill("32 000");
  await page.getByLabel("Чистий дохід за місяць").fill("9 500");
  await page.getByLabel("У тій самій громаді").check();
  await page.getByLabel("Відключення світла").check();
  await page.getByLabel("Облік").check();
  await page.getByLabel("Нотатки").fill("Друга машина зламалася після стрибка напруги; шукаємо сервіс.");
  await snap(page, "followup-visit-form");

  // A double tap sends the form twice: the same idempotency key stores it once.
  await page.getByRole("button", { name: "Зберегти візит" }).dblclick();
  await page.waitForURL(/\/visits\/\d+\?recorded=1$/);
  await expect(page.getByRole("status")).toContainText("Візит записано.");
  await expect(page.getByRole("region", { name: "Обладнання" })).toContainText("Зламане");
  await expect(page.getByRole("region", { name: "Працівники після візиту" })).toContainText("Працівник(-ця) · Жінка · 30");
  await expectNoSidewaysScroll(page);
  await snap(page, "followup-visit-recorded");

  await page.goto(`${casePath}/visits`);
  const today = formatUk(kyivDate());
  await expect(page.getByRole("region", { name: "Проведені візити" }).getByRole("link", { name: `Візит ${today}` })).toHaveCount(1);
  await snap(page, "followup-case-visits");

  // Home again: that visit has left the queue.
  await page.goto("/");
  await expect(visitsNow(page).first().getByRole("heading", { level: 3 })).not.toHaveText(business);
});

test("a mentor records a visit with JavaScript disabled", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await logIn(page, "mentor@example.org");
  const first = visitsNow(page).first();
  await expect(first).toContainText("Прострочений");
  await first.getByRole("link", { name: "Записати візит" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Візит: /);

  // One more blank worker line, posted and rendered by the server.
  await page.getByRole("button", { name: "Додати ще одного працівника" }).click();
  await expect(page.getByRole("group", { name: "Новий працівник 2" })).toBeVisible();

  await page.getByLabel("Працює", { exact: true }).check();
  await page.getByLabel("Виручка за місяць").fill("18 000");
  await page.getByLabel("Чистий дохід за місяць").fill("4 000");
  await page.getByLabel("У тій самій громаді").check();
  // The items' states are left out: the server answers with the errors next to them, input kept.
  await page.getByRole("button", { name: "Зберегти візит" }).click();
  await expect(page.getByRole("alert")).toContainText("Виправте позначені поля.");
  // The page streams in: count the items once all of it is there.
  await page.waitForLoadState("load");
  const items = page.getByRole("group", { name: "Обладнання за актом" });
  const selects = items.getByRole("combobox");
  const count = await selects.count();
  expect(count).toBeGreaterThan(0);
  await expect(items.getByText("Оберіть стан.")).toHaveCount(count);
  await expect(page.getByLabel("Виручка за місяць")).toHaveValue("18 000");
  await snap(page, "followup-visit-no-js-errors");

  for (let index = 0; index < count; index += 1) await selects.nth(index).selectOption({ label: index === 0 ? "Не використовується" : "Використовується" });
  await page.getByRole("button", { name: "Зберегти візит" }).click();
  await expect(page).toHaveURL(/\/visits\/\d+\?recorded=1$/);
  await expect(page.getByRole("status")).toContainText("Візит записано.");
  await expect(page.getByRole("region", { name: "Обладнання" })).toContainText("Не використовується");
  await snap(page, "followup-visit-no-js-recorded");
  await context.close();
});
