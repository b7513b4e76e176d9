import { deliveryStatuses } from "@frontdesk/db/schema";
import { rpcMethod } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { attribution } from "./attribution.ts";
import { httpUrlMessage, isHttpUrl } from "./links.ts";

export const attachmentKinds = ["image", "audio", "video", "document"] as const;

/**
 * A customer's attachment, as stored by the channels worker: its R2 key (scoped by organization),
 * the sniffed content type, size and name; or why it could not be stored (too large, unreachable).
 */
export const storedAttachment = z
  .object({
    kind: z.enum(attachmentKinds),
    key: z.string().min(1).max(500).nullable(),
    type: z.string().max(200),
    size: z.number().int().nonnegative(),
    filename: z.string().max(300).optional(),
    error: z.enum(["too-large", "unavailable"]).optional(),
  })
  .strict();
export type StoredAttachment = z.infer<typeof storedAttachment>;

/** An email's thread: its root Message-ID (the conversation's key) and every Message-ID it answers. */
export const messageThread = z
  .object({
    key: z.string().min(1).max(998),
    references: z.array(z.string().min(1).max(998)).max(100),
  })
  .strict();

/** A verified customer message from a provider channel, reduced to what every provider gives. */
export const channelMessage = z
  .object({
    organizationId: z.uuid(),
    channelId: z.uuid(),
    sender: z
      .object({
        id: z.string().min(1).max(200).describe("The sender's id on the channel (wa_id, phone, Telegram user id)."),
        name: z.string().max(200).optional(),
        phone: z.string().max(40).optional(),
        email: z.email().optional(),
        /** False when the channel cannot vouch for the sender (an unauthenticated email); absent: verified. */
        verified: z.boolean().optional(),
      })
      .strict(),
    message: z
      .object({
        externalId: z.string().min(1).max(998),
        /** The text (a caption, with an attachment; empty for an attachment alone). */
        content: z.string().max(8000),
        attachment: storedAttachment.optional(),
        /** What the channel said beyond the text (an email's subject and full body), kept on the message. */
        details: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .refine((message) => message.content.trim() !== "" || message.attachment !== undefined, {
        message: "A message has text or an attachment.",
      }),
    /** Where the customer came from (a Click-to-WhatsApp ad's referral), when the message says. */
    attribution: attribution.optional(),
    /** Email: the message joins the conversation of the thread it answers, or starts its own. */
    thread: messageThread.optional(),
  })
  .strict();

export type ChannelMessage = z.infer<typeof channelMessage>;

export const channelTurn = z.object({
  conversationId: z.uuid(),
  messageId: z.uuid(),
  /** The assistant's answer to send back; null while a person handles the conversation. */
  reply: z.object({ id: z.uuid(), content: z.string() }).nullable(),
});

export const deliveryUpdates = z
  .object({
    organizationId: z.uuid(),
    channelId: z.uuid(),
    updates: z
      .array(
        z
          .object({
            externalMessageId: z.string().min(1).max(998),
            /** Our own id of a reply just sent: the provider's id is recorded on it. */
            messageId: z.uuid().optional(),
            status: z.enum(deliveryStatuses),
            /** Why it failed, in the provider's words. */
            error: z.string().max(1000).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

/** Customers' reactions to messages of a channel (a 👍 on WhatsApp or Telegram; "" takes one back). */
export const channelReactions = z
  .object({
    organizationId: z.uuid(),
    channelId: z.uuid(),
    reactions: z
      .array(
        z
          .object({
            externalMessageId: z.string().min(1).max(998),
            emoji: z.string().max(32),
            by: z.string().min(1).max(200),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

/** What a pre-chat form asks (unverified: it fills gaps, it never matches another customer). */
export const visitorProfile = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
    consent: z.boolean().optional(),
  })
  .strict();

/** The page the visitor opened the chat on, as the widget reports it. */
export const visitorPage = z
  .object({
    url: z.url().max(2000).refine(isHttpUrl, httpUrlMessage).optional(),
    title: z.string().max(300).optional(),
    referrer: z.string().max(2000).optional(),
    locale: z.string().max(35).optional(),
  })
  .strict();

/** A website visitor opening the chat: who they are as far as the gateway could verify. */
export const visitorArrival = z
  .object({
    organizationId: z.uuid(),
    channelId: z.uuid(),
    /** The browser's id (seed 001's visitor_session_id), minted by the gateway, carried in the visitor token. */
    visitorId: z.uuid(),
    /** The business's own user id, when the page proved it with a valid userHash. */
    verifiedUserId: z.string().min(1).max(200).nullable(),
    profile: visitorProfile,
    page: visitorPage.optional(),
    /** The ad parameters the visitor landed with; else those of the page's own URL. */
    attribution: attribution.optional(),
  })
  .strict();

export type VisitorArrival = z.infer<typeof visitorArrival>;

export const visitorSession = z.object({
  conversationId: z.uuid(),
  customerId: z.uuid(),
  /** False when the visitor's open conversation on this channel was picked up again. */
  created: z.boolean(),
});

export type VisitorSession = z.infer<typeof visitorSession>;

const segmentTraits = z
  .object({
    email: z.string().optional(),
    phone: z.string().optional(),
    name: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    company: z.string().optional(),
  })
  .partial();

/** Segment `identify` and `alias` calls, in the order they were stored. */
export const segmentIdentities = z.object({
  organizationId: z.uuid(),
  calls: z
    .array(
      z.discriminatedUnion("type", [
        z.object({ type: z.literal("identify"), userId: z.string().min(1).max(200), traits: segmentTraits }),
        z.object({
          type: z.literal("alias"),
          userId: z.string().min(1).max(200),
          previousId: z.string().min(1).max(200),
        }),
      ]),
    )
    .max(2_500),
});
export type SegmentIdentities = z.infer<typeof segmentIdentities>;

/** An attachment as its sender sees it again: what it is, never where it is stored. */
export const visitorAttachmentView = z
  .object({
    kind: z.enum(attachmentKinds),
    type: z.string(),
    filename: z.string().nullable(),
    size: z.number().int().nonnegative(),
  })
  .openapi("VisitorAttachment");

/**
 * What a website visitor sees of a message: the words, who said them and the sources they came
 * from, never what staff see (intent, confidence, sentiment, extracted data, internal ids).
 */
export const visitorMessageView = z
  .object({
    id: z.uuid(),
    role: z.enum(["customer", "assistant", "agent", "system"]),
    content: z.string(),
    sentAt: z.string(),
    authorName: z.string().nullable().openapi({ description: "The assistant's or the human agent's name." }),
    sources: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().nullable() })),
    suggestions: z.array(z.object({ id: z.string(), title: z.string() })).openapi({
      description:
        'Entries the assistant offers when it is unsure what is asked ("did you mean …?"). Send one\'s title, or its number, to pick it; "none" asks for a person.',
    }),
    attachment: visitorAttachmentView.nullable(),
  })
  .openapi("VisitorMessage");

export type VisitorMessage = z.infer<typeof visitorMessageView>;

export const visitorConversationView = z
  .object({
    id: z.uuid(),
    status: z.enum(["active", "waiting", "with_agent", "closed"]),
    csatScore: z.number().int().nullable(),
  })
  .openapi("VisitorConversation");

/** A visitor's message, the assistant's reply (null while it waits for a person) and the conversation after. */
export const visitorTurn = z.object({
  message: visitorMessageView,
  reply: visitorMessageView.nullable(),
  conversation: visitorConversationView,
});

export type VisitorTurn = z.infer<typeof visitorTurn>;

/** A file a website visitor sent (stored by the channels worker), with its caption, in their own conversation. */
export const visitorAttachmentMessage = z
  .object({
    organizationId: z.uuid(),
    channelId: z.uuid(),
    conversationId: z.uuid(),
    customerId: z.uuid(),
    /** The caption; empty for a file alone. */
    content: z.string().max(8000),
    attachment: storedAttachment,
  })
  .strict();

export type VisitorAttachmentMessage = z.infer<typeof visitorAttachmentMessage>;

/** What the channels worker and the gateway ask of the chat worker (its ChatService entrypoint). */
export const chatContract = {
  /** Matches the customer, finds or starts their open conversation on the channel and runs the turn. */
  receiveChannelMessage: rpcMethod(channelMessage, channelTurn, [
    "duplicate-message",
    "conversation-closed",
    "not-found",
  ]),
  /** Delivery statuses from the provider; a message's status never moves backwards. */
  recordDeliveries: rpcMethod(deliveryUpdates, z.object({ updated: z.number().int() })),
  /** Reactions are stored on the message they react to; they never start a turn. */
  recordReactions: rpcMethod(channelReactions, z.object({ updated: z.number().int() })),
  /** The gateway, for a web chat visitor: finds or makes the customer and their open conversation. */
  startVisit: rpcMethod(visitorArrival, visitorSession, ["not-found"]),
  /** The channels worker, after storing a website visitor's file: the message and its turn. */
  receiveVisitorAttachment: rpcMethod(visitorAttachmentMessage, visitorTurn, ["not-found", "conflict"]),
  /** The events worker, after storing Segment identify/alias calls: the customers they name follow. */
  applySegmentIdentities: rpcMethod(
    segmentIdentities,
    z.object({ identified: z.number().int(), aliased: z.number().int() }),
  ),
};
