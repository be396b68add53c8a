import { getCollectionProps, getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormErrors, PageHeader } from "~/components/forms";
import { ReviewComparison } from "~/components/review-comparison";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireCase } from "~/lib/auth.server";
import { formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { refusalKey, withReviewErrorKeys } from "~/locales/review";
import { loadCaseFile } from "~/modules/cases/case-file.server";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { assignReviewers, eligibleReviewers, reviewSummary } from "~/modules/review/reviews.server";
import { criterionLabel } from "~/modules/review/rubric-text";
import { reviewerAssignmentSchema } from "~/modules/review/schema";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "decideGrants" });
  const { case: caseFile } = loadCaseFile(user, caseId);
  const summary = reviewSummary(caseId);
  // An officer may also be one of the plan's reviewers: until their own scores are in, they
  // see no one else's here either (blind scoring).
  const blind = summary?.assignments.some((assignment) => assignment.reviewerId === user.id && assignment.status === "assigned") ?? false;
  const assigned = new Set(summary?.assignments.map((assignment) => assignment.reviewerId));
  return {
    // The version is posted back with an assignment: one made on a page older than the case is refused.
    case: { id: caseFile.id, caseCode: caseFile.caseCode, stage: caseFile.stage, status: caseFile.status, version: caseFile.version },
    review: summary
      ? {
          planVersion: summary.planVersion,
          minReviewers: summary.minReviewers,
          activeReviewers: summary.assignments.filter((assignment) => assignment.status !== "recused").length,
          recommendationThreshold: summary.rubric.recommendationThreshold,
          disagreementThreshold: summary.rubric.disagreementThreshold,
          // What the criteria are called, for the list of those the reviewers disagree on.
          criteria: summary.rubric.criteria.map(({ key, label }) => ({ key, label })),
          assignments: summary.assignments.map((assignment) => ({
            id: assignment.id,
            reviewerName: assignment.reviewerName,
            status: assignment.status,
            conflictOfInterest: assignment.conflictOfInterest,
            conflictNote: assignment.conflictNote,
            weightedTotalHundredths: assignment.status === "submitted" && !blind ? assignment.weightedTotalHundredths : null,
          })),
          score: blind ? null : summary.score,
          disagreement: blind ? null : summary.disagreement,
          // Scores and comments side by side, once every review is in (null before).
          comparison: blind ? null : summary.comparison,
        }
      : null,
    blind,
    // Not the plan's authors, nor admins, nor anyone already assigned.
    availableReviewers: eligibleReviewers(caseId).filter((reviewer) => !assigned.has(reviewer.id)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "decideGrants" });
  const submission = parseWithZod(await readForm(request), { schema: reviewerAssignmentSchema });
  if (submission.status !== "success") return Response.json({ result: withReviewErrorKeys(submission.reply()), assigned: false }, { status: 400 });
  try {
    assignReviewers(user, caseId, submission.value.version, submission.value.reviewerIds);
  } catch (error) {
    if (error instanceof StaleRecordError) {
      return Response.json({ result: submission.reply({ formErrors: ["errors.staleRecord"] }), assigned: false, stale: error.change }, { status: 409 });
    }
    if (!(error instanceof CaseTransitionRefused)) throw error;
    return Response.json({ result: submission.reply({ formErrors: [refusalKey(error.code)] }), assigned: false }, { status: 409 });
  }
  return { result: submission.reply({ resetForm: true }), assigned: true };
}

export const shouldRevalidate = revalidateAfterConflict;

export default function CaseReviewPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { case: caseFile, review, blind, availableReviewers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({ id: `assign-${caseFile.id}`, lastResult: actionData?.result });
  const stale = actionData && "stale" in actionData ? actionData.stale : undefined;
  const points = (value: number) => formatNumber(value, locale, 2);
  const mayAssign = caseFile.stage === "review" && caseFile.status === "open";
  return (
    <>
      <PageHeader title={t("review.panel.title")}>
        <p className="lead">
          {review
            ? t("review.panel.lead", { caseCode: caseFile.caseCode, version: review.planVersion, stage: t(`stages.${caseFile.stage}`) })
            : `${caseFile.caseCode} · ${t(`stages.${caseFile.stage}`)}`}
        </p>
      </PageHeader>
      <p className="link-row">
        <Link to={`/cases/${caseFile.id}`}>{t("review.panel.openCase")}</Link>
        <Link to={`/cases/${caseFile.id}/plan`}>{t("review.panel.openPlan")}</Link>
        {caseFile.stage === "committee" ? <Link to={`/committee/${caseFile.id}`}>{t("review.panel.toCommittee")}</Link> : null}
      </p>

      {!review ? (
        <p className="empty">{t("review.panel.noPlan")}</p>
      ) : (
        <>
          {stale !== undefined && !mayAssign ? <StaleRecordNotice change={stale} /> : null}
          {actionData?.assigned ? (
            <p role="status" className="notice notice-success">
              {t("review.panel.assigned")}
            </p>
          ) : null}
          {blind ? <p className="notice">{t("review.panel.blind")}</p> : null}

          <section className="panel" aria-labelledby="reviewers-heading">
            <h2 id="reviewers-heading">{t("review.panel.reviewers")}</h2>
            {review.assignments.length === 0 ? (
              <p className="empty">{t("review.panel.noAssignments")}</p>
            ) : (
              <div className="table-scroll" role="region" aria-label={t("review.panel.reviewersTable")} tabIndex={0}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("review.panel.reviewer")}</th>
                      <th scope="col">{t("review.panel.conflict")}</th>
                      <th scope="col">{t("review.panel.status")}</th>
                      <th scope="col" className="numeric">
                        {t("review.panel.weightedTotal")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {review.assignments.map((assignment) => (
                      <tr key={assignment.id}>
                        <td>{assignment.reviewerName}</td>
                        <td>
                          {assignment.conflictOfInterest === null ? (
                            t("review.panel.conflictNotDeclared")
                          ) : assignment.conflictOfInterest ? (
                            <>
                              <span className="badge badge-warning">{t("review.panel.conflictDeclared")}</span>
                              {assignment.conflictNote ? <span className="note"> {assignment.conflictNote}</span> : null}
                            </>
                          ) : (
                            t("review.panel.conflictNone")
                          )}
                        </td>
                        <td>{t(`review.assignmentStatuses.${assignment.status}`)}</td>
                        <td className="numeric">{assignment.weightedTotalHundredths !== null ? points(assignment.weightedTotalHundredths / 100) : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="panel" aria-labelledby="assign-heading">
            <h2 id="assign-heading">{t("review.panel.assignHeading")}</h2>
            <p>{t("review.panel.minimum", { min: review.minReviewers, active: review.activeReviewers })}</p>
            {!mayAssign ? (
              <p className="empty">{t("review.panel.notInReview")}</p>
            ) : availableReviewers.length === 0 ? (
              <p className="empty">{t("review.panel.nobodyLeft")}</p>
            ) : (
              <Form method="post" {...getFormProps(form)} className="stack">
                {stale !== undefined ? <StaleRecordNotice id={form.errorId} change={stale} /> : <FormErrors id={form.errorId} errors={form.errors} />}
                <input type="hidden" name="version" value={caseFile.version} />
                <fieldset className="field" aria-describedby={fields.reviewerIds.errorId}>
                  <legend>{t("review.panel.chooseReviewers")}</legend>
                  <p className="field-hint">{t("review.panel.notOffered")}</p>
                  <div className="checkbox-grid">
                    {getCollectionProps(fields.reviewerIds, { type: "checkbox", options: availableReviewers.map((reviewer) => String(reviewer.id)) }).map((props) => {
                      const reviewer = availableReviewers.find((candidate) => String(candidate.id) === props.value)!;
                      return (
                        <label key={props.key} className="checkbox-option">
                          <input {...props} key={props.key} />
                          <span>
                            {reviewer.name} <span className="muted">({t(`roles.${reviewer.role}`)})</span>
                          </span>
                        </label>
                      );
                    })}
                  </div>
                  <ErrorList id={fields.reviewerIds.errorId} errors={fields.reviewerIds.errors} />
                </fieldset>
                <div className="form-actions">
                  <button type="submit" className="button-primary">
                    {t("review.panel.assign")}
                  </button>
                </div>
              </Form>
            )}
          </section>

          {blind ? null : (
            <section className="panel" aria-labelledby="score-heading">
              <h2 id="score-heading">{t("review.panel.scoreHeading")}</h2>
              {review.score ? (
                <>
                  <p>
                    <strong>{t("review.panel.score", { score: points(review.score.planScore), count: review.score.reviewCount })}</strong>{" "}
                    {review.score.recommended ? (
                      <span className="badge badge-success">{t("review.panel.recommended", { threshold: review.recommendationThreshold })}</span>
                    ) : (
                      <span className="badge badge-muted">{t("review.panel.notRecommended", { threshold: review.recommendationThreshold })}</span>
                    )}
                  </p>
                  {review.disagreement?.flagged ? (
                    <div className="notice discussion-flag" role="note">
                      <p>
                        <strong>{t("review.panel.flagged")}</strong>
                      </p>
                      {review.disagreement.criteria.length ? (
                        <p>
                          {t("review.panel.flaggedCriteria", {
                            criteria: review.disagreement.criteria
                              .map((key) => criterionLabel(review.criteria.find((criterion) => criterion.key === key) ?? { key }, locale))
                              .join(", "),
                          })}
                        </p>
                      ) : null}
                      <p>{t("review.panel.spread", { spread: points(review.disagreement.totalSpread), threshold: points(review.disagreementThreshold.total) })}</p>
                    </div>
                  ) : review.disagreement ? (
                    <p>
                      {t("review.panel.agreement")} {t("review.panel.spread", { spread: points(review.disagreement.totalSpread), threshold: points(review.disagreementThreshold.total) })}
                    </p>
                  ) : null}
                </>
              ) : (
                <p className="empty">{t("review.panel.noScore")}</p>
              )}
              {review.comparison === null && review.score ? <p className="field-hint">{t("review.panel.comparisonLater")}</p> : null}
            </section>
          )}
          {review.comparison ? <ReviewComparison comparison={review.comparison} threshold={review.disagreementThreshold} /> : null}
        </>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "review.panel.title");
  return data ? [{ title: `${data.case.caseCode} · ${base[0].title}` }] : base;
};
