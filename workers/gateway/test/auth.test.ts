import { describe, expect, it, vi } from "vitest";
import { adminToken, call, createKey, createOrganization } from "./support.ts";

async function expectProblem(response: Response, status: number, kind: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json<{ type: string; status: number }>();
  expect(body.type).toBe(`https://frontdesk.dev/problems/${kind}`);
  expect(body.status).toBe(status);
}

describe("creating an organization", () => {
  it("the platform admin gets the organization and its owner key, shown once", async () => {
    const created = await createOrganization("Harbour Yoga");
    expect(created.organization).toMatchObject({ name: "Harbour Yoga" });
    expect(created.organization.slug).toMatch(/^harbour-yoga-[a-z0-9]{6}$/);
    expect(created.apiKey.key).toMatch(/^fdk_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}$/);
    expect(created.apiKey.key.startsWith(created.apiKey.prefix)).toBe(true);
    const me = await call("/v1/organizations/current", { token: created.apiKey.key });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ organization: { id: created.organization.id } });
  });

  it("an organization key may not create organizations", async () => {
    const { apiKey } = await createOrganization();
    await expectProblem(
      await call("/v1/organizations", { method: "POST", token: apiKey.key, json: { name: "Nope" } }),
      403,
      "forbidden",
    );
  });

  it("a taken slug is a 409 conflict", async () => {
    const json = { name: "Twin", slug: `twin-${crypto.randomUUID().slice(0, 8)}` };
    expect((await call("/v1/organizations", { method: "POST", token: adminToken, json })).status).toBe(201);
    await expectProblem(await call("/v1/organizations", { method: "POST", token: adminToken, json }), 409, "conflict");
  });
});

describe("the auth matrix", () => {
  it("missing, malformed and unknown credentials are 401 with a Bearer challenge", async () => {
    const missing = await call("/v1/api-keys");
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    await expectProblem(missing, 401, "unauthenticated");
    await expectProblem(
      await call("/v1/api-keys", { headers: { authorization: "Basic dXNlcjpwYXNz" } }),
      401,
      "unauthenticated",
    );
    await expectProblem(await call("/v1/api-keys", { token: "not-a-key" }), 401, "unauthenticated");
    await expectProblem(
      await call("/v1/api-keys", { token: `fdk_${"A".repeat(12)}_${"b".repeat(32)}` }),
      401,
      "unauthenticated",
    );
  });

  it("a key with the right prefix but the wrong secret is refused", async () => {
    const { apiKey } = await createOrganization();
    const forged = `${apiKey.prefix}_${"x".repeat(32)}`;
    await expectProblem(await call("/v1/api-keys", { token: forged }), 401, "unauthenticated");
  });

  it("an expired key is refused", async () => {
    const { apiKey } = await createOrganization();
    const soon = await createKey(apiKey.key, ["api_keys:read"], {
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await call("/v1/api-keys", { token: soon.key })).status).toBe(200);
    // Two seconds on, by the clock the gateway reads (not by waiting for them).
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 2_000);
      await expectProblem(await call("/v1/api-keys", { token: soon.key }), 401, "unauthenticated");
    } finally {
      vi.useRealTimers();
    }
  });

  it("a revoked key stops working at once", async () => {
    const { apiKey } = await createOrganization();
    const doomed = await createKey(apiKey.key, ["api_keys:read"]);
    expect((await call("/v1/api-keys", { token: doomed.key })).status).toBe(200);
    expect((await call(`/v1/api-keys/${doomed.id}`, { method: "DELETE", token: apiKey.key })).status).toBe(204);
    await expectProblem(await call("/v1/api-keys", { token: doomed.key }), 401, "unauthenticated");
  });

  it("a key without the route's scope is 403", async () => {
    const { apiKey } = await createOrganization();
    const reader = await createKey(apiKey.key, ["api_keys:read"]);
    expect((await call("/v1/api-keys", { token: reader.key })).status).toBe(200);
    await expectProblem(
      await call("/v1/api-keys", { method: "POST", token: reader.key, json: { name: "x", scopes: ["*"] } }),
      403,
      "forbidden",
    );
    await expectProblem(await call("/v1/organizations/current", { token: reader.key }), 403, "forbidden");
  });
});
