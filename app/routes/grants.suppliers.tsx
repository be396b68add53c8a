import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { PhoneLink } from "~/components/phone-link";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader, TextField } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { parseWithZod } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { supplierSchema } from "~/modules/grants/procurement-schema";
import { refusalResponse, type Refusal } from "~/modules/grants/procurement-replies.server";
import { createSupplier, listSuppliers } from "~/modules/grants/suppliers.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "procureInKind" });
  // Sole traders' RNOKPP never reaches the page: it is shown on request only (audited).
  return { suppliers: listSuppliers({ includeInactive: true }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "procureInKind" });
  const form = await readForm(request);
  // The oblasts are typed as P-codes separated by commas.
  const oblasts = String(form.get("oblasts") ?? "").split(/[\s,;]+/).map((code) => code.trim().toUpperCase()).filter(Boolean);
  form.delete("oblasts");
  for (const code of oblasts) form.append("oblastPcodes", code);
  const submission = parseWithZod(form, { schema: supplierSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    createSupplier(user, submission.value);
  } catch (error) {
    const response = refusalResponse(submission, error);
    if (response) return response;
    throw error;
  }
  return { ...submission.reply({ resetForm: true }), done: "created" };
}

export default function SuppliersPage() {
  const { t } = useTranslation();
  const { suppliers } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const refusal = lastResult && "refusal" in lastResult ? (lastResult.refusal as Refusal) : undefined;
  const [form, fields] = useForm<{ name: string; code: string; contactPerson: string; phone: string; email: string; address: string; oblasts: string }>({ id: "supplier", lastResult });
  return (
    <>
      <PageHeader title={t("procurement.suppliers.title")} />
      <p className="link-row">
        <Link to="/grants/purchases">{t("procurement.suppliers.back")}</Link>
      </p>
      {lastResult && "done" in lastResult ? (
        <p role="status" className="notice notice-success">
          {t("procurement.suppliers.added")}
        </p>
      ) : null}
      <section className="panel">
        {suppliers.length === 0 ? (
          <p className="empty">{t("procurement.suppliers.none")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("procurement.suppliers.name")}</th>
                  <th scope="col">{t("procurement.suppliers.code")}</th>
                  <th scope="col">{t("procurement.suppliers.contactPerson")}</th>
                  <th scope="col">{t("procurement.suppliers.oblasts")}</th>
                </tr>
              </thead>
              <tbody>
                {suppliers.map((supplier) => (
                  <tr key={supplier.id} className={supplier.active ? undefined : "muted-row"}>
                    <td>{supplier.name}</td>
                    <td>{supplier.edrpou ?? t(`procurement.suppliers.kind.${supplier.kind}`)}</td>
                    <td>
                      {[supplier.contactPerson, supplier.email].filter(Boolean).join(" · ")}
                      {supplier.phone ? (
                        <>
                          {supplier.contactPerson || supplier.email ? " · " : ""}
                          <PhoneLink phone={supplier.phone} />
                        </>
                      ) : null}
                    </td>
                    <td>{supplier.oblastPcodes.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="add-supplier-heading">
        <h2 id="add-supplier-heading">{t("procurement.suppliers.add")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack narrow">
          {refusal ? (
            <div role="alert" className="form-errors">
              <p className="field-error">{t(refusal.key, refusal.values)}</p>
            </div>
          ) : (
            <FormErrors id={form.errorId} errors={form.errors} />
          )}
          <TextField label={t("procurement.suppliers.name")} field={fields.name} />
          <TextField label={t("procurement.suppliers.code")} field={fields.code} hint={t("procurement.suppliers.codeHint")} inputMode="numeric" autoComplete="off" />
          <TextField label={t("procurement.suppliers.contactPerson")} field={fields.contactPerson} />
          <TextField label={t("procurement.suppliers.phone")} field={fields.phone} type="tel" />
          <TextField label={t("procurement.suppliers.email")} field={fields.email} type="email" />
          <TextField label={t("procurement.suppliers.address")} field={fields.address} />
          <TextField label={t("procurement.suppliers.oblasts")} field={fields.oblasts} />
          <div className="form-actions">
            <button type="submit" className="button-primary">
              {t("procurement.suppliers.add")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "procurement.suppliers.title");
