import { beforeAll, describe, expect, it } from "vitest";
import { driver } from "./support.ts";

const sql = driver();

beforeAll(async () => {
  await sql.query("drop table if exists contract_tx");
  await sql.query("create table contract_tx (id text primary key, n int not null default 0)");
});

describe("batches (sql.transaction) run as one transaction", () => {
  it("return one result per statement, in order", async () => {
    const results = await sql.transaction([
      sql`insert into contract_tx (id) values ('ordered')`,
      sql`update contract_tx set n = n + 5 where id = 'ordered' returning n`,
      sql`select n from contract_tx where id = 'ordered'`,
    ]);
    expect(results).toEqual([[], [{ n: 5 }], [{ n: 5 }]]);
  });

  it("roll back every statement when one fails", async () => {
    await expect(
      sql.transaction([
        sql`insert into contract_tx (id) values ('atomic-1')`,
        sql`insert into contract_tx (id) values ('atomic-2')`,
        sql`insert into contract_tx (id) values ('atomic-1')`,
      ]),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await sql`select id from contract_tx where id like 'atomic-%'`).toEqual([]);
    // and the connection is clean afterwards: the next batch commits normally
    await sql.transaction([sql`insert into contract_tx (id) values ('atomic-after')`]);
    expect(await sql`select id from contract_tx where id = 'atomic-after'`).toEqual([{ id: "atomic-after" }]);
  });

  it("honour the isolation level, read-only and deferrable headers", async () => {
    const [[isolation], [readOnly], [deferrable]] = (await sql.transaction(
      [sql`show transaction_isolation`, sql`show transaction_read_only`, sql`show transaction_deferrable`],
      { isolationLevel: "Serializable", readOnly: true, deferrable: true },
    )) as [
      [{ transaction_isolation: string }],
      [{ transaction_read_only: string }],
      [{ transaction_deferrable: string }],
    ];
    expect(isolation?.transaction_isolation).toBe("serializable");
    expect(readOnly?.transaction_read_only).toBe("on");
    expect(deferrable?.transaction_deferrable).toBe("on");

    const [[repeatable]] = (await sql.transaction([sql`show transaction_isolation`], {
      isolationLevel: "RepeatableRead",
    })) as [[{ transaction_isolation: string }]];
    expect(repeatable?.transaction_isolation).toBe("repeatable read");
  });

  it("refuse writes in a read-only batch with 25006 and change nothing", async () => {
    await expect(
      sql.transaction([sql`insert into contract_tx (id) values ('read-only')`], { readOnly: true }),
    ).rejects.toMatchObject({ code: "25006" });
    expect(await sql`select id from contract_tx where id = 'read-only'`).toEqual([]);
  });

  it("serialize 40 concurrent read-modify-write transactions on one row without losing an update", async () => {
    await sql`insert into contract_tx (id) values ('hot')`;
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        sql.transaction([
          sql`select n from contract_tx where id = 'hot' for update`,
          sql`update contract_tx set n = n + 1 where id = 'hot' returning n`,
        ]),
      ),
    );
    const seen = results.map((result) => (result[1] as { n: number }[])[0]?.n).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(seen).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(await sql`select n from contract_tx where id = 'hot'`).toEqual([{ n: 40 }]);
  });

  it("an empty batch is answered with no results", async () => {
    expect(await sql.transaction([])).toEqual([]);
  });
});
