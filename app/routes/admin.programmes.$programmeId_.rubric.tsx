import { getFormProps, getInputProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormErrorSummary, PageHeader, RequiredFieldsNote, TextareaField, TextField } from "~/components/forms";
import { TableScroll } from "~/components/table-scroll";
import { useValidatedForm } from "~/components/use-validated-form";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { parseWithZod } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { StaleRecordError } from "~/modules/accounts/accounts.server";
import { findProgramme, RubricInvalidError, saveRubric } from "~/modules/admin/programmes.server";
import { rubricFormLimits, rubricFormSchema } from "~/modules/review/page-schemas";
import { rubricFormSchema as rubricEditorSchema } from "~/modules/review/rubric-schema";
import { programmeRubric } from "~/modules/review/review-result";
import { criterionLabelTexts, scaleScores, scoreMeaningTexts } from "~/modules/review/rubric-text";
import { rubricSchema } from "~/modules/review/scoring";

function programmeFrom(params: { programmeId?: string }) {
  const programme = findProgramme(idParam(params.programmeId));
  if (!programme) notFound();
  return programme;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageProgrammes" });
  const programme = programmeFrom(params);
  return {
    programme: { id: programme.id, code: programme.code, version: programme.version },
    rubric: programmeRubric(programme),
    usingDefault: rubricSchema.safeParse(programme.rubric).success === false,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageProgrammes" });
  const programme = programmeFrom(params);
  const submission = parseWithZod(await readForm(request, rubricFormLimits), { schema: rubricFormSchema });
  // Adding or removing a criterion row comes back here too (status undefined) without JavaScript.
  if (submission.status !== "success") return Response.json(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  try {
    saveRubric(actor, programme.id, submission.value);
  } catch (error) {
    if (error instanceof RubricInvalidError) return Response.json(submission.reply({ fieldErrors: error.fieldErrors }), { status: 400 });
    if (!(error instanceof StaleRecordError)) throw error;
    return Response.json(submission.reply({ formErrors: ["errors.staleRecord"] }), { status: 409 });
  }
  return redirect(`/admin/programmes/${programme.id}/rubric?saved=1`);
}

// A scale wider than this gets no meanings table: nobody writes a hundred meanings.
const maxMeaningRows = 21;

type MeaningRow = { score?: string; uk?: string; en?: string } | undefined;

export default function RubricEditorPage() {
  const { t } = useTranslation();
  const { programme, rubric, usingDefault } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useValidatedForm({
    id: `rubric-${programme.id}-${programme.version}`,
    schema: rubricEditorSchema,
    lastResult,
    // Names and meanings start as the reviewers see them now, built-in texts included, so the
    // admin edits what is shown rather than an empty form.
    defaultValue: {
      version: String(programme.version),
      criteria: rubric.criteria.map((criterion) => ({
        key: criterion.key,
        weight: String(criterion.weight),
        label: criterionLabelTexts(criterion),
        guidance: { uk: criterion.guidance?.uk ?? "", en: criterion.guidance?.en ?? "" },
      })),
      scaleMin: String(rubric.scaleMin),
      scaleMax: String(rubric.scaleMax),
      scoreMeanings: scaleScores(rubric).map((score) => ({ score: String(score), ...scoreMeaningTexts(rubric, score) })),
      recommendationThreshold: String(rubric.recommendationThreshold),
      disagreementThreshold: { criterion: String(rubric.disagreementThreshold.criterion), total: String(rubric.disagreementThreshold.total) },
    },
  });
  const criteria = fields.criteria.getFieldList();
  const weightSum = criteria.reduce((sum, row) => sum + (Number(row.getFieldset().weight.value) || 0), 0);
  const disagreement = fields.disagreementThreshold.getFieldset();
  return (
    <section className="rubric-editor">
      <PageHeader title={t("review.rubric.title", { code: programme.code })}>
        <p className="lead">{t("review.rubric.intro")}</p>
      </PageHeader>
      <p>
        <Link to={`/admin/programmes/${programme.id}`}>{t("review.rubric.backToProgramme")}</Link>
      </p>
      {searchParams.get("saved") ? (
        <p role="status" className="notice notice-success">
          {t("review.rubric.saved")}
        </p>
      ) : null}
      {usingDefault ? <p className="notice">{t("review.rubric.usingDefault")}</p> : null}

      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary form={form} />
        <RequiredFieldsNote />
        <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} />

        <fieldset className="form-section" aria-describedby={fields.criteria.errorId}>
          <legend>{t("review.rubric.criteria")}</legend>
          <p className="field-hint">{t("review.rubric.keyHint")}</p>
          <p className="field-hint">{t("review.rubric.labelHint")}</p>
          <ol className="criteria-rows">
            {criteria.map((row, index) => {
              const criterion = row.getFieldset();
              const label = criterion.label.getFieldset();
              const guidance = criterion.guidance.getFieldset();
              return (
                <li key={row.key} className="criterion-row">
                  <div className="grid-2">
                    <TextField label={`${t("review.rubric.criterionNumber", { number: index + 1 })}: ${t("review.rubric.key")}`} field={criterion.key} />
                    <TextField label={t("review.rubric.weight")} field={criterion.weight} type="number" inputMode="numeric" />
                    <TextField label={t("review.rubric.labelUk")} field={label.uk} />
                    <TextField label={t("review.rubric.labelEn")} field={label.en} />
                    <TextareaField label={t("review.rubric.guidanceUk")} field={guidance.uk} rows={2} />
                    <TextareaField label={t("review.rubric.guidanceEn")} field={guidance.en} rows={2} />
                  </div>
                  <button {...form.remove.getButtonProps({ name: fields.criteria.name, index })} className="button-link">
                    {t("review.rubric.remove", { number: index + 1 })}
                  </button>
                </li>
              );
            })}
          </ol>
          <p className={weightSum === 100 ? "weight-sum" : "weight-sum weight-sum-off"} aria-live="polite">
            {t("review.rubric.weightSum", { sum: weightSum })}
          </p>
          <ErrorList id={fields.criteria.errorId} errors={fields.criteria.errors} />
          <div>
            <button {...form.insert.getButtonProps({ name: fields.criteria.name, defaultValue: { key: "", weight: "" } })} className="button-secondary">
              {t("review.rubric.add")}
            </button>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("review.rubric.scale")}</legend>
          <div className="grid-2">
            <TextField label={t("review.rubric.scaleMin")} field={fields.scaleMin} type="number" inputMode="numeric" />
            <TextField label={t("review.rubric.scaleMax")} field={fields.scaleMax} type="number" inputMode="numeric" />
          </div>
          <TextField
            label={t("review.rubric.recommendationThreshold")}
            field={fields.recommendationThreshold}
            inputMode="decimal"
            hint={t("review.rubric.recommendationHint")}
          />
        </fieldset>

        <ScoreMeaningsTable
          formId={form.id}
          name={fields.scoreMeanings.name}
          scaleMin={Number(fields.scaleMin.value)}
          scaleMax={Number(fields.scaleMax.value)}
          current={(fields.scoreMeanings.value ?? []) as MeaningRow[]}
          initial={(fields.scoreMeanings.initialValue ?? []) as MeaningRow[]}
          errors={fields.scoreMeanings.allErrors}
        />

        <fieldset className="form-section">
          <legend>{t("review.rubric.disagreement")}</legend>
          <div className="grid-2">
            <TextField label={t("review.rubric.disagreementCriterion")} field={disagreement.criterion} inputMode="decimal" />
            <TextField label={t("review.rubric.disagreementTotal")} field={disagreement.total} inputMode="decimal" />
          </div>
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t("forms.save")}
          </button>
          <Link to={`/admin/programmes/${programme.id}`}>{t("review.rubric.backToProgramme")}</Link>
        </div>
      </Form>
    </section>
  );
}

/**
 * One row per score of the scale as it stands in the form (it follows the scale fields as they
 * are typed), plus any row with text that lies outside the scale, marked so, to be cleared.
 * Rows are matched to the form's value, and to the errors of the last save, by score.
 */
function ScoreMeaningsTable({
  formId,
  name,
  scaleMin,
  scaleMax,
  current,
  initial,
  errors,
}: {
  formId: string;
  name: string;
  scaleMin: number;
  scaleMax: number;
  current: MeaningRow[];
  initial: MeaningRow[];
  errors: Record<string, string[]>;
}) {
  const { t } = useTranslation();
  const scaleValid = Number.isInteger(scaleMin) && Number.isInteger(scaleMax) && scaleMin < scaleMax;
  const tooWide = scaleValid && scaleMax - scaleMin + 1 > maxMeaningRows;
  const onScale = scaleValid && !tooWide ? scaleScores({ scaleMin, scaleMax }) : [];
  const withText = current.filter((row) => row?.uk || row?.en).map((row) => Number(row?.score));
  const scores = [...new Set([...onScale, ...withText.filter(Number.isInteger)])].sort((a, b) => a - b);
  const indexOf = (rows: MeaningRow[], score: number) => rows.findIndex((row) => row?.score !== undefined && Number(row.score) === score);
  return (
    <fieldset className="form-section">
      <legend>{t("review.rubric.meanings")}</legend>
      <p className="field-hint">{t("review.rubric.meaningsHint")}</p>
      {tooWide ? <p className="field-hint">{t("review.rubric.meaningsTooWide", { max: maxMeaningRows })}</p> : null}
      {scores.length ? (
        <TableScroll label={t("review.rubric.meanings")}>
          <table className="table meanings-table responsive-table">
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  {t("review.rubric.meaningScore")}
                </th>
                <th scope="col">{t("review.rubric.meaningUk")}</th>
                <th scope="col">{t("review.rubric.meaningEn")}</th>
              </tr>
            </thead>
            <tbody>
              {scores.map((score, row) => {
                const currentIndex = indexOf(current, score);
                const before = current[currentIndex] ?? initial[indexOf(initial, score)];
                const errorsOf = (part: "score" | "uk" | "en") => (currentIndex >= 0 ? errors[`${name}[${currentIndex}].${part}`] : undefined);
                // Outside the scale being typed: say so now rather than after saving.
                const scoreErrors = errorsOf("score") ?? (scaleValid && !onScale.includes(score) ? ["review.rubric.errors.meaningOutsideScale"] : undefined);
                const id = (part: "score" | "uk" | "en") => `${formId}-meaning-${score}-${part}`;
                const text = (part: "uk" | "en", label: string, column: string) => (
                  <td data-label={column}>
                    <div className="field">
                      <input
                        id={id(part)}
                        name={`${name}[${row}].${part}`}
                        type="text"
                        defaultValue={before?.[part] ?? ""}
                        aria-label={label}
                        aria-invalid={errorsOf(part) || scoreErrors ? true : undefined}
                        aria-describedby={`${id(part)}-errors ${id("score")}-errors`}
                        autoComplete="off"
                      />
                      <ErrorList id={`${id(part)}-errors`} errors={errorsOf(part)} />
                    </div>
                  </td>
                );
                return (
                  <tr key={`${formId}-${score}`}>
                    <th scope="row" className="numeric" data-label={t("review.rubric.meaningScore")}>
                      {score}
                      <input type="hidden" name={`${name}[${row}].score`} value={score} />
                      <ErrorList id={`${id("score")}-errors`} errors={scoreErrors} />
                    </th>
                    {text("uk", t("review.rubric.meaningUkFor", { score }), t("review.rubric.meaningUk"))}
                    {text("en", t("review.rubric.meaningEnFor", { score }), t("review.rubric.meaningEn"))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </fieldset>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review.rubric.link");
