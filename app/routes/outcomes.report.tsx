import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/lib/auth.server";
import { isLocale, locales, type Locale } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { pageTitle } from "~/lib/meta";
import { donorReport } from "~/modules/outcomes/donor-report.server";
import { parseOutcomeQuery } from "~/modules/outcomes/outcome-filter";
import { outcomeOptions } from "~/modules/outcomes/outcomes.server";
import outcomesStyles from "~/styles/outcomes.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: outcomesStyles }];

// One printable A4 page for a donor (issue 11 §4), and the same as a PDF (outcomes.report_.pdf).
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
  const { fileName: _fileName, ...report } = donorReport(programme, filter, lang, options);
  return { lang, query, programmes: [], report };
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
          <>
            <button type="button" className="button-primary" onClick={() => window.print()}>
              {t("outcomes.report.print")}
            </button>
            <Form method="post" action="/outcomes/report/pdf" reloadDocument className="inline-form">
              {[...params({ lang })].map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <button type="submit" className="button-link">
                {t("outcomes.report.pdf")}
              </button>
            </Form>
          </>
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
