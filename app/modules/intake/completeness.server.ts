// What an application still lacks (completeness.ts), the answers its partner's form gave that
// have no field of ours, and where an imported birth date or sex came from: for the case page,
// the officers' queue of incomplete applications and the export. Never for evaluators (§8).
import { and, asc, count, eq, inArray, isNotNull } from "drizzle-orm";
import { caseScope, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { laterStepOf } from "./completeness";

export type ApplicationCompleteness = {
  missing: Array<{ field: string; step: "screening" | "plan" | null }>;
  notCollected: string[];
  birthDateSource: "rnokpp" | "age" | null;
  approximateBirthYear: number | null;
  sexSource: "rnokpp" | null;
  extraAnswers: Array<{ question: string; label: string; value: string; freeText: boolean }>;
};

/** The case page's view of an application's completeness and its partner form's other answers. */
export function applicationCompleteness(caseId: number): ApplicationCompleteness | null {
  const row = db
    .select({
      missingFields: schema.cases.missingFields,
      notCollectedFields: schema.cases.notCollectedFields,
      birthDateSource: schema.persons.birthDateSource,
      approximateBirthYear: schema.persons.approximateBirthYear,
      sexSource: schema.persons.sexSource,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(eq(schema.cases.id, caseId))
    .get();
  if (!row) return null;
  return {
    missing: (row.missingFields ?? []).map((field) => ({ field, step: laterStepOf(field) ?? null })),
    notCollected: row.notCollectedFields ?? [],
    birthDateSource: row.birthDateSource,
    approximateBirthYear: row.approximateBirthYear,
    sexSource: row.sexSource,
    extraAnswers: extraAnswersOf([caseId]).get(caseId) ?? [],
  };
}

/** The extra answers of the given cases, in form order, by case. */
export function extraAnswersOf(caseIds: number[]): Map<number, ApplicationCompleteness["extraAnswers"]> {
  const byCase = new Map<number, ApplicationCompleteness["extraAnswers"]>();
  if (caseIds.length === 0) return byCase;
  // case_extra_answers_case_idx (case_id, position) serves this, in chunks under SQLite's variable limit.
  for (let start = 0; start < caseIds.length; start += 500) {
    const rows = db
      .select({
        caseId: schema.caseExtraAnswers.caseId,
        question: schema.caseExtraAnswers.question,
        label: schema.caseExtraAnswers.label,
        value: schema.caseExtraAnswers.value,
        freeText: schema.caseExtraAnswers.freeText,
      })
      .from(schema.caseExtraAnswers)
      .where(inArray(schema.caseExtraAnswers.caseId, caseIds.slice(start, start + 500)))
      .orderBy(asc(schema.caseExtraAnswers.caseId), asc(schema.caseExtraAnswers.position))
      .all();
    for (const { caseId, ...answer } of rows) {
      const answers = byCase.get(caseId);
      if (answers) answers.push(answer);
      else byCase.set(caseId, [answer]);
    }
  }
  return byCase;
}

const queueSize = 10;

/**
 * The officers' queue of incomplete applications (open, still before screening), oldest first,
 * with how many there are: someone has to call the applicant and complete them.
 */
export function incompleteApplications(user: CurrentUser, limit = queueSize) {
  const where = and(isNotNull(schema.cases.missingFields), eq(schema.cases.status, "open"), inArray(schema.cases.stage, ["referral", "application"]), caseScope(user));
  const total = db.select({ n: count() }).from(schema.cases).where(where).get()?.n ?? 0;
  const items = db
    .select({
      id: schema.cases.id,
      caseCode: schema.cases.caseCode,
      applicationDate: schema.cases.applicationDate,
      surname: schema.persons.surname,
      firstName: schema.persons.firstName,
      missingFields: schema.cases.missingFields,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(where)
    .orderBy(asc(schema.cases.applicationDate), asc(schema.cases.id))
    .limit(limit)
    .all()
    .map(({ missingFields, ...item }) => ({ ...item, missing: missingFields ?? [] }));
  return { total, items };
}

/**
 * An export's rows with their cases' extra answers as one cell ("Label: value; …"), read a chunk
 * of rows at a time as the file is written. For staff and mentors; evaluators' release has none.
 */
export function* withExtraAnswers<Row extends { id: number }>(rows: Iterator<Row>, chunkSize = 500): Generator<Row & { extraAnswers: string }, void, undefined> {
  let chunk: Row[] = [];
  const flush = function* () {
    const answers = extraAnswersOf(chunk.map((row) => row.id));
    for (const row of chunk) {
      yield { ...row, extraAnswers: (answers.get(row.id) ?? []).map((answer) => `${answer.label}: ${answer.value}`).join("; ") };
    }
    chunk = [];
  };
  for (let next = rows.next(); !next.done; next = rows.next()) {
    chunk.push(next.value);
    if (chunk.length >= chunkSize) yield* flush();
  }
  yield* flush();
}
