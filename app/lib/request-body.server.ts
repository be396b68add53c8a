/**
 * The one way an action reads a form. Every limit is checked on what actually arrives, before
 * Conform and zod see a single field: the body's real bytes while it is read, the number of
 * entries, and every list index in the field names. A hostile `budget[100000].item=x` would
 * otherwise make Conform build (and the page render) 100,001 budget lines on the server's one
 * thread. Refusals are thrown as 4xx Responses that the shared error boundary explains.
 */

export type FormLimits = {
  /** Largest body, in bytes as received (a urlencoded Cyrillic letter takes 6). */
  maxBytes?: number;
  /** Most entries (fields, repeated checkboxes and files all count). */
  maxFields?: number;
  /** Largest list index in a field name, as in `budget[99].item`; 0 for forms without lists. */
  maxIndex?: number;
};

export type FormRefusalCode =
  | "not_a_form"
  | "too_large"
  | "malformed"
  | "too_many_fields"
  | "index_too_large"
  | "field_name_too_long"
  | "bad_form_control";

const defaultLimits: Required<FormLimits> = { maxBytes: 64 * 1024, maxFields: 200, maxIndex: 0 };
const maxFieldNameLength = 200;
// Conform's list buttons post one small JSON intent ({"type":"insert","payload":{…}}).
const maxIntentLength = 10_000;
const maxIntentDepth = 8;

const formMediaTypes = ["application/x-www-form-urlencoded", "multipart/form-data"];

const statusTexts = { 400: "Bad Request", 413: "Content Too Large", 415: "Unsupported Media Type" } as const;

/** A refusal as thrown: JSON `{ error, message }`, read by the error boundary and by scripts. */
export function formRefusal(status: keyof typeof statusTexts, error: FormRefusalCode, message: string): Response {
  return Response.json({ error, message }, { status, statusText: statusTexts[status] });
}

/** The media type of the request body, lower-case and without parameters ("" when absent). */
export function bodyMediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * The submitted form, or a thrown 415 (not a form), 413 (larger than `maxBytes`) or 400
 * (unreadable body, too many entries, a list index beyond `maxIndex`, a forged Conform control).
 */
export async function readForm(request: Request, limits: FormLimits = {}): Promise<FormData> {
  const { maxBytes, maxFields, maxIndex } = { ...defaultLimits, ...limits };
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!formMediaTypes.includes(bodyMediaType(request))) {
    throw formRefusal(415, "not_a_form", "Send the form as application/x-www-form-urlencoded or multipart/form-data.");
  }
  const bytes = await readBodyBytes(request, maxBytes);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw formRefusal(400, "malformed", "The form could not be read: the body is broken or cut short.");
  }
  checkEntries(form, maxFields, maxIndex);
  return form;
}

async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => formRefusal(413, "too_large", `The form is larger than ${maxBytes} bytes.`);
  // A declared length over the limit is refused unread; the count below is what decides.
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function checkEntries(form: FormData, maxFields: number, maxIndex: number) {
  let entries = 0;
  for (const [name, value] of form) {
    entries += 1;
    if (entries > maxFields) throw formRefusal(400, "too_many_fields", `The form has more than ${maxFields} entries.`);
    if (name.length > maxFieldNameLength) {
      throw formRefusal(400, "field_name_too_long", `A field name is longer than ${maxFieldNameLength} characters.`);
    }
    if (largestIndex(name) > maxIndex) throw indexTooLarge(maxIndex);
    if (name === "__intent__") checkConformIntent(value, maxIndex);
    // Conform's serialised form state: the app never posts it, and Conform would echo it back.
    if (name === "__state__") throw formRefusal(400, "bad_form_control", "The form carries a field reserved by the form library.");
  }
}

function indexTooLarge(maxIndex: number) {
  return formRefusal(400, "index_too_large", `A list in the form has more than ${maxIndex + 1} entries.`);
}

/**
 * The largest list index in a field name, -1 when there is none. Conform reads `a[3]`, and a
 * digits-only segment such as `a.3` also indexes an array that `a[0]` created.
 */
export function largestIndex(name: string): number {
  let largest = -1;
  for (const match of name.matchAll(/\[(\d*)\]|([^.[\]]+)/g)) {
    const digits = match[1] ?? (/^\d+$/.test(match[2] ?? "") ? match[2] : undefined);
    if (!digits) continue;
    largest = Math.max(largest, digits.length > 9 ? Number.POSITIVE_INFINITY : Number(digits));
  }
  return largest;
}

const conformIntentTypes = new Set(["validate", "update", "reset", "insert", "remove", "reorder"]);

// Conform applies a posted intent to the submission (insert a list item, update a field…) on the
// server: its names, indices and values must keep within the same limits as the fields.
function checkConformIntent(value: FormDataEntryValue, maxIndex: number) {
  const refuse = () => formRefusal(400, "bad_form_control", "The form's list or validation control is not valid.");
  if (typeof value !== "string" || value.length > maxIntentLength) throw refuse();
  let intent: unknown;
  try {
    intent = JSON.parse(value);
  } catch {
    throw refuse();
  }
  if (!isRecord(intent) || typeof intent.type !== "string" || !conformIntentTypes.has(intent.type) || !isRecord(intent.payload)) {
    throw refuse();
  }
  const visit = (node: unknown, key: string, depth: number): void => {
    if (depth > maxIntentDepth) throw refuse();
    if (key === "index" || key === "from" || key === "to") {
      if (typeof node !== "number" || !Number.isInteger(node) || node < 0) throw refuse();
      if (node > maxIndex) throw indexTooLarge(maxIndex);
    }
    if (key === "name" && depth === 1) {
      if (typeof node !== "string" || node.length > maxFieldNameLength) throw refuse();
      if (largestIndex(node) > maxIndex) throw indexTooLarge(maxIndex);
    }
    if (Array.isArray(node)) {
      if (node.length > maxIndex + 1) throw indexTooLarge(maxIndex);
      node.forEach((item) => visit(item, "", depth + 1));
    } else if (isRecord(node)) {
      for (const [childKey, child] of Object.entries(node)) visit(child, depth === 0 ? childKey : "", depth + 1);
    }
  };
  visit(intent.payload, "", 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
