import type { Limit } from "./rate-limiter.ts";

/** Defaults; an organization overrides them with settings rows (category "rate_limits", key = policy name). */
export const defaultLimits = {
  api_key: { name: "api_key", limit: 600, windowSeconds: 60 },
  organization: { name: "organization", limit: 3000, windowSeconds: 60 },
  ip: { name: "ip", limit: 300, windowSeconds: 60 },
} satisfies Record<string, Limit>;

export type PolicyName = keyof typeof defaultLimits;

/** What a route costs against every limit; cheap reads cost 1. */
const routeCosts: [method: string, pattern: RegExp, cost: number][] = [
  ["POST", /^\/v1\/organizations$/, 10],
  ["POST", /^\/v1\/api-keys$/, 5],
  ["POST", /^\/v1\/conversations\/[^/]+\/messages$/, 2],
];

export function routeCost(method: string, path: string): number {
  return routeCosts.find(([m, pattern]) => m === method && pattern.test(path))?.[2] ?? 1;
}
