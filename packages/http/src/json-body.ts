import type { Context } from "hono";
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

/** Deeper JSON than this is refused: no legitimate payload needs it, and depth costs stack everywhere it goes. */
export const maxJsonDepth = 64;

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), counted without parsing. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92)
        index++; // backslash: skip the escaped character
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 || char === 91) deepest = Math.max(deepest, ++depth);
    else if (char === 125 || char === 93) depth--;
  }
  return deepest;
}

/** Requests whose body's depth was read: route groups mounted under an app check their rules again, but read it once. */
const depthChecked = new WeakSet<Request>();

/** Refuses a JSON body nested deeper than `maxJsonDepth`; the body stays readable for what follows. */
async function boundDepth(c: Context): Promise<void> {
  if (depthChecked.has(c.req.raw) || !/\bjson\b/i.test(c.req.header("content-type") ?? "")) return;
  // The bytes pass on untouched (signatures are computed over them); the depth is read off a decoded copy.
  const bytes = await c.req.raw.arrayBuffer();
  if (jsonDepth(new TextDecoder().decode(bytes)) > maxJsonDepth)
    throw new ProblemError("validation-failed", `JSON nested deeper than ${maxJsonDepth} levels is not accepted.`, {
      errors: [{ path: "body", message: `nesting deeper than ${maxJsonDepth}` }],
    });
  c.req.raw = new Request(c.req.raw, { body: bytes });
  depthChecked.add(c.req.raw);
}

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
    return (rule ? limitOf(rule.maxBytes) : defaultLimit)(c, async () => {
      await boundDepth(c);
      await next();
    });
  });
};
