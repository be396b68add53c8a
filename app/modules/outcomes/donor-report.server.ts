// The donor report (issue 11 §4): one A4 page per programme and cohort period, in Ukrainian or
// English whatever the reader's own language, always with small cells suppressed — the headline
// numbers, each one's definition in a line, and the disaggregations donors ask for (sex, age,
// disability, displacement status, oblast). Written once, in the report's language, and shown two
// ways: the printable page (routes/outcomes.report.tsx) and the PDF (donorReportPdf), which
// therefore carry the same numbers.
import { formatCell, formatShare, formatSurvival, formatValue } from "~/components/outcome-table";
import { formatDate, formatMoney, formatNumber } from "~/lib/format";
import { translator, type Locale } from "~/lib/i18n";
import { kyivToday, type IsoDate } from "~/lib/kyiv-date";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { a4Pdf } from "~/lib/pdf.server";
import { donorDimensions } from "./dimensions";
import type { OutcomeFilter } from "./outcome-filter";
import { donorColumns, outcomeTables, pickColumns } from "./outcome-tables";
import { outcomeDashboard, outcomeOptions, outcomeThreshold, type OutcomeOptions } from "./outcomes.server";

export type DonorReport = {
  lang: Locale;
  fileName: string;
  heading: string;
  asOf: string;
  definitionsTitle: string;
  disaggregationsTitle: string;
  legend: string;
  footer: string;
  tiles: { label: string; value: string; definition: string }[];
  tables: { id: string; title: string; headers: string[]; rows: string[][] }[];
};

/** The report of a programme and period (months of the time origin), or null for no programme. */
export function donorReport(
  programme: OutcomeOptions["programmes"][number],
  period: Pick<OutcomeFilter, "fromMonth" | "toMonth">,
  lang: Locale,
  options: OutcomeOptions = outcomeOptions(),
  today: IsoDate = kyivToday(),
): DonorReport {
  const t = translator(lang);
  const threshold = outcomeThreshold(programme.id);
  const dashboard = outcomeDashboard({ programmeId: programme.id, fromMonth: period.fromMonth, toMonth: period.toMonth }, "none", { suppressed: true, threshold }, today);
  const { headline } = dashboard;
  const tooFew = t("outcomes.tooFew");
  const money = (minor: number | null, currency: string) => (minor === null ? tooFew : formatMoney(minor, currency, lang));
  const tiles = [
    { label: t("outcomes.tiles.funded"), value: formatCell(headline.funded, lang), definition: t("outcomes.tiles.fundedDef") },
    { label: t("outcomes.tiles.survival12"), value: formatSurvival(headline.survival12, t, lang), definition: t("outcomes.tiles.survival12Def") },
    { label: t("outcomes.tiles.netJobs"), value: headline.netJobsFte.status === "reported" ? formatNumber(headline.netJobsFte.value, lang, 1) : tooFew, definition: t("outcomes.tiles.netJobsDef") },
    {
      label: t("outcomes.tiles.womenShare"),
      value: headline.womenShare.status === "reported" && headline.womenShare.share !== null ? formatShare(headline.womenShare.share, lang) : tooFew,
      definition: t("outcomes.tiles.womenShareDef"),
    },
    {
      label: t("outcomes.tiles.idpShare"),
      value: headline.idpShare.status === "reported" && headline.idpShare.share !== null ? formatShare(headline.idpShare.share, lang) : tooFew,
      definition: t("outcomes.tiles.idpShareDef"),
    },
    {
      label: t("outcomes.tiles.remigration"),
      value: `${headline.remigration.rate === null ? tooFew : formatShare(headline.remigration.rate, lang)} (${t("outcomes.tiles.remigrationCount", { abroad: formatCell(headline.remigration.abroad, lang), known: formatCell(headline.remigration.known, lang) })})`,
      definition: t("outcomes.tiles.remigrationDef"),
    },
    {
      label: t("outcomes.tiles.incomeChange"),
      value: money(headline.netIncomeChange.medianMinor, "UAH"),
      definition: t("outcomes.tiles.incomeChangeDef", { n: formatCell(headline.netIncomeChange.n, lang) }),
    },
    {
      label: t("outcomes.tiles.costPerJob"),
      value: headline.costPerJob.status === "reported" ? headline.costPerJob.items.map((i) => (i.costMinor === null ? t("outcomes.tiles.noNetJobs") : money(i.costMinor, i.currency))).join("; ") : tooFew,
      definition: t("outcomes.tiles.costPerJobDef"),
    },
  ];
  const tables = outcomeTables(dashboard, t, options, lang)
    .filter((table) => (donorDimensions as readonly string[]).includes(table.id.replace(/^by-/, "")))
    .map((table) => pickColumns(table, donorColumns))
    .map((table) => ({ id: table.id, title: table.title, headers: table.headers, rows: table.rows.map((row) => row.map((value) => formatValue(value, t, lang))) }));
  const monthLabel = (month: string) => formatDate(`${month}-01`, lang).replace(/^1 /, "");
  const periodText =
    period.fromMonth || period.toMonth
      ? t("outcomes.report.period", { from: period.fromMonth ? monthLabel(period.fromMonth) : "…", to: period.toMonth ? monthLabel(period.toMonth) : "…" })
      : t("outcomes.report.allPeriod");
  return {
    lang,
    fileName: `outcomes-${programme.code}-${period.fromMonth ?? "start"}-${period.toMonth ?? today.slice(0, 7)}-${lang}.pdf`,
    heading: t("outcomes.report.heading", { programme: lang === "uk" ? programme.nameUk : programme.name, period: periodText }),
    asOf: t("outcomes.asOf", { date: formatDate(today, lang) }),
    definitionsTitle: t("outcomes.report.definitions"),
    disaggregationsTitle: t("outcomes.report.disaggregations"),
    legend: t("outcomes.legend", { k: threshold }),
    footer: t("outcomes.report.footer", { k: threshold, date: formatDate(today, lang) }),
    tiles,
    tables,
  };
}

/**
 * The report as a PDF: one A4 page. The disaggregation tables take what room is left under the
 * headline and the definitions; with many oblasts their text is set smaller so that the page
 * still holds them (down to a legible 5.5 pt; past that a second page follows).
 */
export function donorReportPdf(report: DonorReport): Promise<Buffer> {
  const { pdf, bytes } = a4Pdf({ title: report.heading, locale: report.lang, margins: 36 });
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const bottom = pdf.page.height - pdf.page.margins.bottom;

  pdf.font("bold").fontSize(13).text(report.heading, { width });
  pdf.font("regular").fontSize(8).fillColor("#444444").text(report.asOf).fillColor("black").moveDown(0.6);

  // The headline: four tiles a row, the label above its value.
  const tileWidth = width / 4;
  for (let first = 0; first < report.tiles.length; first += 4) {
    const top = pdf.y;
    let end = top;
    report.tiles.slice(first, first + 4).forEach((tile, column) => {
      const x = left + column * tileWidth;
      pdf.font("regular").fontSize(7).fillColor("#444444").text(tile.label, x, top, { width: tileWidth - 6 });
      pdf.font("bold").fontSize(10).fillColor("black").text(tile.value, x, pdf.y + 1, { width: tileWidth - 6 });
      end = Math.max(end, pdf.y);
    });
    pdf.y = end + 4;
  }
  pdf.x = left;
  pdf.moveDown(0.8);

  pdf.font("bold").fontSize(9).text(report.definitionsTitle, left, pdf.y, { width }).moveDown(0.2);
  for (const tile of report.tiles) {
    pdf.font("bold").fontSize(6.5).text(`${tile.label}: `, { continued: true, width }).font("regular").text(tile.definition);
  }
  pdf.moveDown(0.6);
  pdf.font("bold").fontSize(9).text(report.disaggregationsTitle, left, pdf.y, { width }).moveDown(0.2);

  // The tables laid out at a font size, all with the same columns: each as wide as its widest
  // cell in any table (headers may wrap between words), the room left shared out; rows as high
  // as their tallest cell.
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const columns = report.tables[0]?.headers.map((_, c) => c) ?? [];
  const layout = (size: number) => {
    pdf.font("regular").fontSize(size);
    const cells = columns.map((c) => Math.max(...report.tables.flatMap((table) => table.rows.map((row) => pdf.widthOfString(row[c])))));
    pdf.font("bold");
    const words = columns.map((c) => Math.max(...report.tables.flatMap((table) => table.headers[c].split(/\s+/).map((word) => pdf.widthOfString(word)))));
    const wanted = cells.map((w, c) => Math.max(w, words[c]) + 6);
    const spare = width - sum(wanted);
    const widths = spare >= 0 ? wanted.map((w) => w + spare / wanted.length) : wanted.map((w) => (w * width) / sum(wanted));
    const rowHeight = (row: string[], font: "regular" | "bold") => {
      pdf.font(font).fontSize(size);
      return Math.max(...row.map((cell, c) => pdf.heightOfString(cell, { width: widths[c] - 4 }))) + 3;
    };
    const height = sum(
      report.tables.map((table) => {
        pdf.font("bold").fontSize(size + 0.5);
        return pdf.heightOfString(table.title, { width }) + rowHeight(table.headers, "bold") + sum(table.rows.map((row) => rowHeight(row, "regular"))) + 5;
      }),
    );
    return { widths, rowHeight, height };
  };
  pdf.font("regular").fontSize(6);
  const legendHeight = pdf.heightOfString(report.legend, { width }) + pdf.heightOfString(report.footer, { width }) + 4;
  let size = 7.5;
  while (size > 5.5 && pdf.y + layout(size).height + legendHeight > bottom) size -= 0.25;
  const { widths, rowHeight } = layout(size);

  for (const table of report.tables) {
    pdf.font("bold").fontSize(size + 0.5).text(table.title, left, pdf.y, { width });
    const row = (cells: string[], font: "regular" | "bold", shaded: boolean) => {
      const height = rowHeight(cells, font);
      if (pdf.y + height > bottom) pdf.addPage();
      const top = pdf.y;
      if (shaded) pdf.rect(left, top, width, height).fill("#eeeeee").fillColor("black");
      let x = left;
      cells.forEach((cell, i) => {
        pdf.text(cell, x + 2, top + 1.5, { width: widths[i] - 4, align: i === 0 ? "left" : "right" });
        x += widths[i];
      });
      pdf.x = left;
      pdf.y = top + height;
    };
    row(table.headers, "bold", true);
    for (const cells of table.rows) row(cells, "regular", false);
    pdf.moveTo(left, pdf.y).lineTo(left + width, pdf.y).lineWidth(0.5).stroke();
    pdf.y += 5;
  }
  pdf.font("regular").fontSize(6).fillColor("#444444").text(report.legend, left, pdf.y + 2, { width }).text(report.footer, { width });
  pdf.end();
  return bytes;
}

/**
 * The donor report of a programme and period as a PDF file, downloaded in the reader's name: like
 * every file that leaves the app (outcome-export.server.ts) it is an audited POST. Null when the
 * programme does not exist.
 */
export async function donorReportFile(user: CurrentUser, programmeId: number | undefined, period: Pick<OutcomeFilter, "fromMonth" | "toMonth">, lang: Locale) {
  const options = outcomeOptions();
  const programme = options.programmes.find((candidate) => candidate.id === programmeId);
  if (!programme) return null;
  const report = donorReport(programme, period, lang, options);
  const bytes = new Uint8Array(await donorReportPdf(report));
  db.transaction((tx) =>
    recordAudit(tx, {
      userId: user.id,
      action: "export",
      entityType: "outcomes",
      entityId: "donor-report",
      after: { format: "pdf", programme: programme.code, fromMonth: period.fromMonth ?? null, toMonth: period.toMonth ?? null, lang, k: outcomeThreshold(programme.id) },
    }),
  );
  return { bytes, fileName: report.fileName };
}
