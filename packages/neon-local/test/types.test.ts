import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directClient, driver } from "./support.ts";

const sql = driver();
let direct: pg.Client;

beforeAll(async () => {
  direct = await directClient();
  await sql.query("drop table if exists contract_types");
  await sql.query(`create table contract_types (
    id serial primary key, i2 int2, i4 int4, i8 int8, num numeric(14,4), f8 float8, b bool, t text, u uuid,
    d date, ts timestamp, tstz timestamptz, iv interval, j json, jb jsonb, ta text[], ia int[], by bytea, n text
  )`);
});

afterAll(async () => {
  await direct.end();
});

const literalSelect = `select 1::int2 as i2, 2147483647::int4 as i4, 9007199254740993::int8 as i8,
  12345.6789::numeric(14,4) as num, 3.5::float8 as f8, true as b, 'héllo, wörld'::text as t,
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as u, '2024-02-29'::date as d,
  '2024-02-29 13:14:15.123456'::timestamp as ts, '2024-02-29 13:14:15.123+02'::timestamptz as tstz,
  '1 year 2 mons 3 days 04:05:06'::interval as iv, '{"a":[1,2]}'::json as j, '{"b":{"c":null}}'::jsonb as jb,
  array['x',null,'z, "q"']::text[] as ta, array[1,null,3]::int[] as ia, '\\x00ff10'::bytea as by, null::text as n`;

describe("results through the endpoint equal node-postgres's for the same query", () => {
  it("for literals of every type we use", async () => {
    const viaEndpoint = await sql.query(literalSelect, [], { fullResults: true });
    const viaPg = await direct.query(literalSelect);
    expect(viaEndpoint.fields).toEqual(viaPg.fields);
    expect(viaEndpoint.rows).toEqual(viaPg.rows);
    expect(viaEndpoint.rowCount).toBe(viaPg.rowCount);
    expect(viaEndpoint.command).toBe(viaPg.command);
    const row = viaEndpoint.rows[0] as Record<string, unknown>;
    expect(row.i8).toBe("9007199254740993");
    expect(row.num).toBe("12345.6789");
    expect(row.tstz).toEqual(new Date("2024-02-29T11:14:15.123Z"));
    expect(row.ta).toEqual(["x", null, 'z, "q"']);
    expect(row.ia).toEqual([1, null, 3]);
    expect(row.j).toEqual({ a: [1, 2] });
    expect(row.n).toBeNull();
  });

  it("for table columns (tableID and columnID included) after a parameterised insert", async () => {
    const when = new Date("2025-06-01T08:30:00.250Z");
    const inserted =
      await sql`insert into contract_types (i2, i4, i8, num, f8, b, t, u, d, ts, tstz, iv, j, jb, ta, ia, by, n)
      values (${-3}, ${42}, ${"-9223372036854775808"}, ${"0.0001"}, ${-1.25e-10}, ${false}, ${"quote ' and \\ backslash"},
        ${"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}, ${"1999-12-31"}, ${"2000-01-01 00:00:00"}, ${when}, ${"PT36H"},
        ${{ nested: { list: [1, "two", null] } }}, ${{ emoji: "🎉", n: 1.5 }}, ${["a", null, "c"]}, ${[7, null]},
        ${new Uint8Array([0, 1, 254, 255])}, ${null})
      returning id`;
    expect(inserted).toHaveLength(1);

    const query = "select * from contract_types where id = $1";
    const params = [inserted[0]?.id];
    const viaEndpoint = await sql.query(query, params, { fullResults: true });
    const viaPg = await direct.query(query, params);
    expect(viaEndpoint.fields).toEqual(viaPg.fields);
    expect(viaEndpoint.fields.every((field) => field.tableID > 0 && field.columnID > 0)).toBe(true);
    expect(viaEndpoint.rows).toEqual(viaPg.rows);
    const row = viaEndpoint.rows[0] as Record<string, unknown>;
    expect(row.tstz).toEqual(when);
    expect(row.jb).toEqual({ emoji: "🎉", n: 1.5 });
    expect(Buffer.from(row.by as Uint8Array)).toEqual(Buffer.from([0, 1, 254, 255]));
    expect(row.t).toBe("quote ' and \\ backslash");
  });

  it("in array mode", async () => {
    const rows = await sql.query("select 1 as a, 'x' as a, null::int as b", [], { arrayMode: true });
    expect(rows).toEqual([[1, "x", null]]);
  });

  it("for a command without rows", async () => {
    const viaEndpoint = await sql.query("update contract_types set n = 'touched' where false", [], {
      fullResults: true,
    });
    expect(viaEndpoint).toMatchObject({ command: "UPDATE", rowCount: 0, rows: [], fields: [] });
  });
});

describe("pgvector", () => {
  it("round-trips vectors where the server has the extension, and reports its absence intact where not", async () => {
    const available = await sql`select 1 from pg_available_extensions where name = 'vector'`;
    if (available.length === 0) {
      await expect(sql`create extension vector`).rejects.toMatchObject({ code: "0A000" });
      return;
    }
    await sql`create extension if not exists vector`;
    const query = "select '[1,2.5,-3]'::vector(3) as v, '[1,0,0]'::vector <-> '[0,1,0]'::vector as distance";
    const viaEndpoint = await sql.query(query, [], { fullResults: true });
    const viaPg = await direct.query(query);
    expect(viaEndpoint.fields).toEqual(viaPg.fields);
    expect(viaEndpoint.rows).toEqual(viaPg.rows);
    expect(viaEndpoint.rows[0]).toMatchObject({ v: "[1,2.5,-3]", distance: Math.SQRT2 });
  });
});
