import type { CallType } from "./event-schema.ts";

/** A validated event ready for analytics_events: plain JSON, so it can also travel through the queue. */
export interface EventRow {
  organizationId: string;
  kind: CallType;
  eventType: string;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  customerId: string | null;
  conversationId: string | null;
  channelId: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  occurredAt: string;
  sentAt: string | null;
}
