// The donor report as a PDF file (one A4 page, fonts embedded), for the readers of the printable
// page, in the language asked for (Ukrainian unless English is asked).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { isLocale, type Locale } from "~/lib/i18n";
import { notFound } from "~/lib/not-found.server";
import { pdfHeaders } from "~/lib/pdf.server";
import { contentDisposition } from "~/lib/uploads.server";
import { donorReport, donorReportPdf } from "~/modules/outcomes/donor-report.server";
import { parseOutcomeQuery } from "~/modules/outcomes/outcome-filter";
import { outcomeOptions } from "~/modules/outcomes/outcomes.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "readOutcomes" });
  const url = new URL(request.url);
  const wanted = url.searchParams.get("lang");
  const lang: Locale = isLocale(wanted) ? wanted : "uk";
  const { filter } = parseOutcomeQuery(url.searchParams);
  const options = outcomeOptions();
  const programme = options.programmes.find((p) => p.id === filter.programmeId);
  if (!programme) notFound();
  const report = donorReport(programme, filter, lang, options);
  const bytes = new Uint8Array(await donorReportPdf(report));
  return new Response(bytes, { headers: pdfHeaders(bytes, contentDisposition(report.fileName)) });
}
