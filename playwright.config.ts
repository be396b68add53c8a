import { defineConfig, devices } from "@playwright/test";

const port = 3100;
const database = ".cache/e2e/app.db";

// Browser tests run the production build in Debian's Chromium against a fresh demo database.
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    command:
      `rm -rf .cache/e2e && mkdir -p .cache/e2e && DATABASE_PATH=${database} node --import tsx db/migrate.ts ` +
      `&& DATABASE_PATH=${database} node --import tsx db/seed.ts ` +
      `&& DATABASE_PATH=${database} HOST=127.0.0.1 PORT=${port} node scripts/start.js --demo`,
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: false,
    // The demo seed builds two programmes through every stage: allow a slow machine.
    timeout: 300_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
