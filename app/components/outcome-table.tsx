// One outcomes table as HTML (the table behind each chart, readable without JavaScript), and the
// tiles' value formatting. Shared by the dashboard and the donor report.
import type { ReactNode } from "react";
import { formatMoney, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { OutcomeTable, TableValue } from "~/modules/outcomes/outcome-tables";
import { monthsOf } from "~/modules/outcomes/outcome-tables";
import type { Cell, SurvivalFigure } from "~/modules/outcomes/publication";

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function formatShare(value: number, locale: Locale): string {
  return `${formatNumber(value * 100, locale, 1)}%`;
}

export function formatCell(cell: Cell, locale: Locale): string {
  return cell.suppressed || cell.value === null ? cell.display : formatNumber(cell.value, locale);
}

export function formatSurvival(figure: SurvivalFigure, t: Translate, locale: Locale): string {
  if (figure.status === "too_few") return t("outcomes.tooFew");
  if (figure.status === "not_reached") return t("outcomes.notReached");
  const share = (v: number | null) => (v === null ? "–" : formatShare(v, locale));
  return figure.lower === null || figure.upper === null
    ? share(figure.estimate)
    : t("outcomes.survival.estimateWithCi", { estimate: share(figure.estimate), lower: share(figure.lower), upper: share(figure.upper) });
}

/** A table cell as text ("too few" in short: the legend says it in full). */
export function formatValue(value: TableValue, t: Translate, locale: Locale): string {
  const tooFew = t("outcomes.tooFewShort");
  switch (value.kind) {
    case "text":
      return value.text;
    case "count":
      return formatCell(value.cell, locale);
    case "share":
      return value.value === null ? tooFew : formatShare(value.value, locale);
    case "fte":
      return value.value === null ? tooFew : formatNumber(value.value, locale, 1);
    case "months":
      return value.value === null ? "" : formatNumber(value.value, locale, 1);
    case "number":
      return value.value === null ? "" : formatNumber(value.value, locale, value.digits);
    case "money":
      return value.amounts === null ? tooFew : value.amounts.map((a) => formatMoney(a.minor, a.currency, locale)).join("; ");
    case "survival":
      return value.figure.status === "too_few" ? tooFew : formatSurvival(value.figure, t, locale);
    case "median":
      if (value.figure.status === "too_few") return tooFew;
      return value.figure.days === null ? t("outcomes.notReached") : formatNumber(monthsOf(value.figure.days), locale, 1);
  }
}

const isNumeric = (value: TableValue) => value.kind !== "text";

/** A table with its caption; the first column names the row. `actions` go under it (the export buttons). */
export function OutcomeTableView({ table, t, locale, caption, actions }: { table: OutcomeTable; t: Translate; locale: Locale; caption?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="outcome-table">
      <div className="table-scroll">
        <table className="table" id={`table-${table.id}`}>
          <caption>{caption ?? table.title}</caption>
          <thead>
            <tr>
              {table.headers.map((header, index) => (
                <th key={index} scope="col" className={index > 0 ? "numeric" : undefined}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((value, c) =>
                  c === 0 ? (
                    <th key={c} scope="row">
                      {formatValue(value, t, locale)}
                    </th>
                  ) : (
                    <td key={c} className={isNumeric(value) ? "numeric" : undefined} data-suppressed={value.kind === "count" && value.cell.suppressed ? "" : undefined}>
                      {formatValue(value, t, locale)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {actions}
    </div>
  );
}
