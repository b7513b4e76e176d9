import type { Database } from "@frontdesk/db";
import { type SQL, sql } from "drizzle-orm";
import type { WebhookEventType, WebhookPayload } from "./events.ts";

export interface WebhookEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
}

interface QueuedEvent {
  /** The `webhook-id` every endpoint will see. */
  message_id: string;
  event_type: WebhookEventType;
  payload: WebhookPayload;
}

const queuedEvent = ({ type, data }: WebhookEvent, timestamp: string): QueuedEvent => ({
  message_id: `msg_${crypto.randomUUID().replaceAll("-", "")}`,
  event_type: type,
  payload: { type, timestamp, data },
});

/**
 * The one statement that queues events for every active endpoint of the organization subscribed to
 * each one's type. Put it in the same batch (transaction) as the change it reports: the events exist
 * exactly when the change does. `onlyIf` makes it conditional on an earlier statement of the batch
 * having written something. It returns the `message_id` of each delivery it queued.
 */
function outboxInsert(db: Database, organizationId: string, events: QueuedEvent[], onlyIf?: SQL) {
  return db.execute<{ message_id: string }>(sql`
    insert into webhook_deliveries (organization_id, endpoint_id, message_id, event_type, payload)
    select e.organization_id, e.id, q.message_id, q.event_type, q.payload
    from webhook_endpoints e
      cross join jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as q(message_id text, event_type text, payload jsonb)
    where e.organization_id = ${organizationId} and e.is_active
      and (cardinality(e.event_types) = 0 or q.event_type = any(e.event_types))
      ${onlyIf ? sql`and ${onlyIf}` : sql``}
    returning message_id`);
}

/** Queues one event (see `outboxInsert`); answers the statement and the event's message id. */
export function enqueueWebhook(
  db: Database,
  organizationId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  onlyIf?: SQL,
) {
  const event = queuedEvent({ type, data }, new Date().toISOString());
  return { statement: outboxInsert(db, organizationId, [event], onlyIf), messageId: event.message_id };
}

/** Queues several events of one change in one statement (see `outboxInsert`). */
export function enqueueWebhooks(db: Database, organizationId: string, events: WebhookEvent[]) {
  const timestamp = new Date().toISOString();
  return outboxInsert(
    db,
    organizationId,
    events.map((event) => queuedEvent(event, timestamp)),
  );
}
