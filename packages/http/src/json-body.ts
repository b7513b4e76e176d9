import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ProblemError } from "./problem.ts";

/** Request bodies larger than this are refused with 413 (per route it can be lowered). */
export const defaultMaxBodyBytes = 256 * 1024;

const withBody = new Set(["POST", "PUT", "PATCH"]);

/** How a path's bodies are checked: JSON only (the default) or any media type, each with a size limit. */
export interface BodyRule {
  maxBytes: number;
  anyMediaType?: boolean;
}

/** The rule for a path, or undefined for the default (JSON, `defaultMaxBodyBytes`). */
export type BodyRules = (path: string) => BodyRule | undefined;

const sizeLimit = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError("payload-too-large", `The limit is ${maxBytes} bytes.`);
    },
  });

/**
 * Bodies must be JSON (415 otherwise) and at most `maxBytes` (413 otherwise); `rules` sets other
 * limits per path (Segment batches, provider webhooks that post forms).
 */
export const jsonBody = (maxBytes = defaultMaxBodyBytes, rules?: BodyRules) => {
  const defaultLimit = sizeLimit(maxBytes);
  const limits = new Map<number, ReturnType<typeof sizeLimit>>();
  const limitOf = (bytes: number) => {
    let limit = limits.get(bytes);
    if (!limit) {
      limit = sizeLimit(bytes);
      limits.set(bytes, limit);
    }
    return limit;
  };
  return createMiddleware(async (c, next) => {
    if (!withBody.has(c.req.method)) return next();
    const length = c.req.header("content-length");
    // A body-less POST (close, reopen) needs no Content-Type.
    if (length === "0" || c.req.raw.body === null) return next();
    const rule = rules?.(c.req.path);
    const type = c.req.header("content-type") ?? "";
    if (!rule?.anyMediaType && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new ProblemError("unsupported-media-type", `Got ${type ? `"${type}"` : "no Content-Type"}.`);
    }
    return (rule ? limitOf(rule.maxBytes) : defaultLimit)(c, next);
  });
};
