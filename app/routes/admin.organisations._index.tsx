import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { placeName } from "~/lib/places";
import { listOrganisations } from "~/modules/admin/organisations.server";
import { listOblasts } from "~/modules/locations/locations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageUsers" });
  return { organisations: listOrganisations(), oblasts: listOblasts() };
}

export default function OrganisationsPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { organisations, oblasts } = useLoaderData<typeof loader>();
  const oblastByPcode = new Map(oblasts.map((oblast) => [oblast.pcode, oblast]));
  return (
    <>
      <PageHeader
        title={t("organisations.title")}
        actions={
          <Link to="/admin/organisations/new" className="button-primary">
            {t("organisations.new")}
          </Link>
        }
      />
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("organisations.nameColumn")}</th>
              <th scope="col">{t("organisations.kind")}</th>
              <th scope="col">{t("organisations.oblasts")}</th>
              <th scope="col">{t("users.status")}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((organisation) => (
              <tr key={organisation.id}>
                <td>
                  <Link to={`/admin/organisations/${organisation.id}`}>
                    {locale === "uk" ? organisation.nameUk : organisation.name}
                  </Link>
                </td>
                <td>{t(`organisations.kinds.${organisation.kind}`)}</td>
                <td>{organisation.oblastPcodes.map((pcode) => placeName(oblastByPcode.get(pcode), locale)).join(", ")}</td>
                <td>{organisation.active ? t("users.active") : <span className="badge badge-muted">{t("users.deactivated")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organisations.title");
