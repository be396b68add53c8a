// `node --import tsx tests/bench/name-search.bench.ts`: the case list's name search at scale —
// a first name alone, a surname alone, both in either order and script — on a throwaway
// database of BENCH_PERSONS (default 100,000) persons and cases. Prints the server time of one
// page (count + 50 rows) and SQLite's plan, which must use the name indexes, not scan persons.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { and, desc, eq } from "drizzle-orm";
import { migrateDatabase } from "../../db/migrate";

const registrySize = Number(process.env.BENCH_PERSONS ?? 100_000);
const folder = mkdtempSync(join(tmpdir(), "livelihoods-name-bench-"));
process.env.DATABASE_PATH = join(folder, "bench.db");
process.env.SESSION_SECRET ??= "bench-session-secret-0123456789";
process.env.IDENTITY_KEY ??= "bench-identity-key-0123456789";
migrateDatabase(process.env.DATABASE_PATH);

// App modules open the database on import, so they load after DATABASE_PATH is set.
const { db, sqlite, schema } = await import("~/lib/db.server");
const { nameSkeleton } = await import("~/modules/intake/name-matching");
const { caseListConditions, listCases } = await import("~/modules/cases/case-list.server");
const { femaleFirstNames, maleFirstNames, surnames, seededRandom } = await import("../../db/demo-people");

function buildRegistry() {
  const agency = db.insert(schema.organisations).values({ name: "Bench agency", nameUk: "Агенція", kind: "agency" }).returning().get();
  const programme = db
    .insert(schema.programmes)
    .values({ code: "BENCH", name: "Bench", nameUk: "Бенч", donor: "Bench", currency: "UAH", grantCeilingMinor: 20_000_000, budgetEnvelopeMinor: 2_000_000_000, followUpOffsetsMonths: [3, 6, 12], startDate: "2026-01-01" })
    .returning()
    .get();
  const officer = db
    .insert(schema.users)
    .values({ email: "bench@example.org", name: "Bench Officer", passwordHash: "x", role: "officer", organisationId: agency.id })
    .returning()
    .get();
  // Officers see the cases of the programmes they work on.
  db.insert(schema.programmeMembers).values({ programmeId: programme.id, userId: officer.id }).run();
  const random = seededRandom(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const insertPerson = sqlite.prepare(
    "insert into persons (surname, first_name, sex, birth_date, surname_skeleton, first_name_skeleton) values (?, ?, ?, '1985-04-12', ?, ?)",
  );
  const insertCase = sqlite.prepare(
    "insert into cases (case_code, person_id, programme_id, stage, status, oblast_pcode, application_date, eligibility) values (?, ?, ?, 'screening', 'open', 'UA12', ?, 'pending')",
  );
  sqlite.transaction(() => {
    for (let i = 0; i < registrySize; i += 1) {
      const female = random() < 0.6;
      const [maleSurname, femaleSurname] = pick(surnames);
      // Real registries have thousands of surnames; the demo list has a few dozen. Nine in ten
      // get a varied ending so the statistics SQLite plans with look like a real registry's.
      const ending = i % 10 === 0 ? "" : ["ук", "енко", "ович", "ський", "ак", "ин", "ець"][i % 7] + "абвгдежзиклмнопрстуфхцчш"[Math.floor(i / 10) % 24] + String(Math.floor(i / 240) % 25);
      const surname = (female ? femaleSurname : maleSurname) + ending;
      const firstName = female ? pick(femaleFirstNames) : pick(maleFirstNames);
      const personId = Number(insertPerson.run(surname, firstName, female ? "female" : "male", nameSkeleton(surname), nameSkeleton(firstName)).lastInsertRowid);
      const day = `2026-${String(1 + Math.floor(random() * 10)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
      insertCase.run(`LT-N${String(i).padStart(7, "0")}`, personId, programme.id, day);
    }
  })();
  sqlite.exec("analyze");
  return officer;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

const officer = buildRegistry();
console.log(`Name search on the case list (${registrySize.toLocaleString("en")} persons and cases; Node ${process.version})`);
const queries = ["Оксана", "Oksana", "Шевченко", "Shevchenko", "Олена Шевченко", "Shevchenko Olena", "Шевч Ол", "Viktoriia"];
for (const q of queries) {
  const samples: number[] = [];
  let total = 0;
  for (let run = 0; run < 15; run += 1) {
    const started = performance.now();
    total = listCases(officer, { q }).total;
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  console.log(`  ${q.padEnd(18)} median ${ms(samples[7]).padStart(10)}  max ${ms(samples[14]).padStart(10)}  (${total.toLocaleString("en")} matching)`);
}

// The plan of the page query for a first name alone: both OR branches must be index ranges.
const page = db
  .select({ id: schema.cases.id })
  .from(schema.cases)
  .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
  .where(and(caseListConditions(officer, { q: "Оксана" })))
  .orderBy(desc(schema.cases.applicationDate), desc(schema.cases.id))
  .limit(50)
  .toSQL();
console.log("\nEXPLAIN QUERY PLAN, first name alone (page of ids):");
for (const step of sqlite.prepare(`explain query plan ${page.sql}`).all(...page.params) as Array<{ detail: string }>) console.log(`  ${step.detail}`);
rmSync(folder, { recursive: true, force: true });
