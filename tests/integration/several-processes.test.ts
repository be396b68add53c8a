// The production server runs one process per core on one database file (scripts/server.js).
// What that needs of the app's transactions: each takes the write lock when it begins, so a
// change that reads before it writes never meets another process's write in between — it waits
// its turn (busy_timeout) instead of failing with SQLITE_BUSY.
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { db, readTransaction, schema, sqlite } from "~/lib/db.server";

// Another server process: its own connection to the same file, which would rather fail at once
// than wait, so the test sees whether the lock is held.
const otherProcess = new Database(sqlite.name, { timeout: 0 });
afterAll(() => otherProcess.close());

const writeFromOtherProcess = (name: string) => otherProcess.prepare("insert into organisations (name, name_uk, kind) values (?, ?, 'partner')").run(name, name);

describe("a transaction of the app", () => {
  it("holds the write lock from its first statement, read or write", () => {
    let refused: unknown = null;
    db.transaction((tx) => {
      tx.select().from(schema.organisations).all();
      try {
        writeFromOtherProcess("Elsewhere");
      } catch (error) {
        refused = error;
      }
      tx.insert(schema.organisations).values({ name: "Here", nameUk: "Тут", kind: "partner" }).run();
    });
    expect(refused).toMatchObject({ code: "SQLITE_BUSY" });
    expect(db.select().from(schema.organisations).all().map((row) => row.name)).toContain("Here");
  });

  it("lets the other process write once it has committed", () => {
    db.transaction((tx) => tx.select().from(schema.organisations).all());
    expect(writeFromOtherProcess("Afterwards").changes).toBe(1);
  });
});

describe("a page's reads that must agree (readTransaction)", () => {
  it("take no write lock: another process writes meanwhile, the reads still see one snapshot", () => {
    const seen = readTransaction((tx) => {
      const before = tx.select().from(schema.organisations).all().length;
      writeFromOtherProcess("Meanwhile");
      return [before, tx.select().from(schema.organisations).all().length];
    });
    expect(seen[1]).toBe(seen[0]);
    expect(db.select().from(schema.organisations).all().map((row) => row.name)).toContain("Meanwhile");
  });
});
