import { env, runInDurableObject } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../src/rate-limit/rate-limiter.ts";
import { call, createOrganization } from "./support.ts";

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
