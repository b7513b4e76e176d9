import { isHttpUrl } from "@frontdesk/contracts/links";
import * as z from "@frontdesk/http/zod";
import type { Metadata, SessionMessage, SessionState } from "./state.ts";

/** A message as the API returns it. */
export const messageView = (state: SessionState, message: SessionMessage) => ({
  id: message.id,
  conversationId: state.conversationId,
  role: message.role,
  content: message.content,
  agentId: message.agentId,
  userId: message.userId,
  sentAt: message.sentAt,
  metadata: message.metadata,
});

export type MessageView = ReturnType<typeof messageView>;

/** The conversation's live state as the API returns it after a turn or a status change. */
export const sessionView = (state: SessionState) => ({
  id: state.conversationId,
  status: state.status,
  customerId: state.customerId,
  channelId: state.channelId,
  agentId: state.agentId,
  assistantName: state.assistantName,
  stage: state.stages.find((stage) => stage.id === state.stageId)?.name ?? null,
  extractedData: state.extracted,
  messageCount: state.messageCount,
  lastMessageAt: state.lastMessageAt,
  priority: state.priority ?? "normal",
});

export type SessionView = ReturnType<typeof sessionView>;

/** A cited entry as a reply's metadata keeps it (written by the turn: `url` is the entry's `sourceUrl`). */
const sourceShape = z.object({ id: z.string(), title: z.string(), url: z.string().nullable().optional() });

/** The knowledge entries a reply cites (its metadata's `sources`), as links where they have an http(s) one. */
export function sourcesOf(metadata: Metadata): { id: string; title: string; url: string | null }[] {
  const sources = z.array(sourceShape).safeParse(metadata.sources).data ?? [];
  return sources.map((source) => ({
    id: source.id,
    title: source.title,
    url: isHttpUrl(source.url) ? source.url : null,
  }));
}

/** An entry offered to the customer, as the reply's metadata keeps it. */
export const offeredEntry = z.object({ id: z.string(), title: z.string() });
export type OfferedEntry = z.infer<typeof offeredEntry>;

/** The entries a reply offered (its metadata's `suggestions`). */
export const suggestionsOf = (metadata: Metadata): OfferedEntry[] =>
  z.array(offeredEntry).safeParse(metadata.suggestions).data ?? [];
