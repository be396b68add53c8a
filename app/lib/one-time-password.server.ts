import { randomInt } from "node:crypto";

// Unambiguous characters only (no 0/O, 1/l/I), grouped so it can be read out over the phone.
const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

export function generateOneTimePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join(""),
  );
  return groups.join("-");
}
