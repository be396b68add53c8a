// An applicant leaves the programme (found work, moved abroad, no longer interested): the case
// closes as withdrawn, with the reason in its history. Approved funds return to the envelope,
// and the case leaves every queue.
import type { CurrentUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { moveCase } from "./case-transitions.server";

// `version` is the case's version the page was read at (a stale page is refused).
export function withdrawCase(actor: CurrentUser, caseId: number, version: number, reason: string) {
  db.transaction((tx) => moveCase(tx, actor, { id: caseId, version }, { type: "withdraw", reason }, { reason }));
}
