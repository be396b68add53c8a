import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FundingSourceForm, type FundingSourceResult } from "~/components/funding-source-form";
import { PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { currencyLabel, formatDate, formatMoney } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { minorToInput } from "~/lib/money";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { listProgrammes } from "~/modules/admin/programmes.server";
import { fundingSourceOverview, updateFundingSource } from "~/modules/grants/funding.server";
import { grantRefusalResponse } from "~/modules/grants/grant-replies.server";
import { fundingFormLimits, fundingSourceSchema } from "~/modules/grants/grant-schemas";

const formFields = ["name", "donor", "reference", "currency", "totalMinor", "periodStart", "periodEnd", "programmeIds", "budgetLines"] as const;

function sourceIdOf(params: LoaderFunctionArgs["params"]) {
  const id = idParam(params.sourceId);
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "manageFunding" });
  const overview = fundingSourceOverview(sourceIdOf(params));
  if (!overview) notFound();
  return { ...overview, allProgrammes: listProgrammes().map((programme) => ({ id: programme.id, code: programme.code, name: programme.name, nameUk: programme.nameUk })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "manageFunding" });
  const sourceId = sourceIdOf(params);
  const submission = parseWithZod(await readForm(request, fundingFormLimits), { schema: fundingSourceSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  try {
    updateFundingSource(actor, sourceId, { ...submission.value, version: submission.value.version ?? 0 });
  } catch (error) {
    const response = grantRefusalResponse(submission, error, formFields);
    if (response) return response;
    throw error;
  }
  return { ...submission.reply({ resetForm: true }), saved: true };
}

export const shouldRevalidate = revalidateAfterConflict;

export default function FundingSourcePage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { source, programmes, lines, totals, allProgrammes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as (FundingSourceResult & { saved?: boolean }) | undefined;
  const money = (minor: number) => formatMoney(minor, source.currency, locale);
  return (
    <>
      <PageHeader title={source.name}>
        <p className="lead">
          {source.donor} · {source.reference} · {t("grants.funding.period", { start: formatDate(source.periodStart, locale), end: formatDate(source.periodEnd, locale) })}
        </p>
        <p>{programmes.map((programme) => programme.code).join(", ")}</p>
      </PageHeader>
      {lastResult?.saved ? (
        <p role="status" className="notice notice-success">
          {t("grants.funding.saved")}
        </p>
      ) : null}
      <p className="field-hint">{t("grants.funding.inCurrency", { currency: currencyLabel(source.currency, locale) })}</p>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("grants.funding.lineCode")}</th>
              <th scope="col">{t("grants.funding.lineName")}</th>
              <th scope="col" className="numeric">{t("grants.funding.amount")}</th>
              <th scope="col" className="numeric">{t("grants.funding.committed")}</th>
              <th scope="col" className="numeric">{t("grants.funding.disbursed")}</th>
              <th scope="col" className="numeric">{t("grants.funding.left")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.id}>
                <td>{line.code}</td>
                <td>{line.name}</td>
                <td className="numeric">{money(line.amountMinor)}</td>
                <td className="numeric">{money(line.committedMinor)}</td>
                <td className="numeric">{money(line.disbursedMinor)}</td>
                <td className="numeric">{money(line.leftMinor)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t("grants.funding.totals")}
              </th>
              <td className="numeric">{money(totals.amountMinor)}</td>
              <td className="numeric">{money(totals.committedMinor)}</td>
              <td className="numeric">{money(totals.disbursedMinor)}</td>
              <td className="numeric">{money(totals.leftMinor)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <section className="narrow">
        <h2>{t("grants.funding.edit")}</h2>
        <FundingSourceForm
          id={`funding-source-${source.id}-${source.version}`}
          lastResult={lastResult?.saved ? null : lastResult}
          programmes={allProgrammes.map((programme) => ({ id: programme.id, label: `${programme.code} · ${locale === "uk" ? programme.nameUk : programme.name}` }))}
          defaults={{
            version: String(source.version),
            name: source.name,
            donor: source.donor,
            reference: source.reference,
            currency: source.currency,
            totalMinor: minorToInput(source.totalMinor),
            periodStart: source.periodStart,
            periodEnd: source.periodEnd,
            programmeIds: programmes.map((programme) => String(programme.id)),
            budgetLines: lines.map((line) => ({ id: String(line.id), code: line.code, name: line.name, amountMinor: minorToInput(line.amountMinor) })),
          }}
          submitLabel={t("grants.funding.save")}
        />
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "grants.funding.title");
