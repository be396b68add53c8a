// The outcomes page reads each business already reduced by the database (business-outcomes.server.ts:
// the dates of closure and last contact, the latest known residence, each stage's income, and the
// jobs of two rosters counted in SQL). The rules it stands for are the JavaScript ones that the
// visit-level reader feeds (outcomes.server.ts readCohort → outcome-figures.ts businessOutcome →
// survival.ts, remigration.ts, income.ts, jobs.ts and roster.ts workforceOn). Here both read the
// same random cohorts — visits on the same day, closures reported earlier than the visit, several
// closures, unreachable stages, rosters with unknown hours, unpaid or seasonal workers, departures
// and hires around the baseline, visits after the day the view is "as of", filters — and must give
// the same outcome for every business and the same dashboard.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { sqlite } from "~/lib/db.server";
import { businessOutcomes } from "~/modules/outcomes/business-outcomes.server";
import { fixedCategories } from "~/modules/outcomes/dimensions";
import type { OutcomeFilter } from "~/modules/outcomes/outcome-filter";
import { businessOutcome, cohortStages, figuresOfOutcomes, type BusinessOutcome } from "~/modules/outcomes/outcome-figures";
import { readCohort } from "~/modules/outcomes/outcomes.server";
import { publishDashboard } from "~/modules/outcomes/publication";

const day0 = Date.parse("2025-01-01T00:00:00Z");
const dayOf = (offset: number) => new Date(day0 + offset * 86_400_000).toISOString().slice(0, 10);

type Worker = {
  role: "owner" | "family_member" | "employee" | null;
  paid: 0 | 1 | null;
  hours: number | null;
  sex: "female" | "male" | null;
  displacement: "idp" | "host" | null;
  start: number | null;
  end: number | null;
  months: number | null;
};
type Visit = {
  at: number;
  status: "operating" | "suspended" | "closed" | "unreachable";
  closureBefore: number | null;
  residence: "same_hromada" | "moved_within_ukraine" | "abroad" | "unknown";
  revenue: number | null;
  netIncome: number | null;
  stage: 3 | 6 | 12 | 18 | null;
  roster: Worker[] | null;
};
type Business = {
  programme: 0 | 1;
  sex: "female" | "male" | null;
  birthYear: number;
  disability: 0 | 1;
  displacement: "idp" | "host" | "returnee" | null;
  oblast: "UA12" | "UA46" | "UA05";
  partner: 0 | 1 | null;
  source: 0 | 1;
  business: { kind: "startup" | "existing" | null; kved: string | null; revenue: number | null; netIncome: number | null; baseline: Worker[] } | null;
  origin: number;
  modality: "in_kind" | "cash" | "mixed";
  status: "signed" | "withdrawn" | "cancelled";
  visits: Visit[];
};

const maybe = <T,>(value: fc.Arbitrary<T>) => fc.option(value, { nil: null });
const worker: fc.Arbitrary<Worker> = fc.record({
  role: maybe(fc.constantFrom("owner" as const, "family_member" as const, "employee" as const)),
  paid: maybe(fc.constantFrom(0 as const, 1 as const)),
  hours: maybe(fc.constantFrom(10, 12, 20, 25, 30, 37.5, 40, 45, 60)),
  sex: maybe(fc.constantFrom("female" as const, "male" as const)),
  displacement: maybe(fc.constantFrom("idp" as const, "host" as const)),
  // Days from the time origin, often on the day of the baseline (−60) or of a visit.
  start: maybe(fc.constantFrom(-90, -60, -59, 0, 30, 90, 91, 180)),
  end: maybe(fc.constantFrom(-60, 0, 30, 89, 90, 180, 365)),
  months: maybe(fc.integer({ min: 1, max: 12 })),
});
const visit: fc.Arbitrary<Visit> = fc.record({
  at: fc.constantFrom(0, 30, 90, 90, 180, 180, 365, 500),
  status: fc.constantFrom("operating" as const, "suspended" as const, "closed" as const, "unreachable" as const),
  closureBefore: maybe(fc.constantFrom(0, 10, 200)),
  residence: fc.constantFrom("same_hromada" as const, "moved_within_ukraine" as const, "abroad" as const, "unknown" as const),
  revenue: maybe(fc.integer({ min: 0, max: 9_000_000 })),
  netIncome: maybe(fc.integer({ min: -500_000, max: 3_000_000 })),
  stage: maybe(fc.constantFrom(3 as const, 6 as const, 12 as const, 18 as const)),
  roster: maybe(fc.array(worker, { maxLength: 4 })),
});
const business: fc.Arbitrary<Business> = fc.record({
  programme: fc.constantFrom(0 as const, 1 as const),
  sex: maybe(fc.constantFrom("female" as const, "male" as const)),
  birthYear: fc.integer({ min: 1955, max: 2005 }),
  disability: fc.constantFrom(0 as const, 1 as const),
  displacement: maybe(fc.constantFrom("idp" as const, "host" as const, "returnee" as const)),
  oblast: fc.constantFrom("UA12" as const, "UA46" as const, "UA05" as const),
  partner: maybe(fc.constantFrom(0 as const, 1 as const)),
  source: fc.constantFrom(0 as const, 1 as const),
  business: maybe(
    fc.record({
      kind: maybe(fc.constantFrom("startup" as const, "existing" as const)),
      kved: maybe(fc.constantFrom("14.13", "47.11", "01.13", "99.99")),
      revenue: maybe(fc.integer({ min: 0, max: 9_000_000 })),
      netIncome: maybe(fc.integer({ min: -500_000, max: 3_000_000 })),
      baseline: fc.array(worker, { maxLength: 3 }),
    }),
  ),
  origin: fc.constantFrom(0, 60, 150, 400),
  modality: fc.constantFrom("in_kind" as const, "cash" as const, "mixed" as const),
  status: fc.constantFrom("signed" as const, "signed" as const, "withdrawn" as const, "cancelled" as const),
  // Several visits may fall on one day (the later one, by id, is the latest).
  visits: fc.array(visit, { maxLength: 5 }).map((visits) => visits.sort((a, b) => a.at - b.at)),
});
// The whole cohort most of the time, else one filter of the page.
const filter: fc.Arbitrary<OutcomeFilter> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  fc.constantFrom<OutcomeFilter>(
    { programmeId: 0 },
    { fromMonth: "2025-03", toMonth: "2025-09" },
    { modality: "cash" },
    { modality: "mixed" },
    { sex: "female" },
    { oblastPcode: "UA46" },
    { partnerId: 1 },
    { displacement: "idp" },
    { fundingSourceId: 1 },
  ),
);

const ids = { programmes: [0, 0], partners: [0, 0], sources: [0, 0], lines: [0, 0], officer: 0, mentor: 0, decision: 0 };
let serial = 0;

beforeAll(() => {
  const run = (text: string, ...values: unknown[]) => Number(sqlite.prepare(text).run(...values).lastInsertRowid);
  const agency = run("insert into organisations (name, name_uk, kind) values ('Agency R', 'Агенція R', 'agency')");
  ids.partners = [1, 2].map((n) => run("insert into organisations (name, name_uk, kind) values (?, ?, 'partner')", `Partner R${n}`, `Партнер R${n}`));
  ids.officer = run("insert into users (email, name, password_hash, role, organisation_id, must_change_password) values ('officer-r@test.example', 'Officer', 'x', 'officer', ?, 0)", agency);
  ids.mentor = run("insert into users (email, name, password_hash, role, organisation_id, must_change_password) values ('mentor-r@test.example', 'Mentor', 'x', 'mentor', ?, 0)", ids.partners[0]);
  ids.programmes = ["R-A", "R-B"].map((code) =>
    run(
      `insert into programmes (code, name, name_uk, donor, currency, grant_ceiling_minor, budget_envelope_minor, follow_up_offsets_months, start_date, small_cell_threshold)
       values (?, ?, ?, 'Donor', 'UAH', 50000000, 100000000000000, '[3,6,12,18]', '2024-12-01', 5)`,
      code,
      code,
      code,
    ),
  );
  ids.sources = [1, 2].map((n) =>
    run("insert into funding_sources (name, donor, reference, currency, total_minor, period_start, period_end) values (?, 'Donor', ?, 'UAH', 100000000000000, '2024-01-01', '2030-12-31')", `Source R${n}`, `SR-${n}`),
  );
  ids.lines = ids.sources.map((source) => run("insert into funding_budget_lines (funding_source_id, code, name, amount_minor) values (?, '3.1', 'Grants', 100000000000000)", source));
  const person = run("insert into persons (surname, first_name, sex, birth_date, disability) values ('—', '—', 'female', '1980-01-01', 0)");
  const kase = run(
    `insert into cases (case_code, person_id, programme_id, stage, status, oblast_pcode, application_date, eligibility, decision)
     values ('R-0', ?, ?, 'follow_up', 'open', 'UA12', '2024-12-01', 'eligible', 'approved')`,
    person,
    ids.programmes[0],
  );
  const plan = run("insert into business_plans (case_id, status) values (?, 'decided')", kase);
  const version = run("insert into business_plan_versions (plan_id, number) values (?, 1)", plan);
  ids.decision = run(
    "insert into committee_decisions (case_id, plan_version_id, decision, amount_minor, modality, committee_date, members) values (?, ?, 'approved', 10000000, 'in_kind', '2024-12-01', '[]')",
    kase,
    version,
  );
  run("insert or ignore into admin_units (pcode, level, parent_pcode, name_en, name_uk) values ('UA4606', 2, 'UA46', 'Lvivskyi', 'Львівський')");
  run("insert or ignore into admin_units (pcode, level, parent_pcode, name_en, name_uk) values ('UA4606025', 3, 'UA4606', 'Lvivska', 'Львівська')");
});

function insertCohort(businesses: Business[]) {
  const run = (text: string, ...values: unknown[]) => Number(sqlite.prepare(text).run(...values).lastInsertRowid);
  for (const b of businesses) {
    serial += 1;
    const origin = dayOf(b.origin);
    const application = dayOf(b.origin - 60);
    const personId = run("insert into persons (surname, first_name, sex, birth_date, disability) values ('—', '—', ?, ?, ?)", b.sex, `${b.birthYear}-03-15`, b.disability);
    const caseId = run(
      `insert into cases (case_code, person_id, programme_id, stage, status, partner_organisation_id, oblast_pcode, application_date, displacement_status, eligibility, decision)
       values (?, ?, ?, 'follow_up', 'open', ?, ?, ?, ?, 'eligible', 'approved')`,
      `R-${serial}`,
      personId,
      ids.programmes[b.programme],
      b.partner === null ? null : ids.partners[b.partner],
      b.oblast,
      application,
      b.displacement,
    );
    if (b.displacement) {
      run("insert into displacement_records (person_id, case_id, context, recorded_on, status) values (?, ?, 'application', ?, ?)", personId, caseId, application, b.displacement);
      // A later correction in the same context does not change the status at application.
      run("insert into displacement_records (person_id, case_id, context, recorded_on, status) values (?, ?, 'application', ?, 'host')", personId, caseId, origin);
    }
    const businessId = b.business
      ? run(
          `insert into businesses (case_id, kind, kved_code, kved_version, baseline_monthly_revenue_minor, baseline_monthly_net_income_minor, currency)
           values (?, ?, ?, 'KVED-2010', ?, ?, 'UAH')`,
          caseId,
          b.business.kind,
          b.business.kved,
          b.business.revenue,
          b.business.netIncome,
        )
      : null;
    const amount = 10_000_000;
    const [inKind, cash] = b.modality === "in_kind" ? [amount, 0] : b.modality === "cash" ? [0, amount] : [amount / 2, amount / 2];
    const agreementId = run(
      `insert into grant_agreements (programme_id, case_id, decision_id, number, year, sequence, amount_minor, currency, in_kind_minor, cash_minor, funding_source_id, budget_line_id,
        status, signed_on, signed_by_user_id, time_origin_on, time_origin_reason)
       values (?, ?, ?, ?, 2025, ?, ?, 'UAH', ?, ?, ?, ?, 'signed', ?, ?, ?, 'in_kind_handover')`,
      ids.programmes[b.programme],
      caseId,
      ids.decision,
      `R-${serial}`,
      serial,
      amount,
      inKind,
      cash,
      ids.sources[b.source],
      ids.lines[b.source],
      dayOf(b.origin - 14),
      ids.officer,
      origin,
    );
    run(
      `insert into grant_ledger_entries (kind, agreement_id, budget_line_id, modality, effective_on, amount_minor, currency, line_currency, line_amount_minor,
        reporting_currency, reporting_amount_minor, act_id, recorded_by_user_id)
       values ('disbursement', ?, ?, 'in_kind', ?, ?, 'UAH', 'UAH', ?, 'UAH', ?, ?, ?)`,
      agreementId,
      ids.lines[b.source],
      origin,
      amount,
      amount,
      amount,
      serial,
      ids.officer,
    );
    if (b.status !== "signed") run("update grant_agreements set status = ?, withdrawn_on = ? where id = ?", b.status, b.status === "withdrawn" ? dayOf(b.origin + 40) : null, agreementId);
    const roster = (workers: Worker[], kind: "baseline" | "visit", visitId: number | null, recordedOn: string) =>
      workers.forEach((w, i) =>
        run(
          `insert into worker_roster_rows (business_id, case_id, snapshot_kind, visit_id, recorded_on, worker_id, role, paid, hours_per_week, sex, displacement_status, start_date, end_date, months_per_year)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          businessId,
          caseId,
          kind,
          visitId,
          recordedOn,
          `W${i + 1}`,
          w.role,
          w.paid,
          w.hours,
          w.sex,
          w.displacement,
          w.start === null ? null : dayOf(b.origin + w.start),
          w.end === null ? null : dayOf(b.origin + w.end),
          w.months,
        ),
      );
    if (businessId && b.business) roster(b.business.baseline, "baseline", null, application);
    const stagesUsed = new Set<number>();
    for (const [visitIndex, v] of b.visits.entries()) {
      const date = dayOf(b.origin + v.at);
      let plannedId: number | null = null;
      if (v.stage !== null && !stagesUsed.has(v.stage)) {
        stagesUsed.add(v.stage);
        plannedId = run(
          "insert into planned_visits (agreement_id, case_id, months_after_origin, due_date, window_start, window_end, required) values (?, ?, ?, ?, ?, ?, 1)",
          agreementId,
          caseId,
          v.stage,
          date,
          date,
          date,
        );
      }
      const closed = v.status === "closed";
      const visitId = run(
        `insert into follow_up_visits (planned_visit_id, case_id, agreement_id, visit_date, mode, visitor_user_id, operating_status, closure_date, closure_reason,
          monthly_revenue_minor, monthly_net_income_minor, residence, new_hromada_pcode, problems, mentoring_given, idempotency_key, created_by_user_id)
         values (?, ?, ?, ?, 'in_person', ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', ?, ?)`,
        plannedId,
        caseId,
        agreementId,
        date,
        ids.mentor,
        v.status,
        closed && v.closureBefore !== null ? dayOf(b.origin + v.at - v.closureBefore) : null,
        closed ? "Закрито" : null,
        v.revenue,
        v.netIncome,
        v.residence,
        v.residence === "moved_within_ukraine" ? "UA4606025" : null,
        `R-${serial}-${visitIndex}`,
        ids.mentor,
      );
      // As the app writes it: a roster recorded on the visit's day, by visits that reached the business.
      if (businessId && v.roster && v.status !== "unreachable") roster(v.roster, "visit", visitId, date);
    }
  }
}

// Jobs are sums of FTE: the database adds them in its own order (to within a rounding error).
function comparable(o: BusinessOutcome) {
  const round = (value: number) => Math.round(value * 1e9) / 1e9;
  const jobs = o.jobs.followedUp
    ? {
        ...o.jobs,
        netJobsFte: round(o.jobs.netJobsFte),
        paidJobs: { ...o.jobs.paidJobs, fte: round(o.jobs.paidJobs.fte) },
        paidJobsWomen: { ...o.jobs.paidJobsWomen, fte: round(o.jobs.paidJobsWomen.fte) },
        paidJobsIdps: { ...o.jobs.paidJobsIdps, fte: round(o.jobs.paidJobsIdps.fte) },
      }
    : o.jobs;
  const residence = o.latestResidence ? { residence: o.latestResidence.residence, destinationOblastPcode: o.latestResidence.destinationOblastPcode ?? null } : null;
  return { ...o, jobs, latestResidence: residence };
}

const roundFloats = (value: unknown): unknown =>
  typeof value === "number" && !Number.isInteger(value)
    ? Math.round(value * 1e9) / 1e9
    : Array.isArray(value)
      ? value.map(roundFloats)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([key, v]) => [key, roundFloats(v)]))
        : value;

function inRun<T>(work: () => T): T {
  sqlite.exec("savepoint cohort");
  try {
    return work();
  } finally {
    sqlite.exec("rollback to cohort");
    sqlite.exec("release cohort");
  }
}

describe("the database's reduction of each business gives what the rules give from its visits", () => {
  it("on random cohorts, views and days", () => {
    fc.assert(
      fc.property(fc.array(business, { minLength: 1, maxLength: 8 }), filter, fc.constantFrom(100, 240, 420, 900), (cohort, view, asOfDay) =>
        inRun(() => {
          insertCohort(cohort);
          const asOf = dayOf(asOfDay);
          const asIds: OutcomeFilter = {
            ...view,
            programmeId: view.programmeId === undefined ? undefined : ids.programmes[view.programmeId],
            partnerId: view.partnerId === undefined ? undefined : ids.partners[view.partnerId],
            fundingSourceId: view.fundingSourceId === undefined ? undefined : ids.sources[view.fundingSourceId],
          };
          for (const key of Object.keys(asIds) as (keyof OutcomeFilter)[]) if (asIds[key] === undefined) delete asIds[key];

          const reference = readCohort(asIds, asOf);
          const stages = cohortStages(reference);
          const expected = reference.grants.map((grant) =>
            businessOutcome(grant, reference.visitsByAgreement.get(grant.agreementId) ?? [], reference.rostersByAgreement.get(grant.agreementId), stages),
          );
          const reduced = businessOutcomes(asIds, asOf);
          // Both read the grants in the database's order; compared by grant.
          const byGrant = (a: BusinessOutcome, b: BusinessOutcome) => a.grant.agreementId - b.grant.agreementId;
          reduced.outcomes.sort(byGrant);
          expected.sort(byGrant);
          expect(reduced.stages).toEqual(stages);
          expect(reduced.outcomes.map(comparable)).toEqual(expected.map(comparable));

          const options = { compare: "displacement" as const, categories: fixedCategories, minGroupSize: 5 };
          const mode = { suppressed: true, threshold: 5 };
          expect(roundFloats(publishDashboard(figuresOfOutcomes(reduced.outcomes, reduced.stages, options), mode))).toEqual(
            roundFloats(publishDashboard(figuresOfOutcomes(expected, stages, options), mode)),
          );
        }),
      ),
      { numRuns: 80, seed: 20261206 },
    );
  });

  it("keeps the cancelled out and counts a business whose latest reached visit recorded no roster as not followed up for jobs", () => {
    inRun(() => {
      const visits: Visit[] = [
        { at: 90, status: "operating", closureBefore: null, residence: "same_hromada", revenue: 100, netIncome: 50, stage: 3, roster: [{ role: "employee", paid: 1, hours: 40, sex: "female", displacement: "idp", start: 10, end: null, months: null }] },
        { at: 180, status: "operating", closureBefore: null, residence: "unknown", revenue: 120, netIncome: 70, stage: 6, roster: null },
      ];
      const base: Business = {
        programme: 0,
        sex: "female",
        birthYear: 1990,
        disability: 0,
        displacement: "idp",
        oblast: "UA12",
        partner: 0,
        source: 0,
        business: { kind: "existing", kved: "14.13", revenue: 80, netIncome: 30, baseline: [] },
        origin: 10,
        modality: "in_kind",
        status: "signed",
        visits,
      };
      insertCohort([base, { ...base, status: "cancelled" }]);
      const { outcomes, stages } = businessOutcomes({ programmeId: ids.programmes[0] }, dayOf(400));
      expect(stages).toEqual(["m3", "m6"]);
      expect(outcomes.map((o) => [o.followedUp, o.jobs.followedUp, o.survival, o.latestResidence?.residence, o.netIncomeChangeMinor])).toEqual([
        [true, false, { time: 180, closed: false }, "same_hromada", 40],
      ]);
    });
  });
});
