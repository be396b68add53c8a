import { getCollectionProps, getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { TableScroll } from "~/components/table-scroll";
import { ErrorList, FormErrorSummary, PageHeader, RequiredFieldsNote, SelectField, TextareaField } from "~/components/forms";
import { useValidatedForm } from "~/components/use-validated-form";
import { requireUser } from "~/lib/auth.server";
import { idParam } from "~/lib/not-found.server";
import { formatMoney, formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { placeName } from "~/lib/places";
import { readForm } from "~/lib/request-body.server";
import { refusalKey, withReviewErrorKeys } from "~/locales/review";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { findKvedClass } from "~/modules/intake/kved";
import { budgetTotals, lineTotalMinor } from "~/modules/review/budget";
import { assignmentForReviewer, declareConflict, ScoresInvalidError, submitScores } from "~/modules/review/reviews.server";
import { reviewActionSchema, reviewFormLimits } from "~/modules/review/page-schemas";
import { planSections } from "~/modules/review/schema";
import { conflictSchema, reviewActionSchema as scoreFormSchema } from "~/modules/review/score-schema";
import { criterionGuidance, criterionLabel, scaleScores, scoreLabel, scoreMeaning } from "~/modules/review/rubric-text";
import type { Rubric, RubricCriterion } from "~/modules/review/scoring";

function assignmentIdFrom(params: { assignmentId?: string }) {
  const assignmentId = idParam(params.assignmentId);
  return assignmentId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "scorePlans" });
  // Throws 403 for another reviewer's assignment. Other reviews come back only after this
  // reviewer has submitted (blind scoring).
  const view = assignmentForReviewer(user, assignmentIdFrom(params));
  const { version, lines } = view;
  // The plan is shown only once the reviewer has declared no conflict of interest.
  const plan =
    view.assignment.conflictOfInterest === false
      ? {
          sections: planSections.map((key) => ({ key, text: version[key] })),
          expectedJobsFullTime: version.expectedJobsFullTime,
          expectedJobsPartTime: version.expectedJobsPartTime,
          expectedMonthlyRevenueMinor: version.expectedMonthlyRevenueMinor,
          lines: lines.map((line) => ({
            id: line.id,
            item: line.item,
            quantity: line.quantity,
            unitCostMinor: line.unitCostMinor,
            modality: line.modality,
            supplierQuote: line.supplierQuote,
            totalMinor: lineTotalMinor(line),
          })),
          totals: budgetTotals(lines, version.coContributionMinor),
        }
      : null;
  return {
    assignment: view.assignment,
    caseCode: view.caseCode,
    planVersion: version.number,
    currency: view.currency,
    rubric: view.rubric,
    kvedCode: view.kvedCode,
    applicant: view.applicant,
    plan,
    otherReviews: view.otherReviews,
    attachments: view.attachments,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "scorePlans" });
  const assignmentId = assignmentIdFrom(params);
  const { rubric } = assignmentForReviewer(user, assignmentId);
  const submission = parseWithZod(await readForm(request, reviewFormLimits), { schema: reviewActionSchema(rubric) });
  if (submission.status !== "success") return Response.json(withReviewErrorKeys(submission.reply()), { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "declare") {
      declareConflict(user, assignmentId, value.conflict === "yes", value.conflictNote);
    } else {
      const entries = Object.fromEntries(
        rubric.criteria.map((criterion) => {
          const given = (value as unknown as Record<string, { score?: number; comment?: string } | undefined>)[criterion.key];
          return [criterion.key, { score: given?.score ?? Number.NaN, comment: given?.comment ?? "" }];
        }),
      );
      submitScores(user, assignmentId, entries);
    }
  } catch (error) {
    if (error instanceof ScoresInvalidError) {
      return Response.json(withReviewErrorKeys(submission.reply({ fieldErrors: error.fieldErrors })), { status: 400 });
    }
    if (error instanceof CaseTransitionRefused) {
      return Response.json(submission.reply({ formErrors: [refusalKey(error.code)] }), { status: 409 });
    }
    throw error;
  }
  return redirect(`/reviews/${assignmentId}`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function ApplicantSummary({ applicant }: { applicant: LoaderData["applicant"] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const place = [applicant.hromada, applicant.oblast].map((unit) => placeName(unit ?? undefined, locale)).filter(Boolean).join(", ");
  return (
    <dl className="facts">
      <div>
        <dt>{t("review.assignment.applicant")}</dt>
        <dd>{applicant.name}</dd>
      </div>
      <div>
        <dt>{t("review.assignment.businessName")}</dt>
        <dd>{applicant.businessName ?? "—"}</dd>
      </div>
      <div>
        <dt>{t("review.assignment.place")}</dt>
        <dd>{place || "—"}</dd>
      </div>
    </dl>
  );
}

function ConflictDeclaration({ applicant }: { applicant: LoaderData["applicant"] }) {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useValidatedForm<{ intent: string; conflict: string; conflictNote: string }>({
    id: "conflict",
    schema: conflictSchema,
    messagePrefix: "review.",
    lastResult,
    defaultValue: { intent: "declare" },
  });
  return (
    <section className="panel" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading">{t("review.assignment.conflictHeading")}</h2>
      <p className="field-hint">{t("review.assignment.conflictHint")}</p>
      <ApplicantSummary applicant={applicant} />
      <Form method="post" {...getFormProps(form)} className="stack narrow">
        <FormErrorSummary form={form} />
        <input type="hidden" name="intent" value="declare" />
        <fieldset className="field" aria-describedby={fields.conflict.errorId}>
          <legend className="required-label">{t("review.assignment.conflictQuestion")}</legend>
          {getCollectionProps(fields.conflict, { type: "radio", options: ["no", "yes"] }).map((props) => (
            <label key={props.key} className="choice">
              <input {...props} key={props.key} />
              {props.value === "yes" ? t("review.assignment.conflictYes") : t("review.assignment.conflictNo")}
            </label>
          ))}
          <ErrorList id={fields.conflict.errorId} errors={fields.conflict.errors} />
        </fieldset>
        <TextareaField label={t("review.assignment.conflictNote")} field={fields.conflictNote} />
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t("review.assignment.declare")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function PlanView({
  plan,
  currency,
  kvedCode,
  caseId,
  attachments,
}: {
  plan: NonNullable<LoaderData["plan"]>;
  currency: string;
  kvedCode: string | null;
  caseId: number;
  attachments: LoaderData["attachments"];
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const kved = kvedCode ? findKvedClass(kvedCode) : null;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  return (
    <section className="panel plan-view" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t("review.assignment.planHeading")}</h2>
      <dl className="plan-sections">
        {kvedCode ? (
          <div>
            <dt>{t("review.assignment.sector")}</dt>
            <dd>{kved ? `${kved.code} ${locale === "uk" ? kved.nameUk : kved.nameEn}` : kvedCode}</dd>
          </div>
        ) : null}
        {plan.sections.map((section) => (
          <div key={section.key}>
            <dt>{t(`review.plan.sections.${section.key}`)}</dt>
            <dd className="prose">{section.text.trim() || t("review.plan.empty")}</dd>
          </div>
        ))}
      </dl>
      <dl className="facts">
        <div>
          <dt>{t("review.plan.expectedJobsFullTime")}</dt>
          <dd>{formatNumber(plan.expectedJobsFullTime, locale)}</dd>
        </div>
        <div>
          <dt>{t("review.plan.expectedJobsPartTime")}</dt>
          <dd>{formatNumber(plan.expectedJobsPartTime, locale)}</dd>
        </div>
        <div>
          <dt>{t("review.plan.expectedMonthlyRevenue")}</dt>
          <dd>{plan.expectedMonthlyRevenueMinor !== null ? money(plan.expectedMonthlyRevenueMinor) : t("review.plan.empty")}</dd>
        </div>
      </dl>
      <h3>{t("review.plan.budget")}</h3>
      {plan.lines.length === 0 ? (
        <p className="empty">{t("review.plan.noBudget")}</p>
      ) : (
        <TableScroll label={t("review.plan.budget")}>
          <table className="table responsive-table">
            <thead>
              <tr>
                <th scope="col">{t("review.plan.item")}</th>
                <th scope="col" className="numeric">
                  {t("review.plan.quantity")}
                </th>
                <th scope="col" className="numeric">
                  {t("review.plan.unitCost")}
                </th>
                <th scope="col">{t("review.plan.modality")}</th>
                <th scope="col" className="numeric">
                  {t("review.plan.lineTotal")}
                </th>
                <th scope="col">{t("review.plan.supplierQuote")}</th>
              </tr>
            </thead>
            <tbody>
              {plan.lines.map((line) => (
                <tr key={line.id}>
                  <td data-label={t("review.plan.item")}>{line.item}</td>
                  <td data-label={t("review.plan.quantity")} className="numeric">{formatNumber(line.quantity, locale)}</td>
                  <td data-label={t("review.plan.unitCost")} className="numeric">{money(line.unitCostMinor)}</td>
                  <td data-label={t("review.plan.modality")}>{t(`cases.modalities.${line.modality}`)}</td>
                  <td data-label={t("review.plan.lineTotal")} className="numeric">{money(line.totalMinor)}</td>
                  <td data-label={t("review.plan.supplierQuote")}>{line.supplierQuote ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <dl className="facts budget-totals">
        <div>
          <dt>{t("review.plan.inKind")}</dt>
          <dd>{money(plan.totals.inKindMinor)}</dd>
        </div>
        <div>
          <dt>{t("review.plan.cash")}</dt>
          <dd>{money(plan.totals.cashMinor)}</dd>
        </div>
        <div>
          <dt>{t("review.plan.requested")}</dt>
          <dd>
            <strong>{money(plan.totals.requestedMinor)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t("review.plan.coContribution")}</dt>
          <dd>{money(plan.totals.coContributionMinor)}</dd>
        </div>
        <div>
          <dt>{t("review.plan.total")}</dt>
          <dd>{money(plan.totals.totalMinor)}</dd>
        </div>
        <div>
          <dt>{t("review.plan.coContributionShare")}</dt>
          <dd>{formatNumber(plan.totals.coContributionShare * 100, locale, 1)}%</dd>
        </div>
      </dl>
      <h3>{t("plans.attachments.title")}</h3>
      {attachments.length === 0 ? (
        <p className="empty">{t("plans.attachments.empty")}</p>
      ) : (
        <ul className="plain-list">
          {attachments.map((attachment) => (
            <li key={attachment.id}>
              {/* A resource route: a plain link, so the browser downloads the file. */}
              <a href={`/cases/${caseId}/attachments/${attachment.id}`} aria-label={t("plans.attachments.download", { name: attachment.fileName })}>
                {attachment.fileName}
              </a>{" "}
              <span className="muted">({t("plans.attachments.kilobytes", { size: formatNumber(Math.max(1, Math.round(attachment.sizeBytes / 1024)), locale) })})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// The rubric's names, guidance and score meanings in the reader's language (see rubric-text.ts).
function useRubricLabels(rubric: Rubric) {
  const { i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return {
    criterionLabel: (criterion: RubricCriterion) => criterionLabel(criterion, locale),
    guidance: (criterion: RubricCriterion) => criterionGuidance(criterion, locale),
    meaning: (score: number) => scoreMeaning(rubric, score, locale),
    scaleLabel: (score: number) => scoreLabel(rubric, score, locale),
    scale: scaleScores(rubric),
  };
}

function ScoreForm({ rubric }: { rubric: Rubric }) {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  // The same schema the action parses with: a score on the scale and a comment for each criterion.
  const schema = useMemo(() => scoreFormSchema(rubric), [rubric]);
  const [form, fields] = useValidatedForm<Record<string, { score: string; comment: string }>>({ id: "scores", schema, messagePrefix: "review.", lastResult });
  const { criterionLabel, guidance, meaning, scaleLabel, scale } = useRubricLabels(rubric);
  return (
    <section className="panel" aria-labelledby="scores-heading">
      <h2 id="scores-heading">{t("review.assignment.scoresHeading")}</h2>
      <p className="field-hint">{t("review.assignment.scoresHint")}</p>
      <details className="scale-legend" open>
        <summary>{t("review.assignment.scaleLegend")}</summary>
        <dl>
          {scale.map((score) => (
            <div key={score}>
              <dt>{score}</dt>
              <dd>{meaning(score) || "—"}</dd>
            </div>
          ))}
        </dl>
      </details>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary form={form} />
        <RequiredFieldsNote />
        <input type="hidden" name="intent" value="score" />
        {rubric.criteria.map((criterion) => {
          const entry = fields[criterion.key].getFieldset();
          return (
            <fieldset key={criterion.key} className="form-section criterion">
              <legend>
                {criterionLabel(criterion)} <span className="badge">{t("review.assignment.weight", { weight: criterion.weight })}</span>
              </legend>
              {guidance(criterion) ? <p className="field-hint criterion-guidance">{guidance(criterion)}</p> : null}
              <SelectField
                label={t("review.assignment.score")}
                field={entry.score}
                placeholder={t("forms.choose")}
                options={scale.map((score) => ({ value: score, label: scaleLabel(score) }))}
                required
              />
              <TextareaField label={t("review.assignment.comment")} field={entry.comment} required />
            </fieldset>
          );
        })}
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t("review.assignment.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

type SubmittedScores = Record<string, { score: number; comment: string }> | null;

function ScoresTable({ rubric, scores, caption }: { rubric: Rubric; scores: SubmittedScores; caption: string }) {
  const { t } = useTranslation();
  const { criterionLabel, scaleLabel } = useRubricLabels(rubric);
  return (
    <TableScroll label={caption}>
      <table className="table responsive-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("review.assignment.criterion")}</th>
            <th scope="col" className="numeric">
              {t("review.assignment.score")}
            </th>
            <th scope="col">{t("review.assignment.comment")}</th>
          </tr>
        </thead>
        <tbody>
          {rubric.criteria.map((criterion) => {
            const entry = scores?.[criterion.key];
            return (
              <tr key={criterion.key}>
                <th scope="row">
                  {criterionLabel(criterion)} <span className="muted">({criterion.weight}%)</span>
                </th>
                <td className="numeric" data-label={t("review.assignment.score")}>
                  {entry ? scaleLabel(entry.score) : "—"}
                </td>
                <td data-label={t("review.assignment.comment")}>{entry?.comment ?? "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

export default function ReviewAssignmentPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const { assignment, rubric, plan } = data;
  const total = (hundredths: number | null) =>
    hundredths === null ? "—" : t("review.assignment.outOf100", { total: formatNumber(hundredths / 100, locale, 2) });
  return (
    <>
      <PageHeader title={t("review.assignment.title", { caseCode: data.caseCode })}>
        <p className="lead">
          {t("review.assignment.version", { version: data.planVersion })} · {t(`review.assignmentStatuses.${assignment.status}`)}
        </p>
      </PageHeader>
      <p>
        <Link to="/reviews">{t("review.assignment.backToQueue")}</Link>
      </p>

      {assignment.conflictOfInterest === null ? <ConflictDeclaration applicant={data.applicant} /> : null}
      {assignment.conflictOfInterest === false ? (
        <section className="panel" aria-label={t("review.assignment.applicant")}>
          <ApplicantSummary applicant={data.applicant} />
        </section>
      ) : null}

      {assignment.conflictOfInterest === true ? (
        <section className="panel panel-warning" aria-labelledby="recused-heading">
          <h2 id="recused-heading">{t("review.assignment.recusedHeading")}</h2>
          <p>{t("review.assignment.recusedBody")}</p>
        </section>
      ) : null}

      {plan ? <PlanView plan={plan} currency={data.currency} kvedCode={data.kvedCode} caseId={assignment.caseId} attachments={data.attachments} /> : null}

      {plan && assignment.status === "assigned" ? <ScoreForm rubric={rubric} /> : null}

      {plan && assignment.status === "submitted" ? (
        <>
          <section className="panel" aria-labelledby="own-scores-heading">
            <h2 id="own-scores-heading">{t("review.assignment.yourScores")}</h2>
            <p role="status" className="notice notice-success">
              {t("review.assignment.submitted")}
            </p>
            <p className="total-line">
              {t("review.assignment.weightedTotal")}: <strong>{total(assignment.weightedTotalHundredths)}</strong>
            </p>
            <ScoresTable rubric={rubric} scores={assignment.scores} caption={t("review.assignment.yourScores")} />
          </section>
          <section className="panel" aria-labelledby="other-scores-heading">
            <h2 id="other-scores-heading">{t("review.assignment.otherReviews")}</h2>
            {!data.otherReviews || data.otherReviews.length === 0 ? (
              <p className="empty">{t("review.assignment.noOtherReviews")}</p>
            ) : (
              data.otherReviews.map((review, index) => (
                <div key={index} className="other-review">
                  <p className="total-line">
                    {review.reviewerName} · {t("review.assignment.weightedTotal")}: <strong>{total(review.weightedTotalHundredths)}</strong>
                  </p>
                  <ScoresTable rubric={rubric} scores={review.scores} caption={`${t("review.assignment.reviewer")}: ${review.reviewerName}`} />
                </div>
              ))
            )}
          </section>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "review.queue.title");
  return data ? [{ title: `${data.caseCode} · ${base[0].title}` }] : base;
};
