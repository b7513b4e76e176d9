import type { schema } from "@frontdesk/db";
import { ticketPriorities, ticketStatuses } from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";

export type TicketRow = typeof schema.tickets.$inferSelect;

export const ticketSchema = z
  .object({
    id: z.uuid(),
    reference: z
      .string()
      .openapi({ description: "A short reference to tell the customer (T- and 8 hex digits, e.g. T-1A2B3C4D)." }),
    subject: z.string(),
    description: z.string().nullable(),
    status: z.enum(ticketStatuses),
    priority: z.enum(ticketPriorities),
    category: z.string().nullable(),
    customerId: z.uuid(),
    conversationId: z.uuid().nullable(),
    assignedToUserId: z.uuid().nullable(),
    createdByUserId: z.uuid().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Ticket");

export type TicketView = z.infer<typeof ticketSchema>;

export const ticketReference = (id: string) => `T-${id.slice(0, 8).toUpperCase()}`;

export const toTicket = (row: TicketRow): TicketView => ({
  id: row.id,
  reference: ticketReference(row.id),
  subject: row.subject,
  description: row.description,
  status: row.status,
  priority: row.priority,
  category: row.category,
  customerId: row.customerId,
  conversationId: row.conversationId,
  assignedToUserId: row.assignedToUserId,
  createdByUserId: row.createdByUserId,
  resolvedAt: row.resolvedAt?.toISOString() ?? null,
  closedAt: row.closedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
