import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { formatDateTime, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { constantOptions, findImport } from "~/modules/imports/kobo-import.server";
import { mayReadRejectedRows } from "~/modules/imports/rejected-rows.server";
import { rowReasons } from "~/modules/imports/reasons";

// A file of garbage can reject all of its rows; the page lists the first ones, the report all.
const shownRejected = 500;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  const id = idParam(params.importId);
  const record = findImport(id);
  if (!record) notFound();
  // The people of the file (their names) are the uploader's and admins', as the report is.
  const mayDownloadReport = mayReadRejectedRows(actor, record);
  const named = (name: string | undefined) => (mayDownloadReport ? (name ?? "") : "");
  // Picked field by field: the page shows reasons and row numbers, never a file's cells.
  return {
    record: {
      id: record.id,
      fileName: record.fileName,
      status: record.status,
      interrupted: record.interrupted,
      totalRows: record.totalRows,
      processedRows: record.processedRows,
      summary: record.summary,
      createdAt: record.createdAt,
      createdByName: record.createdByName,
      rejectedRowsPurged: record.rejectedRowsPurged,
    },
    findings: record.findings,
    rejected: record.rejectedRows.rows.slice(0, shownRejected).map((row) => ({ row: row.row, uuid: row.uuid, name: named(row.name), kind: row.kind, errors: row.errors })),
    rejectedCount: record.rejectedRows.rows.length,
    flagged: (record.rejectedRows.flagged ?? []).slice(0, shownRejected).map((row) => ({ ...row, name: named(row.name) })),
    sharedIdentities: mayDownloadReport ? (record.rejectedRows.sharedIdentities ?? []) : [],
    partners: Object.fromEntries(constantOptions().partners.map((partner) => [partner.id, { name: partner.name, nameUk: partner.nameUk }])),
    mayDownloadReport,
  };
}

export default function ImportPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { record, rejected, rejectedCount, mayDownloadReport, findings, flagged, sharedIdentities, partners } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const running = record.status === "running" && !record.interrupted;
  // The import stores its rows in chunks after the request that started it: poll the progress.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const summary = record.summary;
  const stats = summary
    ? ([
        ["created", summary.created],
        ["incomplete", summary.incomplete],
        ["filtered", summary.filtered],
        ["duplicates", summary.duplicates],
        ["alreadyImported", summary.alreadyImported],
        ["invalid", summary.invalid],
        ["possibleDuplicates", summary.possibleDuplicates],
        ["flagged", summary.flagged],
      ] as const)
    : [];
  return (
    <>
      <PageHeader
        title={t("imports.progress.title", { fileName: record.fileName })}
        actions={<Link to="/imports">{t("imports.mapping.backToList")}</Link>}
      >
        <p className="lead">
          {t("imports.progress.startedBy", { name: record.createdByName ?? "—", when: formatDateTime(record.createdAt, locale) })}{" "}
          <StatusBadge status={record.interrupted ? "failed" : record.status} />
        </p>
      </PageHeader>

      <section aria-labelledby="progress-title" className="panel stack" aria-live="polite">
        <h2 id="progress-title">
          {t("imports.progress.processed", {
            processed: formatNumber(record.processedRows, locale),
            total: formatNumber(record.totalRows, locale),
          })}
        </h2>
        <progress max={Math.max(record.totalRows, 1)} value={record.processedRows} aria-labelledby="progress-title" style={{ width: "100%" }} />
        {running ? <p>{t("imports.progress.runningNote")}</p> : null}
        {record.interrupted ? (
          <p className="form-errors" role="alert">
            {t("imports.progress.interruptedNote")}
          </p>
        ) : null}
        {record.status === "finished" ? <p className="notice notice-success">{t("imports.progress.finishedNote")}</p> : null}
        {record.status === "failed" ? (
          <p className="form-errors" role="alert">
            {t("imports.progress.failedNote", { error: summary?.error ?? "—" })}
          </p>
        ) : null}
      </section>

      {summary && !running ? (
        <section aria-labelledby="summary-title" className="stack">
          <h2 id="summary-title">{t("imports.progress.summaryTitle")}</h2>
          <dl className="stats">
            {stats.map(([key, value]) => (
              <div key={key}>
                <dt>{t(`imports.progress.${key}`)}</dt>
                <dd>{formatNumber(value, locale)}</dd>
              </div>
            ))}
          </dl>
          {findings ? <Findings findings={findings} partners={partners} /> : null}
        </section>
      ) : null}

      {!running && flagged.length ? (
        <section aria-labelledby="flagged-title" className="stack">
          <h2 id="flagged-title">{t("imports.progress.flaggedTitle")}</h2>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="numeric">{t("imports.dryRun.row")}</th>
                  {mayDownloadReport ? <th scope="col">{t("imports.dryRun.name")}</th> : null}
                  <th scope="col">{t("cases.caseCode")}</th>
                  <th scope="col">{t("imports.dryRun.reasons")}</th>
                </tr>
              </thead>
              <tbody>
                {flagged.map((row) => (
                  <tr key={row.row}>
                    <td className="numeric">{row.row}</td>
                    {mayDownloadReport ? <td>{row.name}</td> : null}
                    <td>{row.caseId ? <Link to={`/cases/${row.caseId}`}>{row.caseCode}</Link> : "—"}</td>
                    <td>
                      <ul className="plain-list">
                        {rowReasons(t, row.warnings).map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {!running && sharedIdentities.length ? (
        <section aria-labelledby="shared-title" className="stack">
          <h2 id="shared-title">{t("imports.dryRun.sharedTitle")}</h2>
          <ul className="plain-list">
            {sharedIdentities.map((shared) => (
              <li key={shared.rows.map((row) => row.row).join("-")}>
                {t(`imports.dryRun.shared.${shared.kind}`)}: {shared.rows.map((row) => t("imports.dryRun.shared.row", { row: row.row, name: row.name })).join("; ")}.{" "}
                {shared.probablyMistyped.length
                  ? t("imports.dryRun.shared.mistyped", { rows: shared.probablyMistyped.join(", ") })
                  : shared.kept === null
                    ? t("imports.dryRun.shared.unclear")
                    : t("imports.dryRun.shared.kept", { row: shared.kept })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {!running ? (
        <section aria-labelledby="rejected-title" className="stack">
          <h2 id="rejected-title">{t("imports.progress.rejectedTitle")}</h2>
          {record.rejectedRowsPurged && summary && summary.invalid + summary.duplicates > 0 ? (
            <p className="notice">{t("imports.progress.rejectedPurged")}</p>
          ) : rejectedCount === 0 ? (
            <p className="empty">{t("imports.progress.rejectedNone")}</p>
          ) : (
            <>
              {/* The report holds people's data: a POST, audited, for the uploader and admins only. */}
              {mayDownloadReport ? (
                <form method="post" action={`/imports/${record.id}/report`}>
                  <button type="submit" className="button-secondary">
                    {t("imports.progress.downloadReport")}
                  </button>
                </form>
              ) : (
                <p className="field-hint">{t("imports.progress.reportForUploader")}</p>
              )}
              {rejectedCount > rejected.length ? (
                <p>{t("imports.progress.rejectedShown", { shown: formatNumber(rejected.length, locale), total: formatNumber(rejectedCount, locale) })}</p>
              ) : null}
              <div className="table-scroll">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col" className="numeric">{t("imports.dryRun.row")}</th>
                      <th scope="col">{t("imports.dryRun.uuid")}</th>
                      {mayDownloadReport ? <th scope="col">{t("imports.dryRun.name")}</th> : null}
                      <th scope="col">{t("imports.list.status")}</th>
                      <th scope="col">{t("imports.dryRun.reasons")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rejected.map((row) => (
                      <tr key={row.row}>
                        <td className="numeric">{row.row}</td>
                        <td>{row.uuid ?? "—"}</td>
                        {mayDownloadReport ? <td>{row.name}</td> : null}
                        <td>{t(`imports.progress.kind.${row.kind}`)}</td>
                        <td>
                          <ul className="plain-list">
                            {rowReasons(t, row.errors).map((reason) => (
                              <li key={reason}>{reason}</li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      ) : null}
    </>
  );
}

/** What the import found: reasons grouped with counts, fields still missing, who follows the cases. */
function Findings({ findings, partners }: { findings: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["findings"]>; partners: Record<string, { name: string; nameUk: string }> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const groups = [
    ["reasonsTitle", findings.reasons],
    ["warningsTitle", findings.warnings],
  ] as const;
  return (
    <>
      {groups.map(([title, reasons]) =>
        reasons.length ? (
          <div key={title} className="table-scroll">
            <table className="table">
              <caption style={{ textAlign: "left", fontWeight: 600 }}>{t(`imports.dryRun.${title}`)}</caption>
              <tbody>
                {reasons.map((group) => (
                  <tr key={`${group.field}:${group.message}:${JSON.stringify(group.params ?? {})}`}>
                    <td>{rowReasons(t, [group])[0]}</td>
                    <td className="numeric">{formatNumber(group.rows, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null,
      )}
      {findings.missing.length ? (
        <p>
          <strong>{t("imports.dryRun.missingTitle")}:</strong> {findings.missing.map((entry) => `${t(`imports.fields.${entry.field}`)} (${formatNumber(entry.rows, locale)})`).join(", ")}
        </p>
      ) : null}
      {findings.partners.length ? (
        <p>
          <strong>{t("imports.dryRun.partnersTitle")}:</strong>{" "}
          {findings.partners
            .map((entry) => {
              const partner = entry.partnerOrganisationId === null ? null : partners[entry.partnerOrganisationId];
              const name = partner ? (locale === "uk" ? partner.nameUk : partner.name) : t("imports.dryRun.noPartner");
              return `${name} (${formatNumber(entry.rows, locale)})`;
            })
            .join(", ")}
        </p>
      ) : null}
    </>
  );
}

function StatusBadge({ status }: { status: "running" | "finished" | "failed" }) {
  const { t } = useTranslation();
  const tone = status === "finished" ? "badge-success" : status === "failed" ? "badge-danger" : "badge-warning";
  return <span className={`badge ${tone}`}>{t(`imports.status.${status}`)}</span>;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.title");
