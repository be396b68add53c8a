// The outcomes part of `npm run bench` (issue 11 "Fast at scale"): the /outcomes loader of the
// production build against the hand-written SQL that fetches its inputs, side by side in one
// run, on a cohort of 100,000 grants and 300,000 visits (tests/bench/outcomes-cohort.ts). Printed,
// never asserted: figures move from run to run on shared machines, the ratio less so.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { migrateDatabase } from "../../db/migrate";

const grants = Number(process.env.BENCH_GRANTS ?? 100_000);
const visits = Number(process.env.BENCH_VISITS ?? 300_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const folder = mkdtempSync(join(tmpdir(), "livelihoods-outcomes-"));
process.env.DATABASE_PATH = join(folder, "outcomes.db");
process.env.SESSION_SECRET ??= "bench-session-secret-0123456789";
process.env.IDENTITY_KEY ??= "bench-identity-key-0123456789";
migrateDatabase(process.env.DATABASE_PATH);

const { db, sqlite } = await import("~/lib/db.server");
const { kyivToday } = await import("~/lib/kyiv-date");
const { startSession } = await import("~/lib/session.server");
const { seedDemoPlaces } = await import("../../db/demo-places");
const { seedOutcomeCohort } = await import("./outcomes-cohort");

const today = kyivToday();
const built = performance.now();
db.transaction((tx) => seedDemoPlaces(tx));
// A throwaway database: no need to wait for the disk while building it.
sqlite.pragma("synchronous = OFF");
const counts = seedOutcomeCohort(sqlite, { grants, visitsTarget: visits }, today);
sqlite.pragma("synchronous = NORMAL");
console.log(
  `Outcomes: ${counts.grants.toLocaleString("en")} grants, ${counts.visits.toLocaleString("en")} visits, ${counts.rosterRows.toLocaleString("en")} roster rows, built in ${((performance.now() - built) / 1000).toFixed(1)} s`,
);

const evaluatorId = Number(
  sqlite.prepare("insert into users (email, name, password_hash, role, organisation_id, must_change_password) values ('evaluator@bench.example', 'Evaluator', 'x', 'evaluator', 1, 0)").run().lastInsertRowid,
);
const cookie = (await startSession(evaluatorId, "/")).headers
  .getSetCookie()
  .map((value) => value.split(";")[0])
  .join("; ");

// The page as production serves it: the built server bundle's route module.
if (!existsSync("build/index.js")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
process.env.NODE_ENV = "production";
const build = await import(pathToFileURL(join(process.cwd(), "build/index.js")).href);
const loader = build.routes["routes/outcomes._index"].module.loader as (args: { request: Request; params: object; context: object }) => Promise<unknown>;

// The inputs, fetched by hand: each grant with its people and money, the visits, the rosters.
const handWritten = [
  sqlite.prepare(`
    select ga.id, ga.case_id, ga.programme_id, pr.currency, ga.time_origin_on, ga.in_kind_minor, ga.cash_minor, ga.funding_source_id,
      c.partner_organisation_id, c.oblast_pcode, b.kind, b.kved_code, b.baseline_monthly_revenue_minor, b.baseline_monthly_net_income_minor,
      p.sex, p.birth_date, p.disability, da.status,
      (select coalesce(sum(l.reporting_amount_minor), 0) from grant_ledger_entries l where l.agreement_id = ga.id and l.kind in ('disbursement', 'return', 'correction'))
    from grant_agreements ga
    join programmes pr on pr.id = ga.programme_id
    join cases c on c.id = ga.case_id
    join persons p on p.id = c.person_id
    left join displacement_records da on da.id = (select min(x.id) from displacement_records x where x.case_id = c.id and x.context = 'application')
    left join businesses b on b.case_id = c.id
    where ga.time_origin_on is not null and ga.status <> 'cancelled' and ga.time_origin_on <= $today`),
  sqlite.prepare(`
    select v.agreement_id, v.visit_date, v.operating_status, v.closure_date,
      case v.residence when 'moved_within_ukraine' then 'within_ukraine' else v.residence end, substr(v.new_hromada_pcode, 1, 4),
      v.monthly_revenue_minor, v.monthly_net_income_minor, pv.months_after_origin
    from grant_agreements ga
    join follow_up_visits v on v.agreement_id = ga.id and v.visit_date <= $today
    left join planned_visits pv on pv.id = v.planned_visit_id
    where ga.time_origin_on is not null and ga.status <> 'cancelled' and ga.time_origin_on <= $today
    order by v.agreement_id, v.visit_date, v.id`),
  sqlite.prepare(`
    with cohort as materialized (
      select ga.id as agreement_id, b.id as business_id,
        (select v.id from follow_up_visits v where v.agreement_id = ga.id and v.operating_status <> 'unreachable' and v.visit_date <= $today
          order by v.visit_date desc, v.id desc limit 1) as latest_visit_id
      from grant_agreements ga join businesses b on b.case_id = ga.case_id
      where ga.time_origin_on is not null and ga.status <> 'cancelled' and ga.time_origin_on <= $today)
    select cohort.agreement_id, 1, r.recorded_on, r.role, r.paid, r.hours_per_week, r.sex, r.displacement_status, r.start_date, r.end_date, r.months_per_year
      from cohort cross join worker_roster_rows r on r.business_id = cohort.business_id and r.snapshot_kind = 'baseline' where cohort.latest_visit_id is not null
    union all
    select cohort.agreement_id, 0, r.recorded_on, r.role, r.paid, r.hours_per_week, r.sex, r.displacement_status, r.start_date, r.end_date, r.months_per_year
      from cohort cross join worker_roster_rows r on r.visit_id = cohort.latest_visit_id`),
].map((statement) => statement.raw());

function fetchInputs() {
  return handWritten.reduce((rows, statement) => rows + statement.all({ today }).length, 0);
}

let bytes = 0;
async function loadPage() {
  const data = await loader({ request: new Request("http://localhost/outcomes", { headers: { Cookie: cookie } }), params: {}, context: {} });
  if (data instanceof Response) throw new Error(`the loader answered ${data.status}`);
  bytes = JSON.stringify(data).length;
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const time = async (run: () => unknown) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

// One warm-up each (statement caches, JIT), then the two side by side, alternating.
const rows = fetchInputs();
await loadPage();
const sql: number[] = [];
const page: number[] = [];
for (let i = 0; i < runs; i += 1) {
  sql.push(await time(fetchInputs));
  page.push(await time(loadPage));
}
const ms = (value: number) => `${value.toFixed(0)} ms`;
console.log(`  hand-written SQL fetching the inputs (${rows.toLocaleString("en")} rows): median ${ms(median(sql))}  (${sql.map((v) => v.toFixed(0)).join(", ")})`);
console.log(`  /outcomes loader, evaluator, whole cohort (${(bytes / 1024).toFixed(0)} KB of data): median ${ms(median(page))}  (${page.map((v) => v.toFixed(0)).join(", ")})`);
console.log(`  loader ÷ SQL: ${(median(page) / median(sql)).toFixed(2)}× (target ≤ 1.5×); loader: ${(median(page) / 500).toFixed(2)}× the 500 ms target`);
rmSync(folder, { recursive: true, force: true });
