// `npm run bench:crash`, also run by `npm run bench`: is every write the server acknowledged
// still there after the server is killed, and nothing half-written?
//
// The production server (scripts/start.js on build/) runs on a migrated database seeded by
// db/seed-scale.ts. Four clients send real form posts — applicants registered through /cases/new,
// business plans saved, committee decisions recorded — and note every write the server
// acknowledged (its redirect to the new case, the saved plan, the redirect after the decision).
// Meanwhile the server's whole process group gets SIGKILL at random moments and is started again;
// after the last write it is killed once more. Then the database is checked: every acknowledged
// write is there with its content, no case lacks its person, business, consent, displacement
// record or audit entry, no plan or decision lacks its audit entry, and PRAGMA integrity_check
// says ok. The run fails (exit code 1) on any violation.
//
// What a SIGKILL proves and what it does not: the process dies at any instruction, but the
// operating system keeps every byte the process had written, so this tests SQLite's atomic
// commits and the app's transactions, not the disk. Surviving a power cut or a kernel panic needs
// each commit on the disk itself before it is acknowledged: `synchronous = FULL`
// (app/lib/db.server.ts). The first part of the run measures what that costs, against NORMAL,
// on the same machine and disk: raw commits per second, then real writes through HTTP.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { logIn, randomPort, startProductionServer, waitForServer, type ProductionServer } from "./production-server";

const settings = {
  crashSeconds: Number(process.env.CRASH_SECONDS ?? 60),
  kills: Number(process.env.CRASH_KILLS ?? 5),
  throughputSeconds: Number(process.env.CRASH_THROUGHPUT_SECONDS ?? 15),
  clients: Number(process.env.CRASH_CLIENTS ?? 4),
  cases: Number(process.env.CRASH_CASES ?? 2_000),
};
const folder = mkdtempSync(join(tmpdir(), "livelihoods-crash-"));
const template = join(folder, "template.db");
const today = new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// The writes: what each form posts, and what the client remembers of each attempt

type Kind = "register" | "plan" | "decision";
type Attempt = { kind: Kind; token: string; caseId?: number; versionBefore?: number; decision?: string };
type PlanCase = { caseId: number; version: number | null; initialVersion: number | null };
type DecisionCase = { caseId: number; version: number };

const surnames = ["Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Шевчук", "Поліщук", "Мельник"];
const firstNames = ["Олена", "Ірина", "Наталія", "Оксана", "Андрій", "Сергій", "Тетяна", "Василь"];

function registrationForm(token: string, serial: number, programmeId: number) {
  const form = new URLSearchParams({
    programmeId: String(programmeId),
    applicationDate: today,
    surname: surnames[serial % surnames.length],
    firstName: firstNames[(serial >> 3) % firstNames.length],
    sex: serial % 3 === 0 ? "male" : "female",
    birthDate: `${1970 + (serial % 30)}-${String(1 + (serial % 12)).padStart(2, "0")}-${String(1 + (serial % 28)).padStart(2, "0")}`,
    noRnokpp: "on",
    // Nine digits, one per registration: never a definite duplicate of another.
    passportNumber: String(100_000_000 + serial),
    consentGivenOn: today,
    consentTakenBy: "Crash test officer",
    referralSource: "self",
    displacementStatus: "host",
    currentOblastPcode: "UA12",
    householdSize: "2",
    children: "1",
    olderMembers: "0",
    membersWithDisability: "0",
    businessKind: "startup",
    businessName: `Crash ${token}`,
    requestedModality: "cash",
    requestedAmountMinor: "50000",
  });
  form.append("consentPurposes", "registration");
  form.append("consentPurposes", "screening");
  return form;
}

function planForm(token: string, version: number) {
  const form = new URLSearchParams({ intent: "save", version: String(version) });
  for (const section of ["summary", "products", "market", "competitors", "experience", "premises", "risks"]) form.set(section, `${section} ${token}`);
  form.set("expectedJobsFullTime", "1");
  form.set("expectedJobsPartTime", "0");
  form.set("expectedMonthlyRevenueMinor", "30000");
  form.set("coContributionMinor", "2000");
  form.set("budget[0].item", `Швейна машина ${token}`);
  form.set("budget[0].quantity", "1");
  form.set("budget[0].unitCostMinor", "20000");
  form.set("budget[0].modality", "in_kind");
  return form;
}

function decisionForm(token: string, version: number, decision: string) {
  const form = new URLSearchParams({
    intent: "decide",
    version: String(version),
    confirmed: "yes",
    decision,
    committeeDate: today,
    members: `Голова ${token}, Член комісії`,
    rankOrderReason: "Crash test: decided as the writes arrive, not in rank order",
  });
  if (decision === "approved") {
    form.set("amountMinor", "1000");
    form.set("modality", "cash");
  }
  return form;
}

// ---------------------------------------------------------------------------------------------
// The clients

// Half registrations, a third plan saves, the rest decisions, interleaved.
const writeMix = "RPRDRPRRPDRPRRPRDPRP";

class WriteStream {
  readonly attempts: Attempt[] = [];
  readonly acknowledged: Attempt[] = [];
  readonly counts = { sent: 0, acknowledged: 0, lost: 0, refused: 0 };
  readonly refusals = new Map<string, number>();
  readonly latencies: number[] = [];
  private cookie = "";
  private serial = 0;
  private inFlight = 0;

  constructor(
    private readonly origin: string,
    private readonly name: string,
    private readonly programmeId: number,
    private readonly planCases: PlanCase[][],
    private readonly decisionCases: DecisionCase[][],
  ) {}

  get pending() {
    return this.inFlight;
  }

  async run(clients: number, until: () => boolean) {
    await Promise.all(Array.from({ length: clients }, (_, client) => this.client(client, until)));
  }

  private async client(client: number, until: () => boolean) {
    let turn = 0;
    while (!until()) {
      turn += 1;
      const plans = this.planCases[client] ?? [];
      const decisions = this.decisionCases[client] ?? [];
      const kind = writeMix[(turn + client * 5) % writeMix.length];
      try {
        if (!this.cookie) this.cookie = await logIn(this.origin, "officer@example.org");
        if (kind === "D" && decisions.length) await this.decide(decisions.shift()!, turn);
        else if (kind === "P" && plans.length) await this.savePlan(plans[turn % plans.length]);
        else await this.register();
      } catch {
        // The server is down (killed, starting again): try again shortly.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  private nextToken() {
    this.serial += 1;
    return { token: `${this.name}-${this.serial}`, serial: this.serial };
  }

  // One write: the response decides whether it was acknowledged; no response means "lost" (it
  // may or may not have been committed before the kill).
  private async post(attempt: Attempt, path: string, form: URLSearchParams, acknowledged: (response: Response) => boolean) {
    this.attempts.push(attempt);
    this.counts.sent += 1;
    this.inFlight += 1;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(this.origin + path, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.origin, cookie: this.cookie },
        body: form,
      });
      await response.arrayBuffer();
    } catch (error) {
      // Refused at connect: the server was down and never saw the write.
      if ((error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED") {
        this.attempts.splice(this.attempts.indexOf(attempt), 1);
        this.counts.sent -= 1;
      } else {
        this.counts.lost += 1;
      }
      throw error;
    } finally {
      this.inFlight -= 1;
    }
    if (acknowledged(response)) {
      this.counts.acknowledged += 1;
      this.acknowledged.push(attempt);
      this.latencies.push(performance.now() - started);
      return true;
    }
    if (response.status === 302 && response.headers.get("Location")?.startsWith("/login")) this.cookie = "";
    this.counts.refused += 1;
    const reason = `${attempt.kind} ${response.status}`;
    this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
    return false;
  }

  private async register() {
    const { token, serial } = this.nextToken();
    const attempt: Attempt = { kind: "register", token };
    await this.post(attempt, "/cases/new", registrationForm(token, serial, this.programmeId), (response) => {
      const created = /^\/cases\/(\d+)\?registered=1$/.exec(response.headers.get("Location") ?? "");
      if (response.status !== 302 || !created) return false;
      attempt.caseId = Number(created[1]);
      return true;
    });
  }

  private async savePlan(plan: PlanCase) {
    // After a lost save the client does not know whether it was stored: it reads the form again.
    if (plan.version === null) {
      const page = await fetch(`${this.origin}/cases/${plan.caseId}/plan`, { headers: { cookie: this.cookie } });
      const version = /name="version" value="(\d+)"/.exec(await page.text());
      if (!version) throw new Error(`no plan form for case ${plan.caseId}`);
      plan.version = Number(version[1]);
    }
    const { token } = this.nextToken();
    const attempt: Attempt = { kind: "plan", token, caseId: plan.caseId, versionBefore: plan.version };
    const before = plan.version;
    plan.version = null;
    const saved = await this.post(attempt, `/cases/${plan.caseId}/plan`, planForm(token, before), (response) => response.status === 200);
    if (saved) plan.version = before === 0 ? 2 : before + 1;
  }

  private async decide(candidate: DecisionCase, turn: number) {
    const { token } = this.nextToken();
    const decision = turn % 2 ? "waitlisted" : "approved";
    const attempt: Attempt = { kind: "decision", token, caseId: candidate.caseId, decision };
    await this.post(attempt, `/committee/${candidate.caseId}`, decisionForm(token, candidate.version, decision), (response) =>
      response.status === 302 && (response.headers.get("Location") ?? "").includes(`decided=${candidate.caseId}`),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The check of the database after the last kill

type Template = { programmeId: number; planCases: PlanCase[]; decisionCases: DecisionCase[]; maxDecisionId: number; maxCaseId: number };

function readTemplate(): Template {
  const database = new Database(template, { readonly: true });
  const programmeId = (database.prepare("select id from programmes where code = 'EEP-2026'").get() as { id: number }).id;
  const planCases = (
    database
      .prepare(
        `select c.id as caseId, coalesce(p.version, 0) as version from cases c left join business_plans p on p.case_id = c.id
         where c.stage in ('training', 'business_plan') and c.status = 'open' and c.eligibility = 'eligible' and (p.id is null or p.status = 'draft')
         order by c.id limit 400`,
      )
      .all() as Array<{ caseId: number; version: number }>
  ).map((row) => ({ caseId: row.caseId, version: row.version, initialVersion: row.version === 0 ? null : row.version }));
  const decisionCases = database
    .prepare(
      `select c.id as caseId, c.version as version from cases c where c.stage = 'committee' and c.status = 'open' and c.decision is null
       and (select count(*) from review_assignments r where r.case_id = c.id and r.status = 'submitted') >= 2 order by c.id limit 400`,
    )
    .all() as DecisionCase[];
  const maxDecisionId = (database.prepare("select coalesce(max(id), 0) as n from committee_decisions").get() as { n: number }).n;
  const maxCaseId = (database.prepare("select coalesce(max(id), 0) as n from cases").get() as { n: number }).n;
  database.close();
  return { programmeId, planCases, decisionCases, maxDecisionId, maxCaseId };
}

type Verdict = { violations: string[]; committedUnacknowledged: number; integrity: string };

function verify(databasePath: string, stream: WriteStream, base: Template): Verdict {
  // Opened read-write, as the server would be: the WAL left by the kill is recovered.
  const database = new Database(databasePath);
  const violations: string[] = [];
  const integrity = (database.pragma("integrity_check", { simple: true }) as string) ?? "";
  if (integrity !== "ok") violations.push(`integrity_check: ${integrity}`);
  const foreignKeys = database.pragma("foreign_key_check") as unknown[];
  if (foreignKeys.length) violations.push(`foreign_key_check: ${foreignKeys.length} rows`);
  const count = (sql: string, ...params: unknown[]) => (database.prepare(sql).get(...params) as { n: number }).n;

  // No case without its parts, old or new (a registration is one transaction).
  const incomplete: Array<[string, string]> = [
    ["without a person", "not exists (select 1 from persons p where p.id = c.person_id)"],
    ["without a business", "not exists (select 1 from businesses b where b.case_id = c.id)"],
    ["without a consent", "not exists (select 1 from consents k where k.person_id = c.person_id)"],
    ["without a displacement record", "not exists (select 1 from displacement_records d where d.case_id = c.id)"],
    [
      "without its audit entry",
      "not exists (select 1 from audit_log a where a.entity_type = 'case' and a.entity_id = cast(c.id as text) and a.action in ('create', 'import'))",
    ],
  ];
  for (const [what, condition] of incomplete) {
    const n = count(`select count(*) as n from cases c where ${condition}`);
    if (n) violations.push(`${n} cases ${what}`);
  }

  const sent = new Map(stream.attempts.map((attempt) => [attempt.token, attempt]));
  const acknowledged = new Set(stream.acknowledged.map((attempt) => attempt.token));
  let committedUnacknowledged = 0;

  // Registrations: each acknowledged one is the case it named, with its business.
  for (const attempt of stream.acknowledged.filter((one) => one.kind === "register")) {
    const row = database.prepare("select b.name from cases c join businesses b on b.case_id = c.id where c.id = ?").get(attempt.caseId) as { name: string } | undefined;
    if (row?.name !== `Crash ${attempt.token}`) violations.push(`registration ${attempt.token} acknowledged as case ${attempt.caseId}, found ${row ? row.name : "nothing"}`);
  }
  const registered = database.prepare("select b.name from businesses b where b.name like 'Crash %'").all() as Array<{ name: string }>;
  for (const { name } of registered) {
    const token = name.slice("Crash ".length);
    if (!sent.has(token)) violations.push(`a case for ${token}, never sent`);
    else if (!acknowledged.has(token)) committedUnacknowledged += 1;
  }

  // Plans: the stored version is the last acknowledged save or a later one, whole.
  const plansTouched = new Map<number, Attempt[]>();
  for (const attempt of stream.attempts.filter((one) => one.kind === "plan")) plansTouched.set(attempt.caseId!, [...(plansTouched.get(attempt.caseId!) ?? []), attempt]);
  for (const [caseId, attempts] of plansTouched) {
    const plan = database.prepare("select id, version, current_version as currentVersion from business_plans where case_id = ?").get(caseId) as
      | { id: number; version: number; currentVersion: number }
      | undefined;
    const acked = attempts.filter((attempt) => acknowledged.has(attempt.token));
    const last = acked.at(-1);
    if (!plan) {
      if (last) violations.push(`plan of case ${caseId}: saved (acknowledged) but missing`);
      continue;
    }
    const initial = base.planCases.find((one) => one.caseId === caseId)?.initialVersion ?? null;
    if (last && plan.version < (last.versionBefore === 0 ? 2 : last.versionBefore! + 1)) {
      violations.push(`plan of case ${caseId}: version ${plan.version}, but a save to version ${last.versionBefore! + 1} was acknowledged`);
    }
    const version = database.prepare("select id, summary from business_plan_versions where plan_id = ? and number = ?").get(plan.id, plan.currentVersion) as { id: number; summary: string };
    const storing = attempts.filter((attempt) => (attempt.versionBefore === 0 ? 2 : attempt.versionBefore! + 1) === plan.version);
    if (plan.version !== initial && !storing.some((attempt) => version.summary === `summary ${attempt.token}`)) {
      violations.push(`plan of case ${caseId}: version ${plan.version} holds "${version.summary.slice(0, 40)}", not the save that made it`);
    }
    if (plan.version !== initial) {
      const lines = database.prepare("select item from budget_lines where plan_version_id = ?").all(version.id) as Array<{ item: string }>;
      if (lines.length !== 1 || lines[0].item !== `Швейна машина ${version.summary.slice("summary ".length)}`) violations.push(`plan of case ${caseId}: budget lines of another save (${lines.length})`);
    }
    // One audit entry per save: the plan's version counts the saves.
    const audits = count("select count(*) as n from audit_log where entity_type = 'business_plan' and entity_id = ? and action = 'update'", String(plan.id));
    const saves = plan.version - (initial ?? 1);
    if (audits !== saves) violations.push(`plan of case ${caseId}: ${saves} saves stored, ${audits} audit entries`);
    committedUnacknowledged += storing.filter((attempt) => !acknowledged.has(attempt.token) && version.summary === `summary ${attempt.token}`).length;
  }

  // Decisions: each acknowledged one is stored with its case moved and its audit entry.
  for (const attempt of stream.acknowledged.filter((one) => one.kind === "decision")) {
    const decision = database.prepare("select id, decision from committee_decisions where case_id = ? and members like ?").get(attempt.caseId, `%Голова ${attempt.token}"%`) as
      | { id: number; decision: string }
      | undefined;
    if (!decision) {
      violations.push(`decision ${attempt.token} on case ${attempt.caseId} acknowledged but missing`);
      continue;
    }
    const caseDecision = (database.prepare("select decision from cases where id = ?").get(attempt.caseId) as { decision: string | null }).decision;
    if (caseDecision !== attempt.decision) violations.push(`decision ${attempt.token}: the case says ${caseDecision}`);
  }
  const newDecisions = database.prepare("select id, case_id as caseId, decision, members from committee_decisions where id > ?").all(base.maxDecisionId) as Array<{
    id: number;
    caseId: number;
    decision: string;
    members: string;
  }>;
  for (const decision of newDecisions) {
    if (!count("select count(*) as n from audit_log where entity_type = 'decision' and entity_id = ? and action = 'decide'", String(decision.id))) {
      violations.push(`decision ${decision.id} without its audit entry`);
    }
    const caseDecision = (database.prepare("select decision from cases where id = ?").get(decision.caseId) as { decision: string | null }).decision;
    if (caseDecision !== decision.decision) violations.push(`decision ${decision.id} stored, but case ${decision.caseId} says ${caseDecision}`);
    const token = /Голова ([\w-]+)/.exec(decision.members)?.[1];
    if (token && !acknowledged.has(token)) committedUnacknowledged += 1;
  }
  database.close();
  return { violations, committedUnacknowledged, integrity };
}

// ---------------------------------------------------------------------------------------------
// The runs

function freshDatabase(name: string) {
  const path = join(folder, `${name}.db`);
  copyFileSync(template, path);
  return path;
}

function partition<T>(items: T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, part) => items.filter((_, index) => index % parts === part));
}

function startServer(databasePath: string, port: number, synchronous?: "NORMAL" | "FULL") {
  return startProductionServer({ databasePath, port, quiet: true, env: synchronous ? { DATABASE_SYNCHRONOUS: synchronous } : {} });
}

function percentile(samples: number[], q: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

// Commits per second of a registration-sized transaction (six inserts) straight into SQLite,
// NORMAL and FULL in turns (the machine's load changes: alternating keeps the comparison fair).
function rawCommitsPerSecond(rounds: number) {
  const totals = { NORMAL: { commits: 0, seconds: 0 }, FULL: { commits: 0, seconds: 0 } };
  for (let round = 0; round < rounds; round += 1) {
    for (const synchronous of ["NORMAL", "FULL"] as const) {
      const database = new Database(join(folder, `raw-${synchronous}.db`));
      database.pragma("journal_mode = WAL");
      database.pragma(`synchronous = ${synchronous}`);
      database.exec("create table if not exists writes (id integer primary key, a text, b text)");
      const insert = database.prepare("insert into writes (a, b) values (?, ?)");
      const commit = database.transaction(() => {
        for (let i = 0; i < 6; i += 1) insert.run("a".repeat(100), "b".repeat(300));
      });
      const started = performance.now();
      while (performance.now() - started < 1_000) {
        commit();
        totals[synchronous].commits += 1;
      }
      totals[synchronous].seconds += (performance.now() - started) / 1000;
      database.close();
    }
  }
  return { NORMAL: totals.NORMAL.commits / totals.NORMAL.seconds, FULL: totals.FULL.commits / totals.FULL.seconds };
}

// Acknowledged writes per second through HTTP, NORMAL and FULL in turns of a few seconds each,
// each setting on its own database and server (started again for each turn).
async function throughput(base: Template, rounds: number) {
  const runs = (["NORMAL", "FULL"] as const).map((synchronous) => {
    const port = randomPort(5000 + (synchronous === "FULL" ? 400 : 0));
    const clients = settings.clients;
    return {
      synchronous,
      port,
      databasePath: freshDatabase(`throughput-${synchronous}`),
      stream: new WriteStream(`http://127.0.0.1:${port}`, synchronous.toLowerCase(), base.programmeId, partition(structuredClone(base.planCases), clients), partition(structuredClone(base.decisionCases), clients)),
      seconds: 0,
    };
  });
  for (let round = 0; round < rounds; round += 1) {
    for (const run of runs) {
      const server = startServer(run.databasePath, run.port, run.synchronous);
      try {
        await waitForServer(server.origin);
        const started = performance.now();
        const deadline = started + (settings.throughputSeconds * 1000) / rounds;
        await run.stream.run(settings.clients, () => performance.now() > deadline);
        run.seconds += (performance.now() - started) / 1000;
      } finally {
        server.kill();
        await server.exited;
      }
    }
  }
  return runs.map((run) => ({ ...run, verdict: verify(run.databasePath, run.stream, base) }));
}

async function crash(base: Template) {
  const databasePath = freshDatabase("crash");
  const port = randomPort(5500);
  let server: ProductionServer = startServer(databasePath, port);
  await waitForServer(server.origin);
  const clients = settings.clients;
  const stream = new WriteStream(server.origin, "crash", base.programmeId, partition(structuredClone(base.planCases), clients), partition(structuredClone(base.decisionCases), clients));
  const started = performance.now();
  const deadline = started + settings.crashSeconds * 1000;
  const kills: Array<{ at: number; inFlight: number; downMs: number }> = [];
  const writing = stream.run(clients, () => performance.now() > deadline);
  // One kill in each of `kills` equal stretches of the run, at a random point of it.
  const stretch = (settings.crashSeconds * 1000) / (settings.kills + 1);
  for (let kill = 0; kill < settings.kills; kill += 1) {
    const at = started + stretch * (kill + 0.5 + Math.random());
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));
    const inFlight = stream.pending;
    const down = performance.now();
    server.kill();
    await server.exited;
    server = startServer(databasePath, port);
    await waitForServer(server.origin);
    kills.push({ at: (down - started) / 1000, inFlight, downMs: performance.now() - down });
  }
  await writing;
  // The last acknowledged writes must survive a kill too.
  server.kill();
  await server.exited;
  return { stream, kills, verdict: verify(databasePath, stream, base) };
}

function kindCounts(stream: WriteStream, kind: Kind) {
  return stream.acknowledged.filter((attempt) => attempt.kind === kind).length;
}

async function main() {
  if (!existsSync("build/index.js")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
  execFileSync(process.execPath, ["--import", "tsx", "db/seed-scale.ts", "--cases", String(settings.cases), "--database", template], { stdio: ["ignore", "ignore", "inherit"] });
  const base = readTemplate();
  console.log(`\nDurability: ${settings.cases.toLocaleString("en")} seeded cases, ${settings.clients} clients writing through HTTP (production build), database in ${folder}`);

  console.log("\nWhat synchronous = FULL costs against NORMAL (same run, same disk):");
  const raw = rawCommitsPerSecond(3);
  console.log(
    `  raw SQLite commits/s (6 inserts each)    NORMAL ${raw.NORMAL.toFixed(0).padStart(7)}   FULL ${raw.FULL.toFixed(0).padStart(7)}   FULL/NORMAL ${(raw.FULL / raw.NORMAL).toFixed(2)}×` +
      `   (${(1000 / raw.NORMAL).toFixed(2)} against ${(1000 / raw.FULL).toFixed(2)} ms a commit)`,
  );
  const [normal, full] = await throughput(base, 3);
  const rate = (run: typeof normal) => run.stream.counts.acknowledged / run.seconds;
  console.log(`  HTTP writes/s acknowledged (${settings.throughputSeconds} s each, in turns)   NORMAL ${rate(normal).toFixed(1).padStart(7)}   FULL ${rate(full).toFixed(1).padStart(7)}   FULL/NORMAL ${(rate(full) / rate(normal)).toFixed(2)}×`);
  const latency = (run: typeof normal, q: number) => `${percentile(run.stream.latencies, q).toFixed(0)} ms`;
  console.log(`  HTTP write latency p50 / p99             NORMAL ${latency(normal, 0.5)} / ${latency(normal, 0.99)}   FULL ${latency(full, 0.5)} / ${latency(full, 0.99)}`);
  for (const [name, run] of [["NORMAL", normal], ["FULL", full]] as const) {
    console.log(
      `  ${name.padEnd(6)} acknowledged: ${kindCounts(run.stream, "register")} registrations, ${kindCounts(run.stream, "plan")} plan saves, ${kindCounts(run.stream, "decision")} decisions; ` +
        `refused ${run.stream.counts.refused}${run.stream.refusals.size ? ` (${[...run.stream.refusals].map(([reason, n]) => `${reason}: ${n}`).join(", ")})` : ""}; check ${run.verdict.violations.length ? "FAILED" : "ok"}`,
    );
  }

  console.log(`\nCrash test: ${settings.kills} SIGKILLs of the server's process group in ${settings.crashSeconds} s, a restart after each, a last kill after the writes (synchronous = FULL, the app's setting)`);
  const result = await crash(base);
  for (const kill of result.kills) console.log(`  kill at ${kill.at.toFixed(1)} s with ${kill.inFlight} writes in flight; serving again after ${kill.downMs.toFixed(0)} ms`);
  const { stream, verdict } = result;
  console.log(
    `  writes sent ${stream.counts.sent}: acknowledged ${stream.counts.acknowledged} (${kindCounts(stream, "register")} registrations, ${kindCounts(stream, "plan")} plan saves, ${kindCounts(stream, "decision")} decisions), ` +
      `lost in flight ${stream.counts.lost}, refused ${stream.counts.refused}${stream.refusals.size ? ` (${[...stream.refusals].map(([reason, n]) => `${reason}: ${n}`).join(", ")})` : ""}`,
  );
  console.log(`  stored although never acknowledged (the kill came between commit and answer): ${verdict.committedUnacknowledged}`);
  console.log(`  PRAGMA integrity_check: ${verdict.integrity}`);
  const failures = [...normal.verdict.violations.map((v) => `NORMAL run: ${v}`), ...full.verdict.violations.map((v) => `FULL run: ${v}`), ...verdict.violations];
  if (kindCounts(stream, "register") === 0) failures.push("no registration was acknowledged: the crash test wrote nothing");
  if (failures.length) {
    console.log(`  FAILED: ${failures.length} violations`);
    for (const failure of failures.slice(0, 30)) console.log(`    ${failure}`);
    process.exitCode = 1;
  } else {
    console.log("  every acknowledged write is in the database, whole; nothing half-written: met");
  }
}

try {
  await main();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
