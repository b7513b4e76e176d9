import type { Limit } from "@frontdesk/http/rate-limiter";
import type { GatewayEnv } from "../env.ts";

/** Defaults; an organization overrides them with settings rows (category "rate_limits", key = policy name). */
export const defaultLimits = {
  api_key: { name: "api_key", limit: 600, windowSeconds: 60 },
  organization: { name: "organization", limit: 3000, windowSeconds: 60 },
  /**
   * Anonymous traffic on the organization's public channels (widget visitors): a bucket of its own,
   * so a flood of visitors never spends what the business's keys and staff need.
   */
  public: { name: "public", limit: 3000, windowSeconds: 60 },
  ip: { name: "ip", limit: 300, windowSeconds: 60 },
} satisfies Record<string, Limit>;

export type PolicyName = keyof typeof defaultLimits;
/** The policies an organization may set for itself (never the per-IP one). */
export const organizationPolicies = ["api_key", "organization", "public"] as const;
export type OrganizationPolicy = (typeof organizationPolicies)[number];

const perMinute = (raw: string | undefined, fallback: number): number => {
  const value = Number.parseInt(raw ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const ipLimitOf = (env: GatewayEnv): Limit => ({
  ...defaultLimits.ip,
  limit: perMinute(env.RATE_LIMIT_IP_PER_MINUTE, defaultLimits.ip.limit),
});

export const webhookIpLimitOf = (env: GatewayEnv): Limit => ({
  name: "webhook_ip",
  limit: perMinute(env.RATE_LIMIT_WEBHOOK_IP_PER_MINUTE, 1200),
  windowSeconds: 60,
});

/**
 * The most requests per minute an organization may allow itself per policy: the platform's
 * ceiling (`RATE_LIMIT_CEILING_API_KEY_PER_MINUTE`, `RATE_LIMIT_CEILING_ORGANIZATION_PER_MINUTE`).
 */
export function ceilingPerMinute(env: GatewayEnv, policy: OrganizationPolicy): number {
  return policy === "api_key"
    ? perMinute(env.RATE_LIMIT_CEILING_API_KEY_PER_MINUTE, 6000)
    : perMinute(env.RATE_LIMIT_CEILING_ORGANIZATION_PER_MINUTE, 30000);
}

/** Visitors on public channels spend the organization's `public` budget, never its API budget. */
export function isAnonymous(kind: string): boolean {
  return kind === "public" || kind === "visitor";
}

/** A limit's rate per minute, whatever its window. */
export const ratePerMinute = (limit: { limit: number; windowSeconds: number }) =>
  (limit.limit * 60) / limit.windowSeconds;

/** What a route costs against every limit; cheap reads cost 1. */
const routeCosts: [method: string, pattern: RegExp, cost: number][] = [
  ["POST", /^\/v1\/organizations$/, 10],
  ["POST", /^\/v1\/api-keys$/, 5],
  ["POST", /^\/v1\/conversations\/[^/]+\/messages$/, 2],
];

export function routeCost(method: string, path: string): number {
  return routeCosts.find(([m, pattern]) => m === method && pattern.test(path))?.[2] ?? 1;
}
