import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuditChange, AuditRecord } from "~/components/audit-change";
import { PageHeader } from "~/components/forms";
import { auditActions, auditEntities } from "~/lib/audit-vocabulary";
import { requireUser } from "~/lib/auth.server";
import { formatDateTime, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { auditExportLimit, auditFilterUsers, searchAuditLog } from "~/modules/admin/audit-log.server";
import { auditFilterSchema } from "~/modules/admin/schema";
import auditStyles from "~/styles/audit-log.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "readAudit" });
  const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...searchAuditLog(filter), users: auditFilterUsers(), exportLimit: auditExportLimit };
}

// The filters an export repeats: everything but the page position.
const exportedFilters = ["userId", "action", "entityType", "entityId", "caseCode", "from", "to"] as const;

export default function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { entries, references, nextBefore, users, caseNotFound, exportLimit } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const nextPage = new URLSearchParams(searchParams);
  if (nextBefore) nextPage.set("before", String(nextBefore));
  const typedCaseCode = searchParams.get("caseCode") ?? "";
  return (
    <>
      <PageHeader title={t("audit.title")}>
        <p className="lead">{t("audit.intro")}</p>
      </PageHeader>
      <Form method="get" className="filters" aria-label={t("audit.filters")}>
        <div className="field">
          <label htmlFor="audit-case">{t("auditLog.caseCode")}</label>
          <input
            id="audit-case"
            name="caseCode"
            defaultValue={typedCaseCode}
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby="audit-case-hint"
            aria-invalid={caseNotFound || undefined}
          />
          <p id="audit-case-hint" className="field-hint">
            {t("auditLog.caseCodeHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="audit-user">{t("audit.user")}</label>
          <select id="audit-user" name="userId" defaultValue={searchParams.get("userId") ?? ""}>
            <option value="">{t("forms.any")}</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t("audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={searchParams.get("action") ?? ""}>
            <option value="">{t("forms.any")}</option>
            {auditActions.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`, { defaultValue: action })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity">{t("audit.entity")}</label>
          <select id="audit-entity" name="entityType" defaultValue={searchParams.get("entityType") ?? ""}>
            <option value="">{t("forms.any")}</option>
            {auditEntities.map((entity) => (
              <option key={entity} value={entity}>
                {t(`audit.entities.${entity}`, { defaultValue: entity })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity-id">{t("audit.entityId")}</label>
          <input id="audit-entity-id" name="entityId" defaultValue={searchParams.get("entityId") ?? ""} inputMode="numeric" />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("audit.from")}</label>
          <input id="audit-from" name="from" type="date" defaultValue={searchParams.get("from") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("audit.to")}</label>
          <input id="audit-to" name="to" type="date" defaultValue={searchParams.get("to") ?? ""} />
        </div>
        <div className="filters-actions">
          <button type="submit" className="button-primary">
            {t("forms.filter")}
          </button>
          <Link to="/admin/audit">{t("forms.clearFilters")}</Link>
        </div>
      </Form>

      {/* An export writes its own audit entry, so it is a POST carrying the filters shown. */}
      <Form method="post" action="/admin/audit/export" reloadDocument className="audit-export" aria-labelledby="audit-export-title">
        <h2 id="audit-export-title" className="visually-hidden">
          {t("auditLog.export.title")}
        </h2>
        {exportedFilters.map((name) => {
          const value = searchParams.get(name);
          return value ? <input key={name} type="hidden" name={name} value={value} /> : null;
        })}
        <button type="submit" name="format" value="xlsx" className="button-secondary">
          {t("auditLog.export.xlsx")}
        </button>
        <button type="submit" name="format" value="csv" className="button-secondary">
          {t("auditLog.export.csv")}
        </button>
        <p className="field-hint">{t("auditLog.export.hint", { limit: formatNumber(exportLimit, locale) })}</p>
      </Form>

      {caseNotFound ? (
        <p role="alert" className="notice">
          {t("auditLog.caseNotFound", { code: typedCaseCode })}
        </p>
      ) : entries.length === 0 ? (
        <p className="empty">{t("audit.none")}</p>
      ) : (
        <table className="table responsive-table audit-table">
          <thead>
            <tr>
              <th scope="col">{t("audit.when")}</th>
              <th scope="col">{t("audit.user")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("auditLog.object")}</th>
              <th scope="col">{t("audit.changes")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td data-label={t("audit.when")}>
                  <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
                </td>
                <td data-label={t("audit.user")}>{entry.userName ?? t("audit.system")}</td>
                <td data-label={t("audit.action")}>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</td>
                <td data-label={t("auditLog.object")}>
                  <AuditRecord entry={entry} />
                </td>
                <td data-label={t("audit.changes")} className="audit-changes-cell">
                  <AuditChange entry={entry} references={references} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore ? (
        <p>
          <Link to={`?${nextPage}`}>{t("forms.olderEntries")}</Link>
        </p>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");
