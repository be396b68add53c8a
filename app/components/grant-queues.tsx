// The grants stage's queues on the officer's home page: the steps from agreement to payment that
// wait for them. (The mentor's tranche requirements are on the mentor's home, home/mentor-home.tsx.)
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";

type Queue<T> = { total: number; items: T[] };
// `about` says whose case it is (name, business, oblast) where the queue's reader may see it.
type Entry = { key: number; label: string; to: string; about?: string; note?: string | null };

function QueuePanel({ id, title, total, entries, footer }: { id: string; title: string; total: number; entries: Entry[]; footer?: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="count">{formatNumber(total, i18n.language as Locale)}</span>
      </h2>
      {entries.length === 0 ? (
        <p className="empty">{t("grants.queues.none")}</p>
      ) : (
        <ul className="plain-list">
          {entries.map((entry) => (
            <li key={entry.key}>
              <Link to={entry.to}>{entry.label}</Link>
              {entry.about ? <span className="field-hint"> · {entry.about}</span> : null}
              {entry.note ? <span className="field-hint"> · {entry.note}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {footer}
    </section>
  );
}

type TrancheItem = { trancheId: number; sequence: number; caseId: number; caseCode: string; number: string; requestedBy: string | null };

export type OfficerGrantQueuesData = {
  agreementsToPrepare: Queue<{ caseId: number; caseCode: string; surname: string; firstName: string }>;
  agreementsToSign: Queue<{ agreementId: number; number: string; caseId: number; caseCode: string }>;
  purchasesToPlace: Queue<{ id: number; number: string; description: string }>;
  deliveriesToCheck: Queue<{ id: number; number: string; description: string }>;
  actsToSign: Queue<{ id: number; number: string; caseId: number; beneficiaryName: string }>;
  tranchesToRequest: Queue<TrancheItem>;
  tranchesToApprove: Queue<TrancheItem>;
  paymentsFailed: Queue<TrancheItem>;
};

export function OfficerGrantQueues({ queues, about }: { queues: OfficerGrantQueuesData; about?: (caseId: number) => string | undefined }) {
  const { t } = useTranslation();
  const tranche = (item: TrancheItem, withRequester = false): Entry => ({
    key: item.trancheId,
    label: t("grants.queues.tranche", { caseCode: item.caseCode, sequence: item.sequence }),
    to: `/cases/${item.caseId}/agreement`,
    about: about?.(item.caseId),
    note: withRequester && item.requestedBy ? t("grants.queues.requestedBy", { name: item.requestedBy }) : item.number,
  });
  const purchase = (item: { id: number; number: string; description: string }): Entry => ({ key: item.id, label: item.number, to: `/grants/purchases/${item.id}`, note: item.description });
  const purchasesFooter = (
    <p>
      <Link to="/grants/purchases">{t("grants.queues.openPurchases")}</Link>
    </p>
  );
  return (
    <div className="grid-3 grant-queues">
      <QueuePanel
        id="agreements-to-prepare"
        title={t("grants.queues.agreementsToPrepare")}
        total={queues.agreementsToPrepare.total}
        entries={queues.agreementsToPrepare.items.map((item) => ({
          key: item.caseId,
          label: item.caseCode,
          to: `/cases/${item.caseId}/agreement`,
          note: about?.(item.caseId) ?? `${item.surname} ${item.firstName}`,
        }))}
      />
      <QueuePanel
        id="agreements-to-sign"
        title={t("grants.queues.agreementsToSign")}
        total={queues.agreementsToSign.total}
        entries={queues.agreementsToSign.items.map((item) => ({ key: item.agreementId, label: item.number, to: `/cases/${item.caseId}/agreement`, about: about?.(item.caseId), note: item.caseCode }))}
        footer={
          <p>
            <Link to="/grants">{t("grants.queues.openRegister")}</Link>
          </p>
        }
      />
      <QueuePanel id="purchases-to-place" title={t("grants.queues.purchasesToPlace")} total={queues.purchasesToPlace.total} entries={queues.purchasesToPlace.items.map(purchase)} footer={purchasesFooter} />
      <QueuePanel id="deliveries-to-check" title={t("grants.queues.deliveriesToCheck")} total={queues.deliveriesToCheck.total} entries={queues.deliveriesToCheck.items.map(purchase)} />
      <QueuePanel
        id="acts-to-sign"
        title={t("grants.queues.actsToSign")}
        total={queues.actsToSign.total}
        entries={queues.actsToSign.items.map((item) => ({ key: item.id, label: item.number, to: `/grants/acts/${item.id}`, note: about?.(item.caseId) ?? item.beneficiaryName }))}
      />
      <QueuePanel id="tranches-to-request" title={t("grants.queues.tranchesToRequest")} total={queues.tranchesToRequest.total} entries={queues.tranchesToRequest.items.map((item) => tranche(item))} />
      <QueuePanel id="tranches-to-approve" title={t("grants.queues.tranchesToApprove")} total={queues.tranchesToApprove.total} entries={queues.tranchesToApprove.items.map((item) => tranche(item, true))} />
      <QueuePanel id="payments-failed" title={t("grants.queues.paymentsFailed")} total={queues.paymentsFailed.total} entries={queues.paymentsFailed.items.map((item) => tranche(item))} />
    </div>
  );
}
