import * as z from "@frontdesk/http/zod";
import type { SessionState } from "../conversation/state.ts";
import type { MessageView, SessionView } from "../conversation/views.ts";
import { visitorConversation, visitorMessage } from "../conversation/visitor-views.ts";
import { type SocketAttachment, socketAttachment } from "./socket-attachment.ts";

// What crosses a session's WebSockets: the attachment a route sends with the upgrade, the frames
// clients send, and the events sent to each socket in its audience's terms.

/** The attachment the route sent along with the upgrade, or null when it is missing or malformed. */
export function readAttachment(header: string | null): SocketAttachment | null {
  try {
    return socketAttachment.parse(JSON.parse(header ?? "null"));
  } catch {
    return null;
  }
}

const socketFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message"), content: z.string().trim().min(1).max(4000) }),
  z.object({ type: z.literal("typing"), typing: z.boolean().default(true) }),
]);

/** A frame a client sent, or undefined when it is not one of the frames we take. */
export function parseFrame(data: string | ArrayBuffer): z.infer<typeof socketFrame> | undefined {
  try {
    const text = typeof data === "string" ? data : new TextDecoder().decode(data);
    return socketFrame.safeParse(JSON.parse(text)).data;
  } catch {
    return undefined;
  }
}

export function sendQuietly(socket: WebSocket, payload: string): void {
  try {
    socket.send(payload);
  } catch {
    // A socket that is going away misses the event; it reloads history when it reconnects.
  }
}

export type SessionEvent =
  | { type: "ready" | "conversation"; conversation: SessionView }
  | { type: "message"; message: MessageView };

/** An event in the terms of the socket's audience: visitors get the visitor views (or nothing). */
export function eventFor(attachment: SocketAttachment, event: SessionEvent, state: SessionState) {
  if (attachment.credential.kind !== "visitor") return event;
  if (event.type === "message") {
    const message = visitorMessage(event.message, state.assistantName);
    return message && { type: event.type, message };
  }
  return { type: event.type, conversation: visitorConversation(event.conversation) };
}
