import { ProblemError } from "@frontdesk/http";
import { createMiddleware } from "hono/factory";
import type { GatewayApp } from "../app-env.ts";
import { organizationSettings } from "../settings/organization-settings.ts";
import { policyHeader, rateLimitHeader } from "./headers.ts";
import { defaultLimits, routeCost } from "./policies.ts";
import type { Decision, Limit } from "./rate-limiter.ts";

/**
 * Counts the request against its API key, its organization and its client IP, each in its own
 * RateLimiter object (so no single object sees all traffic). Refuses with 429 when any is spent.
 */
export const rateLimit = () =>
  createMiddleware<GatewayApp>(async (c, next) => {
    // Public routes (login, the OpenAPI document) have no principal: they are limited per IP only.
    const principal = c.get("principal") as GatewayApp["Variables"]["principal"] | undefined;
    const cost = routeCost(c.req.method, c.req.path);
    const ip = c.req.header("cf-connecting-ip") ?? "local";
    const perIp = Number.parseInt(c.env.RATE_LIMIT_IP_PER_MINUTE, 10);
    const ipLimit = Number.isFinite(perIp) && perIp > 0 ? { ...defaultLimits.ip, limit: perIp } : defaultLimits.ip;
    const checks: [string, Limit][] = [[`ip:${ip}`, ipLimit]];
    if (principal && principal.kind !== "admin") {
      const own = (await organizationSettings(c.env, principal.organizationId)).limits;
      // Browsers on a public channel are counted per IP (above) and per organization only.
      const caller =
        principal.kind === "api_key"
          ? `key:${principal.apiKeyId}`
          : principal.kind === "user"
            ? `user:${principal.userId}`
            : undefined;
      if (caller) checks.push([caller, own.api_key ?? defaultLimits.api_key]);
      checks.push([`org:${principal.organizationId}`, own.organization ?? defaultLimits.organization]);
    }
    const decisions: Decision[] = await Promise.all(
      checks.map(([key, limit]) => c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(key)).consume(cost, limit)),
    );
    const headers = { "ratelimit-policy": policyHeader(decisions), ratelimit: rateLimitHeader(decisions) };
    const refused = decisions.find((decision) => !decision.allowed);
    if (refused) {
      throw new ProblemError(
        "rate-limited",
        `The ${refused.name} limit of ${refused.limit} per ${refused.windowSeconds} s is spent.`,
        {},
        {
          ...headers,
          "retry-after": String(refused.resetSeconds),
        },
      );
    }
    await next();
    c.res.headers.set("ratelimit-policy", headers["ratelimit-policy"]);
    c.res.headers.set("ratelimit", headers.ratelimit);
  });
