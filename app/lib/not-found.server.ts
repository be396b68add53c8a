// The one way to say "no such record": a 404 the shared error boundary renders. Loaders, actions
// and modules use `found(...)` on what they looked up and `idParam(...)` on ids from the URL.

export function notFound(): never {
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

export function found<T>(record: T | null | undefined): T {
  if (record === null || record === undefined) notFound();
  return record;
}

// An id in a URL is a positive whole number; anything else ("1e3", "0x10", "-1") is no page.
export function idParam(value: string | undefined): number {
  const id = /^[1-9][0-9]{0,15}$/.test(value ?? "") ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) notFound();
  return id;
}
