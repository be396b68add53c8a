// How the procurement pages answer a refused command: a lost race (409, with what changed), a
// procurement refusal or a money refusal from the grants core (409, with the message's key and
// values, and the rule's own findings), next to the field when there is one.
import type { SubmissionResult } from "@conform-to/react";
import { StaleRecordError } from "~/lib/stale-record.server";
import { procurementProblemMessage, procurementRefusalKey } from "~/locales/procurement";
import { GrantRefused } from "./grant-errors";
import { ProcurementRefused } from "./procurement-errors";

type Submission = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> };

export type Refusal = { key: string; values: Record<string, string | number | null>; problems: Array<{ key: string; values: Record<string, string | number> }> };

/** The 409 answer for a refusal the page can explain; null for anything else (rethrow it). */
export function refusalResponse(submission: Submission, error: unknown): Response | null {
  if (error instanceof StaleRecordError) {
    return Response.json({ ...submission.reply({ formErrors: ["errors.staleRecord"] }), stale: error.change }, { status: 409 });
  }
  if (!(error instanceof ProcurementRefused) && !(error instanceof GrantRefused)) return null;
  const key = error instanceof ProcurementRefused ? procurementRefusalKey(error.code) : procurementRefusalKey(`grant_${error.code}`);
  const refusal: Refusal = {
    key,
    values: error.details,
    problems: error instanceof ProcurementRefused ? error.problems.map((problem) => procurementProblemMessage(problem)) : [],
  };
  // A money refusal names the grants core's own fields, which these forms do not have.
  const field = error instanceof ProcurementRefused ? error.field : null;
  const reply = field ? submission.reply({ fieldErrors: { [field]: [key] } }) : submission.reply({ formErrors: [key] });
  return Response.json({ ...reply, refusal }, { status: 409 });
}
