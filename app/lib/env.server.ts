// Server configuration, read once. Production refuses to run without its secrets.
const isProduction = process.env.NODE_ENV === "production";

function secret(name: string, developmentFallback: string): string {
  const value = process.env[name];
  if (value && value.length >= 16) return value;
  if (isProduction) {
    throw new Error(`${name} must be set (at least 16 characters) to run in production.`);
  }
  return developmentFallback;
}

// A whole number of hours or days from the environment, within bounds; anything else stops the
// server at start rather than silently running with another limit than the one configured.
function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

function synchronousSetting(raw: string | undefined): "FULL" | "NORMAL" {
  if (raw === undefined || raw === "" || raw.toUpperCase() === "FULL") return "FULL";
  if (raw.toUpperCase() === "NORMAL") return "NORMAL";
  throw new Error(`DATABASE_SYNCHRONOUS must be FULL or NORMAL (got "${raw}").`);
}

export const env = {
  isProduction,
  databasePath: process.env.DATABASE_PATH ?? "data/app.db",
  // How hard SQLite makes each commit reach the disk (db.server.ts, README "Backups and
  // durability"): FULL unless NORMAL is asked for, as the crash benchmark does to compare.
  databaseSynchronous: synchronousSetting(process.env.DATABASE_SYNCHRONOUS),
  sessionSecret: secret("SESSION_SECRET", "development-session-secret"),
  // Keys the RNOKPP/passport hashes and seals (domain.md §2); losing it loses the identity numbers.
  identityKey: secret("IDENTITY_KEY", "development-identity-key"),
  secureCookies: isProduction && process.env.INSECURE_COOKIES !== "1",
  // A session ends after this long without a request, and in any case this long after sign-in
  // (README, "Security").
  sessionIdleHours: wholeNumber("SESSION_IDLE_HOURS", 8, 1, 24 * 7),
  sessionMaxHours: wholeNumber("SESSION_MAX_HOURS", 24, 1, 24 * 30),
  // Security log entries older than this are purged; the table's trigger keeps at least 30 days.
  securityLogRetentionDays: wholeNumber("SECURITY_LOG_RETENTION_DAYS", 180, 30, 3650),
  // A Kobo import's rows that were not stored (with people's data) are deleted after this long.
  rejectedRowsRetentionDays: wholeNumber("REJECTED_ROWS_RETENTION_DAYS", 30, 1, 3650),
};
