// A plan attachment, streamed from outside the web root to the people who may read the plan:
// users who may see the case and its identifiers (officers, admins, the case's mentors) and
// reviewers assigned to the case. Evaluators never get the files (domain.md §8).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { can, canAccessCase, forbidden, requireUser, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { contentDisposition } from "~/lib/uploads.server";
import { findCaseAssignment } from "~/modules/cases/case-file.server";
import { findAttachment, readAttachmentBytes } from "~/modules/review/plans.server";

function notFound(): never {
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

// A reviewer reads the plan's files once they have declared no conflict of interest, as with
// the plan itself; before the declaration, or after a recusal, they do not.
function isDeclaredReviewer(user: CurrentUser, caseId: number) {
  const assignment = db
    .select({ id: schema.reviewAssignments.id })
    .from(schema.reviewAssignments)
    .where(
      and(
        eq(schema.reviewAssignments.caseId, caseId),
        eq(schema.reviewAssignments.reviewerId, user.id),
        eq(schema.reviewAssignments.conflictOfInterest, false),
      ),
    )
    .get();
  return assignment !== undefined;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const caseId = Number(params.caseId);
  const caseAssignment = Number.isInteger(caseId) ? findCaseAssignment(caseId) : undefined;
  if (!caseAssignment) notFound();
  const mayRead = can(user, "seeIdentifiers") && (canAccessCase(user, caseAssignment) || isDeclaredReviewer(user, caseId));
  if (!mayRead) forbidden();
  const attachmentId = Number(params.attachmentId);
  const attachment = Number.isInteger(attachmentId) ? findAttachment(attachmentId) : undefined;
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
