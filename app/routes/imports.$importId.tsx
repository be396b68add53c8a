import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { formatDateTime, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { findImport } from "~/modules/imports/kobo-import.server";
import { mayReadRejectedRows } from "~/modules/imports/rejected-rows.server";
import { rowReasons } from "~/modules/imports/reasons";

// A file of garbage can reject all of its rows; the page lists the first ones, the report all.
const shownRejected = 500;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  const id = Number(params.importId);
  const record = Number.isSafeInteger(id) ? findImport(id) : undefined;
  if (!record) throw new Response("Not found", { status: 404, statusText: "Not Found" });
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
    rejected: record.rejectedRows.rows.slice(0, shownRejected).map((row) => ({ row: row.row, uuid: row.uuid, kind: row.kind, errors: row.errors })),
    rejectedCount: record.rejectedRows.rows.length,
    mayDownloadReport: mayReadRejectedRows(actor, record),
  };
}

export default function ImportPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { record, rejected, rejectedCount, mayDownloadReport } = useLoaderData<typeof loader>();
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
        ["duplicates", summary.duplicates],
        ["alreadyImported", summary.alreadyImported],
        ["invalid", summary.invalid],
        ["possibleDuplicates", summary.possibleDuplicates],
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
                      <th scope="col">{t("imports.list.status")}</th>
                      <th scope="col">{t("imports.dryRun.reasons")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rejected.map((row) => (
                      <tr key={row.row}>
                        <td className="numeric">{row.row}</td>
                        <td>{row.uuid ?? "—"}</td>
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

function StatusBadge({ status }: { status: "running" | "finished" | "failed" }) {
  const { t } = useTranslation();
  const tone = status === "finished" ? "badge-success" : status === "failed" ? "badge-danger" : "badge-warning";
  return <span className={`badge ${tone}`}>{t(`imports.status.${status}`)}</span>;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.title");
