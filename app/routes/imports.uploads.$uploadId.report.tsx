// The report of an upload's latest dry run, as a CSV file to read before importing (resource
// route). It names the people of the file: a POST, for the uploader only, audited.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/not-found.server";
import { getLocale } from "~/lib/locale.server";
import { dryRunReportFile } from "~/modules/imports/dry-run-download.server";

// A GET (an old link) writes nothing: it leads back to the mapping page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "importData" });
  return redirect(`/imports/uploads/${encodeURIComponent(params.uploadId ?? "")}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  const report = dryRunReportFile(actor, params.uploadId ?? "", await getLocale(request, actor));
  // No dry run yet, an expired upload, or someone else's.
  if (!report) notFound();
  return new Response(report.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(report.fileName)}`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
