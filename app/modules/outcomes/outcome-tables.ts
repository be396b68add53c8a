// Every table of the outcomes page, built once from the published figures: the page renders these
// (the table behind each chart, readable without JavaScript) and the exports write the same
// tables to XLSX and CSV, so a number in a file is the number on the screen. Pure: it runs in the
// browser and on the server alike.
import type { Dimension } from "./dimensions";
import type { Cell, MedianFigure, PublishedDashboard, PublishedRow, SurvivalFigure, SurvivalLine } from "./publication";
import { atRiskMonths, daysPerMonth } from "./survival";

export type TableValue =
  | { kind: "text"; text: string }
  | { kind: "count"; cell: Cell }
  | { kind: "share"; value: number | null }
  | { kind: "fte"; value: number | null }
  | { kind: "months"; value: number | null }
  | { kind: "money"; amounts: { currency: string; minor: number }[] | null }
  | { kind: "survival"; figure: SurvivalFigure }
  | { kind: "median"; figure: MedianFigure }
  | { kind: "number"; value: number | null; digits: number };

export type OutcomeTable = { id: string; title: string; headers: string[]; rows: TableValue[][] };

type Translate = (key: string, options?: Record<string, unknown>) => string;

export type Labels = {
  partners: { id: string; name: string; nameUk: string }[];
  fundingSources: { id: string; name: string }[];
  oblasts: { pcode: string; nameEn: string; nameUk: string }[];
  sectors: { code: string; nameEn: string; nameUk: string }[];
};

const text = (value: string): TableValue => ({ kind: "text", text: value });
const count = (cell: Cell): TableValue => ({ kind: "count", cell });

/** A category's name in the reader's language (categories are keys: P-codes, ids, enum values). */
export function categoryLabel(t: Translate, labels: Labels, locale: string, dimension: Dimension, category: string): string {
  if (category === "unknown") return t("outcomes.categories.unknown");
  if (category === "total") return t("outcomes.tables.total");
  const uk = locale === "uk";
  switch (dimension) {
    case "sex":
    case "disability":
    case "displacement":
    case "modality":
    case "kind":
      return t(`outcomes.categories.${dimension}.${category}`);
    case "ageBand":
      return category.replace("-", "–");
    case "oblast": {
      const oblast = labels.oblasts.find((o) => o.pcode === category);
      return oblast ? (uk ? oblast.nameUk : oblast.nameEn) : category;
    }
    case "sector": {
      const sector = labels.sectors.find((s) => s.code === category);
      return sector ? `${sector.code} ${uk ? sector.nameUk : sector.nameEn}` : category;
    }
    case "partner": {
      const partner = labels.partners.find((p) => p.id === category);
      return partner ? (uk ? partner.nameUk : partner.name) : category;
    }
    case "fundingSource":
      return labels.fundingSources.find((s) => s.id === category)?.name ?? category;
  }
}

const stageLabel = (t: Translate, stage: string) => (stage === "baseline" ? t("outcomes.income.baseline") : t("outcomes.income.stageMonths", { months: stage.slice(1) }));

function lineRows(t: Translate, name: (line: SurvivalLine) => string, lines: SurvivalLine[]): TableValue[][] {
  return lines.map((line) => [text(name(line)), count(line.funded), { kind: "survival", figure: line.sixMonths }, { kind: "survival", figure: line.twelveMonths }, { kind: "median", figure: line.median }]);
}

function dimensionRow(label: string, row: PublishedRow): TableValue[] {
  return [
    text(label),
    count(row.funded),
    count(row.followedUp),
    count(row.notYetFollowedUp),
    { kind: "survival", figure: row.survival12 },
    { kind: "fte", value: row.netJobsFte },
    { kind: "share", value: row.womenShare },
    { kind: "share", value: row.idpShare },
    count(row.abroad),
    count(row.known),
    { kind: "share", value: row.abroadRate },
    { kind: "money", amounts: row.netIncomeChange.medianMinor === null ? null : [{ currency: "UAH", minor: row.netIncomeChange.medianMinor }] },
    count(row.netIncomeChange.n),
    { kind: "money", amounts: row.disbursed },
  ];
}

/** The tables of the page and the files, in page order. */
export function outcomeTables(dashboard: PublishedDashboard, t: Translate, labels: Labels, locale: string): OutcomeTable[] {
  const label = (dimension: Dimension, category: string) => categoryLabel(t, labels, locale, dimension, category);
  const { headline, survival, naive, jobs, income, remigration } = dashboard;
  const tables: OutcomeTable[] = [];
  const measure = [t("outcomes.exports.headlineColumns.measure"), t("outcomes.exports.headlineColumns.value"), t("outcomes.exports.headlineColumns.denominator")];
  tables.push({
    id: "headline",
    title: t("outcomes.exports.sheet.headline"),
    headers: measure,
    rows: [
      [text(t("outcomes.tiles.funded")), count(headline.funded), text("")],
      [text(t("outcomes.jobs.followedUp")), count(headline.followedUp), count(headline.funded)],
      [text(t("outcomes.jobs.notYetFollowedUp")), count(headline.notYetFollowedUp), count(headline.funded)],
      [text(t("outcomes.tiles.survival12")), { kind: "survival", figure: headline.survival12 }, count(headline.funded)],
      [text(t("outcomes.tiles.netJobs")), { kind: "fte", value: headline.netJobsFte.status === "reported" ? headline.netJobsFte.value : null }, count(headline.followedUp)],
      [text(t("outcomes.tiles.womenShare")), { kind: "share", value: headline.womenShare.status === "reported" ? headline.womenShare.share : null }, count(headline.followedUp)],
      [text(t("outcomes.tiles.idpShare")), { kind: "share", value: headline.idpShare.status === "reported" ? headline.idpShare.share : null }, count(headline.followedUp)],
      [text(t("outcomes.tiles.remigration")), { kind: "share", value: headline.remigration.rate }, count(headline.remigration.known)],
      [
        text(t("outcomes.tiles.incomeChange")),
        { kind: "money", amounts: headline.netIncomeChange.medianMinor === null ? null : [{ currency: "UAH", minor: headline.netIncomeChange.medianMinor }] },
        count(headline.netIncomeChange.n),
      ],
      ...(headline.costPerJob.status === "reported" ? headline.costPerJob.items : []).map((item): TableValue[] => [
        text(`${t("outcomes.tiles.costPerJob")} (${item.currency})`),
        { kind: "money", amounts: item.costMinor === null ? null : [{ currency: item.currency, minor: item.costMinor }] },
        { kind: "fte", value: item.netJobsFte },
      ]),
    ],
  });

  const compared = survival.comparison;
  const lines = compared ? compared.groups : [survival.overall];
  const lineName = (line: SurvivalLine) => (compared && line.category !== "total" ? label(compared.dimension, line.category) : t("outcomes.survival.total"));
  tables.push({
    id: "survival",
    title: t("outcomes.exports.sheet.survival"),
    headers: [t("outcomes.survival.group"), t("outcomes.tables.funded"), t("outcomes.survival.sixMonths"), t("outcomes.survival.twelveMonths"), t("outcomes.survival.median")],
    rows: lineRows(t, lineName, compared ? [...lines, survival.overall] : lines),
  });
  tables.push({
    id: "atRisk",
    title: t("outcomes.exports.sheet.atRisk"),
    headers: [t("outcomes.survival.group"), ...atRiskMonths.map((months) => t("outcomes.survival.atRiskMonth", { months }))],
    rows: [
      ...lines.map((line) => [text(lineName(line)), ...line.atRisk.map(count)]),
      ...(compared ? [[text(t("outcomes.survival.total")), ...compared.total.map(count)]] : []),
    ],
  });
  tables.push({
    id: "naive",
    title: t("outcomes.exports.sheet.naive"),
    headers: [t("outcomes.survival.naiveTitle"), t("outcomes.jobs.value")],
    rows: [
      ...(["operating", "suspended", "closed", "unreachable"] as const).map((s) => [text(t(`outcomes.survival.lastVisit.${s}`)), count(naive[s])]),
      [text(t("outcomes.jobs.followedUp")), count(naive.visited)],
      [text(t("outcomes.survival.naiveTitle")), { kind: "share", value: naive.share }],
    ],
  });
  const reportedJobs = jobs.status === "reported" ? jobs : null;
  tables.push({
    id: "jobs",
    title: t("outcomes.exports.sheet.jobs"),
    headers: [t("outcomes.jobs.measure"), t("outcomes.jobs.value")],
    rows: [
      [text(t("outcomes.jobs.followedUp")), count(jobs.followedUp)],
      [text(t("outcomes.jobs.notYetFollowedUp")), count(jobs.notYetFollowedUp)],
      [text(t("outcomes.jobs.baselinePaidFte")), { kind: "fte", value: reportedJobs?.baselinePaidFte ?? null }],
      [text(t("outcomes.jobs.latestPaidFte")), { kind: "fte", value: reportedJobs?.latestPaidFte ?? null }],
      [text(t("outcomes.jobs.netJobsFte")), { kind: "fte", value: reportedJobs?.netJobsFte ?? null }],
      [text(t("outcomes.jobs.womenFte")), { kind: "fte", value: reportedJobs?.womenFte ?? null }],
      [text(t("outcomes.jobs.idpFte")), { kind: "fte", value: reportedJobs?.idpFte ?? null }],
      [text(t("outcomes.jobs.headcount")), count(jobs.headcount)],
      [text(t("outcomes.jobs.baselineHeadcount")), count(jobs.baselineHeadcount)],
      [text(t("outcomes.jobs.grossNewHires")), count(jobs.grossNewHires)],
      [text(t("outcomes.jobs.selfEmploymentCreated")), count(jobs.selfEmploymentCreated)],
      [text(t("outcomes.jobs.unknownHours")), count(jobs.unknownHours)],
    ],
  });
  tables.push({
    id: "income",
    title: t("outcomes.exports.sheet.income"),
    headers: [t("outcomes.income.stage"), t("outcomes.income.revenue"), t("outcomes.income.n"), t("outcomes.income.netIncome"), t("outcomes.income.n")],
    rows: income.map((s) => [
      text(stageLabel(t, s.stage)),
      { kind: "money", amounts: s.revenue.medianMinor === null ? null : [{ currency: "UAH", minor: s.revenue.medianMinor }] },
      count(s.revenue.n),
      { kind: "money", amounts: s.netIncome.medianMinor === null ? null : [{ currency: "UAH", minor: s.netIncome.medianMinor }] },
      count(s.netIncome.n),
    ]),
  });
  tables.push({
    id: "remigration",
    title: t("outcomes.exports.sheet.remigration"),
    headers: [t("outcomes.remigration.title"), t("outcomes.remigration.owners")],
    rows: [
      [text(t("outcomes.remigration.sameHromada")), count(remigration.sameHromada)],
      [text(t("outcomes.remigration.withinUkraine")), count(remigration.withinUkraine)],
      [text(t("outcomes.remigration.abroad")), count(remigration.abroad)],
      [text(t("outcomes.remigration.known")), count(remigration.known)],
      [text(t("outcomes.remigration.rate")), { kind: "share", value: remigration.rate }],
    ],
  });
  tables.push({
    id: "moves",
    title: t("outcomes.exports.sheet.moves"),
    headers: [t("outcomes.remigration.destination"), t("outcomes.remigration.owners")],
    rows: remigration.moves.map((m) => [text(label("oblast", m.oblastPcode)), count(m.owners)]),
  });
  tables.push({
    id: "money",
    title: t("outcomes.exports.sheet.money"),
    headers: [t("outcomes.exports.money.currency"), t("outcomes.exports.money.disbursed"), t("outcomes.exports.money.netJobs"), t("outcomes.exports.money.costPerJob")],
    rows: (headline.costPerJob.status === "reported" ? headline.costPerJob.items : []).map((item) => [
      text(item.currency),
      { kind: "money", amounts: [{ currency: item.currency, minor: item.disbursedMinor }] },
      { kind: "fte", value: item.netJobsFte },
      { kind: "money", amounts: item.costMinor === null ? null : [{ currency: item.currency, minor: item.costMinor }] },
    ]),
  });
  for (const table of dashboard.tables) {
    tables.push({
      id: `by-${table.dimension}`,
      title: t(`outcomes.dimensions.${table.dimension}`),
      headers: [
        t("outcomes.tables.category"),
        t("outcomes.tables.funded"),
        t("outcomes.tables.followedUp"),
        t("outcomes.tables.notYetFollowedUp"),
        t("outcomes.tables.survival12"),
        t("outcomes.tables.netJobsFte"),
        t("outcomes.tables.womenShare"),
        t("outcomes.tables.idpShare"),
        t("outcomes.tables.abroad"),
        t("outcomes.tables.known"),
        t("outcomes.tables.abroadRate"),
        t("outcomes.tables.incomeChange"),
        t("outcomes.tables.incomeChangeN"),
        t("outcomes.tables.disbursed"),
      ],
      rows: [...table.rows.map((row) => dimensionRow(label(table.dimension, row.category), row)), dimensionRow(t("outcomes.tables.total"), table.total)],
    });
  }
  return tables;
}

/** Days as months (domain.md §7: months = days / 30.4375). */
export const monthsOf = (days: number) => days / daysPerMonth;

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** A value as a spreadsheet cell: counts and amounts as numbers, hidden ones as "<k" or a word. */
export function exportCell(value: TableValue, t: Translate): string | number | null {
  const tooFew = t("outcomes.tooFew");
  switch (value.kind) {
    case "text":
      return value.text;
    case "count":
      return value.cell.suppressed ? value.cell.display : value.cell.value;
    case "share":
      return value.value === null ? tooFew : round(value.value, 4);
    case "fte":
      return value.value === null ? tooFew : round(value.value, 2);
    case "months":
      return value.value === null ? null : round(value.value, 2);
    case "number":
      return value.value === null ? null : round(value.value, value.digits);
    case "money":
      if (value.amounts === null) return tooFew;
      if (value.amounts.length === 1) return value.amounts[0].minor / 100;
      return value.amounts.map((a) => `${(a.minor / 100).toFixed(2)} ${a.currency}`).join("; ");
    case "survival":
      if (value.figure.status === "too_few") return tooFew;
      if (value.figure.status === "not_reached") return t("outcomes.notReached");
      return `${value.figure.estimate.toFixed(3)} (${value.figure.lower?.toFixed(3) ?? "–"}–${value.figure.upper?.toFixed(3) ?? "–"})`;
    case "median":
      if (value.figure.status === "too_few") return tooFew;
      return value.figure.days === null ? t("outcomes.notReached") : round(monthsOf(value.figure.days), 2);
  }
}

/** A table with only some of its columns (the donor report's narrower tables). */
export function pickColumns(table: OutcomeTable, columns: readonly number[]): OutcomeTable {
  return { ...table, headers: columns.map((c) => table.headers[c]), rows: table.rows.map((row) => columns.map((c) => row[c])) };
}

/** The donor report's columns of a disaggregation table: counts, survival, jobs, abroad, income. */
export const donorColumns = [0, 1, 2, 3, 4, 5, 10, 11] as const;
