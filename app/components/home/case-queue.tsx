// A short list of cases waiting for one step, each linking to where the step is taken.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";

export type CaseQueueItem = { key: number; label: string; to: string; about?: string };

export function CaseQueue({
  id,
  title,
  empty,
  items,
  total = items.length,
  footer,
}: {
  id: string;
  title: string;
  empty: string;
  items: CaseQueueItem[];
  total?: number;
  footer?: ReactNode;
}) {
  const { i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="count">{formatNumber(total, i18n.language as Locale)}</span>
      </h2>
      {items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="plain-list">
          {items.map((item) => (
            <li key={item.key}>
              <Link to={item.to}>{item.label}</Link>
              {item.about ? <span className="field-hint"> · {item.about}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {footer}
    </section>
  );
}
