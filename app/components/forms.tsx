import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { useMemo, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "./error-summary";

import { ErrorList } from "./error-list";

export { ErrorList };

// Conform's field metadata is generic over the whole form; these widgets only read a field's
// name, id, value and errors, so they accept any field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

type InputType = "text" | "email" | "password" | "number" | "date" | "tel" | "search";

// A required field says so: "*" after its label (.required-label, explained by
// RequiredFieldsNote; drawn by the stylesheet with an empty alternative text, so screen readers
// hear "required" from the attribute instead) and the `required` attribute. What is required
// comes from the form's schema (useValidatedForm passes its constraints) unless a field states
// it, as the rules across fields do.
function isRequired(field: AnyField, required: boolean | undefined) {
  return required ?? field.required === true;
}

function FieldLabel({ htmlFor, label, required }: { htmlFor: string; label: string; required: boolean }) {
  return (
    <label htmlFor={htmlFor} className={required ? "required-label" : undefined}>
      {label}
    </label>
  );
}

/** "Fields marked * are required", once at the top of a form that marks them. */
export function RequiredFieldsNote() {
  const { t } = useTranslation();
  return <p className="field-hint required-note">{t("forms.requiredNote")}</p>;
}

export function TextField({
  label,
  field,
  type = "text",
  hint,
  autoComplete,
  inputMode,
  required,
}: {
  label: string;
  field: AnyField;
  type?: InputType;
  hint?: string;
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "tel" | "email" | "text";
  required?: boolean;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getInputProps(field, { type, ariaDescribedBy: hintId });
  const marked = isRequired(field, required);
  return (
    <div className="field">
      <FieldLabel htmlFor={field.id} label={label} required={marked} />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input {...props} key={props.key} required={marked} autoComplete={autoComplete} inputMode={inputMode} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextareaField({
  label,
  field,
  hint,
  rows = 3,
  required,
}: {
  label: string;
  field: AnyField;
  hint?: string;
  rows?: number;
  required?: boolean;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getTextareaProps(field, { ariaDescribedBy: hintId });
  const marked = isRequired(field, required);
  return (
    <div className="field">
      <FieldLabel htmlFor={field.id} label={label} required={marked} />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <textarea {...props} key={props.key} required={marked} rows={rows} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function SelectField({
  label,
  field,
  options,
  placeholder,
  required,
}: {
  label: string;
  field: AnyField;
  options: Array<{ value: string | number; label: string }>;
  placeholder?: string;
  required?: boolean;
}) {
  const props = getSelectProps(field);
  const marked = isRequired(field, required);
  return (
    <div className="field">
      <FieldLabel htmlFor={field.id} label={label} required={marked} />
      <select {...props} key={props.key} required={marked}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function CheckboxField({ label, field }: { label: string; field: AnyField }) {
  const props = getInputProps(field, { type: "checkbox" });
  return (
    <div className="field field-checkbox">
      <input {...props} key={props.key} />
      <label htmlFor={field.id}>{label}</label>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function FormErrors({ errors, id }: { errors?: string[] | null; id?: string }) {
  return errors?.length ? (
    <div role="alert" className="form-errors">
      <ErrorList id={id} errors={errors} />
    </div>
  ) : null;
}

/**
 * The error summary of a Conform form (see ErrorSummary): every error of the form, shown after a
 * failed submit, in the browser or back from the server. Form-level errors come first, unless the
 * page shows them elsewhere (formErrors={false}).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function FormErrorSummary({ form, formErrors = true }: { form: FormMetadata<any, string[]>; formErrors?: boolean }) {
  const allErrors: Record<string, string[] | undefined> = form.allErrors;
  // A new object only when the errors change: the summary follows them.
  const errors = useMemo(() => (formErrors ? allErrors : Object.fromEntries(Object.entries(allErrors).filter(([name]) => name !== ""))), [allErrors, formErrors]);
  return (
    <ErrorSummary
      formId={form.id}
      errors={errors}
      failed={form.status === "error"}
      formErrorId={form.errorId}
    />
  );
}

export { PageHeader } from "./page-header";

// A file input that refuses a file over the upload limit as soon as it is chosen, before a slow
// connection spends minutes sending it; the server checks again.
export function FileField({
  label,
  hint,
  field,
  accept,
  maxBytes,
  tooLargeError,
}: {
  label: string;
  hint: string;
  field: AnyField;
  accept: string;
  maxBytes: number;
  tooLargeError: string;
}) {
  const [tooLarge, setTooLarge] = useState(false);
  const hintId = `${field.id}-hint`;
  const props = getInputProps(field, { type: "file", ariaDescribedBy: hintId });
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    const over = file !== undefined && file.size > maxBytes;
    if (over) event.currentTarget.value = "";
    setTooLarge(over);
  };
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <p id={hintId} className="field-hint">
        {hint}
      </p>
      <input {...props} key={props.key} accept={accept} onChange={onChange} />
      <ErrorList id={field.errorId} errors={tooLarge ? [tooLargeError] : field.errors} />
    </div>
  );
}

// What a spreadsheet upload accepts: an XLSX workbook or a CSV file.
export const spreadsheetAccept = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv";
