import * as z from "@frontdesk/http/zod";
import { sign, verify } from "hono/jwt";

/** A visitor keeps their token for a season: it is what brings them back to their conversation. */
export const visitorTokenSeconds = 90 * 24 * 3600;
/**
 * A signed-in user's token holds their identity (their history, bookings and tickets): it lives a
 * day, and the page proves the user again (userId and userHash) for a new one.
 */
export const verifiedVisitorTokenSeconds = 24 * 3600;

const claims = z.object({
  typ: z.literal("visitor"),
  /** The customer. */
  sub: z.uuid(),
  org: z.uuid(),
  chn: z.uuid(),
  cid: z.uuid(),
  /** The browser (seed 001's visitor_session_id). */
  vid: z.uuid(),
  /** The business's verified user id, when the page proved it. */
  uid: z.string().optional(),
  /** Issued at, in ms (a revocation refuses every token issued before it). */
  itm: z.number().int(),
  exp: z.number().int(),
});

export interface VisitorClaims {
  organizationId: string;
  channelId: string;
  customerId: string;
  conversationId: string;
  visitorId: string;
  verifiedUserId: string | null;
  /** ms since the epoch. */
  issuedAt: number;
  /** ms since the epoch. */
  expiresAt: number;
}

/**
 * A signed visitor token (HS256 with the session secret, `typ: visitor`, so it is never mistaken
 * for a staff token): bound to one channel, customer and conversation.
 */
export async function issueVisitorToken(secret: string, visitor: Omit<VisitorClaims, "expiresAt" | "issuedAt">) {
  const now = Date.now();
  const exp = Math.floor(now / 1000) + (visitor.verifiedUserId ? verifiedVisitorTokenSeconds : visitorTokenSeconds);
  const token = await sign(
    {
      typ: "visitor",
      sub: visitor.customerId,
      org: visitor.organizationId,
      chn: visitor.channelId,
      cid: visitor.conversationId,
      vid: visitor.visitorId,
      ...(visitor.verifiedUserId ? { uid: visitor.verifiedUserId } : {}),
      itm: now,
      exp,
    },
    secret,
    "HS256",
  );
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The claims of a valid, unexpired visitor token of this channel; undefined for anything else. */
export async function readVisitorToken(
  secret: string,
  token: string,
  channelId: string,
): Promise<VisitorClaims | undefined> {
  try {
    const parsed = claims.safeParse(await verify(token, secret, "HS256"));
    if (!parsed.success || parsed.data.chn !== channelId) return undefined;
    const { sub, org, chn, cid, vid, uid, itm, exp } = parsed.data;
    return {
      organizationId: org,
      channelId: chn,
      customerId: sub,
      conversationId: cid,
      visitorId: vid,
      verifiedUserId: uid ?? null,
      issuedAt: itm,
      expiresAt: exp * 1000,
    };
  } catch {
    return undefined;
  }
}

/** The subprotocol a browser offers with its token (`new WebSocket(url, ["frontdesk.visitor", token])`). */
export const visitorSubprotocol = "frontdesk.visitor";

/** The visitor token of a request: its bearer token, or for a WebSocket the subprotocol after ours. */
export function presentedVisitorToken(request: Request): string | undefined {
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((value) => value.trim());
  const at = offered.indexOf(visitorSubprotocol);
  return at >= 0 ? offered[at + 1] : undefined;
}
