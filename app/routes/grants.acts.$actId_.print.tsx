import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser, forbidden } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { isLocale, locales, type Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { procurementProblemMessage } from "~/locales/procurement";
import { printableAct } from "~/modules/grants/handover-act.server";
import { ProcurementRefused } from "~/modules/grants/procurement-errors";
import actStyles from "~/styles/handover-act.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: actStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "procureInKind" });
  const actId = idParam(params.actId);
  // The act goes to the beneficiary in Ukrainian and, for donors, in English, whatever language
  // the officer works in.
  const wanted = new URL(request.url).searchParams.get("lang");
  const actLocale: Locale = isLocale(wanted) ? wanted : "uk";
  try {
    return { actLocale, ...printableAct(user, actId, actLocale) };
  } catch (error) {
    if (error instanceof ProcurementRefused && error.code === "forbidden") forbidden();
    if (error instanceof ProcurementRefused) notFound();
    throw error;
  }
}

export default function HandoverActPrintPage() {
  const { t } = useTranslation();
  const { actLocale, act, document, problems } = useLoaderData<typeof loader>();
  const [transferred, received] = document.signatures;
  return (
    <>
      <div className="no-print letter-tools">
        <Link to={`/grants/acts/${act.id}`}>{t("procurement.print.back")}</Link>
        <p className="link-row" aria-label={t("procurement.print.language")}>
          {locales.map((option) =>
            option === actLocale ? (
              <strong key={option} lang={option}>
                {t(`shell.switchTo.${option}`)}
              </strong>
            ) : (
              <Link key={option} to={`?lang=${option}`} lang={option}>
                {t(`shell.switchTo.${option}`)}
              </Link>
            ),
          )}
        </p>
        <button type="button" className="button-primary" onClick={() => window.print()}>
          {t("procurement.print.print")}
        </button>
      </div>
      {act.state === "prepared" ? (
        <div className="no-print act-draft" role="status">
          <p>{t("procurement.print.draft")}</p>
          {problems.length ? (
            <>
              <p>{t("procurement.print.cannotSign")}</p>
              <ul>
                {problems.map((problem, index) => {
                  const message = procurementProblemMessage(problem);
                  return <li key={index}>{t(message.key, message.values)}</li>;
                })}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <article className="act" aria-labelledby="act-heading" lang={actLocale}>
        <header>
          <p className="act-issuer">{document.issuerLine}</p>
          <h1 id="act-heading">{document.title}</h1>
          <p className="act-subtitle">{document.executes}</p>
        </header>
        <p className="act-date-place">
          <span>{document.place}</span>
          <span>{document.date}</span>
        </p>
        <p className="act-party">{document.transferringParty}</p>
        <p className="act-party">{document.receivingParty}</p>
        <p>{document.preamble}</p>
        <table className="act-items">
          <thead>
            <tr>
              {document.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {document.rows.map((row) => (
              <tr key={row.position}>
                <td className="numeric">{row.position}</td>
                <td>{row.name}</td>
                <td>{row.model}</td>
                <td>{row.serialOrInventoryNumber}</td>
                <td>{row.unit}</td>
                <td className="numeric">{row.quantity}</td>
                <td className="numeric">{row.unitPrice}</td>
                <td className="numeric">{row.sum}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={7}>{document.labels.total}</td>
              <td className="numeric">{document.totalInFigures}</td>
            </tr>
          </tfoot>
        </table>
        <p className="act-words">
          {document.labels.totalInWords}: <strong>{document.totalInWords}</strong>
        </p>
        <p>{document.statement}</p>
        <p>{document.copies}</p>
        <div className="act-signatures">
          {[transferred, received].map((signature) => (
            <section key={signature.side} aria-label={signature.caption}>
              <p>
                <strong>{signature.caption}</strong>
              </p>
              <p>{signature.position}</p>
              <p>{signature.name}</p>
              <p className="act-signature-line">{document.labels.signature}</p>
            </section>
          ))}
        </div>
      </article>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "procurement.print.title");
  return data ? [{ title: `${data.act.number} · ${base[0].title}` }] : base;
};
