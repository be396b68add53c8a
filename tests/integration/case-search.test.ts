// The case list's name search (issue 13): any part of the name — a first name alone, a surname
// alone, both in any order — in either script, answered from the name indexes.
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, sqlite } from "~/lib/db.server";
import { caseListConditions } from "~/modules/cases/case-list.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import * as caseList from "~/routes/cases._index";
import { applicantInput } from "../helpers/applicants";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";

type ListData = { list: { total: number; rows: Array<{ id: number; identifiers: { surname: string; firstName: string } | null }> } };

const people = [
  ["Бондар", "Оксана"],
  ["Мельник", "Оксана"],
  ["Оксаненко", "Петро"],
  ["Коваль", "Мар'яна"],
  ["Дорошенко", "Вікторія"],
  ["Дорошенко", "Артем"],
  ["Шевченко", "Олена"],
] as const;

let officer: TestUser;
let evaluator: TestUser;
const cookie: Record<"officer" | "evaluator", string> = { officer: "", evaluator: "" };
const caseOf = new Map<string, number>();

beforeAll(async () => {
  const { agency } = createTestOrganisations("search");
  officer = await createTestUser("officer", { organisationId: agency.id });
  evaluator = await createTestUser("evaluator", { organisationId: agency.id });
  const programme = createTestProgramme({ code: "SEARCH-1" });
  people.forEach(([surname, firstName], index) => {
    const result = registerApplicant(
      officer,
      applicantInput(programme.id, { surname, firstName, sex: firstName === "Петро" || firstName === "Артем" ? "male" : "female", birthDate: `1980-01-${String(10 + index)}` }),
    );
    if (result.kind !== "created") throw new Error(`${surname} ${firstName} not created: ${result.kind}`);
    caseOf.set(`${surname} ${firstName}`, result.caseId);
  });
  cookie.officer = await sessionCookieFor(officer.id);
  cookie.evaluator = await sessionCookieFor(evaluator.id);
});

async function search(query: string, as: "officer" | "evaluator" = "officer") {
  const response = await callRoute(caseList.loader, request(`/cases?q=${encodeURIComponent(query)}`, { cookie: cookie[as] }));
  expect(response.status).toBe(200);
  return (await readJson<ListData>(response)).list;
}

const names = (list: ListData["list"]) => list.rows.map((row) => `${row.identifiers?.surname} ${row.identifiers?.firstName}`).sort();

describe("search by any part of the name", () => {
  it.each(["Оксана", "оксана", "Oksana", "OKSANA"])("finds both Oksanas by the first name alone: %s", async (query) => {
    const list = await search(query);
    expect(names(list)).toEqual(["Бондар Оксана", "Мельник Оксана"]);
    expect(list.total).toBe(2);
  });

  it("a whole first name is not a prefix of a longer surname (Оксана does not find Оксаненко), a shorter start finds both", async () => {
    expect(names(await search("Оксана"))).not.toContain("Оксаненко Петро");
    expect(names(await search("Оксан"))).toEqual(["Бондар Оксана", "Мельник Оксана", "Оксаненко Петро"]);
  });

  it.each(["Mariana", "Мар'яна", "Марʼяна", "Марьяна"])("finds Мар'яна by the first name alone, in either script and apostrophe: %s", async (query) => {
    expect(names(await search(query))).toEqual(["Коваль Мар'яна"]);
  });

  it.each(["Вікторія", "Viktoriia", "Victoria", "Viktoriya"])("finds Вікторія by the first name alone: %s", async (query) => {
    expect(names(await search(query))).toEqual(["Дорошенко Вікторія"]);
  });

  it.each(["Viktoriia Doroshenko", "Doroshenko Viktoriia", "Дорошенко Вікторія", "Вікторія Дорошенко", "Дорошенко Вікторія Іванівна", "Doroshenko, Vikt"])(
    "finds one person by both names in any order: %s",
    async (query) => {
      const list = await search(query);
      expect(names(list)).toEqual(["Дорошенко Вікторія"]);
      expect(list.rows.map((row) => row.id)).toEqual([caseOf.get("Дорошенко Вікторія")]);
    },
  );

  it("finds a surname alone, in either script", async () => {
    expect(names(await search("Дорошенко"))).toEqual(["Дорошенко Артем", "Дорошенко Вікторія"]);
    expect(names(await search("Doroshenko"))).toEqual(["Дорошенко Артем", "Дорошенко Вікторія"]);
  });

  it("finds nobody for a name pair that no one has", async () => {
    const list = await search("Оксана Шевченко");
    expect(list.total).toBe(0);
    expect(list.rows).toEqual([]);
  });

  it("gives an evaluator nothing for a first name (names are not theirs to search)", async () => {
    expect((await search("Оксана", "evaluator")).total).toBe(0);
  });
});

describe("the search is answered from the name indexes", () => {
  // A registry large and varied enough (distinct surnames, recurring first names) that SQLite's
  // statistics look like a real one; on a handful of rows any plan is as good as another.
  beforeAll(() => {
    const programmeId = db.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.code, "SEARCH-1")).get()!.id;
    const insertPerson = sqlite.prepare("insert into persons (surname, first_name, sex, birth_date, surname_skeleton, first_name_skeleton) values (?, ?, 'female', '1985-04-12', ?, ?)");
    const insertCase = sqlite.prepare("insert into cases (case_code, person_id, programme_id, application_date) values (?, ?, ?, '2026-03-01')");
    const firstNames = ["olena", "iryna", "natalia", "tetiana", "halyna", "liudmyla", "larysa", "nina"];
    sqlite.transaction(() => {
      for (let i = 0; i < 4000; i += 1) {
        const surname = `filler${i.toString(36)}`;
        const personId = Number(insertPerson.run(surname, firstNames[i % 8], surname, firstNames[i % 8]).lastInsertRowid);
        insertCase.run(`F-${i}`, personId, programmeId);
      }
    })();
    sqlite.exec("analyze");
  });

  function planFor(query: string) {
    const page = db
      .select({ id: schema.cases.id })
      .from(schema.cases)
      .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
      .where(and(caseListConditions(officer, { q: query })))
      .orderBy(desc(schema.cases.applicationDate), desc(schema.cases.id))
      .limit(50)
      .toSQL();
    return (sqlite.prepare(`explain query plan ${page.sql}`).all(...page.params) as Array<{ detail: string }>).map((step) => step.detail).join("\n");
  }

  it.each(["Оксана", "Doroshenko Viktoriia"])("reads persons through a skeleton index, never by scanning them: %s", (query) => {
    const plan = planFor(query);
    expect(plan).toMatch(/MULTI-INDEX OR/);
    expect(plan).toMatch(/SEARCH persons USING (COVERING )?INDEX persons_(first_)?name_skeleton_idx/);
    expect(plan).not.toMatch(/SCAN persons/);
  });

  it("a first name alone is a range on the first-name index", () => {
    expect(planFor("Оксана")).toMatch(/SEARCH persons USING (COVERING )?INDEX persons_first_name_skeleton_idx \(first_name_skeleton>\? AND first_name_skeleton<\?\)/);
  });
});
