// What the production server (scripts/server.js) refuses before the app reads a request body:
// posts from another site, bodies that are not forms, and bodies over the size limit. Pure
// decisions on the method and headers, so they are unit-tested; the server counts the bytes.
import { maxAttachmentBytes, maxCodAbUploadBytes, maxKoboUploadBytes } from "./upload-limits";
import type { SecurityEvent } from "./security-vocabulary";

const formTypes = ["application/x-www-form-urlencoded", "multipart/form-data"] as const;

// Every form of the app is far below 1 MB (even a business plan in Cyrillic, percent-encoded at
// six bytes a letter); a multipart body carries one file up to the largest upload limit plus the
// form fields beside it.
const maxFormBodyBytes = 1024 * 1024;
const maxMultipartBodyBytes = Math.max(maxCodAbUploadBytes, maxKoboUploadBytes, maxAttachmentBytes) + maxFormBodyBytes;

export type Refusal = { status: 403 | 413 | 415; event: SecurityEvent; message: string; detail: string | null };

type RequestHead = {
  method: string;
  headers: { get(name: string): string | null };
};

// Methods that change something and therefore carry a form.
export function changesState(method: string) {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

function mediaType(contentType: string | null) {
  return contentType?.split(";")[0].trim().toLowerCase() ?? "";
}

// The same host Remix compares the Origin with (X-Forwarded-Host first, then Host), so whatever
// passes here passes Remix's own check instead of ending in its 500.
function requestHost(headers: RequestHead["headers"]) {
  return headers.get("X-Forwarded-Host")?.split(",")[0].trim() || headers.get("Host");
}

function foreignOrigin(headers: RequestHead["headers"]): string | null {
  const origin = headers.get("Origin");
  // No Origin: not a cross-site browser form (browsers send it on every POST).
  if (origin === null) return null;
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  return originHost !== null && originHost === requestHost(headers) ? null : origin;
}

export function bodyLimitFor(contentType: string | null): number {
  return mediaType(contentType) === "multipart/form-data" ? maxMultipartBodyBytes : maxFormBodyBytes;
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export function bodyTooLarge(contentType: string | null, bytes: number): Refusal {
  const limit = megabytes(bodyLimitFor(contentType));
  return {
    status: 413,
    event: "body_too_large",
    message:
      `Запит завеликий: дозволено до ${limit}.\n` +
      `Request too large: this server accepts at most ${limit} here.\n`,
    detail: `${bytes} bytes, ${mediaType(contentType) || "no content type"}`,
  };
}

// The refusal for a request whose headers alone show it must not reach the app, or null.
export function refusalBeforeBody(request: RequestHead): Refusal | null {
  if (!changesState(request.method)) return null;
  const origin = foreignOrigin(request.headers);
  if (origin !== null) {
    return {
      status: 403,
      event: "cross_origin",
      message:
        "Форму надіслано з іншого сайту, тому її відхилено. Відкрийте сторінку в застосунку й надішліть форму ще раз.\n" +
        "This form was sent from another site and was refused. Open the page in the app and send the form again.\n",
      detail: origin,
    };
  }
  const contentType = request.headers.get("Content-Type");
  if (!(formTypes as readonly string[]).includes(mediaType(contentType))) {
    return {
      status: 415,
      event: "unsupported_media_type",
      message:
        "Сервер приймає лише форми (application/x-www-form-urlencoded або multipart/form-data).\n" +
        "This server accepts only forms here (application/x-www-form-urlencoded or multipart/form-data).\n",
      detail: contentType ? contentType.slice(0, 100) : "no content type",
    };
  }
  const declared = Number(request.headers.get("Content-Length"));
  if (Number.isFinite(declared) && declared > bodyLimitFor(contentType)) return bodyTooLarge(contentType, declared);
  return null;
}
