import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import gateway from "../src/index.ts";
import { call, createOrganization } from "./support.ts";

const problemJson = "application/problem+json";

/** The gateway's env with a database that cannot be reached: any query would fail with a 503. */
const withoutDatabase = {
  ...env,
  DATABASE_URL: "postgresql://nobody:secret@127.0.0.1:9/none",
  NEON_HTTP_ENDPOINT: "http://127.0.0.1:9/sql",
};

const direct = (path: string, headers: Record<string, string>, bindings: object = env) =>
  gateway.fetch(new Request(`https://api.frontdesk.test${path}`, { headers }), bindings);

describe("abuse costs the abuser, not the database", () => {
  it("the per-IP limit comes before authentication, /health, webhooks and public channel routes", async () => {
    const ip = "203.0.113.201";
    // The test binding sets RATE_LIMIT_IP_PER_MINUTE to 40.
    for (let index = 0; index < 40; index++) {
      const response = await call("/v1/ping", { token: `fdk_nothing${index}_x`, headers: { "cf-connecting-ip": ip } });
      expect(response.status).toBe(401);
    }
    for (const path of ["/v1/ping", "/health", "/v1/public/fdp_aaaaaaaaaaaaaaaaaaaaaaaa/channel", "/calendar/x.ics"]) {
      const refused = await call(path, { token: "fdk_unknown12345_x", headers: { "cf-connecting-ip": ip } });
      expect(refused.status, path).toBe(429);
      expect(refused.headers.get("content-type")).toBe(problemJson);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("provider webhooks have a per-IP budget of their own", async () => {
    const response = await call(`/webhooks/telegram/${crypto.randomUUID()}`, {
      method: "POST",
      json: {},
      headers: { "cf-connecting-ip": "203.0.113.202" },
    });
    expect(response.headers.get("ratelimit-policy")).toContain('"webhook_ip";q=');
  });

  it("an unknown API key or publishable key is remembered: asking again needs no database", async () => {
    const key = `fdk_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}_${"x".repeat(32)}`;
    const headers = { authorization: `Bearer ${key}`, "cf-connecting-ip": "203.0.113.203" };
    expect((await direct("/v1/ping", headers)).status).toBe(401);
    const again = await direct("/v1/ping", headers, withoutDatabase);
    expect(again.status).toBe(401);
    const publishable = `/v1/public/fdp_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}/channel`;
    expect((await direct(publishable, { "cf-connecting-ip": "203.0.113.204" })).status).toBe(404);
    expect((await direct(publishable, { "cf-connecting-ip": "203.0.113.204" }, withoutDatabase)).status).toBe(404);
  });

  it("an organization cannot raise its own limits above the platform ceiling", async () => {
    const { apiKey } = await createOrganization();
    const put = (value: unknown) =>
      call("/v1/settings/rate_limits/organization", { method: "PUT", token: apiKey.key, json: { value } });
    const refused = await put({ limit: 1_000_000, windowSeconds: 60 });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ detail: expect.stringContaining("at most 30000 per minute") });
    // The same rate spread over a long window is the same rate.
    expect((await put({ limit: 30000 * 10, windowSeconds: 600 })).status).toBe(200);
    expect((await put({ limit: 30000 * 10 + 1, windowSeconds: 600 })).status).toBe(400);
  });

  it("deeply nested JSON is a 400, never a stack overflow", async () => {
    const { apiKey } = await createOrganization();
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    for (const path of ["/v1/settings/chat/deep", "/v1/events", "/v1/conversations"]) {
      const response = await call(path, {
        method: path.startsWith("/v1/settings") ? "PUT" : "POST",
        token: apiKey.key,
        headers: { "content-type": "application/json" },
        body: `{"value":${deep}}`,
      });
      expect(response.status, path).toBe(400);
      expect(response.headers.get("content-type")).toBe(problemJson);
    }
    // Strings full of brackets are not nesting.
    const brackets = await call("/v1/settings/chat/brackets", {
      method: "PUT",
      token: apiKey.key,
      json: { value: "[".repeat(1000) },
    });
    expect(brackets.status).toBe(200);
  });

  it("settings keys named like Object.prototype members are ordinary keys", async () => {
    const { apiKey } = await createOrganization();
    const cases: [string, string, number][] = [
      ["constructor", "constructor", 200],
      ["chat", "constructor", 200],
      ["rate_limits", "constructor", 400],
      ["cors", "constructor", 400],
      ["__proto__", "tone", 400],
      ["chat", "__proto__", 400],
      ["toString", "tone", 400],
    ];
    for (const [category, key, status] of cases) {
      const response = await call(`/v1/settings/${category}/${key}`, {
        method: "PUT",
        token: apiKey.key,
        json: { value: 1 },
      });
      expect(response.status, `${category}/${key}`).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/json/);
    }
    const listed = await (await call("/v1/settings", { token: apiKey.key })).json<{ data: { category: string }[] }>();
    expect(listed.data.map((row) => row.category).sort()).toEqual(["chat", "constructor"]);
  });
});

describe("secrets", () => {
  it("a worker with a weak session secret or encryption key serves nothing, and says why", async () => {
    for (const weak of [{ FRONTDESK_SESSION_SECRET: "" }, { FRONTDESK_ENCRYPTION_KEY: btoa("sixteen bytes!!!") }]) {
      const response = await gateway.fetch(new Request("https://api.frontdesk.test/v1/openapi.json"), {
        ...env,
        ...weak,
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        detail: expect.stringMatching(/FRONTDESK_(SESSION_SECRET|ENCRYPTION_KEY)/),
      });
    }
  });
});

describe("an agent's model name", () => {
  it("must match the strict pattern: nothing else reaches a provider URL", async () => {
    const { apiKey } = await createOrganization();
    const create = (model: string) =>
      call("/v1/agents", { method: "POST", token: apiKey.key, json: { kind: "ai", displayName: "Bot", model } });
    for (const model of [
      "openai:../../v1/admin",
      "@cf/meta/../../accounts",
      "openai:gpt?x=1",
      "@cf/a#b/c",
      "gpt-4o",
      "",
    ])
      expect((await create(model)).status, model).toBe(400);
    for (const model of ["builtin", "openai:gpt-4o-mini", "@cf/meta/llama-3.1-8b-instruct"])
      expect((await create(model)).status, model).toBe(201);
  });
});
