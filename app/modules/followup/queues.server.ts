// What follow-up needs from each person (domain.md §10): the mentor's visits in the order they
// must be made, the officer's overdue and missed visits by partner, mentor and oblast, visits
// completed per month and caseloads, and the visits section of a case. States come from dates in
// Kyiv time every time they are read: `visitState` for lists, the same rule in SQL for counts.
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, sql, type SQL } from "drizzle-orm";
import { notFound } from "~/lib/not-found.server";
import { can, canAccessCase, caseScope, type CurrentUser, forbidden, mayReadFollowUpOverview } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { addDays, addMonths, kyivToday, type IsoDate } from "~/lib/kyiv-date";
import { visitState, type VisitState } from "./schedule";
import { maySeeNotes } from "./visits.server";

const planned = schema.plannedVisits;
const visits = schema.followUpVisits;

/**
 * visitState (schedule.ts) as SQL conditions on a planned visit left-joined to its visit, for
 * counts over many cases: not made, not skipped, and the window's place relative to today.
 * tests/integration/followup.test.ts checks both agree at every window edge.
 */
export function openVisitCondition(state: "due" | "overdue" | "missed", today: IsoDate): SQL {
  const open = and(isNull(visits.id), isNull(planned.skippedReason));
  switch (state) {
    case "due":
      return and(open, lte(planned.windowStart, today), gte(planned.dueDate, today))!;
    case "overdue":
      return and(open, lt(planned.dueDate, today), gte(planned.windowEnd, today))!;
    case "missed":
      return and(open, lt(planned.windowEnd, today))!;
  }
}

// Grants still followed up: not a cancelled draft (a withdrawn grant stays in the cohort, §9).
const followedGrant = and(ne(schema.grantAgreements.status, "cancelled"), isNotNull(schema.grantAgreements.timeOriginOn));

/** What a visit must record beyond the usual (operating status, roster, income, residence). */
function tasksFor(caseIds: number[]) {
  if (caseIds.length === 0) return new Map<number, { items: number; requirements: number; unconfirmedRoster: boolean }>();
  const items = db
    .select({ caseId: schema.equipmentItems.caseId, n: count() })
    .from(schema.equipmentItems)
    .innerJoin(schema.handoverActs, and(eq(schema.handoverActs.id, schema.equipmentItems.actId), eq(schema.handoverActs.state, "signed")))
    .leftJoin(schema.equipmentRecoveries, eq(schema.equipmentRecoveries.equipmentItemId, schema.equipmentItems.id))
    .where(and(inArray(schema.equipmentItems.caseId, caseIds), isNull(schema.equipmentRecoveries.id)))
    .groupBy(schema.equipmentItems.caseId)
    .all();
  const requirements = db
    .select({ caseId: schema.grantAgreements.caseId, n: count() })
    .from(schema.grantTrancheRequirements)
    .innerJoin(schema.grantTranches, eq(schema.grantTranches.id, schema.grantTrancheRequirements.trancheId))
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, schema.grantTranches.agreementId))
    .where(and(inArray(schema.grantAgreements.caseId, caseIds), eq(schema.grantAgreements.status, "signed"), eq(schema.grantTranches.state, "planned"), isNull(schema.grantTrancheRequirements.verifiedAt)))
    .groupBy(schema.grantAgreements.caseId)
    .all();
  // A roster never confirmed at a visit: migrated counts, or no owner row yet (a start-up).
  const confirmed = db
    .selectDistinct({ caseId: schema.workerRosterRows.caseId })
    .from(schema.workerRosterRows)
    .where(and(inArray(schema.workerRosterRows.caseId, caseIds), eq(schema.workerRosterRows.snapshotKind, "visit")))
    .all();
  const tasks = new Map(caseIds.map((caseId) => [caseId, { items: 0, requirements: 0, unconfirmedRoster: true }]));
  for (const row of items) tasks.get(row.caseId)!.items = row.n;
  for (const row of requirements) tasks.get(row.caseId)!.requirements = row.n;
  for (const row of confirmed) tasks.get(row.caseId)!.unconfirmedRoster = false;
  return tasks;
}

function placesOf(pcodes: Array<string | null>) {
  const wanted = [...new Set(pcodes.filter((pcode): pcode is string => pcode !== null))];
  if (wanted.length === 0) return {};
  const rows = db.select({ pcode: schema.adminUnits.pcode, nameEn: schema.adminUnits.nameEn, nameUk: schema.adminUnits.nameUk }).from(schema.adminUnits).where(inArray(schema.adminUnits.pcode, wanted)).all();
  return Object.fromEntries(rows.map((row) => [row.pcode, { nameEn: row.nameEn, nameUk: row.nameUk }]));
}

const upcomingShown = 10;

/**
 * The mentor's home (§10, made for a phone): visits overdue and due now first, then the next
 * upcoming ones, each with the business, place, phone and what it must record; and how many
 * required visits were missed.
 */
export function mentorFollowUp(user: CurrentUser, today: IsoDate = kyivToday()) {
  const rows = db
    .select({
      plannedVisitId: planned.id,
      version: planned.version,
      caseId: planned.caseId,
      monthsAfterOrigin: planned.monthsAfterOrigin,
      dueDate: planned.dueDate,
      windowStart: planned.windowStart,
      windowEnd: planned.windowEnd,
      required: planned.required,
    })
    .from(planned)
    .innerJoin(schema.cases, eq(schema.cases.id, planned.caseId))
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, planned.agreementId))
    .leftJoin(visits, eq(visits.plannedVisitId, planned.id))
    .where(and(eq(schema.cases.mentorId, user.id), ne(schema.cases.status, "merged"), followedGrant, isNull(visits.id), isNull(planned.skippedReason)))
    .orderBy(asc(planned.dueDate), asc(planned.id))
    .all();
  const withState = rows.map((row) => ({ ...row, state: visitState(row, today) }));
  const rank: Partial<Record<VisitState, number>> = { overdue: 0, due: 1 };
  const now = withState.filter((row) => row.state === "overdue" || row.state === "due").sort((a, b) => rank[a.state]! - rank[b.state]! || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const upcoming = withState.filter((row) => row.state === "upcoming").slice(0, upcomingShown);
  const missed = withState.filter((row) => row.state === "missed" && row.required).length;
  const shown = [...now, ...upcoming];
  const caseIds = [...new Set(shown.map((row) => row.caseId))];
  const cases = caseIds.length
    ? db
        .select({
          id: schema.cases.id,
          caseCode: schema.cases.caseCode,
          hromadaPcode: schema.cases.hromadaPcode,
          oblastPcode: schema.cases.oblastPcode,
          surname: schema.persons.surname,
          firstName: schema.persons.firstName,
          phone: schema.persons.phone,
          businessName: schema.businesses.name,
        })
        .from(schema.cases)
        .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
        .leftJoin(schema.businesses, eq(schema.businesses.caseId, schema.cases.id))
        .where(inArray(schema.cases.id, caseIds))
        .all()
    : [];
  const caseById = new Map(cases.map((row) => [row.id, row]));
  const tasks = tasksFor(caseIds);
  const item = (row: (typeof withState)[number]) => {
    const caseRow = caseById.get(row.caseId)!;
    return { ...row, case: caseRow, tasks: tasks.get(row.caseId)! };
  };
  return {
    today,
    now: now.map(item),
    upcoming: upcoming.map(item),
    upcomingTotal: withState.filter((row) => row.state === "upcoming").length,
    missed,
    places: placesOf(cases.flatMap((row) => [row.hromadaPcode, row.oblastPcode])),
  };
}

export type FollowUpFilter = { partnerId?: number; mentorId?: number; oblastPcode?: string };

function filterCondition(filter: FollowUpFilter): SQL | undefined {
  return and(
    filter.partnerId ? eq(schema.cases.partnerOrganisationId, filter.partnerId) : undefined,
    filter.mentorId ? eq(schema.cases.mentorId, filter.mentorId) : undefined,
    filter.oblastPcode ? eq(schema.cases.oblastPcode, filter.oblastPcode) : undefined,
  );
}

type OpenCounts = { overdue: number; missed: number; due: number };

// Overdue, missed and due visits per partner, mentor and oblast, in one pass over the planned
// visits (grouped by all three together; the page's three tables add them up by each).
function openCounts(scope: SQL | undefined, today: IsoDate) {
  return db
    .select({
      partnerId: schema.cases.partnerOrganisationId,
      mentorId: schema.cases.mentorId,
      oblastPcode: schema.cases.oblastPcode,
      overdue: sql<number>`sum(case when ${openVisitCondition("overdue", today)} then 1 else 0 end)`,
      missed: sql<number>`sum(case when ${openVisitCondition("missed", today)} and ${planned.required} = 1 then 1 else 0 end)`,
      due: sql<number>`sum(case when ${openVisitCondition("due", today)} then 1 else 0 end)`,
    })
    .from(planned)
    .innerJoin(schema.cases, eq(schema.cases.id, planned.caseId))
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, planned.agreementId))
    .leftJoin(visits, eq(visits.plannedVisitId, planned.id))
    // Only visits that can be due, overdue or missed (not made, not skipped, window opened):
    // visits made and those still ahead, most of them, add nothing and are not grouped.
    .where(and(isNull(visits.id), isNull(planned.skippedReason), lte(planned.windowStart, today), followedGrant, ne(schema.cases.status, "merged"), scope))
    .groupBy(schema.cases.partnerOrganisationId, schema.cases.mentorId, schema.cases.oblastPcode)
    .all();
}

function countsBy<Row extends OpenCounts, K extends string | number | null>(rows: Row[], keyOf: (row: Row) => K) {
  const byKey = new Map<K, OpenCounts>();
  for (const row of rows) {
    const key = keyOf(row);
    const sums = byKey.get(key) ?? { overdue: 0, missed: 0, due: 0 };
    sums.overdue += Number(row.overdue ?? 0);
    sums.missed += Number(row.missed ?? 0);
    sums.due += Number(row.due ?? 0);
    byKey.set(key, sums);
  }
  // In key order, "none" first, as SQL's GROUP BY listed them (the page orders ties by it).
  const order = (key: K): string => (key === null ? "" : typeof key === "number" ? String(key).padStart(12, "0") : String(key));
  return [...byKey].map(([key, sums]) => ({ key, ...sums })).sort((a, b) => order(a.key).localeCompare(order(b.key)));
}

const listedVisits = 100;

/**
 * The officer's follow-up page (§10): overdue and missed visits by partner, mentor and oblast;
 * the visits themselves (first 100, filtered); visits completed per month over the last year
 * (late ones counted apart); and each mentor's caseload.
 */
export function followUpOverview(user: CurrentUser, filter: FollowUpFilter = {}, today: IsoDate = kyivToday()) {
  if (!mayReadFollowUpOverview(user)) forbidden();
  // Officers see the cases of their programmes (caseScope), then the page's filters.
  const scope = and(caseScope(user), filterCondition(filter));
  const where = and(followedGrant, ne(schema.cases.status, "merged"), scope);
  const openVisits = db
    .select({
      plannedVisitId: planned.id,
      caseId: planned.caseId,
      monthsAfterOrigin: planned.monthsAfterOrigin,
      dueDate: planned.dueDate,
      windowStart: planned.windowStart,
      windowEnd: planned.windowEnd,
      required: planned.required,
      caseCode: schema.cases.caseCode,
      mentorId: schema.cases.mentorId,
      partnerId: schema.cases.partnerOrganisationId,
      oblastPcode: schema.cases.oblastPcode,
    })
    .from(planned)
    .innerJoin(schema.cases, eq(schema.cases.id, planned.caseId))
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.id, planned.agreementId))
    .leftJoin(visits, eq(visits.plannedVisitId, planned.id))
    .where(and(where, sql`(${openVisitCondition("overdue", today)} or (${openVisitCondition("missed", today)} and ${planned.required} = 1))`))
    .orderBy(asc(planned.windowEnd), asc(planned.id))
    .limit(listedVisits)
    .all()
    .map((row) => ({ ...row, state: visitState(row, today) }));

  const since = `${addMonths(today, -11).slice(0, 7)}-01`;
  const perMonth = db
    .select({
      month: sql<string>`substr(${visits.visitDate}, 1, 7)`,
      total: count(),
      late: sql<number>`sum(case when ${planned.id} is not null and (${visits.visitDate} < ${planned.windowStart} or ${visits.visitDate} > ${planned.windowEnd}) then 1 else 0 end)`,
      unplanned: sql<number>`sum(case when ${planned.id} is null then 1 else 0 end)`,
    })
    .from(visits)
    .innerJoin(schema.cases, eq(schema.cases.id, visits.caseId))
    .leftJoin(planned, eq(planned.id, visits.plannedVisitId))
    .where(and(gte(visits.visitDate, since), lte(visits.visitDate, today), scope))
    .groupBy(sql`substr(${visits.visitDate}, 1, 7)`)
    .orderBy(sql`substr(${visits.visitDate}, 1, 7)`)
    .all()
    .map((row) => ({ month: row.month, total: row.total, late: Number(row.late ?? 0), unplanned: Number(row.unplanned ?? 0) }));

  // Caseload: cases under follow-up per mentor (null: not assigned yet).
  const caseload = db
    .select({ mentorId: schema.cases.mentorId, cases: count() })
    .from(schema.cases)
    .innerJoin(schema.grantAgreements, eq(schema.grantAgreements.caseId, schema.cases.id))
    .where(where)
    .groupBy(schema.cases.mentorId)
    .all();

  // A coordinator's filters list their own organisation and its mentors only.
  const ownOrganisation = user.role === "mentor" ? user.organisationId : undefined;
  const partners = db
    .select({ id: schema.organisations.id, name: schema.organisations.name, nameUk: schema.organisations.nameUk })
    .from(schema.organisations)
    .where(and(eq(schema.organisations.kind, "partner"), ownOrganisation === undefined ? undefined : eq(schema.organisations.id, ownOrganisation)))
    .orderBy(asc(schema.organisations.name))
    .all();
  const mentors = db
    .select({ id: schema.users.id, name: schema.users.name, organisationId: schema.users.organisationId })
    .from(schema.users)
    .where(and(eq(schema.users.role, "mentor"), ownOrganisation === undefined ? undefined : eq(schema.users.organisationId, ownOrganisation)))
    .orderBy(asc(schema.users.name))
    .all();
  const open = openCounts(scope, today);
  const byOblast = countsBy(open, (row) => row.oblastPcode);
  return {
    today,
    byPartner: countsBy(open, (row) => row.partnerId),
    byMentor: countsBy(open, (row) => row.mentorId),
    byOblast,
    openVisits,
    perMonth,
    caseload,
    partners,
    mentors,
    places: placesOf([...byOblast.map((row) => row.key as string | null), ...openVisits.map((row) => row.oblastPcode)]),
  };
}

/** Cases under follow-up of one partner organisation, for bulk mentor assignment (first 200). */
export function casesForAssignment(user: CurrentUser, partnerId: number, options: { unassignedOnly?: boolean } = {}) {
  if (!can(user, "decideGrants")) forbidden();
  return db
    .select({
      id: schema.cases.id,
      version: schema.cases.version,
      caseCode: schema.cases.caseCode,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      mentorId: schema.cases.mentorId,
      oblastPcode: schema.cases.oblastPcode,
      stage: schema.cases.stage,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .innerJoin(schema.grantAgreements, and(eq(schema.grantAgreements.caseId, schema.cases.id), ne(schema.grantAgreements.status, "cancelled")))
    .where(and(caseScope(user), eq(schema.cases.partnerOrganisationId, partnerId), ne(schema.cases.status, "merged"), options.unassignedOnly ? isNull(schema.cases.mentorId) : undefined))
    .orderBy(asc(schema.cases.mentorId), asc(schema.cases.caseCode))
    .limit(200)
    .all();
}

/** The visits of one case (case page, visits page): the plan with each visit's state, and visits made. */
export function caseVisits(user: CurrentUser, caseId: number, today: IsoDate = kyivToday()) {
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get();
  if (!caseRow) notFound();
  if (!can(user, "logVisits") || !canAccessCase(user, caseRow)) return null;
  const agreement = db
    .select()
    .from(schema.grantAgreements)
    .where(and(eq(schema.grantAgreements.caseId, caseId), ne(schema.grantAgreements.status, "cancelled")))
    .orderBy(desc(schema.grantAgreements.id))
    .get();
  const plan = agreement
    ? db
        .select({ planned, visitId: visits.id, visitDate: visits.visitDate })
        .from(planned)
        .leftJoin(visits, eq(visits.plannedVisitId, planned.id))
        .where(eq(planned.agreementId, agreement.id))
        .orderBy(asc(planned.monthsAfterOrigin))
        .all()
        .map(({ planned: row, visitId, visitDate }) => ({ ...row, visitId, visitDate, state: visitState({ ...row, visitDate, skipReason: row.skippedReason }, today) }))
    : [];
  const made = db
    .select({
      id: visits.id,
      plannedVisitId: visits.plannedVisitId,
      visitDate: visits.visitDate,
      mode: visits.mode,
      operatingStatus: visits.operatingStatus,
      residence: visits.residence,
      monthlyRevenueMinor: visits.monthlyRevenueMinor,
      createdByUserId: visits.createdByUserId,
      visitorName: schema.users.name,
    })
    .from(visits)
    .leftJoin(schema.users, eq(schema.users.id, visits.visitorUserId))
    .where(eq(visits.caseId, caseId))
    .orderBy(desc(visits.visitDate), desc(visits.id))
    .all();
  const mentors = can(user, "decideGrants") && caseRow.partnerOrganisationId
    ? db.select({ id: schema.users.id, name: schema.users.name }).from(schema.users).where(and(eq(schema.users.role, "mentor"), eq(schema.users.active, true), eq(schema.users.organisationId, caseRow.partnerOrganisationId))).orderBy(asc(schema.users.name)).all()
    : [];
  return {
    today,
    case: { id: caseRow.id, version: caseRow.version, caseCode: caseRow.caseCode, mentorId: caseRow.mentorId, partnerOrganisationId: caseRow.partnerOrganisationId },
    agreement: agreement ? { id: agreement.id, number: agreement.number, status: agreement.status, timeOriginOn: agreement.timeOriginOn } : null,
    plan,
    visits: made,
    mentors,
    may: {
      record: Boolean(agreement?.timeOriginOn),
      plan: true,
      assign: can(user, "decideGrants"),
      seeNotes: maySeeNotes(user, caseRow),
    },
    // A week's view of what is next, for the case page's summary.
    nextDue: plan.find((visit) => visit.state === "due" || visit.state === "overdue" || (visit.state === "upcoming" && visit.windowStart <= addDays(today, 30))) ?? null,
  };
}

/** The case page's follow-up section: the plan with each visit's state and the visits made (null for those who do not log visits). */
export function caseVisitsSummary(user: CurrentUser, caseId: number, today: IsoDate = kyivToday()) {
  const visits = caseVisits(user, caseId, today);
  if (!visits) return null;
  return {
    caseId,
    timeOriginOn: visits.agreement?.timeOriginOn ?? null,
    plan: visits.plan.map(({ id, monthsAfterOrigin, dueDate, state, visitId, visitDate }) => ({ id, monthsAfterOrigin, dueDate, state, visitId, visitDate })),
    visits: visits.visits.map(({ id, visitDate, operatingStatus }) => ({ id, visitDate, operatingStatus })),
  };
}
