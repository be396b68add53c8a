// The funding source form (new and edit): the donor grant, the programmes drawing on it and its
// budget lines. Adding and removing a line are submit buttons, so they work without JavaScript.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormErrors, SelectField, TextField } from "~/components/forms";
import { GrantRefusalNotice, type GrantRefusalData } from "~/components/grant-refusal";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import type { RecordChange } from "~/lib/stale-record";

export type FundingSourceDefaults = {
  version?: string;
  name: string;
  donor: string;
  reference: string;
  currency: string;
  totalMinor: string;
  periodStart: string;
  periodEnd: string;
  programmeIds: string[];
  budgetLines: Array<{ id?: string; code: string; name: string; amountMinor: string }>;
};

export type FundingSourceResult = SubmissionResult<string[]> & { refusal?: GrantRefusalData; stale?: RecordChange | null };

export function FundingSourceForm({
  id,
  lastResult,
  defaults,
  programmes,
  submitLabel,
}: {
  id: string;
  lastResult?: FundingSourceResult | null;
  defaults: FundingSourceDefaults;
  programmes: Array<{ id: number; label: string }>;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({ id, lastResult, defaultValue: defaults, shouldValidate: "onSubmit" });
  const lines = fields.budgetLines.getFieldList();
  const chosen = new Set((fields.programmeIds.value as string[] | string | undefined) ?? []);
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      {defaults.version !== undefined ? <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} /> : null}
      <TextField label={t("grants.funding.name")} field={fields.name} />
      <div className="grid-2">
        <TextField label={t("grants.funding.donor")} field={fields.donor} />
        <TextField label={t("grants.funding.reference")} field={fields.reference} />
      </div>
      <div className="grid-2">
        <SelectField label={t("grants.funding.currency")} field={fields.currency} options={["UAH", "EUR", "USD"].map((currency) => ({ value: currency, label: currency }))} />
        <TextField label={t("grants.funding.total")} field={fields.totalMinor} inputMode="decimal" hint={t("grants.funding.totalHint")} />
      </div>
      <div className="grid-2">
        <TextField label={t("grants.funding.periodStart")} field={fields.periodStart} type="date" />
        <TextField label={t("grants.funding.periodEnd")} field={fields.periodEnd} type="date" />
      </div>
      <fieldset className="form-section">
        <legend>{t("grants.funding.programmes")}</legend>
        {programmes.map((programme) => (
          <div key={programme.id} className="field field-checkbox">
            <input
              type="checkbox"
              id={`${fields.programmeIds.id}-${programme.id}`}
              name={fields.programmeIds.name}
              value={String(programme.id)}
              defaultChecked={chosen.has(String(programme.id))}
            />
            <label htmlFor={`${fields.programmeIds.id}-${programme.id}`}>{programme.label}</label>
          </div>
        ))}
        <ErrorList id={fields.programmeIds.errorId} errors={fields.programmeIds.errors} />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("grants.funding.lines")}</legend>
        <ErrorList id={fields.budgetLines.errorId} errors={fields.budgetLines.errors} />
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("grants.funding.lineCode")}</th>
                <th scope="col">{t("grants.funding.lineName")}</th>
                <th scope="col">{t("grants.funding.lineAmount")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("grants.funding.removeLine")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line, index) => {
                const cells = line.getFieldset();
                const row = index + 1;
                return (
                  <tr key={line.key}>
                    <td>
                      {cells.id.initialValue ? <input {...getInputProps(cells.id, { type: "hidden" })} key={cells.id.key} /> : null}
                      <LineCell field={cells.code} label={t("grants.funding.lineOfRow", { field: t("grants.funding.lineCode"), row })} />
                    </td>
                    <td>
                      <LineCell field={cells.name} label={t("grants.funding.lineOfRow", { field: t("grants.funding.lineName"), row })} />
                    </td>
                    <td>
                      <LineCell field={cells.amountMinor} label={t("grants.funding.lineOfRow", { field: t("grants.funding.lineAmount"), row })} inputMode="decimal" />
                    </td>
                    <td>
                      <button {...form.remove.getButtonProps({ name: fields.budgetLines.name, index })} className="button-link">
                        {t("grants.funding.removeLine")}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button {...form.insert.getButtonProps({ name: fields.budgetLines.name, defaultValue: { code: "", name: "", amountMinor: "" } })} className="button-secondary">
          {t("grants.funding.addLine")}
        </button>
      </fieldset>
      {lastResult?.stale !== undefined ? <StaleRecordNotice change={lastResult.stale ?? null} /> : <GrantRefusalNotice refusal={lastResult?.refusal} />}
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {submitLabel}
        </button>
        <Link to="/admin/funding">{t("grants.funding.back")}</Link>
      </div>
    </Form>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function LineCell({ field, label, inputMode }: { field: any; label: string; inputMode?: "decimal" }) {
  const props = getInputProps(field, { type: "text" });
  return (
    <div className="field">
      <input {...props} key={props.key} aria-label={label} inputMode={inputMode} autoComplete="off" />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}
