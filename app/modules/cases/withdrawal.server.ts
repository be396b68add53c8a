// An applicant leaves the programme (found work, moved abroad, no longer interested): the case
// closes as withdrawn, with the reason in its history. Approved funds return to the envelope,
// and the case leaves every queue.
import type { CurrentUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { moveCase } from "./case-transitions.server";

export function withdrawCase(actor: CurrentUser, caseId: number, reason: string) {
  db.transaction((tx) => moveCase(tx, actor, caseId, { type: "withdraw", reason }, { reason }));
}
