import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { FormErrors, PageHeader, TextField } from "~/components/forms";
import { CaseVisitsSection } from "~/components/case-visits-section";
import { NextStepPanel } from "~/components/next-step-panel";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { TableScroll } from "~/components/table-scroll";
import { PhoneLink } from "~/components/phone-link";
import { PseudonymisedCasePage } from "~/components/pseudonymised-case";
import { ScreeningResults } from "~/components/screening-results";
import { can, requireCase, forbidden, type CurrentUser } from "~/lib/auth.server";
import { formatDate, formatDateTime, formatMoney } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { placeName } from "~/lib/places";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { isAtOrAfter } from "~/modules/cases/case-state";
import { CaseTransitionRefused } from "~/modules/cases/case-transitions.server";
import { withdrawCase } from "~/modules/cases/withdrawal.server";
import { loadCaseView, revealProtectedFields } from "~/modules/cases/case-file.server";
import { caseNextStep } from "~/modules/cases/next-step.server";
import { caseVisitsSummary } from "~/modules/followup/queues.server";
import { findKvedClass } from "~/modules/intake/kved";
import { applicationCompleteness } from "~/modules/intake/completeness.server";
import { caseActionSchema } from "~/modules/intake/schema";
import { overrideScreening, screenCase, ScreeningRefusedError } from "~/modules/intake/screening.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "listCases" });
  const file = loadCaseView(user, caseId);
  return {
    file,
    // What the application lacks and its partner form's other answers: never for evaluators (§8).
    ...(file.audience === "pseudonymised" ? {} : { application: applicationCompleteness(caseId) }),
    // Follow-up visits (domain.md §10), for those who log visits: evaluators never get the key.
    ...(file.audience === "pseudonymised" ? {} : withNextStep(user, caseId)),
    may: {
      edit: can(user, "registerApplicants"),
      screen: can(user, "screenApplicants"),
      reveal: can(user, "seeIdentityNumbers") || can(user, "seeProtectedCategory"),
      reviewDuplicates: can(user, "reviewDuplicates"),
      plan: can(user, "readPlans"),
      withdraw: can(user, "registerApplicants"),
    },
  };
}

// Follow-up visits (domain.md §10) and what happens next on the case, with whether this reader
// takes that step.
function withNextStep(user: CurrentUser, caseId: number) {
  const visits = caseVisitsSummary(user, caseId);
  const nextStep = caseNextStep(caseId, visits?.plan ?? null);
  return { visits, nextStep, mayTakeNextStep: nextStep?.permission ? can(user, nextStep.permission) : false };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "listCases" });
  const submission = parseWithZod(await readForm(request), { schema: caseActionSchema });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), revealed: null }, { status: 400 });
  const { intent } = submission.value;
  if (intent === "reveal") {
    if (!can(user, "seeIdentityNumbers") && !can(user, "seeProtectedCategory")) forbidden();
    return { result: submission.reply(), revealed: revealProtectedFields(user, caseId) };
  }
  // Screening, overriding and withdrawing were asked on a page showing this version of the case.
  const { version } = submission.value;
  if (intent === "withdraw") {
    if (!can(user, "registerApplicants")) forbidden();
    try {
      withdrawCase(user, caseId, version, submission.value.withdrawReason);
    } catch (error) {
      if (error instanceof StaleRecordError) return staleAnswer(submission.reply({ formErrors: ["errors.staleRecord"] }), error);
      if (!(error instanceof CaseTransitionRefused)) throw error;
      return Response.json({ result: submission.reply({ fieldErrors: { withdrawReason: ["cases.page.withdrawRefused"] } }), revealed: null }, { status: 409 });
    }
    return { result: submission.reply({ resetForm: true }), revealed: null };
  }
  if (!can(user, "screenApplicants")) forbidden();
  try {
    if (intent === "screen") screenCase(user, caseId, version);
    else overrideScreening(user, caseId, version, submission.value.reason);
  } catch (error) {
    if (error instanceof StaleRecordError) return staleAnswer(submission.reply({ formErrors: ["errors.staleRecord"] }), error);
    if (!(error instanceof ScreeningRefusedError)) throw error;
    return Response.json({ result: submission.reply({ formErrors: [`errors.screening.${error.code}`] }), revealed: null }, { status: 409 });
  }
  return { result: submission.reply({ resetForm: true }), revealed: null };
}

// Someone changed the case after this page was read: 409, saying what changed; the form keeps
// what was typed and the page reloads its data (shouldRevalidate).
function staleAnswer(result: SubmissionResult<string[]>, error: StaleRecordError) {
  return Response.json({ result, revealed: null, stale: error.change }, { status: 409 });
}

export const shouldRevalidate = revalidateAfterConflict;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children ?? "—"}</dd>
    </div>
  );
}

export default function CasePage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const { file, may } = data;
  const visits = "visits" in data ? data.visits : null;
  const application = "application" in data ? data.application : null;
  const nextStep = "nextStep" in data ? data.nextStep : null;
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [overrideForm, overrideFields] = useForm({ id: "override", lastResult: actionData?.result });
  const [withdrawForm, withdrawFields] = useForm({ id: "withdraw", lastResult: actionData?.result });
  // Evaluators read the pseudonymised view: nothing of the staff page below reaches them.
  if (file.audience === "pseudonymised") return <PseudonymisedCasePage file={file} />;
  const { case: caseFile, person, business, screenings, programme } = file;
  const place = (pcode: string | null | undefined) => (pcode ? placeName(file.places[pcode], locale) || pcode : "—");
  const latest = screenings[0];
  const kved = business?.kvedCode ? findKvedClass(business.kvedCode) : null;
  const revealed = actionData?.revealed;
  // A form refused because the case changed after the page was read (409): which form it was.
  const stale = actionData && "stale" in actionData ? actionData.stale : undefined;
  const staleIntent = stale !== undefined ? actionData?.result.initialValue?.intent : undefined;
  const title = "surname" in person ? `${person.surname} ${person.firstName} ${person.patronymic ?? ""}` : caseFile.caseCode;
  return (
    <>
      <PageHeader
        title={title}
        actions={
          <>
            {may.plan && isAtOrAfter(caseFile.stage, "training") ? (
              <Link to={`/cases/${caseFile.id}/plan`} className="button-secondary">
                {t("plans.link")}
              </Link>
            ) : null}
            {may.plan && isAtOrAfter(caseFile.stage, "grant_agreement") && caseFile.status !== "merged" ? (
              <Link to={`/cases/${caseFile.id}/agreement`} className="button-secondary">
                {t("grants.agreement.link")}
              </Link>
            ) : null}
            {may.edit && caseFile.status !== "merged" ? (
              <Link to={`/cases/${caseFile.id}/edit`} className="button-secondary">
                {t("cases.page.edit")}
              </Link>
            ) : null}
          </>
        }
      >
        <p className="lead">
          {caseFile.caseCode} · {programme.code} · {t(`stages.${caseFile.stage}`)}
          {caseFile.status !== "open" ? ` · ${t(`statuses.${caseFile.status}`)}` : ""}
        </p>
      </PageHeader>

      {caseFile.status === "merged" ? (
        <p className="notice">
          {caseFile.mergedInto ? (
            <Trans
              i18nKey="cases.page.mergedNotice"
              values={{ caseCode: caseFile.mergedInto.caseCode }}
              components={{ survivor: <Link to={`/cases/${caseFile.mergedInto.id}`} /> }}
            />
          ) : (
            t("cases.page.mergedNoticeNoCase")
          )}
        </p>
      ) : null}
      {searchParams.get("registered") ? (
        <p role="status" className="notice notice-success">
          {t("cases.page.registered")}
        </p>
      ) : null}
      {searchParams.get("duplicateOf") ? (
        <p role="alert" className="notice">
          {t("cases.page.definiteDuplicate", { matchedOn: t(`cases.page.matchedOn.${searchParams.get("duplicateOf") === "passport" ? "passport" : "rnokpp"}`) })}
        </p>
      ) : null}
      {nextStep ? <NextStepPanel step={nextStep} mayAct={"mayTakeNextStep" in data ? data.mayTakeNextStep === true : false} /> : null}

      {file.possibleDuplicates.length ? (
        <section className="panel panel-warning" aria-labelledby="possible-duplicates">
          <h2 id="possible-duplicates">{t("cases.page.possibleDuplicates")}</h2>
          <ul className="plain-list">
            {file.possibleDuplicates.map((duplicate) => (
              <li key={duplicate.id}>
                {duplicate.otherCase ? <Link to={`/cases/${duplicate.otherCase.id}`}>{duplicate.otherCase.caseCode}</Link> : "—"} ·{" "}
                {duplicate.reasons.map((reason) => t(`duplicates.reasons.${reason}`)).join(", ")} ·{" "}
                <Link to={`/duplicates/${duplicate.id}`}>{t("cases.page.reviewDuplicate")}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {application && (application.missing.length || application.notCollected.length) ? (
        <section className="panel panel-warning" aria-labelledby="incomplete-heading">
          <h2 id="incomplete-heading">{application.missing.length ? t("cases.page.incomplete.title") : t("cases.page.incomplete.notCollected")}</h2>
          {application.missing.length ? <p>{t("cases.page.incomplete.intro")}</p> : null}
          <dl className="facts">
            {(["screening", "plan"] as const).map((step) => {
              const fields = application.missing.filter((entry) => entry.step === step);
              return fields.length ? (
                <Fact key={step} label={t(`cases.page.incomplete.before.${step}`)}>
                  {fields.map((entry) => t(`imports.fields.${entry.field}`)).join(", ")}
                </Fact>
              ) : null;
            })}
          </dl>
          {application.notCollected.length ? (
            <p className="field-hint">
              {application.missing.length ? <strong>{t("cases.page.incomplete.notCollected")}: </strong> : null}
              {application.notCollected.map((field) => t(`imports.fields.${field}`)).join(", ")}
            </p>
          ) : null}
        </section>
      ) : null}

      <div className="grid-2">
        <section className="panel" aria-labelledby="person-heading">
          <h2 id="person-heading">{t("cases.page.person")}</h2>
          <dl className="facts">
            {"surname" in person ? (
              <>
                <Fact label={t("cases.form.latinName")}>{person.latinName}</Fact>
                <Fact label={t("cases.form.birthDate")}>
                  {person.birthDate
                    ? `${formatDate(person.birthDate, locale)}${application?.birthDateSource === "rnokpp" ? ` (${t("cases.page.birthDateFromRnokpp")})` : ""}`
                    : application?.approximateBirthYear
                      ? t("cases.page.approximateBirthYear", { year: application.approximateBirthYear })
                      : application?.notCollected.includes("birthDate")
                        ? t("cases.page.notCollectedValue")
                        : null}
                </Fact>
                <Fact label={t("cases.form.phone")}>{person.phone ? <PhoneLink phone={person.phone} /> : null}</Fact>
              </>
            ) : null}
            <Fact label={t("cases.sex")}>
              {person.sex ? `${t(`cases.sexes.${person.sex}`)}${application?.sexSource === "rnokpp" ? ` (${t("cases.page.sexFromRnokpp")})` : ""}` : null}
            </Fact>
            <Fact label={t("cases.ageBand")}>{person.ageBand}</Fact>
            <Fact label={t("cases.page.disability")}>{person.disability ? t("cases.yes") : t("cases.no")}</Fact>
            <Fact label={t("cases.displacementStatus")}>{caseFile.displacementStatus ? t(`cases.displacement.${caseFile.displacementStatus}`) : null}</Fact>
            <Fact label={t("cases.page.location")}>
              {place(caseFile.oblastPcode)}
              {caseFile.hromadaPcode ? ` · ${place(caseFile.hromadaPcode)}` : ""}
            </Fact>
            {caseFile.referralSource ? <Fact label={t("cases.form.referralSource")}>{t(`cases.referral.${caseFile.referralSource}`)}</Fact> : null}
            <Fact label={t("cases.partner")}>{caseFile.partnerName ? (locale === "uk" ? caseFile.partnerName.nameUk : caseFile.partnerName.name) : null}</Fact>
            <Fact label={t("cases.mentor")}>{caseFile.mentorName}</Fact>
          </dl>
          {may.reveal && "surname" in person ? (
            revealed ? (
              <dl className="facts protected" aria-label={t("cases.page.protectedFields")}>
                {revealed.rnokpp ? <Fact label={t("cases.form.rnokpp")}>{revealed.rnokpp}</Fact> : null}
                {revealed.passport ? <Fact label={t("cases.form.passportNumber")}>{revealed.passport}</Fact> : null}
                <Fact label={t("cases.form.protectedCategory")}>
                  {revealed.protectedCategory ? t(`cases.protected.${revealed.protectedCategory}`) : t("cases.form.noneRecorded")}
                </Fact>
                {revealed.rnokppWarnings.map((warning: string) => (
                  <p key={warning} className="notice">
                    {t(`cases.page.rnokppWarnings.${warning}`)}
                  </p>
                ))}
              </dl>
            ) : (
              <Form method="post">
                <button type="submit" name="intent" value="reveal" className="button-secondary">
                  {t("cases.page.reveal")}
                </button>
                <p className="field-hint">{t("cases.page.revealHint")}</p>
              </Form>
            )
          ) : null}
        </section>

        <section className="panel" aria-labelledby="household-heading">
          <h2 id="household-heading">{t("cases.page.household")}</h2>
          <dl className="facts">
            <Fact label={t("cases.form.householdSize")}>{caseFile.household.size}</Fact>
            <Fact label={t("cases.form.children")}>{caseFile.household.children}</Fact>
            <Fact label={t("cases.form.olderMembers")}>{caseFile.household.olderMembers}</Fact>
            <Fact label={t("cases.form.membersWithDisability")}>{caseFile.household.membersWithDisability}</Fact>
            {caseFile.household.monthlyIncomeMinor !== null ? (
              <Fact label={t("cases.form.monthlyHouseholdIncome")}>{formatMoney(caseFile.household.monthlyIncomeMinor, "UAH", locale)}</Fact>
            ) : null}
          </dl>
          <ul className="tag-list" aria-label={t("cases.page.vulnerabilities")}>
            {(["femaleHeaded", "singleParent", "veteranOrFamily", "protectionFlag"] as const)
              .filter((key) => caseFile.vulnerability[key])
              .map((key) => (
                <li key={key} className="badge">
                  {t(`cases.vulnerability.${key}`)}
                </li>
              ))}
          </ul>
        </section>
      </div>

      <section className="panel" aria-labelledby="business-heading">
        <h2 id="business-heading">{t("cases.page.business")}</h2>
        {business ? (
          <dl className="facts facts-wide">
            <Fact label={t("cases.form.businessKind")}>{t(`cases.businessKinds.${business.kind}`)}</Fact>
            <Fact label={t("cases.form.businessName")}>{business.name}</Fact>
            <Fact label={t("cases.form.legalForm")}>{business.legalForm ? t(`cases.legalForms.${business.legalForm}`) : null}</Fact>
            <Fact label={t("cases.form.kved")}>
              {kved ? `${kved.code} ${locale === "uk" ? kved.nameUk : kved.nameEn} (${business.kvedVersion})` : business.kvedCode}
            </Fact>
            {business.kind === "existing" ? (
              <>
                <Fact label={t("cases.form.registrationDate")}>{formatDate(business.registrationDate, locale)}</Fact>
                <Fact label={t("cases.form.baselineRevenue")}>
                  {business.baselineMonthlyRevenueMinor !== null ? formatMoney(business.baselineMonthlyRevenueMinor, "UAH", locale) : null}
                </Fact>
                <Fact label={t("cases.form.baselineNetIncome")}>
                  {business.baselineMonthlyNetIncomeMinor !== null ? formatMoney(business.baselineMonthlyNetIncomeMinor, "UAH", locale) : null}
                </Fact>
              </>
            ) : null}
            <Fact label={t("cases.form.requestedModality")}>{business.requestedModality ? t(`cases.modalities.${business.requestedModality}`) : null}</Fact>
            <Fact label={t("cases.form.requestedAmount")}>
              {business.requestedAmountMinor !== null ? formatMoney(business.requestedAmountMinor, business.currency, locale) : null}
              {business.requestedAmountMinor !== null && business.requestedAmountMinor > programme.ceilingMinor ? (
                <span className="badge badge-danger">{t("cases.page.aboveCeiling", { ceiling: formatMoney(programme.ceilingMinor, programme.currency, locale) })}</span>
              ) : null}
            </Fact>
            <Fact label={t("cases.form.coContribution")}>
              {business.coContributionMinor !== null ? formatMoney(business.coContributionMinor, business.currency, locale) : null}
            </Fact>
          </dl>
        ) : (
          <p className="empty">{t("cases.page.noBusiness")}</p>
        )}
      </section>

      {application?.extraAnswers.length ? (
        <section className="panel" aria-labelledby="extra-answers-heading">
          <h2 id="extra-answers-heading">{t("cases.page.extraAnswers")}</h2>
          <dl className="facts facts-wide">
            {application.extraAnswers.map((answer) => (
              <Fact key={answer.question} label={answer.label}>
                {answer.value}
                {answer.freeText ? <span className="field-hint"> ({t("cases.page.extraFreeText")})</span> : null}
              </Fact>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="screening-heading">
        <h2 id="screening-heading">{t("cases.page.screening")}</h2>
        {staleIntent === "screen" || staleIntent === "override" ? (
          <StaleRecordNotice change={stale ?? null} />
        ) : (
          <FormErrors errors={actionData?.result && "error" in actionData.result ? actionData.result.error?.[""] : undefined} />
        )}
        {latest ? (
          <>
            <p>
              <span className={`badge badge-eligibility-${caseFile.eligibility}`}>{t(`cases.eligibilityStatus.${caseFile.eligibility}`)}</span>{" "}
              {t("cases.page.screenedOn", { date: formatDate(latest.screenedOn, locale) })}
            </p>
            <ScreeningResults ruleResults={latest.ruleResults} breakdown={latest.vulnerabilityBreakdown} score={latest.vulnerabilityScore} places={file.places} />
            {latest.overrideReason ? (
              <p className="notice">{t("cases.page.overridden", { reason: latest.overrideReason })}</p>
            ) : null}
          </>
        ) : (
          <p className="empty">{t("cases.page.notScreened")}</p>
        )}
        {may.screen && (caseFile.stage === "application" || caseFile.stage === "screening") && caseFile.status === "open" ? (
          <Form method="post">
            <input type="hidden" name="version" value={caseFile.version} />
            <button type="submit" name="intent" value="screen" className="button-primary">
              {latest ? t("cases.page.rescreen") : t("cases.page.screen")}
            </button>
          </Form>
        ) : null}
        {may.screen && latest && !latest.eligible && !latest.overrideReason && caseFile.status === "ineligible" ? (
          <Form method="post" {...getFormProps(overrideForm)} className="stack override-form">
            <input type="hidden" name="intent" value="override" />
            <input type="hidden" name="version" value={caseFile.version} />
            <TextField label={t("cases.page.overrideReason")} field={overrideFields.reason} hint={t("cases.page.overrideHint")} />
            <button type="submit" className="button-secondary">
              {t("cases.page.override")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="displacement-heading">
        <h2 id="displacement-heading">{t("cases.page.displacementHistory")}</h2>
        <TableScroll label={t("cases.page.displacementHistory")}>
          <table className="table responsive-table">
            <thead>
              <tr>
                <th scope="col">{t("cases.page.recordedOn")}</th>
                <th scope="col">{t("cases.displacementStatus")}</th>
                <th scope="col">{t("cases.page.location")}</th>
                <th scope="col">{t("cases.form.origin")}</th>
                <th scope="col">{t("cases.form.idpCertificateNumber")}</th>
              </tr>
            </thead>
            <tbody>
              {file.displacementHistory.map((record) => (
                <tr key={record.id}>
                  <td data-label={t("cases.page.recordedOn")}>
                    {formatDate(record.recordedOn, locale)} ({t(`cases.displacementContexts.${record.context}`)})
                  </td>
                  <td data-label={t("cases.displacementStatus")}>{t(`cases.displacement.${record.status}`)}</td>
                  <td data-label={t("cases.page.location")}>
                    {record.abroad ? t("followup.residence.abroad") : place(record.currentOblastPcode)}
                    {record.currentHromadaPcode ? ` · ${place(record.currentHromadaPcode)}` : ""}
                  </td>
                  <td data-label={t("cases.form.origin")}>
                    {record.originOblastPcode ? place(record.originOblastPcode) : "—"}
                    {record.originHromadaPcode ? ` · ${place(record.originHromadaPcode)}` : ""}
                  </td>
                  <td data-label={t("cases.form.idpCertificateNumber")}>
                    {record.idpCertificateNumber ?? "—"}
                    {record.idpCertificateDate ? ` (${formatDate(record.idpCertificateDate, locale)})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      {may.withdraw && (caseFile.status === "open" || caseFile.status === "waitlisted") ? (
        <details className="panel withdraw-panel" open={staleIntent === "withdraw" || undefined}>
          <summary>{t("cases.page.withdrawHeading")}</summary>
          <Form method="post" {...getFormProps(withdrawForm)} className="stack narrow">
            {staleIntent === "withdraw" ? <StaleRecordNotice change={stale ?? null} /> : null}
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="version" value={caseFile.version} />
            <TextField label={t("cases.page.withdrawReason")} field={withdrawFields.withdrawReason} hint={t("cases.page.withdrawHint")} />
            <button type="submit" className="button-danger">
              {t("cases.page.withdraw")}
            </button>
          </Form>
        </details>
      ) : staleIntent === "withdraw" ? (
        <StaleRecordNotice change={stale ?? null} />
      ) : null}

      {visits ? <CaseVisitsSection visits={visits} /> : null}

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("cases.page.timeline")}</h2>
        <ol className="timeline">
          {file.timeline.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time> · {entry.userName ?? t("audit.system")} ·{" "}
              {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}
              {entry.note ? ` — ${entry.note}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "cases.title");
  return data ? [{ title: `${data.file.case.caseCode} · ${base[0].title}` }] : base;
};
