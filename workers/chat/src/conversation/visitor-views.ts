import { attachmentKinds, type VisitorMessage, visitorMessageView } from "@frontdesk/contracts/chat";
import * as z from "@frontdesk/http/zod";
import type { Metadata } from "./state.ts";
import { type MessageView, type SessionView, sourcesOf, suggestionsOf } from "./views.ts";

type StoredMessage = Pick<MessageView, "id" | "role" | "content" | "sentAt" | "metadata">;

/** The visitor's view of a stored message; null for what visitors never see (roles other than these). */
export function visitorMessage(message: StoredMessage, assistantName: string): VisitorMessage | null {
  const role = visitorMessageView.shape.role.safeParse(message.role);
  if (!role.success) return null;
  const authorName = z.string().safeParse(message.metadata.authorName).data;
  return {
    id: message.id,
    role: role.data,
    content: message.content,
    sentAt: message.sentAt,
    authorName: role.data === "assistant" ? assistantName : role.data === "agent" ? (authorName ?? null) : null,
    sources: sourcesOf(message.metadata),
    suggestions: suggestionsOf(message.metadata),
    attachment: attachmentOf(message.metadata),
  };
}

const attachmentMetadata = z.object({
  kind: z.enum(attachmentKinds).catch("document"),
  type: z.string().catch("application/octet-stream"),
  size: z.number().int().nonnegative(),
  filename: z.string().nullable().catch(null),
});

/** The file a message carried, as its sender may see it again (the turn keeps it in the metadata). */
function attachmentOf(metadata: Metadata): VisitorMessage["attachment"] {
  const parsed = attachmentMetadata.safeParse(metadata.attachment);
  return parsed.success ? parsed.data : null;
}

export const visitorConversation = (
  conversation: Pick<SessionView, "id" | "status">,
  csatScore: number | null = null,
) => ({ id: conversation.id, status: conversation.status, csatScore });
