import { describe, expect, it } from "vitest";
import { call, createOrganization } from "./support.ts";

describe("/v1/settings", () => {
  it("sets, replaces, lists and removes settings by category and key", async () => {
    const { apiKey } = await createOrganization();
    const put = (value: unknown) =>
      call("/v1/settings/chat/greeting", { method: "PUT", token: apiKey.key, json: { value } });
    expect((await put("Hello!")).status).toBe(200);
    expect(await (await put({ text: "Hi there", emoji: true })).json()).toMatchObject({
      setting: { value: { text: "Hi there" } },
    });
    const listed = await (await call("/v1/settings?category=chat", { token: apiKey.key })).json<{ data: unknown[] }>();
    expect(listed.data).toEqual([
      expect.objectContaining({ category: "chat", key: "greeting", value: { text: "Hi there", emoji: true } }),
    ]);
    expect((await call("/v1/settings/chat/greeting", { method: "DELETE", token: apiKey.key })).status).toBe(204);
    expect((await call("/v1/settings/chat/greeting", { method: "DELETE", token: apiKey.key })).status).toBe(404);
  });

  it("a rate_limits setting takes effect on the next request", async () => {
    const { apiKey } = await createOrganization();
    const set = await call("/v1/settings/rate_limits/api_key", {
      method: "PUT",
      token: apiKey.key,
      json: { value: { limit: 2, windowSeconds: 600 } },
    });
    expect(set.status).toBe(200);
    expect(set.headers.get("ratelimit-policy")).toContain('"api_key";q=600;w=60');
    const next = await call("/v1/organizations/current", { token: apiKey.key });
    expect(next.headers.get("ratelimit-policy")).toContain('"api_key";q=2;w=600');
  });

  it("is scoped to the caller's organization", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    await call("/v1/settings/chat/tone", { method: "PUT", token: a.apiKey.key, json: { value: "warm" } });
    expect(await (await call("/v1/settings", { token: b.apiKey.key })).json()).toEqual({ data: [] });
    expect((await call("/v1/settings/chat/tone", { method: "DELETE", token: b.apiKey.key })).status).toBe(404);
    expect((await (await call("/v1/settings", { token: a.apiKey.key })).json<{ data: unknown[] }>()).data).toHaveLength(
      1,
    );
  });

  it("refuses invalid names", async () => {
    const { apiKey } = await createOrganization();
    expect((await call("/v1/settings/Chat!/x", { method: "PUT", token: apiKey.key, json: { value: 1 } })).status).toBe(
      400,
    );
  });
});
