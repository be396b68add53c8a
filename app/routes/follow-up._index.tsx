// The officer's follow-up page (domain.md §10): overdue and missed visits by partner NGO, mentor
// and oblast, the visits themselves, visits completed per month, each mentor's caseload, and bulk
// mentor assignment within one partner NGO.
import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/page-header";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { can, forbidden, mayReadFollowUpOverview, requireUser } from "~/lib/auth.server";
import { formatDate, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { placeName } from "~/lib/places";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { followUpErrorKey } from "~/locales/followup";
import { FollowUpRefused } from "~/modules/followup/followup-errors";
import { assignMentor } from "~/modules/followup/mentors.server";
import { casesForAssignment, followUpOverview } from "~/modules/followup/queues.server";
import { mentorAssignmentLimits, mentorAssignmentSchema } from "~/modules/followup/schema";
import followupStyles from "~/styles/followup.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: followupStyles }];

const idParam = (value: string | null) => (value && /^\d{1,12}$/.test(value) ? Number(value) : undefined);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!mayReadFollowUpOverview(user)) forbidden();
  const mayAssign = can(user, "decideGrants");
  const params = new URL(request.url).searchParams;
  const filter = { partnerId: idParam(params.get("partner")), mentorId: idParam(params.get("mentor")), oblastPcode: /^UA\d{2}$/.test(params.get("oblast") ?? "") ? params.get("oblast")! : undefined };
  const assignPartner = idParam(params.get("assignPartner"));
  return {
    overview: followUpOverview(user, filter),
    filter,
    assignPartner: assignPartner ?? null,
    assignable: assignPartner && mayAssign ? casesForAssignment(user, assignPartner, { unassignedOnly: params.get("unassigned") === "1" }) : [],
    mayAssign,
    mayEditSchedules: can(user, "manageProgrammes"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "decideGrants" });
  const submission = parseWithZod(await readForm(request, mentorAssignmentLimits), { schema: mentorAssignmentSchema });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), assigned: null }, { status: 400 });
  const cases = submission.value.cases.map((value) => {
    const [caseId, version] = value.split(":").map(Number);
    return { caseId, version };
  });
  if (cases.length === 0) return Response.json({ result: submission.reply({ formErrors: ["followup.errors.noneSelected"] }), assigned: null }, { status: 400 });
  try {
    const changed = assignMentor(user, cases, submission.value.mentorId ?? null);
    return { result: submission.reply({ resetForm: true }), assigned: changed.length };
  } catch (error) {
    if (error instanceof StaleRecordError) return Response.json({ result: submission.reply({ formErrors: ["errors.staleRecord"] }), assigned: null, stale: error.change }, { status: 409 });
    if (!(error instanceof FollowUpRefused)) throw error;
    return Response.json({ result: submission.reply({ formErrors: [followUpErrorKey(error.code)] }), assigned: null, details: error.details }, { status: 409 });
  }
}

export const shouldRevalidate = revalidateAfterConflict;

function CountsTable({ caption, rows, label }: { caption: string; rows: Array<{ key: string | number | null; due: number; overdue: number; missed: number }>; label: (key: string | number | null) => string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const shown = rows.filter((row) => row.due + row.overdue + row.missed > 0).sort((a, b) => b.missed + b.overdue - (a.missed + a.overdue));
  return (
    <div className="table-scroll">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{caption}</th>
            <th scope="col" className="numeric">
              {t("followup.officer.due")}
            </th>
            <th scope="col" className="numeric">
              {t("followup.officer.overdue")}
            </th>
            <th scope="col" className="numeric">
              {t("followup.officer.missed")}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={String(row.key)}>
              <th scope="row">{label(row.key)}</th>
              <td className="numeric">{formatNumber(row.due, locale)}</td>
              <td className="numeric">{formatNumber(row.overdue, locale)}</td>
              <td className="numeric">{formatNumber(row.missed, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function FollowUpPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { overview, filter, assignPartner, assignable, mayAssign, mayEditSchedules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const partnerName = (id: string | number | null) => {
    const partner = overview.partners.find((row) => row.id === id);
    return partner ? (locale === "uk" ? partner.nameUk : partner.name) : t("followup.officer.unassigned");
  };
  const mentorName = (id: string | number | null) => overview.mentors.find((row) => row.id === id)?.name ?? t("followup.officer.unassigned");
  const oblastName = (pcode: string | number | null) => (typeof pcode === "string" ? placeName(overview.places[pcode], locale) || pcode : t("followup.officer.unknownPlace"));
  const partnerMentors = overview.mentors.filter((row) => row.organisationId === assignPartner);
  const formErrors = actionData?.result && "error" in actionData.result ? (actionData.result.error?.[""] ?? []) : [];
  return (
    <>
      <PageHeader title={t("followup.officer.title")} actions={mayEditSchedules ? <Link to="/follow-up/schedules" className="button-secondary">{t("followup.officer.schedules")}</Link> : null}>
        <p className="lead">{t("followup.officer.intro")}</p>
      </PageHeader>

      <Form method="get" className="filters" aria-label={t("followup.officer.filters")}>
        <div className="field">
          <label htmlFor="partner">{t("followup.officer.partner")}</label>
          <select id="partner" name="partner" defaultValue={filter.partnerId ?? ""}>
            <option value="">{t("followup.officer.all")}</option>
            {overview.partners.map((partner) => (
              <option key={partner.id} value={partner.id}>
                {locale === "uk" ? partner.nameUk : partner.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="mentor">{t("followup.officer.mentor")}</label>
          <select id="mentor" name="mentor" defaultValue={filter.mentorId ?? ""}>
            <option value="">{t("followup.officer.all")}</option>
            {overview.mentors.map((mentor) => (
              <option key={mentor.id} value={mentor.id}>
                {mentor.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="oblast">{t("followup.officer.oblast")}</label>
          <input id="oblast" name="oblast" defaultValue={filter.oblastPcode ?? ""} placeholder="UA12" />
        </div>
        <div className="filters-actions">
          <button type="submit" className="button-secondary">
            {t("followup.officer.apply")}
          </button>
        </div>
      </Form>

      <div className="followup-counts">
        <CountsTable caption={t("followup.officer.byPartner")} rows={overview.byPartner} label={partnerName} />
        <CountsTable caption={t("followup.officer.byMentor")} rows={overview.byMentor} label={mentorName} />
        <CountsTable caption={t("followup.officer.byOblast")} rows={overview.byOblast} label={oblastName} />
      </div>

      <section className="panel" aria-labelledby="open-visits">
        <h2 id="open-visits">{t("followup.officer.openVisits")}</h2>
        {overview.openVisits.length === 0 ? (
          <p className="empty">{t("followup.officer.noOpenVisits")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("followup.officer.case")}</th>
                  <th scope="col">{t("followup.caseSection.plan")}</th>
                  <th scope="col">{t("followup.officer.mentor")}</th>
                  <th scope="col">{t("followup.officer.partner")}</th>
                  <th scope="col">{t("followup.officer.oblast")}</th>
                </tr>
              </thead>
              <tbody>
                {overview.openVisits.map((visit) => (
                  <tr key={visit.plannedVisitId}>
                    <td>
                      <Link to={`/cases/${visit.caseId}/visits`}>{visit.caseCode}</Link>
                    </td>
                    <td>
                      <span className={`badge badge-state-${visit.state}`}>{t(`followup.states.${visit.state}`)}</span> {t("followup.stage", { months: visit.monthsAfterOrigin })} ·{" "}
                      {t("followup.dueOn", { date: formatDate(visit.dueDate, locale) })}
                    </td>
                    <td>{mentorName(visit.mentorId)}</td>
                    <td>{partnerName(visit.partnerId)}</td>
                    <td>{oblastName(visit.oblastPcode)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="grid-2">
        <section className="panel" aria-labelledby="per-month">
          <h2 id="per-month">{t("followup.officer.perMonth")}</h2>
          {overview.perMonth.length === 0 ? (
            <p className="empty">{t("followup.officer.noVisits")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("followup.officer.month")}</th>
                  <th scope="col" className="numeric">
                    {t("followup.officer.total")}
                  </th>
                  <th scope="col" className="numeric">
                    {t("followup.officer.late")}
                  </th>
                  <th scope="col" className="numeric">
                    {t("followup.officer.unplanned")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.perMonth.map((row) => (
                  <tr key={row.month}>
                    <th scope="row">{row.month}</th>
                    <td className="numeric">{formatNumber(row.total, locale)}</td>
                    <td className="numeric">{formatNumber(row.late, locale)}</td>
                    <td className="numeric">{formatNumber(row.unplanned, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="panel" aria-labelledby="caseload">
          <h2 id="caseload">{t("followup.officer.caseload")}</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("followup.officer.mentor")}</th>
                <th scope="col" className="numeric">
                  {t("followup.officer.cases")}
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.caseload.map((row) => (
                <tr key={String(row.mentorId)}>
                  <th scope="row">{mentorName(row.mentorId)}</th>
                  <td className="numeric">{formatNumber(row.cases, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      {mayAssign ? (
        <section className="panel" aria-labelledby="assign-mentors">
        <h2 id="assign-mentors">{t("followup.officer.assignTitle")}</h2>
        <p className="field-hint">{t("followup.officer.assignHint")}</p>
        <Form method="get" className="filters">
          {[...searchParams.entries()]
            .filter(([name]) => name !== "assignPartner" && name !== "unassigned")
            .map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
          <div className="field">
            <label htmlFor="assignPartner">{t("followup.officer.partner")}</label>
            <select id="assignPartner" name="assignPartner" defaultValue={assignPartner ?? ""}>
              <option value="">{t("forms.choose")}</option>
              {overview.partners.map((partner) => (
                <option key={partner.id} value={partner.id}>
                  {locale === "uk" ? partner.nameUk : partner.name}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox-option">
            <input type="checkbox" name="unassigned" value="1" defaultChecked={searchParams.get("unassigned") === "1"} />
            {t("followup.officer.onlyUnassigned")}
          </label>
          <div className="filters-actions">
            <button type="submit" className="button-secondary">
              {t("followup.officer.apply")}
            </button>
          </div>
        </Form>
        {actionData?.assigned !== null && actionData?.assigned !== undefined ? (
          <p role="status" className="notice notice-success">
            {t("followup.officer.assigned", { count: actionData.assigned })}
          </p>
        ) : null}
        {actionData && "stale" in actionData ? <StaleRecordNotice change={actionData.stale ?? null} /> : null}
        {formErrors.length && !(actionData && "stale" in actionData) ? (
          <div role="alert" className="form-errors">
            {formErrors.map((message: string) => (
              <p key={message} className="field-error">
                {t(message, actionData && "details" in actionData ? (actionData.details as Record<string, string>) : {})}
              </p>
            ))}
          </div>
        ) : null}
        {assignPartner === null ? (
          <p className="empty">{t("followup.officer.choosePartner")}</p>
        ) : assignable.length === 0 ? (
          <p className="empty">{t("followup.officer.noCases")}</p>
        ) : (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="assign" />
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("followup.officer.select")}</th>
                    <th scope="col">{t("followup.officer.case")}</th>
                    <th scope="col">{t("followup.officer.applicant")}</th>
                    <th scope="col">{t("followup.officer.currentMentor")}</th>
                  </tr>
                </thead>
                <tbody>
                  {assignable.map((row) => (
                    <tr key={row.id}>
                      <td>
                        <input type="checkbox" name="cases" value={`${row.id}:${row.version}`} aria-label={`${t("followup.officer.select")} ${row.caseCode}`} />
                      </td>
                      <td>
                        <Link to={`/cases/${row.id}`}>{row.caseCode}</Link>
                      </td>
                      <td>
                        {row.surname} {row.firstName}
                      </td>
                      <td>{row.mentorId ? mentorName(row.mentorId) : t("followup.officer.unassigned")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="field narrow">
              <label htmlFor="mentorId">{t("followup.officer.assignTo")}</label>
              <select id="mentorId" name="mentorId" defaultValue="">
                <option value="">{t("followup.officer.removeMentor")}</option>
                {partnerMentors.map((mentor) => (
                  <option key={mentor.id} value={mentor.id}>
                    {mentor.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-actions">
              <button type="submit" className="button-primary">
                {t("followup.officer.assign")}
              </button>
            </div>
          </Form>
        )}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "followup.officer.title");
