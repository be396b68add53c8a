import { randomInt } from "node:crypto";

// Pseudonymous case codes (domain.md §8): random, so they reveal neither the person nor the
// order of registration; unambiguous characters so they can be read over the phone.
const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newCaseCode(): string {
  let code = "";
  for (let i = 0; i < 7; i += 1) code += alphabet[randomInt(alphabet.length)];
  return `LT-${code}`;
}
