import { createDb } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import type { EventsEnv } from "../env.ts";
import type { IngestResult } from "./event-schema.ts";
import { applyIdentities } from "./identities.ts";
import { insertEvents } from "./insert-events.ts";
import { enqueueEvents, type QueuedEvents } from "./queue.ts";
import type { Validated } from "./validate-batch.ts";

/**
 * Stores the valid events of a batch and reports the rejected ones. Large batches go through the
 * queue (answered 202, stored within seconds); the rest are inserted at once (200). A batch with
 * no valid event at all is a 400 listing every event's errors.
 */
export async function ingest(
  env: EventsEnv,
  { rows, rejected }: Validated,
): Promise<{ status: 200 | 202; body: IngestResult }> {
  if (rows.length === 0 && rejected.length > 0) {
    throw new ProblemError("validation-failed", `All ${rejected.length} events were rejected.`, { rejected });
  }
  const threshold = Number.parseInt(env.INGEST_QUEUE_MIN_EVENTS ?? "", 10);
  const queue = env.EVENTS_QUEUE as Queue<QueuedEvents> | undefined;
  if (queue && Number.isFinite(threshold) && rows.length >= threshold) {
    await enqueueEvents(queue, rows);
    return { status: 202, body: { accepted: 0, duplicates: 0, queued: rows.length, rejected } };
  }
  const accepted = await insertEvents(createDb(env), rows);
  await applyIdentities(env, rows);
  return { status: 200, body: { accepted, duplicates: rows.length - accepted, queued: 0, rejected } };
}
