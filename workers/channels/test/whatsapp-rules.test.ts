import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { metaSignature, whatsappDelivery } from "../../../test/providers.ts";
import { db, providerCallsWhen, runConsumer, tenantWithChannel, webhook } from "./support.ts";

const appSecret = "meta-app-secret";
const phoneNumberId = `77${Math.floor(Math.random() * 1e9)}`;
let channelId: string;
let chatApi: Awaited<ReturnType<typeof tenantWithChannel>>["chatApi"];

beforeAll(async () => {
  ({ channelId, chatApi } = await tenantWithChannel({
    type: "whatsapp",
    name: "WhatsApp",
    provider: "meta",
    config: {
      phoneNumberId,
      templates: [
        { name: "bike_ready", language: "en_GB", body: "Hi {{1}}, your bike is ready for collection at {{2}}." },
        { name: "still_there", body: "Are you still there?" },
      ],
    },
    credentials: { appSecret, verifyToken: "verify-me", accessToken: "EAAG-token" },
  }));
});

const post = async (body: string) =>
  webhook(`/whatsapp/${channelId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": await metaSignature(appSecret, body) },
    body,
  });

const value = (payload: Record<string, unknown>) =>
  JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "WABA", changes: [{ field: "messages", value: payload }] }],
  });

/** Calls to this channel's Graph API number (replies, templates, read receipts). */
const mine = (call: { path: string }) => call.path.includes(`/${phoneNumberId}/messages`);
const bodyOf = (call: { body: string }) => JSON.parse(call.body) as Record<string, unknown>;

async function messagesOf(conversationId: string) {
  const response = await chatApi(`/v1/conversations/${conversationId}/messages?limit=50`);
  expect(response.status).toBe(200);
  const { data } = await response.json<{
    data: {
      id: string;
      role: string;
      direction: string;
      type: string;
      content: string;
      externalMessageId: string | null;
      deliveryStatus: string | null;
      deliveryError: string | null;
      isRead: boolean;
      readAt: string | null;
      reactions: { emoji: string; by: string }[];
    }[];
  }>();
  return data.reverse();
}

async function conversationOf(wamid: string) {
  const result = await db().execute<{ conversation_id: string }>(
    sql`select conversation_id from messages where channel_id = ${channelId} and external_message_id = ${wamid}`,
  );
  return result.rows[0]?.conversation_id ?? "";
}

describe("WhatsApp's rules", () => {
  it("stores a reaction on the message it reacts to without a turn, and sends read receipts for answered messages", async () => {
    const waId = `4477${Math.floor(Math.random() * 1e7)}`;
    const wamid = `wamid.r${crypto.randomUUID()}`;
    await post(whatsappDelivery(wamid, waId, "What are your opening hours?"));
    await runConsumer([{ channelId, senderId: waId }]);
    const conversationId = await conversationOf(wamid);
    // The assistant answered: WhatsApp is told the customer's message was read.
    const receipts = await providerCallsWhen("whatsapp", (c) => mine(c) && bodyOf(c).message_id === wamid);
    expect(bodyOf(receipts[0] ?? { body: "{}" })).toEqual({
      messaging_product: "whatsapp",
      status: "read",
      message_id: wamid,
    });
    const [question, answer] = await messagesOf(conversationId);
    expect(question).toMatchObject({ direction: "inbound", type: "text", externalMessageId: wamid, isRead: true });
    expect(question?.readAt).toEqual(expect.any(String));
    expect(answer).toMatchObject({ direction: "outbound", role: "assistant", deliveryStatus: "sent" });

    const reaction = value({
      messages: [
        {
          from: waId,
          id: `wamid.x${crypto.randomUUID()}`,
          type: "reaction",
          reaction: { message_id: answer?.externalMessageId, emoji: "👍" },
        },
      ],
    });
    const response = await post(reaction);
    expect(await response.json()).toMatchObject({ received: 0, reactions: 1 });
    await runConsumer([{ channelId, senderId: waId }]);
    const after = await messagesOf(conversationId);
    expect(after).toHaveLength(2);
    expect(after[1]?.reactions).toEqual([expect.objectContaining({ emoji: "👍", by: waId })]);
    // A changed mind replaces the person's reaction; an empty emoji takes it back.
    await post(
      value({
        messages: [
          {
            from: waId,
            id: "wamid.y",
            type: "reaction",
            reaction: { message_id: answer?.externalMessageId, emoji: "❤️" },
          },
        ],
      }),
    );
    expect((await messagesOf(conversationId))[1]?.reactions.map((r) => r.emoji)).toEqual(["❤️"]);
    await post(
      value({
        messages: [
          { from: waId, id: "wamid.z", type: "reaction", reaction: { message_id: answer?.externalMessageId } },
        ],
      }),
    );
    expect((await messagesOf(conversationId))[1]?.reactions).toEqual([]);

    // A failed delivery says why.
    await post(
      value({
        statuses: [
          {
            id: answer?.externalMessageId,
            status: "failed",
            timestamp: "1",
            recipient_id: waId,
            errors: [{ code: 131026, title: "Message undeliverable" }],
          },
        ],
      }),
    );
    expect((await messagesOf(conversationId))[1]).toMatchObject({
      deliveryStatus: "failed",
      deliveryError: "131026 Message undeliverable",
    });
  });

  it("refuses a free-form reply 24 hours after the customer last wrote, offering the approved templates, and sends a template", async () => {
    const waId = `4478${Math.floor(Math.random() * 1e7)}`;
    const wamid = `wamid.w${crypto.randomUUID()}`;
    await post(whatsappDelivery(wamid, waId, "I need to speak to a person about my repair"));
    await runConsumer([{ channelId, senderId: waId }]);
    const conversationId = await conversationOf(wamid);

    // Inside the window a person's reply goes out as text, to the customer's number.
    const inside = await chatApi(`/v1/conversations/${conversationId}/agent-messages`, "POST", {
      content: "Hi, Sam from the workshop here.",
    });
    expect(inside.status).toBe(200);
    const text = await providerCallsWhen(
      "whatsapp",
      (c) => mine(c) && JSON.stringify(bodyOf(c)).includes("Sam from the workshop"),
    );
    expect(bodyOf(text[0] ?? { body: "{}" })).toMatchObject({ to: waId, type: "text" });

    // A day and an hour later the window is closed.
    await db().execute(
      sql`update messages set sent_at = sent_at - interval '25 hours' where conversation_id = ${conversationId}`,
    );
    const late = await chatApi(`/v1/conversations/${conversationId}/agent-messages`, "POST", {
      content: "Your bike is ready!",
    });
    expect(late.status).toBe(422);
    expect(late.headers.get("content-type")).toContain("application/problem+json");
    const problem = await late.json<{ type: string; detail: string; templates: { name: string }[] }>();
    expect(problem.type).toContain("outside-messaging-window");
    expect(problem.templates.map((t) => t.name)).toEqual(["bike_ready", "still_there"]);
    expect((await messagesOf(conversationId)).some((m) => m.content === "Your bike is ready!")).toBe(false);

    const wrongCount = await chatApi(`/v1/conversations/${conversationId}/agent-messages`, "POST", {
      template: { name: "bike_ready", parameters: ["Hana"] },
    });
    expect(wrongCount.status).toBe(400);
    const sent = await chatApi(`/v1/conversations/${conversationId}/agent-messages`, "POST", {
      template: { name: "bike_ready", parameters: ["Hana", "9am"] },
    });
    expect(sent.status).toBe(200);
    const templated = await providerCallsWhen(
      "whatsapp",
      (c) => mine(c) && bodyOf(c).type === "template" && bodyOf(c).to === waId,
    );
    expect(bodyOf(templated[0] ?? { body: "{}" })).toEqual({
      messaging_product: "whatsapp",
      to: waId,
      type: "template",
      template: {
        name: "bike_ready",
        language: { code: "en_GB" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Hana" },
              { type: "text", text: "9am" },
            ],
          },
        ],
      },
    });
    const stored = (await messagesOf(conversationId)).at(-1);
    expect(stored).toMatchObject({ role: "agent", content: "Hi Hana, your bike is ready for collection at 9am." });
  });

  it("leaves a message for a person unread until someone opens the conversation, then WhatsApp hears it was read", async () => {
    const waId = `4476${Math.floor(Math.random() * 1e7)}`;
    const first = `wamid.h${crypto.randomUUID()}`;
    await post(whatsappDelivery(first, waId, "hello"));
    await runConsumer([{ channelId, senderId: waId }]);
    const conversationId = await conversationOf(first);
    expect((await chatApi(`/v1/conversations/${conversationId}/handover`, "POST", {})).status).toBe(200);
    const waiting = `wamid.h${crypto.randomUUID()}`;
    await post(whatsappDelivery(waiting, waId, "Is anyone there?"));
    await runConsumer([{ channelId, senderId: waId }]);
    const unread = (await messagesOf(conversationId)).find((m) => m.externalMessageId === waiting);
    expect(unread).toMatchObject({ isRead: false, readAt: null });

    const opened = await chatApi(`/v1/conversations/${conversationId}/read`, "POST");
    expect(await opened.json()).toEqual({ read: 1 });
    expect((await messagesOf(conversationId)).find((m) => m.externalMessageId === waiting)?.isRead).toBe(true);
    const receipt = await providerCallsWhen("whatsapp", (c) => mine(c) && bodyOf(c).message_id === waiting);
    expect(receipt).toHaveLength(1);
    expect(await (await chatApi(`/v1/conversations/${conversationId}/read`, "POST")).json()).toEqual({ read: 0 });
    expect((await chatApi(`/v1/conversations/${crypto.randomUUID()}/read`, "POST")).status).toBe(404);
  });

  it("refuses templates a channel does not have, and template fields that are not Meta's", async () => {
    const waId = `4479${Math.floor(Math.random() * 1e7)}`;
    const wamid = `wamid.t${crypto.randomUUID()}`;
    await post(whatsappDelivery(wamid, waId, "hello"));
    await runConsumer([{ channelId, senderId: waId }]);
    const unknown = await chatApi(`/v1/conversations/${await conversationOf(wamid)}/agent-messages`, "POST", {
      template: { name: "not_approved", parameters: [] },
    });
    expect(unknown.status).toBe(400);
    const { manage } = await tenantWithChannel({ type: "web", name: "Web" });
    const badTemplate = await manage("/v1/channels", "POST", {
      type: "whatsapp",
      name: "WA",
      config: { phoneNumberId: "1", templates: [{ name: "Bad Name!", body: "x" }] },
    });
    expect(badTemplate.status).toBe(400);
  });
});
