import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, PageHeader } from "~/components/forms";
import { StaleRecordNotice } from "~/components/stale-record-notice";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { formatDate, formatMoney } from "~/lib/format";
import { parseWithZod } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { kyivToday } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { revalidateAfterConflict } from "~/lib/stale-record";
import { procurementFormLimits, purchasePageSchema } from "~/modules/grants/procurement-schema";
import { refusalResponse, type Refusal } from "~/modules/grants/procurement-replies.server";
import { cancelPurchase, placeOrder, purchaseFile, recordDelivery, recordQuotation } from "~/modules/grants/procurement.server";
import { listSuppliers } from "~/modules/grants/suppliers.server";

function purchaseIdOf(params: LoaderFunctionArgs["params"]): number {
  const purchaseId = idParam(params.purchaseId);
  return purchaseId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "procureInKind" });
  const purchase = purchaseFile(purchaseIdOf(params));
  if (!purchase) notFound();
  const quoted = new Set(purchase.quotations.map((quotation) => quotation.supplierId));
  return {
    purchase,
    suppliers: listSuppliers().filter((supplier) => !quoted.has(supplier.id)).map((supplier) => ({ id: supplier.id, name: supplier.name })),
    today: kyivToday(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "procureInKind" });
  const purchaseId = purchaseIdOf(params);
  const submission = parseWithZod(await readForm(request, procurementFormLimits), { schema: purchasePageSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "quote") recordQuotation(user, purchaseId, value);
    else if (value.intent === "order") placeOrder(user, purchaseId, value);
    else if (value.intent === "deliver") recordDelivery(user, purchaseId, value);
    else cancelPurchase(user, purchaseId, value);
  } catch (error) {
    const response = refusalResponse(submission, error);
    if (response) return response;
    throw error;
  }
  return { ...submission.reply({ resetForm: true }), done: value.intent };
}

export const shouldRevalidate = revalidateAfterConflict;

export default function PurchasePage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { purchase, suppliers, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const intent = (lastResult?.initialValue as { intent?: string } | undefined)?.intent;
  const refusal = lastResult && "refusal" in lastResult ? (lastResult.refusal as Refusal) : undefined;
  const stale = lastResult && "stale" in lastResult ? lastResult.stale : undefined;
  const done = lastResult && "done" in lastResult ? (lastResult.done as string) : undefined;
  const errorsFor = (name: string) => (intent === name ? (lastResult?.error ?? {}) : {});
  const money = (minor: number) => formatMoney(minor, purchase.currency, locale);
  const cheapestTotal = Math.min(...purchase.quotations.filter((quotation) => quotation.complete).map((quotation) => quotation.totalMinor));
  const outstanding = purchase.outstanding.filter((line) => line.quantity > 0);
  const itemById = new Map(purchase.items.map((item) => [item.id, item]));

  const notice = (name: string) => {
    if (intent !== name || !lastResult || done) return null;
    if (stale !== undefined) return <StaleRecordNotice change={stale} />;
    if (refusal) {
      return (
        <div role="alert" className="form-errors">
          <p className="field-error">{t(refusal.key, refusal.values)}</p>
          {refusal.problems.length ? (
            <ul>
              {refusal.problems.map((problem, index) => (
                <li key={index} className="field-error">
                  {t(problem.key, { ...problem.values, threshold: typeof problem.values.thresholdMinor === "number" ? money(problem.values.thresholdMinor) : "" })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      );
    }
    return <ErrorList errors={lastResult.error?.[""]} />;
  };

  return (
    <>
      <PageHeader title={t("procurement.purchase.title", { number: purchase.number })}>
        <p className="lead">
          {purchase.description} · {t(`procurement.purchases.states.${purchase.state}`)}
        </p>
      </PageHeader>
      <p className="link-row">
        <Link to={`/grants/purchases?programme=${purchase.programmeId}`}>{t("procurement.purchase.back")}</Link>
      </p>
      {done ? (
        <p role="status" className="notice notice-success">
          {t(`procurement.purchase.done.${done}`)}
        </p>
      ) : null}
      <p className="field-hint">{t("procurement.purchases.rule", { required: purchase.rule.minQuotations, threshold: money(purchase.rule.thresholdMinor) })}</p>

      <section className="panel" aria-labelledby="items-heading">
        <h2 id="items-heading">{t("procurement.purchase.items")}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("procurement.purchases.name")}</th>
                <th scope="col">{t("procurement.purchase.forCase")}</th>
                <th scope="col" className="numeric">
                  {t("procurement.purchases.quantity")}
                </th>
                <th scope="col" className="numeric">
                  {t("procurement.purchase.estimate")}
                </th>
              </tr>
            </thead>
            <tbody>
              {purchase.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {item.name}
                    {item.model ? ` · ${item.model}` : ""}
                    {item.serialised ? <div className="note">{t("procurement.purchases.serialised")}</div> : null}
                  </td>
                  <td>
                    <Link to={`/cases/${item.caseId}`}>{item.caseCode}</Link> · {item.agreementNumber}
                  </td>
                  <td className="numeric">
                    {item.quantity} {t(`procurement.units.${item.unit}`)}
                  </td>
                  <td className="numeric">{money(item.estimatedUnitPriceMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="quotations-heading">
        <h2 id="quotations-heading">{t("procurement.purchase.quotations")}</h2>
        {purchase.quotations.length === 0 ? (
          <p className="empty">{t("procurement.purchase.noQuotations")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("procurement.purchase.supplier")}</th>
                  <th scope="col">{t("procurement.purchase.receivedOn")}</th>
                  <th scope="col" className="numeric">
                    {t("procurement.purchase.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {purchase.quotations.map((quotation) => (
                  <tr key={quotation.id}>
                    <td>
                      {quotation.supplierName}
                      {quotation.reference ? <span className="note"> · {quotation.reference}</span> : null}
                    </td>
                    <td>{formatDate(quotation.receivedOn, locale)}</td>
                    <td className="numeric">
                      {money(quotation.totalMinor)}
                      {!quotation.complete ? <span className="note"> ({t("procurement.purchase.incomplete")})</span> : null}
                      {quotation.complete && quotation.totalMinor === cheapestTotal ? <span className="badge badge-success"> {t("procurement.purchase.cheapest")}</span> : null}
                      {purchase.chosenQuotationId === quotation.id ? <span className="badge"> {t("procurement.purchase.chosen")}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {(purchase.state === "draft" || purchase.state === "quoting") && suppliers.length > 0 ? (
          <Form method="post" className="stack narrow" aria-labelledby="add-quotation-heading">
            <h3 id="add-quotation-heading">{t("procurement.purchase.addQuotation")}</h3>
            {notice("quote")}
            <input type="hidden" name="intent" value="quote" />
            <input type="hidden" name="version" value={purchase.version} />
            <div className="field">
              <label htmlFor="quote-supplier">{t("procurement.purchase.supplier")}</label>
              <select id="quote-supplier" name="supplierId" defaultValue="">
                <option value="">{t("forms.choose")}</option>
                {suppliers.map((supplier) => (
                  <option key={supplier.id} value={supplier.id}>
                    {supplier.name}
                  </option>
                ))}
              </select>
              <ErrorList errors={errorsFor("quote").supplierId} />
            </div>
            <div className="field">
              <label htmlFor="quote-received">{t("procurement.purchase.receivedOn")}</label>
              <input id="quote-received" name="receivedOn" type="date" defaultValue={today} />
              <ErrorList errors={errorsFor("quote").receivedOn} />
            </div>
            <div className="field">
              <label htmlFor="quote-reference">{t("procurement.purchase.reference")}</label>
              <input id="quote-reference" name="reference" />
            </div>
            {purchase.items.map((item, index) => (
              <div className="field" key={item.id}>
                <input type="hidden" name={`prices[${index}].purchaseItemId`} value={item.id} />
                <label htmlFor={`quote-price-${item.id}`}>{t("procurement.purchase.unitPrice", { name: `${item.name} (${item.caseCode})` })}</label>
                <input id={`quote-price-${item.id}`} name={`prices[${index}].unitPriceMinor`} inputMode="decimal" />
                <ErrorList errors={errorsFor("quote")[`prices[${index}].unitPriceMinor`]} />
              </div>
            ))}
            <div className="form-actions">
              <button type="submit" className="button-secondary">
                {t("procurement.purchase.saveQuotation")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="order-heading">
        <h2 id="order-heading">{t("procurement.purchase.orderHeading")}</h2>
        {purchase.orderNumber && purchase.orderedOn ? (
          <p>{t("procurement.purchase.ordered", { date: formatDate(purchase.orderedOn, locale), number: purchase.orderNumber })}</p>
        ) : null}
        {purchase.choiceReason ? <p className="note">{purchase.choiceReason}</p> : null}
        {purchase.state === "quoting" ? (
          <Form method="post" className="stack narrow">
            {notice("order")}
            <input type="hidden" name="intent" value="order" />
            <input type="hidden" name="version" value={purchase.version} />
            <fieldset className="field">
              <legend>{t("procurement.purchase.chooseQuotation")}</legend>
              {purchase.quotations.map((quotation) => (
                <label key={quotation.id} className="choice">
                  <input type="radio" name="quotationId" value={quotation.id} />
                  {quotation.supplierName} · {money(quotation.totalMinor)}
                </label>
              ))}
              <ErrorList errors={errorsFor("order").quotationId} />
            </fieldset>
            <div className="field">
              <label htmlFor="order-reason">{t("procurement.purchase.choiceReason")}</label>
              <textarea id="order-reason" name="choiceReason" rows={2} />
              <ErrorList errors={errorsFor("order").choiceReason} />
            </div>
            <div className="field">
              <label htmlFor="order-number">{t("procurement.purchase.orderNumber")}</label>
              <input id="order-number" name="orderNumber" />
              <ErrorList errors={errorsFor("order").orderNumber} />
            </div>
            <div className="field">
              <label htmlFor="order-date">{t("procurement.purchase.orderedOn")}</label>
              <input id="order-date" name="orderedOn" type="date" defaultValue={today} />
              <ErrorList errors={errorsFor("order").orderedOn} />
            </div>
            <div className="form-actions">
              <button type="submit" className="button-primary">
                {t("procurement.purchase.placeOrder")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      {purchase.state === "ordered" && outstanding.length > 0 ? (
        <section className="panel" aria-labelledby="delivery-heading">
          <h2 id="delivery-heading">{t("procurement.purchase.deliveryHeading")}</h2>
          <Form method="post" className="stack narrow">
            {notice("deliver")}
            <input type="hidden" name="intent" value="deliver" />
            <input type="hidden" name="version" value={purchase.version} />
            <div className="field">
              <label htmlFor="delivery-date">{t("procurement.purchase.deliveredOn")}</label>
              <input id="delivery-date" name="deliveredOn" type="date" defaultValue={today} />
              <ErrorList errors={errorsFor("deliver").deliveredOn} />
            </div>
            <div className="field">
              <label htmlFor="delivery-waybill">{t("procurement.purchase.waybill")}</label>
              <input id="delivery-waybill" name="waybillNumber" />
            </div>
            {outstanding.map((line, index) => {
              const item = itemById.get(line.purchaseItemId)!;
              const prefix = `lines[${index}]`;
              return (
                <fieldset key={line.purchaseItemId} className="field">
                  <legend>
                    {item.name} ({item.caseCode}) · {t("procurement.purchase.outstanding", { quantity: line.quantity })}
                  </legend>
                  <input type="hidden" name={`${prefix}.purchaseItemId`} value={line.purchaseItemId} />
                  <label htmlFor={`received-${item.id}`}>{t("procurement.purchase.received")}</label>
                  <input id={`received-${item.id}`} name={`${prefix}.quantityReceived`} defaultValue={line.quantity} inputMode="numeric" size={4} />
                  {line.serialised ? (
                    <>
                      <label htmlFor={`serials-${item.id}`}>{t("procurement.purchase.serialNumbers")}</label>
                      <textarea id={`serials-${item.id}`} name={`${prefix}.serialNumbers`} rows={Math.min(line.quantity, 6)} />
                      <label htmlFor={`defective-serials-${item.id}`}>{t("procurement.purchase.defectiveSerials")}</label>
                      <textarea id={`defective-serials-${item.id}`} name={`${prefix}.defectiveSerialNumbers`} rows={1} />
                    </>
                  ) : (
                    <>
                      <label htmlFor={`defective-${item.id}`}>{t("procurement.purchase.defectiveQuantity")}</label>
                      <input id={`defective-${item.id}`} name={`${prefix}.defectiveQuantity`} defaultValue="0" inputMode="numeric" size={4} />
                    </>
                  )}
                  <label htmlFor={`defect-note-${item.id}`}>{t("procurement.purchase.defectNote")}</label>
                  <input id={`defect-note-${item.id}`} name={`${prefix}.defectNote`} />
                </fieldset>
              );
            })}
            <div className="form-actions">
              <button type="submit" className="button-primary">
                {t("procurement.purchase.checkDelivery")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {purchase.deliveries.length > 0 ? (
        <section className="panel" aria-labelledby="deliveries-heading">
          <h2 id="deliveries-heading">{t("procurement.purchase.deliveries")}</h2>
          <ul>
            {purchase.deliveries.map((delivery) => (
              <li key={delivery.id}>
                {formatDate(delivery.deliveredOn, locale)}
                {delivery.waybillNumber ? ` · ${delivery.waybillNumber}` : ""}
                <ul>
                  {delivery.lines.map((line) => (
                    <li key={line.id}>
                      {itemById.get(line.purchaseItemId)?.name}: {line.quantityAccepted}/{line.quantityReceived} · {t(`procurement.purchase.lineStatus.${line.status}`)}
                      {line.defectNote ? ` · ${line.defectNote}` : ""}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {purchase.state === "draft" || purchase.state === "quoting" || (purchase.state === "ordered" && purchase.deliveries.length === 0) ? (
        <section className="panel danger-zone" aria-labelledby="cancel-purchase-heading">
          <h2 id="cancel-purchase-heading">{t("procurement.purchase.cancelHeading")}</h2>
          <Form method="post" className="stack narrow">
            {notice("cancel")}
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="version" value={purchase.version} />
            <div className="field">
              <label htmlFor="cancel-reason">{t("procurement.purchase.reason")}</label>
              <textarea id="cancel-reason" name="reason" rows={2} />
              <ErrorList errors={errorsFor("cancel").reason} />
            </div>
            <div className="form-actions">
              <button type="submit" className="button-secondary">
                {t("procurement.purchase.cancel")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "procurement.purchases.title");
  return data ? [{ title: `${data.purchase.number} · ${base[0].title}` }] : base;
};
