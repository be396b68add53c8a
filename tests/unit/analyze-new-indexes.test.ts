import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { analyzeNewIndexes } from "../../db/migrate";

function statisticsOf(sqlite: Database.Database) {
  return (sqlite.prepare("select idx from sqlite_stat1 where idx is not null order by idx").pluck().all() as string[]).sort();
}

describe("migrating a database that has statistics", () => {
  it("gives an index a migration added its statistics, as the others have", () => {
    const sqlite = new Database(":memory:");
    sqlite.exec("create table cases (id integer primary key, status text, mentor_id integer); create index cases_status_idx on cases (status)");
    const insert = sqlite.prepare("insert into cases (status, mentor_id) values (?, ?)");
    for (let index = 0; index < 200; index++) insert.run(index % 3 ? "open" : "closed", index % 7);
    sqlite.exec("analyze");
    expect(statisticsOf(sqlite)).toEqual(["cases_status_idx"]);
    sqlite.exec("create index cases_mentor_idx on cases (mentor_id)");
    analyzeNewIndexes(sqlite);
    expect(statisticsOf(sqlite)).toEqual(["cases_mentor_idx", "cases_status_idx"]);
  });

  it("leaves a database without statistics as it is", () => {
    const sqlite = new Database(":memory:");
    sqlite.exec("create table cases (id integer primary key, status text); create index cases_status_idx on cases (status); insert into cases (status) values ('open')");
    analyzeNewIndexes(sqlite);
    expect(sqlite.prepare("select 1 from sqlite_master where name = 'sqlite_stat1'").get()).toBeUndefined();
  });
});
