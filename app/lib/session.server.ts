import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, lt, or } from "drizzle-orm";
import { db, schema, type AppDatabase, type Transaction } from "./db.server";
import { env } from "./env.server";

const hourMs = 3_600_000;
// lastSeenAt is written at most this often, so reading pages is not a write per request; the idle
// limit is therefore honoured to within these five minutes.
const touchIntervalMs = 5 * 60_000;

export const sessionCookie = createCookie("lt_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.secureCookies,
  path: "/",
  secrets: [env.sessionSecret],
  maxAge: env.sessionMaxHours * 60 * 60,
});

// The table keeps a hash of the token, so a copy of the database cannot be used to log in.
function tokenDigest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

// `alsoSetCookies` are further Set-Cookie values for the same response (the login's known-device
// cookie).
export async function startSession(userId: number, redirectTo: string, alsoSetCookies: string[] = []) {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + env.sessionMaxHours * hourMs).toISOString();
  db.insert(schema.sessions)
    .values({ id: tokenDigest(token), userId, expiresAt, lastSeenAt: now.toISOString() })
    .run();
  const headers = new Headers();
  headers.append("Set-Cookie", await sessionCookie.serialize(token));
  for (const cookie of alsoSetCookies) headers.append("Set-Cookie", cookie);
  return redirect(redirectTo, { headers });
}

export async function sessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

type SessionRow = typeof schema.sessions.$inferSelect;

// A session has ended at its absolute expiry or after SESSION_IDLE_HOURS without a request.
function hasEnded(session: Pick<SessionRow, "expiresAt" | "lastSeenAt">, now: Date) {
  const idleSince = now.getTime() - Date.parse(session.lastSeenAt);
  return session.expiresAt <= now.toISOString() || idleSince >= env.sessionIdleHours * hourMs;
}

function liveSession(token: string, now: Date) {
  const row = db
    .select({ session: schema.sessions, user: schema.users })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(and(eq(schema.sessions.id, tokenDigest(token)), eq(schema.users.active, true)))
    .get();
  if (!row) return null;
  if (hasEnded(row.session, now)) {
    db.delete(schema.sessions).where(eq(schema.sessions.id, row.session.id)).run();
    return null;
  }
  return row;
}

// The signed-in user of this token, or null; a request keeps the session alive (idle limit).
export function findSessionUser(token: string, now = new Date()) {
  const row = liveSession(token, now);
  if (!row) return null;
  if (now.getTime() - Date.parse(row.session.lastSeenAt) >= touchIntervalMs) {
    db.update(schema.sessions)
      .set({ lastSeenAt: now.toISOString() })
      .where(eq(schema.sessions.id, row.session.id))
      .run();
  }
  return row.user;
}

// Who sent a refused request, for the security log: reads the session without keeping it alive.
export async function sessionUserId(request: Request): Promise<number | null> {
  const token = await sessionToken(request);
  return token ? (liveSession(token, new Date())?.user.id ?? null) : null;
}

export async function endSession(request: Request) {
  const token = await sessionToken(request);
  if (token) db.delete(schema.sessions).where(eq(schema.sessions.id, tokenDigest(token))).run();
  return redirect("/login", {
    headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0 }) },
  });
}

// Ends every session of a user (password change, deactivation): the next request is anonymous.
export function endAllSessionsOf(userId: number, tx: AppDatabase | Transaction = db) {
  tx.delete(schema.sessions).where(eq(schema.sessions.userId, userId)).run();
}

export function purgeEndedSessions(now = new Date()) {
  const idleBefore = new Date(now.getTime() - env.sessionIdleHours * hourMs).toISOString();
  db.delete(schema.sessions)
    .where(or(lt(schema.sessions.expiresAt, now.toISOString()), lt(schema.sessions.lastSeenAt, idleBefore)))
    .run();
}
