import { attribution } from "@frontdesk/contracts/attribution";
import { templateSend } from "@frontdesk/contracts/channel-outbound";
import { messageThread, storedAttachment } from "@frontdesk/contracts/chat";
import { channelProviders, type deliveryStatuses } from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";

/** Where a provider keeps a customer's attachment until we fetch it (kept, queued, with the message). */
export const mediaRef = z.discriminatedUnion("source", [
  // WhatsApp: a media id, exchanged for a short-lived URL that needs the access token.
  z.object({
    source: z.literal("whatsapp"),
    id: z.string().min(1).max(200),
    type: z.string().max(200).optional(),
    filename: z.string().max(300).optional(),
  }),
  // Twilio: MediaUrl0, read with the account's Basic auth.
  z.object({ source: z.literal("twilio"), url: z.url().max(2000), type: z.string().max(200).optional() }),
  // Telegram: a file id, exchanged through getFile for a path under the bot's file URL.
  z.object({
    source: z.literal("telegram"),
    fileId: z.string().min(1).max(300),
    type: z.string().max(200).optional(),
    filename: z.string().max(300).optional(),
  }),
]);
export type MediaRef = z.infer<typeof mediaRef>;

export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** The providers a webhook comes from; each has its own way of sending a reply. */
export const providers = channelProviders;
export type Provider = (typeof channelProviders)[number];

/** An email reply's subject and threading headers (RFC 5322 3.6.4). */
export const replyEnvelope = z.object({
  subject: z.string().max(998),
  inReplyTo: z.string().max(998).optional(),
  references: z.array(z.string().max(998)).max(100),
  /** WhatsApp: send this approved template instead of free text. */
  template: templateSend.optional(),
});
export type ReplyEnvelope = z.infer<typeof replyEnvelope>;

/** A customer's message, as every provider's payload is reduced to (and kept, queued, in its receipt). */
export const inboundMessage = z.object({
  /** The provider's id for the message: the key that makes redeliveries harmless. */
  externalId: z.string().min(1).max(998),
  sender: z.object({
    id: z.string().min(1).max(200),
    name: z.string().max(200).optional(),
    phone: z.string().max(40).optional(),
    email: z.email().optional(),
    /**
     * The channel vouches for the sender (a WhatsApp or SMS number, a Telegram account; an email
     * only when DMARC or an aligned DKIM signature passed). An unverified sender is never matched
     * to another customer's records. Absent: verified.
     */
    verified: z.boolean().optional(),
  }),
  /** The text (a caption with an attachment; empty for an attachment alone). */
  content: z.string().max(8000),
  /** An attachment still at the provider, fetched and stored by the consumer before the turn. */
  media: mediaRef.optional(),
  /** An attachment already stored (an email's, read from the MIME on arrival). */
  attachment: storedAttachment.optional(),
  /** Where the reply goes (a WhatsApp wa_id, a phone number, a Telegram chat id). */
  replyTo: z.string().min(1).max(200),
  /** Why no automatic reply may be sent (an unauthenticated email): the turn runs, a person answers. */
  replyWithheld: z.string().max(300).optional(),
  /** The ad the customer came from (WhatsApp's Click-to-WhatsApp referral). */
  attribution: attribution.optional(),
  /** An email's thread: its root Message-ID and every Message-ID it answers (In-Reply-To, References). */
  thread: messageThread.optional(),
  /** How the reply must be addressed beyond `replyTo` (an email's subject and threading headers). */
  envelope: replyEnvelope.optional(),
  /** What the channel said beyond the text, kept on the message (an email's subject and full body). */
  details: z.record(z.string(), z.unknown()).optional(),
});

export type InboundMessage = z.infer<typeof inboundMessage>;

/** What a receipt's payload holds: the message and the provider whose API sends its reply. */
export const queuedMessage = z.object({ provider: z.enum(providers), message: inboundMessage });
export type QueuedMessage = z.infer<typeof queuedMessage>;

export interface StatusUpdate {
  externalMessageId: string;
  status: DeliveryStatus;
  /** Why it failed, in the provider's words. */
  error?: string;
}

/** A customer's reaction to a message (an empty emoji takes it back): stored, never a turn. */
export interface Reaction {
  /** The provider's id of the message reacted to. */
  externalMessageId: string;
  emoji: string;
  by: string;
}

/** A channel as a webhook handler needs it: its tenant, its settings and its opened credentials. */
export interface LoadedChannel {
  id: string;
  organizationId: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  credentials: Record<string, string>;
}

/** The queue message that asks the consumer to work through one sender's waiting messages. */
export const senderWork = z.object({ channelId: z.uuid(), senderId: z.string().min(1).max(200) }).strict();
export type SenderWork = z.infer<typeof senderWork>;
