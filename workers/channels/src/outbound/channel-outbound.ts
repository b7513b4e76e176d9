import type { ChannelOutbound } from "@frontdesk/contracts/channel-outbound";
import { createDb, schema } from "@frontdesk/db";
import { and, eq, sql } from "drizzle-orm";
import { findChannel } from "../channel/load.ts";
import type { ChannelsEnv } from "../env.ts";
import { adapters } from "../providers/index.ts";
import { sendBusinessEmail } from "./business-email.ts";
import { sendReply } from "./outbox.ts";
import { sendReadReceipts } from "./read-receipts.ts";

/**
 * What the chat worker asked of a conversation's provider channel: a person's message goes out
 * through the outbox (the same retries and delivery statuses as the assistant's replies, addressed
 * like the customer's latest message), read receipts go to the provider. A conversation that never
 * came through a provider (the web widget, the API) has no route: there is nothing to do.
 */
export async function handleOutbound(env: ChannelsEnv, work: ChannelOutbound): Promise<void> {
  if (work.kind === "email") return sendBusinessEmail(env, work);
  const db = createDb(env);
  const r = schema.channelConversations;
  const [route] = await db
    .select()
    .from(r)
    .where(and(eq(r.organizationId, work.organizationId), eq(r.conversationId, work.conversationId)));
  if (!route) return;
  if (work.kind === "read") {
    const adapter = adapters[route.provider];
    if (!adapter.markRead) return;
    // A channel removed or switched off since has no one to tell.
    const channel = await findChannel(env, route.channelId);
    if (channel) await sendReadReceipts(env, channel, adapter, work.externalMessageIds);
    return;
  }
  const o = schema.channelOutbox;
  const [row] = await db
    .insert(o)
    .values({
      organizationId: route.organizationId,
      channelId: route.channelId,
      messageId: work.messageId,
      provider: route.provider,
      recipient: route.recipient,
      content: work.content,
      envelope: { ...route.envelope, ...(work.template ? { template: work.template } : {}) },
    })
    .onConflictDoUpdate({ target: o.messageId, set: { messageId: sql`excluded.message_id` } })
    .returning({ id: o.id });
  if (row) await sendReply(env, row.id);
}
