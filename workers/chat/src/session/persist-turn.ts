import { type Database, schema } from "@frontdesk/db";
import { escalationCategories } from "@frontdesk/db/schema";
import { type WebhookEvent, webhooksInsert } from "@frontdesk/webhooks";
import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { ConversationStatus } from "../conversation/state.ts";
import type { TurnWrite } from "../conversation/turn-write.ts";
import { suggestionFromPick } from "../knowledge/suggest.ts";
import { queuedMessageIds } from "../webhooks/conversation-webhooks.ts";

/**
 * Every write of a turn in one HTTP request, one statement or one transaction: the messages, the
 * conversation's new state, the customer's memory, the analytics events and the conversation
 * webhooks they make, and the knowledge suggestion a customer's pick makes. Either all of it is
 * stored or none.
 * Answers the webhook messages queued, for the caller to send once the write has committed.
 */
export async function persistTurn(db: Database, write: TurnWrite): Promise<string[]> {
  const { next } = write;
  const organizationId = next.organizationId;
  const c = schema.conversations;
  const last = write.messages[write.messages.length - 1];
  const first = write.messages[0];
  const status: ConversationStatus = next.status;
  const startedMs = Date.parse(next.startedAt);
  const handover = write.events.find((event) => event.eventType === "handover_requested");
  const escalated = write.events.find((event) => event.eventType === "conversation_escalated");
  const conversationUpdate = db
    .update(c)
    .set({
      status,
      stageId: next.stageId,
      agentId: next.agentId,
      extractedData: next.extracted,
      language: next.language ?? null,
      messageCount: sql`${c.messageCount} + ${write.messages.length}`,
      ...(last ? { lastMessageAt: new Date(last.sentAt) } : {}),
      ...(first
        ? { firstMessageAt: sql`coalesce(${c.firstMessageAt}, ${new Date(first.sentAt).toISOString()}::timestamptz)` }
        : {}),
      ...(write.intent
        ? {
            intent: write.intent,
            intents: sql`array(select distinct unnest(${c.intents} || array[${write.intent}]::text[]))`,
          }
        : {}),
      ...(write.sentiment ? { sentiment: write.sentiment as "positive" | "neutral" | "negative" } : {}),
      ...(write.endedAt
        ? {
            endedAt: write.endedAt,
            summary: write.summary ?? null,
            aiResolved: write.aiResolved ?? null,
            resolutionTimeSeconds: Math.max(0, Math.round((write.endedAt.getTime() - startedMs) / 1000)),
          }
        : {}),
      ...(status !== "closed" ? { endedAt: null } : {}),
      ...(next.priority ? { priority: next.priority } : {}),
      ...(handover
        ? { handoverReason: String(handover.properties.reason ?? "unspecified"), handedOverAt: sql`now()` }
        : {}),
      ...(escalated ? { escalationCategory: escalationCategoryOf(escalated.properties.category) } : {}),
    })
    .where(sql`${c.organizationId} = ${organizationId} and ${c.id} = ${next.conversationId}`);
  // A customer merged into another while the session was live (channel identity resolution)
  // writes to the survivor: the session's cached id is resolved through the merge pointer.
  const customerId = sql`(select coalesce(merged_into_customer_id, id) from customers
    where organization_id = ${organizationId} and id = ${next.customerId})`;
  // The conversation's new state, the messages, the analytics events and the webhooks they make
  // are one statement (a data-modifying `with` query): a statement each cost more than its rows.
  const writes: SQL[] = [conversationUpdate.getSQL()];
  const batch: BatchItem<"pg">[] = [];
  const answeredAt = write.messages.find((message) => message.role === "assistant")?.sentAt;
  if (write.messages.length > 0) {
    writes.push(
      db
        .insert(schema.messages)
        .values(
          write.messages.map((message) => ({
            id: message.id,
            organizationId,
            conversationId: next.conversationId,
            customerId,
            channelId: next.channelId,
            agentId: message.agentId,
            userId: message.userId,
            role: message.role,
            direction: message.role === "customer" ? ("inbound" as const) : ("outbound" as const),
            messageType:
              message.attachment?.kind ?? (message.role === "system" ? ("system" as const) : ("text" as const)),
            content: message.content,
            mediaUrl: message.attachment?.key ?? null,
            mediaType: message.attachment?.type ?? null,
            externalMessageId: message.externalMessageId ?? null,
            senderExternalId: message.senderExternalId ?? null,
            senderName: message.senderName ?? null,
            deliveryStatus: message.deliveryStatus ?? null,
            // A customer's message the assistant answered in the same turn has been read.
            ...(message.role === "customer" && answeredAt ? { isRead: true, readAt: new Date(answeredAt) } : {}),
            intent: typeof message.metadata.intent === "string" ? message.metadata.intent : null,
            language: typeof message.metadata.language === "string" ? message.metadata.language : null,
            sentiment: isSentiment(message.metadata.sentiment) ? message.metadata.sentiment : null,
            confidence: typeof message.metadata.confidence === "number" ? message.metadata.confidence : null,
            processingTimeMs: typeof message.metadata.latencyMs === "number" ? message.metadata.latencyMs : null,
            metadata: message.metadata,
            sentAt: new Date(message.sentAt),
            createdAt: new Date(message.sentAt),
          })),
        )
        .getSQL(),
    );
  }
  for (const [key, value] of Object.entries(write.remember)) {
    batch.push(
      db.execute(sql`
        insert into customer_memories (organization_id, customer_id, kind, key, value, importance, last_intent, last_accessed_at)
        values (${organizationId}, ${customerId}, 'long_term', ${key}, ${JSON.stringify(value)}::jsonb, 0.8, ${write.intent ?? null}, now())
        on conflict (customer_id, kind, key, coalesce(channel_id, '00000000-0000-0000-0000-000000000000'))
        do update set value = excluded.value, last_intent = excluded.last_intent, last_accessed_at = now(),
          message_count = customer_memories.message_count + 1`),
    );
  }
  if (write.events.length > 0) {
    writes.push(
      db
        .insert(schema.analyticsEvents)
        .values(
          write.events.map((event) => ({
            organizationId,
            kind: "system" as const,
            eventType: event.eventType,
            customerId,
            conversationId: next.conversationId,
            channelId: next.channelId,
            messageId: event.messageId ?? null,
            properties: event.properties,
          })),
        )
        .getSQL(),
    );
  }
  if (write.pick) batch.push(suggestionFromPick(db, organizationId, next.conversationId, write.pick));
  const webhooks = turnWebhooks(write);
  const written = writes.map((part, index) => sql`${sql.raw(`written_${index}`)} as (${part})`);
  const turn = db.execute<{ message_id: string }>(
    sql`with ${sql.join(written, sql`, `)} ${webhooksInsert(organizationId, webhooks)}`,
  );
  // One statement is atomic on its own; with the rarer memories and pick, a transaction holds them all.
  const [queued] = batch.length === 0 ? [await turn] : await db.batch([turn, ...batch]);
  return queuedMessageIds(queued);
}

/** Which analytics events of a turn are also conversation webhooks. */
const webhookOfEvent: Record<
  string,
  "conversation.handover" | "conversation.escalated" | "conversation.assigned" | "conversation.closed"
> = {
  handover_requested: "conversation.handover",
  conversation_escalated: "conversation.escalated",
  agent_assigned: "conversation.assigned",
  agent_unassigned: "conversation.assigned",
  conversation_closed: "conversation.closed",
};

/** `message.created` for each customer, assistant and agent message; the status changes the events name. */
function turnWebhooks(write: TurnWrite): WebhookEvent[] {
  const { next } = write;
  const conversation = {
    id: next.conversationId,
    status: next.status,
    customerId: next.customerId,
    channelId: next.channelId,
    agentId: next.agentId,
  };
  const queued: WebhookEvent[] = [];
  for (const message of write.messages) {
    if (message.role === "system" || message.role === "tool") continue;
    queued.push({
      type: "message.created",
      data: {
        conversation,
        message: {
          id: message.id,
          role: message.role,
          direction: message.role === "customer" ? "inbound" : "outbound",
          content: message.content,
          sentAt: message.sentAt,
          agentId: message.agentId,
          userId: message.userId,
          externalMessageId: message.externalMessageId ?? null,
        },
      },
    });
  }
  for (const event of write.events) {
    const type = webhookOfEvent[event.eventType];
    if (!type) continue;
    const details =
      type === "conversation.closed"
        ? { summary: write.summary ?? null, aiResolved: write.aiResolved ?? null, endedAt: write.endedAt ?? null }
        : {};
    queued.push({ type, data: { conversation, ...event.properties, ...details } });
  }
  return queued;
}

const escalationCategoryOf = (value: unknown) => escalationCategories.find((category) => category === value) ?? null;

const isSentiment = (value: unknown): value is "positive" | "neutral" | "negative" =>
  value === "positive" || value === "neutral" || value === "negative";
