// readForm, the one form reader of every action, and the upload reader and file names built on it.
import { describe, expect, it } from "vitest";
import { largestIndex, readForm, type FormLimits } from "~/lib/request-body.server";
import { contentDisposition, readUploadForm, safeFileName, sniffContentType, UploadRefused } from "~/lib/uploads.server";

function post(body: BodyInit | null, contentType: string | null, headers: Record<string, string> = {}): Request {
  const request = new Request("http://localhost/form", { method: "POST", body, headers });
  // A string body gets text/plain from fetch; null here means "no Content-Type at all".
  if (contentType === null) request.headers.delete("Content-Type");
  else request.headers.set("Content-Type", contentType);
  return request;
}

const urlencoded = "application/x-www-form-urlencoded";

// The Response readForm threw: its status and the JSON it carries.
async function refusal(reading: Promise<unknown>): Promise<{ status: number; error: string }> {
  const thrown = await reading.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(thrown instanceof Response)) throw new Error(`expected a thrown Response, got ${String(thrown)}`);
  const body = (await thrown.json()) as { error: string; message: string };
  expect(body.message.length).toBeGreaterThan(10);
  return { status: thrown.status, error: body.error };
}

// A stream that yields `total` bytes of "a=b&…" in chunks and counts what was pulled from it.
function countedStream(total: number) {
  const pulled = { bytes: 0 };
  const chunk = new TextEncoder().encode("a=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&".repeat(256));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled };
}

describe("readForm", () => {
  it("reads a urlencoded and a multipart form", async () => {
    const form = await readForm(post("name=%D0%9E%D0%BB%D0%B5%D0%BD%D0%B0&checked=1&checked=2", urlencoded));
    expect([...form]).toEqual([
      ["name", "Олена"],
      ["checked", "1"],
      ["checked", "2"],
    ]);
    const multipart = new FormData();
    multipart.append("note", "так");
    const parsed = await readForm(new Request("http://localhost/form", { method: "POST", body: multipart }));
    expect([...parsed]).toEqual([["note", "так"]]);
  });

  it.each([
    ["JSON", '{"intent":"save"}', "application/json"],
    ["plain text", "intent=save", "text/plain"],
    ["no content type", "intent=save", null],
    ["a made-up type", "intent=save", "application/x-www-form-urlencoded-but-not"],
  ])("refuses %s with 415", async (_what, body, contentType) => {
    expect(await refusal(readForm(post(body, contentType)))).toEqual({ status: 415, error: "not_a_form" });
  });

  it("accepts the media type in any case and with parameters", async () => {
    const form = await readForm(post("a=1", "Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
    expect(form.get("a")).toBe("1");
  });

  it("refuses a body declared larger than the limit, unread", async () => {
    const { stream, pulled } = countedStream(10 * 1024 * 1024);
    const request = new Request("http://localhost/form", {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: { "Content-Type": urlencoded, "Content-Length": String(10 * 1024 * 1024) },
    } as RequestInit);
    expect(await refusal(readForm(request, { maxBytes: 64 * 1024 }))).toEqual({ status: 413, error: "too_large" });
    // Only the one chunk a stream buffers by itself when it is created.
    expect(pulled.bytes).toBe(16_384);
  });

  it("counts the bytes really received and stops reading just past the limit", async () => {
    // No Content-Length: a chunked body that would go on for 50 MB.
    const { stream, pulled } = countedStream(50 * 1024 * 1024);
    const request = new Request("http://localhost/form", { method: "POST", body: stream, duplex: "half", headers: { "Content-Type": urlencoded } } as RequestInit);
    expect(await refusal(readForm(request, { maxBytes: 64 * 1024 }))).toEqual({ status: 413, error: "too_large" });
    expect(pulled.bytes).toBeLessThan(64 * 1024 + 2 * 16_384 + 1);
  });

  it("refuses a broken or cut-short multipart body with 400", async () => {
    const cut = '--abc\r\nContent-Disposition: form-data; name="file"; filename="quote.pdf"\r\n\r\n%PDF-1.4 and then noth';
    expect(await refusal(readForm(post(cut, "multipart/form-data; boundary=abc")))).toEqual({ status: 400, error: "malformed" });
    expect(await refusal(readForm(post("--abc--", "multipart/form-data")))).toEqual({ status: 400, error: "malformed" });
  });

  it("refuses more entries than the form holds", async () => {
    const body = Array.from({ length: 201 }, (_, index) => `f${index}=x`).join("&");
    expect(await refusal(readForm(post(body, urlencoded)))).toEqual({ status: 400, error: "too_many_fields" });
    const repeated = Array.from({ length: 11 }, () => "caseIds=1").join("&");
    expect(await refusal(readForm(post(repeated, urlencoded), { maxFields: 10 }))).toEqual({ status: 400, error: "too_many_fields" });
    expect([...(await readForm(post(repeated.split("&").slice(1).join("&"), urlencoded), { maxFields: 10 }))]).toHaveLength(10);
  });

  const budget: FormLimits = { maxIndex: 99 };

  it.each([
    "budget[100000].item",
    "budget[100].item",
    "budget[0].item[100]",
    "budget.100000.item",
    "100000",
    "budget[99999999999999999999].item",
  ])("refuses the list index in %j before Conform sees it", async (name) => {
    const body = `budget%5B0%5D.item=a&${encodeURIComponent(name)}=x`;
    expect(await refusal(readForm(post(body, urlencoded), budget))).toEqual({ status: 400, error: "index_too_large" });
  });

  it("reads indices up to the limit, and none at all in a form without lists", async () => {
    const form = await readForm(post("budget%5B99%5D.item=a&budget%5B0%5D.item=b", urlencoded), budget);
    expect(form.getAll("budget[99].item")).toEqual(["a"]);
    expect(await refusal(readForm(post("criteria%5B1%5D.key=a", urlencoded)))).toEqual({ status: 400, error: "index_too_large" });
  });

  it("checks Conform's list and update intents like field names", async () => {
    const intent = (value: unknown) => `__intent__=${encodeURIComponent(JSON.stringify(value))}`;
    const insert = { type: "insert", payload: { name: "budget", defaultValue: { quantity: "1" } } };
    expect((await readForm(post(intent(insert), urlencoded), budget)).get("__intent__")).toBe(JSON.stringify(insert));
    const hostile = [
      { type: "update", payload: { name: "budget[100000].item", value: "x" } },
      { type: "update", payload: { name: "budget", index: 100000, value: "x" } },
      { type: "update", payload: { name: "budget", value: Array.from({ length: 101 }, () => ({})) } },
      { type: "insert", payload: { name: "budget", index: 500 } },
      { type: "reorder", payload: { name: "budget", from: 0, to: 100000 } },
    ];
    for (const value of hostile) {
      expect(await refusal(readForm(post(intent(value), urlencoded), budget)), JSON.stringify(value)).toEqual({ status: 400, error: "index_too_large" });
    }
    for (const body of [
      "__intent__=not-json",
      intent({ type: "drop-tables", payload: {} }),
      intent({ type: "remove", payload: { name: "budget", index: -1 } }),
      intent({ type: "remove", payload: { name: "budget", index: 1.5 } }),
      intent({ type: "insert" }),
      `__state__=${encodeURIComponent("{}")}`,
    ]) {
      expect(await refusal(readForm(post(body, urlencoded), budget)), body).toEqual({ status: 400, error: "bad_form_control" });
    }
  });

  it("refuses a field name longer than any form uses", async () => {
    expect(await refusal(readForm(post(`${"a".repeat(201)}=x`, urlencoded)))).toEqual({ status: 400, error: "field_name_too_long" });
  });

  it("names the largest index of a field name", () => {
    expect(largestIndex("name")).toBe(-1);
    expect(largestIndex("budget[3].item")).toBe(3);
    expect(largestIndex("choices.sex[12].from")).toBe(12);
    expect(largestIndex("a[2].b[7]")).toBe(7);
    expect(largestIndex("a.41.b")).toBe(41);
    expect(largestIndex("wg_seeing")).toBe(-1);
  });
});

describe("readUploadForm", () => {
  const multipartWith = (file: File, extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.append("file", file);
    for (const [name, value] of Object.entries(extra)) form.append(name, value);
    return new Request("http://localhost/upload", { method: "POST", body: form });
  };
  const refusedReason = (reading: Promise<unknown>) =>
    reading.then(
      () => null,
      (error: unknown) => (error instanceof UploadRefused ? [error.reason, error.status] : error),
    );

  it("reads a file within the limit", async () => {
    const form = await readUploadForm(multipartWith(new File(["%PDF-1.4"], "quote.pdf"), { includeSettlements: "on" }), 1024);
    expect((form.get("file") as File).size).toBe(8);
    expect(form.get("includeSettlements")).toBe("on");
  });

  it("refuses a file one byte over the limit with 413, even when the body is within the framing allowance", async () => {
    expect(await refusedReason(readUploadForm(multipartWith(new File([new Uint8Array(1025)], "scan.pdf")), 1024))).toEqual(["too_large", 413]);
  });

  it("refuses a urlencoded form with 415 and a broken multipart body with 400", async () => {
    expect(await refusedReason(readUploadForm(post("file=x", urlencoded), 1024))).toEqual(["not_multipart", 415]);
    expect(await refusedReason(readUploadForm(post("--abc\r\nbroken", "multipart/form-data; boundary=abc"), 1024))).toEqual(["malformed", 400]);
  });

  it("reads a file name with a quote or a semicolon (browsers send %22) without failing", async () => {
    const body =
      '--abc\r\nContent-Disposition: form-data; name="file"; filename="quote %22final%22; v2.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--abc--\r\n';
    const form = await readUploadForm(post(body, "multipart/form-data; boundary=abc"), 1024);
    const file = form.get("file") as File;
    expect(file.name).toBe('quote "final"; v2.pdf');
    expect(safeFileName(file.name)).toBe("quote _final__ v2.pdf");
  });
});

describe("file names", () => {
  it.each([
    ["quote.pdf", "quote.pdf"],
    ["фото приміщення.jpg", "фото приміщення.jpg"],
    ["scan (1).pdf", "scan (1).pdf"],
    ['a"b.pdf', "a_b.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\fakepath\\кошторис.pdf", "кошторис.pdf"],
    [".htaccess", "htaccess"],
    ["..", "file"],
    ["", "file"],
    ["evil\u202Efdp.exe", "evil_fdp.exe"],
    ["line\r\nbreak.pdf", "line__break.pdf"],
    ["nul\u0000.pdf", "nul_.pdf"],
    ["<script>.png", "_script_.png"],
  ])("stores %j as %j", (name, expected) => {
    expect(safeFileName(name)).toBe(expected);
  });

  it("cuts a long name to 120 characters, keeping its extension", () => {
    const name = safeFileName(`${"кошторис ".repeat(100)}.pdf`);
    expect(name).toHaveLength(120);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("sends the name as ASCII and as RFC 5987 UTF-8 in Content-Disposition", () => {
    expect(contentDisposition("quote.pdf")).toBe(`attachment; filename="quote.pdf"; filename*=UTF-8''quote.pdf`);
    expect(contentDisposition("фото (1).jpg")).toBe(
      `attachment; filename="____ (1).jpg"; filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE%20%281%29.jpg`,
    );
    // A name stored before names were cleaned is cleaned on the way out too.
    expect(contentDisposition('a";b\r\nX-Evil: 1.pdf')).toBe(`attachment; filename="a__b__X-Evil_ 1.pdf"; filename*=UTF-8''a__b__X-Evil_%201.pdf`);
    expect(() => new Headers({ "Content-Disposition": contentDisposition("файл \"з\" лапками.pdf") })).not.toThrow();
  });

  it("recognises documents and photos by their first bytes", () => {
    expect(sniffContentType(new TextEncoder().encode("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffContentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(sniffContentType(new TextEncoder().encode("<html>%PDF-"))).toBeNull();
  });
});
