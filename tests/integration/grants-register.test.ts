// The grants register (/grants) with its filters and export, the grants queues on the home pages,
// and the agreement on paper (print page, PDF, signed scan), through their loaders and actions
// with real requests, by role, with what each answers and stores.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db, schema, sqlite } from "~/lib/db.server";
import { createAgreement } from "~/modules/grants/agreements.server";
import { approveTranche, recordPayment, requestTranche, verifyRequirement } from "~/modules/grants/tranches.server";
import * as home from "~/routes/_index";
import * as agreementPage from "~/routes/cases.$caseId_.agreement";
import * as pdfRoute from "~/routes/cases.$caseId_.agreement_.pdf";
import * as printRoute from "~/routes/cases.$caseId_.agreement_.print";
import * as scanRoute from "~/routes/cases.$caseId_.agreement_.scan";
import * as exportRoute from "~/routes/grants.export";
import * as register from "~/routes/grants._index";
import { auditCount, callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";
import { approvedCase, createTestFundingSource, requirementRows, signedAgreement, trancheRows, trancheVersion } from "../helpers/grants";

const user = {} as Record<"admin" | "officer" | "officer2" | "mentor" | "otherMentor" | "evaluator" | "reviewer", TestUser>;
const cookie = {} as Record<keyof typeof user, string>;
let programmeA: ReturnType<typeof createTestProgramme>;
let programmeB: ReturnType<typeof createTestProgramme>;
let partnerA: number;
let partnerB: number;
const cases = {} as Record<"inKind" | "cash" | "draft" | "waiting" | "other", number>;
let sourceShared: number;
let cashAgreementId: number;

type RegisterPage = { register: { total: number; page: number; pageCount: number; rows: Array<Record<string, unknown>> } };
const registerOf = async (as: string, query = "") => readJson<RegisterPage>(await callRoute(register.loader, request(`/grants${query}`, { cookie: as })));
const numbersOf = async (as: string, query = "") => (await registerOf(as, query)).register.rows.map((row) => row.number);
type Queue = { total: number; items: Array<Record<string, unknown>> };
const homeOf = async (as: string) => (await readJson<{ home: { grants?: Record<string, Queue>; requirementsToVerify?: Queue } }>(await callRoute(home.loader, request("/", { cookie: as })))).home;
const setPlace = (caseId: number, oblastPcode: string, partnerOrganisationId: number) => db.update(schema.cases).set({ oblastPcode, partnerOrganisationId }).where(eq(schema.cases.id, caseId)).run();

beforeAll(async () => {
  const organisations = createTestOrganisations("register");
  partnerA = organisations.partnerA.id;
  partnerB = organisations.partnerB.id;
  user.admin = await createTestUser("admin", { organisationId: organisations.agency.id });
  user.officer = await createTestUser("officer", { organisationId: organisations.agency.id });
  user.officer2 = await createTestUser("officer", { organisationId: organisations.agency.id });
  user.mentor = await createTestUser("mentor", { organisationId: partnerA });
  user.otherMentor = await createTestUser("mentor", { organisationId: partnerB });
  user.evaluator = await createTestUser("evaluator", { organisationId: organisations.agency.id });
  user.reviewer = await createTestUser("reviewer", { organisationId: organisations.agency.id });
  for (const key of Object.keys(user) as Array<keyof typeof user>) cookie[key] = await sessionCookieFor(user[key].id);
  programmeA = createTestProgramme({ code: "REG", currency: "UAH", grantCeilingMinor: 200_000_00 });
  programmeB = createTestProgramme({ code: "OTH", currency: "UAH", grantCeilingMinor: 200_000_00 });
  // The officers work on programme A only.
  db.delete(schema.programmeMembers).where(eq(schema.programmeMembers.programmeId, programmeB.id)).run();

  const own = createTestFundingSource(user.admin, [programmeA.id], { name: "Own source" });
  const shared = createTestFundingSource(user.admin, [programmeA.id, programmeB.id], { name: "Shared source" });
  sourceShared = shared.source.id;
  const terms = (source: typeof own, inKindMinor: number, cashMinor: number) => ({ currency: "UAH" as const, amountMinor: inKindMinor + cashMinor, inKindMinor, cashMinor, fundingSourceId: source.source.id, budgetLineId: source.lines[inKindMinor ? 0 : 1].id });

  cases.inKind = approvedCase({ programmeId: programmeA.id, approvedMinor: 60_000_00, partnerOrganisationId: partnerA }).caseId;
  signedAgreement(user.officer, cases.inKind, terms(own, 60_000_00, 0), []);
  cases.cash = approvedCase({ programmeId: programmeA.id, approvedMinor: 80_000_00, mentorId: user.mentor.id, partnerOrganisationId: partnerA }).caseId;
  cashAgreementId = signedAgreement(user.officer, cases.cash, terms(shared, 0, 80_000_00), [
    { amountMinor: 50_000_00, plannedOn: "2026-03-10", requirements: [] },
    { amountMinor: 30_000_00, plannedOn: "2026-06-10", requirements: ["Чеки за першим траншем перевірено під час візиту"] },
  ]).id;
  cases.draft = approvedCase({ programmeId: programmeA.id, approvedMinor: 90_000_00, partnerOrganisationId: partnerB }).caseId;
  createAgreement(user.officer, cases.draft, { ...terms(own, 40_000_00, 50_000_00), budgetLineId: own.lines[0].id }, "2026-03-05");
  cases.waiting = approvedCase({ programmeId: programmeA.id, approvedMinor: 50_000_00 }).caseId;
  cases.other = approvedCase({ programmeId: programmeB.id, approvedMinor: 70_000_00 }).caseId;
  signedAgreement(user.admin, cases.other, terms(shared, 70_000_00, 0), []);
  setPlace(cases.inKind, "UA12", partnerA);
  setPlace(cases.cash, "UA46", partnerA);
  setPlace(cases.draft, "UA12", partnerB);
  // A purchase to place in each programme (the procurement pages make them; the queue counts them).
  for (const [programmeId, number] of [[programmeA.id, "PUR-REG-2026-0001"], [programmeB.id, "PUR-OTH-2026-0001"]] as const) {
    db.insert(schema.purchases).values({ programmeId, number, year: 2026, sequence: 1, description: "Швейні машини", state: "quoting" }).run();
  }
});

describe("grants register", () => {
  it("is for officers and admins: mentors, evaluators and reviewers get 403", async () => {
    for (const as of [cookie.mentor, cookie.evaluator, cookie.reviewer]) {
      expect((await callRoute(register.loader, request("/grants", { cookie: as }))).status).toBe(403);
      expect((await callRoute(exportRoute.action, request("/grants/export", { cookie: as, form: { format: "csv" } }))).status).toBe(403);
    }
  });

  it("lists the officer's programmes' agreements, newest first; admins see every programme", async () => {
    expect(await numbersOf(cookie.officer)).toEqual(["REG-2026-0003", "REG-2026-0002", "REG-2026-0001"]);
    expect(await numbersOf(cookie.admin)).toEqual(["OTH-2026-0001", "REG-2026-0003", "REG-2026-0002", "REG-2026-0001"]);
    const page = await registerOf(cookie.officer);
    expect(page.register).toMatchObject({ total: 3, page: 1, pageCount: 1 });
    expect(page.register.rows[1]).toMatchObject({ number: "REG-2026-0002", caseId: cases.cash, modality: "cash", status: "signed", amountMinor: 80_000_00, committedMinor: 80_000_00, paidNetMinor: 0, leftToPayMinor: 80_000_00, sourceName: "Shared source", lineCode: "3.2", oblastPcode: "UA46" });
    expect(page.register.rows[0]).toMatchObject({ number: "REG-2026-0003", modality: "mixed", status: "draft", committedMinor: 0 });
  });

  it("filters by programme, modality, funding source, partner, oblast and state", async () => {
    expect(await numbersOf(cookie.officer, "?modality=cash")).toEqual(["REG-2026-0002"]);
    expect(await numbersOf(cookie.officer, "?modality=in_kind")).toEqual(["REG-2026-0001"]);
    expect(await numbersOf(cookie.officer, "?modality=mixed")).toEqual(["REG-2026-0003"]);
    expect(await numbersOf(cookie.officer, `?source=${sourceShared}`)).toEqual(["REG-2026-0002"]);
    expect(await numbersOf(cookie.admin, `?source=${sourceShared}`)).toEqual(["OTH-2026-0001", "REG-2026-0002"]);
    expect(await numbersOf(cookie.officer, `?partner=${partnerA}`)).toEqual(["REG-2026-0002", "REG-2026-0001"]);
    expect(await numbersOf(cookie.officer, `?partner=${partnerB}&oblast=UA12`)).toEqual(["REG-2026-0003"]);
    expect(await numbersOf(cookie.officer, "?oblast=UA12")).toEqual(["REG-2026-0003", "REG-2026-0001"]);
    expect(await numbersOf(cookie.officer, "?state=draft")).toEqual(["REG-2026-0003"]);
    expect(await numbersOf(cookie.officer, `?programme=${programmeB.id}`)).toEqual([]);
    expect(await numbersOf(cookie.admin, `?programme=${programmeB.id}`)).toEqual(["OTH-2026-0001"]);
    // Malformed values are ignored, not errors.
    expect(await numbersOf(cookie.officer, "?state=paid&oblast=Kyiv&modality=x")).toEqual(["REG-2026-0003", "REG-2026-0002", "REG-2026-0001"]);
  });

  it("exports the filtered register as CSV and XLSX by POST, audited; a GET leads back to the register", async () => {
    const before = auditCount(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.entityType, "grant_agreement")));
    const csv = await callRoute(exportRoute.action, request("/grants/export", { cookie: cookie.officer, form: { format: "csv", oblast: "UA12" } }));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0].split(",").slice(0, 4)).toEqual(["Угода", "Код справи", "Отримувач", "Програма"]);
    expect(lines.slice(1, 3).map((line) => line.split(",")[0])).toEqual(["REG-2026-0003", "REG-2026-0001"]);
    expect(lines[1].split(",").slice(6, 12)).toEqual(["Змішана", "Чернетка", "UAH", "90000", "40000", "50000"]);
    expect(lines.at(-2)).toBe("# Угод у файлі: 2.");
    expect(auditCount(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.entityType, "grant_agreement")))).toBe(before + 1);
    const entry = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "export"), eq(schema.auditLog.entityType, "grant_agreement"))).orderBy(schema.auditLog.id).all().at(-1)!;
    expect(entry.after).toEqual({ format: "csv", filter: { oblast: "UA12" }, rows: 2 });

    const xlsx = await callRoute(exportRoute.action, request("/grants/export", { cookie: cookie.admin, form: { format: "xlsx" } }));
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);

    const get = await callRoute(exportRoute.loader, request("/grants/export?state=draft&format=csv", { cookie: cookie.officer }));
    expect(get.status).toBe(302);
    expect(get.headers.get("Location")).toBe("/grants?state=draft");
  });
});

describe("grants queues on the home pages", () => {
  const queueNumbers = (queue: Queue | undefined, key: string) => queue?.items.map((item) => item[key]);

  it("shows officers what waits for them in their programmes, and admins every programme", async () => {
    const officer = (await homeOf(cookie.officer)).grants!;
    expect(officer.agreementsToPrepare.total).toBe(1);
    expect(queueNumbers(officer.agreementsToPrepare, "caseId")).toEqual([cases.waiting]);
    expect(queueNumbers(officer.agreementsToSign, "number")).toEqual(["REG-2026-0003"]);
    expect(officer.purchasesToPlace.total).toBe(1);
    expect(queueNumbers(officer.purchasesToPlace, "number")).toEqual(["PUR-REG-2026-0001"]);
    expect(officer.deliveriesToCheck.total).toBe(0);
    expect(officer.actsToSign.total).toBe(0);
    // Tranche 1 has no requirement: it may be requested at once; tranche 2 waits for tranche 1.
    expect(officer.tranchesToRequest.items.map((item) => [item.caseId, item.sequence])).toEqual([[cases.cash, 1]]);
    expect(officer.tranchesToApprove.total).toBe(0);
    expect(officer.paymentsFailed.total).toBe(0);
    const admin = (await homeOf(cookie.admin)).grants!;
    expect(admin.agreementsToPrepare.total).toBe(1);
    expect(admin.purchasesToPlace.total).toBe(2);
  });

  it("follows a cash grant: approval by another officer, a failed payment, the mentor's verification", async () => {
    const [first, second] = trancheRows(cashAgreementId);
    requestTranche(user.officer, first.id, { version: trancheVersion(first.id) });
    // Four eyes: the requester's own request is not in their approval queue.
    expect((await homeOf(cookie.officer)).grants!.tranchesToApprove.total).toBe(0);
    const forSecond = (await homeOf(cookie.officer2)).grants!.tranchesToApprove;
    expect(forSecond.items.map((item) => [item.trancheId, item.requestedBy])).toEqual([[first.id, user.officer.name]]);
    approveTranche(user.officer2, first.id, { version: trancheVersion(first.id) });
    recordPayment(user.officer, first.id, { version: trancheVersion(first.id), outcome: "failed", paidOn: "2026-03-11", payerAccount: "UA00 0000", failureReason: "Рахунок закрито" });
    expect(queueNumbers((await homeOf(cookie.officer)).grants!.paymentsFailed, "trancheId")).toEqual([first.id]);
    // Nothing to verify before tranche 1 is paid.
    expect((await homeOf(cookie.mentor)).requirementsToVerify!.total).toBe(0);
    recordPayment(user.officer, first.id, { version: trancheVersion(first.id), outcome: "paid", paidOn: "2026-03-13", payerAccount: "UA00 0000", bankReference: "PR-1" });
    const officerAfter = (await homeOf(cookie.officer)).grants!;
    expect(officerAfter.paymentsFailed.total).toBe(0);
    expect(officerAfter.tranchesToRequest.total).toBe(0);
    const mentor = (await homeOf(cookie.mentor)).requirementsToVerify!;
    const [requirement] = requirementRows(second.id);
    expect(mentor.items.map((item) => [item.requirementId, item.caseId, item.sequence])).toEqual([[requirement.id, cases.cash, 2]]);
    expect((await homeOf(cookie.otherMentor)).requirementsToVerify!.total).toBe(0);
    verifyRequirement(user.mentor, requirement.id, { version: requirement.version, evidenceNote: "Чеки на 50 000 грн" });
    expect((await homeOf(cookie.mentor)).requirementsToVerify!.total).toBe(0);
    expect(queueNumbers((await homeOf(cookie.officer)).grants!.tranchesToRequest, "trancheId")).toEqual([second.id]);
    // The register's money columns are sums of the ledger.
    const row = (await registerOf(cookie.officer, "?modality=cash")).register.rows[0];
    expect(row).toMatchObject({ paidNetMinor: 50_000_00, committedMinor: 80_000_00, leftToPayMinor: 30_000_00 });
  });

  it("runs as many statements however many grants there are", async () => {
    const statements = async (loader: Parameters<typeof callRoute>[0], path: string, as: string) => {
      const prepare = vi.spyOn(sqlite, "prepare");
      const response = await callRoute(loader, request(path, { cookie: as }));
      const count = prepare.mock.calls.length;
      prepare.mockRestore();
      expect(response.status).toBe(200);
      return count;
    };
    const pages: Array<[Parameters<typeof callRoute>[0], string, string]> = [
      [register.loader, "/grants", cookie.officer],
      [register.loader, `/grants?partner=${partnerA}&state=signed`, cookie.officer],
      [home.loader, "/", cookie.officer],
      [home.loader, "/", cookie.mentor],
    ];
    const before = [];
    for (const [loader, path, as] of pages) before.push(await statements(loader, path, as));
    const source = createTestFundingSource(user.admin, [programmeA.id]);
    for (let i = 0; i < 6; i += 1) {
      const caseId = approvedCase({ programmeId: programmeA.id, approvedMinor: 20_000_00, mentorId: user.mentor.id, partnerOrganisationId: partnerA }).caseId;
      signedAgreement(user.officer, caseId, { currency: "UAH", amountMinor: 20_000_00, inKindMinor: 0, cashMinor: 20_000_00, fundingSourceId: source.source.id, budgetLineId: source.lines[1].id }, [
        { amountMinor: 10_000_00, plannedOn: "2026-03-10", requirements: [] },
        { amountMinor: 10_000_00, plannedOn: "2026-05-10", requirements: ["Чеки"] },
      ]);
      approvedCase({ programmeId: programmeA.id, approvedMinor: 20_000_00 });
    }
    const after = [];
    for (const [loader, path, as] of pages) after.push(await statements(loader, path, as));
    expect(after).toEqual(before);
    expect(Math.max(...before)).toBeLessThan(40);
  });
});

describe("the agreement on paper", () => {
  type Printed = { documentLocale: string; document: { title: string; draft: boolean; date: string; parties: string; sections: Array<{ heading: string; paragraphs: string[]; table?: { rows: string[][] } }>; signatures: Array<{ lines: string[] }> } };
  const print = (caseId: number, as: string, lang = "") => callRoute(printRoute.loader, request(`/cases/${caseId}/agreement/print${lang}`, { cookie: as }), { caseId: String(caseId) });

  it("prints the agreement in Ukrainian or English with the amount in words and the tranche plan", async () => {
    const uk = await readJson<Printed>(await print(cases.cash, cookie.officer, "?lang=uk"));
    expect(uk.document.title).toBe("Договір про надання гранту № REG-2026-0002");
    expect(uk.document.draft).toBe(false);
    expect(uk.document.date).toBe("Дата укладення: 02.03.2026");
    expect(uk.document.sections.map((section) => section.heading)).toEqual([
      "1. Предмет договору",
      "2. Сума і форма гранту",
      "3. Джерело фінансування",
      "4. План траншів",
      "5. Умови гранту",
      "6. Зобов'язання Грантоотримувача",
    ]);
    expect(uk.document.sections[1].paragraphs[0]).toBe("Сума гранту: 80\u00a0000,00 грн (вісімдесят тисяч гривень 00 копійок).");
    expect(uk.document.sections[3].table!.rows).toEqual([
      ["1", "50\u00a0000,00 грн", "10.03.2026", "—"],
      ["2", "30\u00a0000,00 грн", "10.06.2026", "Чеки за першим траншем перевірено під час візиту"],
    ]);
    const en = await readJson<Printed>(await print(cases.cash, cookie.officer, "?lang=en"));
    expect(en.document.title).toBe("Grant Agreement No. REG-2026-0002");
    expect(en.document.sections[1].paragraphs[0]).toBe("Grant amount: 80,000.00 UAH (eighty thousand hryvnias 00 kopiykas).");
    // An in-kind grant has no tranche plan: its sections are numbered on.
    const inKind = await readJson<Printed>(await print(cases.inKind, cookie.officer));
    expect(inKind.document.sections.map((section) => section.heading.slice(0, 2))).toEqual(["1.", "2.", "3.", "4.", "5."]);
    const draft = await readJson<Printed>(await print(cases.draft, cookie.officer));
    expect(draft.document).toMatchObject({ draft: true, date: "Дата укладення: «___» ____________ 20__ р." });
  });

  it("is printed by the case's readers only, and only where there is an agreement", async () => {
    expect((await print(cases.cash, cookie.mentor)).status).toBe(200);
    expect((await print(cases.cash, cookie.otherMentor)).status).toBe(403);
    expect((await print(cases.cash, cookie.evaluator)).status).toBe(403);
    expect((await print(cases.other, cookie.officer)).status).toBe(403);
    expect((await print(cases.waiting, cookie.officer)).status).toBe(404);
  });

  it("downloads as a PDF with its font embedded", async () => {
    const response = await callRoute(pdfRoute.loader, request(`/cases/${cases.cash}/agreement/pdf?lang=uk`, { cookie: cookie.mentor }), { caseId: String(cases.cash) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toContain("agreement-REG-2026-0002-uk.pdf");
    const text = Buffer.from(await response.arrayBuffer()).toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(text).toContain("/FontFile2");
    expect((await callRoute(pdfRoute.loader, request(`/cases/${cases.cash}/agreement/pdf`, { cookie: cookie.otherMentor }), { caseId: String(cases.cash) })).status).toBe(403);
  });

  it("keeps the signed scan once, for a signed agreement, and serves it to officers only, audited", async () => {
    const upload = (caseId: number, bytes: Uint8Array<ArrayBuffer>, name: string, as = cookie.officer) => {
      const form = new FormData();
      form.set("file", new File([bytes], name));
      return callRoute(agreementPage.action, new Request(`http://localhost/cases/${caseId}/agreement`, { method: "POST", body: form, headers: { Cookie: as } }), { caseId: String(caseId) });
    };
    const pdf = new TextEncoder().encode("%PDF-1.4\nsigned agreement");
    const errorsOf = async (response: Response) => (await readJson<{ error: Record<string, string[] | null> }>(response)).error;
    expect((await upload(cases.inKind, pdf, "signed.pdf", cookie.mentor)).status).toBe(403);
    const draft = await upload(cases.draft, pdf, "signed.pdf");
    expect(draft.status).toBe(400);
    expect((await errorsOf(draft)).file).toEqual(["grants.errors.wrong_agreement_status"]);
    const wrongType = await upload(cases.inKind, new TextEncoder().encode("hello"), "signed.pdf");
    expect((await errorsOf(wrongType)).file).toEqual(["grants.errors.scan_wrong_type"]);
    expect((await upload(cases.inKind, pdf, "Договір підписаний.pdf")).status).toBe(200);
    expect(db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.caseId, cases.inKind)).get()).toMatchObject({ scanFileName: "Договір підписаний.pdf", scanContentType: "application/pdf", scanSizeBytes: pdf.length });
    const again = await upload(cases.inKind, pdf, "again.pdf");
    expect((await errorsOf(again)).file).toEqual(["grants.errors.scan_exists"]);

    const views = () => auditCount(and(eq(schema.auditLog.action, "view_protected"), eq(schema.auditLog.entityType, "grant_agreement")));
    const before = views();
    const scan = await callRoute(scanRoute.loader, request(`/cases/${cases.inKind}/agreement/scan`, { cookie: cookie.officer }), { caseId: String(cases.inKind) });
    expect(scan.status).toBe(200);
    expect(await scan.text()).toBe("%PDF-1.4\nsigned agreement");
    expect(views()).toBe(before + 1);
    expect((await callRoute(scanRoute.loader, request(`/cases/${cases.inKind}/agreement/scan`, { cookie: cookie.mentor }), { caseId: String(cases.inKind) })).status).toBe(403);
    expect((await callRoute(scanRoute.loader, request(`/cases/${cases.cash}/agreement/scan`, { cookie: cookie.officer }), { caseId: String(cases.cash) })).status).toBe(404);
    // The page shows the stored file's name, never where it is stored.
    const page = await readJson<{ file: { agreement: Record<string, unknown> } }>(await callRoute(agreementPage.loader, request(`/cases/${cases.inKind}/agreement`, { cookie: cookie.officer }), { caseId: String(cases.inKind) }));
    expect(page.file.agreement.scanFileName).toBe("Договір підписаний.pdf");
    expect("scanStorageKey" in page.file.agreement).toBe(false);
  });
});

