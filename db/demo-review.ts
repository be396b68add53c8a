// The review stage in the demo, driven through the same commands as the pages: training
// sessions and completions, plan drafts, plans under review (some waiting for
// reviewer@example.org), a flagged disagreement, and committee decisions of every kind.
import { and, asc, eq } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { decideCase } from "~/modules/review/committee.server";
import { savePlan, submitPlan } from "~/modules/review/plans.server";
import { assignReviewers, declareConflict, programmeRubric, submitScores } from "~/modules/review/reviews.server";
import type { PlanInput } from "~/modules/review/schema";
import { completeTraining, createTrainingSession, recordAttendance } from "~/modules/review/training.server";
import { seededRandom } from "./demo-people";

type Users = { officer: CurrentUser; reviewer: CurrentUser; secondReviewer: CurrentUser; mentor: CurrentUser };

const planTexts = {
  summary: "Відкриття власної справи з мінімальними витратами на обладнання та швидким виходом на прибуток.",
  products: "Послуги та вироби для мешканців громади й переселенців; замовлення через соцмережі та на місці.",
  market: "У громаді немає подібної пропозиції поблизу; попит підтверджено опитуванням 40 мешканців.",
  competitors: "Два конкуренти в обласному центрі, ціни вищі на 20–30 %, довше очікування.",
  experience: "Понад 8 років досвіду роботи за фахом до переміщення; пройдено бізнес-навчання програми.",
  premises: "Орендоване приміщення 18 м² на першому поверсі, договір оренди на 2 роки.",
  risks: "Перебої з електропостачанням (генератор у бюджеті), сезонність попиту, зростання цін на матеріали.",
};

function planFor(random: () => number, version: number): PlanInput {
  const equipment = 30_000_00 + Math.floor(random() * 8) * 10_000_00;
  return {
    intent: "save",
    version,
    ...planTexts,
    expectedJobsFullTime: 1 + Math.floor(random() * 2),
    expectedJobsPartTime: Math.floor(random() * 2),
    expectedMonthlyRevenueMinor: 25_000_00 + Math.floor(random() * 10) * 5_000_00,
    coContributionMinor: 8_000_00,
    budget: [
      { item: "Основне обладнання", quantity: 1, unitCostMinor: equipment, modality: "in_kind", supplierQuote: "Рахунок постачальника № 117" },
      { item: "Генератор 3 кВт", quantity: 1, unitCostMinor: 18_500_00, modality: "in_kind", supplierQuote: undefined },
      { item: "Витратні матеріали на 3 місяці", quantity: 3, unitCostMinor: 4_000_00, modality: "cash", supplierQuote: undefined },
    ],
  };
}

// Scores around a base, each criterion nudged by the seeded random source so that plans do not
// tie in bulk and two reviewers of one plan mostly agree (within a point per criterion).
function scoresFor(programmeId: number, base: number, random: () => number) {
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get()!;
  const rubric = programmeRubric(programme);
  return Object.fromEntries(
    rubric.criteria.map((criterion) => {
      const nudge = random() < 0.5 ? 0 : random() < 0.5 ? -1 : 1;
      return [criterion.key, { score: Math.max(rubric.scaleMin, Math.min(rubric.scaleMax, base + nudge)), comment: "Обґрунтовано; див. бюджет і опис ринку." }];
    }),
  );
}

export function seedReviewStage(programmeId: number, users: Users) {
  const random = seededRandom(55);
  const inTraining = db
    .select({ id: schema.cases.id })
    .from(schema.cases)
    .where(and(eq(schema.cases.programmeId, programmeId), eq(schema.cases.stage, "training"), eq(schema.cases.status, "open")))
    .orderBy(asc(schema.cases.id))
    .all()
    .map((row) => row.id);

  const first = createTrainingSession(users.officer, { programmeId, title: "Основи підприємництва: бізнес-модель і ринок", heldOn: "2026-09-15", place: "Дніпро, коворкінг «Громада»" });
  const second = createTrainingSession(users.officer, { programmeId, title: "Фінансове планування та бюджет гранту", heldOn: "2026-10-06", place: "Львів, ГО «Джерело підтримки»" });
  createTrainingSession(users.officer, { programmeId, title: "Маркетинг і продажі для мікробізнесу", heldOn: "2026-12-01", place: "Онлайн" });
  recordAttendance(users.officer, first.id, inTraining.slice(0, 70));
  recordAttendance(users.officer, second.id, inTraining.slice(10, 60));

  const trained = inTraining.slice(0, 45);
  for (const caseId of trained) completeTraining(users.officer, caseId);

  // 12 drafts, 33 submitted plans.
  trained.forEach((caseId, index) => {
    savePlan(users.officer, caseId, planFor(random, 0));
    if (index >= 12) submitPlan(users.officer, caseId);
  });
  const submitted = trained.slice(12);

  // 5 wait for reviewers; the rest get two each.
  const reviewed = submitted.slice(5);
  reviewed.forEach((caseId, index) => {
    const pair = index % 4 === 3 ? [users.secondReviewer.id, users.officer.id] : [users.reviewer.id, users.officer.id];
    assignReviewers(users.officer, caseId, pair);
  });
  const assignmentOf = (caseId: number, reviewerId: number) =>
    db
      .select({ id: schema.reviewAssignments.id })
      .from(schema.reviewAssignments)
      .where(and(eq(schema.reviewAssignments.caseId, caseId), eq(schema.reviewAssignments.reviewerId, reviewerId)))
      .get()!.id;

  reviewed.forEach((caseId, index) => {
    const other = index % 4 === 3 ? users.secondReviewer : users.reviewer;
    // The officer scores every plan; reviewer@example.org leaves the first eight for the demo.
    declareConflict(users.officer, assignmentOf(caseId, users.officer.id), false);
    submitScores(users.officer, assignmentOf(caseId, users.officer.id), scoresFor(programmeId, 3 + (index % 3), random));
    if (other.id === users.reviewer.id && index < 8) return;
    if (index === 11) {
      // A declared conflict: recused, waiting for the officer to assign someone else.
      declareConflict(other, assignmentOf(caseId, other.id), true, "Родичка заявника.");
      return;
    }
    declareConflict(other, assignmentOf(caseId, other.id), false);
    // Case 9 gets a strong disagreement, to show the flag.
    submitScores(other, assignmentOf(caseId, other.id), scoresFor(programmeId, index === 9 ? 1 : 3 + (index % 3), random));
  });

  const atCommittee = db
    .select({ id: schema.cases.id })
    .from(schema.cases)
    .where(and(eq(schema.cases.programmeId, programmeId), eq(schema.cases.stage, "committee")))
    .orderBy(asc(schema.cases.id))
    .all()
    .map((row) => row.id);
  const committee = { committeeDate: "2026-11-10", members: ["Оксана Коваль", "Ігор Рецензент", "Галина Мельник"] };
  const decisions = [
    { decision: "approved", amountMinor: 60_000_00, modality: "in_kind", conditions: "Обладнання передається за актом приймання-передачі." },
    { decision: "approved", amountMinor: 75_000_00, modality: "cash", conditions: "Другий транш після візиту ментора." },
    { decision: "waitlisted" },
    { decision: "rejected", reason: "Бюджет не узгоджується з описом діяльності; ринок не досліджено." },
    { decision: "revise", reason: "Уточніть конкурентів і додайте комерційні пропозиції постачальників." },
  ] as const;
  decisions.forEach((decision, index) => {
    const caseId = atCommittee[index];
    if (caseId) decideCase(users.officer, caseId, { ...committee, ...decision, conditions: "conditions" in decision ? decision.conditions : undefined, reason: "reason" in decision ? decision.reason : undefined, amountMinor: "amountMinor" in decision ? decision.amountMinor : undefined, modality: "modality" in decision ? decision.modality : undefined });
  });
}
