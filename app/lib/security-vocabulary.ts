// The events of the security log, typed so the admin page can offer them as a filter.
export const securityEvents = [
  // A wrong e-mail or password (the e-mail tried is kept as the detail).
  "login_failed",
  // A login refused unchecked because the account or the address is over its limit.
  "login_locked",
  // A page or action the signed-in user may not use (403).
  "forbidden",
  // A form posted from another site (Origin is not this site).
  "cross_origin",
  // A request body over the size limit (413).
  "body_too_large",
  // A post whose body is not a form (415).
  "unsupported_media_type",
] as const;
export type SecurityEvent = (typeof securityEvents)[number];

export function isSecurityEvent(value: unknown): value is SecurityEvent {
  return (securityEvents as readonly unknown[]).includes(value);
}
