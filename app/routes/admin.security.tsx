import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { formatDateTime } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { securityEvents } from "~/lib/security-vocabulary";
import { securityLogFilterSchema } from "~/modules/admin/schema";
import { searchSecurityLog } from "~/modules/admin/security-log.server";

export async function loader({ request }: LoaderFunctionArgs) {
  // Whoever reads the audit log (admins) reads the security log.
  await requireUser(request, { permission: "readAudit" });
  const filter = securityLogFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...searchSecurityLog(filter), retentionDays: env.securityLogRetentionDays };
}

export default function SecurityLogPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { entries, nextBefore, retentionDays } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const nextPage = new URLSearchParams(searchParams);
  if (nextBefore) nextPage.set("before", String(nextBefore));
  return (
    <>
      <PageHeader title={t("security.title")}>
        <p className="lead">{t("security.intro", { days: retentionDays })}</p>
      </PageHeader>
      <Form method="get" className="filters" aria-label={t("security.filters")}>
        <div className="field">
          <label htmlFor="security-event">{t("security.event")}</label>
          <select id="security-event" name="event" defaultValue={searchParams.get("event") ?? ""}>
            <option value="">{t("forms.any")}</option>
            {securityEvents.map((event) => (
              <option key={event} value={event}>
                {t(`security.events.${event}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="security-from">{t("audit.from")}</label>
          <input id="security-from" name="from" type="date" defaultValue={searchParams.get("from") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="security-to">{t("audit.to")}</label>
          <input id="security-to" name="to" type="date" defaultValue={searchParams.get("to") ?? ""} />
        </div>
        <div className="filters-actions">
          <button type="submit" className="button-primary">
            {t("forms.filter")}
          </button>
          <Link to="/admin/security">{t("forms.clearFilters")}</Link>
        </div>
      </Form>
      {entries.length === 0 ? (
        <p className="empty">{t("security.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("security.event")}</th>
                <th scope="col">{t("audit.user")}</th>
                <th scope="col">{t("security.address")}</th>
                <th scope="col">{t("security.request")}</th>
                <th scope="col">{t("security.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
                  </td>
                  <td>{t(`security.events.${entry.event}`, { defaultValue: entry.event })}</td>
                  <td>{entry.userName ? `${entry.userName} (${entry.userEmail})` : t("security.anonymous")}</td>
                  <td>{entry.address ?? "—"}</td>
                  <td>
                    <code>
                      {entry.method} {entry.path}
                    </code>
                  </td>
                  <td>{entry.detail ?? ""}</td>
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

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "security.title");
