import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCase } from "~/lib/auth.server";
import { isLocale, locales, type Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { found } from "~/lib/not-found.server";
import { printableAgreement } from "~/modules/grants/agreement-print.server";
import agreementStyles from "~/styles/agreement.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: agreementStyles }];

// Whoever reads the agreement page prints it (officers, admins, the case's mentors): the printout
// carries no identity number. It is in Ukrainian or English whatever language the reader uses.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caseId } = await requireCase(request, params.caseId, { permission: "readAgreements" });
  const wanted = new URL(request.url).searchParams.get("lang");
  const documentLocale: Locale = isLocale(wanted) ? wanted : "uk";
  const printable = found(printableAgreement(caseId, documentLocale));
  return { documentLocale, ...printable };
}

export default function AgreementPrintPage() {
  const { t } = useTranslation();
  const { documentLocale, caseId, document } = useLoaderData<typeof loader>();
  const [agency, beneficiary] = document.signatures;
  return (
    <>
      <div className="no-print letter-tools">
        <Link to={`/cases/${caseId}/agreement`}>{t("grants.document.back")}</Link>
        <p className="link-row" aria-label={t("grants.document.language")}>
          {locales.map((option) =>
            option === documentLocale ? (
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
        <a href={`/cases/${caseId}/agreement/pdf?lang=${documentLocale}`} download>
          {t("grants.document.pdf")}
        </a>
        <button type="button" className="button-primary" onClick={() => window.print()}>
          {t("grants.document.print")}
        </button>
      </div>
      {document.draft ? (
        <p className="no-print agreement-draft" role="status">
          {t("grants.document.draft")}
        </p>
      ) : null}
      <article className="agreement" aria-labelledby="agreement-heading" lang={documentLocale}>
        <header className="agreement-head">
          <p className="agreement-agency">{document.agency}</p>
          {document.contacts ? <p className="agreement-contacts">{document.contacts}</p> : null}
        </header>
        <h1 id="agreement-heading">{document.title}</h1>
        <p className="agreement-date">{document.date}</p>
        <p>{document.parties}</p>
        {document.sections.map((section) => (
          <section key={section.heading}>
            <h2>{section.heading}</h2>
            {section.paragraphs.map((text, index) => (
              <p key={index}>{text}</p>
            ))}
            {section.list ? (
              <ul>
                {section.list.map((item, index) => (
                  <li key={index}>{item}</li>
                ))}
              </ul>
            ) : null}
            {section.table ? (
              <table className="agreement-tranches">
                <thead>
                  <tr>
                    {section.table.columns.map((column) => (
                      <th key={column} scope="col">
                        {column}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {section.table.rows.map((row) => (
                    <tr key={row[0]}>
                      {row.map((cell, index) => (
                        <td key={index} className={index === 1 ? "numeric" : undefined}>
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
        ))}
        <p>{document.copies}</p>
        <div className="agreement-signatures">
          {[agency, beneficiary].map((signature) => (
            <section key={signature.side} aria-label={signature.caption}>
              <p>
                <strong>{signature.caption}</strong>
              </p>
              {signature.lines.map((line, index) => (
                <p key={index}>{line}</p>
              ))}
              <p className="agreement-sign-line">{document.signatureLabel}</p>
            </section>
          ))}
        </div>
      </article>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "grants.agreement.title");
  return data ? [{ title: data.document.title }] : base;
};
