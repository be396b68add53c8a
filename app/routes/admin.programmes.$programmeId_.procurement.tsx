import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader, TextField } from "~/components/forms";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { parseWithZod } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { minorToInput } from "~/lib/money";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { findProgramme } from "~/modules/admin/programmes.server";
import { procurementSettingsSchema } from "~/modules/grants/procurement-schema";
import { refusalResponse } from "~/modules/grants/procurement-replies.server";
import { procurementSettingsOf, saveProcurementSettings } from "~/modules/grants/procurement.server";

function programmeFrom(params: { programmeId?: string }) {
  const programme = findProgramme(idParam(params.programmeId));
  if (!programme) notFound();
  return programme;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageProgrammes" });
  const programme = programmeFrom(params);
  const settings = procurementSettingsOf(programme.id);
  return { programme: { id: programme.id, code: programme.code, name: programme.name }, settings };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageProgrammes" });
  const programme = programmeFrom(params);
  const submission = parseWithZod(await readForm(request), { schema: procurementSettingsSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    saveProcurementSettings(actor, programme.id, submission.value);
  } catch (error) {
    const response = refusalResponse(submission, error);
    if (response) return response;
    throw error;
  }
  return redirect(`/admin/programmes/${programme.id}/procurement?saved=1`);
}

export const shouldRevalidate = revalidateAfterConflict;

export default function ProcurementSettingsPage() {
  const { t } = useTranslation();
  const { programme, settings } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const stale = lastResult && "stale" in lastResult ? lastResult.stale : undefined;
  const [form, fields] = useForm<{ minQuotations: string; quotationThresholdMinor: string; issuerNameUk: string; issuerNameEn: string; issuerEdrpou: string }>({
    id: `procurement-settings-${programme.id}-${settings?.version ?? 0}`,
    lastResult,
    defaultValue: {
      minQuotations: String(settings?.minQuotations ?? 3),
      quotationThresholdMinor: minorToInput(settings?.quotationThresholdMinor ?? 5_000_000),
      issuerNameUk: settings?.issuerNameUk ?? "",
      issuerNameEn: settings?.issuerNameEn ?? "",
      issuerEdrpou: settings?.issuerEdrpou ?? "",
    },
  });
  return (
    <>
      <PageHeader title={t("procurement.settings.title", { programme: programme.code })} />
      <p className="link-row">
        <Link to={`/admin/programmes/${programme.id}`}>{programme.name}</Link>
      </p>
      {searchParams.get("saved") ? (
        <p role="status" className="notice notice-success">
          {t("procurement.settings.saved")}
        </p>
      ) : null}
      {!settings ? <p className="notice">{t("procurement.settings.defaults")}</p> : null}
      <section className="panel">
        <Form method="post" {...getFormProps(form)} className="stack narrow">
          {stale !== undefined ? <StaleRecordNotice id={form.errorId} change={stale} /> : <FormErrors id={form.errorId} errors={form.errors} />}
          <input type="hidden" name="version" value={settings?.version ?? 0} />
          <TextField label={t("procurement.settings.minQuotations")} field={fields.minQuotations} inputMode="numeric" />
          <TextField label={t("procurement.settings.threshold")} field={fields.quotationThresholdMinor} inputMode="decimal" />
          <TextField label={t("procurement.settings.issuerNameUk")} field={fields.issuerNameUk} />
          <TextField label={t("procurement.settings.issuerNameEn")} field={fields.issuerNameEn} />
          <TextField label={t("procurement.settings.issuerEdrpou")} field={fields.issuerEdrpou} inputMode="numeric" />
          <div className="form-actions">
            <button type="submit" className="button-primary">
              {t("procurement.settings.save")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "nav.programmes");
  return data ? [{ title: `${data.programme.code} · ${base[0].title}` }] : base;
};
