// The case list and its export: one query builder, scoped to what the user may see, so the page
// and the file always agree. Each filter has an index (see db/schema.ts) so a page stays fast
// at 100,000 cases.
import { and, asc, count, desc, eq, gte, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { can, caseScope, type CurrentUser, forbidden } from "~/lib/auth.server";
import { db, schema, type AppDatabase } from "~/lib/db.server";
import { identityHash } from "~/lib/identity.server";
import { kyivToday } from "~/lib/kyiv-date";
import { pageWindow } from "~/lib/paging";
import type { ReadSnapshot } from "~/lib/read-snapshot.server";
import { xlsxMaxDataRows } from "~/lib/spreadsheet.server";
import { ageBandOn } from "~/modules/intake/age";
import { normalisePhone } from "~/modules/intake/name-matching";
import { casePageSize, classifySearch } from "./case-list";
import { allowedCaseListFilter, caseAudience, caseListFilterKeys, caseListRow, staffExportRow, type CaseAudience, type StaffExportRow } from "./case-views";
import { nameSearchWords, type CaseListFilter } from "./case-list-filter";

// The next string after every string starting with `prefix`, for an index range scan.
function prefixRange(column: SQLiteColumn, prefix: string): SQL {
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return and(gte(column, prefix), lt(column, upper))!;
}

function searchCondition(user: CurrentUser, query: string | undefined): SQL | undefined {
  const search = query ? classifySearch(query) : null;
  if (!search) return undefined;
  switch (search.kind) {
    case "caseCode":
      return search.prefix.length > 3 ? prefixRange(schema.cases.caseCode, search.prefix) : undefined;
    case "rnokpp":
      // Only roles that may see identity numbers may search by them (§8).
      return can(user, "seeIdentityNumbers") ? eq(schema.persons.rnokppHash, identityHash("rnokpp", search.value)) : eq(schema.cases.id, -1);
    case "phone": {
      if (!can(user, "seeIdentifiers")) return eq(schema.cases.id, -1);
      const phone = normalisePhone(search.digits);
      return phone ? eq(schema.persons.phone, phone) : eq(schema.cases.id, -1);
    }
    case "name": {
      if (!can(user, "seeIdentifiers")) return eq(schema.cases.id, -1);
      return nameCondition(nameSearchWords(search.words));
    }
  }
}

// Any part of the name, in any order, in either script: one word is a surname or a first name;
// several words are a surname and a first name in either order (a third, the patronymic, only
// widens the pairs tried). Every branch is a prefix range on one of the two skeleton indexes.
function nameCondition(words: string[]): SQL | undefined {
  const surname = (word: string) => prefixRange(schema.persons.surnameSkeleton, word);
  const firstName = (word: string) => prefixRange(schema.persons.firstNameSkeleton, word);
  if (words.length === 0) return undefined;
  if (words.length === 1) return or(surname(words[0]), firstName(words[0]));
  const pairs = words.flatMap((one, i) => words.flatMap((other, j) => (i === j ? [] : [and(surname(one), firstName(other))])));
  return or(...pairs);
}

export function caseListConditions(user: CurrentUser, filter: CaseListFilter): SQL | undefined {
  const conditions: Array<SQL | undefined> = [
    caseScope(user),
    searchCondition(user, filter.q),
    filter.programme ? eq(schema.cases.programmeId, filter.programme) : undefined,
    filter.stage ? eq(schema.cases.stage, filter.stage) : undefined,
    // A merged case is a closed copy of a person now recorded elsewhere; it is listed only on request.
    filter.status ? eq(schema.cases.status, filter.status) : ne(schema.cases.status, "merged"),
    filter.oblast ? eq(schema.cases.oblastPcode, filter.oblast) : undefined,
    filter.hromada ? eq(schema.cases.hromadaPcode, filter.hromada) : undefined,
    filter.displacement ? eq(schema.cases.displacementStatus, filter.displacement) : undefined,
    filter.sex ? eq(schema.persons.sex, filter.sex) : undefined,
    filter.partner ? eq(schema.cases.partnerOrganisationId, filter.partner) : undefined,
    filter.mentor ? eq(schema.cases.mentorId, filter.mentor) : undefined,
  ];
  return and(...conditions.filter((condition): condition is SQL => condition !== undefined));
}

function caseOrder(filter: CaseListFilter) {
  const direction = filter.dir === "asc" ? asc : desc;
  switch (filter.sort ?? "applicationDate") {
    case "caseCode":
      return [direction(schema.cases.caseCode)];
    case "vulnerability":
      return [direction(schema.cases.vulnerabilityScore), direction(schema.cases.id)];
    case "surname":
      return [direction(schema.persons.surnameSkeleton), direction(schema.persons.firstNameSkeleton), direction(schema.cases.id)];
    case "applicationDate":
      return [direction(schema.cases.applicationDate), direction(schema.cases.id)];
  }
}

const mentors = alias(schema.users, "mentors");

// Every column any role may get; rows are cut down per role by `visibleCaseRow`.
const caseListColumns = {
  id: schema.cases.id,
  caseCode: schema.cases.caseCode,
  programmeCode: schema.programmes.code,
  stage: schema.cases.stage,
  status: schema.cases.status,
  eligibility: schema.cases.eligibility,
  vulnerabilityScore: schema.cases.vulnerabilityScore,
  applicationDate: schema.cases.applicationDate,
  oblastPcode: schema.cases.oblastPcode,
  hromadaPcode: schema.cases.hromadaPcode,
  displacementStatus: schema.cases.displacementStatus,
  protectionFlag: schema.cases.protectionFlag,
  partnerName: schema.organisations.name,
  partnerNameUk: schema.organisations.nameUk,
  mentorName: mentors.name,
  surname: schema.persons.surname,
  firstName: schema.persons.firstName,
  patronymic: schema.persons.patronymic,
  sex: schema.persons.sex,
  birthDate: schema.persons.birthDate,
  phone: schema.persons.phone,
};

function caseRowsQuery(where: SQL | undefined) {
  return db
    .select(caseListColumns)
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cases.programmeId))
    .leftJoin(schema.organisations, eq(schema.organisations.id, schema.cases.partnerOrganisationId))
    .leftJoin(mentors, eq(mentors.id, schema.cases.mentorId))
    .where(where);
}

const oblastUnits = alias(schema.adminUnits, "oblast_units");
const raionUnits = alias(schema.adminUnits, "raion_units");
const hromadaUnits = alias(schema.adminUnits, "hromada_units");

// The plan score the committee ranks by: the mean of the submitted reviews' weighted totals of
// the plan's current version, in hundredths, rounded half up (scoring.ts planScore).
const planScoreHundredths = sql<number | null>`(
  select cast(round(avg(${schema.reviewAssignments.weightedTotalHundredths})) as integer)
  from ${schema.reviewAssignments}
  join ${schema.businessPlanVersions} on ${schema.businessPlanVersions.id} = ${schema.reviewAssignments.planVersionId}
  join ${schema.businessPlans} on ${schema.businessPlans.id} = ${schema.businessPlanVersions.planId}
  where ${schema.reviewAssignments.caseId} = ${schema.cases.id} and ${schema.reviewAssignments.status} = 'submitted'
    and ${schema.businessPlanVersions.number} = ${schema.businessPlans.currentVersion})`;

// The export's rows: the list's columns plus place names (a raion is the first six characters
// of its hromada's P-code, domain.md §3), the business and the committee's outcome.
function caseExportRowsQuery(where: SQL | undefined, database: AppDatabase = db) {
  return database
    .select({
      ...caseListColumns,
      oblastNameUk: oblastUnits.nameUk,
      oblastNameEn: oblastUnits.nameEn,
      raionNameUk: raionUnits.nameUk,
      raionNameEn: raionUnits.nameEn,
      hromadaNameUk: hromadaUnits.nameUk,
      hromadaNameEn: hromadaUnits.nameEn,
      businessName: schema.businesses.name,
      kvedCode: schema.businesses.kvedCode,
      requestedAmountMinor: schema.businesses.requestedAmountMinor,
      currency: schema.businesses.currency,
      planScoreHundredths,
      decision: schema.cases.decision,
      approvedAmountMinor: schema.cases.approvedAmountMinor,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cases.programmeId))
    .leftJoin(schema.organisations, eq(schema.organisations.id, schema.cases.partnerOrganisationId))
    .leftJoin(mentors, eq(mentors.id, schema.cases.mentorId))
    .leftJoin(oblastUnits, eq(oblastUnits.pcode, schema.cases.oblastPcode))
    .leftJoin(raionUnits, eq(raionUnits.pcode, sql`substr(${schema.cases.hromadaPcode}, 1, 6)`))
    .leftJoin(hromadaUnits, eq(hromadaUnits.pcode, schema.cases.hromadaPcode))
    .leftJoin(schema.businesses, eq(schema.businesses.caseId, schema.cases.id))
    .where(where);
}

type ExportQueryRow = ReturnType<ReturnType<typeof caseExportRowsQuery>["all"]>[number];

function placeNames(nameUk: string | null, nameEn: string | null) {
  return nameUk !== null && nameEn !== null ? { nameUk, nameEn } : null;
}

function exportRow(row: ExportQueryRow, today: string): StaffExportRow {
  return staffExportRow({
    ...row,
    ageBand: ageBandOn(row.birthDate, today),
    oblastName: placeNames(row.oblastNameUk, row.oblastNameEn),
    raionName: placeNames(row.raionNameUk, row.raionNameEn),
    hromadaName: placeNames(row.hromadaNameUk, row.hromadaNameEn),
  });
}

type FullCaseRow = Awaited<ReturnType<ReturnType<typeof caseRowsQuery>["all"]>>[number];

// Each row is cut to the reader's allowlist (case-views.ts): evaluators get no direct
// identifiers and no quasi-identifiers in the list (§8); the age band (today) is for staff.
function visibleCaseRow(audience: CaseAudience, row: FullCaseRow, today: string) {
  return caseListRow(audience, { ...row, ageBand: ageBandOn(row.birthDate, today) });
}

// Persons are joined only when a filter, the search or the sort needs them: counting and paging
// over the cases table alone can use its indexes without touching 100,000 person rows.
function needsPersons(filter: CaseListFilter) {
  const search = filter.q ? classifySearch(filter.q) : null;
  return Boolean(filter.sex) || filter.sort === "surname" || (search !== null && search.kind !== "caseCode");
}

function casesFrom(filter: CaseListFilter) {
  const base = db.select({ id: schema.cases.id }).from(schema.cases);
  return needsPersons(filter) ? base.innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId)) : base;
}

function audienceOf(user: CurrentUser): CaseAudience {
  const audience = caseAudience(user.role);
  if (!audience) forbidden();
  return audience;
}

export function listCases(user: CurrentUser, requested: CaseListFilter) {
  const audience = audienceOf(user);
  // Only the filters and sorts the reader may use (a surname sort would leak name order).
  const filter = allowedCaseListFilter(audience, requested);
  const where = caseListConditions(user, filter);
  const counted = needsPersons(filter)
    ? db.select({ n: count() }).from(schema.cases).innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId)).where(where)
    : db.select({ n: count() }).from(schema.cases).where(where);
  const total = counted.get()?.n ?? 0;
  const { page, pageCount, limit, offset } = pageWindow(total, filter.page ?? 1, casePageSize);
  // Page through ids first (an index scan), then read the full rows of just those 50.
  const ids = casesFrom(filter)
    .where(where)
    .orderBy(...caseOrder(filter))
    .limit(limit)
    .offset(offset)
    .all()
    .map((row) => row.id);
  const byId = new Map(ids.length ? caseRowsQuery(inArray(schema.cases.id, ids)).all().map((row) => [row.id, row]) : []);
  const today = kyivToday();
  const rows = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [visibleCaseRow(audience, row, today)] : [];
  });
  return { total, page, pageCount, rows };
}

// Exports stream (case-export.server.ts), so only the file format limits their rows: an Excel
// sheet holds 1,048,576 rows, the header included. A CSV holds every row.
export const exportLimit = xlsxMaxDataRows;

/**
 * The staff's and mentors' export rows (evaluators export the release, evaluator-release.server.ts),
 * read from a snapshot while the file is written: how many there are, then the rows one at a time.
 */
export function caseExportRows(snapshot: ReadSnapshot, user: CurrentUser, requested: CaseListFilter) {
  const audience = audienceOf(user);
  if (audience === "pseudonymised") throw new Error("Evaluators export the release, not the case rows");
  const filter = allowedCaseListFilter(audience, requested);
  const where = caseListConditions(user, filter);
  const counted = needsPersons(filter)
    ? snapshot.db.select({ n: count() }).from(schema.cases).innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId)).where(where)
    : snapshot.db.select({ n: count() }).from(schema.cases).where(where);
  const total = counted.get()?.n ?? 0;
  const today = kyivToday();
  const found = snapshot.iterate(caseExportRowsQuery(where, snapshot.db).orderBy(...caseOrder(filter)));
  function* rows(): Generator<StaffExportRow, void, undefined> {
    for (const row of found) yield exportRow(row, today);
  }
  return { total, rows: rows() };
}

export function caseListChoices(user: CurrentUser) {
  const programmes = db.select({ id: schema.programmes.id, code: schema.programmes.code }).from(schema.programmes).orderBy(schema.programmes.code).all();
  const partners = db
    .select({ id: schema.organisations.id, name: schema.organisations.name, nameUk: schema.organisations.nameUk })
    .from(schema.organisations)
    .where(eq(schema.organisations.kind, "partner"))
    .orderBy(schema.organisations.name)
    .all();
  const mentorList = db
    .select({ id: schema.users.id, name: schema.users.name })
    .from(schema.users)
    .where(and(eq(schema.users.role, "mentor"), user.role === "mentor" ? eq(schema.users.organisationId, user.organisationId) : undefined))
    .orderBy(schema.users.name)
    .all();
  // Mentors work for one partner NGO: the list offers them no choice of partner.
  const audience = audienceOf(user);
  const filters = caseListFilterKeys(audience);
  return { programmes, partners: audience === "staff" ? partners : [], mentors: filters.includes("mentor") ? mentorList : [] };
}
