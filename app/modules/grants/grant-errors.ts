// Refusals of the grants stage (domain.md §9), as codes the routes translate into a message next
// to the field. Pure: pages import the codes for their messages.

export type GrantErrorCode =
  | "forbidden" // the role may not do this (mentors never touch money, evaluators nothing)
  | "not_found"
  | "field_required" // a field the command cannot do without (details.field)
  | "no_standing_approval" // the case has no approved committee decision standing
  | "agreement_exists" // the case already has a live agreement
  | "wrong_agreement_status" // e.g. signing a signed agreement, paying under a draft
  | "split_mismatch" // in kind + cash ≠ total
  | "invalid_amount"
  | "above_approved" // more than the committee approved
  | "above_ceiling" // more than the programme's ceiling
  | "source_not_for_programme" // the funding source does not fund the case's programme
  | "line_not_in_source"
  | "outside_funding_period" // signed outside the funding source's period
  | "invalid_period" // a funding period that ends before it starts
  | "beyond_budget_line" // the commitment exceeds what the line has left (details.leftMinor)
  | "beyond_agreement" // a payment past what the agreement has left to pay
  | "rate_missing" // no exchange rate for the pair on the date (details: base, quote, on)
  | "rate_exists" // a rate for the pair (either way round) is already entered for the date
  | "invalid_rate"
  | "plan_sum_mismatch" // tranche amounts do not add up to the cash part
  | "plan_dates_not_increasing"
  | "plan_missing" // a cash part without a tranche plan
  | "plan_without_cash" // tranches for an agreement with no cash part
  | "idp_certificate_required"
  | "requirements_not_met"
  | "earlier_tranche_unpaid"
  | "wrong_tranche_state"
  | "approver_is_requester"
  | "already_paid"
  | "reason_required"
  | "not_case_mentor" // a mentor verifies requirements of their own cases only
  | "already_verified"
  | "reversal_beyond_entry" // a return larger than what is left of the disbursement
  | "not_a_disbursement"
  | "duplicate_code" // a budget line code used twice in one source
  | "lines_above_total" // budget lines add up to more than the source's total
  | "line_below_committed" // a line cut below what is already committed
  | "line_in_use" // a line with entries cannot be removed
  | "currency_in_use" // the source's currency cannot change once money is committed
  | "programme_in_use" // a programme with agreements on the source cannot be unlinked
  | "scan_empty" // the signed agreement's scan: an empty file
  | "scan_too_large"
  | "scan_wrong_type" // not a PDF, JPEG or PNG by its content
  | "scan_exists"; // one scan per agreement, never replaced

export class GrantRefused extends Error {
  constructor(
    public code: GrantErrorCode,
    public details: Record<string, string | number | null> = {},
    /** The form field the message belongs next to, when there is one. */
    public field: string | null = null,
  ) {
    super(`${code}${Object.keys(details).length ? ` ${JSON.stringify(details)}` : ""}`);
  }
}
