import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  businessKinds,
  consentPurposes,
  displacementStatuses,
  grantModalities,
  legalForms,
  protectedCategories,
  referralSources,
  sexes,
} from "../../db/enums";
import { CheckboxField, ErrorList, FormErrorSummary, RequiredFieldsNote, SelectField, TextField } from "~/components/forms";
import { PlacePicker } from "~/components/place-picker";
import { useValidatedForm } from "~/components/use-validated-form";
import type { Locale } from "~/lib/i18n";
import type { PlaceNames } from "~/lib/places";
import { kvedClasses, kvedSectionOf } from "~/modules/intake/kved";
import { applicantEditSchema, applicantKeptIdentityEditSchema, applicantSchema } from "~/modules/intake/applicant-schema";
import { wgAnswers, wgDomains } from "~/modules/intake/washington-group";

export type ApplicantFormChoices = {
  programmes: Array<{ id: number; code: string; currency: string }>;
  partners: Array<{ id: number; name: string; nameUk: string }>;
  mentors: Array<{ id: number; name: string; organisationId: number }>;
  oblasts: PlaceNames;
  mayRecordProtectedCategory: boolean;
};

const baselineWorkerFields = [
  ["baselinePaidFullTimeFemale", "paidFullTime", "female"],
  ["baselinePaidFullTimeMale", "paidFullTime", "male"],
  ["baselinePaidPartTimeFemale", "paidPartTime", "female"],
  ["baselinePaidPartTimeMale", "paidPartTime", "male"],
  ["baselineUnpaidFullTimeFemale", "unpaidFullTime", "female"],
  ["baselineUnpaidFullTimeMale", "unpaidFullTime", "male"],
  ["baselineUnpaidPartTimeFemale", "unpaidPartTime", "female"],
  ["baselineUnpaidPartTimeMale", "unpaidPartTime", "male"],
] as const;

// The applicant form, for registration and for later corrections: checked in the browser as the
// officer goes, with the schema the server checks it with again.
export function ApplicantForm({
  id,
  lastResult,
  defaultValue,
  choices,
  submitLabel,
  cancelTo,
  stored,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, string | string[] | undefined>;
  choices: ApplicantFormChoices;
  submitLabel: string;
  cancelTo: string;
  /** A correction whose identity number and protection category stay hidden and unchanged. */
  stored?: { identity: "rnokpp" | "passport" | null; protectedCategory: boolean };
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  // A correction keeps the stored identity number unless it was revealed (the server puts it back).
  const schema = stored ? applicantKeptIdentityEditSchema : defaultValue?.version ? applicantEditSchema : applicantSchema;
  const [form, fields] = useValidatedForm({ id, lastResult, defaultValue, schema });
  const [businessKind, setBusinessKind] = useState(String(fields.businessKind.initialValue ?? defaultValue?.businessKind ?? "startup"));
  const [noRnokpp, setNoRnokpp] = useState(fields.noRnokpp.initialValue === "on");
  const [displacement, setDisplacement] = useState(String(fields.displacementStatus.initialValue ?? ""));
  const kvedValue = String(fields.kvedCode.value ?? fields.kvedCode.initialValue ?? "");
  const kvedSection = kvedValue ? kvedSectionOf(kvedValue) : null;
  const consentChosen = new Set([fields.consentPurposes.initialValue ?? []].flat().map(String));
  const organisationName = (organisation: { name: string; nameUk: string }) => (locale === "uk" ? organisation.nameUk : organisation.name);
  return (
    <Form method="post" {...getFormProps(form)} className="stack applicant-form">
      <FormErrorSummary form={form} />
      <RequiredFieldsNote />
      {defaultValue?.version ? <input type="hidden" name="version" value={defaultValue.version} /> : null}

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionApplication")}</legend>
        <div className="grid-3">
          <SelectField
            label={t("cases.programme")}
            field={fields.programmeId}
            placeholder={t("forms.choose")}
            options={choices.programmes.map((programme) => ({ value: programme.id, label: programme.code }))}
          />
          <TextField label={t("cases.applicationDate")} field={fields.applicationDate} type="date" />
          <SelectField
            label={t("cases.form.referralSource")}
            field={fields.referralSource}
            placeholder={t("forms.choose")}
            options={referralSources.map((source) => ({ value: source, label: t(`cases.referral.${source}`) }))}
          />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionPerson")}</legend>
        <div className="grid-3">
          <TextField label={t("cases.form.surname")} field={fields.surname} autoComplete="off" />
          <TextField label={t("cases.form.firstName")} field={fields.firstName} autoComplete="off" />
          <TextField label={t("cases.form.patronymic")} field={fields.patronymic} autoComplete="off" />
        </div>
        <TextField label={t("cases.form.latinName")} field={fields.latinName} hint={t("cases.form.latinNameHint")} autoComplete="off" />
        <div className="grid-3">
          <SelectField
            label={t("cases.sex")}
            field={fields.sex}
            placeholder={t("forms.choose")}
            options={sexes.map((sex) => ({ value: sex, label: t(`cases.sexes.${sex}`) }))}
          />
          <TextField label={t("cases.form.birthDate")} field={fields.birthDate} type="date" />
          <TextField label={t("cases.form.phone")} field={fields.phone} type="tel" hint={t("cases.form.phoneHint")} inputMode="tel" />
        </div>
      </fieldset>

      {stored ? (
        <fieldset className="form-section">
          <legend>{t("cases.form.sectionIdentity")}</legend>
          {/* The save puts the stored number and category back (case-file.server.ts). */}
          <input type="hidden" name="keepIdentity" value="on" />
          <p>
            {t(stored.identity === "passport" ? "cases.form.passportNumber" : "cases.form.rnokpp")}:{" "}
            <strong>{stored.identity ? t("cases.editReveal.stored") : t("cases.editReveal.none")}</strong>
          </p>
          <p className="field-hint">{t("cases.editReveal.keptHint")}</p>
          <ErrorList errors={fields.rnokpp.errors} />
        </fieldset>
      ) : (
        <fieldset className="form-section">
          <legend>{t("cases.form.sectionIdentity")}</legend>
          <div className="field field-checkbox">
            <input
              {...getInputProps(fields.noRnokpp, { type: "checkbox" })}
              key={fields.noRnokpp.key}
              onChange={(event) => setNoRnokpp(event.currentTarget.checked)}
            />
            <label htmlFor={fields.noRnokpp.id}>{t("cases.form.noRnokpp")}</label>
          </div>
          {noRnokpp ? (
            <TextField label={t("cases.form.passportNumber")} field={fields.passportNumber} hint={t("cases.form.passportHint")} autoComplete="off" required />
          ) : (
            <TextField label={t("cases.form.rnokpp")} field={fields.rnokpp} hint={t("cases.form.rnokppHint")} inputMode="numeric" autoComplete="off" required />
          )}
        </fieldset>
      )}

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionConsent")}</legend>
        <div className="grid-2">
          <TextField label={t("cases.form.consentGivenOn")} field={fields.consentGivenOn} type="date" />
          <TextField label={t("cases.form.consentTakenBy")} field={fields.consentTakenBy} />
        </div>
        <fieldset className="field">
          <legend className="required-label">{t("cases.form.consentPurposes")}</legend>
          <div className="checkbox-grid">
            {consentPurposes.map((purpose) => (
              <label key={purpose} className="checkbox-option">
                <input type="checkbox" name={fields.consentPurposes.name} value={purpose} defaultChecked={consentChosen.has(purpose)} />
                {t(`cases.consent.${purpose}`)}
              </label>
            ))}
          </div>
          <ErrorList id={fields.consentPurposes.errorId} errors={fields.consentPurposes.errors} />
        </fieldset>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionDisplacement")}</legend>
        <div className="field">
          <label htmlFor={fields.displacementStatus.id} className="required-label">
            {t("cases.displacementStatus")}
          </label>
          <select
            id={fields.displacementStatus.id}
            name={fields.displacementStatus.name}
            required
            defaultValue={String(fields.displacementStatus.initialValue ?? "")}
            aria-invalid={fields.displacementStatus.errors ? true : undefined}
            aria-describedby={fields.displacementStatus.errors ? fields.displacementStatus.errorId : undefined}
            onChange={(event) => setDisplacement(event.currentTarget.value)}
          >
            <option value="">{t("forms.choose")}</option>
            {displacementStatuses.map((status) => (
              <option key={status} value={status}>
                {t(`cases.displacement.${status}`)}
              </option>
            ))}
          </select>
          <ErrorList id={fields.displacementStatus.errorId} errors={fields.displacementStatus.errors} />
        </div>
        {displacement === "idp" ? (
          <div className="grid-2">
            <TextField label={t("cases.form.idpCertificateNumber")} field={fields.idpCertificateNumber} required />
            <TextField label={t("cases.form.idpCertificateDate")} field={fields.idpCertificateDate} type="date" required />
          </div>
        ) : null}
        <PlacePicker
          legend={t("cases.form.currentLocation")}
          oblastName="currentOblastPcode"
          hromadaName="currentHromadaPcode"
          defaultOblast={String(fields.currentOblastPcode.initialValue ?? "") || undefined}
          defaultHromada={String(fields.currentHromadaPcode.initialValue ?? "") || undefined}
          oblasts={choices.oblasts}
          errors={{ oblast: fields.currentOblastPcode.errors, hromada: fields.currentHromadaPcode.errors }}
          required
        />
        {displacement === "idp" || displacement === "returnee" ? (
          <PlacePicker
            legend={t("cases.form.origin")}
            oblastName="originOblastPcode"
            hromadaName="originHromadaPcode"
            defaultOblast={String(fields.originOblastPcode.initialValue ?? "") || undefined}
            defaultHromada={String(fields.originHromadaPcode.initialValue ?? "") || undefined}
            oblasts={choices.oblasts}
            errors={{ oblast: fields.originOblastPcode.errors, hromada: fields.originHromadaPcode.errors }}
          />
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionHousehold")}</legend>
        <div className="grid-4">
          <TextField label={t("cases.form.householdSize")} field={fields.householdSize} type="number" inputMode="numeric" />
          <TextField label={t("cases.form.children")} field={fields.children} type="number" inputMode="numeric" />
          <TextField label={t("cases.form.olderMembers")} field={fields.olderMembers} type="number" inputMode="numeric" />
          <TextField label={t("cases.form.membersWithDisability")} field={fields.membersWithDisability} type="number" inputMode="numeric" />
        </div>
        <TextField
          label={t("cases.form.monthlyHouseholdIncome")}
          field={fields.monthlyHouseholdIncomeMinor}
          inputMode="decimal"
          hint={t("cases.form.uahHint")}
        />
        <div className="checkbox-grid">
          <CheckboxField label={t("cases.vulnerability.femaleHeaded")} field={fields.femaleHeaded} />
          <CheckboxField label={t("cases.vulnerability.singleParent")} field={fields.singleParent} />
          <CheckboxField label={t("cases.vulnerability.veteranOrFamily")} field={fields.veteranOrFamily} />
          <CheckboxField label={t("cases.vulnerability.protectionFlag")} field={fields.protectionFlag} />
        </div>
        {choices.mayRecordProtectedCategory && stored ? (
          <p className="field-hint">
            {t("cases.editReveal.categoryKept", { state: stored.protectedCategory ? t("cases.editReveal.stored") : t("cases.editReveal.none") })}
          </p>
        ) : choices.mayRecordProtectedCategory ? (
          <SelectField
            label={t("cases.form.protectedCategory")}
            field={fields.protectedCategory}
            placeholder={t("cases.form.noneRecorded")}
            options={protectedCategories.map((category) => ({ value: category, label: t(`cases.protected.${category}`) }))}
          />
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionDisability")}</legend>
        <p className="field-hint">{t("cases.form.washingtonGroupHint")}</p>
        <div className="grid-3">
          {wgDomains.map((domain) => (
            <SelectField
              key={domain}
              label={t(`cases.wg.${domain}`)}
              field={fields[`wg_${domain}`]}
              placeholder={t("cases.form.notAsked")}
              options={wgAnswers.map((answer) => ({ value: answer, label: t(`cases.wgAnswers.${answer}`) }))}
            />
          ))}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionBusiness")}</legend>
        <div className="field">
          <label htmlFor={fields.businessKind.id} className="required-label">
            {t("cases.form.businessKind")}
          </label>
          <select
            id={fields.businessKind.id}
            name={fields.businessKind.name}
            required
            defaultValue={businessKind}
            onChange={(event) => setBusinessKind(event.currentTarget.value)}
          >
            {businessKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`cases.businessKinds.${kind}`)}
              </option>
            ))}
          </select>
          <ErrorList id={fields.businessKind.errorId} errors={fields.businessKind.errors} />
        </div>
        <div className="grid-2">
          <TextField label={t("cases.form.businessName")} field={fields.businessName} />
          <SelectField
            label={t("cases.form.legalForm")}
            field={fields.legalForm}
            placeholder={t("forms.choose")}
            options={legalForms.map((form) => ({ value: form, label: t(`cases.legalForms.${form}`) }))}
          />
        </div>
        <div className="field">
          <label htmlFor={fields.kvedCode.id}>{t("cases.form.kved")}</label>
          <p id={`${fields.kvedCode.id}-hint`} className="field-hint">
            {t("cases.form.kvedHint")}
          </p>
          <input
            {...getInputProps(fields.kvedCode, { type: "text", ariaDescribedBy: `${fields.kvedCode.id}-hint` })}
            key={fields.kvedCode.key}
            list="kved-classes"
            autoComplete="off"
          />
          <datalist id="kved-classes">
            {kvedClasses.map((kvedClass) => (
              <option key={kvedClass.code} value={kvedClass.code}>
                {`${kvedClass.code} ${locale === "uk" ? kvedClass.nameUk : kvedClass.nameEn}`}
              </option>
            ))}
          </datalist>
          {kvedSection ? (
            <p className="field-hint">
              {t("cases.form.kvedSection", { code: kvedSection.code, name: locale === "uk" ? kvedSection.nameUk : kvedSection.nameEn })}
            </p>
          ) : null}
          <ErrorList id={fields.kvedCode.errorId} errors={fields.kvedCode.errors} />
        </div>
        {businessKind === "existing" ? (
          <>
            <TextField label={t("cases.form.registrationDate")} field={fields.registrationDate} type="date" />
            <fieldset className="field">
              <legend>{t("cases.form.baselineWorkers")}</legend>
              <div className="grid-4">
                {baselineWorkerFields.map(([name, group, sex]) => (
                  <TextField
                    key={name}
                    label={t("cases.form.workerCount", { group: t(`cases.workerGroups.${group}`), sex: t(`cases.sexesPlural.${sex}`) })}
                    field={fields[name]}
                    type="number"
                    inputMode="numeric"
                  />
                ))}
              </div>
            </fieldset>
            <div className="grid-2">
              <TextField label={t("cases.form.baselineRevenue")} field={fields.baselineMonthlyRevenueMinor} inputMode="decimal" hint={t("cases.form.uahHint")} />
              <TextField label={t("cases.form.baselineNetIncome")} field={fields.baselineMonthlyNetIncomeMinor} inputMode="decimal" hint={t("cases.form.uahHint")} />
            </div>
          </>
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionRequest")}</legend>
        <div className="grid-3">
          <SelectField
            label={t("cases.form.requestedModality")}
            field={fields.requestedModality}
            placeholder={t("forms.choose")}
            options={grantModalities.map((modality) => ({ value: modality, label: t(`cases.modalities.${modality}`) }))}
          />
          <TextField label={t("cases.form.requestedAmount")} field={fields.requestedAmountMinor} inputMode="decimal" hint={t("cases.form.programmeCurrencyHint")} />
          <TextField label={t("cases.form.coContribution")} field={fields.coContributionMinor} inputMode="decimal" hint={t("cases.form.programmeCurrencyHint")} />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("cases.form.sectionAssignment")}</legend>
        <div className="grid-2">
          <SelectField
            label={t("cases.partner")}
            field={fields.partnerOrganisationId}
            placeholder={t("cases.form.partnerByOblast")}
            options={choices.partners.map((partner) => ({ value: partner.id, label: organisationName(partner) }))}
          />
          <SelectField
            label={t("cases.mentor")}
            field={fields.mentorId}
            placeholder={t("cases.form.noMentorYet")}
            options={choices.mentors.map((mentor) => ({
              value: mentor.id,
              label: `${mentor.name} (${organisationName(choices.partners.find((partner) => partner.id === mentor.organisationId) ?? { name: "", nameUk: "" })})`,
            }))}
          />
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button-primary">
          {submitLabel}
        </button>
        <Link to={cancelTo}>{t("cases.form.cancel")}</Link>
      </div>
    </Form>
  );
}
