// How the grants pages answer a refused command: a lost race (409, with what changed, as every
// versioned form does) or a money rule (400): a short message next to the field the rule names,
// and the rule's figures (what is left, which rate to enter) for the notice above the form.
import type { SubmissionResult } from "@conform-to/react";
import { StaleRecordError } from "~/lib/stale-record.server";
import { GrantRefused } from "./grant-errors";

type Submission = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> };

export type GrantRefusal = { code: string; details: Record<string, string | number | null> };

/** The answer for a refusal the page can explain; null for anything else (rethrow it). */
export function grantRefusalResponse(submission: Submission, error: unknown, formFields: readonly string[] = []): Response | null {
  if (error instanceof StaleRecordError) {
    return Response.json({ ...submission.reply({ formErrors: ["errors.staleRecord"] }), stale: error.change }, { status: 409 });
  }
  if (!(error instanceof GrantRefused)) return null;
  const key = `grants.errors.${error.code}`;
  // The command may name a field this form does not have (e.g. the budget line, when signing).
  const reply =
    error.field && formFields.includes(error.field)
      ? submission.reply({ fieldErrors: { [error.field]: [key] } })
      : submission.reply({ formErrors: [key] });
  const refusal: GrantRefusal = { code: error.code, details: error.details };
  return Response.json({ ...reply, refusal }, { status: 400 });
}
