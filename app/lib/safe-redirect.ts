// Only this site's own paths, so a crafted link cannot send a user to another site after login
// or a language switch. The target is resolved the way a browser would resolve it (browsers drop
// tabs and newlines from URLs and read "\" as "/", so "/\t/evil.example" means
// "//evil.example"), and it is kept only if it stays on the same origin.
const probeOrigin = "http://same-origin.invalid";

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Control characters and backslashes have no place in a path this app links to; refusing them
  // outright (rather than trusting the resolver below) leaves no parser difference to exploit.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(to, probeOrigin);
  } catch {
    return fallback;
  }
  if (resolved.origin !== probeOrigin) return fallback;
  // "//" at the start of the resolved path would again read as another host to the browser.
  if (resolved.pathname.startsWith("//")) return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}
