import type { Metadata, SessionMessage, SessionState } from "./state.ts";

/**
 * A new message of the conversation. Times strictly increase (`after` the last message, or the
 * one it answers), so a conversation keeps its order even within one clock tick.
 */
export function newMessage(
  state: SessionState,
  role: SessionMessage["role"],
  content: string,
  options: { agentId?: string | null; userId?: string | null; after?: string; metadata: Metadata },
  now = Date.now(),
): SessionMessage {
  const floor = Date.parse(options.after ?? state.lastMessageAt ?? state.startedAt) + 1;
  return {
    id: crypto.randomUUID(),
    role,
    content,
    agentId: options.agentId ?? null,
    userId: options.userId ?? null,
    sentAt: new Date(Math.max(now, floor)).toISOString(),
    metadata: options.metadata,
  };
}
