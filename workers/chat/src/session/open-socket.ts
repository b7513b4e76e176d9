import { mutableResponse, ProblemError } from "@frontdesk/http";
import type { ChatEnv } from "../env.ts";
import type { SocketAttachment } from "../sockets/socket-attachment.ts";
import { sessionContext } from "./stub.ts";

/**
 * Hands a WebSocket upgrade to the conversation's session with who is on this end of it. A browser
 * that authenticated with a subprotocol gets it echoed (or it would drop the connection).
 */
export async function openSessionSocket(
  env: ChatEnv,
  request: Request,
  attachment: SocketAttachment,
  protocol?: string,
): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set("x-session-socket", JSON.stringify(attachment));
  if (protocol) headers.set("x-session-socket-protocol", protocol);
  const response = await sessionContext(env, attachment.conversationId).fetch(new Request(request, { headers }));
  if (response.status === 404) throw new ProblemError("not-found", "No such conversation in this organization.");
  if (response.status === 426) throw new ProblemError("validation-failed", "Connect with a WebSocket upgrade.");
  return mutableResponse(response);
}
