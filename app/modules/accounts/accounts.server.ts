import { and, count, eq, gt, inArray, lt } from "drizzle-orm";
import type { Role } from "../../../db/schema";
import { notFound } from "~/lib/not-found.server";
import { auditDiff, auditSnapshot, recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { assertVersion, lastAuditedChange, StaleRecordError } from "~/lib/stale-record.server";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { recordSecurityEvent } from "~/lib/security-log.server";
import { endAllSessionsOf } from "~/lib/session.server";
import type { KnownDevice } from "./known-device.server";

// Failed logins within a sliding window, counted per account (from devices it never signed in
// on), per known device of the account, and per client address. README, "Security", states the
// rule; a known device keeps its own count so strangers cannot lock the owner out.
export const loginLimits = { windowMinutes: 15, perAccount: 5, perKnownDevice: 5, perAddress: 30 };

// Verified when the e-mail is unknown, so a wrong e-mail costs the same time as a wrong password.
const decoyHash = hashPassword("decoy-password-for-timing");

function recentFailures(tx: Transaction, key: string, since: string): number {
  const row = tx
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
  device: KnownDevice | null;
}): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const user = db.select().from(schema.users).where(eq(schema.users.email, email)).get();
  const fromKnownDevice = Boolean(user && input.device?.userIds.includes(user.id));
  const account = fromKnownDevice
    ? { key: `device:${input.device!.id}:${user!.id}`, limit: loginLimits.perKnownDevice, name: "known device" }
    : { key: `account:${email}`, limit: loginLimits.perAccount, name: "account" };
  const address = input.address ? { key: `address:${input.address}`, limit: loginLimits.perAddress, name: "address" } : null;
  const counters = address ? [account, address] : [account];
  const event = { userId: user?.id ?? null, address: input.address, method: "POST", path: "/login" };

  // Check and count in one synchronous transaction, before the (asynchronous) password check:
  // the attempt is recorded as a failure up front, so parallel attempts each see the others and
  // no more than the limit are ever checked. A correct password takes its reservation back.
  const reservation = db.transaction((tx) => {
    const since = new Date(Date.now() - loginLimits.windowMinutes * 60_000).toISOString();
    const over = counters.find((counter) => recentFailures(tx, counter.key, since) >= counter.limit);
    if (over) {
      recordSecurityEvent({ ...event, event: "login_locked", detail: `${email} (${over.name} limit)` }, tx);
      return null;
    }
    const at = new Date().toISOString();
    return tx
      .insert(schema.loginFailures)
      .values(counters.map((counter) => ({ key: counter.key, at })))
      .returning({ id: schema.loginFailures.id })
      .all()
      .map((row) => row.id);
  });
  if (!reservation) return { ok: false, reason: "rate_limited" };

  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
  if (!user || !user.active || !passwordMatches) {
    recordSecurityEvent({ ...event, event: "login_failed", detail: email });
    return { ok: false, reason: "invalid" };
  }
  db.transaction((tx) => {
    tx.delete(schema.loginFailures).where(inArray(schema.loginFailures.id, reservation)).run();
    // Signing in clears the failures counted against this account (or this known device).
    tx.delete(schema.loginFailures).where(eq(schema.loginFailures.key, account.key)).run();
    recordAudit(tx, { userId: user.id, action: "login", entityType: "user", entityId: user.id });
  });
  return { ok: true, user };
}

// Failures older than the window no longer count for anything.
export function purgeOldLoginFailures(now = new Date()) {
  const since = new Date(now.getTime() - loginLimits.windowMinutes * 60_000).toISOString();
  db.delete(schema.loginFailures).where(lt(schema.loginFailures.at, since)).run();
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

// An account change that breaks a rule of §1: a mentor outside a partner NGO (or any account in an
// inactive organisation), or an admin locking themselves out of administration.
export class AccountChangeRefused extends Error {
  constructor(readonly code: "role_does_not_fit_organisation" | "cannot_demote_self") {
    super(code);
  }
}

// An admin creates an account with a one-time password the person must change at first login.
export async function createUser(
  actor: CurrentUser | null,
  input: { email: string; name: string; role: Role; organisationId: number; password: string; mustChangePassword?: boolean },
) {
  if (!roleFitsOrganisation(input.role, input.organisationId)) throw new AccountChangeRefused("role_does_not_fit_organisation");
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

// One way for every record (lib/stale-record.server.ts); re-exported for the admin pages.
export { StaleRecordError };

export function updateUser(
  actor: CurrentUser,
  id: number,
  input: { name: string; role: Role; organisationId: number; active: boolean; coordinator?: boolean; version: number; programmeIds?: number[] },
) {
  if (!roleFitsOrganisation(input.role, input.organisationId)) throw new AccountChangeRefused("role_does_not_fit_organisation");
  if (actor.id === id && (!input.active || input.role !== "admin")) throw new AccountChangeRefused("cannot_demote_self");
  return db.transaction((tx) => {
    const before = tx.select().from(schema.users).where(eq(schema.users.id, id)).get();
    if (!before) notFound();
    // Another admin saved first: refuse rather than silently overwrite their change.
    const lastChange = () => lastAuditedChange(tx, "user", "user", id);
    assertVersion(before.version, input.version, lastChange);
    const after = tx
      .update(schema.users)
      .set({
        name: input.name.trim(),
        role: input.role,
        organisationId: input.organisationId,
        active: input.active,
        // Only a mentor coordinates a partner NGO's follow-up.
        coordinator: input.role === "mentor" && (input.coordinator ?? before.coordinator),
        version: before.version + 1,
        updatedAt: new Date().toISOString(),
      })
      .where(and(eq(schema.users.id, id), eq(schema.users.version, before.version)))
      .returning()
      .get();
    if (!after) throw new StaleRecordError(lastChange());
    // Deactivation or a new role ends the person's sessions at once.
    if (!after.active || after.role !== before.role || after.organisationId !== before.organisationId || after.coordinator !== before.coordinator) {
      endAllSessionsOf(id, tx);
    }
    const diff = auditDiff(before, after);
    if (input.programmeIds) {
      const programmes = replaceProgrammeMemberships(tx, id, after.role === "officer" ? input.programmeIds : []);
      if (programmes.changed) {
        diff.before.programmeIds = programmes.before;
        diff.after.programmeIds = programmes.after;
      }
    }
    recordAudit(tx, { userId: actor.id, action: "update", entityType: "user", entityId: id, ...diff });
    return after;
  });
}

export function programmeIdsOf(userId: number): number[] {
  return db
    .select({ id: schema.programmeMembers.programmeId })
    .from(schema.programmeMembers)
    .where(eq(schema.programmeMembers.userId, userId))
    .orderBy(schema.programmeMembers.programmeId)
    .all()
    .map((row) => row.id);
}

// An officer's programmes are replaced as a set, inside the user's own versioned save.
function replaceProgrammeMemberships(tx: Transaction, userId: number, programmeIds: number[]) {
  const before = tx
    .select({ id: schema.programmeMembers.programmeId })
    .from(schema.programmeMembers)
    .where(eq(schema.programmeMembers.userId, userId))
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
  const after = [...new Set(programmeIds)].sort((a, b) => a - b);
  const changed = before.join() !== after.join();
  if (changed) {
    tx.delete(schema.programmeMembers).where(eq(schema.programmeMembers.userId, userId)).run();
    if (after.length) tx.insert(schema.programmeMembers).values(after.map((programmeId) => ({ programmeId, userId }))).run();
  }
  return { before, after, changed };
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
