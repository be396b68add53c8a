// The HTTP part of `npm run bench`: the production build served on a large database (built by
// db/seed-scale.ts), each daily page of each role loaded with autocannon at 32 connections.
// Absolute figures move from run to run on these machines, so every page is printed as a ratio
// to /login measured in the same run, and /login as a ratio to a bare resource route.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";

const caseCount = Number(process.env.BENCH_CASES ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = 32;
const port = 3900 + Math.floor(Math.random() * 90);
const origin = `http://127.0.0.1:${port}`;
const folder = mkdtempSync(join(tmpdir(), "livelihoods-http-"));
const databasePath = join(folder, "scale.db");

if (!existsSync("build/index.js")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
execFileSync(process.execPath, ["--import", "tsx", "db/seed-scale.ts", "--cases", String(caseCount), "--database", databasePath], { stdio: "inherit" });

// Its own process group, so a stuck server can be SIGKILLed with its children.
const server = spawn(process.execPath, ["scripts/start.js", "--demo"], {
  env: { ...process.env, DATABASE_PATH: databasePath, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});
const stopServer = () => {
  try {
    process.kill(-server.pid!, "SIGKILL");
  } catch {
    // already gone
  }
};
process.on("exit", stopServer);

async function waitForServer() {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the server did not start");
}

async function logIn(email: string) {
  const response = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ email, password: "livelihoods-demo", redirectTo: "/" }),
  });
  const cookie = response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
  if (response.status !== 302 || !cookie) throw new Error(`login as ${email} failed: ${response.status}`);
  return cookie;
}

type Figures = { path: string; role: string; rps: number; p50: number; p99: number; non2xx: number };

async function load(role: string, path: string, cookie?: string): Promise<Figures> {
  const result = await autocannon({ url: origin + path, connections, duration: seconds, headers: cookie ? { cookie } : {} });
  return { path, role, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

// A case in the middle of the table, and the id of one at committee, read from the database.
function sampleIds() {
  const reader = new Database(databasePath, { readonly: true });
  const middle = reader.prepare("select id from cases order by id limit 1 offset ?").get(Math.floor(caseCount / 2)) as { id: number };
  const mentorCase = reader
    .prepare("select c.id from cases c join users u on u.id = c.mentor_id where u.email = 'mentor@example.org' limit 1")
    .get() as { id: number } | undefined;
  reader.close();
  return { caseId: middle.id, mentorCaseId: mentorCase?.id ?? middle.id };
}

async function main() {
  await waitForServer();
  const { caseId, mentorCaseId } = sampleIds();
  const cookies = {
    officer: await logIn("officer@example.org"),
    reviewer: await logIn("reviewer@example.org"),
    mentor: await logIn("mentor@example.org"),
    evaluator: await logIn("evaluator@example.org"),
  };
  const floor = await load("anyone", "/healthz");
  const login = await load("anyone", "/login");
  const pages: Array<[keyof typeof cookies, string]> = [
    ["officer", "/"],
    ["officer", "/cases"],
    ["officer", "/cases?status=open&displacement=idp&sex=female"],
    ["officer", "/cases?stage=screening&oblast=UA12"],
    ["officer", "/cases?q=Шевченко"],
    ["officer", "/cases?page=1500"],
    ["officer", `/cases/${caseId}`],
    ["officer", "/duplicates"],
    ["officer", "/committee"],
    ["officer", "/training"],
    ["officer", "/grants"],
    ["reviewer", "/reviews"],
    ["mentor", "/"],
    ["mentor", `/cases/${mentorCaseId}`],
    ["evaluator", "/"],
    ["evaluator", "/cases"],
  ];
  const results: Figures[] = [];
  for (const [role, path] of pages) results.push(await load(role, path, cookies[role]));

  const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(8);
  console.log(`\nHTTP, production build, ${caseCount.toLocaleString("en")} cases, autocannon ${connections} connections × ${seconds} s per page`);
  console.log(`  ${"page".padEnd(58)} ${"req/s".padStart(8)} ${"p50".padStart(8)} ${"p99".padStart(8)}  ratio   target`);
  const loginRatio = login.rps / floor.rps;
  console.log(`  ${"bare resource route /healthz".padEnd(58)} ${floor.rps.toFixed(0).padStart(8)} ${ms(floor.p50)} ${ms(floor.p99)}`);
  console.log(
    `  ${"/login".padEnd(58)} ${login.rps.toFixed(0).padStart(8)} ${ms(login.p50)} ${ms(login.p99)}  ${loginRatio.toFixed(2)}×  ≥ 0.50× bare: ${loginRatio >= 0.5 ? "met" : "NOT met"}`,
  );
  for (const page of results) {
    const ratio = page.rps / login.rps;
    const met = ratio >= 0.5 && page.p99 < 250;
    const label = `${page.role} ${page.path}`.slice(0, 58);
    const errors = page.non2xx ? `  (${page.non2xx} non-2xx!)` : "";
    console.log(
      `  ${label.padEnd(58)} ${page.rps.toFixed(0).padStart(8)} ${ms(page.p50)} ${ms(page.p99)}  ${ratio.toFixed(2)}×  ≥ 0.50× /login, p99 < 250 ms: ${met ? "met" : "NOT met"}${errors}`,
    );
  }
}

try {
  await main();
} finally {
  stopServer();
  rmSync(folder, { recursive: true, force: true });
}
