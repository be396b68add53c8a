// "No query per row" (issue 12): the number of SQL statements a daily page runs must not grow
// with the number of cases. Each page is loaded on a small registry, the registry is tripled
// through every stage that exists, and the page is loaded again: the statement count must be
// the same. Counting better-sqlite3's prepare() counts every statement drizzle runs.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sqlite } from "~/lib/db.server";
import { defaultRubric } from "~/modules/review/scoring";
import * as home from "~/routes/_index";
import * as caseList from "~/routes/cases._index";
import * as committee from "~/routes/committee._index";
import * as duplicates from "~/routes/duplicates._index";
import * as reviews from "~/routes/reviews._index";
import * as training from "~/routes/training._index";
import { callRoute, createTestOrganisations, createTestProgramme, createTestUser, request, sessionCookieFor, type TestUser } from "../helpers/foundation";

let programmeId: number;
let users: Record<"officer" | "mentor" | "evaluator" | "reviewer" | "secondReviewer", TestUser>;
let cookies: Record<keyof typeof users, string>;
let partnerId: number;
let added = 0;

// Cases in every stage up to the committee, with plans, reviews (some disagreeing), training
// and possible duplicates — the rows the daily pages read.
function addCases(count: number) {
  const insertPerson = sqlite.prepare("insert into persons (surname, first_name, sex, birth_date, surname_skeleton, first_name_skeleton) values (?, ?, ?, '1985-04-12', ?, ?)");
  const insertCase = sqlite.prepare(
    `insert into cases (case_code, person_id, programme_id, stage, status, application_date, partner_organisation_id, mentor_id, oblast_pcode, eligibility, vulnerability_score)
     values (?, ?, ?, ?, 'open', '2026-03-01', ?, ?, 'UA12', 'eligible', ?)`,
  );
  const insertPlan = sqlite.prepare("insert into business_plans (case_id, status) values (?, ?)");
  const insertVersion = sqlite.prepare("insert into business_plan_versions (plan_id, number, rubric, submitted_at) values (?, 1, ?, '2026-04-01T10:00:00Z')");
  const insertLine = sqlite.prepare("insert into budget_lines (plan_version_id, position, item, quantity, unit_cost_minor, modality) values (?, 0, 'Швейна машина', 1, 4500000, 'in_kind')");
  const insertReview = sqlite.prepare(
    "insert into review_assignments (plan_version_id, case_id, reviewer_id, status, conflict_of_interest, scores, weighted_total_hundredths, submitted_at) values (?, ?, ?, ?, 0, ?, ?, ?)",
  );
  const insertDuplicate = sqlite.prepare("insert or ignore into possible_duplicates (person_id, matched_person_id, reasons) values (?, ?, '[\"name\"]')");
  const scores = (score: number) => JSON.stringify(Object.fromEntries(defaultRubric.criteria.map((criterion) => [criterion.key, { score, comment: "" }])));
  const stages = ["application", "training", "business_plan", "review", "committee"] as const;
  sqlite.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      added += 1;
      const stage = stages[added % stages.length];
      const personId = Number(insertPerson.run(`Прізвище${added}`, `Ім'я${added}`, added % 2 ? "female" : "male", `prizvyshche${added}`, `imia${added}`).lastInsertRowid);
      const caseId = Number(insertCase.run(`Q-${added}`, personId, programmeId, stage, partnerId, added % 3 ? users.mentor.id : null, added % 30).lastInsertRowid);
      if (added > 1 && added % 10 === 0) insertDuplicate.run(personId, personId - 1);
      if (stage !== "review" && stage !== "committee") continue;
      const planId = Number(insertPlan.run(caseId, "submitted").lastInsertRowid);
      const versionId = Number(insertVersion.run(planId, JSON.stringify(defaultRubric)).lastInsertRowid);
      insertLine.run(versionId);
      const submitted = stage === "committee";
      // Every other plan at committee has reviewers four points apart: a flagged disagreement.
      const [first, second] = added % 2 ? [5, 1] : [4, 4];
      insertReview.run(versionId, caseId, users.reviewer.id, submitted ? "submitted" : "assigned", submitted ? scores(first) : null, submitted ? first * 2000 : null, submitted ? "2026-04-05T10:00:00Z" : null);
      if (added % 4) insertReview.run(versionId, caseId, users.secondReviewer.id, submitted ? "submitted" : "assigned", submitted ? scores(second) : null, submitted ? second * 2000 : null, submitted ? "2026-04-05T10:00:00Z" : null);
    }
  })();
}

async function statementsFor(loader: Parameters<typeof callRoute>[0], path: string, cookie: string) {
  const prepare = vi.spyOn(sqlite, "prepare");
  const response = await callRoute(loader, request(path, { cookie }));
  const statements = prepare.mock.calls.length;
  prepare.mockRestore();
  expect(response.status).toBe(200);
  return statements;
}

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations("query-counts");
  partnerId = partnerA.id;
  programmeId = createTestProgramme().id;
  users = {
    officer: await createTestUser("officer", { organisationId: agency.id }),
    mentor: await createTestUser("mentor", { organisationId: partnerA.id }),
    evaluator: await createTestUser("evaluator", { organisationId: agency.id }),
    reviewer: await createTestUser("reviewer", { organisationId: agency.id }),
    secondReviewer: await createTestUser("reviewer", { organisationId: agency.id }),
  };
  cookies = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([role, user]) => [role, await sessionCookieFor(user.id)]))) as typeof cookies;
  addCases(60);
});

const pages: Array<[string, keyof typeof users, Parameters<typeof callRoute>[0], string]> = [
  ["officer home", "officer", home.loader, "/"],
  ["mentor home", "mentor", home.loader, "/"],
  ["evaluator home", "evaluator", home.loader, "/"],
  ["reviewer queue", "reviewer", reviews.loader, "/reviews"],
  ["case list", "officer", caseList.loader, "/cases"],
  ["case list, filtered", "officer", caseList.loader, "/cases?stage=committee&sex=female"],
  ["mentor's case list", "mentor", caseList.loader, "/cases"],
  ["committee", "officer", committee.loader, "/committee"],
  ["duplicates", "officer", duplicates.loader, "/duplicates"],
  ["training", "officer", training.loader, "/training"],
];

describe("statements per page do not grow with the registry", () => {
  it.each(pages)("%s", async (_name, role, loader, path) => {
    const before = await statementsFor(loader, path, cookies[role]);
    addCases(120);
    const after = await statementsFor(loader, path, cookies[role]);
    expect(after).toBe(before);
    // A sanity bound: a page is a handful of queries, not one per case.
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(40);
  });
});
