// Runs before each test file (in its own process): point the app at a fresh copy of the
// migrated template, so files never share data and app modules open the copy on import.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";

const folder = mkdtempSync(join(tmpdir(), "livelihoods-file-"));
const databasePath = join(folder, "test.db");
copyFileSync(inject("templateDatabase"), databasePath);
process.env.DATABASE_PATH = databasePath;
process.env.SESSION_SECRET ??= "test-session-secret-0123456789";
process.env.IDENTITY_KEY ??= "test-identity-key-0123456789";
