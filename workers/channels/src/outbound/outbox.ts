import { chatContract } from "@frontdesk/contracts/chat";
import { createDb, errorForLog, schema } from "@frontdesk/db";
import { channelTypes } from "@frontdesk/db/schema";
import { rpcClient } from "@frontdesk/http";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { loadChannel } from "../channel/load.ts";
import { type LoadedChannel, replyEnvelope } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";
import { adapters } from "../providers/index.ts";

type OutboxRow = typeof schema.channelOutbox.$inferSelect;

/** A customer is waiting: retries come quickly, and give up within the hour. */
const retryDelaysSeconds = [5, 30, 120, 600, 1800];
/** How long a send may take before another worker may try it again. */
const sendLeaseSeconds = 60;

/** Claims a reply for sending: pending and due, or stuck in `sending` past its lease. */
async function claim(env: ChannelsEnv, id: string): Promise<OutboxRow | undefined> {
  const t = schema.channelOutbox;
  const [row] = await createDb(env)
    .update(t)
    .set({
      status: "sending",
      attempts: sql`${t.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${sendLeaseSeconds})`,
    })
    .where(and(eq(t.id, id), inArray(t.status, ["pending", "sending"]), lte(t.nextAttemptAt, sql`now()`)))
    .returning();
  return row;
}

/**
 * Sends one reply through its provider, as its own step: a worker that died after the turn left
 * the reply here, and the sweep sends it. The provider's id and status are recorded on the message.
 * Answers the provider's id, or undefined when it was not sent (now). A caller that holds the
 * channel already (the inbound consumer) passes it; the sweep loads it.
 */
export async function sendReply(env: ChannelsEnv, id: string, loaded?: LoadedChannel): Promise<string | undefined> {
  const row = await claim(env, id);
  if (!row) return undefined;
  const db = createDb(env);
  const t = schema.channelOutbox;
  const chat = rpcClient(chatContract, env.CHAT);
  const record = (externalMessageId: string, status: "sent" | "failed") =>
    chat.recordDeliveries({
      organizationId: row.organizationId,
      channelId: row.channelId,
      updates: [{ externalMessageId, messageId: row.messageId, status }],
    });
  try {
    const channel = loaded?.id === row.channelId ? loaded : await loadChannel(env, row.channelId, channelTypes);
    const envelope = replyEnvelope.partial().parse(row.envelope);
    const externalMessageId = await adapters[row.provider].send(env, channel, row.recipient, row.content, envelope);
    await db
      .update(t)
      .set({ status: "sent", externalMessageId, sentAt: sql`now()`, lastError: null })
      .where(eq(t.id, row.id));
    await record(externalMessageId, "sent");
    return externalMessageId;
  } catch (error) {
    console.error(JSON.stringify({ error: "reply-failed", channelId: row.channelId, ...errorForLog(error) }));
    const delay = retryDelaysSeconds[row.attempts - 1];
    const lastError = error instanceof Error ? error.message.slice(0, 500) : "send failed";
    if (delay === undefined) {
      await db.update(t).set({ status: "failed", lastError }).where(eq(t.id, row.id));
      await record(`frontdesk:${row.messageId}`, "failed");
    } else {
      await db
        .update(t)
        .set({ status: "pending", lastError, nextAttemptAt: sql`now() + make_interval(secs => ${delay})` })
        .where(eq(t.id, row.id));
    }
    return undefined;
  }
}

/** Every reply whose next attempt is due (the cron's sweep), oldest first. */
export async function sendDueReplies(env: ChannelsEnv, limit = 100): Promise<number> {
  const t = schema.channelOutbox;
  const due = await createDb(env)
    .select({ id: t.id })
    .from(t)
    .where(and(inArray(t.status, ["pending", "sending"]), lte(t.nextAttemptAt, sql`now()`)))
    .orderBy(t.nextAttemptAt)
    .limit(limit);
  let sent = 0;
  for (const { id } of due) if (await sendReply(env, id)) sent++;
  return sent;
}
