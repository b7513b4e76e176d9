import { sql } from "drizzle-orm";
import { check, foreignKey, index, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, timestamptz, updatedAt } from "./columns.ts";
import { conversations } from "./conversations.ts";
import { customers } from "./customers.ts";
import { organizations, users } from "./tenancy.ts";

export const ticketStatuses = ["new", "in_progress", "waiting_for_customer", "resolved", "closed", "reopened"] as const;
export const ticketPriorities = ["low", "medium", "high", "urgent"] as const;

/** Support tickets. Seed: 004 tickets. */
export const tickets = pgTable(
  "tickets",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull(),
    conversationId: uuid("conversation_id"),
    externalId: text("external_id"),
    subject: text("subject").notNull(),
    description: text("description"),
    status: text("status", { enum: ticketStatuses }).notNull().default("new"),
    priority: text("priority", { enum: ticketPriorities }).notNull().default("medium"),
    category: text("category"),
    assignedToUserId: uuid("assigned_to_user_id"),
    createdByUserId: uuid("created_by_user_id"),
    resolvedAt: timestamptz("resolved_at"),
    closedAt: timestamptz("closed_at"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("tickets_organization_id_id_key").on(t.organizationId, t.id),
    foreignKey({
      name: "tickets_customer_fkey",
      columns: [t.organizationId, t.customerId],
      foreignColumns: [customers.organizationId, customers.id],
    }),
    foreignKey({
      name: "tickets_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }),
    foreignKey({
      name: "tickets_assigned_to_fkey",
      columns: [t.organizationId, t.assignedToUserId],
      foreignColumns: [users.organizationId, users.id],
    }),
    foreignKey({
      name: "tickets_created_by_fkey",
      columns: [t.organizationId, t.createdByUserId],
      foreignColumns: [users.organizationId, users.id],
    }),
    check("tickets_status_check", oneOf(t.status, ticketStatuses)),
    check("tickets_priority_check", oneOf(t.priority, ticketPriorities)),
    unique("tickets_external_id_customer_id_key").on(t.organizationId, t.externalId, t.customerId),
    index("tickets_customer_status_priority_idx").on(t.customerId, t.status, t.priority),
    index("tickets_active_idx")
      .on(t.customerId, t.status)
      .where(sql`${t.status} in ('new', 'in_progress', 'waiting_for_customer')`),
    index("tickets_organization_id_status_idx").on(t.organizationId, t.status, t.createdAt.desc()),
    index("tickets_assigned_to_user_id_idx").on(t.assignedToUserId).where(sql`${t.assignedToUserId} is not null`),
  ],
);

/** Written by a trigger on every status change (actor from `frontdesk.actor`). Seed: 004 ticket_status_changes. */
export const ticketStatusChanges = pgTable(
  "ticket_status_changes",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    ticketId: uuid("ticket_id").notNull(),
    oldStatus: text("old_status"),
    newStatus: text("new_status").notNull(),
    changedBy: text("changed_by"),
    changedAt: timestamptz("changed_at").notNull().defaultNow(),
    comment: text("comment"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    foreignKey({
      name: "ticket_status_changes_ticket_fkey",
      columns: [t.organizationId, t.ticketId],
      foreignColumns: [tickets.organizationId, tickets.id],
    }),
    index("ticket_status_changes_ticket_id_idx").on(t.ticketId, t.changedAt.desc()),
  ],
);
