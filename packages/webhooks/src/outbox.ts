import type { Database } from "@frontdesk/db";
import { type SQL, sql } from "drizzle-orm";
import type { WebhookEventType, WebhookPayload } from "./events.ts";

/**
 * The statement that queues `event` for every active endpoint of the organization subscribed to its
 * type. Put it in the same batch (transaction) as the change it reports: the event exists exactly
 * when the change does. `onlyIf` makes it conditional on an earlier statement of the batch having
 * written something. Returns the message id, the `webhook-id` every endpoint will see.
 */
export function enqueueWebhook(
  db: Database,
  organizationId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  onlyIf?: SQL,
) {
  const messageId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  const payload: WebhookPayload = { type, timestamp: new Date().toISOString(), data };
  const statement = db.execute(sql`
    insert into webhook_deliveries (organization_id, endpoint_id, message_id, event_type, payload)
    select organization_id, id, ${messageId}, ${type}, ${JSON.stringify(payload)}::jsonb
    from webhook_endpoints
    where organization_id = ${organizationId} and is_active
      and (cardinality(event_types) = 0 or ${type} = any(event_types))
      ${onlyIf ? sql`and ${onlyIf}` : sql``}`);
  return { statement, messageId };
}
