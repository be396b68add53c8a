// The signed agreement's scan, streamed from outside the web root to officers and admins of the
// case: the signed paper carries the grantee's identity document (domain.md §8); each view is
// audited. It is attached from the agreement page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCase } from "~/lib/auth.server";
import { notFound } from "~/lib/not-found.server";
import { contentDisposition } from "~/lib/uploads.server";

import { readAgreementScan } from "~/modules/grants/agreement-print.server";
import { GrantRefused } from "~/modules/grants/grant-errors";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "seeIdentityNumbers" });
  let scan: ReturnType<typeof readAgreementScan>;
  try {
    scan = readAgreementScan(user, caseId);
  } catch (error) {
    const missing = (error instanceof GrantRefused && error.code === "not_found") || (error as NodeJS.ErrnoException).code === "ENOENT";
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
