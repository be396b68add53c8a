// Visit photos (domain.md §10): JPEG or PNG recognised by their first bytes (never the name or
// the browser's claim), then reduced on the server so that a phone's 5 MB picture is stored and
// sent back at a size a poor connection can take. Stored under UPLOAD_DIR, outside the web root.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp, { type OutputInfo } from "sharp";
import { safeFileName, sniffContentType } from "~/lib/uploads.server";
import { maxVisitPhotoBytes, maxVisitPhotos } from "./photo-limits";

// The longest side kept: enough to read a receipt or a serial plate, about 200–400 KB as JPEG.
const longestSide = 1600;
// Decoding bombs (a tiny file that claims 100,000 × 100,000 pixels) are refused by sharp.
const maxInputPixels = 50_000_000;

export type PreparedPhoto = {
  fileName: string;
  contentType: "image/jpeg" | "image/png";
  bytes: Buffer;
  width: number | null;
  height: number | null;
  sha256: string;
};

export type PhotoRefusal = "wrong_type" | "too_large" | "unreadable" | "too_many";

export class PhotoRefused extends Error {
  constructor(public code: PhotoRefusal, public fileName: string) {
    super(`${code}: ${fileName}`);
  }
}

/**
 * Checks and reduces the uploaded photos: each must be a JPEG or PNG by content and decodable; it
 * is turned upright (EXIF orientation), its metadata (GPS position included) dropped, and scaled
 * to at most 1600 px on its longest side. PNG stays PNG (screenshots, documents); JPEG stays JPEG.
 */
export async function preparePhotos(files: File[]): Promise<PreparedPhoto[]> {
  const chosen = files.filter((file) => file.size > 0 || file.name !== "");
  if (chosen.length > maxVisitPhotos) throw new PhotoRefused("too_many", "");
  const prepared: PreparedPhoto[] = [];
  for (const file of chosen) {
    const fileName = safeFileName(file.name);
    if (file.size > maxVisitPhotoBytes) throw new PhotoRefused("too_large", fileName);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sniffed = sniffContentType(bytes);
    if (sniffed !== "image/jpeg" && sniffed !== "image/png") throw new PhotoRefused("wrong_type", fileName);
    let output: { data: Buffer; info: OutputInfo };
    try {
      const pipeline = sharp(bytes, { limitInputPixels: maxInputPixels }).rotate().resize(longestSide, longestSide, { fit: "inside", withoutEnlargement: true });
      output = await (sniffed === "image/png" ? pipeline.png({ compressionLevel: 9 }) : pipeline.jpeg({ quality: 80, mozjpeg: true })).toBuffer({ resolveWithObject: true });
    } catch {
      throw new PhotoRefused("unreadable", fileName);
    }
    prepared.push({
      fileName,
      contentType: sniffed,
      bytes: output.data,
      width: output.info.width ?? null,
      height: output.info.height ?? null,
      sha256: createHash("sha256").update(output.data).digest("hex"),
    });
  }
  return prepared;
}

const photoDir = () => join(process.env.UPLOAD_DIR ?? "data/uploads", "visit-photos");

/** Writes a photo under a random key; called last inside the transaction that stores its row. */
export function storePhotoFile(bytes: Buffer): { storageKey: string; remove: () => void } {
  const storageKey = randomBytes(16).toString("hex");
  const path = join(photoDir(), storageKey);
  mkdirSync(photoDir(), { recursive: true });
  writeFileSync(path, bytes);
  return { storageKey, remove: () => rmSync(path, { force: true }) };
}

/** Removes a deleted photo's file (after its deletion is stored); a file already gone is fine. */
export function removePhotoFile(storageKey: string) {
  rmSync(join(photoDir(), storageKey), { force: true });
}

export function readPhotoFile(storageKey: string): Buffer {
  return readFileSync(join(photoDir(), storageKey));
}
