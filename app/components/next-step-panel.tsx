import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { NextStep } from "~/modules/cases/next-step";

// Who takes a step, for readers who cannot take it themselves.
const whoTakes = (step: NextStep) => (step.permission === "writePlans" ? "planWriter" : step.permission === "logVisits" || step.kind === "verifyRequirements" ? "mentor" : "officer");

/** The top of the case page: what happens next on the case, and a link to it for whoever acts. */
export function NextStepPanel({ step, mayAct }: { step: NextStep; mayAct: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { values } = step;
  const key = step.kind === "recordPayment" && values.retry ? "recordPaymentRetry" : step.kind;
  const title = t(`nextStep.steps.${key}.title`, {
    ...values,
    date: typeof values.dueDate === "string" ? formatDate(values.dueDate, locale) : undefined,
  });
  const body =
    step.kind === "visit"
      ? t(`nextStep.visitStates.${values.state as "overdue" | "due" | "upcoming" | "missed"}`)
      : step.kind === "closed"
        ? t("nextStep.steps.closed.body", { status: t(`statuses.${values.status as "withdrawn" | "rejected" | "completed"}`) })
        : t(`nextStep.steps.${key}.body`, values);
  const urgent = step.kind === "visit" && (values.state === "overdue" || values.state === "missed");
  return (
    <section className={`panel next-step${urgent ? " next-step-urgent" : ""}`} aria-labelledby="next-step-heading">
      <h2 id="next-step-heading">{t("nextStep.heading")}</h2>
      <p className="next-step-title">
        {mayAct && step.href ? (
          <Link to={step.href} className="button-primary">
            {title}
          </Link>
        ) : (
          <strong>{title}</strong>
        )}
      </p>
      {body ? <p>{body}</p> : null}
      {step.permission && !mayAct ? <p className="field-hint">{t(`nextStep.who.${whoTakes(step)}`)}</p> : null}
    </section>
  );
}
