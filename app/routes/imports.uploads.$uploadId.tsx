import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormErrors, PageHeader, TextField } from "~/components/forms";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser, type CurrentUser } from "~/lib/auth.server";
import { notFound } from "~/lib/not-found.server";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { readSpreadsheet, type WorkbookSheet } from "~/lib/spreadsheet.server";
import { laterStepOf } from "~/modules/intake/completeness";
import { findKvedClass } from "~/modules/intake/kved";
import { placeNames } from "~/modules/locations/locations.server";
import { choiceColumns, choiceColumnValues } from "~/modules/imports/choice-values";
import {
  constantOptions,
  dryRun,
  findMapping,
  formKey,
  koboSheet,
  mappingProblems,
  placeNamesOf,
  saveMapping,
  startImport,
  type DryRunResult,
} from "~/modules/imports/kobo-import.server";
import {
  answerParts,
  choiceOptions,
  dateFields,
  dateMetaColumns,
  isChoiceField,
  isConstantField,
  leaveEmpty,
  mapActivity,
  multipleChoiceFields,
  notCollected,
  oblasts,
  questionColumns,
  registrationMappingFields,
  identityFields,
  placeColumnFields,
  suggestChoice,
  suggestMapping,
  type ChoiceField,
  type ColumnField,
  type KoboMapping,
} from "~/modules/imports/kobo-mapping";
import { rowReasons, type RowError } from "~/modules/imports/reasons";
import { fieldSections } from "~/modules/imports/field-sections";
import { mappingFormLimits, mappingFormSchema, mappingFromForm } from "~/modules/imports/schema";
import { deleteUpload, readUpload, saveDryRunReport } from "~/modules/imports/uploads.server";

async function loadUpload(actor: CurrentUser, uploadId: string | undefined) {
  const upload = readUpload(actor, uploadId ?? "");
  // Unknown, expired, already imported, or someone else's upload.
  if (!upload) notFound();
  const workbook = await readSpreadsheet({ name: upload.fileName, bytes: upload.bytes });
  return { upload, workbook, sheet: koboSheet(workbook) };
}

/**
 * The values of the file that the page's tables need, and nothing more (domain.md §8): the
 * answers of choice columns, the hromada names of place columns (not those with digits: an
 * address is no place name) and the activity categories of the KVED column.
 */
function tableValues(sheet: WorkbookSheet, mapping: KoboMapping) {
  const places: Record<string, ReturnType<typeof placeNamesOf>> = {};
  for (const field of ["currentHromadaPcode", "originHromadaPcode"] as const) {
    const column = mapping.columns[field];
    const oblastColumn = mapping.columns[field === "currentHromadaPcode" ? "currentOblastPcode" : "originOblastPcode"];
    if (column && sheet.headers.includes(column)) places[column] = placeNamesOf(sheet.rows, column, oblastColumn);
  }
  const activities: Array<{ value: string; rows: number; suggested: string | null }> = [];
  const kvedColumn = mapping.columns.kvedCode;
  if (kvedColumn && sheet.headers.includes(kvedColumn)) {
    const counts = new Map<string, number>();
    for (const row of sheet.rows) {
      const cell = (row[kvedColumn] ?? "").trim();
      if (!cell) continue;
      for (const part of answerParts(cell)) if (!findKvedClass(part) && part.length <= 80) counts.set(part, (counts.get(part) ?? 0) + 1);
    }
    for (const [value, rows] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 200)) {
      const suggested = mapActivity({ ...mapping, activities: {} }, value);
      activities.push({ value, rows, suggested: suggested ?? null });
    }
  }
  const pcodes = Object.values(places).flatMap((entry) => entry.values.flatMap((value) => (value.match.kind === "matched" ? [value.match.pcode] : value.match.kind === "ambiguous" ? value.match.candidates : [])));
  return {
    valuesByColumn: choiceColumnValues(sheet.rows, choiceColumns(mapping, sheet.headers)),
    places,
    activities,
    placeNames: placeNames([...pcodes, ...Object.values(mapping.places)]),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  const { upload, sheet } = await loadUpload(actor, params.uploadId);
  const saved = findMapping(formKey(sheet.headers));
  const options = constantOptions();
  const suggested = suggestMapping(sheet.headers, sheet.rows);
  // With a single active programme there is nothing to choose: offer it.
  if (options.programmes.length === 1) suggested.constants = { programmeId: String(options.programmes[0].id), ...suggested.constants };
  const initial = saved?.mapping ?? suggested;
  // Columns a saved mapping left out (a newer export's questions) are offered as extra answers.
  const extraColumns = questionColumns(sheet.headers).map((column) => ({
    column,
    label: initial.extras[column]?.label ?? suggested.extras[column]?.label ?? column,
    freeText: initial.extras[column]?.freeText ?? suggested.extras[column]?.freeText ?? true,
    keep: Boolean(initial.extras[column]),
  }));
  return {
    upload: { id: upload.id, fileName: upload.fileName },
    sheet: { name: sheet.name, rowCount: sheet.rows.length, headers: sheet.headers },
    // Meta and per-option 0/1 columns are not questions: the lists offer questions only, plus the
    // interview's dates for the dates and the enumerator's account for who took consent.
    questionColumns: questionColumns(sheet.headers),
    dateColumns: dateMetaColumns.filter((column) => sheet.headers.includes(column)),
    accountColumns: ["username", "_submitted_by"].filter((column) => sheet.headers.includes(column)),
    savedName: saved?.name ?? null,
    // Posted back on import: a colleague's save of this form's mapping in between is not overwritten.
    mappingVersion: saved?.version ?? 0,
    initial,
    extraColumns,
    mappingName: saved?.name ?? upload.fileName.replace(/\.[^.]*$/, ""),
    ...tableValues(sheet, initial),
    options,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  const { upload, workbook, sheet } = await loadUpload(actor, params.uploadId);
  const submission = parseWithZod(await readForm(request, mappingFormLimits), { schema: mappingFormSchema });
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply(), dryRun: null }, { status: 400 });
  }
  const mapping = mappingFromForm(submission.value);
  const problems = mappingProblems(mapping, sheet.headers);
  if (problems.length) {
    return Response.json({ result: submission.reply({ fieldErrors: problemsByInput(problems) }), dryRun: null }, { status: 400 });
  }
  if (submission.value.intent === "dryRun") {
    const { report, ...result } = await dryRun(actor, workbook, mapping);
    // Kept for the download before importing: the same rows, with names and reasons.
    saveDryRunReport(upload.id, { fileName: upload.fileName, rows: report });
    // Columns newly mapped get their answers, places and activities for the tables.
    return { result: submission.reply(), dryRun: result, ...tableValues(sheet, mapping) };
  }
  try {
    saveMapping(actor, formKey(sheet.headers), submission.value.version, submission.value.mappingName, mapping);
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error;
    return Response.json({ result: submission.reply({ formErrors: ["errors.staleRecord"] }), dryRun: null, stale: error.change }, { status: 409 });
  }
  // The rows are stored in chunks after this response; the import page polls the progress.
  const { importId } = startImport(actor, upload.fileName, workbook, mapping);
  deleteUpload(upload.id);
  return redirect(`/imports/${importId}`);
}

function problemsByInput(problems: RowError[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const problem of problems) {
    const name = !problem.field || problem.field === "filter" ? "" : problem.field === "partnerOrganisationId" ? "partnerAssignment" : problem.field === "programmeId" ? "constants.programmeId" : `columns.${problem.field}`;
    (errors[name] ??= []).push(problem.message);
  }
  return errors;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;
type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type TableValues = Pick<LoaderData, "valuesByColumn" | "places" | "activities" | "placeNames">;

const registrationSet = new Set<string>([...registrationMappingFields, ...identityFields, ...placeColumnFields]);

export const shouldRevalidate = revalidateAfterConflict;

export default function ImportMappingPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: {
      mappingName: data.mappingName,
      columns: data.initial.columns,
      constants: {
        ...data.initial.constants,
        consentPurposes: data.initial.constants.consentPurposes?.split(/\s+/),
      },
      partnerAssignment: data.initial.partnerAssignment,
    },
    // Validated on the server only: checking the mapping reads the whole uploaded file.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onSubmit",
  });
  const columns = fields.columns.getFieldset();
  const constants = fields.constants.getFieldset();
  const submitted = actionData?.result.initialValue as { choices?: Record<string, Array<{ from?: string; to?: string }>> } | undefined;
  const tables: TableValues = {
    valuesByColumn: { ...data.valuesByColumn, ...(actionData && "valuesByColumn" in actionData ? actionData.valuesByColumn : {}) },
    places: actionData && "places" in actionData ? actionData.places : data.places,
    activities: actionData && "activities" in actionData ? actionData.activities : data.activities,
    placeNames: { ...data.placeNames, ...(actionData && "placeNames" in actionData ? actionData.placeNames : {}) },
  };
  return (
    <>
      <PageHeader title={t("imports.mapping.title")}>
        <p className="lead">
          {t("imports.mapping.fileSummary", {
            fileName: data.upload.fileName,
            sheet: data.sheet.name,
            count: data.sheet.rowCount,
            columns: data.sheet.headers.length,
          })}
        </p>
      </PageHeader>
      <p className="notice">{data.savedName ? t("imports.mapping.savedFound", { name: data.savedName }) : t("imports.mapping.suggested")}</p>

      <Form method="post" preventScrollReset {...getFormProps(form)} className="stack">
        {actionData && "stale" in actionData ? <StaleRecordNotice id={form.errorId} change={actionData.stale} /> : <FormErrors id={form.errorId} errors={form.errors} />}
        <input type="hidden" name="version" value={data.mappingVersion} />
        <div className="narrow">
          <TextField label={t("imports.mapping.name")} field={fields.mappingName} hint={t("imports.mapping.nameHint")} autoComplete="off" />
        </div>
        <p>{t("imports.mapping.intro")}</p>

        <ProgrammeAndPartner data={data} programme={constants.programmeId} assignment={fields.partnerAssignment} partner={constants.partnerOrganisationId} mentor={constants.mentorId} />
        <RowFilters data={data} />

        {fieldSections.map((section) => (
          <fieldset key={section.key} className="panel">
            <legend>
              <strong>{t(`imports.mapping.sections.${section.key}`)}</strong>
            </legend>
            <div className="table-scroll">
              <table className="table" style={{ tableLayout: "fixed" }}>
                <colgroup>
                  <col style={{ width: "34%" }} />
                  <col style={{ width: "33%" }} />
                  <col style={{ width: "33%" }} />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">{t("imports.mapping.field")}</th>
                    <th scope="col">{t("imports.mapping.column")}</th>
                    <th scope="col">{t("imports.mapping.constant")}</th>
                  </tr>
                </thead>
                <tbody>
                  {section.fields.map((field) => (
                    <FieldRow
                      key={field}
                      field={field}
                      column={columns[field as keyof typeof columns]}
                      constant={isConstantField(field) ? constants[field as keyof typeof constants] : undefined}
                      data={data}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </fieldset>
        ))}

        <ChoiceTables columns={columns} data={data} valuesByColumn={tables.valuesByColumn} submittedChoices={submitted?.choices} />
        <PlaceTable data={data} tables={tables} />
        <ActivityTable data={data} tables={tables} />
        <ExtraAnswers data={data} />

        <div className="form-actions">
          <button type="submit" name="intent" value="dryRun" className="button-secondary" disabled={Boolean(busyIntent)} aria-describedby="dry-run-hint">
            {busyIntent === "dryRun" ? t("imports.mapping.running") : t("imports.mapping.dryRun")}
          </button>
          <button type="submit" name="intent" value="import" className="button-primary" disabled={Boolean(busyIntent)} aria-describedby="import-hint">
            {busyIntent === "import" ? t("imports.mapping.running") : t("imports.mapping.import")}
          </button>
          <Link to="/imports">{t("imports.mapping.backToList")}</Link>
        </div>
        <p className="field-hint">
          <span id="dry-run-hint">{t("imports.mapping.dryRunHint")}</span> <span id="import-hint">{t("imports.mapping.importHint")}</span>
        </p>
      </Form>

      {actionData?.dryRun ? <DryRunReport result={actionData.dryRun} data={data} /> : null}
    </>
  );
}

function ProgrammeAndPartner({ data, programme, assignment, partner, mentor }: { data: LoaderData; programme: AnyField; assignment: AnyField; partner: AnyField; mentor: AnyField }) {
  const { t, i18n } = useTranslation();
  const uk = (i18n.language as Locale) === "uk";
  const chosen = typeof assignment.initialValue === "string" ? assignment.initialValue : "none";
  const partnerName = (id: number) => {
    const found = data.options.partners.find((candidate) => candidate.id === id);
    return found ? (uk ? found.nameUk : found.name) : String(id);
  };
  return (
    <fieldset className="panel stack">
      <legend>
        <strong>{t("imports.mapping.sections.programmeAndPartner")}</strong>
      </legend>
      <div className="field narrow">
        <label htmlFor={programme.id}>{t("imports.fields.programmeId")}</label>
        <select {...getSelectProps(programme)} key={programme.key}>
          <option value="">{t("imports.mapping.noConstant")}</option>
          {data.options.programmes.map((option) => (
            <option key={option.id} value={option.id}>
              {option.code} — {uk ? option.nameUk : option.name}
            </option>
          ))}
        </select>
        <ErrorList id={programme.errorId} errors={programme.errors} />
      </div>
      <fieldset className="field" aria-describedby="partner-hint">
        <legend>{t("imports.mapping.partner.title")}</legend>
        <p id="partner-hint" className="field-hint">
          {t("imports.mapping.partner.hint")}
        </p>
        {(["none", "organisation", "by_oblast"] as const).map((value) => (
          <label key={value} className="checkbox-option">
            <input type="radio" name={assignment.name} value={value} defaultChecked={chosen === value} />
            {t(`imports.mapping.partner.${value}`)}
          </label>
        ))}
        <ErrorList id={assignment.errorId} errors={assignment.errors} />
      </fieldset>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={partner.id}>{t("imports.fields.partnerOrganisationId")}</label>
          <select {...getSelectProps(partner)} key={partner.key}>
            <option value="">{t("imports.mapping.noConstant")}</option>
            {data.options.partners.map((option) => (
              <option key={option.id} value={option.id}>
                {uk ? option.nameUk : option.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={mentor.id}>{t("imports.fields.mentorId")}</label>
          <select {...getSelectProps(mentor)} key={mentor.key}>
            <option value="">{t("imports.mapping.noConstant")}</option>
            {data.options.mentors.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {data.options.partnersByOblast.length ? (
        <details>
          <summary>{t("imports.mapping.partner.byOblastList")}</summary>
          <ul className="plain-list">
            {data.options.partnersByOblast.map((entry) => {
              const oblast = oblasts.find((candidate) => candidate.pcode === entry.oblastPcode);
              return (
                <li key={`${entry.oblastPcode}-${entry.organisationId}`}>
                  {oblast ? (uk ? oblast.nameUk : oblast.nameEn) : entry.oblastPcode} → {partnerName(entry.organisationId)}
                </li>
              );
            })}
          </ul>
        </details>
      ) : null}
    </fieldset>
  );
}

function RowFilters({ data }: { data: LoaderData }) {
  const { t } = useTranslation();
  const filters = [...data.initial.filters, { column: "", values: [] as string[] }, { column: "", values: [] as string[] }].slice(0, 3);
  return (
    <fieldset className="panel stack">
      <legend>
        <strong>{t("imports.mapping.filters.title")}</strong>
      </legend>
      <p className="field-hint">{t("imports.mapping.filters.hint")}</p>
      {filters.map((filter, index) => (
        <div key={index} className="grid-2">
          <div className="field">
            <label htmlFor={`filter-${index}-column`}>{t("imports.mapping.filters.column", { number: index + 1 })}</label>
            <select id={`filter-${index}-column`} name={`filters[${index}].column`} defaultValue={filter.column}>
              <option value="">{t("imports.mapping.noColumn")}</option>
              {data.sheet.headers.map((header) => (
                <option key={header} value={header}>
                  {header}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`filter-${index}-values`}>{t("imports.mapping.filters.values", { number: index + 1 })}</label>
            <input id={`filter-${index}-values`} name={`filters[${index}].values`} defaultValue={filter.values.join(", ")} autoComplete="off" />
          </div>
        </div>
      ))}
    </fieldset>
  );
}

function FieldRow({ field, column, constant, data }: { field: ColumnField; column: AnyField; constant: AnyField | undefined; data: LoaderData }) {
  const { t } = useTranslation();
  const label = t(`imports.fields.${field}`);
  const rowId = `field-${field}`;
  const errors = [...(column.errors ?? []), ...(constant?.errors ?? [])];
  const step = laterStepOf(field);
  // Dates may come from the interview's own columns, consent from the enumerator's account.
  const extra = (dateFields as readonly string[]).includes(field) ? data.dateColumns : field === "consentTakenBy" ? data.accountColumns : [];
  return (
    <tr>
      <th scope="row" id={rowId}>
        {label}
        {registrationSet.has(field) ? <span aria-hidden="true"> {t("imports.mapping.required")}</span> : null}
        {step ? <span className="field-hint"> · {t(`imports.mapping.neededBefore.${step}`)}</span> : null}
        <ErrorList id={column.errorId} errors={errors} />
      </th>
      <td>
        <div className="field">
          <select {...getSelectProps(column)} key={column.key} aria-label={`${label}: ${t("imports.mapping.column")}`}>
            <option value="">{t("imports.mapping.noColumn")}</option>
            {[...data.questionColumns, ...extra].map((header) => (
              <option key={header} value={header}>
                {header}
              </option>
            ))}
          </select>
        </div>
      </td>
      <td>{constant ? <ConstantInput field={field} meta={constant} label={`${label}: ${t("imports.mapping.constant")}`} /> : <span className="field-hint">{t("imports.mapping.notCollectedWithoutColumn")}</span>}</td>
    </tr>
  );
}

function ConstantInput({ field, meta, label }: { field: ColumnField; meta: AnyField; label: string }) {
  const { t, i18n } = useTranslation();
  const uk = (i18n.language as Locale) === "uk";
  if (field === "consentPurposes") {
    const initial = meta.initialValue;
    const checked = new Set(Array.isArray(initial) ? initial : typeof initial === "string" ? initial.split(/\s+/) : []);
    return (
      <fieldset className="field" aria-label={label}>
        {choiceOptions.consentPurposes.map((purpose) => (
          <label key={purpose} className="checkbox-option">
            <input type="checkbox" name={meta.name} value={purpose} defaultChecked={checked.has(purpose)} />
            {t(`imports.options.consentPurposes.${purpose}`)}
          </label>
        ))}
      </fieldset>
    );
  }
  if (isChoiceField(field)) {
    return (
      <div className="field">
        <select {...getSelectProps(meta)} key={meta.key} aria-label={label}>
          <option value="">{t("imports.mapping.noConstant")}</option>
          {choiceLabels(field, t, uk).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const props = getInputProps(meta, { type: "text" });
  return (
    <div className="field">
      <input {...props} key={props.key} aria-label={label} />
    </div>
  );
}

function choiceLabels(field: ChoiceField, t: (key: string) => string, uk: boolean): Array<{ value: string; label: string }> {
  if (field === "currentOblastPcode" || field === "originOblastPcode") {
    return oblasts.map((oblast) => ({ value: oblast.pcode, label: `${uk ? oblast.nameUk : oblast.nameEn} (${oblast.pcode})` }));
  }
  const group = field.startsWith("wg_")
    ? "wg"
    : ["noRnokpp", "femaleHeaded", "singleParent", "veteranOrFamily", "protectionFlag"].includes(field)
      ? "yesNo"
      : field;
  return (choiceOptions[field] as readonly string[]).map((value) => ({ value, label: t(`imports.options.${group}.${value}`) }));
}

/** "Leave empty" and "not collected", offered for every file value beside ours. */
function NoValueOptions() {
  const { t } = useTranslation();
  return (
    <>
      <option value={leaveEmpty}>{t("imports.mapping.choiceLeaveEmpty")}</option>
      <option value={notCollected}>{t("imports.mapping.choiceNotCollected")}</option>
    </>
  );
}

function ChoiceTables({
  columns,
  data,
  valuesByColumn,
  submittedChoices,
}: {
  columns: Record<string, AnyField>;
  data: LoaderData;
  /** A column's answers; null when it has too many to list, absent until a dry run sends them. */
  valuesByColumn: Record<string, Array<{ value: string; rows: number }> | null>;
  submittedChoices: Record<string, Array<{ from?: string; to?: string }>> | undefined;
}) {
  const { t, i18n } = useTranslation();
  const uk = (i18n.language as Locale) === "uk";
  const tables = (Object.keys(choiceOptions) as ChoiceField[]).flatMap((field) => {
    const value = columns[field]?.value;
    const column = typeof value === "string" ? value : "";
    return column ? [{ field, column }] : [];
  });
  if (tables.length === 0) return null;
  return (
    <section aria-labelledby="choices-title" className="stack">
      <h2 id="choices-title">{t("imports.mapping.choicesTitle")}</h2>
      <p>{t("imports.mapping.choicesIntro")}</p>
      {tables.map(({ field, column }) => {
        const listed = valuesByColumn[column];
        const values = listed ? fileValues(field, listed) : null;
        const label = t(`imports.fields.${field}`);
        const captionId = `choices-${field}`;
        if (!values) {
          return (
            <p key={field} className="field-hint">
              <strong>{label}:</strong>{" "}
              {listed === undefined ? t("imports.mapping.valuesAfterDryRun", { column }) : t("imports.mapping.tooManyValues", { column })}
            </p>
          );
        }
        const options = choiceLabels(field, t, uk);
        return (
          <div key={`${field}:${column}`} className="table-scroll panel">
            <table className="table" aria-labelledby={captionId}>
              <caption id={captionId} style={{ textAlign: "left", fontWeight: 600 }}>
                {label} — {column}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("imports.mapping.choiceFileValue")}</th>
                  <th scope="col" className="numeric">{t("imports.mapping.choiceRows")}</th>
                  <th scope="col">{t("imports.mapping.choiceOurs")}</th>
                </tr>
              </thead>
              <tbody>
                {values.map(({ value, rows }, index) => {
                  const chosen = defaultChoice(field, value, data.initial, submittedChoices);
                  return (
                    <tr key={value}>
                      <th scope="row">
                        <code>{value}</code>
                        <input type="hidden" name={`choices.${field}[${index}].from`} value={value} />
                      </th>
                      <td className="numeric">{formatNumber(rows, i18n.language as Locale)}</td>
                      <td>
                        <select name={`choices.${field}[${index}].to`} defaultValue={chosen} aria-label={`${label}: ${value}`}>
                          <option value="">{t("imports.mapping.choiceUnmapped")}</option>
                          {options.map((option) => (
                            <option key={option.value} value={option.value}>
                              {option.label}
                            </option>
                          ))}
                          <NoValueOptions />
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}

/** The distinct values of a column; a select_multiple column is split into its answers. */
function fileValues(field: ChoiceField, values: Array<{ value: string; rows: number }>) {
  if (!multipleChoiceFields.includes(field)) return values;
  const counts = new Map<string, number>();
  for (const { value, rows } of values) {
    for (const part of value.split(/\s+/)) counts.set(part, (counts.get(part) ?? 0) + rows);
  }
  return [...counts].map(([value, rows]) => ({ value, rows }));
}

function defaultChoice(
  field: ChoiceField,
  value: string,
  initial: KoboMapping,
  submitted: Record<string, Array<{ from?: string; to?: string }>> | undefined,
): string {
  const resubmitted = submitted?.[field]?.find((row) => row.from === value);
  if (resubmitted) return resubmitted.to ?? "";
  const saved = initial.choices[field];
  if (saved && Object.hasOwn(saved, value)) return saved[value];
  if ((choiceOptions[field] as readonly string[]).includes(value)) return value;
  return suggestChoice(field, value) ?? "";
}

function PlaceTable({ data, tables }: { data: LoaderData; tables: TableValues }) {
  const { t, i18n } = useTranslation();
  const uk = (i18n.language as Locale) === "uk";
  const name = (pcode: string) => {
    const place = tables.placeNames[pcode];
    return place ? `${uk ? place.nameUk : place.nameEn} (${pcode})` : pcode;
  };
  const entries = Object.entries(tables.places);
  if (entries.length === 0) return null;
  let index = 0;
  return (
    <section aria-labelledby="places-title" className="stack">
      <h2 id="places-title">{t("imports.mapping.places.title")}</h2>
      <p>{t("imports.mapping.places.intro")}</p>
      {entries.map(([column, found]) => (
        <div key={column} className="table-scroll panel">
          <table className="table">
            <caption style={{ textAlign: "left", fontWeight: 600 }}>{column}</caption>
            <thead>
              <tr>
                <th scope="col">{t("imports.mapping.choiceFileValue")}</th>
                <th scope="col" className="numeric">{t("imports.mapping.choiceRows")}</th>
                <th scope="col">{t("imports.mapping.places.match")}</th>
              </tr>
            </thead>
            <tbody>
              {found.values.map(({ value, rows, match }) => {
                const position = index++;
                const saved = data.initial.places[value];
                const candidates = match.kind === "matched" ? [match.pcode] : match.kind === "ambiguous" ? match.candidates : [];
                const chosen = saved ?? (match.kind === "matched" ? match.pcode : "");
                return (
                  <tr key={value}>
                    <th scope="row">
                      {value}
                      <input type="hidden" name={`places[${position}].from`} value={value} />
                      {match.kind !== "matched" && !saved ? (
                        <span className={`badge ${match.kind === "ambiguous" ? "badge-warning" : "badge-danger"}`}> {t(`imports.mapping.places.${match.kind}`)}</span>
                      ) : null}
                    </th>
                    <td className="numeric">{formatNumber(rows, i18n.language as Locale)}</td>
                    <td>
                      {candidates.length || saved ? (
                        <select name={`places[${position}].to`} defaultValue={chosen} aria-label={`${column}: ${value}`}>
                          <option value="">{t("imports.mapping.places.unsure")}</option>
                          {[...new Set([...candidates, ...(saved && !saved.startsWith(":") ? [saved] : [])])].map((pcode) => (
                            <option key={pcode} value={pcode}>
                              {name(pcode)}
                            </option>
                          ))}
                          <option value={leaveEmpty}>{t("imports.mapping.choiceLeaveEmpty")}</option>
                        </select>
                      ) : (
                        <input name={`places[${position}].to`} defaultValue="" placeholder="UA0000000" aria-label={`${column}: ${value}`} autoComplete="off" />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {found.withheld ? <p className="field-hint">{t("imports.mapping.places.withheld", { count: found.withheld })}</p> : null}
        </div>
      ))}
    </section>
  );
}

function ActivityTable({ data, tables }: { data: LoaderData; tables: TableValues }) {
  const { t, i18n } = useTranslation();
  const uk = (i18n.language as Locale) === "uk";
  if (tables.activities.length === 0) return null;
  return (
    <section aria-labelledby="activities-title" className="stack">
      <h2 id="activities-title">{t("imports.mapping.activities.title")}</h2>
      <p>{t("imports.mapping.activities.intro")}</p>
      <div className="table-scroll panel">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("imports.mapping.choiceFileValue")}</th>
              <th scope="col" className="numeric">{t("imports.mapping.choiceRows")}</th>
              <th scope="col">{t("imports.mapping.activities.kved")}</th>
            </tr>
          </thead>
          <tbody>
            {tables.activities.map(({ value, rows, suggested }, index) => {
              const chosen = data.initial.activities[value] ?? suggested ?? "";
              const kved = chosen && !chosen.startsWith(":") ? findKvedClass(chosen) : null;
              return (
                <tr key={value}>
                  <th scope="row">
                    <code>{value}</code>
                    <input type="hidden" name={`activities[${index}].from`} value={value} />
                  </th>
                  <td className="numeric">{formatNumber(rows, i18n.language as Locale)}</td>
                  <td>
                    <input name={`activities[${index}].to`} defaultValue={chosen} aria-label={`${t("imports.fields.kvedCode")}: ${value}`} aria-describedby={`activity-${index}-name`} autoComplete="off" size={12} />
                    <span id={`activity-${index}-name`} className="field-hint">
                      {" "}
                      {kved ? (uk ? kved.nameUk : kved.nameEn) : chosen ? "" : t("imports.mapping.activities.none")}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="field-hint">{t("imports.mapping.activities.hint", { empty: leaveEmpty, notCollected })}</p>
    </section>
  );
}

function ExtraAnswers({ data }: { data: LoaderData }) {
  const { t } = useTranslation();
  if (data.extraColumns.length === 0) return null;
  return (
    <section aria-labelledby="extras-title" className="stack">
      <h2 id="extras-title">{t("imports.mapping.extras.title")}</h2>
      <p>{t("imports.mapping.extras.intro")}</p>
      <div className="table-scroll panel">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("imports.mapping.column")}</th>
              <th scope="col">{t("imports.mapping.extras.keep")}</th>
              <th scope="col">{t("imports.mapping.extras.label")}</th>
              <th scope="col">{t("imports.mapping.extras.freeText")}</th>
            </tr>
          </thead>
          <tbody>
            {data.extraColumns.map((extra, index) => (
              <tr key={extra.column}>
                <th scope="row">
                  <code>{extra.column}</code>
                  <input type="hidden" name={`extras[${index}].column`} value={extra.column} />
                </th>
                <td>
                  <input type="checkbox" name={`extras[${index}].keep`} defaultChecked={extra.keep} aria-label={`${t("imports.mapping.extras.keep")}: ${extra.column}`} />
                </td>
                <td>
                  <input name={`extras[${index}].label`} defaultValue={extra.label} aria-label={`${t("imports.mapping.extras.label")}: ${extra.column}`} autoComplete="off" />
                </td>
                <td>
                  <input type="checkbox" name={`extras[${index}].freeText`} defaultChecked={extra.freeText} aria-label={`${t("imports.mapping.extras.freeText")}: ${extra.column}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type PageDryRun = Omit<DryRunResult, "report">;

function ReasonTable({ caption, groups }: { caption: string; groups: PageDryRun["findings"]["reasons"] }) {
  const { t, i18n } = useTranslation();
  if (groups.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="table">
        <caption style={{ textAlign: "left", fontWeight: 600 }}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("imports.dryRun.reason")}</th>
            <th scope="col" className="numeric">{t("imports.dryRun.rows")}</th>
            <th scope="col">{t("imports.dryRun.exampleRows")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={`${group.field}:${group.message}:${JSON.stringify(group.params ?? {})}`}>
              <td>{rowReasons(t, [group])[0]}</td>
              <td className="numeric">{formatNumber(group.rows, i18n.language as Locale)}</td>
              <td>{group.examples.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A row of the file named, or a case code linked. */
function Resembles({ items }: { items: string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {items.map((item, index) => (
        <span key={item}>
          {index > 0 ? ", " : ""}
          {item.startsWith("#") ? t("imports.report.fileRow", { row: item.slice(1) }) : item}
        </span>
      ))}
    </>
  );
}

function DryRunReport({ result, data }: { result: PageDryRun; data: LoaderData }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const uk = locale === "uk";
  const stats = [
    ["total", result.total],
    ["filtered", result.filtered],
    ["wouldCreate", result.wouldCreate],
    ["incomplete", result.incomplete],
    ["duplicates", result.summary.duplicates],
    ["alreadyImported", result.alreadyImported],
    ["possibleDuplicates", result.possibleDuplicates],
    ["flagged", result.flagged],
    ["invalid", result.summary.invalid],
  ] as const;
  const partnerName = (id: number | null) => {
    if (id === null) return t("imports.dryRun.noPartner");
    const partner = data.options.partners.find((candidate) => candidate.id === id);
    return partner ? (uk ? partner.nameUk : partner.name) : String(id);
  };
  return (
    <section aria-labelledby="dry-run-title" className="stack panel" role="status">
      <h2 id="dry-run-title">{t("imports.dryRun.title")}</h2>
      <p>{t("imports.dryRun.nothingStored")}</p>
      <dl className="stats">
        {stats.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`imports.dryRun.${key}`)}</dt>
            <dd>{formatNumber(value, locale)}</dd>
          </div>
        ))}
      </dl>
      {/* The report names people: a POST for the uploader only, as a file. */}
      <form method="post" action={`/imports/uploads/${data.upload.id}/report`}>
        <button type="submit" className="button-secondary">
          {t("imports.dryRun.downloadReport")}
        </button>
      </form>

      <ReasonTable caption={t("imports.dryRun.reasonsTitle")} groups={result.findings.reasons} />
      <ReasonTable caption={t("imports.dryRun.warningsTitle")} groups={result.findings.warnings} />

      {result.findings.missing.length ? (
        <div className="table-scroll">
          <table className="table">
            <caption style={{ textAlign: "left", fontWeight: 600 }}>{t("imports.dryRun.missingTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("imports.mapping.field")}</th>
                <th scope="col">{t("imports.dryRun.neededBefore")}</th>
                <th scope="col" className="numeric">{t("imports.dryRun.rows")}</th>
              </tr>
            </thead>
            <tbody>
              {result.findings.missing.map(({ field, rows }) => (
                <tr key={field}>
                  <td>{t(`imports.fields.${field}`)}</td>
                  <td>{laterStepOf(field) ? t(`imports.mapping.neededBefore.${laterStepOf(field)}`) : "—"}</td>
                  <td className="numeric">{formatNumber(rows, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.findings.notCollected.length ? (
        <p>
          <strong>{t("imports.dryRun.notCollectedTitle")}</strong> {result.findings.notCollected.map((field) => t(`imports.fields.${field}`)).join(", ")}
        </p>
      ) : null}

      {result.findings.partners.length ? (
        <div className="table-scroll">
          <table className="table">
            <caption style={{ textAlign: "left", fontWeight: 600 }}>{t("imports.dryRun.partnersTitle")}</caption>
            <tbody>
              {result.findings.partners.map((entry) => (
                <tr key={String(entry.partnerOrganisationId)}>
                  <th scope="row">{partnerName(entry.partnerOrganisationId)}</th>
                  <td className="numeric">{formatNumber(entry.rows, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {result.sharedIdentities.length ? (
        <>
          <h3>{t("imports.dryRun.sharedTitle")}</h3>
          <ul className="plain-list">
            {result.sharedIdentities.map((shared) => (
              <li key={shared.rows.map((row) => row.row).join("-")}>
                {t(`imports.dryRun.shared.${shared.kind}`)}:{" "}
                {shared.rows.map((row) => t("imports.dryRun.shared.row", { row: row.row, name: row.name })).join("; ")}.{" "}
                {shared.probablyMistyped.length
                  ? t("imports.dryRun.shared.mistyped", { rows: shared.probablyMistyped.join(", ") })
                  : shared.kept === null
                    ? t("imports.dryRun.shared.unclear")
                    : t("imports.dryRun.shared.kept", { row: shared.kept })}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {result.resemblingRows.length ? (
        <>
          <h3>{t("imports.dryRun.possibleDuplicatesTitle")}</h3>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="numeric">{t("imports.dryRun.row")}</th>
                  <th scope="col">{t("imports.dryRun.name")}</th>
                  <th scope="col">{t("imports.dryRun.resembles")}</th>
                </tr>
              </thead>
              <tbody>
                {result.resemblingRows.map((row) => (
                  <tr key={row.row}>
                    <td className="numeric">{row.row}</td>
                    <td>{row.name}</td>
                    <td>
                      <Resembles items={row.resembles} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {result.definiteDuplicates.length > 0 ? (
        <>
          <h3>{t("imports.dryRun.duplicatesTitle")}</h3>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="numeric">{t("imports.dryRun.row")}</th>
                  <th scope="col">{t("imports.dryRun.name")}</th>
                  <th scope="col">{t("imports.dryRun.existingCase")}</th>
                </tr>
              </thead>
              <tbody>
                {result.definiteDuplicates.map((duplicate) => (
                  <tr key={duplicate.row}>
                    <td className="numeric">{duplicate.row}</td>
                    <td>{duplicate.name}</td>
                    <td>{duplicate.existingCaseCode ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {result.flaggedRows.length ? (
        <>
          <h3>{t("imports.dryRun.flaggedTitle")}</h3>
          <RowList rows={result.flaggedRows.map((row) => ({ row: row.row, name: row.name, reasons: row.warnings }))} />
        </>
      ) : null}

      <h3>{t("imports.dryRun.invalidTitle")}</h3>
      {result.invalid.length === 0 ? <p className="empty">{t("imports.dryRun.noInvalid")}</p> : <RowList rows={result.invalid.map((row) => ({ row: row.row, name: row.name, reasons: row.errors }))} />}
    </section>
  );
}

function RowList({ rows }: { rows: Array<{ row: number; name: string; reasons: RowError[] }> }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col" className="numeric">{t("imports.dryRun.row")}</th>
            <th scope="col">{t("imports.dryRun.name")}</th>
            <th scope="col">{t("imports.dryRun.reasons")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row}>
              <td className="numeric">{row.row}</td>
              <td>{row.name || "—"}</td>
              <td>
                <ul className="plain-list">
                  {rowReasons(t, row.reasons).map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.mapping.title");
