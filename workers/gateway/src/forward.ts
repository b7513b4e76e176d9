import { forwardWithIdentity, mutableResponse, ProblemError } from "@frontdesk/http";
import type { Context } from "hono";
import type { GatewayApp } from "./app-env.ts";
import { identityOf } from "./auth/principal.ts";

/** Hands the request to a domain worker as the caller the gateway authenticated (admins have no tenant there). */
export async function forwardAsCaller(c: Context<GatewayApp>, service: Fetcher): Promise<Response> {
  const identity = identityOf(c.var.principal);
  if (!identity) throw new ProblemError("forbidden", "Use an organization API key or a staff login.");
  return mutableResponse(await service.fetch(forwardWithIdentity(c.req.raw, identity, c.var.requestId)));
}
