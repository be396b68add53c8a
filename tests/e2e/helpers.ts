import { expect, type Page } from "@playwright/test";

export const demoPassword = "livelihoods-demo";

export async function logIn(page: Page, email: string, password = demoPassword, { expectFailure = false } = {}) {
  await page.goto("/login");
  await page.getByLabel(/Електронна пошта|Email/).fill(email);
  await page.getByLabel(/^(Пароль|Password)$/).fill(password);
  await page.getByRole("button", { name: /Увійти|Log in/ }).click();
  // Wait for the session before the test navigates on, or the navigation would cancel it.
  if (expectFailure) await expect(page.getByRole("alert")).toBeVisible();
  else await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

// Screenshots land in tests/e2e/screenshots/ for a person to look at after a run.
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `tests/e2e/screenshots/${name}.png`, fullPage: true });
}

export async function expectHome(page: Page) {
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Вітаємо|Welcome/);
}
