import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { auditActions, auditEntities } from "~/lib/audit-vocabulary";
import { requireUser } from "~/lib/auth.server";
import { formatDateTime } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { auditFilterUsers, searchAuditLog } from "~/modules/admin/audit-log.server";
import { auditFilterSchema } from "~/modules/admin/schema";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "readAudit" });
  const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...searchAuditLog(filter), users: auditFilterUsers() };
}

function Changes({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  if (!before && !after) return null;
  return (
    <details>
      <summary>{t("audit.changes")}</summary>
      <pre className="audit-json">{JSON.stringify({ before, after }, null, 1)}</pre>
    </details>
  );
}

export default function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { entries, nextBefore, users } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const nextPage = new URLSearchParams(searchParams);
  if (nextBefore) nextPage.set("before", String(nextBefore));
  return (
    <>
      <PageHeader title={t("audit.title")}>
        <p className="lead">{t("audit.intro")}</p>
      </PageHeader>
      <Form method="get" className="filters" aria-label={t("audit.filters")}>
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
                {t(`audit.actions.${action}`)}
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
                {t(`audit.entities.${entity}`)}
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
      {entries.length === 0 ? (
        <p className="empty">{t("audit.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.user")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.entity")}</th>
                <th scope="col">{t("audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
                  </td>
                  <td>{entry.userName ?? t("audit.system")}</td>
                  <td>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</td>
                  <td>
                    {t(`audit.entities.${entry.entityType}`, { defaultValue: entry.entityType })} #{entry.entityId}
                  </td>
                  <td>
                    <Changes before={entry.before} after={entry.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
