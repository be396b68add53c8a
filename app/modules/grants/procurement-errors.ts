// Refusals of in-kind procurement and of the act of acceptance and transfer (domain.md §9), as
// codes the routes translate into a message next to the field. Pure: pages import the codes.
import type { HandoverActProblem } from "./handover-act";
import type { DeliveryProblem } from "./procurement-delivery";
import type { SupplierChoiceProblem } from "./procurement-quotations";

export type ProcurementErrorCode =
  | "forbidden" // the role may not do this (only officers and admins procure)
  | "not_found"
  | "issuer_missing" // the programme's procurement settings (agency name, EDRPOU) are not entered
  | "supplier_code_invalid" // neither a valid EDRPOU nor a valid RNOKPP (details.reason)
  | "supplier_exists" // the same EDRPOU or RNOKPP is already registered (details.supplierId)
  | "supplier_inactive"
  | "unknown_oblast"
  | "wrong_purchase_state" // details.state: the state the purchase is in
  | "plan_line_not_approved" // not an in-kind line of the approved plan behind a signed agreement
  | "plan_line_other_programme"
  | "beyond_plan_line" // more than the approved line's quantity left to buy (details.leftQuantity)
  | "supplier_already_quoted" // one quotation per supplier and purchase
  | "quotation_incomplete" // a quotation prices every item (details.missing)
  | "quotation_item_unknown"
  | "quotation_not_in_purchase"
  | "quotation_rule" // the quotation rule is not met (problems)
  | "order_number_taken"
  | "delivery_invalid" // the delivery does not add up (problems)
  | "nothing_outstanding" // everything ordered has been accepted already
  | "wrong_act_state" // details.state
  | "agreement_not_signed"
  | "agreement_without_in_kind"
  | "no_items" // an act without goods
  | "items_not_available" // goods of another agreement, or already on another act
  | "act_incomplete" // what the act needs before signing (problems)
  | "handover_date_invalid" // before the goods arrived, or in the future
  | "scan_exists"
  | "scan_empty"
  | "scan_too_large"
  | "scan_wrong_type"
  | "not_on_signed_act" // only equipment handed over can be recovered
  | "not_withdrawn" // equipment is recovered after a withdrawal (§9)
  | "already_recovered";

export type ProcurementProblem = SupplierChoiceProblem | DeliveryProblem | HandoverActProblem;

export class ProcurementRefused extends Error {
  constructor(
    public code: ProcurementErrorCode,
    public details: Record<string, string | number | null> = {},
    /** The form field the message belongs next to, when there is one. */
    public field: string | null = null,
    /** The rule's own findings (quotation rule, delivery check, act validation). */
    public problems: ProcurementProblem[] = [],
  ) {
    super(`${code}${Object.keys(details).length ? ` ${JSON.stringify(details)}` : ""}${problems.length ? ` ${JSON.stringify(problems)}` : ""}`);
  }
}
