import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormErrors, PageHeader, TextField } from "~/components/forms";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser, type CurrentUser } from "~/lib/auth.server";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { readSpreadsheet } from "~/lib/spreadsheet.server";
import { choiceColumns, choiceColumnValues } from "~/modules/imports/choice-values";
import {
  constantOptions,
  dryRun,
  findMapping,
  formKey,
  koboSheet,
  mappingProblems,
  saveMapping,
  startImport,
  type DryRunResult,
} from "~/modules/imports/kobo-import.server";
import {
  choiceOptions,
  constantOnlyFields,
  dateFields,
  identityFields,
  isChoiceField,
  multipleChoiceFields,
  oblasts,
  requiredFields,
  suggestChoice,
  suggestMapping,
  type ApplicantField,
  type ChoiceField,
  type KoboMapping,
} from "~/modules/imports/kobo-mapping";
import { rowReasons, type RowError } from "~/modules/imports/reasons";
import { fieldSections } from "~/modules/imports/field-sections";
import { mappingFormLimits, mappingFormSchema, mappingFromForm } from "~/modules/imports/schema";
import { deleteUpload, readUpload } from "~/modules/imports/uploads.server";

async function loadUpload(actor: CurrentUser, uploadId: string | undefined) {
  const upload = readUpload(actor, uploadId ?? "");
  // Unknown, expired, already imported, or someone else's upload.
  if (!upload) throw new Response("Not found", { status: 404, statusText: "Not Found" });
  const workbook = await readSpreadsheet({ name: upload.fileName, bytes: upload.bytes });
  return { upload, workbook, sheet: koboSheet(workbook) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  const { upload, sheet } = await loadUpload(actor, params.uploadId);
  const saved = findMapping(formKey(sheet.headers));
  const options = constantOptions();
  const suggested = suggestMapping(sheet.headers);
  // With a single active programme there is nothing to choose: offer it.
  if (options.programmes.length === 1 && !suggested.columns.programmeId) {
    suggested.constants = { programmeId: String(options.programmes[0].id), ...suggested.constants };
  }
  return {
    upload: { id: upload.id, fileName: upload.fileName },
    sheet: { name: sheet.name, rowCount: sheet.rows.length, headers: sheet.headers },
    savedName: saved?.name ?? null,
    // Posted back on import: a colleague's save of this form's mapping in between is not overwritten.
    mappingVersion: saved?.version ?? 0,
    initial: saved?.mapping ?? suggested,
    mappingName: saved?.name ?? upload.fileName.replace(/\.[^.]*$/, ""),
    // Only the answers of choice columns, never a column of names or numbers (choice-values.ts).
    valuesByColumn: choiceColumnValues(sheet.rows, choiceColumns(saved?.mapping ?? suggested, sheet.headers)),
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
    return {
      result: submission.reply(),
      dryRun: await dryRun(actor, workbook, mapping),
      // Columns newly mapped to a choice field get their answers for the choice tables.
      valuesByColumn: choiceColumnValues(sheet.rows, choiceColumns(mapping, sheet.headers)),
    };
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
    const name = !problem.field ? "" : (constantOnlyFields as readonly string[]).includes(problem.field) ? `constants.${problem.field}` : `columns.${problem.field}`;
    (errors[name] ??= []).push(problem.message);
  }
  return errors;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;
type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const requiredSet = new Set<string>([...requiredFields, ...identityFields]);

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
    },
    // Validated on the server only: checking the mapping reads the whole uploaded file.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onSubmit",
  });
  const columns = fields.columns.getFieldset();
  const constants = fields.constants.getFieldset();
  const submittedChoices = (actionData?.result.initialValue as { choices?: Record<string, Array<{ from?: string; to?: string }>> } | undefined)?.choices;
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
                      // Record ids of our own (programme, partner, mentor) are never read from the file.
                      column={(constantOnlyFields as readonly string[]).includes(field) ? undefined : columns[field as keyof typeof columns]}
                      constant={constants[field as keyof typeof constants]}
                      data={data}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </fieldset>
        ))}

        <ChoiceTables
          columns={columns}
          data={data}
          valuesByColumn={{ ...data.valuesByColumn, ...(actionData && "valuesByColumn" in actionData ? actionData.valuesByColumn : {}) }}
          submittedChoices={submittedChoices}
        />

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

      {actionData?.dryRun ? <DryRunReport result={actionData.dryRun} /> : null}
    </>
  );
}

function FieldRow({ field, column, constant, data }: { field: ApplicantField; column: AnyField | undefined; constant: AnyField; data: LoaderData }) {
  const { t } = useTranslation();
  const label = t(`imports.fields.${field}`);
  const rowId = `field-${field}`;
  const errors = [...(column?.errors ?? []), ...(constant.errors ?? [])];
  return (
    <tr>
      <th scope="row" id={rowId}>
        {label}
        {requiredSet.has(field) ? <span aria-hidden="true"> {t("imports.mapping.required")}</span> : null}
        <ErrorList id={column?.errorId ?? constant.errorId} errors={errors} />
      </th>
      <td>
        {column ? (
          <div className="field">
            <select {...getSelectProps(column)} key={column.key} aria-label={`${label}: ${t("imports.mapping.column")}`}>
              <option value="">{t("imports.mapping.noColumn")}</option>
              {data.sheet.headers.map((header) => (
                <option key={header} value={header}>
                  {header}
                </option>
              ))}
            </select>
          </div>
        ) : (
          "—"
        )}
      </td>
      <td>
        <ConstantInput field={field} meta={constant} label={`${label}: ${t("imports.mapping.constant")}`} data={data} />
      </td>
    </tr>
  );
}

function ConstantInput({ field, meta, label, data }: { field: ApplicantField; meta: AnyField; label: string; data: LoaderData }) {
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
  const select = (options: Array<{ value: string | number; label: string }>) => (
    <div className="field">
      <select {...getSelectProps(meta)} key={meta.key} aria-label={label}>
        <option value="">{t("imports.mapping.noConstant")}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  if (field === "programmeId") return select(data.options.programmes.map((programme) => ({ value: programme.id, label: `${programme.code} — ${uk ? programme.nameUk : programme.name}` })));
  if (field === "partnerOrganisationId") return select(data.options.partners.map((partner) => ({ value: partner.id, label: uk ? partner.nameUk : partner.name })));
  if (field === "mentorId") return select(data.options.mentors.map((mentor) => ({ value: mentor.id, label: mentor.name })));
  if (isChoiceField(field)) return select(choiceLabels(field, t, uk));
  const props = getInputProps(meta, { type: (dateFields as readonly string[]).includes(field) ? "date" : "text" });
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

function DryRunReport({ result }: { result: DryRunResult }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const stats = [
    ["total", result.total],
    ["wouldCreate", result.wouldCreate],
    ["duplicates", result.definiteDuplicates.length],
    ["alreadyImported", result.alreadyImported],
    ["possibleDuplicates", result.possibleDuplicates],
    ["invalid", result.invalid.length],
  ] as const;
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
      {result.definiteDuplicates.length > 0 ? (
        <>
          <h3>{t("imports.dryRun.duplicatesTitle")}</h3>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="numeric">{t("imports.dryRun.row")}</th>
                  <th scope="col">{t("imports.dryRun.uuid")}</th>
                  <th scope="col">{t("imports.dryRun.existingCase")}</th>
                </tr>
              </thead>
              <tbody>
                {result.definiteDuplicates.map((duplicate) => (
                  <tr key={duplicate.row}>
                    <td className="numeric">{duplicate.row}</td>
                    <td>{duplicate.uuid ?? "—"}</td>
                    <td>{duplicate.existingCaseCode ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <h3>{t("imports.dryRun.invalidTitle")}</h3>
      {result.invalid.length === 0 ? (
        <p className="empty">{t("imports.dryRun.noInvalid")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col" className="numeric">{t("imports.dryRun.row")}</th>
                <th scope="col">{t("imports.dryRun.uuid")}</th>
                <th scope="col">{t("imports.dryRun.reasons")}</th>
              </tr>
            </thead>
            <tbody>
              {result.invalid.map((invalid) => (
                <tr key={invalid.row}>
                  <td className="numeric">{invalid.row}</td>
                  <td>{invalid.uuid ?? "—"}</td>
                  <td>
                    <ul className="plain-list">
                      {rowReasons(t, invalid.errors).map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.mapping.title");
