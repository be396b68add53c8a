import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { pageTitle } from "~/lib/meta";
import { listUsers } from "~/modules/accounts/accounts.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageUsers" });
  return { users: listUsers() };
}

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={t("users.title")}
        actions={
          <Link to="/admin/users/new" className="button-primary">
            {t("users.new")}
          </Link>
        }
      />
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.organisation")}</th>
              <th scope="col">{t("users.status")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <Link to={`/admin/users/${user.id}`}>{user.name}</Link>
                </td>
                <td>{user.email}</td>
                <td>{t(`roles.${user.role}`)}</td>
                <td>{i18n.language === "uk" ? user.organisationNameUk : user.organisationName}</td>
                <td>{user.active ? t("users.active") : <span className="badge badge-muted">{t("users.deactivated")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.title");
