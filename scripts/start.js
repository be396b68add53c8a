// Starts the production server (scripts/workers.js: scripts/server.js on build/, one process
// per core). Production refuses to start without
// its secrets; `--demo` (used by `npm run demo`) fills in demo secrets and prints the logins.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const demo = process.argv.includes("--demo");
const environment = { ...process.env, NODE_ENV: "production" };

if (demo) {
  // The same public development keys as app/lib/env.server.ts uses outside production, so the
  // demo server can read the identity numbers that `npm run setup` sealed. Never for real data.
  environment.SESSION_SECRET ??= "development-session-secret";
  environment.IDENTITY_KEY ??= "development-identity-key";
  // The demo runs on plain http://localhost, where Secure cookies are not sent by every browser.
  environment.INSECURE_COOKIES ??= "1";
}

const missing = ["SESSION_SECRET", "IDENTITY_KEY"].filter((name) => (environment[name] ?? "").length < 16);
if (missing.length) {
  console.error(
    `Refusing to start: set ${missing.join(" and ")} (at least 16 random characters each), e.g.\n` +
      `  export SESSION_SECRET=$(openssl rand -hex 32) IDENTITY_KEY=$(openssl rand -hex 32)\n` +
      "Keep IDENTITY_KEY safe and unchanged: identity numbers are hashed and encrypted with it.",
  );
  process.exit(1);
}
if (!existsSync("build/index.js")) {
  console.error("Refusing to start: no build found. Run `npm run build` first.");
  process.exit(1);
}

const port = environment.PORT ?? "3000";
if (demo) {
  console.log(`\nLivelihoods Tracker demo: http://localhost:${port}`);
  console.log("Demo logins (password: livelihoods-demo):");
  for (const email of ["admin", "officer", "reviewer", "mentor", "evaluator", "mentor.lviv", "coordinator", "reviewer.kyiv", "officer2"]) {
    console.log(`  ${email}@example.org`);
  }
  console.log("");
}

const server = spawn(process.execPath, ["scripts/workers.js"], { env: environment, stdio: "inherit" });
// The server stops gracefully within its own grace period (5 s); a server whose event loop is
// stuck cannot, so it is killed a little after that.
const killAfterMs = 8_000;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.kill(signal);
    setTimeout(() => server.kill("SIGKILL"), killAfterMs).unref();
  });
}
server.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGKILL" ? 137 : 0)));
