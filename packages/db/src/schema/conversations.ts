import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  unique,
  uniqueIndex,
  uuid,
  vector,
} from "drizzle-orm/pg-core";
import { agents, stages } from "./agents.ts";
import { createdAt, id, oneOf, organizationId, timestamptz, tsvector, updatedAt } from "./columns.ts";
import { channelProviders, channels, customers } from "./customers.ts";
import { conversationPriorities, escalationCategories } from "./escalation.ts";
import { adAssets } from "./marketing.ts";
import { organizations, projects, users } from "./tenancy.ts";

export const conversationStatuses = ["active", "waiting", "with_agent", "closed"] as const;
export const sentiments = ["positive", "neutral", "negative"] as const;
export const messageRoles = ["customer", "assistant", "agent", "system", "tool"] as const;
export const messageDirections = ["inbound", "outbound"] as const;
export const messageTypes = ["text", "image", "audio", "video", "document", "location", "system", "handover"] as const;
export const deliveryStatuses = ["pending", "sent", "delivered", "read", "failed"] as const;

/**
 * A conversation (seed 003's session) with its rolled-up summary (seed 003's conversations
 * collection). Seeds: 000/001/002 conversations, 003 sessions.
 */
export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    projectId: uuid("project_id"),
    customerId: uuid("customer_id").notNull(),
    channelId: uuid("channel_id"),
    agentId: uuid("agent_id"),
    stageId: uuid("stage_id"),
    sessionKey: text("session_key"),
    /** The web chat visitor's browser (seed 001's visitor_session_id). */
    visitorSessionId: text("visitor_session_id"),
    /** The customer's language (ISO 639-1), from their messages. */
    language: text("language"),
    title: text("title"),
    status: text("status", { enum: conversationStatuses }).notNull().default("active"),
    intent: text("intent"),
    sentiment: text("sentiment", { enum: sentiments }),
    csatScore: smallint("csat_score"),
    aiResolved: boolean("ai_resolved"),
    messageCount: integer("message_count").notNull().default(0),
    summary: text("summary"),
    topics: text("topics").array().notNull().default(sql`'{}'`),
    intents: text("intents").array().notNull().default(sql`'{}'`),
    extractedData: jsonb("extracted_data").$type<Record<string, unknown>>().notNull().default({}),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    firstMessageAt: timestamptz("first_message_at"),
    lastMessageAt: timestamptz("last_message_at"),
    endedAt: timestamptz("ended_at"),
    resolutionTimeSeconds: integer("resolution_time_seconds"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** The ad the conversation came from (a Click-to-WhatsApp referral, the widget's utm_* and click ids). */
    adAssetId: uuid("ad_asset_id"),
    /** What the channel said about where the customer came from, as received. */
    attribution: jsonb("attribution").$type<Record<string, string>>().notNull().default({}),
    /** Its place in the inbox's priority order: what an escalation rule gave its handover. */
    priority: text("priority", { enum: conversationPriorities }).notNull().default("normal"),
    /** Why the assistant (or a person) handed it over: customer_request, low_confidence, escalated, attachment, ... */
    handoverReason: text("handover_reason"),
    /** The escalation rule's category when one handed it over. */
    escalationCategory: text("escalation_category", { enum: escalationCategories }),
    handedOverAt: timestamptz("handed_over_at"),
  },
  (t) => [
    unique("conversations_organization_id_id_key").on(t.organizationId, t.id),
    foreignKey({
      name: "conversations_ad_asset_fkey",
      columns: [t.organizationId, t.adAssetId],
      foreignColumns: [adAssets.organizationId, adAssets.id],
    }),
    index("conversations_ad_asset_id_idx").on(t.organizationId, t.adAssetId).where(sql`${t.adAssetId} is not null`),
    // The agent inbox's order: most recently active first (conversations/inbox.ts).
    index("conversations_organization_id_activity_idx").on(
      t.organizationId,
      sql`date_trunc('milliseconds', coalesce(${t.lastMessageAt}, ${t.startedAt}) at time zone 'UTC') desc`,
      t.id.desc(),
    ),
    // The inbox's priority order (?sort=priority): most pressing first, then most recently active.
    index("conversations_organization_id_priority_idx")
      .on(
        t.organizationId,
        sql`(array_position(array['low', 'normal', 'high', 'urgent'], ${t.priority})) desc`,
        sql`date_trunc('milliseconds', coalesce(${t.lastMessageAt}, ${t.startedAt}) at time zone 'UTC') desc`,
        t.id.desc(),
      )
      .where(sql`${t.status} <> 'closed'`),
    // One open conversation per customer, channel and email thread (session_key; null elsewhere).
    uniqueIndex("conversations_open_per_channel_key")
      .on(t.organizationId, t.customerId, t.channelId, sql`coalesce(${t.sessionKey}, '')`)
      .where(sql`${t.channelId} is not null and ${t.status} <> 'closed'`),
    foreignKey({
      name: "conversations_project_fkey",
      columns: [t.organizationId, t.projectId],
      foreignColumns: [projects.organizationId, projects.id],
    }),
    foreignKey({
      name: "conversations_customer_fkey",
      columns: [t.organizationId, t.customerId],
      foreignColumns: [customers.organizationId, customers.id],
    }),
    foreignKey({
      name: "conversations_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }),
    foreignKey({
      name: "conversations_agent_fkey",
      columns: [t.organizationId, t.agentId],
      foreignColumns: [agents.organizationId, agents.id],
    }),
    foreignKey({
      name: "conversations_stage_fkey",
      columns: [t.organizationId, t.stageId],
      foreignColumns: [stages.organizationId, stages.id],
    }),
    check("conversations_status_check", oneOf(t.status, conversationStatuses)),
    check("conversations_priority_check", oneOf(t.priority, conversationPriorities)),
    check("conversations_sentiment_check", oneOf(t.sentiment, sentiments)),
    check("conversations_csat_score_check", sql`${t.csatScore} between 1 and 5`),
    check("conversations_closed_has_end_check", sql`${t.status} <> 'closed' or ${t.endedAt} is not null`),
    index("conversations_organization_id_status_idx").on(t.organizationId, t.status, t.lastMessageAt.desc()),
    index("conversations_open_idx").on(t.organizationId, t.agentId).where(sql`${t.status} <> 'closed'`),
    index("conversations_customer_id_idx").on(t.customerId, t.startedAt.desc()),
    index("conversations_channel_id_idx").on(t.channelId),
    index("conversations_session_key_idx").on(t.organizationId, t.sessionKey).where(sql`${t.sessionKey} is not null`),
    index("conversations_visitor_session_id_idx")
      .on(t.organizationId, t.visitorSessionId)
      .where(sql`${t.visitorSessionId} is not null`),
    index("conversations_project_id_idx").on(t.projectId).where(sql`${t.projectId} is not null`),
    index("conversations_updated_at_idx").on(t.updatedAt),
  ],
);

/** Every message of every channel. Seeds: 000/001/002/004 messages, 003 messages collection. */
export const messages = pgTable(
  "messages",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    channelId: uuid("channel_id"),
    agentId: uuid("agent_id"),
    userId: uuid("user_id"),
    role: text("role", { enum: messageRoles }).notNull(),
    direction: text("direction", { enum: messageDirections }).notNull(),
    messageType: text("message_type", { enum: messageTypes }).notNull().default("text"),
    content: text("content").notNull().default(""),
    mediaUrl: text("media_url"),
    mediaType: text("media_type"),
    systemAction: text("system_action"),
    externalMessageId: text("external_message_id"),
    senderExternalId: text("sender_external_id"),
    senderName: text("sender_name"),
    /** The language the message is written in (ISO 639-1), when it could be told. */
    language: text("language"),
    intent: text("intent"),
    sentiment: text("sentiment", { enum: sentiments }),
    confidence: real("confidence"),
    entities: jsonb("entities").$type<unknown[]>().notNull().default([]),
    processingTimeMs: integer("processing_time_ms"),
    deliveryStatus: text("delivery_status", { enum: deliveryStatuses }),
    /** Why the provider could not deliver it (its own words), when `deliveryStatus` is failed. */
    deliveryError: text("delivery_error"),
    /** Reactions to the message ({emoji, by, at}): a customer's 👍 is stored here, never a turn. */
    reactions: jsonb("reactions").$type<{ emoji: string; by: string; at: string }[]>().notNull().default([]),
    isRead: boolean("is_read").notNull().default(false),
    readAt: timestamptz("read_at"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    sentAt: timestamptz("sent_at").notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(sql`to_tsvector('english', coalesce(content, ''))`),
    embedding: vector("embedding", { dimensions: 1536 }),
  },
  (t) => [
    foreignKey({
      name: "messages_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }),
    foreignKey({
      name: "messages_customer_fkey",
      columns: [t.organizationId, t.customerId],
      foreignColumns: [customers.organizationId, customers.id],
    }),
    foreignKey({
      name: "messages_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }),
    foreignKey({
      name: "messages_agent_fkey",
      columns: [t.organizationId, t.agentId],
      foreignColumns: [agents.organizationId, agents.id],
    }),
    foreignKey({
      name: "messages_user_fkey",
      columns: [t.organizationId, t.userId],
      foreignColumns: [users.organizationId, users.id],
    }),
    check("messages_role_check", oneOf(t.role, messageRoles)),
    check("messages_direction_check", oneOf(t.direction, messageDirections)),
    check("messages_message_type_check", oneOf(t.messageType, messageTypes)),
    check("messages_sentiment_check", oneOf(t.sentiment, sentiments)),
    check("messages_confidence_check", sql`${t.confidence} between 0 and 1`),
    check("messages_delivery_status_check", oneOf(t.deliveryStatus, deliveryStatuses)),
    check("messages_reactions_check", sql`jsonb_typeof(${t.reactions}) = 'array'`),
    unique("messages_channel_id_external_message_id_key").on(t.channelId, t.externalMessageId),
    index("messages_conversation_id_sent_at_idx").on(t.conversationId, t.sentAt, t.id),
    index("messages_customer_id_sent_at_idx").on(t.organizationId, t.customerId, t.sentAt.desc()),
    index("messages_search_vector_idx").using("gin", t.searchVector),
    index("messages_sent_at_brin_idx").using("brin", t.sentAt),
    index("messages_unread_idx").on(t.conversationId).where(sql`not ${t.isRead} and ${t.direction} = 'inbound'`),
    index("messages_updated_at_idx").on(t.updatedAt),
    index("messages_embedding_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
  ],
);

/**
 * Where a conversation's messages go on its provider channel (the recipient and, for email, the
 * thread's envelope), kept by the channels worker from the customer's latest message so a person's
 * reply reaches the customer as the assistant's does; `lastInboundAt` opens WhatsApp's 24-hour window.
 */
export const channelConversations = pgTable(
  "channel_conversations",
  {
    conversationId: uuid("conversation_id").primaryKey(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull(),
    provider: text("provider", { enum: channelProviders }).notNull(),
    recipient: text("recipient").notNull(),
    envelope: jsonb("envelope").$type<Record<string, unknown>>().notNull().default({}),
    lastInboundAt: timestamptz("last_inbound_at").notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "channel_conversations_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "channel_conversations_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }).onDelete("cascade"),
    check("channel_conversations_provider_check", oneOf(t.provider, channelProviders)),
    index("channel_conversations_channel_id_idx").on(t.channelId),
  ],
);

/**
 * Attachments waiting to leave R2: a message that lost its stored file (retention, deletion,
 * erasure) queues the object's key by trigger; the channels worker, which owns the bucket, deletes
 * the object and then the row.
 */
export const attachmentPurges = pgTable(
  "attachment_purges",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    objectKey: text("object_key").notNull(),
    queuedAt: timestamptz("queued_at").notNull().defaultNow(),
  },
  (t) => [
    unique("attachment_purges_object_key_key").on(t.objectKey),
    index("attachment_purges_queued_at_idx").on(t.queuedAt),
  ],
);
