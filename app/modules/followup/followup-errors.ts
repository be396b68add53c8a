// Refusals of the follow-up stage (domain.md §10) as codes the pages translate
// (`followup.errors.<code>`), each with the form field it belongs next to. Pure: pages import it.

export type FollowUpErrorCode =
  | "forbidden" // the role may not do this
  | "not_found"
  | "no_time_origin" // the grant has not reached the beneficiary: nothing to follow up yet
  | "no_business" // the case has no business record to keep a roster for
  | "schedule_invalid" // stages that break validateStages (details.issues)
  | "effective_from_back_dated" // a schedule change applies to later time origins only
  | "visit_already_recorded" // a planned visit is made once
  | "visit_of_other_case" // the planned visit (or idempotency key) belongs to another case
  | "not_author" // only the visit's author or an officer corrects it
  | "case_has_no_partner" // mentors are assigned within the case's partner organisation
  | "mentor_not_of_partner"
  | "not_a_mentor"
  | "visits_before_origin" // a corrected origin later than visits already made
  | "reason_required"
  | "invalid_date"
  | "before_time_origin"
  | "unchanged"
  | "already_made"
  | "skipped"
  | "not_skipped"
  | "not_confirmed"; // a deletion asks for its confirmation

export class FollowUpRefused extends Error {
  constructor(
    public code: FollowUpErrorCode,
    /** The form field the message belongs next to, when there is one. */
    public field: string | null = null,
    public details: Record<string, unknown> = {},
  ) {
    super(`${code}${field ? ` (${field})` : ""}`);
  }
}

/** One problem of a visit record, next to its field: codes of visit-rules.ts, roster.ts and the form. */
export type VisitProblem = { field: string; code: string; itemId?: string };

/** A visit record refused for what it says (nothing was stored); every problem has its field. */
export class VisitRejected extends Error {
  constructor(public problems: VisitProblem[]) {
    super(`Visit rejected: ${problems.map((problem) => `${problem.field}:${problem.code}`).join(", ")}`);
  }
}
