// Identity numbers (RNOKPP, passport) are identity-grade data (domain.md §2, §8): a keyed hash
// finds exact matches without searching raw numbers, and an encrypted copy is shown only to
// roles that may see it. Both derive from IDENTITY_KEY.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { env } from "./env.server";

const hashKey = createHash("sha256").update(`hash:${env.identityKey}`).digest();
const sealKey = createHash("sha256").update(`seal:${env.identityKey}`).digest();

export type IdentityKind = "rnokpp" | "passport";

// Numbers are compared without spaces or hyphens and in upper case ("ВК 123456" = "вк123456").
export function normaliseIdentity(kind: IdentityKind, value: string): string {
  const compact = value.replace(/[\s-]/g, "").toUpperCase();
  return compact;
}

export function identityHash(kind: IdentityKind, value: string): string {
  return createHmac("sha256", hashKey).update(`${kind}:${normaliseIdentity(kind, value)}`).digest("base64url");
}

export function sealIdentity(value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
  const sealed = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

export function unsealIdentity(sealed: string): string {
  const bytes = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", sealKey, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
}
