import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/pagination";
import { agreementStatuses } from "../../db/enums";
import { PageHeader } from "~/components/page-header";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { placeName } from "~/lib/places";
import { grantsRegisterFilterKeys, parseGrantsRegisterFilter, registerModalities } from "~/modules/grants/grants-register-filter";
import { grantsRegister, grantsRegisterChoices } from "~/modules/grants/grants-register.server";
import { listOblasts } from "~/modules/locations/locations.server";

// Officers and admins only: mentors read their cases' agreements on the case's agreement page.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "listGrants" });
  const filter = parseGrantsRegisterFilter(new URL(request.url).searchParams);
  return { register: grantsRegister(user, filter), choices: grantsRegisterChoices(user), oblasts: listOblasts() };
}

function FilterSelect({ name, label, options }: { name: string; label: string; options: Array<{ value: string | number; label: string }> }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={searchParams.get(name) ?? ""}>
        <option value="">{t("forms.any")}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function GrantsRegisterPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { register, choices, oblasts } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  // The export posts the register's current filters (an export is audited: never a GET).
  const exportFilters = [...searchParams].filter(([name]) => (grantsRegisterFilterKeys as readonly string[]).includes(name));
  const oblastByPcode = new Map(oblasts.map((oblast) => [oblast.pcode, oblast]));
  return (
    <>
      <PageHeader title={t("grants.register.title")}>
        <p className="lead">{t("grants.register.found", { count: register.total, formatted: formatNumber(register.total, locale) })}</p>
      </PageHeader>

      <Form method="get" className="filters" aria-label={t("grants.register.filters")}>
        <FilterSelect name="programme" label={t("grants.register.programme")} options={choices.programmes.map((programme) => ({ value: programme.id, label: programme.code }))} />
        <FilterSelect name="modality" label={t("grants.register.modality")} options={registerModalities.map((modality) => ({ value: modality, label: t(`grants.register.modalities.${modality}`) }))} />
        <FilterSelect name="source" label={t("grants.register.source")} options={choices.sources.map((source) => ({ value: source.id, label: `${source.name} (${source.currency})` }))} />
        <FilterSelect name="partner" label={t("grants.register.partner")} options={choices.partners.map((partner) => ({ value: partner.id, label: locale === "uk" ? partner.nameUk : partner.name }))} />
        <FilterSelect name="oblast" label={t("grants.register.oblast")} options={oblasts.map((oblast) => ({ value: oblast.pcode, label: placeName(oblast, locale) }))} />
        <FilterSelect name="state" label={t("grants.register.state")} options={agreementStatuses.map((status) => ({ value: status, label: t(`grants.agreement.statuses.${status}`) }))} />
        <div className="filters-actions">
          <button type="submit" className="button-primary">
            {t("forms.filter")}
          </button>
          <Link to="/grants">{t("forms.clearFilters")}</Link>
        </div>
      </Form>

      {/* A plain form: the browser downloads the file and stays on the register. */}
      <form method="post" action="/grants/export" className="export-links">
        {t("grants.register.export")}{" "}
        {exportFilters.map(([name, value], index) => (
          <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" name="format" value="csv" className="button-link">
          CSV
        </button>{" "}
        ·{" "}
        <button type="submit" name="format" value="xlsx" className="button-link">
          XLSX
        </button>
      </form>

      {register.rows.length === 0 ? (
        <p className="empty">{t("grants.register.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("grants.register.number")}</th>
                <th scope="col">{t("grants.register.beneficiary")}</th>
                <th scope="col">{t("grants.register.oblast")}</th>
                <th scope="col">{t("grants.register.modality")}</th>
                <th scope="col" className="numeric">
                  {t("grants.register.amount")}
                </th>
                <th scope="col" className="numeric">
                  {t("grants.register.paidNet")}
                </th>
                <th scope="col">{t("grants.register.source")}</th>
                <th scope="col">{t("grants.register.state")}</th>
                <th scope="col">{t("grants.register.timeOrigin")}</th>
              </tr>
            </thead>
            <tbody>
              {register.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/cases/${row.caseId}/agreement`}>{row.number}</Link>
                    <br />
                    <small>
                      {row.caseCode} · {row.programmeCode}
                    </small>
                  </td>
                  <td>
                    {row.surname} {row.firstName}
                  </td>
                  <td>{row.oblastPcode ? placeName(oblastByPcode.get(row.oblastPcode), locale) : ""}</td>
                  <td>{t(`grants.register.modalities.${row.modality}`)}</td>
                  <td className="numeric">{formatMoney(row.amountMinor, row.currency, locale)}</td>
                  <td className="numeric">{formatMoney(row.paidNetMinor, row.currency, locale)}</td>
                  <td>
                    {row.sourceName} · {row.lineCode}
                  </td>
                  <td>{t(`grants.agreement.statuses.${row.status}`)}</td>
                  <td>{row.timeOriginOn ? formatDate(row.timeOriginOn, locale) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Pagination page={register.page} pageCount={register.pageCount} label={t("grants.register.pages")} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "grants.register.title");
