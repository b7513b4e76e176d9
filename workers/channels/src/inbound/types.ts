import type { deliveryStatuses } from "@frontdesk/db/schema";

export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** A customer's message, as every provider's payload is reduced to. */
export interface InboundMessage {
  /** The provider's id for the message: the key that makes redeliveries harmless. */
  externalId: string;
  sender: { id: string; name?: string | undefined; phone?: string | undefined; email?: string | undefined };
  content: string;
  /** Where the reply goes (a WhatsApp wa_id, a phone number, a Telegram chat id). */
  replyTo: string;
}

export interface StatusUpdate {
  externalMessageId: string;
  status: DeliveryStatus;
}

/** A channel as a webhook handler needs it: its tenant, its settings and its opened credentials. */
export interface LoadedChannel {
  id: string;
  organizationId: string;
  type: string;
  config: Record<string, unknown>;
  credentials: Record<string, string>;
}

/** Sends the assistant's reply through the provider; answers the provider's id of the sent message. */
export type SendReply = (channel: LoadedChannel, to: string, text: string) => Promise<string>;
