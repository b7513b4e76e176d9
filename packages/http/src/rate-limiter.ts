import { DurableObject } from "cloudflare:workers";

export interface Limit {
  /** The policy name ("api_key", "organization", "ip", "email_sender"): the gateway shows it in the RateLimit headers. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface Decision extends Limit {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

interface WindowState {
  startedAt: number;
  used: number;
}

/**
 * One rate-limited key (an API key, an organization, a client IP, an email sender): a fixed window that starts
 * with the key's first request. The object handles one call at a time and its storage calls are
 * synchronous, so concurrent requests are counted exactly; the count is in durable storage, so
 * eviction forgets nothing.
 */
export class RateLimiter extends DurableObject {
  consume(cost: number, limit: Limit): Decision {
    const now = Date.now();
    const windowMs = limit.windowSeconds * 1000;
    let state = this.ctx.storage.kv.get<WindowState>("window");
    if (!state || now >= state.startedAt + windowMs) state = { startedAt: now, used: 0 };
    const allowed = state.used + cost <= limit.limit;
    if (allowed) state.used += cost;
    this.ctx.storage.kv.put("window", state);
    return {
      ...limit,
      allowed,
      remaining: Math.max(0, limit.limit - state.used),
      resetSeconds: Math.max(1, Math.ceil((state.startedAt + windowMs - now) / 1000)),
    };
  }
}
