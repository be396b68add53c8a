import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const pageKinds: Record<number, string> = {
  400: "badRequest",
  403: "forbidden",
  404: "notFound",
  409: "conflict",
  413: "tooLarge",
  415: "notAForm",
};

// One error page for the whole app: 4xx refusals and unexpected errors, never with data. A form
// refused by readForm names its reason ({ error: code }), shown in the reader's language.
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t, i18n } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = pageKinds[status] ?? "unexpected";
  const reason = isRouteErrorResponse(error) && typeof error.data?.error === "string" ? `errors.request.${error.data.error}` : null;
  if (status >= 500) console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`errors.page.${kind}.title`)}</h1>
      <p>{t(`errors.page.${kind}.body`)}</p>
      {reason && i18n.exists(reason) ? <p>{t(reason)}</p> : null}
      <p>
        <Link to="/">{t("errors.page.backHome")}</Link>
      </p>
    </section>
  );
}
