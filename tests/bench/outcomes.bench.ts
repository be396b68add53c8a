// The outcomes part of `npm run bench` (issue 11 "Fast at scale"): the /outcomes loader of the
// production build against the hand-written SQL that fetches its inputs, side by side in one
// run, on a cohort of 100,000 grants and 300,000 visits (tests/bench/outcomes-cohort.ts). The
// loader's input is one query that reduces each business's visits and rosters to what the rules
// need and hands the cohort over as one JSON document (business-outcomes.server.ts); the SQL below
// is that query written out by hand for the evaluator's unfiltered view, and the bench checks
// that it returns the very document the page reads before timing anything. Printed, never
// asserted: figures move from run to run on shared machines, the ratio less so.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
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

// The page as production serves it: the built server bundle's route module, built again when
// any source is newer than it (else the bench would time yesterday's code).
const newestSource = (folder: string): number =>
  Math.max(0, ...readdirSync(folder, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newestSource(join(folder, entry.name)) : statSync(join(folder, entry.name)).mtimeMs)));
if (!existsSync("build/index.js") || statSync("build/index.js").mtimeMs < newestSource("app")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
process.env.NODE_ENV = "production";
const build = await import(pathToFileURL(join(process.cwd(), "build/index.js")).href);
const loader = build.routes["routes/outcomes._index"].module.loader as (args: { request: Request; params: object; context: object }) => Promise<unknown>;

// The inputs, fetched by hand: a row per business with its people, money, the dates and figures
// of its visits, and the jobs of its baseline roster and of the roster its latest reached visit
// left (roster.ts workforceOn, worker by worker).
const worker = `(r.start_date is null or r.start_date <= r.recorded_on) and (r.end_date is null or r.end_date >= r.recorded_on) as working,
    r.paid = 1 and r.role is not 'owner' as paid_employee, min(r.hours_per_week / 40.0, 1.0) * coalesce(r.months_per_year, 12) / 12.0 as fte,
    r.sex = 'female' as woman, r.displacement_status = 'idp' as idp, r.role = 'owner' as owner, r.hours_per_week is null as unknown_hours, r.recorded_on`;
const visitsOf = `follow_up_visits v where v.agreement_id = ga.id and v.visit_date <= $today`;
const handWritten = sqlite
  .prepare(
    `select json_group_array(json_array(agreement_id, case_id, programme_id, currency, time_origin_on, in_kind_minor, cash_minor, funding_source_id,
      partner_id, oblast_pcode, kind, kved_code, baseline_revenue_minor, baseline_net_income_minor, sex, birth_date, disability, displacement, disbursed_minor,
      last_status, closed_on, reached_on, json(residence), json(stages),
      case when reached_visit_id is not null then json((
        select case when count(*) > 0 then json_array(sum(working), total(working * paid_employee * fte), sum(working * paid_employee * unknown_hours)) end
        from (select ${worker} from worker_roster_rows r where r.business_id = g.business_id and r.snapshot_kind = 'baseline' limit -1))) end,
      case when reached_visit_id is not null then json((
        select case when count(*) > 0 then json_array(sum(working), max(case when owner then working end),
          sum(working * paid_employee), total(working * paid_employee * fte), sum(working * paid_employee * woman), total(working * paid_employee * woman * fte),
          sum(working * paid_employee * idp), total(working * paid_employee * idp * fte), sum(working * paid_employee * unknown_hours), sum(hired)) end
        from (select ${worker}, r.paid = 1 and r.role is not 'owner' and r.start_date <= r.recorded_on and r.start_date > coalesce(
            (select min(x.recorded_on) from worker_roster_rows x where x.business_id = g.business_id and x.snapshot_kind = 'baseline'), g.time_origin_on) as hired
          from worker_roster_rows r where r.visit_id = g.reached_visit_id limit -1))) end))
    from (
      select ga.id as agreement_id, ga.case_id, ga.programme_id, pr.currency, ga.time_origin_on, ga.in_kind_minor, ga.cash_minor, ga.funding_source_id,
        c.partner_organisation_id as partner_id, c.oblast_pcode, b.kind, b.kved_code,
        b.baseline_monthly_revenue_minor as baseline_revenue_minor, b.baseline_monthly_net_income_minor as baseline_net_income_minor, p.sex, p.birth_date, p.disability,
        (select x.status from displacement_records x where x.case_id = ga.case_id and x.context = 'application' order by x.id limit 1) as displacement,
        (select coalesce(sum(l.reporting_amount_minor), 0) from grant_ledger_entries l where l.agreement_id = ga.id and l.kind in ('disbursement', 'return', 'correction')) as disbursed_minor,
        b.id as business_id,
        (select v.operating_status from ${visitsOf} order by v.visit_date desc, v.id desc limit 1) as last_status,
        (select coalesce(v.closure_date, v.visit_date) from ${visitsOf} and v.operating_status = 'closed' order by v.visit_date, v.id limit 1) as closed_on,
        (select v.visit_date from ${visitsOf} and v.operating_status <> 'unreachable' order by v.visit_date desc, v.id desc limit 1) as reached_on,
        (select v.id from ${visitsOf} and v.operating_status <> 'unreachable' order by v.visit_date desc, v.id desc limit 1) as reached_visit_id,
        (select json_array(case v.residence when 'moved_within_ukraine' then 'within_ukraine' else v.residence end, substr(v.new_hromada_pcode, 1, 4))
          from ${visitsOf} and v.residence <> 'unknown' order by v.visit_date desc, v.id desc limit 1) as residence,
        (select json_group_array(json_array(pv.months_after_origin, v.operating_status <> 'unreachable', v.monthly_revenue_minor, v.monthly_net_income_minor))
          from follow_up_visits v cross join planned_visits pv on pv.id = v.planned_visit_id where v.agreement_id = ga.id and v.visit_date <= $today) as stages
      from grant_agreements ga
      join programmes pr on pr.id = ga.programme_id
      join cases c on c.id = ga.case_id
      join persons p on p.id = c.person_id
      left join businesses b on b.case_id = ga.case_id
      where ga.time_origin_on is not null and ga.status <> 'cancelled' and ga.time_origin_on <= $today
      limit -1) g`,
  )
  .pluck();

function fetchInputs() {
  return handWritten.get({ today }) as string;
}

// The page's own query must hand over exactly what the hand-written one does.
const { businessRowsDocument } = await import("~/modules/outcomes/business-outcomes.server");
const document = fetchInputs();
if (document !== businessRowsDocument({}, today)) throw new Error("The hand-written SQL no longer fetches what the page reads: update it beside business-outcomes.server.ts");
const businesses = (JSON.parse(document) as unknown[]).length;

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

// The page keeps a view's figures while no row changes (app/lib/unchanged-data.server.ts). What
// is measured against the SQL is the page that works them out: a row changes before each load,
// as a visit or a grant recorded since the last view would. The same page read again with
// nothing changed is printed beside it.
const changeARow = sqlite.prepare("update programmes set small_cell_threshold = small_cell_threshold where id = (select min(id) from programmes)");

// One warm-up each (statement caches, JIT), then the two side by side, alternating.
fetchInputs();
await loadPage();
const sql: number[] = [];
const page: number[] = [];
const unchanged: number[] = [];
for (let i = 0; i < runs; i += 1) {
  sql.push(await time(fetchInputs));
  changeARow.run();
  page.push(await time(loadPage));
  unchanged.push(await time(loadPage));
}
const ms = (value: number) => `${value.toFixed(0)} ms`;
const [sqlMedian, pageMedian] = [median(sql), median(page)];
const ratio = pageMedian / sqlMedian;
const met = (ok: boolean) => (ok ? "met" : "NOT met");
console.log(
  `  hand-written SQL fetching the inputs (${businesses.toLocaleString("en")} businesses, ${(document.length / 1_048_576).toFixed(1)} MB): median ${ms(sqlMedian)}  (${sql.map((v) => v.toFixed(0)).join(", ")})`,
);
console.log(`  /outcomes loader after a change, evaluator, whole cohort (${(bytes / 1024).toFixed(0)} KB of data): median ${ms(pageMedian)}  (${page.map((v) => v.toFixed(0)).join(", ")})`);
console.log(`  the same, read again with no row changed (figures kept): median ${median(unchanged).toFixed(1)} ms`);
console.log(`  loader ÷ SQL: ${ratio.toFixed(2)}× (target ≤ 1.5×: ${met(ratio <= 1.5)}); loader ${ms(pageMedian)} (target < 500 ms: ${met(pageMedian < 500)})`);
rmSync(folder, { recursive: true, force: true });
