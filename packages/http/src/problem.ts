import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** RFC 9457 problem details: the one error shape of every Frontdesk worker. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const typeBase = "https://frontdesk.dev/problems/";

/** A stable `type` URI per kind of error. */
export function problemType(kind: string): string {
  return `${typeBase}${kind}`;
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

/** An expected failure: thrown anywhere in a handler, answered as problem+json by `onError`. */
export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(
    status: ContentfulStatusCode,
    kind: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = "ProblemError";
    this.problem = { type: problemType(kind), title, status, ...(detail ? { detail } : {}), ...extensions };
  }
}

/** Maps every thrown error to problem+json; never leaks a stack trace. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof ProblemError) return problemResponse({ ...error.problem, instance: c.req.path });
  console.error(`unhandled error on ${c.req.method} ${c.req.path}:`, error);
  return problemResponse({
    type: problemType("internal"),
    title: "Internal server error",
    status: 500,
    instance: c.req.path,
  });
}

export function notFound(c: Context): Response {
  return problemResponse({
    type: problemType("not-found"),
    title: "Not found",
    status: 404,
    detail: `No route for ${c.req.method} ${c.req.path}`,
    instance: c.req.path,
  });
}
