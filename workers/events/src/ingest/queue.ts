import { createDb } from "@frontdesk/db";
import type { EventsEnv } from "../env.ts";
import type { EventRow } from "./event-row.ts";
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

/**
 * The batching consumer: every message of a delivered batch in one insert. Delivery is at least
 * once (a failed insert retries the whole batch); the unique messageId makes rows exactly once.
 */
export async function consumeEvents(batch: MessageBatch<QueuedEvents>, env: EventsEnv): Promise<void> {
  const rows = batch.messages.flatMap((message) => message.body.rows);
  try {
    await insertEvents(createDb(env), rows);
    batch.ackAll();
  } catch (error) {
    console.error("event batch insert failed; retrying", error);
    batch.retryAll({ delaySeconds: 10 });
  }
}
