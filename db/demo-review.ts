// The review stage in the demo, driven through the same commands as the pages: training
// sessions and completions, plan drafts with attachments, plans under review (some waiting for
// reviewer@example.org), a flagged disagreement, committee decisions of every kind, a plan
// revised and resubmitted as version 2, and a decision an admin reopened.
import { crc32, deflateSync } from "node:zlib";
import { and, asc, eq } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { decideCase, reopenDecision } from "~/modules/review/committee.server";
import { addAttachment, loadPlan, savePlan, submitPlan } from "~/modules/review/plans.server";
import { programmeRubric } from "~/modules/review/review-result";
import { assignReviewers, declareConflict, submitScores } from "~/modules/review/reviews.server";
import type { PlanInput } from "~/modules/review/schema";
import { completeTraining, createTrainingSession, recordAttendance } from "~/modules/review/training.server";
import { seededRandom } from "./demo-people";

type Users = { officer: CurrentUser; reviewer: CurrentUser; secondReviewer: CurrentUser; mentor: CurrentUser };

// The case's version as a page opened now would show it: commands that change a case take it.
const caseVersion = (caseId: number) => db.select({ version: schema.cases.version }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()!.version;

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
  for (const caseId of trained) completeTraining(users.officer, caseId, caseVersion(caseId));

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
    assignReviewers(users.officer, caseId, caseVersion(caseId), pair);
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
    if (caseId) decideCase(users.officer, caseId, caseVersion(caseId), { ...committee, ...decision, conditions: "conditions" in decision ? decision.conditions : undefined, reason: "reason" in decision ? decision.reason : undefined, amountMinor: "amountMinor" in decision ? decision.amountMinor : undefined, modality: "modality" in decision ? decision.modality : undefined });
  });

  // The rest uses cases nothing above (nor the browser tests) relies on: two drafts, and two
  // plans at the committee beyond those decided above.
  const mentorOf = (caseId: number) => db.select({ mentorId: schema.cases.mentorId }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()?.mentorId;
  const writerOf = (caseId: number) => (mentorOf(caseId) === users.mentor.id ? users.mentor : users.officer);
  const drafts = trained.slice(0, 12);
  const draftWithPhoto = drafts.find((caseId) => mentorOf(caseId) === users.mentor.id) ?? drafts[0];
  addAttachment(writerOf(draftWithPhoto), draftWithPhoto, { name: "Фото приміщення.png", bytes: premisesPhotoPng(random) });
  addAttachment(writerOf(drafts[0]), drafts[0], { name: "Комерційна пропозиція постачальника.pdf", bytes: supplierQuotePdf("117", "Coffee machine, 2 groups", 48_500) });

  const undecided = atCommittee.slice(decisions.length);
  const revised = undecided.find((caseId) => mentorOf(caseId) === users.mentor.id) ?? undecided[0];
  const reopened = undecided.find((caseId) => caseId !== revised);
  if (revised) seedResubmittedPlan(programmeId, users, revised, committee, random);
  if (reopened) seedReopenedDecision(users, reopened, committee);
  // One of the mentor's plans waits for its revision, for the mentor's home.
  const toRevise = undecided.find((caseId) => mentorOf(caseId) === users.mentor.id && caseId !== revised && caseId !== reopened);
  if (toRevise) {
    decideCase(users.officer, toRevise, caseVersion(toRevise), { ...committee, decision: "revise", reason: "Уточніть, хто ваші покупці, і додайте комерційну пропозицію на обладнання." });
  }
}

// The committee asks for a revision; the mentor reworks the plan, adds the supplier's quote and
// resubmits it as version 2, which goes back to review (version 1 stays readable).
function seedResubmittedPlan(programmeId: number, users: Users, caseId: number, committee: { committeeDate: string; members: string[] }, random: () => number) {
  const writer = users.mentor;
  decideCase(users.officer, caseId, caseVersion(caseId), { ...committee, decision: "revise", reason: "Назвіть конкурентів у громаді та додайте комерційну пропозицію на основне обладнання." });
  // Files join a plan while it can be written: here, once it is sent back for revision.
  addAttachment(writer, caseId, { name: "Приміщення - вид з вулиці.png", bytes: premisesPhotoPng(random) });

  const revision = loadPlan(caseId)!;
  const { version, lines, plan } = revision;
  savePlan(writer, caseId, {
    intent: "save",
    version: plan.version,
    summary: version.summary,
    products: version.products,
    market: version.market,
    competitors: "У громаді — один ФОП біля ринку (запис на 3–4 дні вперед, без доставки); два конкуренти в обласному центрі, ціни вищі на 20–30 %.",
    experience: version.experience,
    premises: version.premises,
    risks: version.risks,
    expectedJobsFullTime: version.expectedJobsFullTime,
    expectedJobsPartTime: version.expectedJobsPartTime,
    expectedMonthlyRevenueMinor: version.expectedMonthlyRevenueMinor ?? undefined,
    coContributionMinor: version.coContributionMinor,
    budget: lines.map((line) => ({
      item: line.item,
      quantity: line.quantity,
      unitCostMinor: line.unitCostMinor,
      modality: line.modality,
      supplierQuote: line.position === 0 ? "Комерційна пропозиція ТОВ «Техсервіс» № 58 від 02.11.2026" : (line.supplierQuote ?? undefined),
    })),
  });
  const equipmentCostMinor = lines.find((line) => line.position === 0)?.unitCostMinor ?? 0;
  addAttachment(writer, caseId, { name: "Комерційна пропозиція ТОВ Техсервіс.pdf", bytes: supplierQuotePdf("58", "Main equipment", equipmentCostMinor / 100) });
  submitPlan(writer, caseId);

  // Fresh reviews of version 2: the officer has scored, the second reviewer has not yet.
  assignReviewers(users.officer, caseId, caseVersion(caseId), [users.secondReviewer.id, users.officer.id]);
  const officerAssignment = db
    .select({ id: schema.reviewAssignments.id })
    .from(schema.reviewAssignments)
    .where(and(eq(schema.reviewAssignments.caseId, caseId), eq(schema.reviewAssignments.reviewerId, users.officer.id), eq(schema.reviewAssignments.status, "assigned")))
    .get()!.id;
  declareConflict(users.officer, officerAssignment, false);
  submitScores(users.officer, officerAssignment, scoresFor(programmeId, 4, random));
}

// An approval that an admin reopened: the case is back before the committee, and its decision
// history keeps the reopened approval with the reason.
function seedReopenedDecision(users: Users, caseId: number, committee: { committeeDate: string; members: string[] }) {
  decideCase(users.officer, caseId, caseVersion(caseId), { ...committee, decision: "approved", amountMinor: 70_000_00, modality: "in_kind", conditions: "Обладнання передається за актом приймання-передачі." });
  const adminRow = db.select().from(schema.users).where(eq(schema.users.role, "admin")).orderBy(asc(schema.users.id)).get()!;
  const { passwordHash: _passwordHash, ...admin } = adminRow;
  reopenDecision(admin, caseId, caseVersion(caseId), "Сума не відповідає оновленому рахунку постачальника: комісія має розглянути план повторно.");
}

// A one-page supplier quote as a real PDF (Latin text: the standard Helvetica font has no
// Cyrillic). The server recognises it by its "%PDF-" header.
function supplierQuotePdf(number: string, item: string, priceUah: number) {
  const lines = [`Supplier quote No. ${number}`, "TOV Tekhservis, Dnipro", `${item}: 1 pc x ${priceUah.toFixed(2)} UAH`, "Delivery within 10 working days. Valid 30 days."];
  const text = lines.map((line, index) => `BT /F1 14 Tf 72 ${770 - index * 24} Td (${line}) Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

// A small drawing of a shopfront (wall, window, door) as a real PNG, recognised by its signature.
function premisesPhotoPng(random: () => number) {
  const width = 160;
  const height = 120;
  const wall = [200 + Math.floor(random() * 40), 180, 150];
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x += 1) {
      const door = x >= 100 && x < 130 && y >= 50;
      const window = x >= 20 && x < 85 && y >= 45 && y < 95;
      const sky = y < 30;
      const colour = sky ? [150, 190, 230] : door ? [90, 60, 40] : window ? [60, 90, 120] : wall;
      raw.set(colour, y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
