// What a refused save tells its user (style.md "Data": records two people may edit carry a
// version). Plain data, shared by the server that describes the change and the page that words it.
import type { ShouldRevalidateFunction } from "@remix-run/react";
import type { AuditAction } from "./audit-vocabulary";

/** The records whose forms carry a version, as the refusal names them. */
export type VersionedRecord =
  | "case"
  | "business_plan"
  | "attendance"
  | "import_mapping"
  | "programme"
  | "organisation"
  | "user"
  // In-kind procurement (domain.md §9).
  | "procurement_settings"
  | "supplier"
  | "purchase"
  | "handover_act"
  // Funding, agreements and tranches (domain.md §9).
  | "funding_source"
  | "grant_agreement"
  | "tranche"
  | "tranche_requirement"
  // Follow-up (domain.md §10).
  | "follow_up_schedule"
  | "planned_visit"
  | "visit";

/** The change that won the race: what happened, when and by whom, read from the stored record. */
export type RecordChange = {
  record: VersionedRecord;
  action: AuditAction | null;
  /** UTC instant of the change, null when the record does not say. */
  at: string | null;
  /** The name of whoever changed it; null for the system or an unknown user. */
  by: string | null;
  /** For a case: the state machine's event and the state it left the case in. */
  event?: string;
  decision?: string;
  stage?: string;
  status?: string;
  eligibility?: string;
  /** Whose attendance, or which mapping, the change was about. */
  subjects?: string[];
};

/** What a 409 for a lost race carries beside the form's own reply. */
export type StaleAnswer = { stale: RecordChange | null };

// After an action answers 409, the page's loaders run again (single fetch skips revalidation after
// 4xx by default): the page then shows what the other person did and the hidden version fields
// carry the current version, while the form keeps what this user typed.
export const revalidateAfterConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;
