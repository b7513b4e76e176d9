import { ProblemError } from "@frontdesk/http";
import type { Decision, Limit } from "@frontdesk/http/rate-limiter";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { GatewayApp } from "../app-env.ts";
import { organizationSettings } from "../settings/organization-settings.ts";
import { policyHeader, rateLimitHeader } from "./headers.ts";
import { defaultLimits, ipLimitOf, isAnonymous, routeCost, webhookIpLimitOf } from "./policies.ts";

export interface RateLimitVariables {
  /** Every limit this request was counted against so far (the RateLimit headers report them all). */
  rateDecisions?: Decision[];
}

/** Counts the request against each limit; refuses with 429, Retry-After and the RateLimit headers when one is spent. */
export async function consume(c: Context<GatewayApp>, checks: [string, Limit][]): Promise<Decision[]> {
  const cost = routeCost(c.req.method, c.req.path);
  const decided = await Promise.all(
    checks.map(([key, limit]) => c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(key)).consume(cost, limit)),
  );
  const decisions = [...(c.get("rateDecisions") ?? []), ...decided];
  c.set("rateDecisions", decisions);
  const refused = decided.find((decision) => !decision.allowed);
  if (refused) {
    throw new ProblemError(
      "rate-limited",
      `The ${refused.name} limit of ${refused.limit} per ${refused.windowSeconds} s is spent.`,
      {},
      { ...headersOf(decisions), "retry-after": String(refused.resetSeconds) },
    );
  }
  return decisions;
}

const headersOf = (decisions: Decision[]) => ({
  "ratelimit-policy": policyHeader(decisions),
  ratelimit: rateLimitHeader(decisions),
});

/**
 * The first thing every request meets: its client IP's budget, before any credential is looked up
 * or any query runs, so that bad keys, health probes and forged webhooks cost the sender, not the
 * database. Provider webhooks have a budget of their own (providers send bursts from few addresses).
 */
export const ipRateLimit = () =>
  createMiddleware<GatewayApp>(async (c, next) => {
    const ip = c.req.header("cf-connecting-ip") ?? "local";
    const check: [string, Limit] = c.req.path.startsWith("/webhooks/")
      ? [`webhook-ip:${ip}`, webhookIpLimitOf(c.env)]
      : [`ip:${ip}`, ipLimitOf(c.env)];
    await consume(c, [check]);
    await next();
    const decisions = c.get("rateDecisions");
    if (decisions && c.res.status !== 429)
      for (const [name, value] of Object.entries(headersOf(decisions))) c.res.headers.set(name, value);
  });

/**
 * Once the caller is known: its API key (or staff user) and its organization, each in its own
 * RateLimiter object (so no single object sees all traffic). Browsers on a public channel count
 * against the organization's public budget only (their IP was counted first, their visitor
 * messages by the channel): a flood of visitors cannot spend what the business's keys need.
 */
export const principalRateLimit = () =>
  createMiddleware<GatewayApp>(async (c, next) => {
    const principal = c.get("principal") as GatewayApp["Variables"]["principal"] | undefined;
    if (!principal || principal.kind === "admin") return next();
    const own = (await organizationSettings(c.env, principal.organizationId)).limits;
    const caller =
      principal.kind === "api_key"
        ? `key:${principal.apiKeyId}`
        : principal.kind === "user"
          ? `user:${principal.userId}`
          : undefined;
    const checks: [string, Limit][] = [];
    if (caller) checks.push([caller, own.api_key ?? defaultLimits.api_key]);
    if (isAnonymous(principal.kind))
      checks.push([`public:${principal.organizationId}`, own.public ?? defaultLimits.public]);
    else checks.push([`org:${principal.organizationId}`, own.organization ?? defaultLimits.organization]);
    await consume(c, checks);
    return next();
  });
