import { type ForwardedIdentity, ProblemError, readIdentity } from "@frontdesk/http";
import { createMiddleware } from "hono/factory";

export interface IdentityVariables {
  identity: ForwardedIdentity;
}

/** Every /v1 request must carry the identity the gateway resolved; the chat worker never authenticates itself. */
export const requireIdentity = () =>
  createMiddleware<{ Variables: IdentityVariables }>(async (c, next) => {
    const identity = readIdentity(c.req.raw.headers);
    if (!identity)
      throw new ProblemError("unauthenticated", "Requests reach the chat worker through the gateway only.");
    c.set("identity", identity);
    return next();
  });

export function requireScope(identity: ForwardedIdentity, scope: string): void {
  if (!identity.scopes.includes("*") && !identity.scopes.includes(scope)) {
    throw new ProblemError("forbidden", `This needs the ${scope} scope.`);
  }
}
