import { expect, test } from "@playwright/test";
import { expectHome, logIn, snap } from "./helpers";

const homes = [
  { email: "admin@example.org", role: "Адміністратор", sees: "Активні користувачі за роллю" },
  { email: "officer@example.org", role: "Фахівець із засобів до існування", sees: "Заявки, що чекають на перевірку" },
  { email: "reviewer@example.org", role: "Рецензент", sees: "Плани, що чекають на вашу оцінку" },
  { email: "mentor@example.org", role: "Ментор ГО", sees: "Мої справи" },
  { email: "evaluator@example.org", role: "Оцінювач", sees: "Справи за етапами" },
];

for (const home of homes) {
  test(`${home.email} logs in and sees their home`, async ({ page }) => {
    await logIn(page, home.email);
    await expectHome(page);
    await expect(page.getByText(home.role, { exact: false }).first()).toBeVisible();
    await expect(page.getByRole("heading", { name: home.sees })).toBeVisible();
    await snap(page, `home-${home.email.split("@")[0]}`);
  });
}

test("a wrong password shows an error and starts no session", async ({ page, context }) => {
  await logIn(page, "officer@example.org", "not-the-password", { expectFailure: true });
  await expect(page.getByRole("alert")).toContainText("Неправильна електронна пошта або пароль.");
  await expect(page.getByLabel("Електронна пошта")).toHaveValue("officer@example.org");
  await snap(page, "login-wrong-password");
  const cookies = await context.cookies();
  expect(cookies.find((cookie) => cookie.name === "lt_session")).toBeUndefined();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F/);
});

test("the language switch changes the page and is remembered", async ({ page }) => {
  await logIn(page, "officer@example.org");
  await expect(page.locator("html")).toHaveAttribute("lang", "uk");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Applications awaiting screening" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Cases" })).toBeVisible();
  await snap(page, "home-officer-english");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "Українською" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "uk");
});

test("a mentor opening an admin page gets the 403 page", async ({ page }) => {
  await logIn(page, "mentor@example.org");
  await expectHome(page);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Немає доступу" })).toBeVisible();
  await expect(page.getByText("officer@example.org")).toHaveCount(0);
  await snap(page, "mentor-forbidden");
});

test("logout ends the session: the old cookie no longer works", async ({ page, context, browser }) => {
  await logIn(page, "admin@example.org");
  await expectHome(page);
  const oldCookies = await context.cookies();
  expect(oldCookies.some((cookie) => cookie.name === "lt_session")).toBe(true);
  await page.getByRole("button", { name: "Вийти" }).click();
  await expect(page).toHaveURL(/\/login/);

  const replay = await browser.newContext();
  await replay.addCookies(oldCookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/admin/users");
  await expect(replayPage).toHaveURL(/\/login/);
  await replay.close();
});

test("an admin creates a user who must change the one-time password at first login", async ({ page, browser }) => {
  await logIn(page, "admin@example.org");
  await page.getByRole("navigation").getByRole("link", { name: "Користувачі" }).click();
  await page.getByRole("link", { name: "Новий користувач" }).click();
  // The page checks the form itself once it is ready; a click before that gets the browser's own
  // "fill in this field" bubble instead (CI saw it under load).
  const form = page.locator("form", { has: page.getByRole("button", { name: "Створити користувача" }) });
  await expect(form).toHaveJSProperty("noValidate", true);
  await page.getByRole("button", { name: "Створити користувача" }).click();
  await expect(page.getByText("Це поле обов'язкове.").first()).toBeVisible();
  await page.getByLabel("Ім'я та прізвище").fill("Наталія Рибак");
  await page.getByLabel("Електронна пошта").fill("n.rybak@example.org");
  await page.getByLabel("Роль").selectOption({ label: "Ментор ГО" });
  await page.getByLabel("Організація").selectOption({ label: "МОМ в Україні (виконавча агенція)" });
  await page.getByRole("button", { name: "Створити користувача" }).click();
  // Next to the field, and in the summary at the top, which links to it.
  await expect(page.locator("[id$='organisationId-error']")).toHaveText("Оберіть активну організацію; ментор має належати до партнерської ГО.");
  await expect(page.getByRole("link", { name: /Оберіть активну організацію/ })).toHaveAttribute("href", /#.*organisationId$/);
  await expect(page.getByLabel("Ім'я та прізвище")).toHaveValue("Наталія Рибак");
  await page.getByLabel("Організація").selectOption({ label: "ГО «Джерело підтримки» (Львів)" });
  await page.getByRole("button", { name: "Створити користувача" }).click();
  const password = (await page.locator("code.one-time-password").textContent())?.trim() ?? "";
  expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await snap(page, "admin-user-created");

  const newcomer = await browser.newContext();
  const newcomerPage = await newcomer.newPage();
  await logIn(newcomerPage, "n.rybak@example.org", password);
  await expect(newcomerPage).toHaveURL(/\/account\/password/);
  await newcomerPage.getByLabel("Поточний пароль").fill(password);
  await newcomerPage.getByLabel("Новий пароль", { exact: true }).fill("a-long-new-password");
  await newcomerPage.getByLabel("Повторіть новий пароль").fill("a-long-new-password");
  await newcomerPage.getByRole("button", { name: "Змінити пароль" }).click();
  await expectHome(newcomerPage);
  await expect(newcomerPage.getByText("Наталія Рибак · Ментор ГО")).toBeVisible();
  await newcomer.close();
});

test("the home page works on a 360 px phone", async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await logIn(page, "mentor@example.org");
  await expectHome(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, "home-mentor-phone");
  await phone.close();
});
