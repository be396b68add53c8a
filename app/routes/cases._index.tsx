import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/pagination";
import { caseStages, caseStatuses, displacementStatuses, sexes } from "../../db/enums";
import { FilterDisclosure } from "~/components/filter-disclosure";
import { PageHeader } from "~/components/forms";
import { PlacePicker } from "~/components/place-picker";
import { can, requireUser } from "~/lib/auth.server";
import { formatDate, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { pageTitle } from "~/lib/meta";
import { placeName } from "~/lib/places";
import { parseCaseListFilter } from "~/modules/cases/case-list-filter";
import { caseListChoices, exportLimit, listCases } from "~/modules/cases/case-list.server";
import { caseAudience, caseListFilterKeys, caseListSorts } from "~/modules/cases/case-views";
import { listOblasts, placePickerOptions } from "~/modules/locations/locations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "listCases" });
  const filter = parseCaseListFilter(new URL(request.url).searchParams);
  // listCases refuses a role without an audience (reviewers), so this one is set.
  const audience = caseAudience(user.role) ?? "pseudonymised";
  return {
    list: listCases(user, filter),
    choices: caseListChoices(user),
    oblasts: listOblasts(),
    // The chosen hromada's raion and its siblings, so the picker shows them before scripts run.
    placeOptions: filter.oblast || filter.hromada ? placePickerOptions({ oblast: filter.oblast, hromada: filter.hromada }, await getLocale(request, user)) : undefined,
    canRegister: can(user, "registerApplicants"),
    exportLimit,
    seesNames: can(user, "seeIdentifiers"),
    // What this reader may filter and sort on (case-views.ts): the form offers only these.
    filters: caseListFilterKeys(audience),
    sorts: caseListSorts(audience),
  };
}

function FilterSelect({
  name,
  label,
  options,
}: {
  name: string;
  label: string;
  options: Array<{ value: string | number; label: string }>;
}) {
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

// Lists longer than this take seconds to export (XLSX about 10,000 rows a second).
const largeExportRows = 20_000;

export default function CaseListPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { list, choices, oblasts, placeOptions, canRegister, exportLimit, seesNames, filters, sorts } = useLoaderData<typeof loader>();
  const offers = (name: string) => (filters as readonly string[]).includes(name);
  const [searchParams] = useSearchParams();
  const oblastByPcode = new Map(oblasts.map((oblast) => [oblast.pcode, oblast]));
  // The export posts the list's current filters (an export is audited: never a GET).
  const exportFilters = [...searchParams].filter(([name]) => name !== "page" && name !== "format" && offers(name));
  // The filters set beside the search (a place counts once), said on the folded disclosure.
  const notFilters = new Set(["q", "sort", "dir", "page", "hromada"]);
  const activeFilters = new Set(
    [...searchParams].filter(([name, value]) => value && offers(name) && !notFilters.has(name)).map(([name]) => name).concat(searchParams.get("hromada") ? ["oblast"] : []),
  ).size;
  return (
    <>
      <PageHeader
        title={t("cases.title")}
        actions={
          canRegister ? (
            <Link to="/cases/new" className="button-primary">
              {t("cases.register")}
            </Link>
          ) : null
        }
      >
        <p className="lead">{t("cases.found", { count: list.total, formatted: formatNumber(list.total, locale) })}</p>
      </PageHeader>

      <Form method="get" className="filters" aria-label={t("cases.filters")}>
        <div className="field field-wide">
          <label htmlFor="filter-q">{t("cases.search")}</label>
          <input id="filter-q" name="q" type="search" defaultValue={searchParams.get("q") ?? ""} placeholder={seesNames ? t("cases.searchHint") : t("cases.searchHintCode")} />
        </div>
        <FilterDisclosure active={activeFilters}>
          <FilterSelect name="programme" label={t("cases.programme")} options={choices.programmes.map((programme) => ({ value: programme.id, label: programme.code }))} />
          <FilterSelect name="stage" label={t("cases.stage")} options={caseStages.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }))} />
          <FilterSelect name="status" label={t("cases.status")} options={caseStatuses.map((status) => ({ value: status, label: t(`statuses.${status}`) }))} />
          {offers("oblast") && offers("hromada") ? (
            <div className="filters-place">
              {/* Oblast, then raion, then hromada, or a hromada found by name: P-codes are submitted. */}
              <PlacePicker
                legend={t("cases.placeFilter")}
                oblastName="oblast"
                hromadaName="hromada"
                defaultOblast={searchParams.get("oblast")}
                defaultHromada={searchParams.get("hromada")}
                oblasts={oblasts}
                initialOptions={placeOptions}
              />
            </div>
          ) : null}
          {offers("displacement") ? (
            <FilterSelect
              name="displacement"
              label={t("cases.displacementStatus")}
              options={displacementStatuses.map((status) => ({ value: status, label: t(`cases.displacement.${status}`) }))}
            />
          ) : null}
          {offers("sex") ? (
            <FilterSelect name="sex" label={t("cases.sex")} options={sexes.map((sex) => ({ value: sex, label: t(`cases.sexes.${sex}`) }))} />
          ) : null}
          {choices.partners.length ? (
            <FilterSelect
              name="partner"
              label={t("cases.partner")}
              options={choices.partners.map((partner) => ({ value: partner.id, label: locale === "uk" ? partner.nameUk : partner.name }))}
            />
          ) : null}
          {choices.mentors.length ? (
            <FilterSelect name="mentor" label={t("cases.mentor")} options={choices.mentors.map((mentor) => ({ value: mentor.id, label: mentor.name }))} />
          ) : null}
          <div className="field">
            <label htmlFor="filter-sort">{t("cases.sortBy")}</label>
            <select id="filter-sort" name="sort" defaultValue={searchParams.get("sort") ?? "applicationDate"}>
              {sorts.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`cases.sorts.${sort}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-dir">{t("cases.direction")}</label>
            <select id="filter-dir" name="dir" defaultValue={searchParams.get("dir") ?? "desc"}>
              <option value="desc">{t("cases.descending")}</option>
              <option value="asc">{t("cases.ascending")}</option>
            </select>
          </div>
        </FilterDisclosure>
        <div className="filters-actions">
          <button type="submit" className="button-primary">
            {t("forms.filter")}
          </button>
          <Link to="/cases">{t("forms.clearFilters")}</Link>
        </div>
      </Form>

      {/* A plain form: the browser downloads the file and stays on the list. */}
      <form method="post" action="/cases/export" className="export-links">
        {t("cases.exportFiltered")}{" "}
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
        {seesNames && list.total > exportLimit ? (
          <span className="notice export-cut">
            {t("cases.exportCut", { limit: formatNumber(exportLimit, locale), total: formatNumber(list.total, locale) })}
          </span>
        ) : null}
        {/* Exports stream without a Content-Length: say why a large one takes a while. */}
        {list.total > largeExportRows ? <span className="field-hint">{t("cases.exportTakesAWhile")}</span> : null}
      </form>

      {list.rows.length === 0 ? (
        <p className="empty">{t("cases.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table responsive-table">
            <thead>
              <tr>
                <th scope="col">{t("cases.caseCode")}</th>
                {seesNames ? (
                  <>
                    <th scope="col">{t("cases.applicant")}</th>
                    <th scope="col">{t("cases.oblast")}</th>
                    <th scope="col">{t("cases.displacementStatus")}</th>
                  </>
                ) : (
                  <th scope="col">{t("cases.programme")}</th>
                )}
                <th scope="col">{t("cases.stage")}</th>
                <th scope="col">{t("cases.eligibility")}</th>
                <th scope="col" className="numeric">
                  {t("cases.vulnerabilityScore")}
                </th>
                <th scope="col">{seesNames ? t("cases.applicationDate") : t("cases.release.applicationMonth")}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id}>
                  <td data-label={t("cases.caseCode")}>
                    <Link to={`/cases/${row.id}`}>{row.caseCode}</Link>
                  </td>
                  {"identifiers" in row ? (
                    <>
                      <td data-label={t("cases.applicant")}>
                        {row.identifiers.surname} {row.identifiers.firstName} {row.identifiers.patronymic ?? ""}
                      </td>
                      <td data-label={t("cases.oblast")}>{row.oblastPcode ? placeName(oblastByPcode.get(row.oblastPcode), locale) : ""}</td>
                      <td data-label={t("cases.displacementStatus")}>{row.displacementStatus ? t(`cases.displacement.${row.displacementStatus}`) : ""}</td>
                    </>
                  ) : (
                    <td data-label={t("cases.programme")}>{row.programmeCode}</td>
                  )}
                  <td data-label={t("cases.stage")}>
                    {t(`stages.${row.stage}`)}
                    {row.status !== "open" ? <span className="badge badge-muted">{t(`statuses.${row.status}`)}</span> : null}
                  </td>
                  <td data-label={t("cases.eligibility")}>
                    <span className={`badge badge-eligibility-${row.eligibility}`}>{t(`cases.eligibilityStatus.${row.eligibility}`)}</span>
                  </td>
                  <td data-label={t("cases.vulnerabilityScore")} className="numeric">
                    {row.vulnerabilityScore ?? "—"}
                  </td>
                  <td data-label={seesNames ? t("cases.applicationDate") : t("cases.release.applicationMonth")}>
                    {"applicationDate" in row ? formatDate(row.applicationDate, locale) : row.applicationMonth}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Pagination page={list.page} pageCount={list.pageCount} label={t("cases.pages")} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cases.title");
