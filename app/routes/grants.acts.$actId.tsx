import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FileField, FormErrors, PageHeader, TextareaField, TextField } from "~/components/forms";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { formatDate, formatMoney } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { bodyMediaType, readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { maxAttachmentBytes } from "~/lib/upload-limits";
import { readUploadForm, uploadedFile, UploadRefused } from "~/lib/uploads.server";
import { attachActScan, cancelHandoverAct, handoverActFile, signHandoverAct, updateHandoverAct } from "~/modules/grants/handover-act.server";
import { actPageSchema } from "~/modules/grants/procurement-schema";
import { refusalResponse, type Refusal } from "~/modules/grants/procurement-replies.server";

function actIdOf(params: LoaderFunctionArgs["params"]): number {
  const actId = idParam(params.actId);
  return actId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "procureInKind" });
  const file = handoverActFile(actIdOf(params));
  if (!file) notFound();
  return { ...file, today: kyivToday() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "procureInKind" });
  const actId = actIdOf(params);
  if (bodyMediaType(request) === "multipart/form-data") return uploadScan(user, actId, request);
  const submission = parseWithZod(await readForm(request), { schema: actPageSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "sign") signHandoverAct(user, actId, value);
    else if (value.intent === "cancel") cancelHandoverAct(user, actId, value);
    else updateHandoverAct(user, actId, value);
  } catch (error) {
    const response = refusalResponse(submission, error);
    if (response) return response;
    throw error;
  }
  return { ...submission.reply({ resetForm: true }), done: value.intent };
}

async function uploadScan(user: Awaited<ReturnType<typeof requireUser>>, actId: number, request: Request) {
  const refused = (key: string, status: number) => Response.json({ status: "error", initialValue: { intent: "scan" }, error: { file: [key] } }, { status });
  let form: FormData;
  try {
    form = await readUploadForm(request, maxAttachmentBytes);
  } catch (error) {
    if (error instanceof UploadRefused) return refused(error.reason === "too_large" ? "procurement.refusals.scan_too_large" : "procurement.refusals.scan_wrong_type", error.status);
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File)) return refused("procurement.refusals.scan_empty", 400);
  const submission = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => ({ status: "error" as const, initialValue: { intent: "scan" }, error: { "": options?.formErrors ?? null, ...options?.fieldErrors } }) };
  try {
    attachActScan(user, actId, await uploadedFile(file));
  } catch (error) {
    const response = refusalResponse(submission, error);
    if (response) return response;
    throw error;
  }
  return { status: "success", initialValue: { intent: "scan" }, done: "scan" };
}

export const shouldRevalidate = revalidateAfterConflict;

function RefusalDetails({ refusal }: { refusal?: Refusal }) {
  const { t } = useTranslation();
  if (!refusal) return null;
  return (
    <div role="alert" className="form-errors">
      <p className="field-error">{t(refusal.key, refusal.values)}</p>
      {refusal.problems.length ? (
        <ul>
          {refusal.problems.map((problem, index) => (
            <li key={index} className="field-error">
              {t(problem.key, problem.values)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default function HandoverActPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { act, agreement, items, totalMinor, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const intent = (lastResult?.initialValue as { intent?: string } | undefined)?.intent;
  const forIntent = (name: string) => (intent === name ? lastResult : undefined);
  const refusal = lastResult && "refusal" in lastResult ? (lastResult.refusal as Refusal) : undefined;
  const stale = lastResult && "stale" in lastResult ? lastResult.stale : undefined;
  const [signForm, signFields] = useForm<{ handedOverOn: string }>({ id: `sign-${act.id}-${act.version}`, lastResult: forIntent("sign"), defaultValue: { handedOverOn: act.actDate <= today ? act.actDate : today } });
  const [editForm, editFields] = useForm<{ actDate: string; place: string; agencyRepresentativePosition: string; agencyRepresentativeName: string; beneficiaryIdDocument: string }>({
    id: `edit-${act.id}-${act.version}`,
    lastResult: forIntent("update"),
    defaultValue: { actDate: act.actDate, place: act.place, agencyRepresentativePosition: act.agencyRepresentativePosition, agencyRepresentativeName: act.agencyRepresentativeName },
  });
  const [cancelForm, cancelFields] = useForm<{ reason: string }>({ id: `cancel-${act.id}-${act.version}`, lastResult: forIntent("cancel") });
  const [scanForm, scanFields] = useForm<{ file: File }>({ id: `scan-${act.id}`, lastResult: forIntent("scan") as never });
  const money = (minor: number) => formatMoney(minor, act.currency, locale);
  const notice = (name: string) =>
    intent === name ? (stale !== undefined ? <StaleRecordNotice change={stale} /> : <RefusalDetails refusal={refusal} />) : null;

  return (
    <>
      <PageHeader title={t("procurement.actPage.title", { number: act.number })}>
        <p className="lead">{t(`procurement.actPage.states.${act.state}`)}</p>
      </PageHeader>
      {act.state !== "cancelled" ? (
        <p className="link-row">
          <Link to={`/grants/acts/${act.id}/print?lang=uk`}>{t("procurement.actPage.printUk")}</Link>
          <Link to={`/grants/acts/${act.id}/print?lang=en`}>{t("procurement.actPage.printEn")}</Link>
        </p>
      ) : null}
      {act.state === "signed" && act.signedAt ? (
        <p role="status" className="notice notice-success">
          {t("procurement.actPage.signed", { date: formatDate(act.actDate, locale) })}
        </p>
      ) : null}

      <section className="panel">
        <dl className="facts">
          <div>
            <dt>{t("procurement.actPage.agreement")}</dt>
            <dd>{agreement.number}</dd>
          </div>
          <div>
            <dt>{t("procurement.actPage.case")}</dt>
            <dd>
              <Link to={`/cases/${act.caseId}`}>{agreement.caseCode}</Link>
            </dd>
          </div>
          <div>
            <dt>{t("procurement.actPage.beneficiary")}</dt>
            <dd>{act.beneficiaryName}</dd>
          </div>
          <div>
            <dt>{t("procurement.actPage.date")}</dt>
            <dd>{formatDate(act.actDate, locale)}</dd>
          </div>
          <div>
            <dt>{t("procurement.actPage.place")}</dt>
            <dd>{act.place}</dd>
          </div>
          <div>
            <dt>{t("procurement.actPage.representative")}</dt>
            <dd>
              {act.agencyRepresentativePosition} {act.agencyRepresentativeName}
            </dd>
          </div>
          <div>
            <dt>{t("procurement.actPage.total")}</dt>
            <dd>{money(totalMinor)}</dd>
          </div>
        </dl>
        <h2>{t("procurement.actPage.items")}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("procurement.act.columns.name")}</th>
                <th scope="col">{t("procurement.actPage.serial")}</th>
                <th scope="col" className="numeric">
                  {t("procurement.actPage.quantity")}
                </th>
                <th scope="col" className="numeric">
                  {t("procurement.actPage.price")}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {item.name}
                    {item.model ? ` · ${item.model}` : ""}
                  </td>
                  <td>{item.serialNumber ?? item.inventoryNumber ?? "—"}</td>
                  <td className="numeric">
                    {item.quantity} {t(`procurement.units.${item.unit}`)}
                  </td>
                  <td className="numeric">{money(item.unitPriceMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {act.state === "prepared" ? (
        <>
          <section className="panel" aria-labelledby="sign-heading">
            <h2 id="sign-heading">{t("procurement.actPage.signHeading")}</h2>
            <p className="field-hint">{t("procurement.actPage.signHint")}</p>
            <Form method="post" {...getFormProps(signForm)} className="stack narrow">
              {notice("sign") ?? <FormErrors id={signForm.errorId} errors={signForm.errors} />}
              <input type="hidden" name="intent" value="sign" />
              <input type="hidden" name="version" value={act.version} />
              <TextField label={t("procurement.actPage.handedOverOn")} field={signFields.handedOverOn} type="date" />
              <div className="form-actions">
                <button type="submit" className="button-primary">
                  {t("procurement.actPage.sign")}
                </button>
              </div>
            </Form>
          </section>
          <section className="panel" aria-labelledby="edit-heading">
            <h2 id="edit-heading">{t("procurement.actPage.editHeading")}</h2>
            <Form method="post" {...getFormProps(editForm)} className="stack narrow">
              {notice("update") ?? <FormErrors id={editForm.errorId} errors={editForm.errors} />}
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="version" value={act.version} />
              <TextField label={t("procurement.actPage.date")} field={editFields.actDate} type="date" />
              <TextField label={t("procurement.actPage.place")} field={editFields.place} />
              <TextField label={t("procurement.actPage.position")} field={editFields.agencyRepresentativePosition} />
              <TextField label={t("procurement.actPage.representativeName")} field={editFields.agencyRepresentativeName} />
              <TextField label={t("procurement.actPage.idDocument")} field={editFields.beneficiaryIdDocument} hint={t("procurement.actPage.idDocumentHint")} autoComplete="off" />
              <div className="form-actions">
                <button type="submit" className="button-secondary">
                  {t("procurement.actPage.save")}
                </button>
              </div>
            </Form>
          </section>
        </>
      ) : null}

      {act.state !== "cancelled" ? (
        <section className="panel" aria-labelledby="scan-heading">
          <h2 id="scan-heading">{t("procurement.actPage.scanHeading")}</h2>
          {act.scanFileName ? (
            <p>
              {t("procurement.actPage.scanStored", { name: act.scanFileName })} · <a href={`/grants/acts/${act.id}/scan`}>{t("procurement.actPage.download")}</a>
            </p>
          ) : (
            <Form method="post" encType="multipart/form-data" {...getFormProps(scanForm)} className="stack narrow">
              {notice("scan") ?? <FormErrors id={scanForm.errorId} errors={scanForm.errors} />}
              <FileField
                label={t("procurement.actPage.scanFile")}
                hint={t("procurement.actPage.scanHint")}
                field={scanFields.file}
                accept="application/pdf,image/jpeg,image/png"
                maxBytes={maxAttachmentBytes}
                tooLargeError="procurement.refusals.scan_too_large"
              />
              <div className="form-actions">
                <button type="submit" className="button-secondary">
                  {t("procurement.actPage.upload")}
                </button>
              </div>
            </Form>
          )}
        </section>
      ) : null}

      {act.state === "prepared" ? (
        <section className="panel danger-zone" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("procurement.actPage.cancelHeading")}</h2>
          <p className="field-hint">{t("procurement.actPage.cancelHint")}</p>
          <Form method="post" {...getFormProps(cancelForm)} className="stack narrow">
            {notice("cancel") ?? <FormErrors id={cancelForm.errorId} errors={cancelForm.errors} />}
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="version" value={act.version} />
            <TextareaField label={t("procurement.actPage.reason")} field={cancelFields.reason} />
            <div className="form-actions">
              <button type="submit" className="button-secondary">
                {t("procurement.actPage.cancel")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "procurement.print.title");
  return data ? [{ title: `${data.act.number} · ${base[0].title}` }] : base;
};
