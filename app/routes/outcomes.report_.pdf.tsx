// The donor report as a PDF file (one A4 page, fonts embedded), for the readers of the printable
// page, in the language asked for (Ukrainian unless English is asked). A download writes an audit
// entry, so it is a POST; a GET only leads back to the printable page.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { isLocale, type Locale } from "~/lib/i18n";
import { notFound } from "~/lib/not-found.server";
import { pdfHeaders } from "~/lib/pdf.server";
import { readForm } from "~/lib/request-body.server";
import { contentDisposition } from "~/lib/uploads.server";
import { donorReportFile } from "~/modules/outcomes/donor-report.server";
import { parseOutcomeQuery } from "~/modules/outcomes/outcome-filter";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "readOutcomes" });
  const query = new URL(request.url).searchParams;
  return redirect(`/outcomes/report${query.size ? `?${query}` : ""}`);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "readOutcomes" });
  const form = await readForm(request);
  const fields = new URLSearchParams([...form].flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])));
  const wanted = fields.get("lang");
  const lang: Locale = isLocale(wanted) ? wanted : "uk";
  const { filter } = parseOutcomeQuery(fields);
  const file = await donorReportFile(user, filter.programmeId, filter, lang);
  if (!file) notFound();
  return new Response(file.bytes, { headers: pdfHeaders(file.bytes, contentDisposition(file.fileName)) });
}
