import type { Attribution } from "@frontdesk/contracts/attribution";
import { createDb, schema } from "@frontdesk/db";
import { enqueueWebhook } from "@frontdesk/webhooks";
import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { activeSessions } from "../presence/stubs.ts";
import { deliverWebhooks, queuedMessageIds } from "../webhooks/conversation-webhooks.ts";
import { adAssetFor } from "./attribution.ts";

type ConversationRow = typeof schema.conversations.$inferSelect;

export interface NewConversation {
  organizationId: string;
  customerId: string;
  channelId: string | null;
  title?: string | null;
  metadata?: Record<string, unknown>;
  visitorSessionId?: string | null;
  /** An email thread's key (its first Message-ID): each thread is its own conversation. */
  sessionKey?: string | null;
  /** Where the customer came from: the ad it names is the conversation's and, first, the customer's. */
  attribution?: Attribution | undefined;
}

/**
 * A new conversation's row: the project is its channel's, the ad asset the one its attribution
 * names (both looked up inside the insert).
 */
function conversationRow(conversation: NewConversation) {
  const { attribution, ...fields } = conversation;
  const channels = schema.channels;
  return {
    ...fields,
    id: crypto.randomUUID(),
    title: conversation.title ?? null,
    metadata: conversation.metadata ?? {},
    projectId: conversation.channelId
      ? sql<string>`(select ${channels.projectId} from ${channels} where ${channels.organizationId} = ${conversation.organizationId} and ${channels.id} = ${conversation.channelId})`
      : null,
    attribution: attribution ?? {},
    adAssetId: adAssetFor(conversation.organizationId, attribution),
  };
}

/** The customer's first ad (first touch): the leads and bookings that follow are attributed to it. */
async function attributeCustomer(env: ChatEnv, row: ConversationRow): Promise<void> {
  if (!row.adAssetId) return;
  const c = schema.customers;
  await createDb(env)
    .update(c)
    .set({ adAssetId: row.adAssetId, attributedAt: row.startedAt })
    .where(and(eq(c.organizationId, row.organizationId), eq(c.id, row.customerId), isNull(c.adAssetId)));
}

/**
 * Inserts the conversation and, in the same transaction, its `conversation.created` webhook, which
 * is queued only when the insert wrote the row (a raced open conversation writes neither).
 */
async function insertConversation(env: ChatEnv, conversation: NewConversation): Promise<ConversationRow | undefined> {
  const db = createDb(env);
  const t = schema.conversations;
  const values = conversationRow(conversation);
  const webhook = enqueueWebhook(
    db,
    conversation.organizationId,
    "conversation.created",
    {
      conversation: {
        id: values.id,
        status: "active",
        customerId: values.customerId,
        channelId: values.channelId,
        title: values.title,
        attribution: values.attribution,
      },
    },
    sql`exists (select 1 from ${t} where ${t.organizationId} = ${conversation.organizationId} and ${t.id} = ${values.id})`,
  );
  const [rows, queued] = await db.batch([
    db.insert(t).values(values).onConflictDoNothing().returning(),
    webhook.statement,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  await attributeCustomer(env, row);
  await announce(env, row);
  await deliverWebhooks(env, row.organizationId, queuedMessageIds(queued));
  return row;
}

/** The one place a conversation begins: its row, its webhook, its place among the organization's active sessions. */
export async function startConversation(env: ChatEnv, conversation: NewConversation): Promise<ConversationRow> {
  const row = await insertConversation(env, conversation);
  if (!row) throw new Error("the conversation was not inserted");
  return row;
}

/**
 * The open conversation of this customer on this channel, or a new one. Two first messages that
 * arrive together both try the insert; the open-conversation key lets one win and the other reads it.
 */
export async function openChannelConversation(
  env: ChatEnv,
  conversation: NewConversation & { channelId: string },
): Promise<{ id: string; created: boolean }> {
  const db = createDb(env);
  const t = schema.conversations;
  const findOpen = async () => {
    const [open] = await db
      .select({ id: t.id })
      .from(t)
      .where(
        and(
          eq(t.organizationId, conversation.organizationId),
          eq(t.customerId, conversation.customerId),
          eq(t.channelId, conversation.channelId),
          conversation.sessionKey ? eq(t.sessionKey, conversation.sessionKey) : isNull(t.sessionKey),
          ne(t.status, "closed"),
        ),
      )
      .orderBy(desc(t.startedAt))
      .limit(1);
    return open?.id;
  };
  const existing = await findOpen();
  if (existing) return { id: existing, created: false };
  const row = await insertConversation(env, conversation);
  if (row) return { id: row.id, created: true };
  const raced = await findOpen();
  if (!raced) throw new Error("the open conversation was neither inserted nor found");
  return { id: raced, created: false };
}

/** A new conversation joins the active set and appears in the inbox at once. */
const announce = (env: ChatEnv, row: ConversationRow) =>
  activeSessions(env, row.organizationId).record({
    type: "conversation",
    conversation: {
      id: row.id,
      status: row.status,
      customerId: row.customerId,
      channelId: row.channelId,
      agentId: row.agentId,
      messageCount: row.messageCount,
      lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    },
    messages: [],
  });
