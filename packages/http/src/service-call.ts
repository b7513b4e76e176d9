import { type ForwardedIdentity, identityHeader } from "./forwarded-identity.ts";
import { type Problem, ProblemError, type ProblemKind, problemKinds, problemType } from "./problem.ts";

/** Something with a `fetch`: a service binding. */
export interface ServiceBinding {
  fetch(request: Request): Promise<Response>;
}

/** The problem a domain worker answered with, as a ProblemError this worker can rethrow unchanged. */
function problemFrom(body: Problem): ProblemError {
  const kind = (Object.keys(problemKinds) as ProblemKind[]).find((name) => problemType(name) === body.type);
  const { type: _type, title: _title, status: _status, detail, ...extensions } = body;
  return new ProblemError(kind ?? (body.status >= 500 ? "internal" : "validation-failed"), detail, extensions);
}

/**
 * Calls another domain worker over its service binding as the same caller (the gateway's identity
 * and request id travel along). A problem answer is thrown as that same problem.
 */
export async function callService<T>(
  service: ServiceBinding,
  identity: ForwardedIdentity,
  requestId: string,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await service.fetch(
    new Request(`https://internal${path}`, {
      method,
      headers: {
        [identityHeader]: JSON.stringify(identity),
        "x-request-id": requestId,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    if (parsed && typeof parsed === "object" && "type" in parsed) throw problemFrom(parsed as Problem);
    throw new ProblemError("service-unavailable", `${path} answered ${response.status}.`);
  }
  return parsed as T;
}
