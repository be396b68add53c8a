// The refusal of a save that lost a race: says what changed, who changed it and when, and that
// the user's entries are still in the form. Shown where the form shows its own errors.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { RecordChange } from "~/lib/stale-record";

// The translation key of the sentence and its values, by record and by what happened.
function describe(change: RecordChange, t: TFunction): [string, Record<string, string>] {
  const state = { stage: change.stage ? t(`stages.${change.stage}`) : "", status: change.status ? t(`statuses.${change.status}`) : "" };
  switch (change.record) {
    case "case":
      if (change.action === "transition") {
        // A "revise" decision leaves no standing decision on the case.
        if (change.event === "decide") return ["errors.stale.decided", { decision: t(`review.decided.${change.decision ?? "revise"}`) }];
        if (change.event === "reopen_decision") return ["errors.stale.reopened", {}];
        if (change.event === "withdraw") return ["errors.stale.withdrawn", {}];
        return ["errors.stale.moved", state];
      }
      if (change.action === "screen") return ["errors.stale.screened", { eligibility: t(`cases.eligibilityStatus.${change.eligibility ?? "pending"}`) }];
      if (change.action === "override") return ["errors.stale.overridden", {}];
      if (change.action === "update") return ["errors.stale.edited", {}];
      break;
    case "business_plan":
      return [change.action === "submit" ? "errors.stale.planSubmitted" : "errors.stale.planSaved", {}];
    case "attendance":
      return ["errors.stale.attendance", { subjects: (change.subjects ?? []).join(", ") }];
    case "import_mapping":
      return ["errors.stale.mapping", { name: change.subjects?.[0] ?? "" }];
  }
  return ["errors.stale.changed", { action: change.action ? t(`audit.actions.${change.action}`) : "" }];
}

export function StaleRecordNotice({ change, id }: { change: RecordChange | null; id?: string }) {
  const { t, i18n } = useTranslation();
  let sentence = t("errors.staleRecord");
  if (change) {
    const time = formatDateTime(change.at, i18n.language as Locale);
    const whoWhen = [change.by ?? t("errors.stale.someone"), time].filter(Boolean).join(", ");
    const [key, values] = describe(change, t);
    sentence = `${t(key, { ...values, whoWhen })} ${t("errors.stale.keptInput")}`;
  }
  return (
    <div role="alert" className="form-errors" id={id}>
      <p className="field-error">{sentence}</p>
    </div>
  );
}
