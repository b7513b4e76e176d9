import { sql } from "drizzle-orm";
import type { Database } from "../client.ts";

/** Rows one statement deletes: enough to keep up, small enough never to hold a table for long. */
export const retentionBatch = 1_000;
/** Statements one cron run may spend per kind of row; the rest waits for the next run. */
const maxBatchesPerRun = 20;

/** Deletes in bounded batches until nothing is left or the run's budget is spent; answers how many. */
async function inBatches(deleteBatch: () => Promise<number>): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatchesPerRun; batch++) {
    const count = await deleteBatch();
    deleted += count;
    if (count < retentionBatch) break;
  }
  return deleted;
}

const rowCount = (result: { rowCount?: number | null }) => result.rowCount ?? 0;

/**
 * The setting `data/<key>` in days, per organization that has one: rows older than that go.
 * (Organizations without the setting keep everything.)
 */
const retentionDays = (key: string) => sql`(select organization_id, make_interval(days => (value #>> '{}')::int) as keep
  from settings where category = 'data' and key = ${key} and jsonb_typeof(value) = 'number' and (value #>> '{}')::numeric >= 1)`;

/** Messages older than the organization's `data/message_retention_days`. */
export function deleteOldMessages(db: Database): Promise<number> {
  return inBatches(async () =>
    rowCount(
      await db.execute(sql`delete from messages where id in (
        select m.id from messages m join ${retentionDays("message_retention_days")} r using (organization_id)
        where m.sent_at < now() - r.keep limit ${retentionBatch})`),
    ),
  );
}

/** Raw (ingested) analytics events older than `data/event_retention_days`; the assistant's own system events stay for the analytics. */
export function deleteOldEvents(db: Database): Promise<number> {
  return inBatches(async () =>
    rowCount(
      await db.execute(sql`delete from analytics_events where id in (
        select e.id from analytics_events e join ${retentionDays("event_retention_days")} r using (organization_id)
        where e.kind <> 'system' and e.received_at < now() - r.keep limit ${retentionBatch})`),
    ),
  );
}

/** Memories past their `expires_at` (never recalled, and now gone). */
export function deleteExpiredMemories(db: Database): Promise<number> {
  return inBatches(async () =>
    rowCount(
      await db.execute(sql`delete from customer_memories where id in (
        select id from customer_memories where expires_at <= now() limit ${retentionBatch})`),
    ),
  );
}
