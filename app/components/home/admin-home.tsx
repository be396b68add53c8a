// The admin's home: users by role and the latest changes, then the officers' queues.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuditRecord } from "~/components/audit-change";
import { formatDateTime, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { HomeOf } from "./home-data";
import { OfficerQueues } from "./officer-home";

export default function AdminHome({ home }: { home: HomeOf<"admin"> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <>
      <div className="grid-2">
        <section className="panel" aria-labelledby="users-by-role">
          <h2 id="users-by-role">{t("home.usersByRole")}</h2>
          <dl className="stats">
            {home.usersByRole.map((row) => (
              <div key={row.role}>
                <dt>{t(`roles.${row.role}`)}</dt>
                <dd>{formatNumber(row.n, locale)}</dd>
              </div>
            ))}
          </dl>
          <p>
            <Link to="/admin/users">{t("home.manageUsers")}</Link>
          </p>
        </section>
        <section className="panel" aria-labelledby="recent-changes">
          <h2 id="recent-changes">{t("home.recentChanges")}</h2>
          {home.recentChanges.length === 0 ? (
            <p className="empty">{t("home.noChanges")}</p>
          ) : (
            <ul className="plain-list">
              {home.recentChanges.map((entry) => (
                <li key={entry.id}>
                  <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time> · {entry.userName ?? t("audit.system")} ·{" "}
                  {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })} · <AuditRecord entry={entry} />
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/admin/audit">{t("home.openAudit")}</Link>
          </p>
        </section>
      </div>
      <OfficerQueues home={home} />
    </>
  );
}
