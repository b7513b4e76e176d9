import { env } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call, createOrganization, createUser, password } from "./support.ts";

const app = "https://app.shop.example";

async function allowOrigins(ownerKey: string, origins: string[]) {
  const response = await call("/v1/settings/cors/allowed_origins", {
    method: "PUT",
    token: ownerKey,
    json: { value: origins },
  });
  expect(response.status).toBe(200);
}

describe("CORS for an organization's own web apps", () => {
  it("answers a preflight for any origin: it carries no credentials, so the real request is checked", async () => {
    const response = await call("/v1/agents", {
      method: "OPTIONS",
      headers: { origin: "https://anywhere.example", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://anywhere.example");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(response.headers.get("access-control-allow-methods")).toMatch(/PATCH/);
  });

  it("refuses a browser origin the organization has not listed, before anything is written", async () => {
    const { organization, apiKey } = await createOrganization();
    const response = await call("/v1/agents", {
      method: "POST",
      token: apiKey.key,
      headers: { origin: app },
      json: { kind: "ai", displayName: "Sneaky" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ type: "https://frontdesk.dev/problems/origin-not-allowed" });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const rows = await createDb(env)
      .select()
      .from(schema.agents)
      .where(eq(schema.agents.organizationId, organization.id));
    expect(rows).toEqual([]);
  });

  it("labels every answer to a listed origin, errors included, so the browser can read it", async () => {
    const { apiKey } = await createOrganization();
    await allowOrigins(apiKey.key, ["https://App.Shop.Example"]);
    const listed = await call("/v1/agents", { token: apiKey.key, headers: { origin: app } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe(app);
    expect(listed.headers.get("vary")).toMatch(/Origin/);
    expect(listed.headers.get("access-control-expose-headers")).toMatch(/RateLimit/);
    const missing = await call(`/v1/agents/${crypto.randomUUID()}`, {
      method: "DELETE",
      token: apiKey.key,
      headers: { origin: app },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBe(app);
  });

  it("one organization's origins open nothing for another; servers without an Origin are unaffected", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    await allowOrigins(a.apiKey.key, [app]);
    expect((await call("/v1/agents", { token: b.apiKey.key, headers: { origin: app } })).status).toBe(403);
    expect((await call("/v1/agents", { token: b.apiKey.key })).status).toBe(200);
  });

  it("staff log in from a listed origin only; a refused login issues no token", async () => {
    const { apiKey } = await createOrganization();
    const user = await createUser(apiKey.key, "agent");
    const login = () =>
      call("/v1/auth/login", { method: "POST", headers: { origin: app }, json: { email: user.email, password } });
    const refused = await login();
    expect(refused.status).toBe(403);
    expect(await refused.json()).not.toHaveProperty("token");
    await allowOrigins(apiKey.key, [app]);
    const admitted = await login();
    expect(admitted.status).toBe(200);
    expect(admitted.headers.get("access-control-allow-origin")).toBe(app);
    expect(await admitted.json()).toHaveProperty("token");
  });

  it("serves the OpenAPI document to any origin", async () => {
    const response = await call("/v1/openapi.json", { headers: { origin: "https://explorer.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("settings the gateway enforces are validated", () => {
  it("refuses malformed origins, limits and unknown keys in the gateway's categories", async () => {
    const { apiKey } = await createOrganization();
    const put = (path: string, value: unknown) =>
      call(`/v1/settings/${path}`, { method: "PUT", token: apiKey.key, json: { value } });
    for (const [path, value] of [
      ["cors/allowed_origins", ["https://shop.example/path"]],
      ["cors/allowed_origins", "https://shop.example"],
      ["cors/origins", ["https://shop.example"]],
      ["rate_limits/api_key", { limit: 0, windowSeconds: 60 }],
      ["rate_limits/api_key", { limit: 10 }],
      ["rate_limits/everything", { limit: 10, windowSeconds: 60 }],
    ] as const) {
      const response = await put(path, value);
      expect(response.status, path).toBe(400);
      expect(await response.json()).toMatchObject({ type: "https://frontdesk.dev/problems/validation-failed" });
    }
    expect(await (await call("/v1/settings", { token: apiKey.key })).json()).toEqual({ data: [] });
  });
});
