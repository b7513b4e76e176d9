import { sql } from "drizzle-orm";
import {
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, timestamptz, updatedAt } from "./columns.ts";
import { conversations } from "./conversations.ts";
import { channels, customers } from "./customers.ts";
import { organizations } from "./tenancy.ts";

export const analyticsEventKinds = ["track", "identify", "page", "screen", "group", "alias", "system"] as const;

/** Raw events: product events and Segment-style track/identify/... calls. Seeds: 001/002 analytics_events. */
export const analyticsEvents = pgTable(
  "analytics_events",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: analyticsEventKinds }).notNull().default("track"),
    eventType: text("event_type").notNull(),
    customerId: uuid("customer_id"),
    conversationId: uuid("conversation_id"),
    channelId: uuid("channel_id"),
    userId: text("user_id"),
    anonymousId: text("anonymous_id"),
    messageId: text("message_id"),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    traits: jsonb("traits").$type<Record<string, unknown>>().notNull().default({}),
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamptz("occurred_at").notNull().defaultNow(),
    sentAt: timestamptz("sent_at"),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "analytics_events_customer_fkey",
      columns: [t.organizationId, t.customerId],
      foreignColumns: [customers.organizationId, customers.id],
    }),
    foreignKey({
      name: "analytics_events_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }),
    foreignKey({
      name: "analytics_events_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }),
    check("analytics_events_kind_check", oneOf(t.kind, analyticsEventKinds)),
    check("analytics_events_message_id_check", sql`char_length(${t.messageId}) <= 100`),
    uniqueIndex("analytics_events_message_id_key")
      .on(t.organizationId, t.messageId)
      .where(sql`${t.messageId} is not null`),
    index("analytics_events_organization_id_event_type_idx").on(t.organizationId, t.eventType, t.occurredAt.desc()),
    index("analytics_events_occurred_at_brin_idx").using("brin", t.occurredAt),
    index("analytics_events_user_id_idx").on(t.organizationId, t.userId).where(sql`${t.userId} is not null`),
    index("analytics_events_received_at_brin_idx").using("brin", t.receivedAt),
  ],
);

/** The daily rollup per organization, rebuilt by cron. Seed: 003 analytics. */
export const analyticsDaily = pgTable(
  "analytics_daily",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    date: date("date").notNull(),
    totalConversations: integer("total_conversations").notNull().default(0),
    aiResolvedConversations: integer("ai_resolved_conversations").notNull().default(0),
    agentResolvedConversations: integer("agent_resolved_conversations").notNull().default(0),
    totalMessages: integer("total_messages").notNull().default(0),
    avgResponseTimeSeconds: doublePrecision("avg_response_time_seconds"),
    avgResolutionTimeSeconds: doublePrecision("avg_resolution_time_seconds"),
    avgSatisfactionScore: doublePrecision("avg_satisfaction_score"),
    channelMetrics: jsonb("channel_metrics").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("analytics_daily_organization_id_date_key").on(t.organizationId, t.date),
    check(
      "analytics_daily_counts_check",
      sql`${t.totalConversations} >= 0 and ${t.aiResolvedConversations} >= 0 and ${t.agentResolvedConversations} >= 0 and ${t.totalMessages} >= 0`,
    ),
  ],
);

/** Event counts per organization, day and event type, kept by the rollup with analytics_daily. */
export const analyticsEventCounts = pgTable(
  "analytics_event_counts",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    date: date("date").notNull(),
    eventType: text("event_type").notNull(),
    eventCount: integer("event_count").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("analytics_event_counts_organization_id_date_event_type_key").on(t.organizationId, t.date, t.eventType),
    check("analytics_event_counts_event_count_check", sql`${t.eventCount} >= 0`),
  ],
);

export const rollupRunKinds = ["incremental", "backfill"] as const;

/** One row per rollup run; the last incremental run's watermark bounds the next run's scan. */
export const analyticsRollupRuns = pgTable(
  "analytics_rollup_runs",
  {
    id: id(),
    kind: text("kind", { enum: rollupRunKinds }).notNull(),
    changedSince: timestamptz("changed_since"),
    watermark: timestamptz("watermark").notNull(),
    daysRecomputed: integer("days_recomputed").notNull().default(0),
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    check("analytics_rollup_runs_kind_check", oneOf(t.kind, rollupRunKinds)),
    index("analytics_rollup_runs_watermark_idx").on(t.watermark.desc()).where(sql`${t.kind} = 'incremental'`),
  ],
);

/** Days a rollup run could not recompute (a failure, or past its per-run bound): later runs take them first. */
export const analyticsRollupBacklog = pgTable(
  "analytics_rollup_backlog",
  {
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    addedAt: timestamptz("added_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "analytics_rollup_backlog_pkey", columns: [t.organizationId, t.day] })],
);
