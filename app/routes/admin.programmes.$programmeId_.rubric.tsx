import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormErrors, PageHeader, TextField } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { parseWithZod } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { StaleRecordError } from "~/modules/accounts/accounts.server";
import { findProgramme, RubricInvalidError, saveRubric } from "~/modules/admin/programmes.server";
import { rubricFormSchema } from "~/modules/review/page-schemas";
import { programmeRubric } from "~/modules/review/reviews.server";
import { rubricSchema } from "~/modules/review/scoring";

function programmeFrom(params: { programmeId?: string }) {
  const programme = findProgramme(Number(params.programmeId));
  if (!programme) throw new Response("Not found", { status: 404 });
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
  const submission = parseWithZod(await request.formData(), { schema: rubricFormSchema });
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

export default function RubricEditorPage() {
  const { t, i18n } = useTranslation();
  const { programme, rubric, usingDefault } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: `rubric-${programme.id}-${programme.version}`,
    lastResult,
    defaultValue: {
      version: String(programme.version),
      criteria: rubric.criteria.map((criterion) => ({ key: criterion.key, weight: String(criterion.weight) })),
      scaleMin: String(rubric.scaleMin),
      scaleMax: String(rubric.scaleMax),
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
        <FormErrors id={form.errorId} errors={form.errors} />
        <input {...getInputProps(fields.version, { type: "hidden" })} key={fields.version.key} />

        <fieldset className="form-section" aria-describedby={fields.criteria.errorId}>
          <legend>{t("review.rubric.criteria")}</legend>
          <p className="field-hint">{t("review.rubric.keyHint")}</p>
          <ol className="criteria-rows">
            {criteria.map((row, index) => {
              const criterion = row.getFieldset();
              const key = criterion.key.value;
              return (
                <li key={row.key} className="criterion-row">
                  <div className="grid-2">
                    <div>
                      <TextField label={`${t("review.rubric.criterionNumber", { number: index + 1 })}: ${t("review.rubric.key")}`} field={criterion.key} />
                      {key && i18n.exists(`review.criteria.${key}`) ? (
                        <p className="field-hint">{t("review.rubric.knownAs", { label: t(`review.criteria.${key}`) })}</p>
                      ) : null}
                    </div>
                    <TextField label={t("review.rubric.weight")} field={criterion.weight} type="number" inputMode="numeric" />
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

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review.rubric.link");
