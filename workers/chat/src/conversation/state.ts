import type { StoredAttachment } from "@frontdesk/contracts/chat";
import type { conversationPriorities, conversationStatuses, messageRoles } from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";
import type { EscalationPhrase } from "./escalation-phrase.ts";
import type { FieldDeclaration } from "./field-declaration.ts";

export type ConversationStatus = (typeof conversationStatuses)[number];
export type MessageRole = (typeof messageRoles)[number];
export type ConversationPriority = (typeof conversationPriorities)[number];

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
  /** A customer's attachment, stored in R2 by the channels worker (or why it could not be). */
  attachment?: StoredAttachment;
}

/** A customer message that arrived through a channel worker (WhatsApp, SMS, Telegram, email, a widget upload). */
export interface ChannelInbound {
  externalMessageId: string;
  senderExternalId: string;
  senderName: string | null;
  /** What the channel said beyond the text (an email's subject and full body), kept on the message. */
  details?: Metadata;
  attachment?: StoredAttachment;
  /** The web widget reads the reply from us; a provider channel's reply waits to be sent ("pending"). */
  readByWidget?: true;
}

/** A template as a reply records it: which one, at which version. */
export interface TemplateRef {
  type: "stage_selection" | "data_extraction" | "response_generation";
  id: string;
  version: number;
}

/** The AI agent that answers in a stage (seed 000: each stage has its own). */
export interface StageAgent {
  id: string;
  name: string;
  /** "builtin", a Workers AI model ("@cf/..."), or "openai:<model>". */
  model: string | null;
}

/** A stage as a turn uses it: how it is chosen, what it gathers, how it answers and who answers. */
export interface StageInfo {
  id: string;
  name: string;
  description: string;
  stageType: string;
  position: number;
  requiredFields: string[];
  /** The declared types of its fields (`stages.field_types`), as stored. */
  fieldTypes: Record<string, FieldDeclaration>;
  /** Intents and words that choose the stage without a model. */
  intents: string[];
  keywords: string[];
  /** The selection template's instructions (for a model). */
  selectionPrompt: string | null;
  extractionPrompt: string | null;
  /** The response generation template: instructions and body for a model, phrasings for the built-in responder. */
  generationPrompt: string | null;
  generationContent: string;
  replies: Record<string, string>;
  /** The stage's agent, or the project's, or the organization's first AI agent. */
  agent: StageAgent | null;
  templates: TemplateRef[];
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
  /** The shape's version: a stored session of another version is rebuilt from Postgres. */
  version: typeof sessionStateVersion;
  conversationId: string;
  organizationId: string;
  organizationName: string;
  /** The organization's profile (seed 000): how customers reach it when the knowledge base does not say. */
  business?: BusinessContact;
  customerId: string;
  channelId: string | null;
  /** The project (assistant) of the conversation's channel; null: the organization's own pipeline. */
  projectId: string | null;
  /** The project's persona, given to a model agent. */
  persona: string | null;
  /** The knowledge categories the assistant answers from; empty: all. */
  knowledgeCategories: string[];
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
  /** The phrases that send a message to a person at once (defaults and the organization's own rules). */
  escalationPhrases: EscalationPhrase[];
  /** The models the organization's knowledge entries are embedded by (a question is embedded only for one of them). */
  embeddingModels?: string[];
  /** The conversation's priority in the inbox; an escalation raises it. */
  priority?: ConversationPriority;
  /** The confidence an entry needs to be offered when none is answered ("did you mean …?"); absent in older sessions. */
  suggestionThreshold?: number;
  /** The customer's language (ISO 639-1) as their messages show it; absent in sessions stored before it existed. */
  language?: string | null;
  idleCloseMinutes: number;
  handedOver: boolean;
  messageCount: number;
  startedAt: string;
  lastMessageAt: string | null;
}

export const windowSize = 20;

export const sessionStateVersion = 3;

export function appendToWindow(window: SessionMessage[], ...messages: SessionMessage[]): SessionMessage[] {
  return [...window, ...messages].slice(-windowSize);
}

/** The state once a turn's messages are written: in the window, counted, the last one's time the last activity. */
export function withMessages(next: SessionState, messages: SessionMessage[]): SessionState {
  const last = messages[messages.length - 1];
  return {
    ...next,
    window: appendToWindow(next.window, ...messages),
    messageCount: next.messageCount + messages.length,
    lastMessageAt: last?.sentAt ?? next.lastMessageAt,
  };
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
