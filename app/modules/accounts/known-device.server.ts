// A "known device": a browser where an account signed in successfully before. It carries a
// long-lived signed cookie naming those accounts, so that failed logins from elsewhere cannot
// lock the owner out on their own laptop or phone (the login rule in README, "Security").
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { env } from "~/lib/env.server";

// A shared office computer remembers the last few accounts used on it.
const maxAccountsPerDevice = 10;

const knownDeviceCookie = createCookie("lt_device", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.secureCookies,
  path: "/",
  secrets: [env.sessionSecret],
  maxAge: 365 * 24 * 60 * 60,
});

export type KnownDevice = { id: string; userIds: number[] };

function isKnownDevice(value: unknown): value is KnownDevice {
  if (typeof value !== "object" || value === null) return false;
  const { id, userIds } = value as Partial<KnownDevice>;
  return (
    typeof id === "string" &&
    /^[A-Za-z0-9_-]{16,64}$/.test(id) &&
    Array.isArray(userIds) &&
    userIds.every((userId) => Number.isSafeInteger(userId))
  );
}

// The device this request comes from, if its cookie is present and correctly signed.
export async function knownDevice(request: Request): Promise<KnownDevice | null> {
  const value = await knownDeviceCookie.parse(request.headers.get("Cookie"));
  return isKnownDevice(value) ? value : null;
}

// The Set-Cookie value that remembers a successful login of this user on this device.
export function rememberDevice(device: KnownDevice | null, userId: number): Promise<string> {
  const previous = device?.userIds.filter((id) => id !== userId) ?? [];
  const remembered: KnownDevice = {
    id: device?.id ?? randomBytes(18).toString("base64url"),
    userIds: [userId, ...previous].slice(0, maxAccountsPerDevice),
  };
  return knownDeviceCookie.serialize(remembered);
}
