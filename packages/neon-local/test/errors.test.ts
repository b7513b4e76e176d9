import { NeonDbError } from "@neondatabase/serverless";
import { beforeAll, describe, expect, it } from "vitest";
import { errorFieldNames } from "../src/postgres-error.ts";
import { driver } from "./support.ts";

const sql = driver();

async function failure(promise: Promise<unknown>): Promise<NeonDbError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof NeonDbError)) throw new Error(`expected a NeonDbError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  await sql.query("drop table if exists contract_errors");
  await sql.query(
    "create table contract_errors (id int primary key, email text not null constraint contract_errors_email_key unique, n int check (n > 0))",
  );
  await sql.query("insert into contract_errors values (1, 'taken@example.com', 1)");
});

describe("Postgres errors reach the driver with every field it reads", () => {
  it("unique violation: 23505 with constraint, table, schema and detail", async () => {
    const error = await failure(sql`insert into contract_errors values (2, ${"taken@example.com"}, 1)`);
    expect(error).toMatchObject({
      code: "23505",
      severity: "ERROR",
      constraint: "contract_errors_email_key",
      table: "contract_errors",
      schema: "public",
      detail: "Key (email)=(taken@example.com) already exists.",
    });
    expect(error.message).toMatch(/duplicate key value violates unique constraint/);
    expect(error.routine).toBeTruthy();
    expect(error.file).toBeTruthy();
  });

  it("syntax error: 42601 with the position of the offending token", async () => {
    const error = await failure(sql.query("select 1 from where"));
    expect(error.code).toBe("42601");
    expect(error.position).toBe("15");
  });

  it("check and not-null violations name their constraint and column", async () => {
    const check = await failure(sql`insert into contract_errors values (3, 'a@example.com', ${0})`);
    expect(check).toMatchObject({ code: "23514", constraint: "contract_errors_n_check" });
    const notNull = await failure(sql`insert into contract_errors values (4, ${null}, 1)`);
    expect(notNull).toMatchObject({ code: "23502", column: "email", table: "contract_errors" });
  });

  it("errors raised inside functions carry where, internal query and position", async () => {
    const error = await failure(sql.query("do $$ begin execute 'select * from no_such_table_anywhere'; end $$"));
    expect(error.code).toBe("42P01");
    expect(error.where).toMatch(/PL\/pgSQL/);
    expect(error.internalQuery).toBe("select * from no_such_table_anywhere");
    expect(error.internalPosition).toBe("15");
  });

  it("only fields the driver knows are sent, as strings", async () => {
    const error = await failure(sql.query("select 1/0"));
    for (const name of errorFieldNames) {
      const value = (error as unknown as Record<string, unknown>)[name];
      expect(value === undefined || typeof value === "string").toBe(true);
    }
    expect(error.code).toBe("22012");
  });

  it("a failed statement never leaves the connection unusable", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await failure(sql.query("select * from contract_errors where id = 'not a number'"));
      expect(await sql`select count(*)::int as n from contract_errors`).toEqual([{ n: 1 }]);
    }
  });

  it("a lone BEGIN does not leave the shared connection inside a transaction", async () => {
    await sql.query("begin");
    await sql.query("insert into contract_errors values (50, 'lone-begin@example.com', 1)");
    // SAVEPOINT is refused outside a transaction block: proof that the BEGIN did not linger
    await expect(sql.query("savepoint probe")).rejects.toMatchObject({ code: "25P01" });
    expect(await sql`select id from contract_errors where id = 50`).toEqual([{ id: 50 }]);
  });
});
