import { and, count, eq, gt } from "drizzle-orm";
import type { Role } from "../../../db/schema";
import { auditDiff, auditSnapshot, recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { endAllSessionsOf } from "~/lib/session.server";

// Failed logins are limited per account and per client address within a sliding window.
export const loginLimits = { windowMinutes: 15, perAccount: 5, perAddress: 30 };

// Verified when the e-mail is unknown, so a wrong e-mail costs the same time as a wrong password.
const decoyHash = hashPassword("decoy-password-for-timing");

function recentFailures(key: string): number {
  const since = new Date(Date.now() - loginLimits.windowMinutes * 60_000).toISOString();
  const row = db
    .select({ n: count() })
    .from(schema.loginFailures)
    .where(and(eq(schema.loginFailures.key, key), gt(schema.loginFailures.at, since)))
    .get();
  return row?.n ?? 0;
}

export type LoginResult =
  | { ok: true; user: typeof schema.users.$inferSelect }
  | { ok: false; reason: "invalid" | "rate_limited" };

export async function attemptLogin(input: {
  email: string;
  password: string;
  address: string | null;
}): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const keys = [`account:${email}`, ...(input.address ? [`address:${input.address}`] : [])];
  if (
    recentFailures(keys[0]) >= loginLimits.perAccount ||
    (keys[1] && recentFailures(keys[1]) >= loginLimits.perAddress)
  ) {
    return { ok: false, reason: "rate_limited" };
  }
  const user = db.select().from(schema.users).where(eq(schema.users.email, email)).get();
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
  if (!user || !user.active || !passwordMatches) {
    const at = new Date().toISOString();
    db.insert(schema.loginFailures).values(keys.map((key) => ({ key, at }))).run();
    return { ok: false, reason: "invalid" };
  }
  db.transaction((tx) => {
    tx.delete(schema.loginFailures).where(eq(schema.loginFailures.key, keys[0])).run();
    recordAudit(tx, { userId: user.id, action: "login", entityType: "user", entityId: user.id });
  });
  return { ok: true, user };
}

export function recordLogout(user: CurrentUser) {
  db.transaction((tx) =>
    recordAudit(tx, { userId: user.id, action: "logout", entityType: "user", entityId: user.id }),
  );
}

export async function changePassword(user: CurrentUser, current: string, next: string) {
  const row = db.select().from(schema.users).where(eq(schema.users.id, user.id)).get();
  if (!row || !(await verifyPassword(row.passwordHash, current))) return { ok: false as const };
  const passwordHash = await hashPassword(next);
  db.transaction((tx) => {
    tx.update(schema.users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: new Date().toISOString() })
      .where(eq(schema.users.id, user.id))
      .run();
    // A password change ends every session; the caller starts a fresh one.
    endAllSessionsOf(user.id, tx);
    recordAudit(tx, {
      userId: user.id,
      action: "password_change",
      entityType: "user",
      entityId: user.id,
    });
  });
  return { ok: true as const };
}

export function setUserLocale(userId: number, locale: "uk" | "en") {
  db.update(schema.users).set({ locale }).where(eq(schema.users.id, userId)).run();
}

export function listUsers() {
  return db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      role: schema.users.role,
      active: schema.users.active,
      organisationId: schema.users.organisationId,
      organisationName: schema.organisations.name,
      organisationNameUk: schema.organisations.nameUk,
    })
    .from(schema.users)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.users.organisationId))
    .orderBy(schema.users.name)
    .all();
}

export function findUser(id: number) {
  const row = db.select().from(schema.users).where(eq(schema.users.id, id)).get();
  if (!row) return undefined;
  const { passwordHash: _hidden, ...user } = row;
  return user;
}

export class EmailTakenError extends Error {}

// An admin creates an account with a one-time password the person must change at first login.
export async function createUser(
  actor: CurrentUser | null,
  input: { email: string; name: string; role: Role; organisationId: number; password: string; mustChangePassword?: boolean },
) {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    const taken = tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, email)).get();
    if (taken) throw new EmailTakenError(email);
    const user = tx
      .insert(schema.users)
      .values({
        email,
        name: input.name.trim(),
        role: input.role,
        organisationId: input.organisationId,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
      })
      .returning()
      .get();
    recordAudit(tx, {
      userId: actor?.id ?? null,
      action: "create",
      entityType: "user",
      entityId: user.id,
      after: auditSnapshot(user),
    });
    return user;
  });
}

export class StaleRecordError extends Error {}

export function updateUser(
  actor: CurrentUser,
  id: number,
  input: { name: string; role: Role; organisationId: number; active: boolean; version: number },
) {
  return db.transaction((tx) => {
    const before = tx.select().from(schema.users).where(eq(schema.users.id, id)).get();
    if (!before) throw new Response("Not found", { status: 404 });
    // Another admin saved first: refuse rather than silently overwrite their change.
    if (before.version !== input.version) throw new StaleRecordError();
    const after = tx
      .update(schema.users)
      .set({
        name: input.name.trim(),
        role: input.role,
        organisationId: input.organisationId,
        active: input.active,
        version: before.version + 1,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(schema.users.id, id))
      .returning()
      .get();
    // Deactivation or a new role ends the person's sessions at once.
    if (!after.active || after.role !== before.role || after.organisationId !== before.organisationId) {
      endAllSessionsOf(id, tx);
    }
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "user", entityId: id, ...auditDiff(before, after) });
    return after;
  });
}

export async function resetPassword(actor: CurrentUser, id: number, oneTimePassword: string) {
  const passwordHash = await hashPassword(oneTimePassword);
  db.transaction((tx) => {
    tx.update(schema.users)
      .set({ passwordHash, mustChangePassword: true, updatedAt: new Date().toISOString() })
      .where(eq(schema.users.id, id))
      .run();
    endAllSessionsOf(id, tx);
    recordAudit(tx, { userId: actor.id, action: "password_reset", entityType: "user", entityId: id });
  });
}

// Accounts belong to an active organisation; mentors work for a partner NGO (domain.md §1).
export function roleFitsOrganisation(role: Role, organisationId: number): boolean {
  const organisation = db
    .select({ kind: schema.organisations.kind, active: schema.organisations.active })
    .from(schema.organisations)
    .where(eq(schema.organisations.id, organisationId))
    .get();
  if (!organisation?.active) return false;
  return role !== "mentor" || organisation.kind === "partner";
}
