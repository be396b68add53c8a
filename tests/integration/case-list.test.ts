// The case list (cases._index) and its export (cases.export): filters, search in both scripts
// and by identifiers, sorting, pages, what each role sees (domain.md §1, §8).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { readSpreadsheet } from "~/lib/spreadsheet.server";
import { casePageSize } from "~/modules/cases/case-list";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import * as caseList from "~/routes/cases._index";
import * as caseExport from "~/routes/cases.export";
import { applicantInput, type ApplicantOverrides } from "../helpers/applicants";
import {
  auditCount,
  callRoute,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  insertTestCase,
  readJson,
  request,
  sessionCookieFor,
  type TestUser,
} from "../helpers/foundation";

type Role = "officer" | "officerEn" | "mentorA1" | "mentorA2" | "mentorB" | "evaluator";
type ListRow = {
  id: number;
  caseCode: string;
  stage: string;
  status: string;
  sex: string;
  oblastPcode: string | null;
  displacementStatus: string | null;
  vulnerabilityScore: number | null;
  applicationDate: string;
  identifiers: { surname: string; firstName: string; phone: string | null; birthDate: string } | null;
};
type ListData = { list: { total: number; page: number; pageCount: number; rows: ListRow[] } };

// One applicant as created, with what the list should say about them.
type Applicant = {
  caseId: number;
  caseCode: string;
  surname: string;
  firstName: string;
  phone: string;
  sex: "female" | "male";
  oblast: string;
  displacement: "idp" | "host";
  programmeId: number;
  partnerId: number | null;
  mentorId: number | null;
  stage: string;
  status: string;
  applicationDate: string;
  protectedCategory: string | null;
  vulnerabilityScore: number | null;
};

const people: Array<[string, string, "female" | "male"]> = [
  ["Бондар", "Оксана", "female"],
  ["Шевченко", "Олена", "female"],
  ["Шевченко", "Тарас", "male"],
  ["Мороз", "Андрій", "male"],
  ["Ткаченко", "Наталія", "female"],
  ["Шевчук", "Ірина", "female"],
  ["Кравченко", "Олег", "male"],
  ["Коваль", "Світлана", "female"],
  ["Олійник", "Василь", "male"],
  ["Лисенко", "Галина", "female"],
  ["Руденко", "Богдан", "male"],
  ["Марченко", "Людмила", "female"],
  ["Савчук", "Юрій", "male"],
  ["Поліщук", "Тетяна", "female"],
  ["Кузьменко", "Ігор", "male"],
  ["Павленко", "Вікторія", "female"],
  ["Романенко", "Дмитро", "male"],
  ["Гончар", "Валентина", "female"],
  ["Левченко", "Остап", "male"],
  ["Карпенко", "Лариса", "female"],
  ["Ковальчук", "Сергій", "male"],
  ["Ярмоленко", "Анна", "female"],
  ["Тимошенко", "Петро", "male"],
  ["Мельничук", "Марія", "female"],
  ["Собко", "Віталій", "male"],
  ["Остапенко", "Юлія", "female"],
  ["Зінченко", "Павло", "male"],
  ["Гаврилюк", "Софія", "female"],
  ["Дорошенко", "Артем", "male"],
  ["Федоренко", "Ніна", "female"],
];
const oblasts = ["UA12", "UA46", "UA63", "UA80"];
const olenaPhone = "+380671112233";

let trainingProgramme: ReturnType<typeof createTestProgramme>;
let planProgramme: ReturnType<typeof createTestProgramme>;
let organisations: ReturnType<typeof createTestOrganisations>;
const users = {} as Record<Role, TestUser>;
const cookieOf = {} as Record<Role, string>;
const applicants: Applicant[] = [];

function addDays(isoDate: string, days: number) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

beforeAll(async () => {
  organisations = createTestOrganisations();
  const { agency, partnerA, partnerB } = organisations;
  trainingProgramme = createTestProgramme({ code: "LIST-T", trainingRequired: true });
  planProgramme = createTestProgramme({ code: "LIST-P", trainingRequired: false });
  const roleOrganisation: Record<Role, number> = {
    officer: agency.id,
    officerEn: agency.id,
    mentorA1: partnerA.id,
    mentorA2: partnerA.id,
    mentorB: partnerB.id,
    evaluator: agency.id,
  };
  const roles = Object.keys(roleOrganisation) as Role[];
  const created = await Promise.all(
    roles.map((name) => createTestUser(name.startsWith("mentor") ? "mentor" : name === "evaluator" ? "evaluator" : "officer", { organisationId: roleOrganisation[name] })),
  );
  roles.forEach((name, index) => (users[name] = created[index]));
  db.update(schema.users).set({ locale: "en" }).where(eq(schema.users.id, users.officerEn.id)).run();
  for (const name of roles) cookieOf[name] = await sessionCookieFor(users[name].id);

  people.forEach(([surname, firstName, sex], i) => {
    const oblast = oblasts[i % 4];
    // Partner NGO A works in UA46 and NGO B in UA63 (assigned by oblast); some cases elsewhere
    // are given a partner by hand.
    let partnerId: number | null = oblast === "UA46" ? partnerA.id : oblast === "UA63" ? partnerB.id : null;
    let mentorId: number | null = null;
    if (oblast === "UA46" && i % 8 === 1) mentorId = users.mentorA1.id;
    if (oblast === "UA46" && i % 8 === 5) mentorId = users.mentorA2.id;
    if (oblast === "UA63" && i % 8 === 2) mentorId = users.mentorB.id;
    if (oblast === "UA12" && i % 8 === 0) [partnerId, mentorId] = [partnerA.id, users.mentorA1.id];
    if (oblast === "UA80" && i % 8 === 3) partnerId = partnerB.id;
    const programme = i % 5 === 4 ? planProgramme : trainingProgramme;
    const displacement = i % 3 === 2 ? "host" : "idp";
    const protectedCategory = i % 7 === 3 ? "trafficking_survivor" : i % 7 === 5 ? "gbv_survivor" : null;
    const householdSize = 1 + (i % 6);
    const applicationDate = addDays("2025-01-01", i * 3);
    const excludedSector = i === 7 || i === 22;
    const overrides: ApplicantOverrides = {
      surname,
      firstName,
      sex,
      birthDate: addDays("1970-01-15", i * 400),
      applicationDate,
      consentGivenOn: applicationDate,
      currentOblastPcode: oblast,
      displacementStatus: displacement,
      householdSize: String(householdSize),
      children: String(Math.min(i % 3, householdSize - 1)),
      femaleHeaded: i % 4 === 1 ? "on" : undefined,
      singleParent: i % 5 === 1 ? "on" : undefined,
      veteranOrFamily: i % 7 === 0 ? "on" : undefined,
      protectionFlag: protectedCategory ? "on" : undefined,
      protectedCategory: protectedCategory ?? undefined,
      kvedCode: excludedSector ? "11.05" : "14.13",
      partnerOrganisationId: mentorId || (oblast === "UA80" && partnerId) ? String(partnerId) : undefined,
      mentorId: mentorId ? String(mentorId) : undefined,
    };
    if (i === 1) overrides.phone = olenaPhone;
    const input = applicantInput(programme.id, overrides);
    const result = registerApplicant(users.officer, input);
    if (result.kind !== "created") throw new Error(`applicant ${i} not created: ${result.kind}`);
    let stage = "application";
    let status = "open";
    // A case just registered is at its first version.
    if (excludedSector) {
      screenCase(users.officer, result.caseId, 1);
      [stage, status] = ["screening", "ineligible"];
    } else if (i % 3 === 0) {
      screenCase(users.officer, result.caseId, 1);
      stage = programme.trainingRequired ? "training" : "business_plan";
    }
    const row = db.select().from(schema.cases).where(eq(schema.cases.id, result.caseId)).get()!;
    applicants.push({
      caseId: result.caseId,
      caseCode: row.caseCode,
      surname,
      firstName,
      phone: input.phone!,
      sex,
      oblast,
      displacement,
      programmeId: programme.id,
      partnerId,
      mentorId,
      stage,
      status,
      applicationDate,
      protectedCategory,
      vulnerabilityScore: row.vulnerabilityScore,
    });
  });
});

async function listFor(role: Role, query = "") {
  const response = await callRoute(caseList.loader, request(`/cases${query ? `?${query}` : ""}`, { cookie: cookieOf[role] }));
  expect(response.status).toBe(200);
  return (await readJson<ListData>(response)).list;
}

const ids = (rows: Array<{ id: number }>) => rows.map((row) => row.id).sort((a, b) => a - b);
const expectedIds = (keep: (applicant: Applicant) => boolean) => applicants.filter(keep).map((applicant) => applicant.caseId).sort((a, b) => a - b);
const applicant = (surname: string, firstName: string) => applicants.find((one) => one.surname === surname && one.firstName === firstName)!;

describe("the data set", () => {
  it("has the mix the filters need", () => {
    expect(applicants).toHaveLength(30);
    for (const stage of ["application", "training", "business_plan", "screening"]) expect(applicants.some((one) => one.stage === stage)).toBe(true);
    expect(new Set(applicants.map((one) => one.status))).toEqual(new Set(["open", "ineligible"]));
    // The stored stages agree with what the test expects.
    for (const one of applicants) {
      const row = db.select().from(schema.cases).where(eq(schema.cases.id, one.caseId)).get()!;
      expect([row.stage, row.status, row.partnerOrganisationId, row.mentorId]).toEqual([one.stage, one.status, one.partnerId, one.mentorId]);
    }
  });
});

describe("filters", () => {
  it("an officer sees every case without filters", async () => {
    const list = await listFor("officer");
    expect(list.total).toBe(30);
    expect(ids(list.rows)).toEqual(expectedIds(() => true));
  });

  const filters: Array<[string, () => string, (one: Applicant) => boolean]> = [
    ["stage=training", () => "stage=training", (one) => one.stage === "training"],
    ["stage=business_plan", () => "stage=business_plan", (one) => one.stage === "business_plan"],
    ["stage=application", () => "stage=application", (one) => one.stage === "application"],
    ["status=ineligible", () => "status=ineligible", (one) => one.status === "ineligible"],
    ["status=open", () => "status=open", (one) => one.status === "open"],
    ["oblast=UA46", () => "oblast=UA46", (one) => one.oblast === "UA46"],
    ["displacement=host", () => "displacement=host", (one) => one.displacement === "host"],
    ["sex=male", () => "sex=male", (one) => one.sex === "male"],
    ["partner=A", () => `partner=${organisations.partnerA.id}`, (one) => one.partnerId === organisations.partnerA.id],
    ["partner=B", () => `partner=${organisations.partnerB.id}`, (one) => one.partnerId === organisations.partnerB.id],
    ["mentor=A1", () => `mentor=${users.mentorA1.id}`, (one) => one.mentorId === users.mentorA1.id],
    ["programme=plan", () => `programme=${planProgramme.id}`, (one) => one.programmeId === planProgramme.id],
    ["oblast=UA46&sex=female", () => "oblast=UA46&sex=female", (one) => one.oblast === "UA46" && one.sex === "female"],
    ["stage=training&displacement=idp", () => "stage=training&displacement=idp", (one) => one.stage === "training" && one.displacement === "idp"],
  ];

  it.each(filters)("%s narrows the list to exactly the matching cases", async (_label, query, keep) => {
    const expected = expectedIds(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(30);
    const list = await listFor("officer", query());
    expect(list.total).toBe(expected.length);
    expect(ids(list.rows)).toEqual(expected);
  });

  it("ignores a malformed filter instead of failing", async () => {
    const list = await listFor("officer", "stage=bogus&oblast=Kyiv&page=abc");
    expect(list.total).toBe(30);
  });
});

describe("search", () => {
  const shevchenkos = () => expectedIds((one) => one.surname === "Шевченко");

  it("finds a Cyrillic surname (and not the similar Шевчук)", async () => {
    const list = await listFor("officer", `q=${encodeURIComponent("Шевченко")}`);
    expect(shevchenkos()).toHaveLength(2);
    expect(ids(list.rows)).toEqual(shevchenkos());
    expect(list.total).toBe(2);
  });

  it("finds the same surname typed in Latin", async () => {
    expect(ids((await listFor("officer", "q=Shevchenko")).rows)).toEqual(shevchenkos());
    expect(ids((await listFor("officer", "q=shevchenko")).rows)).toEqual(shevchenkos());
  });

  it("finds “Name Surname” and “Surname Name”, in either script", async () => {
    const olena = [applicant("Шевченко", "Олена").caseId];
    for (const query of ["Олена Шевченко", "Шевченко Олена", "Olena Shevchenko", "Shevchenko Olena"]) {
      expect(ids((await listFor("officer", `q=${encodeURIComponent(query)}`)).rows), query).toEqual(olena);
    }
  });

  it("finds an RNOKPP for an officer, but gives a mentor nothing even for a case they may see", async () => {
    const olena = applicant("Шевченко", "Олена");
    const { applicantFormValues } = await import("~/modules/intake/form-values.server");
    const rnokpp = applicantFormValues(olena.caseId).values.rnokpp as string;
    expect(rnokpp).toMatch(/^\d{10}$/);
    expect(ids((await listFor("officer", `q=${rnokpp}`)).rows)).toEqual([olena.caseId]);
    // The mentor can see the case (by name) but cannot search by the identity number.
    expect(ids((await listFor("mentorA1", `q=${encodeURIComponent("Шевченко Олена")}`)).rows)).toEqual([olena.caseId]);
    const mentorList = await listFor("mentorA1", `q=${rnokpp}`);
    expect(mentorList.total).toBe(0);
    expect(mentorList.rows).toEqual([]);
  });

  it.each(["+380 67 111 22 33", "+380671112233", "067 111 22 33", "(067) 111-22-33", "0671112233", "380671112233"])("finds a phone typed as %s", async (phone) => {
    const list = await listFor("officer", `q=${encodeURIComponent(phone)}`);
    expect(ids(list.rows)).toEqual([applicant("Шевченко", "Олена").caseId]);
  });

  it("finds a case-code prefix, in any case", async () => {
    const target = applicants[9];
    const prefix = target.caseCode.slice(0, 6);
    const expected = expectedIds((one) => one.caseCode.startsWith(prefix));
    expect(expected).toContain(target.caseId);
    expect(ids((await listFor("officer", `q=${prefix}`)).rows)).toEqual(expected);
    expect(ids((await listFor("officer", `q=${prefix.toLowerCase()}`)).rows)).toEqual(expected);
    expect(ids((await listFor("officer", `q=${target.caseCode}`)).rows)).toEqual([target.caseId]);
  });

  it("gives an evaluator nothing for a name or phone search", async () => {
    expect((await listFor("evaluator", `q=${encodeURIComponent("Шевченко")}`)).total).toBe(0);
    expect((await listFor("evaluator", `q=${encodeURIComponent(olenaPhone)}`)).total).toBe(0);
  });
});

describe("sorting", () => {
  it("by vulnerability score, highest first; unscored cases last", async () => {
    const list = await listFor("officer", "sort=vulnerability&dir=desc");
    const expected = [...applicants]
      .sort((a, b) => (b.vulnerabilityScore ?? -1) - (a.vulnerabilityScore ?? -1) || b.caseId - a.caseId)
      .map((one) => one.caseId);
    expect(new Set(applicants.map((one) => one.vulnerabilityScore)).size).toBeGreaterThan(3);
    expect(list.rows.map((row) => row.id)).toEqual(expected);
  });

  it("by application date, oldest first and (by default) newest first", async () => {
    const byDate = [...applicants].sort((a, b) => a.applicationDate.localeCompare(b.applicationDate)).map((one) => one.caseId);
    expect((await listFor("officer", "sort=applicationDate&dir=asc")).rows.map((row) => row.id)).toEqual(byDate);
    expect((await listFor("officer")).rows.map((row) => row.id)).toEqual([...byDate].reverse());
  });
});

describe("what each role sees", () => {
  it.each([
    ["mentorA1", () => users.mentorA1.id, () => organisations.partnerA.id],
    ["mentorA2", () => users.mentorA2.id, () => organisations.partnerA.id],
    ["mentorB", () => users.mentorB.id, () => organisations.partnerB.id],
  ] as const)("%s sees only cases assigned to them or their organisation", async (role, mentorId, partnerId) => {
    const expected = expectedIds((one) => one.mentorId === mentorId() || one.partnerId === partnerId());
    expect(expected.length).toBeGreaterThan(0);
    const list = await listFor(role);
    expect(list.total).toBe(expected.length);
    expect(ids(list.rows)).toEqual(expected);
  });

  it("a mentor's filter cannot reach outside their scope", async () => {
    const list = await listFor("mentorA1", `partner=${organisations.partnerB.id}`);
    expect(list.total).toBe(0);
  });

  it("an evaluator sees every case, with no identifiers and no names anywhere", async () => {
    const response = await callRoute(caseList.loader, request("/cases", { cookie: cookieOf.evaluator }));
    const json = await response.text();
    const { list } = JSON.parse(json) as ListData;
    expect(list.total).toBe(30);
    // Not even an empty identifiers key: evaluators' rows are built from their own allowlist.
    expect(list.rows.every((row) => !("identifiers" in row) && !("sex" in row) && !("oblastPcode" in row))).toBe(true);
    expect(json).toContain(applicants[0].caseCode);
    for (const one of applicants) {
      expect(json).not.toContain(one.surname);
      expect(json).not.toContain(one.firstName);
      expect(json).not.toContain(one.phone);
    }
  });

  it("an officer's rows carry the identifiers (so the check above can fail)", async () => {
    const list = await listFor("officer", `q=${encodeURIComponent("Шевченко Олена")}`);
    expect(list.rows[0].identifiers).toMatchObject({ surname: "Шевченко", firstName: "Олена", phone: olenaPhone });
  });
});

describe("export", () => {
  // The list's export buttons post the current filters (an export is audited: never a GET).
  async function exportFor(role: Role, query: string) {
    const form = Object.fromEntries(new URLSearchParams(query));
    const response = await callRoute(caseExport.action, request("/cases/export", { form, cookie: cookieOf[role] }));
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { response, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
  }

  async function csvSheet(bytes: Uint8Array) {
    return (await readSpreadsheet({ name: "cases.csv", bytes })).sheets[0];
  }

  const protectedLabels = ["trafficking_survivor", "gbv_survivor", "Постраждала особа від торгівлі людьми", "Постраждала особа від ГЗН", "Survivor of trafficking", "GBV survivor"];

  it("gives an officer the filtered rows as CSV, with a BOM and Ukrainian headers", async () => {
    const { response, bytes, text } = await exportFor("officer", "format=csv&oblast=UA46");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith("\uFEFFКод справи,")).toBe(true);
    const sheet = await csvSheet(bytes);
    expect(sheet.headers).toEqual(expect.arrayContaining(["Код справи", "Прізвище", "Ім'я", "Телефон", "Вікова група"]));
    const expected = applicants.filter((one) => one.oblast === "UA46");
    expect(sheet.rows).toHaveLength(expected.length);
    expect(sheet.rows.map((row) => row["Код справи"]).sort()).toEqual(expected.map((one) => one.caseCode).sort());
    expect(sheet.rows.map((row) => row["Прізвище"]).sort()).toEqual(expected.map((one) => one.surname).sort());
  });

  it("uses the user's language for the headers", async () => {
    const { bytes } = await exportFor("officerEn", "format=csv&sex=male");
    const sheet = await csvSheet(bytes);
    expect(sheet.headers.slice(0, 2)).toEqual(["Case code", "Programme"]);
    expect(sheet.headers).toEqual(expect.arrayContaining(["Surname", "First name", "Phone"]));
    expect(sheet.headers).not.toContain("Код справи");
    expect(sheet.rows).toHaveLength(applicants.filter((one) => one.sex === "male").length);
  });

  it("gives an evaluator no name or phone columns, no names in the body, but age bands", async () => {
    const { bytes, text } = await exportFor("evaluator", "format=csv");
    const sheet = await csvSheet(bytes);
    // The rows of the release, then its notes (rows whose first cell starts with "#").
    const notes = sheet.rows.filter((row) => row["Код справи"].startsWith("#"));
    const released = sheet.rows.filter((row) => /^LT-/.test(row["Код справи"]));
    const withheld = Number(/Рядків не включено: (\d+)/.exec(notes.map((row) => row["Код справи"]).join("\n"))?.[1]);
    expect(released.length + withheld).toBe(30);
    for (const header of ["Прізвище", "Ім'я", "По батькові", "Телефон"]) expect(sheet.headers).not.toContain(header);
    for (const one of applicants) {
      expect(text).not.toContain(one.surname);
      expect(text).not.toContain(one.firstName);
      expect(text).not.toContain(one.phone);
    }
    for (const row of released) expect(applicants.map((one) => one.caseCode)).toContain(row["Код справи"]);
    // Evaluators work with age bands instead of birth dates (§8).
    for (const row of released) expect(row["Вікова група"]).toMatch(/^(18-24|25-34|35-49|50-59|60\+)$/);
  });

  it.each(["officer", "officerEn", "mentorA1", "evaluator"] as const)("never contains the protected category (%s)", async (role) => {
    const { text } = await exportFor(role, "format=csv");
    const protectedCases = applicants.filter((one) => one.protectedCategory !== null);
    expect(protectedCases.length).toBeGreaterThan(0);
    // At least one protected case is in this export, so the category had a chance to leak.
    expect(protectedCases.some((one) => text.includes(one.caseCode))).toBe(true);
    for (const label of protectedLabels) expect(text, label).not.toContain(label);
  });

  it("gives XLSX with the right content type and the same rows", async () => {
    const { response, bytes } = await exportFor("officer", "format=xlsx&oblast=UA63");
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(bytes.length).toBeGreaterThan(1000);
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe("PK");
    const sheet = (await readSpreadsheet({ name: "cases.xlsx", bytes })).sheets[0];
    expect(sheet.rows.map((row) => row["Код справи"]).sort()).toEqual(
      applicants
        .filter((one) => one.oblast === "UA63")
        .map((one) => one.caseCode)
        .sort(),
    );
  });

  it("writes an audit row with action export", async () => {
    const exportsOf = () => auditCount(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.userId, users.officer.id)));
    const before = exportsOf();
    await exportFor("officer", "format=csv&stage=training");
    expect(exportsOf()).toBe(before + 1);
    const entry = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.userId, users.officer.id)))
      .all()
      .at(-1)!;
    expect(entry.after).toMatchObject({ format: "csv", filter: { stage: "training" }, rows: applicants.filter((one) => one.stage === "training").length });
  });
});

// Runs last: it adds a third programme with more than one page of cases.
describe("pagination", () => {
  let pagedProgramme: ReturnType<typeof createTestProgramme>;
  const pagedCaseIds: number[] = [];

  beforeAll(() => {
    pagedProgramme = createTestProgramme({ code: "LIST-PAGES" });
    for (let i = 0; i < casePageSize + 5; i += 1) pagedCaseIds.push(insertTestCase({ programmeId: pagedProgramme.id }).case.id);
  });

  it("page 2 has the rows after page 1, in the same order", async () => {
    // Same application date everywhere: newest id first.
    const order = [...pagedCaseIds].sort((a, b) => b - a);
    const first = await listFor("officer", `programme=${pagedProgramme.id}`);
    const second = await listFor("officer", `programme=${pagedProgramme.id}&page=2`);
    expect(first).toMatchObject({ total: casePageSize + 5, page: 1, pageCount: 2 });
    expect(first.rows.map((row) => row.id)).toEqual(order.slice(0, casePageSize));
    expect(second.page).toBe(2);
    expect(second.rows.map((row) => row.id)).toEqual(order.slice(casePageSize));
  });

  it("a page past the end shows the last page", async () => {
    const beyond = await listFor("officer", `programme=${pagedProgramme.id}&page=99`);
    const last = await listFor("officer", `programme=${pagedProgramme.id}&page=2`);
    expect(beyond.page).toBe(2);
    expect(beyond.rows.map((row) => row.id)).toEqual(last.rows.map((row) => row.id));
    expect(beyond.rows).toHaveLength(5);
  });
});
