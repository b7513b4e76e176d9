import { type ForwardedIdentity, type Scope, scopes, scopesCover } from "@frontdesk/http";
/** Who is calling, as the gateway established it. Domain workers receive it from the gateway only. */
export type StaffRole = "owner" | "admin" | "agent";

export type Principal =
  | { kind: "admin" }
  | { kind: "api_key"; organizationId: string; apiKeyId: string; scopes: Scope[] }
  | {
      kind: "user";
      organizationId: string;
      userId: string;
      role: StaffRole;
      scopes: Scope[];
      expiresAt?: number;
      /** Signed in through the browser (the agent workspace's cookie), not a bearer token. */
      sessionId?: string;
    }
  /** A browser on the business's site, through a web channel's publishable key: public routes only. */
  | { kind: "public"; organizationId: string; channelId: string; scopes: Scope[] }
  /** A web chat visitor with a valid visitor token: their own conversation only. */
  | {
      kind: "visitor";
      organizationId: string;
      channelId: string;
      customerId: string;
      conversationId: string;
      visitorId: string;
      expiresAt: number;
      scopes: Scope[];
    };

export { type Scope, scopes } from "@frontdesk/http";

/** What each staff role may do; owners everything. */
export const roleScopes: Record<StaffRole, Scope[]> = {
  owner: ["*"],
  // Everything but `*`: an admin cannot grant or change owners, which needs `*`.
  admin: scopes.filter((scope) => scope !== "*"),
  agent: [
    "organization:read",
    "config:read",
    "users:read",
    "conversations:read",
    "conversations:write",
    "customers:read",
    "customers:write",
    "bookings:read",
    "bookings:write",
    "tickets:read",
    "tickets:write",
    "tools:invoke",
    "tools:approve",
    "analytics:read",
  ],
};

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.kind !== "admin" && scopesCover(principal.scopes, scope);
}

/** The scopes of `wanted` the principal does not hold itself (`*` is held only by holding `*`). */
export function scopesNotHeld(principal: Principal, wanted: readonly Scope[]): Scope[] {
  return wanted.filter((scope) => !hasScope(principal, scope));
}

/** Whether the principal holds everything: an owner login or a key with `*`. */
export const holdsEverything = (principal: Principal): boolean => hasScope(principal, "*");

/**
 * The one identity domain workers know a caller by: made here, once per request, and never from
 * anything a client sent. The platform admin has none (it has no tenant).
 */
export function identityOf(principal: Principal): ForwardedIdentity | undefined {
  switch (principal.kind) {
    case "admin":
      return undefined;
    case "api_key":
      return {
        organizationId: principal.organizationId,
        principal: "api_key",
        scopes: principal.scopes,
        subjectId: principal.apiKeyId,
      };
    case "user":
      return {
        organizationId: principal.organizationId,
        principal: "user",
        scopes: principal.scopes,
        subjectId: principal.userId,
        ...(principal.expiresAt ? { expiresAt: principal.expiresAt } : {}),
        ...(principal.sessionId ? { browserSessionId: principal.sessionId } : {}),
      };
    case "public":
      return {
        organizationId: principal.organizationId,
        principal: "public",
        scopes: principal.scopes,
        subjectId: principal.channelId,
      };
    case "visitor":
      return {
        organizationId: principal.organizationId,
        principal: "visitor",
        scopes: principal.scopes,
        subjectId: principal.customerId,
        expiresAt: principal.expiresAt,
        visitor: {
          channelId: principal.channelId,
          conversationId: principal.conversationId,
          visitorId: principal.visitorId,
        },
      };
  }
}
