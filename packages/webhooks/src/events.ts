/** Every event an organization can subscribe a webhook endpoint to. */
export const webhookEventTypes = [
  "booking.created",
  "booking.confirmed",
  "booking.rescheduled",
  "booking.cancelled",
  "booking.completed",
  "booking.no_show",
  "ticket.created",
  "ticket.updated",
  "ticket.status_changed",
  "lead.created",
  "lead.updated",
  "lead.status_changed",
  "conversation.created",
  "conversation.handover",
  "conversation.escalated",
  "conversation.assigned",
  "conversation.closed",
  "message.created",
  "csat.submitted",
  "customer.merged",
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The body every endpoint receives: Standard Webhooks' recommended `{ type, timestamp, data }`. */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}
