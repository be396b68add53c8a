// One recorded follow-up visit (domain.md §10), for the case's people and officers. Notes are
// protected free text: shown to the case's mentor, the author and agency staff only; evaluators
// never reach this page (403). The visit's author or an officer may delete a photo here.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/page-header";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { placeName } from "~/lib/places";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { StaleRecordError } from "~/lib/stale-record.server";
import { followUpErrorKey } from "~/locales/followup";
import { FollowUpRefused } from "~/modules/followup/followup-errors";
import { workforceOn } from "~/modules/followup/roster";
import { visitPhotoDeletionSchema } from "~/modules/followup/schema";
import { refusalResponse } from "~/modules/followup/visit-submission.server";
import { deleteVisitPhoto, visitRecord } from "~/modules/followup/visits.server";
import followupStyles from "~/styles/followup.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: followupStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "logVisits" });
  const visitId = Number(params.visitId);
  if (!Number.isInteger(visitId)) throw new Response("Not found", { status: 404 });
  try {
    return visitRecord(user, visitId);
  } catch (error) {
    if (error instanceof FollowUpRefused) throw refusalResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "logVisits" });
  const visitId = Number(params.visitId);
  if (!Number.isInteger(visitId)) throw new Response("Not found", { status: 404 });
  const submission = parseWithZod(await readForm(request), { schema: visitPhotoDeletionSchema });
  if (submission.status !== "success") return Response.json({ result: submission.reply() }, { status: 400 });
  const { photoId, version, confirmed } = submission.value;
  try {
    deleteVisitPhoto(user, visitId, photoId, { version, confirmed });
  } catch (error) {
    if (error instanceof StaleRecordError) return Response.json({ result: submission.reply({ formErrors: ["errors.staleRecord"] }), stale: error.change }, { status: 409 });
    if (!(error instanceof FollowUpRefused)) throw error;
    if (error.code !== "not_confirmed") throw refusalResponse(error);
    return Response.json({ result: submission.reply({ fieldErrors: { confirmed: [followUpErrorKey(error.code)] } }) }, { status: 400 });
  }
  return redirect(`/visits/${visitId}?photoDeleted=1`);
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

export default function VisitPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  // The errors of a deletion belong to the photo whose form was posted.
  const posted = reply?.result.initialValue as Record<string, string> | undefined;
  const deletionErrors = (photoId: number) => (posted?.photoId === String(photoId) ? ((reply?.result.error?.confirmed ?? []) as string[]) : []);
  const { visit } = data;
  const workforce = data.roster.length ? workforceOn(data.roster, visit.visitDate) : null;
  return (
    <>
      <PageHeader
        title={t("followup.view.title", { date: formatDate(visit.visitDate, locale) })}
        actions={
          data.mayCorrect ? (
            <Link to={`/visits/${visit.id}/edit`} className="button-secondary tap-target">
              {t("followup.view.correct")}
            </Link>
          ) : null
        }
      >
        <p className="lead">
          <Link to={`/cases/${data.case.id}`}>{data.case.caseCode}</Link> · {data.business?.name || data.person.name}
        </p>
      </PageHeader>
      {searchParams.get("photoDeleted") ? (
        <p role="status" className="notice notice-success">
          {t("followup.view.photoDeleted")}
        </p>
      ) : null}
      {reply && "stale" in reply ? <StaleRecordNotice change={reply.stale ?? null} /> : null}
      {searchParams.get("recorded") ? (
        <p role="status" className="notice notice-success">
          {t("followup.view.recorded")} <Link to="/">{t("followup.view.backHome")}</Link>
        </p>
      ) : null}
      <section className="panel" aria-labelledby="visit-facts">
        <h2 id="visit-facts">{data.planned ? t("followup.stage", { months: data.planned.monthsAfterOrigin }) : t("followup.unplanned")}</h2>
        <dl className="facts">
          <Fact label={t("followup.form.mode")}>{t(`followup.modes.${visit.mode}`)}</Fact>
          <Fact label={t("followup.view.visitor")}>{data.visitorName}</Fact>
          <Fact label={t("followup.form.statusSection")}>
            {t(`followup.operating.${visit.operatingStatus}`)}
            {visit.operatingStatus === "closed" ? ` — ${t("followup.view.closure", { date: formatDate(visit.closureDate ?? visit.visitDate, locale), reason: visit.closureReason ?? "" })}` : ""}
          </Fact>
          <Fact label={t("followup.form.monthlyRevenue")}>{visit.monthlyRevenueMinor === null ? null : formatMoney(visit.monthlyRevenueMinor, "UAH", locale)}</Fact>
          <Fact label={t("followup.form.monthlyNetIncome")}>{visit.monthlyNetIncomeMinor === null ? null : formatMoney(visit.monthlyNetIncomeMinor, "UAH", locale)}</Fact>
          <Fact label={t("followup.form.residenceSection")}>
            {t(`followup.residence.${visit.residence}`)}
            {visit.newHromadaPcode ? ` (${data.newHromada ? `${placeName(data.newHromada, locale)}, ` : ""}${visit.newHromadaPcode})` : ""}
          </Fact>
          <Fact label={t("followup.form.problemsSection")}>{visit.problems.length ? visit.problems.map((code) => t(`followup.problems.${code}`)).join(", ") : t("followup.view.none")}</Fact>
          <Fact label={t("followup.form.mentoringSection")}>{visit.mentoringGiven.length ? visit.mentoringGiven.map((code) => t(`followup.mentoring.${code}`)).join(", ") : t("followup.view.none")}</Fact>
          {data.requirement ? <Fact label={t("followup.view.requirement")}>{t("followup.form.requirementOption", { sequence: data.requirement.trancheSequence, text: data.requirement.text })}</Fact> : null}
          {data.correctedBy ? <Fact label={t("followup.view.correctedBy", { name: data.correctedBy })}>{`v${visit.version}`}</Fact> : null}
        </dl>
      </section>
      <section className="panel" aria-labelledby="visit-workers">
        <h2 id="visit-workers">{t("followup.view.workers")}</h2>
        {workforce ? (
          <>
            <p>{t("followup.view.fte", { headcount: workforce.paidJobs.headcount, fte: formatNumber(workforce.paidJobs.fte, locale, 2) })}</p>
            <ul className="plain-list">
              {data.roster.map((worker) => (
                <li key={worker.workerId}>
                  {worker.workerId} · {t(`followup.roles.${worker.role ?? "unknown"}`)}
                  {worker.sex ? ` · ${t(`cases.sexes.${worker.sex}`)}` : ""}
                  {worker.hoursPerWeek !== null ? ` · ${formatNumber(worker.hoursPerWeek, locale, 1)} ${t("followup.form.hoursPerWeek").toLowerCase()}` : ""}
                  {worker.endDate ? ` · ${t("followup.form.leftOn", { date: formatDate(worker.endDate, locale) })}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="empty">{t("followup.view.noWorkers")}</p>
        )}
      </section>
      {data.equipment.length ? (
        <section className="panel" aria-labelledby="visit-equipment">
          <h2 id="visit-equipment">{t("followup.view.equipment")}</h2>
          <ul className="plain-list">
            {data.equipment.map((item) => (
              <li key={item.id}>
                {item.name}
                {item.serialNumber ? ` · ${t("followup.form.serial", { serial: item.serialNumber })}` : ""}: {item.status ? t(`followup.equipment.${item.status}`) : t("followup.view.notKnownStatus")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="visit-notes">
        <h2 id="visit-notes">{t("followup.view.notes")}</h2>
        {visit.notes !== null ? <p className="prose">{visit.notes}</p> : <p className="empty">{visit.hasNotes ? t("followup.view.notesHidden") : t("followup.view.noNotes")}</p>}
      </section>
      {data.photos.length ? (
        <section className="panel" aria-labelledby="visit-photos">
          <h2 id="visit-photos">{t("followup.view.photos")}</h2>
          <ul className="visit-photos">
            {data.photos.map((photo) => (
              <li key={photo.id}>
                <a href={`/visits/${visit.id}/photos/${photo.id}`}>
                  <img src={`/visits/${visit.id}/photos/${photo.id}`} alt={photo.fileName} width={photo.width ?? undefined} height={photo.height ?? undefined} loading="lazy" />
                </a>
                {data.mayCorrect ? (
                  // A deliberate step: the confirmation is ticked before the delete button counts.
                  <details className="photo-delete" open={deletionErrors(photo.id).length > 0 || undefined}>
                    <summary>{t("followup.view.deletePhoto")}</summary>
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="delete_photo" />
                      <input type="hidden" name="photoId" value={photo.id} />
                      <input type="hidden" name="version" value={visit.version} />
                      <p className="field-hint">{t("followup.view.deletePhotoHint")}</p>
                      <label className="choice">
                        <input type="checkbox" name="confirmed" aria-invalid={deletionErrors(photo.id).length > 0 || undefined} />
                        {t("followup.view.deletePhotoConfirm", { file: photo.fileName })}
                      </label>
                      {deletionErrors(photo.id).map((message) => (
                        <p key={message} className="field-error">
                          {t(message)}
                        </p>
                      ))}
                      <button type="submit" className="button-danger tap-target">
                        {t("followup.view.deletePhoto")}
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to={`/cases/${data.case.id}/visits`}>{t("followup.caseSection.open")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "followup.title");
