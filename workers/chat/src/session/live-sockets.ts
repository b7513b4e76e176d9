import type { SessionState } from "../conversation/state.ts";
import { sessionView } from "../conversation/views.ts";
import { framesPerMinute, nextSocketCheck, spendFrame } from "../sockets/socket-access.ts";
import { type SocketAttachment, socketAttachment } from "../sockets/socket-attachment.ts";
import { eventFor, parseFrame, type SessionEvent, sendQuietly } from "../sockets/socket-events.ts";

// The conversation's live sockets (hibernatable WebSockets of the session object): accepting one,
// reading what a client sends, and telling every socket in its audience's terms.

/** Accepts a WebSocket the route has authorised, says "ready", and arms the credential recheck. */
export async function acceptSocket(
  ctx: DurableObjectState,
  request: Request,
  attachment: SocketAttachment,
  state: SessionState,
): Promise<Response> {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return new Response("expected a WebSocket upgrade", { status: 426 });
  }
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server, [attachment.role]);
  server.serializeAttachment(attachment);
  server.send(JSON.stringify(eventFor(attachment, { type: "ready", conversation: sessionView(state) }, state)));
  const check = nextSocketCheck(ctx.getWebSockets());
  const armed = await ctx.storage.getAlarm();
  if (check !== undefined && (armed === null || armed > check)) await ctx.storage.setAlarm(check);
  // A browser that authenticated with a subprotocol (it cannot set headers) must hear it echoed.
  const protocol = request.headers.get("x-session-socket-protocol");
  return new Response(null, {
    status: 101,
    webSocket: client,
    ...(protocol ? { headers: { "sec-websocket-protocol": protocol } } : {}),
  });
}

/**
 * Counts a frame against the socket's budget before anything awaits (frames that arrive together
 * are counted exactly); answers the error to send when the budget is spent.
 */
export function spendSocketFrame(socket: WebSocket, attachment: SocketAttachment, now = Date.now()) {
  const spent = spendFrame(attachment.frames, now);
  socket.serializeAttachment({ ...attachment, frames: spent.window });
  if (spent.retryAfter === undefined) return undefined;
  return {
    type: "error",
    problem: "rate-limited",
    retryAfter: spent.retryAfter,
    detail: `At most ${framesPerMinute} frames a minute.`,
  };
}

export type FrameAction = { error: Record<string, string> } | { typing: boolean } | { write: string };

/** What a client's frame asks for, or the error it gets: frames obey the rules of a request. */
export function frameAction(attachment: SocketAttachment, data: string | ArrayBuffer): FrameAction {
  const frame = parseFrame(data);
  if (!frame) {
    return {
      error: {
        type: "error",
        detail: 'Send {"type":"message","content":"..."} (1-4000 characters) or {"type":"typing","typing":true}.',
      },
    };
  }
  if (frame.type === "typing") return { typing: frame.typing };
  if (attachment.credential.kind === "visitor") {
    // A visitor's messages go through POST .../messages, where the channel's limits apply.
    return { error: { type: "error", detail: "Send messages with POST .../conversation/messages." } };
  }
  if (!attachment.credential.canWrite) {
    return {
      error: { type: "error", problem: "forbidden", detail: "Writing needs the conversations:write scope." },
    };
  }
  return { write: frame.content };
}

/** Tells every socket, each in its audience's terms (visitors never see what staff see). */
export function broadcast(sockets: WebSocket[], event: SessionEvent, state: SessionState): void {
  const staff = JSON.stringify(event);
  for (const socket of sockets) {
    const attachment = socketAttachment.safeParse(socket.deserializeAttachment()).data;
    if (attachment?.credential.kind !== "visitor") sendQuietly(socket, staff);
    else {
      const visitorEvent = eventFor(attachment, event, state);
      if (visitorEvent) sendQuietly(socket, JSON.stringify(visitorEvent));
    }
  }
}

/** "Someone is typing", for the other side only (a visitor hears the agent, staff hear the visitor). */
export function broadcastTyping(
  sockets: WebSocket[],
  from: WebSocket,
  attachment: SocketAttachment,
  typing: boolean,
): void {
  const event = JSON.stringify({
    type: "typing",
    role: attachment.role,
    typing,
    ...(attachment.role === "agent" ? { name: attachment.author.name } : {}),
  });
  for (const socket of sockets) {
    if (socket === from) continue;
    const other = socketAttachment.safeParse(socket.deserializeAttachment()).data;
    if (other && other.role !== attachment.role) sendQuietly(socket, event);
  }
}
