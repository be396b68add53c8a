import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

// One error page for the whole app: 403, 404 and unexpected errors, never with data.
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 403 ? "forbidden" : status === 404 ? "notFound" : status === 409 ? "conflict" : "unexpected";
  if (status >= 500) console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`errors.page.${kind}.title`)}</h1>
      <p>{t(`errors.page.${kind}.body`)}</p>
      <p>
        <Link to="/">{t("errors.page.backHome")}</Link>
      </p>
    </section>
  );
}
