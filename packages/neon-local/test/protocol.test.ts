import { describe, expect, it } from "vitest";
import { maxRequestBytes } from "../src/server.ts";
import { post } from "./support.ts";

async function expectClientError(response: Response, status: number, pattern: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { message: string };
  expect(body.message).toMatch(pattern);
}

describe("the HTTP protocol layer", () => {
  it("answers the raw shape the driver parses: fields, text rows, rowCount, command", async () => {
    const response = await post(JSON.stringify({ query: "select $1::int + 1 as n, null::text as t", params: ["41"] }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      fields: [
        { name: "n", tableID: 0, columnID: 0, dataTypeID: 23, dataTypeSize: 4, dataTypeModifier: -1, format: "text" },
        { name: "t", tableID: 0, columnID: 0, dataTypeID: 25, dataTypeSize: -1, dataTypeModifier: -1, format: "text" },
      ],
      command: "SELECT",
      rowCount: 1,
      rows: [["42", null]],
      rowAsArray: true,
    });
  });

  it("returns rows as objects and native JSON values without the array-mode and raw-text headers", async () => {
    const response = await post(
      JSON.stringify({ query: "select 7 as n, true as b, '{\"k\":1}'::jsonb as j, 8::int8 as big" }),
      {
        "Neon-Raw-Text-Output": "false",
        "Neon-Array-Mode": "false",
      },
    );
    const body = (await response.json()) as { rows: unknown[] };
    expect(body.rows).toEqual([{ n: 7, b: true, j: { k: 1 }, big: "8" }]);
  });

  it("answers a batch with one result per query", async () => {
    const response = await post(
      JSON.stringify({ queries: [{ query: "select 1 as a" }, { query: "select 2 as b", params: [] }] }),
    );
    const body = (await response.json()) as { results: { rows: unknown[] }[] };
    expect(body.results.map((result) => result.rows)).toEqual([[["1"]], [["2"]]]);
  });

  it("refuses a body that is not JSON with 400", async () => {
    await expectClientError(await post("{not json"), 400, /not valid JSON/);
  });

  it("refuses a body of the wrong shape with 400", async () => {
    await expectClientError(await post(JSON.stringify({ sql: "select 1" })), 400, /query/);
    await expectClientError(
      await post(JSON.stringify({ query: "select $1", params: [{ nested: true }] })),
      400,
      /query/,
    );
  });

  it("refuses more than one statement in a query, as Neon does", async () => {
    const response = await post(JSON.stringify({ query: "select 1; select 2" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "42601" });
  });

  it("refuses a missing connection string and invalid batch headers with 400", async () => {
    const body = JSON.stringify({ queries: [{ query: "select 1" }] });
    await expectClientError(await post(body, { "Neon-Connection-String": "" }), 400, /Neon-Connection-String/);
    await expectClientError(await post(body, { "Neon-Batch-Isolation-Level": "Chaos" }), 400, /Isolation-Level/);
    await expectClientError(await post(body, { "Neon-Batch-Read-Only": "yes" }), 400, /Read-Only/);
  });

  it("refuses an oversized body with 413 and unknown routes and methods with 404 and 405", async () => {
    const huge = JSON.stringify({ query: `select '${"x".repeat(maxRequestBytes)}'` });
    await expectClientError(await post(huge), 413, /exceeds/);
    await expectClientError(await post("{}", {}, "/elsewhere"), 404, /POST to \/sql/);
    const get = await fetch(new URL("/sql", (await post("{}")).url));
    expect(get.status).toBe(405);
  });

  it("keeps serving after every kind of bad request", async () => {
    const response = await post(JSON.stringify({ query: "select 'still here' as s" }));
    expect(((await response.json()) as { rows: unknown[] }).rows).toEqual([["still here"]]);
  });
});
