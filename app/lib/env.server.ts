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

export const env = {
  isProduction,
  databasePath: process.env.DATABASE_PATH ?? "data/app.db",
  sessionSecret: secret("SESSION_SECRET", "development-session-secret"),
  // Keys the RNOKPP/passport hashes and seals (domain.md §2); losing it loses the identity numbers.
  identityKey: secret("IDENTITY_KEY", "development-identity-key"),
  // Behind a reverse proxy the client address comes from X-Forwarded-For.
  trustProxy: process.env.TRUST_PROXY === "1",
  secureCookies: isProduction && process.env.INSECURE_COOKIES !== "1",
};
