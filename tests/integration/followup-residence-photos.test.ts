// Follow-up, against the migrated database: where a visit found the owner living goes into the
// person's displacement history (domain.md §2, §7, §10) — one entry per visit, which a correction
// updates or removes; the visit form's new hromada, chosen with the place picker or found by name
// without JavaScript and checked on the server; and deleting a visit's photos (its author or an
// officer, from the version read, confirmed, audited, the file removed).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { StaleRecordError } from "~/lib/stale-record.server";
import { FollowUpRefused } from "~/modules/followup/followup-errors";
import { preparePhotos } from "~/modules/followup/photos.server";
import { correctVisit, deleteVisitPhoto, recordVisit, visitRecord } from "~/modules/followup/visits.server";
import { action as newVisitAction, loader as newVisitLoader } from "~/routes/cases.$caseId_.visits.new";
import { action as visitAction } from "~/routes/visits.$visitId";
import { loader as photoLoader } from "~/routes/visits.$visitId_.photos.$photoId";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, readJson, request, sessionCookieFor, type TestUser } from "../helpers/foundation";
import { createTestFundingSource } from "../helpers/grants";
import { inKindGrant, ownerLine, rosterRowsOfVisit, visitInput, type FundedCase } from "../helpers/followup";

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
  programmeId = createTestProgramme({ code: "FUR", followUpOffsetsMonths: [3, 6, 12] }).id;
  funding = createTestFundingSource(admin, [programmeId]);
  // Raions and hromadas under the migrated oblasts: the same name in two oblasts, and Irpin.
  db.insert(schema.adminUnits)
    .values([
      { pcode: "UA3206", level: 2, parentPcode: "UA32", nameEn: "Buchanskyi", nameUk: "Бучанський" },
      { pcode: "UA3206005", level: 3, parentPcode: "UA3206", nameEn: "Irpinska", nameUk: "Ірпінська" },
      { pcode: "UA3206007", level: 3, parentPcode: "UA3206", nameEn: "Buchanska", nameUk: "Бучанська" },
      { pcode: "UA1202", level: 2, parentPcode: "UA12", nameEn: "Kamianskyi", nameUk: "Кам'янський" },
      { pcode: "UA1202003", level: 3, parentPcode: "UA1202", nameEn: "Kamianska", nameUk: "Кам'янська" },
      { pcode: "UA1402", level: 2, parentPcode: "UA14", nameEn: "Kramatorskyi", nameUk: "Краматорський" },
      { pcode: "UA1402005", level: 3, parentPcode: "UA1402", nameEn: "Kamianska", nameUk: "Кам'янська" },
    ])
    .run();
});

afterAll(() => rmSync(process.env.UPLOAD_DIR as string, { recursive: true, force: true }));

const inKind = (handedOverOn: string) =>
  inKindGrant({ admin, officer }, { programmeId, inKindLineId: funding.lines[0].id, fundingSourceId: funding.source.id, mentorId: mentor.id, partnerOrganisationId: partnerA, handedOverOn, machines: 1 });

const historyOf = (caseId: number) => db.select().from(schema.displacementRecords).where(eq(schema.displacementRecords.caseId, caseId)).orderBy(asc(schema.displacementRecords.id)).all();
const auditOf = (entityType: "displacement_record" | "visit", entityId: number) =>
  db.select().from(schema.auditLog).where(and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, String(entityId)))).orderBy(asc(schema.auditLog.id)).all();
// The roster as `visitId` left it, as lines of a later visit.
const rosterOf = (visitId: number) =>
  rosterRowsOfVisit(visitId)
    .filter((row) => row.endDate === null)
    .map((row) => ({ workerId: row.workerId, left: false, endDate: null, role: row.role, paid: row.paid, hoursPerWeek: row.hoursPerWeek, monthsPerYear: row.monthsPerYear }));
// What a correction of a business's first visit posts back unchanged: the baseline workers'
// lines, and the owner who joined at that visit under the id it gave them.
const firstVisitRoster = (visitId: number) => ({
  roster: rosterOf(visitId).filter((line) => line.role !== "owner"),
  newWorkers: rosterOf(visitId)
    .filter((line) => line.role === "owner")
    .map((line) => ({ ...ownerLine, workerId: line.workerId })),
});

describe("where the owner lives: the displacement history", () => {
  let grant: FundedCase;
  let visitId: number;
  let entryId: number;

  it("adds a follow-up entry for a move within Ukraine, carrying the status, certificate and origin", () => {
    grant = inKind("2026-03-25");
    const before = historyOf(grant.caseId);
    // Application (approvedCase) and grant (the signed agreement) entries.
    expect(before.map((record) => record.context)).toEqual(["application", "grant"]);
    const asked = before.at(-1)!;
    const { visit } = recordVisit(
      mentor,
      grant.caseId,
      visitInput({ visitDate: "2026-06-25", newWorkers: [ownerLine], equipment: [{ itemId: grant.itemIds[0], status: "in_use" }], residence: "moved_within_ukraine", newHromadaPcode: "UA3206005" }),
      [],
      today,
    );
    visitId = visit.id;
    const history = historyOf(grant.caseId);
    expect(history).toHaveLength(3);
    const entry = history[2];
    entryId = entry.id;
    expect({ ...entry, id: 0, createdAt: "" }).toEqual({
      id: 0,
      createdAt: "",
      personId: asked.personId,
      caseId: grant.caseId,
      context: "follow_up",
      recordedOn: "2026-06-25",
      status: asked.status,
      idpCertificateNumber: asked.idpCertificateNumber,
      idpCertificateDate: asked.idpCertificateDate,
      currentOblastPcode: "UA32",
      currentHromadaPcode: "UA3206005",
      originOblastPcode: "UA14",
      originHromadaPcode: null,
      abroad: false,
      visitId: visit.id,
      recordedByUserId: mentor.id,
    });
    expect(asked.status).toBe("idp");
    const [created] = auditOf("displacement_record", entry.id);
    expect([created.action, created.caseId, created.userId, (created.after as Record<string, unknown>).currentHromadaPcode, (created.after as Record<string, unknown>).visitId]).toEqual([
      "create",
      grant.caseId,
      mentor.id,
      "UA3206005",
      visit.id,
    ]);
  });

  it("a corrected visit updates its own entry, never a second one: another hromada, then abroad", () => {
    const moved = correctVisit(
      mentor,
      visitId,
      { ...visitInput({ visitDate: "2026-06-26", ...firstVisitRoster(visitId), equipment: [{ itemId: grant.itemIds[0], status: "in_use" }], residence: "moved_within_ukraine", newHromadaPcode: "UA3206007" }), version: 1 },
      [],
      today,
    );
    let history = historyOf(grant.caseId);
    expect(history.map((record) => [record.id, record.context, record.recordedOn, record.currentOblastPcode, record.currentHromadaPcode, record.abroad, record.visitId])).toEqual([
      [history[0].id, "application", "2026-01-10", "UA12", null, false, null],
      [history[1].id, "grant", history[1].recordedOn, history[1].currentOblastPcode, history[1].currentHromadaPcode, false, null],
      [entryId, "follow_up", "2026-06-26", "UA32", "UA3206007", false, visitId],
    ]);
    const updated = auditOf("displacement_record", entryId).at(-1)!;
    expect([updated.action, updated.before, updated.after]).toEqual(["update", { recordedOn: "2026-06-25", currentHromadaPcode: "UA3206005" }, { recordedOn: "2026-06-26", currentHromadaPcode: "UA3206007" }]);

    // An officer corrects it again: the owner had in fact left the country.
    correctVisit(officer, visitId, { ...visitInput({ visitDate: "2026-06-26", ...firstVisitRoster(visitId), equipment: [{ itemId: grant.itemIds[0], status: "in_use" }], residence: "abroad" }), version: moved.version }, [], today);
    history = historyOf(grant.caseId);
    expect(history).toHaveLength(3);
    expect([history[2].id, history[2].abroad, history[2].currentOblastPcode, history[2].currentHromadaPcode, history[2].status, history[2].recordedByUserId]).toEqual([entryId, true, null, null, "idp", officer.id]);
    expect(auditOf("displacement_record", entryId).map((entry) => entry.action)).toEqual(["create", "update", "update"]);
  });

  it("a correction that no longer records a move removes the entry (the audit keeps it); no move adds nothing", () => {
    const stored = db.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.id, visitId)).get()!;
    correctVisit(mentor, visitId, { ...visitInput({ visitDate: "2026-06-26", ...firstVisitRoster(visitId), equipment: [{ itemId: grant.itemIds[0], status: "in_use" }], residence: "same_hromada" }), version: stored.version }, [], today);
    expect(historyOf(grant.caseId).map((record) => record.context)).toEqual(["application", "grant"]);
    const removed = auditOf("displacement_record", entryId).at(-1)!;
    expect([removed.action, (removed.before as Record<string, unknown>).abroad, (removed.before as Record<string, unknown>).visitId, removed.after]).toEqual(["delete", true, visitId, null]);

    recordVisit(mentor, grant.caseId, visitInput({ visitDate: "2026-09-20", roster: rosterOf(visitId), equipment: [{ itemId: grant.itemIds[0], status: "in_use" }], residence: "unknown" }), [], today);
    expect(historyOf(grant.caseId)).toHaveLength(2);
    // A later move abroad is an entry of its own visit.
    const later = recordVisit(mentor, grant.caseId, visitInput({ visitDate: "2026-10-01", roster: rosterOf(visitId), equipment: [{ itemId: grant.itemIds[0], status: "in_use" }], residence: "abroad" }), [], today).visit;
    expect(historyOf(grant.caseId).map((record) => [record.context, record.recordedOn, record.abroad, record.visitId])).toEqual([
      ["application", "2026-01-10", false, null],
      ["grant", historyOf(grant.caseId)[1].recordedOn, false, null],
      ["follow_up", "2026-10-01", true, later.id],
    ]);
  });
});

describe("the new hromada on the visit form", () => {
  let grant: FundedCase;
  let cookie: string;
  let fields: Record<string, string | string[]>;
  const post = (form: Record<string, string | string[]>) => callRoute(newVisitAction, request(`/cases/${grant.caseId}/visits/new`, { cookie, form }), { caseId: String(grant.caseId) });
  const visitsOfCase = () => db.select().from(schema.followUpVisits).where(eq(schema.followUpVisits.caseId, grant.caseId)).all();
  type PostedReply = {
    result: { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    hromadaMatches?: Array<{ pcode: string }>;
    placeOptions?: { raions: Array<{ pcode: string }>; hromadas: Array<{ pcode: string }> };
  };

  beforeAll(async () => {
    grant = inKind("2026-04-02");
    cookie = await sessionCookieFor(mentor.id);
    const page = await callRoute(newVisitLoader, request(`/cases/${grant.caseId}/visits/new`, { cookie }), { caseId: String(grant.caseId) });
    const form = await readJson<{ idempotencyKey: string; places: { oblasts: Array<{ pcode: string }>; options: { raions: unknown[]; hromadas: unknown[] } } }>(page);
    // The picker's oblasts (27 in the migrated reference list) and nothing below them yet.
    expect([form.places.oblasts.length, form.places.oblasts.some((oblast) => oblast.pcode === "UA32"), form.places.options]).toEqual([27, true, { raions: [], hromadas: [] }]);
    fields = {
      idempotencyKey: form.idempotencyKey,
      visitDate: "2026-07-02",
      mode: "in_person",
      operatingStatus: "operating",
      "w[0].workerId": "W1",
      "w[0].status": "working",
      "w[1].workerId": "W2",
      "w[1].status": "working",
      "n[0].role": "owner",
      "n[0].paid": "no",
      "n[0].hoursPerWeek": "40",
      "n[0].sex": "female",
      "n[0].startDate": "2026-01-10",
      "e[0].itemId": String(grant.itemIds[0]),
      "e[0].status": "in_use",
      monthlyRevenue: "20000",
      monthlyNetIncome: "5000",
      residence: "moved_within_ukraine",
      newHromadaOblast: "",
      newHromadaPcode: "",
    };
  });

  it("finds hromadas by name in either script without JavaScript, within the chosen oblast, storing nothing", async () => {
    const find = async (query: string, oblast = "") => {
      const response = await post({ ...fields, intent: "find_hromada", hromadaQuery: query, newHromadaOblast: oblast });
      expect(response.status).toBe(200);
      return readJson<PostedReply>(response);
    };
    const latin = await find("Kamianska");
    expect(latin.hromadaMatches?.map((place) => place.pcode)).toEqual(["UA1202003", "UA1402005"]);
    expect(latin.result.initialValue.monthlyRevenue).toBe("20000");
    expect((await find("кам’янська", "UA14")).hromadaMatches?.map((place) => place.pcode)).toEqual(["UA1402005"]);
    expect((await find("Ірпін")).hromadaMatches?.map((place) => place.pcode)).toEqual(["UA3206005"]);
    expect((await find("Одеса")).hromadaMatches).toEqual([]);
    // The chosen oblast's raions come back for the picker.
    expect((await find("x", "UA32")).placeOptions).toEqual({ raions: [{ pcode: "UA3206", nameEn: "Buchanskyi", nameUk: "Бучанський", level: 2 }], hromadas: [] });
    expect(visitsOfCase()).toEqual([]);
  });

  it("refuses a P-code that is no hromada of the reference list, keeping the picker's choices", async () => {
    const unknown = await post({ ...fields, intent: "save", newHromadaPcode: "UA3206999" });
    expect(unknown.status).toBe(400);
    const reply = await readJson<PostedReply>(unknown);
    expect(reply.result.error.newHromadaPcode).toEqual(["followup.problemsOf.hromada_unknown"]);
    expect([reply.placeOptions?.raions.map((place) => place.pcode), reply.placeOptions?.hromadas.map((place) => place.pcode).sort()]).toEqual([["UA3206"], ["UA3206005", "UA3206007"]]);
    const oblast = await readJson<PostedReply>(await post({ ...fields, intent: "save", newHromadaPcode: "UA32" }));
    expect(oblast.result.error.newHromadaPcode).toEqual(["followup.problemsOf.hromada_invalid"]);
    const none = await readJson<PostedReply>(await post({ ...fields, intent: "save" }));
    expect(none.result.error.newHromadaPcode).toEqual(["followup.problemsOf.hromada_required"]);
    expect(visitsOfCase()).toEqual([]);
  });

  it("stores the hromada chosen among those found by name (it wins over the picker's empty select)", async () => {
    const saved = await post({ ...fields, intent: "save", hromadaChoice: "UA1402005" });
    expect(saved.status).toBe(302);
    const [visit] = visitsOfCase();
    expect([visit.residence, visit.newHromadaPcode]).toEqual(["moved_within_ukraine", "UA1402005"]);
    expect(historyOf(grant.caseId).map((record) => [record.context, record.currentOblastPcode, record.currentHromadaPcode, record.visitId])).toEqual([
      ["application", "UA12", null, null],
      ["grant", historyOf(grant.caseId)[1].currentOblastPcode, historyOf(grant.caseId)[1].currentHromadaPcode, null],
      ["follow_up", "UA14", "UA1402005", visit.id],
    ]);
    // The visit's page names the hromada.
    expect(visitRecord(mentor, visit.id).newHromada).toEqual({ pcode: "UA1402005", nameEn: "Kamianska", nameUk: "Кам'янська" });
  });
});

describe("deleting a visit's photos", () => {
  let grant: FundedCase;
  let visitId: number;
  let photoIds: number[];
  const photosOf = (id: number) => db.select().from(schema.visitPhotos).where(eq(schema.visitPhotos.visitId, id)).orderBy(asc(schema.visitPhotos.id)).all();
  const versionOf = (id: number) => db.select({ version: schema.followUpVisits.version }).from(schema.followUpVisits).where(eq(schema.followUpVisits.id, id)).get()!.version;
  const photoPath = (storageKey: string) => join(process.env.UPLOAD_DIR as string, "visit-photos", storageKey);
  const postDeletion = async (user: TestUser, form: Record<string, string>) =>
    callRoute(visitAction, request(`/visits/${visitId}`, { cookie: await sessionCookieFor(user.id), form: { intent: "delete_photo", ...form } }), { visitId: String(visitId) });

  beforeAll(async () => {
    grant = inKind("2026-04-20");
    const camera = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 90, g: 140, b: 60 } } }).jpeg().toBuffer();
    const receipt = await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 250, g: 250, b: 250 } } }).png().toBuffer();
    const photos = await preparePhotos([new File([camera], "цех.jpg"), new File([receipt], "чек.png")]);
    visitId = recordVisit(mentor, grant.caseId, visitInput({ visitDate: "2026-07-20", newWorkers: [ownerLine], equipment: [{ itemId: grant.itemIds[0], status: "in_use" }] }), photos, today).visit.id;
    photoIds = photosOf(visitId).map((photo) => photo.id);
    expect(photoIds).toHaveLength(2);
  });

  it("refuses a mentor of another organisation, a colleague who is not the author, and an evaluator", async () => {
    expect(refusal(() => deleteVisitPhoto(otherMentor, visitId, photoIds[0], { version: 1, confirmed: true })).code).toBe("forbidden");
    expect(refusal(() => deleteVisitPhoto(colleague, visitId, photoIds[0], { version: 1, confirmed: true })).code).toBe("not_author");
    expect((await postDeletion(otherMentor, { photoId: String(photoIds[0]), version: "1", confirmed: "on" })).status).toBe(403);
    expect((await postDeletion(colleague, { photoId: String(photoIds[0]), version: "1", confirmed: "on" })).status).toBe(403);
    expect((await postDeletion(evaluator, { photoId: String(photoIds[0]), version: "1", confirmed: "on" })).status).toBe(403);
    expect(photosOf(visitId).map((photo) => photo.deletedAt)).toEqual([null, null]);
    expect(versionOf(visitId)).toBe(1);
  });

  it("asks for the confirmation and the version read, changing nothing otherwise", async () => {
    const unconfirmed = await postDeletion(mentor, { photoId: String(photoIds[0]), version: "1" });
    expect(unconfirmed.status).toBe(400);
    expect((await readJson<{ result: { error: Record<string, string[]> } }>(unconfirmed)).result.error).toEqual({ confirmed: ["followup.errors.not_confirmed"] });
    expect(() => deleteVisitPhoto(mentor, visitId, photoIds[0], { version: 0, confirmed: true })).toThrow(StaleRecordError);
    const stale = await postDeletion(mentor, { photoId: String(photoIds[0]), version: "7", confirmed: "on" });
    expect(stale.status).toBe(409);
    expect(photosOf(visitId).map((photo) => photo.deletedAt)).toEqual([null, null]);
    expect(versionOf(visitId)).toBe(1);
  });

  it("lets the author delete a photo: the row marked deleted, the file removed, the visit's version moved on, audited", async () => {
    const [first, second] = photosOf(visitId);
    expect(existsSync(photoPath(first.storageKey))).toBe(true);
    const response = await postDeletion(mentor, { photoId: String(first.id), version: "1", confirmed: "on" });
    expect([response.status, response.headers.get("Location")]).toEqual([302, `/visits/${visitId}?photoDeleted=1`]);
    const [deleted, kept] = photosOf(visitId);
    expect([deleted.deletedByUserId, typeof deleted.deletedAt, kept.deletedAt]).toEqual([mentor.id, "string", null]);
    expect([existsSync(photoPath(first.storageKey)), existsSync(photoPath(second.storageKey))]).toEqual([false, true]);
    expect(versionOf(visitId)).toBe(2);
    const entry = auditOf("visit", visitId).at(-1)!;
    expect([entry.action, entry.userId, entry.caseId, entry.before, entry.after]).toEqual([
      "update",
      mentor.id,
      grant.caseId,
      { photos: [first.id, second.id], version: 1, deletedPhoto: { id: first.id, fileName: "цех.jpg", sizeBytes: first.sizeBytes, sha256: first.sha256 } },
      { photos: [second.id], version: 2 },
    ]);
    // Gone from the visit's page and from the photo address; deleting it again finds nothing.
    expect(visitRecord(mentor, visitId).photos.map((photo) => photo.id)).toEqual([second.id]);
    const served = await callRoute(photoLoader, request(`/visits/${visitId}/photos/${first.id}`, { cookie: await sessionCookieFor(mentor.id) }), { visitId: String(visitId), photoId: String(first.id) });
    expect(served.status).toBe(404);
    expect(refusal(() => deleteVisitPhoto(mentor, visitId, first.id, { version: 2, confirmed: true })).code).toBe("not_found");
  });

  it("lets an officer delete one too; a later correction keeps the deleted photos out of the record", () => {
    const [, second] = photosOf(visitId);
    deleteVisitPhoto(officer, visitId, second.id, { version: 2, confirmed: true });
    expect(photosOf(visitId).map((photo) => photo.deletedByUserId)).toEqual([mentor.id, officer.id]);
    const corrected = correctVisit(mentor, visitId, { ...visitInput({ visitDate: "2026-07-20", ...firstVisitRoster(visitId), equipment: [{ itemId: grant.itemIds[0], status: "idle" }] }), version: 3 }, [], today);
    expect(corrected.version).toBe(4);
    const entry = auditOf("visit", visitId).at(-1)!;
    // Its diff names what the correction changed; the photos (none shown) are not among it.
    expect(Object.keys(entry.after as object).sort()).toEqual(["equipment", "updatedByUserId", "version"]);
  });
});
