import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, timestamptz, updatedAt } from "./columns.ts";
import { organizations } from "./tenancy.ts";

export const webhookDeliveryStatuses = ["pending", "delivered", "failed"] as const;

/** URLs an organization registers for booking and ticket events; the signing secret is sealed (AES-GCM). */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description"),
    /** Empty: every event type. */
    eventTypes: text("event_types").array().notNull().default(sql`'{}'`),
    secretCiphertext: text("secret_ciphertext").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    disabledReason: text("disabled_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("webhook_endpoints_organization_id_id_key").on(t.organizationId, t.id),
    check("webhook_endpoints_url_check", sql`${t.url} ~ '^https?://'`),
    index("webhook_endpoints_organization_id_idx").on(t.organizationId).where(sql`${t.isActive}`),
  ],
);

/** The outbox: one row per (event, endpoint), written in the transaction of the change it reports. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id").notNull(),
    /** The Standard Webhooks `webhook-id`: the same on every retry, so receivers can dedupe. */
    messageId: text("message_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: webhookDeliveryStatuses }).notNull().default("pending"),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    /** A dispatcher's claim: another dispatcher skips the row until then. */
    lockedUntil: timestamptz("locked_until"),
    lastAttemptAt: timestamptz("last_attempt_at"),
    lastResponseStatus: integer("last_response_status"),
    lastError: text("last_error"),
    deliveredAt: timestamptz("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "webhook_deliveries_endpoint_fkey",
      columns: [t.organizationId, t.endpointId],
      foreignColumns: [webhookEndpoints.organizationId, webhookEndpoints.id],
    }).onDelete("cascade"),
    unique("webhook_deliveries_organization_id_id_key").on(t.organizationId, t.id),
    check("webhook_deliveries_status_check", oneOf(t.status, webhookDeliveryStatuses)),
    unique("webhook_deliveries_endpoint_message_key").on(t.endpointId, t.messageId),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_endpoint_id_idx").on(t.endpointId, t.createdAt.desc()),
  ],
);

/** The delivery log: every attempt, its response status or error, and how long it took. */
export const webhookDeliveryAttempts = pgTable(
  "webhook_delivery_attempts",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    deliveryId: uuid("delivery_id").notNull(),
    attempt: integer("attempt").notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "webhook_delivery_attempts_delivery_fkey",
      columns: [t.organizationId, t.deliveryId],
      foreignColumns: [webhookDeliveries.organizationId, webhookDeliveries.id],
    }).onDelete("cascade"),
    index("webhook_delivery_attempts_delivery_id_idx").on(t.deliveryId, t.attempt),
  ],
);
