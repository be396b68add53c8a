import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { organisationKinds } from "../../db/enums";
import { CheckboxField, ErrorList, FormErrorSummary, RequiredFieldsNote, SelectField, TextField } from "~/components/forms";
import { useValidatedForm } from "~/components/use-validated-form";
import type { Locale } from "~/lib/i18n";
import { placeName, type PlaceNames } from "~/lib/places";
import { organisationSchema, organisationUpdateSchema } from "~/modules/admin/form-schemas";

type OrganisationDefaults = {
  name: string;
  nameUk: string;
  kind: string;
  active: boolean;
  oblastPcodes: string[];
  version?: number;
};

export function OrganisationForm({
  id,
  lastResult,
  defaults,
  oblasts,
  submitLabel,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaults: OrganisationDefaults;
  oblasts: PlaceNames;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useValidatedForm({
    id,
    schema: defaults.version === undefined ? organisationSchema : organisationUpdateSchema,
    lastResult,
    defaultValue: {
      ...defaults,
      active: defaults.active ? "on" : undefined,
      version: defaults.version === undefined ? undefined : String(defaults.version),
    },
  });
  const chosen = new Set(fields.oblastPcodes.initialValue ?? defaults.oblastPcodes);
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrorSummary form={form} />
      <RequiredFieldsNote />
      {defaults.version !== undefined ? (
        <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} />
      ) : null}
      <TextField label={t("organisations.name")} field={fields.name} />
      <TextField label={t("organisations.nameUk")} field={fields.nameUk} />
      <SelectField
        label={t("organisations.kind")}
        field={fields.kind}
        options={organisationKinds.map((kind) => ({ value: kind, label: t(`organisations.kinds.${kind}`) }))}
      />
      <fieldset className="field">
        <legend>{t("organisations.oblasts")}</legend>
        <div className="checkbox-grid">
          {oblasts.map((oblast) => (
            <label key={oblast.pcode} className="checkbox-option">
              <input type="checkbox" name={fields.oblastPcodes.name} value={oblast.pcode} defaultChecked={chosen.has(oblast.pcode)} />
              {placeName(oblast, i18n.language as Locale)}
            </label>
          ))}
        </div>
        <ErrorList id={fields.oblastPcodes.errorId} errors={fields.oblastPcodes.errors} />
      </fieldset>
      <CheckboxField label={t("organisations.active")} field={fields.active} />
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {submitLabel}
        </button>
        <Link to="/admin/organisations">{t("forms.backToList")}</Link>
      </div>
    </Form>
  );
}
