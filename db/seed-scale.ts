// `npm run seed:scale -- --cases 100000 [--database data/scale.db]`: a large, realistic database
// for benchmarks, built in the proportions of the demo (db/seed.ts) through every stage that
// exists — applications, possible duplicates, screenings, training, plans, reviews, decisions.
// Deterministic (a seeded random) and fast: rows go in through prepared statements in one
// transaction per block, not through the app's commands (those are tested elsewhere).
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { migrateDatabase } from "./migrate";

const { values: options } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    database: { type: "string", default: process.env.DATABASE_PATH ?? "data/scale.db" },
    replace: { type: "boolean", default: false },
  },
});
const caseCount = Number(options.cases);
if (!Number.isInteger(caseCount) || caseCount < 100) throw new Error("--cases must be a whole number of at least 100");
if (process.env.NODE_ENV === "production") throw new Error("Refusing to build a scale database in production.");
const databasePath = options.database!;
if (existsSync(databasePath)) {
  if (!options.replace) throw new Error(`${databasePath} exists: pass --replace to build it again.`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(databasePath + suffix, { force: true });
}
mkdirSync(dirname(databasePath), { recursive: true });
process.env.DATABASE_PATH = databasePath;
process.env.SESSION_SECRET ??= "development-session-secret";
process.env.IDENTITY_KEY ??= "development-identity-key";
migrateDatabase(databasePath);

// App modules open the database on import, so they load after DATABASE_PATH is set.
const { db, sqlite } = await import("~/lib/db.server");
// A page cache the size of the database being built: its indexes (name keys, hashes) take rows in
// random order, and with SQLite's default 2 MB cache every insert would read pages from disk.
sqlite.pragma("cache_size = -1048576");
const { hashPassword } = await import("~/lib/password.server");
const { identityHash, sealIdentity } = await import("~/lib/identity.server");
const { dedupBlockingKeys, nameSkeleton } = await import("~/modules/intake/name-matching");
const { makeRnokpp } = await import("~/modules/intake/rnokpp");
const { screenEligibility, defaultEligibilityRules } = await import("~/modules/intake/eligibility");
const { scoreVulnerability, defaultVulnerabilityCriteria } = await import("~/modules/intake/vulnerability");
const { defaultRubric, weightedTotal } = await import("~/modules/review/scoring");
const { ageOn } = await import("~/modules/intake/age");
const { agreementNumber } = await import("~/modules/grants/agreement-rules");
const { seedDemoPlaces, demoPlaces } = await import("./demo-places");
const people = await import("./demo-people");
const { demoPassword } = { demoPassword: "livelihoods-demo" };

const started = performance.now();
const random = people.seededRandom(20_261_206);
const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
const chance = (p: number) => random() < p;
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const instant = (iso: string, hour = 10) => `${iso}T${pad(hour)}:00:00.000Z`;

// Case codes stay unique and pseudonymous: a seeded permutation of the code space.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
function caseCode(i: number) {
  let n = (i * 2_654_435_761 + 97) % 34_359_738_368; // 32^7, multiplier coprime with it
  let code = "";
  for (let k = 0; k < 7; k += 1) {
    code += codeAlphabet[n % 32];
    n = Math.floor(n / 32);
  }
  return `LT-${code}`;
}

// The lifecycle's shape, from the demo: where 100 applications stand after a year and a half.
const stageShares: Array<[string, number]> = [
  ["application", 8],
  ["screening", 9],
  ["training", 15],
  ["business_plan", 15],
  ["review", 10],
  ["committee", 5],
  ["decided", 38],
];
function stageFor(): string {
  let roll = random() * 100;
  for (const [stage, share] of stageShares) {
    roll -= share;
    if (roll < 0) return stage;
  }
  return "decided";
}

const hromadasOf = new Map<string, string[]>();
for (const place of demoPlaces) {
  if (place.level !== 3) continue;
  const oblast = place.pcode.slice(0, 4);
  hromadasOf.set(oblast, [...(hromadasOf.get(oblast) ?? []), place.pcode]);
}
const typicalKved = ["14.13", "95.29", "10.71", "96.02", "45.20", "01.13", "01.47", "01.49", "16.23", "31.09", "62.01", "56.10", "47.11", "43.34", "74.20"];
const budgetItems = ["Швейна машина", "Оверлок", "Піч хлібопекарська", "Перукарське крісло", "Теплиця 6×12 м", "Вулики (10 шт.)", "Інструмент столяра", "Ноутбук", "Кавомашина", "Фотоапарат"];

async function seedScale() {
  db.transaction((tx) => seedDemoPlaces(tx));
  const passwordHash = await hashPassword(demoPassword);

  // Organisations and users: one agency, 30 partner NGOs with three mentors each.
  const insertOrganisation = sqlite.prepare("insert into organisations (name, name_uk, kind) values (?, ?, ?)");
  const insertOrganisationOblast = sqlite.prepare("insert into organisation_oblasts (organisation_id, oblast_pcode) values (?, ?)");
  const insertUser = sqlite.prepare("insert into users (email, name, password_hash, role, organisation_id, must_change_password) values (?, ?, ?, ?, ?, 0)");
  const agencyId = Number(insertOrganisation.run("Implementing agency", "Виконавча агенція", "agency").lastInsertRowid);
  const admin = Number(insertUser.run("admin@example.org", "Адміністратор", passwordHash, "admin", agencyId).lastInsertRowid);
  const officers = Array.from({ length: 12 }, (_, i) => Number(insertUser.run(`officer${i ? i : ""}@example.org`, `Офіцер ${i + 1}`, passwordHash, "officer", agencyId).lastInsertRowid));
  const reviewers = Array.from({ length: 20 }, (_, i) => Number(insertUser.run(`reviewer${i ? i : ""}@example.org`, `Рецензент ${i + 1}`, passwordHash, "reviewer", agencyId).lastInsertRowid));
  insertUser.run("evaluator@example.org", "Evaluator", passwordHash, "evaluator", agencyId);
  const oblasts = [...hromadasOf.keys()];
  const partners: Array<{ id: number; oblast: string; mentors: number[] }> = [];
  sqlite.transaction(() => {
    for (let i = 0; i < 30; i += 1) {
      const oblast = oblasts[i % oblasts.length];
      const id = Number(insertOrganisation.run(`Partner NGO ${i + 1}`, `ГО-партнер ${i + 1}`, "partner").lastInsertRowid);
      insertOrganisationOblast.run(id, oblast);
      const mentors = Array.from({ length: 3 }, (_, m) =>
        Number(insertUser.run(i === 0 && m === 0 ? "mentor@example.org" : `mentor${i}.${m}@example.org`, `Ментор ${i + 1}.${m + 1}`, passwordHash, "mentor", id).lastInsertRowid),
      );
      partners.push({ id, oblast, mentors });
    }
  })();
  const partnersIn = (oblast: string) => partners.filter((partner) => partner.oblast === oblast);

  const insertProgramme = sqlite.prepare(
    `insert into programmes (code, name, name_uk, donor, currency, grant_ceiling_minor, budget_envelope_minor, follow_up_offsets_months, start_date, end_date)
     values (?, ?, ?, ?, 'UAH', 20000000, ?, '[1,3,6,12]', ?, ?)`,
  );
  const programmes = [
    Number(insertProgramme.run("EEP-2025", "Economic Empowerment 2025", "Економічне розширення можливостей 2025", "Donor A", caseCount * 8_000_000, "2025-01-01", "2026-06-30").lastInsertRowid),
    Number(insertProgramme.run("EEP-2026", "Economic Empowerment 2026", "Економічне розширення можливостей 2026", "Donor B", caseCount * 8_000_000, "2026-01-01", "2027-12-31").lastInsertRowid),
  ];

  const insertMember = sqlite.prepare("insert into programme_members (programme_id, user_id) values (?, ?)");
  for (const programmeId of programmes) for (const officerId of officers) insertMember.run(programmeId, officerId);

  const statements = {
    person: sqlite.prepare(
      `insert into persons (surname, first_name, patronymic, sex, birth_date, rnokpp_hash, rnokpp_sealed, phone, surname_skeleton, first_name_skeleton, washington_group, disability)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    matchKey: sqlite.prepare("insert or ignore into person_match_keys (key, person_id) values (?, ?)"),
    caseRow: sqlite.prepare(
      `insert into cases (case_code, person_id, programme_id, stage, status, responsible_officer_id, partner_organisation_id, mentor_id, oblast_pcode, hromada_pcode,
        application_date, referral_source, displacement_status, household_size, children, older_members, members_with_disability, monthly_household_income_minor,
        female_headed, single_parent, veteran_or_family, protection_flag, protected_category, eligibility, vulnerability_score, training_completed_on, decision, approved_amount_minor, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    business: sqlite.prepare(
      `insert into businesses (case_id, kind, name, legal_form, kved_code, kved_version, baseline_monthly_revenue_minor, baseline_monthly_net_income_minor, requested_modality, requested_amount_minor, co_contribution_minor)
       values (?, ?, ?, ?, ?, 'KVED-2010', ?, ?, ?, ?, ?)`,
    ),
    consent: sqlite.prepare("insert into consents (person_id, given_on, taken_by, purposes) values (?, ?, ?, ?)"),
    displacement: sqlite.prepare(
      `insert into displacement_records (person_id, case_id, context, recorded_on, status, idp_certificate_number, idp_certificate_date, current_oblast_pcode, current_hromada_pcode, origin_oblast_pcode, recorded_by_user_id)
       values (?, ?, 'application', ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    screening: sqlite.prepare(
      `insert into screenings (case_id, screened_on, screened_by_user_id, eligible, rule_results, vulnerability_score, vulnerability_breakdown) values (?, ?, ?, ?, ?, ?, ?)`,
    ),
    session: sqlite.prepare("insert into training_sessions (programme_id, title, held_on, place, created_by_user_id) values (?, ?, ?, ?, ?)"),
    attendance: sqlite.prepare("insert into training_attendance (session_id, case_id, recorded_by_user_id) values (?, ?, ?)"),
    plan: sqlite.prepare("insert into business_plans (case_id, current_version, status) values (?, 1, ?)"),
    planVersion: sqlite.prepare(
      `insert into business_plan_versions (plan_id, number, summary, products, market, competitors, experience, premises, risks, expected_jobs_full_time, expected_jobs_part_time,
        expected_monthly_revenue_minor, co_contribution_minor, rubric, submitted_at, submitted_by_user_id)
       values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    budgetLine: sqlite.prepare("insert into budget_lines (plan_version_id, position, item, quantity, unit_cost_minor, modality) values (?, ?, ?, ?, ?, ?)"),
    review: sqlite.prepare(
      `insert into review_assignments (plan_version_id, case_id, reviewer_id, assigned_by_user_id, status, conflict_of_interest, declared_at, scores, weighted_total_hundredths, submitted_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    decision: sqlite.prepare(
      `insert into committee_decisions (case_id, plan_version_id, decision, amount_minor, modality, conditions, reason, committee_date, members, decided_by_user_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    duplicate: sqlite.prepare("insert or ignore into possible_duplicates (person_id, matched_person_id, reasons) values (?, ?, ?)"),
    audit: sqlite.prepare("insert into audit_log (at, user_id, action, entity_type, entity_id, case_id, before, after) values (?, ?, ?, ?, ?, ?, ?, ?)"),
  };

  const rubricJson = JSON.stringify(defaultRubric);
  const purposes = JSON.stringify(["registration", "screening", "grant", "follow_up"]);
  const sessionsOf = new Map<number, { id: number; heldOn: string; seats: number }>();
  const counts: Record<string, number> = {};
  const blockSize = 5_000;

  for (let blockStart = 0; blockStart < caseCount; blockStart += blockSize) {
    sqlite.transaction(() => {
      for (let i = blockStart; i < Math.min(caseCount, blockStart + blockSize); i += 1) {
        const programmeId = i % 3 === 0 ? programmes[0] : programmes[1];
        const yearStart = programmeId === programmes[0] ? 2025 : 2026;
        const female = chance(0.62);
        const sex = female ? "female" : "male";
        const [maleSurname, femaleSurname] = pick(people.surnames);
        const [malePatronymic, femalePatronymic] = pick(people.patronymics);
        const surname = female ? femaleSurname : maleSurname;
        const firstName = female ? pick(people.femaleFirstNames) : pick(people.maleFirstNames);
        const birthDate = isoDate(i % 97 === 0 ? 2009 : 1958 + Math.floor(random() * 46), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
        const applicationDate = isoDate(yearStart, 1 + Math.floor(random() * 10), 1 + Math.floor(random() * 28));
        const rnokpp = makeRnokpp(birthDate, sex, i % 5_000);
        const phone = `+38067${pad(i, 7)}`;
        const washington = chance(0.08) ? { seeing: "a_lot", hearing: "none", walking: "some", remembering: "none", selfCare: "none", communicating: "none" } : null;
        const personId = Number(
          statements.person.run(
            surname, firstName, female ? femalePatronymic : malePatronymic, sex, birthDate,
            identityHash("rnokpp", `${rnokpp}:${i}`), sealIdentity(rnokpp), phone,
            nameSkeleton(surname), nameSkeleton(firstName), washington && JSON.stringify(washington), washington ? 1 : 0,
          ).lastInsertRowid,
        );
        for (const key of dedupBlockingKeys({ surname, firstName, birthDate, phone })) statements.matchKey.run(key, personId);

        const displacement = i % 31 === 0 ? "other" : chance(0.55) ? "idp" : chance(0.85) ? "host" : "returnee";
        const oblast = pick(people.hostOblasts);
        const hromada = pick(hromadasOf.get(oblast) ?? [null]);
        const partner = partnersIn(oblast).length ? pick(partnersIn(oblast)) : null;
        const mentorId = partner && chance(0.8) ? pick(partner.mentors) : null;
        const officerId = pick(officers);
        const children = Math.floor(random() * 4);
        const householdSize = 1 + children + Math.floor(random() * 3);
        const income = 400_000 + Math.floor(random() * 2_000_000);
        const femaleHeaded = female && chance(0.4);
        const singleParent = children > 0 && chance(0.25);
        const veteran = chance(0.12);
        const protection = chance(0.06);
        const existing = chance(0.35);
        const kved = pick(typicalKved);
        const modality = chance(0.6) ? "in_kind" : "cash";
        const requested = (50_000 + Math.floor(random() * 150_000)) * 100;
        const coContribution = Math.round(requested * (0.1 + random() * 0.1));

        let stage = stageFor();
        const screeningDate = addDays(applicationDate, 5 + Math.floor(random() * 10));
        const eligibility = screenEligibility(defaultEligibilityRules, {
          birthDate, screeningDate, displacementStatus: displacement, oblastPcode: oblast, kvedClass: kved, otherCasesInThisProgramme: 0, grantsInOtherProgrammes: 0,
        });
        const vulnerability = scoreVulnerability(defaultVulnerabilityCriteria, {
          householdSize, children, olderMembers: 0, membersWithDisability: 0, displacementStatus: displacement, applicantHasDisability: Boolean(washington),
          singleParent, femaleHeaded, veteranOrFamily: veteran, applicantAge: ageOn(birthDate, screeningDate), monthlyHouseholdIncomeMinor: income, protectionFlag: protection,
        });
        let status = "open";
        if (stage !== "application" && !eligibility.eligible) {
          stage = "screening";
          status = "ineligible";
        } else if (stage !== "application" && chance(0.02)) status = "withdrawn";

        const decided = stage === "decided";
        const decision = decided ? (chance(0.78) ? "approved" : chance(0.6) ? "rejected" : "waitlisted") : null;
        if (decided) {
          stage = decision === "approved" ? "grant_agreement" : "committee";
          status = decision === "approved" ? status : decision!;
        }
        const reached = (name: string) => ["training", "business_plan", "review", "committee", "grant_agreement"].indexOf(stage) >= ["training", "business_plan", "review", "committee", "grant_agreement"].indexOf(name) && ["training", "business_plan", "review", "committee", "grant_agreement"].includes(stage);
        const trainingDone = reached("business_plan") ? addDays(screeningDate, 20 + Math.floor(random() * 20)) : null;
        const approvedAmount = decision === "approved" ? Math.min(requested, 20_000_000) : null;

        const caseId = Number(
          statements.caseRow.run(
            caseCode(i), personId, programmeId, stage, status, officerId, partner?.id ?? null, mentorId, oblast, hromada, applicationDate,
            pick(["partner_ngo", "partner_ngo", "hotline_527", "employment_centre", "local_authority", "self"]), displacement, householdSize, children, 0, 0, income,
            femaleHeaded ? 1 : 0, singleParent ? 1 : 0, veteran ? 1 : 0, protection ? 1 : 0, protection ? pick(["trafficking_survivor", "gbv_survivor", "other_protection"]) : null,
            stage === "application" ? "pending" : eligibility.eligible ? "eligible" : "ineligible", stage === "application" ? null : vulnerability.total,
            trainingDone, decision, approvedAmount, instant(applicationDate), instant(applicationDate),
          ).lastInsertRowid,
        );
        counts[stage] = (counts[stage] ?? 0) + 1;
        statements.business.run(
          caseId, existing ? "existing" : "startup", existing ? `${pick(["Майстерня", "Пекарня", "Салон", "СТО"])} ${surname}` : null, existing ? "fop_2" : "not_registered", kved,
          existing ? 3_000_000 + Math.floor(random() * 6_000_000) : null, existing ? 1_000_000 + Math.floor(random() * 2_000_000) : null, modality, requested, coContribution,
        );
        statements.consent.run(personId, applicationDate, "Офіцер", purposes);
        statements.displacement.run(
          personId, caseId, applicationDate, displacement, displacement === "idp" ? `0${pad(i, 9)}` : null, displacement === "idp" ? addDays(applicationDate, -400) : null,
          oblast, hromada, displacement === "idp" ? pick(people.originOblasts) : null, officerId,
        );
        statements.audit.run(instant(applicationDate), officerId, "create", "case", String(caseId), caseId, null, JSON.stringify({ stage: "application", programmeId }));
        if (stage !== "application") {
          statements.screening.run(caseId, screeningDate, officerId, eligibility.eligible ? 1 : 0, JSON.stringify(eligibility.results), vulnerability.total, JSON.stringify(vulnerability.breakdown));
          statements.audit.run(instant(screeningDate), officerId, "screen", "case", String(caseId), caseId, null, JSON.stringify({ eligible: eligibility.eligible, score: vulnerability.total }));
        }
        if (reached("training")) {
          let session = sessionsOf.get(programmeId);
          if (!session || session.seats === 0) {
            const heldOn = addDays(screeningDate, 10);
            session = { id: Number(statements.session.run(programmeId, `Основи підприємництва, група ${i}`, heldOn, pick(["Дніпро", "Львів", "Вінниця", "Київ"]), officerId).lastInsertRowid), heldOn, seats: 25 };
            sessionsOf.set(programmeId, session);
          }
          session.seats -= 1;
          statements.attendance.run(session.id, caseId, officerId);
        }
        if (!reached("business_plan")) continue;

        const submitted = reached("review");
        const planStatus = decided ? "decided" : submitted ? "submitted" : "draft";
        const planId = Number(statements.plan.run(caseId, planStatus).lastInsertRowid);
        const submittedOn = addDays(trainingDone!, 14 + Math.floor(random() * 20));
        const versionId = Number(
          statements.planVersion.run(
            planId, `Розширення: ${kved}`, "Послуги для мешканців громади", "Мешканці громади і переселенці", "Два конкуренти поруч", "Досвід понад 5 років", "Оренда 20 м²", "Перебої зі світлом",
            1 + Math.floor(random() * 2), Math.floor(random() * 2), 3_000_000 + Math.floor(random() * 5_000_000), coContribution, submitted ? rubricJson : null,
            submitted ? instant(submittedOn) : null, submitted ? mentorId ?? officerId : null,
          ).lastInsertRowid,
        );
        const lines = 2 + Math.floor(random() * 4);
        for (let position = 0; position < lines; position += 1) {
          statements.budgetLine.run(versionId, position, pick(budgetItems), 1, Math.round(requested / lines), modality);
        }
        if (!submitted) continue;

        const [first, second] = [pick(reviewers), pick(reviewers)];
        const panel = first === second ? [first, reviewers[(reviewers.indexOf(first) + 1) % reviewers.length]] : [first, second];
        const scored = reached("committee");
        for (const reviewerId of panel) {
          const scores = Object.fromEntries(defaultRubric.criteria.map((criterion) => [criterion.key, { score: 2 + Math.floor(random() * 4), comment: "Обґрунтовано" }]));
          const total = weightedTotal(defaultRubric, Object.fromEntries(Object.entries(scores).map(([key, value]) => [key, value.score])));
          statements.review.run(
            versionId, caseId, reviewerId, officerId, scored ? "submitted" : "assigned", scored ? 0 : null, scored ? instant(addDays(submittedOn, 3)) : null,
            scored ? JSON.stringify(scores) : null, scored ? total : null, scored ? instant(addDays(submittedOn, 7)) : null,
          );
        }
        if (decision) {
          const committeeDate = addDays(submittedOn, 21);
          statements.decision.run(
            caseId, versionId, decision, approvedAmount, decision === "approved" ? modality : null, null, decision === "rejected" ? "Недостатній бал" : null, committeeDate,
            JSON.stringify(["Голова комісії", "Член комісії"]), officerId,
          );
          statements.audit.run(instant(committeeDate), officerId, "decide", "case", String(caseId), caseId, null, JSON.stringify({ decision, amountMinor: approvedAmount }));
        }
      }
    })();
  }

  // Possible duplicates waiting for an officer: about one applicant in a hundred.
  sqlite.transaction(() => {
    for (let k = 0; k < caseCount / 100; k += 1) {
      const personId = 1 + Math.floor(random() * caseCount);
      const matched = 1 + Math.floor(random() * caseCount);
      if (personId !== matched) statements.duplicate.run(Math.max(personId, matched), Math.min(personId, matched), JSON.stringify(["name", "birth_date"]));
    }
  })();
  const grantCounts = seedScaleGrants(programmes, officers);
  sqlite.exec("analyze");
  void admin;
  const seconds = (performance.now() - started) / 1000;
  console.log(`Scale database ${databasePath}: ${caseCount.toLocaleString("en")} cases in ${seconds.toFixed(1)} s`);
  console.log("  by stage:", Object.entries(counts).map(([stage, n]) => `${stage} ${n.toLocaleString("en")}`).join(", "));
  console.log("  grants:", Object.entries(grantCounts).map(([kind, n]) => `${kind} ${n.toLocaleString("en")}`).join(", "));
  console.log(`  logins: officer@example.org, mentor@example.org, evaluator@example.org, admin@example.org (password ${demoPassword})`);
}

// ---------------------------------------------------------------------------------------------
// Grants (domain.md §9) for the approved cases: agreements charged to two funding sources,
// commitments, in-kind handovers on signed acts, cash tranches requested, approved, paid (some
// failed and retried) and waiting — rows in the order the ledger's triggers accept them (a draft
// gets its tranche plan before it is signed; a payment follows its approval). The sources are
// in hryvnias so no rates are needed; the demo (db/demo-grants.ts) shows EUR and USD with rates.
// Follow-up visits are not planned here.
function seedScaleGrants(programmes: number[], officers: number[]) {
  const blockSize = 5_000;
  const today = "2026-12-01"; // fixed, so the database is the same whatever day it is built
  const counts: Record<string, number> = {};
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  const run = (statement: { run: (...values: unknown[]) => { lastInsertRowid: number | bigint } }, ...values: unknown[]) => Number(statement.run(...values).lastInsertRowid);
  const insert = {
    source: sqlite.prepare("insert into funding_sources (name, donor, reference, currency, total_minor, period_start, period_end) values (?, ?, ?, 'UAH', ?, ?, ?)"),
    programmeSource: sqlite.prepare("insert into programme_funding_sources (programme_id, funding_source_id) values (?, ?)"),
    line: sqlite.prepare("insert into funding_budget_lines (funding_source_id, code, name, amount_minor) values (?, ?, ?, ?)"),
    agreement: sqlite.prepare(
      `insert into grant_agreements (programme_id, case_id, decision_id, number, year, sequence, amount_minor, currency, in_kind_minor, cash_minor, funding_source_id, budget_line_id, conditions, created_by_user_id, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, 'UAH', ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    sign: sqlite.prepare("update grant_agreements set status = 'signed', signed_on = ?, signed_by_user_id = ?, version = version + 1 where id = ?"),
    origin: sqlite.prepare("update grant_agreements set time_origin_on = ?, time_origin_reason = ?, version = version + 1 where id = ?"),
    complete: sqlite.prepare("update grant_agreements set status = 'completed', version = version + 1 where id = ?"),
    tranche: sqlite.prepare("insert into grant_tranches (agreement_id, sequence, amount_minor, planned_on) values (?, ?, ?, ?)"),
    requirement: sqlite.prepare("insert into grant_tranche_requirements (tranche_id, position, text) values (?, 1, ?)"),
    verify: sqlite.prepare("update grant_tranche_requirements set verified_by_user_id = ?, verified_at = ?, evidence_note = ?, version = version + 1 where tranche_id = ?"),
    request: sqlite.prepare("update grant_tranches set state = 'requested', requested_by_user_id = ?, requested_at = ?, version = version + 1 where id = ?"),
    approve: sqlite.prepare("update grant_tranches set state = 'approved', approved_by_user_id = ?, approved_at = ?, version = version + 1 where id = ?"),
    trancheState: sqlite.prepare("update grant_tranches set state = ?, version = version + 1 where id = ?"),
    payment: sqlite.prepare(
      `insert into grant_payments (tranche_id, amount_minor, currency, status, bank_reference, paid_on, payer_account, failure_reason, retry_of_payment_id, recorded_by_user_id)
       values (?, ?, 'UAH', ?, ?, ?, 'UA213223130000026007233566001', ?, ?, ?)`,
    ),
    ledger: sqlite.prepare(
      `insert into grant_ledger_entries (kind, agreement_id, budget_line_id, modality, effective_on, amount_minor, currency, line_currency, line_amount_minor, reporting_currency, reporting_amount_minor, payment_id, act_id, recorded_by_user_id)
       values (?, ?, ?, ?, ?, ?, 'UAH', 'UAH', ?, 'UAH', ?, ?, ?, ?)`,
    ),
    act: sqlite.prepare(
      `insert into handover_acts (programme_id, agreement_id, case_id, number, year, sequence, state, act_date, place, issuer_name_uk, issuer_name_en, issuer_edrpou,
        agency_representative_position, agency_representative_name, beneficiary_name, beneficiary_id_document_sealed, prepared_by_user_id, signed_at, signed_by_user_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Виконавча агенція', 'Implementing agency', '21560766', 'Координатор програми', 'Офіцер 1', ?, ?, ?, ?, ?)`,
    ),
    caseStage: sqlite.prepare("update cases set stage = ?, version = version + 1 where id = ?"),
  };
  const sealedDocument = sealIdentity("Паспорт громадянина України (ID-картка) № 000000000");

  // Two sources per programme, fifty lines each: the commitment trigger sums one line at a time.
  const linesOf = new Map<number, Array<{ sourceId: number; lineId: number }>>();
  sqlite.transaction(() => {
    programmes.forEach((programmeId, p) => {
      const lines: Array<{ sourceId: number; lineId: number }> = [];
      for (let s = 0; s < 2; s += 1) {
        const sourceId = run(insert.source, `Donor ${p + 1}.${s + 1} livelihoods grant`, `Donor ${p + 1}.${s + 1}`, `DG-${p + 1}${s + 1}`, caseCount * 10_000_000, p ? "2026-01-01" : "2025-01-01", "2027-12-31");
        insert.programmeSource.run(programmeId, sourceId);
        for (let l = 0; l < 50; l += 1) lines.push({ sourceId, lineId: run(insert.line, sourceId, `3.${l + 1}`, `Гранти, лот ${l + 1}`, caseCount * 200_000) });
      }
      linesOf.set(programmeId, lines);
    });
  })();

  const approved = sqlite
    .prepare(
      `select c.id, c.programme_id, p.code, c.approved_amount_minor, c.mentor_id, d.id as decision_id, d.modality, d.committee_date
       from cases c join programmes p on p.id = c.programme_id join committee_decisions d on d.case_id = c.id and d.decision = 'approved'
       where c.stage = 'grant_agreement' and c.status = 'open' order by c.id`,
    )
    .all() as Array<{ id: number; programme_id: number; code: string; approved_amount_minor: number; mentor_id: number | null; decision_id: number; modality: "in_kind" | "cash"; committee_date: string }>;
  const sequences = new Map<string, number>();
  const next = (key: string) => {
    const value = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, value);
    return value;
  };
  const verifier = (mentorId: number | null) => mentorId ?? officers[0];

  for (let start = 0; start < approved.length; start += blockSize) {
    sqlite.transaction(() => {
      for (const row of approved.slice(start, start + blockSize)) {
        if (chance(0.04)) {
          bump("awaiting agreement");
          continue;
        }
        const createdOn = addDays(row.committee_date, 3 + Math.floor(random() * 10));
        const signedOn = addDays(createdOn, 5 + Math.floor(random() * 20));
        const year = Number(createdOn.slice(0, 4));
        const sequence = next(`${row.programme_id}-${year}`);
        const amount = row.approved_amount_minor;
        const inKind = row.modality === "in_kind" ? amount : 0;
        const { sourceId, lineId } = pick(linesOf.get(row.programme_id)!);
        // Four eyes (§9): the approver is never the requester.
        const requester = pick(officers);
        const approver = officers[(officers.indexOf(requester) + 1 + Math.floor(random() * (officers.length - 1))) % officers.length];
        const agreementId = run(
          insert.agreement, row.programme_id, row.id, row.decision_id, agreementNumber(row.code, year, sequence), year, sequence, amount, inKind, amount - inKind, sourceId, lineId,
          "Грант використовується згідно з бізнес-планом.", requester, instant(createdOn), instant(createdOn),
        );
        const tranches: number[] = [];
        if (row.modality === "cash") {
          const first = Math.round(amount / 2);
          tranches.push(run(insert.tranche, agreementId, 1, first, addDays(signedOn, 7)));
          tranches.push(run(insert.tranche, agreementId, 2, amount - first, addDays(signedOn, 97)));
          insert.requirement.run(tranches[1], "Чеки за першим траншем перевірено під час візиту ментора");
        }
        if (signedOn > today || chance(0.04)) {
          bump("draft");
          continue;
        }
        insert.sign.run(signedOn, approver, agreementId);
        insert.caseStage.run("disbursement", row.id);
        insert.ledger.run("commitment", agreementId, lineId, null, signedOn, amount, amount, amount, null, null, approver);
        bump("signed");
        const receive = (on: string, reason: string) => {
          insert.origin.run(on, reason, agreementId);
          insert.caseStage.run("follow_up", row.id);
        };

        if (row.modality === "in_kind") {
          const handedOverOn = addDays(signedOn, 30 + Math.floor(random() * 30));
          if (handedOverOn > today || chance(0.15)) continue;
          const actYear = Number(handedOverOn.slice(0, 4));
          const actSequence = next(`act-${row.programme_id}-${actYear}`);
          const signed = chance(0.85);
          const actId = run(
            insert.act, row.programme_id, agreementId, row.id, `ACT-${row.code}-${actYear}-${String(actSequence).padStart(4, "0")}`, actYear, actSequence, signed ? "signed" : "prepared",
            handedOverOn, "Громада отримувача", `Отримувач ${row.id}`, sealedDocument, requester, signed ? instant(handedOverOn, 12) : null, signed ? requester : null,
          );
          if (!signed) {
            bump("act to sign");
            continue;
          }
          insert.ledger.run("disbursement", agreementId, lineId, "in_kind", handedOverOn, amount, amount, amount, null, actId, requester);
          receive(handedOverOn, "in_kind_handover");
          insert.complete.run(agreementId);
          bump("handed over");
          continue;
        }

        // Cash: tranche 1 after signing; tranche 2 once its receipts are verified at a visit.
        const pay = (trancheId: number, trancheAmount: number, paidOn: string, outcome: "paid" | "failed", retryOf: number | null = null) => {
          const paymentId = run(
            insert.payment, trancheId, trancheAmount, outcome, outcome === "paid" ? `REF${trancheId}${retryOf ? "R" : ""}` : null, paidOn,
            outcome === "failed" ? "Рахунок отримувача закрито" : null, retryOf, approver,
          );
          insert.trancheState.run(outcome, trancheId);
          if (outcome === "paid") insert.ledger.run("disbursement", agreementId, lineId, "cash", paidOn, trancheAmount, trancheAmount, trancheAmount, paymentId, null, approver);
          return paymentId;
        };
        const [firstAmount, secondAmount] = [Math.round(amount / 2), amount - Math.round(amount / 2)];
        const firstOn = addDays(signedOn, 7);
        if (firstOn > today) continue;
        insert.request.run(requester, instant(addDays(signedOn, 2)), tranches[0]);
        if (chance(0.03)) {
          bump("tranche awaiting approval");
          continue;
        }
        insert.approve.run(approver, instant(addDays(signedOn, 3)), tranches[0]);
        let paidOn = firstOn;
        if (chance(0.04)) {
          const failed = pay(tranches[0], firstAmount, firstOn, "failed");
          if (chance(0.3)) {
            bump("payment failed");
            continue;
          }
          paidOn = addDays(firstOn, 3);
          pay(tranches[0], firstAmount, paidOn, "paid", failed);
          bump("payment retried");
        } else pay(tranches[0], firstAmount, paidOn, "paid");
        receive(paidOn, "first_cash_tranche");
        const visitedOn = addDays(paidOn, 80 + Math.floor(random() * 30));
        if (visitedOn > today || chance(0.2)) continue;
        insert.verify.run(verifier(row.mentor_id), instant(visitedOn), "Чеки на обладнання перевірено під час візиту", tranches[1]);
        const roll = random();
        if (roll < 0.1) {
          bump("tranche ready to request");
          continue;
        }
        insert.request.run(requester, instant(addDays(visitedOn, 2)), tranches[1]);
        if (roll < 0.2) {
          bump("tranche awaiting approval");
          continue;
        }
        insert.approve.run(approver, instant(addDays(visitedOn, 3)), tranches[1]);
        const secondOn = addDays(visitedOn, 5);
        if (secondOn > today) continue;
        pay(tranches[1], secondAmount, secondOn, "paid");
        insert.complete.run(agreementId);
        bump("cash paid in full");
      }
    })();
  }
  return counts;
}

await seedScale();
