// Follow-up in the demo (domain.md §7, §10): mentors' visits to the businesses of the previous
// programme phase, EEP-2025, whose grants reached their beneficiaries over the last 18–20 months.
// The visits build on the agreements the grants demo (db/demo-grants.ts, run first) made for that
// phase, whose time origins planned them; they go through recordVisit. Patterns the outcomes page shows: most businesses operating, some suspended, a
// share closed (more among start-ups), some owners unreachable, about 2% of owners moved abroad
// (the seed documents' figure), hires and departures, revenue rising for most. mentor@example.org
// finds two overdue visits (the earliest first), a due one and a missed one: visits rescheduled
// with a reason, as a mentor would.
import { asc, eq } from "drizzle-orm";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { addDays, addMonths, compareIsoDates, type IsoDate } from "~/lib/kyiv-date";
import { rosterBefore } from "~/modules/followup/roster.server";
import type { NewWorkerLine, RosterLine } from "~/modules/followup/visit-form";
import { rescheduleVisit } from "~/modules/followup/planning.server";
import { handedOverItems, recordVisit, type VisitInput } from "~/modules/followup/visits.server";
import { mentoringTopics, visitProblems } from "./enums";
import { seededRandom } from "./demo-people";
import { demoPlaces } from "./demo-places";

type User = typeof schema.users.$inferSelect;
type Users = { admin: User; officer: User; mentor: User; lvivMentor: User };

export const followUpCohort = 56;


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
  baselineRevenueMinor: number | null;
};

export function seedFollowUp(users: Users, today: IsoDate) {
  const random = seededRandom(1010);
  const officer: CurrentUser = users.officer;
  const visitorOf = (mentorId: number | null): CurrentUser => (mentorId === users.mentor.id ? users.mentor : mentorId === users.lvivMentor.id ? users.lvivMentor : officer);
  const phase = db.select().from(schema.programmes).where(eq(schema.programmes.code, "EEP-2025")).get();
  if (!phase) throw new Error("Seed the grants demo (db/demo-grants.ts) before the follow-up demo.");
  const grantees = grantsReceived(phase.id, visitorOf);

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
        abroad: abroad.has(grantee.caseId),
        moves: movers.has(grantee.caseId),
        // mentor@example.org's visits whose window is open are all made: the queue then shows the
        // visits scripted below, in a known order.
        madeWhenOpen: grantee.mentorId === users.mentor.id,
      });
    }
  });
  const queue = scriptMentorQueue(users.mentor, grantees, today);
  return { grantees: grantees.length, visits, queue };
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

type Options = { today: IsoDate; random: () => number; abroad: boolean; moves: boolean; madeWhenOpen: boolean };

/**
 * A business's visits: each planned visit whose window has opened is made (mostly on time), left
 * undone, or skipped; the business may be suspended, close, or be unreachable; workers join and
 * leave; revenue moves. Returns how many visits were recorded.
 */
function followUpVisits(grantee: Grantee, { today, random, abroad, moves, madeWhenOpen }: Options): number {
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
    }
    recordVisit(grantee.visitor, grantee.caseId, input, [], today);
    recorded += 1;
    lastVisit = visitDate;
    ownerAdded ||= input.newWorkers.some((worker) => worker.role === "owner");
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
