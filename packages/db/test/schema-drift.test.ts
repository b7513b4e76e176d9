import type { NeonQueryFunction } from "@neondatabase/serverless";
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql } from "../src/client.ts";
import { migrate, migrationsDirectory, readMigrations } from "../src/migrate/index.ts";
import * as schema from "../src/schema/index.ts";
import { exclusionConstraints } from "../src/schema/index.ts";
import { type FreshDatabase, freshDatabase } from "./fresh-database.ts";

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
const configs = tables.map((table) => getTableConfig(table));

let database: FreshDatabase;
let sql: NeonQueryFunction<false, false>;
let hasVector: boolean;

beforeAll(async () => {
  database = await freshDatabase();
  sql = createSql({ DATABASE_URL: database.local.databaseUrl, NEON_HTTP_ENDPOINT: database.local.endpoint });
  await migrate(sql, await readMigrations(migrationsDirectory));
  hasVector = (await sql.query("select 1 from pg_extension where extname = 'vector'")).length === 1;
}, 60_000);

afterAll(async () => {
  await database.close();
});

/** information_schema's udt_name for a drizzle SQL type. */
function udtName(sqlType: string): string {
  if (sqlType.startsWith("vector")) return hasVector ? "vector" : "_float4";
  if (sqlType.endsWith("[]")) return `_${udtName(sqlType.slice(0, -2))}`;
  const base = sqlType.replace(/\(.*\)$/, "");
  const names: Record<string, string> = {
    "timestamp with time zone": "timestamptz",
    boolean: "bool",
    integer: "int4",
    smallint: "int2",
    real: "float4",
    "double precision": "float8",
    bigint: "int8",
  };
  return names[base] ?? base;
}

describe("the migrated database and the drizzle schema", () => {
  it("a second migration run is a no-op", async () => {
    expect(await migrate(sql, await readMigrations(migrationsDirectory))).toEqual([]);
  });

  it("have the same tables", async () => {
    const rows = (await sql.query(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'",
    )) as { table_name: string }[];
    expect(rows.map((row) => row.table_name).sort()).toEqual(configs.map((config) => config.name).sort());
  });

  it("have the same columns: names, types, nullability, defaults and generated columns", async () => {
    const rows = (await sql.query(
      `select table_name, column_name, udt_name, is_nullable, column_default is not null as has_default, is_generated, is_identity
       from information_schema.columns where table_schema = 'public' and table_name <> 'schema_migrations'`,
    )) as {
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
      has_default: boolean;
      is_generated: string;
      is_identity: string;
    }[];
    const actual = rows.map(
      (row) =>
        `${row.table_name}.${row.column_name} ${row.udt_name} ${row.is_nullable === "NO" ? "not null" : "null"} ${row.is_generated === "ALWAYS" ? "generated" : row.is_identity === "YES" ? "identity" : row.has_default ? "default" : "-"}`,
    );
    const expected = configs.flatMap((config) =>
      config.columns.map((column) => {
        const generated = column.generated !== undefined;
        const identity = column.generatedIdentity !== undefined;
        const defaulted = !generated && column.hasDefault;
        return `${config.name}.${column.name} ${udtName(column.getSQLType())} ${column.notNull ? "not null" : "null"} ${generated ? "generated" : identity ? "identity" : defaulted ? "default" : "-"}`;
      }),
    );
    expect(actual.sort()).toEqual(expected.sort());
  });

  it("have the same indexes and unique constraints", async () => {
    const rows = (await sql.query(
      `select indexname from pg_indexes i
       where schemaname = 'public' and tablename <> 'schema_migrations' and indexname not like '%_pkey'
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype = 'x')`,
    )) as { indexname: string }[];
    const expected = configs.flatMap((config) => [
      ...config.indexes.map((index) => index.config.name ?? ""),
      ...config.uniqueConstraints.map((constraint) => constraint.getName() ?? ""),
    ]);
    const withoutVector = hasVector ? expected : expected.filter((name) => !/_embedding(_\d+)?_idx$/.test(name));
    expect(rows.map((row) => row.indexname).sort()).toEqual(withoutVector.sort());
  });

  it("have the same check constraints, foreign keys and exclusion constraints", async () => {
    const rows = (await sql.query(
      `select c.conname, c.contype, cl.relname as table_name, fcl.relname as foreign_table,
         (select string_agg(a.attname, ',' order by k.ord) from unnest(c.conkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns,
         (select string_agg(a.attname, ',' order by k.ord) from unnest(c.confkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) as foreign_columns
       from pg_constraint c join pg_class cl on cl.oid = c.conrelid left join pg_class fcl on fcl.oid = c.confrelid
       join pg_namespace n on n.oid = cl.relnamespace
       where n.nspname = 'public' and c.contype in ('c', 'f', 'x')`,
    )) as {
      conname: string;
      contype: string;
      table_name: string;
      foreign_table: string | null;
      columns: string;
      foreign_columns: string | null;
    }[];

    const checks = rows.filter((row) => row.contype === "c").map((row) => `${row.table_name}.${row.conname}`);
    expect(checks.sort()).toEqual(
      configs.flatMap((config) => config.checks.map((check) => `${config.name}.${check.name}`)).sort(),
    );

    const foreignKeys = rows
      .filter((row) => row.contype === "f")
      .map((row) => `${row.table_name}(${row.columns}) -> ${row.foreign_table}(${row.foreign_columns})`);
    const expectedForeignKeys = configs.flatMap((config) =>
      config.foreignKeys.map((foreignKey) => {
        const reference = foreignKey.reference();
        const foreignTable = getTableConfig(reference.foreignTable).name;
        return `${config.name}(${reference.columns.map((c) => c.name).join(",")}) -> ${foreignTable}(${reference.foreignColumns.map((c) => c.name).join(",")})`;
      }),
    );
    expect(foreignKeys.sort()).toEqual(expectedForeignKeys.sort());

    const exclusions = rows.filter((row) => row.contype === "x").map((row) => `${row.table_name}.${row.conname}`);
    const expectedExclusions = Object.entries(exclusionConstraints).flatMap(([table, names]) =>
      names.map((name) => `${table}.${name}`),
    );
    expect(exclusions.sort()).toEqual(expectedExclusions.sort());
  });

  it("keep updated_at current by trigger on every table that has it", async () => {
    const rows = (await sql.query(
      "select event_object_table as table_name from information_schema.triggers where trigger_name = event_object_table || '_set_updated_at' and event_manipulation = 'UPDATE'",
    )) as { table_name: string }[];
    const withUpdatedAt = configs.filter((config) => config.columns.some((column) => column.name === "updated_at"));
    expect(rows.map((row) => row.table_name).sort()).toEqual(withUpdatedAt.map((config) => config.name).sort());
  });
});
