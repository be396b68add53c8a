import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader, SelectField, TextField } from "~/components/forms";
import { GrantRefusalNotice, type GrantRefusalData } from "~/components/grant-refusal";
import { requireUser } from "~/lib/auth.server";
import { formatDate } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { formatRate } from "~/modules/grants/exchange-rate";
import { enterExchangeRate, recentExchangeRates } from "~/modules/grants/exchange-rates.server";
import { grantRefusalResponse } from "~/modules/grants/grant-replies.server";
import { exchangeRateSchema } from "~/modules/grants/grant-schemas";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "handleGrantMoney" });
  return { rates: recentExchangeRates(), today: kyivToday() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "handleGrantMoney" });
  const submission = parseWithZod(await readForm(request), { schema: exchangeRateSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    enterExchangeRate(actor, { ...submission.value, rateMicros: submission.value.rate });
  } catch (error) {
    const response = grantRefusalResponse(submission, error, ["rate", "quoteCurrency"]);
    if (response) return response;
    throw error;
  }
  return { ...submission.reply({ resetForm: true }), entered: true };
}

type RatesResult = SubmissionResult<string[]> & { entered?: boolean; refusal?: GrantRefusalData };

export default function ExchangeRatesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { rates, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as RatesResult | undefined;
  const [form, fields] = useForm<{ ratedOn: string; baseCurrency: string; quoteCurrency: string; rate: string; source: string }>({
    id: "exchange-rate",
    lastResult,
    defaultValue: { ratedOn: today, baseCurrency: "EUR", quoteCurrency: "UAH", source: "NBU" },
    shouldValidate: "onSubmit",
  });
  const currencyOptions = ["UAH", "EUR", "USD"].map((currency) => ({ value: currency, label: currency }));
  return (
    <>
      <PageHeader title={t("grants.rates.title")}>
        <p className="lead">{t("grants.rates.intro")}</p>
      </PageHeader>
      <section className="narrow">
        {lastResult?.entered ? (
          <p role="status" className="notice notice-success">
            {t("grants.rates.entered")}
          </p>
        ) : null}
        <Form method="post" {...getFormProps(form)} className="stack">
          <div className="grid-2">
            <TextField label={t("grants.rates.ratedOn")} field={fields.ratedOn} type="date" />
            <TextField label={t("grants.rates.source")} field={fields.source} hint={t("grants.rates.sourceHint")} />
          </div>
          <div className="grid-2">
            <SelectField label={t("grants.rates.base")} field={fields.baseCurrency} options={currencyOptions} />
            <SelectField label={t("grants.rates.quote")} field={fields.quoteCurrency} options={currencyOptions} />
          </div>
          <TextField label={t("grants.rates.rate")} field={fields.rate} inputMode="decimal" hint={t("grants.rates.rateHint")} />
          <GrantRefusalNotice refusal={lastResult?.refusal} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="form-actions">
            <button type="submit" className="button-primary">
              {t("grants.rates.enter")}
            </button>
          </div>
        </Form>
      </section>
      {rates.length === 0 ? (
        <p className="empty">{t("grants.rates.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("grants.rates.ratedOn")}</th>
                <th scope="col">{t("grants.rates.base")}</th>
                <th scope="col" className="numeric">{t("grants.rates.rate")}</th>
                <th scope="col">{t("grants.rates.source")}</th>
                <th scope="col">{t("grants.rates.enteredBy")}</th>
              </tr>
            </thead>
            <tbody>
              {rates.map(({ rate, enteredBy }) => (
                <tr key={rate.id}>
                  <td>{formatDate(rate.ratedOn, locale)}</td>
                  <td>{t("grants.rates.pair", { base: rate.baseCurrency, quote: rate.quoteCurrency })}</td>
                  <td className="numeric">{formatRate(rate.rateMicros)}</td>
                  <td>{rate.source}</td>
                  <td>{enteredBy ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "grants.rates.title");
