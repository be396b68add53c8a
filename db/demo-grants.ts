// Grants in the demo (domain.md §9), at the scale of the seed documents: an earlier programme,
// EEP-2025, started eighteen months ago, whose ~900 applicants went through the whole lifecycle
// and ~500 of whom were funded. Applicants are registered and screened through the intake
// commands; training, plans, reviews and the committee's decisions are written directly (the
// review stage's own demo is EEP-2026's); everything from the agreement on goes through the grants
// commands, so every row meets the ledger's rules and triggers: agreements charged to two funding
// sources (EUR and USD, with a rate for every day), purchases in every state ending in signed acts
// with serial numbers, cash tranches paid, waiting, failed and retried, a return, and withdrawals
// after the grant. Each time origin plans the grant's follow-up visits (onTimeOrigin).
import { and, asc, eq } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, sqlite } from "~/lib/db.server";
import { addDays, addMonths, type IsoDate } from "~/lib/kyiv-date";
import { createProgramme } from "~/modules/admin/programmes.server";
import { withdrawCase } from "~/modules/cases/withdrawal.server";
import { saveSchedule } from "~/modules/followup/schedules.server";
import { createAgreement, setTranchePlan, signAgreement, withdrawAfterGrant } from "~/modules/grants/agreements.server";
import { createFundingSource } from "~/modules/grants/funding.server";
import { prepareHandoverAct, recordEquipmentRecovery, signHandoverAct } from "~/modules/grants/handover-act.server";
import { recordReversal } from "~/modules/grants/ledger.server";
import { cancelPurchase, createPurchase, placeOrder, recordDelivery, recordQuotation, saveProcurementSettings } from "~/modules/grants/procurement.server";
import { createSupplier } from "~/modules/grants/suppliers.server";
import { approveTranche, recordPayment, requestTranche, verifyRequirement } from "~/modules/grants/tranches.server";
import { registerApplicantIn } from "~/modules/intake/intake.server";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import { applicantSchema } from "~/modules/intake/schema";
import { screenCaseIn } from "~/modules/intake/screening.server";
import { programmeRubric } from "~/modules/review/review-result";
import { plainScores, weightedTotal } from "~/modules/review/scoring";
import { femaleFirstNames, hostOblasts, maleFirstNames, originOblasts, patronymics, seededRandom, surnames } from "./demo-people";
import { demoPlaces } from "./demo-places";

type User = typeof schema.users.$inferSelect;
type Users = { admin: User; officer: User; officer2: User; mentor: User; lvivMentor: User; reviewer: User; secondReviewer: User };
type Partners = { dnipro: number; lviv: number; vinnytsia: number };

export const grantsDemoApplicants = 900;

const payerAccount = "UA213223130000026007233566001";
// What grantees buy with an in-kind grant: name, model, unit price (UAH), serial numbers kept.
const equipment: Array<[string, string, number]> = [
  ["Професійна швейна машина", "Janome HD-1800", 28_000_00],
  ["Оверлок", "Juki MO-6814S", 19_500_00],
  ["Піч конвекційна", "Unox XFT-133", 64_000_00],
  ["Перукарське крісло", "Ceriotti Tiffany", 17_000_00],
  ["Кавомашина", "La Spaziale S2", 72_000_00],
  ["Генератор 3 кВт", "Könner & Söhnen KS 3000", 18_500_00],
  ["Ноутбук", "Lenovo ThinkPad E14", 32_000_00],
  ["Фрезер", "Makita RP0900", 9_800_00],
  ["Холодильна вітрина", "Cryspi Gamma-2 1200", 41_000_00],
  ["Мотокультиватор", "Honda FG205", 27_500_00],
];
const toolSets: Array<[string, number]> = [
  ["Набір ручного інструменту", 6_500_00],
  ["Набір перукарських інструментів", 8_200_00],
  ["Комплект витратних матеріалів", 4_800_00],
];
const businessNames = ["Майстерня", "Пекарня", "Салон краси", "Теплиця", "Пасіка", "СТО", "Швейна майстерня", "Кав'ярня", "Фотостудія", "Столярня"];
const typicalKved = ["14.13", "95.29", "10.71", "96.02", "45.20", "01.13", "01.47", "16.23", "31.09", "62.01", "56.10", "47.11"];

// A demo rate for every day (the NBU's figures are not fetched, §9): a slow drift with a wobble.
function demoRate(base: "EUR" | "USD", day: number) {
  const wave = Math.sin(day / 37) * 0.6 + Math.sin(day / 11) * 0.15;
  return Math.round(((base === "EUR" ? 45.2 : 41.1) + day * 0.0035 + wave) * 10_000) * 100;
}

export function seedGrantsDemo(users: Users, partners: Partners, today: IsoDate) {
  const random = seededRandom(2025);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const admin: CurrentUser = users.admin;
  const officer: CurrentUser = users.officer;
  const officer2: CurrentUser = users.officer2;
  const start = addMonths(today, -18);
  const notAfter = (date: IsoDate) => (date > today ? today : date);
  const counts: Record<string, number> = {};
  const bump = (key: string, by = 1) => (counts[key] = (counts[key] ?? 0) + by);

  // EEP-2025 may already exist (the follow-up demo makes it for the grants it follows up): the
  // grants join it; otherwise it is made here with its letterhead and follow-up schedule.
  const existing = db.select().from(schema.programmes).where(eq(schema.programmes.code, "EEP-2025")).get();
  const programme =
    existing ??
    createProgramme(null, {
      code: "EEP-2025",
      name: "Economic Empowerment Programme 2025",
      nameUk: "Програма економічного розширення можливостей 2025",
      donor: "Demo donors (EU humanitarian aid, US development aid)",
      donorUk: "Демонстраційні донори (гуманітарна допомога ЄС, допомога США)",
      currency: "UAH",
      grantCeilingMinor: 200_000_00,
      budgetEnvelopeMinor: 70_000_000_00,
      followUpOffsetsMonths: [3, 6, 12, 18],
      minReviewers: 2,
      trainingRequired: true,
      smallCellThreshold: 5,
      startDate: start,
      endDate: addMonths(today, 6),
      active: true,
    });
  // The letterhead printed on agreements, and an envelope that holds ~500 grants (an admin's
  // programme settings, set here directly).
  db.update(schema.programmes)
    .set({
      donorUk: programme.donorUk || "Демонстраційні донори (гуманітарна допомога ЄС, допомога США)",
      agencyNameUk: "Демонстраційна агенція з питань засобів до існування",
      agencyName: "Demo Livelihoods Agency",
      agencyAddressUk: "вул. Демонстраційна, 1, Київ, 01001",
      agencyAddress: "1 Demonstratsiina St, Kyiv 01001, Ukraine",
      agencyPhone: "+380 44 000 00 00",
      agencyEmail: "livelihoods@example.org",
      complaintsChannelUk: "Гаряча лінія 527 (безкоштовно, цілодобово) або feedback@example.org.",
      complaintsChannel: "Hotline 527 (free of charge, 24/7) or feedback@example.org.",
      signatoryNameUk: "Оксана Коваль",
      signatoryName: "Oksana Koval",
      signatoryPositionUk: "Координаторка програми",
      signatoryPosition: "Programme coordinator",
      budgetEnvelopeMinor: Math.max(programme.budgetEnvelopeMinor, 70_000_000_00),
    })
    .where(eq(schema.programmes.id, programme.id))
    .run();
  for (const member of [users.officer, users.officer2]) db.insert(schema.programmeMembers).values({ programmeId: programme.id, userId: member.id }).onConflictDoNothing().run();
  // The follow-up schedule is saved before any grant reaches its beneficiary, so each time origin
  // plans its visits by it; cash grants get an early check of the first tranche's use.
  const stages = (months: number[], optionalFirst: boolean) =>
    months.map((monthsAfterOrigin, index) => ({ monthsAfterOrigin, windowDaysBefore: index === 0 && optionalFirst ? 10 : 15, windowDaysAfter: index === 0 && optionalFirst ? 10 : 15, required: !(index === 0 && optionalFirst) }));
  const scheduled = db.select({ id: schema.followUpSchedules.id }).from(schema.followUpSchedules).where(eq(schema.followUpSchedules.programmeId, programme.id)).get();
  if (!scheduled) {
    saveSchedule(admin, programme.id, "all", { version: 0, effectiveFrom: start, stages: stages([3, 6, 12, 18], false) }, addDays(start, -1));
    saveSchedule(admin, programme.id, "cash", { version: 0, effectiveFrom: start, stages: stages([1, 3, 6, 12, 18], true) }, addDays(start, -1));
  }

  // Rates entered for every day of the programme (EUR/UAH and USD/UAH, as the NBU quotes them).
  const insertRate = sqlite.prepare("insert or ignore into exchange_rates (rated_on, base_currency, quote_currency, rate_micros, source, entered_by_user_id) values (?, ?, 'UAH', ?, 'NBU (demo values)', ?)");
  sqlite.transaction(() => {
    for (let day = 0, on = addDays(start, -30); on <= today; day += 1, on = addDays(on, 1)) {
      insertRate.run(on, "EUR", demoRate("EUR", day), users.officer.id);
      insertRate.run(on, "USD", demoRate("USD", day), users.officer.id);
    }
  })();

  const current = db.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.code, "EEP-2026")).get();
  const sources = (["EUR", "USD"] as const).map((currency) => {
    const source = createFundingSource(admin, {
      name: currency === "EUR" ? "EU humanitarian aid: livelihoods 2025–2026" : "US development aid: small business recovery",
      donor: currency === "EUR" ? "Demo donor A (EU)" : "Demo donor B (US)",
      reference: currency === "EUR" ? "ECHO/-EU/BUD/2025/91017" : "72012125CA00042",
      currency,
      totalMinor: 1_000_000_00,
      periodStart: addDays(start, -30),
      periodEnd: addMonths(today, 12),
      // The EU source also funds the current phase, whose approvals wait for their agreements.
      programmeIds: currency === "EUR" && current ? [programme.id, current.id] : [programme.id],
      budgetLines: [
        { code: currency === "EUR" ? "1.1" : "2.1", name: "Гранти в натуральній формі (обладнання)", amountMinor: 600_000_00 },
        { code: currency === "EUR" ? "1.2" : "2.2", name: "Грошові гранти", amountMinor: 400_000_00 },
      ],
    });
    const [inKind, cash] = db.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.fundingSourceId, source.id)).orderBy(asc(schema.fundingBudgetLines.code)).all();
    return { id: source.id, currency, lines: { inKind: inKind.id, cash: cash.id } };
  });

  const settings = db.select({ version: schema.procurementSettings.version }).from(schema.procurementSettings).where(eq(schema.procurementSettings.programmeId, programme.id)).get();
  if (!settings) saveProcurementSettings(admin, programme.id, { version: 0, minQuotations: 3, quotationThresholdMinor: 50_000_00, issuerNameUk: "Демонстраційна агенція з питань засобів до існування", issuerNameEn: "Demo Livelihoods Agency", issuerEdrpou: "14360570" });
  const suppliers = [
    ["ТОВ «Техсервіс Дніпро»", "31134623"],
    ["ТОВ «Обладнання для бізнесу»", "31166299"],
    ["ТОВ «Захід-Постач»", "31364274"],
    ["ПП «Поділля Техніка»", "31498897"],
  ].map(([name, code]) => createSupplier(officer, { name, code, contactPerson: "Відділ продажів", phone: "+380 56 000 00 00", oblastPcodes: [] }).id);

  // -------------------------------------------------------------------------------------------
  // Applicants, registered and screened through the intake commands.
  const partnerByOblast: Record<string, keyof Partners> = { UA12: "dnipro", UA23: "dnipro", UA46: "lviv", UA07: "lviv", UA05: "vinnytsia", UA68: "vinnytsia" };
  const hromadasOf = (oblast: string) => demoPlaces.filter((place) => place.level === 3 && place.pcode.startsWith(oblast));
  type Applicant = { caseId: number; applicationDate: IsoDate; mentorId: number | null; kind: "startup" | "existing" };
  const applicants: Applicant[] = [];
  db.transaction((tx) => {
    for (let i = 0; i < grantsDemoApplicants; i += 1) {
      const female = chance(0.62);
      const [maleSurname, femaleSurname] = pick(surnames);
      const [malePatronymic, femalePatronymic] = pick(patronymics);
      // A few under-age applicants show the age rule failing.
      const birthYear = i % 53 === 0 ? Number(today.slice(0, 4)) - 17 : 1962 + between(0, 41);
      const birthDate = `${birthYear}-${String(between(1, 12)).padStart(2, "0")}-${String(between(1, 28)).padStart(2, "0")}`;
      // Applications over the programme's first fifteen months: the last ones are still on their way.
      const applicationDate = addDays(start, Math.floor((i / grantsDemoApplicants) * 440) + between(0, 10));
      const oblast = pick(hostOblasts);
      const partnerKey = partnerByOblast[oblast] as keyof Partners | undefined;
      const mentor = partnerKey === "dnipro" ? users.mentor : partnerKey === "lviv" ? users.lvivMentor : null;
      const displacement = i % 29 === 0 ? "other" : chance(0.58) ? "idp" : chance(0.85) ? "host" : "returnee";
      const kind = chance(0.6) ? "startup" : "existing";
      const children = between(0, 3);
      const householdSize = 1 + children + between(0, 2);
      const form: Record<string, string | string[]> = {
        programmeId: String(programme.id),
        applicationDate,
        surname: female ? femaleSurname : maleSurname,
        firstName: female ? pick(femaleFirstNames) : pick(maleFirstNames),
        patronymic: female ? femalePatronymic : malePatronymic,
        sex: female ? "female" : "male",
        birthDate,
        rnokpp: makeRnokpp(birthDate, female ? "female" : "male", 1000 + i),
        phone: `+38063${String(3_000_000 + i * 7901).slice(-7)}`,
        consentGivenOn: applicationDate,
        consentTakenBy: users.officer.name,
        consentPurposes: ["registration", "screening", "grant", "follow_up"],
        referralSource: pick(["partner_ngo", "partner_ngo", "hotline_527", "employment_centre", "local_authority", "self"]),
        displacementStatus: displacement,
        currentOblastPcode: oblast,
        householdSize: String(householdSize),
        children: String(children),
        olderMembers: "0",
        membersWithDisability: householdSize > 1 && chance(0.08) ? "1" : "0",
        monthlyHouseholdIncomeMinor: String(between(4, 22) * 1000),
        femaleHeaded: female && chance(0.4) ? "on" : "",
        veteranOrFamily: chance(0.12) ? "on" : "",
        wg_walking: chance(0.07) ? "a_lot_of_difficulty" : "no_difficulty",
        wg_seeing: "no_difficulty",
        businessKind: kind,
        businessName: `${pick(businessNames)} «${female ? femaleSurname : maleSurname}»`,
        kvedCode: i % 41 === 0 ? "11.05" : pick(typicalKved),
        requestedModality: chance(0.6) ? "in_kind" : "cash",
        requestedAmountMinor: String(between(6, 18) * 10_000),
        coContributionMinor: String(between(5, 15) * 1_000),
      };
      if (partnerKey) form.partnerOrganisationId = String(partners[partnerKey]);
      const hromadas = hromadasOf(oblast);
      if (hromadas.length) form.currentHromadaPcode = pick(hromadas).pcode;
      if (mentor && chance(0.85)) form.mentorId = String(mentor.id);
      if (displacement === "idp") {
        form.idpCertificateNumber = `${String(3000 + i).padStart(4, "0")}-${String(7_000_000 + i * 11).slice(-7)}`;
        form.idpCertificateDate = `202${between(2, 4)}-0${between(1, 9)}-1${between(0, 9)}`;
        form.originOblastPcode = pick(originOblasts);
      }
      if (kind === "existing") {
        form.legalForm = pick(["fop_2", "fop_3"]);
        form.registrationDate = `${2016 + between(0, 7)}-0${between(1, 9)}-1${between(0, 9)}`;
        form.baselinePaidFullTimeFemale = String(between(0, 1));
        form.baselinePaidPartTimeMale = String(between(0, 1));
        form.baselineMonthlyRevenueMinor = String(between(15, 80) * 1_000);
        form.baselineMonthlyNetIncomeMinor = String(between(5, 20) * 1_000);
      }
      const registered = registerApplicantIn(tx, officer, applicantSchema.parse(form));
      if (registered.kind !== "created") continue;
      applicants.push({ caseId: registered.caseId, applicationDate, mentorId: form.mentorId ? Number(form.mentorId) : null, kind });
      screenCaseIn(tx, officer, registered.caseId, addDays(applicationDate, between(3, 10)));
    }
  });
  bump("applicants", applicants.length);

  // -------------------------------------------------------------------------------------------
  // Training, plans, reviews and decisions, written directly in the order they happened.
  const rubric = programmeRubric(programme);
  const statements = {
    session: sqlite.prepare("insert into training_sessions (programme_id, title, held_on, place, created_by_user_id) values (?, ?, ?, ?, ?)"),
    attendance: sqlite.prepare("insert into training_attendance (session_id, case_id, recorded_by_user_id) values (?, ?, ?)"),
    plan: sqlite.prepare("insert into business_plans (case_id, current_version, status) values (?, 1, ?)"),
    version: sqlite.prepare(
      `insert into business_plan_versions (plan_id, number, summary, products, market, competitors, experience, premises, risks, expected_jobs_full_time, expected_jobs_part_time,
        expected_monthly_revenue_minor, co_contribution_minor, rubric, submitted_at, submitted_by_user_id)
       values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    line: sqlite.prepare("insert into budget_lines (plan_version_id, position, item, quantity, unit_cost_minor, modality) values (?, ?, ?, ?, ?, ?)"),
    review: sqlite.prepare(
      `insert into review_assignments (plan_version_id, case_id, reviewer_id, assigned_by_user_id, status, conflict_of_interest, declared_at, scores, weighted_total_hundredths, submitted_at)
       values (?, ?, ?, ?, 'submitted', 0, ?, ?, ?, ?)`,
    ),
    decision: sqlite.prepare(
      `insert into committee_decisions (case_id, plan_version_id, decision, amount_minor, in_kind_minor, cash_minor, modality, conditions, reason, committee_date, members, decided_by_user_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    caseRow: sqlite.prepare("update cases set stage = ?, status = ?, decision = ?, approved_amount_minor = ?, training_completed_on = ?, version = version + 1 where id = ?"),
    audit: sqlite.prepare("insert into audit_log (at, user_id, action, entity_type, entity_id, case_id, before, after) values (?, ?, ?, ?, ?, ?, ?, ?)"),
  };
  const at = (date: IsoDate, hour = 10) => `${date}T${String(hour).padStart(2, "0")}:00:00.000Z`;
  const transition = (caseId: number, date: IsoDate, event: string, before: string, after: string, extra: Record<string, unknown> = {}) =>
    statements.audit.run(at(date), users.officer.id, "transition", "case", String(caseId), caseId, JSON.stringify({ stage: before }), JSON.stringify({ event, stage: after, ...extra }));

  type Approved = { caseId: number; committeeDate: IsoDate; inKind: Array<{ lineId: number; item: string; model: string | null; unit: "piece" | "set"; serialised: boolean; unitCostMinor: number }>; inKindMinor: number; cashMinor: number; mentorId: number | null };
  const approved: Approved[] = [];
  const eligible = applicants.filter((applicant) => db.select({ eligibility: schema.cases.eligibility }).from(schema.cases).where(eq(schema.cases.id, applicant.caseId)).get()?.eligibility === "eligible");
  let session: { id: number; heldOn: IsoDate; seats: number } | null = null;
  sqlite.transaction(() => {
    eligible.forEach((applicant, index) => {
      const { caseId } = applicant;
      // The latest applicants are still on their way; a few withdrew after screening.
      const remaining = eligible.length - index;
      if (index % 19 === 7) return;
      const trainedOn = addDays(applicant.applicationDate, between(20, 35));
      if (!session || session.seats === 0 || session.heldOn < addDays(applicant.applicationDate, 10)) {
        const heldOn = addDays(applicant.applicationDate, between(12, 18));
        session = { id: Number(statements.session.run(programme.id, `Основи підприємництва, група ${index + 1}`, heldOn, pick(["Дніпро", "Львів", "Вінниця", "Онлайн"]), users.officer.id).lastInsertRowid), heldOn, seats: 25 };
      }
      session.seats -= 1;
      statements.attendance.run(session.id, caseId, users.officer.id);
      if (remaining <= 12) {
        statements.caseRow.run("training", "open", null, null, null, caseId);
        transition(caseId, session.heldOn, "screen", "screening", "training");
        return;
      }
      transition(caseId, trainedOn, "complete_training", "training", "business_plan");
      const existingPlan = remaining <= 25;
      const submittedOn = addDays(trainedOn, between(14, 30));
      const planId = Number(statements.plan.run(caseId, existingPlan ? "draft" : remaining <= 45 ? "submitted" : "decided").lastInsertRowid);
      // The plan's budget: equipment bought by the agency, and/or cash for materials and rent.
      const modality = index % 10 < 5 ? "in_kind" : index % 10 < 9 ? "cash" : "mixed";
      const versionId = Number(
        statements.version.run(
          planId, "Запуск і розширення справи в громаді з мінімальними витратами на обладнання.", "Послуги та вироби для мешканців громади й переселенців.",
          "Попит підтверджено опитуванням мешканців; конкурентів поблизу мало.", "Два конкуренти в обласному центрі, ціни вищі на 20 %.", "Понад 5 років досвіду за фахом.",
          "Орендоване приміщення 20 м².", "Перебої з електропостачанням (генератор у бюджеті), сезонність.", between(1, 2), between(0, 1), between(20, 60) * 1_000_00, between(5, 15) * 1_000_00,
          existingPlan ? null : JSON.stringify(rubric), existingPlan ? null : at(submittedOn), existingPlan ? null : (applicant.mentorId ?? users.officer.id),
        ).lastInsertRowid,
      );
      const inKind: Approved["inKind"] = [];
      let position = 0;
      if (modality !== "cash") {
        const picked = new Set([between(0, equipment.length - 1), between(0, equipment.length - 1)]);
        for (const which of picked) {
          const [item, model, price] = equipment[which];
          inKind.push({ lineId: Number(statements.line.run(versionId, position++, item, 1, price, "in_kind").lastInsertRowid), item, model, unit: "piece", serialised: true, unitCostMinor: price });
        }
        if (chance(0.5)) {
          const [item, price] = pick(toolSets);
          inKind.push({ lineId: Number(statements.line.run(versionId, position++, item, 1, price, "in_kind").lastInsertRowid), item, model: null, unit: "set", serialised: false, unitCostMinor: price });
        }
      }
      const inKindMinor = inKind.reduce((sum, line) => sum + line.unitCostMinor, 0);
      let cashMinor = 0;
      if (modality !== "in_kind") {
        const materials = between(3, 8) * 5_000_00;
        const rent = between(2, 6) * 4_000_00;
        statements.line.run(versionId, position++, "Сировина та матеріали", 1, materials, "cash");
        statements.line.run(versionId, position++, "Оренда приміщення (6 місяців)", 1, rent, "cash");
        cashMinor = materials + rent;
      }
      if (existingPlan) {
        statements.caseRow.run("business_plan", "open", null, null, trainedOn, caseId);
        return;
      }
      transition(caseId, submittedOn, "submit_plan", "business_plan", "review");
      const reviewers = [users.reviewer.id, index % 3 ? users.officer.id : users.secondReviewer.id];
      const base = between(2, 4);
      for (const reviewerId of reviewers) {
        const scores = Object.fromEntries(rubric.criteria.map((criterion) => [criterion.key, { score: Math.min(rubric.scaleMax, base + between(0, 1)), comment: "Обґрунтовано; див. бюджет і ринок." }]));
        const total = weightedTotal(rubric, plainScores(scores));
        statements.review.run(versionId, caseId, reviewerId, users.officer.id, at(addDays(submittedOn, 3)), JSON.stringify(scores), total, at(addDays(submittedOn, 9)));
      }
      if (remaining <= 45) {
        statements.caseRow.run("committee", "open", null, null, trainedOn, caseId);
        transition(caseId, addDays(submittedOn, 9), "all_reviews_in", "review", "committee");
        return;
      }
      const committeeDate = addDays(submittedOn, between(18, 28));
      const members = JSON.stringify(["Оксана Коваль", "Ігор Рецензент", "Галина Мельник"]);
      const roll = random();
      const outcome = base === 2 && roll < 0.6 ? "rejected" : roll < 0.1 ? "waitlisted" : "approved";
      if (outcome !== "approved") {
        statements.decision.run(caseId, versionId, outcome, null, null, null, null, null, outcome === "rejected" ? "Бюджет не узгоджується з описом діяльності; ринок не досліджено." : null, committeeDate, members, users.officer.id);
        statements.caseRow.run("committee", outcome, outcome, null, trainedOn, caseId);
        transition(caseId, committeeDate, "decide", "committee", "committee", { decision: outcome });
        bump(outcome);
        return;
      }
      const amount = inKindMinor + cashMinor;
      statements.decision.run(
        caseId, versionId, "approved", amount, inKindMinor, cashMinor, modality === "mixed" ? null : modality, modality === "cash" ? "Другий транш — після перевірки чеків ментором." : "Обладнання передається за актом приймання-передачі.",
        null, committeeDate, members, users.officer.id,
      );
      statements.caseRow.run("grant_agreement", "open", "approved", amount, trainedOn, caseId);
      transition(caseId, committeeDate, "decide", "committee", "grant_agreement", { decision: "approved", amountMinor: amount });
      approved.push({ caseId, committeeDate, inKind, inKindMinor, cashMinor, mentorId: applicant.mentorId });
    });
  })();
  for (const applicant of eligible.filter((_, index) => index % 19 === 7)) {
    const version = db.select({ version: schema.cases.version }).from(schema.cases).where(eq(schema.cases.id, applicant.caseId)).get()!.version;
    withdrawCase(officer, applicant.caseId, version, "Заявник знайшов роботу за наймом і відмовився від участі.");
    bump("withdrawn before a decision");
  }
  bump("approved", approved.length);

  // -------------------------------------------------------------------------------------------
  // Agreements: the last approvals wait for theirs, a few are drafts, the rest are signed.
  const agreementVersion = (id: number) => db.select({ version: schema.grantAgreements.version }).from(schema.grantAgreements).where(eq(schema.grantAgreements.id, id)).get()!.version;
  const trancheVersion = (id: number) => db.select({ version: schema.grantTranches.version }).from(schema.grantTranches).where(eq(schema.grantTranches.id, id)).get()!.version;
  const displacementOf = (caseId: number) => {
    const latest = db.select().from(schema.displacementRecords).where(eq(schema.displacementRecords.caseId, caseId)).orderBy(asc(schema.displacementRecords.id)).all().at(-1)!;
    return { status: latest.status ?? "other", idpCertificateNumber: latest.idpCertificateNumber, idpCertificateDate: latest.idpCertificateDate };
  };
  type Signed = Approved & { agreementId: number; signedOn: IsoDate; tranches: number[] };
  const signed: Signed[] = [];
  approved.sort((a, b) => (a.committeeDate < b.committeeDate ? -1 : a.committeeDate > b.committeeDate ? 1 : a.caseId - b.caseId));
  approved.forEach((grant, index) => {
    const fromLast = approved.length - index;
    if (fromLast <= 10) return; // agreements to prepare
    const source = sources[index % 2];
    const createdOn = notAfter(addDays(grant.committeeDate, between(4, 10)));
    const draft = createAgreement(
      officer,
      grant.caseId,
      { currency: "UAH", amountMinor: grant.inKindMinor + grant.cashMinor, inKindMinor: grant.inKindMinor, cashMinor: grant.cashMinor, fundingSourceId: source.id, budgetLineId: grant.inKindMinor ? source.lines.inKind : source.lines.cash },
      createdOn,
    );
    const signedOn = notAfter(addDays(createdOn, between(3, 12)));
    if (grant.cashMinor) {
      // Cash in two tranches; a mixed grant's cash part in one. The second waits for receipts.
      const first = grant.inKindMinor ? grant.cashMinor : Math.round(grant.cashMinor * 0.6 / 100) * 100;
      const plan = [{ amountMinor: first, plannedOn: addDays(signedOn, 7), requirements: [] as string[] }];
      if (first < grant.cashMinor) plan.push({ amountMinor: grant.cashMinor - first, plannedOn: addDays(signedOn, 75), requirements: ["Чеки за першим траншем перевірено під час візиту ментора"] });
      setTranchePlan(officer, draft.id, { version: agreementVersion(draft.id), tranches: plan });
    }
    if (fromLast <= 16) {
      bump("draft agreements");
      return;
    }
    signAgreement(officer, draft.id, { version: agreementVersion(draft.id), signedOn, displacement: displacementOf(grant.caseId) });
    const tranches = db.select({ id: schema.grantTranches.id }).from(schema.grantTranches).where(eq(schema.grantTranches.agreementId, draft.id)).orderBy(asc(schema.grantTranches.sequence)).all().map((row) => row.id);
    signed.push({ ...grant, agreementId: draft.id, signedOn, tranches });
  });
  bump("signed agreements", signed.length);

  // -------------------------------------------------------------------------------------------
  // Cash: tranche 1 a week after signing (a few transfers fail and are retried), tranche 2 once
  // the mentor has verified the receipts at a visit, requested by one officer, approved by another.
  const pay = (trancheId: number, paidOn: IsoDate, reference: string) =>
    recordPayment(officer, trancheId, { version: trancheVersion(trancheId), outcome: "paid", paidOn, payerAccount, bankReference: reference });
  const requestAndApprove = (trancheId: number, requester: CurrentUser, approver: CurrentUser) => {
    requestTranche(requester, trancheId, { version: trancheVersion(trancheId) });
    approveTranche(approver, trancheId, { version: trancheVersion(trancheId) });
  };
  // The newest cash grants show the steps still open: the very last wait for a second officer's
  // approval of tranche 1; then tranche 2's receipts wait for the mentor (mentor@example.org's
  // cases first, for their home page), then tranches verified and ready to be requested.
  const cashGrants = signed.filter((grant) => grant.cashMinor > 0);
  const awaitingApproval = new Set(cashGrants.slice(-3));
  const twoTranches = cashGrants.filter((grant) => grant.tranches.length === 2 && !awaitingApproval.has(grant));
  const newest = twoTranches.slice(-30);
  const awaitingMentor = new Set([...newest.filter((grant) => grant.mentorId === users.mentor.id).slice(-4), ...newest.filter((grant) => grant.mentorId !== users.mentor.id).slice(-4)]);
  const readyToRequest = new Set(twoTranches.filter((grant) => !awaitingMentor.has(grant)).slice(-5));
  for (const [index, grant] of cashGrants.entries()) {
    const [first, second] = grant.tranches;
    const firstOn = notAfter(addDays(grant.signedOn, 7));
    if (awaitingApproval.has(grant)) {
      // Requested by officer2 (officer@example.org approves it) or by officer (officer2 does).
      requestTranche(index % 3 === 0 ? officer : officer2, first, { version: trancheVersion(first) });
      bump("tranches awaiting approval");
      continue;
    }
    requestAndApprove(first, officer, officer2);
    let paidOn = firstOn;
    if (index % 23 === 5) {
      recordPayment(officer, first, { version: trancheVersion(first), outcome: "failed", paidOn: firstOn, payerAccount, failureReason: "Рахунок отримувача закрито банком; отримувач відкриває новий." });
      if (index % 92 === 5) {
        bump("failed payments waiting for a retry");
        continue;
      }
      paidOn = notAfter(addDays(firstOn, 4));
      pay(first, paidOn, `PAY-${first}-R`);
      bump("payments retried");
    } else pay(first, paidOn, `PAY-${first}`);
    if (!second) continue;
    if (awaitingMentor.has(grant)) {
      bump("requirements waiting for the mentor");
      continue;
    }
    const visitedOn = notAfter(addDays(paidOn, between(40, 60)));
    const requirement = db.select().from(schema.grantTrancheRequirements).where(eq(schema.grantTrancheRequirements.trancheId, second)).get()!;
    const verifier: CurrentUser = grant.mentorId === users.mentor.id ? users.mentor : grant.mentorId === users.lvivMentor.id ? users.lvivMentor : officer;
    verifyRequirement(verifier, requirement.id, { version: requirement.version, evidenceNote: `Чеки на ${Math.round((grant.cashMinor * 0.6) / 100)} грн перевірено під час візиту; товари на місці.` });
    if (readyToRequest.has(grant)) {
      bump("tranches ready to request");
      continue;
    }
    requestAndApprove(second, officer2, officer);
    pay(second, notAfter(addDays(visitedOn, 7)), `PAY-${second}`);
  }

  // -------------------------------------------------------------------------------------------
  // In kind: purchases of about ten grantees' equipment, three quotations each, the order, the
  // delivery checked with serial numbers, and an act per grantee signed at the handover.
  const inKindGrants = signed.filter((grant) => grant.inKindMinor > 0);
  const batches: Signed[][] = [];
  for (let i = 0; i < inKindGrants.length; i += 10) batches.push(inKindGrants.slice(i, i + 10));
  const purchaseVersion = (id: number) => db.select({ version: schema.purchases.version }).from(schema.purchases).where(eq(schema.purchases.id, id)).get()!.version;
  const itemsOf = (purchaseId: number) => db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchaseId)).orderBy(asc(schema.purchaseItems.position)).all();
  let serial = 0;
  batches.forEach((batch, batchIndex) => {
    const fromLast = batches.length - batchIndex;
    const openedOn = notAfter(batch.map((grant) => grant.signedOn).sort().at(-1)!);
    const items = batch.flatMap((grant) => grant.inKind.map((line) => ({ planBudgetLineId: line.lineId, name: line.item, model: line.model ?? undefined, unit: line.unit, quantity: 1, estimatedUnitPriceMinor: line.unitCostMinor, serialised: line.serialised })));
    const describe = `Обладнання для ${batch.length} грантоотримувачів (${batchIndex + 1})`;
    if (batchIndex === 3) {
      // A purchase cancelled when its supplier market changed; its lines were bought again.
      const cancelled = createPurchase(officer, { programmeId: programme.id, description: `${describe}: перший запит`, items }, openedOn);
      cancelPurchase(officer, cancelled.id, { version: purchaseVersion(cancelled.id), reason: "Постачальники відкликали пропозиції через зміну цін; закупівлю оголошено повторно." });
      bump("purchases cancelled");
    }
    const purchase = createPurchase(officer, { programmeId: programme.id, description: describe, items }, openedOn);
    if (fromLast === 1) return bump("purchases in draft");
    const purchaseItems = itemsOf(purchase.id);
    const quote = (supplierIndex: number, markup: number, receivedOn: IsoDate) =>
      recordQuotation(officer, purchase.id, {
        version: purchaseVersion(purchase.id),
        supplierId: suppliers[supplierIndex],
        receivedOn,
        reference: `КП-${purchase.id}-${supplierIndex + 1}`,
        prices: purchaseItems.map((item) => ({ purchaseItemId: item.id, unitPriceMinor: Math.round((item.estimatedUnitPriceMinor * markup) / 100) * 100 })),
      }).quotation.id;
    const quotedOn = notAfter(addDays(openedOn, 3));
    const chosen = quote(batchIndex % 4, 1, quotedOn);
    quote((batchIndex + 1) % 4, 1.06, quotedOn);
    if (fromLast === 2) return bump("purchases quoting");
    quote((batchIndex + 2) % 4, 1.11, notAfter(addDays(openedOn, 4)));
    const orderedOn = notAfter(addDays(openedOn, 6));
    placeOrder(officer, purchase.id, { version: purchaseVersion(purchase.id), quotationId: chosen, choiceReason: "Найнижча ціна за повної відповідності специфікації; доставка до громад отримувачів.", orderNumber: `PO-EEP25-${String(batchIndex + 1).padStart(3, "0")}`, orderedOn });
    if (fromLast === 3) return bump("purchases ordered");
    const deliveredOn = notAfter(addDays(orderedOn, between(7, 14)));
    recordDelivery(officer, purchase.id, {
      version: purchaseVersion(purchase.id),
      deliveredOn,
      waybillNumber: `ВН-${purchase.id}`,
      lines: purchaseItems.map((item) => ({
        purchaseItemId: item.id,
        quantityReceived: item.quantity,
        serialNumbers: item.serialised ? [`SN${String(++serial).padStart(6, "0")}-${item.id}`] : [],
        defectiveSerialNumbers: [] as string[],
        defectiveQuantity: 0,
      })),
    });
    for (const grant of batch) {
      const handedOverOn = notAfter(addDays(deliveredOn, between(2, 9)));
      const act = prepareHandoverAct(officer, grant.agreementId, {
        actDate: handedOverOn,
        place: "Громада отримувача",
        agencyRepresentativePosition: "Фахівчиня із закупівель",
        agencyRepresentativeName: "Олена Коваль",
        beneficiaryIdDocument: `ID-картка № ${String(100_000_000 + grant.caseId * 37).slice(-9)}`,
      });
      // The latest delivery's acts wait for their signatures.
      if (fromLast === 4) {
        bump("acts to sign");
        continue;
      }
      signHandoverAct(officer, act.id, { version: act.version, handedOverOn }, today);
      bump("acts signed");
    }
    if (fromLast === 4) bump("purchases delivered");
  });
  // -------------------------------------------------------------------------------------------
  // After the grant: a return of unspent cash, and withdrawals (one cash, one in kind with its
  // equipment recovered). Both stay in the outcome cohort (they have a time origin).
  const paidCash = signed.filter((grant) => grant.cashMinor > 0 && !grant.inKindMinor && db.select({ state: schema.grantTranches.state }).from(schema.grantTranches).where(eq(schema.grantTranches.id, grant.tranches[0])).get()!.state === "paid");
  const returned = paidCash[2];
  if (returned) {
    const entry = db
      .select()
      .from(schema.grantLedgerEntries)
      .where(and(eq(schema.grantLedgerEntries.agreementId, returned.agreementId), eq(schema.grantLedgerEntries.kind, "disbursement")))
      .orderBy(asc(schema.grantLedgerEntries.id))
      .get()!;
    recordReversal(officer, entry.id, { kind: "return", amountMinor: 3_500_00, effectiveOn: notAfter(addDays(entry.effectiveOn, 30)), note: "Повернення невикористаного залишку першого траншу (оренду знайдено дешевше)." });
    bump("returns");
  }
  const withdrawnCash = paidCash.find((grant) => grant.tranches.length === 2 && db.select({ state: schema.grantTranches.state }).from(schema.grantTranches).where(eq(schema.grantTranches.id, grant.tranches[1])).get()!.state === "planned" && grant !== returned);
  if (withdrawnCash) {
    const origin = db.select({ on: schema.grantAgreements.timeOriginOn }).from(schema.grantAgreements).where(eq(schema.grantAgreements.id, withdrawnCash.agreementId)).get()!.on!;
    withdrawAfterGrant(officer, withdrawnCash.agreementId, { version: agreementVersion(withdrawnCash.agreementId), withdrawnOn: notAfter(addDays(origin, 40)), reason: "Отримувачка виїхала до іншої області; бізнес не розпочато." });
    bump("withdrawn after the grant");
  }
  const handedOver = inKindGrants.find((grant) => db.select({ status: schema.grantAgreements.status }).from(schema.grantAgreements).where(eq(schema.grantAgreements.id, grant.agreementId)).get()!.status === "completed");
  if (handedOver) {
    const origin = db.select({ on: schema.grantAgreements.timeOriginOn }).from(schema.grantAgreements).where(eq(schema.grantAgreements.id, handedOver.agreementId)).get()!.on!;
    const withdrawnOn = notAfter(addDays(origin, 60));
    withdrawAfterGrant(officer, handedOver.agreementId, { version: agreementVersion(handedOver.agreementId), withdrawnOn, reason: "Отримувач припинив діяльність і виїхав; обладнання повернуто агенції." });
    for (const item of db.select().from(schema.equipmentItems).where(eq(schema.equipmentItems.agreementId, handedOver.agreementId)).all()) {
      recordEquipmentRecovery(officer, item.id, { recoveredOn: notAfter(addDays(withdrawnOn, 5)), reason: "Вибуття після гранту", condition: "working", recoveredBy: "Олена Коваль (агенція)" });
    }
    bump("withdrawn after the grant");
  }

  const grantees = db
    .select({ caseId: schema.grantAgreements.caseId, agreementId: schema.grantAgreements.id, inKindMinor: schema.grantAgreements.inKindMinor, cashMinor: schema.grantAgreements.cashMinor, timeOriginOn: schema.grantAgreements.timeOriginOn, mentorId: schema.cases.mentorId })
    .from(schema.grantAgreements)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.grantAgreements.caseId))
    .where(eq(schema.grantAgreements.programmeId, programme.id))
    .all()
    .filter((row) => row.timeOriginOn !== null);
  bump("grants received", grantees.length);
  return { programmeId: programme.id, sources, supplierIds: suppliers, grantees, counts };
}
