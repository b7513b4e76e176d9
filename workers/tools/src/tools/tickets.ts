import { ticketPriorities, ticketStatuses } from "@frontdesk/db/schema";
import { ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { defineTool } from "../registry/tool.ts";
import { changeTicketStatus, findTicket, insertTicket } from "../tickets/store.ts";
import { toTicket } from "../tickets/view.ts";
import { assertAssistantMayTouch, conversationCustomer } from "./conversation-customer.ts";

export const createTicket = defineTool({
  name: "create_ticket",
  effect: ["tickets:write"],
  reads: "tickets:read",
  description:
    "Open a support ticket for the customer of this conversation when their problem needs follow-up by the team (a complaint, a fault after a repair, a warranty claim). Tell the customer the returned reference.",
  input: z
    .object({
      subject: z.string().trim().min(1).max(200),
      description: z.string().max(10_000).optional(),
      priority: z.enum(ticketPriorities).default("medium"),
      category: z.string().trim().max(100).optional(),
      customerId: z.uuid().optional().describe("Only outside a conversation."),
    })
    .strict(),
  async run(context, input) {
    const customerId = (await conversationCustomer(context))?.customerId ?? input.customerId;
    if (!customerId) throw new ProblemError("validation-failed", "Outside a conversation, give customerId.");
    const { row, messageId } = await insertTicket(context.db, context.identity, {
      customerId,
      conversationId: context.conversationId,
      subject: input.subject,
      description: input.description ?? null,
      priority: input.priority,
      category: input.category ?? null,
      assignedToUserId: null,
    });
    context.deliverWebhook(messageId);
    return { ticket: toTicket(row) };
  },
  rehearse: (input) => ({
    ticket: { id: crypto.randomUUID(), reference: "T-DRYRUN", subject: input.subject, status: "open" },
    dryRun: true,
  }),
});

export const updateTicketStatus = defineTool({
  name: "update_ticket_status",
  effect: ["tickets:write"],
  reads: "tickets:read",
  description: "Move a ticket along: in_progress, waiting_for_customer, resolved, closed or reopened.",
  input: z
    .object({
      ticketId: z.uuid(),
      status: z.enum(ticketStatuses).exclude(["new"]),
      comment: z.string().max(2_000).optional(),
    })
    .strict(),
  async run(context, input) {
    await assertAssistantMayTouch(context, "ticket", input.ticketId);
    const current = await findTicket(context.db, context.identity.organizationId, input.ticketId);
    const { row, messageId } = await changeTicketStatus(
      context.db,
      context.identity,
      current,
      input.status,
      input.comment ?? null,
    );
    context.deliverWebhook(messageId);
    return { ticket: toTicket(row) };
  },
  rehearse: (input) => ({ ticket: { id: input.ticketId, status: input.status }, dryRun: true }),
});
