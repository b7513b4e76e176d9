import { z } from "@hono/zod-openapi";
import { type MessageView, type SessionView, sourcesOf } from "../session/views.ts";

/**
 * What a website visitor sees of a conversation: the words, who said them and the sources they
 * came from, never what staff see (intent, confidence, sentiment, extracted data, internal ids).
 */
export const visitorMessageSchema = z
  .object({
    id: z.uuid(),
    role: z.enum(["customer", "assistant", "agent", "system"]),
    content: z.string(),
    sentAt: z.string(),
    authorName: z.string().nullable().openapi({ description: "The assistant's or the human agent's name." }),
    sources: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().nullable() })),
  })
  .openapi("VisitorMessage");

export type VisitorMessage = z.infer<typeof visitorMessageSchema>;

export const visitorConversationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(["active", "waiting", "with_agent", "closed"]),
    csatScore: z.number().int().nullable(),
  })
  .openapi("VisitorConversation");

type StoredMessage = Pick<MessageView, "id" | "role" | "content" | "sentAt" | "metadata">;

/** The visitor's view of a stored message; null for what visitors never see (roles other than these). */
export function visitorMessage(message: StoredMessage, assistantName: string): VisitorMessage | null {
  const role = visitorMessageSchema.shape.role.safeParse(message.role);
  if (!role.success) return null;
  const authorName = z.string().safeParse(message.metadata.authorName).data;
  return {
    id: message.id,
    role: role.data,
    content: message.content,
    sentAt: message.sentAt,
    authorName: role.data === "assistant" ? assistantName : role.data === "agent" ? (authorName ?? null) : null,
    sources: sourcesOf(message.metadata),
  };
}

export const visitorConversation = (
  conversation: Pick<SessionView, "id" | "status">,
  csatScore: number | null = null,
) => ({ id: conversation.id, status: conversation.status, csatScore });
