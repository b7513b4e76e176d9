import { scopes } from "./scopes.ts";
import * as z from "./zod.ts";

/**
 * How the gateway tells a domain worker who is calling. Domain workers have no public route, so
 * these headers can only come from the gateway, which strips any copy a client sent.
 */
export const identityHeader = "x-frontdesk-identity";

export const forwardedIdentity = z.object({
  organizationId: z.uuid(),
  // Never from the gateway: "assistant" is the AI agent acting in a conversation (the chat worker
  // calling tools); "channel" is the channels worker delivering a verified provider message.
  // "visitor" is a web chat visitor whose visitor token the gateway verified.
  principal: z.enum(["api_key", "user", "public", "assistant", "channel", "visitor"]),
  scopes: z.array(z.enum(scopes)),
  subjectId: z.string().describe("The API key, staff user, channel or (visitors) customer id behind the request."),
  /** Visitors only: the one conversation their token is bound to, on which channel, from which browser. */
  visitor: z.object({ channelId: z.uuid(), conversationId: z.uuid(), visitorId: z.uuid() }).optional(),
  /** When the credential stops working (a staff session token), ms since the epoch. */
  expiresAt: z.number().int().optional(),
  /** Staff signed in through the browser: the session (revoked on sign-out), which live sockets recheck. */
  browserSessionId: z.uuid().optional(),
});

export type ForwardedIdentity = z.infer<typeof forwardedIdentity>;

/** A copy of `request` for a domain worker, carrying the caller's identity and request id. */
export function forwardWithIdentity(request: Request, identity: ForwardedIdentity, requestId: string): Request {
  const headers = new Headers(request.headers);
  for (const name of [...headers.keys()]) if (name.startsWith("x-frontdesk-")) headers.delete(name);
  // The caller's credentials stop at the gateway: domain workers know them only as the identity.
  headers.delete("authorization");
  headers.delete("cookie");
  headers.delete("x-csrf-token");
  headers.set(identityHeader, JSON.stringify(identity));
  headers.set("x-request-id", requestId);
  return new Request(request, { headers });
}

/** The identity a domain worker received, or undefined when the request did not come through the gateway. */
export function readIdentity(headers: Headers): ForwardedIdentity | undefined {
  const raw = headers.get(identityHeader);
  if (!raw) return undefined;
  try {
    return forwardedIdentity.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
