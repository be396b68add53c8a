import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { MeasureBarChart, SurvivalChart } from "~/components/outcome-charts";
import { formatCell, formatShare, formatSurvival, OutcomeTableView } from "~/components/outcome-table";
import { PageHeader } from "~/components/page-header";
import { can, requireUser } from "~/lib/auth.server";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { comparisons, fixedCategories, modalities } from "~/modules/outcomes/dimensions";
import { outcomeFilterParams, parseOutcomeQuery } from "~/modules/outcomes/outcome-filter";
import { categoryLabel, outcomeTables, type OutcomeTable } from "~/modules/outcomes/outcome-tables";
import { outcomeDashboard, outcomeOptions, publicationFor } from "~/modules/outcomes/outcomes.server";
import outcomesStyles from "~/styles/outcomes.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: outcomesStyles }];

// Evaluators, officers and admins (readOutcomes); mentors and reviewers get 403.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "readOutcomes" });
  const query = parseOutcomeQuery(new URL(request.url).searchParams);
  const mode = publicationFor(user, query.filter, query.published);
  const asOf = kyivToday();
  return {
    asOf,
    params: outcomeFilterParams(query.filter),
    compare: query.compare,
    mayPreview: can(user, "previewUnsuppressed"),
    options: outcomeOptions(),
    dashboard: outcomeDashboard(query.filter, query.compare, mode, asOf),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

// The filters as hidden fields, so each export posts exactly the view on screen.
function FilterFields({ params }: { params: Record<string, string> }) {
  return (
    <>
      {Object.entries(params).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

function ExportButtons({ params, table, title }: { params: Record<string, string>; table: string; title: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/outcomes/export" className="export-buttons" reloadDocument>
      <FilterFields params={params} />
      <input type="hidden" name="table" value={table} />
      <button type="submit" name="format" value="csv" className="button-link" aria-label={`${t("outcomes.exports.download", { table: title })} CSV`}>
        {t("outcomes.exports.csv")}
      </button>
      <button type="submit" name="format" value="xlsx" className="button-link" aria-label={`${t("outcomes.exports.download", { table: title })} XLSX`}>
        {t("outcomes.exports.xlsx")}
      </button>
    </Form>
  );
}

function Tile({ id, title, value, detail, definition }: { id: string; title: string; value: ReactNode; detail?: ReactNode; definition: string }) {
  return (
    <div className="outcome-tile" aria-labelledby={`tile-${id}`}>
      <h3 id={`tile-${id}`}>{title}</h3>
      <p className="outcome-tile-value">{value}</p>
      {detail ? <p className="outcome-tile-detail">{detail}</p> : null}
      <p className="outcome-tile-definition">{definition}</p>
    </div>
  );
}

function Filters({ data }: { data: Data }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { params, options, compare } = data;
  const select = (name: string, label: string, choices: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={params[name] ?? ""}>
        <option value="">{t("outcomes.filters.any")}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Form method="get" className="filters" aria-label={t("outcomes.filters.legend")}>
      {select(
        "programme",
        t("outcomes.filters.programme"),
        options.programmes.map((p) => ({ value: String(p.id), label: `${p.code} — ${locale === "uk" ? p.nameUk : p.name}` })),
      )}
      <div className="field">
        <label htmlFor="filter-from">{t("outcomes.filters.from")}</label>
        <input id="filter-from" type="month" name="from" defaultValue={params.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">{t("outcomes.filters.to")}</label>
        <input id="filter-to" type="month" name="to" defaultValue={params.to ?? ""} />
      </div>
      {select("modality", t("outcomes.filters.modality"), modalities.map((m) => ({ value: m, label: t(`outcomes.categories.modality.${m}`) })))}
      {select("displacement", t("outcomes.filters.displacement"), (fixedCategories.displacement ?? []).map((d) => ({ value: d, label: t(`outcomes.categories.displacement.${d}`) })))}
      {select("sex", t("outcomes.filters.sex"), (fixedCategories.sex ?? []).map((s) => ({ value: s, label: t(`outcomes.categories.sex.${s}`) })))}
      {select("oblast", t("outcomes.filters.oblast"), options.oblasts.map((o) => ({ value: o.pcode, label: locale === "uk" ? o.nameUk : o.nameEn })))}
      {select("partner", t("outcomes.filters.partner"), options.partners.map((p) => ({ value: p.id, label: locale === "uk" ? p.nameUk : p.name })))}
      {select("source", t("outcomes.filters.fundingSource"), options.fundingSources.map((s) => ({ value: s.id, label: s.name })))}
      <div className="field">
        <label htmlFor="filter-compare">{t("outcomes.filters.compare")}</label>
        <select id="filter-compare" name="compare" defaultValue={compare}>
          {comparisons.map((c) => (
            <option key={c} value={c}>
              {t(`outcomes.comparisons.${c}`)}
            </option>
          ))}
        </select>
      </div>
      {data.dashboard.publication.suppressed && data.mayPreview ? <input type="hidden" name="view" value="published" /> : null}
      <div className="filters-actions">
        <button type="submit" className="button-primary">
          {t("outcomes.filters.apply")}
        </button>
        <Link to="/outcomes">{t("outcomes.filters.reset")}</Link>
      </div>
    </Form>
  );
}

export default function OutcomesPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { dashboard, params, options } = data;
  const { headline, publication } = dashboard;
  const k = publication.suppressed ? publication.threshold : 1;
  const tables = outcomeTables(dashboard, t, options, locale);
  const table = (id: string) => tables.find((one) => one.id === id) as OutcomeTable;
  const tableView = (id: string) => <OutcomeTableView table={table(id)} t={t} locale={locale} actions={<ExportButtons params={params} table={id} title={table(id).title} />} />;
  const tooFew = t("outcomes.tooFew");
  const compared = dashboard.survival.comparison;
  const lines = compared
    ? compared.groups.map((line) => ({ name: categoryLabel(t, options, locale, compared.dimension, line.category), line }))
    : [{ name: t("outcomes.survival.total"), line: dashboard.survival.overall }];
  const previewQuery = new URLSearchParams({ ...params, compare: data.compare, view: "published" });
  const exactQuery = new URLSearchParams({ ...params, compare: data.compare });
  const jobs = dashboard.jobs;
  const incomeData = dashboard.income.map((s) => ({
    label: s.stage === "baseline" ? t("outcomes.income.baseline") : t("outcomes.income.stageMonths", { months: s.stage.slice(1) }),
    revenue: s.revenue.medianMinor === null ? null : s.revenue.medianMinor / 100,
    netIncome: s.netIncome.medianMinor === null ? null : s.netIncome.medianMinor / 100,
  }));
  return (
    <div className="outcomes-page">
      <PageHeader
        title={t("outcomes.title")}
        actions={
          params.programme ? (
            <Link to={`/outcomes/report?${new URLSearchParams({ programme: params.programme, ...(params.from ? { from: params.from } : {}), ...(params.to ? { to: params.to } : {}), lang: locale })}`}>
              {t("outcomes.report.open")}
            </Link>
          ) : null
        }
      >
        <p className="lead">{t("outcomes.intro")}</p>
        <p className="muted">{t("outcomes.asOf", { date: formatDate(data.asOf, locale) })}</p>
      </PageHeader>

      <Filters data={data} />

      {publication.suppressed ? (
        <p className="notice" id="suppression-legend">
          {t("outcomes.publishedNote", { k: publication.threshold })} {t("outcomes.legend", { k: publication.threshold })}
          {data.mayPreview ? (
            <>
              {" "}
              <Link to={`/outcomes?${exactQuery}`}>{t("outcomes.showExact")}</Link>
            </>
          ) : null}
        </p>
      ) : (
        <p className="notice notice-danger" id="suppression-legend">
          {t("outcomes.unsuppressed")} <Link to={`/outcomes?${previewQuery}`}>{t("outcomes.previewPublished")}</Link>
        </p>
      )}

      {headline.funded.value === 0 ? <p className="empty">{t("outcomes.noBusinesses")}</p> : null}

      <section aria-labelledby="headline-title" className="outcome-tiles">
        <h2 id="headline-title" className="visually-hidden">
          {t("outcomes.exports.sheet.headline")}
        </h2>
        <Tile
          id="funded"
          title={t("outcomes.tiles.funded")}
          value={formatCell(headline.funded, locale)}
          detail={t("outcomes.tiles.followedUp", { n: formatCell(headline.followedUp, locale), m: formatCell(headline.notYetFollowedUp, locale) })}
          definition={t("outcomes.tiles.fundedDef")}
        />
        <Tile id="survival12" title={t("outcomes.tiles.survival12")} value={formatSurvival(headline.survival12, t, locale)} definition={t("outcomes.tiles.survival12Def")} />
        <Tile
          id="net-jobs"
          title={t("outcomes.tiles.netJobs")}
          value={headline.netJobsFte.status === "reported" ? formatNumber(headline.netJobsFte.value, locale, 1) : tooFew}
          definition={t("outcomes.tiles.netJobsDef")}
        />
        <Tile
          id="women-share"
          title={t("outcomes.tiles.womenShare")}
          value={headline.womenShare.status === "reported" && headline.womenShare.share !== null ? formatShare(headline.womenShare.share, locale) : tooFew}
          definition={t("outcomes.tiles.womenShareDef")}
        />
        <Tile
          id="idp-share"
          title={t("outcomes.tiles.idpShare")}
          value={headline.idpShare.status === "reported" && headline.idpShare.share !== null ? formatShare(headline.idpShare.share, locale) : tooFew}
          definition={t("outcomes.tiles.idpShareDef")}
        />
        <Tile
          id="remigration"
          title={t("outcomes.tiles.remigration")}
          value={headline.remigration.rate === null ? tooFew : formatShare(headline.remigration.rate, locale)}
          detail={t("outcomes.tiles.remigrationCount", { abroad: formatCell(headline.remigration.abroad, locale), known: formatCell(headline.remigration.known, locale) })}
          definition={t("outcomes.tiles.remigrationDef")}
        />
        <Tile
          id="income-change"
          title={t("outcomes.tiles.incomeChange")}
          value={headline.netIncomeChange.medianMinor === null ? tooFew : formatMoney(headline.netIncomeChange.medianMinor, "UAH", locale)}
          definition={t("outcomes.tiles.incomeChangeDef", { n: formatCell(headline.netIncomeChange.n, locale) })}
        />
        <Tile
          id="cost-per-job"
          title={t("outcomes.tiles.costPerJob")}
          value={
            headline.costPerJob.status === "reported"
              ? headline.costPerJob.items.map((item) => (item.costMinor === null ? t("outcomes.tiles.noNetJobs") : formatMoney(item.costMinor, item.currency, locale))).join("; ") || t("outcomes.none")
              : tooFew
          }
          definition={t("outcomes.tiles.costPerJobDef")}
        />
      </section>

      <section className="panel" aria-labelledby="survival-title">
        <h2 id="survival-title">{t("outcomes.survival.title")}</h2>
        <p className="muted">{t("outcomes.survival.definition")}</p>
        {publication.suppressed ? <p className="muted">{t("outcomes.survival.curveNote", { k })}</p> : null}
        <SurvivalChart lines={lines} label={t("outcomes.survival.chartLabel")} xLabel={t("outcomes.survival.months")} yLabel={t("outcomes.survival.share")} />
        <p id="log-rank">
          {compared?.logRank && compared.logRank.p !== null && compared.logRank.chiSquare !== null
            ? t("outcomes.survival.logRank", {
                chi: formatNumber(compared.logRank.chiSquare, locale, 3),
                df: compared.logRank.df,
                p: compared.logRank.p < 0.0001 ? "< 0.0001" : formatNumber(compared.logRank.p, locale, 4),
              })
            : compared
              ? t("outcomes.survival.logRankNone")
              : null}
        </p>
        {tableView("atRisk")}
        {tableView("survival")}
        <h3>{t("outcomes.survival.naiveTitle")}</h3>
        <p className="muted">{t("outcomes.survival.naiveDef")}</p>
        <p>
          <strong>{dashboard.naive.share === null ? tooFew : formatShare(dashboard.naive.share, locale)}</strong> ·{" "}
          {t("outcomes.survival.naiveValue", { operating: formatCell(dashboard.naive.operating, locale), visited: formatCell(dashboard.naive.visited, locale) })}
        </p>
        {tableView("naive")}
      </section>

      <section className="panel" aria-labelledby="jobs-title">
        <h2 id="jobs-title">{t("outcomes.jobs.title")}</h2>
        <p className="muted">{t("outcomes.jobs.definition")}</p>
        {jobs.status === "reported" ? (
          <MeasureBarChart
            label={t("outcomes.jobs.chartLabel")}
            data={[
              { label: t("outcomes.jobs.baselinePaidFte"), fte: Number(jobs.baselinePaidFte.toFixed(2)) },
              { label: t("outcomes.jobs.latestPaidFte"), fte: Number(jobs.latestPaidFte.toFixed(2)) },
              { label: t("outcomes.jobs.womenFte"), fte: Number(jobs.womenFte.toFixed(2)) },
              { label: t("outcomes.jobs.idpFte"), fte: Number(jobs.idpFte.toFixed(2)) },
            ]}
            series={[{ key: "fte", name: t("outcomes.jobs.chartLabel") }]}
          />
        ) : null}
        {tableView("jobs")}
      </section>

      <section className="panel" aria-labelledby="income-title">
        <h2 id="income-title">{t("outcomes.income.title")}</h2>
        <p className="muted">{t("outcomes.income.definition")}</p>
        <MeasureBarChart
          label={t("outcomes.income.chartLabel")}
          data={incomeData}
          series={[
            { key: "revenue", name: t("outcomes.income.revenue") },
            { key: "netIncome", name: t("outcomes.income.netIncome") },
          ]}
        />
        {tableView("income")}
      </section>

      <section className="panel" aria-labelledby="remigration-title">
        <h2 id="remigration-title">{t("outcomes.remigration.title")}</h2>
        <p className="muted">{t("outcomes.remigration.definition")}</p>
        {tableView("remigration")}
        <h3>{t("outcomes.remigration.movesTitle")}</h3>
        {tableView("moves")}
        {tableView("money")}
      </section>

      <section className="panel" aria-labelledby="tables-title">
        <h2 id="tables-title">{t("outcomes.tables.title")}</h2>
        <p className="muted">{t("outcomes.tables.intro", { k })}</p>
        {tables
          .filter((one) => one.id.startsWith("by-"))
          .map((one) => (
            <div key={one.id}>{tableView(one.id)}</div>
          ))}
      </section>

      <section className="panel" aria-labelledby="exports-title">
        <h2 id="exports-title">{t("outcomes.exports.title")}</h2>
        <p className="muted">{t("outcomes.exports.intro")}</p>
        <Form method="post" action="/outcomes/export" reloadDocument className="form-actions">
          <FilterFields params={params} />
          <input type="hidden" name="table" value="all" />
          <button type="submit" name="format" value="xlsx" className="button-secondary">
            {t("outcomes.exports.allXlsx")}
          </button>
        </Form>
        <p className="muted">{t("outcomes.exports.caseFileIntro", { k: publication.threshold })}</p>
        <Form method="post" action="/outcomes/export" reloadDocument className="form-actions">
          <FilterFields params={params} />
          <input type="hidden" name="table" value="cases" />
          <button type="submit" name="format" value="csv" className="button-secondary">
            {t("outcomes.exports.caseFile")}
          </button>
          <button type="submit" name="format" value="xlsx" className="button-secondary">
            {t("outcomes.exports.caseFileXlsx")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outcomes.title");
