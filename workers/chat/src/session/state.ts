import type { conversationStatuses, messageRoles } from "@frontdesk/db/schema";
import { z } from "zod";

export type ConversationStatus = (typeof conversationStatuses)[number];
export type MessageRole = (typeof messageRoles)[number];

type Scalar = string | number | boolean | null;
/** Message metadata values: flat enough to cross Durable Object RPC with exact types. */
export type MetadataValue = Scalar | Scalar[] | Record<string, Scalar> | Record<string, Scalar>[];
export type Metadata = Record<string, MetadataValue>;

/** A message as the session keeps it in its window (and as clients receive it). */
export interface SessionMessage {
  id: string;
  role: MessageRole;
  content: string;
  agentId: string | null;
  userId: string | null;
  sentAt: string;
  metadata: Metadata;
  /** Channel messages: the provider's id (inbound: theirs; outbound: set once sent). */
  externalMessageId?: string | null;
  senderExternalId?: string | null;
  senderName?: string | null;
  /** Replies a channel worker sends through the provider start as "pending". */
  deliveryStatus?: "pending" | null;
}

/** A customer message that arrived through a provider channel (WhatsApp, SMS, Telegram...). */
export interface ChannelInbound {
  externalMessageId: string;
  senderExternalId: string;
  senderName: string | null;
}

export interface StageInfo {
  id: string;
  name: string;
  stageType: string;
  position: number;
  requiredFields: string[];
  extractionPrompt: string | null;
  /** The stage's response-generation prompt, given to a model responder. */
  generationPrompt: string | null;
}

/** How to reach the business, from its profile (`PATCH /v1/organizations/current`). */
export interface BusinessContact {
  phone: string | null;
  address: string | null;
  website: string | null;
}

/**
 * Everything a turn needs, kept in the session's Durable Object so that a turn never reads
 * history from Postgres. Rebuilt from Postgres when the object's storage is lost.
 */
export interface SessionState {
  conversationId: string;
  organizationId: string;
  organizationName: string;
  /** The organization's profile (seed 000): how customers reach it when the knowledge base does not say. */
  business?: BusinessContact;
  customerId: string;
  channelId: string | null;
  /** The AI agent that answers (the first stage's agent), shown as the assistant's name. */
  assistantName: string;
  /** That agent's model: "builtin", a Workers AI model ("@cf/..."), or "openai:<model>". */
  assistantModel: string | null;
  agentId: string | null;
  status: ConversationStatus;
  stageId: string | null;
  stages: StageInfo[];
  /** The most recent messages, oldest first. */
  window: SessionMessage[];
  /** Data gathered for the stages (name, email, bike type, ...). */
  extracted: Record<string, string>;
  /** The fields the last reply asked for, so a bare answer can be matched to them. */
  askedFor: string[];
  /** Long-term memory of the customer from earlier conversations. */
  memory: Record<string, string>;
  handoverThreshold: number;
  /** The customer's language (ISO 639-1) as their messages show it; absent in sessions stored before it existed. */
  language?: string | null;
  idleCloseMinutes: number;
  handedOver: boolean;
  messageCount: number;
  startedAt: string;
  lastMessageAt: string | null;
}

export const windowSize = 20;

export function appendToWindow(window: SessionMessage[], ...messages: SessionMessage[]): SessionMessage[] {
  return [...window, ...messages].slice(-windowSize);
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const metadataValue = z.union([
  scalar,
  z.array(scalar),
  z.record(z.string(), scalar),
  z.array(z.record(z.string(), scalar)),
]);

/** Stored metadata as the session holds it; values of any other shape are left out. */
export function toMetadata(stored: Record<string, unknown>): Metadata {
  const metadata: Metadata = {};
  for (const [key, value] of Object.entries(stored)) {
    const parsed = metadataValue.safeParse(value);
    if (parsed.success) metadata[key] = parsed.data;
  }
  return metadata;
}
