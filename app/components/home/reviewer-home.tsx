// The reviewer's home: the plans waiting for their score. Officers see it too when they sit on a
// plan's panel (officer-home.tsx).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { HomeOf } from "./home-data";

export function ReviewQueue({ queue }: { queue: HomeOf<"reviewer">["reviewQueue"] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <section className="panel" aria-labelledby="to-score">
      <h2 id="to-score">
        {t("home.plansToScore")} <span className="count">{formatNumber(queue.total, locale)}</span>
      </h2>
      {queue.total === 0 ? (
        <p className="empty">{t("home.noPlansToScore")}</p>
      ) : (
        <ul className="card-list">
          {queue.items.map((item) => (
            <li key={item.assignmentId}>
              <Link to={`/reviews/${item.assignmentId}`}>
                <strong>{item.caseCode}</strong>
                <span>
                  {t("review.queue.planVersion")} {item.planVersion} · {formatDate(item.assignedAt, locale)} ·{" "}
                  {item.conflictOfInterest === null ? t("review.queue.declare") : t("review.queue.score")}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {queue.total > queue.items.length ? (
        <p>
          <Link to="/reviews">{t("review.queue.all", { n: formatNumber(queue.total, locale) })}</Link>
        </p>
      ) : null}
    </section>
  );
}

export default function ReviewerHome({ home }: { home: HomeOf<"reviewer"> }) {
  return <ReviewQueue queue={home.reviewQueue} />;
}
