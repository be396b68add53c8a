// The mentor's home, made for a phone (issue 10): visits first, then the tranche requirements to
// verify, plans to revise and the mentor's cases. Its own chunk, and the lightest of the homes:
// the visit form comes next on a slow connection.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MentorVisits } from "~/components/mentor-visits";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { CaseQueue } from "./case-queue";
import type { HomeOf } from "./home-data";

export default function MentorHome({ home }: { home: HomeOf<"mentor"> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <>
      <MentorVisits followUp={home.followUp} />
      {/* Tranche requirements: the mentor's verification is what releases the next tranche (§9). */}
      <CaseQueue
        id="requirements-to-verify"
        title={t("grants.queues.requirementsToVerify")}
        empty={t("grants.queues.none")}
        total={home.requirementsToVerify.total}
        items={home.requirementsToVerify.items.map((item) => ({
          key: item.requirementId,
          label: `${t("grants.queues.tranche", { caseCode: item.caseCode, sequence: item.sequence })} · ${item.surname} ${item.firstName}`,
          to: `/cases/${item.caseId}/agreement`,
          about: item.text,
        }))}
      />
      <CaseQueue
        id="plans-to-revise"
        title={t("review.home.plansToRevise")}
        empty={t("review.home.noneToRevise")}
        items={home.plansToRevise.map((item) => ({ key: item.id, label: `${item.caseCode} · ${item.surname} ${item.firstName}`, to: `/cases/${item.id}/plan` }))}
      />
      <section className="panel" aria-labelledby="my-cases">
        <h2 id="my-cases">
          {t("home.myCases")} <span className="count">{formatNumber(home.myCases.total, locale)}</span>
        </h2>
        {home.myCases.items.length === 0 ? (
          <p className="empty">{t("home.noCasesAssigned")}</p>
        ) : (
          <ul className="card-list">
            {home.myCases.items.map((item) => (
              <li key={item.id}>
                <Link to={`/cases/${item.id}`}>
                  <strong>
                    {item.surname} {item.firstName}
                  </strong>
                  <span>
                    {item.caseCode} · {t(`stages.${item.stage}`)}
                    {item.mine ? ` · ${t("home.assignedToMe")}` : ""}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
