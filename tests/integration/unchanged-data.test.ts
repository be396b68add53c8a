// Results kept while the database is unchanged (app/lib/unchanged-data.server.ts): handed out
// again only while no row has changed since they were computed, whoever changed it.
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db, schema, sqlite } from "~/lib/db.server";
import { databaseStamp, forgetKeptResults, whileUnchanged } from "~/lib/unchanged-data.server";

// Another server process (or an import's connection): its commits reach this one's data_version.
const otherProcess = new Database(sqlite.name);
afterAll(() => otherProcess.close());

let computed = 0;
const figures = (key = "all") => whileUnchanged("test figures", key, () => ({ run: ++computed }));
const addOrganisation = (name: string) => db.insert(schema.organisations).values({ name, nameUk: name, kind: "partner" }).returning().get();

beforeEach(() => forgetKeptResults());

describe("a result kept while the database is unchanged", () => {
  it("is computed once while nothing changes", () => {
    const first = figures();
    expect(figures()).toBe(first);
    expect(figures()).toBe(first);
    expect(figures("another view")).not.toBe(first);
  });

  it("is computed again after this process changes a row", () => {
    const first = figures();
    const organisation = addOrganisation("Change here");
    const second = figures();
    expect(second).not.toBe(first);
    db.update(schema.organisations).set({ name: "Renamed" }).where(eq(schema.organisations.id, organisation.id)).run();
    expect(figures()).not.toBe(second);
  });

  it("is computed again after another process commits a change", () => {
    const first = figures();
    otherProcess.prepare("insert into organisations (name, name_uk, kind) values ('Elsewhere', 'Деінде', 'partner')").run();
    expect(figures()).not.toBe(first);
  });

  it("stays when a write changes no row", () => {
    const first = figures();
    db.update(schema.organisations).set({ name: "Nobody" }).where(eq(schema.organisations.id, -1)).run();
    otherProcess.prepare("update organisations set name = 'Nobody' where id = -1").run();
    expect(figures()).toBe(first);
  });

  it("is not kept when the database changed while it was computed", () => {
    const during = whileUnchanged("test figures", "racing", () => {
      otherProcess.prepare("insert into organisations (name, name_uk, kind) values ('Meanwhile', 'Тим часом', 'partner')").run();
      return { run: ++computed };
    });
    expect(figures("racing")).not.toBe(during);
  });

  it("is neither kept nor handed out inside a transaction, whose rows may yet be rolled back", () => {
    const before = figures();
    class RolledBack extends Error {}
    let inside: unknown;
    expect(() =>
      db.transaction(() => {
        addOrganisation("Never committed");
        inside = figures();
        throw new RolledBack();
      }),
    ).toThrow(RolledBack);
    expect(inside).not.toBe(before);
    // Rolled back: the counters moved, so nothing kept is handed out; what was computed inside is gone.
    expect(figures()).not.toBe(inside);
  });

  it("keeps the 24 views used last, forgetting the oldest", () => {
    const views = Array.from({ length: 24 }, (_, index) => figures(`view ${index}`));
    expect(figures("view 0")).toBe(views[0]);
    figures("view 24");
    // View 1 was the least recently used once view 0 was read again.
    expect(figures("view 1")).not.toBe(views[1]);
    expect(figures("view 0")).toBe(views[0]);
  });

  it("is told apart by a stamp that a GET's reads leave as it was", () => {
    const stamp = databaseStamp();
    db.select().from(schema.organisations).all();
    expect(databaseStamp()).toBe(stamp);
    addOrganisation("Stamped");
    expect(databaseStamp()).not.toBe(stamp);
  });
});
