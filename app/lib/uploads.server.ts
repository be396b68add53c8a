/**
 * The one upload reader, for every page that takes a file (business-plan attachments, Kobo
 * exports, the COD-AB table): the multipart body is read through readForm with a limit counted on
 * the bytes received, every file is checked against its limit, and the file's name is reduced to
 * one that is safe to store, show and send back in a Content-Disposition header.
 */
import { bodyMediaType, readForm } from "./request-body.server";
import { multipartOverheadBytes } from "./upload-limits";

export type UploadRefusal = "not_multipart" | "malformed" | "too_large";

/** Why an upload was not read; the page says so next to its file field, with `status`. */
export class UploadRefused extends Error {
  constructor(readonly reason: UploadRefusal) {
    super(`Upload refused: ${reason}`);
    this.name = "UploadRefused";
  }

  get status(): 400 | 413 | 415 {
    return this.reason === "too_large" ? 413 : this.reason === "not_multipart" ? 415 : 400;
  }
}

// An upload form holds the file and a few fields (a checkbox, an intent).
const maxUploadFormFields = 20;

/** The multipart form of an upload page, every file in it at most `maxFileBytes`. */
export async function readUploadForm(request: Request, maxFileBytes: number): Promise<FormData> {
  if (bodyMediaType(request) !== "multipart/form-data") throw new UploadRefused("not_multipart");
  let form: FormData;
  try {
    form = await readForm(request, { maxBytes: maxFileBytes + multipartOverheadBytes, maxFields: maxUploadFormFields });
  } catch (refusal) {
    if (!(refusal instanceof Response)) throw refusal;
    throw new UploadRefused(refusal.status === 413 ? "too_large" : "malformed");
  }
  for (const [, value] of form) {
    if (value instanceof File && value.size > maxFileBytes) throw new UploadRefused("too_large");
  }
  return form;
}

export type UploadedFile = { name: string; bytes: Uint8Array };

/** An uploaded file's content, under its safe name. */
export async function uploadedFile(file: File): Promise<UploadedFile> {
  return { name: safeFileName(file.name), bytes: new Uint8Array(await file.arrayBuffer()) };
}

const maxFileNameLength = 120;

/**
 * A file name safe to store, show and send back: the last part of a path only, letters (any
 * script), digits, spaces and `._-()`; anything else (quotes, control and bidi characters,
 * separators) becomes `_`. A long name is cut, keeping its extension.
 */
export function safeFileName(name: string): string {
  const base = name.normalize("NFC").split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[^\p{L}\p{M}\p{N}._ ()-]/gu, "_")
    // No hidden or relative names (".htaccess", "..").
    .replace(/^[.\s]+/, "")
    .trim();
  if (cleaned.length <= maxFileNameLength) return cleaned || "file";
  const extension = /\.[\p{L}\p{N}]{1,10}$/u.exec(cleaned)?.[0] ?? "";
  return cleaned.slice(0, maxFileNameLength - extension.length).trimEnd() + extension;
}

/**
 * `attachment` with the name twice (RFC 6266): an ASCII fallback in `filename`, the real name in
 * `filename*` as UTF-8 percent-encoded per RFC 5987 (whose attr-chars exclude `'()*`).
 */
export function contentDisposition(fileName: string): string {
  const name = safeFileName(fileName);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export type SniffedType = "application/pdf" | "image/jpeg" | "image/png";

/** The type of a document or photo by its first bytes, never by its name or the browser's claim. */
export function sniffContentType(bytes: Uint8Array): SniffedType | null {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  return null;
}
