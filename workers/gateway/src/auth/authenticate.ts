import { createDb, schema } from "@frontdesk/db";
import {
  constantTimeEqual,
  isScope,
  ProblemError,
  requireScope as requireIdentityScope,
  sha256Hex,
} from "@frontdesk/http";
import { eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { LRUCache } from "lru-cache";
import type { GatewayApp } from "../app-env.ts";
import type { GatewayEnv } from "../env.ts";
import { crossSiteRefusal, readBrowserSession } from "./browser-session.ts";
import { keyPrefix } from "./keys.ts";
import { identityOf, type Principal, roleScopes, type Scope, type StaffRole } from "./principal.ts";
import { readSession } from "./session.ts";

export interface AuthVariables {
  principal: Principal;
}

interface CachedKey {
  principal: Principal;
  hash: string;
  expiresAt: number | null;
}

/** Validated keys per isolate, so a request costs no key lookup; revocation reaches other isolates within this. */
const cacheMs = 30_000;
/** Unknown prefixes are remembered briefly, so a stream of made-up keys costs no database work. */
const unknownMs = 10_000;
const cacheEntries = 10_000;
// `false` marks a prefix known not to exist (lru-cache stores no null/undefined).
const keyCache = new LRUCache<string, CachedKey | false>({ max: cacheEntries, ttl: cacheMs });
/** last_used_at is written at most this often per key and isolate, never on every request. */
const touchEveryMs = 60_000;
const lastTouched = new Map<string, number>();

export function forgetKey(prefix: string): void {
  keyCache.delete(prefix);
}

interface CachedUser {
  organizationId: string;
  role: StaffRole;
  isActive: boolean;
  /** ms; credentials issued before it are refused. */
  credentialsChangedAt: number | null;
}

/** Staff rows behind session tokens, cached like keys: deactivation and role changes apply within this. */
const userCache = new LRUCache<string, CachedUser | false>({ max: cacheEntries, ttl: cacheMs });

export function forgetUser(userId: string): void {
  userCache.delete(userId);
}

async function loadUser(env: GatewayEnv, userId: string): Promise<CachedUser | undefined> {
  const cached = userCache.get(userId);
  if (cached !== undefined) return cached || undefined;
  const t = schema.users;
  const [row] = await createDb(env)
    .select({
      organizationId: t.organizationId,
      role: t.role,
      isActive: t.isActive,
      credentialsChangedAt: t.credentialsChangedAt,
    })
    .from(t)
    .where(eq(t.id, userId));
  const user = row && { ...row, credentialsChangedAt: row.credentialsChangedAt?.getTime() ?? null };
  userCache.set(userId, user ?? false);
  return user;
}

/**
 * The staff principal of a session token, checked against the user's current row (active, role,
 * organization) and refused when it was issued before their credentials last changed (a password
 * reset, a role change, a deactivation).
 */
async function staffPrincipal(env: GatewayEnv, token: string): Promise<Principal | undefined> {
  const session = await readSession(env.FRONTDESK_SESSION_SECRET, token);
  if (session?.principal.kind !== "user") return undefined;
  const user = await loadUser(env, session.principal.userId);
  if (user?.credentialsChangedAt && session.issuedAt < user.credentialsChangedAt) return undefined;
  return currentStaff(env, session.principal);
}

/** A staff principal as the user's row has it now: a demoted owner loses `*` at once, a deactivated user everything. */
async function currentStaff(
  env: GatewayEnv,
  session: { userId: string; organizationId: string; expiresAt?: number; sessionId?: string },
): Promise<Principal | undefined> {
  const user = await loadUser(env, session.userId);
  if (!user?.isActive || user.organizationId !== session.organizationId) return undefined;
  return { kind: "user", ...session, role: user.role, scopes: roleScopes[user.role] };
}

const unauthenticated = (detail: string) =>
  new ProblemError("unauthenticated", detail, {}, { "www-authenticate": 'Bearer realm="frontdesk"' });

async function loadKey(env: GatewayEnv, prefix: string): Promise<CachedKey | undefined> {
  const cached = keyCache.get(prefix);
  if (cached !== undefined) return cached || undefined;
  const db = createDb(env);
  const [row] = await db
    .select({
      id: schema.apiKeys.id,
      organizationId: schema.apiKeys.organizationId,
      keyHash: schema.apiKeys.keyHash,
      scopes: schema.apiKeys.scopes,
      expiresAt: schema.apiKeys.expiresAt,
      revokedAt: schema.apiKeys.revokedAt,
    })
    .from(schema.apiKeys)
    .where(eq(schema.apiKeys.prefix, prefix));
  if (!row || row.revokedAt) {
    keyCache.set(prefix, false, { ttl: unknownMs });
    return undefined;
  }
  const entry: CachedKey = {
    principal: {
      kind: "api_key",
      organizationId: row.organizationId,
      apiKeyId: row.id,
      scopes: row.scopes.filter(isScope),
    },
    hash: row.keyHash,
    expiresAt: row.expiresAt ? row.expiresAt.getTime() : null,
  };
  keyCache.set(prefix, entry);
  return entry;
}

function touch(env: GatewayEnv, apiKeyId: string, waitUntil: (promise: Promise<unknown>) => void): void {
  const now = Date.now();
  if (now - (lastTouched.get(apiKeyId) ?? 0) < touchEveryMs) return;
  lastTouched.set(apiKeyId, now);
  const db = createDb(env);
  waitUntil(
    db
      .update(schema.apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(schema.apiKeys.id, apiKeyId))
      .catch(() => {}),
  );
}

/**
 * The credential of an Authorization header: `Bearer <token>`, or HTTP Basic with the token as the
 * username and no password (how Segment's libraries send their write key).
 */
function credentialOf(header: string): string | undefined {
  const bearer = /^Bearer ([^\s]+)$/.exec(header)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header)?.[1];
  if (!basic) return undefined;
  try {
    const decoded = atob(basic);
    const colon = decoded.indexOf(":");
    const username = colon === -1 ? decoded : decoded.slice(0, colon);
    return username || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves `Authorization: Bearer <token>` (or Basic, Segment style) to a principal: the platform
 * admin token, or an organization API key (checked by hash, expiry and revocation). Everything
 * else is 401.
 */
export const authenticate = () =>
  createMiddleware<GatewayApp>(async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) {
      // The agent workspace in a browser: its HttpOnly session cookie.
      const session = await readBrowserSession(c);
      const staff = session && (await currentStaff(c.env, session));
      if (!session || !staff) throw unauthenticated("Send Authorization: Bearer <API key>, or sign in.");
      const refusal = await crossSiteRefusal(c, session);
      if (refusal) throw new ProblemError("forbidden", refusal);
      c.set("principal", staff);
      return next();
    }
    const token = credentialOf(header);
    if (!token) throw unauthenticated("The Authorization header must be: Bearer <API key> (or Basic <write key>:).");

    if (c.env.FRONTDESK_ADMIN_TOKEN && constantTimeEqual(token, c.env.FRONTDESK_ADMIN_TOKEN)) {
      c.set("principal", { kind: "admin" });
      return next();
    }
    if (token.split(".").length === 3) {
      const staff = await staffPrincipal(c.env, token);
      if (!staff) throw unauthenticated("The session token is invalid or has expired: log in again.");
      c.set("principal", staff);
      return next();
    }
    const prefix = keyPrefix(token);
    if (!prefix) throw unauthenticated("That is not a Frontdesk API key.");
    const key = await loadKey(c.env, prefix);
    if (!key || !constantTimeEqual(await sha256Hex(token), key.hash))
      throw unauthenticated("Unknown or revoked API key.");
    if (key.expiresAt !== null && key.expiresAt <= Date.now()) throw unauthenticated("This API key has expired.");
    if (key.principal.kind === "api_key") touch(c.env, key.principal.apiKeyId, (p) => c.executionCtx.waitUntil(p));
    c.set("principal", key.principal);
    return next();
  });

export const requireAdmin = () =>
  createMiddleware<GatewayApp>(async (c, next) => {
    if (c.var.principal.kind !== "admin")
      throw new ProblemError("forbidden", "Only the platform admin token may do this.");
    return next();
  });

/** The route needs `scope`: the one scope check every worker uses, on the identity the gateway made. */
export const requireScope = (scope: Scope) =>
  createMiddleware<GatewayApp>(async (c, next) => {
    const identity = identityOf(c.var.principal);
    if (!identity) throw new ProblemError("forbidden", `This needs the ${scope} scope.`, { scopes: [scope] });
    requireIdentityScope(identity, scope);
    return next();
  });

/** The organization of an API-key or staff principal (the platform admin has none). */
export function organizationOf(principal: Principal): string {
  if (principal.kind === "admin") throw new ProblemError("forbidden", "Use an organization API key or a staff login.");
  return principal.organizationId;
}
