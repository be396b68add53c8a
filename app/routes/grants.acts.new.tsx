import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader, TextField } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/not-found.server";
import { formatMoney } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { goodsAwaitingAct, prepareHandoverAct } from "~/modules/grants/handover-act.server";
import { handoverActSchema } from "~/modules/grants/procurement-schema";
import { refusalResponse, type Refusal } from "~/modules/grants/procurement-replies.server";

function agreementIdOf(request: Request): number {
  const agreementId = Number(new URL(request.url).searchParams.get("agreement"));
  return agreementId;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "procureInKind" });
  const goods = goodsAwaitingAct(agreementIdOf(request));
  if (!goods) notFound();
  return { ...goods, today: kyivToday() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "procureInKind" });
  const agreementId = agreementIdOf(request);
  const submission = parseWithZod(await readForm(request), { schema: handoverActSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    const act = prepareHandoverAct(user, agreementId, submission.value);
    return redirect(`/grants/acts/${act.id}`);
  } catch (error) {
    const response = refusalResponse(submission, error);
    if (response) return response;
    throw error;
  }
}

export default function NewHandoverActPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { agreement, items, beneficiaryName, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const refusal = lastResult && "refusal" in lastResult ? (lastResult.refusal as Refusal) : undefined;
  const [form, fields] = useForm<{ actDate: string; place: string; agencyRepresentativePosition: string; agencyRepresentativeName: string; beneficiaryIdDocument: string }>({
    id: `new-act-${agreement.id}`,
    lastResult,
    defaultValue: { actDate: today },
  });
  return (
    <>
      <PageHeader title={t("procurement.newAct.title")}>
        <p className="lead">
          {t("procurement.newAct.agreement", { number: agreement.number })} · <Link to={`/cases/${agreement.caseId}`}>{agreement.caseCode}</Link> · {beneficiaryName}
        </p>
      </PageHeader>
      <section className="panel" aria-labelledby="goods-heading">
        <h2 id="goods-heading">{t("procurement.newAct.goods")}</h2>
        {items.length === 0 ? (
          <p className="empty">{t("procurement.refusals.no_items")}</p>
        ) : (
          <ul>
            {items.map((item) => (
              <li key={item.id}>
                {item.name}
                {item.model ? ` · ${item.model}` : ""} · {item.serialNumber ?? `${item.quantity} ${t(`procurement.units.${item.unit}`)}`} · {formatMoney(item.unitPriceMinor * item.quantity, "UAH", locale)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel">
        <Form method="post" {...getFormProps(form)} className="stack narrow">
          {refusal ? (
            <div role="alert" className="form-errors">
              <p className="field-error">{t(refusal.key, refusal.values)}</p>
            </div>
          ) : (
            <FormErrors id={form.errorId} errors={form.errors} />
          )}
          <TextField label={t("procurement.newAct.actDate")} field={fields.actDate} type="date" />
          <TextField label={t("procurement.newAct.place")} field={fields.place} />
          <TextField label={t("procurement.newAct.position")} field={fields.agencyRepresentativePosition} />
          <TextField label={t("procurement.newAct.representativeName")} field={fields.agencyRepresentativeName} />
          <TextField label={t("procurement.newAct.idDocument")} field={fields.beneficiaryIdDocument} hint={t("procurement.newAct.idDocumentHint")} autoComplete="off" />
          <div className="form-actions">
            <button type="submit" className="button-primary">
              {t("procurement.newAct.prepare")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "procurement.newAct.title");
