// Withdrawing an application from the case page: a reason is required, the case closes with the
// reason in its history, only officers and admins may do it, and a closed case stays closed.
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/lib/db.server";
import { registerApplicant } from "~/modules/intake/intake.server";
import * as casePage from "~/routes/cases.$caseId";
import { applicantInput } from "../helpers/applicants";
import {
  callRoute,
  countRows,
  createTestOrganisations,
  createTestProgramme,
  createTestUser,
  fieldErrors,
  readJson,
  request,
  sessionCookieFor,
  type Reply,
  type TestUser,
} from "../helpers/foundation";

let programme: ReturnType<typeof createTestProgramme>;
let officer: TestUser;
const cookieOf = { officer: "", mentor: "", evaluator: "" };

beforeAll(async () => {
  const { agency, partnerA } = createTestOrganisations();
  programme = createTestProgramme({ code: "WITHDRAW-1" });
  officer = await createTestUser("officer", { organisationId: agency.id });
  const mentor = await createTestUser("mentor", { organisationId: partnerA.id });
  const evaluator = await createTestUser("evaluator", { organisationId: agency.id });
  cookieOf.officer = await sessionCookieFor(officer.id);
  cookieOf.mentor = await sessionCookieFor(mentor.id);
  cookieOf.evaluator = await sessionCookieFor(evaluator.id);
});

let applicants = 0;
function registerCase() {
  applicants += 1;
  const result = registerApplicant(officer, applicantInput(programme.id, { surname: "Відходенко", birthDate: `198${applicants}-02-0${applicants}` }));
  if (result.kind !== "created") throw new Error(`expected a new case, got ${result.kind}`);
  return result.caseId;
}

// The withdrawal form of a case page opened just now (it carries the case's current version).
function withdraw(caseId: number, reason: string | undefined, cookie: string) {
  const version = String(caseRow(caseId).version);
  return callRoute(
    casePage.action,
    request(`/cases/${caseId}`, { form: { intent: "withdraw", version, ...(reason === undefined ? {} : { withdrawReason: reason }) }, cookie }),
    { caseId: String(caseId) },
  );
}

function caseRow(caseId: number) {
  return db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
}

describe("withdrawing an application", () => {
  it("closes the case as withdrawn and writes the reason to its history", async () => {
    const caseId = registerCase();
    const response = await withdraw(caseId, "Found a job in Kyiv and left the programme.", cookieOf.officer);
    expect(response.status).toBe(200);
    expect(caseRow(caseId).status).toBe("withdrawn");
    const entry = db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.caseId, caseId), eq(schema.auditLog.action, "transition")))
      .orderBy(desc(schema.auditLog.id))
      .get()!;
    expect(entry.userId).toBe(officer.id);
    expect(entry.after).toMatchObject({ event: "withdraw", status: "withdrawn", reason: "Found a job in Kyiv and left the programme." });

    // The case page shows the reason in the timeline.
    const page = await readJson<{ file: { timeline: Array<{ note: string | null }> } }>(
      await callRoute(casePage.loader, request(`/cases/${caseId}`, { cookie: cookieOf.officer }), { caseId: String(caseId) }),
    );
    expect(page.file.timeline.map((item) => item.note)).toContain("Found a job in Kyiv and left the programme.");
  });

  it("asks for a reason of at least 10 characters next to the field and changes nothing", async () => {
    const caseId = registerCase();
    const audits = countRows(schema.auditLog, eq(schema.auditLog.caseId, caseId));
    for (const reason of [undefined, "moved"]) {
      const response = await withdraw(caseId, reason, cookieOf.officer);
      expect(response.status).toBe(400);
      expect(fieldErrors(await readJson<{ result: Reply }>(response).then((data) => data.result), "withdrawReason")).toHaveLength(1);
    }
    expect(caseRow(caseId).status).toBe("open");
    expect(countRows(schema.auditLog, eq(schema.auditLog.caseId, caseId))).toBe(audits);
  });

  it("refuses a case that is already closed (409), next to the reason", async () => {
    const caseId = registerCase();
    await withdraw(caseId, "Left for Poland with the family.", cookieOf.officer);
    const response = await withdraw(caseId, "Second try at withdrawing.", cookieOf.officer);
    expect(response.status).toBe(409);
    expect(fieldErrors((await readJson<{ result: Reply }>(response)).result, "withdrawReason")).toEqual(["cases.page.withdrawRefused"]);
  });

  it.each(["mentor", "evaluator"] as const)("is refused to a %s (403)", async (role) => {
    const caseId = registerCase();
    // Mentors of another organisation are refused by case scope; either way nothing changes.
    const response = await withdraw(caseId, "Not theirs to decide at all.", cookieOf[role]);
    expect(response.status).toBe(403);
    expect(caseRow(caseId).status).toBe("open");
  });
});
