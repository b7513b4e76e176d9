import type { schema } from "@frontdesk/db";
import {
  conversationPriorities,
  conversationStatuses,
  deliveryStatuses,
  escalationCategories,
  messageDirections,
  messageRoles,
  messageTypes,
} from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";

export const conversationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(conversationStatuses),
    customerId: z.uuid(),
    channelId: z.uuid().nullable(),
    projectId: z.uuid().nullable().openapi({ description: "The project (assistant) of its channel." }),
    adAssetId: z.uuid().nullable().openapi({ description: "The ad it came from, if any." }),
    attribution: z
      .record(z.string(), z.string())
      .openapi({ description: "Where the customer came from, as the channel said (referral, utm_*, click ids)." }),
    agentId: z.uuid().nullable(),
    visitorSessionId: z
      .string()
      .nullable()
      .openapi({ description: "Web chat: the visitor's browser (seed 001's visitor_session_id)." }),
    title: z.string().nullable(),
    intent: z.string().nullable(),
    sentiment: z.string().nullable(),
    csatScore: z.number().int().nullable(),
    priority: z.enum(conversationPriorities).openapi({
      description: "Its place in the inbox's priority order; an escalation rule raises it (never lowers it).",
    }),
    handoverReason: z.string().nullable().openapi({
      description:
        "Why it went to a person: customer_request, low_confidence, escalated, attachment, or what staff gave.",
    }),
    escalationCategory: z.enum(escalationCategories).nullable().openapi({
      description: "The escalation rule's category when one sent it to a person (safety, legal, billing, …).",
    }),
    handedOverAt: z.string().nullable(),
    summary: z.string().nullable(),
    extractedData: z.record(z.string(), z.unknown()),
    metadata: z.record(z.string(), z.unknown()),
    messageCount: z.number().int(),
    startedAt: z.string(),
    lastMessageAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Conversation");

const metadataField = z.record(z.string(), z.unknown()).openapi({
  description:
    "For assistant replies: intent, sentiment, confidence, sources, stage, stageId, agent, projectId, templates (type, id, version), model, inputTokens, outputTokens, latencyMs. For emails: `email` (subject, messageId, from, date, the whole body).",
});

/** A message as a turn answers it (the conversation's live view). */
const turnMessageSchema = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    role: z.enum(messageRoles),
    content: z.string(),
    agentId: z.uuid().nullable(),
    userId: z.uuid().nullable(),
    sentAt: z.string(),
    metadata: metadataField,
  })
  .openapi("TurnMessage");

/** A stored message, with what staff need to trust a channel. */
export const messageSchema = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    role: z.enum(messageRoles),
    direction: z.enum(messageDirections),
    type: z.enum(messageTypes),
    content: z.string(),
    agentId: z.uuid().nullable(),
    userId: z.uuid().nullable(),
    sentAt: z.string(),
    externalMessageId: z
      .string()
      .nullable()
      .openapi({ description: "The provider's id (wamid, Twilio SID, Telegram chat:message, email Message-ID)." }),
    deliveryStatus: z.enum(deliveryStatuses).nullable().openapi({
      description: "Outbound messages on provider channels: pending → sent → delivered → read, or failed.",
    }),
    deliveryError: z.string().nullable().openapi({ description: "Why it failed, in the provider's words." }),
    isRead: z.boolean().openapi({ description: "Inbound messages: read by an agent or answered by the assistant." }),
    readAt: z.string().nullable(),
    media: z.object({ url: z.string(), type: z.string().nullable() }).nullable().openapi({
      description:
        "An attachment (seed 003's media_url and media_type): `url` is `/v1/attachments/…`, which redirects staff to a signed link valid for 5 minutes.",
    }),
    reactions: z.array(z.object({ emoji: z.string(), by: z.string(), at: z.string() })),
    metadata: metadataField,
  })
  .openapi("Message");

export const sessionSchema = conversationSchema
  .pick({
    id: true,
    status: true,
    customerId: true,
    channelId: true,
    agentId: true,
    messageCount: true,
    lastMessageAt: true,
    priority: true,
  })
  .extend({
    stage: z.string().nullable(),
    extractedData: z.record(z.string(), z.string()),
    assistantName: z.string().openapi({ description: "The name the assistant answers under." }),
  })
  .openapi("ConversationState");

export const turnSchema = z
  .object({ message: turnMessageSchema, reply: turnMessageSchema.nullable(), conversation: sessionSchema })
  .openapi("Turn");

type ConversationRow = {
  id: string;
  status: z.infer<typeof conversationSchema>["status"];
  customerId: string;
  channelId: string | null;
  projectId: string | null;
  adAssetId: string | null;
  attribution: Record<string, string>;
  agentId: string | null;
  visitorSessionId: string | null;
  title: string | null;
  intent: string | null;
  sentiment: string | null;
  csatScore: number | null;
  priority: z.infer<typeof conversationSchema>["priority"];
  handoverReason: string | null;
  escalationCategory: z.infer<typeof conversationSchema>["escalationCategory"];
  handedOverAt: Date | null;
  summary: string | null;
  extractedData: Record<string, unknown>;
  metadata: Record<string, unknown>;
  messageCount: number;
  startedAt: Date;
  lastMessageAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
};

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export const toConversation = (row: ConversationRow): z.infer<typeof conversationSchema> => ({
  id: row.id,
  status: row.status,
  customerId: row.customerId,
  channelId: row.channelId,
  projectId: row.projectId,
  adAssetId: row.adAssetId,
  attribution: row.attribution,
  agentId: row.agentId,
  visitorSessionId: row.visitorSessionId,
  title: row.title,
  intent: row.intent,
  sentiment: row.sentiment,
  csatScore: row.csatScore,
  priority: row.priority,
  handoverReason: row.handoverReason,
  escalationCategory: row.escalationCategory,
  handedOverAt: iso(row.handedOverAt),
  summary: row.summary,
  extractedData: row.extractedData,
  metadata: row.metadata,
  messageCount: row.messageCount,
  startedAt: row.startedAt.toISOString(),
  lastMessageAt: iso(row.lastMessageAt),
  endedAt: iso(row.endedAt),
  createdAt: row.createdAt.toISOString(),
});

type MessageRow = typeof schema.messages.$inferSelect;

/** An attachment's R2 key (`organization/channel/object`) as the staff route that signs a link to it. */
const attachmentPath = (key: string) => `/v1/attachments/${key.split("/").slice(1).join("/")}`;

/** A stored message as the API returns it. */
export const toMessage = (row: MessageRow): z.infer<typeof messageSchema> => ({
  id: row.id,
  conversationId: row.conversationId,
  role: row.role,
  direction: row.direction,
  type: row.messageType,
  content: row.content,
  agentId: row.agentId,
  userId: row.userId,
  sentAt: row.sentAt.toISOString(),
  externalMessageId: row.externalMessageId,
  deliveryStatus: row.deliveryStatus,
  deliveryError: row.deliveryError,
  isRead: row.isRead,
  readAt: row.readAt?.toISOString() ?? null,
  media: row.mediaUrl ? { url: attachmentPath(row.mediaUrl), type: row.mediaType } : null,
  reactions: row.reactions,
  metadata: row.metadata,
});
