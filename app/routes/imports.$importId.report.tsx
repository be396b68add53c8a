// The rows of an import that were not stored, as a CSV file to fix and re-import (resource route).
// The file holds people's data and its download is audited: a POST, for the uploader and admins.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { getLocale } from "~/lib/locale.server";
import { rejectedRowsReport } from "~/modules/imports/rejected-rows.server";

// A GET (an old link, or one on another site) writes nothing: it leads to the import's page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "importData" });
  const id = idParam(params.importId);
  return redirect(`/imports/${id}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  const id = idParam(params.importId);
  const report = rejectedRowsReport(actor, id, await getLocale(request, actor));
  if (!report) notFound();
  return new Response(report.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
