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

// The words of a label or legend, without hints, badges and what is hidden from screen readers.
function textOf(element: Element): string | null {
  const copy = element.cloneNode(true) as Element;
  copy.querySelectorAll("[aria-hidden='true'], .field-hint, .visually-hidden, .badge").forEach((hidden) => hidden.remove());
  return copy.textContent?.replace(/\s+/g, " ").trim() || null;
}

// What a control is called on screen: its label, its aria-label, or the legend of its group
// (radios and checkbox lists).
function labelOf(control: HTMLElement): string | null {
  const label = (control as HTMLInputElement).labels?.[0];
  const inGroup = control.matches("[type='radio'], [type='checkbox']") && control.closest("fieldset") !== null;
  if (label && !inGroup) return textOf(label);
  if (control.getAttribute("aria-label")) return control.getAttribute("aria-label");
  const legend = control.closest("fieldset")?.querySelector("legend");
  return legend ? textOf(legend) : label ? textOf(label) : null;
}

// Where an error leads and what it is called: its control, or, for an error about a group with
// no control of its own (an approved amount split in two fields), the group its message is
// shown in, named by its legend.
function targetOf(formElement: HTMLElement | null, id: string, name: string): { control: HTMLElement; label: string | null } | null {
  const control = controlOf(formElement, id, name);
  if (control) return { control, label: labelOf(control) };
  const group = document.getElementById(`${id}-error`)?.closest("fieldset");
  const first = group?.querySelector<HTMLElement>("input:not([type='hidden']), select, textarea");
  const legend = group?.querySelector("legend");
  return first ? { control: first, label: legend ? textOf(legend) : null } : null;
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
    const controls = Object.keys(errors).flatMap((name) => {
      const target = name ? targetOf(formElement, fieldId(name), name) : null;
      return target?.label ? [{ name, control: target.control, label: target.label }] : [];
    });
    // Fields of the same name in several sections (a score per criterion) are told apart by
    // their section's legend.
    const repeated = (label: string) => controls.filter((entry) => entry.label === label).length > 1;
    const found: Record<string, string> = Object.fromEntries(
      controls.map(({ name, control, label }) => {
        const section = repeated(label) ? control.closest("fieldset")?.querySelector("legend") : null;
        const sectionName = section ? textOf(section) : null;
        return [name, sectionName ? `${sectionName} — ${label}` : label];
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
    const control = targetOf(document.getElementById(formId), fieldId(name), name)?.control;
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
