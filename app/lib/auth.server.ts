// The one place that decides who may do what: role, organisation and case assignment
// (domain.md §1). Every loader and action calls requireUser, and case routes requireCaseAccess.
import { redirect } from "@remix-run/node";
import { eq, or, type SQL } from "drizzle-orm";
import type { Role } from "../../db/schema";
import { schema } from "./db.server";
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
  scorePlans: ["admin", "officer", "reviewer"],
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

type CaseAssignment = Pick<typeof schema.cases.$inferSelect, "mentorId" | "partnerOrganisationId">;

// Mentors see the cases assigned to them or to their organisation; evaluators see
// pseudonymised cases; reviewers reach plans through their review assignments.
export function canAccessCase(user: CurrentUser, assignment: CaseAssignment): boolean {
  switch (user.role) {
    case "admin":
    case "officer":
    case "evaluator":
      return true;
    case "mentor":
      return assignment.mentorId === user.id || assignment.partnerOrganisationId === user.organisationId;
    case "reviewer":
      return false;
  }
}

export function requireCaseAccess(user: CurrentUser, assignment: CaseAssignment | undefined) {
  if (!assignment) throw new Response("Not found", { status: 404, statusText: "Not Found" });
  if (!canAccessCase(user, assignment)) forbidden();
}

// The same rule as canAccessCase, as a SQL condition for lists and exports.
export function caseScope(user: CurrentUser): SQL | undefined {
  if (user.role === "mentor") {
    return or(
      eq(schema.cases.mentorId, user.id),
      eq(schema.cases.partnerOrganisationId, user.organisationId),
    );
  }
  if (user.role === "reviewer") return eq(schema.cases.id, -1);
  return undefined;
}
