import { createMiddleware } from "hono/factory";
import { redactPath } from "./redact.ts";

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestIdVariables {
  requestId: string;
}

/**
 * Accepts the caller's `X-Request-Id` (when it is a sane token) or mints one, echoes it on the
 * response, and logs one line per request with it. Route groups mounted under the app carry it
 * too (each is an app of its own); only the first one a request meets acts.
 */
export const requestId = () =>
  createMiddleware<{ Variables: RequestIdVariables }>(async (c, next) => {
    if (c.get("requestId")) return next();
    const incoming = c.req.header("x-request-id");
    const id = incoming && acceptable.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", id);
    const started = Date.now();
    await next();
    c.res.headers.set("x-request-id", id);
    console.log(
      JSON.stringify({
        requestId: id,
        method: c.req.method,
        path: redactPath(c.req.path),
        status: c.res.status,
        ms: Date.now() - started,
      }),
    );
  });
