// The evaluator's home: the headline outcome figures now, beside what they were at the end of the
// previous quarter (issue 11 §5). Plain HTML, no charts: the home page stays light.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { PublishedDashboard } from "~/modules/outcomes/publication";
import { formatCell, formatShare, formatSurvival } from "./outcome-table";

type Headline = PublishedDashboard["headline"];

export function OutcomeChanges({ outcomes }: { outcomes: { asOf: string; previousAsOf: string; now: Headline; then: Headline } }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const tooFew = t("outcomes.tooFew");
  const figures: Array<{ id: string; label: string; value: (h: Headline) => string }> = [
    { id: "funded", label: t("outcomes.tiles.funded"), value: (h) => formatCell(h.funded, locale) },
    { id: "survival12", label: t("outcomes.tiles.survival12"), value: (h) => formatSurvival(h.survival12, t, locale) },
    { id: "net-jobs", label: t("outcomes.tiles.netJobs"), value: (h) => (h.netJobsFte.status === "reported" ? formatNumber(h.netJobsFte.value, locale, 1) : tooFew) },
    { id: "women-share", label: t("outcomes.tiles.womenShare"), value: (h) => (h.womenShare.status === "reported" && h.womenShare.share !== null ? formatShare(h.womenShare.share, locale) : tooFew) },
    { id: "idp-share", label: t("outcomes.tiles.idpShare"), value: (h) => (h.idpShare.status === "reported" && h.idpShare.share !== null ? formatShare(h.idpShare.share, locale) : tooFew) },
    { id: "remigration", label: t("outcomes.tiles.remigration"), value: (h) => (h.remigration.rate === null ? tooFew : formatShare(h.remigration.rate, locale)) },
    { id: "income-change", label: t("outcomes.tiles.incomeChange"), value: (h) => (h.netIncomeChange.medianMinor === null ? tooFew : formatMoney(h.netIncomeChange.medianMinor, "UAH", locale)) },
    {
      id: "cost-per-job",
      label: t("outcomes.tiles.costPerJob"),
      value: (h) =>
        h.costPerJob.status === "reported"
          ? h.costPerJob.items.map((i) => (i.costMinor === null ? t("outcomes.tiles.noNetJobs") : formatMoney(i.costMinor, i.currency, locale))).join("; ") || t("outcomes.none")
          : tooFew,
    },
  ];
  return (
    <section className="panel" aria-labelledby="outcome-changes">
      <h2 id="outcome-changes">{t("outcomes.change.title")}</h2>
      <p className="muted">{t("outcomes.change.since", { date: formatDate(outcomes.previousAsOf, locale) })}</p>
      <dl className="stats">
        {figures.map((figure) => (
          <div key={figure.id} data-figure={figure.id}>
            <dt>{figure.label}</dt>
            <dd>{figure.value(outcomes.now)}</dd>
            <dt>
              {t("outcomes.change.then")}: {figure.value(outcomes.then)}
            </dt>
          </div>
        ))}
      </dl>
      <p>
        <Link to="/outcomes">{t("outcomes.change.open")}</Link>
      </p>
    </section>
  );
}
