import { type Database, postgresErrorCode, schema } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import {
  type InboundMessage,
  type LoadedChannel,
  type Provider,
  queuedMessage,
  type SenderWork,
} from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";
import { inboxOf } from "./inbox.ts";
import { queueSenders } from "./queue-senders.ts";

/**
 * Claims each message of a verified delivery, exactly once, in the channel's inbox (a Durable
 * Object), and queues its sender for the consumer. Concurrent or repeated deliveries of one
 * provider message find the claim and add nothing. The webhook answers once the claim is stored:
 * the queue message is sent after the answer (if it is lost, the inbox's alarm queues the sender
 * again), and the receipt, the turn and the reply happen in the consumer.
 */
export async function acceptMessages(
  env: ChannelsEnv,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  channel: LoadedChannel,
  provider: Provider,
  messages: InboundMessage[],
): Promise<{ accepted: string[]; duplicates: number }> {
  if (messages.length === 0) return { accepted: [], duplicates: 0 };
  const claimed = await inboxOf(env, channel.id).claim(channel.id, channel.organizationId, provider, messages);
  ctx.waitUntil(
    queueSenders(
      env,
      claimed.accepted.map((senderId) => ({ channelId: channel.id, senderId })),
    ),
  );
  return claimed;
}

/**
 * The consumer's first step: the sender's claims waiting in the inbox become receipts in Postgres
 * (in arrival order; one already written is left as it is), then the inbox lets them go. A consumer
 * that dies in between leaves the claims waiting, and the next one writes them again harmlessly.
 */
export async function receiveClaims(env: ChannelsEnv, db: Database, work: SenderWork): Promise<void> {
  const inbox = inboxOf(env, work.channelId);
  const claims = await inbox.waiting(work.senderId);
  if (claims.length === 0) return;
  try {
    await db
      .insert(schema.channelReceipts)
      .values(
        claims.map((claim) => ({
          organizationId: claim.organizationId,
          channelId: work.channelId,
          providerEventId: claim.eventId,
          senderId: work.senderId,
          payload: queuedMessage.parse(JSON.parse(claim.payload)),
        })),
      )
      .onConflictDoNothing();
  } catch (error) {
    if (postgresErrorCode(error) !== "23503") throw error;
    // The channel was deleted while its messages waited: there is nothing left to answer them.
    console.error(
      JSON.stringify({ error: "claims-of-deleted-channel", channelId: work.channelId, count: claims.length }),
    );
  }
  await inbox.handed(claims.map((claim) => claim.eventId));
}

/** Senders whose receipts wait longer than they should (a consumer that died while working on them). */
export async function staleSenders(db: Database, limit = 500): Promise<SenderWork[]> {
  const result = await db.execute<{ channel_id: string; sender_id: string }>(sql`
    select distinct channel_id, sender_id from channel_receipts
    where sender_id is not null
      and ((state = 'queued' and claimed_at < now() - interval '1 minute')
        or (state = 'processing' and claimed_at < now() - interval '2 minutes'))
    limit ${limit}`);
  return result.rows.map((row) => ({ channelId: row.channel_id, senderId: row.sender_id }));
}
