import { env } from "cloudflare:test";
import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { call, createDemoOrganization } from "./support.ts";

const base = "https://api.frontdesk.test";
const receiver = inject("webhookReceiverUrl");
let ownerKey: string;
let organizationId: string;

beforeAll(async () => {
  const created = await createDemoOrganization();
  ownerKey = created.apiKey.key;
  organizationId = created.organization.id;
});

async function createChannel(json: Record<string, unknown>): Promise<string> {
  const response = await call("/v1/channels", { method: "POST", token: ownerKey, json });
  if (response.status !== 201) throw new Error(`channel not created: ${await response.text()}`);
  return (await response.json<{ channel: { id: string } }>()).channel.id;
}

/** What a provider API received from us (the recorder answers like the provider). */
async function providerCalls(provider: string): Promise<{ path: string; body: string }[]> {
  const response = await fetch(`${receiver}/inbox/provider-${provider}`);
  const { deliveries } = (await response.json()) as { deliveries: { headers: { path: string }; body: string }[] };
  return deliveries.map((d) => ({ path: d.headers.path, body: d.body }));
}

const db = () => createDb(env);

async function channelMessages(channelId: string) {
  const result = await db().execute<{
    role: string;
    content: string;
    external_message_id: string | null;
    delivery_status: string | null;
    customer_id: string;
  }>(sql`
    select role, content, external_message_id, delivery_status, customer_id from messages
    where organization_id = ${organizationId} and channel_id = ${channelId} order by sent_at, role`);
  return result.rows;
}

/** HMAC as the providers compute it (Meta: SHA-256 hex; Twilio: SHA-1 base64), key and data as UTF-8. */
async function hmac(hash: "SHA-1" | "SHA-256", secret: string, data: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(data)));
}
const hmacHex = async (secret: string, body: string) =>
  [...(await hmac("SHA-256", secret, body))].map((b) => b.toString(16).padStart(2, "0")).join("");

describe("WhatsApp Cloud API", () => {
  const appSecret = "meta-app-secret";
  let channelId: string;

  beforeAll(async () => {
    channelId = await createChannel({
      type: "whatsapp",
      name: "WhatsApp",
      provider: "meta",
      config: { phoneNumberId: "1098765" },
      credentials: { appSecret, verifyToken: "verify-me", accessToken: "EAAG-token" },
    });
  });

  // Meta escapes non-ASCII as \uXXXX in the raw body: the signature is over those exact bytes.
  const delivery = (id: string, from: string, text: string) =>
    JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "WABA",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550001111", phone_number_id: "1098765" },
                contacts: [{ profile: { name: "Zoë" }, wa_id: from }],
                messages: [{ from, id, timestamp: "1790000000", type: "text", text: { body: text } }],
              },
            },
          ],
        },
      ],
    }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

  const post = async (body: string, secret = appSecret) =>
    call(`/webhooks/whatsapp/${channelId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${await hmacHex(secret, body)}` },
      body,
    });

  const statuses = (id: string, status: string) =>
    JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "WABA",
          changes: [{ field: "messages", value: { statuses: [{ id, status, timestamp: "1", recipient_id: "x" }] } }],
        },
      ],
    });

  it("answers the subscription handshake only with the verify token", async () => {
    const ok = await call(
      `/webhooks/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await call(
      `/webhooks/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    expect(wrong.status).toBe(403);
  });

  it("refuses a wrong secret, a tampered body and a missing signature with 401, writing nothing", async () => {
    const body = delivery("wamid.forged", "15550009999", "Olá 😀");
    expect((await post(body, "not-the-secret")).status).toBe(401);
    const tampered = await call(`/webhooks/whatsapp/${channelId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${await hmacHex(appSecret, body)}`,
      },
      body: body.replace("15550009999", "15550009998"),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await call(`/webhooks/whatsapp/${channelId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(await channelMessages(channelId)).toEqual([]);
  });

  it("turns a message into a conversation with a reply sent through the Graph API; statuses only move forward", async () => {
    const body = delivery("wamid.first", "15550001234", "Olá! What are your opening hours? 😀");
    const response = await post(body);
    expect(response.status).toBe(200);
    const stored = await channelMessages(channelId);
    expect(stored.map((m) => [m.role, m.external_message_id])).toEqual([
      ["customer", "wamid.first"],
      ["assistant", expect.stringMatching(/^wamid\.reply\d+$/)],
    ]);
    expect(stored[0]?.content).toBe("Olá! What are your opening hours? 😀");
    const reply = stored[1];
    expect(reply?.delivery_status).toBe("sent");
    const sent = (await providerCalls("whatsapp")).filter((c) => JSON.parse(c.body).to === "15550001234");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe("/provider/whatsapp/1098765/messages");
    expect(JSON.parse(sent[0]?.body ?? "{}")).toMatchObject({
      messaging_product: "whatsapp",
      type: "text",
      text: { body: reply?.content },
    });

    const wamid = reply?.external_message_id ?? "";
    for (const status of ["delivered", "sent", "read", "delivered"]) {
      expect((await post(statuses(wamid, status))).status).toBe(200);
    }
    expect((await channelMessages(channelId))[1]?.delivery_status).toBe("read");
  });

  it("a burst of duplicate deliveries stores one message and sends one reply", async () => {
    const body = delivery("wamid.burst", "15550004321", "Do you repair e-bikes?");
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const stored = (await channelMessages(channelId)).filter(
      (m) => m.role === "customer" && m.external_message_id === "wamid.burst",
    );
    expect(stored).toHaveLength(1);
    const sent = (await providerCalls("whatsapp")).filter((c) => JSON.parse(c.body).to === "15550004321");
    expect(sent).toHaveLength(1);
  });

  it("links a known customer by phone number instead of creating another", async () => {
    const conversation = await call("/v1/conversations", {
      method: "POST",
      token: ownerKey,
      json: { customer: { email: "lena@example.com", phone: "+1 555 010 0200", name: "Lena" } },
    });
    const { conversation: web } = await conversation.json<{ conversation: { customerId: string } }>();
    expect((await post(delivery("wamid.lena", "15550100200", "Hi, it's Lena"))).status).toBe(200);
    const [inbound] = (await channelMessages(channelId)).filter((m) => m.external_message_id === "wamid.lena");
    expect(inbound?.customer_id).toBe(web.customerId);
    const identities = await db().execute<{ channel_identifier: string; verified: boolean }>(sql`
      select channel_identifier, verified from customer_identities
      where organization_id = ${organizationId} and customer_id = ${web.customerId} and channel_id = ${channelId}`);
    expect(identities.rows).toEqual([{ channel_identifier: "15550100200", verified: true }]);
  });
});

describe("Twilio SMS and WhatsApp", () => {
  const authToken = "twilio-auth-token";
  let channelId: string;
  let url: string;

  beforeAll(async () => {
    channelId = await createChannel({
      type: "sms",
      name: "SMS",
      provider: "twilio",
      config: { accountSid: "AC123", from: "+15550007777" },
      credentials: { authToken },
    });
    url = `${base}/webhooks/twilio/${channelId}`;
  });

  /** Twilio's algorithm: URL + each parameter name and value, sorted by name; HMAC-SHA1; base64. */
  const twilioSignature = async (token: string, signedUrl: string, params: Record<string, string>) => {
    const signed =
      signedUrl +
      Object.keys(params)
        .sort()
        .map((k) => `${k}${params[k]}`)
        .join("");
    return btoa(String.fromCharCode(...(await hmac("SHA-1", token, signed))));
  };

  const post = async (params: Record<string, string>, token = authToken, signedUrl = url) =>
    call(`/webhooks/twilio/${channelId}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": await twilioSignature(token, signedUrl, params),
      },
      body: new URLSearchParams(params).toString(),
    });

  const sms = (sid: string, from: string, body: string) => ({
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: "AC123",
    From: from,
    To: "+15550007777",
    Body: body,
    NumMedia: "0",
  });

  it("refuses a wrong auth token and a tampered parameter with 401", async () => {
    expect((await post(sms("SMforged", "+15550002222", "hi"), "wrong-token")).status).toBe(401);
    const params = sms("SMtampered", "+15550002222", "hi");
    const response = await call(`/webhooks/twilio/${channelId}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": await twilioSignature(authToken, url, params),
      },
      body: new URLSearchParams({ ...params, Body: "changed" }).toString(),
    });
    expect(response.status).toBe(401);
    expect(await channelMessages(channelId)).toEqual([]);
  });

  it("checks a JSON body by the bodySHA256 its signed URL carries", async () => {
    const body = JSON.stringify({ MessageSid: "SMjson", MessageStatus: "delivered" });
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const signedUrl = `${url}?bodySHA256=${digest}`;
    const send = async (payload: string) =>
      call(`/webhooks/twilio/${channelId}?bodySHA256=${digest}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-twilio-signature": await twilioSignature(authToken, signedUrl, {}),
        },
        body: payload,
      });
    expect((await send(body)).status).toBe(200);
    expect((await send(body.replace("delivered", "read"))).status).toBe(401);
  });

  it("accepts the URL with the default port added, as Twilio's validator does", async () => {
    const response = await post(
      sms("SMport", "+15550003333", "Hello"),
      authToken,
      url.replace("api.frontdesk.test", "api.frontdesk.test:443"),
    );
    expect(response.status).toBe(200);
  });

  it("stores an SMS once, replies through the Messages API and records the delivery callback", async () => {
    const params = sms("SMabc", "+15550004444", "Can I book a service?");
    expect((await post(params)).status).toBe(200);
    expect((await post(params)).status).toBe(200);
    const stored = await channelMessages(channelId);
    const inbound = stored.filter((m) => m.external_message_id === "SMabc");
    expect(inbound).toHaveLength(1);
    const sent = (await providerCalls("twilio")).filter(
      (c) => new URLSearchParams(c.body).get("To") === "+15550004444",
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe("/provider/twilio/2010-04-01/Accounts/AC123/Messages.json");
    expect(new URLSearchParams(sent[0]?.body).get("From")).toBe("+15550007777");
    const reply = stored.find((m) => m.role === "assistant" && m.customer_id === inbound[0]?.customer_id);
    const callback = { MessageSid: reply?.external_message_id ?? "", MessageStatus: "delivered", AccountSid: "AC123" };
    expect((await post(callback)).status).toBe(200);
    expect(
      (await channelMessages(channelId)).find((m) => m.external_message_id === reply?.external_message_id)
        ?.delivery_status,
    ).toBe("delivered");
  });
});

describe("Telegram", () => {
  let channelId: string;

  beforeAll(async () => {
    channelId = await createChannel({
      type: "telegram",
      name: "Telegram",
      credentials: { botToken: "123:ABC", secretToken: "tg-secret" },
    });
  });

  const update = (updateId: number, messageId: number, chatId: number, text: string) => ({
    update_id: updateId,
    message: {
      message_id: messageId,
      from: { id: chatId, is_bot: false, first_name: "Max" },
      chat: { id: chatId, type: "private" },
      date: 1790000000,
      text,
    },
  });
  const post = (json: unknown, secret = "tg-secret") =>
    call(`/webhooks/telegram/${channelId}`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": secret },
      json,
    });

  it("refuses a wrong secret token with 401", async () => {
    expect((await post(update(1, 1, 42, "hi"), "nope")).status).toBe(401);
    expect(await channelMessages(channelId)).toEqual([]);
  });

  it("answers a message through sendMessage once, even when the update is redelivered", async () => {
    const chatId = 7_000_000_001;
    const body = update(555, 10, chatId, "Where is your shop?");
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    const stored = await channelMessages(channelId);
    expect(stored.filter((m) => m.role === "customer")).toHaveLength(1);
    const sent = (await providerCalls("telegram")).filter((c) => JSON.parse(c.body).chat_id === String(chatId));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe("/provider/telegram/bot123:ABC/sendMessage");
  });

  it("first messages from a new sender arriving together make one customer and one open conversation", async () => {
    const chatId = 7_000_000_000 + Math.floor(Math.random() * 1_000_000);
    const responses = await Promise.all(
      ["Hi", "Are you open today?", "Do you fix brakes?", "Hello?"].map((text, index) =>
        post(update(90_000 + chatId + index, index + 1, chatId, text)),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const rows = await db().execute<{ customers: number; conversations: number; messages: number }>(sql`
      select count(distinct i.customer_id)::int as customers, count(distinct c.id)::int as conversations,
        count(m.id) filter (where m.role = 'customer')::int as messages
      from customer_identities i
      left join conversations c on c.customer_id = i.customer_id and c.channel_id = i.channel_id and c.status <> 'closed'
      left join messages m on m.conversation_id = c.id
      where i.channel_id = ${channelId} and i.channel_identifier = ${String(chatId)}`);
    expect(rows.rows[0]).toEqual({ customers: 1, conversations: 1, messages: 4 });
    const customers = await db().execute<{ n: number }>(sql`
      select count(*)::int as n from customers c
      where c.organization_id = (select organization_id from channels where id = ${channelId})
        and c.name = 'Max' and not exists (select 1 from customer_identities i where i.customer_id = c.id)`);
    expect(customers.rows[0]?.n).toBe(0);
  });
});

describe("a generic channel signed per Standard Webhooks", () => {
  let channelId: string;
  const secret = `whsec_${btoa("a-standard-webhooks-secret-32b!!")}`;

  beforeAll(async () => {
    channelId = await createChannel({
      type: "api",
      name: "App bridge",
      provider: "standard-webhooks",
      credentials: { signingSecret: secret },
    });
  });

  const post = (payload: unknown, options: { signer?: string; at?: Date; tamper?: boolean } = {}) => {
    const body = JSON.stringify(payload);
    const id = `msg_${crypto.randomUUID()}`;
    const at = options.at ?? new Date();
    const signature = new Webhook(options.signer ?? secret).sign(id, at, body);
    return call(`/webhooks/standard/${channelId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body: options.tamper ? body.replace("hello", "HELLO") : body,
    });
  };
  const message = (id: string, from: Record<string, string>, text = "hello there") => ({
    type: "message.received",
    data: { id, text, from },
  });

  it("refuses a stale timestamp, a wrong secret and a tampered body with 401", async () => {
    const stale = new Date(Date.now() - 10 * 60_000);
    expect((await post(message("s-1", { id: "u-1" }), { at: stale })).status).toBe(401);
    expect(
      (await post(message("s-2", { id: "u-1" }), { signer: `whsec_${btoa("another-secret-of-32-bytes-long!")}` }))
        .status,
    ).toBe(401);
    expect((await post(message("s-3", { id: "u-1" }), { tamper: true })).status).toBe(401);
    expect(await channelMessages(channelId)).toEqual([]);
  });

  it("answers with the reply in the response", async () => {
    const response = await post(message("s-10", { id: "u-10", name: "Ola" }));
    expect(response.status).toBe(200);
    const body = await response.json<{ duplicate: boolean; reply: string }>();
    expect(body.duplicate).toBe(false);
    expect(body.reply.length).toBeGreaterThan(0);
    const again = await post(message("s-10", { id: "u-10", name: "Ola" }));
    expect(await again.json()).toEqual({ duplicate: true });
  });

  it("merges two customers found to be one person", async () => {
    const email = `kim-${crypto.randomUUID().slice(0, 6)}@example.com`;
    const web = await call("/v1/conversations", {
      method: "POST",
      token: ownerKey,
      json: { customer: { email, name: "Kim" } },
    });
    const { conversation: webConversation } = await web.json<{ conversation: { customerId: string } }>();
    // First seen on the bridge without an email: a customer of its own.
    await post(message("s-20", { id: "kim-app" }, "hello from the app"));
    const [first] = (await channelMessages(channelId)).filter((m) => m.external_message_id === "s-20");
    expect(first?.customer_id).not.toBe(webConversation.customerId);
    // Then the same app user tells us their email: both customers are one.
    await post(message("s-21", { id: "kim-app", email }, "hello again"));
    const merged = await db().execute<{ id: string; is_merged: boolean; merged_into_customer_id: string | null }>(sql`
      select id, is_merged, merged_into_customer_id from customers where id = ${first?.customer_id ?? ""}`);
    expect(merged.rows).toEqual([
      { id: first?.customer_id, is_merged: true, merged_into_customer_id: webConversation.customerId },
    ]);
    const moved = (await channelMessages(channelId)).filter(
      (m) => m.external_message_id === "s-20" || m.external_message_id === "s-21",
    );
    expect(moved.map((m) => m.customer_id)).toEqual([webConversation.customerId, webConversation.customerId]);
    const identity = await db().execute<{ customer_id: string }>(sql`
      select customer_id from customer_identities where channel_id = ${channelId} and channel_identifier = 'kim-app'`);
    expect(identity.rows).toEqual([{ customer_id: webConversation.customerId }]);
  });
});
