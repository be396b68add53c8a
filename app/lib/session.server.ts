import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gt, lt } from "drizzle-orm";
import { db, schema, type AppDatabase, type Transaction } from "./db.server";
import { env } from "./env.server";

const sessionDays = 14;

export const sessionCookie = createCookie("lt_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.secureCookies,
  path: "/",
  secrets: [env.sessionSecret],
  maxAge: sessionDays * 24 * 60 * 60,
});

// The table keeps a hash of the token, so a copy of the database cannot be used to log in.
function tokenDigest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function startSession(userId: number, redirectTo: string) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + sessionDays * 86_400_000).toISOString();
  db.insert(schema.sessions).values({ id: tokenDigest(token), userId, expiresAt }).run();
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await sessionCookie.serialize(token) },
  });
}

export async function sessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export function findSessionUser(token: string) {
  const row = db
    .select({ user: schema.users })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(
      and(
        eq(schema.sessions.id, tokenDigest(token)),
        gt(schema.sessions.expiresAt, new Date().toISOString()),
        eq(schema.users.active, true),
      ),
    )
    .get();
  return row?.user ?? null;
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

export function purgeExpiredSessions() {
  db.delete(schema.sessions).where(lt(schema.sessions.expiresAt, new Date().toISOString())).run();
}
