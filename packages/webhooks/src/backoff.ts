/**
 * Delays before each retry, after the first attempt (Standard Webhooks' suggested schedule, as
 * Svix runs it): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. After the last one the delivery fails.
 */
export const retryDelaysSeconds = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;

/** Seconds until the next attempt after `attemptsMade` attempts, or undefined when none is left. */
export function nextRetryDelay(attemptsMade: number, retryAfterSeconds?: number): number | undefined {
  const scheduled = retryDelaysSeconds[attemptsMade - 1];
  if (scheduled === undefined) return undefined;
  // ±10% jitter spreads the retries of one outage over time.
  const jittered = scheduled * (0.9 + Math.random() * 0.2);
  return Math.max(jittered, retryAfterSeconds ?? 0);
}

/** `Retry-After` in seconds (either form), when a receiver asks us to slow down. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
