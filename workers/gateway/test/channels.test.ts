import { env } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { decryptCredentials } from "@frontdesk/http";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call, createOrganization } from "./support.ts";

interface ChannelBody {
  channel: { id: string; name: string; type: string; hasCredentials: boolean; config: Record<string, unknown> };
}

const whatsapp = {
  type: "whatsapp",
  name: "WhatsApp support",
  provider: "meta",
  config: { phoneNumberId: "1234567890" },
  credentials: { accessToken: "EAAG-secret-token", appSecret: "meta-app-secret" },
};

describe("/v1/channels", () => {
  it("stores credentials encrypted, bound to their row, and never returns them", async () => {
    const { apiKey, organization } = await createOrganization();
    const created = await call("/v1/channels", { method: "POST", token: apiKey.key, json: whatsapp });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain("EAAG-secret-token");
    const { channel } = JSON.parse(text) as ChannelBody;
    expect(channel).toMatchObject({ type: "whatsapp", hasCredentials: true, config: { phoneNumberId: "1234567890" } });

    const [row] = await createDb(env).select().from(schema.channels).where(eq(schema.channels.id, channel.id));
    expect(row?.credentialsCiphertext).toMatch(/^v1\./);
    expect(row?.credentialsCiphertext).not.toContain("secret");
    const context = `${organization.id}:${channel.id}`;
    expect(await decryptCredentials(row?.credentialsCiphertext ?? "", env.FRONTDESK_ENCRYPTION_KEY, context)).toEqual(
      whatsapp.credentials,
    );
    await expect(
      decryptCredentials(row?.credentialsCiphertext ?? "", env.FRONTDESK_ENCRYPTION_KEY, `${organization.id}:other`),
    ).rejects.toThrow();

    const listed = await (await call("/v1/channels", { token: apiKey.key })).text();
    expect(listed).not.toContain("EAAG-secret-token");
    expect(listed).not.toContain("v1.");
  });

  it("updates and deletes a channel of the caller's organization", async () => {
    const { apiKey } = await createOrganization();
    const { channel } = await (
      await call("/v1/channels", { method: "POST", token: apiKey.key, json: whatsapp })
    ).json<ChannelBody>();
    const renamed = await call(`/v1/channels/${channel.id}`, {
      method: "PATCH",
      token: apiKey.key,
      json: { name: "WhatsApp EU", isActive: false },
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ channel: { name: "WhatsApp EU" } });
    expect((await call(`/v1/channels/${channel.id}`, { method: "DELETE", token: apiKey.key })).status).toBe(204);
    expect((await call(`/v1/channels/${channel.id}`, { token: apiKey.key })).status).toBe(404);
  });

  it("refuses an unknown channel type and unknown fields", async () => {
    const { apiKey } = await createOrganization();
    expect(
      (await call("/v1/channels", { method: "POST", token: apiKey.key, json: { ...whatsapp, type: "fax" } })).status,
    ).toBe(400);
    expect(
      (await call("/v1/channels", { method: "POST", token: apiKey.key, json: { ...whatsapp, secret: 1 } })).status,
    ).toBe(400);
  });
});

describe("tenant isolation of channels", () => {
  it("every route with an id answers 404 for another tenant's channel and changes nothing", async () => {
    const a = await createOrganization("Tenant A");
    const b = await createOrganization("Tenant B");
    const { channel } = await (
      await call("/v1/channels", { method: "POST", token: a.apiKey.key, json: whatsapp })
    ).json<ChannelBody>();
    const attempts = [
      call(`/v1/channels/${channel.id}`, { token: b.apiKey.key }),
      call(`/v1/channels/${channel.id}`, { method: "PATCH", token: b.apiKey.key, json: { name: "hijacked" } }),
      call(`/v1/channels/${channel.id}`, { method: "DELETE", token: b.apiKey.key }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
    const still = await call(`/v1/channels/${channel.id}`, { token: a.apiKey.key });
    expect(await still.json()).toMatchObject({ channel: { name: "WhatsApp support" } });
    const bList = await (await call("/v1/channels", { token: b.apiKey.key })).json<{ data: unknown[] }>();
    expect(bList.data).toEqual([]);
  });
});
