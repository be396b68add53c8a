// Rules a follow-up visit record must keep beyond the shape of its form (domain.md §7, §10).
// A record that contradicts itself (a closure date on an operating business, income from an
// owner who could not be reached) is refused, never resolved silently: either half may be the
// mistake, and these fields are what survival, jobs and income are computed from.
import { compareIsoDates, isIsoDate, type IsoDate } from "~/lib/kyiv-date";
import { equipmentStatuses, operatingStatuses, residenceStatuses, visitModes } from "../../../db/enums";
import type { RosterChange } from "./roster";

// The vocabularies live with the data model (db/enums.ts) so the schema and pages share them.
export { equipmentStatuses, operatingStatuses, residenceStatuses, visitModes };
export type VisitMode = (typeof visitModes)[number];

/** Suspended is not closure (§7). */
export type OperatingStatus = (typeof operatingStatuses)[number];

export type EquipmentStatus = (typeof equipmentStatuses)[number];

export type ResidenceStatus = (typeof residenceStatuses)[number];

const hromadaPcodePattern = /^UA\d{7}$/;

export type VisitRecordInput = {
  visitDate: IsoDate;
  operatingStatus: OperatingStatus;
  /** For a closure: the date the owner reports; empty means the visit date (§7). */
  closureDate: IsoDate | null;
  closureReason: string | null;
  /** Closing a business is a deliberate step: the form asks for a confirmation. */
  closureConfirmed: boolean;
  rosterChanges: RosterChange[];
  monthlyRevenueMinor: number | null;
  monthlyNetIncomeMinor: number | null;
  /** One entry per item handed over, by the item's id (its serial number on the act). */
  equipment: Array<{ itemId: string; status: EquipmentStatus }>;
  residence: ResidenceStatus;
  newHromadaPcode: string | null;
  /** Cash grants: the tranche whose requirement this visit verifies. */
  verifiesTrancheId: string | null;
};

export type VisitContext = {
  /** Kyiv's today (`kyivToday()`): no date of the record may be later. */
  today: IsoDate;
  timeOrigin: IsoDate;
  /** Ids of the items handed over to this business (in-kind act); empty for cash. */
  handedOverItemIds: string[];
  /** Tranches whose requirement is waiting for a visit to verify it; empty for in kind. */
  verifiableTrancheIds: string[];
  /** The latest earlier visit that found the business operating or suspended, if any. */
  lastSeenOpenOn?: IsoDate | null;
  /** The hromada the owner lived in before this visit, if known. */
  currentHromadaPcode?: string | null;
};

export type VisitIssueCode =
  | "invalid_date"
  | "date_in_future"
  | "before_time_origin"
  | "closure_not_confirmed"
  | "closure_reason_required"
  | "closure_after_visit"
  | "closure_before_last_seen_open"
  | "closure_without_closed_status"
  | "unreachable_records_nothing"
  | "revenue_negative"
  | "not_whole_amount"
  | "net_income_above_revenue"
  | "equipment_status_missing"
  | "equipment_unknown_item"
  | "equipment_duplicate_item"
  | "equipment_status_invalid"
  | "hromada_required"
  | "hromada_invalid"
  | "hromada_unchanged"
  | "hromada_without_move"
  | "tranche_not_verifiable";

export type VisitIssue = { field: string; code: VisitIssueCode; itemId?: string };

/** The closure date a closed business is counted with in survival: reported, else the visit date (§7). */
export function closureDateOf(visit: Pick<VisitRecordInput, "operatingStatus" | "closureDate" | "visitDate">): IsoDate | null {
  if (visit.operatingStatus !== "closed") return null;
  return visit.closureDate || visit.visitDate;
}

/** Every rule of §10 a visit record breaks, each with the field to show it next to. */
export function validateVisitRecord(visit: VisitRecordInput, context: VisitContext): VisitIssue[] {
  const issues: VisitIssue[] = [];
  const add = (field: string, code: VisitIssueCode, itemId?: string) => issues.push(itemId === undefined ? { field, code } : { field, code, itemId });

  const visitDateValid = checkDate(visit.visitDate, "visitDate", context, add);

  if (visit.operatingStatus === "closed") {
    if (!visit.closureConfirmed) add("closureConfirmed", "closure_not_confirmed");
    if (!visit.closureReason?.trim()) add("closureReason", "closure_reason_required");
    if (visit.closureDate && checkDate(visit.closureDate, "closureDate", context, add)) {
      if (visitDateValid && compareIsoDates(visit.closureDate, visit.visitDate) > 0) add("closureDate", "closure_after_visit");
      // Survival counts from the closure: it cannot precede a visit that found the business open.
      else if (context.lastSeenOpenOn && compareIsoDates(visit.closureDate, context.lastSeenOpenOn) < 0) {
        add("closureDate", "closure_before_last_seen_open");
      }
    }
  } else if (visit.closureDate || visit.closureReason?.trim()) {
    add(visit.closureDate ? "closureDate" : "closureReason", "closure_without_closed_status");
  }

  const unreachable = visit.operatingStatus === "unreachable";
  if (unreachable) {
    // Nobody was reached, so nothing about the business is known from this visit (§7 censoring).
    if (visit.rosterChanges.length) add("rosterChanges", "unreachable_records_nothing");
    if (visit.monthlyRevenueMinor !== null) add("monthlyRevenueMinor", "unreachable_records_nothing");
    if (visit.monthlyNetIncomeMinor !== null) add("monthlyNetIncomeMinor", "unreachable_records_nothing");
    if (visit.equipment.length) add("equipment", "unreachable_records_nothing");
    if (visit.verifiesTrancheId) add("verifiesTrancheId", "unreachable_records_nothing");
  } else {
    checkIncome(visit, add);
    checkEquipment(visit, context, add);
    if (visit.verifiesTrancheId && !context.verifiableTrancheIds.includes(visit.verifiesTrancheId)) {
      add("verifiesTrancheId", "tranche_not_verifiable");
    }
  }

  checkResidence(visit, context, add);
  return issues;
}

type Add = (field: string, code: VisitIssueCode, itemId?: string) => void;

function checkDate(date: IsoDate, field: string, context: VisitContext, add: Add): boolean {
  if (!isIsoDate(date)) {
    add(field, "invalid_date");
    return false;
  }
  if (compareIsoDates(date, context.today) > 0) add(field, "date_in_future");
  else if (compareIsoDates(date, context.timeOrigin) < 0) add(field, "before_time_origin");
  else return true;
  return false;
}

function checkIncome(visit: VisitRecordInput, add: Add) {
  const revenue = visit.monthlyRevenueMinor;
  const netIncome = visit.monthlyNetIncomeMinor;
  if (revenue !== null && !Number.isSafeInteger(revenue)) add("monthlyRevenueMinor", "not_whole_amount");
  else if (revenue !== null && revenue < 0) add("monthlyRevenueMinor", "revenue_negative");
  // Net income may be a loss, but it is revenue minus costs, so never above the revenue.
  if (netIncome !== null && !Number.isSafeInteger(netIncome)) add("monthlyNetIncomeMinor", "not_whole_amount");
  else if (netIncome !== null && revenue !== null && Number.isSafeInteger(revenue) && netIncome > revenue) {
    add("monthlyNetIncomeMinor", "net_income_above_revenue");
  }
}

function checkEquipment(visit: VisitRecordInput, context: VisitContext, add: Add) {
  const seen = new Set<string>();
  for (const entry of visit.equipment) {
    if (!context.handedOverItemIds.includes(entry.itemId)) add("equipment", "equipment_unknown_item", entry.itemId);
    else if (seen.has(entry.itemId)) add("equipment", "equipment_duplicate_item", entry.itemId);
    else if (!(equipmentStatuses as readonly string[]).includes(entry.status)) add("equipment", "equipment_status_invalid", entry.itemId);
    seen.add(entry.itemId);
  }
  for (const itemId of context.handedOverItemIds) {
    if (!seen.has(itemId)) add("equipment", "equipment_status_missing", itemId);
  }
}

function checkResidence(visit: VisitRecordInput, context: VisitContext, add: Add) {
  const pcode = visit.newHromadaPcode?.trim() || null;
  if (visit.residence !== "moved_within_ukraine") {
    if (pcode) add("newHromadaPcode", "hromada_without_move");
    return;
  }
  if (!pcode) add("newHromadaPcode", "hromada_required");
  else if (!hromadaPcodePattern.test(pcode)) add("newHromadaPcode", "hromada_invalid");
  else if (context.currentHromadaPcode && pcode === context.currentHromadaPcode) add("newHromadaPcode", "hromada_unchanged");
}
