import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { canAccessCase, requireUser, type CurrentUser } from "~/lib/auth.server";
import { findCaseAssignment } from "~/modules/cases/case-file.server";
import { formatMoney, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { pageOf, requestedPage, type Paged } from "~/lib/paging";
import { listProgrammes } from "~/modules/admin/programmes.server";
import { committeeBoard, plansBeforeCommittee, withApplicantNames } from "~/modules/review/committee-board.server";
import { standingDecisionSummary } from "~/modules/review/committee.server";

function mayOpen(user: CurrentUser, caseId: number) {
  const assignment = findCaseAssignment(caseId);
  return assignment !== undefined && canAccessCase(user, assignment);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "decideGrants" });
  const programmes = listProgrammes(user);
  const url = new URL(request.url);
  const wanted = Number(url.searchParams.get("programme"));
  const decidedCaseId = Number(url.searchParams.get("decided"));
  // Default: the first active programme with plans before the committee, else the first active one.
  const waiting = plansBeforeCommittee();
  const programme =
    programmes.find((candidate) => candidate.id === wanted) ??
    programmes.find((candidate) => candidate.active && (waiting.get(candidate.id) ?? 0) > 0) ??
    programmes.find((candidate) => candidate.active) ??
    programmes[0];
  const board = programme ? committeeBoard(programme.id) : null;
  return {
    programmes: programmes.map(({ id, code, name, nameUk }) => ({ id, code, name, nameUk })),
    // The ranking needs every plan; the page shows it a page at a time, with those applicants' names.
    board: board ? { ...board, ranked: shownPage(pageOf(board.ranked, requestedPage(url), committeePageSize)) } : null,
    decided: Number.isSafeInteger(decidedCaseId) && decidedCaseId > 0 && mayOpen(user, decidedCaseId) ? standingDecisionSummary(decidedCaseId) : null,
  };
}

const committeePageSize = 50;

function shownPage<Row extends { caseId: number }>(page: Paged<Row>) {
  return { ...page, items: withApplicantNames(page.items) };
}

export default function CommitteePage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { programmes, board, decided } = useLoaderData<typeof loader>();
  const money = (minor: number) => (board ? formatMoney(minor, board.programme.currency, locale) : "");
  return (
    <>
      <PageHeader title={t("review.committee.title")}>
        <p className="lead">{t("review.committee.intro")}</p>
      </PageHeader>

      {decided ? (
        <p role="status" className="notice notice-success">
          {t("review.committee.saved", { caseCode: decided.caseCode, decision: t(`review.decided.${decided.decision}`) })}{" "}
          <Link to={`/committee/${decided.caseId}`}>{t("review.committee.openDecision")}</Link>
          {" · "}
          <Link to={`/cases/${decided.caseId}/decision-letter`}>{t("review.decision.letter")}</Link>
        </p>
      ) : null}
      {!board ? (
        <p className="empty">{t("review.noProgrammes")}</p>
      ) : (
        <>
          <Form method="get" className="picker-form">
            <div className="field">
              <label htmlFor="programme-picker">{t("review.programme")}</label>
              <select id="programme-picker" name="programme" defaultValue={board.programme.id}>
                {programmes.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.code} · {locale === "uk" ? option.nameUk : option.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button-secondary">
              {t("review.show")}
            </button>
          </Form>

          <section className="panel" aria-labelledby="envelope-heading">
            <h2 id="envelope-heading">{t("review.committee.envelope")}</h2>
            <dl className="stats stats-money">
              <div>
                <dt>{t("review.committee.available")}</dt>
                <dd>{money(board.envelope.availableMinor)}</dd>
              </div>
              <div>
                <dt>{t("review.committee.requested")}</dt>
                <dd>{money(board.envelope.requestedMinor)}</dd>
              </div>
              <div>
                <dt>{t("review.committee.approved")}</dt>
                <dd>{money(board.envelope.approvedMinor)}</dd>
              </div>
              <div>
                <dt>{t("review.committee.envelopeTotal")}</dt>
                <dd>{money(board.envelope.totalMinor)}</dd>
              </div>
            </dl>
            {board.envelope.requestedMinor > board.envelope.availableMinor ? <p className="notice">{t("review.committee.overRequested")}</p> : null}
          </section>

          <section className="panel" aria-labelledby="ranked-heading">
            <h2 id="ranked-heading">{t("review.committee.ranked")}</h2>
            <p className="field-hint">{t("review.committee.rankingRule")}</p>
            {board.ranked.total === 0 ? (
              <p className="empty">{t("review.committee.empty")}</p>
            ) : (
              <>
                <p className="field-hint">{t("review.committee.runningRule", { available: money(board.envelope.availableMinor) })}</p>
                <div className="table-scroll" role="region" aria-label={t("review.committee.tableLabel")} tabIndex={0}>
                  <table className="table responsive-table committee-table">
                    <thead>
                      <tr>
                        <th scope="col" className="numeric">
                          {t("review.committee.rank")}
                        </th>
                        <th scope="col">{t("review.committee.plan")}</th>
                        <th scope="col" className="numeric">
                          {t("review.committee.score")}
                        </th>
                        <th scope="col" className="numeric">
                          {t("review.committee.vulnerabilityShort")}
                        </th>
                        <th scope="col" className="numeric">
                          {t("review.committee.requestedAmount")}
                        </th>
                        <th scope="col" className="numeric">
                          {t("review.committee.runningTotal")}
                        </th>
                        <th scope="col">{t("review.committee.status")}</th>
                        <th scope="col">
                          <span className="visually-hidden">{t("review.committee.decide")}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {board.ranked.items.map((row) => (
                        <Fragment key={row.caseId}>
                          {row.rank === board.envelopeRunsOutBeforeRank ? (
                            <tr className="envelope-line">
                              <td colSpan={8}>
                                <strong>{t("review.committee.envelopeLine", { available: money(board.envelope.availableMinor) })}</strong>
                              </td>
                            </tr>
                          ) : null}
                          <tr className={[row.flagged ? "row-flagged" : "", row.withinEnvelope ? "" : "row-beyond-envelope"].filter(Boolean).join(" ") || undefined}>
                            <td data-label={t("review.committee.rank")} className="numeric">
                              {row.rank}
                            </td>
                            <td data-label={t("review.committee.plan")}>
                              <Link to={`/cases/${row.caseId}/review`} className="nowrap">
                                {row.caseCode}
                              </Link>
                              <span className="committee-applicant">
                                {row.surname} {row.firstName}
                              </span>
                            </td>
                            <td data-label={t("review.committee.score")} className="numeric">
                              {formatNumber(row.planScore, locale, 2)}
                              <span className="committee-badges">
                                {row.recommended ? <span className="badge badge-success">{t("review.committee.recommended")}</span> : null}
                                {row.flagged ? (
                                  <span className="badge badge-warning" title={t("review.committee.flagged")}>
                                    {t("review.committee.flaggedShort")}
                                  </span>
                                ) : null}
                              </span>
                            </td>
                            <td data-label={t("review.committee.vulnerability")} className="numeric">
                              {row.vulnerabilityScore}
                            </td>
                            <td data-label={t("review.committee.requestedAmount")} className="numeric nowrap">
                              {money(row.requestedMinor)}
                            </td>
                            <td data-label={t("review.committee.runningTotal")} className="numeric nowrap">
                              {money(row.runningTotalMinor)}
                              {row.withinEnvelope ? null : <span className="note committee-beyond">{t("review.committee.beyondEnvelope")}</span>}
                            </td>
                            <td data-label={t("review.committee.status")}>
                              {row.status === "waitlisted" ? <span className="badge badge-muted">{t("statuses.waitlisted")}</span> : t(`statuses.${row.status}`)}
                            </td>
                            <td className="committee-decide">
                              <Link to={`/committee/${row.caseId}`} className="button-secondary button-small nowrap" aria-label={`${t("review.committee.decide")}: ${row.caseCode}`}>
                                {t("review.committee.decideShort")}
                              </Link>
                            </td>
                          </tr>
                        </Fragment>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pagination page={board.ranked.page} pageCount={board.ranked.pageCount} label={t("review.committee.pages")} />
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review.committee.title");
