// The error summary at the top of a form (the GOV.UK pattern, issue 13): after a failed submit,
// focus moves to it; it lists every error, each a link to its field, and shrinks as errors are
// corrected. Its own module, with no form library: the phone's visit form (a plain HTML form)
// uses it too; Conform forms go through FormErrorSummary in forms.tsx.
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";

// Conform's name for the hidden button of its own submissions (validate on blur, add a line).
const conformIntent = "__intent__";

// The control an error is about: the field's id, else the first control of that name (a radio
// group, a checkbox list, the place picker's selects), else the first one inside it (a list of
// budget lines). Hidden inputs are never the target.
function controlOf(formElement: HTMLElement | null, id: string, name: string): HTMLElement | null {
  const byId = document.getElementById(id);
  if (byId && byId.getAttribute("type") !== "hidden") return byId;
  if (!formElement || !name) return null;
  const quoted = CSS.escape(name);
  return formElement.querySelector<HTMLElement>(
    [`[name="${quoted}"]`, `[name^="${quoted}."]`, `[name^="${quoted}["]`].map((selector) => `${selector}:not([type="hidden"])`).join(", "),
  );
}

// What a control is called on screen: its label (without the "*" and hints), its aria-label, or
// the legend of its group (radios and checkbox lists).
function labelOf(control: HTMLElement): string | null {
  const text = (element: Element) => {
    const copy = element.cloneNode(true) as Element;
    copy.querySelectorAll("[aria-hidden='true'], .field-hint, .visually-hidden").forEach((hidden) => hidden.remove());
    return copy.textContent?.replace(/\s+/g, " ").trim() || null;
  };
  const label = (control as HTMLInputElement).labels?.[0];
  const inGroup = control.matches("[type='radio'], [type='checkbox']") && control.closest("fieldset") !== null;
  if (label && !inGroup) return text(label);
  if (control.getAttribute("aria-label")) return control.getAttribute("aria-label");
  const legend = control.closest("fieldset")?.querySelector("legend");
  return legend ? text(legend) : label ? text(label) : null;
}

export function ErrorSummary({
  formId,
  errors,
  failed,
  fieldId = (name) => `${formId}-${name}`,
  formErrorId,
}: {
  /** The form's id: the summary follows its submits. */
  formId: string;
  /** Translation keys by field name ("" for the form's own errors), as Conform gives them. */
  errors: Record<string, string[] | null | undefined>;
  /** The last submit came back with errors (a server reply): shown without waiting for a submit here. */
  failed: boolean;
  /** The id of a field's control (Conform's "<form>-<name>" unless told). */
  fieldId?: (name: string) => string;
  /** Where the form's aria-describedby points for its own errors. */
  formErrorId?: string;
}) {
  const { t } = useTranslation();
  const summary = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);
  // After a failed submit in the browser the summary stays, shrinking as errors are corrected;
  // before, errors found on leaving a field show only next to it.
  const [submitFailed, setSubmitFailed] = useState(false);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const listed = Object.entries(errors).filter((entry): entry is [string, string[]] => Boolean(entry[1]?.length));
  const shown = listed.length > 0 && (submitFailed || failed);

  // A submit by the person (not Conform's own, on blur or when a line is added) asks for focus
  // once its errors are known, found in the browser or back from the server.
  useEffect(() => {
    const formElement = document.getElementById(formId);
    if (!(formElement instanceof HTMLFormElement)) return;
    const onSubmit = (event: SubmitEvent) => {
      focusPending.current = event.submitter?.getAttribute("name") !== conformIntent;
    };
    formElement.addEventListener("submit", onSubmit);
    return () => formElement.removeEventListener("submit", onSubmit);
  }, [formId]);

  // Runs whenever the errors change (Conform gives a new object each time): labels from the page,
  // then focus. Labels are set only when they differ, so a form that passes a fresh object on
  // every render does not render again and again.
  useEffect(() => {
    const formElement = document.getElementById(formId);
    const found: Record<string, string> = Object.fromEntries(
      Object.keys(errors).flatMap((name) => {
        const control = name ? controlOf(formElement, fieldId(name), name) : null;
        const label = control ? labelOf(control) : null;
        return label ? [[name, label]] : [];
      }),
    );
    setLabels((shown) => (JSON.stringify(shown) === JSON.stringify(found) ? shown : found));
    if (focusPending.current && listed.length > 0) {
      focusPending.current = false;
      setSubmitFailed(true);
      // After the render that shows the summary.
      requestAnimationFrame(() => summary.current?.focus());
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [errors, formId]);

  if (!shown) return null;
  const count = listed.reduce((total, [, messages]) => total + messages.length, 0);
  const goTo = (event: MouseEvent<HTMLAnchorElement>, name: string) => {
    const control = controlOf(document.getElementById(formId), fieldId(name), name);
    if (!control) return;
    event.preventDefault();
    control.scrollIntoView({ block: "center" });
    control.focus({ preventScroll: true });
  };
  return (
    <div ref={summary} className="error-summary" role="alert" tabIndex={-1} aria-labelledby={`${formId}-error-summary`}>
      <h2 id={`${formId}-error-summary`} className="error-summary-title">
        {t("forms.errorSummaryTitle", { count })}
      </h2>
      <p className="field-hint">{t("forms.errorSummaryHint")}</p>
      <ul className="error-summary-list">
        {listed.flatMap(([name, messages]) =>
          messages.map((message, index) => (
            <li key={`${name}:${message}`}>
              {name === "" ? (
                // The form's own errors (no field): the form's aria-describedby points at the first.
                <span id={index === 0 ? formErrorId : undefined}>{t(message)}</span>
              ) : (
                <a href={`#${fieldId(name)}`} onClick={(event) => goTo(event, name)}>
                  {labels[name] ? `${labels[name]}: ` : ""}
                  {t(message)}
                </a>
              )}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}
