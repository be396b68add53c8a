// The HTTP part of `npm run bench` (alone: `npm run bench:http`): the production build served on
// a large database (built by db/seed-scale.ts, visits and outcomes included), each daily page of
// each role loaded with autocannon at 32 connections. Absolute figures move from run to run on
// these machines, so every page is printed as a ratio to /login measured in the same run, and
// /login as a ratio to a bare resource route. BENCH_DATABASE=<file> serves a scale database built
// before (it gets the sessions of the run) instead of building one.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { logIn, startProductionServer, waitForServer } from "./production-server";

const caseCount = Number(process.env.BENCH_CASES ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = 32;
// As scripts/workers.js counts them: one server process per core unless WEB_CONCURRENCY says.
const processes = Number.parseInt(process.env.WEB_CONCURRENCY ?? "", 10) || availableParallelism();
const port = 3900 + Math.floor(Math.random() * 90);
const folder = mkdtempSync(join(tmpdir(), "livelihoods-http-"));
const databasePath = process.env.BENCH_DATABASE ?? join(folder, "scale.db");

if (!existsSync("build/index.js")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
if (!process.env.BENCH_DATABASE) {
  execFileSync(process.execPath, ["--import", "tsx", "db/seed-scale.ts", "--cases", String(caseCount), "--database", databasePath], { stdio: "inherit" });
}

// Quiet: the requests autocannon leaves behind at the end of a slow page end in "stream closed
// early" errors by the hundred; a page's own failures show as its non-2xx responses.
const server = startProductionServer({ databasePath, port, quiet: true });
const origin = server.origin;
process.on("exit", () => server.kill());

type Figures = { path: string; role: string; rps: number; p50: number; p99: number; non2xx: number; timeouts: number };

async function load(role: string, path: string, cookie?: string): Promise<Figures> {
  // Percent-encoded as a browser sends it: autocannon writes the path as given, and a raw
  // "Шевченко" on the request line is refused by Node's HTTP parser (no answer at all).
  const result = await autocannon({ url: origin + encodeURI(path), connections, duration: seconds, headers: cookie ? { cookie } : {} });
  await settle();
  // No answer within the run: no latency to show (the page is far slower than 5 s a request).
  const answered = result.requests.total > 0;
  return {
    path, role, rps: result.requests.total / result.duration, p50: answered ? result.latency.p50 : NaN, p99: answered ? result.latency.p99 : NaN,
    non2xx: result.non2xx + result.errors - result.timeouts, timeouts: result.timeouts,
  };
}

// A page slower than the run leaves up to 32 requests the server is still rendering when
// autocannon stops; measured behind them, the next page would look as slow. Wait until the
// server answers at once again (at most three minutes): several answers in a row, since each
// of its processes takes its turn and one of them may be idle while another is still busy.
async function settle() {
  const deadline = Date.now() + 180_000;
  let fastInARow = 0;
  while (Date.now() < deadline && fastInARow < 2 * processes) {
    const started = performance.now();
    await fetch(`${origin}/healthz`);
    fastInARow = performance.now() - started < 100 ? fastInARow + 1 : 0;
  }
  if (fastInARow >= 2 * processes) return;
  throw new Error("the server stayed busy for three minutes after a page's run");
}

// Cases read from the database: one in the middle of the table; a funded one, followed up (its
// visits made and items handed over), in the middle of those; and one of mentor@example.org's.
function sampleIds() {
  const reader = new Database(databasePath, { readonly: true });
  const middle = reader.prepare("select id from cases order by id limit 1 offset ?").pluck().get(Math.floor(caseCount / 2)) as number;
  const followedUp = `select c.id from cases c join grant_agreements g on g.case_id = c.id and g.time_origin_on is not null
    where (select count(*) from follow_up_visits v where v.case_id = c.id) >= 2`;
  const funded = reader.prepare(`${followedUp} order by c.id limit 1 offset (select count(*) / 2 from (${followedUp}))`).pluck().get() as number | undefined;
  const mentorFunded = reader
    .prepare(`${followedUp} and c.mentor_id = (select id from users where email = 'mentor@example.org') order by c.id limit 1`)
    .pluck()
    .get() as number | undefined;
  reader.close();
  if (funded === undefined || mentorFunded === undefined) throw new Error("the scale database has no followed-up grant to load");
  return { caseId: middle, fundedCaseId: funded, mentorCaseId: mentorFunded };
}

async function main() {
  await waitForServer(origin);
  const { caseId, fundedCaseId, mentorCaseId } = sampleIds();
  const cookies = {
    officer: await logIn(origin, "officer@example.org"),
    reviewer: await logIn(origin, "reviewer@example.org"),
    mentor: await logIn(origin, "mentor@example.org"),
    coordinator: await logIn(origin, "coordinator@example.org"),
    evaluator: await logIn(origin, "evaluator@example.org"),
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
    ["officer", `/cases/${fundedCaseId}`],
    ["officer", `/cases/${fundedCaseId}/visits`],
    ["officer", "/duplicates"],
    ["officer", "/committee"],
    ["officer", "/training"],
    ["officer", "/grants"],
    ["officer", "/follow-up"],
    ["reviewer", "/reviews"],
    ["mentor", "/"],
    ["mentor", `/cases/${mentorCaseId}`],
    ["mentor", `/cases/${mentorCaseId}/visits`],
    ["coordinator", "/follow-up"],
    ["evaluator", "/"],
    ["evaluator", "/cases"],
    ["evaluator", "/outcomes"],
  ];
  const results: Figures[] = [];
  for (const [role, path] of pages) results.push(await load(role, path, cookies[role]));

  const ms = (value: number) => (Number.isNaN(value) ? "—" : `${value.toFixed(0)} ms`).padStart(8);
  // Below 10 requests a second a whole number hides the difference between one and none.
  const rate = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0)).padStart(8);
  console.log(`\nHTTP, production build, ${caseCount.toLocaleString("en")} cases, ${processes} server processes, autocannon ${connections} connections × ${seconds} s per page`);
  console.log(`  ${"page".padEnd(58)} ${"req/s".padStart(8)} ${"p50".padStart(8)} ${"p99".padStart(8)}  ratio   target`);
  const loginRatio = login.rps / floor.rps;
  console.log(`  ${"bare resource route /healthz".padEnd(58)} ${rate(floor.rps)} ${ms(floor.p50)} ${ms(floor.p99)}`);
  console.log(
    `  ${"/login".padEnd(58)} ${rate(login.rps)} ${ms(login.p50)} ${ms(login.p99)}  ${loginRatio.toFixed(2)}×  ≥ 0.50× bare: ${loginRatio >= 0.5 ? "met" : "NOT met"}`,
  );
  for (const page of results) {
    const ratio = page.rps / login.rps;
    const met = ratio >= 0.5 && page.p99 < 250; // NaN (nothing answered) is never under 250
    const label = `${page.role} ${page.path}`.slice(0, 58);
    const errors = [page.non2xx ? `${page.non2xx} non-2xx!` : "", page.timeouts ? `${page.timeouts} timed out` : ""].filter(Boolean).join(", ");
    console.log(
      `  ${label.padEnd(58)} ${rate(page.rps)} ${ms(page.p50)} ${ms(page.p99)}  ${ratio.toFixed(2)}×  ≥ 0.50× /login, p99 < 250 ms: ${met ? "met" : "NOT met"}${errors ? `  (${errors})` : ""}`,
    );
  }
  // Hardly anything is written during the run (a session's last-seen time, at most every five
  // minutes), so the evaluator's pages reuse their outcome figures after the first request
  // (app/lib/unchanged-data.server.ts): say so beside the figures.
  console.log(
    "  The evaluator's / and /outcomes reuse the outcome figures while no row changes (hardly any does during this run);\n" +
      "  the first view after a change works them out again: see 'loader after a change' under Outcomes in `npm run bench`.",
  );
}

try {
  await main();
} finally {
  server.kill();
  rmSync(folder, { recursive: true, force: true });
}
