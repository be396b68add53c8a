import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { countPendingDuplicates, listPendingDuplicates } from "~/modules/intake/duplicates.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "reviewDuplicates" });
  return { total: countPendingDuplicates(), pairs: listPendingDuplicates() };
}

export default function DuplicatesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { total, pairs } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("duplicates.title")}>
        <p className="lead">{t("duplicates.intro", { count: total, formatted: formatNumber(total, locale) })}</p>
      </PageHeader>
      {pairs.length === 0 ? (
        <p className="empty">{t("duplicates.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("duplicates.newRecord")}</th>
                <th scope="col">{t("duplicates.existingRecord")}</th>
                <th scope="col">{t("duplicates.why")}</th>
                <th scope="col">{t("duplicates.action")}</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((pair) => (
                <tr key={pair.id}>
                  <td>
                    {pair.newer.surname} {pair.newer.firstName}
                    {pair.newer.latinName ? ` (${pair.newer.latinName})` : ""} · {formatDate(pair.newer.birthDate, locale)}
                  </td>
                  <td>
                    {pair.existing.surname} {pair.existing.firstName}
                    {pair.existing.latinName ? ` (${pair.existing.latinName})` : ""} · {formatDate(pair.existing.birthDate, locale)}
                  </td>
                  <td>{pair.reasons.map((reason) => t(`duplicates.reasons.${reason}`)).join(", ")}</td>
                  <td>
                    <Link to={`/duplicates/${pair.id}`}>{t("duplicates.compare")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "duplicates.title");
