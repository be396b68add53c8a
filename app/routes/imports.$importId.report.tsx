// The rows of an import that were not stored, as a CSV file to fix and re-import (resource route).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { getLocale } from "~/lib/locale.server";
import { rejectedRowsReport } from "~/modules/imports/kobo-import.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  const id = Number(params.importId);
  const report = Number.isSafeInteger(id) ? rejectedRowsReport(actor, id, await getLocale(request, actor)) : null;
  if (!report) throw new Response("Not found", { status: 404, statusText: "Not Found" });
  return new Response(report.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
