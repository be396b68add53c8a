import { env } from "./env.server";

// The client address, for rate limiting. Only trusted behind a proxy that sets the header;
// otherwise the per-address limit is not applied (remix-serve does not expose the socket).
export function clientAddress(request: Request): string | null {
  if (!env.trustProxy) return null;
  const forwarded = request.headers.get("X-Forwarded-For");
  return forwarded?.split(",")[0]?.trim() || request.headers.get("X-Real-IP");
}
