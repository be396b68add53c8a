import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { BodyTooLargeError, byteLimit } from "../../scripts/body-limit.js";

// Streams `chunks` through the server's byte counter and reports what came out.
async function run(chunks: string[], limit: number) {
  const exceeded: number[] = [];
  const received: string[] = [];
  let error: unknown = null;
  try {
    await pipeline(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), byteLimit(limit, (bytes) => exceeded.push(bytes)), async (source) => {
      for await (const chunk of source) received.push(String(chunk));
    });
  } catch (caught) {
    error = caught;
  }
  return { exceeded, received: received.join(""), error };
}

describe("byteLimit (the server's count of a request body)", () => {
  it("passes a body up to the limit through unchanged", async () => {
    expect(await run(["email=a", "&password=b"], 18)).toEqual({ exceeded: [], received: "email=a&password=b", error: null });
  });

  it("stops at the first chunk past the limit, counting real bytes (Cyrillic takes two each)", async () => {
    const result = await run(["name=", "Іван", "Шевченко"], 13);
    expect(result.exceeded).toEqual([29]);
    // Nothing past the limit is passed on to the reader.
    expect(Buffer.byteLength(result.received)).toBeLessThanOrEqual(13);
    expect(result.error).toBeInstanceOf(BodyTooLargeError);
    expect((result.error as BodyTooLargeError).received).toBe(29);
  });

  it("tells the server once, however much more arrives", async () => {
    const result = await run(Array.from({ length: 100 }, () => "x".repeat(1000)), 5_000);
    expect(result.exceeded).toEqual([6_000]);
    expect(result.received.length).toBeLessThanOrEqual(5_000);
    expect(result.error).toBeInstanceOf(BodyTooLargeError);
  });
});
