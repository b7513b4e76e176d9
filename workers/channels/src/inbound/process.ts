import { chatContract } from "@frontdesk/contracts/chat";
import { createDb, type Database, errorForLog, schema } from "@frontdesk/db";
import { rpcClient } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { eq, sql } from "drizzle-orm";
import { findChannel } from "../channel/load.ts";
import { type InboundMessage, type Provider, queuedMessage, type SenderWork } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";
import { fetchAttachment } from "../media/fetch-media.ts";
import { unstored } from "../media/store.ts";
import { sendReply } from "../outbound/outbox.ts";
import { sendReadReceipts } from "../outbound/read-receipts.ts";
import { adapters } from "../providers/index.ts";
import { receiveClaims } from "./accept.ts";

/** A message's turn is tried this many times (each a queue delivery) before it is marked failed. */
const maxAttempts = 5;
/** How long a turn may run before another consumer may take the message over. */
const claimLeaseSeconds = 120;

interface Claimed {
  id: string;
  organizationId: string;
  payload: unknown;
  attempts: number;
}

/**
 * The sender's oldest unfinished message, if no one else is working on it: messages of one sender
 * are processed one at a time, in arrival order. One statement, so two consumers never both win.
 */
async function claimNext(db: Database, work: SenderWork): Promise<Claimed | undefined> {
  const result = await db.execute<{
    id: string;
    organization_id: string;
    payload: unknown;
    attempts: number;
  }>(sql`
    update channel_receipts r set state = 'processing', claimed_at = now(), attempts = r.attempts + 1
    where r.id = (
        select id from channel_receipts
        where channel_id = ${work.channelId} and sender_id = ${work.senderId} and state in ('queued', 'processing')
        order by sequence limit 1)
      and (r.state = 'queued' or r.claimed_at < now() - make_interval(secs => ${claimLeaseSeconds}))
    returning r.id, r.organization_id, r.payload, r.attempts`);
  const row = result.rows[0];
  return row && { id: row.id, organizationId: row.organization_id, payload: row.payload, attempts: row.attempts };
}

/** Settles a receipt; with a conversation's route, both in one batch. */
async function settle(
  db: Database,
  id: string,
  state: "done" | "failed" | "queued",
  lastError?: string,
  route?: Route,
) {
  const t = schema.channelReceipts;
  const update = db
    .update(t)
    .set({
      state,
      lastError: lastError ?? null,
      ...(state === "queued" ? {} : { completedAt: sql`now()`, payload: null }),
    })
    .where(eq(t.id, id));
  if (route) await db.batch([update, rememberRoute(db, route)]);
  else await update;
}

const replyOf = z.object({ id: z.uuid(), content: z.string() });

export interface Processed {
  receiptId: string;
  outcome: "answered" | "duplicate" | "failed";
  conversationId?: string;
  reply?: { content: string; externalMessageId: string | undefined } | null;
}

/**
 * Works through one sender's waiting messages, oldest first: takes the inbox's claims as receipts,
 * runs each turn in the chat worker,
 * writes the reply to the outbox with the receipt's completion, then sends it as its own step.
 * A turn that could not run (database out of reach, a crash) gives its message back and throws,
 * so the queue delivers the work again; a message the chat worker refuses is marked failed.
 */
export async function drainSender(env: ChannelsEnv, work: SenderWork): Promise<Processed[]> {
  const chat = rpcClient(chatContract, env.CHAT);
  const db = createDb(env);
  // A channel switched off since its messages arrived still has their turns run (a person may
  // answer them); only what needs the provider (attachments, replies) then fails on its own.
  const channel = await findChannel(env, work.channelId);
  await receiveClaims(env, db, work);
  const processed: Processed[] = [];
  for (let claimed = await claimNext(db, work); claimed; claimed = await claimNext(db, work)) {
    const queued = queuedMessage.safeParse(claimed.payload);
    if (!queued.success) {
      await settle(db, claimed.id, "failed", "unreadable payload");
      processed.push({ receiptId: claimed.id, outcome: "failed" });
      continue;
    }
    const { provider, message } = queued.data;
    const adapter = adapters[provider];
    const attachment =
      message.attachment ??
      (message.media
        ? channel
          ? await fetchAttachment(env, channel, adapter, message.media)
          : unstored(message.media.type, "unavailable")
        : undefined);
    let result: Awaited<ReturnType<typeof chat.receiveChannelMessage>>;
    try {
      result = await chat.receiveChannelMessage(
        turnInput(claimed.organizationId, work.channelId, { ...message, ...(attachment ? { attachment } : {}) }),
      );
    } catch (error) {
      await giveBack(db, claimed, error);
      throw error;
    }
    if (!result.ok && result.kind === "database-unavailable") {
      await giveBack(db, claimed, result.kind);
      throw new Error("the database is out of reach; the message waits for the next delivery");
    }
    const reply = result.ok ? result.value.reply : replyOf.safeParse(result.problem.reply).data;
    if (!result.ok && result.kind !== "duplicate-message") {
      await settle(db, claimed.id, "failed", result.kind);
      processed.push({ receiptId: claimed.id, outcome: "failed" });
      continue;
    }
    const route = result.ok
      ? routeOf(claimed.organizationId, work.channelId, provider, message, result.value)
      : undefined;
    // A reply to an address no server vouched for (an unauthenticated email) is never sent.
    const outboxId =
      reply && !message.replyWithheld
        ? await queueReply(db, claimed, work.channelId, provider, message, reply, route)
        : undefined;
    if (!outboxId) await settle(db, claimed.id, "done", message.replyWithheld, route);
    const externalMessageId = outboxId ? await sendReply(env, outboxId, channel) : undefined;
    // The assistant answered: the customer's message has been read (WhatsApp shows it).
    if (result.ok && reply && channel) await sendReadReceipts(env, channel, adapter, [message.externalId]);
    processed.push({
      receiptId: claimed.id,
      outcome: result.ok ? "answered" : "duplicate",
      ...(result.ok ? { conversationId: result.value.conversationId } : {}),
      reply: reply ? { content: reply.content, externalMessageId } : null,
    });
  }
  return processed;
}

const turnInput = (organizationId: string, channelId: string, message: InboundMessage) => ({
  organizationId,
  channelId,
  sender: message.sender,
  message: {
    externalId: message.externalId,
    content: message.content,
    ...(message.attachment ? { attachment: message.attachment } : {}),
    ...(message.details ? { details: message.details } : {}),
  },
  ...(message.attribution ? { attribution: message.attribution } : {}),
  ...(message.thread ? { thread: message.thread } : {}),
});

/**
 * Where this conversation's messages go from now on (the customer's latest address, an email's
 * thread), so a person's reply from the workspace reaches them the way the assistant's does.
 * Written in the same batch as the receipt's completion.
 */
function routeOf(
  organizationId: string,
  channelId: string,
  provider: Provider,
  message: InboundMessage,
  turn: { conversationId: string },
): Route {
  return {
    conversationId: turn.conversationId,
    organizationId,
    channelId,
    provider,
    recipient: message.replyTo,
    envelope: message.envelope ?? {},
  };
}

type Route = Omit<typeof schema.channelConversations.$inferInsert, "lastInboundAt">;

const rememberRoute = (db: Database, route: Route) => {
  const t = schema.channelConversations;
  const { conversationId: _, ...changes } = route;
  return db
    .insert(t)
    .values({ ...route, lastInboundAt: sql`now()` })
    .onConflictDoUpdate({ target: t.conversationId, set: { ...changes, lastInboundAt: sql`now()` } });
};

/** The reply joins the outbox in the same batch as the receipt's completion: one is never without the other. */
async function queueReply(
  db: Database,
  claimed: Claimed,
  channelId: string,
  provider: z.infer<typeof queuedMessage>["provider"],
  message: InboundMessage,
  reply: { id: string; content: string },
  route: Route | undefined,
): Promise<string> {
  const o = schema.channelOutbox;
  const r = schema.channelReceipts;
  const [inserted] = await db.batch([
    db
      .insert(o)
      .values({
        organizationId: claimed.organizationId,
        channelId,
        messageId: reply.id,
        provider,
        recipient: message.replyTo,
        content: reply.content,
        envelope: message.envelope ?? {},
      })
      .onConflictDoUpdate({ target: o.messageId, set: { messageId: sql`excluded.message_id` } })
      .returning({ id: o.id }),
    db
      .update(r)
      .set({ state: "done", completedAt: sql`now()`, payload: null, lastError: null })
      .where(eq(r.id, claimed.id)),
    ...(route ? [rememberRoute(db, route)] : []),
  ]);
  const row = inserted[0];
  if (!row) throw new Error("the reply was neither queued nor found");
  return row.id;
}

async function giveBack(db: Database, claimed: Claimed, error: unknown): Promise<void> {
  const reason = typeof error === "string" ? error : JSON.stringify(errorForLog(error));
  console.error(JSON.stringify({ error: "channel-turn-failed", receiptId: claimed.id, reason }));
  await settle(db, claimed.id, claimed.attempts >= maxAttempts ? "failed" : "queued", reason.slice(0, 500)).catch(
    () => undefined,
  );
}
