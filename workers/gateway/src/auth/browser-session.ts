import { createDb, schema } from "@frontdesk/db";
import { constantTimeEqual, hmacSha256Hex, randomToken, sha256Hex } from "@frontdesk/http";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { LRUCache } from "lru-cache";
import type { GatewayApp } from "../app-env.ts";
import type { GatewayEnv } from "../env.ts";

/**
 * Browser sign-in for the agent workspace. The cookie carries a random token that page scripts
 * cannot read (HttpOnly) and that other sites cannot send (SameSite=Strict); the database keeps
 * only its SHA-256. Writes also need the session's CSRF token in `x-csrf-token` (derived from the
 * session id, never stored) and a same-origin `Origin`, so a forged form post carries neither.
 */
export const sessionHours = 12;
const cookieName = (secure: boolean) => (secure ? "__Host-frontdesk_session" : "frontdesk_session");
const isSecure = (c: Context<GatewayApp>) => new URL(c.req.url).protocol === "https:";

export interface BrowserSession {
  sessionId: string;
  userId: string;
  organizationId: string;
  expiresAt: number;
}

/** Sessions per isolate for this long: sign-out forgets here at once and reaches other isolates within it. */
const cacheMs = 15_000;
const sessionCache = new LRUCache<string, BrowserSession | false>({ max: 10_000, ttl: cacheMs });
/** last_seen_at is written at most this often per session and isolate. */
const touchEveryMs = 60_000;
const lastTouched = new Map<string, number>();

/** Signs the user in: a new session row and its cookie. */
export async function startBrowserSession(
  c: Context<GatewayApp>,
  user: { id: string; organizationId: string },
): Promise<BrowserSession> {
  const token = randomToken(43);
  const expiresAt = new Date(Date.now() + sessionHours * 3_600_000);
  const [row] = await createDb(c.env)
    .insert(schema.staffSessions)
    .values({
      organizationId: user.organizationId,
      userId: user.id,
      tokenHash: await sha256Hex(token),
      userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
      expiresAt,
    })
    .returning({ id: schema.staffSessions.id });
  if (!row) throw new Error("session insert returned no row");
  const secure = isSecure(c);
  setCookie(c, cookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: "Strict",
    path: "/",
    expires: expiresAt,
  });
  return { sessionId: row.id, userId: user.id, organizationId: user.organizationId, expiresAt: expiresAt.getTime() };
}

/** The live session the request's cookie names, or undefined (no cookie, unknown, expired, revoked). */
export async function readBrowserSession(c: Context<GatewayApp>): Promise<BrowserSession | undefined> {
  const token = getCookie(c, cookieName(isSecure(c)));
  if (!token) return undefined;
  const hash = await sha256Hex(token);
  let session = sessionCache.get(hash);
  if (session === undefined) {
    const t = schema.staffSessions;
    const [row] = await createDb(c.env)
      .select({ sessionId: t.id, userId: t.userId, organizationId: t.organizationId, expiresAt: t.expiresAt })
      .from(t)
      .where(and(eq(t.tokenHash, hash), isNull(t.revokedAt), gt(t.expiresAt, sql`now()`)));
    session = row ? { ...row, expiresAt: row.expiresAt.getTime() } : false;
    sessionCache.set(hash, session);
  }
  if (!session || session.expiresAt <= Date.now()) return undefined;
  touch(c, session.sessionId);
  return session;
}

function touch(c: Context<GatewayApp>, sessionId: string): void {
  const now = Date.now();
  if (now - (lastTouched.get(sessionId) ?? 0) < touchEveryMs) return;
  lastTouched.set(sessionId, now);
  const t = schema.staffSessions;
  c.executionCtx.waitUntil(
    createDb(c.env)
      .update(t)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(t.id, sessionId))
      .catch(() => {}),
  );
}

/** After the user's credentials changed (their rows are revoked): this isolate forgets their sessions at once. */
export function forgetUserSessions(userId: string): void {
  for (const [hash, session] of sessionCache.entries())
    if (session && session.userId === userId) sessionCache.delete(hash);
}

/** Signs the browser out: the row is revoked (no later request finds it) and the cookie cleared. */
export async function endBrowserSession(c: Context<GatewayApp>, sessionId: string): Promise<void> {
  const t = schema.staffSessions;
  await createDb(c.env).update(t).set({ revokedAt: new Date() }).where(eq(t.id, sessionId));
  const secure = isSecure(c);
  const token = getCookie(c, cookieName(secure));
  if (token) sessionCache.delete(await sha256Hex(token));
  deleteCookie(c, cookieName(secure), { path: "/", secure, httpOnly: true, sameSite: "Strict" });
}

/** The session's CSRF token: an HMAC of its id, so it needs no storage and dies with the session. */
export const csrfTokenOf = (env: GatewayEnv, sessionId: string) =>
  hmacSha256Hex(env.FRONTDESK_SESSION_SECRET, `csrf:${sessionId}`);

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a cookie-authenticated request may not proceed, or undefined when it may: writes need the
 * CSRF header and, like WebSocket upgrades (which browsers send cross-site with cookies), an
 * `Origin` that is this deployment's own.
 */
export async function crossSiteRefusal(c: Context<GatewayApp>, session: BrowserSession): Promise<string | undefined> {
  const origin = c.req.header("origin");
  const own = new URL(c.req.url).origin;
  const upgrade = c.req.header("upgrade")?.toLowerCase() === "websocket";
  if (upgrade && origin !== own) return "A signed-in browser may open live connections only from this site.";
  if (safeMethods.has(c.req.method)) return undefined;
  if (origin !== undefined && origin !== own) return "Cross-site requests cannot use a browser session.";
  const sent = c.req.header("x-csrf-token") ?? "";
  if (!constantTimeEqual(sent, await csrfTokenOf(c.env, session.sessionId)))
    return "Send the session's CSRF token in x-csrf-token (GET /v1/auth/session gives it).";
  return undefined;
}
