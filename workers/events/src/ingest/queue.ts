import { createDb, describeQueryError, isDatabaseUnavailable } from "@frontdesk/db";
import * as z from "@frontdesk/http/zod";
import type { EventsEnv } from "../env.ts";
import type { EventRow } from "./event-row.ts";
import { callTypes } from "./event-schema.ts";
import { applyIdentities } from "./identities.ts";
import { insertEvents } from "./insert-events.ts";

export interface QueuedEvents {
  rows: EventRow[];
}

// Cloudflare Queues: 128 KB per message, 100 messages and 256 KB per sendBatch.
const messageBytes = 100 * 1024;
const sendBytes = 240 * 1024;
const sendMessages = 100;

/** Splits rows into queue messages under the per-message limit. */
function toMessages(rows: EventRow[]): { body: QueuedEvents; bytes: number }[] {
  const messages: { body: QueuedEvents; bytes: number }[] = [];
  let current: EventRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = JSON.stringify(row).length + 1;
    if (current.length > 0 && bytes + size > messageBytes) {
      messages.push({ body: { rows: current }, bytes });
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) messages.push({ body: { rows: current }, bytes });
  return messages;
}

/** Hands validated rows to the queue; resolves once the queue has them durably. */
export async function enqueueEvents(queue: Queue<QueuedEvents>, rows: EventRow[]): Promise<void> {
  let group: MessageSendRequest<QueuedEvents>[] = [];
  let groupBytes = 0;
  for (const message of toMessages(rows)) {
    if (group.length === sendMessages || (group.length > 0 && groupBytes + message.bytes > sendBytes)) {
      await queue.sendBatch(group);
      group = [];
      groupBytes = 0;
    }
    group.push({ body: message.body, contentType: "json" });
    groupBytes += message.bytes;
  }
  if (group.length > 0) await queue.sendBatch(group);
}

/** What a queue message must hold; checked on arrival, as anything crossing a boundary is. */
const queuedEvents = z.object({
  rows: z.array(
    z.object({
      organizationId: z.uuid(),
      kind: z.enum(callTypes),
      eventType: z.string(),
      messageId: z.string(),
      userId: z.string().nullable(),
      anonymousId: z.string().nullable(),
      customerId: z.uuid().nullable(),
      conversationId: z.uuid().nullable(),
      channelId: z.uuid().nullable(),
      properties: z.record(z.string(), z.unknown()),
      traits: z.record(z.string(), z.unknown()),
      context: z.record(z.string(), z.unknown()),
      occurredAt: z.string(),
      sentAt: z.string().nullable(),
    }),
  ),
});

const retryDelaySeconds = 10;

/**
 * The batching consumer: every message of a delivered batch in one insert. Delivery is at least
 * once; the unique messageId makes rows exactly once. When the database is out of reach the whole
 * batch is retried; when it refuses the batch, each message is stored on its own, so that one
 * tenant's bad message is retried (then dead-lettered) alone, with its reason, and nobody else waits.
 */
export async function consumeEvents(batch: MessageBatch<QueuedEvents>, env: EventsEnv): Promise<void> {
  const db = createDb(env);
  const valid: { message: Message<QueuedEvents>; rows: EventRow[] }[] = [];
  for (const message of batch.messages) {
    // The producer validated every row (storable included); this checks the shape that crossed.
    const parsed = queuedEvents.safeParse(message.body);
    if (!parsed.success) {
      console.error(
        JSON.stringify({
          error: "queued-events-refused",
          queueMessageId: message.id,
          attempts: message.attempts,
          reason: "not a queued events body",
        }),
      );
      message.retry({ delaySeconds: retryDelaySeconds });
      continue;
    }
    valid.push({ message, rows: parsed.data.rows });
  }
  try {
    const rows = valid.flatMap((entry) => entry.rows);
    await insertEvents(db, rows);
    await applyIdentities(env, rows);
    for (const entry of valid) entry.message.ack();
    return;
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      console.error(JSON.stringify({ error: "database-unavailable", retrying: valid.length }));
      for (const entry of valid) entry.message.retry({ delaySeconds: retryDelaySeconds });
      return;
    }
  }
  for (const entry of valid) {
    try {
      await insertEvents(db, entry.rows);
      await applyIdentities(env, entry.rows);
      entry.message.ack();
    } catch (error) {
      const query = describeQueryError(error);
      console.error(
        JSON.stringify({
          error: "queued-events-failed",
          queueMessageId: entry.message.id,
          attempts: entry.message.attempts,
          ...query,
        }),
      );
      entry.message.retry({ delaySeconds: retryDelaySeconds });
    }
  }
}
