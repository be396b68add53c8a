/**
 * Uploaded Kobo files kept between the steps of an import (upload → mapping and dry run →
 * import). They hold personal data, so they live outside the web root (UPLOAD_DIR, default
 * data/uploads, never public/), under random names, readable only by the person who uploaded
 * them, and are deleted once the import has started or after a day.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CurrentUser } from "~/lib/auth.server";

const keepForMs = 24 * 60 * 60 * 1000;
const uploadIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type UploadMeta = { fileName: string; userId: number; uploadedAt: string };

function uploadDir() {
  return resolve(process.env.UPLOAD_DIR ?? "data/uploads");
}

const dataPath = (id: string) => join(uploadDir(), `${id}.bin`);
const metaPath = (id: string) => join(uploadDir(), `${id}.json`);
// The last dry run's report of the upload, for its download before importing (same owner, same life).
const reportPath = (id: string) => join(uploadDir(), `${id}.dry-run`);

export function saveUpload(actor: CurrentUser, fileName: string, bytes: Uint8Array): string {
  mkdirSync(uploadDir(), { recursive: true, mode: 0o700 });
  pruneUploads();
  const id = randomUUID();
  writeFileSync(dataPath(id), bytes, { mode: 0o600 });
  const meta: UploadMeta = { fileName, userId: actor.id, uploadedAt: new Date().toISOString() };
  writeFileSync(metaPath(id), JSON.stringify(meta), { mode: 0o600 });
  return id;
}

/** The upload, or null when the id is unknown, expired or someone else's. */
export function readUpload(actor: CurrentUser, id: string): { id: string; fileName: string; bytes: Uint8Array } | null {
  // The id becomes a file name: only our own UUIDs, never a path.
  if (!uploadIdPattern.test(id)) return null;
  try {
    const meta = JSON.parse(readFileSync(metaPath(id), "utf8")) as UploadMeta;
    if (meta.userId !== actor.id) return null;
    return { id, fileName: meta.fileName, bytes: new Uint8Array(readFileSync(dataPath(id))) };
  } catch {
    return null;
  }
}

export function deleteUpload(id: string) {
  if (!uploadIdPattern.test(id)) return;
  rmSync(dataPath(id), { force: true });
  rmSync(metaPath(id), { force: true });
  rmSync(reportPath(id), { force: true });
}

/** Keeps the report of the upload's latest dry run (its owner checked by readUpload first). */
export function saveDryRunReport(id: string, report: unknown) {
  if (!uploadIdPattern.test(id)) return;
  writeFileSync(reportPath(id), JSON.stringify(report), { mode: 0o600 });
}

/** The report of the upload's latest dry run, or null when none was run (or it expired). */
export function readDryRunReport(actor: CurrentUser, id: string): unknown {
  if (!uploadIdPattern.test(id)) return null;
  try {
    const meta = JSON.parse(readFileSync(metaPath(id), "utf8")) as UploadMeta;
    if (meta.userId !== actor.id) return null;
    return JSON.parse(readFileSync(reportPath(id), "utf8")) as unknown;
  } catch {
    return null;
  }
}

/** Removes uploads older than a day (abandoned before their import). */
export function pruneUploads(nowMs = Date.now()) {
  let names: string[];
  try {
    names = readdirSync(uploadDir());
  } catch {
    return;
  }
  for (const name of names) {
    const id = name.replace(/\.(bin|json|dry-run)$/, "");
    if (!uploadIdPattern.test(id)) continue;
    try {
      if (nowMs - statSync(join(uploadDir(), name)).mtimeMs > keepForMs) rmSync(join(uploadDir(), name), { force: true });
    } catch {
      // Removed meanwhile by another request.
    }
  }
}
