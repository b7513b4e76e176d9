import { env, runInDurableObject } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { RateLimiter } from "@frontdesk/http/rate-limiter";
import { describe, expect, it } from "vitest";
import { call, createKey, createOrganization } from "./support.ts";

async function limitKeysTo(organizationId: string, limit: number) {
  await createDb(env)
    .insert(schema.settings)
    .values({ organizationId, category: "rate_limits", key: "api_key", value: { limit, windowSeconds: 3600 } });
}

describe("rate limiting", () => {
  it("of 12 simultaneous requests against a limit of 5, exactly 5 pass", async () => {
    const { organization, apiKey } = await createOrganization();
    await limitKeysTo(organization.id, 5);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => call("/v1/organizations/current", { token: apiKey.key })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it("announces the policy and what is left, and refuses with 429, Retry-After and problem+json", async () => {
    const { organization, apiKey } = await createOrganization();
    await limitKeysTo(organization.id, 2);
    const first = await call("/v1/organizations/current", { token: apiKey.key });
    expect(first.headers.get("ratelimit-policy")).toContain('"api_key";q=2;w=3600');
    expect(first.headers.get("ratelimit")).toMatch(/^"api_key";r=1;t=\d+$/);
    await call("/v1/organizations/current", { token: apiKey.key });
    const refused = await call("/v1/organizations/current", { token: apiKey.key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(refused.headers.get("ratelimit")).toMatch(/^"api_key";r=0;t=\d+$/);
  });

  it("limits one key without touching another key of the same organization", async () => {
    const { organization, apiKey } = await createOrganization();
    await limitKeysTo(organization.id, 1);
    const other = await call("/v1/api-keys", {
      method: "POST",
      token: apiKey.key,
      json: { name: "second", scopes: ["organization:read"] },
    });
    expect(other.status).toBe(429);
    const fresh = await createOrganization();
    expect((await call("/v1/organizations/current", { token: fresh.apiKey.key })).status).toBe(200);
  });

  it("limits one client IP across every credential and tenant, and no other IP", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    const ip = "203.0.113.77";
    const from = (address: string, key: string) =>
      call("/v1/organizations/current", { token: key, headers: { "cf-connecting-ip": address } });
    // The test binding sets RATE_LIMIT_IP_PER_MINUTE to 40.
    const responses = await Promise.all(
      Array.from({ length: 44 }, (_, index) => from(ip, index % 2 ? a.apiKey.key : b.apiKey.key)),
    );
    const refused = responses.filter((response) => response.status === 429);
    expect(responses.filter((response) => response.status === 200)).toHaveLength(40);
    expect(refused).toHaveLength(4);
    expect(await refused[0]?.json()).toMatchObject({ detail: expect.stringContaining("ip limit of 40") });
    expect(refused[0]?.headers.get("ratelimit-policy")).toContain('"ip";q=40;w=60');
    expect((await from("203.0.113.78", a.apiKey.key)).status).toBe(200);
    // Credential-free routes count against the address too.
    expect((await call("/v1/openapi.json", { headers: { "cf-connecting-ip": ip } })).status).toBe(429);
  });

  it("limits an organization across all of its keys", async () => {
    const { apiKey } = await createOrganization();
    const set = await call("/v1/settings/rate_limits/organization", {
      method: "PUT",
      token: apiKey.key,
      json: { value: { limit: 12, windowSeconds: 600 } },
    });
    expect(set.status).toBe(200);
    const second = await createKey(apiKey.key, ["organization:read"]);
    const probe = await call("/v1/organizations/current", { token: second.key });
    const left = Number(/"organization";r=(\d+)/.exec(probe.headers.get("ratelimit") ?? "")?.[1]);
    expect(left).toBeGreaterThan(0);
    const statuses: number[] = [];
    for (let index = 0; index <= left; index++) {
      const key = index % 2 ? apiKey.key : second.key;
      statuses.push((await call("/v1/organizations/current", { token: key })).status);
    }
    expect(statuses).toEqual([...Array.from({ length: left }, () => 200), 429]);
  });

  it("gives anonymous widget traffic its own budget: a visitor flood never 429s the business's keys", async () => {
    const { apiKey } = await createOrganization();
    for (const [policy, limit] of [
      ["public", 6],
      ["organization", 6],
    ] as const) {
      const set = await call(`/v1/settings/rate_limits/${policy}`, {
        method: "PUT",
        token: apiKey.key,
        json: { value: { limit, windowSeconds: 600 } },
      });
      expect(set.status).toBe(200);
    }
    const created = await call("/v1/channels", {
      method: "POST",
      token: apiKey.key,
      json: { type: "web", name: "Site", allowedOrigins: ["https://flood.example"] },
    });
    const { publishableKey } = (await created.json<{ channel: { publishableKey: string } }>()).channel;
    const visitors: number[] = [];
    for (let n = 0; n < 8; n++)
      visitors.push(
        (await call(`/v1/public/${publishableKey}/channel`, { headers: { origin: "https://flood.example" } })).status,
      );
    expect(visitors).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    // The organization's own budget (also 6) is untouched by the visitors' requests.
    const business: number[] = [];
    for (let n = 0; n < 3; n++) business.push((await call("/v1/organizations/current", { token: apiKey.key })).status);
    expect(business).toEqual([200, 200, 200]);
  });

  it("keeps its count in durable storage, not only in memory", async () => {
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`test:${crypto.randomUUID()}`));
    const limit = { name: "test", limit: 3, windowSeconds: 60 };
    await stub.consume(2, limit);
    const stored = await runInDurableObject(stub, (instance: RateLimiter, state) => {
      expect(instance).toBeInstanceOf(RateLimiter);
      return state.storage.kv.get<{ used: number }>("window");
    });
    expect(stored?.used).toBe(2);
    expect(await stub.consume(2, limit)).toMatchObject({ allowed: false, remaining: 1 });
    expect(await stub.consume(1, limit)).toMatchObject({ allowed: true, remaining: 0 });
  });
});
