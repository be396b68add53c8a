// A plan attachment, streamed from outside the web root to the people who may read the plan:
// users who may see the case and its identifiers (officers, admins, the case's mentors) and
// reviewers assigned to the case who declared no conflict of interest. Evaluators never get the files (domain.md §8).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { can, canAccessCase, forbidden, requireUser } from "~/lib/auth.server";
import { found, idParam, notFound } from "~/lib/not-found.server";
import { contentDisposition } from "~/lib/uploads.server";
import { findCaseAssignment } from "~/modules/cases/case-file.server";
import { findAttachment, readAttachmentBytes } from "~/modules/review/plans.server";
import { isDeclaredReviewer } from "~/modules/review/reviews.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const caseId = idParam(params.caseId);
  const caseAssignment = found(findCaseAssignment(caseId));
  const mayRead = can(user, "seeIdentifiers") && (canAccessCase(user, caseAssignment) || isDeclaredReviewer(user.id, caseId));
  if (!mayRead) forbidden();
  const attachment = findAttachment(idParam(params.attachmentId));
  if (!attachment || attachment.caseId !== caseId) notFound();
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readAttachmentBytes(attachment));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") notFound();
    throw error;
  }
  return new Response(bytes, {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(attachment.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
