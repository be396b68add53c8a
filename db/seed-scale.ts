// `npm run seed:scale -- --cases 100000 [--database data/scale.db]`: a large, realistic database
// for benchmarks, built in the proportions of the demo (db/seed.ts) through every stage that
// exists — applications, possible duplicates, screenings, training, plans, reviews, decisions,
// grants (procurement, acts, tranches, payments, the ledger) and their follow-up visits.
// Deterministic (a seeded random) and fast: rows go in through prepared statements in one
// transaction per block, not through the app's commands (those are tested elsewhere).
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import type { RosterWorker } from "~/modules/followup/roster";
import type { DisplacementStatus } from "./enums";
import { migrateDatabase } from "./migrate";
import { backfillReviewResults } from "./review-results";

const { values: options } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    database: { type: "string", default: process.env.DATABASE_PATH ?? "data/scale.db" },
    replace: { type: "boolean", default: false },
    // The day the database describes: visits are made up to it, and due or overdue around it.
    today: { type: "string", default: "2026-12-01" },
  },
});
const caseCount = Number(options.cases);
if (!Number.isInteger(caseCount) || caseCount < 100) throw new Error("--cases must be a whole number of at least 100");
if (process.env.NODE_ENV === "production") throw new Error("Refusing to build a scale database in production.");
const databasePath = options.database!;
const today = options.today!;
if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) throw new Error("--today must be a YYYY-MM-DD date");
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
const { defaultRubric, plainScores, weightedTotal } = await import("~/modules/review/scoring");
const { ageOn } = await import("~/modules/intake/age");
const { agreementNumber } = await import("~/modules/grants/agreement-rules");
const { procurementDocumentNumber } = await import("~/modules/grants/procurement.server");
const { serialKey } = await import("~/modules/grants/procurement-delivery");
const { edrpouCheckDigit } = await import("~/modules/grants/suppliers-identity");
const { planVisits } = await import("~/modules/followup/schedule");
const { stagesFromOffsets } = await import("~/modules/followup/visit-form");
const { baselineRosterFromCounts } = await import("~/modules/followup/roster");
const { closureSkipReason } = await import("~/modules/followup/planning.server");
const { rosterWorkerId } = await import("./baseline-roster");
const { mentoringTopics, visitProblems } = await import("./enums");
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
// Both programmes' follow-up: visits 1, 3, 6 and 12 months after the time origin (no schedule is
// saved, so visits are planned from these months with the default ±15-day windows).
const followUpOffsetsMonths = [1, 3, 6, 12];
const typicalKved = ["14.13", "95.29", "10.71", "96.02", "45.20", "01.13", "01.47", "01.49", "16.23", "31.09", "62.01", "56.10", "47.11", "43.34", "74.20"];
function baselineCounts(ownerSex: "female" | "male") {
  const none = () => ({ female: 0, male: 0 });
  const counts = { paidFullTime: none(), paidPartTime: none(), unpaidFullTime: none(), unpaidPartTime: none() };
  counts.unpaidFullTime[ownerSex] = 1;
  if (chance(0.2)) counts.unpaidPartTime[chance(0.6) ? "female" : "male"] += 1;
  for (let n = Math.floor(random() * 3); n > 0; n -= 1) counts.paidFullTime[chance(0.55) ? "female" : "male"] += 1;
  if (chance(0.3)) counts.paidPartTime[chance(0.6) ? "female" : "male"] += 1;
  return counts;
}
const budgetItems = ["Швейна машина", "Оверлок", "Піч хлібопекарська", "Перукарське крісло", "Теплиця 6×12 м", "Вулики (10 шт.)", "Інструмент столяра", "Ноутбук", "Кавомашина", "Фотоапарат"];

async function seedScale() {
  db.transaction((tx) => seedDemoPlaces(tx));
  const passwordHash = await hashPassword(demoPassword);

  // Organisations and users: one agency, 30 partner NGOs with their mentors. Mentors grow with
  // the programme, so one follows a few dozen funded businesses at any size (about 40 at 100,000
  // cases), as partner NGOs staff it; the first NGO also has a coordinator (§10).
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
  const mentorsPerPartner = Math.max(3, Math.round(caseCount / 6_000));
  sqlite.transaction(() => {
    for (let i = 0; i < 30; i += 1) {
      const oblast = oblasts[i % oblasts.length];
      const id = Number(insertOrganisation.run(`Partner NGO ${i + 1}`, `ГО-партнер ${i + 1}`, "partner").lastInsertRowid);
      insertOrganisationOblast.run(id, oblast);
      const mentors = Array.from({ length: mentorsPerPartner }, (_, m) =>
        Number(insertUser.run(i === 0 && m === 0 ? "mentor@example.org" : `mentor${i}.${m}@example.org`, `Ментор ${i + 1}.${m + 1}`, passwordHash, "mentor", id).lastInsertRowid),
      );
      partners.push({ id, oblast, mentors });
    }
    const coordinator = Number(insertUser.run("coordinator@example.org", "Координатор ГО-партнера 1", passwordHash, "mentor", partners[0].id).lastInsertRowid);
    sqlite.prepare("update users set coordinator = 1 where id = ?").run(coordinator);
  })();
  const partnersIn = (oblast: string) => partners.filter((partner) => partner.oblast === oblast);

  const insertProgramme = sqlite.prepare(
    `insert into programmes (code, name, name_uk, donor, currency, grant_ceiling_minor, budget_envelope_minor, follow_up_offsets_months, start_date, end_date)
     values (?, ?, ?, ?, 'UAH', 20000000, ?, ?, ?, ?)`,
  );
  const offsets = JSON.stringify(followUpOffsetsMonths);
  const programmes = [
    Number(insertProgramme.run("EEP-2025", "Economic Empowerment 2025", "Економічне розширення можливостей 2025", "Donor A", caseCount * 8_000_000, offsets, "2025-01-01", "2026-06-30").lastInsertRowid),
    Number(insertProgramme.run("EEP-2026", "Economic Empowerment 2026", "Економічне розширення можливостей 2026", "Donor B", caseCount * 8_000_000, offsets, "2026-01-01", "2027-12-31").lastInsertRowid),
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
      `insert into businesses (case_id, kind, name, legal_form, kved_code, kved_version, baseline_workers, baseline_monthly_revenue_minor, baseline_monthly_net_income_minor, requested_modality, requested_amount_minor, co_contribution_minor)
       values (?, ?, ?, ?, ?, 'KVED-2010', ?, ?, ?, ?, ?, ?)`,
    ),
    // The baseline roster as the application's counts give it (roster.server.ts syncBaselineRosterFromCounts).
    baselineWorker: sqlite.prepare(
      `insert into worker_roster_rows (business_id, case_id, snapshot_kind, visit_id, recorded_on, worker_id, role, paid, hours_per_week, sex, displacement_status, start_date, end_date, months_per_year, source)
       values (?, ?, 'baseline', null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        // An existing business counts its owner (unpaid, full time), perhaps a family member and employees.
        const baselineWorkers = existing ? baselineCounts(sex) : null;
        const businessId = Number(
          statements.business.run(
            caseId, existing ? "existing" : "startup", existing ? `${pick(["Майстерня", "Пекарня", "Салон", "СТО"])} ${surname}` : null, existing ? "fop_2" : "not_registered", kved,
            baselineWorkers && JSON.stringify(baselineWorkers),
            existing ? 3_000_000 + Math.floor(random() * 6_000_000) : null, existing ? 1_000_000 + Math.floor(random() * 2_000_000) : null, modality, requested, coContribution,
          ).lastInsertRowid,
        );
        for (const worker of baselineWorkers ? baselineRosterFromCounts(baselineWorkers, rosterWorkerId) : []) {
          statements.baselineWorker.run(
            businessId, caseId, applicationDate, worker.workerId, worker.role, worker.paid === null ? null : worker.paid ? 1 : 0, worker.hoursPerWeek, worker.sex,
            worker.displacementStatus, worker.startDate, worker.endDate, worker.monthsPerYear, worker.source,
          );
        }
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
        // Reviewers mostly agree: each scores the plan's quality give or take a point. In about
        // one panel in twelve the second reviewer reads the plan two points differently: the
        // disagreements the committee looks at first (scored independently, nearly every plan
        // was flagged).
        const quality = 2 + Math.floor(random() * 4);
        const secondLean = random() < 0.08 ? (quality >= 4 ? -2 : 2) : 0;
        for (const [index, reviewerId] of panel.entries()) {
          const lean = index === 1 ? secondLean : 0;
          const scoreOf = () => Math.min(5, Math.max(1, quality + lean + (random() < 0.3 ? (random() < 0.5 ? -1 : 1) : 0)));
          const scores = Object.fromEntries(defaultRubric.criteria.map((criterion) => [criterion.key, { score: scoreOf(), comment: "Обґрунтовано" }]));
          const total = weightedTotal(defaultRubric, plainScores(scores));
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
  // The reviews were written directly: what they came to, as the app stores it at the committee.
  backfillReviewResults(sqlite);
  sqlite.exec("analyze");
  void admin;
  const seconds = (performance.now() - started) / 1000;
  console.log(`Scale database ${databasePath}: ${caseCount.toLocaleString("en")} cases in ${seconds.toFixed(1)} s`);
  console.log("  by stage:", Object.entries(counts).map(([stage, n]) => `${stage} ${n.toLocaleString("en")}`).join(", "));
  const list = (figures: Record<string, number>) => Object.entries(figures).map(([kind, n]) => `${kind} ${n.toLocaleString("en")}`).join(", ");
  console.log("  grants:", list(grantCounts.grants));
  console.log("  purchases:", list(grantCounts.purchases));
  console.log("  follow-up:", list(grantCounts.followUps));
  console.log(`  logins: officer@example.org, mentor@example.org, coordinator@example.org, evaluator@example.org, admin@example.org (password ${demoPassword})`);
}

// ---------------------------------------------------------------------------------------------
// Grants (domain.md §9) for the approved cases: agreements charged to two funding sources,
// commitments, in-kind goods bought (three quotations, an order, a delivery) and handed over on
// signed acts, cash tranches requested, approved, paid (some failed and retried) and waiting —
// rows in the order the ledger's triggers accept them (a draft gets its tranche plan before it is
// signed; a payment follows its approval). The sources are in hryvnias so no rates are needed;
// the demo (db/demo-grants.ts) shows EUR and USD with rates. A grant that reaches its
// beneficiary gets its planned and made visits (scaleFollowUp) in the same block.
type ApprovedCase = {
  id: number;
  programme_id: number;
  code: string;
  case_code: string;
  approved_amount_minor: number;
  mentor_id: number | null;
  person_id: number;
  hromada_pcode: string | null;
  displacement_status: DisplacementStatus | null;
  sex: "female" | "male";
  business_id: number;
  kind: "startup" | "existing";
  baseline_monthly_revenue_minor: number | null;
  baseline_workers: string | null;
  decision_id: number;
  plan_version_id: number;
  modality: "in_kind" | "cash";
  committee_date: string;
};

const sequences = new Map<string, number>();
function nextSequence(key: string) {
  const value = (sequences.get(key) ?? 0) + 1;
  sequences.set(key, value);
  return value;
}
const run = (statement: { run: (...values: unknown[]) => { lastInsertRowid: number | bigint } }, ...values: unknown[]) => Number(statement.run(...values).lastInsertRowid);
const latestOf = (a: string, b: string) => (a > b ? a : b);
const daysFrom = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

function seedScaleGrants(programmes: number[], officers: number[]) {
  const blockSize = 5_000;
  const counts: Record<string, number> = {};
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
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
    // Verified through a visit (visits.server.ts verifyThroughVisit): the requirement names it.
    verify: sqlite.prepare("update grant_tranche_requirements set verified_by_user_id = ?, verified_at = ?, evidence_note = ?, visit_id = ?, version = version + 1 where id = ?"),
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
  const purchases: Record<string, number> = {};
  const followUps: Record<string, number> = {};
  const procure = scaleProcurement(purchases);
  const followUp = scaleFollowUp(followUps);

  const approved = sqlite
    .prepare(
      `select c.id, c.programme_id, p.code, c.case_code, c.approved_amount_minor, c.mentor_id, c.person_id, c.hromada_pcode, c.displacement_status, pe.sex,
         b.id as business_id, b.kind, b.baseline_monthly_revenue_minor, b.baseline_workers, d.id as decision_id, d.plan_version_id, d.modality, d.committee_date
       from cases c join programmes p on p.id = c.programme_id join persons pe on pe.id = c.person_id join businesses b on b.case_id = c.id
         join committee_decisions d on d.case_id = c.id and d.decision = 'approved'
       where c.stage = 'grant_agreement' and c.status = 'open' order by c.id`,
    )
    .all() as ApprovedCase[];

  function fund(row: ApprovedCase) {
    if (chance(0.04)) return bump("awaiting agreement");
    const createdOn = addDays(row.committee_date, 3 + Math.floor(random() * 10));
    const signedOn = addDays(createdOn, 5 + Math.floor(random() * 20));
    const year = Number(createdOn.slice(0, 4));
    const sequence = nextSequence(`${row.programme_id}-${year}`);
    const amount = row.approved_amount_minor;
    const inKind = row.modality === "in_kind" ? amount : 0;
    const { sourceId, lineId } = pick(linesOf.get(row.programme_id)!);
    // Four eyes (§9): the approver is never the requester.
    const requester = pick(officers);
    const approver = officers[(officers.indexOf(requester) + 1 + Math.floor(random() * (officers.length - 1))) % officers.length];
    // The case's mentor makes the visits; an officer where the case has none.
    const visitor = row.mentor_id ?? requester;
    const agreementId = run(
      insert.agreement, row.programme_id, row.id, row.decision_id, agreementNumber(row.code, year, sequence), year, sequence, amount, inKind, amount - inKind, sourceId, lineId,
      "Грант використовується згідно з бізнес-планом.", requester, instant(createdOn), instant(createdOn),
    );
    const tranches: number[] = [];
    let requirementId = 0;
    if (row.modality === "cash") {
      const first = Math.round(amount / 2);
      tranches.push(run(insert.tranche, agreementId, 1, first, addDays(signedOn, 7)));
      tranches.push(run(insert.tranche, agreementId, 2, amount - first, addDays(signedOn, 97)));
      requirementId = run(insert.requirement, tranches[1], "Чеки за першим траншем перевірено під час візиту ментора");
    }
    if (signedOn > today || chance(0.04)) return bump("draft");
    insert.sign.run(signedOn, approver, agreementId);
    insert.caseStage.run("disbursement", row.id);
    insert.ledger.run("commitment", agreementId, lineId, null, signedOn, amount, amount, amount, null, null, approver);
    bump("signed");
    const grantee: Grantee = {
      caseId: row.id,
      agreementId,
      personId: row.person_id,
      businessId: row.business_id,
      kind: row.kind,
      sex: row.sex,
      displacement: row.displacement_status,
      hromada: row.hromada_pcode,
      baselineRevenueMinor: row.baseline_monthly_revenue_minor,
      baseline: row.baseline_workers ? baselineRosterFromCounts(JSON.parse(row.baseline_workers), rosterWorkerId) : [],
      visitorId: visitor,
      officerId: approver,
    };
    const receive = (on: string, reason: string) => {
      insert.origin.run(on, reason, agreementId);
      insert.caseStage.run("follow_up", row.id);
    };

    if (row.modality === "in_kind") {
      const handedOverOn = addDays(signedOn, 30 + Math.floor(random() * 30));
      const purchase = { row, agreementId, signedOn, handedOverOn, buyer: requester };
      if (handedOverOn > today || chance(0.15)) {
        procure(purchase, null);
        return;
      }
      const actYear = Number(handedOverOn.slice(0, 4));
      const actSequence = nextSequence(`act-${row.programme_id}-${actYear}`);
      const signed = chance(0.85);
      const actId = run(
        insert.act, row.programme_id, agreementId, row.id, procurementDocumentNumber("ACT", row.code, actYear, actSequence), actYear, actSequence, signed ? "signed" : "prepared",
        handedOverOn, "Громада отримувача", `Отримувач ${row.id}`, sealedDocument, requester, signed ? instant(handedOverOn, 12) : null, signed ? requester : null,
      );
      const items = procure(purchase, { id: actId, signed });
      if (!signed) return bump("act to sign");
      insert.ledger.run("disbursement", agreementId, lineId, "in_kind", handedOverOn, amount, amount, amount, null, actId, requester);
      receive(handedOverOn, "in_kind_handover");
      insert.complete.run(agreementId);
      bump("handed over");
      followUp(grantee, handedOverOn, { items });
      return;
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
    if (firstOn > today) return;
    insert.request.run(requester, instant(addDays(signedOn, 2)), tranches[0]);
    if (chance(0.03)) return bump("tranche awaiting approval");
    insert.approve.run(approver, instant(addDays(signedOn, 3)), tranches[0]);
    let paidOn = firstOn;
    if (chance(0.04)) {
      const failed = pay(tranches[0], firstAmount, firstOn, "failed");
      if (chance(0.3)) return bump("payment failed");
      paidOn = addDays(firstOn, 3);
      pay(tranches[0], firstAmount, paidOn, "paid", failed);
      bump("payment retried");
    } else pay(tranches[0], firstAmount, paidOn, "paid");
    receive(paidOn, "first_cash_tranche");
    // The 3-month visit checks the receipts, most often; some visits leave them for later.
    const visitedOn = addDays(paidOn, 80 + Math.floor(random() * 30));
    const verifies = visitedOn <= today && !chance(0.2);
    const { verifyingVisitId } = followUp(grantee, paidOn, { items: [], verification: verifies ? { on: visitedOn, requirementId } : undefined });
    if (!verifies) return;
    if (verifyingVisitId === null) throw new Error(`the 3-month visit of agreement ${agreementId} was not made`);
    insert.verify.run(visitor, instant(visitedOn, 16), "Чеки на обладнання перевірено під час візиту", verifyingVisitId, requirementId);
    const roll = random();
    if (roll < 0.1) return bump("tranche ready to request");
    insert.request.run(requester, instant(addDays(visitedOn, 2)), tranches[1]);
    if (roll < 0.2) return bump("tranche awaiting approval");
    insert.approve.run(approver, instant(addDays(visitedOn, 3)), tranches[1]);
    const secondOn = addDays(visitedOn, 5);
    if (secondOn > today) return;
    pay(tranches[1], secondAmount, secondOn, "paid");
    insert.complete.run(agreementId);
    bump("cash paid in full");
  }

  for (let start = 0; start < approved.length; start += blockSize) {
    sqlite.transaction(() => approved.slice(start, start + blockSize).forEach(fund))();
  }
  return { grants: counts, purchases, followUps };
}

// ---------------------------------------------------------------------------------------------
// In-kind procurement (§9), one purchase per grantee: three quotations from suppliers serving the
// oblast, the cheapest chosen and ordered, one delivery accepted whole, the goods (one row per
// serialised unit) put on the grantee's act. Rows stop where the grant stands on `today`.
const actUnits: Partial<Record<string, "set">> = { "Теплиця 6×12 м": "set", "Вулики (10 шт.)": "set", "Інструмент столяра": "set" };

function scaleProcurement(counts: Record<string, number>) {
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  const insert = {
    supplier: sqlite.prepare("insert into suppliers (name, kind, edrpou, contact_person, phone, email, address) values (?, 'legal_entity', ?, ?, ?, ?, ?)"),
    supplierOblast: sqlite.prepare("insert into supplier_oblasts (supplier_id, oblast_pcode) values (?, ?)"),
    purchase: sqlite.prepare("insert into purchases (programme_id, number, year, sequence, description, created_by_user_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)"),
    item: sqlite.prepare(
      `insert into purchase_items (purchase_id, position, agreement_id, case_id, plan_budget_line_id, name, unit, quantity, estimated_unit_price_minor, serialised)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    quotation: sqlite.prepare("insert into quotations (purchase_id, supplier_id, received_on, reference, recorded_by_user_id) values (?, ?, ?, ?, ?)"),
    price: sqlite.prepare("insert into quotation_prices (quotation_id, purchase_item_id, unit_price_minor) values (?, ?, ?)"),
    state: sqlite.prepare("update purchases set state = ?, version = version + 1 where id = ?"),
    order: sqlite.prepare(
      "update purchases set state = 'ordered', chosen_quotation_id = ?, order_number = ?, ordered_on = ?, ordered_by_user_id = ?, version = version + 1 where id = ?",
    ),
    delivery: sqlite.prepare("insert into deliveries (purchase_id, delivered_on, waybill_number, checked_by_user_id) values (?, ?, ?, ?)"),
    deliveryLine: sqlite.prepare(
      `insert into delivery_lines (delivery_id, purchase_item_id, quantity_received, quantity_accepted, quantity_defective, status, defective_serial_numbers)
       values (?, ?, ?, ?, 0, 'accepted', '[]')`,
    ),
    equipment: sqlite.prepare(
      `insert into equipment_items (purchase_item_id, delivery_id, agreement_id, case_id, name, unit, quantity, serial_number, serial_key, unit_price_minor, act_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    planLines: sqlite.prepare("select id, item, quantity, unit_cost_minor as unitCostMinor from budget_lines where plan_version_id = ? and modality = 'in_kind' order by position"),
  };
  const names = ["ТОВ «Агротехсервіс»", "ТОВ «Майстер-Інструмент»", "ТОВ «Схід-Обладнання»", "ТОВ «Полтавська техніка»", "ТОВ «Офіс-Систем»", "ТОВ «Харчомаш»"];
  const suppliers = names.map((name, k) => {
    const first7 = String(3_800_000 + k * 1_111).padStart(7, "0");
    const id = run(insert.supplier, name, `${first7}${edrpouCheckDigit(`${first7}0`)}`, "Менеджер з продажу", `+38050${pad(k, 7)}`, `sales${k + 1}@supplier.example`, "Україна");
    for (const oblast of hromadasOf.keys()) insert.supplierOblast.run(id, oblast);
    return id;
  });

  return function procure(
    { row, agreementId, signedOn, handedOverOn, buyer }: { row: ApprovedCase; agreementId: number; signedOn: string; handedOverOn: string; buyer: number },
    act: { id: number; signed: boolean } | null,
  ): number[] {
    const createdOn = addDays(signedOn, 2);
    if (createdOn > today) return [];
    const year = Number(createdOn.slice(0, 4));
    const sequence = nextSequence(`purchase-${row.programme_id}-${year}`);
    const purchaseId = run(
      insert.purchase, row.programme_id, procurementDocumentNumber("PUR", row.code, year, sequence), year, sequence, `Обладнання за бізнес-планом ${row.case_code}`, buyer,
      instant(createdOn), instant(createdOn),
    );
    const lines = insert.planLines.all(row.plan_version_id) as Array<{ id: number; item: string; quantity: number; unitCostMinor: number }>;
    // The chosen quotation adds up to the grant: the act's total is what the ledger disburses.
    const planned = lines.reduce((sum, line) => sum + line.quantity * line.unitCostMinor, 0);
    let left = row.approved_amount_minor;
    const items = lines.map((line, index) => {
      const unit = actUnits[line.item] ?? "piece";
      const serialised = unit === "piece";
      const id = run(insert.item, purchaseId, index + 1, agreementId, row.id, line.id, line.item, unit, line.quantity, line.unitCostMinor, serialised ? 1 : 0);
      const lineTotal = index === lines.length - 1 ? left : Math.round((row.approved_amount_minor * line.quantity * line.unitCostMinor) / planned);
      left -= lineTotal;
      return { id, line, unit, serialised, unitPriceMinor: Math.round(lineTotal / line.quantity) };
    });
    let quotations = 0;
    let chosen = 0;
    for (let k = 0; k < 3; k += 1) {
      const receivedOn = addDays(signedOn, 5 + 3 * k);
      if (receivedOn > today) break;
      const quotationId = run(insert.quotation, purchaseId, suppliers[(purchaseId + k) % suppliers.length], receivedOn, `КП-${purchaseId}-${k + 1}`, buyer);
      const markup = k === 0 ? 1 : 1.04 + random() * 0.1;
      for (const item of items) insert.price.run(quotationId, item.id, k === 0 ? item.unitPriceMinor : Math.round((item.unitPriceMinor * markup) / 100) * 100);
      if (k === 0) chosen = quotationId;
      quotations += 1;
    }
    if (quotations === 0) return (bump("purchase draft"), []);
    insert.state.run("quoting", purchaseId);
    const orderedOn = addDays(signedOn, 14);
    if (quotations < 3 || orderedOn > today) return (bump("purchase quoting"), []);
    insert.order.run(chosen, `ЗАМ-${row.code}-${year}-${pad(sequence, 4)}`, orderedOn, buyer, purchaseId);
    const deliveredOn = latestOf(addDays(handedOverOn, -(2 + Math.floor(random() * 6))), orderedOn);
    if (deliveredOn > today) return (bump("purchase ordered"), []);
    const deliveryId = run(insert.delivery, purchaseId, deliveredOn, `ВН-${purchaseId}`, buyer);
    const equipment: number[] = [];
    for (const item of items) {
      insert.deliveryLine.run(deliveryId, item.id, item.line.quantity, item.line.quantity);
      const units = item.serialised ? item.line.quantity : 1;
      for (let unit = 0; unit < units; unit += 1) {
        const serial = item.serialised ? `SN ${pad(item.id, 7)}-${unit + 1}` : null;
        equipment.push(
          run(
            insert.equipment, item.id, deliveryId, agreementId, row.id, item.line.item, item.unit, item.serialised ? 1 : item.line.quantity, serial, serial && serialKey(serial),
            item.unitPriceMinor, act?.id ?? null,
          ),
        );
      }
    }
    // A purchase closes once every item is on a signed act (closePurchaseIfHandedOver).
    insert.state.run(act?.signed ? "closed" : "delivered", purchaseId);
    bump(act?.signed ? "purchase closed" : "purchase delivered");
    return act?.signed ? equipment : [];
  };
}

// ---------------------------------------------------------------------------------------------
// Follow-up (§7, §10) of a grant that reached its beneficiary: its visits planned from the time
// origin as planning.server.ts plans them, then made as mentors make them — most on time, some
// late, some missed or skipped with a reason; those whose window is open on `today` half made;
// each a status (more closures among start-ups; a closure skips the visits after it), the roster
// as the visit leaves it (the same worker id across visits, departures as end dates), the status
// of each item handed over, the owner's residence (about 2% abroad) with its displacement-history
// entry, income, and each step's audit entry. Rows mirror what recordVisit writes.
type Grantee = {
  caseId: number;
  agreementId: number;
  personId: number;
  businessId: number;
  kind: "startup" | "existing";
  sex: "female" | "male";
  displacement: DisplacementStatus | null;
  hromada: string | null;
  baselineRevenueMinor: number | null;
  baseline: RosterWorker[];
  visitorId: number;
  officerId: number;
};

const skipReasons = ["Власниця на лікуванні, візит перенесено на наступний етап", "Обстріли в громаді: виїзд заборонено адміністрацією", "Власник на сезонних роботах за межами громади"];
const closureReasons = ["Мало клієнтів після відключень світла", "Зросла оренда, закрила точку", "Переїзд до іншої громади", "Стан здоров'я"];
const visitNotes = ["Просить допомогти з обліком у ПРРО.", "Планує найняти ще одну працівницю до сезону.", "Генератор рятує під час відключень.", "Потрібна консультація щодо оренди приміщення."];

function scaleFollowUp(counts: Record<string, number>) {
  const bump = (key: string, n = 1) => (counts[key] = (counts[key] ?? 0) + n);
  const stages = stagesFromOffsets(followUpOffsetsMonths);
  const hromadas = [...hromadasOf.values()].flat();
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pickSome = <T,>(list: readonly T[], n: number) => {
    const chosen = new Set<T>();
    while (chosen.size < n) chosen.add(pick(list));
    return [...chosen];
  };
  const insert = {
    planned: sqlite.prepare(
      `insert into planned_visits (agreement_id, case_id, schedule_id, months_after_origin, due_date, window_start, window_end, required, created_at, updated_at)
       values (?, ?, null, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    skip: sqlite.prepare("update planned_visits set skipped_reason = ?, skipped_by_user_id = ?, skipped_at = ?, version = version + 1, updated_at = ? where id = ?"),
    visit: sqlite.prepare(
      `insert into follow_up_visits (planned_visit_id, case_id, agreement_id, visit_date, mode, visitor_user_id, operating_status, closure_date, closure_reason,
        monthly_revenue_minor, monthly_net_income_minor, residence, new_hromada_pcode, problems, mentoring_given, notes, tranche_requirement_id, idempotency_key,
        created_by_user_id, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    roster: sqlite.prepare(
      `insert into worker_roster_rows (business_id, case_id, snapshot_kind, visit_id, recorded_on, worker_id, role, paid, hours_per_week, sex, displacement_status, start_date, end_date, months_per_year, source)
       values (?, ?, 'visit', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    equipment: sqlite.prepare("insert into visit_equipment_statuses (visit_id, equipment_item_id, status) values (?, ?, ?)"),
    statusAsked: sqlite.prepare(
      `select status, idp_certificate_number as idpCertificateNumber, idp_certificate_date as idpCertificateDate, origin_oblast_pcode as originOblastPcode, origin_hromada_pcode as originHromadaPcode
       from displacement_records where person_id = ? and context <> 'follow_up' order by id desc limit 1`,
    ),
    residence: sqlite.prepare(
      `insert into displacement_records (person_id, case_id, context, recorded_on, status, idp_certificate_number, idp_certificate_date, current_oblast_pcode, current_hromada_pcode,
        origin_oblast_pcode, origin_hromada_pcode, abroad, visit_id, recorded_by_user_id)
       values (?, ?, 'follow_up', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    audit: sqlite.prepare("insert into audit_log (at, user_id, action, entity_type, entity_id, case_id, before, after) values (?, ?, ?, ?, ?, ?, null, ?)"),
  };

  return function followUp(grantee: Grantee, origin: string, options: { items: number[]; verification?: { on: string; requirementId: number } }) {
    const { caseId, agreementId, visitorId: visitor } = grantee;
    const plan = planVisits(origin, stages);
    const plannedIds = plan.map((visit) =>
      run(insert.planned, agreementId, caseId, visit.monthsAfterOrigin, visit.dueDate, visit.windowStart, visit.windowEnd, visit.required ? 1 : 0, instant(origin, 12), instant(origin, 12)),
    );
    insert.audit.run(instant(origin, 12), grantee.officerId, "plan", "grant_agreement", String(agreementId), caseId, JSON.stringify({ timeOriginOn: origin, scheduleId: null, visits: plan }));
    bump("planned visits", plan.length);

    // Which planned visits were made, and when: mostly near the due date, some after the window.
    const made: Array<{ index: number; date: string }> = [];
    const skippedByMentor = new Set<number>();
    let last = origin;
    for (const [index, stage] of plan.entries()) {
      if (stage.windowStart > today) break;
      let date: string;
      if (options.verification && stage.monthsAfterOrigin === 3) date = options.verification.on;
      else {
        const windowOpen = stage.windowEnd >= today;
        if (random() > (windowOpen ? 0.45 : 0.9)) {
          if (!windowOpen && chance(0.2)) skippedByMentor.add(index);
          continue;
        }
        date = chance(0.08) ? addDays(stage.windowEnd, between(3, 20)) : addDays(stage.dueDate, between(-8, 10));
        if (date > today) date = today;
      }
      if (date <= last) date = addDays(last, 1);
      if (date > today) continue;
      made.push({ index, date });
      last = date;
    }

    const abroadOwner = chance(0.025);
    const moveAt = chance(0.06) ? Math.floor(random() * made.length) : -1;
    const closureHazard = grantee.kind === "startup" ? 0.08 : 0.025;
    const growth = chance(0.75) ? 1.02 + random() * 0.04 : 0.98 + random() * 0.02;
    const firstRevenue = grantee.baselineRevenueMinor ?? between(8, 18) * 100_000;
    const workers = grantee.baseline.map((worker) => ({ ...worker }));
    let highest = workers.length;
    const itemStatus = new Map<number, string>(options.items.map((id) => [id, "in_use"]));
    let lastDate = origin;
    let lastSeenOpen: string | null = null;
    let hromada = grantee.hromada;
    let closedBy: { visitId: number; date: string } | null = null;
    let verifyingVisitId: number | null = null;
    const done = new Set<number>();
    for (const [n, { index, date }] of made.entries()) {
      const stage = plan[index];
      const verifying = options.verification !== undefined && stage.monthsAfterOrigin === 3;
      // The receipts were checked at the 3-month visit: the business was open until then.
      const keptOpen = options.verification !== undefined && stage.monthsAfterOrigin <= 3;
      const abroad = abroadOwner && n === made.length - 1 && !keptOpen;
      const roll = random();
      let status: "operating" | "suspended" | "closed" | "unreachable" =
        abroad ? "closed" : roll < 0.05 ? "unreachable" : roll < 0.05 + closureHazard ? "closed" : roll < 0.12 + closureHazard ? "suspended" : "operating";
      if (keptOpen && (status === "closed" || status === "unreachable")) status = "operating";
      const reached = status !== "unreachable";
      const closureDate = status === "closed" ? latestOf(addDays(date, -between(5, 40)), lastSeenOpen ?? origin) : null;
      const closureReason = status === "closed" ? (abroad ? "Власниця виїхала за кордон до родини" : pick(closureReasons)) : null;
      const moved = n === moveAt && status !== "closed" && reached;
      const residence = !reached ? "unknown" : abroad ? "abroad" : moved ? "moved_within_ukraine" : "same_hromada";
      let newHromada: string | null = null;
      if (moved) do newHromada = pick(hromadas); while (newHromada === hromada);
      const monthsIn = Math.max(1, Math.round(daysFrom(origin, date) / 30.4375));
      const revenue = status === "operating" ? Math.round((firstRevenue * growth ** monthsIn) / 100) * 100 : status === "suspended" ? 0 : null;
      const netIncome = revenue === null ? null : revenue === 0 ? -between(1, 3) * 100_000 : Math.round(revenue * (0.22 + random() * 0.12));
      const problems = reached ? pickSome(visitProblems, between(0, 2)) : [];
      const mentoringGiven = reached ? pickSome(mentoringTopics, between(1, 2)) : [];
      const notes = chance(0.3) ? pick(visitNotes) : null;
      const mode = chance(0.7) ? "in_person" : "phone";
      const requirementId = verifying ? options.verification!.requirementId : null;
      const idempotencyKey = `scale-${agreementId}-${stage.monthsAfterOrigin}`;
      const visitId = run(
        insert.visit, plannedIds[index], caseId, agreementId, date, mode, visitor, status, closureDate, closureReason, revenue, netIncome, residence, newHromada,
        JSON.stringify(problems), JSON.stringify(mentoringGiven), notes, requirementId, idempotencyKey, visitor, instant(date, 16), instant(date, 16),
      );
      bump(`visits ${status}`);

      // Nothing is known of the workers of a business nobody reached: its roster stays as it was.
      if (reached) {
        for (const worker of workers) {
          if (worker.endDate !== null) continue;
          if (worker.role === null) {
            // The first visit confirms the rows carried over from the application's counts.
            const isOwner = !workers.some((other) => other.role === "owner") && worker.paid === false && worker.hoursPerWeek === 40 && worker.sex === grantee.sex;
            worker.role = isOwner ? "owner" : worker.paid ? "employee" : "family_member";
            worker.hoursPerWeek ??= 20;
          }
          if (worker.role !== "owner" && (status === "closed" || chance(0.12))) {
            worker.endDate = status === "closed" ? closureDate : latestOf(addDays(date, -between(1, 20)), addDays(lastDate, 1));
          }
        }
        // The owner is on every roster a visit records; a start-up adds them at its first visit.
        if (!workers.some((worker) => worker.role === "owner")) {
          workers.push({
            workerId: rosterWorkerId(highest++), role: "owner", paid: false, hoursPerWeek: between(40, 55), sex: grantee.sex, displacementStatus: grantee.displacement,
            startDate: grantee.kind === "startup" ? origin : addDays(origin, -400), endDate: null, monthsPerYear: null, source: "recorded",
          });
        }
        if (status === "operating" && chance(0.3)) {
          workers.push({
            workerId: rosterWorkerId(highest++), role: chance(0.2) ? "family_member" : "employee", paid: true, hoursPerWeek: pick([20, 30, 40, 40]), sex: chance(0.55) ? "female" : "male",
            displacementStatus: chance(0.5) ? "idp" : "host", startDate: addDays(lastDate, 1 + Math.floor(random() * Math.max(1, daysFrom(lastDate, date) - 1))), endDate: null,
            monthsPerYear: chance(0.15) ? 6 : null, source: "recorded",
          });
        }
        for (const worker of workers) {
          insert.roster.run(
            grantee.businessId, caseId, visitId, date, worker.workerId, worker.role, worker.paid === null ? null : worker.paid ? 1 : 0, worker.hoursPerWeek, worker.sex,
            worker.displacementStatus, worker.startDate, worker.endDate, worker.monthsPerYear, worker.source,
          );
        }
        bump("roster rows", workers.length);
        for (const [itemId, before] of itemStatus) {
          const gone = before === "sold" || before === "stolen" || before === "lost";
          const itemRoll = random();
          const now = gone ? before : status === "closed" ? "sold" : itemRoll < 0.86 ? "in_use" : itemRoll < 0.94 ? "idle" : itemRoll < 0.98 ? "broken" : itemRoll < 0.99 ? "stolen" : "lost";
          itemStatus.set(itemId, now);
          insert.equipment.run(visitId, itemId, now);
        }
        bump("equipment statuses", itemStatus.size);
      }

      const visitRecord = {
        id: visitId, plannedVisitId: plannedIds[index], caseId, agreementId, visitDate: date, mode, visitorUserId: visitor, operatingStatus: status, closureDate, closureReason,
        monthlyRevenueMinor: revenue, monthlyNetIncomeMinor: netIncome, residence, newHromadaPcode: newHromada, problems, mentoringGiven, notes, trancheRequirementId: requirementId,
        idempotencyKey, version: 1, createdByUserId: visitor, updatedByUserId: null,
        roster: reached ? [...workers].sort((a, b) => (a.workerId < b.workerId ? -1 : 1)) : [],
        equipment: reached ? [...itemStatus].map(([itemId, itemState]) => ({ itemId, status: itemState })) : [],
        photos: [],
      };
      // A move or a life abroad is an entry of the displacement history, tied to the visit (residence.server.ts).
      if (abroad || moved) {
        const asked = insert.statusAsked.get(grantee.personId) as Record<string, string | null> | undefined;
        const place = abroad ? { oblast: null, hromada: null } : { oblast: newHromada!.slice(0, 4), hromada: newHromada };
        const record = {
          personId: grantee.personId, caseId, context: "follow_up", recordedOn: date, status: asked?.status ?? null, idpCertificateNumber: asked?.idpCertificateNumber ?? null,
          idpCertificateDate: asked?.idpCertificateDate ?? null, currentOblastPcode: place.oblast, currentHromadaPcode: place.hromada, originOblastPcode: asked?.originOblastPcode ?? null,
          originHromadaPcode: asked?.originHromadaPcode ?? null, abroad, visitId, recordedByUserId: visitor,
        };
        const recordId = run(
          insert.residence, record.personId, caseId, date, record.status, record.idpCertificateNumber, record.idpCertificateDate, record.currentOblastPcode, record.currentHromadaPcode,
          record.originOblastPcode, record.originHromadaPcode, abroad ? 1 : 0, visitId, visitor,
        );
        insert.audit.run(instant(date, 16), visitor, "create", "displacement_record", String(recordId), caseId, JSON.stringify({ id: recordId, ...record }));
        bump(abroad ? "owners abroad" : "owners moved");
      }
      insert.audit.run(instant(date, 16), visitor, "create", "visit", String(visitId), caseId, JSON.stringify(visitRecord));
      done.add(index);
      lastDate = date;
      if (status === "operating" || status === "suspended") lastSeenOpen = date;
      if (moved) hromada = newHromada;
      if (verifying) verifyingVisitId = visitId;
      if (status === "closed") {
        closedBy = { visitId, date };
        break;
      }
    }

    // A closure skips the visits after it (skipVisitsAfterClosure); mentors skip a few with a reason.
    for (const [index, stage] of plan.entries()) {
      if (done.has(index)) continue;
      const byClosure = closedBy !== null && stage.dueDate > closedBy.date;
      if (!byClosure && !skippedByMentor.has(index)) continue;
      const reason = byClosure ? closureSkipReason(closedBy!.visitId) : pick(skipReasons);
      const at = instant(byClosure ? closedBy!.date : stage.dueDate, 17);
      insert.skip.run(reason, visitor, at, at, plannedIds[index]);
      insert.audit.run(at, visitor, "skip", "planned_visit", String(plannedIds[index]), caseId, JSON.stringify(byClosure ? { reason, visitId: closedBy!.visitId } : { reason }));
      bump("planned visits skipped");
    }
    return { verifyingVisitId };
  };
}

await seedScale();
