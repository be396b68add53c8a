// Passes a request body through while counting its real bytes, whatever Content-Length said (or
// with none, when chunked). Past `limit` bytes it calls `onExceeded(received)` once and fails the
// stream, so whoever reads the body stops at once.
import { Transform } from "node:stream";

export class BodyTooLargeError extends Error {
  /** @param {number} received */
  constructor(received) {
    super(`Request body over the limit (${received} bytes received)`);
    this.received = received;
  }
}

/**
 * @param {number} limit
 * @param {(received: number) => void} onExceeded
 */
export function byteLimit(limit, onExceeded) {
  let received = 0;
  return new Transform({
    transform(chunk, _encoding, callback) {
      received += chunk.length;
      if (received > limit) {
        onExceeded(received);
        callback(new BodyTooLargeError(received));
        return;
      }
      callback(null, chunk);
    },
  });
}
