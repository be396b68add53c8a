// What the grants stage waits for, per person (issue 9 "Pages and queues"): each queue is its
// full count and its first entries, oldest first, read set-wise — the counts in one statement,
// then one statement per queue for its first rows — so the home page runs the same number of
// statements however many grants there are. Officers see their programmes' work (domain.md §1);
// a mentor sees the requirements of the cases assigned to them.
import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { caseScope, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";

const { cases, persons, grantAgreements: agreements, grantTranches: tranches, grantTrancheRequirements: requirements, purchases, handoverActs: acts, programmeMembers, users } = schema;

function memberProgrammes(user: CurrentUser) {
  return db.select({ id: programmeMembers.programmeId }).from(programmeMembers).where(eq(programmeMembers.userId, user.id));
}

// The same rule as caseScope, on a table's own programme column.
function programmeCondition(user: CurrentUser, column: typeof agreements.programmeId | typeof purchases.programmeId | typeof acts.programmeId): SQL | undefined {
  return user.role === "officer" ? inArray(column, memberProgrammes(user)) : undefined;
}

const noLiveAgreement = sql`not exists (select 1 from ${agreements} where ${agreements.caseId} = ${cases.id} and ${agreements.status} <> 'cancelled')`;
// A tranche is next in line when every earlier tranche of its agreement is paid or cancelled.
const earlierSettled = sql`not exists (select 1 from ${tranches} earlier where earlier.agreement_id = ${tranches.agreementId} and earlier.sequence < ${tranches.sequence} and earlier.state not in ('paid', 'cancelled'))`;
const requirementsMet = sql`not exists (select 1 from ${requirements} where ${requirements.trancheId} = ${tranches.id} and ${requirements.verifiedAt} is null)`;

function officerConditions(user: CurrentUser) {
  const agreementScope = programmeCondition(user, agreements.programmeId);
  return {
    // Only an approval brings a case to the agreement stage (case-state.ts): stage and status say it,
    // and together they are the covering index cases_programme_stage_idx.
    agreementsToPrepare: and(caseScope(user), eq(cases.stage, "grant_agreement"), eq(cases.status, "open"), noLiveAgreement),
    agreementsToSign: and(agreementScope, eq(agreements.status, "draft")),
    purchasesToPlace: and(programmeCondition(user, purchases.programmeId), inArray(purchases.state, ["draft", "quoting"])),
    deliveriesToCheck: and(programmeCondition(user, purchases.programmeId), eq(purchases.state, "ordered")),
    actsToSign: and(programmeCondition(user, acts.programmeId), eq(acts.state, "prepared")),
    tranchesToRequest: and(agreementScope, eq(tranches.state, "planned"), eq(agreements.status, "signed"), earlierSettled, requirementsMet),
    // Four eyes (§9): a request waits for someone other than the person who made it.
    tranchesToApprove: and(agreementScope, eq(tranches.state, "requested"), eq(agreements.status, "signed"), ne(tranches.requestedByUserId, user.id)),
    paymentsFailed: and(agreementScope, eq(tranches.state, "failed"), eq(agreements.status, "signed")),
  };
}

const count = (from: SQL, where: SQL | undefined) => sql<number>`(select count(*) from ${from} where ${where ?? sql`1`})`;
const tranchesWithAgreements = sql`${tranches} join ${agreements} on ${agreements.id} = ${tranches.agreementId}`;

const requesters = alias(users, "requesters");

/** The officer's (or admin's) grant queues: each `{ total, items }`, items cut to `size`. */
export function officerGrantQueues(user: CurrentUser, size: number) {
  const where = officerConditions(user);
  const counted = Object.entries({
    agreementsToPrepare: count(sql`${cases}`, where.agreementsToPrepare),
    agreementsToSign: count(sql`${agreements}`, where.agreementsToSign),
    purchasesToPlace: count(sql`${purchases}`, where.purchasesToPlace),
    deliveriesToCheck: count(sql`${purchases}`, where.deliveriesToCheck),
    actsToSign: count(sql`${acts}`, where.actsToSign),
    tranchesToRequest: count(tranchesWithAgreements, where.tranchesToRequest),
    tranchesToApprove: count(tranchesWithAgreements, where.tranchesToApprove),
    paymentsFailed: count(tranchesWithAgreements, where.paymentsFailed),
  });
  const totals = db.get<Record<(typeof counted)[number][0], number>>(sql`select ${sql.join(counted.map(([name, total]) => sql`${total} as ${sql.identifier(name)}`), sql`, `)}`);

  const agreementsToPrepare = db
    .select({ caseId: cases.id, caseCode: cases.caseCode, surname: persons.surname, firstName: persons.firstName })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(where.agreementsToPrepare)
    .orderBy(asc(cases.id))
    .limit(size)
    .all();
  const agreementsToSign = db
    .select({ agreementId: agreements.id, number: agreements.number, caseId: agreements.caseId, caseCode: cases.caseCode })
    .from(agreements)
    .innerJoin(cases, eq(cases.id, agreements.caseId))
    .where(where.agreementsToSign)
    .orderBy(asc(agreements.id))
    .limit(size)
    .all();
  const purchaseColumns = { id: purchases.id, number: purchases.number, description: purchases.description, state: purchases.state };
  const purchasesToPlace = db.select(purchaseColumns).from(purchases).where(where.purchasesToPlace).orderBy(asc(purchases.id)).limit(size).all();
  const deliveriesToCheck = db.select(purchaseColumns).from(purchases).where(where.deliveriesToCheck).orderBy(asc(purchases.id)).limit(size).all();
  const actsToSign = db
    .select({ id: acts.id, number: acts.number, caseId: acts.caseId, beneficiaryName: acts.beneficiaryName })
    .from(acts)
    .where(where.actsToSign)
    .orderBy(asc(acts.id))
    .limit(size)
    .all();
  const trancheRows = (condition: SQL | undefined) =>
    db
      .select({ trancheId: tranches.id, sequence: tranches.sequence, caseId: agreements.caseId, caseCode: cases.caseCode, number: agreements.number, requestedBy: requesters.name })
      .from(tranches)
      .innerJoin(agreements, eq(agreements.id, tranches.agreementId))
      .innerJoin(cases, eq(cases.id, agreements.caseId))
      .leftJoin(requesters, eq(requesters.id, tranches.requestedByUserId))
      .where(condition)
      .orderBy(asc(tranches.id))
      .limit(size)
      .all();

  return {
    agreementsToPrepare: { total: totals.agreementsToPrepare, items: agreementsToPrepare },
    agreementsToSign: { total: totals.agreementsToSign, items: agreementsToSign },
    purchasesToPlace: { total: totals.purchasesToPlace, items: purchasesToPlace },
    deliveriesToCheck: { total: totals.deliveriesToCheck, items: deliveriesToCheck },
    actsToSign: { total: totals.actsToSign, items: actsToSign },
    tranchesToRequest: { total: totals.tranchesToRequest, items: trancheRows(where.tranchesToRequest) },
    tranchesToApprove: { total: totals.tranchesToApprove, items: trancheRows(where.tranchesToApprove) },
    paymentsFailed: { total: totals.paymentsFailed, items: trancheRows(where.paymentsFailed) },
  };
}

/**
 * The mentor's tranche requirements to verify (receipts, the visit that saw them): unverified
 * requirements of the next tranche in line of a signed agreement, in the cases assigned to them
 * (only the case's own mentor verifies, tranche-state.ts mayVerifyRequirement).
 */
export function mentorRequirementQueue(user: CurrentUser, size: number) {
  const where = and(
    eq(cases.mentorId, user.id),
    eq(agreements.status, "signed"),
    eq(tranches.state, "planned"),
    earlierSettled,
    sql`${requirements.verifiedAt} is null`,
  );
  const from = () =>
    db
      .select({
        requirementId: requirements.id,
        text: requirements.text,
        trancheId: tranches.id,
        sequence: tranches.sequence,
        caseId: cases.id,
        caseCode: cases.caseCode,
        surname: persons.surname,
        firstName: persons.firstName,
      })
      .from(requirements)
      .innerJoin(tranches, eq(tranches.id, requirements.trancheId))
      .innerJoin(agreements, eq(agreements.id, tranches.agreementId))
      .innerJoin(cases, eq(cases.id, agreements.caseId))
      .innerJoin(persons, eq(persons.id, cases.personId));
  const total = db.select({ n: sql<number>`count(*)` }).from(from().where(where).as("due")).get()?.n ?? 0;
  const items = from().where(where).orderBy(asc(tranches.plannedOn), asc(requirements.id)).limit(size).all();
  return { total, items };
}
