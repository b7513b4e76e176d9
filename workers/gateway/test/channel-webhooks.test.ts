import { beforeAll, describe, expect, inject, it } from "vitest";
import { metaSignature, twilioSignature, whatsappDelivery } from "../../../test/providers.ts";
import { call, createDemoOrganization } from "./support.ts";

// Each provider's checks and the consumer's work are tested in workers/channels/test; this is the
// whole path as deployed: gateway, channels worker, the queue and its consumer, chat, the provider.
const receiver = inject("webhookReceiverUrl");
const appSecret = "meta-app-secret";
let channelId: string;

beforeAll(async () => {
  const { apiKey } = await createDemoOrganization();
  const created = await call("/v1/channels", {
    method: "POST",
    token: apiKey.key,
    json: {
      type: "whatsapp",
      name: "WhatsApp",
      config: { phoneNumberId: "2024" },
      credentials: { appSecret, verifyToken: "v", accessToken: "token" },
    },
  });
  channelId = (await created.json<{ channel: { id: string } }>()).channel.id;
});

/** The provider inbox once it holds `count` sends: the recorder answers when they arrive (bounded, no polling). */
async function providerSends(count: number) {
  const response = await fetch(`${receiver}/inbox/provider-whatsapp/wait/${count}`);
  return ((await response.json()) as { deliveries: { headers: { path: string }; body: string }[] }).deliveries;
}

describe("a provider webhook through the gateway", () => {
  it("is acknowledged before the turn runs, and the queue's consumer sends the reply", async () => {
    const before = (await providerSends(0)).length;
    const body = whatsappDelivery("wamid.e2e", "15557770000", "Hi! When are you open?");
    const response = await call(`/webhooks/whatsapp/${channelId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": await metaSignature(appSecret, body) },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, statuses: 0, reactions: 0, senders: 1 });
    // The reply, then the read receipt for the customer's message.
    const sends = (await providerSends(before + 2))
      .slice(before)
      .filter((send) => send.headers.path.startsWith("/provider/whatsapp/2024/"));
    expect(sends.map((send) => send.headers.path)).toEqual([
      "/provider/whatsapp/2024/messages",
      "/provider/whatsapp/2024/messages",
    ]);
    expect(JSON.parse(sends[0]?.body ?? "{}")).toMatchObject({ to: "15557770000", type: "text" });
    expect(JSON.parse(sends[1]?.body ?? "{}")).toMatchObject({ status: "read" });
  });

  it("takes Twilio's form-encoded deliveries as they are posted", async () => {
    const { apiKey } = await createDemoOrganization();
    const created = await call("/v1/channels", {
      method: "POST",
      token: apiKey.key,
      json: {
        type: "sms",
        name: "SMS",
        provider: "twilio",
        config: { accountSid: "AC42", from: "+15550004242" },
        credentials: { authToken: "twilio-token" },
      },
    });
    const twilioChannel = (await created.json<{ channel: { id: string } }>()).channel.id;
    const url = `https://api.frontdesk.test/webhooks/twilio/${twilioChannel}`;
    const params = {
      MessageSid: "SMgateway",
      AccountSid: "AC42",
      From: "+15550001111",
      To: "+15550004242",
      Body: "Hi",
    };
    const response = await call(`/webhooks/twilio/${twilioChannel}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": await twilioSignature("twilio-token", url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(200);
  });
});
