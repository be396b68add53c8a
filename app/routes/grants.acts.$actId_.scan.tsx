// The signed act's scan, streamed from outside the web root to officers and admins only: it shows
// the beneficiary's ID document (domain.md §8); each download is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { contentDisposition } from "~/lib/uploads.server";
import { readActScan } from "~/modules/grants/handover-act.server";
import { ProcurementRefused } from "~/modules/grants/procurement-errors";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "procureInKind" });
  const actId = idParam(params.actId);
  let scan: ReturnType<typeof readActScan>;
  try {
    scan = readActScan(user, actId);
  } catch (error) {
    const missing = error instanceof ProcurementRefused || (error as NodeJS.ErrnoException).code === "ENOENT";
    if (missing) notFound();
    throw error;
  }
  const bytes = new Uint8Array(scan.bytes);
  return new Response(bytes, {
    headers: {
      "Content-Type": scan.contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(scan.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
