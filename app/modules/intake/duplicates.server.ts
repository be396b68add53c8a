// The possible-duplicate review queue (§2): an officer merges the two records (keeping every
// history row and the audit trail) or dismisses the match, which is then never asked again.
import { and, asc, count, eq, inArray, or } from "drizzle-orm";
import { notFound } from "~/lib/not-found.server";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";

export class DuplicateDecidedError extends Error {}

export function countPendingDuplicates() {
  return db.select({ n: count() }).from(schema.possibleDuplicates).where(eq(schema.possibleDuplicates.status, "pending")).get()?.n ?? 0;
}

function personSummaries(personIds: number[]) {
  if (personIds.length === 0) return new Map<number, PersonSummary>();
  const people = db.select().from(schema.persons).where(inArray(schema.persons.id, personIds)).all();
  const personCases = db
    .select({
      id: schema.cases.id,
      personId: schema.cases.personId,
      caseCode: schema.cases.caseCode,
      stage: schema.cases.stage,
      status: schema.cases.status,
      programmeCode: schema.programmes.code,
      oblastPcode: schema.cases.oblastPcode,
      applicationDate: schema.cases.applicationDate,
    })
    .from(schema.cases)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cases.programmeId))
    .where(inArray(schema.cases.personId, personIds))
    .all();
  return new Map(
    people.map((person) => [
      person.id,
      {
        id: person.id,
        surname: person.surname,
        firstName: person.firstName,
        patronymic: person.patronymic,
        latinName: person.latinName,
        sex: person.sex,
        birthDate: person.birthDate,
        phone: person.phone,
        hasRnokpp: person.rnokppHash !== null,
        hasPassport: person.passportHash !== null,
        createdAt: person.createdAt,
        cases: personCases.filter((caseRow) => caseRow.personId === person.id),
      },
    ]),
  );
}
type PersonSummary = {
  id: number;
  surname: string;
  firstName: string;
  patronymic: string | null;
  latinName: string | null;
  sex: "female" | "male" | null;
  birthDate: string | null;
  phone: string | null;
  hasRnokpp: boolean;
  hasPassport: boolean;
  createdAt: string;
  cases: Array<{ id: number; caseCode: string; stage: string; status: string; programmeCode: string; oblastPcode: string | null; applicationDate: string }>;
};

export function listPendingDuplicates(limit = 100) {
  const pairs = db
    .select()
    .from(schema.possibleDuplicates)
    .where(eq(schema.possibleDuplicates.status, "pending"))
    .orderBy(asc(schema.possibleDuplicates.id))
    .limit(limit)
    .all();
  const people = personSummaries([...new Set(pairs.flatMap((pair) => [pair.personId, pair.matchedPersonId]))]);
  return pairs.map((pair) => ({ ...pair, newer: people.get(pair.personId)!, existing: people.get(pair.matchedPersonId)! }));
}

export function loadDuplicatePair(id: number) {
  const pair = db.select().from(schema.possibleDuplicates).where(eq(schema.possibleDuplicates.id, id)).get();
  if (!pair) return undefined;
  const people = personSummaries([pair.personId, pair.matchedPersonId]);
  return { ...pair, newer: people.get(pair.personId)!, existing: people.get(pair.matchedPersonId)! };
}

// The newer record is merged into the existing one: its cases move over (or, where the existing
// person already has a case in the same programme, are marked merged and kept readable), its
// consents and displacement history move over, and it stops matching future applicants.
export function mergeDuplicate(actor: CurrentUser, id: number) {
  return db.transaction((tx) => {
    const pair = tx.select().from(schema.possibleDuplicates).where(eq(schema.possibleDuplicates.id, id)).get();
    if (!pair) notFound();
    if (pair.status !== "pending") throw new DuplicateDecidedError();
    const survivorId = pair.matchedPersonId;
    const mergedId = pair.personId;
    const survivor = tx.select().from(schema.persons).where(eq(schema.persons.id, survivorId)).get()!;
    const merged = tx.select().from(schema.persons).where(eq(schema.persons.id, mergedId)).get()!;
    if (survivor.mergedIntoPersonId !== null || merged.mergedIntoPersonId !== null) throw new DuplicateDecidedError();
    const survivorProgrammes = new Set(
      tx.select({ programmeId: schema.cases.programmeId }).from(schema.cases).where(eq(schema.cases.personId, survivorId)).all().map((row) => row.programmeId),
    );
    const movedCases: number[] = [];
    const closedCases: number[] = [];
    for (const caseRow of tx.select().from(schema.cases).where(eq(schema.cases.personId, mergedId)).all()) {
      if (survivorProgrammes.has(caseRow.programmeId)) {
        tx.update(schema.cases).set({ status: "merged", version: caseRow.version + 1, updatedAt: new Date().toISOString() }).where(eq(schema.cases.id, caseRow.id)).run();
        closedCases.push(caseRow.id);
      } else {
        tx.update(schema.cases).set({ personId: survivorId, version: caseRow.version + 1, updatedAt: new Date().toISOString() }).where(eq(schema.cases.id, caseRow.id)).run();
        movedCases.push(caseRow.id);
      }
      recordAudit(tx, {
        userId: actor.id,
        action: "merge",
        entityType: "case",
        entityId: caseRow.id,
        caseId: caseRow.id,
        before: { personId: mergedId, status: caseRow.status },
        after: { personId: survivorProgrammes.has(caseRow.programmeId) ? mergedId : survivorId, status: survivorProgrammes.has(caseRow.programmeId) ? "merged" : caseRow.status, mergedInto: survivorId },
      });
    }
    tx.update(schema.consents).set({ personId: survivorId }).where(eq(schema.consents.personId, mergedId)).run();
    tx.update(schema.displacementRecords).set({ personId: survivorId }).where(eq(schema.displacementRecords.personId, mergedId)).run();
    tx.delete(schema.personMatchKeys).where(eq(schema.personMatchKeys.personId, mergedId)).run();
    // The survivor keeps its own identity numbers; it takes the merged record's where it had none.
    const identity =
      survivor.rnokppHash === null && merged.rnokppHash !== null
        ? { rnokppHash: merged.rnokppHash, rnokppSealed: merged.rnokppSealed }
        : survivor.passportHash === null && merged.passportHash !== null && survivor.rnokppHash === null
          ? { passportHash: merged.passportHash, passportSealed: merged.passportSealed }
          : {};
    tx.update(schema.persons)
      .set({ mergedIntoPersonId: survivorId, rnokppHash: null, passportHash: null, version: merged.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(schema.persons.id, mergedId))
      .run();
    if (Object.keys(identity).length) {
      tx.update(schema.persons).set({ ...identity, version: survivor.version + 1 }).where(eq(schema.persons.id, survivorId)).run();
    }
    const decidedAt = new Date().toISOString();
    tx.update(schema.possibleDuplicates)
      .set({ status: "merged", decidedByUserId: actor.id, decidedAt })
      .where(eq(schema.possibleDuplicates.id, id))
      .run();
    redirectOpenQuestions(tx, actor, mergedId, survivorId, decidedAt);
    // The surviving record's timelines show the merge too.
    for (const survivorCase of tx.select({ id: schema.cases.id }).from(schema.cases).where(eq(schema.cases.personId, survivorId)).all()) {
      if (movedCases.includes(survivorCase.id)) continue;
      recordAudit(tx, {
        userId: actor.id,
        action: "merge",
        entityType: "case",
        entityId: survivorCase.id,
        caseId: survivorCase.id,
        after: { absorbedPersonId: mergedId, movedCases, closedCases },
      });
    }
    recordAudit(tx, {
      userId: actor.id,
      action: "merge",
      entityType: "person",
      entityId: mergedId,
      before: { personId: mergedId },
      after: { mergedInto: survivorId, movedCases, closedCases, duplicateId: id },
    });
    return { survivorId, movedCases, closedCases };
  });
}

// Other open questions about the merged record now concern the survivor: they are pointed at
// it, or settled when they were about the survivor itself or repeat a pair already asked.
function redirectOpenQuestions(tx: Transaction, actor: CurrentUser, mergedId: number, survivorId: number, decidedAt: string) {
  const open = tx
    .select()
    .from(schema.possibleDuplicates)
    .where(
      and(
        eq(schema.possibleDuplicates.status, "pending"),
        or(eq(schema.possibleDuplicates.personId, mergedId), eq(schema.possibleDuplicates.matchedPersonId, mergedId)),
      ),
    )
    .all();
  for (const pair of open) {
    const otherId = pair.personId === mergedId ? pair.matchedPersonId : pair.personId;
    const alreadyAsked =
      otherId === survivorId ||
      tx
        .select({ id: schema.possibleDuplicates.id })
        .from(schema.possibleDuplicates)
        .where(
          or(
            and(eq(schema.possibleDuplicates.personId, otherId), eq(schema.possibleDuplicates.matchedPersonId, survivorId)),
            and(eq(schema.possibleDuplicates.personId, survivorId), eq(schema.possibleDuplicates.matchedPersonId, otherId)),
          ),
        )
        .get() !== undefined;
    if (alreadyAsked) {
      tx.update(schema.possibleDuplicates).set({ status: "merged", decidedByUserId: actor.id, decidedAt }).where(eq(schema.possibleDuplicates.id, pair.id)).run();
    } else {
      tx.update(schema.possibleDuplicates)
        .set(pair.personId === mergedId ? { personId: survivorId } : { matchedPersonId: survivorId })
        .where(eq(schema.possibleDuplicates.id, pair.id))
        .run();
    }
  }
}

export function dismissDuplicate(actor: CurrentUser, id: number) {
  db.transaction((tx) => {
    const pair = tx.select().from(schema.possibleDuplicates).where(eq(schema.possibleDuplicates.id, id)).get();
    if (!pair) notFound();
    if (pair.status !== "pending") throw new DuplicateDecidedError();
    tx.update(schema.possibleDuplicates)
      .set({ status: "dismissed", decidedByUserId: actor.id, decidedAt: new Date().toISOString() })
      .where(eq(schema.possibleDuplicates.id, id))
      .run();
    recordAudit(tx, {
      userId: actor.id,
      action: "dismiss_duplicate",
      entityType: "duplicate",
      entityId: id,
      before: { status: "pending" },
      after: { status: "dismissed", personId: pair.personId, matchedPersonId: pair.matchedPersonId },
    });
  });
}
