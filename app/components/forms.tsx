import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";

// Form errors are translation keys (see the zod schemas), so one schema serves both languages.
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  return (
    <div id={id} className="field-errors" aria-live="polite">
      {errors?.length
        ? errors.map((error) => (
            <p key={error} className="field-error">
              {t(error)}
            </p>
          ))
        : null}
    </div>
  );
}

// Conform's field metadata is generic over the whole form; these widgets only read a field's
// name, id, value and errors, so they accept any field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

type InputType = "text" | "email" | "password" | "number" | "date" | "tel" | "search";

export function TextField({
  label,
  field,
  type = "text",
  hint,
  autoComplete,
  inputMode,
}: {
  label: string;
  field: AnyField;
  type?: InputType;
  hint?: string;
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "tel" | "email" | "text";
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getInputProps(field, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input {...props} key={props.key} autoComplete={autoComplete} inputMode={inputMode} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextareaField({ label, field, hint, rows = 3 }: { label: string; field: AnyField; hint?: string; rows?: number }) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getTextareaProps(field, { ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <textarea {...props} key={props.key} rows={rows} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function SelectField({
  label,
  field,
  options,
  placeholder,
}: {
  label: string;
  field: AnyField;
  options: Array<{ value: string | number; label: string }>;
  placeholder?: string;
}) {
  const props = getSelectProps(field);
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select {...props} key={props.key}>
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
