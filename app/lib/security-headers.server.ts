// Response headers that limit what a page can do if something slips through: where scripts may
// come from, who may frame it, which browser features it may use (README, "Security").

// Remix's inline scripts carry the nonce; everything else is the app's own /build files. Style
// attributes (React `style`, charts) need 'unsafe-inline' for styles only; scripts never do.
export function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// No page uses a camera, microphone or location (a photo upload opens the camera app through the
// file input, which needs none of these).
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

// Every page and every .data response may carry personal data: never stored by the browser or a
// proxy. HSTS only where cookies are Secure, i.e. the site is served over HTTPS.
export function privateResponseHeaders(options: { https: boolean }): Record<string, string> {
  return {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}

export function documentHeaders(options: { nonce: string; https: boolean }): Record<string, string> {
  return {
    ...privateResponseHeaders(options),
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": contentSecurityPolicy(options.nonce),
    "Permissions-Policy": permissionsPolicy,
    "X-Frame-Options": "DENY",
  };
}
