import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatMoney } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { fundingSourceOverview, listFundingSources } from "~/modules/grants/funding.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageFunding" });
  return { sources: listFundingSources().map((source) => ({ source, totals: fundingSourceOverview(source.id)!.totals })) };
}

export default function FundingSourcesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { sources } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={t("grants.funding.title")}
        actions={
          <Link to="/admin/funding/new" className="button-primary">
            {t("grants.funding.new")}
          </Link>
        }
      >
        <p className="lead">{t("grants.funding.intro")}</p>
      </PageHeader>
      {sources.length === 0 ? (
        <p className="empty">{t("grants.funding.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("grants.funding.name")}</th>
                <th scope="col">{t("grants.funding.donor")}</th>
                <th scope="col">{t("grants.funding.reference")}</th>
                <th scope="col">{t("grants.funding.periodStart")}</th>
                <th scope="col" className="numeric">{t("grants.funding.amount")}</th>
                <th scope="col" className="numeric">{t("grants.funding.committed")}</th>
                <th scope="col" className="numeric">{t("grants.funding.disbursed")}</th>
                <th scope="col" className="numeric">{t("grants.funding.left")}</th>
              </tr>
            </thead>
            <tbody>
              {sources.map(({ source, totals }) => (
                <tr key={source.id}>
                  <td>
                    <Link to={`/admin/funding/${source.id}`}>{source.name}</Link>
                  </td>
                  <td>{source.donor}</td>
                  <td>{source.reference}</td>
                  <td>{t("grants.funding.period", { start: formatDate(source.periodStart, locale), end: formatDate(source.periodEnd, locale) })}</td>
                  <td className="numeric">{formatMoney(totals.amountMinor, source.currency, locale)}</td>
                  <td className="numeric">{formatMoney(totals.committedMinor, source.currency, locale)}</td>
                  <td className="numeric">{formatMoney(totals.disbursedMinor, source.currency, locale)}</td>
                  <td className="numeric">{formatMoney(totals.leftMinor, source.currency, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="/grants/rates">{t("grants.rates.title")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "grants.funding.title");
