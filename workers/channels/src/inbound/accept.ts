import { createDb, schema } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { InboundMessage, LoadedChannel, Provider, SenderWork } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";

/**
 * Claims each message of a verified delivery, exactly once, and queues its sender for the consumer.
 * Concurrent or repeated deliveries of one provider message find the claim and add nothing. The
 * webhook answers once the claim is stored: the queue message is sent after the answer (the claim
 * is durable; if the send is lost, the sweep queues the sender again), and the turn and the reply
 * happen in the consumer.
 */
export async function acceptMessages(
  env: ChannelsEnv,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  channel: LoadedChannel,
  provider: Provider,
  messages: InboundMessage[],
): Promise<{ accepted: string[]; duplicates: number }> {
  if (messages.length === 0) return { accepted: [], duplicates: 0 };
  const t = schema.channelReceipts;
  const claimed = await createDb(env)
    .insert(t)
    .values(
      messages.map((message) => ({
        organizationId: channel.organizationId,
        channelId: channel.id,
        providerEventId: `message:${message.externalId}`,
        senderId: message.sender.id,
        payload: { provider, message },
      })),
    )
    .onConflictDoNothing()
    .returning({ senderId: t.senderId });
  const accepted = [...new Set(claimed.flatMap((row) => (row.senderId ? [row.senderId] : [])))];
  ctx.waitUntil(
    queueSenders(
      env,
      accepted.map((senderId) => ({ channelId: channel.id, senderId })),
    ),
  );
  return { accepted, duplicates: messages.length - claimed.length };
}

/**
 * Asks the consumer to work through these senders' waiting messages. If the queue cannot take them
 * the receipts still wait, and the sweep queues them again: nothing claimed is ever lost.
 */
export async function queueSenders(env: ChannelsEnv, work: SenderWork[]): Promise<void> {
  if (work.length === 0) return;
  try {
    await env.CHANNEL_INBOUND.sendBatch(work.map((body) => ({ body, contentType: "json" })));
  } catch (error) {
    console.error(JSON.stringify({ error: "queue-send-failed", senders: work.length, message: String(error) }));
  }
}

/** Senders whose messages wait longer than they should (a lost queue message, a dead consumer). */
export async function staleSenders(env: ChannelsEnv, limit = 500): Promise<SenderWork[]> {
  const result = await createDb(env).execute<{ channel_id: string; sender_id: string }>(sql`
    select distinct channel_id, sender_id from channel_receipts
    where sender_id is not null
      and ((state = 'queued' and claimed_at < now() - interval '1 minute')
        or (state = 'processing' and claimed_at < now() - interval '2 minutes'))
    limit ${limit}`);
  return result.rows.map((row) => ({ channelId: row.channel_id, senderId: row.sender_id }));
}
