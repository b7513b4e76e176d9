import type { MessageView, SessionView } from "../conversation/views.ts";

/** A staff note as the API and the inbox feed show it. */
export interface NoteView {
  id: string;
  conversationId: string;
  authorUserId: string | null;
  authorName: string | null;
  content: string;
  createdAt: string;
}

/**
 * What the inbox's live feed (`GET /v1/inbox/live`) sends: `ready` once connected, then every
 * change to a conversation of the organization (with the message that caused it, staff view) and
 * every private note. Staff only: no visitor ever holds a feed socket.
 */
export type InboxEvent =
  | { type: "ready" }
  | {
      type: "conversation";
      conversation: Pick<
        SessionView,
        "id" | "status" | "customerId" | "channelId" | "agentId" | "messageCount" | "lastMessageAt"
      >;
      messages: MessageView[];
    }
  | { type: "note"; note: NoteView };
