import type { SessionMessage, SessionState } from "./state.ts";

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
  stage: state.stages.find((stage) => stage.id === state.stageId)?.name ?? null,
  extractedData: state.extracted,
  messageCount: state.messageCount,
  lastMessageAt: state.lastMessageAt,
});

export type SessionView = ReturnType<typeof sessionView>;
