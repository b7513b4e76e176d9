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
 * The statement that queues events for every active endpoint of the organization subscribed to
 * each one's type. Put it in the same transaction as the change it reports: the events exist
 * exactly when the change does. `onlyIf` makes it conditional on an earlier statement of the batch
 * having written something. It returns the `message_id` of each delivery it queued.
 */
function outboxInsert(organizationId: string, events: QueuedEvent[], onlyIf?: SQL): SQL {
  return sql`
    insert into webhook_deliveries (organization_id, endpoint_id, message_id, event_type, payload)
    select e.organization_id, e.id, q.message_id, q.event_type, q.payload
    from webhook_endpoints e
      cross join jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as q(message_id text, event_type text, payload jsonb)
    where e.organization_id = ${organizationId} and e.is_active
      and (cardinality(e.event_types) = 0 or q.event_type = any(e.event_types))
      ${onlyIf ? sql`and ${onlyIf}` : sql``}
    returning message_id`;
}

/** Queues one event (see `outboxInsert`): the statement for the change's batch, and the event's message id. */
export function enqueueWebhook(
  db: Database,
  organizationId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  onlyIf?: SQL,
) {
  const event = queuedEvent({ type, data }, new Date().toISOString());
  return {
    statement: db.execute<{ message_id: string }>(outboxInsert(organizationId, [event], onlyIf)),
    messageId: event.message_id,
  };
}

/**
 * Queues the events of one change (see `outboxInsert`) as SQL to compose into a statement of the
 * change's own (a data-modifying `with` query), so that they cost no statement of their own.
 */
export function webhooksInsert(organizationId: string, events: WebhookEvent[]): SQL {
  const timestamp = new Date().toISOString();
  return outboxInsert(
    organizationId,
    events.map((event) => queuedEvent(event, timestamp)),
  );
}
