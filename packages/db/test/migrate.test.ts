import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { createSql } from "../src/client.ts";
import { MigrationError, migrate, migrationStatus, readMigrations, splitStatements } from "../src/migrate/index.ts";

const sql = createSql({ DATABASE_URL: inject("databaseUrl"), NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint") });

/** A migrations folder and a ledger of the test's own, so it never touches the real schema. */
async function scenario(name: string, files: Record<string, string>) {
  const directory = await mkdtemp(join(tmpdir(), "frontdesk-migrations-"));
  for (const [file, text] of Object.entries(files)) await writeFile(join(directory, file), text);
  await sql.query(`drop table if exists ${name}_ledger`);
  return {
    directory,
    ledger: `${name}_ledger`,
    write: (file: string, text: string) => writeFile(join(directory, file), text),
  };
}

describe("splitStatements", () => {
  it("splits on semicolons but not inside strings, comments or dollar-quoted bodies", () => {
    const statements = splitStatements(`
      -- a comment; with a semicolon
      create table a (t text default 'x;y');
      /* block; comment */
      create function f() returns int language plpgsql as $body$ begin return 1; end $body$;
      select 'it''s; fine';`);
    expect(statements).toHaveLength(3);
    expect(statements[1]).toContain("$body$ begin return 1; end $body$");
    expect(statements[2]).toBe("select 'it''s; fine'");
  });
});

describe("migrate", () => {
  it("applies pending files in order, records checksums, and is a no-op the second time", async () => {
    const { directory, ledger } = await scenario("mig_basic", {
      "0001_first.sql": "create table mig_basic_a (id int primary key);",
      "0002_second.sql": "alter table mig_basic_a add column note text; insert into mig_basic_a values (1, 'seeded');",
    });
    await sql.query("drop table if exists mig_basic_a");
    const files = await readMigrations(directory);
    expect(await migrate(sql, files, { ledger })).toEqual(["0001_first.sql", "0002_second.sql"]);
    expect(await migrate(sql, files, { ledger })).toEqual([]);
    expect(await sql.query("select * from mig_basic_a")).toEqual([{ id: 1, note: "seeded" }]);
    const status = await migrationStatus(sql, files, { ledger });
    expect(status.applied.map((m) => [m.name, m.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
    expect(status.pending).toEqual([]);
  });

  it("rolls a failing migration back whole and stops before the next one", async () => {
    const { directory, ledger } = await scenario("mig_fail", {
      "0001_ok.sql": "create table mig_fail_ok (id int);",
      "0002_bad.sql": "create table mig_fail_partial (id int); insert into mig_fail_partial values ('nope');",
      "0003_never.sql": "create table mig_fail_never (id int);",
    });
    await sql.query("drop table if exists mig_fail_ok, mig_fail_partial, mig_fail_never");
    const files = await readMigrations(directory);
    await expect(migrate(sql, files, { ledger })).rejects.toThrow(/0002_bad\.sql failed and was rolled back/);
    const tables = await sql.query(
      "select to_regclass('mig_fail_partial') as partial, to_regclass('mig_fail_never') as never",
    );
    expect(tables).toEqual([{ partial: null, never: null }]);
    expect((await migrationStatus(sql, files, { ledger })).pending.map((f) => f.name)).toEqual([
      "0002_bad.sql",
      "0003_never.sql",
    ]);
  });

  it("refuses to run when an applied file has changed", async () => {
    const { directory, ledger, write } = await scenario("mig_changed", { "0001_a.sql": "select 1;" });
    await migrate(sql, await readMigrations(directory), { ledger });
    await write("0001_a.sql", "select 2;");
    await write("0002_b.sql", "create table mig_changed_should_not_exist (id int);");
    const files = await readMigrations(directory);
    await expect(migrate(sql, files, { ledger })).rejects.toThrow(MigrationError);
    await expect(migrate(sql, files, { ledger })).rejects.toThrow(/0001_a\.sql was changed after it was applied/);
    expect(await sql.query("select to_regclass('mig_changed_should_not_exist') as t")).toEqual([{ t: null }]);
    expect((await migrationStatus(sql, files, { ledger })).changed).toEqual(["0001_a.sql"]);
  });

  it("is safe when several runs start at once: each migration is applied exactly once", async () => {
    const { directory, ledger } = await scenario("mig_race", {
      "0001_table.sql": "create table mig_race_t (id serial primary key, run text);",
      "0002_row.sql": "insert into mig_race_t (run) values ('applied');",
      "0003_more.sql": "alter table mig_race_t add column extra int;",
    });
    await sql.query("drop table if exists mig_race_t");
    const files = await readMigrations(directory);
    const runs = await Promise.all(Array.from({ length: 4 }, () => migrate(sql, files, { ledger })));
    expect(runs.flat().sort()).toEqual(["0001_table.sql", "0002_row.sql", "0003_more.sql"]);
    expect(await sql.query("select count(*)::int as n from mig_race_t")).toEqual([{ n: 1 }]);
  });

  it("refuses files that manage their own transaction", async () => {
    const { directory } = await scenario("mig_tx", { "0001_tx.sql": "begin; select 1; commit;" });
    await expect(readMigrations(directory)).rejects.toThrow(/its own transaction/);
  });
});
