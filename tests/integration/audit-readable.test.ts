// The audit log answers "who changed this case?" (issue 13): the case code finds every entry of
// the case, entries name the case by its code with a link, changes read as labelled before/after
// values with money and dates formatted, and the filtered log exports to CSV and XLSX.
import { parse as parseCsv } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditChange, AuditRecord } from "~/components/audit-change";
import { recordAudit } from "~/lib/audit.server";
import { db, schema, sqlite } from "~/lib/db.server";
import { i18nFor, translator, type Locale } from "~/lib/i18n";
import { auditChangeRows } from "~/modules/admin/audit-changes";
import { registerApplicant } from "~/modules/intake/intake.server";
import { screenCase } from "~/modules/intake/screening.server";
import * as audit from "~/routes/admin.audit";
import * as auditExport from "~/routes/admin.audit_.export";
import { applicantInput } from "../helpers/applicants";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";

type Entry = {
  id: number;
  action: string;
  entityType: string;
  entityId: string;
  caseId: number | null;
  caseCode: string | null;
  currency: string | null;
  before: unknown;
  after: unknown;
};
type Page = {
  entries: Entry[];
  references: { cases: Record<number, string>; users: Record<number, string>; programmes: Record<number, string> };
  caseNotFound: boolean;
  nextBefore: number | null;
};

let admin: TestUser;
let officer: TestUser;
let adminCookie: string;
let officerCookie: string;
let oksana: { caseId: number; caseCode: string };
let other: { caseId: number; caseCode: string };

beforeAll(async () => {
  const { agency } = createTestOrganisations("audit-readable");
  admin = await createTestUser("admin", { organisationId: agency.id, name: "Адміністраторка Журналу" });
  officer = await createTestUser("officer", { organisationId: agency.id, name: "Оксана Коваль" });
  const programme = createTestProgramme({ code: "AUDIT-R", currency: "UAH" });
  const register = (surname: string, firstName: string) => {
    const result = registerApplicant(officer, applicantInput(programme.id, { surname, firstName }));
    if (result.kind !== "created") throw new Error(result.kind);
    const kase = db.select().from(schema.cases).where(eq(schema.cases.id, result.caseId)).get()!;
    return { caseId: kase.id, caseCode: kase.caseCode };
  };
  oksana = register("Бондар", "Оксана");
  other = register("Мороз", "Андрій");
  screenCase(officer, oksana.caseId, 1, "2026-03-02");
  db.transaction((tx) => {
    recordAudit(tx, {
      userId: officer.id,
      action: "update",
      entityType: "case",
      entityId: oksana.caseId,
      caseId: oksana.caseId,
      before: { stage: "training", householdSize: 3, femaleHeaded: false, updatedAt: "2026-03-01T10:00:00Z" },
      after: { stage: "business_plan", householdSize: 4, femaleHeaded: true, updatedAt: "2026-03-02T10:00:00Z" },
    });
    recordAudit(tx, {
      userId: officer.id,
      action: "decide",
      entityType: "decision",
      entityId: 77,
      caseId: oksana.caseId,
      after: { decision: "approved", amountMinor: 12_345_650, modality: "in_kind", committeeDate: "2026-11-10", decidedByUserId: officer.id },
    });
  });
  adminCookie = await sessionCookieFor(admin.id);
  officerCookie = await sessionCookieFor(officer.id);
});

async function browse(query: string) {
  const response = await callRoute(audit.loader, request(`/admin/audit${query}`, { cookie: adminCookie }));
  expect(response.status).toBe(200);
  return readJson<Page>(response);
}

function entriesOfCase(caseId: number) {
  return db.select({ id: schema.auditLog.id }).from(schema.auditLog).where(eq(schema.auditLog.caseId, caseId)).all().map((row) => row.id).sort((a, b) => b - a);
}

describe("the case code finds the case's entries", () => {
  it("lists exactly the entries of the case, newest first, each named by its case code", async () => {
    const page = await browse(`?caseCode=${oksana.caseCode}`);
    expect(page.caseNotFound).toBe(false);
    expect(page.entries.map((entry) => entry.id)).toEqual(entriesOfCase(oksana.caseId));
    expect(page.entries.map((entry) => [entry.action, entry.entityType])).toEqual([
      ["decide", "decision"],
      ["update", "case"],
      ["screen", "case"],
      ["create", "case"],
    ]);
    for (const entry of page.entries) expect(entry).toMatchObject({ caseId: oksana.caseId, caseCode: oksana.caseCode, currency: "UAH" });
  });

  it("takes the code as people type it: lower case, without the LT- prefix", async () => {
    const bare = oksana.caseCode.replace(/^LT-/, "");
    for (const typed of [oksana.caseCode.toLowerCase(), bare, bare.toLowerCase(), ` ${oksana.caseCode} `]) {
      expect((await browse(`?caseCode=${encodeURIComponent(typed)}`)).entries.map((entry) => entry.id), typed).toEqual(entriesOfCase(oksana.caseId));
    }
  });

  it("says so when no case has the code, and lists nothing", async () => {
    const page = await browse("?caseCode=LT-NOSUCH9");
    expect(page).toMatchObject({ caseNotFound: true, entries: [], nextBefore: null });
  });

  it("names the case of every case entry in the unfiltered log too", async () => {
    const page = await browse("?entityType=case&action=create");
    const created = page.entries.filter((entry) => entry.caseId === other.caseId);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ caseCode: other.caseCode, entityId: String(other.caseId) });
  });
});

describe("changes read as labelled before and after values", () => {
  async function entryOf(action: string) {
    const page = await browse(`?caseCode=${oksana.caseCode}&action=${action}`);
    expect(page.entries).toHaveLength(1);
    return { entry: page.entries[0], references: page.references };
  }

  it("a change lists only the fields that changed, in the reader's language", async () => {
    const { entry, references } = await entryOf("update");
    expect(auditChangeRows(entry, references, translator("uk"), "uk")).toEqual([
      { field: "stage", label: "Етап", before: "Бізнес-навчання", after: "Бізнес-план" },
      { field: "householdSize", label: "Розмір домогосподарства", before: "3", after: "4" },
      { field: "femaleHeaded", label: "Домогосподарство очолює жінка", before: "ні", after: "так" },
    ]);
    expect(auditChangeRows(entry, references, translator("en"), "en")).toEqual([
      { field: "stage", label: "Stage", before: "Business training", after: "Business plan" },
      { field: "householdSize", label: "Household size", before: "3", after: "4" },
      { field: "femaleHeaded", label: "Female-headed household", before: "no", after: "yes" },
    ]);
  });

  it("money in the programme's currency (not kopiykas), dates formatted, people by name", async () => {
    const { entry, references } = await entryOf("decide");
    expect(references.users[officer.id]).toBe("Оксана Коваль");
    expect(auditChangeRows(entry, references, translator("uk"), "uk")).toEqual([
      { field: "decision", label: "Рішення", before: null, after: "Схвалено" },
      { field: "amountMinor", label: "Сума", before: null, after: "123\u00a0456,50\u00a0грн" },
      { field: "modality", label: "Форма гранту", before: null, after: "У натуральній формі (обладнання)" },
      { field: "committeeDate", label: "Дата засідання комісії", before: null, after: "10 лист. 2026" },
      { field: "decidedByUserId", label: "Ухвалив(ла)", before: null, after: "Оксана Коваль" },
    ]);
    expect(auditChangeRows(entry, references, translator("en"), "en").find((row) => row.field === "amountMinor")?.after).toBe("UAH\u00a0123,456.50");
  });

  async function render(element: ReactElement, locale: Locale) {
    const handler = createStaticHandler([{ id: "page", path: "/", element }]);
    const context = await handler.query(new Request("http://localhost/"));
    if (context instanceof Response) throw new Error("unexpected redirect");
    const router = createStaticRouter(handler.dataRoutes, context);
    const html = renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale) }, createElement(StaticRouterProvider, { router, context, hydrate: false })));
    // React's text separators and the router's link marker are not what a reader sees.
    return html.replace(/<!-- -->/g, "").replace(/ data-discover="true"/g, "");
  }

  it("renders before → after with the words for screen readers, no JSON and no English keys", async () => {
    const { entry, references } = await entryOf("update");
    const html = await render(createElement(AuditChange, { entry, references }), "uk");
    expect(html).toContain("<dt>Етап</dt>");
    expect(html).toMatch(/<del><span class="visually-hidden">Було: <\/span>Бізнес-навчання<\/del>/);
    expect(html).toMatch(/<ins><span class="visually-hidden">Стало: <\/span>Бізнес-план<\/ins>/);
    expect(html).not.toMatch(/householdSize|business_plan|updatedAt|\{"/);
  });

  it("names the record by its case code, linked to the case", async () => {
    const { entry } = await entryOf("decide");
    const html = await render(createElement(AuditRecord, { entry }), "uk");
    expect(html).toContain(`Рішення комісії #77 · Справа <a aria-label="Відкрити справу ${oksana.caseCode}" href="/cases/${oksana.caseId}">${oksana.caseCode}</a>`);
    expect(html).not.toContain(`#${oksana.caseId}<`);
  });
});

describe("the audit export", () => {
  async function exportLog(form: Record<string, string>, cookie = adminCookie) {
    return callRoute(auditExport.action, request("/admin/audit/export", { form, cookie }));
  }

  it("writes the case's entries as CSV, one row per changed field, with a closing note, and records the export", async () => {
    const expected = entriesOfCase(oksana.caseId).length;
    const response = await exportLog({ caseCode: oksana.caseCode, format: "csv" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parseCsv((await response.text()).replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual(["Коли (за Києвом)", "Користувач", "Дія", "Об'єкт", "Номер об'єкта", "Код справи", "Поле", "Було", "Стало"]);
    const rows = records.slice(1).filter((row) => row.length === 9);
    expect(rows.every((row) => row[5] === oksana.caseCode)).toBe(true);
    expect(rows.every((row) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(row[0]))).toBe(true);
    expect(rows).toContainEqual([expect.any(String), "Оксана Коваль", "Зміна", "Справа", String(oksana.caseId), oksana.caseCode, "Етап", "Бізнес-навчання", "Бізнес-план"]);
    expect(rows).toContainEqual([expect.any(String), "Оксана Коваль", "Рішення комісії", "Рішення комісії", "77", oksana.caseCode, "Сума", "", "123\u00a0456,50\u00a0грн"]);
    expect(records.at(-1)).toEqual([`# Вивантажено всі записи за фільтрами: ${expected}.`]);
    const recorded = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.userId, admin.id)))
      .all()
      .at(-1);
    expect(recorded).toMatchObject({ entityType: "user", entityId: String(admin.id), after: { log: "audit", format: "csv", entries: expected, total: expected, filter: { caseCode: oksana.caseCode } } });
  });

  it("writes XLSX with real date-time cells, an autofilter and the notes sheet, in English for an English reader", async () => {
    db.update(schema.users).set({ locale: "en" }).where(eq(schema.users.id, admin.id)).run();
    try {
      const response = await exportLog({ caseCode: oksana.caseCode, action: "update", format: "xlsx" });
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.getWorksheet("Audit log")!;
      expect(sheet.getRow(1).values).toEqual([undefined, "When (Kyiv time)", "User", "Action", "Record", "Record number", "Case code", "Field", "Before", "After"]);
      expect(sheet.autoFilter).toBe("A1:I1");
      expect(sheet.rowCount).toBe(4);
      const when = sheet.getCell("A2");
      expect(when.value).toBeInstanceOf(Date);
      expect(when.numFmt).toBe("yyyy-mm-dd hh:mm");
      expect([2, 3, 4].map((row) => [sheet.getCell(`G${row}`).value, sheet.getCell(`H${row}`).value, sheet.getCell(`I${row}`).value])).toEqual([
        ["Stage", "Business training", "Business plan"],
        ["Household size", "3", "4"],
        ["Female-headed household", "no", "yes"],
      ]);
      expect(workbook.getWorksheet("Notes")!.getCell("A1").value).toBe("Every entry matching the filters was exported: 1.");
    } finally {
      db.update(schema.users).set({ locale: "uk" }).where(eq(schema.users.id, admin.id)).run();
    }
  });

  it("says in the file when it was cut at the limit", async () => {
    const insert = sqlite.prepare("insert into audit_log (at, user_id, action, entity_type, entity_id) values ('2026-01-05T08:00:00.000Z', ?, 'import', 'import', ?)");
    sqlite.transaction(() => {
      for (let i = 0; i < 50_001; i += 1) insert.run(officer.id, String(i));
    })();
    const response = await exportLog({ action: "import", entityType: "import", format: "csv" });
    const records = parseCsv((await response.text()).replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
    expect(records.filter((row) => row.length === 9)).toHaveLength(1 + 50_000);
    expect(records[1][4]).toBe("50000");
    expect(records.at(-1)).toEqual(["# Вивантажено лише 50\u00a0000 найновіших записів із 50\u00a0001: звузьте фільтри (дати, користувач, справа), щоб отримати решту."]);
  });

  it("is for admins only, and a GET leads back to the log", async () => {
    const response = await exportLog({ caseCode: oksana.caseCode, format: "csv" }, officerCookie);
    expect(response.status).toBe(403);
    const get = await callRoute(auditExport.loader, request(`/admin/audit/export?caseCode=${oksana.caseCode}&format=csv`, { cookie: adminCookie }));
    expect(get.status).toBe(302);
    expect(get.headers.get("Location")).toBe(`/admin/audit?caseCode=${oksana.caseCode}`);
  });
});
