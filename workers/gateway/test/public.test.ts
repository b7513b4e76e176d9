import { describe, expect, it } from "vitest";
import { call, createOrganization } from "./support.ts";

async function webChannel(ownerKey: string, allowedOrigins = ["https://shop.example"]) {
  const response = await call("/v1/channels", {
    method: "POST",
    token: ownerKey,
    json: { type: "web", name: "Website chat", config: { greeting: "Hi! How can we help?" }, allowedOrigins },
  });
  expect(response.status).toBe(201);
  return (await response.json<{ channel: { id: string; publishableKey: string } }>()).channel;
}

describe("public web chat access with a publishable channel key", () => {
  it("web channels get a publishable key that opens the channel's public routes", async () => {
    const { apiKey } = await createOrganization();
    const channel = await webChannel(apiKey.key);
    expect(channel.publishableKey).toMatch(/^fdp_[A-Za-z0-9]{24}$/);
    const response = await call(`/v1/public/${channel.publishableKey}/channel`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      name: "Website chat",
      greeting: "Hi! How can we help?",
      brandColor: "#1f6feb",
      online: true,
      preChatForm: { enabled: false },
      identityVerification: false,
    });
    expect(response.headers.get("ratelimit-policy")).toContain('"ip"');
  });

  it("answers CORS for the channel's allowed origins only, preflight included", async () => {
    const { apiKey } = await createOrganization();
    const { publishableKey } = await webChannel(apiKey.key);
    const preflight = await call(`/v1/public/${publishableKey}/channel`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const allowed = await call(`/v1/public/${publishableKey}/channel`, { headers: { origin: "https://shop.example" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(allowed.headers.get("vary")).toContain("Origin");
    const foreign = await call(`/v1/public/${publishableKey}/channel`, { headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("unknown keys and inactive channels are 404; a publishable key opens no management route", async () => {
    const { apiKey } = await createOrganization();
    const channel = await webChannel(apiKey.key);
    expect((await call(`/v1/public/fdp_${"Z".repeat(24)}/channel`)).status).toBe(404);
    expect((await call(`/v1/channels`, { token: channel.publishableKey })).status).toBe(401);
    await call(`/v1/channels/${channel.id}`, { method: "PATCH", token: apiKey.key, json: { isActive: false } });
    expect((await call(`/v1/public/${channel.publishableKey}/channel`)).status).toBe(404);
  });

  it("a PATCH that omits fields leaves them as they were", async () => {
    const { apiKey } = await createOrganization();
    const channel = await webChannel(apiKey.key);
    const renamed = await call(`/v1/channels/${channel.id}`, {
      method: "PATCH",
      token: apiKey.key,
      json: { name: "Chat" },
    });
    expect(await renamed.json()).toMatchObject({
      channel: {
        name: "Chat",
        isActive: true,
        config: { greeting: "Hi! How can we help?" },
        allowedOrigins: ["https://shop.example"],
      },
    });
  });
});
