// Migrates one template database for the whole run; each test file works on its own copy.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase } from "../../db/migrate";

export default function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const folder = mkdtempSync(join(tmpdir(), "livelihoods-test-"));
  const template = join(folder, "template.db");
  migrateDatabase(template);
  provide("templateDatabase", template);
  return () => rmSync(folder, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
