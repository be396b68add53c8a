import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatMoney } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { listProgrammes } from "~/modules/admin/programmes.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageProgrammes" });
  return { programmes: listProgrammes() };
}

export default function ProgrammesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { programmes } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={t("programmes.title")}
        actions={
          <Link to="/admin/programmes/new" className="button-primary">
            {t("programmes.new")}
          </Link>
        }
      />
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("programmes.code")}</th>
              <th scope="col">{t("programmes.nameColumn")}</th>
              <th scope="col">{t("programmes.donor")}</th>
              <th scope="col" className="numeric">{t("programmes.ceiling")}</th>
              <th scope="col" className="numeric">{t("programmes.envelope")}</th>
              <th scope="col">{t("programmes.followUpOffsets")}</th>
              <th scope="col">{t("programmes.startDate")}</th>
            </tr>
          </thead>
          <tbody>
            {programmes.map((programme) => (
              <tr key={programme.id}>
                <td>
                  <Link to={`/admin/programmes/${programme.id}`}>{programme.code}</Link>
                </td>
                <td>{locale === "uk" ? programme.nameUk : programme.name}</td>
                <td>{programme.donor}</td>
                <td className="numeric">{formatMoney(programme.grantCeilingMinor, programme.currency, locale)}</td>
                <td className="numeric">{formatMoney(programme.budgetEnvelopeMinor, programme.currency, locale)}</td>
                <td>{t("programmes.monthsList", { months: programme.followUpOffsetsMonths.join(", ") })}</td>
                <td>{formatDate(programme.startDate, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "programmes.title");
