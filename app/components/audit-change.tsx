import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/lib/i18n";
import { auditChangeRows, type AuditReferences } from "~/modules/admin/audit-changes";

export type AuditChangeEntry = { before?: unknown; after?: unknown; currency?: string | null };

/**
 * What an audit entry changed, in the reader's language: each field with its value before and
 * after (or the values recorded, for a creation or an event). Long changes fold away.
 */
export function AuditChange({ entry, references }: { entry: AuditChangeEntry; references: AuditReferences }) {
  const { t, i18n } = useTranslation();
  const rows = auditChangeRows(entry, references, t, i18n.language as Locale);
  if (rows.length === 0) return <span className="audit-no-change">{t("auditLog.noChanges")}</span>;
  const isChange = entry.before !== null && entry.before !== undefined && entry.after !== null && entry.after !== undefined;
  const list = (
    <dl className="audit-change">
      {rows.map((row) => (
        <div key={row.field}>
          <dt>{row.label}</dt>
          {isChange ? (
            <dd>
              <del>
                <span className="visually-hidden">{t("auditLog.before")}: </span>
                {row.before ?? "—"}
              </del>
              <span aria-hidden="true"> → </span>
              <ins>
                <span className="visually-hidden">{t("auditLog.after")}: </span>
                {row.after ?? "—"}
              </ins>
            </dd>
          ) : (
            <dd>{row.after ?? row.before}</dd>
          )}
        </div>
      ))}
    </dl>
  );
  if (rows.length <= 6) return list;
  return (
    <details className="audit-change-details">
      <summary>{t("auditLog.fieldsChanged", { count: rows.length })}</summary>
      {list}
    </details>
  );
}

// Records that have a page of their own; the rest are named by their number.
const recordPages: Partial<Record<string, (id: string) => string>> = {
  user: (id) => `/admin/users/${id}`,
  organisation: (id) => `/admin/organisations/${id}`,
  programme: (id) => `/admin/programmes/${id}`,
  training: (id) => `/training/${id}`,
};

/** The record an entry is about: the case code with a link, or the record's own page. */
export function AuditRecord({ entry }: { entry: { entityType: string; entityId: string; caseId: number | null; caseCode: string | null } }) {
  const { t } = useTranslation();
  const entity = t(`audit.entities.${entry.entityType}`, { defaultValue: entry.entityType });
  if (entry.caseId !== null && entry.caseCode !== null) {
    const caseLink = (
      <Link to={`/cases/${entry.caseId}`} aria-label={t("auditLog.openCase", { caseCode: entry.caseCode })}>
        {entry.caseCode}
      </Link>
    );
    return entry.entityType === "case" ? (
      <>
        {entity} {caseLink}
      </>
    ) : (
      <>
        {entity} #{entry.entityId} · {t("audit.entities.case")} {caseLink}
      </>
    );
  }
  const page = /^\d+$/.test(entry.entityId) ? recordPages[entry.entityType]?.(entry.entityId) : undefined;
  return page ? (
    <>
      {entity} <Link to={page}>#{entry.entityId}</Link>
    </>
  ) : (
    <>
      {entity} #{entry.entityId}
    </>
  );
}
