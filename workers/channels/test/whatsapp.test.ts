import { env } from "cloudflare:test";
import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { metaSignature, whatsappDelivery, whatsappRecipient } from "../../../test/providers.ts";
import {
  channelMessages,
  providerCalls,
  receipts,
  runConsumer,
  tenantWithChannel,
  waitingClaims,
  webhook,
} from "./support.ts";

const appSecret = "meta-app-secret";
let organizationId: string;
let channelId: string;

beforeAll(async () => {
  ({ organizationId, channelId } = await tenantWithChannel({
    type: "whatsapp",
    name: "WhatsApp",
    provider: "meta",
    config: { phoneNumberId: "1098765" },
    credentials: { appSecret, verifyToken: "verify-me", accessToken: "EAAG-token" },
  }));
});

const delivery = whatsappDelivery;

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

const post = async (body: string, secret = appSecret) =>
  webhook(`/whatsapp/${channelId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": await metaSignature(secret, body) },
    body,
  });

const sentTo = async (to: string) => (await providerCalls("whatsapp")).filter((c) => whatsappRecipient(c.body) === to);

describe("WhatsApp Cloud API", () => {
  it("answers the subscription handshake only with the verify token", async () => {
    const ok = await webhook(
      `/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`,
      {},
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await webhook(`/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`, {});
    expect(wrong.status).toBe(403);
  });

  it("refuses a wrong secret, a tampered body and a missing signature with 401, writing nothing", async () => {
    const body = delivery("wamid.forged", "15550009999", "Olá 😀");
    expect((await post(body, "not-the-secret")).status).toBe(401);
    const tampered = await webhook(`/whatsapp/${channelId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": await metaSignature(appSecret, body),
      },
      body: body.replace("15550009999", "15550009998"),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await webhook(`/whatsapp/${channelId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(await channelMessages(organizationId, channelId)).toEqual([]);
    expect(await waitingClaims(channelId, "15550009999")).toEqual([]);
    expect(await waitingClaims(channelId, "15550009998")).toEqual([]);
    expect(await receipts(channelId)).toEqual([]);
  });

  it("acknowledges at once, before any turn or database write: the message waits, claimed in the channel's inbox", async () => {
    const response = await post(delivery("wamid.queued", "15550005555", "Hello, are you open on Sundays?"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, statuses: 0, reactions: 0, senders: 1 });
    expect(await channelMessages(organizationId, channelId)).toEqual([]);
    expect(await waitingClaims(channelId, "15550005555")).toEqual(["message:wamid.queued"]);
    expect(await receipts(channelId)).toEqual([]);
    const result = await runConsumer([{ channelId, senderId: "15550005555" }]);
    expect(result.explicitAcks).toEqual(["work-0"]);
    expect((await channelMessages(organizationId, channelId)).map((m) => m.role)).toEqual(["customer", "assistant"]);
    expect(await sentTo("15550005555")).toHaveLength(1);
    expect(await waitingClaims(channelId, "15550005555")).toEqual([]);
    expect(await receipts(channelId)).toEqual([
      { provider_event_id: "message:wamid.queued", state: "done", attempts: 1 },
    ]);
    // Redelivered after its turn: still recognised, nothing is claimed or answered again.
    const again = await post(delivery("wamid.queued", "15550005555", "Hello, are you open on Sundays?"));
    expect(await again.json()).toEqual({ received: 0, statuses: 0, reactions: 0, senders: 0 });
    await runConsumer([{ channelId, senderId: "15550005555" }]);
    expect(await sentTo("15550005555")).toHaveLength(1);
  });

  it("turns a message into a conversation with a reply sent through the Graph API; statuses only move forward", async () => {
    expect((await post(delivery("wamid.first", "15550001234", "Olá! What are your opening hours? 😀"))).status).toBe(
      200,
    );
    await runConsumer([{ channelId, senderId: "15550001234" }]);
    const stored = (await channelMessages(organizationId, channelId)).filter(
      (m) => m.external_message_id === "wamid.first" || m.role === "assistant",
    );
    const [inbound, reply] = stored.slice(-2);
    expect(inbound).toMatchObject({ role: "customer", content: "Olá! What are your opening hours? 😀" });
    expect(reply).toMatchObject({ role: "assistant", delivery_status: "sent" });
    expect(reply?.external_message_id).toMatch(/^wamid\.reply\d+$/);
    const sent = await sentTo("15550001234");
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
    const after = (await channelMessages(organizationId, channelId)).find((m) => m.external_message_id === wamid);
    expect(after?.delivery_status).toBe("read");
  });

  it("a burst of duplicate deliveries claims one message, and its work run twice sends one reply", async () => {
    const body = delivery("wamid.burst", "15550004321", "Do you repair e-bikes?");
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const work = { channelId, senderId: "15550004321" };
    await Promise.all([runConsumer([work]), runConsumer([work])]);
    await runConsumer([work]);
    const stored = (await channelMessages(organizationId, channelId)).filter(
      (m) => m.role === "customer" && m.external_message_id === "wamid.burst",
    );
    expect(stored).toHaveLength(1);
    expect(await sentTo("15550004321")).toHaveLength(1);
  });

  it("links a known customer by phone number instead of creating another", async () => {
    const db = createDb(env);
    const customerId = crypto.randomUUID();
    await db.execute(sql`
      insert into customers (id, organization_id, name, email, phone)
      values (${customerId}, ${organizationId}, 'Lena', 'lena@example.com', '+1 555 010 0200')`);
    expect((await post(delivery("wamid.lena", "15550100200", "Hi, it's Lena"))).status).toBe(200);
    await runConsumer([{ channelId, senderId: "15550100200" }]);
    const [inbound] = (await channelMessages(organizationId, channelId)).filter(
      (m) => m.external_message_id === "wamid.lena",
    );
    expect(inbound?.customer_id).toBe(customerId);
    const identities = await db.execute<{ channel_identifier: string; verified: boolean }>(sql`
      select channel_identifier, verified from customer_identities
      where organization_id = ${organizationId} and customer_id = ${customerId} and channel_id = ${channelId}`);
    expect(identities.rows).toEqual([{ channel_identifier: "15550100200", verified: true }]);
  });

  it("attributes a Click-to-WhatsApp conversation, and its customer, to the ad its referral names", async () => {
    const body = JSON.parse(delivery("wamid.ad", "15550300400", "Hi! Is the £45 spring service still on?"));
    body.entry[0].changes[0].value.messages[0].referral = {
      source_url: "https://fb.me/3cr4Wqqkv",
      source_id: "120210000000000001",
      source_type: "ad",
      headline: "Spring service: £45, done in a day",
      body: "Message us on WhatsApp",
      ctwa_clid: "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a",
    };
    const json = JSON.stringify(body);
    expect((await post(json)).status).toBe(200);
    await runConsumer([{ channelId, senderId: "15550300400" }]);
    const attributed = await createDb(env).execute<{
      title: string;
      attribution: Record<string, string>;
      customer_ad: string | null;
      ad: string | null;
    }>(sql`
      select a.title, c.attribution, cu.ad_asset_id as customer_ad, c.ad_asset_id as ad
      from conversations c join customers cu on cu.id = c.customer_id
      left join ad_assets a on a.id = c.ad_asset_id
      where c.organization_id = ${organizationId} and c.channel_id = ${channelId}
        and exists (select 1 from messages m where m.conversation_id = c.id and m.external_message_id = 'wamid.ad')`);
    expect(attributed.rows).toEqual([
      {
        title: "Spring service: £45, done in a day",
        attribution: expect.objectContaining({ source_id: "120210000000000001", source_type: "ad" }),
        customer_ad: expect.any(String),
        ad: expect.any(String),
      },
    ]);
    expect(attributed.rows[0]?.customer_ad).toBe(attributed.rows[0]?.ad);
  });
});
