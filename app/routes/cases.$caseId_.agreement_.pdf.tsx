// The agreement as a PDF file (A4, the print page's document, fonts embedded), for the same
// readers as the print page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCase } from "~/lib/auth.server";
import { isLocale, type Locale } from "~/lib/i18n";
import { contentDisposition } from "~/lib/uploads.server";
import { found } from "~/lib/not-found.server";
import { agreementPdf, printableAgreement } from "~/modules/grants/agreement-print.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caseId } = await requireCase(request, params.caseId, { permission: "readAgreements" });
  const wanted = new URL(request.url).searchParams.get("lang");
  const locale: Locale = isLocale(wanted) ? wanted : "uk";
  const printable = found(printableAgreement(caseId, locale));
  const bytes = new Uint8Array(await agreementPdf(printable.document));
  const fileName = `agreement-${printable.number}-${locale}.pdf`;
  return new Response(bytes, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
