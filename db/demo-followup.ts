// Follow-up in the demo (domain.md §7, §10): mentors' visits to the businesses of the previous
// programme phase, EEP-2025, whose grants reached their beneficiaries over the last 18–20 months.
// When the grants demo (db/demo-grants.ts) has made that phase, the visits build on its
// agreements; otherwise a smaller cohort is made here through the grants core (agreements
// signed, equipment bought, delivered and handed over by a signed act; cash tranches requested,
// approved by another person and paid), whose time origins plan the visits. The visits go through
// recordVisit. Patterns the outcomes page shows: most businesses operating, some suspended, a
// share closed (more among start-ups), some owners unreachable, about 2% of owners moved abroad
// (the seed documents' figure), hires and departures, revenue rising for most. mentor@example.org
// finds two overdue visits (the earliest first), a due one and a missed one: visits rescheduled
// with a reason, as a mentor would.
import { and, asc, eq } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { addDays, addMonths, compareIsoDates, type IsoDate } from "~/lib/kyiv-date";
import { createProgramme } from "~/modules/admin/programmes.server";
import { rosterBefore } from "~/modules/followup/roster.server";
import { saveSchedule } from "~/modules/followup/schedules.server";
import type { NewWorkerLine, RosterLine } from "~/modules/followup/visit-form";
import { rescheduleVisit } from "~/modules/followup/planning.server";
import { handedOverItems, recordVisit, type VisitInput } from "~/modules/followup/visits.server";
import { createAgreement, setTranchePlan, signAgreement } from "~/modules/grants/agreements.server";
import { createFundingSource } from "~/modules/grants/funding.server";
import { prepareHandoverAct, signHandoverAct } from "~/modules/grants/handover-act.server";
import { createPurchase, placeOrder, recordDelivery, recordQuotation, saveProcurementSettings } from "~/modules/grants/procurement.server";
import { createSupplier } from "~/modules/grants/suppliers.server";
import { approveTranche, recordPayment, requestTranche } from "~/modules/grants/tranches.server";
import { registerApplicantIn } from "~/modules/intake/intake.server";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import { applicantSchema } from "~/modules/intake/schema";
import { mentoringTopics, visitProblems } from "./enums";
import { femaleFirstNames, maleFirstNames, patronymics, seededRandom, surnames } from "./demo-people";
import { demoPlaces } from "./demo-places";

type User = typeof schema.users.$inferSelect;
type Users = { admin: User; officer: User; mentor: User; lvivMentor: User };
type Partners = { dnipro: number; lviv: number; vinnytsia: number };

export const followUpCohort = 56;

const businessNames = ["Швейна майстерня", "Пекарня", "Перукарня", "Теплиця", "Пасіка", "СТО", "Столярня", "Кав'ярня", "Ремонт взуття", "Фотостудія"];
const oblastsOf: Record<keyof Partners, string[]> = { dnipro: ["UA12", "UA23"], lviv: ["UA46", "UA07"], vinnytsia: ["UA05", "UA68"] };

type Grantee = {
  caseId: number;
  agreementId: number;
  personSex: "female" | "male";
  displacement: "idp" | "host" | "returnee" | "other";
  kind: "startup" | "existing";
  origin: IsoDate;
  hromada: string | null;
  visitor: CurrentUser;
  mentorId: number | null;
  withdrawn: boolean;
  /** Cash grants made here: the second tranche's requirement, verified at the first visit. */
  requirementId: number | null;
  secondTrancheId: number | null;
  baselineRevenueMinor: number | null;
};

export function seedFollowUp(users: Users, partners: Partners, today: IsoDate) {
  const random = seededRandom(1010);
  const officer: CurrentUser = users.officer;
  const admin: CurrentUser = users.admin;
  const visitorOf = (mentorId: number | null): CurrentUser => (mentorId === users.mentor.id ? users.mentor : mentorId === users.lvivMentor.id ? users.lvivMentor : officer);
  const phase = db.select().from(schema.programmes).where(eq(schema.programmes.code, "EEP-2025")).get();
  const received = phase ? grantsReceived(phase.id, visitorOf) : [];
  const grantees = received.length ? received : makeCohort(users, partners, today, random, visitorOf);

  // About 2% of owners now live abroad; a few moved within Ukraine.
  const visited = grantees.filter((grantee) => !grantee.withdrawn && compareIsoDates(grantee.origin, addMonths(today, -4)) < 0);
  const abroad = new Set(visited.filter((_, index) => index % 50 === 7).map((grantee) => grantee.caseId));
  const movers = new Set(grantees.filter((_, index) => index % 17 === 5).map((grantee) => grantee.caseId));
  let visits = 0;
  // One transaction around them all: each visit's own transaction becomes a savepoint (faster seed).
  db.transaction(() => {
    for (const grantee of grantees) {
      visits += followUpVisits(grantee, {
        today,
        random,
        officer,
        admin,
        abroad: abroad.has(grantee.caseId),
        moves: movers.has(grantee.caseId),
        // mentor@example.org's visits whose window is open are all made: the queue then shows the
        // visits scripted below, in a known order.
        madeWhenOpen: grantee.mentorId === users.mentor.id,
      });
    }
  });
  const queue = scriptMentorQueue(users.mentor, grantees, today);
  return { grantees: grantees.length, visits, madeHere: received.length === 0, queue };
}

// The grants demo's agreements that reached their beneficiary.
function grantsReceived(programmeId: number, visitorOf: (mentorId: number | null) => CurrentUser): Grantee[] {
  return db
    .select({ agreement: schema.grantAgreements, caseRow: schema.cases, sex: schema.persons.sex, business: schema.businesses })
    .from(schema.grantAgreements)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.grantAgreements.caseId))
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .innerJoin(schema.businesses, eq(schema.businesses.caseId, schema.cases.id))
    .where(eq(schema.grantAgreements.programmeId, programmeId))
    .orderBy(asc(schema.grantAgreements.id))
    .all()
    .filter(({ agreement }) => agreement.timeOriginOn !== null && agreement.status !== "cancelled")
    .map(({ agreement, caseRow, sex, business }) => ({
      caseId: caseRow.id,
      agreementId: agreement.id,
      personSex: sex === "male" ? "male" : "female",
      displacement: caseRow.displacementStatus ?? "other",
      kind: business.kind ?? "startup",
      origin: agreement.timeOriginOn!,
      hromada: caseRow.hromadaPcode,
      visitor: visitorOf(caseRow.mentorId),
      mentorId: caseRow.mentorId,
      withdrawn: agreement.status === "withdrawn",
      requirementId: null,
      secondTrancheId: null,
      baselineRevenueMinor: business.baselineMonthlyRevenueMinor,
    }));
}

/**
 * mentor@example.org's queue: among their in-kind grants followed up so far (owner on the roster,
 * business open), the next visit of two is brought forward to 5 and 3 days ago (overdue), one to
 * 6 days from now (due) and one to 20 days ago (missed), each rescheduled with a reason.
 */
function scriptMentorQueue(mentor: CurrentUser, grantees: Grantee[], today: IsoDate) {
  const targets: Array<[string, IsoDate, string]> = [
    ["overdue", addDays(today, -5), "Власниця попросила прийти раніше: готує замовлення до свят."],
    ["overdue", addDays(today, -3), "Перенесено на прохання власника: сезон ярмарків."],
    ["due", addDays(today, 6), "Власниця у від'їзді до кінця тижня."],
    ["missed", addDays(today, -20), "Перенесено: відключення світла в громаді."],
  ];
  const done: Array<{ state: string; caseId: number; plannedVisitId: number }> = [];
  for (const grantee of grantees) {
    if (done.length === targets.length) break;
    if (grantee.mentorId !== mentor.id || grantee.withdrawn) continue;
    if (!handedOverItems(db, grantee.agreementId).some((item) => item.serialNumber)) continue;
    const made = db.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.agreementId, grantee.agreementId)).orderBy(asc(schema.followUpVisits.visitDate)).all();
    const last = made.at(-1);
    if (!last || (last.operatingStatus !== "operating" && last.operatingStatus !== "suspended")) continue;
    if (!rosterBefore(db, grantee.caseId, today).workers.some((worker) => worker.role === "owner" && worker.endDate === null)) continue;
    const next = db
      .select({ planned: schema.plannedVisits, visitId: schema.followUpVisits.id })
      .from(schema.plannedVisits)
      .leftJoin(schema.followUpVisits, eq(schema.followUpVisits.plannedVisitId, schema.plannedVisits.id))
      .where(eq(schema.plannedVisits.agreementId, grantee.agreementId))
      .orderBy(asc(schema.plannedVisits.monthsAfterOrigin))
      .all()
      .find((row) => row.visitId === null && row.planned.skippedReason === null && compareIsoDates(row.planned.dueDate, last.visitDate) > 0);
    const [state, dueDate, reason] = targets[done.length];
    if (!next || compareIsoDates(dueDate, last.visitDate) <= 0 || next.planned.dueDate === dueDate) continue;
    rescheduleVisit(mentor, next.planned.id, { version: next.planned.version, newDueDate: dueDate, reason });
    done.push({ state, caseId: grantee.caseId, plannedVisitId: next.planned.id });
  }
  return done;
}

// A cohort made here when the grants demo has not made the phase: registered applicants,
// approved directly, whose agreements go through the grants core.
function makeCohort(users: Users, partners: Partners, today: IsoDate, random: () => number, visitorOf: (mentorId: number | null) => CurrentUser): Grantee[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const officer: CurrentUser = users.officer;
  const admin: CurrentUser = users.admin;
  const start = addMonths(today, -24);
  const programme = createProgramme(null, {
    code: "EEP-2025",
    name: "Economic Empowerment Programme 2025",
    nameUk: "Програма економічного розширення можливостей 2025",
    donor: "Demo donor (humanitarian aid)",
    currency: "UAH",
    grantCeilingMinor: 200_000_00,
    budgetEnvelopeMinor: 10_000_000_00,
    followUpOffsetsMonths: [3, 6, 12, 18],
    minReviewers: 2,
    trainingRequired: true,
    smallCellThreshold: 5,
    startDate: start,
    endDate: addMonths(today, 6),
    active: true,
  });
  db.insert(schema.programmeMembers).values({ programmeId: programme.id, userId: users.officer.id }).run();
  // Cash grants are visited a month after the first tranche too (the second tranche's check).
  const stages = (months: number[], optionalFirst: boolean) =>
    months.map((monthsAfterOrigin, index) => ({
      monthsAfterOrigin,
      windowDaysBefore: index === 0 && optionalFirst ? 10 : 15,
      windowDaysAfter: index === 0 && optionalFirst ? 10 : 15,
      required: !(index === 0 && optionalFirst),
    }));
  saveSchedule(admin, programme.id, "all", { version: 0, effectiveFrom: start, stages: stages([3, 6, 12, 18], false) }, addDays(start, -1));
  saveSchedule(admin, programme.id, "cash", { version: 0, effectiveFrom: start, stages: stages([1, 3, 6, 12, 18], true) }, addDays(start, -1));

  const source = createFundingSource(admin, {
    name: "Demo donor grant 2025–2027",
    donor: "Demo donor (humanitarian aid)",
    reference: "DG-2025-EEP",
    currency: "UAH",
    totalMinor: 5_000_000_00,
    periodStart: start,
    periodEnd: addMonths(today, 12),
    programmeIds: [programme.id],
    budgetLines: [
      { code: "2.1", name: "Гранти в натуральній формі", amountMinor: 3_000_000_00 },
      { code: "2.2", name: "Грошові гранти", amountMinor: 2_000_000_00 },
    ],
  });
  const [inKindLine, cashLine] = db.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.fundingSourceId, source.id)).orderBy(asc(schema.fundingBudgetLines.code)).all();
  saveProcurementSettings(admin, programme.id, {
    version: 0,
    minQuotations: 3,
    quotationThresholdMinor: 50_000_00,
    issuerNameUk: "Демонстраційна агенція з питань засобів до існування",
    issuerNameEn: "Demo Livelihoods Agency",
    issuerEdrpou: "14360570",
  });
  const supplier = createSupplier(officer, { name: "ТОВ «Обладнання для малого бізнесу»", code: "00032129", oblastPcodes: [] });

  const grantees: Grantee[] = [];
  for (let index = 0; index < followUpCohort; index += 1) {
    const partnerKey: keyof Partners = index % 4 === 3 ? "vinnytsia" : index % 4 === 2 ? "lviv" : "dnipro";
    const partnerId = partners[partnerKey];
    // Vinnytsia's NGO has no mentor on the system yet: its cases wait for an assignment, and officers visit.
    const mentor = partnerKey === "dnipro" ? users.mentor : partnerKey === "lviv" ? users.lvivMentor : null;
    const origin = addDays(addMonths(today, -20), between(0, 560));
    const kind = random() < 0.55 ? "startup" : "existing";
    const modality = random() < 0.6 ? "in_kind" : "cash";
    const signedOn = addDays(origin, modality === "cash" ? -12 : -35);
    const applicationDate = addDays(signedOn, -between(60, 120));
    const female = random() < 0.63;
    const [maleSurname, femaleSurname] = pick(surnames);
    const [malePatronymic, femalePatronymic] = pick(patronymics);
    const oblast = pick(oblastsOf[partnerKey]);
    const hromadas = demoPlaces.filter((place) => place.level === 3 && place.pcode.startsWith(oblast));
    const hromada = hromadas.length ? pick(hromadas).pcode : null;
    const displacement: Grantee["displacement"] = random() < 0.6 ? "idp" : random() < 0.9 ? "host" : "returnee";
    const birthDate = `${1965 + between(0, 38)}-${String(between(1, 12)).padStart(2, "0")}-${String(between(1, 28)).padStart(2, "0")}`;
    const baselineRevenue = kind === "existing" ? between(15, 70) * 1_000 : null;
    const form: Record<string, string | string[]> = {
      programmeId: String(programme.id),
      applicationDate,
      surname: female ? femaleSurname : maleSurname,
      firstName: female ? pick(femaleFirstNames) : pick(maleFirstNames),
      patronymic: female ? femalePatronymic : malePatronymic,
      sex: female ? "female" : "male",
      birthDate,
      rnokpp: makeRnokpp(birthDate, female ? "female" : "male", 3000 + index),
      phone: `+38050${String(2_000_000 + index * 7907).slice(-7)}`,
      consentGivenOn: applicationDate,
      consentTakenBy: users.officer.name,
      consentPurposes: ["registration", "screening", "grant", "follow_up"],
      referralSource: "partner_ngo",
      displacementStatus: displacement,
      currentOblastPcode: oblast,
      householdSize: String(between(1, 5)),
      children: "0",
      olderMembers: "0",
      membersWithDisability: "0",
      monthlyHouseholdIncomeMinor: String(between(5, 20) * 1000),
      businessKind: kind,
      businessName: `${pick(businessNames)} «${female ? femaleSurname : maleSurname}»`,
      kvedCode: pick(["14.13", "10.71", "96.02", "45.20", "01.13", "16.23", "56.10"]),
      requestedModality: modality,
      requestedAmountMinor: "40000",
      coContributionMinor: "5000",
      partnerOrganisationId: String(partnerId),
    };
    if (hromada) form.currentHromadaPcode = hromada;
    if (mentor) form.mentorId = String(mentor.id);
    if (displacement === "idp") {
      form.idpCertificateNumber = `${String(2000 + index).padStart(4, "0")}-${String(6_000_000 + index * 17).slice(-7)}`;
      form.idpCertificateDate = "2023-05-10";
      form.originOblastPcode = pick(["UA14", "UA44", "UA65", "UA23"]);
    }
    if (kind === "existing") {
      form.legalForm = "fop_2";
      form.registrationDate = `${2017 + between(0, 6)}-0${between(1, 9)}-1${between(0, 9)}`;
      form.baselinePaidFullTimeFemale = String(between(0, 1));
      form.baselinePaidPartTimeMale = String(between(0, 1));
      form.baselineMonthlyRevenueMinor = String(baselineRevenue);
      form.baselineMonthlyNetIncomeMinor = String(Math.round((baselineRevenue ?? 0) * 0.3));
    }
    const registered = db.transaction((tx) => registerApplicantIn(tx, officer, applicantSchema.parse(form)));
    if (registered.kind !== "created") continue;
    const caseId = registered.caseId;
    const approvedMinor = 40_000_00;
    approveDirectly(caseId, approvedMinor, modality, addDays(signedOn, -20));

    const displacementConfirmation =
      displacement === "idp" ? { status: "idp" as const, idpCertificateNumber: String(form.idpCertificateNumber), idpCertificateDate: "2023-05-10" } : { status: displacement };
    let agreementId: number;
    let requirementId: number | null = null;
    let secondTrancheId: number | null = null;
    const versionOf = (id: number) => db.select({ version: schema.grantAgreements.version }).from(schema.grantAgreements).where(eq(schema.grantAgreements.id, id)).get()!.version;
    if (modality === "in_kind") {
      const draft = createAgreement(
        officer,
        caseId,
        { currency: "UAH", amountMinor: approvedMinor, inKindMinor: approvedMinor, cashMinor: 0, fundingSourceId: source.id, budgetLineId: inKindLine.id },
        signedOn
      );
      agreementId = signAgreement(officer, draft.id, { version: versionOf(draft.id), signedOn, displacement: displacementConfirmation }).id;
      handOverEquipment(officer, { programmeId: programme.id, caseId, agreementId, supplierId: supplier.id, signedOn, handedOverOn: origin, today });
    } else {
      const draft = createAgreement(
        officer,
        caseId,
        { currency: "UAH", amountMinor: approvedMinor, inKindMinor: 0, cashMinor: approvedMinor, fundingSourceId: source.id, budgetLineId: cashLine.id },
        signedOn
      );
      setTranchePlan(officer, draft.id, {
        version: versionOf(draft.id),
        tranches: [
          { amountMinor: 20_000_00, plannedOn: addDays(signedOn, 7), requirements: [] },
          { amountMinor: 20_000_00, plannedOn: addDays(origin, 45), requirements: ["Чеки за перший транш перевірено під час візиту ментора"] },
        ],
      });
      agreementId = signAgreement(officer, draft.id, { version: versionOf(draft.id), signedOn, displacement: displacementConfirmation }).id;
      const [first, second] = db.select().from(schema.grantTranches).where(eq(schema.grantTranches.agreementId, agreementId)).orderBy(asc(schema.grantTranches.sequence)).all();
      payTranche(officer, admin, first.id, origin);
      secondTrancheId = second.id;
      requirementId = db.select({ id: schema.grantTrancheRequirements.id }).from(schema.grantTrancheRequirements).where(eq(schema.grantTrancheRequirements.trancheId, second.id)).get()!.id;
    }
    grantees.push({
      caseId,
      agreementId,
      personSex: female ? "female" : "male",
      displacement,
      kind,
      origin,
      hromada,
      visitor: visitorOf(mentor?.id ?? null),
      mentorId: mentor?.id ?? null,
      withdrawn: false,
      requirementId,
      secondTrancheId,
      baselineRevenueMinor: baselineRevenue === null ? null : baselineRevenue * 100,
    });
  }
  return grantees;
}

// The steps before the agreement, written directly: an eligible applicant, trained, whose plan
// (with its in-kind line) the committee approved.
function approveDirectly(caseId: number, approvedMinor: number, modality: "in_kind" | "cash", committeeDate: IsoDate) {
  db.update(schema.cases)
    .set({ stage: "grant_agreement", eligibility: "eligible", decision: "approved", approvedAmountMinor: approvedMinor, trainingCompletedOn: addDays(committeeDate, -30) })
    .where(eq(schema.cases.id, caseId))
    .run();
  const plan = db.insert(schema.businessPlans).values({ caseId, status: "decided" }).returning().get();
  const version = db
    .insert(schema.businessPlanVersions)
    .values({ planId: plan.id, number: 1, summary: "Розширення справи за рахунок обладнання.", submittedAt: `${committeeDate}T09:00:00.000Z` })
    .returning()
    .get();
  if (modality === "in_kind") {
    db.insert(schema.budgetLines).values({ planVersionId: version.id, position: 1, item: "Професійна швейна машина", quantity: 2, unitCostMinor: 14_000_00, modality: "in_kind" }).run();
  } else {
    db.insert(schema.budgetLines).values({ planVersionId: version.id, position: 1, item: "Сировина та оренда", quantity: 1, unitCostMinor: 40_000_00, modality: "cash" }).run();
  }
  db.insert(schema.committeeDecisions)
    .values({
      caseId,
      planVersionId: version.id,
      decision: "approved",
      amountMinor: approvedMinor,
      modality,
      conditions: "Зареєструвати ФОП протягом 30 днів.",
      committeeDate,
      members: ["Оксана Коваль", "Ігор Рецензент", "Галина Мельник"],
    })
    .run();
}

// Two serialised machines bought, delivered and handed over by a signed act (its date is the time origin).
function handOverEquipment(officer: CurrentUser, options: { programmeId: number; caseId: number; agreementId: number; supplierId: number; signedOn: IsoDate; handedOverOn: IsoDate; today: IsoDate }) {
  const planLine = db
    .select({ id: schema.budgetLines.id })
    .from(schema.budgetLines)
    .innerJoin(schema.committeeDecisions, eq(schema.committeeDecisions.planVersionId, schema.budgetLines.planVersionId))
    .where(and(eq(schema.committeeDecisions.caseId, options.caseId), eq(schema.budgetLines.modality, "in_kind")))
    .get()!;
  const purchase = createPurchase(
    officer,
    {
      programmeId: options.programmeId,
      description: "Швейні машини для грантерки",
      items: [{ planBudgetLineId: planLine.id, name: "Професійна швейна машина", model: "Janome HD-1800", unit: "piece", quantity: 2, estimatedUnitPriceMinor: 14_000_00, serialised: true }],
    },
    addDays(options.signedOn, 2)
  );
  const item = db.select().from(schema.purchaseItems).where(eq(schema.purchaseItems.purchaseId, purchase.id)).get()!;
  const version = () => db.select({ version: schema.purchases.version }).from(schema.purchases).where(eq(schema.purchases.id, purchase.id)).get()!.version;
  const quotation = recordQuotation(officer, purchase.id, {
    version: version(),
    supplierId: options.supplierId,
    receivedOn: addDays(options.signedOn, 4),
    prices: [{ purchaseItemId: item.id, unitPriceMinor: 13_800_00 }],
  });
  placeOrder(officer, purchase.id, { version: version(), quotationId: quotation.quotation.id, orderNumber: `PO-${purchase.id}`, orderedOn: addDays(options.signedOn, 6) });
  recordDelivery(officer, purchase.id, {
    version: version(),
    deliveredOn: addDays(options.signedOn, 15),
    lines: [{ purchaseItemId: item.id, quantityReceived: 2, serialNumbers: [`JH${options.caseId}-1`, `JH${options.caseId}-2`], defectiveSerialNumbers: [], defectiveQuantity: 0 }],
  });
  const act = prepareHandoverAct(officer, options.agreementId, {
    actDate: options.handedOverOn,
    place: "м. Дніпро",
    agencyRepresentativePosition: "Фахівчиня із закупівель",
    agencyRepresentativeName: "Олена Коваль",
    beneficiaryIdDocument: "ID-картка № 001234567",
  });
  signHandoverAct(officer, act.id, { version: act.version, handedOverOn: options.handedOverOn }, options.today);
}

// A tranche requested by one officer, approved by another person and paid (§9: four eyes).
function payTranche(officer: CurrentUser, approver: CurrentUser, trancheId: number, paidOn: IsoDate) {
  const version = () => db.select({ version: schema.grantTranches.version }).from(schema.grantTranches).where(eq(schema.grantTranches.id, trancheId)).get()!.version;
  requestTranche(officer, trancheId, { version: version() });
  approveTranche(approver, trancheId, { version: version() });
  recordPayment(officer, trancheId, { version: version(), outcome: "paid", paidOn, payerAccount: "UA213223130000026007233566001", bankReference: `PAY-${trancheId}-${paidOn}` });
}

type Options = { today: IsoDate; random: () => number; officer: CurrentUser; admin: CurrentUser; abroad: boolean; moves: boolean; madeWhenOpen: boolean };

/**
 * A business's visits: each planned visit whose window has opened is made (mostly on time), left
 * undone, or skipped; the business may be suspended, close, or be unreachable; workers join and
 * leave; revenue moves. Returns how many visits were recorded.
 */
function followUpVisits(grantee: Grantee, { today, random, officer, admin, abroad, moves, madeWhenOpen }: Options): number {
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const planned = db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.agreementId, grantee.agreementId)).orderBy(asc(schema.plannedVisits.monthsAfterOrigin)).all();
  const items = handedOverItems(db, grantee.agreementId);
  const growth = random() < 0.75 ? 1.02 + random() * 0.04 : 0.98 + random() * 0.02;
  const firstRevenue = grantee.baselineRevenueMinor ?? between(8, 18) * 1_000_00;
  const closureHazard = grantee.kind === "startup" ? 0.14 : 0.025;
  let recorded = 0;
  let lastVisit: IsoDate = grantee.origin;
  let ownerAdded = false;
  let currentHromada = grantee.hromada;
  // A cash grant made here has its second tranche's requirement verified at the first visit,
  // unless the grant is recent (its requirement then waits on the mentor's home).
  const verifies = grantee.requirementId !== null && compareIsoDates(grantee.origin, addDays(today, -75)) < 0;
  let requirementDone = false;
  for (const [index, visit] of planned.entries()) {
    if (compareIsoDates(visit.windowStart, today) > 0) break;
    const skipped = db.select({ reason: schema.plannedVisits.skippedReason }).from(schema.plannedVisits).where(eq(schema.plannedVisits.id, visit.id)).get()!.reason;
    if (skipped) break; // the business closed at an earlier visit
    const windowOpen = compareIsoDates(visit.windowEnd, today) >= 0;
    // Past visits are mostly made; a visit whose window is open now, less often yet.
    if (random() > (windowOpen ? (madeWhenOpen ? 1 : 0.45) : 0.9)) continue;
    const late = random() < 0.08;
    let visitDate = late ? addDays(visit.windowEnd, between(3, 20)) : addDays(visit.dueDate, between(-8, 10));
    if (compareIsoDates(visitDate, today) > 0) visitDate = today;
    if (compareIsoDates(visitDate, lastVisit) <= 0) visitDate = addDays(lastVisit, 1);
    if (compareIsoDates(visitDate, today) > 0) continue;
    const isLast = index === planned.length - 1 || compareIsoDates(planned[index + 1].windowStart, today) > 0;
    const roll = random();
    const status = (abroad && isLast) || grantee.withdrawn ? "closed" : roll < 0.05 ? "unreachable" : roll < 0.05 + closureHazard ? "closed" : roll < 0.12 + closureHazard ? "suspended" : "operating";
    const previous = rosterBefore(db, grantee.caseId, visitDate);
    const monthsIn = Math.max(1, Math.round((new Date(visitDate).getTime() - new Date(grantee.origin).getTime()) / (30.4375 * 86_400_000)));
    const revenue = status === "operating" ? Math.round((firstRevenue * growth ** monthsIn) / 100) * 100 : status === "suspended" ? 0 : null;
    const input: VisitInput = {
      idempotencyKey: crypto.randomUUID(),
      plannedVisitId: visit.id,
      visitDate,
      mode: random() < 0.7 ? "in_person" : "phone",
      operatingStatus: status,
      // Reported by the owner: after the last visit that found the business open.
      closureDate: status === "closed" ? latestOf(addDays(visitDate, -between(5, 40)), addDays(lastVisit, 1)) : null,
      closureReason:
        status === "closed"
          ? abroad
            ? "Власниця виїхала за кордон до родини"
            : pickFrom(random, ["Мало клієнтів після відключень світла", "Зросла оренда, закрила точку", "Переїзд до іншої громади", "Стан здоров'я"])
          : null,
      closureConfirmed: status === "closed",
      roster: [],
      newWorkers: [],
      equipment: [],
      monthlyRevenueMinor: status === "unreachable" ? null : revenue,
      monthlyNetIncomeMinor: status === "unreachable" ? null : revenue === null ? null : revenue === 0 ? -between(1, 3) * 1_000_00 : Math.round(revenue * (0.22 + random() * 0.12)),
      residence: status === "unreachable" ? "unknown" : abroad && isLast ? "abroad" : moves && isLast && status !== "closed" ? "moved_within_ukraine" : "same_hromada",
      newHromadaPcode: null,
      problems: status === "unreachable" ? [] : pickSome(random, visitProblems, between(0, 2)),
      mentoringGiven: status === "unreachable" ? [] : pickSome(random, mentoringTopics, between(1, 2)),
      notes:
        random() < 0.3
          ? pickFrom(random, [
              "Просить допомогти з обліком у ПРРО.",
              "Планує найняти ще одну працівницю до сезону.",
              "Генератор рятує під час відключень.",
              "Потрібна консультація щодо оренди приміщення.",
            ])
          : null,
      trancheRequirementId: null,
      trancheEvidenceNote: null,
    };
    if (input.residence === "moved_within_ukraine") {
      const elsewhere = demoPlaces.filter((place) => place.level === 3 && place.pcode !== currentHromada);
      input.newHromadaPcode = pickFrom(random, elsewhere).pcode;
      currentHromada = input.newHromadaPcode;
    }
    if (status !== "unreachable") {
      input.equipment = items.map((item) => ({ itemId: item.id, status: status === "closed" ? "sold" : random() < 0.86 ? "in_use" : random() < 0.6 ? "idle" : "broken" }));
      const lines: RosterLine[] = [];
      for (const worker of previous.workers) {
        if (worker.endDate !== null) continue;
        const leaves = worker.role !== "owner" && (status === "closed" || random() < 0.12);
        lines.push({
          workerId: worker.workerId,
          left: leaves,
          endDate: leaves ? (status === "closed" ? input.closureDate : addDays(visitDate, -between(1, 20))) : null,
          // The first visit confirms rows carried over from the application's counts.
          role: worker.role ?? "employee",
          paid: worker.paid ?? true,
          hoursPerWeek: worker.hoursPerWeek ?? 20,
          monthsPerYear: worker.monthsPerYear,
        });
      }
      input.roster = lines;
      const joined: NewWorkerLine[] = [];
      if (!ownerAdded && !previous.workers.some((worker) => worker.role === "owner")) {
        joined.push({
          role: "owner",
          paid: false,
          hoursPerWeek: between(40, 55),
          sex: grantee.personSex,
          displacementStatus: grantee.displacement,
          startDate: grantee.kind === "startup" ? grantee.origin : addDays(grantee.origin, -400),
          monthsPerYear: null,
        });
      }
      if (status === "operating" && random() < 0.3) {
        joined.push({
          role: random() < 0.2 ? "family_member" : "employee",
          paid: true,
          hoursPerWeek: pickFrom(random, [20, 30, 40, 40]),
          sex: random() < 0.55 ? "female" : "male",
          displacementStatus: random() < 0.5 ? "idp" : "host",
          startDate: addDays(lastVisit, between(1, Math.max(1, daysBetweenDates(lastVisit, visitDate) - 1))),
          monthsPerYear: random() < 0.15 ? 6 : null,
        });
      }
      input.newWorkers = joined;
      if (verifies && !requirementDone && grantee.requirementId !== null) {
        input.trancheRequirementId = grantee.requirementId;
        input.trancheEvidenceNote = "Переглянуто чеки та накладні на суму першого траншу.";
      }
    }
    recordVisit(grantee.visitor, grantee.caseId, input, [], today);
    recorded += 1;
    lastVisit = visitDate;
    ownerAdded ||= input.newWorkers.some((worker) => worker.role === "owner");
    if (input.trancheRequirementId !== null) {
      requirementDone = true;
      const paidOn = addDays(visitDate, 7);
      if (grantee.secondTrancheId !== null && compareIsoDates(paidOn, today) <= 0) payTranche(officer, admin, grantee.secondTrancheId, paidOn);
    }
    if (status === "closed") break;
  }
  return recorded;
}

function latestOf(a: IsoDate, b: IsoDate): IsoDate {
  return compareIsoDates(a, b) >= 0 ? a : b;
}

function daysBetweenDates(from: IsoDate, to: IsoDate) {
  return Math.round((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000);
}

function pickFrom<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function pickSome<T>(random: () => number, list: readonly T[], count: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < count) chosen.add(pickFrom(random, list));
  return [...chosen];
}
