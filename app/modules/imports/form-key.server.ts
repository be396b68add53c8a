// A stable key of a Kobo form, to find its saved mapping again. Hashing is server-only
// (node:crypto); the signature it hashes is pure (kobo-mapping.ts).
import { createHash } from "node:crypto";
import { formSignature } from "./kobo-mapping";

/** sha-256 (hex) of the form's sorted question columns: the same form gives the same key. */
export function formKey(headers: readonly string[]): string {
  return createHash("sha256").update(formSignature(headers)).digest("hex");
}
