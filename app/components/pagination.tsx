import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";

/** Previous / "page n of m" / next under a paged list; the links keep the list's other filters. */
export function Pagination({ page, pageCount, label }: { page: number; pageCount: number; label: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const [searchParams] = useSearchParams();
  if (pageCount <= 1) return null;
  const withPage = (target: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(target));
    return `?${next}`;
  };
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? <Link to={withPage(page - 1)}>{t("cases.previous")}</Link> : <span />}
      <span>{t("cases.pageOf", { page: formatNumber(page, locale), pages: formatNumber(pageCount, locale) })}</span>
      {page < pageCount ? <Link to={withPage(page + 1)}>{t("cases.next")}</Link> : <span />}
    </nav>
  );
}
