import { createDb, schema } from "@frontdesk/db";
import { enqueueWebhook } from "@frontdesk/webhooks";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { deliverWebhooks, queuedMessageIds } from "../webhooks/conversation-webhooks.ts";

export interface CsatRating {
  organizationId: string;
  conversationId: string;
  /** A visitor rates only their own conversation, and only once it is closed. */
  customerId?: string;
  score: number;
  comment?: string | undefined;
  by: "staff" | "visitor";
}

/**
 * Stores a satisfaction score and its `csat_recorded` event in one round trip; the conversation
 * row, or undefined when no conversation qualifies (none, another customer's, a visitor's still open).
 */
export async function recordCsat(env: ChatEnv, rating: CsatRating) {
  const db = createDb(env);
  const t = schema.conversations;
  const visitor = rating.customerId !== undefined;
  const where = and(
    eq(t.organizationId, rating.organizationId),
    eq(t.id, rating.conversationId),
    rating.customerId ? eq(t.customerId, rating.customerId) : undefined,
    visitor ? eq(t.status, "closed") : undefined,
  );
  const properties = JSON.stringify({ score: rating.score, comment: rating.comment ?? null, by: rating.by });
  const rated: SQL = sql`
    insert into analytics_events (organization_id, kind, event_type, customer_id, conversation_id, channel_id, properties)
    select organization_id, 'system', 'csat_recorded', customer_id, id, channel_id, ${properties}::jsonb
    from conversations where ${where}`;
  const webhook = enqueueWebhook(
    db,
    rating.organizationId,
    "csat.submitted",
    {
      conversation: { id: rating.conversationId },
      score: rating.score,
      comment: rating.comment ?? null,
      by: rating.by,
    },
    sql`exists (select 1 from conversations where ${where})`,
  );
  const [[row], , queued] = await db.batch([
    db.update(t).set({ csatScore: rating.score }).where(where).returning(),
    db.execute(rated),
    webhook.statement,
  ]);
  if (row) await deliverWebhooks(env, rating.organizationId, queuedMessageIds(queued));
  return row;
}
