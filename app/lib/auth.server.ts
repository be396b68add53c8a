// The one place that decides who may do what: role, programme membership, organisation and case
// assignment (domain.md §1). Every loader and action calls requireUser, or requireCase when it
// works on one case; lists and queues filter with caseScope and programmeScope, the same rules
// as SQL conditions.
import { redirect } from "@remix-run/node";
import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Role } from "../../db/schema";
import { db, schema } from "./db.server";
import { idParam, notFound } from "./not-found.server";
import { findSessionUser, sessionToken } from "./session.server";

export type User = typeof schema.users.$inferSelect;
export type CurrentUser = Omit<User, "passwordHash">;

export const permissions = {
  manageUsers: ["admin"],
  manageProgrammes: ["admin"],
  readAudit: ["admin"],
  registerApplicants: ["admin", "officer"],
  screenApplicants: ["admin", "officer"],
  importData: ["admin", "officer"],
  importLocations: ["admin"],
  reviewDuplicates: ["admin", "officer"],
  decideGrants: ["admin", "officer"],
  // Suppliers, purchases, deliveries and acts of acceptance and transfer (§9).
  procureInKind: ["admin", "officer"],
  // Funding sources and their budget lines (§9).
  manageFunding: ["admin"],
  // Exchange rates, agreements, tranches, payments, returns: money moves (§9). Mentors verify
  // tranche requirements of their own cases only; they never touch money.
  handleGrantMoney: ["admin", "officer"],
  // The grants register (/grants) and its export: officers and admins. Mentors read their cases'
  // agreements on the case's agreement page, never the register.
  listGrants: ["admin", "officer"],
  scorePlans: ["admin", "officer", "reviewer"],
  // Business plans are written by officers and the case's mentor, with the applicant (§1).
  writePlans: ["admin", "officer", "mentor"],
  // A committee decision is reopened only by an admin, with a reason.
  reopenDecisions: ["admin"],
  // Agreements, tranches and their requirements: officers work them, mentors read their cases'
  // and verify requirements (handleGrantMoney is what moves money).
  readAgreements: ["admin", "officer", "mentor"],
  // Programme settings (letterhead, rubric, schedules).
  editProgrammeSettings: ["admin"],
  // Pages meant for the roles that see unsuppressed figures (previews of published tables).
  previewUnsuppressed: ["admin", "officer"],
  // Business plans are read by those who may see the case's identifiers, never by evaluators.
  readPlans: ["admin", "officer", "mentor"],
  logVisits: ["admin", "officer", "mentor"],
  listCases: ["admin", "officer", "mentor", "evaluator"],
  readOutcomes: ["admin", "officer", "evaluator"],
  // Direct identifiers: names, phones, identity numbers, exact birth dates (§8).
  seeIdentifiers: ["admin", "officer", "reviewer", "mentor"],
  seeIdentityNumbers: ["admin", "officer"],
  // The specific protection category (trafficking, GBV…), not just the generic flag (§8).
  seeProtectedCategory: ["admin", "officer"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(user: Pick<User, "role">, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(user.role);
}

// The follow-up overview (/follow-up): officers and admins, and a partner NGO's coordinator, whose
// view caseScope narrows to their organisation's cases. Assigning mentors stays with officers.
export function mayReadFollowUpOverview(user: Pick<User, "role" | "coordinator">): boolean {
  return can(user, "decideGrants") || (user.role === "mentor" && user.coordinator);
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export async function getUser(request: Request): Promise<CurrentUser | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  const user = findSessionUser(token);
  if (!user) return null;
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

export async function requireUser(
  request: Request,
  options: { permission?: Permission; allowPasswordChange?: boolean } = {},
): Promise<CurrentUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  if (user.mustChangePassword && !options.allowPasswordChange) {
    throw redirect("/account/password");
  }
  if (options.permission && !can(user, options.permission)) forbidden();
  return user;
}

type CaseAssignment = Pick<typeof schema.cases.$inferSelect, "mentorId" | "partnerOrganisationId" | "programmeId">;

export function isProgrammeMember(userId: number, programmeId: number): boolean {
  return (
    db
      .select({ userId: schema.programmeMembers.userId })
      .from(schema.programmeMembers)
      .where(and(eq(schema.programmeMembers.userId, userId), eq(schema.programmeMembers.programmeId, programmeId)))
      .get() !== undefined
  );
}

// Officers see the cases of their programmes; mentors the cases assigned to them or to their
// organisation; evaluators pseudonymised cases; reviewers reach plans only through their
// review assignments.
export function canAccessCase(user: CurrentUser, assignment: CaseAssignment): boolean {
  switch (user.role) {
    case "admin":
    case "evaluator":
      return true;
    case "officer":
      return isProgrammeMember(user.id, assignment.programmeId);
    case "mentor":
      return assignment.mentorId === user.id || assignment.partnerOrganisationId === user.organisationId;
    case "reviewer":
      return false;
  }
}

// For loaders and actions of one case: who the user is, and that they may touch this case
// (404 when it does not exist, 403 when it is not theirs).
export async function requireCase(
  request: Request,
  caseIdParam: string | undefined,
  options: { permission: Permission },
): Promise<{ user: CurrentUser; caseId: number }> {
  const user = await requireUser(request, options);
  return { user, caseId: assertCaseAccess(user, caseIdParam) };
}

// The same check for a user already known (a route that also accepts other roles' paths).
export function assertCaseAccess(user: CurrentUser, caseIdParam: string | number | undefined): number {
  const caseId = typeof caseIdParam === "number" ? caseIdParam : idParam(caseIdParam);
  const assignment = db
    .select({ mentorId: schema.cases.mentorId, partnerOrganisationId: schema.cases.partnerOrganisationId, programmeId: schema.cases.programmeId })
    .from(schema.cases)
    .where(eq(schema.cases.id, caseId))
    .get();
  if (!assignment) notFound();
  if (!canAccessCase(user, assignment)) forbidden();
  return caseId;
}

// For pages of one programme (its committee, its training sessions): 403 for an officer who does
// not work on it.
export function assertProgrammeAccess(user: CurrentUser, programmeId: number) {
  if (user.role === "officer" && !isProgrammeMember(user.id, programmeId)) forbidden();
}

// The programmes a user works on, as a condition on programmes.id (undefined: all of them).
export function programmeScope(user: CurrentUser): SQL | undefined {
  if (user.role !== "officer") return undefined;
  return inArray(
    schema.programmes.id,
    db.select({ id: schema.programmeMembers.programmeId }).from(schema.programmeMembers).where(eq(schema.programmeMembers.userId, user.id)),
  );
}

// The same rule as canAccessCase, as a SQL condition for lists and exports.
export function caseScope(user: CurrentUser): SQL | undefined {
  if (user.role === "officer") {
    return inArray(
      schema.cases.programmeId,
      db.select({ id: schema.programmeMembers.programmeId }).from(schema.programmeMembers).where(eq(schema.programmeMembers.userId, user.id)),
    );
  }
  if (user.role === "mentor") {
    return or(
      eq(schema.cases.mentorId, user.id),
      eq(schema.cases.partnerOrganisationId, user.organisationId),
    );
  }
  if (user.role === "reviewer") return eq(schema.cases.id, -1);
  return undefined;
}
