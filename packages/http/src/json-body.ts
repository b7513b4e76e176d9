import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ProblemError } from "./problem.ts";

/** Request bodies larger than this are refused with 413 (per route it can be lowered). */
export const defaultMaxBodyBytes = 256 * 1024;

const withBody = new Set(["POST", "PUT", "PATCH"]);

/** Bodies must be JSON (415 otherwise) and at most `maxBytes` (413 otherwise). */
export const jsonBody = (maxBytes = defaultMaxBodyBytes) => {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError("payload-too-large", `The limit is ${maxBytes} bytes.`);
    },
  });
  return createMiddleware(async (c, next) => {
    if (!withBody.has(c.req.method)) return next();
    const length = c.req.header("content-length");
    // A body-less POST (close, reopen) needs no Content-Type.
    if (length === "0" || c.req.raw.body === null) return next();
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      throw new ProblemError("unsupported-media-type", `Got ${type ? `"${type}"` : "no Content-Type"}.`);
    }
    return limit(c, next);
  });
};
