import { type Database, postgresErrorCode } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { EventRow } from "./event-row.ts";

/**
 * Stores a batch in one statement (one round trip), exactly once per (organization, messageId):
 * a redelivered event, or the same event twice in one batch, is skipped by the unique key.
 * References to customers, conversations and channels count only inside the event's own
 * organization; a Segment userId that is a customer's external id links the event to them.
 * Rows go in sorted by key, so concurrent batches that share keys take their locks in one order;
 * a deadlock the database still reports is retried. Returns how many events were new.
 */
export async function insertEvents(db: Database, rows: EventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertOnce(db, rows);
    } catch (error) {
      if (attempt >= 3 || postgresErrorCode(error) !== "40P01") throw error;
    }
  }
}

async function insertOnce(db: Database, rows: EventRow[]): Promise<number> {
  const result = await db.execute<{ inserted: number }>(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(
        "organizationId" uuid, kind text, "eventType" text, "messageId" text, "userId" text,
        "anonymousId" text, "customerId" uuid, "conversationId" uuid, "channelId" uuid,
        properties jsonb, traits jsonb, context jsonb, "occurredAt" timestamptz, "sentAt" timestamptz)
    ), keyed as (
      select distinct on (e."organizationId", e."messageId") * from input e
      order by e."organizationId", e."messageId"
    ), stored as (
      insert into analytics_events (organization_id, kind, event_type, customer_id, conversation_id, channel_id,
        user_id, anonymous_id, message_id, properties, traits, context, occurred_at, sent_at)
      select e."organizationId", e.kind, e."eventType",
        coalesce(
          (select c.id from customers c where c.organization_id = e."organizationId" and c.id = e."customerId"),
          (select coalesce(c.merged_into_customer_id, c.id) from customers c
            where c.organization_id = e."organizationId" and c.external_id = e."userId")),
        (select v.id from conversations v where v.organization_id = e."organizationId" and v.id = e."conversationId"),
        (select h.id from channels h where h.organization_id = e."organizationId" and h.id = e."channelId"),
        e."userId", e."anonymousId", e."messageId", coalesce(e.properties, '{}'), coalesce(e.traits, '{}'),
        coalesce(e.context, '{}'), e."occurredAt", e."sentAt"
      from keyed e
      order by e."organizationId", e."messageId"
      on conflict (organization_id, message_id) where message_id is not null do nothing
      returning 1
    )
    select count(*)::int as inserted from stored`);
  return Number(result.rows[0]?.inserted ?? 0);
}
