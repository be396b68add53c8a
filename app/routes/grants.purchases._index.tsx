import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { measureUnits } from "../../db/enums";
import { ErrorList, FormErrors, PageHeader } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { formatMoney } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { minorToInput } from "~/lib/money";
import { readForm } from "~/lib/request-body.server";
import { listProgrammes } from "~/modules/admin/programmes.server";
import { handoverQueues } from "~/modules/grants/handover-act.server";
import { maxPurchaseItems, procurementFormLimits, purchaseSchema } from "~/modules/grants/procurement-schema";
import { refusalResponse, type Refusal } from "~/modules/grants/procurement-replies.server";
import { createPurchase, linesToProcure, purchaseQueues, quotationRuleOf } from "~/modules/grants/procurement.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "procureInKind" });
  const programmes = listProgrammes().filter((programme) => programme.active);
  const wanted = Number(new URL(request.url).searchParams.get("programme"));
  const programme = programmes.find((candidate) => candidate.id === wanted) ?? programmes[0] ?? null;
  return {
    programmes: programmes.map((candidate) => ({ id: candidate.id, code: candidate.code, name: candidate.name, nameUk: candidate.nameUk })),
    programmeId: programme?.id ?? null,
    rule: programme ? quotationRuleOf(programme.id) : null,
    // One purchase takes at most maxPurchaseItems lines; the rest wait for the next one.
    lines: programme ? linesToProcure(programme.id).slice(0, maxPurchaseItems) : [],
    purchases: purchaseQueues(),
    acts: handoverQueues(),
  };
}

// Only the ticked lines of the table become the purchase's items, numbered from 0 again.
function tickedItems(form: FormData): FormData {
  const kept = new FormData();
  for (const name of ["programmeId", "description"]) kept.set(name, String(form.get(name) ?? ""));
  let next = 0;
  for (let row = 0; row < maxPurchaseItems; row += 1) {
    if (form.get(`rows[${row}].include`) !== "on") continue;
    for (const field of ["planBudgetLineId", "name", "model", "unit", "quantity", "estimatedUnitPriceMinor", "serialised"]) {
      const value = form.get(`rows[${row}].${field}`);
      if (typeof value === "string") kept.set(`items[${next}].${field}`, value);
    }
    next += 1;
  }
  return kept;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "procureInKind" });
  const submission = parseWithZod(tickedItems(await readForm(request, procurementFormLimits)), { schema: purchaseSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    const purchase = createPurchase(user, submission.value);
    return redirect(`/grants/purchases/${purchase.id}`);
  } catch (error) {
    const response = refusalResponse(submission, error);
    if (response) return response;
    throw error;
  }
}

export default function PurchasesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const refusal = lastResult && "refusal" in lastResult ? (lastResult.refusal as Refusal) : undefined;
  const errors = lastResult?.error ?? {};
  const money = (minor: number) => formatMoney(minor, "UAH", locale);
  return (
    <>
      <PageHeader title={t("procurement.purchases.title")} actions={<Link to="/grants/suppliers">{t("procurement.purchases.suppliers")}</Link>} />
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="programme">{t("procurement.purchases.programme")}</label>
          <select id="programme" name="programme" defaultValue={data.programmeId ?? ""}>
            {data.programmes.map((programme) => (
              <option key={programme.id} value={programme.id}>
                {programme.code} · {locale === "uk" ? programme.nameUk : programme.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-secondary">
          {t("procurement.purchases.show")}
        </button>
      </Form>
      {data.rule ? <p className="field-hint">{t("procurement.purchases.rule", { required: data.rule.minQuotations, threshold: money(data.rule.thresholdMinor) })}</p> : null}

      <section className="panel" aria-labelledby="to-buy-heading">
        <h2 id="to-buy-heading">{t("procurement.purchases.toBuy")}</h2>
        {data.lines.length === 0 ? (
          <p className="empty">{t("procurement.purchases.nothingToBuy")}</p>
        ) : (
          <Form method="post" className="stack">
            <p className="field-hint">{t("procurement.purchases.toBuyHint")}</p>
            {refusal ? (
              <div role="alert" className="form-errors">
                <p className="field-error">{t(refusal.key, refusal.values)}</p>
              </div>
            ) : (
              <FormErrors errors={errors[""] ?? (errors.items ? ["procurement.purchases.chooseLines"] : null)} />
            )}
            <input type="hidden" name="programmeId" value={data.programmeId ?? ""} />
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("procurement.purchases.include")}</th>
                    <th scope="col">{t("procurement.purchases.grantee")}</th>
                    <th scope="col">{t("procurement.purchases.item")}</th>
                    <th scope="col">{t("procurement.purchases.name")}</th>
                    <th scope="col">{t("procurement.purchases.model")}</th>
                    <th scope="col">{t("procurement.purchases.unit")}</th>
                    <th scope="col">{t("procurement.purchases.quantity")}</th>
                    <th scope="col">{t("procurement.purchases.estimate")}</th>
                    <th scope="col">{t("procurement.purchases.serialised")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.lines.map((line, row) => (
                    <tr key={line.planBudgetLineId}>
                      <td>
                        <input type="checkbox" name={`rows[${row}].include`} aria-label={`${t("procurement.purchases.include")}: ${line.caseCode} ${line.item}`} />
                        <input type="hidden" name={`rows[${row}].planBudgetLineId`} value={line.planBudgetLineId} />
                      </td>
                      <td>
                        <Link to={`/cases/${line.caseId}`}>{line.caseCode}</Link> {line.surname} {line.firstName}
                        <div className="note">{line.agreementNumber}</div>
                      </td>
                      <td>
                        {line.item}
                        <div className="note">
                          {t("procurement.purchases.left")}: {line.leftQuantity}
                        </div>
                      </td>
                      <td>
                        <input name={`rows[${row}].name`} defaultValue={line.item} aria-label={t("procurement.purchases.name")} />
                      </td>
                      <td>
                        <input name={`rows[${row}].model`} aria-label={t("procurement.purchases.model")} />
                      </td>
                      <td>
                        <select name={`rows[${row}].unit`} defaultValue="piece" aria-label={t("procurement.purchases.unit")}>
                          {measureUnits.map((unit) => (
                            <option key={unit} value={unit}>
                              {t(`procurement.units.${unit}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <input name={`rows[${row}].quantity`} defaultValue={line.leftQuantity} inputMode="numeric" size={4} aria-label={t("procurement.purchases.quantity")} />
                      </td>
                      <td>
                        <input name={`rows[${row}].estimatedUnitPriceMinor`} defaultValue={minorToInput(line.unitCostMinor)} inputMode="decimal" size={9} aria-label={t("procurement.purchases.estimate")} />
                      </td>
                      <td>
                        <input type="checkbox" name={`rows[${row}].serialised`} aria-label={t("procurement.purchases.serialised")} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="field">
              <label htmlFor="purchase-description">{t("procurement.purchases.description")}</label>
              <textarea id="purchase-description" name="description" rows={2} />
              <ErrorList errors={errors.description} />
            </div>
            <div className="form-actions">
              <button type="submit" className="button-primary">
                {t("procurement.purchases.create")}
              </button>
            </div>
          </Form>
        )}
      </section>

      <section className="panel" aria-labelledby="queues-heading">
        <h2 id="queues-heading">{t("procurement.purchases.toPlace")}</h2>
        <PurchaseList purchases={data.purchases.toPlace} />
        <h2>{t("procurement.purchases.toReceive")}</h2>
        <PurchaseList purchases={data.purchases.toReceive} />
        <h2>{t("procurement.purchases.actsToPrepare")}</h2>
        {data.acts.toPrepare.length === 0 ? (
          <p className="empty">{t("procurement.purchases.none")}</p>
        ) : (
          <ul>
            {data.acts.toPrepare.map((row) => (
              <li key={row.agreementId}>
                {row.agreementNumber} · <Link to={`/grants/acts/new?agreement=${row.agreementId}`}>{t("procurement.purchases.prepareAct")}</Link>
              </li>
            ))}
          </ul>
        )}
        <h2>{t("procurement.purchases.actsToSign")}</h2>
        {data.acts.toSign.length === 0 ? (
          <p className="empty">{t("procurement.purchases.none")}</p>
        ) : (
          <ul>
            {data.acts.toSign.map((act) => (
              <li key={act.id}>
                <Link to={`/grants/acts/${act.id}`}>{act.number}</Link> · {act.beneficiaryName}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function PurchaseList({ purchases }: { purchases: Array<{ id: number; number: string; description: string; state: string }> }) {
  const { t } = useTranslation();
  if (purchases.length === 0) return <p className="empty">{t("procurement.purchases.none")}</p>;
  return (
    <ul>
      {purchases.map((purchase) => (
        <li key={purchase.id}>
          <Link to={`/grants/purchases/${purchase.id}`}>{purchase.number}</Link> · {purchase.description} · {t(`procurement.purchases.states.${purchase.state}`)}
        </li>
      ))}
    </ul>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "procurement.purchases.title");
