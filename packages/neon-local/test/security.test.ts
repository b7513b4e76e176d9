import { request } from "node:http";
import { neon, neonConfig } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NeonLocal, startNeonLocal } from "../src/index.ts";
import { post } from "./support.ts";

/** A raw HTTP request with any Host header (fetch would not let a test forge it). */
function rawPost(url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: "POST", headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const query = JSON.stringify({ query: "select 1 as one", params: [] });

describe("the local endpoint is not a door", () => {
  it("answers no browser: no CORS headers, preflights and requests with an Origin are refused", async () => {
    const preflight = await post("", { origin: "https://evil.example" }, "/sql");
    expect(preflight.status).toBe(403);
    const options = await fetch(new URL("/sql", preflight.url), { method: "OPTIONS" });
    expect(options.status).toBe(403);
    for (const response of [preflight, options])
      expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect((await post(query)).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a Host that is not loopback (DNS rebinding)", async () => {
    const target = new URL("/sql", (await post(query)).url);
    const connectionString = JSON.parse(JSON.stringify(target)) as string;
    const headers = { "content-type": "application/json", "neon-connection-string": connectionString };
    const rebound = await rawPost(target.toString(), { ...headers, host: "attacker.example:4444" }, query);
    expect(rebound.status).toBe(403);
  });

  it("checks the connection string's password against the one it was started with", async () => {
    const local = await startNeonLocal({ port: 0, password: "right-password" });
    try {
      neonConfig.fetchEndpoint = local.endpoint;
      expect(await neon(local.databaseUrl).query("select 1 as one")).toEqual([{ one: 1 }]);
      const wrong = local.databaseUrl.replace("right-password", "wrong-password");
      await expect(neon(wrong).query("select 1")).rejects.toThrow(/password authentication failed/);
      const none = local.databaseUrl.replace(":right-password@", "@");
      await expect(neon(none).query("select 1")).rejects.toThrow(/password authentication failed/);
    } finally {
      await local.close();
    }
  });
});

describe("a statement timeout", () => {
  let local: NeonLocal;
  beforeAll(async () => {
    local = await startNeonLocal({
      port: 0,
      postgresUrl: process.env.POSTGRES_URL || undefined,
      statementTimeoutMs: 400,
    });
    neonConfig.fetchEndpoint = local.endpoint;
    await neon(local.databaseUrl).query("create table if not exists timeout_probe (id int)");
  });
  afterAll(() => local.close());

  it("is set on every connection, and a real server cancels a pg_sleep past it", async () => {
    const sql = neon(local.databaseUrl);
    expect(await sql.query("show statement_timeout")).toEqual([{ statement_timeout: "400ms" }]);
    if (local.backend.name.startsWith("pglite")) return; // PGlite cannot interrupt itself (docs/architecture.md).
    const started = Date.now();
    await expect(sql.query("select pg_sleep(5)")).rejects.toMatchObject({ code: "57014" });
    expect(Date.now() - started).toBeLessThan(3000);
    // The stack goes on: the next statement runs at once.
    await sql.query("insert into timeout_probe values (1)");
    expect(await sql.query("select count(*)::int as n from timeout_probe")).toEqual([{ n: 1 }]);
  });
});

describe("the application's database role", () => {
  it("is no superuser on a real server (scripts/with-postgres.sh)", async () => {
    if (!process.env.POSTGRES_URL) return; // PGlite has one built-in role; there is nothing to grant or withhold.
    const { directClient } = await import("./support.ts");
    const client = await directClient();
    try {
      const { rows } = await client.query<{ rolsuper: boolean; rolcreaterole: boolean }>(
        "select rolsuper, rolcreaterole from pg_roles where rolname = current_user",
      );
      expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false }]);
    } finally {
      await client.end();
    }
  });
});
