import type { Decision } from "@frontdesk/http/rate-limiter";

/** IETF RateLimit-Policy: every policy that applied, as quota and window. */
export function policyHeader(decisions: Decision[]): string {
  return decisions.map((d) => `"${d.name}";q=${d.limit};w=${d.windowSeconds}`).join(", ");
}

/** IETF RateLimit: the policy closest to refusing (lowest remaining), with seconds to reset. */
export function rateLimitHeader(decisions: Decision[]): string {
  const tightest = decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  return `"${tightest.name}";r=${tightest.remaining};t=${tightest.resetSeconds}`;
}
