import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, FormErrorSummary, RequiredFieldsNote, SelectField, TextField } from "~/components/forms";
import { useValidatedForm } from "~/components/use-validated-form";
import { programmeSchema, programmeUpdateSchema } from "~/modules/admin/form-schemas";

export type ProgrammeDefaults = Record<string, string | undefined>;

// The letterhead settings written in both languages, Ukrainian first.
const letterPairs = [
  ["agencyNameUk", "agencyName"],
  ["agencyAddressUk", "agencyAddress"],
  ["signatoryNameUk", "signatoryName"],
  ["signatoryPositionUk", "signatoryPosition"],
] as const;

export function ProgrammeForm({
  id,
  lastResult,
  defaults,
  submitLabel,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaults: ProgrammeDefaults;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const schema = defaults.version === undefined ? programmeSchema : programmeUpdateSchema;
  const [form, fields] = useValidatedForm({ id, schema, lastResult, defaultValue: defaults });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrorSummary form={form} />
      <RequiredFieldsNote />
      {defaults.version !== undefined ? (
        <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} />
      ) : null}
      <TextField label={t("programmes.code")} field={fields.code} hint={t("programmes.codeHint")} />
      <TextField label={t("programmes.name")} field={fields.name} />
      <TextField label={t("programmes.nameUk")} field={fields.nameUk} />
      <div className="grid-2">
        <TextField label={t("programmes.donorUk")} field={fields.donorUk} />
        <TextField label={t("programmes.donor")} field={fields.donor} />
      </div>
      <SelectField
        label={t("programmes.currency")}
        field={fields.currency}
        options={["UAH", "EUR", "USD"].map((currency) => ({ value: currency, label: currency }))}
      />
      <div className="grid-2">
        <TextField label={t("programmes.ceiling")} field={fields.grantCeilingMinor} inputMode="decimal" hint={t("programmes.amountHint")} />
        <TextField label={t("programmes.envelope")} field={fields.budgetEnvelopeMinor} inputMode="decimal" hint={t("programmes.amountHint")} />
      </div>
      <TextField label={t("programmes.followUpOffsets")} field={fields.followUpOffsetsMonths} hint={t("programmes.followUpOffsetsHint")} />
      <div className="grid-2">
        <TextField label={t("programmes.minReviewers")} field={fields.minReviewers} type="number" inputMode="numeric" />
        <TextField label={t("programmes.reviewDays")} field={fields.reviewDays} type="number" inputMode="numeric" hint={t("programmes.reviewDaysHint")} />
        <TextField
          label={t("programmes.smallCellThreshold")}
          field={fields.smallCellThreshold}
          type="number"
          inputMode="numeric"
          hint={t("programmes.smallCellThresholdHint")}
        />
      </div>
      <div className="grid-2">
        <TextField label={t("programmes.startDate")} field={fields.startDate} type="date" />
        <TextField label={t("programmes.endDate")} field={fields.endDate} type="date" />
      </div>
      <CheckboxField label={t("programmes.trainingRequired")} field={fields.trainingRequired} />
      <CheckboxField label={t("programmes.active")} field={fields.active} />
      <fieldset className="form-section">
        <legend>{t("programmes.letter.legend")}</legend>
        <p className="field-hint">{t("programmes.letter.hint")}</p>
        {letterPairs.map(([uk, en]) => (
          <div key={uk} className="grid-2">
            <TextField label={t(`programmes.letter.${uk}`)} field={fields[uk]} />
            <TextField label={t(`programmes.letter.${en}`)} field={fields[en]} />
          </div>
        ))}
        <div className="grid-2">
          <TextField label={t("programmes.letter.complaintsChannelUk")} field={fields.complaintsChannelUk} hint={t("programmes.letter.complaintsHint")} />
          <TextField label={t("programmes.letter.complaintsChannel")} field={fields.complaintsChannel} />
        </div>
        <div className="grid-2">
          <TextField label={t("programmes.letter.agencyPhone")} field={fields.agencyPhone} type="tel" />
          <TextField label={t("programmes.letter.agencyEmail")} field={fields.agencyEmail} type="email" />
        </div>
        <TextField label={t("programmes.letter.agreementCallDays")} field={fields.agreementCallDays} inputMode="numeric" />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {submitLabel}
        </button>
        <Link to="/admin/programmes">{t("forms.backToList")}</Link>
      </div>
    </Form>
  );
}
