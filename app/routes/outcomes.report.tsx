import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatCell, formatShare, formatSurvival, formatValue } from "~/components/outcome-table";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import { isLocale, locales, translator, type Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { getLocale } from "~/lib/locale.server";
import { pageTitle } from "~/lib/meta";
import { donorDimensions } from "~/modules/outcomes/dimensions";
import { parseOutcomeQuery } from "~/modules/outcomes/outcome-filter";
import { donorColumns, outcomeTables, pickColumns } from "~/modules/outcomes/outcome-tables";
import { outcomeDashboard, outcomeOptions, outcomeThreshold } from "~/modules/outcomes/outcomes.server";
import outcomesStyles from "~/styles/outcomes.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: outcomesStyles }];

// One printable A4 page for a donor (issue 11 §4): a programme and a cohort period, in Ukrainian
// or English whatever the reader's own language, always with small cells suppressed. The text is
// written here on the server in the report's language, so the page shows it as it is.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "readOutcomes" });
  const url = new URL(request.url);
  const wanted = url.searchParams.get("lang");
  const lang: Locale = isLocale(wanted) ? wanted : await getLocale(request, user);
  const { filter } = parseOutcomeQuery(url.searchParams);
  const options = outcomeOptions();
  const programme = options.programmes.find((p) => p.id === filter.programmeId);
  const query = { programme: filter.programmeId ? String(filter.programmeId) : "", from: filter.fromMonth ?? "", to: filter.toMonth ?? "" };
  if (!programme) return { lang, query, programmes: options.programmes.map((p) => ({ id: p.id, code: p.code, name: p.name, nameUk: p.nameUk })), report: null };

  const t = translator(lang);
  const threshold = outcomeThreshold(programme.id);
  const dashboard = outcomeDashboard({ programmeId: programme.id, fromMonth: filter.fromMonth, toMonth: filter.toMonth }, "none", { suppressed: true, threshold });
  const { headline } = dashboard;
  const tooFew = t("outcomes.tooFew");
  const money = (minor: number | null, currency: string) => (minor === null ? tooFew : formatMoney(minor, currency, lang));
  const tiles = [
    { label: t("outcomes.tiles.funded"), value: formatCell(headline.funded, lang), definition: t("outcomes.tiles.fundedDef") },
    { label: t("outcomes.tiles.survival12"), value: formatSurvival(headline.survival12, t, lang), definition: t("outcomes.tiles.survival12Def") },
    { label: t("outcomes.tiles.netJobs"), value: headline.netJobsFte.status === "reported" ? formatNumber(headline.netJobsFte.value, lang, 1) : tooFew, definition: t("outcomes.tiles.netJobsDef") },
    {
      label: t("outcomes.tiles.womenShare"),
      value: headline.womenShare.status === "reported" && headline.womenShare.share !== null ? formatShare(headline.womenShare.share, lang) : tooFew,
      definition: t("outcomes.tiles.womenShareDef"),
    },
    {
      label: t("outcomes.tiles.idpShare"),
      value: headline.idpShare.status === "reported" && headline.idpShare.share !== null ? formatShare(headline.idpShare.share, lang) : tooFew,
      definition: t("outcomes.tiles.idpShareDef"),
    },
    {
      label: t("outcomes.tiles.remigration"),
      value: `${headline.remigration.rate === null ? tooFew : formatShare(headline.remigration.rate, lang)} (${t("outcomes.tiles.remigrationCount", { abroad: formatCell(headline.remigration.abroad, lang), known: formatCell(headline.remigration.known, lang) })})`,
      definition: t("outcomes.tiles.remigrationDef"),
    },
    {
      label: t("outcomes.tiles.incomeChange"),
      value: money(headline.netIncomeChange.medianMinor, "UAH"),
      definition: t("outcomes.tiles.incomeChangeDef", { n: formatCell(headline.netIncomeChange.n, lang) }),
    },
    {
      label: t("outcomes.tiles.costPerJob"),
      value: headline.costPerJob.status === "reported" ? headline.costPerJob.items.map((i) => (i.costMinor === null ? t("outcomes.tiles.noNetJobs") : money(i.costMinor, i.currency))).join("; ") : tooFew,
      definition: t("outcomes.tiles.costPerJobDef"),
    },
  ];
  const tables = outcomeTables(dashboard, t, options, lang)
    .filter((table) => (donorDimensions as readonly string[]).includes(table.id.replace(/^by-/, "")))
    .map((table) => pickColumns(table, donorColumns))
    .map((table) => ({ id: table.id, title: table.title, headers: table.headers, rows: table.rows.map((row) => row.map((value) => formatValue(value, t, lang))) }));
  const monthLabel = (month: string) => formatDate(`${month}-01`, lang).replace(/^1 /, "");
  const period = filter.fromMonth || filter.toMonth ? t("outcomes.report.period", { from: filter.fromMonth ? monthLabel(filter.fromMonth) : "…", to: filter.toMonth ? monthLabel(filter.toMonth) : "…" }) : t("outcomes.report.allPeriod");
  return {
    lang,
    query,
    programmes: [],
    report: {
      heading: t("outcomes.report.heading", { programme: lang === "uk" ? programme.nameUk : programme.name, period }),
      asOf: t("outcomes.asOf", { date: formatDate(kyivToday(), lang) }),
      definitionsTitle: t("outcomes.report.definitions"),
      disaggregationsTitle: t("outcomes.report.disaggregations"),
      legend: t("outcomes.legend", { k: threshold }),
      footer: t("outcomes.report.footer", { k: threshold, date: formatDate(kyivToday(), lang) }),
      tiles,
      tables,
    },
  };
}

export default function DonorReportPage() {
  const { t, i18n } = useTranslation();
  const { lang, query, programmes, report } = useLoaderData<typeof loader>();
  const uiLocale = i18n.language as Locale;
  const params = (extra: Record<string, string>) => new URLSearchParams(Object.entries({ ...query, ...extra }).filter(([, v]) => v !== ""));
  return (
    <>
      <div className="no-print letter-tools">
        <Link to={`/outcomes?${params({})}`}>{t("outcomes.title")}</Link>
        <p className="link-row" aria-label={t("outcomes.report.language")}>
          {locales.map((option) =>
            option === lang ? (
              <strong key={option} lang={option}>
                {t(`shell.switchTo.${option}`)}
              </strong>
            ) : (
              <Link key={option} to={`?${params({ lang: option })}`} lang={option}>
                {t(`shell.switchTo.${option}`)}
              </Link>
            ),
          )}
        </p>
        {report ? (
          <button type="button" className="button-primary" onClick={() => window.print()}>
            {t("outcomes.report.print")}
          </button>
        ) : null}
      </div>
      {report ? (
        <article className="donor-report" lang={lang} aria-labelledby="report-heading">
          <h1 id="report-heading">{report.heading}</h1>
          <p className="muted">{report.asOf}</p>
          <dl className="report-headline">
            {report.tiles.map((tile) => (
              <div key={tile.label}>
                <dt>{tile.label}</dt>
                <dd>{tile.value}</dd>
              </div>
            ))}
          </dl>
          <section>
            <h2>{report.definitionsTitle}</h2>
            <ul className="report-definitions">
              {report.tiles.map((tile) => (
                <li key={tile.label}>
                  <strong>{tile.label}:</strong> {tile.definition}
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h2>{report.disaggregationsTitle}</h2>
            <div className="report-tables">
              {report.tables.map((table) => (
                <table key={table.id} className="table" id={`report-${table.id}`}>
                  <caption>{table.title}</caption>
                  <thead>
                    <tr>
                      {table.headers.map((header, index) => (
                        <th key={index} scope="col" className={index ? "numeric" : undefined}>
                          {header}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {table.rows.map((row, r) => (
                      <tr key={r}>
                        {row.map((cell, c) =>
                          c === 0 ? (
                            <th key={c} scope="row">
                              {cell}
                            </th>
                          ) : (
                            <td key={c} className="numeric">
                              {cell}
                            </td>
                          ),
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
            </div>
          </section>
          <footer>
            <p>{report.legend}</p>
            <p>{report.footer}</p>
          </footer>
        </article>
      ) : (
        <form method="get" className="picker-form">
          <div className="field">
            <label htmlFor="report-programme">{t("outcomes.filters.programme")}</label>
            <select id="report-programme" name="programme" defaultValue="">
              <option value="" disabled>
                {t("outcomes.report.chooseProgramme")}
              </option>
              {programmes.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} — {uiLocale === "uk" ? p.nameUk : p.name}
                </option>
              ))}
            </select>
          </div>
          <input type="hidden" name="lang" value={lang} />
          <button type="submit" className="button-primary">
            {t("outcomes.filters.apply")}
          </button>
        </form>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outcomes.report.title");
