import { createMiddleware } from "hono/factory";
import { type ForwardedIdentity, readIdentity } from "./forwarded-identity.ts";
import { ProblemError } from "./problem.ts";
import { type Scope, scopesCover } from "./scopes.ts";

export interface IdentityVariables {
  identity: ForwardedIdentity;
}

/** Every /v1 request must carry the identity the gateway resolved; domain workers never authenticate by themselves. */
export const requireIdentity = () =>
  createMiddleware<{ Variables: IdentityVariables }>(async (c, next) => {
    const identity = readIdentity(c.req.raw.headers);
    if (!identity) throw new ProblemError("unauthenticated", "Requests reach this worker through the gateway only.");
    c.set("identity", identity);
    return next();
  });

export function requireScope(identity: ForwardedIdentity, ...needed: Scope[]): void {
  const missing = needed.filter((scope) => !scopesCover(identity.scopes, scope));
  if (missing.length > 0)
    throw new ProblemError("forbidden", `This needs the ${missing.join(" and ")} scope.`, { scopes: missing });
}
