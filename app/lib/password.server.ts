import { hash, verify } from "@node-rs/argon2";

// argon2id (algorithm 2) with the library's OWASP-level defaults (19 MiB, 2 passes).
const argon2id = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: argon2id });
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}
