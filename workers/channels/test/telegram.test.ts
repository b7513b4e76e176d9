import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { channelMessages, db, providerCalls, runConsumer, tenantWithChannel, webhook } from "./support.ts";

let organizationId: string;
let channelId: string;

beforeAll(async () => {
  ({ organizationId, channelId } = await tenantWithChannel({
    type: "telegram",
    name: "Telegram",
    credentials: { botToken: "123:ABC", secretToken: "tg-secret" },
  }));
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
  webhook(`/telegram/${channelId}`, {
    method: "POST",
    headers: { "x-telegram-bot-api-secret-token": secret, "content-type": "application/json" },
    body: JSON.stringify(json),
  });

describe("Telegram", () => {
  it("refuses a wrong secret token with 401", async () => {
    expect((await post(update(1, 1, 42, "hi"), "nope")).status).toBe(401);
    expect(await channelMessages(organizationId, channelId)).toEqual([]);
  });

  it("answers a message through sendMessage once, even when the update is redelivered", async () => {
    const chatId = 7_000_000_001;
    const body = update(555, 10, chatId, "Where is your shop?");
    expect(await (await post(body)).json()).toEqual({ duplicate: false });
    expect(await (await post(body)).json()).toEqual({ duplicate: true });
    await runConsumer([{ channelId, senderId: String(chatId) }]);
    const stored = await channelMessages(organizationId, channelId);
    expect(stored.filter((m) => m.role === "customer")).toHaveLength(1);
    const sent = (await providerCalls("telegram")).filter(
      (c) => (JSON.parse(c.body) as { chat_id?: string }).chat_id === String(chatId),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe("/provider/telegram/bot123:ABC/sendMessage");
  });

  it("first messages from a new sender arriving together make one customer and one open conversation, in order", async () => {
    const chatId = 7_000_000_000 + Math.floor(Math.random() * 1_000_000);
    const texts = ["Hi", "Are you open today?", "Do you fix brakes?", "Hello?"];
    for (const [index, text] of texts.entries()) {
      expect((await post(update(90_000 + chatId + index, index + 1, chatId, text))).status).toBe(200);
    }
    // The queue may hand the sender's work to several consumers at once: one works, in arrival order.
    const work = { channelId, senderId: String(chatId) };
    await Promise.all([runConsumer([work]), runConsumer([work]), runConsumer([work])]);
    const rows = await db().execute<{ customers: number; conversations: number; messages: number }>(sql`
      select count(distinct i.customer_id)::int as customers, count(distinct c.id)::int as conversations,
        count(m.id) filter (where m.role = 'customer')::int as messages
      from customer_identities i
      left join conversations c on c.customer_id = i.customer_id and c.channel_id = i.channel_id and c.status <> 'closed'
      left join messages m on m.conversation_id = c.id
      where i.channel_id = ${channelId} and i.channel_identifier = ${String(chatId)}`);
    expect(rows.rows[0]).toEqual({ customers: 1, conversations: 1, messages: 4 });
    const order = await db().execute<{ content: string }>(sql`
      select m.content from messages m
      join customer_identities i on i.customer_id = m.customer_id and i.channel_id = m.channel_id
      where i.channel_id = ${channelId} and i.channel_identifier = ${String(chatId)} and m.role = 'customer'
      order by m.sent_at`);
    expect(order.rows.map((row) => row.content)).toEqual(texts);
  });

  it("stores a reaction on the message it reacts to, without a turn", async () => {
    const chatId = 7_100_000_000 + Math.floor(Math.random() * 1_000_000);
    await post(update(800_000 + (chatId % 100_000), 5, chatId, "Do you sell helmets?"));
    await runConsumer([{ channelId, senderId: String(chatId) }]);
    const answered = (await channelMessages(organizationId, channelId)).filter((m) =>
      m.external_message_id?.startsWith(`${chatId}:`),
    );
    const reply = answered.find((m) => m.role === "assistant");
    const [, messageId] = (reply?.external_message_id ?? "").split(":");
    const reacted = await post({
      update_id: 900_000 + (chatId % 100_000),
      message_reaction: {
        chat: { id: chatId, type: "private" },
        message_id: Number(messageId),
        user: { id: chatId, is_bot: false, first_name: "Max" },
        date: 1790000001,
        old_reaction: [],
        new_reaction: [{ type: "emoji", emoji: "👍" }],
      },
    });
    expect(reacted.status).toBe(200);
    const rows = await db().execute<{ reactions: { emoji: string; by: string }[] }>(sql`
      select reactions from messages where channel_id = ${channelId} and external_message_id = ${reply?.external_message_id}`);
    expect(rows.rows[0]?.reactions).toEqual([expect.objectContaining({ emoji: "👍", by: String(chatId) })]);
    const after = (await channelMessages(organizationId, channelId)).filter((m) =>
      m.external_message_id?.startsWith(`${chatId}:`),
    );
    expect(after).toHaveLength(answered.length);
  });
});
