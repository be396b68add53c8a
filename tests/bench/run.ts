// `npm run bench`: performance targets as printed figures and ratios, never as test assertions.
// Builds a throwaway database with 100,000 persons and cases, then measures the duplicate check
// per applicant, the case list's server time with filters, and the Kobo import rate.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { migrateDatabase } from "../../db/migrate";

const registrySize = Number(process.env.BENCH_PERSONS ?? 100_000);
const folder = mkdtempSync(join(tmpdir(), "livelihoods-bench-"));
process.env.DATABASE_PATH = join(folder, "bench.db");
process.env.SESSION_SECRET ??= "bench-session-secret-0123456789";
process.env.IDENTITY_KEY ??= "bench-identity-key-0123456789";
migrateDatabase(process.env.DATABASE_PATH);

// App modules open the database on import, so they load after DATABASE_PATH is set.
const { db, sqlite, schema } = await import("~/lib/db.server");
const { identityHash, sealIdentity } = await import("~/lib/identity.server");
const { dedupBlockingKeys, nameSkeleton } = await import("~/modules/intake/name-matching");
const { findDefiniteDuplicate, findPossibleDuplicates } = await import("~/modules/intake/intake.server");
const { makeRnokpp } = await import("~/modules/intake/rnokpp");
const { transliterate } = await import("~/modules/intake/transliteration");
const { listCases } = await import("~/modules/cases/case-list.server");
const { createOrganisation } = await import("~/modules/admin/organisations.server");
const { createProgramme } = await import("~/modules/admin/programmes.server");
const { femaleFirstNames, maleFirstNames, surnames, seededRandom, hostOblasts } = await import("../../db/demo-people");
const { applicantSchema } = await import("~/modules/intake/schema");

function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}
const ms = (value: number) => `${value.toFixed(2)} ms`;

function buildRegistry() {
  const started = performance.now();
  const agency = createOrganisation(null, { name: "Bench agency", nameUk: "Агенція", kind: "agency", active: true, oblastPcodes: [] });
  const partner = createOrganisation(null, { name: "Bench NGO", nameUk: "ГО", kind: "partner", active: true, oblastPcodes: ["UA12"] });
  const programme = createProgramme(null, {
    code: "BENCH",
    name: "Bench",
    nameUk: "Бенч",
    donor: "Bench",
    currency: "UAH",
    grantCeilingMinor: 20_000_000,
    budgetEnvelopeMinor: 2_000_000_000,
    followUpOffsetsMonths: [3, 6, 12],
    minReviewers: 2,
    trainingRequired: true,
    smallCellThreshold: 5,
    startDate: "2026-01-01",
    active: true,
  });
  const officer = db
    .insert(schema.users)
    .values({ email: "bench@example.org", name: "Bench Officer", passwordHash: "x", role: "officer", organisationId: agency.id })
    .returning()
    .get();
  db.insert(schema.programmeMembers).values({ programmeId: programme.id, userId: officer.id }).run();
  const random = seededRandom(7);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const insertPerson = sqlite.prepare(
    `insert into persons (surname, first_name, sex, birth_date, rnokpp_hash, rnokpp_sealed, phone, surname_skeleton, first_name_skeleton)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertKey = sqlite.prepare("insert or ignore into person_match_keys (key, person_id) values (?, ?)");
  const insertCase = sqlite.prepare(
    `insert into cases (case_code, person_id, programme_id, stage, status, oblast_pcode, application_date, displacement_status, partner_organisation_id, eligibility, vulnerability_score)
     values (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)`,
  );
  const stages = ["application", "screening", "training", "business_plan", "review"];
  const statuses = ["idp", "host", "returnee"];
  const people: Array<{ surname: string; firstName: string; birthDate: string; sex: "female" | "male" }> = [];
  sqlite.transaction(() => {
    for (let i = 0; i < registrySize; i += 1) {
      const female = random() < 0.6;
      const [maleSurname, femaleSurname] = pick(surnames);
      const surname = female ? femaleSurname : maleSurname;
      const firstName = female ? pick(femaleFirstNames) : pick(maleFirstNames);
      const birthDate = `${1950 + Math.floor(random() * 55)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
      const sex = female ? "female" : "male";
      const rnokpp = makeRnokpp(birthDate, sex, i % 5000);
      const phone = `+38050${String(i).padStart(7, "0")}`;
      const personId = Number(
        insertPerson.run(surname, firstName, sex, birthDate, identityHash("rnokpp", `${rnokpp}${i}`), i < 1000 ? sealIdentity(rnokpp) : null, phone, nameSkeleton(surname), nameSkeleton(firstName)).lastInsertRowid,
      );
      for (const key of dedupBlockingKeys({ surname, firstName, birthDate, phone })) insertKey.run(key, personId);
      const oblast = pick(hostOblasts);
      insertCase.run(
        `LT-B${String(i).padStart(7, "0")}`,
        personId,
        programme.id,
        pick(stages),
        oblast,
        `2026-${String(1 + Math.floor(random() * 10)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`,
        pick(statuses),
        oblast === "UA12" ? partner.id : null,
        pick(["pending", "eligible", "ineligible"]),
        Math.floor(random() * 30),
      );
      if (i < 2000) people.push({ surname, firstName, birthDate, sex });
    }
  })();
  sqlite.exec("analyze");
  return { seconds: (performance.now() - started) / 1000, programme, officer, people };
}

function benchDedup(people: Array<{ surname: string; firstName: string; birthDate: string; sex: "female" | "male" }>, programmeId: number) {
  const samples: number[] = [];
  let possibleFound = 0;
  for (let i = 0; i < 500; i += 1) {
    const person = people[i * 3];
    // The same person typed in Latin script with day and month swapped: the hard case.
    const [year, month, day] = person.birthDate.split("-");
    const candidate = applicantSchema.parse({
      programmeId: String(programmeId),
      applicationDate: "2026-11-20",
      surname: transliterate(person.surname),
      firstName: transliterate(person.firstName),
      sex: person.sex,
      birthDate: Number(day) <= 12 ? `${year}-${day}-${month}` : person.birthDate,
      rnokpp: makeRnokpp("1990-05-05", person.sex, 4999),
      consentGivenOn: "2026-11-20",
      consentTakenBy: "Bench",
      consentPurposes: "registration",
      referralSource: "self",
      displacementStatus: "host",
      currentOblastPcode: "UA12",
      householdSize: "1",
      children: "0",
      olderMembers: "0",
      membersWithDisability: "0",
      businessKind: "startup",
      requestedModality: "cash",
      requestedAmountMinor: "50000",
    });
    const started = performance.now();
    db.transaction((tx) => {
      findDefiniteDuplicate(tx, candidate);
      possibleFound += findPossibleDuplicates(tx, candidate).length > 0 ? 1 : 0;
    });
    samples.push(performance.now() - started);
  }
  return { ...summarise(samples), recall: possibleFound / 500 };
}

function benchCaseList(officer: typeof schema.users.$inferSelect) {
  const user = { ...officer };
  const scenarios: Array<[string, Parameters<typeof listCases>[1]]> = [
    ["no filter, newest first", {}],
    ["stage + oblast", { stage: "screening", oblast: "UA12" }],
    ["status + displacement + sex", { status: "open", displacement: "idp", sex: "female" }],
    ["partner, by vulnerability", { partner: 2, sort: "vulnerability" }],
    ["name search (Latin)", { q: "Shevchenko Olena" }],
    ["case-code prefix", { q: "LT-B00123" }],
    ["deep page (page 1,500)", { page: 1500 }],
  ];
  return scenarios.map(([name, filter]) => {
    const samples: number[] = [];
    let total = 0;
    for (let i = 0; i < 15; i += 1) {
      const started = performance.now();
      total = listCases(user, filter).total;
      samples.push(performance.now() - started);
    }
    return { name, total, ...summarise(samples) };
  });
}

async function main() {
  console.log(`Livelihoods Tracker benchmarks (${registrySize.toLocaleString("en")} persons and cases; Node ${process.version})\n`);
  // JavaScript per page of the production build (also `npm run bench:bundle`): builds first if needed.
  execFileSync(process.execPath, ["--import", "tsx", "tests/bench/bundle-size.bench.ts"], { stdio: "inherit" });
  console.log("");
  const registry = buildRegistry();
  console.log(`registry built in ${registry.seconds.toFixed(1)} s\n`);

  const dedup = benchDedup(registry.people, registry.programme.id);
  console.log("Duplicate check per applicant (definite + possible, Latin spelling, swapped day/month), 500 applicants:");
  console.log(`  median ${ms(dedup.median)}, p95 ${ms(dedup.p95)}, max ${ms(dedup.max)}; target < 50 ms → p95 is ${(dedup.p95 / 50).toFixed(3)}× the target`);
  console.log(`  found the original person for ${(dedup.recall * 100).toFixed(1)}% of the variants\n`);

  console.log("Case list, server time for one page (count + 50 rows), 15 runs each:");
  for (const scenario of benchCaseList(registry.officer)) {
    console.log(`  ${scenario.name.padEnd(32)} median ${ms(scenario.median).padStart(10)}  p95 ${ms(scenario.p95).padStart(10)}  (${scenario.total.toLocaleString("en")} matching)`);
  }

  rmSync(folder, { recursive: true, force: true });
  // The import benchmark runs in its own process, on its own fresh database.
  console.log("");
  execFileSync(process.execPath, ["--import", "tsx", "tests/bench/kobo-import.bench.ts"], { stdio: "inherit" });
}

await main();

// The HTTP figures come last: they need a build and a large database of their own.
console.log("");
execFileSync(process.execPath, ["--import", "tsx", "tests/bench/http.bench.ts"], { stdio: "inherit" });
// Exports of 100,000 rows (memory, time) and durability (crash test, synchronous FULL vs NORMAL):
// also runnable alone, as `npm run bench:export` and `npm run bench:crash`.
execFileSync(process.execPath, ["--import", "tsx", "tests/bench/export.bench.ts"], { stdio: "inherit" });
execFileSync(process.execPath, ["--import", "tsx", "tests/bench/crash.bench.ts"], { stdio: "inherit" });
// The outcomes page at 100,000 grants and 300,000 visits beside the SQL that fetches its inputs.
console.log("");
execFileSync(process.execPath, ["--import", "tsx", "tests/bench/outcomes.bench.ts"], { stdio: "inherit" });
