// A large outcome cohort for the outcomes benchmark (issue 11 "Fast at scale"): grants with a
// time origin and everything the outcomes page reads — people, cases, displacement status at
// application, businesses with baseline rosters, agreements, disbursements in the ledger, planned
// and made visits with their rosters. Deterministic (a seeded random); rows go in through prepared
// statements in blocks, not through the app's commands (those are tested elsewhere). Only what
// the outcomes read is filled in: the earlier stages (screening, plans, reviews) are the scale
// seed's (db/seed-scale.ts) business.
import type Database from "better-sqlite3";
import { demoPlaces } from "../../db/demo-places";
import { hostOblasts, seededRandom } from "../../db/demo-people";

export type CohortSize = { grants: number; visitsTarget: number };

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const addMonths = (iso: string, months: number) => {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};

/**
 * Fills an empty, migrated database (with the demo places loaded) with `grants` funded
 * businesses and about `visitsTarget` visits, the time origins spread over the two years before
 * `today`. Returns the counts written.
 */
export function seedOutcomeCohort(sqlite: Database.Database, size: CohortSize, today: string) {
  const random = seededRandom(20_261_111);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const run = (statement: Database.Statement, ...values: unknown[]) => Number(statement.run(...values).lastInsertRowid);

  const organisation = sqlite.prepare("insert into organisations (name, name_uk, kind) values (?, ?, ?)");
  const user = sqlite.prepare("insert into users (email, name, password_hash, role, organisation_id, must_change_password) values (?, ?, 'x', ?, ?, 0)");
  const agency = run(organisation, "Bench agency", "Агенція", "agency");
  const officer = run(user, "outcomes-officer@bench.example", "Officer", "officer", agency);
  const partners = Array.from({ length: 30 }, (_, i) => run(organisation, `Bench partner ${i + 1}`, `Партнер ${i + 1}`, "partner"));
  const mentors = partners.map((p, i) => run(user, `outcomes-mentor${i}@bench.example`, `Mentor ${i}`, "mentor", p));
  const programme = sqlite.prepare(
    `insert into programmes (code, name, name_uk, donor, currency, grant_ceiling_minor, budget_envelope_minor, follow_up_offsets_months, start_date, small_cell_threshold)
     values (?, ?, ?, 'Bench donor', 'UAH', 20000000, 100000000000000, '[3,6,12]', ?, 5)`,
  );
  const programmes = [run(programme, "OUT-2025", "Outcomes 2025", "Результати 2025", "2024-12-01"), run(programme, "OUT-2026", "Outcomes 2026", "Результати 2026", "2025-06-01")];
  const source = sqlite.prepare("insert into funding_sources (name, donor, reference, currency, total_minor, period_start, period_end) values (?, 'Donor', ?, 'UAH', 100000000000000, '2024-01-01', '2028-12-31')");
  const line = sqlite.prepare("insert into funding_budget_lines (funding_source_id, code, name, amount_minor) values (?, '3.1', 'Grants', 100000000000000)");
  const sources = [1, 2, 3].map((n) => run(source, `Bench source ${n}`, `BS-${n}`));
  const lines = sources.map((s) => run(line, s));

  // One decision stands behind every agreement: the agreement's own columns are what outcomes read.
  const person = sqlite.prepare("insert into persons (surname, first_name, sex, birth_date, disability) values ('—', '—', ?, ?, ?)");
  const kase = sqlite.prepare(
    `insert into cases (case_code, person_id, programme_id, stage, status, partner_organisation_id, mentor_id, oblast_pcode, hromada_pcode, application_date, displacement_status, eligibility, decision)
     values (?, ?, ?, 'follow_up', ?, ?, ?, ?, ?, ?, ?, 'eligible', 'approved')`,
  );
  const firstPerson = run(person, "female", "1980-01-01", 0);
  const firstCase = run(kase, "OUT-0", firstPerson, programmes[0], "open", null, null, "UA12", null, "2024-12-01", "idp");
  const plan = run(sqlite.prepare("insert into business_plans (case_id, status) values (?, 'decided')"), firstCase);
  const version = run(sqlite.prepare("insert into business_plan_versions (plan_id, number) values (?, 1)"), plan);
  const decision = run(
    sqlite.prepare("insert into committee_decisions (case_id, plan_version_id, decision, amount_minor, modality, committee_date, members) values (?, ?, 'approved', 10000000, 'in_kind', '2024-12-01', '[]')"),
    firstCase,
    version,
  );

  const statements = {
    displacement: sqlite.prepare("insert into displacement_records (person_id, case_id, context, recorded_on, status, current_oblast_pcode) values (?, ?, 'application', ?, ?, ?)"),
    business: sqlite.prepare(
      `insert into businesses (case_id, kind, kved_code, kved_version, baseline_monthly_revenue_minor, baseline_monthly_net_income_minor, requested_modality, currency)
       values (?, ?, ?, 'KVED-2010', ?, ?, ?, 'UAH')`,
    ),
    agreement: sqlite.prepare(
      `insert into grant_agreements (programme_id, case_id, decision_id, number, year, sequence, amount_minor, currency, in_kind_minor, cash_minor, funding_source_id, budget_line_id,
        status, signed_on, signed_by_user_id, time_origin_on, time_origin_reason)
       values (?, ?, ?, ?, ?, ?, ?, 'UAH', ?, ?, ?, ?, 'signed', ?, ?, ?, ?)`,
    ),
    withdraw: sqlite.prepare("update grant_agreements set status = 'withdrawn', withdrawn_on = ? where id = ?"),
    disbursement: sqlite.prepare(
      `insert into grant_ledger_entries (kind, agreement_id, budget_line_id, modality, effective_on, amount_minor, currency, line_currency, line_amount_minor,
        reporting_currency, reporting_amount_minor, act_id, recorded_by_user_id)
       values ('disbursement', ?, ?, ?, ?, ?, 'UAH', 'UAH', ?, 'UAH', ?, ?, ?)`,
    ),
    planned: sqlite.prepare(
      "insert into planned_visits (agreement_id, case_id, months_after_origin, due_date, window_start, window_end, required) values (?, ?, ?, ?, ?, ?, 1)",
    ),
    visit: sqlite.prepare(
      `insert into follow_up_visits (planned_visit_id, case_id, agreement_id, visit_date, mode, visitor_user_id, operating_status, closure_date, closure_reason,
        monthly_revenue_minor, monthly_net_income_minor, residence, new_hromada_pcode, problems, mentoring_given, idempotency_key, created_by_user_id)
       values (?, ?, ?, ?, 'in_person', ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', ?, ?)`,
    ),
    roster: sqlite.prepare(
      `insert into worker_roster_rows (business_id, case_id, snapshot_kind, visit_id, recorded_on, worker_id, role, paid, hours_per_week, sex, displacement_status, start_date, end_date, months_per_year)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  const hromadas = demoPlaces.filter((p) => p.level === 3).map((p) => p.pcode);
  const kveds = ["14.13", "95.29", "10.71", "96.02", "45.20", "01.13", "01.47", "01.49", "16.23", "31.09", "62.01", "56.10", "47.11", "43.34", "74.20"];
  const originStart = addDays(today, -730);
  // Visits per grant: stages 3, 6, 12 months, each made when due (most), some unscheduled.
  const stages = [3, 6, 12];
  const counts = { grants: 0, visits: 0, rosterRows: 0 };
  const blockSize = 5_000;
  for (let start = 0; start < size.grants; start += blockSize) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(size.grants, start + blockSize); i += 1) {
        const female = chance(0.62);
        const personId = run(person, female ? "female" : "male", `${1958 + Math.floor(random() * 46)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-15`, chance(0.08) ? 1 : 0);
        const oblast = pick(hostOblasts);
        const displacement = chance(0.55) ? "idp" : chance(0.85) ? "host" : "returnee";
        const partnerIndex = Math.floor(random() * partners.length);
        const programmeId = i % 3 === 0 ? programmes[0] : programmes[1];
        const timeOrigin = addDays(originStart, Math.floor(random() * 720));
        const applicationDate = addDays(timeOrigin, -60);
        const status = chance(0.03) ? "withdrawn" : "open";
        const caseId = run(kase, `OUT-${i + 1}`, personId, programmeId, status, partners[partnerIndex], mentors[partnerIndex], oblast, null, applicationDate, displacement);
        statements.displacement.run(personId, caseId, applicationDate, displacement, oblast);
        const existing = chance(0.35);
        const inKind = chance(0.6);
        const businessId = run(
          statements.business,
          caseId,
          existing ? "existing" : "startup",
          pick(kveds),
          existing ? 3_000_000 + Math.floor(random() * 6_000_000) : null,
          existing ? 1_000_000 + Math.floor(random() * 2_000_000) : null,
          inKind ? "in_kind" : "cash",
        );
        const amount = (50_000 + Math.floor(random() * 150_000)) * 100;
        const sourceIndex = Math.floor(random() * sources.length);
        const agreementId = run(
          statements.agreement,
          programmeId, caseId, decision, `OUT-${i + 1}`, 2026, i + 1, amount, inKind ? amount : 0, inKind ? 0 : amount, sources[sourceIndex], lines[sourceIndex],
          addDays(timeOrigin, -14), officer, timeOrigin, inKind ? "in_kind_handover" : "first_cash_tranche",
        );
        // One disbursement entry carries the money the outcomes read (cash grants too: their tranche and
        // payment rows would only slow the build, the ledger entry is what counts).
        statements.disbursement.run(agreementId, lines[sourceIndex], inKind ? "in_kind" : "cash", timeOrigin, amount, amount, amount, i + 1, officer);
        if (status === "withdrawn") statements.withdraw.run(addDays(timeOrigin, 40), agreementId);
        counts.grants += 1;

        // Baseline roster: existing businesses have their owner and 0–2 employees.
        const workers: Array<{ id: string; role: string; paid: number; hours: number; sex: string; idp: boolean; start: string | null }> = [];
        if (existing) {
          workers.push({ id: "W1", role: "owner", paid: 0, hours: 40, sex: female ? "female" : "male", idp: displacement === "idp", start: null });
          const employees = Math.floor(random() * 3);
          for (let e = 0; e < employees; e += 1) workers.push({ id: `W${e + 2}`, role: "employee", paid: 1, hours: chance(0.7) ? 40 : 20, sex: chance(0.5) ? "female" : "male", idp: chance(0.3), start: null });
          for (const w of workers) {
            statements.roster.run(businessId, caseId, "baseline", null, applicationDate, w.id, w.role, w.paid, w.hours, w.sex, w.idp ? "idp" : "host", w.start, null, null);
            counts.rosterRows += 1;
          }
        }
        // Visits: each stage that is due by today, unless the business closed before it.
        let closed = false;
        const closesAfter = chance(existing ? 0.12 : 0.22) ? 2 + Math.floor(random() * 12) : null;
        for (const months of stages) {
          const due = addMonths(timeOrigin, months);
          if (closed || due > today) break;
          const plannedId = run(statements.planned, agreementId, caseId, months, due, addDays(due, -15), addDays(due, 15));
          if (chance(0.04)) continue; // missed
          const visitDate = addDays(due, Math.floor(random() * 21) - 10);
          if (visitDate > today) break;
          const unreachable = chance(0.05);
          const closing = !unreachable && closesAfter !== null && closesAfter <= months;
          const operating = unreachable ? "unreachable" : closing ? "closed" : chance(0.06) ? "suspended" : "operating";
          const residence = unreachable ? "unknown" : chance(0.02) ? "abroad" : chance(0.06) ? "moved_within_ukraine" : "same_hromada";
          const visitId = run(
            statements.visit,
            plannedId, caseId, agreementId, visitDate, mentors[partnerIndex], operating,
            closing ? [addDays(timeOrigin, closesAfter! * 30), visitDate].sort()[0] : null, closing ? "Закрито" : null,
            unreachable ? null : 2_000_000 + Math.floor(random() * 8_000_000), unreachable ? null : 500_000 + Math.floor(random() * 2_500_000),
            residence, residence === "moved_within_ukraine" ? pick(hromadas) : null, `bench-${agreementId}-${months}`, mentors[partnerIndex],
          );
          counts.visits += 1;
          if (unreachable) continue;
          if (!workers.some((w) => w.role === "owner")) workers.push({ id: `W${workers.length + 1}`, role: "owner", paid: 0, hours: 45, sex: female ? "female" : "male", idp: displacement === "idp", start: timeOrigin });
          if (!closing && chance(0.35)) workers.push({ id: `W${workers.length + 1}`, role: "employee", paid: 1, hours: chance(0.6) ? 40 : 25, sex: chance(0.55) ? "female" : "male", idp: chance(0.4), start: addDays(visitDate, -20) });
          for (const w of workers) {
            statements.roster.run(businessId, caseId, "visit", visitId, visitDate, w.id, w.role, w.paid, w.hours, w.sex, w.idp ? "idp" : "host", w.start, closing ? visitDate : null, null);
            counts.rosterRows += 1;
          }
          if (closing) closed = true;
        }
      }
    })();
  }
  // Unscheduled visits (a call between stages) until the target is reached.
  const reachable = sqlite.prepare("select id, case_id, time_origin_on from grant_agreements order by id").raw().all() as Array<[number, number, string]>;
  sqlite.transaction(() => {
    for (let n = 0; counts.visits < size.visitsTarget && n < reachable.length * 3; n += 1) {
      const [agreementId, caseId, origin] = reachable[Math.floor(random() * reachable.length)];
      const visitDate = addDays(origin, 45 + Math.floor(random() * 60));
      if (visitDate > today) continue;
      statements.visit.run(null, caseId, agreementId, visitDate, mentors[0], "unreachable", null, null, null, null, "unknown", null, `bench-extra-${n}`, mentors[0]);
      counts.visits += 1;
    }
  })();
  sqlite.exec("analyze");
  return counts;
}
