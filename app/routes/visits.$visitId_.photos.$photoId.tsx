// A visit photo, streamed from outside the web root to those who may read the visit.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { FollowUpRefused } from "~/modules/followup/followup-errors";
import { readPhotoFile } from "~/modules/followup/photos.server";
import { refusalResponse } from "~/modules/followup/visit-submission.server";
import { visitPhoto } from "~/modules/followup/visits.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "logVisits" });
  const visitId = Number(params.visitId);
  const photoId = Number(params.photoId);
  if (!Number.isInteger(visitId) || !Number.isInteger(photoId)) throw new Response("Not found", { status: 404 });
  let photo;
  try {
    photo = visitPhoto(user, visitId, photoId);
  } catch (error) {
    if (error instanceof FollowUpRefused) throw refusalResponse(error);
    throw error;
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readPhotoFile(photo.storageKey));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new Response("Not found", { status: 404 });
    throw error;
  }
  return new Response(bytes, {
    headers: {
      "Content-Type": photo.contentType,
      "Content-Length": String(bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=86400",
    },
  });
}
