import { createDb, errorForLog, schema } from "@frontdesk/db";
import { callService, type ForwardedIdentity, ProblemError } from "@frontdesk/http";
import { and, eq, lt, sql } from "drizzle-orm";
import type { ChannelsEnv } from "../env.ts";
import type { InboundMessage, LoadedChannel, SendReply, StatusUpdate } from "./types.ts";

/** A claim older than this belongs to a worker that died mid-way: a redelivery may take it over. */
const staleClaimSeconds = 120;

const channelIdentity = (channel: LoadedChannel): ForwardedIdentity => ({
  organizationId: channel.organizationId,
  principal: "channel",
  scopes: ["conversations:write"],
  subjectId: channel.id,
});

/**
 * Claims a provider event for this delivery. Exactly one of any number of concurrent or repeated
 * deliveries wins; the rest see the claim and do nothing. A stale unfinished claim is taken over.
 */
async function claim(channel: LoadedChannel, env: ChannelsEnv, providerEventId: string): Promise<boolean> {
  const t = schema.channelReceipts;
  const db = createDb(env);
  const [fresh] = await db
    .insert(t)
    .values({ organizationId: channel.organizationId, channelId: channel.id, providerEventId })
    .onConflictDoNothing()
    .returning({ id: t.id });
  if (fresh) return true;
  const [stale] = await db
    .update(t)
    .set({ claimedAt: sql`now()` })
    .where(
      and(
        eq(t.channelId, channel.id),
        eq(t.providerEventId, providerEventId),
        eq(t.state, "processing"),
        lt(t.claimedAt, sql`now() - make_interval(secs => ${staleClaimSeconds})`),
      ),
    )
    .returning({ id: t.id });
  return stale !== undefined;
}

async function settle(env: ChannelsEnv, channel: LoadedChannel, providerEventId: string, done: boolean): Promise<void> {
  const t = schema.channelReceipts;
  const where = and(eq(t.channelId, channel.id), eq(t.providerEventId, providerEventId));
  const db = createDb(env);
  // A failed attempt gives its claim back, so the provider's retry processes the message again.
  if (done) await db.update(t).set({ state: "done", completedAt: sql`now()` }).where(where);
  else await db.delete(t).where(where);
}

interface ChannelTurn {
  conversationId: string;
  reply: { id: string; content: string } | null;
}

export interface Received {
  duplicate: boolean;
  conversationId?: string;
  reply?: string | null;
}

/**
 * One inbound message, exactly once: claim it, run the conversation turn in the chat worker,
 * send the reply through the provider and record the provider's id and status on it.
 */
export async function receiveMessage(
  env: ChannelsEnv,
  channel: LoadedChannel,
  message: InboundMessage,
  sendReply: SendReply,
  requestId: string,
): Promise<Received> {
  const eventId = `message:${message.externalId}`;
  if (!(await claim(channel, env, eventId))) return { duplicate: true };
  try {
    const identity = channelIdentity(channel);
    const turn = await callService<ChannelTurn>(env.CHAT, identity, requestId, "POST", "/v1/channel-messages", {
      channelId: channel.id,
      sender: message.sender,
      message: { externalId: message.externalId, content: message.content },
    });
    if (turn.reply) {
      let status: StatusUpdate["status"] = "sent";
      let externalMessageId = `frontdesk:${turn.reply.id}`;
      try {
        externalMessageId = await sendReply(channel, message.replyTo, turn.reply.content);
      } catch (error) {
        console.error(JSON.stringify({ error: "reply-failed", channelId: channel.id, ...errorForLog(error) }));
        status = "failed";
      }
      await callService(env.CHAT, identity, requestId, "POST", "/v1/channel-messages/deliveries", {
        channelId: channel.id,
        updates: [{ externalMessageId, messageId: turn.reply.id, status }],
      });
    }
    await settle(env, channel, eventId, true);
    return { duplicate: false, conversationId: turn.conversationId, reply: turn.reply?.content ?? null };
  } catch (error) {
    // The chat worker already has this message (its own duplicate check): nothing more to do.
    const known = error instanceof ProblemError && error.problem.status === 409;
    await settle(env, channel, eventId, known);
    if (known) return { duplicate: true };
    throw error;
  }
}

/** Delivery statuses of our replies; out-of-order ones never move a message backwards (chat enforces it). */
export async function receiveStatuses(
  env: ChannelsEnv,
  channel: LoadedChannel,
  updates: StatusUpdate[],
  requestId: string,
): Promise<void> {
  if (updates.length === 0) return;
  await callService(env.CHAT, channelIdentity(channel), requestId, "POST", "/v1/channel-messages/deliveries", {
    channelId: channel.id,
    updates,
  });
}
