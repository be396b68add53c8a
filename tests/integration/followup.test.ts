// Follow-up against the migrated database (domain.md §7, §10): visits planned when a grant gets
// its time origin (through the grants core: a signed act, a paid tranche), schedule versions,
// reschedule, re-planning after a corrected origin, visits recorded and corrected by each role,
// idempotent resubmission, a tranche requirement verified by a visit, closures, the roster,
// mentor assignment and the pages' access (evaluators never reach visits or their notes).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { backfillBaselineRosters } from "../../db/baseline-roster";
import { db, schema, sqlite } from "~/lib/db.server";
import { addDays } from "~/lib/kyiv-date";
import { StaleRecordError } from "~/lib/stale-record.server";
import { FollowUpRefused, VisitRejected } from "~/modules/followup/followup-errors";
import { assignMentor } from "~/modules/followup/mentors.server";
import { rescheduleVisit, skipVisit } from "~/modules/followup/planning.server";
import { followUpOverview, mentorFollowUp, openVisitCondition } from "~/modules/followup/queues.server";
import { saveSchedule } from "~/modules/followup/schedules.server";
import { visitState } from "~/modules/followup/schedule";
import { preparePhotos, PhotoRefused } from "~/modules/followup/photos.server";
import { correctVisit, recordVisit } from "~/modules/followup/visits.server";
import { setTimeOrigin } from "~/modules/grants/time-origin.server";
import { action as newVisitAction, loader as newVisitLoader } from "~/routes/cases.$caseId_.visits.new";
import { loader as visitLoader } from "~/routes/visits.$visitId";
import { loader as photoLoader } from "~/routes/visits.$visitId_.photos.$photoId";
import { action as caseVisitsAction } from "~/routes/cases.$caseId_.visits._index";
import { action as followUpAction, loader as followUpLoader } from "~/routes/follow-up._index";
import { action as schedulesAction } from "~/routes/follow-up.schedules";
import { auditCount, callRoute, countRows, createTestOrganisations, createTestProgramme, createTestUser, insertTestCase, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";
import { createTestFundingSource } from "../helpers/grants";
import { cashGrant, inKindGrant, ownerLine, plannedVisitsOf, rosterRowsOfVisit, visitInput, type FundedCase } from "../helpers/followup";

let admin: TestUser;
let officer: TestUser;
let mentor: TestUser;
let colleague: TestUser;
let otherMentor: TestUser;
let evaluator: TestUser;
let partnerA: number;
let programmeId: number;
let funding: ReturnType<typeof createTestFundingSource>;
const today = "2026-12-06";

function refusal(run: () => unknown): FollowUpRefused {
  try {
    run();
  } catch (error) {
    if (error instanceof FollowUpRefused) return error;
    throw error;
  }
  throw new Error("expected a FollowUpRefused");
}

function rejection(run: () => unknown): VisitRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof VisitRejected) return error;
    throw error;
  }
  throw new Error("expected a VisitRejected");
}

const windowOf = (row: { monthsAfterOrigin: number; dueDate: string; windowStart: string; windowEnd: string; required: boolean }) => [row.monthsAfterOrigin, row.dueDate, row.windowStart, row.windowEnd, row.required];

beforeAll(async () => {
  process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), "visit-photos-"));
  const organisations = createTestOrganisations();
  partnerA = organisations.partnerA.id;
  admin = await createTestUser("admin", { organisationId: organisations.agency.id });
  officer = await createTestUser("officer", { organisationId: organisations.agency.id });
  mentor = await createTestUser("mentor", { organisationId: partnerA });
  colleague = await createTestUser("mentor", { organisationId: partnerA });
  otherMentor = await createTestUser("mentor", { organisationId: organisations.partnerB.id });
  evaluator = await createTestUser("evaluator", { organisationId: organisations.agency.id });
  programmeId = createTestProgramme({ code: "FUP", followUpOffsetsMonths: [3, 6, 12] }).id;
  funding = createTestFundingSource(admin, [programmeId]);
});

afterAll(() => rmSync(process.env.UPLOAD_DIR as string, { recursive: true, force: true }));

const inKind = (handedOverOn: string, options: { mentorId?: number | null; machines?: number; kind?: "startup" | "existing" } = {}) =>
  inKindGrant({ admin, officer }, { programmeId, inKindLineId: funding.lines[0].id, fundingSourceId: funding.source.id, mentorId: options.mentorId === undefined ? mentor.id : options.mentorId, partnerOrganisationId: partnerA, handedOverOn, machines: options.machines, kind: options.kind });
const cash = (paidOn: string) => cashGrant(officer, { programmeId, cashLineId: funding.lines[1].id, fundingSourceId: funding.source.id, mentorId: mentor.id, partnerOrganisationId: partnerA, paidOn });

describe("schedules and planned visits", () => {
  let handedOver: FundedCase;

  it("plans an in-kind grant's visits when its act is signed, from the programme's months (±15 days)", () => {
    handedOver = inKind("2026-03-25");
    expect(plannedVisitsOf(handedOver.agreementId).map(windowOf)).toEqual([
      [3, "2026-06-25", "2026-06-10", "2026-07-10", true],
      [6, "2026-09-25", "2026-09-10", "2026-10-10", true],
      [12, "2027-03-25", "2027-03-10", "2027-04-09", true],
    ]);
    const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, handedOver.caseId)).get()!;
    expect(caseRow.stage).toBe("follow_up");
    expect(auditCount(and(eq(schema.auditLog.action, "plan"), eq(schema.auditLog.entityId, String(handedOver.agreementId))))).toBe(1);
  });

  it("saves schedule versions that apply only to later time origins, never back-dated", () => {
    const stages = [1, 3, 6, 12].map((monthsAfterOrigin) => ({ monthsAfterOrigin, windowDaysBefore: 10, windowDaysAfter: 10, required: monthsAfterOrigin !== 1 }));
    expect(refusal(() => saveSchedule(officer, programmeId, "cash", { version: 0, effectiveFrom: "2026-12-07", stages })).code).toBe("forbidden");
    const backDated = refusal(() => saveSchedule(admin, programmeId, "cash", { version: 0, effectiveFrom: today, stages }, today));
    expect([backDated.code, backDated.details]).toEqual(["effective_from_back_dated", { firstOrigin: "2026-12-07" }]);
    expect(refusal(() => saveSchedule(admin, programmeId, "cash", { version: 0, effectiveFrom: "2026-12-07", stages: [stages[0], { ...stages[1], monthsAfterOrigin: 2, windowDaysBefore: 20 }] }, today)).code).toBe("schedule_invalid");
    // Saved on 2026-02-01 (as the day of the change) for grants from 2026-02-02 on.
    const saved = saveSchedule(admin, programmeId, "cash", { version: 0, effectiveFrom: "2026-02-02", stages }, "2026-02-01");
    expect(saved).toMatchObject({ modality: "cash", version: 1, effectiveFrom: "2026-02-02" });
    expect(() => saveSchedule(admin, programmeId, "cash", { version: 0, effectiveFrom: "2027-01-01", stages }, today)).toThrow(StaleRecordError);
    // The in-kind grant planned before keeps its visits.
    expect(plannedVisitsOf(handedOver.agreementId)).toHaveLength(3);
  });

  it("plans a cash grant with the cash schedule in force on its time origin", () => {
    const paid = cash("2026-04-15");
    expect(plannedVisitsOf(paid.agreementId).map(windowOf)).toEqual([
      [1, "2026-05-15", "2026-05-05", "2026-05-25", false],
      [3, "2026-07-15", "2026-07-05", "2026-07-25", true],
      [6, "2026-10-15", "2026-10-05", "2026-10-25", true],
      [12, "2027-04-15", "2027-04-05", "2027-04-25", true],
    ]);
  });

  it("reschedules with a reason, keeping the window's width, and audits it", () => {
    const [third] = plannedVisitsOf(handedOver.agreementId);
    expect(refusal(() => rescheduleVisit(mentor, third.id, { version: 1, newDueDate: "2026-07-20", reason: " " })).code).toBe("reason_required");
    expect(refusal(() => rescheduleVisit(otherMentor, third.id, { version: 1, newDueDate: "2026-07-20", reason: "Власниця у відрядженні" })).code).toBe("forbidden");
    expect(refusal(() => rescheduleVisit(mentor, third.id, { version: 1, newDueDate: "2026-03-25", reason: "x" })).code).toBe("before_time_origin");
    const moved = rescheduleVisit(mentor, third.id, { version: 1, newDueDate: "2026-07-20", reason: "Власниця у відрядженні" });
    expect(moved).toEqual({ dueDate: "2026-07-20", windowStart: "2026-07-05", windowEnd: "2026-08-04" });
    expect(db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.id, third.id)).get()).toMatchObject({ rescheduledReason: "Власниця у відрядженні", rescheduledByUserId: mentor.id, version: 2 });
    expect(() => rescheduleVisit(officer, third.id, { version: 1, newDueDate: "2026-07-22", reason: "x" })).toThrow(StaleRecordError);
    const entry = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "reschedule"), eq(schema.auditLog.entityId, String(third.id)))).get()!;
    expect(entry.before).toEqual({ dueDate: "2026-06-25", windowStart: "2026-06-10", windowEnd: "2026-07-10" });
    expect(entry.after).toEqual({ dueDate: "2026-07-20", windowStart: "2026-07-05", windowEnd: "2026-08-04", reason: "Власниця у відрядженні" });
  });

  it("re-plans the visits not yet made after a corrected time origin, and refuses one later than a visit made", () => {
    const [third, sixth] = plannedVisitsOf(handedOver.agreementId);
    const made = recordVisit(mentor, handedOver.caseId, visitInput({ plannedVisitId: third.id, visitDate: "2026-07-21", newWorkers: [ownerLine], equipment: handedOver.itemIds.map((itemId) => ({ itemId, status: "in_use" as const })) }), [], today);
    db.transaction((tx) => setTimeOrigin(tx, officer, handedOver.agreementId, "2026-03-20", "correction", "Акт підписано 20 березня"));
    const after = plannedVisitsOf(handedOver.agreementId);
    // The visit made keeps its plan (and its rescheduled date); the others count from 20 March.
    expect(after.map(windowOf)).toEqual([
      [3, "2026-07-20", "2026-07-05", "2026-08-04", true],
      [6, "2026-09-20", "2026-09-05", "2026-10-05", true],
      [12, "2027-03-20", "2027-03-05", "2027-04-04", true],
    ]);
    expect(auditCount(and(eq(schema.auditLog.action, "replan"), eq(schema.auditLog.entityId, String(sixth.id))))).toBe(1);
    const tooLate = refusal(() => db.transaction((tx) => setTimeOrigin(tx, officer, handedOver.agreementId, "2026-08-01", "correction", "Помилка")));
    expect([tooLate.code, tooLate.details]).toEqual(["visits_before_origin", { stages: [3], timeOriginOn: "2026-08-01" }]);
    expect(db.select().from(schema.grantAgreements).where(eq(schema.grantAgreements.id, handedOver.agreementId)).get()!.timeOriginOn).toBe("2026-03-20");
    expect(made.repeated).toBe(false);
  });

  it("a reschedule is replaced by a later correction of the origin (its reason dropped, the audit keeps it)", () => {
    const grant = inKind("2026-04-01", { machines: 1 });
    const [third] = plannedVisitsOf(grant.agreementId);
    rescheduleVisit(officer, third.id, { version: 1, newDueDate: "2026-07-15", reason: "Свята" });
    db.transaction((tx) => setTimeOrigin(tx, officer, grant.agreementId, "2026-03-30", "correction", "Дата акта"));
    const replanned = db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.id, third.id)).get()!;
    expect([replanned.dueDate, replanned.windowStart, replanned.windowEnd, replanned.rescheduledReason]).toEqual(["2026-06-30", "2026-06-15", "2026-07-15", null]);
    const entry = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "replan"), eq(schema.auditLog.entityId, String(third.id)))).get()!;
    expect(entry.before).toEqual({ dueDate: "2026-07-15", windowStart: "2026-06-30", windowEnd: "2026-07-30", rescheduledReason: "Свята" });
    expect((entry.after as Record<string, unknown>).replacesReschedule).toBe(true);
  });

  it("skips a visit with a reason; a skipped visit is never missed", () => {
    const grant = inKind("2026-04-02", { machines: 1 });
    const [third] = plannedVisitsOf(grant.agreementId);
    expect(refusal(() => skipVisit(mentor, third.id, { version: 1, reason: "" })).code).toBe("reason_required");
    skipVisit(mentor, third.id, { version: 1, reason: "Власниця в лікарні" });
    const skipped = db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.id, third.id)).get()!;
    expect(visitState({ ...skipped, skipReason: skipped.skippedReason }, today)).toBe("skipped");
    expect(refusal(() => skipVisit(mentor, third.id, { version: 2, reason: "Ще раз" })).code).toBe("skipped");
  });
});

describe("visits", () => {
  let grant: FundedCase;
  let firstVisitId: number;

  beforeAll(() => {
    grant = inKind("2026-05-04", { machines: 2 });
  });

  it("records a visit by the case's mentor: roster update (baseline confirmed, owner and an employee added), items, notes", () => {
    const [third] = plannedVisitsOf(grant.agreementId);
    const baseline = db.select().from(schema.workerRosterRows).where(and(eq(schema.workerRosterRows.caseId, grant.caseId), eq(schema.workerRosterRows.snapshotKind, "baseline"))).all();
    // Two counted workers at application: one paid full-time woman (40 h), one paid part-time man (hours unknown).
    expect(baseline.map((row) => [row.workerId, row.role, row.paid, row.hoursPerWeek, row.sex, row.source])).toEqual([
      ["W1", null, true, 40, "female", "migrated_from_counts"],
      ["W2", null, true, null, "male", "migrated_from_counts"],
    ]);
    const input = visitInput({
      plannedVisitId: third.id,
      visitDate: "2026-08-05",
      roster: [
        { workerId: "W1", left: false, endDate: null, role: "employee", paid: true, hoursPerWeek: 40, monthsPerYear: null },
        { workerId: "W2", left: true, endDate: "2026-07-31", role: "employee", paid: true, hoursPerWeek: 20, monthsPerYear: null },
      ],
      newWorkers: [ownerLine, { role: "employee", paid: true, hoursPerWeek: 30, sex: "male", displacementStatus: "host", startDate: "2026-06-01", monthsPerYear: 6 }],
      equipment: [
        { itemId: grant.itemIds[0], status: "in_use" },
        { itemId: grant.itemIds[1], status: "broken" },
      ],
    });
    const { visit, repeated } = recordVisit(mentor, grant.caseId, input, [], today);
    firstVisitId = visit.id;
    expect(repeated).toBe(false);
    expect(visit).toMatchObject({ caseId: grant.caseId, agreementId: grant.agreementId, plannedVisitId: third.id, visitorUserId: mentor.id, createdByUserId: mentor.id, operatingStatus: "operating", version: 1, notes: "Власниця просить допомогти з ПРРО." });
    expect(rosterRowsOfVisit(visit.id).map((row) => [row.workerId, row.role, row.paid, row.hoursPerWeek, row.startDate, row.endDate, row.monthsPerYear, row.recordedOn])).toEqual([
      ["W1", "employee", true, 40, null, null, null, "2026-08-05"],
      ["W2", "employee", true, 20, null, "2026-07-31", null, "2026-08-05"],
      ["W3", "owner", false, 45, "2026-01-15", null, null, "2026-08-05"],
      ["W4", "employee", true, 30, "2026-06-01", null, 6, "2026-08-05"],
    ]);
    expect(db.select().from(schema.visitEquipmentStatuses).where(eq(schema.visitEquipmentStatuses.visitId, visit.id)).all().map((row) => [row.equipmentItemId, row.status])).toEqual([
      [grant.itemIds[0], "in_use"],
      [grant.itemIds[1], "broken"],
    ]);
    const planned = db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.id, third.id)).get()!;
    expect(visitState({ ...planned, visitDate: visit.visitDate }, today)).toBe("completed");
  });

  it("refuses a record that contradicts itself, field by field, and stores nothing", () => {
    const before = countRows(schema.followUpVisits);
    const refused = rejection(() =>
      recordVisit(mentor, grant.caseId, visitInput({ visitDate: "2026-12-07", monthlyRevenueMinor: 1_000_00, monthlyNetIncomeMinor: 2_000_00, equipment: [{ itemId: grant.itemIds[0], status: "idle" }], residence: "moved_within_ukraine" }), [], today),
    );
    expect(refused.problems).toEqual([
      { field: "visitDate", code: "date_in_future" },
      { field: "monthlyNetIncome", code: "net_income_above_revenue" },
      { field: "e[1].status", code: "equipment_status_missing", itemId: String(grant.itemIds[1]) },
      { field: "newHromadaPcode", code: "hromada_required" },
    ]);
    expect(countRows(schema.followUpVisits)).toBe(before);
  });

  it("lets a colleague of the mentor's NGO and an officer record, and refuses a mentor of another NGO", () => {
    const roster = (visitId: number) => rosterRowsOfVisit(visitId).map((row) => ({ workerId: row.workerId, left: false, endDate: row.endDate, role: row.role, paid: row.paid, hoursPerWeek: row.hoursPerWeek, monthsPerYear: row.monthsPerYear }));
    const equipment = grant.itemIds.map((itemId) => ({ itemId, status: "in_use" as const }));
    expect(refusal(() => recordVisit(otherMentor, grant.caseId, visitInput({ visitDate: "2026-09-01", roster: roster(firstVisitId), equipment }), [], today)).code).toBe("forbidden");
    expect(refusal(() => recordVisit(evaluator, grant.caseId, visitInput({ visitDate: "2026-09-01", roster: roster(firstVisitId), equipment }), [], today)).code).toBe("forbidden");
    const byColleague = recordVisit(colleague, grant.caseId, visitInput({ visitDate: "2026-09-02", mode: "phone", roster: roster(firstVisitId), equipment }), [], today).visit;
    expect(byColleague).toMatchObject({ plannedVisitId: null, visitorUserId: colleague.id });
    const byOfficer = recordVisit(officer, grant.caseId, visitInput({ visitDate: "2026-09-20", operatingStatus: "unreachable", monthlyRevenueMinor: null, monthlyNetIncomeMinor: null, residence: "unknown", roster: roster(byColleague.id) }), [], today).visit;
    expect(byOfficer.operatingStatus).toBe("unreachable");
    // Nobody was reached: no roster and no item statuses are recorded.
    expect(rosterRowsOfVisit(byOfficer.id)).toEqual([]);
  });

  it("returns the first visit for a second submit of the same form, storing nothing", () => {
    const input = visitInput({ visitDate: "2026-10-01", roster: [], newWorkers: [], equipment: grant.itemIds.map((itemId) => ({ itemId, status: "in_use" as const })) });
    // The roster lines of the latest record before 1 October.
    input.roster = rosterRowsOfVisit(firstVisitId).filter((row) => row.endDate === null).map((row) => ({ workerId: row.workerId, left: false, endDate: null, role: row.role, paid: row.paid, hoursPerWeek: row.hoursPerWeek, monthsPerYear: row.monthsPerYear }));
    const visits = countRows(schema.followUpVisits);
    const audits = auditCount(eq(schema.auditLog.entityType, "visit"));
    const first = recordVisit(mentor, grant.caseId, input, [], today);
    const second = recordVisit(mentor, grant.caseId, input, [], today);
    expect([first.repeated, second.repeated, second.visit.id]).toEqual([false, true, first.visit.id]);
    expect(countRows(schema.followUpVisits)).toBe(visits + 1);
    expect(auditCount(eq(schema.auditLog.entityType, "visit"))).toBe(audits + 1);
    // The same key for another case is refused, not taken as that case's visit.
    const elsewhere = inKind("2026-05-05", { machines: 1 });
    expect(refusal(() => recordVisit(mentor, elsewhere.caseId, input, [], today)).code).toBe("visit_of_other_case");
  });

  it("submitting the page's form twice stores one visit and answers both with it", async () => {
    const cookie = await sessionCookieFor(mentor.id);
    const grantForPage = inKind("2026-05-06", { machines: 1 });
    const page = await callRoute(newVisitLoader, request(`/cases/${grantForPage.caseId}/visits/new`, { cookie }), { caseId: String(grantForPage.caseId) });
    const form = await readJson<{ idempotencyKey: string; roster: Array<{ before: { workerId: string } }> }>(page);
    expect(form.roster.map((line) => line.before.workerId)).toEqual(["W1", "W2"]);
    const fields = {
      idempotencyKey: form.idempotencyKey,
      intent: "save",
      visitDate: "2026-08-10",
      mode: "in_person",
      operatingStatus: "operating",
      "w[0].workerId": "W1",
      "w[0].status": "working",
      "w[0].role": "employee",
      "w[0].paid": "yes",
      "w[0].hoursPerWeek": "40",
      "w[1].workerId": "W2",
      "w[1].status": "working",
      "w[1].role": "employee",
      "w[1].paid": "yes",
      "w[1].hoursPerWeek": "20",
      "n[0].role": "owner",
      "n[0].paid": "no",
      "n[0].hoursPerWeek": "40",
      "n[0].sex": "female",
      "n[0].startDate": "2026-01-10",
      "e[0].itemId": String(grantForPage.itemIds[0]),
      "e[0].status": "in_use",
      monthlyRevenue: "25 000",
      monthlyNetIncome: "-1 500,50",
      residence: "same_hromada",
      problems: ["power_outages", "rising_costs"],
    };
    const post = () => callRoute(newVisitAction, request(`/cases/${grantForPage.caseId}/visits/new`, { cookie, form: fields }), { caseId: String(grantForPage.caseId) });
    const [first, second] = [await post(), await post()];
    const stored = db.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.caseId, grantForPage.caseId)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ monthlyRevenueMinor: 25_000_00, monthlyNetIncomeMinor: -1_500_50, problems: ["power_outages", "rising_costs"], notes: null });
    expect([first.status, first.headers.get("Location"), second.headers.get("Location")]).toEqual([302, `/visits/${stored[0].id}?recorded=1`, `/visits/${stored[0].id}?recorded=1`]);

    // A form with errors comes back with each next to its field and the input kept.
    const bad = await callRoute(newVisitAction, request(`/cases/${grantForPage.caseId}/visits/new`, { cookie, form: { ...fields, idempotencyKey: crypto.randomUUID(), "n[0].hoursPerWeek": "200", "e[0].status": "", monthlyRevenue: "abc" } }), { caseId: String(grantForPage.caseId) });
    expect(bad.status).toBe(400);
    const reply = await readJson<{ result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }>(bad);
    expect(reply.result.error).toEqual({ "n[0].hoursPerWeek": ["errors.numberTooLarge"], monthlyRevenue: ["errors.money"] });
    expect(reply.result.initialValue.visitDate).toBe("2026-08-10");
  });

  it("is corrected by its author or an officer, never another mentor, keeping the earlier values in the audit", () => {
    const stored = db.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.id, firstVisitId)).get()!;
    const previous = [
      { workerId: "W1", left: false, endDate: null, role: "employee" as const, paid: true, hoursPerWeek: 40, monthsPerYear: null },
      { workerId: "W2", left: true, endDate: "2026-07-31", role: "employee" as const, paid: true, hoursPerWeek: 20, monthsPerYear: null },
    ];
    const corrected = {
      ...visitInput({ idempotencyKey: stored.idempotencyKey, plannedVisitId: stored.plannedVisitId, visitDate: "2026-08-05", roster: previous }),
      newWorkers: [
        { ...ownerLine, workerId: "W3" },
        { role: "employee" as const, paid: true, hoursPerWeek: 35, sex: "male" as const, displacementStatus: "host" as const, startDate: "2026-06-01", monthsPerYear: 6, workerId: "W4" },
      ],
      equipment: [
        { itemId: grant.itemIds[0], status: "in_use" as const },
        { itemId: grant.itemIds[1], status: "sold" as const },
      ],
      monthlyRevenueMinor: 32_000_00,
      version: 1,
    };
    expect(refusal(() => correctVisit(colleague, firstVisitId, corrected, [], today)).code).toBe("not_author");
    expect(refusal(() => correctVisit(otherMentor, firstVisitId, corrected, [], today)).code).toBe("forbidden");
    const byAuthor = correctVisit(mentor, firstVisitId, corrected, [], today);
    expect(byAuthor).toMatchObject({ version: 2, monthlyRevenueMinor: 32_000_00, updatedByUserId: mentor.id });
    // The workers who joined at this visit keep their ids.
    expect(rosterRowsOfVisit(firstVisitId).map((row) => [row.workerId, row.hoursPerWeek])).toEqual([
      ["W1", 40],
      ["W2", 20],
      ["W3", 45],
      ["W4", 35],
    ]);
    expect(() => correctVisit(officer, firstVisitId, corrected, [], today)).toThrow(StaleRecordError);
    const byOfficer = correctVisit(officer, firstVisitId, { ...corrected, version: 2, monthlyNetIncomeMinor: 8_000_00 }, [], today);
    expect(byOfficer).toMatchObject({ version: 3, updatedByUserId: officer.id, monthlyNetIncomeMinor: 8_000_00 });
    const entries = db.select().from(schema.auditLog).where(and(eq(schema.auditLog.entityType, "visit"), eq(schema.auditLog.entityId, String(firstVisitId)), eq(schema.auditLog.action, "update"))).all();
    expect(entries.map((entry) => [entry.before, entry.after])).toEqual([
      [
        { monthlyRevenueMinor: 30_000_00, equipment: [{ itemId: grant.itemIds[0], status: "in_use" }, { itemId: grant.itemIds[1], status: "broken" }], roster: expect.any(Array), updatedByUserId: null, version: 1 },
        { monthlyRevenueMinor: 32_000_00, equipment: [{ itemId: grant.itemIds[0], status: "in_use" }, { itemId: grant.itemIds[1], status: "sold" }], roster: expect.any(Array), updatedByUserId: mentor.id, version: 2 },
      ],
      [
        { monthlyNetIncomeMinor: 9_000_00, updatedByUserId: mentor.id, version: 2 },
        { monthlyNetIncomeMinor: 8_000_00, updatedByUserId: officer.id, version: 3 },
      ],
    ]);
  });

  it("records a closure deliberately: confirmed, with its reason; later planned visits are skipped", () => {
    const closing = inKind("2026-05-07", { machines: 1, kind: "startup" });
    const [third, sixth, twelfth] = plannedVisitsOf(closing.agreementId);
    const base = { plannedVisitId: third.id, visitDate: "2026-08-07", operatingStatus: "closed" as const, newWorkers: [{ ...ownerLine, startDate: "2026-05-07" }], equipment: [{ itemId: closing.itemIds[0], status: "sold" as const }] };
    const unconfirmed = rejection(() => recordVisit(mentor, closing.caseId, visitInput({ ...base, closureReason: " " }), [], today));
    expect(unconfirmed.problems).toEqual([
      { field: "closureConfirmed", code: "closure_not_confirmed" },
      { field: "closureReason", code: "closure_reason_required" },
    ]);
    const closed = recordVisit(mentor, closing.caseId, visitInput({ ...base, closureConfirmed: true, closureReason: "Переїхала до іншої області", closureDate: "2026-07-31" }), [], today).visit;
    expect(closed).toMatchObject({ operatingStatus: "closed", closureDate: "2026-07-31", closureReason: "Переїхала до іншої області" });
    const after = plannedVisitsOf(closing.agreementId);
    expect(after.map((row) => row.skippedReason)).toEqual([null, `business_closed:${closed.id}`, `business_closed:${closed.id}`]);
    expect([sixth.id, twelfth.id]).toEqual([after[1].id, after[2].id]);
  });
});

describe("a tranche requirement verified by a visit", () => {
  it("verifies it through the grants core, in the visit's transaction", () => {
    const paid = cash("2026-05-10");
    const input = visitInput({ visitDate: "2026-06-12", newWorkers: [ownerLine], trancheRequirementId: paid.requirementId, trancheEvidenceNote: "Чеки на 20 000 грн переглянуто" });
    // A colleague who is not the case's mentor may visit but not verify: nothing is stored.
    const before = countRows(schema.followUpVisits);
    expect(rejection(() => recordVisit(colleague, paid.caseId, input, [], today)).problems).toEqual([{ field: "trancheRequirementId", code: "grant_not_case_mentor" }]);
    expect(countRows(schema.followUpVisits)).toBe(before);
    expect(rejection(() => recordVisit(mentor, paid.caseId, { ...input, trancheEvidenceNote: null }, [], today)).problems).toEqual([{ field: "trancheEvidenceNote", code: "evidence_required" }]);
    const { visit } = recordVisit(mentor, paid.caseId, input, [], today);
    const requirement = db.select().from(schema.grantTrancheRequirements).where(eq(schema.grantTrancheRequirements.id, paid.requirementId!)).get()!;
    expect(requirement).toMatchObject({ visitId: visit.id, verifiedByUserId: mentor.id, evidenceNote: "Чеки на 20 000 грн переглянуто", version: 2 });
    expect(visit.trancheRequirementId).toBe(paid.requirementId);
    expect(auditCount(and(eq(schema.auditLog.action, "verify"), eq(schema.auditLog.entityId, String(paid.requirementId))))).toBe(1);
  });
});

describe("queues and assignment", () => {
  it("computes the same states in SQL as visitState at every window edge", () => {
    const grant = inKind("2026-05-11", { machines: 1, mentorId: null });
    const [third] = plannedVisitsOf(grant.agreementId);
    const countIn = (state: "due" | "overdue" | "missed", on: string) =>
      db
        .select({ id: schema.plannedVisits.id })
        .from(schema.plannedVisits)
        .leftJoin(schema.followUpVisits, eq(schema.followUpVisits.plannedVisitId, schema.plannedVisits.id))
        .where(and(eq(schema.plannedVisits.id, third.id), openVisitCondition(state, on)))
        .all().length;
    for (const on of [addDays(third.windowStart, -1), third.windowStart, third.dueDate, addDays(third.dueDate, 1), third.windowEnd, addDays(third.windowEnd, 1)]) {
      const state = visitState(third, on);
      expect([on, (["due", "overdue", "missed"] as const).filter((candidate) => countIn(candidate, on) === 1)]).toEqual([on, state === "upcoming" ? [] : [state]]);
    }
  });

  it("puts the mentor's overdue visits first and counts the missed ones", () => {
    const home = mentorFollowUp(mentor, "2026-08-01");
    expect(home.now.length).toBeGreaterThan(0);
    const states = home.now.map((visit) => visit.state);
    expect(states).toEqual([...states].sort((a, b) => (a === b ? 0 : a === "overdue" ? -1 : 1)));
    expect(home.now.every((visit) => visit.state === "overdue" || visit.state === "due")).toBe(true);
    expect(home.upcoming.every((visit) => visit.state === "upcoming")).toBe(true);
    // Every required visit the mentor missed, and nothing made or skipped, is in the count.
    const expected = db
      .select()
      .from(schema.plannedVisits)
      .innerJoin(schema.cases, eq(schema.cases.id, schema.plannedVisits.caseId))
      .leftJoin(schema.followUpVisits, eq(schema.followUpVisits.plannedVisitId, schema.plannedVisits.id))
      .where(eq(schema.cases.mentorId, mentor.id))
      .all()
      .filter((row) => row.follow_up_visits === null && row.planned_visits.skippedReason === null && row.planned_visits.required && row.planned_visits.windowEnd < "2026-08-01").length;
    expect(home.missed).toBe(expected);
  });

  it("assigns a mentor of the case's partner organisation, singly or in bulk, all or nothing", () => {
    const one = inKind("2026-05-12", { machines: 1, mentorId: null });
    const two = inKind("2026-05-13", { machines: 1, mentorId: null });
    const version = (caseId: number) => db.select({ version: schema.cases.version }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()!.version;
    const both = [{ caseId: one.caseId, version: version(one.caseId) }, { caseId: two.caseId, version: version(two.caseId) }];
    expect(refusal(() => assignMentor(mentor, both, mentor.id)).code).toBe("forbidden");
    expect(refusal(() => assignMentor(officer, both, otherMentor.id)).code).toBe("mentor_not_of_partner");
    expect(refusal(() => assignMentor(officer, both, officer.id)).code).toBe("not_a_mentor");
    expect(assignMentor(officer, both, colleague.id)).toEqual([one.caseId, two.caseId]);
    expect(db.select({ mentorId: schema.cases.mentorId }).from(schema.cases).where(eq(schema.cases.id, two.caseId)).get()!.mentorId).toBe(colleague.id);
    expect(() => assignMentor(officer, both, mentor.id)).toThrow(StaleRecordError);
    expect(assignMentor(officer, [{ caseId: one.caseId, version: version(one.caseId) }], mentor.id)).toEqual([one.caseId]);
    expect(auditCount(and(eq(schema.auditLog.action, "assign"), eq(schema.auditLog.entityId, String(one.caseId))))).toBe(2);
  });

  it("shows officers overdue and missed visits by partner, mentor and oblast", () => {
    const overview = followUpOverview(officer, {}, "2026-08-01");
    const missedByPartner = overview.byPartner.find((row) => row.key === partnerA)!;
    const total = (rows: Array<{ overdue: number; missed: number }>) => rows.reduce((sum, row) => [sum[0] + row.overdue, sum[1] + row.missed], [0, 0]);
    expect(total(overview.byMentor)).toEqual(total(overview.byPartner));
    expect(total(overview.byOblast)).toEqual(total(overview.byPartner));
    expect(missedByPartner.overdue + missedByPartner.missed).toBeGreaterThan(0);
    expect(() => followUpOverview(mentor)).toThrow();
  });
});

describe("pages and notes", () => {
  it("answers 403 to evaluators and to mentors of another NGO; notes only for those allowed", async () => {
    const visit = db.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.createdByUserId, mentor.id)).get()!;
    const get = async (user: TestUser) => callRoute(visitLoader, request(`/visits/${visit.id}`, { cookie: await sessionCookieFor(user.id) }), { visitId: String(visit.id) });
    expect((await get(evaluator)).status).toBe(403);
    expect((await get(otherMentor)).status).toBe(403);
    const asColleague = await readJson<{ visit: { notes: string | null; hasNotes: boolean } }>(await get(colleague));
    expect(asColleague.visit).toMatchObject({ notes: null, hasNotes: true });
    const asMentor = await readJson<{ visit: { notes: string | null } }>(await get(mentor));
    expect(asMentor.visit.notes).toBe(visit.notes);
    expect(JSON.stringify(asColleague)).not.toContain(visit.notes!);
    const evaluatorCookie = await sessionCookieFor(evaluator.id);
    expect((await callRoute(newVisitLoader, request(`/cases/${visit.caseId}/visits/new`, { cookie: evaluatorCookie }), { caseId: String(visit.caseId) })).status).toBe(403);
    expect((await callRoute(followUpLoader, request("/follow-up", { cookie: evaluatorCookie }))).status).toBe(403);
  });
});

describe("photos and the baseline roster", () => {
  it("keeps JPEG and PNG photos, recognised by content and reduced on the server, for those who may read the visit", async () => {
    const camera = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 180, g: 120, b: 60 } } }).jpeg({ quality: 95 }).toBuffer();
    const screenshot = await sharp({ create: { width: 800, height: 600, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const photos = await preparePhotos([new File([camera], "Фото/цеху.jpg"), new File([screenshot], "чек.png"), new File([], "")]);
    expect(photos.map((photo) => [photo.fileName, photo.contentType, photo.width, photo.height])).toEqual([
      ["цеху.jpg", "image/jpeg", 1600, 1200],
      ["чек.png", "image/png", 800, 600],
    ]);
    expect(photos[0].bytes.length).toBeLessThan(camera.length);
    const refused = await preparePhotos([new File([Buffer.from("%PDF-1.4\n%%EOF\n")], "scan.jpg", { type: "image/jpeg" })]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PhotoRefused);
    expect((refused as PhotoRefused).code).toBe("wrong_type");

    const grant = inKind("2026-05-20", { machines: 1 });
    const { visit } = recordVisit(mentor, grant.caseId, visitInput({ visitDate: "2026-08-20", newWorkers: [ownerLine], equipment: [{ itemId: grant.itemIds[0], status: "in_use" }] }), photos, today);
    const stored = db.select().from(schema.visitPhotos).where(eq(schema.visitPhotos.visitId, visit.id)).all();
    expect(stored.map((row) => [row.fileName, row.contentType, row.width, row.sizeBytes])).toEqual(photos.map((photo) => [photo.fileName, photo.contentType, photo.width, photo.bytes.length]));
    const get = async (user: TestUser) =>
      callRoute(photoLoader, request(`/visits/${visit.id}/photos/${stored[0].id}`, { cookie: await sessionCookieFor(user.id) }), { visitId: String(visit.id), photoId: String(stored[0].id) });
    const served = await get(mentor);
    expect([served.status, served.headers.get("Content-Type"), (await served.arrayBuffer()).byteLength]).toEqual([200, "image/jpeg", photos[0].bytes.length]);
    expect((await get(evaluator)).status).toBe(403);
    expect((await get(otherMentor)).status).toBe(403);
  });

  it("turns the application's worker counts into roster rows once (npm run db:migrate)", () => {
    const { case: kase } = insertTestCase({ programmeId });
    const business = db
      .insert(schema.businesses)
      .values({ caseId: kase.id, kind: "existing", baselineWorkers: { paidFullTime: { female: 1, male: 0 }, paidPartTime: { female: 0, male: 1 }, unpaidFullTime: { female: 0, male: 0 }, unpaidPartTime: { female: 1, male: 0 } } })
      .returning()
      .get();
    expect(backfillBaselineRosters(sqlite)).toBe(3);
    expect(backfillBaselineRosters(sqlite)).toBe(0);
    const rows = db.select().from(schema.workerRosterRows).where(eq(schema.workerRosterRows.businessId, business.id)).orderBy(schema.workerRosterRows.workerId).all();
    expect(rows.map((row) => [row.workerId, row.snapshotKind, row.paid, row.hoursPerWeek, row.sex, row.role, row.source, row.recordedOn])).toEqual([
      ["W1", "baseline", true, 40, "female", null, "migrated_from_counts", "2024-03-01"],
      ["W2", "baseline", true, null, "male", null, "migrated_from_counts", "2024-03-01"],
      ["W3", "baseline", false, null, "female", null, "migrated_from_counts", "2024-03-01"],
    ]);
  });
});

describe("the planning pages' forms", () => {
  it("saves a schedule version from the editor and refuses the same form once another version was saved", async () => {
    const cookie = await sessionCookieFor(admin.id);
    const form = {
      programmeId: String(programmeId),
      modality: "in_kind",
      version: "0",
      effectiveFrom: "2027-01-01",
      "stages[0].monthsAfterOrigin": "3",
      "stages[0].windowDaysBefore": "15",
      "stages[0].windowDaysAfter": "15",
      "stages[0].required": "on",
      "stages[1].monthsAfterOrigin": "12",
      "stages[1].windowDaysBefore": "20",
      "stages[1].windowDaysAfter": "20",
    };
    const saved = await callRoute(schedulesAction, request("/follow-up/schedules", { cookie, form }));
    expect([saved.status, (await readJson<{ saved: boolean }>(saved)).saved]).toEqual([200, true]);
    const row = db.select().from(schema.followUpSchedules).where(and(eq(schema.followUpSchedules.programmeId, programmeId), eq(schema.followUpSchedules.modality, "in_kind"))).get()!;
    expect(row.stages).toEqual([
      { monthsAfterOrigin: 3, windowDaysBefore: 15, windowDaysAfter: 15, required: true },
      { monthsAfterOrigin: 12, windowDaysBefore: 20, windowDaysAfter: 20, required: false },
    ]);
    expect((await callRoute(schedulesAction, request("/follow-up/schedules", { cookie, form }))).status).toBe(409);
    const officerCookie = await sessionCookieFor(officer.id);
    expect((await callRoute(schedulesAction, request("/follow-up/schedules", { cookie: officerCookie, form }))).status).toBe(403);
  });

  it("reschedules from the case's visits page with a reason, and assigns its mentor", async () => {
    const grant = inKind("2026-06-01", { machines: 1, mentorId: null });
    const [third] = plannedVisitsOf(grant.agreementId);
    const cookie = await sessionCookieFor(officer.id);
    const post = (form: Record<string, string>) => callRoute(caseVisitsAction, request(`/cases/${grant.caseId}/visits`, { cookie, form }), { caseId: String(grant.caseId) });
    const missing = await post({ intent: "reschedule", plannedVisitId: String(third.id), version: "1", newDueDate: "2026-09-10", reason: "" });
    expect(missing.status).toBe(400);
    expect((await readJson<{ result: { error: Record<string, string[]> } }>(missing)).result.error).toEqual({ reason: ["errors.required"] });
    expect((await post({ intent: "reschedule", plannedVisitId: String(third.id), version: "1", newDueDate: "2026-09-10", reason: "Ярмарок у громаді" })).status).toBe(200);
    expect(db.select().from(schema.plannedVisits).where(eq(schema.plannedVisits.id, third.id)).get()).toMatchObject({ dueDate: "2026-09-10", rescheduledReason: "Ярмарок у громаді" });
    const caseVersion = db.select({ version: schema.cases.version }).from(schema.cases).where(eq(schema.cases.id, grant.caseId)).get()!.version;
    expect((await post({ intent: "assign", caseVersion: String(caseVersion), mentorId: String(mentor.id) })).status).toBe(200);
    expect(db.select({ mentorId: schema.cases.mentorId }).from(schema.cases).where(eq(schema.cases.id, grant.caseId)).get()!.mentorId).toBe(mentor.id);
    // Bulk assignment from the follow-up page: a mentor of another NGO is refused for the whole set.
    const version = db.select({ version: schema.cases.version }).from(schema.cases).where(eq(schema.cases.id, grant.caseId)).get()!.version;
    const refused = await callRoute(followUpAction, request("/follow-up", { cookie, form: { intent: "assign", mentorId: String(otherMentor.id), cases: [`${grant.caseId}:${version}`] } }));
    expect(refused.status).toBe(409);
    const bulk = await callRoute(followUpAction, request("/follow-up", { cookie, form: { intent: "assign", mentorId: String(colleague.id), cases: [`${grant.caseId}:${version}`] } }));
    expect((await readJson<{ assigned: number }>(bulk)).assigned).toBe(1);
  });
});
