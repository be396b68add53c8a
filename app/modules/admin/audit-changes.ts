// An audit entry's before/after snapshots as people read them: one row per field that changed,
// labelled in the reader's language, with money in its currency (not kopiykas), dates in the
// local format, choices translated and internal ids replaced by case codes, names and programme
// codes. Pure: the audit page renders these rows and the audit export writes them.
import { formatDate, formatDateTime, formatMoney, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Names for the ids an entry's snapshots mention, read in one go for a page of entries. */
export type AuditReferences = {
  cases: Record<number, string>;
  users: Record<number, string>;
  programmes: Record<number, string>;
};

export type AuditChangeRow = { field: string; label: string; before: string | null; after: string | null };

// Bookkeeping columns that every row carries and nobody asks about.
const unshownFields = new Set(["id", "createdAt", "updatedAt", "version", "surnameSkeleton", "firstNameSkeleton"]);

// Fields that hold the id of a case, a user or a programme (alone or as a list).
const caseFields = new Set(["caseId", "caseIds", "marked", "unmarked"]);
const programmeFields = new Set(["programmeId", "programmeIds"]);
const userField = /^(userId|mentorId|reviewerId|reviewerIds|visitorUserId|responsibleOfficerId|[a-z]+ByUserId)$/;

// Where the words for a field's coded values live; the first dictionary that knows the value wins.
const choiceDictionaries: Record<string, string[]> = {
  stage: ["stages"],
  status: ["statuses", "review.assignmentStatuses", "plans.statuses"],
  eligibility: ["cases.eligibilityStatus"],
  sex: ["cases.sexes"],
  displacementStatus: ["cases.displacement"],
  decision: ["review.decided"],
  modality: ["cases.modalities"],
  requestedModality: ["cases.modalities"],
  role: ["roles"],
  kind: ["organisations.kinds", "cases.businessKinds"],
  referralSource: ["cases.referral"],
  legalForm: ["cases.legalForms"],
  locale: ["shell.switchTo"],
};

const missing = "\u0000";

function known(t: Translate, key: string): string | null {
  const text = t(key, { defaultValue: missing });
  return text === missing || typeof text !== "string" ? null : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "coContributionMinor" → "Co contribution minor": a last resort for a field without a label. */
function spelledOut(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function auditFieldLabel(field: string, t: Translate): string {
  return known(t, `auditLog.fields.${field}`) ?? spelledOut(field);
}

type ValueContext = { t: Translate; locale: Locale; currency: string; references: AuditReferences };

function referenceName(field: string, id: number, context: ValueContext): string | null {
  if (caseFields.has(field)) return context.references.cases[id] ?? `#${id}`;
  if (programmeFields.has(field)) return context.references.programmes[id] ?? `#${id}`;
  if (userField.test(field)) return context.references.users[id] ?? `#${id}`;
  return null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function scalarText(field: string, value: unknown, context: ValueContext): string {
  const { t, locale } = context;
  if (typeof value === "boolean") return value ? t("auditLog.yes") : t("auditLog.no");
  if (typeof value === "number") {
    const reference = Number.isInteger(value) ? referenceName(field, value, context) : null;
    if (reference !== null) return reference;
    // Money is stored in minor units (domain.md §5): shown as the amount it stands for.
    if (/Minor$/.test(field)) return formatMoney(value, context.currency, locale);
    if (field === "weightedTotalHundredths") return formatNumber(value / 100, locale, 2);
    return formatNumber(value, locale, 2);
  }
  if (typeof value === "string") {
    const choice = choiceDictionaries[field]?.map((dictionary) => known(t, `${dictionary}.${value}`)).find((text) => text !== null);
    if (choice) return choice;
    if (isoDate.test(value)) return formatDate(value, locale);
    if (isoInstant.test(value)) return formatDateTime(value, locale);
    return value;
  }
  return JSON.stringify(value);
}

/** One snapshot value as text; lists and nested records are spelled out, labelled. */
export function auditValueText(field: string, value: unknown, context: ValueContext): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    const separator = value.some(isRecord) ? "; " : ", ";
    return value.map((item) => (isRecord(item) ? recordText(item, context) : scalarText(field, item, context))).join(separator);
  }
  if (isRecord(value)) return recordText(value, context);
  return scalarText(field, value, context);
}

function recordText(record: Record<string, unknown>, context: ValueContext): string {
  return Object.entries(record)
    .filter(([field, value]) => !unshownFields.has(field) && value !== null && value !== undefined && value !== "")
    .map(([field, value]) => `${auditFieldLabel(field, context.t)}: ${auditValueText(field, value, context) ?? "—"}`)
    .join(", ");
}

/**
 * The rows of one entry: for a change, each field whose value differs (before → after); for a
 * creation or an event, each field it recorded. A snapshot that is not a record (rare) is one row.
 */
export function auditChangeRows(
  entry: { before?: unknown; after?: unknown; currency?: string | null },
  references: AuditReferences,
  t: Translate,
  locale: Locale,
): AuditChangeRow[] {
  const { before, after } = entry;
  if ((before === null || before === undefined) && (after === null || after === undefined)) return [];
  const currency = (isRecord(after) && typeof after.currency === "string" ? after.currency : null) ?? entry.currency ?? "UAH";
  const context: ValueContext = { t, locale, currency, references };
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    return [{ field: "", label: t("auditLog.value"), before: auditValueText("", before, context), after: auditValueText("", after, context) }];
  }
  const beforeRecord = (before ?? {}) as Record<string, unknown>;
  const afterRecord = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(afterRecord), ...Object.keys(beforeRecord)])];
  return fields
    .filter((field) => !unshownFields.has(field))
    .filter((field) => JSON.stringify(beforeRecord[field] ?? null) !== JSON.stringify(afterRecord[field] ?? null) || before === null || before === undefined)
    .map((field) => ({
      field,
      label: auditFieldLabel(field, t),
      before: auditValueText(field, beforeRecord[field], context),
      after: auditValueText(field, afterRecord[field], context),
    }))
    .filter((row) => row.before !== null || row.after !== null);
}

/** The ids of cases, users and programmes the snapshots mention, to be named in one read each. */
export function auditReferencedIds(snapshots: unknown[]): { cases: number[]; users: number[]; programmes: number[] } {
  const cases = new Set<number>();
  const users = new Set<number>();
  const programmes = new Set<number>();
  const visit = (field: string, value: unknown, depth: number) => {
    if (depth > 3) return;
    if (Array.isArray(value)) value.forEach((item) => visit(field, item, depth + 1));
    else if (isRecord(value)) Object.entries(value).forEach(([key, inner]) => visit(key, inner, depth + 1));
    else if (typeof value === "number" && Number.isInteger(value)) {
      if (caseFields.has(field)) cases.add(value);
      else if (programmeFields.has(field)) programmes.add(value);
      else if (userField.test(field)) users.add(value);
    }
  };
  for (const snapshot of snapshots) visit("", snapshot, 0);
  return { cases: [...cases], users: [...users], programmes: [...programmes] };
}
