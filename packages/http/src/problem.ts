import { describeQueryError, isDatabaseUnavailable } from "@frontdesk/db";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { redactPath } from "./redact.ts";

/** RFC 9457 problem details: the one error shape of every Frontdesk worker. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Every kind of error a client can get, each with a stable `type` URI and title. */
export const problemKinds = {
  "validation-failed": { status: 400, title: "The request is invalid" },
  "malformed-json": { status: 400, title: "The request body is not valid JSON" },
  "invalid-cursor": { status: 400, title: "The pagination cursor is invalid" },
  unauthenticated: { status: 401, title: "Authentication is required" },
  forbidden: { status: 403, title: "Not allowed for these credentials" },
  "origin-not-allowed": { status: 403, title: "This browser origin is not allowed for the organization" },
  "identity-verification-failed": { status: 403, title: "The userHash does not match the userId" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  "booking-conflict": { status: 409, title: "The slot is already taken" },
  "invalid-transition": { status: 409, title: "Not allowed in the current status" },
  "request-in-progress": { status: 409, title: "A request with this Idempotency-Key is still running" },
  "slot-unavailable": { status: 422, title: "The slot is not open for booking" },
  "idempotency-key-reused": { status: 422, title: "The Idempotency-Key was used for a different request" },
  "tool-failed": { status: 422, title: "The tool could not do what was asked" },
  "outside-messaging-window": {
    status: 422,
    title: "The channel only accepts an approved message template now",
  },
  "payload-too-large": { status: 413, title: "The request body is too large" },
  "unsupported-media-type": { status: 415, title: "Send the body as application/json" },
  "rate-limited": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal server error" },
  "service-unavailable": { status: 503, title: "Service unavailable" },
  "database-unavailable": { status: 503, title: "The database cannot be reached right now" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemKind = keyof typeof problemKinds;

export const problemKindNames = Object.keys(problemKinds) as ProblemKind[];

const typeBase = "https://frontdesk.dev/problems/";

/** How long a client should wait before retrying when the database is out of reach. */
export const databaseRetryAfterSeconds = 5;

/** A stable `type` URI per kind of error. */
export function problemType(kind: ProblemKind): string {
  return `${typeBase}${kind}`;
}

export function problem(kind: ProblemKind, detail?: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = problemKinds[kind];
  return { type: problemType(kind), title, status, ...(detail ? { detail } : {}), ...extensions };
}

export function problemResponse(body: Problem, headers: Record<string, string> = {}): Response {
  // Every 503 says when to come back, also one that crossed from another worker without its headers.
  const retry: Record<string, string> =
    body.status === 503 && !("retry-after" in headers) ? { "retry-after": String(databaseRetryAfterSeconds) } : {};
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", ...retry, ...headers },
  });
}

/** An expected failure: thrown anywhere in a handler, answered as problem+json by `onError`. */
export class ProblemError extends Error {
  readonly kind: ProblemKind;
  readonly problem: Problem;
  readonly headers: Record<string, string>;

  constructor(
    kind: ProblemKind,
    detail?: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail ?? problemKinds[kind].title);
    this.name = "ProblemError";
    this.kind = kind;
    this.problem = problem(kind, detail, extensions);
    this.headers = headers;
  }
}

/** The kind a problem's `type` URI names; an unknown type counts by its status. */
export function kindOfProblem(body: Pick<Problem, "type" | "status">): ProblemKind {
  const kind = problemKindNames.find((name) => problemType(name) === body.type);
  return kind ?? kindOfStatus(body.status);
}

/** A problem that crossed from another worker, as a ProblemError this worker can rethrow unchanged. */
export function problemErrorFrom(body: Problem): ProblemError {
  const { type: _type, title: _title, status: _status, detail, instance: _instance, ...extensions } = body;
  return new ProblemError(kindOfProblem(body), detail, extensions);
}

function kindOfStatus(status: number): ProblemKind {
  const match = (Object.entries(problemKinds) as [ProblemKind, { status: number }][]).find(
    ([, kind]) => kind.status === status,
  );
  return match?.[0] ?? (status >= 500 ? "internal" : "validation-failed");
}

/**
 * The problem for a query Postgres refused because of what the request carried: a unique key a
 * write raced into (409), a reference to nothing, a broken check or not-null rule, a value out of
 * range or not storable, such as a NUL byte (400). Nothing was written: the statement failed whole.
 * Undefined for any other error.
 */
export function queryProblem(error: unknown): Problem | undefined {
  const code = describeQueryError(error)?.code;
  if (code === "23505") return problem("conflict", "This conflicts with a record that already exists.");
  if (code === "23503" || code === "23514" || code === "23502" || code?.startsWith("22"))
    return problem("validation-failed", "A value in the request was refused by the database.", {
      errors: [{ path: "", message: `refused by the database (SQLSTATE ${code})` }],
    });
  return undefined;
}

/** Maps every thrown error to problem+json; never leaks a stack trace. */
export function onError(error: Error, c: Context): Response {
  const instance = c.req.path;
  if (error instanceof ProblemError) return problemResponse({ ...error.problem, instance }, error.headers);
  if (error instanceof HTTPException) {
    // Hono's own validators throw this for a body that does not parse.
    const kind = /malformed json/i.test(error.message) ? "malformed-json" : kindOfStatus(error.status);
    return problemResponse({ ...problem(kind, error.message || undefined), instance });
  }
  if (isDatabaseUnavailable(error)) {
    console.error(JSON.stringify({ error: "database-unavailable", method: c.req.method, path: redactPath(instance) }));
    return problemResponse(
      { ...problem("database-unavailable", "Try again shortly; nothing was changed."), instance },
      { "retry-after": String(databaseRetryAfterSeconds) },
    );
  }
  // A query's text and parameters (which drizzle puts in its message) never reach the log.
  const query = describeQueryError(error);
  const refused = queryProblem(error);
  if (refused) {
    console.warn(
      JSON.stringify({ error: "query-refused", method: c.req.method, path: redactPath(instance), ...query }),
    );
    return problemResponse({ ...refused, instance });
  }
  const logged = query ?? { name: error.name, message: error.message, stack: error.stack };
  console.error(JSON.stringify({ error: "unhandled", method: c.req.method, path: redactPath(instance), ...logged }));
  return problemResponse({ ...problem("internal"), instance });
}

export function notFound(c: Context): Response {
  return problemResponse({
    ...problem("not-found", `No route for ${c.req.method} ${c.req.path}`),
    instance: c.req.path,
  });
}
